"""Quote extraction on hand-written news sentences, and on real articles from ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.kb import load_kb
from parallax.model import Article, Entity, Mention
from parallax.nlp.entities import resolve_entities
from parallax.nlp.pipeline import load_spacy
from parallax.nlp.quotes import extract_quotes
from parallax.nlp.quotes_marks import find_marked_spans

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def nlp():
    return load_spacy()


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.fixture(scope="module")
def run(nlp, kb):
    def annotate(text: str, **fields) -> Article:
        article = Article(id="t", source="test", text=text, **fields)
        return extract_quotes(article, nlp(text), kb)

    return annotate


@pytest.fixture(scope="module")
def run_resolved(nlp, kb):
    """Entities first, as the pipeline runs them: role nouns and agencies resolve through mentions."""

    def annotate(text: str) -> Article:
        doc = nlp(text)
        article = resolve_entities(Article(id="t", source="test", text=text), doc, kb)
        return extract_quotes(article, doc, kb)

    return annotate


def only(article: Article, needle: str):
    found = [q for q in article.quotes if needle in q.text]
    found = [q for q in found if q.text.startswith(needle)] if len(found) > 1 else found
    assert len(found) == 1, [q.text for q in article.quotes]
    return found[0]


def test_direct_quote_then_speaker(run):
    a = run("“We will not retreat from our commitments,” Scholz told reporters in Berlin on Tuesday.")
    q = only(a, "retreat")
    assert (q.kind, q.text, q.speaker, q.cue) == (
        "direct",
        "We will not retreat from our commitments",
        "Scholz",
        "tell",
    )
    assert a.text[q.start : q.end] == q.text
    assert q.speaker_mention is not None and q.speaker_mention.text == "Scholz"


def test_speaker_then_colon_quote(run):
    a = run("The finance minister said: “Our economy will grow by three percent next year.”")
    q = only(a, "economy")
    assert q.kind == "direct" and q.speaker == "finance minister"
    assert q.text.startswith("Our economy") and not q.text.endswith("”")


def test_pronoun_takes_previous_speaker(run):
    text = (
        "“The talks were constructive and open,” Macron said after the meeting.\n\n"
        "“We agreed to meet again in June in Paris,” he added."
    )
    q = only(run(text), "June")
    assert q.speaker == "Macron" and q.cue == "add"
    assert q.speaker_mention is not None and q.speaker_mention.text == "he"


def test_pronoun_resolved_by_entity_mention(run):
    text = "Officials met in Geneva on Monday.\n\n“We will respond to every provocation,” she said."
    start = text.index("she")
    article = Article(
        id="t",
        source="test",
        text=text,
        mentions=(Mention(start, start + 3, "she", "PRON", "kb:person:jane-roe"),),
        entities=(Entity(id="kb:person:jane-roe", name="Jane Roe", type="person"),),
    )
    q = only(extract_quotes(article, load_spacy()(text), load_kb()), "provocation")
    assert (q.speaker, q.speaker_entity_id) == ("Jane Roe", "kb:person:jane-roe")


def test_unclosed_quote_ends_at_paragraph_end(run):
    text = (
        'Modi said the two nations "are partners who will stand together in every crisis.\n\n'
        "The summit ended on Friday."
    )
    q = only(run(text), "partners")
    assert q.kind == "direct" and q.speaker == "Modi"
    assert q.text.endswith("every crisis.") and "summit" not in q.text


def test_quote_spanning_paragraphs_is_one_quote(run):
    text = (
        "“The first part of my answer is simple and very short.\n\n"
        "“The second part is longer and needs more time,” the senator said."
    )
    a = run(text)
    assert len(a.quotes) == 1
    q = a.quotes[0]
    assert "first part" in q.text and "second part" in q.text and q.speaker == "senator"


def test_indirect_speech_with_that(run):
    q = only(run("Scholz said that Germany would send more air defence systems to Ukraine."), "Germany")
    assert q.kind == "indirect" and q.speaker == "Scholz" and q.cue == "say"
    assert q.text.startswith("Germany would send")


def test_indirect_speech_for_his_part(run):
    q = only(run("Lula, for his part, said the agreement would benefit farmers on both sides."), "farmers")
    assert q.kind == "indirect" and q.speaker == "Lula"


def test_indirect_reaffirmed_and_told(run):
    a = run(
        "The Japanese prime minister reaffirmed that Tokyo would keep its troops at home. "
        "Ruto told lawmakers that the budget deficit had narrowed sharply."
    )
    assert only(a, "Tokyo would").speaker == "Japanese prime minister"
    told = only(a, "deficit")
    assert told.cue == "tell" and told.speaker == "Ruto"


def test_according_to_person_is_the_speaker(run):
    q = only(run("According to Ramaphosa, the new power plants will be ready by 2027."), "power plants")
    assert q.kind == "indirect" and q.speaker == "Ramaphosa" and q.via is None


def test_mixed_quote(run):
    q = only(run('Erdogan said Turkey was "ready to mediate" between the two warring sides.'), "mediate")
    assert q.kind == "mixed" and q.speaker == "Erdogan"
    assert q.text.startswith("Turkey was")


def test_via_named_agency_in_phrase(run):
    a = run("“The embargo must end now,” Lukashenko said, according to the state news agency BelTA.")
    assert only(a, "embargo").via == "BelTA"


def test_via_known_agency_and_citing(run):
    a = run(
        "“Our doors remain open to dialogue,” Ruto said, according to Reuters.\n\n"
        "The minister said the port would reopen next week, the newspaper reported, citing Kyodo."
    )
    assert only(a, "doors").via == "Reuters"
    assert only(a, "port would reopen").via == "Kyodo News"


def test_via_generic_state_media_and_reference_back(run):
    a = run(
        "“Relations are at their best in history,” Lee said, according to TASS.\n\n"
        "Lee said both sides would expand trade, according to the news agency.\n\n"
        "“Peace is our shared goal,” Kim said, according to a report published by state media."
    )
    assert only(a, "best in history").via == "TASS"
    assert only(a, "expand trade").via == "TASS"
    assert only(a, "shared goal").via == "state media"


def test_government_speaker(run):
    q = only(
        run("“The new sanctions are illegal and will fail,” the Kremlin said in a statement."), "sanctions"
    )
    assert q.speaker == "Kremlin" and q.via is None


def test_scare_quotes_are_terms_not_quotes(run):
    a = run('Officials discussed a “no limits” partnership and the "reset" of ties with Moscow on Monday.')
    assert {t.text for t in a.terms} == {"no limits", "reset"}
    assert a.quotes == ()


def test_label_given_by_a_speaker_is_a_mixed_quote(run):
    a = run('Critics called the deal a "sellout" and warned of a “no limits” partnership with Moscow.')
    assert {t.text for t in a.terms} == {"sellout", "no limits"}
    q = only(a, "sellout")
    assert q.kind == "mixed" and q.speaker == "Critics" and q.text != "sellout"


def test_apostrophes_are_not_quote_marks(run):
    text = "The president’s aides said the leaders’ meeting in ‘difficult times’ was useful for Europe’s farmers."
    spans = find_marked_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["difficult times"]


def test_single_marks_as_main_quotes(run):
    q = only(run("'We have done nothing wrong at all,' the company spokesman said."), "nothing wrong")
    assert q.kind == "direct" and q.speaker == "company spokesman"


def test_code_headline_and_teaser_yield_no_quote(run):
    text = (
        "(function(){var s=document.createElement(”script”);s.async=true;"
        "s.src=”//ads.example.com/a.js”;document.head.appendChild(s);})();\n\n"
        "“We will win this war” says defiant president as talks collapse\n\n"
        "“Why we must act on prices now” Opinion 12.03.25, 10:15 • 1203 views"
    )
    a = run(text)
    assert a.quotes == () and a.terms == ()


def test_ids_are_stable_and_offsets_exact(run):
    text = "“Growth will return by spring,” the governor said. Analysts said inflation had peaked."
    first, second = run(text), run(text)
    assert [q.id for q in first.quotes] == [q.id for q in second.quotes]
    assert len({q.id for q in first.quotes}) == len(first.quotes) == 2
    assert all(text[q.start : q.end] == q.text for q in first.quotes)


@pytest.fixture(scope="module")
def scenario_article():
    path = SHARED / "scenarios" / "xi-putin-2025" / "articles" / "004_34ba33bd7dfa0b5e.txt"
    if not path.exists():
        pytest.skip("../shared is absent")
    return path.read_text(encoding="utf-8")


def test_real_article_quotes_and_leaked_script(run, scenario_article):
    a = run(scenario_article)
    kinds = {q.kind for q in a.quotes}
    assert kinds <= {"direct", "indirect", "mixed"} and len(a.quotes) >= 4
    assert not any("ldAdInit" in q.text or "ld-" in q.text for q in a.quotes)
    assert any(q.speaker and "Kremlin" in q.speaker and q.kind == "direct" for q in a.quotes)
    assert all(q.speaker for q in a.quotes if q.kind == "direct")


def test_via_statement_named_by_its_government(run):
    text = "Putin also briefed Modi on the talks, saying the sides would “meet again soon in Moscow to finish the work,” according to a Kremlin statement."
    q = only(run(text), "meet again")
    assert q.via == "Kremlin" and q.speaker == "Putin"


def test_long_verbatim_fragment_in_reported_speech_stays_direct(run):
    text = 'Lula said that Brazil is "ready to host the next round of talks with all parties in Brasilia this year."'
    q = only(run(text), "next round")
    assert q.kind == "direct" and q.speaker == "Lula" and q.text.startswith("ready to host")


def test_introduction_on_the_line_above_or_before_a_dash(run):
    text = (
        "Cruz continued:\n\n“You look at the questions and you see why people distrust the press.”\n\n"
        'Trump also embraced harsh methods -- "I think the old rules were far too soft on them."'
    )
    a = run(text)
    assert only(a, "distrust").speaker == "Cruz"
    assert only(a, "old rules").speaker == "Trump"


def test_quantifier_and_possessive_subjects_name_no_speaker(run):
    a = run(
        "Engineers inspected the dam on Monday. One of them said the reservoir was still low. "
        "Neither government said how long the release would last. "
        "The two leaders spoke for about an hour, their offices said."
    )
    for needle in ("reservoir was", "how long", "two leaders"):
        assert only(a, needle).speaker is None


def test_role_noun_speaker_is_the_titled_person(run_resolved):
    a = run_resolved(
        "Tarsian President Mira Ellend called Prime Minister Jonas Reeve on Monday. "
        "\u201cWe asked for nothing more than our share,\u201d the president told Reeve."
    )
    assert only(a, "our share").speaker == "Mira Ellend"


def test_demonym_before_a_medium_is_no_via(run_resolved):
    a = run_resolved(
        "The Tarsian News Agency carried the statement on Monday. "
        "Reeve said his government would never close the canal, the Tarsian agency reported."
    )
    q = only(a, "close the canal")
    assert q.via == "Tarsian News Agency"


def test_medium_relaying_words_is_the_via_not_the_speaker(run_resolved):
    a = run_resolved(
        "Prime Minister Jonas Reeve told Mira Ellend that the canal would reopen in May, "
        "the Quell Press Agency reported."
    )
    q = only(a, "canal would reopen")
    assert q.speaker == "Jonas Reeve" and q.via == "Quell Press Agency"
    assert not any(q.speaker and "Agency" in q.speaker for q in a.quotes)


def test_source_cited_by_a_medium_is_the_speaker(run):
    a = run(
        "Releases will double from Friday, the Quell Press Agency reported, citing the presidential office."
    )
    q = only(a, "Releases will double")
    assert (q.speaker, q.via) == ("presidential office", "Quell Press Agency")


def test_channel_of_one_speaker_does_not_pass_to_another_cue_in_the_paragraph(run):
    a = run(
        "Reeve said the canal would stay open, the Quell Press Agency reported. "
        "The two capitals still disagree: Tarsa says the talks were requested by Quell."
    )
    assert only(a, "canal would stay open").via == "Quell Press Agency"
    assert only(a, "talks were requested").via is None


def test_a_bare_common_noun_is_no_via(run):
    a = run(
        "A report said a professor alleged she was harassed at the conference.\n\n"
        "The ministry would appeal the ruling, the newspaper reported."
    )
    assert only(a, "she was harassed").via is None
    assert only(a, "appeal the ruling").via is None


def test_clause_before_a_colon_or_a_coordinated_statement_is_not_content(run):
    a = run(
        "The two accounts differ on who made the call: Tarsa says Reeve called first.\n\n"
        "For months, ministers have said that the canal could not reopen until the lock was "
        "repaired, and spokesperson Ana Pell dismissed the complaints as “empty rhetoric.”"
    )
    assert not any("accounts differ" in q.text for q in a.quotes)
    assert only(a, "Reeve called first").speaker == "Tarsa"
    assert not any("Ana Pell" in q.text for q in a.quotes)


def test_words_quoted_inside_a_told_clause_are_the_teller_s(run):
    a = run("Ellend told him Tarsa was asking only for “what the canal has always carried.”")
    q = only(a, "always carried")
    assert (q.speaker, q.cue) == ("Ellend", "tell")


def test_the_agency_as_speaker_is_the_agency_named_before(run):
    a = run(
        "Reeve agreed to reopen the canal, according to the Quell Press Agency. "
        "The state agency described the talks as “warm and constructive.”"
    )
    assert only(a, "warm and constructive").speaker == "Quell Press Agency"


def test_common_noun_speaker_keeps_the_body_it_speaks_for(run):
    a = run("A spokesman for the Marovian energy ministry said power output would fall next week.")
    assert only(a, "power output").speaker == "spokesman for the Marovian energy ministry"


def test_participle_cue_takes_the_subject_of_the_finite_verb_before_it(run):
    a = run(
        "Mr. Brandt hardly settled the matter, treating the remark first as a joke -- ''That makes me "
        "rich'' -- and, when questioned after the hearing, asserting, ''Of course, I pay my fees.''"
    )
    q = only(a, "Of course")
    assert (q.cue, q.speaker) == ("assert", "Brandt")


@pytest.mark.parametrize(
    ("text", "needle", "via"),
    [
        ("“We are ready to talk,” the Tarsian minister told Reuters.", "ready", "Reuters"),
        ("The minister said in an interview with CNN that the talks would resume in May.", "talks", "CNN"),
        (
            "The Marovian foreign ministry said in a statement carried by KCNA that the drills were a plot.",
            "drills",
            "KCNA",
        ),
        (
            "“The plan is dead,” Marlow said in remarks broadcast by state television.",
            "plan",
            "state television",
        ),
    ],
)
def test_medium_the_words_were_given_to_is_the_via(run, text, needle, via):
    q = only(run(text), needle)
    assert q.via == via
    assert q.speaker not in (None, via)


def test_a_day_or_a_document_after_a_speech_verb_is_no_via(run):
    q = only(run("Marlow said in a statement on Tuesday that the council had wasted three years."), "council")
    assert q.via is None


def test_the_one_quoted_is_the_speaker_and_the_quoting_medium_the_via(run):
    a = run("Marlow was quoted by Xinhua as saying the council had wasted three years on the road.")
    q = only(a, "council had wasted")
    assert (q.speaker, q.via) == ("Marlow", "Xinhua")


def test_channel_of_a_later_speaker_in_the_paragraph_is_not_another_speaker_s(run):
    a = run(
        "A spokesman for the port authority said he could not confirm whether the ships had left the harbour. "
        "Captain Dana Ruiz told Reuters that the harbour had been closed since Monday."
    )
    assert only(a, "harbour had been closed").via == "Reuters"
    assert only(a, "he could not confirm").via is None


def test_an_outlet_that_speaks_is_the_speaker_not_also_the_via(run):
    a = run("Of those voters, 77 percent backed the incumbent, according to The Washington Post.")
    q = only(a, "77 percent")
    assert (q.speaker, q.via) == ("The Washington Post", None)


def test_a_document_or_the_speaker_itself_is_no_via(run):
    a = run(
        "In court papers, officials have claimed there was a lawful basis for that investigation.\n\n"
        "“Arrivals will keep rising all year,” the Marovian Refugee Agency says in an appeal for help."
    )
    assert only(a, "lawful basis").via is None
    q = only(a, "Arrivals")
    assert q.speaker == "Marovian Refugee Agency" and q.via is None


def test_as_x_put_it_and_an_outlet_that_reported_before_told_the_outlet(run):
    a = run(
        "As one council staffer put it, “I’ve never been told no by the mayor's office.”\n\n"
        "The firm had stopped paying its staff, CNN reported. “We are really stressed right now,” "
        "Dana Lee, who heads a network of nonprofits, told the outlet."
    )
    assert only(a, "never been told").cue == "put"
    assert only(a, "really stressed").via == "CNN"
