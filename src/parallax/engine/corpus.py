"""Corpus stages over the store: duplicates, stories, dates, events, statements, comparison.

Memory is bounded by the story window and the largest story, not by the corpus; corpus-wide
only ids (each article's story, each duplicate's original, related stories) and a title and two
dates per story stay in memory. Pass one streams every article in publication order, reading
only what duplicate detection and clustering use, through the duplicate index and the online
clusterer (both forget what fell out of the story window) and writes each article's factual
reports, re-dated, to a scratch table. Pass two merges the reports in date order within a
sliding window (``EventMerger``) into scratch tables, and relates stories sharing their main
actors by a sweep in date order. Pass three loads each story once, dates it, aligns its
statements and compares it, writing the compared stories, article links and statement ids in
batches inside one rebuild transaction, so readers never see half a rebuild.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from itertools import islice
from typing import TYPE_CHECKING

import duckdb

from parallax.model import Article, Event, Story
from parallax.settings import Settings
from parallax.store import Limits, Store
from parallax.store.work import CorpusWork
from parallax.stories import outlet_of

if TYPE_CHECKING:
    from parallax.engine.local import CorpusSummary
    from parallax.resources import Resources

# what duplicate detection and story clustering read of an article besides its text and dates
ONLINE_ANNOTATIONS = frozenset({"mentions", "entities", "events"})
REPORT_BATCH = 4096  # reports (alone or in merged events) per scratch-table insert
# DuckDB in the corpus stages: a bounded cache (by default 80% of the machine's memory, which its cache of
# the pages read grew into with the corpus), sorts past it spilling to the store's temporary directory;
# no query of the corpus stages needs the insertion order kept (each has its ORDER BY)
DUCKDB_LIMITS = Limits(memory_limit="128MB", preserve_insertion_order=False)
LARGEST_MB = 8192  # past this, a run that ran out of DuckDB's memory runs again with DuckDB's default
log = logging.getLogger(__name__)


@dataclass
class Grouping:
    """What pass one leaves for the others: ids, a title and the publication span of each story."""

    members: dict[str, list[str]]  # story id -> its article ids, in publication order
    duplicate_of: dict[str, str]  # duplicate article id -> the original's
    titles: dict[str, str]
    spans: dict[str, tuple[str, str]]  # story id -> first and last publication day (ISO)


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


def analyze_corpus(store: Store, resources: Resources) -> CorpusSummary:
    """Run the corpus stages over one open connection, with scratch tables dropped at the end.

    The sentence encoder loads first (once per process, like the model and the KB), not in the
    middle of a pass. Where DuckDB runs out of its memory limit (it cannot spill everything: at
    100,000 synthetic articles 128 MB ran out in the event merge), the stages run again with
    four times the limit, up to DuckDB's own default; a failed run has changed nothing (the
    rebuild is one transaction, the scratch tables are made afresh).
    """
    resources.encoder()
    limits = DUCKDB_LIMITS
    while True:
        try:
            with store.session(limits):
                work = CorpusWork(store)
                work.create()
                try:
                    return _analyze_corpus(store, resources.settings, work)
                finally:
                    work.drop()
        except duckdb.OutOfMemoryException:
            if limits.memory_limit is None:
                raise
            grown = larger(limits.memory_limit)
            log.warning(
                "corpus stages: out of DuckDB's %s, again with %s",
                limits.memory_limit,
                grown or "its default",
            )
            limits = replace(limits, memory_limit=grown)


def larger(memory_limit: str) -> str | None:
    """Four times this DuckDB memory size, in MB; None (DuckDB's default) past ``LARGEST_MB``."""
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT])i?B", memory_limit.strip()).groups()
    mb = float(number) * {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024**2}[unit] * 4
    return None if mb > LARGEST_MB else f"{mb:.0f}MB"


def _analyze_corpus(store: Store, settings: Settings, work: CorpusWork) -> CorpusSummary:
    from parallax.engine.local import CorpusSummary
    from parallax.nlp.entities import canonicalize_entities

    grouping = group_articles(store, settings, work)
    events = merge_reports(work)
    work.set_stories(grouping.members)
    related = relate_stories(work, grouping)
    work.index_story_events()
    merges = canonicalize_entities(store.iter_entities())
    with store.rebuild() as derived:
        statements = compare_stories(store, work, grouping, related, derived, settings.batch_size)
        derived.add_work_events()
        derived.merge_entities(merges)
    return CorpusSummary(
        articles=sum(len(ids) for ids in grouping.members.values()),
        duplicates=len(grouping.duplicate_of),
        stories=len(grouping.members),
        events=events,
        statements=statements,
    )


