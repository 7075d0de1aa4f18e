"""Charts of a corpus that answer a researcher's questions, drawn as plain SVG (and, for ``stats --plot x.png``, with
matplotlib from the same data).

    charts = corpus_charts(store.stats(top=60), store.stats(by="month"), store.stats(by="source"))
    svg = charts[0].svg()

Each :class:`Chart` carries its title, axis labels, units and a one-line "how to read this"; what it draws comes
from :meth:`Store.stats` only. Kinds: ``lines`` (a share per month: undated documents are left out and counted in
the chart's note, never drawn as a point in time), ``heatmap`` (rows × columns of shares, e.g. sources ×
techniques), ``bars`` (ranked values) and ``stacked`` (each row's shares split into parts, e.g. an entity's mentions
by role: :mod:`unspin.corpus.framing`).

Why by hand: the dashboard needs three simple kinds of chart, offline and without a script; a vendored chart library
(Vega-Lite, Chart.js) would add a script, a build step and a CSP exception for the same pictures. Every label goes
through :func:`markupsafe.escape`, so the SVG is safe to inline into a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import escape

from unspin import labels
from unspin.store.models import GroupStats, Stats

__all__ = ["Chart", "corpus_charts", "top_entity_rows", "LINE_COLOURS", "text_colour", "voice_chart",
           "speakers_chart"]

# Tableau 10's darker half: distinct hues, each >= 3:1 against white (WCAG's figure for graphics); the lines
# also differ in dash pattern, so the chart reads without colour.
LINE_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#c2185b", "#5f6b00", "#00796b"]
_DASHES = ["", "6 3", "2 3", "8 3 2 3"]
_TEXT = "#1d1d1f"
_MUTED = "#555555"  # axis text: 7.5:1 on white


@dataclass(slots=True)
class Chart:
    """One chart: what it shows and how to read it, and its data (see the module docstring for the kinds)."""

    id: str
    kind: str  # "lines" | "heatmap" | "bars"
    title: str
    x_label: str
    y_label: str
    units: str
    how_to_read: str
    x: list[str] = field(default_factory=list)  # lines: months; heatmap: column labels; bars: unused
    rows: list[str] = field(default_factory=list)  # heatmap: row labels; bars: bar labels
    series: dict[str, list[float]] = field(default_factory=dict)  # lines: label -> value per x
    values: list[list[float]] = field(default_factory=list)  # heatmap: rows × x; bars: [[v] per row]
    counts: list[int] = field(default_factory=list)  # lines: documents per x; heatmap: documents per row
    note: str = ""
    count_unit: str = "documents"  # what ``counts`` count (the entity framing charts count mentions)
    colours: list[str] = field(default_factory=list)  # stacked: one colour per part (x)

    @property
    def empty(self) -> bool:
        return not (self.series or self.values)

    def svg(self) -> str:
        """The chart as an inline ``<svg>`` element (empty string when there is nothing to draw)."""
        if self.empty:
            return ""
        return {"lines": _svg_lines, "heatmap": _svg_heatmap, "bars": _svg_bars,
                "stacked": _svg_stacked}[self.kind](self)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


def _pct(v: float) -> str:
    return f"{v * 100:.0f}%"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _top_labels(group: GroupStats | None, layer: str, n: int) -> list[str]:
    rates = group.rates.get(layer, {}) if group else {}
    return [label for label, _ in sorted(rates.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def top_entity_rows(group: GroupStats | None, n: int = 15) -> list[tuple[str, str, int]]:
    """(display, group name, documents) for the most named people, organisations, places and groups: dates,
    numbers and ordinals are left out (their ids say what they are: ``ordinal:first``, ``2023-05-19``)."""
    keep = {"people", "organisations", "places", "groups"}
    rows = []
    for ent_id, text, docs in group.top_entities if group else []:
        kind = labels.entity_group(ent_id)
        if kind in keep:
            rows.append((text, labels.GROUP_NAMES[kind], docs))
    return rows[:n]


def corpus_charts(overall: Stats, by_month: Stats, by_source: Stats, *, techniques: int = 6,
                  sources: int = 12) -> list[Chart]:
    """The dashboard's charts (and ``stats --plot``'s) from three :meth:`Store.stats` calls."""
    everything = overall.groups[0] if overall.groups else None
    charts: list[Chart] = []

    dated = [g for g in by_month.groups if g.group]
    undated = sum(g.documents for g in by_month.groups if not g.group)
    top_tech = _top_labels(everything, "technique", techniques)
    months = [str(g.group) for g in dated]
    note = (f"{undated} undated document{'s' if undated != 1 else ''} left out (no publication date)."
            if undated else "")
    charts.append(Chart(
        id="techniques-by-month", kind="lines", title="Persuasion techniques per month",
        x_label="month of publication", y_label="share of the month's documents", units="%",
        how_to_read="Each line is one technique: the share of that month's documents with at least one mark of it. "
                    "Months with few documents (hover a point for the count) swing widely.",
        x=months, series={labels.name("technique", t): [g.rates.get("technique", {}).get(t, 0.0) for g in dated]
                          for t in top_tech} if dated else {},
        counts=[g.documents for g in dated], note=note))

    src = sorted(by_source.groups, key=lambda g: (-g.documents, g.group or ""))[:sources]
    src_names = [g.group or "unknown source" for g in src]
    for layer, title, cols, how in (
        ("technique", "Persuasion techniques by source", top_tech + [t for t in _top_labels(everything, "technique",
                                                                                             10) if t not in top_tech],
         "Each cell is the share of the source's documents with at least one mark of the technique; darker is more. "
         "Compare a row across columns to see a source's habits, a column down the rows to compare sources."),
        ("genre", "Genres by source", _top_labels(everything, "genre", 3),
         "Each cell is the share of the source's documents classed as that genre; a row sums to 100% when every "
         "document has a genre."),
        ("frame", "Frames by source", _top_labels(everything, "frame", 8),
         "Each cell is the share of the source's documents taking that frame; a document can take several."),
    ):
        values = [[g.rates.get(layer, {}).get(c, 0.0) for c in cols] for g in src] if cols else []
        charts.append(Chart(
            id=f"{layer}s-by-source", kind="heatmap", title=title, x_label=labels.layer_title(layer).lower(),
            y_label="source (publisher)", units="% of the source's documents", how_to_read=how,
            x=[labels.name(layer, c) for c in cols], rows=src_names, values=values,
            counts=[g.documents for g in src]))

    for layer, cid, title, how in (
        ("technique", "techniques", "Persuasion techniques, PTC (marked phrases)",
         "Share of all documents with at least one phrase marked with the technique."),
        ("paragraph_technique", "paragraph-techniques", "Persuasion techniques, SemEval-2023 (whole paragraphs)",
         "Share of all documents with at least one paragraph flagged with the technique."),
        ("frame", "frames", "Frames", "Share of all documents taking the frame; a document can take several."),
    ):
        top = _top_labels(everything, layer, 14)
        rates = everything.rates.get(layer, {}) if everything else {}
        charts.append(Chart(
            id=cid, kind="bars", title=title, x_label="share of documents", y_label=labels.layer_title(layer).lower(),
            units="% of documents", how_to_read=how, rows=[labels.name(layer, t) for t in top],
            values=[[rates[t]] for t in top],
            note=labels.TAXONOMY_NOTE if layer == "paragraph_technique" else ""))

    ents = top_entity_rows(everything)
    charts.append(Chart(
        id="entities", kind="bars", title="Most named people, organisations and places",
        x_label="documents naming it", y_label="name", units="documents",
        how_to_read="How many documents name each one at least once (dates, numbers and ordinals are left out).",
        rows=[f"{text} ({kind.lower()})" for text, kind, _ in ents], values=[[float(n)] for _, _, n in ents]))
    charts.append(Chart(
        id="months", kind="bars", title="Documents per month", x_label="documents", y_label="month of publication",
        units="documents", how_to_read="How many stored documents were published in each month.",
        rows=months, values=[[float(g.documents)] for g in dated], note=note))
    for chart in (voice_chart(src), speakers_chart(everything)):
        if not chart.empty:  # only when some document went through the voice or quotes layers
            charts.append(chart)
    return charts


def speakers_chart(everything: GroupStats | None, n: int = 15) -> Chart:
    """The most-quoted speakers over the corpus (anonymous sources left out)."""
    top = (everything.top_speakers if everything else [])[:n]
    return Chart(
        id="speakers", kind="bars", title="Most quoted", x_label="quotes", y_label="speaker", units="quotes",
        how_to_read="How many quotes are credited to each speaker across the corpus; unnamed sources are left out.",
        rows=[name for _, name, _ in top], values=[[float(count)] for _, _, count in top])


VOICE_COLUMNS = ("comment", "reported", "fact", "anonymous")


def voice_chart(groups: list[GroupStats]) -> Chart:
    """Each source's sentences by voice (writer's comment, reported, writer's fact, anonymous) and the share of its
    quotes from unnamed sources: empty when no stored document went through the voice or quotes layers."""
    shown = [g for g in groups if g.stances or g.quotes]
    values = [[g.voice.get(c, 0.0) for c in VOICE_COLUMNS] + [g.anonymous_rate or 0.0] for g in shown]
    return Chart(
        id="voice-by-source", kind="heatmap", title="Whose voice: comment, reported speech and anonymous sources by "
        "source", x_label="share", y_label="source (publisher)", units="%",
        how_to_read="The first four columns split a source's sentences: the writer's comment, reported speech, the "
                    "writer's plain statements of fact, and (part of reported) what unnamed sources said; the last "
                    "is the share of its quotes credited to an unnamed source.",
        x=["writer's comment", "reported", "fact", "anonymous", "anonymous quotes"],
        rows=[g.group or "unknown source" for g in shown], values=values, counts=[g.documents for g in shown])


# --- SVG -----------------------------------------------------------------------------------------------------
def _open(chart: Chart, width: int, height: int) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{escape(chart.title)}: {escape(chart.how_to_read)}" '
            f'class="chart chart-{chart.kind}" font-family="system-ui, sans-serif" font-size="12" fill="{_TEXT}">']


def _nice_max(v: float) -> float:
    for top in (0.05, 0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.8, 1.0):
        if v <= top:
            return top
    return v


def _svg_lines(chart: Chart) -> str:
    left, right, top, bottom = 72, 270, 16, 44
    plot_w, plot_h = 470, 220
    width, height = left + plot_w + right, top + plot_h + bottom
    ymax = _nice_max(max((v for vs in chart.series.values() for v in vs), default=0.0) or 0.05)
    n = len(chart.x)

    def px(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))

    def py(v: float) -> float:
        return top + plot_h - v / ymax * plot_h

    out = _open(chart, width, height)
    for k in range(5):  # grid and y ticks
        v = ymax * k / 4
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{py(v):.1f}" y2="{py(v):.1f}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{left - 6}" y="{py(v) + 4:.1f}" text-anchor="end" fill="{_MUTED}">{_pct(v)}</text>')
    step = max(1, -(-n // 10))  # at most ~10 month labels
    for i, month in enumerate(chart.x):
        if i % step == 0 or i == n - 1:
            out.append(f'<text x="{px(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle" fill="{_MUTED}">'
                       f'{escape(month)}</text>')
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="{_MUTED}"/>')
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{_MUTED}"/>')
    out.append(f'<text x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle" class="axis-label">'
               f'{escape(chart.x_label)}</text>')
    out.append(f'<text transform="translate(14 {top + plot_h / 2}) rotate(-90)" text-anchor="middle" '
               f'class="axis-label">{escape(chart.y_label)} ({escape(chart.units)})</text>')
    for s, (name, values) in enumerate(chart.series.items()):
        colour, dash = LINE_COLOURS[s % len(LINE_COLOURS)], _DASHES[s % len(_DASHES)]
        points = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(values))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="series" data-label="{escape(name)}">')
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        for i, v in enumerate(values):
            out.append(f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="3" fill="{colour}"><title>{escape(name)}, '
                       f'{escape(chart.x[i])}: {_pct(v)} of {chart.counts[i]} documents</title></circle>')
        out.append("</g>")
        ly = top + 8 + s * 20  # legend, right of the plot
        lx = left + plot_w + 16
        out.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{ly}" y2="{ly}" stroke="{colour}" '
                   f'stroke-width="2"{dash_attr}/>')
        out.append(f'<text x="{lx + 30}" y="{ly + 4}"><title>{escape(name)}</title>{escape(_clip(name, 36))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _blue(v: float) -> tuple[str, str]:
    """A cell colour for a share in [0, 1] (ColorBrewer Blues, interpolated) and the text colour (black or white,
    whichever contrasts more: one of them always reaches 4.5:1)."""
    stops = [(0.0, (247, 251, 255)), (0.25, (198, 219, 239)), (0.5, (107, 174, 214)), (0.75, (33, 113, 181)),
             (1.0, (8, 48, 107))]
    v = min(max(v, 0.0), 1.0)
    for (a, ca), (b, cb) in zip(stops, stops[1:], strict=False):
        if v <= b:
            t = (v - a) / (b - a)
            rgb = [round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True)]
            break
    lum = _luminance(rgb)
    text = "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"
    return "#{:02x}{:02x}{:02x}".format(*rgb), text


def _luminance(rgb: list[int]) -> float:
    c = [x / 255 for x in rgb]
    r, g, b = (x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _svg_heatmap(chart: Chart) -> str:
    cell_w, cell_h, left, top = 58, 26, 170, 150
    width = left + cell_w * len(chart.x) + 20
    height = top + cell_h * len(chart.rows) + 74
    out = _open(chart, max(width, 560), height)
    for j, col in enumerate(chart.x):
        x = left + j * cell_w + cell_w / 2
        out.append(f'<text transform="translate({x:.1f} {top - 8}) rotate(-45)" fill="{_MUTED}">'
                   f'<title>{escape(col)}</title>{escape(_clip(col, 24))}</text>')
    for i, row in enumerate(chart.rows):
        y = top + i * cell_h
        out.append(f'<text x="{left - 8}" y="{y + cell_h / 2 + 4}" text-anchor="end">{escape(_clip(row, 24))} '
                   f'<tspan fill="{_MUTED}">({chart.counts[i]})</tspan></text>')
        for j, v in enumerate(chart.values[i]):
            bg, fg = _blue(v)
            x = left + j * cell_w
            out.append(f'<g class="cell"><rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{bg}">'
                       f'<title>{escape(row)} · {escape(chart.x[j])}: {_pct(v)} of {chart.counts[i]} '
                       f'{escape(chart.count_unit)}'
                       f'</title></rect><text x="{x + cell_w / 2 - 1}" y="{y + cell_h / 2 + 4}" text-anchor="middle" '
                       f'fill="{fg}">{v * 100:.0f}</text></g>')
    base = top + cell_h * len(chart.rows)
    out.append(f'<text x="{left}" y="{base + 18}" class="axis-label">columns: {escape(chart.x_label)}; rows: '
               f'{escape(chart.y_label)}, with its {escape(chart.count_unit)}</text>')
    out.append(f'<text x="{left}" y="{base + 36}" class="axis-label">cells: {escape(chart.units)}</text>')
    for k in range(6):  # the colour scale
        bg, fg = _blue(k / 5)
        out.append(f'<rect x="{left + k * 40}" y="{base + 46}" width="40" height="16" fill="{bg}"/>'
                   f'<text x="{left + k * 40 + 20}" y="{base + 58}" text-anchor="middle" font-size="11" '
                   f'fill="{fg}">{k * 20}%</text>')
    out.append("</svg>")
    return "\n".join(out)


def _svg_bars(chart: Chart) -> str:
    left, bar_max, row_h, top = 250, 330, 22, 26
    height = top + row_h * len(chart.rows) + 40
    width = left + bar_max + 70
    top_value = max((v[0] for v in chart.values), default=0.0) or 1.0
    percent = chart.units.startswith("%")
    out = _open(chart, width, height)
    out.append(f'<text x="{left - 8}" y="16" text-anchor="end" class="axis-label">{escape(chart.y_label)}</text>')
    for i, (row, (v,)) in enumerate(zip(chart.rows, chart.values, strict=True)):
        y = top + i * row_h
        w = max(1.0, bar_max * v / top_value)
        shown = _pct(v) if percent else f"{v:g}"
        out.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end"><title>{escape(row)}</title>'
                   f'{escape(_clip(row, 36))}</text>')
        out.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="16" fill="#2f6ea8"><title>{escape(row)}: '
                   f'{shown}</title></rect><text x="{left + w + 5:.1f}" y="{y + 15}">{shown}</text>')
    base = top + row_h * len(chart.rows)
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{base}" stroke="{_MUTED}"/>')
    out.append(f'<text x="{left}" y="{base + 24}" class="axis-label">{escape(chart.x_label)} '
               f'({escape(chart.units)}) →</text>')
    out.append("</svg>")
    return "\n".join(out)


def _svg_stacked(chart: Chart) -> str:
    """One bar per row, split into the parts of ``chart.x`` (shares summing to 1), each part labelled with its share
    when wide enough and with a legend naming every part: readable without colour."""
    left, bar_w, row_h, top = 170, 460, 30, 44
    width = left + bar_w + 120
    height = top + row_h * len(chart.rows) + 46
    out = _open(chart, width, height)
    x = left
    for j, part in enumerate(chart.x):  # legend, above the bars
        colour = chart.colours[j] if j < len(chart.colours) else LINE_COLOURS[j % len(LINE_COLOURS)]
        out.append(f'<rect x="{x}" y="8" width="14" height="14" fill="{colour}"/>'
                   f'<text x="{x + 19}" y="19" class="legend-label">{escape(part)}</text>')
        x += 34 + 7 * len(part)
    for i, row in enumerate(chart.rows):
        y = top + i * row_h
        out.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end"><title>{escape(row)}</title>'
                   f'{escape(_clip(row, 22))}</text>')
        pos = float(left)
        out.append(f'<g class="bar" data-row="{escape(row)}">')
        for j, v in enumerate(chart.values[i]):
            if v <= 0:
                continue
            colour = chart.colours[j] if j < len(chart.colours) else LINE_COLOURS[j % len(LINE_COLOURS)]
            w = bar_w * v
            count = round(v * chart.counts[i])
            out.append(f'<rect class="part" data-part="{escape(chart.x[j])}" x="{pos:.1f}" y="{y + 4}" '
                       f'width="{w:.1f}" height="20" fill="{colour}"><title>{escape(row)} · {escape(chart.x[j])}: '
                       f'{_pct(v)} ({count} of {chart.counts[i]} {escape(_unit(chart.counts[i], chart.count_unit))})'
                       '</title></rect>')
            if w >= 34:
                text = text_colour(colour)
                out.append(f'<text x="{pos + w / 2:.1f}" y="{y + 18}" text-anchor="middle" fill="{text}">'
                           f'{_pct(v)}</text>')
            pos += w
        out.append("</g>")
        out.append(f'<text x="{left + bar_w + 8}" y="{y + 18}" fill="{_MUTED}">{chart.counts[i]} '
                   f'{escape(_unit(chart.counts[i], chart.count_unit))}</text>')
    base = top + row_h * len(chart.rows)
    out.append(f'<text x="{left}" y="{base + 22}" class="axis-label">{escape(chart.x_label)} ({escape(chart.units)}); '
               f'rows: {escape(chart.y_label)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _unit(n: int, unit: str) -> str:
    """"1 mention", "2 mentions": the unit in the singular for one."""
    return unit[:-1] if n == 1 and unit.endswith("s") else unit


def text_colour(colour: str) -> str:
    """Black or white, whichever contrasts more with the background ``colour`` (#rrggbb)."""
    lum = _luminance([int(colour[k:k + 2], 16) for k in (1, 3, 5)])
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"
