"""Corpus statistics for people: terminal tables of :meth:`Store.stats` and the dashboard's charts in a file.

The numbers come from the store (``Store.stats``); this module only draws them, with the label catalogue's display
names. ``plot_stats`` writes the charts of :mod:`unspin.corpus.charts`: an .svg file is the dashboard's own SVG,
a .png file is drawn by matplotlib's Agg backend (no display needed) from the same data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from unspin import labels
from unspin.corpus.charts import Chart, top_entity_rows
from unspin.errors import InputError
from unspin.store.models import Stats

__all__ = ["render_stats", "plot_stats", "RATE_LAYERS", "render_voice"]

# Layers drawn first, in this order; any other label layer a component adds follows.
RATE_LAYERS = ("technique", "paragraph_technique", "frame", "genre", "section_genre")


_TITLES = {"technique": "Persuasion techniques, PTC (marked phrases)",
           "paragraph_technique": "Persuasion techniques, SemEval-2023 (paragraphs)",
           "frame": "Frames", "genre": "Genres", "section_genre": "Genres of sections"}


def _group_name(by: str | None, group: str | None) -> str:
    """What a row stands for: "all documents", or the group, or what its documents lack ("undated")."""
    if by is None:
        return "all documents"
    return group or {"month": "undated", "source": "unknown source", "language": "unknown language"}.get(by, "—")


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
        overview.add_row(_group_name(stats.by, g.group), str(g.documents), str(g.words), str(g.sentences),
                         str(g.claims), f"{g.claim_rate:.1%}")
    console.print(overview)
    for layer in _layers(stats):
        table = Table(title=f"{_TITLES.get(layer, labels.layer_title(layer))}: share of documents")
        table.add_column(stats.by or "corpus")
        table.add_column("label")
        table.add_column("documents", justify="right")
        for g in stats.groups:
            for label, rate in list(g.rates.get(layer, {}).items())[:labels_per_layer]:
                table.add_row(_group_name(stats.by, g.group), labels.name(layer, label), f"{rate:.1%}")
        console.print(table)
    if {"technique", "paragraph_technique"} <= set(_layers(stats)):
        console.print(labels.TAXONOMY_NOTE)
    ents = Table(title="top people, organisations and places (dates and numbers left out)")
    for col in (stats.by or "corpus", "name", "kind", "documents"):
        ents.add_column(col, justify="right" if col == "documents" else "left")
    for g in stats.groups:
        for text, kind, n in top_entity_rows(g):
            ents.add_row(_group_name(stats.by, g.group), text, kind, str(n))
    console.print(ents)
    render_voice(stats, console)
    if not stats.groups:
        console.print("the store holds no documents yet: add some with `unspin batch INPUT --db ...`")


def render_voice(stats: Stats, console: Any) -> None:
    """Whose voice each group's sentences are in, how often its quotes are anonymous, and who it quotes most.

    Printed only when some document went through the voice or quotes layers."""
    from rich.markup import escape
    from rich.table import Table

    groups = [g for g in stats.groups if g.stances or g.quotes]
    if not groups:
        return
    table = Table(title="whose voice: sentences by stance, and quotes",
                  caption="comment, reported, fact: shares of the sentences (anon.: the part of reported from unnamed "
                          "sources); anon. quotes: the share of quotes from unnamed sources")
    for col in (stats.by or "corpus", "comment", "reported", "fact", "anon.", "quotes", "anon. quotes",
                "most quoted"):
        table.add_column(col, justify="left" if col in (stats.by or "corpus", "most quoted") else "right")
    for g in groups:
        share = g.voice
        cells = [f"{share[k]:.0%}" if share else "—" for k in ("comment", "reported", "fact", "anonymous")]
        rate = "—" if g.anonymous_rate is None else f"{g.anonymous_rate:.0%}"
        speakers = ", ".join(f"{escape(name)} ({n})" for _, name, n in g.top_speakers[:3]) or "—"
        table.add_row(_group_name(stats.by, g.group), *cells, str(g.quotes), rate, speakers)
    console.print(table)


def plot_stats(charts: list[Chart], path: Path) -> Path:
    """Write the dashboard's charts (:func:`unspin.corpus.charts.corpus_charts`) to one file.

    ``.svg``: the dashboard's own SVG drawings, stacked, each under its title and "how to read this" line.
    ``.png``: the same charts drawn by matplotlib from the same data (lines per month, heat maps, ranked bars).
    Undated documents are never a point in time: the month chart leaves them out and says how many in its note.
    """
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise InputError("the plot must be a .png or .svg file", source=str(path))
    drawn = [c for c in charts if not c.empty]
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".svg":
        path.write_text(_stack_svg(drawn), encoding="utf-8")
    else:
        _plot_png(drawn, path)
    return path


def _stack_svg(charts: list[Chart]) -> str:
    """One standalone SVG: each chart's SVG nested at its offset, with its title, how-to-read line and note."""
    import re

    from markupsafe import escape

    parts, y, width = [], 10, 0
    for chart in charts:
        inner = chart.svg()
        size = re.search(r'width="(\d+)" height="(\d+)"', inner)
        w, h = (int(size.group(1)), int(size.group(2))) if size else (700, 300)
        parts.append(f'<text x="10" y="{y + 18}" font-size="16" font-weight="700">{escape(chart.title)}</text>')
        parts.append(f'<text x="10" y="{y + 38}" font-size="12" fill="#444444">How to read this: '
                     f'{escape(chart.how_to_read)}</text>')
        parts.append(inner.replace("<svg ", f'<svg x="10" y="{y + 48}" ', 1))
        y += 48 + h
        if chart.note:
            parts.append(f'<text x="10" y="{y + 14}" font-size="12" font-style="italic" fill="#444444">'
                         f'{escape(chart.note)}</text>')
            y += 22
        y += 24
        width = max(width, w + 20)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{max(width, 900)}" height="{y}" '
            f'viewBox="0 0 {max(width, 900)} {y}" font-family="system-ui, sans-serif" fill="#1d1d1f">'
            f'<rect width="100%" height="100%" fill="#ffffff"/>\n' + "\n".join(parts) + "\n</svg>\n")


