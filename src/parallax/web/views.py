"""Page models: what a template needs, derived from the query results.

The web pages and the static report share these, so a story looks the same in both.
"""

from __future__ import annotations

from typing import Any

from parallax.web.charts import bin_dyad, plot_dyad, plot_timeline, plot_voices
from parallax.web.highlight import build_segments, build_snippet, lead_of


def build_story_view(story: dict[str, Any]) -> dict[str, Any]:
    """Outlet columns, the claim-by-outlet matrix, framing in context, voices and timeline charts."""
    texts, leads = story.get("texts") or {}, story.get("leads") or {}
    articles = [
        {**a, "text": texts.get(a["id"]), "lead": lead_of(leads.get(a["id"]))} for a in story["articles"]
    ]
    by_id = {a["id"]: a for a in articles}
    columns: dict[str, list[dict[str, Any]]] = {}
    for article in articles:
        columns.setdefault(article.get("outlet") or "unknown outlet", []).append(article)
    outlets = list(columns)
    for outlet in story.get("outlets") or ():
        if outlet not in columns:
            outlets.append(outlet)
    return {
        "story": story,
        "columns": [{"outlet": o, "articles": columns.get(o, [])} for o in outlets],
        "matrix": build_claim_matrix(story, outlets, by_id),
        "discrepancies": build_discrepancies(story.get("discrepancies") or (), by_id),
        "framing": build_framing(story.get("framing") or (), by_id),
        "voices": plot_voices(story.get("voices") or {}),
        "voice_table": sorted(
            (outlet, speaker, share)
            for outlet, shares in (story.get("voices") or {}).items()
            for speaker, share in (shares or {}).items()
        ),
        "timeline": plot_timeline(story.get("events") or []),
    }


def build_claim_matrix(
    story: dict[str, Any], outlets: list[str], by_id: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Rows are claims, columns outlets; a cell says whether that outlet reports or omits the claim."""
    claims: dict[str, set[str]] = {}
    for item in story.get("consensus") or ():
        claims.setdefault(item.get("claim") or "", set()).update(item.get("article_ids") or ())
    for disc in story.get("discrepancies") or ():
        for side in disc.get("sides") or ():
            claims.setdefault(side.get("claim") or "", set()).update(side.get("article_ids") or ())
    omissions = story.get("omissions") or {}
    for missing in omissions.values():
        for claim in missing or ():
            claims.setdefault(claim, set())
    claims.pop("", None)
    rows = []
    for claim, ids in claims.items():
        reporting = {by_id[i].get("outlet") for i in ids if i in by_id}
        cells = []
        for outlet in outlets:
            if outlet in reporting:
                cells.append("reported")
            elif claim in (omissions.get(outlet) or ()):
                cells.append("omitted")
            else:
                cells.append("")
        rows.append({"claim": claim, "cells": cells, "consensus": len(reporting) > 1})
    return {"outlets": outlets, "rows": rows}


def build_discrepancies(items: Any, by_id: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each disputed point with its sides, and the stored articles behind each side."""
    return [
        {
            "about": d.get("about"),
            "sides": [
                {
                    "claim": s.get("claim"),
                    "articles": [by_id[i] for i in s.get("article_ids") or () if i in by_id],
                }
                for s in d.get("sides") or ()
            ],
        }
        for d in items
    ]


def build_framing(items: Any, by_id: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each framing term in its sentence, with the outlet that used it."""
    framed = []
    for item in items:
        article = by_id.get(item.get("article_id"))
        snippet = None
        if article and isinstance(item.get("start"), int) and isinstance(item.get("end"), int):
            snippet = build_snippet(article.get("text") or "", item["start"], item["end"], item.get("text"))
        framed.append({
            "outlet": item.get("outlet") or (article or {}).get("outlet"), "about": item.get("about"),
            "text": item.get("text"), "article_id": item.get("article_id") if article else None,
            "snippet": snippet,
        })  # fmt: skip
    return framed


def build_article_view(article: dict[str, Any]) -> dict[str, Any]:
    """The article's text cut into highlighted segments (entities, quotes, quoted and framing terms)."""
    terms = list(article.get("terms") or ()) + list(article.get("framing") or ())
    segments = build_segments(
        article.get("text") or "", article.get("mentions") or (), article.get("quotes") or (), terms
    )
    return {"article": article, "segments": segments}


def build_dyad_view(
    events: list[dict[str, Any]], timeline: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Counts per day (or the events engineer's timeline, with scores) and their chart."""
    rows = timeline if timeline is not None else bin_dyad(events)
    return {"events": events, "timeline": rows, "chart": plot_dyad(rows)}
