"""The FastAPI app: thin routes that call ``parallax.store.queries`` and render templates.

Security posture, because article text is hostile: Jinja2 autoescape everywhere, ids
checked against ``ID_PATTERN``, every integer parameter bounded (out of range is a
422, never a 500), bound SQL parameters only, and a strict CSP plus ``nosniff`` on
every response, errors included (``parallax.api.security``; no inline script: JS and
CSS are static files).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BeforeValidator
from starlette.exceptions import HTTPException as StarletteHTTPException

from parallax.api.security import SecurityHeaders
from parallax.store import queries
from parallax.store.queries import Filters, Page
from parallax.web import STATIC, WebLinks, build_environment
from parallax.web.views import build_article_view, build_dyad_view, build_story_view

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"
# What the OpenAPI document says besides the defaults: the 404 of an unknown id, the download formats.
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No item with this id",
          "content": {"application/json": {"schema": {"type": "object", "properties": {"detail": {"type": "string"}}}}}}
}  # fmt: skip
DOWNLOADS: dict[int | str, dict[str, Any]] = {
    200: {"description": "A page of items: JSON with paging totals, or CSV or JSON Lines with ?format=",
          "content": {"text/csv": {"schema": {"type": "string"}}, "application/x-ndjson": {"schema": {"type": "string"}}}}
}  # fmt: skip
MAX_OFFSET = 1_000_000_000  # far past any store, far below DuckDB's BIGINT

Id = Annotated[str, PathParam(pattern=ID_PATTERN, max_length=128)]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Format = Annotated[str, Query(pattern="^(json|csv|jsonl)$")]
Period = Annotated[str, Query(pattern="^(day|week|month|year)$")]


def read_day(value: Any) -> date | None:
    """A day as YYYY-MM-DD, or None for an empty field (an HTML form submits one for "no filter").

    Stricter than pydantic's date, which takes ``0`` for 1970-01-01; an impossible day
    (2025-02-30) is a 422 in FastAPI's own error shape.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a day as YYYY-MM-DD")
    return date.fromisoformat(value)


Day = Annotated[date | None, BeforeValidator(read_day)]
DAY_SCHEMA = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}, {"type": "null"}]
}


def read_filters(
    date_from: Annotated[Day, Query(examples=["2025-03-01"], json_schema_extra=DAY_SCHEMA)] = None,
    date_to: Annotated[Day, Query(examples=["2025-03-31"], json_schema_extra=DAY_SCHEMA)] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    entity: Annotated[str | None, Query(pattern=f"^$|{ID_PATTERN}", max_length=128)] = None,
    language: Annotated[str | None, Query(pattern="^([a-z]{2,3})?$")] = None,
) -> Filters:
    """The shared list filters; empty fields (as an HTML form submits them) count as absent."""
    return Filters(date_from, date_to, outlet or None, entity or None, language or None)


def open_cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the app's shared read-only connection: DuckDB cursors are safe across threads."""
    cur = queries.open_cursor(request.app.state.connection)
    try:
        yield cur
    finally:
        cur.close()


Con = Annotated[duckdb.DuckDBPyConnection, Depends(open_cursor)]
Filt = Annotated[Filters, Depends(read_filters)]


