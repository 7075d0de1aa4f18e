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
    """Charts from ``store.stats()``, by month and by source (see :class:`unspin.store.Store`)."""
    overall = store.stats().groups
    group = overall[0] if overall else None
    rates = group.rates if group else {}
    charts: list[dict[str, Any]] = [
        {"id": "techniques", "title": "Persuasion techniques (share of documents)",
         "rows": bars(rates.get("technique", {}))},
        {"id": "paragraph-techniques", "title": "Paragraph techniques (share of documents)",
         "rows": bars(rates.get("paragraph_technique", {}))},
        {"id": "frames", "title": "Frames (share of documents)", "rows": bars(rates.get("frame", {}))},
        {"id": "genres", "title": "Genres (share of documents)", "rows": bars(rates.get("genre", {}))},
        {"id": "entities", "title": "Top entities (documents)",
         "rows": bars([(f"{text} ({ent_id})", n) for ent_id, text, n in (group.top_entities if group else [])])},
    ]
    by_month = store.stats(by="month").groups
    by_source = store.stats(by="source").groups
    charts.append({"id": "techniques-by-month", "title": "Techniques over time (share of the month's documents)",
                   "rows": _top_rates(by_month, "technique")})
    charts.append({"id": "techniques-by-source", "title": "Techniques by source (share of the source's documents)",
                   "rows": _top_rates(by_source, "technique")})
    months = {g.group or "undated": g.documents for g in by_month}
    charts.append({"id": "months", "title": "Documents by month",
                   "rows": sorted(bars(months, limit=36), key=lambda r: str(r["label"]))})
    sources = {g.group or "unknown": g.documents for g in by_source}
    charts.append({"id": "sources", "title": "Documents by source", "rows": bars(sources)})
    charts.append({"id": "clusters", "title": "Narrative clusters (claims and persuasive paragraphs)",
                   "rows": _cluster_rows(store)})
    return charts


def _top_rates(groups: list[Any], layer: str, per_group: int = 3) -> list[dict[str, Any]]:
    """The ``per_group`` most frequent labels of ``layer`` in each group, as "group · label" bars."""
    rows = []
    for g in sorted(groups, key=lambda g: g.group or ""):
        top = sorted(g.rates.get(layer, {}).items(), key=lambda kv: (-kv[1], kv[0]))[:per_group]
        rows += [(f"{g.group or '—'} · {label}", round(rate, 3)) for label, rate in top]
    return bars(rows, limit=36)


def _cluster_rows(store: Any, limit: int = 2000) -> list[dict[str, Any]]:
    """Cluster sizes, labelled by their terms; empty when the corpus has too little to group."""
    from unspin.corpus.clusters import find_clusters

    try:
        clusters = find_clusters(store, limit=limit)
    except (ImportError, ValueError):  # no encoder installed, or nothing to cluster
        return []
    return bars([(", ".join(c.terms[:4]), c.size) for c in clusters], limit=12)
