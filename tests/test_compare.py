from functools import cache

import pytest

from parallax.model import Article, Story
from parallax.nlp.pipeline import Pipeline
from parallax.stories import compare


@cache
def pipeline() -> Pipeline:
    return Pipeline()


def compare_story(story: Story, articles: list[Article]) -> Story:
    """The comparison over articles annotated by the NLP stages, as the corpus stages see them."""
    return compare.compare_story(story, list(pipeline()(articles)))


TEXTS = {
    "A": "President Anna Berg of Norland met Prime Minister Jon Vik of Sudria in Oslo on Tuesday. "
    "It was the second meeting between the two leaders this year. "
    "Berg said the talks covered fishing quotas in the northern sea. "
    "The two governments signed a 'blue corridor' agreement on shipping.",
    "B": "Norland's president Anna Berg hosted Sudrian Prime Minister Jon Vik in Oslo on Tuesday. "
    "The leaders held their first meeting since the border dispute began. "
    "Berg said the talks covered fishing quotas in the northern sea. "
    "They agreed a 'green corridor' agreement on shipping.",
    "C": "Prime Minister Jon Vik, who has jailed journalists and killed protesters, met authoritarian leader Anna Berg in Oslo. "
    "It was the second meeting between the two leaders this year. "
    "Berg said the talks covered fishing quotas in the northern sea. "
    "Vik baselessly accused fishermen of smuggling.",
}


@pytest.fixture(scope="module")
def compared() -> tuple[Story, dict[str, Article]]:
    arts = {k: Article(id=f"art_{k}", source=k, text=t, outlet=f"Outlet {k}") for k, t in TEXTS.items()}
    story = Story(id="sto_x", title="", article_ids=tuple(a.id for a in arts.values()), outlets=())
    return compare_story(story, list(arts.values())), arts


def test_consensus_cites_all_outlets(compared) -> None:
    story, _ = compared
    hits = [c for c in story.consensus if "fishing quotas" in c.claim]
    assert hits and set(hits[0].article_ids) == {"art_A", "art_B", "art_C"}


def test_ordinal_discrepancy_found(compared) -> None:
    story, _ = compared
    blob = [d for d in story.discrepancies if any("first" in s.claim for s in d.sides)]
    assert blob
    sides = {s.article_ids for s in blob[0].sides}
    assert ("art_B",) in sides and ("art_A", "art_C") in sides


def test_label_discrepancy_found(compared) -> None:
    story, _ = compared
    labels = [d for d in story.discrepancies if "agreement" in d.about]
    assert labels and {s.value for s in labels[0].sides} == {"blue corridor", "green corridor"}


def test_a_happening_reported_with_another_detail_is_no_omission(compared) -> None:
    story, _ = compared
    # B reports the meeting, as its "first" since the dispute: a discrepancy, not a meeting left out
    assert not any("second meeting" in c.claim for c in story.omissions.get("Outlet B", []))
    assert not any("fishing quotas" in c.claim for o in story.omissions.values() for c in o)


def test_framing_spans_point_into_text(compared) -> None:
    story, _ = compared
    mine = [f for f in story.framing if f.article_id == "art_C"]
    texts = {f.text for f in mine}
    assert any("baselessly accused" in t for t in texts)
    assert any("who has jailed journalists and killed protesters" in t for t in texts)
    for f in story.framing:
        assert TEXTS[f.article_id[-1]][f.start : f.end] == f.text
    assert not [f for f in story.framing if f.article_id == "art_A" and "second" in f.text]


def test_tone_names_its_method(compared) -> None:
    story, _ = compared
    assert "lexicon" in story.tone["method"] and set(story.tone["outlets"]) == {
        "Outlet A",
        "Outlet B",
        "Outlet C",
    }


def test_agreeing_outlets_have_no_discrepancies() -> None:
    text = (
        "Flood waters closed the main bridge in Dunmore on Monday. Ten families were moved to the school gym."
    )
    arts = [Article(id=f"a{i}", source=str(i), text=text, outlet=f"O{i}") for i in range(3)]
    story = compare_story(Story(id="s", title="", article_ids=("a0", "a1", "a2"), outlets=()), arts)
    assert story.discrepancies == ()
    assert story.consensus and not any(story.omissions.values())


