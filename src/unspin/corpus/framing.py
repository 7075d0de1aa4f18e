"""How a corpus casts one entity, for people: the terminal table and the charts of :meth:`Store.framing`.

    framing = store.framing("RU", by="source")
    render_framing(framing)                      # a rich table: role shares and top fine roles per source
    charts = framing_charts(framing)             # the dashboard's "entity framing" charts; stats --plot draws them

The unit is the entity's mention: each share is the part of its mentions in the group that the ``roles`` layer cast
as protagonist, antagonist or innocent, or left unframed ("not cast"). Fine roles are counted over the cast
mentions. The numbers come from the store only; this module draws them with the label catalogue's names.
"""

from __future__ import annotations

from unspin.corpus.charts import Chart
from unspin.report.roles import MAIN_ROLES, ROLE_COLOURS, role_name
from unspin.store.models import EntityFraming

__all__ = ["render_framing", "framing_charts", "ROLE_SERIES"]

# The stacked bar's parts, in order: the three main roles, then the mentions left unframed.
ROLE_SERIES = (*MAIN_ROLES, "none")


def _series_name(role: str) -> str:
    return "not cast" if role == "none" else role_name(role).lower()


def _group_name(by: str | None, group: str | None) -> str:
    if by is None:
        return "all documents"
    return group or {"month": "undated", "source": "unknown source", "language": "unknown language"}.get(by, "—")


def render_framing(framing: EntityFraming, *, fine_per_group: int = 3) -> None:
    """Print how the corpus casts the entity: per group, its mentions, the share of each role, and top fine roles."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    ids = ", ".join(framing.ids)
    table = Table(title=f"How the corpus casts {escape(framing.name)} ({escape(ids)}): share of its mentions"
                        f"{' by ' + framing.by if framing.by else ''}")
    table.add_column(framing.by or "corpus")
    for col in ("documents", "mentions", *(_series_name(r) for r in ROLE_SERIES), "top fine roles (of cast)"):
        table.add_column(col, justify="left" if col.startswith("top") else "right")
    for g in framing.groups:
        fine = "\n".join(f"{role_name(r)} {share:.0%}" for r, _, share in g.fine[:fine_per_group]) or "—"
        docs = str(g.documents) if g.analysed == g.documents else f"{g.documents} ({g.analysed} with roles)"
        shares = [f"{g.shares[r]:.0%}" if g.mentions else "—" for r in ROLE_SERIES]  # no analysed mention: no share
        table.add_row(escape(_group_name(framing.by, g.group)), docs, str(g.mentions), *shares, escape(fine))
    console.print(table)
    if framing.also:
        others = ", ".join(f"{escape(i)} ({n})" for i, n in framing.also[:5])
        console.print(f"{escape(framing.entity)!s} also names {others}: mentions of that text the entities layer "
                      "gave another id, left out; give an id to see one of them")
    documents = sum(g.documents for g in framing.groups)
    if not any(g.analysed for g in framing.groups):
        console.print(f"none of the {documents} documents naming {escape(framing.name)} ran the roles layer: analyse "
                      "them again with it (`unspin batch ... --layers` with `roles`) to see how they cast it")
    elif not framing.framed:
        console.print(f"the roles layer cast no mention of {escape(framing.name)} in these documents")


def framing_charts(framing: EntityFraming, *, groups: int = 12, fine: int = 8) -> list[Chart]:
    """Two charts: the role shares of the entity's mentions per group (stacked bars), and its fine roles per group
    (a heat map over the cast mentions). Groups with the most mentions first (months in order)."""
    chosen = list(framing.groups)
    if framing.by != "month":
        chosen.sort(key=lambda g: (-g.mentions, g.group or ""))
    chosen = [g for g in chosen if g.mentions][:groups]
    rows = [_group_name(framing.by, g.group) for g in chosen]
    who = f"{framing.name} ({', '.join(framing.ids)})"
    note = _note(framing)
    if framing.also:
        note = (note + " " if note else "") + (f"Left out: {len(framing.also)} other id(s) with a mention written "
                                               f"“{framing.entity}” ({', '.join(i for i, _ in framing.also[:3])}).")
    per = f" by {framing.by}" if framing.by else ""
    roles = Chart(
        id="entity-framing", kind="stacked", title=f"How the corpus casts {who}{per}",
        x_label="share of its mentions", y_label=framing.by or "corpus", units="% of the entity's mentions",
        how_to_read="Each bar splits the entity's mentions in that group by the role the text gives them: "
                    "protagonist, antagonist, innocent, or not cast (the text does not frame it). Hover a part for "
                    "the count; the number beside a row is its mentions.",
        x=[_series_name(r) for r in ROLE_SERIES], rows=rows,
        values=[[g.shares[r] for r in ROLE_SERIES] for g in chosen] if framing.framed else [],
        counts=[g.mentions for g in chosen], count_unit="mentions",
        colours=[ROLE_COLOURS[r] for r in ROLE_SERIES],
        note=note)
    totals: dict[str, int] = {}
    for g in chosen:
        for label, n, _ in g.fine:
            totals[label] = totals.get(label, 0) + n
    cols = [label for label, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:fine]]
    cast = [g for g in chosen if g.framed]
    fine_chart = Chart(
        id="entity-fine-roles", kind="heatmap", title=f"Fine roles of {who}{per}",
        x_label="fine role", y_label=framing.by or "corpus", units="% of the cast mentions",
        how_to_read="Each cell is the share of the entity's cast mentions in that group that carry the fine role "
                    "(a mention can carry several); the number beside a row is its cast mentions.",
        x=[role_name(c) for c in cols], rows=[_group_name(framing.by, g.group) for g in cast],
        values=[[dict((r, s) for r, _, s in g.fine).get(c, 0.0) for c in cols] for g in cast] if cols else [],
        counts=[g.framed for g in cast], count_unit="cast mentions")
    return [roles, fine_chart]


def _note(framing: EntityFraming) -> str:
    documents = sum(g.documents for g in framing.groups)
    analysed = sum(g.analysed for g in framing.groups)
    if analysed < documents:
        return (f"{documents - analysed} of the {documents} documents naming it ran without the roles layer and are "
                "left out.")
    return ""
