"""Corpus stages over the store: duplicates, stories, dates, events, statements, comparison.

Two streamed passes keep memory bounded by the largest story rather than the corpus:
pass one walks every article in publication order through the duplicate index and the
online story clusterer, keeping only ids; pass two loads one story at a time. Only the
light per-article event lists are gathered corpus-wide, so that one event reported in
two stories (a follow-up, say) is still counted once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from parallax.model import Article, Story
from parallax.settings import Settings
from parallax.store import Store
from parallax.stories import outlet_of


def slim(article: Article) -> Article:
    """What the corpus-wide event merge needs of an article: no text, no other annotations."""
    return replace(
        article, text="", raw="", mentions=(), entities=(), quotes=(), terms=(), sentences=(),
        claims=(), cues=(), initiatives=(),
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
    for article in store.iter_articles():
        duplicate_of[article.id] = duplicates.check_and_add(article)
        members[clusterer.add(article)].append(article.id)

    titles = clusterer.titles() if hasattr(clusterer, "titles") else {}
    stories: list[Story] = []
    story_articles: dict[str, list[Article]] = {}
    slim_articles: list[Article] = []
    statement_ids: dict[str, str] = {}
    for story_id, ids in members.items():
        articles = [
            replace(a, story_id=story_id, duplicate_of=duplicate_of.get(a.id))
            for a in store.load_articles(ids)
        ]
        articles = infer_article_dates(articles)
        found = align_statements(articles)
        statement_ids.update(found)
        articles = [
            replace(a, quotes=tuple(replace(q, statement_id=found.get(q.id)) for q in a.quotes))
            for a in articles
        ]
        stories.append(make_story(story_id, articles, titles.get(story_id)))
        story_articles[story_id] = articles if len(members) <= settings.batch_size else []
        slim_articles.extend(slim(a) for a in articles)

    events = merge_events(slim_articles)
    events_of_article: dict[str, set[str]] = defaultdict(set)
    for event in events:
        for report in event.reports:
            events_of_article[report.article_id].add(event.id)

    compared: list[Story] = []
    for story in stories:
        event_ids = sorted({e for aid in story.article_ids for e in events_of_article.get(aid, ())})
        story = replace(story, event_ids=tuple(event_ids))
        articles = story_articles.get(story.id) or _reload(store, story, slim_articles, statement_ids)
        story_events = [e for e in events if e.id in set(event_ids)]
        compared.append(compare_story(story, articles, story_events))
    compared = link_related(compared, events)

    merges = canonicalize_entities(store.iter_entities())
    store.replace_derived(slim_articles, compared, events, statement_ids, merges)
    return CorpusSummary(
        articles=len(slim_articles),
        duplicates=sum(1 for v in duplicate_of.values() if v),
        stories=len(compared),
        events=len(events),
        statements=len(set(statement_ids.values())),
    )


def _reload(
    store: Store, story: Story, slim_articles: list[Article], statement_ids: dict[str, str]
) -> list[Article]:
    """Reload a story's articles for the comparison when the corpus was too big to keep them."""
    links = {a.id: a for a in slim_articles if a.story_id == story.id}
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
