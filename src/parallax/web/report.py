"""One self-contained HTML report: corpus overview plus story views, openable from disk offline.

CSS and JS are inlined and pinned by hash in a CSP meta tag, charts are inline SVG, and
the story sections use the same template as the served story page.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from markupsafe import Markup

from parallax.store import queries
from parallax.web import STATIC, ReportLinks, build_environment
from parallax.web.views import build_story_view

MAX_STORIES = 100


def _digest(source: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"
    )


def write_report(db_path: Path, out: Path, story_id: str | None = None) -> Path:
    """Write the report for one story (or the newest ``MAX_STORIES`` stories) to ``out``; returns ``out``."""
    con = queries.open_readonly(Path(db_path))
    try:
        overview = queries.get_overview(con)
        ids = [story_id] if story_id else queries.list_story_ids(con, MAX_STORIES)
        stories = [queries.get_story(con, sid) for sid in ids]
    finally:
        con.close()
    if story_id and stories[0] is None:
        raise KeyError(f"{db_path}: no story with id {story_id!r}")
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    csp = (
        f"default-src 'none'; style-src {_digest(css)}; script-src {_digest(js)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    # Our own asset files, not article data: Markup keeps them byte-identical to their CSP hashes.
    assets = {"css": Markup(css), "js": Markup(js), "csp": csp}
    html = (
        build_environment()
        .get_template("report.html")
        .render(
            links=ReportLinks(),
            inline_assets=assets,
            overview=overview,
            views=[build_story_view(s) for s in stories if s],
        )
    )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".part")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    return out