def test_claims_with_different_counts_are_not_consensus() -> None:
    texts = [
        "Five people were killed when a gas tank exploded at the Harbor Street market on Sunday.",
        "Seven people were killed when a gas tank exploded at the Harbor Street market on Sunday.",
        "Five people were killed when a gas tank exploded at the Harbor Street market on Sunday.",
    ]
    arts = [Article(id=f"a{i}", source=str(i), text=t, outlet=f"O{i}") for i, t in enumerate(texts)]
    story = compare_story(Story(id="s", title="", article_ids=("a0", "a1", "a2"), outlets=()), arts)
    assert all("a1" not in c.article_ids for c in story.consensus if "killed" in c.claim)
    assert any("exploded" in c.claim and "a1" in c.article_ids for c in story.consensus)
    (toll,) = [d for d in story.discrepancies if "people" in d.about]
    assert {s.value: s.article_ids for s in toll.sides} == {"five": ("a0", "a2"), "seven": ("a1",)}


def test_log_odds_marks_the_outlet_specific_word() -> None:
    from collections import Counter

    from parallax.stories.tone import log_odds_z, score_tone

    target = Counter({"regime": 4, "talks": 3, "minister": 2})
    rest = Counter({"government": 6, "talks": 6, "minister": 4})
    z = log_odds_z(target, rest)
    assert z["regime"] > 1.0 and z["regime"] > z["talks"]
    assert score_tone("a warm and friendly meeting") > 0 > score_tone("troops killed and jailed protesters")


def _story(texts: list[str]) -> Story:
    arts = [Article(id=f"a{i}", source=str(i), text=t, outlet=f"O{i}") for i, t in enumerate(texts)]
    return compare_story(Story(id="s", title="", article_ids=tuple(a.id for a in arts), outlets=()), arts)


def test_measured_amounts_that_differ_are_a_discrepancy() -> None:
    story = _story(
        [
            "Under the deal, Norland will release 300 cubic metres of water per second from Friday.",
            "Norland agreed to raise the release to 250 cubic metres per second from Friday, officials said.",
            "Norland will release 300 cubic metres of water per second from Friday, the agency said.",
            "One agency said 300 cubic metres per second; another put the figure at 250 cubic metres per second.",
        ]
    )
    (flow,) = [d for d in story.discrepancies if "metre" in d.about]
    sides = {s.value: s.article_ids for s in flow.sides}
    assert sides["300"] == ("a0", "a2") and sides["250"] == ("a1",)  # a3 gives both: it takes no side


def test_bounds_and_other_frames_are_not_discrepancies() -> None:
    story = _story(
        [
            "At least three people were killed when a bomb exploded outside the mosque in Harlow.",
            "Five people were killed when a bomb exploded outside the mosque in Harlow.",
            "Twelve people were injured when a bomb exploded outside the mosque in Harlow.",
        ]
    )
    assert story.discrepancies == ()


def test_loaded_verb_is_framing_but_not_inside_quotes() -> None:
    story = _story(
        [
            "Prime Minister Jon Vik caved to pressure from the unions on Monday and dropped the pension plan.",
            "Prime Minister Jon Vik dropped the pension plan on Monday after talks with the unions.",
            'Union leader Eva Holm said Vik had "caved" and dropped the pension plan on Monday.',
        ]
    )
    items = [f for f in story.framing if "caved" in f.text]
    assert [f.article_id for f in items] == ["a0"]
    assert "Vik" in items[0].about and items[0].kind == "loaded term"


