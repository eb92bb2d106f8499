"""Readers on real files (the shared feeds, scenario dumps and Zyte pages) and on bad input."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.model import RawDocument, ReadError
from parallax.sources import MAX_DOCUMENT_BYTES, read_paths
from parallax.sources.dates import to_iso_date
from parallax.sources.html import fragment_to_text
from parallax.sources.sniff import sniff_format

ARTICLE = (
    "date 2024-05-06 en fr Photo: handout\n\n"
    "The foreign ministers of Norway and Chile met in Oslo on Monday to discuss fisheries.\n\n"
    '"We agreed to keep talking," the Norwegian minister told reporters after the meeting.\n'
)
RUSSIAN = (
    "Министр иностранных дел встретился с послом в понедельник. "
    "«Мы договорились продолжить переговоры», — сказал министр журналистам после встречи.\n"
) * 3
PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>Ministers meet in Oslo | The Northern Ledger</title>
<meta property="og:site_name" content="The Northern Ledger">
<meta name="author" content="Kari Holm">
<meta property="article:published_time" content="2024-05-06T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministers meet in Oslo</h1>
<p>The foreign ministers of Norway and Chile met in Oslo on Monday to discuss fisheries quotas and
a joint research vessel, officials from both governments said afterwards.</p>
<p>"We agreed to keep talking," the Norwegian minister told reporters, adding that a second round
of talks would take place in Santiago before the end of the year.</p>
<p>The Chilean delegation, according to the state news agency, described the meeting as frank and
constructive, and said both sides wanted an agreement on quotas by the autumn.</p></article>
<footer>Copyright The Northern Ledger. All rights reserved.</footer></body></html>"""


def only(items: list[RawDocument | ReadError]) -> RawDocument | ReadError:
    assert len(items) == 1, items
    return items[0]


def read_one(path: Path) -> RawDocument | ReadError:
    return only(list(read_paths([path])))


# --- plain text, encodings -------------------------------------------------------------------


def test_text_dump_keeps_header_line_and_text_as_is(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, RawDocument)
    assert doc.format == "text" and doc.source == str(path)
    assert doc.content == ARTICLE and doc.original == ARTICLE


def test_scenario_dumps_read_as_text(scenario_dir: Path) -> None:
    docs = list(read_paths([scenario_dir / "articles"]))
    assert len(docs) == 5 and all(isinstance(d, RawDocument) and d.format == "text" for d in docs)
    assert [Path(d.source).name for d in docs] == sorted(
        p.name for p in (scenario_dir / "articles").iterdir()
    )
    raw = (scenario_dir / "articles" / Path(docs[0].source).name).read_text(encoding="utf-8")
    assert docs[0].content == raw


