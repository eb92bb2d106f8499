"""Events: extraction per sentence, flags, merging across articles, dyads, and the real scenario."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from parallax.model import Actor, Article, Event, EventReport, RawDocument
from parallax.nlp.events import extract_events
from parallax.nlp.pipeline import Pipeline, add_sentences
from parallax.stories.dyads import dyad_timeline
from parallax.stories.events import infer_article_dates, merge_events


@pytest.fixture(scope="module")
def events_only() -> Pipeline:
    """The events stage on the parser alone: independent of the entities stage's progress."""
    return Pipeline(stages=(add_sentences, extract_events))


def annotate(pipeline: Pipeline, text: str, published: str | None = "2024-03-05", aid: str = "a1") -> Article:
    return pipeline.annotate(Article(id=aid, source=f"{aid}.txt", text=text, published=published))


def only(article: Article) -> Event:
    assert len(article.events) == 1, article.events
    return article.events[0]


def countries(e: Event) -> tuple[str | None, str | None]:
    return (
        e.source_actor.country if e.source_actor else None,
        e.target_actor.country if e.target_actor else None,
    )


def test_verbal_trigger_with_target_time_and_codes(events_only) -> None:
    e = only(annotate(events_only, "Japan imposed sanctions on North Korea on Monday."))
    assert (e.plover, e.cameo, countries(e)) == ("SANCTION", "163", ("JPN", "PRK"))
    assert (e.date, e.date_precision, e.time_text) == ("2024-03-04", "day", "on Monday")
    assert not e.date_inferred and e.reports[0].sentence.startswith("Japan imposed")


def test_light_verb_talks_with_place(events_only) -> None:
    e = only(
        annotate(
            events_only,
            "German Chancellor Olaf Scholz held talks with French President Emmanuel Macron in Paris.",
        )
    )
    assert (e.plover, countries(e), e.location) == ("CONSULT", ("DEU", "FRA"), "Paris")
    assert e.source_actor.name == "Olaf Scholz" and e.date_inferred  # no time phrase: the publication day


def test_coordinated_subjects_of_a_symmetric_verb(events_only) -> None:
    e = only(annotate(events_only, "Indian and Chinese diplomats met in Geneva last week."))
    assert e.plover == "CONSULT" and set(countries(e)) == {"IND", "CHN"}
    assert (e.date, e.date_precision) == ("2024-02-26", "week")


def test_accusation_and_threat(events_only) -> None:
    e = only(annotate(events_only, "Armenia accused Azerbaijan of shelling its border villages."))
    assert (e.plover, e.cameo, countries(e)) == (
        "ACCUSE",
        "112",
        ("ARM", "AZE"),
    )  # the shelling is only alleged
    e = only(annotate(events_only, "Iran threatened to retaliate against Israel."))
    assert (e.plover, countries(e)) == ("THREATEN", ("IRN", "ISR"))


@pytest.mark.parametrize(
    "text",
    [
        "Turkish President Recep Tayyip Erdogan took a phone call from Russian President Vladimir Putin.",
        "Russian President Vladimir Putin made the call to Turkish President Recep Tayyip Erdogan.",
        "Russian President Vladimir Putin called Turkish President Recep Tayyip Erdogan on Monday.",
    ],
)
def test_initiator_of_a_call(events_only, text: str) -> None:
    e = only(annotate(events_only, text))
    assert (e.plover, e.mode) == ("CONSULT", "phone")
    assert e.initiator is not None and e.initiator.name == "Vladimir Putin"


def test_calling_someone_names_is_not_a_phone_call(events_only) -> None:
    article = annotate(events_only, "The Brazilian president called the Argentine leader a liar.")
    assert not [e for e in article.events if e.plover == "CONSULT"]


def test_negated_event_is_flagged(events_only) -> None:
    e = only(annotate(events_only, "Iran did not sign the agreement with France."))
    assert e.negated and not e.hypothetical