def test_opposite_initiators_of_a_call_are_a_discrepancy() -> None:
    story = _story(
        [
            "Norland's President Anna Berg won a new fishing deal after Sudrian Prime Minister Jon Vik "
            "telephoned her on Monday.",
            "Prime Minister Jon Vik held a friendly telephone conversation with Norlandic President Anna Berg "
            "on Monday, at the request of the Norlandic side.",
            "Jon Vik and Anna Berg spoke by phone on Monday about fishing.",
        ]
    )
    (who,) = [d for d in story.discrepancies if "initiated" in d.about]
    assert {s.article_ids for s in who.sides} == {("a0",), ("a1",)}


def test_same_side_in_other_words_is_no_initiator_discrepancy() -> None:
    story = _story(
        [
            "Sudrian Prime Minister Jon Vik telephoned Norlandic President Anna Berg on Monday.",
            "President Anna Berg spoke with Jon Vik on Monday at the request of the Sudrian government.",
        ]
    )
    assert not [d for d in story.discrepancies if "initiated" in d.about]


def test_claimed_without_a_clause_and_detached_modifiers_are_not_framing() -> None:
    story = _story(
        [
            "Senator Ann Lowe claimed victory on Tuesday and did her best Frank Sinatra impression at the rally.",
            "Senator Ann Lowe won the primary on Tuesday and sang at the rally.",
        ]
    )
    assert not [f for f in story.framing if f.text in ("claimed", "best")]


def test_partial_counts_and_rates_are_not_discrepancies() -> None:
    story = _story(
        [
            "Rebels have seized nine provincial capitals across the country in six days.",
            "Rebels seized three more provincial capitals across the country on Friday.",
            "At least 20 people, including four children, were killed in the shelling of Marlow.",
            "At least 20 people, including six children, were killed in the shelling of Marlow.",
        ]
    )
    assert story.discrepancies == ()


def test_quoted_speech_is_not_a_rival_name() -> None:
    story = _story(
        [
            'The ministers called for a "timely" investigation into the outbreak and the "outrageous" claims.',
            'The ministers called for a timely and "transparent" investigation into the outbreak.',
            'Crowds chanted "Freedom!" and "We want freedom" outside the ministry.',
        ]
    )
    assert not [d for d in story.discrepancies if "name given" in d.about]


def test_motive_phrase_is_framing_about_the_actor() -> None:
    story = _story(
        [
            "Prime Minister Jon Vik agreed, as a gesture of goodwill, to free the fishing crews on Monday.",
            "Prime Minister Jon Vik agreed to free the fishing crews on Monday after talks in Oslo.",
            "The fishing crews will be freed on Monday, Prime Minister Jon Vik's office said.",
        ]
    )
    (item,) = [f for f in story.framing if "goodwill" in f.text]
    assert item.article_id == "a0" and "Vik" in item.about


def test_evaluative_verb_an_outlet_keeps_using_is_actor_contrast() -> None:
    story = _story(
        [
            "Prime Minister Jon Vik snubbed the unions on Monday. Vik snubbed the farmers on Tuesday. "
            "Vik snubbed the fishermen in Oslo on Wednesday, officials said.",
            "Prime Minister Jon Vik met the unions on Monday and the farmers on Tuesday. "
            "He met the fishermen in Oslo on Wednesday, officials said.",
            "Prime Minister Jon Vik held talks with the unions, the farmers and the fishermen this week.",
        ]
    )
    items = [f for f in story.framing if f.kind == "actor contrast"]
    assert items and {f.article_id for f in items} == {"a0"}
    assert all(f.text == "snubbed" and "Vik" in f.about and f.z >= 1.0 for f in items)


def test_loaded_verb_with_a_pronoun_is_about_the_person_named_before() -> None:
    story = _story(
        [
            "Prime Minister Jon Vik met union leaders on Monday. Within an hour he caved and dropped the pension plan.",
            "Prime Minister Jon Vik met union leaders on Monday and later dropped the pension plan.",
        ]
    )
    (item,) = [f for f in story.framing if f.text.startswith("caved")]
    assert "Vik" in item.about


