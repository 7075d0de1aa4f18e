"""A readable terminal summary of a Document, with rich."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from unspin import labels
from unspin.document import Document
from unspin.report.html import (
    display_title,
    entity_groups,
    section_caption,
    speaker_name,
    techniques_said_by,
    voice_line,
)
from unspin.report.roles import entity_roles, narrative_line

__all__ = ["render_text", "summary", "quotes_table"]


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def summary(doc: Document) -> Group:
    """The summary as a rich renderable (the CLI prints it; tests render it to a string)."""
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("Title", display_title(doc))
    head.add_row("Source", str(doc.source.url or doc.source.path))
    head.add_row("Language", doc.language or "not identified")
    if doc.genre:
        head.add_row("Genre", labels.name("genre", doc.genre.label))
    if doc.frames:
        head.add_row("Frames", ", ".join(f"{labels.name('frame', f.frame)} ({f.score:.2f})"
                                         for f in doc.frames[:4]))
    if "narratives" in doc.layers:
        head.add_row("Narratives", narrative_line(doc) or "none found")
    a = doc.attribution
    head.add_row("Authors", ", ".join(a.authors) or "—")
    head.add_row("Organisations", ", ".join(a.organizations) or "—")
    head.add_row("Published", a.published or "—")
    if a.updated:
        head.add_row("Updated", a.updated)
    if a.dateline:
        where = ", ".join(x for x in (a.dateline.place, a.dateline.date) if x)
        head.add_row("Dateline", where + (f" ({a.dateline.agency})" if a.dateline.agency else ""))
    roles = [f"{c.name} ({c.role.replace('_', ' ')})" for c in a.credits if c.role not in ("author", "publisher")]
    if roles:
        head.add_row("Credits", ", ".join(roles))
    if doc.voice or "quotes" in doc.layers:
        anonymous = sum(1 for q in doc.quotes if q.anonymous)
        head.add_row("Whose voice", "; ".join(x for x in (
            voice_line(doc.voice),
            f"{len(doc.quotes)} quotes, {anonymous} from an unnamed source" if "quotes" in doc.layers else None) if x))
    head.add_row("Size", f"{len(doc.sections)} sections, {len(doc.paragraphs)} paragraphs, "
                         f"{len(doc.sentences)} sentences, {len(doc.entities)} entities")
    parts: list = [Panel(head, title="unspin", expand=False)]

    sections = Table(title="Sections", show_lines=False)
    with_voice = any(s.voice for s in doc.sections)
    for col in ("section", "offsets", "starts with", *(("whose voice",) if with_voice else ())):
        sections.add_column(col)
    for s in doc.sections:
        caption = section_caption(s.label, s.kind, s.genre.label if s.genre else None)
        sections.add_row(caption, f"{s.start}–{s.end}", _clip(doc.text[s.start : s.end], 60),
                         *((voice_line(s.voice) or "—",) if with_voice else ()))
    parts.append(sections)

    named, numbers = entity_groups(doc)
    for group in named:
        ents = Table(title=f"{group['name']} (by canonical id)")
        for col in ("name", "type", "id", "mentions"):
            ents.add_column(col)
        for row in group["rows"][:15]:
            ents.add_row(row["text"], row["type"], row["id"], str(row["n"]))
        parts.append(ents)
    if numbers:
        small = Table(title="Dates, times and numbers")
        for col in ("text", "type", "value", "mentions"):
            small.add_column(col)
        for row in numbers[:10]:
            small.add_row(row["text"], row["type"], row["id"], str(row["n"]))
        parts.append(small)

    cast = entity_roles(doc)
    if cast:
        rt = Table(title="How the text casts its names (roles)")
        for col in ("name", "role", "score", "fine roles", "mentions cast"):
            rt.add_column(col)
        for row in cast[:15]:
            rt.add_row(f"{row['text']} ({row['id']})", row["name"], f"{row['score']:.2f}",
                       ", ".join(f["name"] for f in row["fine"]) or "—", f"{row['cast']} of {row['mentions']}")
        parts.append(rt)

    if doc.persuasion:
        whose = techniques_said_by(doc)
        n_quoted = sum(1 for w in whose if w is not None)
        pt = Table(title="Persuasion techniques" + (f" ({n_quoted} of {len(whose)} in quoted speech)" if n_quoted
                                                    else ""))
        for col in ("technique", "score", "span", "whose words"):
            pt.add_column(col)
        for p, who in sorted(zip(doc.persuasion, whose, strict=True), key=lambda pw: -pw[0].score)[:15]:
            pt.add_row(labels.name("technique", p.technique), f"{p.score:.2f}", _clip(doc.text[p.start : p.end], 60),
                       who or ("writer" if "voice" in doc.layers else "—"))
        parts.append(pt)

    claims = [s for s in doc.sentences if s.claim]
    if claims:
        ct = Table(title="Claims worth checking")
        ct.add_column("score")
        ct.add_column("sentence")
        for claim in sorted(claims, key=lambda c: -(c.checkworthiness or 0))[:10]:
            ct.add_row(f"{claim.checkworthiness:.2f}", _clip(doc.text[claim.start : claim.end]))
        parts.append(ct)

    if doc.quotes:
        parts.append(quotes_table(doc))

    for note in doc.notes:
        parts.append(Text(f"note ({note.layer}): {note.message}", style="yellow"))
    return Group(*parts)


def quotes_table(doc: Document, limit: int = 15) -> Table:
    """Who said what: each quote's source (or "anonymous source"), its kind and its content."""
    table = Table(title="Quotes (who said what)")
    for col in ("source", "kind", "quote"):
        table.add_column(col)
    for i, q in enumerate(doc.quotes[:limit]):
        name = speaker_name(doc, i)
        who = f"anonymous source ({name})" if q.anonymous and name else "anonymous source" if q.anonymous \
            else name or "speaker not identified"
        table.add_row(Text(who), q.kind, Text(_clip(doc.text[q.content.start : q.content.end], 70)))
    if len(doc.quotes) > limit:
        table.caption = f"{len(doc.quotes) - limit} more in the JSON"
    return table


def render_text(doc: Document, *, width: int = 100, color: bool = False) -> str:
    console = Console(width=width, record=True, force_terminal=color, color_system="auto" if color else None)
    with console.capture() as capture:
        console.print(summary(doc))
    return capture.get()
