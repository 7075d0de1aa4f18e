"""Search results for people: a terminal table of :meth:`Store.search` hits (the search itself is in the store)."""

from __future__ import annotations

from unspin.store.models import QuoteHit, SearchHit

__all__ = ["render_hits", "render_quotes"]


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


def render_quotes(hits: list[QuoteHit]) -> None:
    """What someone was quoted saying: one row per quote, with its document."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    if not hits:
        console.print("no quotes by this speaker")
        return
    table = Table(show_lines=True)
    for col in ("id", "published", "source", "speaker", "kind", "quote"):
        table.add_column(col, overflow="fold")
    for hit in hits:
        d = hit.document
        speaker = "anonymous source" + (f" ({hit.speaker})" if hit.speaker else "") if hit.anonymous \
            else (hit.speaker or "—") + (f" [{hit.speaker_id}]" if hit.speaker_id else "")
        table.add_row(d.id[:12], d.published or "—", d.source or "—", escape(speaker), hit.kind,
                      escape(f"{hit.content}\n— {d.title or d.first_line or d.path or d.url or ''}"))
    console.print(table)