def _plot_png(charts: list[Chart], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # never a window: this runs on servers and in CI
    import matplotlib.pyplot as plt
    import numpy as np

    from unspin.corpus.charts import LINE_COLOURS

    heights = [max(3.2, 0.32 * len(c.rows) + 1.8) if c.kind != "lines" else 4.2 for c in charts]
    heights = [h + (0.8 if c.kind == "stacked" else 0) for h, c in zip(heights, charts, strict=True)]
    fig, axes = plt.subplots(len(charts), 1, figsize=(11, sum(heights) + 0.9 * len(charts)), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    styles = ["-", "--", ":", "-."]
    for ax, chart in zip(axes[:, 0], charts, strict=True):
        if chart.kind == "lines":
            for s, (name, values) in enumerate(chart.series.items()):
                ax.plot(chart.x, [v * 100 for v in values], marker="o", color=LINE_COLOURS[s % len(LINE_COLOURS)],
                        linestyle=styles[s % len(styles)], label=name)
            ax.set_ylim(bottom=0)
            ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
            ax.set_ylabel(f"{chart.y_label} ({chart.units})")
            ax.tick_params(axis="x", labelrotation=45)
        elif chart.kind == "stacked":
            _plot_stacked(ax, chart)
        elif chart.kind == "heatmap":
            data = np.array(chart.values) * 100
            image = ax.imshow(data, cmap="Blues", vmin=0, vmax=100, aspect="auto")
            ax.set_xticks(range(len(chart.x)), chart.x, rotation=40, ha="right", fontsize="small")
            ax.set_yticks(range(len(chart.rows)), [f"{r} ({n})" for r, n in zip(chart.rows, chart.counts,
                                                                                 strict=True)])
            for i in range(data.shape[0]):
                for j in range(data.shape[1]):
                    ax.text(j, i, f"{data[i, j]:.0f}", ha="center", va="center", fontsize="small",
                            color="white" if data[i, j] > 55 else "black")
            fig.colorbar(image, ax=ax, label=chart.units)
            ax.set_ylabel(chart.y_label)
        else:
            values = [v[0] * (100 if chart.units.startswith("%") else 1) for v in chart.values]
            ax.barh(chart.rows[::-1], values[::-1], color="#2f6ea8")
            ax.set_ylabel(chart.y_label)
        ax.set_xlabel(f"{chart.x_label}" + (f" ({chart.units})" if chart.kind in ("bars", "stacked") else ""))
        ax.set_title(f"{chart.title}\n{chart.how_to_read}" + (f"\n{chart.note}" if chart.note else ""),
                     fontsize="small", loc="left", wrap=True)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def _plot_stacked(ax: Any, chart: Chart) -> None:
    """One horizontal bar per row, split into its parts (shares), each part labelled with its share."""
    import numpy as np

    from unspin.corpus.charts import text_colour

    values = np.array(chart.values) * 100
    rows = [f"{r} ({n})" for r, n in zip(chart.rows, chart.counts, strict=True)]
    left = np.zeros(len(rows))
    for j, part in enumerate(chart.x):
        ax.barh(rows, values[:, j], left=left, color=chart.colours[j] if j < len(chart.colours) else None,
                label=part, edgecolor="white")
        for i, v in enumerate(values[:, j]):
            if v >= 8:
                ax.text(left[i] + v / 2, i, f"{v:.0f}%", ha="center", va="center", fontsize="small",
                        color=text_colour(chart.colours[j]) if j < len(chart.colours) else "black")
        left += values[:, j]
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_ylabel(f"{chart.y_label} ({chart.count_unit})")