@pytest.mark.parametrize(
    "text",
    [
        "Japan will impose sanctions on Russia.",
        "Kenya is expected to host the Ethiopian prime minister.",
        "Egypt could host talks between Sudan and Chad.",
        "Will Israel sign an agreement with Lebanon?",
        "Brazil plans to meet Argentina next week.",
    ],
)
def test_future_and_hypothetical_events_are_flagged(events_only, text: str) -> None:
    article = annotate(events_only, text)
    assert article.events and all(e.hypothetical for e in article.events)


def test_background_events_get_their_own_time(events_only) -> None:
    e = only(
        annotate(
            events_only,
            "Brazilian President Lula has met Argentine leaders more than 20 times over the past decade.",
        )
    )
    assert e.background and e.date is None
    e = only(annotate(events_only, "Australia and Japan signed a defence agreement in 2022."))
    assert (e.date, e.date_precision) == ("2022-01-01", "year")


def test_an_earlier_event_does_not_take_the_publication_day(events_only) -> None:
    e = only(annotate(events_only, "Germany had previously sent aid to Ukraine."))
    assert e.plover == "AID" and e.background
    assert (e.date, e.date_precision, e.date_inferred) == (None, None, False)
    # a bare past perfect may be the day's news told after the fact or long before: left out
    assert not annotate(events_only, "Germany had sent aid to Ukraine.").events
    e = only(annotate(events_only, "When he was governor, Brazil's president visited Argentina."))
    assert e.background and e.date is None
    e = only(annotate(events_only, "Poland sent aid to Ukraine on Monday."))
    assert (e.date, e.date_precision, e.date_inferred) == ("2024-03-04", "day", False)


@pytest.mark.parametrize(
    "text",
    [
        '"Why would Canada reject such an offer?" the columnist asked.',
        "Reporters asked whether Japan would meet India's demands.",
        "Germany agrees that the new tariffs will hurt Canada.",
        "Did Egypt sign the agreement with Sudan?",
    ],
)
def test_questions_and_opinions_are_no_events(events_only, text: str) -> None:
    article = annotate(events_only, text)
    assert all(e.hypothetical or e.negated for e in article.events), article.events


def test_the_one_asked_is_not_the_asker(events_only) -> None:
    article = annotate(events_only, "Asked to leave, the German ambassador left Moscow on Monday.")
    assert not [e for e in article.events if e.plover == "REQUEST"], article.events


def test_without_warning_is_no_threat(events_only) -> None:
    article = annotate(events_only, "Turkey struck the village without warning Syria.")
    assert [e.plover for e in article.events if not (e.negated or e.hypothetical)] == ["ASSAULT"]


def test_vowing_to_retaliate_is_a_threat(events_only) -> None:
    e = only(annotate(events_only, "China vowed to retaliate against Lithuania."))
    assert (e.plover, countries(e)) == ("THREATEN", ("CHN", "LTU"))


def test_cameo_dictionary_verbs_and_owner_targets(events_only) -> None:
    e = only(annotate(events_only, "Sweden commended Kenya for its election."))
    assert (e.plover, e.cameo, countries(e)) == ("SUPPORT", "051", ("SWE", "KEN"))
    e = only(annotate(events_only, "Egypt welcomed Saudi Arabia's decision to host the talks."))
    assert (e.plover, countries(e)) == ("SUPPORT", ("EGY", "SAU"))


def test_a_noun_under_a_verb_trigger_is_the_same_event(events_only) -> None:
    e = only(
        annotate(events_only, "Brazil's president visited Lima for a summit with the Peruvian president.")
    )
    assert (e.plover, countries(e)) == ("CONSULT", ("BRA", "PER"))


def test_an_outlet_or_byline_is_never_an_actor(events_only) -> None:
    assert annotate(events_only, "Reuters accused Mexico of hiding the data.").events == ()
    assert annotate(events_only, "USA TODAY accused Mexico of hiding the data.").events == ()
    byline = Article(
        id="b", source="b.txt", text="Jane Roe accused Mexico of hiding the data.", author="Jane Roe"
    )
    assert events_only.annotate(byline).events == ()


