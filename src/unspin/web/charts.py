"""Server-side bar charts for the dashboard: plain SVG from the store's stats, no chart library.

The dashboard needs ranked bars (techniques, frames, entities, sources, months); a template with
``<rect>`` elements does that in a few lines and works offline, where a vendored chart library
would add a script and a build step for the same picture.
"""

from __future__ import annotations

from typing import Any

__all__ = ["dashboard_charts", "bars"]

BAR_WIDTH = 330


def bars(counts: dict[str, float] | list[tuple[str, float]], limit: int = 15) -> list[dict[str, Any]]:
    items = list(counts.items()) if isinstance(counts, dict) else list(counts)
    items = sorted(items, key=lambda kv: (-kv[1], kv[0]))[:limit]
    top = max((v for _, v in items), default=0) or 1
    return [{"label": str(k), "value": round(v, 3) if isinstance(v, float) else v,
             "width": max(1, round(BAR_WIDTH * v / top))} for k, v in items]


def dashboard_charts(store: Any) -> list[dict[str, Any]]:
    """Charts from ``store.stats()`` and ``store.stats(by="month")`` (see unspin.store)."""
    stats = store.stats()
    charts = [
        {"id": "techniques", "title": "Persuasion techniques (spans)", "rows": bars(stats.get("techniques", {}))},
        {"id": "frames", "title": "Frames (documents)", "rows": bars(stats.get("frames", {}))},
        {"id": "genres", "title": "Genres (documents)", "rows": bars(stats.get("genres", {}))},
        {"id": "entities", "title": "Top entities", "rows": bars(stats.get("entities", {}))},
    ]
    by_month = store.stats(by="month").get("groups", {})
    charts.append({"id": "months", "title": "Documents by month",
                   "rows": bars({k: v.get("documents", 0) for k, v in by_month.items()}, limit=24)})
    by_source = store.stats(by="source").get("groups", {})
    charts.append({"id": "sources", "title": "Documents by source",
                   "rows": bars({k: v.get("documents", 0) for k, v in by_source.items()})})
    clusters = getattr(store, "clusters", None)
    if callable(clusters):
        try:
            rows = [(c.get("label", "?"), c.get("size", 0)) for c in clusters()]
        except Exception:  # noqa: BLE001 - clusters are optional on the dashboard
            rows = []
        charts.append({"id": "clusters", "title": "Narrative clusters", "rows": bars(rows)})
    return charts

