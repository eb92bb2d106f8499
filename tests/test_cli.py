"""The command line end to end: analyze, re-run, bad input, export formats, help examples."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parallax.cli import app

runner = CliRunner()

ARTICLE = """date 2031-05-12 en
Norrin and Kesland agree to reopen border crossings

VELMORE - The governments of Norrin and Kesland agreed on Monday to reopen three border crossings closed since the spring floods, officials said.

Norrin's foreign minister, Ilsa Marrow, said the crossings would open to freight first. "Trade has waited long enough," Marrow told reporters in Velmore.

Kesland's prime minister, Davor Teff, said that his government would send engineers to repair the damaged bridges before the end of the month.
"""

OTHER = """date 2031-06-02 en
Drought cuts Kesland wheat harvest by a third

ARDEN - Kesland's wheat harvest will fall by a third this year after the driest spring on record, the agriculture ministry said on Tuesday.

Farmers in the southern provinces said wells had run dry in April. The ministry said it would import grain from neighbouring countries to keep bread prices stable.
"""


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "border.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "drought.txt").write_text(OTHER, encoding="utf-8")
    return folder


def run(*args: str):
    result = runner.invoke(app, list(args))
    return result


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_analyze_stores_and_exports(corpus, tmp_path) -> None:
    db, out = tmp_path / "p.duckdb", tmp_path / "out"
    result = run("analyze", str(corpus), "--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.output
    articles = read_jsonl(out / "articles.jsonl")
    assert len(articles) == 2
    first = next(a for a in articles if a["source"].endswith("border.txt"))
    assert first["published"] == "2031-05-12"
    assert first["text"].startswith("The governments of Norrin and Kesland agreed")
    for name in ("entities", "quotes", "events", "stories"):
        assert (out / f"{name}.jsonl").exists()
    assert {a["story_id"] for a in articles} - {None}, "every article belongs to a story"


def test_rerun_adds_nothing_and_keeps_ids(corpus, tmp_path) -> None:
    db = tmp_path / "p.duckdb"
    run("analyze", str(corpus), "--db", str(db), "--out", str(tmp_path / "one"))
    result = run("analyze", str(corpus), "--db", str(db), "--out", str(tmp_path / "two"))
    assert result.exit_code == 0, result.output
    assert re.search(r"articles stored \(new\)\s*│\s*0", result.output)
    for name in ("articles", "entities", "quotes", "events", "stories"):
        one = sorted(r["id"] for r in read_jsonl(tmp_path / "one" / f"{name}.jsonl"))
        two = sorted(r["id"] for r in read_jsonl(tmp_path / "two" / f"{name}.jsonl"))
        assert one == two, name


def test_bad_files_are_reported_and_the_rest_goes_on(corpus, tmp_path) -> None:
    db = tmp_path / "p.duckdb"
    run("analyze", str(corpus / "border.txt"), "--db", str(db))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.jsonl").write_text(
        '{"id": "1", "text": "A fine record about the harbour."}\n{not json\n'
    )
    result = run("analyze", str(corpus), "--db", str(db), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.output
    assert "broken.jsonl" in result.output
    sources = {a["source"] for a in read_jsonl(tmp_path / "out" / "articles.jsonl")}
    assert any(s.endswith("border.txt") for s in sources), "what was stored before is kept"
    assert any(s.endswith("drought.txt") for s in sources)


def test_nothing_processable_exits_non_zero(tmp_path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("analyze", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "p.duckdb"))
    assert result.exit_code == 1
    assert "empty.txt" in result.output


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "csv"])
def test_export_formats(corpus, tmp_path, fmt) -> None:
    db = tmp_path / "p.duckdb"
    run("analyze", str(corpus), "--db", str(db))
    result = run("export", "--db", str(db), "--out", str(tmp_path / fmt), "--format", fmt)
    assert result.exit_code == 0, result.output
    import duckdb

    path = tmp_path / fmt / f"articles.{fmt}"
    reader = {"jsonl": "read_json_auto", "parquet": "read_parquet", "csv": "read_csv_auto"}[fmt]
    rows = duckdb.sql(f"SELECT id, outlet, published FROM {reader}(?)", params=[str(path)]).fetchall()
    assert len(rows) == 2


def test_export_rejects_an_unknown_format(corpus, tmp_path) -> None:
    db = tmp_path / "p.duckdb"
    run("analyze", str(corpus), "--db", str(db))
    result = run("export", "--db", str(db), "--out", str(tmp_path / "x"), "--format", "xml")
    assert result.exit_code == 2
    assert "jsonl, parquet, csv" in result.output


def example_of(command: str) -> list[str]:
    """The words of the `Example:` line in a command's help text."""
    info = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == command)
    example = re.search(r"Example: `(parallax [^`]+)`", info.callback.__doc__ or "")
    assert example, f"{command} has no example in its help"
    return shlex.split(example.group(1))[1:]


