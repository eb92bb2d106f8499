"""Opening a store file: one DuckDB configuration, one schema check, errors that name the file.

Every path that opens a store (the writer, the read-only CLI commands, the server and
the report) goes through here, so a locked file, a file that is not DuckDB, a DuckDB
file of another program and a store of another schema version each give the same
one-line message wherever they are met.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb

SCHEMA_VERSION = "1"

# No extension is ever fetched or loaded behind the user's back (the store needs none).
DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


class StoreError(RuntimeError):
    """The store file cannot be opened, read or written; the message names the file and the cause."""


def connect_file(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to the store file with ``DUCKDB_CONFIG``; DuckDB's errors become ``StoreError``."""
    try:
        return duckdb.connect(str(path), read_only=read_only, config=DUCKDB_CONFIG)
    except duckdb.Error as exc:
        raise describe_error(exc, path) from exc


def connect_memory() -> duckdb.DuckDBPyConnection:
    """An in-memory database with ``DUCKDB_CONFIG`` (the server attaches the store file to it)."""
    return duckdb.connect(":memory:", config=DUCKDB_CONFIG)


def memory_size(value: str) -> str:
    """A DuckDB memory size ("512MB", "2GB"), checked: it goes into a SET statement."""
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", value.strip()):
        raise ValueError(f"memory limit {value!r}: expected a size such as 512MB or 2GB")
    return value.strip()


@dataclass(frozen=True)
class Limits:
    """DuckDB settings for a block of work (``Store.session``); None leaves DuckDB's own."""

    memory_limit: str | None = None  # e.g. "128MB"
    threads: int | None = None
    preserve_insertion_order: bool | None = None  # False: results without ORDER BY may come in any order

    def sets(self) -> list[tuple[str, str]]:
        """(setting, SQL literal) for each limit given, each value checked: it goes into a SET statement."""
        found = []
        if self.memory_limit is not None:
            found.append(("memory_limit", f"'{memory_size(self.memory_limit)}'"))
        if self.threads is not None:
            if not isinstance(self.threads, int) or self.threads < 1:
                raise ValueError(f"threads {self.threads!r}: expected a positive integer")
            found.append(("threads", str(self.threads)))
        if self.preserve_insertion_order is not None:
            found.append(("preserve_insertion_order", str(bool(self.preserve_insertion_order)).lower()))
        return found


def describe_error(exc: duckdb.Error, path: Path) -> StoreError:
    """One line that says which file and what went wrong, for the errors a user can act on."""
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "Could not set lock" in message:
        holder = _LOCK_HOLDER.search(message)
        who = f" (PID {holder['pid']}, {holder['program']})" if holder else ""
        return StoreError(
            f"store {path} is locked by another process{who}; stop `parallax serve` or the other "
            "`parallax analyze` using it, then run this again"
        )
    if "not a valid DuckDB database file" in message:
        return StoreError(f"{path} is not a DuckDB file, so not a Parallax store")
    return StoreError(f"{path}: {message}")


def check_schema(con: duckdb.DuckDBPyConnection, path: Path, creating: bool = False) -> None:
    """Refuse a DuckDB file that is not a Parallax store, or a store of another schema version.

    ``creating`` (the writer) accepts an empty database, which it is about to make a store.
    """
    tables = {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_catalog = current_database() AND table_schema = 'main'"
        ).fetchall()
    }
    if "meta" not in tables:
        if creating and not tables:
            return
        what = "an empty DuckDB file" if not tables else "a DuckDB file of another program"
        raise StoreError(f"{path} is {what}, not a Parallax store (no schema version recorded)")
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    version = row[0] if row else None
    if version != SCHEMA_VERSION:
        raise StoreError(
            f"{path}: schema version {version}, this Parallax reads {SCHEMA_VERSION}; "
            "re-run `parallax analyze` into a new --db file"
        )


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Commit the block's writes, or roll them back and re-raise the block's own error.

    A failed rollback (after a disk-full or other I/O error DuckDB may have invalidated
    the database) is not allowed to replace the error that caused it.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        with suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
