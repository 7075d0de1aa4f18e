"""Search results for people: a terminal table of :meth:`Store.search` hits (the search itself is in the store)."""

from __future__ import annotations

from unspin.store.models import SearchHit

__all__ = ["render_hits"]


def render_hits(hits: list[SearchHit]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    if not hits:
        console.print("no matches")
        return
    table = Table(show_lines=True)
    for col in ("id", "published", "source", "techniques", "title / snippet"):
        table.add_column(col, overflow="fold")
    for hit in hits:
        d = hit.document
        # Article text is data, not markup: escape it so "[bold]" in an article prints as written.
        title = d.title or d.first_line or d.path or d.url or ""  # untitled: the first line, not a hash
        table.add_row(d.id[:12], d.published or "—", d.source or "—", str(d.n_persuasion),
                      escape(f"{title}\n{hit.snippet}" if hit.snippet else title))
    console.print(table)
