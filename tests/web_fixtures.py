"""A small fictional store for the API, browser and report tests, written through ``parallax.store.Store``.

Two stories from three invented outlets, plus one hostile article whose every field
carries markup and script, to prove the interfaces escape what they show.
"""

from __future__ import annotations

from pathlib import Path

from parallax.model import Actor, Article, Entity, Event, EventReport, Mention, Quote, Story, Term
from parallax.store import Store, entity_id

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>'

OTTAWA = entity_id("name:government:canada")
MEXICO = entity_id("name:government:mexico")
MINISTER = entity_id("name:person:ana ruiz")


def _spans(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _article(aid: str, outlet: str, title: str, published: str, text: str, **extra) -> Article:
    mentions, quotes, terms = [], [], []
    for needle, label, ekey in (("Ottawa", "GOV", "canada"), ("Mexico City", "GOV", "mexico")):
        if needle in text:
            s, e = _spans(text, needle)
            mentions.append(Mention(s, e, needle, label, f"name:government:{ekey}"))
    if "Ana Ruiz" in text:
        s, e = _spans(text, "Ana Ruiz")
        mentions.append(Mention(s, e, "Ana Ruiz", "PERSON", "name:person:ana ruiz"))
    if "“" in text:
        s = text.index("“")
        e = text.index("”", s) + 1
        quotes.append(Quote(f"quo_{aid}", s, e, text[s:e], "direct", "Ana Ruiz", MINISTER, cue="said",
                            statement_id="stm_quota"))  # fmt: skip
    if "'cod war'" in text:
        s, e = _spans(text, "'cod war'")
        terms.append(Term(s, e, "'cod war'"))
    entities = (
        Entity(OTTAWA, "Government of Canada", "government", "CAN"),
        Entity(MEXICO, "Government of Mexico", "government", "MEX"),
        Entity(MINISTER, "Ana Ruiz", "person", "MEX", roles=("fisheries minister",)),
    )
    return Article(
        id=aid, source=f"fixture/{aid}.txt", text=text, raw="RAW PAGE\n" + text, outlet=outlet, title=title,
        published=published, language="en", content_hash=aid, mentions=tuple(mentions), entities=entities,
        quotes=tuple(quotes), terms=tuple(terms), **extra,
    )  # fmt: skip


ARTICLES = [
    _article(
        "art_ledger1",
        "Northern Ledger",
        "Ottawa and Mexico City agree on cod quotas",
        "2025-03-04",
        "HALIFAX (Ledger) — Ottawa and Mexico City agreed on Tuesday to cut cod quotas by a fifth.\n\n"
        "“We share one ocean and one responsibility,” said Ana Ruiz, the fisheries minister.\n\n"
        "The deal runs for three years.",
        dateline="HALIFAX",
    ),
    _article(
        "art_gulf1",
        "Gulf Wire",
        "Quota deal ends 'cod war', ministers say",
        "2025-03-04",
        "Ottawa and Mexico City signed a quota deal on Tuesday, ending what critics called a 'cod war'.\n\n"
        "“We share one ocean and one responsibility,” Ana Ruiz told reporters.\n\n"
        "Fishing groups said the cut was too deep.",
    ),
    _article(
        "art_post1",
        "Capital Post",
        "Fishing fleets fear quota cut",
        "2025-03-05",
        "Fishing groups in Nova Scotia warned on Wednesday that a new deal between Ottawa and Mexico City "
        "would cost jobs.\n\nThe agreement cuts cod quotas by a quarter, the groups said.",
    ),
    _article(
        "art_post2",
        "Capital Post",
        "Port strike enters second week",
        "2025-02-20",
        "Dock workers in Veracruz stayed off the job for an eighth day on Thursday.",
    ),
    _article(
        "art_gulf2",
        "Gulf Wire",
        "Quota deal ends 'cod war', ministers say",
        "2025-03-04",
        "Ottawa and Mexico City signed a quota deal on Tuesday, ending what critics called a 'cod war'.\n\n"
        "“We share one ocean and one responsibility,” Ana Ruiz told reporters.\n\n"
        "Fishing groups said the cut was too deep.",
        duplicate_of="art_gulf1",
    ),
    _article(
        "art_hostile",
        f"Evil Outlet {HOSTILE}",
        f"Hostile {HOSTILE}",
        "2025-01-10",
        f"=HYPERLINK(1) Body starts. {HOSTILE} Ottawa replied. javascript:alert(1)",
        author=f"Mallory {HOSTILE}",
        url="javascript:alert(1)",
        dateline=f"X{HOSTILE}",
    ),
]

EVENTS = [
    Event("evt_agree", "AGREE", "057", Actor("Government of Canada", "CAN", OTTAWA),
          Actor("Government of Mexico", "MEX", MEXICO), date="2025-03-04", date_precision="day",
          reports=(EventReport("art_ledger1", 20, 80, "Ottawa and Mexico City agreed on Tuesday."),
                   EventReport("art_gulf1", 0, 60, "Ottawa and Mexico City signed a quota deal."))),
    Event("evt_consult", "CONSULT", "036", Actor("Government of Mexico", "MEX", MEXICO),
          Actor("Government of Canada", "CAN", OTTAWA), date="2025-02-26", date_precision="day",
          reports=(EventReport("art_post1", 0, 40, "Ministers met in February."),)),
]  # fmt: skip

STORIES = [
    Story(
        "sto_quota", "Canada and Mexico cut cod quotas", ("art_ledger1", "art_gulf1", "art_post1", "art_gulf2"),
        ("Northern Ledger", "Gulf Wire", "Capital Post"), "2025-03-04", "2025-03-05",
        event_ids=("evt_agree", "evt_consult"),
        consensus=({"claim": "Ottawa and Mexico City agreed to cut cod quotas",
                    "article_ids": ["art_ledger1", "art_gulf1", "art_post1"]},),
        discrepancies=({"about": "size of the cut", "sides": [
            {"claim": "quotas cut by a fifth", "article_ids": ["art_ledger1"]},
            {"claim": "quotas cut by a quarter", "article_ids": ["art_post1"]}]},),
        framing=({"article_id": "art_gulf1", "outlet": "Gulf Wire", "text": "'cod war'", "start": 84, "end": 93,
                  "about": "the dispute"},),
        voices={"Northern Ledger": {"Ana Ruiz": 1.0}, "Gulf Wire": {"Ana Ruiz": 0.5, "fishing groups": 0.5},
                "Capital Post": {"fishing groups": 1.0}},
        omissions={"Capital Post": ["Ana Ruiz said both countries share one ocean"]},
    ),
    Story("sto_strike", "Veracruz port strike", ("art_post2",), ("Capital Post",), "2025-02-20", "2025-02-20"),
    Story("sto_hostile", f"Story {HOSTILE}", ("art_hostile",), (f"Evil Outlet {HOSTILE}",), "2025-01-10",
          "2025-01-10", framing=({"article_id": "art_hostile", "outlet": HOSTILE, "text": HOSTILE,
                                  "start": 27, "end": 27 + len(HOSTILE), "about": HOSTILE},),
          voices={HOSTILE: {HOSTILE: 1.0}}, omissions={HOSTILE: [HOSTILE]}),
]  # fmt: skip


def build_store(path: Path) -> Path:
    """Write the fixture articles, stories and events into a fresh store at ``path``."""
    store = Store(path)
    story_of = {aid: s.id for s in STORIES for aid in s.article_ids}
    articles = [a.__class__(**{**a.__dict__, "story_id": story_of.get(a.id)}) for a in ARTICLES]
    store.write_articles(articles)
    statements = {q.id: q.statement_id for a in articles for q in a.quotes if q.statement_id}
    store.replace_derived(articles, STORIES, EVENTS, statements, {})
    return path