def create_app(db_path: Path) -> FastAPI:
    """The app over one store file, opened read-only once; each request uses its own cursor."""
    app = FastAPI(
        title="Parallax", description="Many outlets, one story, every side.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )  # fmt: skip
    app.state.connection = queries.open_readonly(Path(db_path))
    templates = Jinja2Templates(env=build_environment())
    links = WebLinks()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityHeaders)

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"links": links, "inline_assets": None, **context})

    @app.exception_handler(StarletteHTTPException)
    async def render_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return templates.TemplateResponse(
            request, "error.html", {"links": links, "inline_assets": None, "status": exc.status_code,
                                    "detail": exc.detail}, status_code=exc.status_code, headers=exc.headers,
        )  # fmt: skip

    def found(item: dict | None, what: str) -> dict:
        if item is None:
            raise HTTPException(status_code=404, detail=f"no such {what}")
        return item

    # ---------------------------------------------------------------- pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, con: Con, filters: Filt, limit: Limit = 50, offset: Offset = 0):
        stories = queries.list_stories(con, filters, limit, offset)
        return page(
            request,
            "index.html",
            page_data=stories,
            filters=filters,
            facets=queries.list_facets(con),
            entity_names=queries.get_entity_names(con, [filters.entity] if filters.entity else []),
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, con: Con, story_id: Id):
        return page(
            request,
            "story.html",
            view=build_story_view(found(queries.get_story(con, story_id), "story")),
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, con: Con, article_id: Id, raw: Annotated[bool, Query()] = False):
        article = found(queries.get_article(con, article_id), "article")
        return page(request, "article.html", view=build_article_view(article), show_raw=raw)

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, con: Con, entity_id: Id):
        return page(request, "entity.html", entity=found(queries.get_entity(con, entity_id), "entity"))

    @app.get("/dyads/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(request: Request, con: Con, a: Id, b: Id, by: Period = "day"):
        names = queries.get_entity_names(con, [a, b])
        if a not in names or b not in names:
            raise HTTPException(status_code=404, detail="no such entity")
        view = build_dyad_view(queries.list_dyad_events(con, a, b), a, b, by)
        return page(
            request, "dyad.html", view=view, a={"id": a, "name": names[a]}, b={"id": b, "name": names[b]}
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request, con: Con, filters: Filt, q: Annotated[str, Query(max_length=200)] = "",
        limit: Limit = 50, offset: Offset = 0,
    ):  # fmt: skip
        results = queries.search_articles(con, q, filters, limit, offset) if q.strip() else None
        return page(
            request,
            "search.html",
            q=q,
            page_data=results,
            filters=filters,
            facets=queries.list_facets(con),
            entity_names=queries.get_entity_names(con, [filters.entity] if filters.entity else []),
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page(request: Request):
        return page(request, "docs.html", spec=app.openapi())

    # ----------------------------------------------------------------- JSON

    @app.get("/api/stories", responses=DOWNLOADS, summary="Stories, newest and largest first")
    def api_stories(con: Con, filters: Filt, limit: Limit = 50, offset: Offset = 0, format: Format = "json"):
        return render_page(queries.list_stories(con, filters, limit, offset), format, "stories")

    @app.get(
        "/api/stories/{story_id}",
        responses=NOT_FOUND,
        summary="One story with its comparison, articles and events",
    )
    def api_story(con: Con, story_id: Id):
        return found(queries.get_story(con, story_id), "story")

    @app.get("/api/articles", responses=DOWNLOADS, summary="Articles, newest first (without text)")
    def api_articles(con: Con, filters: Filt, limit: Limit = 50, offset: Offset = 0, format: Format = "json"):
        return render_page(queries.list_articles(con, filters, limit, offset), format, "articles")

    @app.get(
        "/api/articles/{article_id}",
        responses=NOT_FOUND,
        summary="One article with text, raw text and annotations",
    )
    def api_article(con: Con, article_id: Id):
        return found(queries.get_article(con, article_id), "article")

    @app.get(
        "/api/entities/{entity_id}", responses=NOT_FOUND, summary="One entity, its statements and its events"
    )
    def api_entity(con: Con, entity_id: Id):
        return found(queries.get_entity(con, entity_id), "entity")

    @app.get(
        "/api/dyads/{a}/{b}",
        responses=NOT_FOUND,
        summary="Events between two entities and their counts over time",
    )
    def api_dyad(con: Con, a: Id, b: Id, by: Period = "day"):
        names = queries.get_entity_names(con, [a, b])
        if a not in names or b not in names:
            raise HTTPException(status_code=404, detail="no such entity")
        view = build_dyad_view(queries.list_dyad_events(con, a, b), a, b, by)
        return {"a": {"id": a, "name": names[a]}, "b": {"id": b, "name": names[b]},
                "timeline": view["timeline"], "events": view["events"]}  # fmt: skip

    @app.get("/api/search", responses=DOWNLOADS, summary="Articles containing every word of q")
    def api_search(
        con: Con, filters: Filt, q: Annotated[str, Query(min_length=1, max_length=200)],
        limit: Limit = 50, offset: Offset = 0, format: Format = "json",
    ):  # fmt: skip
        return render_page(queries.search_articles(con, q, filters, limit, offset), format, "search")

    return app


def render_page(result: Page, fmt: str, name: str) -> Response:
    """A list page as JSON (with paging totals), CSV or JSON Lines (items only, as a download)."""
    if fmt == "json":
        return JSONResponse(asdict(result))
    if fmt == "jsonl":
        body = "".join(json.dumps(item, ensure_ascii=False, default=str) + "\n" for item in result.items)
        media = "application/x-ndjson"
    else:
        body = write_csv(result.items)
        media = "text/csv; charset=utf-8"
    headers = {"Content-Disposition": f'attachment; filename="parallax-{name}.{fmt}"'}
    return Response(body, media_type=media, headers=headers)


def write_csv(items: list[dict[str, Any]]) -> str:
    """CSV with one column per field; lists are joined with ``;``, other nested values as JSON."""
    out = io.StringIO()
    if items:
        writer = csv.DictWriter(out, fieldnames=list(items[0]))
        writer.writeheader()
        for item in items:
            writer.writerow({k: csv_cell(v) for k, v in item.items()})
    return out.getvalue()


def csv_cell(value: Any) -> Any:
    """One cell; text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) gets a leading quote."""
    if isinstance(value, list):
        value = ";".join(map(str, value))
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