@pytest.mark.parametrize("command", ["analyze", "export", "stats", "dyad", "serve", "report"])
def test_every_command_shows_an_example_in_its_help(command) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert example_of(command)[0] == command


def test_the_help_examples_run(tmp_path, monkeypatch) -> None:
    """Run each documented example as written, from a folder that has the bundled examples."""
    repo = Path(__file__).resolve().parents[1]
    (tmp_path / "examples").symlink_to(repo / "examples", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    for command in (
        "analyze",
        "export",
        "stats",
        "dyad",
        "report",
    ):  # serve would block: its parsing is checked
        result = run(*example_of(command))
        assert result.exit_code == 0, f"{command}: {result.output}"
    assert (tmp_path / "parallax.duckdb").exists()
    assert (tmp_path / "out" / "articles.parquet").exists()
    assert (tmp_path / "report.html").exists()


def _not_a_store(kind: str, tmp_path: Path) -> Path:
    import duckdb

    path = tmp_path / f"{kind}.duckdb"
    if kind == "text":
        path.write_text("not a database\n" * 100)
    elif kind == "foreign":
        con = duckdb.connect(str(path))
        con.execute("CREATE TABLE invoices (n INTEGER)")
        con.close()
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [("missing", "no such store"), ("text", "is not a DuckDB file"), ("foreign", "of another program")],
)
@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["export", "--out", "x"],
        ["report", "--out", "r.html"],
        ["serve", "--port", "1"],
        ["dyad", "A", "B"],
    ],
)
def test_reading_commands_name_a_file_that_is_no_store(tmp_path, kind, message, command) -> None:
    db = _not_a_store(kind, tmp_path)
    result = run(*command, "--db", str(db))
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), "no traceback"
    assert message in result.output and f"{kind}.duckdb" in result.output.replace("\n", "")


def test_analyze_on_a_locked_store_says_who_holds_it_and_loses_nothing(corpus, tmp_path) -> None:
    import subprocess
    import sys

    db = tmp_path / "p.duckdb"
    assert run("analyze", str(corpus / "border.txt"), "--db", str(db)).exit_code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
         "print('ready', flush=True); sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = run("analyze", str(corpus), "--db", str(db))
    finally:
        holder.communicate("")
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit), "no traceback"
    output = " ".join(result.output.split())
    assert f"is locked by another process (PID {holder.pid}" in output
    assert "stop `parallax serve`" in output
    result = run("stats", "--db", str(db))
    assert re.search(r"articles\s*│\s*1\b", result.output), result.output


def test_exports_are_byte_identical_across_separate_runs(tmp_path) -> None:
    """Two stores built by two analyze runs of the same input export the same bytes, in every format."""
    examples = Path(__file__).resolve().parents[1] / "examples" / "selka-river"
    for run_name in ("one", "two"):
        db = tmp_path / f"{run_name}.duckdb"
        assert run("analyze", str(examples), "--db", str(db)).exit_code == 0
        for fmt in ("jsonl", "csv", "parquet"):
            result = run("export", "--db", str(db), "--out", str(tmp_path / run_name / fmt), "--format", fmt)
            assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.*"))
    assert len(files) == 15
    quotes = read_jsonl(tmp_path / "one" / "jsonl" / "quotes.jsonl")
    assert len(quotes) > 1, "the example has quotes to order"
    for name in files:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_a_store_error_mid_run_is_one_line_and_keeps_earlier_batches(corpus, tmp_path, monkeypatch) -> None:
    from parallax.store import Store, StoreError

    db = tmp_path / "p.duckdb"
    assert run("analyze", str(corpus / "border.txt"), "--db", str(db)).exit_code == 0

    def full_disk(self, articles):
        raise StoreError(f"{self.path}: Failed to commit: No space left on device")

    monkeypatch.setattr(Store, "write_articles", full_disk)
    result = run("analyze", str(corpus), "--db", str(db))
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "No space left on device" in result.output and "Traceback" not in result.output
    monkeypatch.undo()
    assert re.search(r"articles\s*│\s*1\b", run("stats", "--db", str(db)).output)
