"""The dashboard: the corpus charts (:mod:`unspin.corpus.charts`, server-side SVG) and the narrative clusters.

The charts are drawn on the server as plain SVG from the store's stats, so the page needs no chart library and
works offline; ``unspin stats --plot`` draws the same charts from the same data.
"""

from __future__ import annotations

from typing import Any

from unspin.corpus.charts import Chart, corpus_charts

__all__ = ["dashboard_charts", "dashboard_clusters", "dashboard_framing"]


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


def dashboard_framing(store: Any, entity: str | None = None, by: str = "source") -> dict[str, Any]:
    """The "entity framing" section: how the corpus casts one entity (by default the one cast most often), per
    source or month, as :func:`unspin.corpus.framing.framing_charts` draws it for ``unspin stats --entity``.

    Returns the entities to choose from (id, name, mentions cast), the chosen one, its charts, and a message
    instead of charts when the store has no roles or the entity asked for is not in it.
    """
    from unspin.corpus.framing import framing_charts
    from unspin.errors import InputError

    choices = store.framed_entities(30)
    out: dict[str, Any] = {"choices": choices, "entity": entity, "by": by, "charts": [], "message": "", "name": ""}
    chosen = entity or (choices[0][0] if choices else None)
    if chosen is None:
        out["message"] = "No stored document casts an entity yet: run `unspin batch` with the roles layer."
        return out
    try:
        framing = store.framing(chosen, by, top=8)
    except InputError as exc:
        out["message"] = str(exc)
        return out
    out.update(entity=chosen, name=framing.name, charts=framing_charts(framing))
    return out
