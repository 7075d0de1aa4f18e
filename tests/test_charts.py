"""The corpus charts (unspin.corpus.charts): what the dashboard and ``stats --plot`` draw, from Store.stats."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from unspin.corpus.charts import Chart, corpus_charts, voice_chart
from unspin.store import Entry, Store
from unspin_testing import synthetic_corpus, voice_quotes_doc


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    s = Store.open(":memory:")
    s.save(synthetic_corpus())
    yield s
    s.close()


@pytest.fixture(scope="module")
def charts(store: Store) -> dict[str, Chart]:
    return {c.id: c for c in corpus_charts(store.stats(top=60), store.stats(by="month"), store.stats(by="source"))}


def test_charts_each_has_title_axes_units_and_how_to_read(charts: dict[str, Chart]) -> None:
    assert {"techniques-by-month", "techniques-by-source", "genres-by-source", "frames-by-source", "entities",
            "techniques", "paragraph-techniques"} <= set(charts)
    for chart in charts.values():
        assert chart.title and chart.x_label and chart.y_label and chart.units and chart.how_to_read, chart.id
        svg = chart.svg()
        assert svg.startswith("<svg") and 'role="img"' in svg and chart.title in svg, chart.id


def test_charts_techniques_per_month_leave_undated_documents_out(charts: dict[str, Chart], store: Store) -> None:
    """Regression: undated documents were drawn as a point in time ("all", or a line from them to a month)."""
    chart = charts["techniques-by-month"]
    undated = sum(g.documents for g in store.stats(by="month").groups if g.group is None)
    assert undated > 0
    assert all(re.fullmatch(r"\d{4}-\d{2}", month) for month in chart.x)
    assert chart.note.startswith(f"{undated} undated documents left out")
    assert chart.kind == "lines" and len(chart.series) == 6
    assert all(len(v) == len(chart.x) for v in chart.series.values())
    assert "<polyline" in chart.svg() and chart.svg().count("<polyline") == len(chart.series)


def test_charts_heat_map_is_sources_by_techniques(charts: dict[str, Chart]) -> None:
    chart = charts["techniques-by-source"]
    assert chart.kind == "heatmap" and chart.rows == ["courier.example", "herald.example", "ledger.example",
                                                       "wire.example"]
    assert len(chart.values) == 4 and all(len(row) == len(chart.x) for row in chart.values)
    assert "Loaded_Language" not in chart.x  # display names
    assert chart.svg().count('class="cell"') == 4 * len(chart.x)


def test_charts_top_entities_are_people_organisations_and_places(charts: dict[str, Chart]) -> None:
    """Regression: "Top entities" was led by ordinals, weekdays and numbers."""
    rows = charts["entities"].rows
    assert rows and all(re.search(r"\((people|organisations|places|groups)\)$", r) for r in rows)
    assert not any(word in r for r in rows for word in ("Wednesday", "first", "two"))


def test_charts_explain_the_two_taxonomies(charts: dict[str, Chart]) -> None:
    assert "PTC" in charts["techniques"].title and "SemEval-2023" in charts["paragraph-techniques"].title
    assert "SemEval-2023" in charts["paragraph-techniques"].note


def test_charts_escape_labels() -> None:
    from unspin.store.models import GroupStats, Stats

    hostile = "<script>alert(1)</script>"
    group = GroupStats(group=hostile, documents=2, words=10, sentences=2, claims=0,
                       rates={"technique": {"Loaded_Language": 0.5}}, top_entities=[("person:x", hostile, 2)])
    stats = Stats(by=None, groups=[GroupStats(None, 2, 10, 2, 0, {"technique": {"Loaded_Language": 0.5}},
                                              [("person:x", hostile, 2)])], failures=0)
    drawn = corpus_charts(stats, Stats("month", [], 0), Stats("source", [group], 0))
    for chart in drawn:
        assert "<script>" not in chart.svg()


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_charts_stats_plot_draws_the_dashboard_charts(store: Store, tmp_path: Path, suffix: str) -> None:
    from unspin.corpus.stats import plot_stats

    charts = corpus_charts(store.stats(top=60), store.stats(by="month"), store.stats(by="source"))
    path = plot_stats(charts, tmp_path / f"plot{suffix}")
    assert path.stat().st_size > 10_000
    if suffix == ".svg":
        svg = path.read_text()
        for chart in charts:
            assert chart.title in svg
        assert "undated documents left out" in svg and ">all<" not in svg


def test_charts_stats_tables_use_display_names_and_say_undated(store: Store, capsys) -> None:
    from unspin.corpus.stats import render_stats

    render_stats(store.stats(by="month"))
    out = capsys.readouterr().out
    assert "undated" in out and "Loaded_Language" not in out
    assert "SemEval-2023" in out and "Wednesday" not in out


def _contrast(a: str, b: str) -> float:
    from unspin.corpus.charts import _luminance

    la, lb = (_luminance([int(c[i:i + 2], 16) for i in (1, 3, 5)]) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


@pytest.mark.parametrize("share", [k / 20 for k in range(21)])
def test_charts_heat_map_cell_text_keeps_contrast(share: float) -> None:
    from unspin.corpus.charts import _blue

    background, text = _blue(share)
    assert _contrast(background, text) >= 4.5


def test_charts_line_colours_stand_out_from_white() -> None:
    from unspin.corpus.charts import LINE_COLOURS

    assert all(_contrast(c, "#ffffff") >= 3.0 for c in LINE_COLOURS)  # WCAG 1.4.11, graphics


def test_charts_voice_by_source_rows_are_sources_with_voice() -> None:
    with Store.open(":memory:") as s:
        assert voice_chart(s.stats(by="source").groups).empty  # nothing to draw in a store without voice
        s.save([Entry(voice_quotes_doc(), source="wire"), Entry(synthetic_corpus(1)[0], source="ledger")])
        chart = voice_chart(s.stats(by="source").groups)
    assert chart.rows == ["wire"] and chart.values == [pytest.approx([0.2, 0.6, 0.2, 0.2, 1 / 3])]
    assert chart.svg().count('class="cell"') == 5
