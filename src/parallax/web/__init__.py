"""Server-rendered pages and the static report: templates, static assets, page models."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")


def link_url(url: str | None) -> str | None:
    """An article URL fit for an href: http(s) only, so a stored ``javascript:`` URL never becomes a link."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


class WebLinks:
    """Where the served pages link to; ids are percent-encoded as path segments."""

    def story(self, story_id: str) -> str:
        return f"/stories/{quote(story_id, safe='')}"

    def article(self, article_id: str) -> str | None:
        return f"/articles/{quote(article_id, safe='')}"

    def entity(self, entity_id: str) -> str | None:
        return f"/entities/{quote(entity_id, safe='')}"


class ReportLinks:
    """Where the static report links to: its own story sections; articles and entities are not in it."""

    def story(self, story_id: str) -> str:
        return f"#story-{quote(story_id, safe='')}"

    def article(self, article_id: str) -> str | None:
        return None

    def entity(self, entity_id: str) -> str | None:
        return None


def build_environment() -> Environment:
    """The one Jinja2 environment for pages and report: autoescape always on, undefined names fail loudly."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, trim_blocks=True,
        lstrip_blocks=True,
    )  # fmt: skip
    env.filters["link_url"] = link_url
    env.filters["pct"] = lambda share: f"{100 * float(share):.0f}%"
    return env
