"""Latency of the web UI on a 100,000-article store, against a real uvicorn server on 127.0.0.1.

The store is built from the AllSides sample (3,000 real articles) replicated with varied
ids, dates and outlets, all with DuckDB ``INSERT ... SELECT``; stories group articles by
(topic, month, copy). Prints p50/p95/max per page over a bounded number of sequential
requests on one keep-alive connection.

    .venv/bin/python benchmarks/web_latency.py                 # 100,000 articles, 200 requests per page
    .venv/bin/python benchmarks/web_latency.py --articles 20000 --requests 50
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from parallax.store import Store

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides_sample" / "articles_sample.jsonl"
SERVER = (
    "import sys, uvicorn; from pathlib import Path; from parallax.api import create_app; "
    "uvicorn.run(create_app(Path(sys.argv[1])), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')"
)


def read_sample(path: Path) -> pa.Table:
    """The sample's fields we store, as one Arrow table."""
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            rows.append({
                "sid": r["ID"], "topic": r.get("topic") or "misc", "outlet": r.get("source") or "unknown",
                "url": r.get("url"), "day": r.get("date"), "author": r.get("authors"), "title": r.get("title"),
                "text": r.get("content_original") or "",
            })  # fmt: skip
    return pa.Table.from_pylist(rows)


def build_store(db: Path, articles: int) -> dict[str, int]:
    """Create the store at ``db`` with ``articles`` replicated sample articles and their stories."""
    db.unlink(missing_ok=True)
    Store(db)  # applies the schema
    sample = read_sample(SAMPLE)
    copies = math.ceil(articles / sample.num_rows)
    con = duckdb.connect(str(db))
    con.register("sample", sample)
    con.execute(
        """
        INSERT INTO articles (id, source, source_id, url, outlet, title, author, published, language, text, raw,
                              content_hash, story_id)
        SELECT 'art_' || substr(md5(s.sid || '#' || k), 1, 16), 'allsides#' || s.sid || '#' || k, s.sid, s.url,
               CASE WHEN k % 3 = 0 THEN s.outlet ELSE s.outlet || ' (ed. ' || (k % 7) || ')' END,
               s.title, s.author,
               coalesce(TRY_CAST(s.day AS DATE), DATE '2016-06-01') + CAST(k * 37 AS INTEGER),
               'en', s.text, s.text, md5(s.text || k),
               'sto_' || substr(md5(s.topic || '#' || k || '#' ||
                   strftime(coalesce(TRY_CAST(s.day AS DATE), DATE '2016-06-01'), '%Y-%m')), 1, 16)
        FROM sample s, range(?) t(k)
        ORDER BY k, s.sid
        LIMIT ?
        """,
        [copies, articles],
    )
    con.execute(
        """
        INSERT INTO stories (id, title, article_ids, outlets, first_published, last_published, article_count,
                             consensus, discrepancies, framing, voices, omissions)
        SELECT story_id, first(title ORDER BY published, id), list(id ORDER BY published, id),
               list(DISTINCT outlet), min(published), max(published), count(*),
               json_array(json_object('claim', first(title ORDER BY id), 'article_ids', list(id ORDER BY id)[1:3])),
               '[]', '[]',
               CAST(json_group_object(outlet, json_object('a spokesperson', 1.0)) AS VARCHAR),
               '{}'
        FROM articles GROUP BY story_id
        """
    )
    con.close()
    Store(db).reindex()  # the search index, as write_articles would have written it
    con = duckdb.connect(str(db))
    counts = {
        "articles": con.execute("SELECT count(*) FROM articles").fetchone()[0],
        "stories": con.execute("SELECT count(*) FROM stories").fetchone()[0],
        "largest_story": con.execute("SELECT max(article_count) FROM stories").fetchone()[0],
    }
    con.close()
    return counts


def pick_stories(db: Path) -> dict[str, str]:
    """The largest story and one of median size: the two story pages timed."""
    con = duckdb.connect(str(db), read_only=True)
    largest = con.execute("SELECT id FROM stories ORDER BY article_count DESC, id LIMIT 1").fetchone()[0]
    median = con.execute(
        "SELECT id FROM stories ORDER BY article_count, id LIMIT 1 OFFSET (SELECT count(*) // 2 FROM stories)"
    ).fetchone()[0]
    con.close()
    return {"largest": largest, "median": median}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_page(port: int, path: str, requests: int) -> list[float]:
    """Milliseconds per request for ``requests`` sequential GETs after 5 warm-up requests."""
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = []
    for i in range(requests + 5):
        start = time.perf_counter()
        con.request("GET", path)
        response = con.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {response.status}")
        if i >= 5:
            timings.append(1000 * (time.perf_counter() - start))
    con.close()
    return timings


def wait_for(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--db", type=Path, default=Path("/tmp/parallax_web_latency.duckdb"))
    parser.add_argument("--reuse", action="store_true", help="time an existing --db instead of rebuilding it")
    args = parser.parse_args()
    if not args.reuse:
        start = time.perf_counter()
        counts = build_store(args.db, args.articles)
        print(f"built {args.db}: {counts} in {time.perf_counter() - start:.1f} s")
    stories = pick_stories(args.db)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(args.db), str(port)])
    try:
        start = time.perf_counter()
        wait_for(port, proc)
        print(f"server ready in {time.perf_counter() - start:.1f} s (opens the store, caches article leads)")
        pages = {"/": "/", "story (largest)": f"/stories/{stories['largest']}",
                 "story (median)": f"/stories/{stories['median']}", "/api/stories": "/api/stories",
                 "search": "/search?q=senate+vote"}  # fmt: skip
        print(f"{'page':<18}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for name, path in pages.items():
            t = sorted(
                time_page(port, path, args.requests if name != "search" else max(10, args.requests // 10))
            )
            p95 = t[min(len(t) - 1, math.ceil(0.95 * len(t)) - 1)]
            print(f"{name:<18}{len(t):>5}{statistics.median(t):>9.1f}{p95:>9.1f}{t[-1]:>9.1f}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
