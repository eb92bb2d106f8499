"""Hostile input found on real data: every case becomes a ReadError or a clean document, never a crash.

The rule under test: a reader never raises out of ``read_paths``; a bad file or record
is a ReadError naming it and the reason, and reading goes on with the rest.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import signal
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

import parallax.sources as sources
import parallax.sources.files as files
from parallax.model import RawDocument, ReadError
from parallax.sources import INTERNAL_ERROR, read_paths
from parallax.sources.records import MAX_RECORD_CHARS
from parallax.sources.sanitize import sanitize_text
from parallax.sources.sniff import MAX_SNIFF_CHARS

TEXT = "The foreign ministers of Norway and Chile met in Oslo on Monday to discuss fisheries quotas."
ARTICLE = f"date 2024-05-06 en\n\n{TEXT}\n"


def read_all(*paths: Path) -> list[RawDocument | ReadError]:
    return list(read_paths(list(paths)))


def docs_and_errors(items: list[RawDocument | ReadError]) -> tuple[list[RawDocument], list[ReadError]]:
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, ReadError)]


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail a test that blocks (opening a FIFO would) instead of hanging the suite."""

    def fail(signum: int, frame: object) -> None:
        raise TimeoutError("reading blocked for 10 s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# --- feeds -----------------------------------------------------------------------------------------


def test_feed_dates_in_year_zero_are_dropped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title>'
        f"<entry><id>e1</id><title>A</title><updated>0000-01-01T00:00:00Z</updated><content>{TEXT}</content></entry>"
        f"<entry><id>e2</id><title>B</title><updated>2024-05-06T10:00:00Z</updated><content>{TEXT}</content></entry>"
        "</feed>"
    )
    docs, errors = docs_and_errors(read_all(path))
    assert not errors and [d.published for d in docs] == [None, "2024-05-06"]


def test_unparseable_link_becomes_no_url(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<rss version="2.0"><channel><title>Ledger</title><link>https://example.org/</link>'
        f"<item><title>A</title><link>http://[::1</link><description>{TEXT}</description></item>"
        f"<item><title>B</title><link>/b</link><description>{TEXT}</description></item></channel></rss>"
    )
    records = tmp_path / "export.jsonl"
    records.write_text(json.dumps({"id": "1", "url": "http://[::1", "text": TEXT}) + "\n")
    docs, errors = docs_and_errors(read_all(feed, records))
    assert not errors and [d.url for d in docs] == [None, "https://example.org/b", None]


def test_feed_language_unknown_to_dateparser_still_gives_its_dates(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        '<rss version="2.0"><channel><title>Ledger</title><language>dn</language>'
        f"<item><title>A</title><pubDate>Seg, 24 Set 2018 10:00:00</pubDate><description>{TEXT}</description></item>"
        "</channel></rss>"
    )
    doc = read_all(path)[0]
    assert isinstance(doc, RawDocument) and doc.published == "2018-09-24" and doc.language == "dn"


def test_feedparser_failure_is_a_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes) -> None:
        raise ValueError("parser exploded")

    monkeypatch.setattr("parallax.sources.feeds.feedparser.parse", broken)
    (tmp_path / "a.xml").write_text(
        f"<rss><channel><item><description>{TEXT}</description></item></channel></rss>"
    )
    (tmp_path / "b.txt").write_text(ARTICLE)
    error, doc = read_all(tmp_path)
    assert isinstance(error, ReadError) and error.source.endswith("a.xml")
    assert "feed could not be parsed" in error.reason and "parser exploded" in error.reason
    assert isinstance(doc, RawDocument)


# --- encodings and JSON ----------------------------------------------------------------------------


def test_utf16_declared_in_a_cp1252_jsonl_is_not_believed(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    lines = [
        {
            "id": "1",
            "meta": "text/html; charset=utf-16",
            "text": "Caf\u00e9 owners in Z\u00fcrich \u2019agreed\u2019.",
        },
        {"id": "2", "text": "A second na\u00efve record."},
    ]
    path.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines).encode("cp1252"))
    docs, errors = docs_and_errors(read_all(path))
    assert not errors
    assert [d.content for d in docs] == [lines[0]["text"], lines[1]["text"]]


