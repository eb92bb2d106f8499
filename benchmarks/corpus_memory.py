"""Peak memory of the corpus stages per article, on a synthetic but realistic corpus.

Writes N synthetic annotated articles straight to a fresh store (no NLP: 40 outlets,
stories of 1-6 articles over 60 days, each article ~30 sentences with mentions, entities,
quotes, events, claims and framing cues of the sizes the NLP stages produce), then runs
the corpus stages alone (``analyze_corpus``) in a fresh process and prints the growth of
its peak resident memory over the process's memory just before, per article, and the CPU
time, after each corpus pass and at the end. "Just before" is after what a real run loads
once per process, whatever the corpus: the engine's ``Resources`` (settings, KB, spaCy
model), the sentence encoder (``Resources.encoder``), the clusterer's background word
frequencies, and whatever else the corpus stages import or load on first use (they run
once over a separate corpus of ``WARM_UP`` synthetic articles first); the store is opened
(schema checked) before the mark too, and the peak is reset there (Linux ``clear_refs``),
so the figure is the corpus stages' own growth. Run on demand:

    .venv/bin/python benchmarks/corpus_memory.py --articles 10000
    .venv/bin/python benchmarks/corpus_memory.py --articles 100000 --db /tmp/corpus-100k.duckdb
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from parallax.model import (
    Actor,
    Article,
    ClaimSpan,
    Cue,
    Entity,
    Event,
    EventReport,
    Figure,
    Mention,
    Quote,
    stable_id,
)

WORDS = [
    *[
        "talks",
        "minister",
        "border",
        "trade",
        "deal",
        "election",
        "court",
        "ruling",
        "protest",
        "vote",
        "budget",
        "tariff",
        "ceasefire",
    ],
    *[
        "troops",
        "summit",
        "sanctions",
        "inflation",
        "strike",
        "port",
        "grain",
        "energy",
        "pipeline",
        "drought",
        "flood",
        "storm",
    ],
    *[
        "hospital",
        "school",
        "police",
        "reform",
        "parliament",
        "senate",
        "governor",
        "mayor",
        "council",
        "union",
        "wage",
        "price",
    ],
    *[
        "bank",
        "market",
        "export",
        "import",
        "treaty",
        "envoy",
        "embassy",
        "refugee",
        "aid",
        "water",
        "dam",
        "river",
        "harbour",
        "airline",
    ],
]
NAMES = [f"{first} {last}" for first in ("Anna", "Jon", "Eva", "Li", "Omar", "Sara") for last in (
    "Berg", "Vik", "Holm", "Chen", "Haddad", "Novak", "Costa", "Ito")]  # fmt: skip
OUTLETS = [f"Outlet {i}" for i in range(40)]
SENTENCES = 30
WARM_UP = 200  # articles of the small corpus the measuring process runs the corpus stages over first


def synthetic_articles(n: int, seed: int = 7) -> Iterator[Article]:
    """n articles in stories of 1-6 outlets each, published over 60 days."""
    rng = random.Random(seed)
    made, story = 0, 0
    start = date(2031, 1, 1)
    while made < n:
        story += 1
        # each story its own words (the shared vocabulary of real news is what idf discounts)
        topic = [f"{w}{story}" for w in rng.sample(WORDS, 12)]
        people = rng.sample(NAMES, 3)
        day = start + timedelta(days=int(60 * made / n))
        for k in range(min(rng.randint(1, 6), n - made)):
            made += 1
            yield synthetic_article(rng, story, k, topic, people, day + timedelta(days=rng.randint(0, 2)))


def synthetic_article(rng: random.Random, story: int, k: int, topic, people, day: date) -> Article:
    aid = stable_id("art", story, k)
    sentences, mentions, quotes, claims, cues, spans = [], [], [], [], [], []
    pos = 0
    for i in range(SENTENCES):
        person = people[i % len(people)]
        words = " ".join(rng.choice(topic) for _ in range(14))
        count = rng.randint(2, 2000)
        s = f"{person} said the {words} had affected {count} {topic[0]}s on {day:%A}."
        mentions.append(Mention(pos, pos + len(person), person, "PERSON", f"name:person:{person.lower()}"))
        spans.append((pos, pos + len(s)))
        figure = Figure(str(count), str(count), topic[0], (topic[0],), (), ("affect",))
        claims.append(ClaimSpan(pos, pos + len(s), figures=(figure,)))
        cues.append(Cue(pos, pos + len(person), "person", person.split()[-1].lower(), person))
        if i % 10 == 0:
            quotes.append(Quote(stable_id("quo", aid, pos), pos, pos + len(s), s, "indirect", person))
        sentences.append(s)
        pos += len(s) + 1
    text = " ".join(sentences)
    entities = tuple(Entity(stable_id("ent", f"name:person:{p.lower()}"), p, "person", "NOR") for p in people)
    events = tuple(
        Event(
            stable_id("ev", aid, j),
            "CONSULT",
            "040",
            Actor(people[0], "NOR"),
            Actor(people[1], "SUD"),
            date=day.isoformat(),
            date_precision="day",
            reports=(EventReport(aid, spans[j][0], spans[j][1], sentences[j]),),
        )
        for j in range(2)
    )
    return Article(
        id=aid, source=f"synthetic/{aid}", text=text, outlet=OUTLETS[(story * 7 + k) % len(OUTLETS)],
        title=f"{people[0]} and {topic[0]} {topic[1]} {story}", published=day.isoformat(),
        content_hash=stable_id("hash", text), sentences=tuple(spans), mentions=tuple(mentions),
        entities=entities, quotes=tuple(quotes), events=events, claims=tuple(claims), cues=tuple(cues),
    )  # fmt: skip


def _plain(value):
    """A model object as the codec's JSON form (dataclasses.asdict's output, without its deep copies)."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in vars(value).items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def store_rows(articles: list[Article]) -> dict[str, list[dict]]:
    """The rows ``Store.write_articles`` writes for these articles, but the search index (the corpus
    stages never read it): built here because the store's own path costs ~10 ms per article."""
    from parallax.store import entity_id

    rows: dict[str, list[dict]] = {"articles": [], "mentions": [], "quotes": [], "entities": []}
    for a in articles:
        annotations = {
            key: _plain(getattr(a, key))
            for key in (
                "sentences",
                "terms",
                "events",
                "entities",
                "mentions",
                "quotes",
                "claims",
                "cues",
                "initiatives",
            )
        }
        rows["articles"].append(
            {"id": a.id, "source": a.source, "outlet": a.outlet, "title": a.title, "published": a.published,
             "published_inferred": False, "text": a.text, "content_hash": a.content_hash,
             "annotations": json.dumps(annotations, ensure_ascii=False)}
        )  # fmt: skip
        rows["mentions"] += [
            {"article_id": a.id, "start": m.start, "end": m.end, "text": m.text, "label": m.label,
             "entity_id": entity_id(m.entity_key)}
            for m in a.mentions
        ]  # fmt: skip
        rows["quotes"] += [
            {"id": q.id, "article_id": a.id, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
             "speaker": q.speaker}
            for q in a.quotes
        ]  # fmt: skip
        rows["entities"] += [
            {"id": e.id, "name": e.name, "type": e.type, "country": e.country} for e in a.entities
        ]
    return rows


