"""Chart geometry for server-side inline SVG.

Functions return numbers and labels only; the templates draw them (so labels are
escaped) and pair each chart with a table that carries the same figures as text.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

PALETTE = ("#1f6fb2", "#d9822b", "#2e8b57", "#b03a48", "#7a5ba6", "#8c6d31", "#3a8f9c", "#6b6b6b")
CHART_WIDTH = 640
LABEL_WIDTH = 150
ROW_HEIGHT = 26


def plot_voices(voices: dict[str, dict[str, float]], top: int = 7) -> dict[str, Any] | None:
    """One stacked bar per outlet: who gets quoted, as shares of that outlet's quotes."""
    if not voices:
        return None
    totals: Counter[str] = Counter()
    for shares in voices.values():
        totals.update({speaker: float(share) for speaker, share in (shares or {}).items()})
    speakers = [s for s, _ in totals.most_common(top)]
    colors = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(speakers)}
    bar_width = CHART_WIDTH - LABEL_WIDTH - 10
    rows = []
    for i, (outlet, shares) in enumerate(sorted(voices.items())):
        x, bars = float(LABEL_WIDTH), []
        total = sum(float(v) for v in (shares or {}).values()) or 1.0
        ordered = sorted((shares or {}).items(), key=lambda kv: (-float(kv[1]), kv[0]))
        for speaker, share in ordered:
            width = bar_width * float(share) / max(total, 1.0)
            bars.append({
                "x": round(x, 1), "width": round(width, 1), "speaker": speaker,
                "share": round(100 * float(share) / total), "color": colors.get(speaker, PALETTE[-1]),
            })  # fmt: skip
            x += width
        rows.append({"outlet": outlet, "y": i * ROW_HEIGHT, "bars": bars})
    legend = [{"speaker": s, "color": colors[s]} for s in speakers]
    return {"width": CHART_WIDTH, "height": len(rows) * ROW_HEIGHT, "rows": rows, "legend": legend}


def _parse(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def plot_timeline(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Dated events as dots on one time axis; events on the same day stack upwards."""
    dated = [(d, e) for e in events if (d := _parse(e.get("date")))]
    if not dated:
        return None
    first = min(d for d, _ in dated)
    last = max(d for d, _ in dated)
    span = max((last - first).days, 1)
    inner = CHART_WIDTH - 40
    stacks: Counter[date] = Counter()
    dots = []
    for d, event in sorted(dated, key=lambda pair: (pair[0], pair[1]["id"])):
        level = stacks[d]
        stacks[d] += 1
        dots.append({
            "x": round(20 + inner * (d - first).days / span, 1), "y": 70 - 14 * min(level, 4),
            "date": d.isoformat(), "event": event,
        })  # fmt: skip
    return {
        "width": CHART_WIDTH,
        "height": 110,
        "dots": dots,
        "first": first.isoformat(),
        "last": last.isoformat(),
    }


def plot_dyad(timeline: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Bars of event counts per period, and the cooperation (+) / conflict (-) score as a line.

    The score axis is symmetric around zero and scaled to the largest absolute score.
    """
    if not timeline:
        return None
    height, base = 200, 170
    peak = max(row["count"] for row in timeline) or 1
    step = (CHART_WIDTH - 60) / len(timeline)
    scale = max((abs(float(row.get("score") or 0)) for row in timeline), default=0.0) or 1.0
    bars, points = [], []
    width = min(step * 0.7, 40.0)
    for i, row in enumerate(timeline):
        h = 120 * row["count"] / peak
        middle = 40 + i * step + step / 2
        bars.append({"x": round(middle - width / 2, 1), "y": round(base - h, 1), "width": round(width, 1),
                     "height": round(h, 1), "row": row})  # fmt: skip
        if row.get("score") is not None:
            points.append(
                {"x": round(middle, 1), "y": round(base - 60 - 55 * float(row["score"]) / scale, 1)}
            )
    return {"width": CHART_WIDTH, "height": height, "base": base, "peak": peak, "bars": bars, "points": points,
            "score_line": " ".join(f"{p['x']},{p['y']}" for p in points), "score_scale": scale}  # fmt: skip
