import json
from pathlib import Path

import pytest

from parallax.model import Article
from parallax.stories.cluster import StoryClusterer, link_related

VISIT = [
    (
        "a1",
        "2024-05-02",
        "Prime Minister Sato visits Canberra for trade talks",
        "Japanese Prime Minister Sato arrived in Canberra on Thursday for trade talks with Australian Prime "
        "Minister Lee, focused on lithium exports, liquefied gas contracts and a new shipping corridor.",
    ),
    (
        "a2",
        "2024-05-02",
        "Sato and Lee open Canberra trade talks on lithium and gas",
        "Talks in Canberra between Sato and Lee opened with lithium exports and gas contracts on the table, "
        "officials said, as Japan seeks a shipping corridor deal before the summer.",
    ),
    (
        "a3",
        "2024-05-03",
        "Japan and Australia sign lithium deal in Canberra",
        "Sato and Lee signed a lithium export agreement in Canberra on Friday, ending two days of trade talks "
        "that also covered gas contracts and a shipping corridor.",
    ),
]
QUAKE = ("b1", "2024-05-02", "Earthquake shakes northern Chile, no casualties reported",
         "A magnitude 6.1 earthquake struck northern Chile on Thursday near Antofagasta; emergency services "
         "reported no casualties and copper mines paused operations for inspections.")  # fmt: skip
SUMMIT = ("c1", "2024-05-07", "Sato hosts Lee in Tokyo at naval summit",
          "Prime Minister Sato hosted Lee in Tokyo on Tuesday for a naval summit on submarine patrols, coastguard drills "
          "and radar stations in the Pacific, a separate meeting from last week's trade round.")  # fmt: skip


def make(row) -> Article:
    aid, day, title, text = row
    return Article(id=aid, source=aid, text=text, title=title, published=day, outlet=f"outlet-{aid}")


def test_same_story_joins_and_other_story_does_not() -> None:
    c = StoryClusterer()
    ids = [c.add(make(r)) for r in VISIT]
    assert len(set(ids)) == 1
    assert c.add(make(QUAKE)) != ids[0]


def test_story_id_is_stable_and_founded_by_first_article() -> None:
    first = [StoryClusterer().add(make(VISIT[0])) for _ in range(2)]
    assert first[0] == first[1]
    stories = StoryClusterer()
    for r in VISIT:
        stories.add(make(r))
    (story,) = stories.stories()
    assert story.article_ids == ("a1", "a2", "a3")
    assert story.first_published == "2024-05-02" and story.last_published == "2024-05-03"


def test_shared_actors_different_event_are_linked_not_merged() -> None:
    c = StoryClusterer()
    arts = [make(r) for r in [*VISIT, SUMMIT]]
    ids = [c.add(a) for a in arts]
    assert ids[3] != ids[0]
    linked = {s.id: s for s in link_related(c.stories(), arts)}
    assert ids[3] in linked[ids[0]].related_story_ids


def test_link_related_from_events() -> None:
    from parallax.model import Actor, Event, EventReport, Story

    sato, lee = Actor("Sato", "JPN", "ent_sato"), Actor("Lee", "AUS", "ent_lee")
    call = Event("ev1", "CONSULT", "040", sato, lee, reports=(EventReport("a1", 0, 5, "x"),))
    visit = Event("ev2", "CONSULT", "043", lee, sato, reports=(EventReport("c1", 0, 5, "y"),))
    quake = Event(
        "ev3", "DISASTER", None, Actor("Chile", "CHL"), None, reports=(EventReport("b1", 0, 5, "z"),)
    )
    stories = [
        Story("s1", "", ("a1",), (), "2024-05-02", "2024-05-02"),
        Story("s2", "", ("c1",), (), "2024-05-06", "2024-05-06"),
        Story("s3", "", ("b1",), (), "2024-05-02", "2024-05-02"),
    ]
    linked = {s.id: s.related_story_ids for s in link_related(stories, [call, visit, quake])}
    assert linked == {"s1": ("s2",), "s2": ("s1",), "s3": ()}


@pytest.fixture(scope="module")
def allsides_rows() -> list[dict]:
    path = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "story_clusters"
    if not path.exists():
        pytest.skip("../shared is absent")
    rows = [json.loads(line) for line in (path / "allsides_neus_stories.jsonl").open(encoding="utf-8")]
    return sorted(rows, key=lambda r: (r["date"], r["id"]))[:150]


def test_real_allsides_stories_cluster_well(allsides_rows) -> None:
    c = StoryClusterer()
    pred = {
        r["id"]: c.add(Article(id=r["id"], source="t", text=r["text"], title=r["title"], published=r["date"]))
        for r in allsides_rows
    }
    gold = {r["id"]: r["cluster_id"] for r in allsides_rows}
    same_gold = [(a, b) for a in gold for b in gold if a < b and gold[a] == gold[b]]
    same_pred = [(a, b) for a in pred for b in pred if a < b and pred[a] == pred[b]]
    recall = sum(pred[a] == pred[b] for a, b in same_gold) / len(same_gold)
    precision = sum(gold[a] == gold[b] for a, b in same_pred) / len(same_pred)
    # pairwise, first 150 articles: R 0.95, P 0.56 with the wordfreq background (P 0.74 with the old
    # table counted over AllSides itself): pre-2021 text holds "covid" rarely, so one week's four
    # COVID-vaccine stories merge until the stream's own counts catch up
    assert recall > 0.85 and precision > 0.5


def test_stories_outside_the_window_are_closed_and_stay_assigned() -> None:
    from parallax.model import Article
    from parallax.stories.cluster import StoryClusterer

    clusterer = StoryClusterer(window_days=3)
    early = Article(
        id="a1",
        source="s",
        text="Harbour strike halts grain exports from Velmore port.",
        published="2031-01-01",
    )
    late = Article(
        id="a2",
        source="s",
        text="Harbour strike halts grain exports from Velmore port.",
        published="2031-03-01",
    )
    first = clusterer.add(early)
    clusterer.add(Article(id="a3", source="s", text="Parliament passes the budget.", published="2031-02-27"))
    assert clusterer.close_stale_stories() >= 1
    assert clusterer.add(late) != first, "a story closed weeks ago takes no new article"
    assert clusterer.story_of("a1") == first
    assert any(s.id == first and s.article_ids == ("a1",) for s in clusterer.stories())


def test_the_options_window_holds_unless_a_window_is_given() -> None:
    from dataclasses import replace

    from parallax.stories.cluster import ClusterOptions

    def joined(clusterer: StoryClusterer) -> bool:
        first = clusterer.add(make(VISIT[0]))
        return clusterer.add(make(replace_day(VISIT[1], "2024-05-07"))) == first

    def replace_day(row, day):
        return (row[0], day, *row[2:])

    narrow = replace(ClusterOptions(), window_days=2)
    assert not joined(StoryClusterer(options=narrow)), "five days apart is outside a two-day window"
    assert joined(StoryClusterer(window_days=7, options=narrow)), "an explicit window overrides the options"