def test_cp1251_russian_article_decodes(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    doc = read_one(path)
    assert isinstance(doc, RawDocument) and doc.content == RUSSIAN


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-16-le", "utf-8-sig"])
def test_western_and_utf16_encodings_decode(tmp_path: Path, encoding: str) -> None:
    text = "Le ministre a déclaré à Genève : « Nous sommes prêts », selon l'agence officielle.\n" * 4
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_one(path)
    assert isinstance(doc, RawDocument) and doc.content == text


def test_invalid_utf8_is_decoded_best_effort(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(("Prime minister’s visit to Zürich. " * 20).encode() + b"\xff\xfe\xc3(" + b" end.\n")
    doc = read_one(path)
    assert isinstance(doc, RawDocument)
    assert "Prime minister’s visit to Zürich." in doc.content and doc.content.endswith(" end.\n")


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\n \t\n")
    errors = list(read_paths([tmp_path]))
    assert [type(e) for e in errors] == [ReadError, ReadError]
    assert all("empty" in e.reason for e in errors)


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    error = read_one(path)
    assert isinstance(error, ReadError) and error.source == str(path) and "PNG" in error.reason


def test_huge_text_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = b"The ministers met again on Tuesday and agreed to meet once more next week.\n"
    with path.open("wb") as out:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            out.write(line)
    tracemalloc.start()
    error = read_one(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(error, ReadError) and "larger than" in error.reason
    assert peak < 3 * MAX_DOCUMENT_BYTES  # read at most the cap, never the 50 MB


# --- gzip, directories, stdin, sniffing ----------------------------------------------------------


def test_gzip_is_transparent_and_truncated_gzip_is_an_error(tmp_path: Path) -> None:
    whole = tmp_path / "a.txt.gz"
    whole.write_bytes(gzip.compress(ARTICLE.encode() * 200))
    doc = read_one(whole)
    assert isinstance(doc, RawDocument) and doc.content == ARTICLE * 200
    cut = tmp_path / "cut.txt.gz"
    cut.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) // 2])
    error = read_one(cut)
    assert isinstance(error, ReadError) and error.source == str(cut) and "gzip" in error.reason


def test_truncated_gzip_jsonl_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    lines = "".join(
        json.dumps({"id": i, "text": f"Report number {i} from the summit. " * 20}) + "\n" for i in range(500)
    )
    packed = gzip.compress(lines.encode())
    path = tmp_path / "export.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    items = list(read_paths([path]))
    docs = [d for d in items if isinstance(d, RawDocument)]
    assert len(docs) > 50 and [d.source_id for d in docs] == [str(i) for i in range(len(docs))]
    assert isinstance(items[-1], ReadError) and items[-1].source == str(path) and "gzip" in items[-1].reason


def test_directories_recurse_in_sorted_order_and_skip_hidden_and_companions(tmp_path: Path) -> None:
    for name in (
        "b/2.txt",
        "b/1.txt",
        "a.txt",
        "c/d/3.txt",
        ".git/x.txt",
        "b/.hidden",
        "README.md",
        "c/expected.yaml",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(ARTICLE)
    sources = [Path(d.source).relative_to(tmp_path).as_posix() for d in read_paths([tmp_path])]
    assert sources == ["a.txt", "b/1.txt", "b/2.txt", "c/d/3.txt"]
    assert isinstance(read_one(tmp_path / "README.md"), RawDocument)  # named explicitly: read


def test_missing_path_is_an_error_and_reading_is_lazy(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    stream = read_paths([tmp_path / "a.txt", tmp_path / "missing.txt"])
    assert isinstance(next(stream), RawDocument)
    error = next(stream)
    assert isinstance(error, ReadError) and error.source.endswith("missing.txt")


def test_stdin_is_read_with_dash() -> None:
    script = "from parallax.sources import read_paths\nd = next(read_paths(['-']))\nprint(d.format, d.source, len(d.content))"
    piped = gzip.compress(ARTICLE.encode())  # gzip on stdin: sniffed from the bytes, not a name
    result = subprocess.run([sys.executable, "-c", script], input=piped, capture_output=True, check=True)
    assert result.stdout.decode().split() == ["text", "-", str(len(ARTICLE))]


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "x.gz", "warc"),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "feed.xml", "feed"),
        (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">', "x", "feed"),
        (b"<!DOCTYPE html>\n<html><head>", "page.txt", "html"),
        (b'{"id": 1, "text": "x"}\n', "dump.txt", "jsonl"),
        (b"id,title,text\n1,A,B\n", "export", "csv"),
        (b"date 2024-05-06 en\nThe <b>ministers</b> met.", "page.html", "text"),
        (b'[\n  {"id": 1, "text": "x"}]', "x", "json"),
        (b"[Updated 10:45] The ministers met.", "x.txt", "text"),
        (b"The ministers met.", "export.csv.gz", "csv"),
    ],
)
def test_format_is_sniffed_from_content(head: bytes, name: str, expected: str) -> None:
    assert sniff_format(head, name) == expected


# --- HTML ---------------------------------------------------------------------------------------


def test_html_page_gives_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, RawDocument) and doc.format == "html" and doc.original == PAGE
    paragraphs = doc.content.split("\n\n")  # trafilatura keeps the <h1> as the first paragraph
    assert paragraphs[1].startswith("The foreign ministers of Norway and Chile met")
    assert paragraphs[3].startswith("The Chilean delegation, according to the state news agency")
    assert len(paragraphs) == 4 and "Home" not in doc.content and "Copyright" not in doc.content
    assert doc.published == "2024-05-06" and doc.author == "Kari Holm"
    assert doc.outlet == "The Northern Ledger" and doc.title.startswith("Ministers meet in Oslo")
    assert doc.language == "en-GB"


def test_html_page_without_body_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "nobody.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Loading…</title><script>var a=1;</script></head></html>"
    )
    error = read_one(path)
    assert isinstance(error, ReadError) and error.source == str(path) and "no main text" in error.reason


def test_real_page_matches_most_of_its_ground_truth(shared_dir: Path) -> None:
    bench = shared_dir / "data" / "article_extraction"
    truth = json.loads((bench / "ground-truth.json").read_text())
    page = sorted((bench / "html").glob("*.html.gz"))[0]
    doc = read_one(page)
    assert isinstance(doc, RawDocument) and doc.format == "html"
    expected = truth[page.name.removesuffix(".html.gz")]["articleBody"].split()
    got = set(doc.content.split())
    assert sum(word in got for word in expected) > 0.9 * len(expected)


def test_favor_precision_flag_reaches_the_extractor(shared_dir: Path) -> None:
    pages = sorted((shared_dir / "data" / "article_extraction" / "html").glob("*.html.gz"))[:12]
    precise = [d.content for d in read_paths(pages, favor_precision=True)]
    recall = [d.content for d in read_paths(pages, favor_precision=False)]
    assert precise != recall
    assert sum(map(len, precise)) < sum(map(len, recall))