def group_articles(store: Store, settings: Settings, work: CorpusWork) -> Grouping:
    """Pass one: duplicates and stories in publication order; every factual report, re-dated, to scratch.

    An undated article's reports wait for the end of the pass, when its story's earliest date
    (the date it is given, ``infer_article_dates``) is known; only those wait in memory.
    """
    from parallax.stories.cluster import StoryClusterer
    from parallax.stories.dedupe import DuplicateIndex
    from parallax.stories.events import redate_event

    duplicates = DuplicateIndex(
        threshold=settings.near_duplicate_threshold, window_days=settings.story_window_days
    )
    clusterer = StoryClusterer(window_days=settings.story_window_days)
    grouping = Grouping({}, {}, {}, {})
    order: dict[str, int] = {}
    reports: list[tuple[int, int, int, Event]] = []
    undated: list[tuple[str, int, int, list[Event]]] = []
    for article in store.iter_articles(keep=ONLINE_ANNOTATIONS):
        original = duplicates.check_and_add(article)
        if original:
            grouping.duplicate_of[article.id] = original
        story_id = clusterer.add(article)
        seq = order.setdefault(story_id, len(order))
        ids = grouping.members.setdefault(story_id, [])
        ids.append(article.id)
        factual = [e for e in article.events if not (e.negated or e.hypothetical)]
        if article.published:
            first, last = grouping.spans.get(story_id, (article.published, article.published))
            grouping.spans[story_id] = (min(first, article.published), max(last, article.published))
            reports += [
                (seq, len(ids) - 1, k, redate_event(e, article.published)) for k, e in enumerate(factual)
            ]
        elif factual:
            undated.append((story_id, seq, len(ids) - 1, factual))
        if len(reports) >= REPORT_BATCH:
            work.add_reports(reports)
            reports = []
    for story_id, seq, pos, factual in undated:
        published = grouping.spans.get(story_id, (None,))[0]
        reports += [(seq, pos, k, redate_event(e, published)) for k, e in enumerate(factual)]
    work.add_reports(reports)
    grouping.titles = clusterer.titles()
    return grouping


def merge_reports(work: CorpusWork) -> int:
    """Pass two: the reports merged into events in date order, in scratch with distinct ids; returns how many."""
    from parallax.stories.events import EventMerger, distinct_id

    merger = EventMerger()
    done: list[Event] = []
    count = reports = 0
    for seq, event in work.iter_reports():
        finished = [e for _, e in merger.add(seq, event)]
        done += finished
        reports += sum(len(e.reports) for e in finished)
        if reports >= REPORT_BATCH:  # by reports: one merged event can hold thousands of them
            work.add_events(done)
            count, done, reports = count + len(done), [], 0
    done += [e for _, e in merger.finish()]
    work.add_events(done)
    work.rename_shared(distinct_id)  # as ``unique_ids`` over every merged event, a slice at a time
    return count + len(done)


def relate_stories(work: CorpusWork, grouping: Grouping) -> dict[str, set[str]]:
    """Stories sharing their main actors (those in the events of half their articles), by a sweep in date order."""
    from parallax.stories.cluster import sweep_related

    main: dict[str, set[str]] = {}
    for story_id, actor, count in work.actor_counts():
        if count >= max(1, len(grouping.members[story_id]) // 2):
            main.setdefault(story_id, set()).add(actor)
    spans = grouping.spans
    return sweep_related(
        (sid, *spans.get(sid, (None, None)), frozenset(main.get(sid, ()))) for sid in grouping.members
    )


def compare_stories(
    store: Store, work: CorpusWork, grouping: Grouping, related: dict[str, set[str]], derived, batch: int
) -> int:
    """Pass three: each story loaded once (as soon as its articles are read), dated, its statements
    aligned, compared and written; returns how many statements there are."""
    from parallax.stories.align import align_statements
    from parallax.stories.compare import compare_story
    from parallax.stories.events import infer_article_dates

    statements = 0
    order = list(grouping.members)
    stories = work.iter_stories([len(ids) for ids in grouping.members.values()])
    while chunk := list(islice(stories, batch)):
        events_of = work.story_events([seq for seq, _ in chunk])
        compared: list[Story] = []
        links: list[Article] = []
        statement_ids: dict[str, str] = {}
        for seq, stored in chunk:
            story_id = order[seq]
            articles = infer_article_dates(
                [replace(a, story_id=story_id, duplicate_of=grouping.duplicate_of.get(a.id)) for a in stored]
            )
            aligned = align_statements(articles)
            statements += len(set(aligned.values()))
            articles = [
                replace(a, quotes=tuple(replace(q, statement_id=aligned.get(q.id)) for q in a.quotes))
                for a in articles
            ]
            story_events = events_of.get(seq, [])
            story = replace(
                make_story(story_id, articles, grouping.titles.get(story_id)),
                event_ids=tuple(sorted(e.id for e in story_events)),
                related_story_ids=tuple(sorted(related.get(story_id, ()))),
            )
            compared.append(compare_story(story, articles, story_events))
            links += articles
            statement_ids.update(aligned)
        derived.add_stories(compared)
        derived.link_articles(links)
        derived.set_statements(statement_ids)
    return statements
