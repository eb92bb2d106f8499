"""The ``parallax`` command: thin commands over the library."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from parallax.settings import Settings

app = typer.Typer(
    help="Parallax: many outlets, one story, every side.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
console = Console(stderr=True)
DEFAULT_DB = Path("parallax.duckdb")

DbOption = Annotated[Path, typer.Option("--db", help="the DuckDB store file")]


def store_errors(command: Callable) -> Callable:
    """Turn a store or file error met anywhere in the command into one line on stderr and exit code 2.

    The store's messages name the file and the cause (locked by which process, not a
    store, wrong schema version, disk full), as do ``OSError``s writing the output
    files; a traceback would hide them.
    """

    @functools.wraps(command)
    def run(*args, **kwargs):
        from rich.markup import escape

        from parallax.store import StoreError

        try:
            return command(*args, **kwargs)
        except (StoreError, OSError) as exc:
            console.print("[red]error:[/red]", escape(str(exc)), soft_wrap=True)
            raise typer.Exit(2) from exc

    return run


def _open_store(db: Path, read_only: bool = False):
    from parallax.store import Store

    return Store(db, read_only=read_only)


@app.command()
@store_errors
def analyze(
    paths: Annotated[
        list[str], typer.Argument(help="files, directories (recursive), .gz files, or - for stdin")
    ],
    db: DbOption = DEFAULT_DB,
    out: Annotated[
        Path | None, typer.Option("--out", help="also export JSON Lines to this directory")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, max=10_000, help="articles per batch")] = 64,
    processes: Annotated[
        int | None, typer.Option(min=1, max=64, help="NLP worker processes [default: every core]")
    ] = None,
    ray: Annotated[
        bool, typer.Option("--ray/--no-ray", help="run the stages on Ray (local cluster, or RAY_ADDRESS)")
    ] = False,
) -> None:
    """Ingest articles and run every stage; the store keeps everything.

    Example: `parallax analyze examples/selka-river/ --db parallax.duckdb --out out/`
    """
    from parallax.engine.local import analyze as run_analysis
    from parallax.store.export import export

    if ray:
        from parallax.engine.ray_runner import RayUnavailableError, analyze_on_ray, require_ray

        try:
            require_ray()
        except RayUnavailableError as exc:
            console.print("[red]error:[/red]", escape(str(exc)))  # escape: "[distributed]" is not markup
            raise typer.Exit(2) from exc
        run_analysis = analyze_on_ray
    store = _open_store(db)
    settings = Settings(batch_size=batch_size).with_(**({"n_process": processes} if processes else {}))
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("reading and analysing", total=None)
        ingested, corpus = run_analysis(
            paths, store, settings, on_progress=lambda n: progress.advance(task, n)
        )
    table = Table(title="parallax analyze", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (
        ("documents read", ingested.read),
        ("articles stored (new)", ingested.stored),
        ("already stored", ingested.already_stored),
        ("duplicates", corpus.duplicates),
        ("stories", corpus.stories),
        ("events", corpus.events),
        ("failed", ingested.failed),
        ("stored with a failed stage", len({f.source for f in ingested.stage_failures})),
    ):
        table.add_row(label, str(value))
    console.print(table)
    for failure in ingested.failures:
        console.print(f"[yellow]failed:[/yellow] {failure.source}: {failure.reason}")
    for failure in ingested.stage_failures:
        console.print(f"[yellow]stored, but[/yellow] {escape(failure.source)}: {escape(failure.reason)}")
    console.print(f"store: {db}")
    if out is not None:
        export(store, out)
        console.print(f"exported JSON Lines to {out}/")
    if ingested.read == 0 and ingested.already_stored == 0 and corpus.articles == 0:
        console.print("[red]nothing could be processed[/red]")
        raise typer.Exit(1)


@app.command("export")
@store_errors
def export_command(
    db: DbOption = DEFAULT_DB,
    out: Annotated[Path, typer.Option("--out", help="directory for the export files")] = Path("out"),
    fmt: Annotated[str, typer.Option("--format", help="jsonl, parquet or csv")] = "jsonl",
) -> None:
    """Write articles, entities, quotes, events and stories files.

    Example: `parallax export --db parallax.duckdb --out out/ --format parquet`
    """
    from parallax.store.export import FORMATS, export

    if fmt not in FORMATS:
        console.print(f"[red]error:[/red] --format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        raise typer.Exit(2)
    counts = export(_open_store(db, read_only=True), out, fmt)
    for name, n in counts.items():
        console.print(f"{out / (name + '.' + fmt)}: {n} rows")


@app.command()
@store_errors
def stats(db: DbOption = DEFAULT_DB) -> None:
    """Counts of what the store holds.

    Example: `parallax stats --db parallax.duckdb`
    """
    table = Table(title=str(db))
    table.add_column("what")
    table.add_column("value", justify="right")
    for key, value in _open_store(db, read_only=True).stats().items():
        table.add_row(key, str(value))
    Console().print(table)


@app.command()
@store_errors
def dyad(
    actor_a: Annotated[str, typer.Argument(help="a country code (CHN) or an actor name")],
    actor_b: Annotated[str, typer.Argument(help="a country code (RUS) or an actor name")],
    db: DbOption = DEFAULT_DB,
    by: Annotated[str, typer.Option(help="day or week")] = "day",
) -> None:
    """The relation between two actors over time: events and cooperation-conflict score.

    Example: `parallax dyad CHN RUS --db parallax.duckdb --by week`
    """
    from parallax.stories.dyads import dyad_timeline

    if by not in ("day", "week"):
        console.print("[red]error:[/red] --by must be day or week")
        raise typer.Exit(2)
    rows = dyad_timeline(_open_store(db, read_only=True).iter_events(), actor_a, actor_b, by=by)
    table = Table(title=f"{actor_a} - {actor_b} by {by}")
    for column in ("period", "events", "score"):
        table.add_column(column, justify="right" if column != "period" else "left")
    for row in rows:
        table.add_row(str(row["period"]), str(row["count"]), f"{row['score']:+.1f}")
    Console().print(table)
    if not rows:
        console.print("no events between these actors")


@app.command()
@store_errors
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="interface to bind; 127.0.0.1 keeps it private")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
) -> None:
    """Serve the web UI and the HTTP API (OpenAPI at /docs).

    Example: `parallax serve --db parallax.duckdb --port 8000`
    """
    import uvicorn

    from parallax.api import create_app

    _open_store(db, read_only=True)
    uvicorn.run(create_app(db), host=host, port=port)


@app.command()
@store_errors
def report(
    db: DbOption = DEFAULT_DB,
    out: Annotated[Path, typer.Option("--out", help="the HTML file to write")] = Path("report.html"),
    story: Annotated[str | None, typer.Option("--story", help="only this story id")] = None,
) -> None:
    """Write one self-contained HTML report to send to someone who has no Parallax.

    Example: `parallax report --db parallax.duckdb --out report.html`
    """
    from parallax.web.report import write_report

    _open_store(db, read_only=True)
    try:
        console.print(f"report: {write_report(db, out, story)}")
    except KeyError as exc:  # an unknown --story
        console.print("[red]error:[/red]", exc.args[0])
        raise typer.Exit(2) from exc


if __name__ == "__main__":
    app()