@pytest.mark.parametrize("label", ["utf-7", "idna", "unicode_escape", "utf-32"])
def test_declared_charsets_that_rewrite_or_cannot_be_true_are_ignored(tmp_path: Path, label: str) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(f"charset={label}\n\nCaf\u00e9 talks +AGEA- \\x41 ended.\n".encode("cp1252"))
    doc = read_all(path)[0]
    assert isinstance(doc, RawDocument) and "Caf\u00e9 talks +AGEA- \\x41 ended." in doc.content


def test_json_nested_100000_deep_is_a_read_error(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_bytes(b"[" * 100_000)
    (tmp_path / "deep.jsonl").write_bytes(
        b'{"a": ' + b"[" * 100_000 + b"\n" + json.dumps({"text": TEXT}).encode()
    )
    deep_json, deep_line, after = read_all(tmp_path / "deep.json", tmp_path / "deep.jsonl")
    assert isinstance(deep_json, ReadError) and "nested too deeply" in deep_json.reason
    assert isinstance(deep_line, ReadError) and deep_line.source == f"{tmp_path / 'deep.jsonl'}:1"
    assert "nested too deeply" in deep_line.reason
    assert isinstance(after, RawDocument) and after.content == TEXT


def test_integer_of_5000_digits_is_a_read_error_for_its_record_only(tmp_path: Path) -> None:
    big = "9" * 5000
    (tmp_path / "a.json").write_text(f'[{{"text": "x", "n": {big}}}]')
    (tmp_path / "b.jsonl").write_text(f'{{"text": "x", "n": {big}}}\n' + json.dumps({"text": TEXT}) + "\n")
    items = read_all(tmp_path)
    assert [type(i) for i in items] == [ReadError, ReadError, RawDocument]
    assert items[0].source == str(tmp_path / "a.json") and "digits" in items[0].reason
    assert items[1].source == f"{tmp_path / 'b.jsonl'}:1" and "digits" in items[1].reason


def test_lone_surrogates_and_nuls_never_leave_a_reader(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    record = '{"id": "a\\ud800", "title": "Bad \\udfff title", "author": "\\u0000", "text": "Talks\\u0000 \\ud800ended."}'
    path.write_text(record + "\n")
    doc = read_all(path)[0]
    assert isinstance(doc, RawDocument)
    assert (doc.title, doc.author, doc.content, doc.source_id) == (
        "Bad \ufffd title",
        None,
        "Talks \ufffdended.",
        "a\ufffd",
    )
    for value in (doc.source, doc.content, doc.original, doc.title, doc.source_id):
        value.encode("utf-8")  # what the store's writer does; a lone surrogate raises here


def test_undecodable_file_name_gives_a_storable_source(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    name = folder + b"/caf\xe9.txt"  # a Latin-1 name on a UTF-8 file system: a surrogate escape in str
    with open(name, "wb") as out:
        out.write(ARTICLE.encode())
    doc = read_all(tmp_path)[0]
    assert isinstance(doc, RawDocument) and doc.source.endswith("caf\ufffd.txt")
    doc.source.encode("utf-8")


def test_sanitize_text_removes_nuls_and_replaces_lone_surrogates_only() -> None:
    assert sanitize_text("a\x00b\ud800c\U0001f600") == "ab\ufffdc\U0001f600"


# --- sizes -----------------------------------------------------------------------------------------


def test_csv_gz_with_one_huge_field_reads_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "export.csv.gz"
    huge = b"x" * (64 * 1024 * 1024)  # one 64 MB field on one line: about 64 KB gzipped
    path.write_bytes(gzip.compress(b"id,text\n1," + huge + b"\n2," + TEXT.encode() + b"\n", compresslevel=1))
    tracemalloc.start()
    items = read_all(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [type(i) for i in items] == [ReadError, RawDocument]
    assert items[0].source == f"{path}:2" and "longer than" in items[0].reason
    assert items[1].content == TEXT and items[1].source_id == "2"
    assert peak < 8 * MAX_RECORD_CHARS  # bounded by the record cap, not by the 64 MB field


def test_csv_quoted_field_over_many_lines_is_capped_and_ends_the_file(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    lines = ("y" * 1000 + "\n") * (MAX_RECORD_CHARS // 1000 + 10)
    path.write_text(f'id,text\n0,{TEXT}\n1,"{lines}"\n2,{TEXT}\n')
    items = read_all(path)
    # where record 2 starts cannot be told once the field is cut: no guessed rows of "yyy"
    assert [type(i) for i in items] == [RawDocument, ReadError]
    assert items[1].source == f"{path}:3" and "rest of file not read" in items[1].reason


def test_csv_quotes_doubled_inside_a_quoted_field_over_lines_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    text = f'{TEXT}\n\n"We agreed to keep talking," the minister said.'
    with path.open("w", newline="") as out:
        csv.writer(out).writerows([["id", "title", "text"], ["1", "A", text], ["2", "B", TEXT]])
    items = read_all(path)
    assert [(i.source_id, i.content) for i in items] == [("1", text), ("2", TEXT)]


def test_csv_sniffer_sees_a_bounded_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = csv.Sniffer.sniff

    def sniff(self: csv.Sniffer, sample: str, delimiters: str | None = None) -> type[csv.Dialect]:
        seen.append(len(sample))
        return real(self, sample, delimiters)

    monkeypatch.setattr(csv.Sniffer, "sniff", sniff)
    path = tmp_path / "export.csv"
    path.write_text("id,text," + '{"a":' * 12000 + "\n" + f"1,{TEXT},x\n")  # quotes make the sniffer cubic
    items = read_all(path)
    assert seen and max(seen) <= MAX_SNIFF_CHARS
    assert isinstance(items[0], RawDocument) and items[0].content == TEXT


# --- the file system -------------------------------------------------------------------------------


def test_fifo_is_a_named_read_error_never_opened(tmp_path: Path, no_hang: None) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would block until a writer came
    (tmp_path / "z.txt").write_text(ARTICLE)
    items = read_all(tmp_path, tmp_path / "pipe.txt")
    assert [type(i) for i in items] == [ReadError, RawDocument, ReadError]
    assert items[0].source == str(tmp_path / "pipe.txt") == items[2].source
    assert all("FIFO" in e.reason and "not opened" in e.reason for e in (items[0], items[2]))


def test_unlistable_folder_is_a_read_error_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "b-locked"
    locked.mkdir()
    (locked / "x.txt").write_text(ARTICLE)
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "c.txt").write_text(ARTICLE)
    locked.chmod(0)
    try:
        os.listdir(locked)
    except PermissionError:
        pass
    else:  # root (or CAP_DAC_READ_SEARCH) lists it anyway: make scandir fail as the kernel would
        real = os.scandir

        def scandir(path: str) -> object:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(files.os, "scandir", scandir)
    try:
        items = read_all(tmp_path)
    finally:
        locked.chmod(0o755)
    assert [type(i) for i in items] == [RawDocument, RawDocument, ReadError]
    assert items[2].source == str(locked) and items[2].reason == "cannot list folder: permission denied"


def test_symlink_loop_and_broken_symlink_are_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    in_folder = {e.source: e.reason for e in read_all(tmp_path)}
    named = {e.source: e.reason for e in read_all(tmp_path / "loop-a", tmp_path / "dangling.txt")}
    for reasons in (in_folder, named):
        assert "symlink loop" in reasons[str(tmp_path / "loop-a")]
        assert "broken symlink" in reasons[str(tmp_path / "dangling.txt")]
    assert "no such file" in read_all(tmp_path / "missing.txt")[0].reason


def test_folder_tree_deeper_than_the_recursion_limit_is_walked(tmp_path: Path) -> None:
    deep = str(tmp_path)
    for _ in range(1100):  # sys.getrecursionlimit() is 1000 (and os.makedirs recurses: one level at a time)
        deep += "/d"
        os.mkdir(deep)
    Path(deep, "a.txt").write_text(ARTICLE)
    try:
        assert [type(i) for i in read_all(tmp_path)] == [RawDocument]
    finally:  # pytest's own clean-up (shutil.rmtree) recurses, so take the tree down level by level
        os.remove(Path(deep, "a.txt"))
        while deep != str(tmp_path):
            os.rmdir(deep)
            deep = os.path.dirname(deep)


# --- the net ---------------------------------------------------------------------------------------


def test_a_reader_bug_costs_one_file_not_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = sources.read_text

    def buggy(text: str, source: str) -> RawDocument | ReadError:
        if source.endswith("a.txt"):
            raise KeyError("boom")
        return real(text, source)

    monkeypatch.setattr(sources, "read_text", buggy)
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE)
    error, doc = read_all(tmp_path)
    assert isinstance(error, ReadError) and error.source == str(tmp_path / "a.txt")
    assert error.reason.startswith(INTERNAL_ERROR) and "KeyError" in error.reason
    assert isinstance(doc, RawDocument) and doc.source == str(tmp_path / "b.txt")