def write_corpus(db: Path, n: int) -> None:
    """n synthetic articles straight into a fresh store, through Arrow in batches of 2,000."""
    import pyarrow as pa

    from parallax.store import Store
    from parallax.store.connection import connect_file

    if db.exists():
        db.unlink()
    Store(db)  # the schema
    con = connect_file(db, read_only=False)
    batch: list[Article] = []
    for article in synthetic_articles(n):
        batch.append(article)
        if len(batch) == 2000:
            _write(con, pa, batch)
            batch = []
    _write(con, pa, batch)
    con.close()


def _write(con, pa, batch: list[Article]) -> None:
    for table, rows in store_rows(batch).items():
        if rows:
            con.register("bulk", pa.Table.from_pylist(rows))
            columns = ", ".join(f'"{c}"' for c in rows[0])
            # table names are this script's constants
            con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM bulk ON CONFLICT DO NOTHING")
            con.unregister("bulk")


def reset_peak() -> None:
    """Start the peak resident memory (``ru_maxrss``) afresh from now (Linux: ``clear_refs``)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * (resource.getpagesize() // 1024)


def measure(db: Path, n: int, trace: bool, duckdb_memory: str | None) -> None:
    """In this (fresh) process: the corpus stages over the store, with peak memory growth per article.

    ``trace``: tracemalloc's largest live allocation sites at the end of the last pass (when
    everything the corpus stages keep corpus-wide is still alive); slows the run several times.
    """
    import tracemalloc

    from parallax.engine import corpus
    from parallax.resources import Resources
    from parallax.store import Store
    from parallax.stories.cluster import load_background_df

    load_background_df()
    if duckdb_memory:
        corpus.DUCKDB_LIMITS = replace(corpus.DUCKDB_LIMITS, memory_limit=duckdb_memory)
    resources = Resources.load()  # loaded once per process, before the mark: not the corpus stages' growth
    resources.encoder()
    with tempfile.TemporaryDirectory() as scratch:  # what the passes import and load on first use
        write_corpus(Path(scratch) / "warm.duckdb", WARM_UP)
        corpus.analyze_corpus(Store(Path(scratch) / "warm.duckdb"), resources)
    store = Store(db)
    if trace:
        compare = corpus.compare_stories

        def traced(*args, **kwargs):
            done = compare(*args, **kwargs)
            for stat in tracemalloc.take_snapshot().statistics("lineno")[:12]:
                print(f"  {stat.size / 1024:9.0f} KiB {stat.count:8d} blocks  {stat.traceback[0]}")
            return done

        corpus.compare_stories = traced
        tracemalloc.start()
    gc.collect()
    reset_peak()
    before = rss_kib()
    started, cpu = time.perf_counter(), time.process_time()
    for name in ("group_articles", "merge_reports", "relate_stories", "compare_stories"):
        setattr(corpus, name, _reporting(getattr(corpus, name), before, n, cpu))
    summary = corpus.analyze_corpus(store, resources)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    growth = max(0, peak - before)
    print(
        f"corpus stages, {n} articles: {summary.stories} stories, {summary.events} events, {seconds:.0f} s, "
        f"{cpu:.1f} CPU-s; peak RSS growth {growth / 1024:.0f} MiB = {growth * 1024 / n / 1000:.1f} KB per article"
    )


def _reporting(stage, before: int, n: int, cpu: float):
    """The stage, printing the peak RSS growth and CPU time so far when it ends (a long run shows progress)."""

    def run(*args, **kwargs):
        done = stage(*args, **kwargs)
        growth = max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
        print(
            f"  after {stage.__name__}: peak RSS growth {growth / 1024:.0f} MiB = "
            f"{growth * 1024 / n / 1000:.1f} KB per article, {time.process_time() - cpu:.1f} CPU-s",
            flush=True,
        )
        return done

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/parallax-corpus-memory.duckdb"))
    parser.add_argument(
        "--trace", action="store_true", help="print what is still allocated at the end (slow)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure the store --db holds, without writing it"
    )
    parser.add_argument(
        "--duckdb-memory", help="DuckDB's memory limit in the corpus stages (default: theirs)"
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure:
        measure(args.db, args.articles, args.trace, args.duckdb_memory)
        return
    if not args.reuse:
        started = time.perf_counter()
        write_corpus(args.db, args.articles)
        print(
            f"wrote {args.articles} synthetic articles in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
    cmd = [sys.executable, __file__, "--measure", "--articles", str(args.articles), "--db", str(args.db)]
    cmd += ["--trace"] if args.trace else []
    cmd += ["--duckdb-memory", args.duckdb_memory] if args.duckdb_memory else []
    subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
