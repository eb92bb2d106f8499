"""Page models: what a template needs, derived from the query results.

The web pages and the static report share these, so a story looks the same in both.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from parallax.store.codec import event_from_dict
from parallax.stories.dyads import dyad_timeline
from parallax.web.charts import plot_dyad, plot_timeline, plot_voices
from parallax.web.highlight import build_segments, build_snippet, lead_of


def outlet_key(article: dict[str, Any]) -> str:
    """How the comparison stages name an article's outlet: its outlet, or its id when unknown."""
    return article.get("outlet") or article["id"]


def build_story_view(story: dict[str, Any]) -> dict[str, Any]:
    """Outlet columns, the claim-by-outlet matrix, framing in context, voices, tone and timeline."""
    texts, leads = story.get("texts") or {}, story.get("leads") or {}
    articles = [
        {**a, "text": texts.get(a["id"]), "lead": lead_of(leads.get(a["id"]))} for a in story["articles"]
    ]
    by_id = {a["id"]: a for a in articles}
    columns: dict[str, list[dict[str, Any]]] = {}
    for article in articles:
        columns.setdefault(outlet_key(article), []).append(article)
    outlets = list(columns)
    for outlet in (
        story.get("outlets") or ()
    ):  # outlets whose articles are not stored; skip labels for known ones
        if outlet not in columns and not any(aid in outlet for aid in by_id):
            outlets.append(outlet)
    labels = {o: o if o not in by_id else "unknown outlet" for o in outlets}
    tone = (story.get("tone") or {}).get("outlets") or {}
    return {
        "story": story,
        "columns": [{"outlet": labels[o], "key": o, "articles": columns.get(o, [])} for o in outlets],
        "matrix": build_claim_matrix(story, outlets, by_id, labels),
        "discrepancies": build_discrepancies(story.get("discrepancies") or (), by_id),
        "framing": build_framing(story.get("framing") or (), by_id),
        "voices": plot_voices({labels.get(o, o): v for o, v in (story.get("voices") or {}).items()}),
        "voice_table": sorted(
            (labels.get(outlet, outlet), speaker, share)
            for outlet, shares in (story.get("voices") or {}).items()
            for speaker, share in (shares or {}).items()
        ),
        "tone": [
            {"outlet": labels.get(o, o), "score": v} for o, v in tone.items() if isinstance(v, int | float)
        ],
        "tone_method": (story.get("tone") or {}).get("method"),
        "timeline": plot_timeline(story.get("events") or []),
    }


def claim_text(item: Any) -> str:
    """A claim given as text or as ``{"claim": ..., "article_ids": ...}``."""
    return (item.get("claim") if isinstance(item, dict) else item) or ""


def build_claim_matrix(
    story: dict[str, Any], outlets: list[str], by_id: dict[str, dict[str, Any]], labels: dict[str, str]
) -> dict[str, Any]:
    """Rows are claims, columns outlets; a cell says whether that outlet reports or omits the claim."""
    claims: dict[str, set[str]] = {}
    for item in story.get("consensus") or ():
        claims.setdefault(claim_text(item), set()).update(item.get("article_ids") or ())
    for disc in story.get("discrepancies") or ():
        for side in disc.get("sides") or ():
            claims.setdefault(claim_text(side), set()).update(side.get("article_ids") or ())
    omitted: dict[str, set[str]] = {}
    for outlet, missing in (story.get("omissions") or {}).items():
        for item in missing or ():
            claims.setdefault(claim_text(item), set()).update(
                item.get("article_ids") or () if isinstance(item, dict) else ()
            )
            omitted.setdefault(outlet, set()).add(claim_text(item))
    claims.pop("", None)
    rows = []
    for claim, ids in claims.items():
        reporting = {outlet_key(by_id[i]) for i in ids if i in by_id}
        cells = []
        for outlet in outlets:
            if outlet in reporting:
                cells.append("reported")
            elif claim in omitted.get(outlet, ()):
                cells.append("omitted")
            else:
                cells.append("")
        rows.append({"claim": claim, "cells": cells, "consensus": len(reporting) > 1})
    return {"outlets": [labels.get(o, o) for o in outlets], "rows": rows}


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


def in_title(item: dict[str, Any]) -> bool:
    """Whether a framing item's offsets are into the headline (items stored before fields existed are body ones)."""
    return item.get("field") == "title"


def build_framing(items: Any, by_id: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each framing term in its sentence (or headline), with the outlet that used it."""
    framed = []
    for item in items:
        article = by_id.get(item.get("article_id"))
        field = "title" if in_title(item) else "text"
        snippet = None
        if article and isinstance(item.get("start"), int) and isinstance(item.get("end"), int):
            snippet = build_snippet(article.get(field) or "", item["start"], item["end"], item.get("text"))
        framed.append({
            "outlet": (article or {}).get("outlet") or item.get("outlet"), "about": item.get("about"),
            "kind": item.get("kind"), "anchor": span_anchor(item, article), "field": field,
            "text": item.get("text"), "article_id": item.get("article_id") if article else None,
            "snippet": snippet,
        })  # fmt: skip
    return framed


def span_anchor(item: dict[str, Any], article: dict[str, Any] | None) -> str | None:
    """The id of the framing term's mark on the article page, when the stored offsets still point at it."""
    start, end = item.get("start"), item.get("end")
    if article and isinstance(start, int) and isinstance(end, int):
        field = "title" if in_title(item) else "text"
        if (article.get(field) or "")[start:end] == item.get("text"):
            return f"title-span-{start}" if field == "title" else f"span-{start}"
    return None


def build_article_view(article: dict[str, Any]) -> dict[str, Any]:
    """The article's title and text cut into highlighted segments (entities, quotes, quoted and framing
    terms); headline framing terms are marked in the title, never at their offsets in the body."""
    framing = [f for f in article.get("framing") or () if isinstance(f, dict)]
    terms = list(article.get("terms") or ()) + [f for f in framing if not in_title(f)]
    segments = build_segments(
        article.get("text") or "", article.get("mentions") or (), article.get("quotes") or (), terms
    )
    title_terms = [f for f in framing if in_title(f)]
    title_segments = build_segments(article.get("title") or "", terms=title_terms) if title_terms else []
    return {"article": article, "segments": segments, "title_segments": title_segments}


def build_dyad_view(events: list[dict[str, Any]], a: str, b: str, by: str = "day") -> dict[str, Any]:
    """The events engineer's dyad timeline (counts and cooperation-conflict score per period), charted."""
    timeline = dyad_timeline([event_from_dict(e.pop("detail")) for e in events], a, b, by=by)
    plover = {e["id"]: e.get("plover") or "OTHER" for e in events}
    for row in timeline:
        row["by_type"] = dict(Counter(plover.get(i, "OTHER") for i in row["events"]))
    return {"events": events, "timeline": timeline, "chart": plot_dyad(timeline), "by": by}
