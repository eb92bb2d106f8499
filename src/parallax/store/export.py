"""Export the store as the files of GUIDE section 2: JSON Lines, Parquet or CSV, streamed."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from parallax.store import Store

FORMATS = ("jsonl", "parquet", "csv")

_QUERIES: dict[str, str] = {
    "articles": """
        SELECT id, source, source_id, url, outlet, title, author, strftime(published, '%Y-%m-%d') AS published,
               coalesce(published_inferred, false) AS published_inferred, dateline, language, text,
               story_id, duplicate_of
        FROM articles ORDER BY published NULLS LAST, id""",
    "entities": """
        SELECT e.id, e.name, e.type, e.country, e.wikidata, e.aliases,
               list({'article_id': m.article_id, 'start': m.start, 'end': m."end", 'text': m.text}
                    ORDER BY m.article_id, m.start, m."end") FILTER (WHERE m.article_id IS NOT NULL) AS mentions
        FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id
        GROUP BY ALL ORDER BY count(m.article_id) DESC, e.id""",
    "quotes": """
        SELECT id, article_id, text, kind, start, "end", speaker, speaker_entity_id,
               speaker_mention, cue, via, statement_id
        FROM quotes ORDER BY article_id, start, id""",
    "events": "SELECT detail FROM events ORDER BY date NULLS LAST, id",
    "stories": """
        SELECT id, title, article_ids, outlets, strftime(first_published, '%Y-%m-%d') AS first_published,
               strftime(last_published, '%Y-%m-%d') AS last_published, event_ids, related_story_ids,
               consensus, discrepancies, framing, voices, omissions, tone
        FROM stories ORDER BY article_count DESC, first_published DESC NULLS LAST, id""",
}
_JSON_COLUMNS = {
    "speaker_mention",
    "consensus",
    "discrepancies",
    "framing",
    "voices",
    "omissions",
    "tone",
    "detail",
}


def iter_rows(store: Store, name: str, batch_size: int = 1000) -> Iterator[dict[str, Any]]:
    """One export file's objects, streamed from the store."""
    with store.connect() as con:
        cursor = con.execute(_QUERIES[name])
        columns = [d[0] for d in cursor.description]
        while rows := cursor.fetchmany(batch_size):
            for row in rows:
                record = dict(zip(columns, row, strict=True))
                for key in _JSON_COLUMNS & record.keys():
                    if isinstance(record[key], str):
                        record[key] = json.loads(record[key])
                if "detail" in record:
                    record = record["detail"]
                if name == "entities":
                    record["mentions"] = record["mentions"] or []
                    record["aliases"] = record["aliases"] or []
                yield record


def export(store: Store, out_dir: str | Path, fmt: str = "jsonl") -> dict[str, int]:
    """Write articles, entities, quotes, events and stories; returns rows written per file."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in _QUERIES:
        path = out / f"{name}.{fmt}"
        tmp = path.with_suffix(path.suffix + ".part")
        rows = iter_rows(store, name)
        counts[name] = {"jsonl": _write_jsonl, "parquet": _write_parquet, "csv": _write_csv}[fmt](rows, tmp)
        tmp.replace(path)  # readers never see a half-written file
    return counts


def _write_jsonl(rows: Iterator[dict], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            n += 1
            f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    return n


def _flat(row: dict) -> dict:
    """Nested values become JSON text, so every format has the same columns."""
    return {
        k: json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, dict | list) else v
        for k, v in row.items()
    }


def _write_csv(rows: Iterator[dict], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = None
        for row in rows:
            n += 1
            flat = _flat(row)
            if writer is None:
                writer = csv.DictWriter(f, fieldnames=list(flat))
                writer.writeheader()
            writer.writerow(flat)
    return n


def _write_parquet(rows: Iterator[dict], path: Path, batch_size: int = 1000) -> int:
    n, writer, batch = 0, None, []
    try:
        for row in rows:
            batch.append(_flat(row))
            n += 1
            if len(batch) >= batch_size:
                writer = _write_parquet_batch(writer, batch, path)
                batch = []
        if batch or writer is None:
            writer = _write_parquet_batch(writer, batch, path)
    finally:
        if writer is not None:
            writer.close()
    return n


def _write_parquet_batch(writer: pq.ParquetWriter | None, batch: list[dict], path: Path) -> pq.ParquetWriter:
    table = pa.Table.from_pylist(batch) if batch else pa.table({})
    if writer is None:
        # a column that is empty in the first batch would be typed null forever: make it text
        schema = pa.schema(
            [f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in table.schema]
        )
        table = table.cast(schema)
        writer = pq.ParquetWriter(path, schema)
    elif table.schema != writer.schema:
        table = table.cast(writer.schema)
    if batch:
        writer.write_table(table)
    return writer
