"""Type by evidence: states, peoples, name edges, votes over mentions, cut names, unsettled names."""

from __future__ import annotations

import pytest

from parallax.kb import load_kb
from parallax.model import Article
from parallax.nlp.entities import resolve_entities
from parallax.nlp.pipeline import add_sentences, load_spacy


@pytest.fixture(scope="module")
def annotate():
    nlp, kb = load_spacy(), load_kb()

    def run(text: str, published: str | None = "2019-06-01") -> Article:
        article = Article(id="art_evidence", source="test", text=text, published=published)
        doc = nlp(text)
        return resolve_entities(add_sentences(article, doc, kb), doc, kb)

    return run


def entity_named(article: Article, name: str):
    return next((e for e in article.entities if e.name == name), None)


def test_kb_reads_states_groups_and_name_rules() -> None:
    kb = load_kb()
    assert kb.subdivision("Vt.") == ("Vermont", "USA")
    assert kb.subdivision("vermont") == ("Vermont", "USA")
    assert kb.subdivision("LA") is None  # Los Angeles far more often than Louisiana: left out
    assert kb.is_group_name("Uyghurs") and not kb.is_group_name("Reuters")
    assert "Overnight" in kb.name_breaks and "Court" in kb.org_evidence
    assert kb.is_not_name_start("Hopefully")


def test_a_state_abbreviation_is_the_state_a_place_of_its_country(annotate) -> None:
    a = annotate("Senators Jane Roe (Vt.) and Tom Poe (Ariz.) voted no. Vermont voters were angry.")
    vermont = entity_named(a, "Vermont")
    assert vermont is not None and vermont.type == "other" and vermont.country == "USA"
    assert "Vt." in vermont.aliases
    assert not any(e.type == "organization" and e.name in ("Vt.", "Ariz.") for e in a.entities)


def test_a_people_is_no_actor(annotate) -> None:
    a = annotate("Rights groups said a million Uyghurs are held in camps. The Uyghurs deny any crime.")
    assert not any("Uyghur" in e.name for e in a.entities)


def test_sentence_adverbs_and_section_words_are_cut_from_name_edges(annotate) -> None:
    a = annotate(
        "Hopefully Darren Quill and his staff will testify. Quill said nothing. "
        "Lawmakers asked why the Mara Tillet Case went cold, and Tillet declined to comment."
    )
    names = {e.name for e in a.entities}
    assert "Darren Quill" in names and not any(n.startswith("Hopefully") for n in names)
    assert not any(n.endswith("Case") for n in names)


def test_a_glued_hover_card_after_a_known_surname_is_no_name(annotate) -> None:
    a = annotate("When Nancy Pelosi spoke, Nancy PelosiCongress Republicans voiced concerns on Monday.")
    assert not any("PelosiCongress" in m.text for m in a.mentions)


def test_an_outlet_possessive_before_a_name_is_cut(annotate) -> None:
    a = annotate("Reuters' Dara Felton reported the vote. Felton said the count was close.")
    assert entity_named(a, "Dara Felton") is not None
    assert not any("Reuters' Dara" in e.name for e in a.entities)


def test_a_name_cut_before_an_institution_word_takes_it(annotate) -> None:
    a = annotate(
        "A video showed a Highway Patrol officer punching a woman. A Highway Patrol officer was fired."
    )
    assert not any(e.name == "Highway" for e in a.entities)


def test_a_one_word_name_cut_from_a_longer_name_joins_it(annotate) -> None:
    a = annotate("Governor Lincoln Varney of Vermont spoke first. Later Lincoln told reporters he would run.")
    assert not any(e.name == "Lincoln" for e in a.entities)


def test_an_unknown_name_mentioned_once_with_no_evidence_is_no_output_entity(annotate) -> None:
    a = annotate(
        "Critics compared the mayor to Zorblatt without the charm. Tarvish Association members agreed."
    )
    mentioned = {m.text for m in a.mentions}
    names = {e.name for e in a.entities}
    assert "Tarvish Association" in names  # an institution's last word settles an organisation
    assert not ({"Zorblatt"} & names)
    assert mentioned  # mentions stay


def test_repeated_words_line_breaks_and_shouted_headlines_make_no_names(annotate) -> None:
    a = annotate("Senate Judiciary Committee Chairman Lindsey Graham Lindsey Olin GrahamGOP senators balk.")
    assert "Lindsey Graham" in {e.name for e in a.entities}
    a = annotate("EPSTEIN DENIED BAIL -- DESPITE OFFERING TO HIDE AWAY IN MANSION AND NOT FLY AWAY")
    assert not any(e.name == "MANSION" for e in a.entities)


def test_acronyms_of_things_titles_and_roads_are_no_people(annotate) -> None:
    a = annotate(
        "As it prepares for a gigantic IPO, the firm hired bankers. A fire was reported at a restaurant "
        "on Carson Road. It was the nativity scene from the animation The Lion King, a reporter said."
    )
    assert not any(e.name == "IPO" for e in a.entities)
    assert not any(e.type == "person" and e.name in ("Carson Road", "The Lion King") for e in a.entities)


def test_a_given_name_left_before_a_surname_joins_it(annotate) -> None:
    a = annotate(
        "The panel included Kate Bolduan and Ana Navarro, a confidante of the governor. Navarro laughed."
    )
    navarro = next((e for e in a.entities if "Navarro" in e.name), None)
    assert navarro is not None and navarro.type == "person"


def test_a_name_only_ever_joined_to_a_lower_case_word_is_no_entity(annotate) -> None:
    a = annotate(
        "There is more to this history than exegesis of Progressive-era thinking. Its founders agreed."
    )
    assert any(m.text == "Progressive" for m in a.mentions)  # NER found it; the mention stays
    assert not any("Progressive" in e.name for e in a.entities)


def test_one_name_typed_differently_across_articles_merges_into_the_settled_type() -> None:
    from parallax.model import Entity
    from parallax.nlp.entities import canonicalize_entities

    person = Entity("ent_p", "Zelvix", "person")
    org = Entity("ent_o", "Zelvix", "organization")
    nielsen_org = Entity("ent_no", "Kirstjen Nielsen", "organization")
    nielsen = Entity("ent_np", "Kirstjen Nielsen", "person")
    unsettled = Entity("ent_u1", "Marn Tolvay", "organization")
    unsettled_person = Entity("ent_u2", "Marn Tolvay", "person")
    mapping = canonicalize_entities([person, org, nielsen_org, nielsen, unsettled, unsettled_person])
    assert mapping["ent_p"] == "ent_o"  # one word: an organisation rather than a person
    assert mapping["ent_no"] == "ent_np"  # a known given name first: a person
    assert mapping["ent_u1"] == "ent_u1" and mapping["ent_u2"] == "ent_u2"  # no evidence: left apart
