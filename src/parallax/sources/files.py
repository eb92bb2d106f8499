"""Opening inputs: directory walks, stdin, transparent gzip, and size caps.

Each input is opened as a binary stream whose first bytes are read once for sniffing
and then replayed, so pipes (stdin) and gzip streams, which cannot seek, work the same
as files.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from parallax.model import ReadError
from parallax.sources.encoding import decode_bytes, split_bom

HEAD_BYTES = 64 * 1024
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024  # one article; the longest real pages with inline scripts stay below
MAX_FEED_BYTES = 64 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
# Skipped when walking a directory (read when named explicitly): they document or configure a
# collection of articles, and reading them as news would put a README into a story.
COMPANION_PREFIXES = ("readme", "license", "licence", "changelog", "copying", "notice")
COMPANION_SUFFIXES = (".md", ".rst", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".py", ".sh", ".lock", ".pyc")
BOM_CODECS = {
    "utf-8": "utf-8-sig",
    "utf-16-le": "utf-16",
    "utf-16-be": "utf-16",
    "utf-32-le": "utf-32",
    "utf-32-be": "utf-32",
}


class SourceError(Exception):
    """A reader refusing an input, with the reason to report (turned into a ReadError)."""


class Replay(io.RawIOBase):
    """A raw stream that yields ``head`` first and then the rest of ``rest``.

    A read error of ``rest`` (a truncated gzip member) is held back until the bytes read
    before it are consumed: a buffered reader would otherwise drop them, and with them the
    last complete records of a truncated WARC or JSONL file.
    """

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest
        self._error: BaseException | None = None
        # read1: one underlying read, so a buffered gzip reader hands over what it has before failing
        self._read = getattr(rest, "read1", rest.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head.nbytes:
            n = min(len(buffer), self._head.nbytes)
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        if self._error is not None:
            raise self._error
        try:
            data = self._read(len(buffer))
        except (EOFError, OSError, zlib.error) as exc:
            self._error = exc
            return 0
        buffer[: len(data)] = data
        return len(data)


def read_exactly(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes, looping over short reads (pipes and decompressors return less)."""
    chunks: list[bytes] = []
    wanted = size
    while wanted > 0:
        chunk = stream.read(wanted)
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


def with_head(stream: IO[bytes], size: int) -> tuple[io.BufferedReader, bytes]:
    """The first ``size`` bytes of ``stream``, and a stream that still starts at byte 0."""
    head = read_exactly(stream, size)
    return io.BufferedReader(Replay(head, stream)), head


@contextmanager
def open_input(path: str) -> Iterator[tuple[IO[bytes], bytes]]:
    """A binary stream over a file or stdin (``-``), gunzipped when it starts with the gzip magic."""
    raw = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115 - closed below
    try:
        stream: IO[bytes]
        stream, magic = with_head(raw, 2)
        if magic == GZIP_MAGIC:
            stream = gzip.GzipFile(fileobj=stream, mode="rb")
        yield with_head(stream, HEAD_BYTES)
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()


def read_capped(stream: IO[bytes], limit: int) -> bytes:
    """The whole stream, or a SourceError when it is longer than ``limit`` (read no further)."""
    data = read_exactly(stream, limit + 1)
    if len(data) > limit:
        raise SourceError(f"larger than {limit // (1024 * 1024)} MiB: too large for one document, not read")
    return data


def text_stream(stream: IO[bytes], head: bytes) -> io.TextIOWrapper:
    """A text view of a record file, its encoding judged from the head; bad bytes become U+FFFD."""
    bom, _ = split_bom(head)
    encoding = BOM_CODECS[bom] if bom else decode_bytes(head)[1]
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")


def iter_files(paths: Sequence[str | Path]) -> Iterator[str | ReadError]:
    """Files under ``paths`` in a deterministic order; a file named explicitly is always read."""
    for path in paths:
        name = str(path)
        if name == "-" or os.path.isfile(name):
            yield name
        elif os.path.isdir(name):
            yield from walk_directory(name)
        else:
            yield ReadError(name, "no such file or directory")


def is_companion_file(name: str) -> bool:
    """A README, licence, config or script that sits beside articles in a folder but is not one."""
    lowered = name.lower()
    return lowered.startswith(COMPANION_PREFIXES) or lowered.endswith(COMPANION_SUFFIXES)


def walk_directory(directory: str) -> Iterator[str]:
    """Regular files below ``directory``, depth first, names sorted; hidden and companion files skipped."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            if not name.startswith(".") and not is_companion_file(name):
                yield str(Path(root) / name)
