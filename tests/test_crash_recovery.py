"""kill -9 in the middle of an ingest: the store stays consistent and a re-run completes it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import duckdb

TEMPLATE = (
    "Officials in {city} said on Monday that the harbour at {city} would reopen to freight ships after "
    '{n} days of repairs. "The cranes are working again," said port director Ana Vell, according to the '
    "local news agency. Traders said prices of grain had risen by {n} percent during the closure."
)
CITIES = ["Velmore", "Arden", "Norrin", "Kesland", "Tarvik", "Ostrel", "Brana", "Celd", "Dunmar", "Essen"]


def write_corpus(path, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text = TEMPLATE.format(city=CITIES[i % len(CITIES)], n=i + 2)
            f.write(
                json.dumps(
                    {"id": f"r{i}", "outlet": f"Outlet {i % 7}", "published": "2031-03-03", "text": text}
                )
            )
            f.write("\n")


def analyze(corpus, db) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "parallax.cli", "analyze", str(corpus), "--db", str(db), "--batch-size", "8"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_kill_mid_ingest_then_rerun(tmp_path) -> None:
    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "p.duckdb"
    write_corpus(corpus, 120)
    victim = analyze(corpus, db)
    deadline = time.monotonic() + 120
    while victim.poll() is None and time.monotonic() < deadline:
        if db.exists() and db.stat().st_size > 0 and (tmp_path / "p.duckdb.wal").exists():
            break  # the first batches are being written
        time.sleep(0.2)
    time.sleep(1.0)
    if victim.poll() is None:
        os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()

    with duckdb.connect(str(db)) as con:  # the store opens after the crash, WAL replayed
        stored = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
        orphans = con.execute(
            "SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchall()[0][0]
    assert 0 <= stored <= 120
    assert orphans == 0, "a batch is written whole or not at all"

    assert analyze(corpus, db).wait(timeout=600) == 0
    with duckdb.connect(str(db)) as con:
        total, distinct = con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchall()[0]
        terms = con.execute(
            "SELECT count(*) - count(DISTINCT (term, article_id)) FROM article_terms"
        ).fetchall()[0][0]
        unassigned = con.execute("SELECT count(*) FROM articles WHERE story_id IS NULL").fetchall()[0][0]
    assert total == distinct == 120
    assert terms == 0, "no article's words were indexed twice"
    assert unassigned == 0