def test_literal_and_non_actor_senses_are_not_framing() -> None:
    story = _story(
        [
            "The plant cut its petroleum fumes in half, and the court found a legitimate reason for the delay.",
            "The plant cut its emissions in half, and the court found a good reason for the delay.",
        ]
    )
    assert not [f for f in story.framing if "fumes" in f.text or "legitimate" in f.text]


def test_loaded_word_in_a_headline_is_title_framing_unless_quoted() -> None:
    heads = [
        "Premier Jon Vik caves to unions on pension plan",
        "Union chief says Vik 'caved' on pension plan",  # headlines quote with single marks
        "Pension plan dropped after union talks",
    ]
    body = "Prime Minister Jon Vik dropped the pension plan on Monday after talks with the unions."
    arts = [
        Article(id=f"a{i}", source=str(i), title=h, text=body, outlet=f"O{i}") for i, h in enumerate(heads)
    ]
    story = compare_story(Story(id="s", title="", article_ids=tuple(a.id for a in arts), outlets=()), arts)
    (item,) = [f for f in story.framing if f.field == "title"]
    assert item.article_id == "a0" and item.text == "caves"
    assert heads[0][item.start : item.end] == "caves"
    assert item.about and "Vik" in item.about
    assert all(f.field == "text" and body[f.start : f.end] == f.text for f in story.framing if f is not item)


FIGURES = {
    "D": "The government of Norland freed 300 prisoners on Friday under an amnesty, officials said. "
    "Relatives waited outside the main prison in Velmore for most of the day.",
    "E": "Norland's government freed 300 prisoners on Friday in an amnesty, the interior ministry said. "
    "Relatives gathered outside the main prison in Velmore.",
    "F": "The Norland government freed 250 prisoners on Friday under an amnesty, a rights group said. "
    "Relatives waited outside the main prison in Velmore for hours.",
}


def test_an_outlet_giving_another_figure_neither_agrees_nor_omits() -> None:
    arts = [Article(id=f"art_{k}", source=k, text=t, outlet=f"Outlet {k}") for k, t in FIGURES.items()]
    story = compare_story(
        Story(id="sto_f", title="", article_ids=tuple(a.id for a in arts), outlets=()), arts
    )
    for claim in story.consensus:
        if "300" in claim.claim:
            assert "art_F" not in claim.article_ids
    assert not any("300" in c.claim for c in story.omissions.get("Outlet F", []))
    values = {s.value for d in story.discrepancies for s in d.sides}
    assert {"300", "250"} <= values


def test_a_claim_does_not_open_with_the_mark_that_closed_the_previous_sentence() -> None:
    from parallax.nlp.claims import trim_stray_marks

    text = '"We will rebuild," she said. " Neither side gave a date for the talks. "It is over," he said.'
    start = text.index('" Neither')
    end = text.index("talks.") + len("talks.")
    s, e = trim_stray_marks(text, start, end)
    assert text[s:e] == "Neither side gave a date for the talks."
    whole = text.index('"It is over')
    assert trim_stray_marks(text, whole, len(text)) == (whole, len(text)), "balanced marks stay"


def test_comparison_reads_the_stored_annotations_and_never_parses(tmp_path, monkeypatch) -> None:
    """Claims, figures, labels, cues and initiatives survive the store; the comparison of the stored
    articles equals the one of the fresh ones, with the parser unavailable."""
    from parallax.nlp import pipeline as nlp_pipeline
    from parallax.store import Store

    arts = list(
        pipeline()(
            Article(id=f"art_{k}", source=k, text=t, outlet=f"Outlet {k}", title=f"Berg meets Vik ({k})")
            for k, t in TEXTS.items()
        )
    )
    assert all(a.claims and a.cues for a in arts)
    assert any(f.value == "2th" for a in arts for c in a.claims for f in c.figures)
    store = Store(tmp_path / "s.duckdb")
    store.write_articles(arts)
    back = store.load_articles([a.id for a in arts])
    assert [(a.claims, a.cues, a.initiatives) for a in back] == [
        (a.claims, a.cues, a.initiatives) for a in arts
    ]

    def no_parse():
        raise AssertionError("the comparison parsed an article")

    monkeypatch.setattr(nlp_pipeline, "load_spacy", no_parse)
    story = Story(id="sto_x", title="", article_ids=tuple(a.id for a in arts), outlets=())
    assert compare.compare_story(story, back) == compare.compare_story(story, arts)
    assert compare.compare_story(story, back).consensus


