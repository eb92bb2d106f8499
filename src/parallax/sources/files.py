"""Opening inputs: directory walks, stdin, transparent gzip, and size caps.

Each input is opened as a binary stream whose first bytes are read once for sniffing
and then replayed, so pipes (stdin) and gzip streams, which cannot seek, work the same
as files.
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import stat
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


FILE_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


def describe_os_error(exc: OSError) -> str:
    """A short reason for a failed stat, open or listing that names symlink loops and broken links."""
    if exc.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if exc.errno == errno.EACCES or isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or f"{type(exc).__name__}: {exc}"


def check_regular_file(path: str) -> None:
    """A SourceError unless ``path`` is a regular file: a FIFO or device is never opened (it could block)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and os.path.islink(path):
            raise SourceError("broken symlink (its target does not exist)") from exc
        raise SourceError(f"cannot read: {describe_os_error(exc)}") from exc
    if not stat.S_ISREG(mode):
        kind = next((what for test, what in FILE_KINDS if test(mode)), "not a regular file")
        raise SourceError(f"not a regular file: {kind}, not opened")


@contextmanager
def open_input(path: str) -> Iterator[tuple[IO[bytes], bytes]]:
    """A binary stream over a file or stdin (``-``), gunzipped when it starts with the gzip magic."""
    if path != "-":
        check_regular_file(path)
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
    """Files under ``paths`` in a deterministic order; a file named explicitly is always read.

    Whatever cannot be walked (a missing path, a symlink loop, a folder that cannot be
    listed) is a ReadError naming it; the walk goes on with the rest.
    """
    for path in paths:
        name = str(path)
        if name == "-":
            yield name
            continue
        try:
            is_dir = stat.S_ISDIR(os.stat(name).st_mode)
        except OSError as exc:
            yield ReadError(name, describe_missing(name, exc))
            continue
        yield from walk_directory(name) if is_dir else [name]


def describe_missing(name: str, exc: OSError) -> str:
    """Why a named path cannot be looked at: missing, a broken symlink, a symlink loop, no access."""
    if isinstance(exc, FileNotFoundError):
        return (
            "broken symlink (its target does not exist)"
            if os.path.islink(name)
            else "no such file or directory"
        )
    return describe_os_error(exc)


def is_companion_file(name: str) -> bool:
    """A README, licence, config or script that sits beside articles in a folder but is not one."""
    lowered = name.lower()
    return lowered.startswith(COMPANION_PREFIXES) or lowered.endswith(COMPANION_SUFFIXES)


def list_directory(directory: str) -> tuple[list[str], list[str]]:
    """The visible files and the subfolders to walk in ``directory``, names sorted.

    Like ``os.walk``: a symlink to a folder is not followed (no cycles); a symlink to a
    file, or one that cannot be resolved, is listed as a file and reported when read.
    """
    files, folders = [], []
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                if not is_companion_file(entry.name):
                    files.append(entry.path)
            elif not entry.is_symlink() and entry.name != "__pycache__":
                folders.append(entry.path)
    return sorted(files), sorted(folders)


def walk_directory(directory: str) -> Iterator[str | ReadError]:
    """Files below ``directory``, depth first (a folder's files before its subfolders), names sorted.

    Hidden and companion files are skipped; a folder that cannot be listed is a ReadError.
    An explicit stack, not recursion: a folder tree any depth deep is walked.
    """
    pending = [directory]
    while pending:
        folder = pending.pop()
        try:
            files, folders = list_directory(folder)
        except OSError as exc:
            yield ReadError(folder, f"cannot list folder: {describe_os_error(exc)}")
            continue
        yield from files
        pending.extend(reversed(folders))