def test_fragment_to_text_makes_paragraphs_and_drops_scripts() -> None:
    markup = '<p>First <b>bold</b> line.</p><script>var ad = "x";</script><div>Second<br>third</div>tail'
    assert fragment_to_text(markup) == "First bold line.\n\nSecond\n\nthird\n\ntail"


# --- JSONL and CSV --------------------------------------------------------------------------------


def test_jsonl_with_one_broken_line_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    lines = [
        json.dumps(
            {"id": "a1", "text": "First article body.", "title": "One", "published": "2024-05-06T09:00:00Z"}
        ),
        '{"id": "a2", "text": "unterminated',
        "",
        json.dumps({"body": "Third article.", "source": "The Northern Ledger", "author": ["A. B", "C. D"]}),
        json.dumps({"id": "a4", "headline": "no text here"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    docs = list(read_paths([path]))
    assert [type(d).__name__ for d in docs] == ["RawDocument", "ReadError", "RawDocument", "ReadError"]
    first, broken, third, textless = docs
    assert (first.source, first.source_id, first.published, first.format) == (
        f"{path}#a1",
        "a1",
        "2024-05-06",
        "record",
    )
    assert broken.source == f"{path}:2" and "invalid JSON" in broken.reason
    assert (
        third.source == f"{path}#4" and third.outlet == "The Northern Ledger" and third.author == "A. B, C. D"
    )
    assert textless.source == f"{path}:5" and "no text field" in textless.reason


def test_jsonl_record_holding_html_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    fragment = "<p>The ministers met.</p><p>They agreed to talk again.</p>"
    path.write_text(
        json.dumps({"id": 7, "url": "https://example.org/a", "content": PAGE})
        + "\n"
        + json.dumps({"id": 8, "articleBody": fragment})
        + "\n"
    )
    page, frag = read_paths([path])
    assert "\n\nThe foreign ministers" in page.content and "Copyright" not in page.content
    assert (
        page.url == "https://example.org/a" and page.outlet == "The Northern Ledger" and page.original == PAGE
    )
    assert frag.content == "The ministers met.\n\nThey agreed to talk again."


def test_json_array_and_pretty_printed_object_are_read_whole(tmp_path: Path) -> None:
    array = tmp_path / "export.json"
    array.write_text(json.dumps([{"id": "x1", "text": "First."}, {"text": "Second."}, "junk"], indent=2))
    first, second, junk = read_paths([array])
    assert (first.source, second.source, second.content) == (f"{array}#x1", f"{array}#2", "Second.")
    assert isinstance(junk, ReadError) and "not an object" in junk.reason
    single = tmp_path / "article.txt"
    single.write_text(json.dumps({"title": "One", "body": "The ministers met."}, indent=2))
    doc = read_one(single)
    assert isinstance(doc, RawDocument) and doc.content == "The ministers met." and doc.title == "One"


def test_csv_rows_are_articles(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        'id,title,date,text\n1,One,06/05/2024,"First body,\nwith a comma and a newline."\n2,Two,,Second body.\n'
    )
    first, second = read_paths([path])
    assert first.content == "First body,\nwith a comma and a newline." and first.source == f"{path}#1"
    assert first.title == "One" and second.content == "Second body." and second.published is None


def test_utf16_tab_separated_export_is_read(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"  # what spreadsheet tools save as "Unicode text"
    path.write_bytes("id\ttitle\ttext\nr1\tGenève\tLe ministre a déclaré « oui ».\n".encode("utf-16"))
    doc = read_one(path)
    assert isinstance(doc, RawDocument) and doc.source == f"{path}#r1"
    assert (doc.title, doc.content) == ("Genève", "Le ministre a déclaré « oui ».")


# --- WARC -----------------------------------------------------------------------------------------


def write_warc(path: Path, pages: list[bytes]) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for index, page in enumerate(pages):
            uri = f"https://news.example.org/story-{index}"
            request = writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(request)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(page), http_headers=headers
            )
            record.rec_headers.replace_header("WARC-Date", f"2024-05-0{index + 6}T10:00:00Z")
            writer.write_record(record)
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        png = io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(100))
        writer.write_record(
            writer.create_warc_record(
                "https://news.example.org/a.png", "response", payload=png, http_headers=image
            )
        )


def test_warc_html_responses_are_articles_and_other_records_are_skipped(
    shared_dir: Path, tmp_path: Path
) -> None:
    pages = [
        gzip.decompress(p.read_bytes())
        for p in sorted((shared_dir / "data" / "article_extraction" / "html").glob("*.html.gz"))[:2]
    ]
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, pages)
    docs = list(read_paths([path]))
    assert len(docs) == 2 and all(isinstance(d, RawDocument) and d.format == "warc" for d in docs)
    assert [d.url for d in docs] == ["https://news.example.org/story-0", "https://news.example.org/story-1"]
    assert [d.published for d in docs] == ["2024-05-06", "2024-05-07"]
    assert all(d.source == f"{path}#{d.source_id}" and d.source_id.startswith("urn:uuid:") for d in docs)
    assert all(len(d.content) > 200 and d.original for d in docs)
    cut = tmp_path / "cut.warc.gz"
    whole = path.read_bytes()
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    first, *errors = read_paths([cut])
    assert isinstance(first, RawDocument) and first.source_id == docs[0].source_id
    assert errors and all(isinstance(e, ReadError) and e.source.startswith(str(cut)) for e in errors)
    assert "truncated" in errors[-1].reason


# --- feeds ----------------------------------------------------------------------------------------


def test_real_feeds_in_four_languages_and_encodings(shared_dir: Path) -> None:
    feeds = shared_dir / "data" / "feeds"
    paths = sorted(p for p in feeds.iterdir() if p.suffix in (".rss", ".atom"))
    docs = [d for d in read_paths(paths) if isinstance(d, RawDocument)]
    by_file: dict[str, list[RawDocument]] = {}
    for doc in docs:
        by_file.setdefault(doc.source.split("#", 1)[0], []).append(doc)
    assert len(by_file) == 6 and all(d.format == "feed" for d in docs)
    russian = by_file[str(feeds / "oren_ru_2014-01-22_windows-1251.rss")]
    assert any("Оренбург" in (d.outlet or "") for d in russian) and all(
        "\ufffd" not in d.content for d in russian
    )
    portuguese = (
        by_file[str(feeds / "uol_noticias_2018-09-24_windows-1252.rss")]
        + by_file[str(feeds / "jn_pt_2018-01-03_iso-8859-1.rss")]
    )
    assert any("ção" in d.content for d in portuguese) and all("Ã" not in d.content for d in portuguese)
    assert all(
        d.published == "2018-09-24" for d in by_file[str(feeds / "uol_noticias_2018-09-24_windows-1252.rss")]
    )
    tpm = by_file[str(feeds / "tpm_2017-11-08.atom")]
    assert len(tpm) == 20 and all(d.url.startswith("http://talkingpointsmemo.com/") for d in tpm)
    assert max(len(d.content) for d in tpm) > 3000 and all("<p>" not in d.content for d in tpm)
    assert all(d.author for d in tpm) and all(d.published == "2017-11-08" for d in tpm)


def test_iso_dates_from_container_formats() -> None:
    assert to_iso_date("Mon, 24 Feb 2025 10:00:00 GMT") == "2025-02-24"
    assert to_iso_date("2025-02-24T23:30:00-05:00") == "2025-02-24"
    assert to_iso_date("0001-11-30") is None and to_iso_date("not a date") is None and to_iso_date("") is None
    assert to_iso_date("Seg, 24 Set 2018 19:18:00 -0300") == "2018-09-24"  # Portuguese names
    assert to_iso_date("mer., 12 févr. 2025 08:00:00 +0100", ["fr"]) == "2025-02-12"
    assert to_iso_date("3 hours ago") is None and to_iso_date("5 March") is None  # never relative to today


# --- the bundled fictional examples ---------------------------------------------------------------


def test_bundled_examples_read_in_every_shape() -> None:
    folder = Path(__file__).resolve().parents[1] / "examples" / "selka-river"
    if not folder.is_dir():
        pytest.skip("examples/selka-river is not in this checkout")
    docs = list(read_paths([folder]))
    assert all(isinstance(d, RawDocument) for d in docs), [d for d in docs if isinstance(d, ReadError)]
    assert {d.format for d in docs} == {"feed", "html", "text", "record"}
    html = next(d for d in docs if d.format == "html")
    assert html.outlet and html.published and html.title
    assert all(d.source_id and d.source.endswith(f"#{d.source_id}") for d in docs if d.format == "record")
    assert all(d.content.lstrip().startswith("date ") for d in docs if d.format == "text")


# --- any bytes at all -----------------------------------------------------------------------------


PREFIXES = [
    b"",
    b"WARC/1.0\r\n",
    b"<rss>",
    b"<html><body>",
    b'{"text": ',
    b"id,text\n",
    b"\x1f\x8b",
    b"\xff\xfe",
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600))
def test_any_bytes_give_documents_or_errors_never_an_exception(
    tmp_path: Path, prefix: bytes, body: bytes
) -> None:
    path = tmp_path / "input"
    path.write_bytes(prefix + body)
    items = list(read_paths([path]))
    assert items and all(isinstance(i, RawDocument | ReadError) for i in items)
    assert all(i.source.startswith(str(path)) for i in items)