def test_entity_words_from_two_people_do_not_crash_the_actor_index() -> None:
    """Regression: max() of an empty sequence on real pages (an entity whose words come from two
    different people's names, or an entity of whitespace only)."""
    import spacy
    from spacy.tokens import Span

    from parallax.nlp.event_actors import fallback_spans, load_country_words

    doc = spacy.blank("en")("Anna Berg met Carl Holm . Berg Holm spoke . \n\n ok")
    doc.ents = [
        Span(doc, 0, 2, "PERSON"),
        Span(doc, 3, 5, "PERSON"),
        Span(doc, 6, 8, "ORG"),
        Span(doc, 10, 11, "PERSON"),
    ]
    assert doc.ents[3].text.strip() == ""
    spans = fallback_spans(doc, load_country_words(), None)
    assert {doc.text[s:e] for s, e, _, _ in spans} >= {"Anna Berg", "Carl Holm"}
    assert all(doc.text[s:e].strip() for s, e, _, _ in spans)


def call_report(pipeline: Pipeline, aid: str, text: str, published: str | None) -> Article:
    return annotate(pipeline, text, published, aid)


def test_one_call_reported_by_three_outlets_is_one_event(events_only) -> None:
    articles = [
        call_report(
            events_only,
            "a",
            "Indian Prime Minister Narendra Modi spoke by phone with Japanese Prime Minister Fumio Kishida on Monday.",
            "2024-03-05",
        ),
        call_report(
            events_only,
            "b",
            "Japanese Prime Minister Fumio Kishida held a phone call with Indian Prime Minister Narendra Modi on Monday.",
            "2024-03-04",
        ),
        call_report(
            events_only,
            "c",
            "Indian Prime Minister Narendra Modi and Japanese Prime Minister Fumio Kishida spoke on the phone.",
            None,
        ),
        call_report(events_only, "d", "Japan imposed sanctions on Russia on Monday.", "2024-03-05"),
    ]
    dated = infer_article_dates(articles)
    assert dated[2].published == "2024-03-04" and dated[2].published_inferred
    events = merge_events(dated)
    calls = [e for e in events if e.plover == "CONSULT"]
    assert len(calls) == 1 and {r.article_id for r in calls[0].reports} == {"a", "b", "c"}
    assert calls[0].date == "2024-03-04"
    assert [e.plover for e in events if e is not calls[0]] == ["SANCTION"]
    assert [e.id for e in merge_events(dated)] == [e.id for e in events]  # stable ids


def test_merge_drops_negated_and_hypothetical(events_only) -> None:
    a = annotate(
        events_only, "Iran did not sign the agreement with France. Japan will impose sanctions on Russia."
    )
    assert len(a.events) == 2 and merge_events([a]) == []


def test_merge_keeps_apart_different_days_and_places() -> None:
    def event(day: str, place: str | None, aid: str) -> Event:
        return Event(
            id=aid,
            plover="CONSULT",
            cameo="040",
            source_actor=Actor("Xavier", "FRA"),
            target_actor=Actor("Yolanda", "ESP"),
            date=day,
            date_precision="day",
            location=place,
            time_text=day,
            reports=(EventReport(aid, 0, 5, "They met."),),
        )

    articles = [
        Article(id=aid, source=aid, text="They met.", published=day, events=(event(day, place, aid),))
        for aid, day, place in [
            ("a", "2024-03-01", "Madrid"),
            ("b", "2024-03-01", "Paris"),
            ("c", "2024-03-20", None),
        ]
    ]
    merged = merge_events(articles)
    assert len(merged) == 3 and len({e.id for e in merged}) == 3


