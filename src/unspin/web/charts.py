"""The dashboard: the corpus charts (:mod:`unspin.corpus.charts`, server-side SVG) and the narrative clusters.

The charts are drawn on the server as plain SVG from the store's stats, so the page needs no chart library and
works offline; ``unspin stats --plot`` draws the same charts from the same data.
"""

from __future__ import annotations

from typing import Any

from unspin.corpus.charts import Chart, corpus_charts

__all__ = ["dashboard_charts", "dashboard_clusters"]


def dashboard_charts(store: Any) -> list[Chart]:
    """Charts over the whole store, by month and by source (see :meth:`unspin.store.Store.stats`)."""
    return corpus_charts(store.stats(top=60), store.stats(by="month"), store.stats(by="source"))


def dashboard_clusters(store: Any, limit: int = 2000, n: int = 12) -> list[dict[str, Any]]:
    """The largest narrative clusters with their terms, sizes and two example sentences; empty when the corpus has
    too little to group or no sentence encoder is installed."""
    from unspin.corpus.clusters import find_clusters

    try:
        clusters = find_clusters(store, limit=limit)
    except (ImportError, ValueError):
        return []
    return [{"terms": ", ".join(c.terms[:5]), "size": c.size, "documents": c.documents,
             "examples": c.examples[:2]} for c in sorted(clusters, key=lambda c: -c.size)[:n]]
