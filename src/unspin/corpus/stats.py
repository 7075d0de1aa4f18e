"""Corpus statistics for people: a terminal table and a PNG/SVG plot of :meth:`Store.stats`.

The numbers come from the store (``Store.stats``); this module only draws them. Plots use
matplotlib's Agg backend (no display needed) and the file suffix picks the format.
"""

from __future__ import annotations

from pathlib import Path

from unspin.errors import InputError
from unspin.store.models import Stats

__all__ = ["render_stats", "plot_stats", "RATE_LAYERS"]

# Layers drawn first, in this order; any other label layer a component adds follows.
RATE_LAYERS = ("technique", "paragraph_technique", "frame", "genre", "section_genre")


def _layers(stats: Stats) -> list[str]:
    present = {layer for g in stats.groups for layer in g.rates}
    return [x for x in RATE_LAYERS if x in present] + sorted(present - set(RATE_LAYERS))


def render_stats(stats: Stats, *, labels_per_layer: int = 8) -> None:
    """Print the overview, the rates per layer and the top entities as rich tables."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    overview = Table(title=f"documents{' by ' + stats.by if stats.by else ''} ({stats.failures} failed inputs)")
    for col in (stats.by or "corpus", "documents", "words", "sentences", "claims", "claim rate"):
        overview.add_column(col, justify="left" if col == (stats.by or "corpus") else "right")
    for g in stats.groups:
        overview.add_row(g.group or "—", str(g.documents), str(g.words), str(g.sentences), str(g.claims),
                         f"{g.claim_rate:.1%}")
    console.print(overview)
    for layer in _layers(stats):
        table = Table(title=f"{layer}: share of documents")
        table.add_column(stats.by or "corpus")
        table.add_column("label")
        table.add_column("documents", justify="right")
        for g in stats.groups:
            for label, rate in list(g.rates.get(layer, {}).items())[:labels_per_layer]:
                table.add_row(g.group or "—", label, f"{rate:.1%}")
        console.print(table)
    ents = Table(title="top entities")
    for col in (stats.by or "corpus", "id", "text", "documents"):
        ents.add_column(col, justify="right" if col == "documents" else "left")
    for g in stats.groups:
        for ent_id, text, n in g.top_entities:
            ents.add_row(g.group or "—", ent_id, text, str(n))
    console.print(ents)
    if not stats.groups:
        console.print("the store holds no documents yet: add some with `unspin batch INPUT --db ...`")


def plot_stats(stats: Stats, path: Path, *, labels_per_layer: int = 6) -> Path:
    """Draw one panel per label layer (bars overall, lines per group) plus claim rates; save PNG or SVG."""
    if path.suffix.lower() not in (".png", ".svg"):
        raise InputError("the plot must be a .png or .svg file", source=str(path))
    import matplotlib

    matplotlib.use("Agg")  # never a window: this runs on servers and in CI
    import matplotlib.pyplot as plt

    layers = _layers(stats)
    panels = len(layers) + 1
    fig, axes = plt.subplots(panels, 1, figsize=(9, 3.2 * panels), squeeze=False)
    names = [g.group or "all" for g in stats.groups]
    for ax, layer in zip(axes[:, 0], layers, strict=False):
        totals: dict[str, float] = {}
        for g in stats.groups:
            for label, rate in g.rates.get(layer, {}).items():
                totals[label] = totals.get(label, 0.0) + rate * g.documents
        top = sorted(totals, key=lambda k: (-totals[k], k))[:labels_per_layer]
        if len(stats.groups) <= 1:
            rates = [stats.groups[0].rates.get(layer, {}).get(t, 0.0) for t in top] if stats.groups else []
            ax.barh(top[::-1], rates[::-1])
        else:
            for label in top:
                ax.plot(names, [g.rates.get(layer, {}).get(label, 0.0) for g in stats.groups], marker="o",
                        label=label)
            ax.legend(fontsize="small")
            ax.tick_params(axis="x", labelrotation=45)
        ax.set_title(f"{layer}: share of documents")
        ax.set_xlim(left=0) if len(stats.groups) <= 1 else ax.set_ylim(bottom=0)
    ax = axes[-1, 0]
    ax.bar(names, [g.claim_rate for g in stats.groups])
    ax.set_title("claims per sentence")
    ax.tick_params(axis="x", labelrotation=45)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