def test_dyad_timeline_scores_cooperation_and_conflict() -> None:
    def event(eid: str, plover: str, day: str, mode: str | None = None) -> Event:
        return Event(eid, plover, None, Actor("China", "CHN"), Actor("Russia", "RUS"), date=day, mode=mode)

    events = [
        event("e1", "CONSULT", "2024-03-04", "phone"),
        event("e2", "ASSAULT", "2024-03-04"),
        event("e3", "AID", "2024-04-10"),
        replace(event("e4", "AID", "2024-04-11"), hypothetical=True),
        Event("e5", "CONSULT", None, Actor("China", "CHN"), Actor("India", "IND"), date="2024-03-04"),
    ]
    rows = dyad_timeline(events, "RUS", "CHN")
    assert [(r["period"], r["count"], r["events"]) for r in rows] == [
        ("2024-03-04", 2, ["e1", "e2"]),
        ("2024-04-10", 1, ["e3"]),
    ]
    assert rows[0]["score"] == pytest.approx(1.5 - 9.0) and rows[1]["score"] > 0
    assert [r["period"] for r in dyad_timeline(events, "china", "russia", by="month")] == [
        "2024-03",
        "2024-04",
    ]
    with pytest.raises(ValueError, match="by must be one of"):
        dyad_timeline(events, "CHN", "RUS", by="decade")


SPECS = [  # (plover, actor countries, date range, cameo prefix)
    ("CONSULT", {"CHN", "RUS"}, ("2025-02-24", "2025-02-24"), "04"),
    ("CONSULT", {"CHN", "RUS"}, ("2025-02-27", "2025-03-01"), "04"),
    ("ACCUSE", {"USA", "UKR"}, ("2025-02-28", "2025-02-28"), "11"),
    ("CONSULT", {"USA", "RUS"}, ("2025-02-17", "2025-02-21"), "04"),
]


def test_scenario_events_found_once_each(scenario_dir: Path) -> None:
    from parallax.clean import clean_document

    paths = sorted((scenario_dir / "articles").glob("*.txt"))
    raws = [RawDocument(source=str(p), content=p.read_text(encoding="utf-8"), format="text") for p in paths]
    articles = list(Pipeline()(clean_document(r) for r in raws))
    events = merge_events(infer_article_dates(articles))
    for plover, pair, (first, last), cameo in SPECS:
        found = [
            e
            for e in events
            if e.plover == plover
            and {a.country for a in (e.source_actor, e.target_actor) if a} == pair
            and first <= (e.date or "") <= last
        ]
        assert len(found) == 1, (plover, pair, first, found)
        assert (found[0].cameo or "").startswith(cameo)
    call = next(e for e in events if e.date == "2025-02-24" and e.plover == "CONSULT")
    assert call.initiator is not None and "Putin" in call.initiator.name
    assert len({r.article_id for r in call.reports}) == 5


def stated_event(
    eid: str, target: Actor, day: str, inferred: bool = False, place: str | None = None
) -> Event:
    return Event(
        id=eid,
        plover="CONSULT",
        cameo="041",
        source_actor=Actor("Olaf Scholz", "DEU"),
        target_actor=target,
        date=day,
        date_precision="day",
        date_inferred=inferred,
        location=place,
        time_text=None if inferred else day,
        reports=(EventReport(eid, 0, 4, "Met."),),
    )


def as_articles(*events: Event) -> list[Article]:
    return [Article(id=e.id, source=e.id, text="Met.", published=e.date, events=(e,)) for e in events]


def test_same_countries_but_other_named_people_stay_apart() -> None:
    macron, barnier = Actor("Emmanuel Macron", "FRA"), Actor("Michel Barnier", "FRA")
    merged = merge_events(
        as_articles(stated_event("a", macron, "2024-03-04"), stated_event("b", barnier, "2024-03-04"))
    )
    assert len(merged) == 2


def test_a_publication_day_date_joins_the_same_peoples_event_of_the_week_before() -> None:
    macron = Actor("Emmanuel Macron", "FRA")
    merged = merge_events(
        as_articles(
            stated_event("a", macron, "2024-03-04"), stated_event("b", macron, "2024-03-09", inferred=True)
        )
    )
    assert len(merged) == 1 and merged[0].date == "2024-03-04"
    apart = merge_events(
        as_articles(
            stated_event("a", macron, "2024-03-04"), stated_event("b", macron, "2024-03-20", inferred=True)
        )
    )
    assert len(apart) == 2
