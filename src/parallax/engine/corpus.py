"""Corpus stages over the store: duplicates, stories, dates, events, statements, comparison.

Streamed passes keep memory bounded by the largest story rather than the corpus: pass
one walks every article in publication order (text, dates, mentions, entities, events
only) through the duplicate index and the online story clusterer, keeping only ids;
pass two loads one story at a time to date it and align its statements; pass three
reloads one story at a time to compare it and writes the compared stories in batches
inside one rebuild transaction. Only the light per-article links and factual event lists
are gathered corpus-wide, so that one event reported in two stories (a follow-up, say)
is still counted once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from parallax.model import Article, Story
from parallax.settings import Settings
from parallax.store import Store
from parallax.stories import outlet_of

# what duplicate detection and story clustering read of an article besides its text and dates
ONLINE_ANNOTATIONS = frozenset({"mentions", "entities", "events"})


def slim(article: Article) -> Article:
    """What the event merge and the article links need: its factual events, no text, no other annotations."""
    events = tuple(e for e in article.events if not (e.negated or e.hypothetical))
    return replace(
        article, text="", raw="", title=None, author=None, url=None, dateline=None, mentions=(), entities=(),
        quotes=(), terms=(), sentences=(), claims=(), cues=(), initiatives=(), events=events,
    )  # fmt: skip


def make_story(story_id: str, articles: list[Article], title: str | None) -> Story:
    dates = sorted(a.published for a in articles if a.published)
    outlets = tuple(dict.fromkeys(outlet_of(a) for a in articles))
    return Story(
        id=story_id,
        title=title or next((a.title for a in articles if a.title), "") or "",
        article_ids=tuple(a.id for a in articles),
        outlets=outlets,
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
    )


def analyze_corpus(store: Store, settings: Settings):
    """Run the corpus stages over one open connection (a story at a time reads the store)."""
    with store.session():
        return _analyze_corpus(store, settings)


def _analyze_corpus(store: Store, settings: Settings):
    from parallax.engine.local import CorpusSummary
    from parallax.nlp.entities import canonicalize_entities
    from parallax.stories.align import align_statements
    from parallax.stories.cluster import StoryClusterer, link_related
    from parallax.stories.compare import compare_story
    from parallax.stories.dedupe import DuplicateIndex
    from parallax.stories.events import infer_article_dates, merge_events

    duplicates = DuplicateIndex(
        threshold=settings.near_duplicate_threshold, window_days=settings.story_window_days
    )
    clusterer = StoryClusterer(window_days=settings.story_window_days)
    duplicate_of: dict[str, str | None] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for article in store.iter_articles(keep=ONLINE_ANNOTATIONS):
        duplicate_of[article.id] = duplicates.check_and_add(article)
        members[clusterer.add(article)].append(article.id)

    titles = clusterer.titles() if hasattr(clusterer, "titles") else {}
    stories: list[Story] = []
    links: dict[str, Article] = {}
    statement_ids: dict[str, str] = {}
    for story_id, ids in members.items():
        articles = [
            replace(a, story_id=story_id, duplicate_of=duplicate_of.get(a.id))
            for a in store.load_articles(ids)
        ]
        articles = infer_article_dates(articles)
        statement_ids.update(align_statements(articles))
        stories.append(make_story(story_id, articles, titles.get(story_id)))
        links.update((a.id, slim(a)) for a in articles)

    events = merge_events(list(links.values()))
    events_of_article: dict[str, set[str]] = defaultdict(set)
    for event in events:
        for report in event.reports:
            events_of_article[report.article_id].add(event.id)
    # related stories read only article ids, dates and events, none of the comparison
    stories = link_related(stories, events)
    story_of_article = {aid: s.id for s in stories for aid in s.article_ids}
    position = {e.id: i for i, e in enumerate(events)}
    merges = canonicalize_entities(store.iter_entities())

    with store.rebuild() as derived:
        compared: list[Story] = []
        for story in stories:
            event_ids = sorted({e for aid in story.article_ids for e in events_of_article.get(aid, ())})
            story = replace(story, event_ids=tuple(event_ids))
            story_events = [events[i] for i in sorted(position[e] for e in event_ids)]
            compared.append(compare_story(story, _reload(store, story, links, statement_ids), story_events))
            if len(compared) >= settings.batch_size:
                derived.add_stories(compared)
                compared = []
        derived.add_stories(compared)
        derived.add_events(events, story_of_article)
        derived.link_articles(links.values())
        derived.set_statements(statement_ids)
        derived.merge_entities(merges)
    return CorpusSummary(
        articles=len(links),
        duplicates=sum(1 for v in duplicate_of.values() if v),
        stories=len(stories),
        events=len(events),
        statements=len(set(statement_ids.values())),
    )


def _reload(
    store: Store, story: Story, links: dict[str, Article], statement_ids: dict[str, str]
) -> list[Article]:
    """A story's articles for the comparison, with the links and statements the corpus stages found."""
    out = []
    for a in store.load_articles(list(story.article_ids)):
        link = links.get(a.id, a)
        quotes = tuple(replace(q, statement_id=statement_ids.get(q.id)) for q in a.quotes)
        out.append(
            replace(
                a, story_id=story.id, duplicate_of=link.duplicate_of, published=link.published,
                published_inferred=link.published_inferred, quotes=quotes,
            )
        )  # fmt: skip
    return out