def test_bounded_counts_of_one_thing_conflict_only_when_they_cannot_both_hold() -> None:
    def counts(first: str, second: str) -> dict[str, tuple[str, ...]]:
        story = _story(
            [
                f"Southland Air cancelled {first} flights on Monday as the storm closed airports.",
                f"Southland Air cancelled {second} flights on Monday as the storm closed airports.",
                "Southland Air cancelled flights on Monday as the storm closed airports in the north.",
            ]
        )
        return {s.value: s.article_ids for d in story.discrepancies if "flight" in d.about for s in d.sides}

    assert counts("more than 1,000", "at least 1,800") == {}, "two floors can both hold"
    assert counts("fewer than 500", "at most 2,000") == {}, "two caps can both hold"
    assert counts("at least 1,000", "fewer than 500") == {
        "at least 1,000": ("a0",),
        "fewer than 500": ("a1",),
    }
    assert counts("fewer than 500", "1,800") == {"fewer than 500": ("a0",), "1,800": ("a1",)}
    assert counts("at least 1,000", "1,200") == {}, "a floor agrees with a count above it"
    assert counts("about 1,000", "1,100") == {}, "an estimate agrees with a count near it"
    assert counts("more than 1,000", "over 1,100") == {}, "close floors are one count in other words"


def test_the_encoder_can_be_switched_off(monkeypatch) -> None:
    from parallax.stories import paraphrase

    monkeypatch.setenv(paraphrase.SWITCH_OFF, "1")
    assert paraphrase.load_encoder() is None
    assert paraphrase.Paraphrases().cosines("a b c", ["a b c"]) is None


def test_ranks_of_a_sequence_are_no_discrepancy() -> None:
    story = _story(
        [
            "Nearly 8 percent of those who got a first shot of the vaccine in Norland missed their second doses.",
            "The share of people in Norland not getting their second shot of the vaccine doubled.",
            "Norland health officials urged people to book their vaccine appointments.",
        ]
    )
    assert not [d for d in story.discrepancies if d.about.startswith("which")]


def test_a_consensus_row_is_a_whole_proposition_with_every_outlet_naming_its_core() -> None:
    from parallax.stories.compare import leans_back

    assert leans_back("Both measures passed the Senate.") and leans_back("But he said no.")
    assert not leans_back("Berg said the talks covered fishing.")
    texts = {
        "A": "Mayor Ana Ruiz said 63 homes were destroyed by the flood in Kelso. Rescue teams arrived by boat.",
        "B": "Mayor Ana Ruiz said 63 homes were destroyed by the flood in Kelso. Roads were closed.",
        "C": "The mayor said homes were destroyed by the flood in Kelso. Volunteers cleared the roads.",
    }
    arts = [Article(id=f"art_{k}", source=k, text=t, outlet=f"Outlet {k}") for k, t in texts.items()]
    story = compare_story(Story(id="s", title="", article_ids=tuple(a.id for a in arts), outlets=()), arts)
    rows = [c for c in story.consensus if "63 homes" in c.claim]
    assert rows and set(rows[0].article_ids) == {"art_A", "art_B"}, "C names neither Ruiz nor 63"


def test_a_clause_with_its_verb_before_its_subject_is_no_whole_claim() -> None:
    text = (
        "The new site went live on Tuesday, as did its accompanying account on the platform. "
        "Five people were killed when a gas tank exploded at the Harbor Street market on Sunday."
    )
    (art,) = pipeline()([Article(id="a", source="a", text=text)])
    shown = {text[c.start : c.end] for c in art.claims if c.whole}
    assert not any(s.startswith("did its") for s in shown), shown
    assert "a gas tank exploded at the Harbor Street market on Sunday" in shown
