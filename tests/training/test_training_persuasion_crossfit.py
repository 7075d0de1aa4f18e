"""Cross-fitting the persuasion tagger: fold arguments, the protocol's recorded choices, paired differences."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from training.persuasion_crossfit import paired, parse_fold, protocol_choices, table

SHIPPED_CONFIG = Path(__file__).resolve().parents[2] / "src" / "unspin" / "models" / "persuasion" / "config.json"


def test_parse_fold() -> None:
    assert parse_fold("3=build/x/best.pt") == (3, Path("build/x/best.pt"))
    for bad in ("build/x.pt", "a=b.pt", "2="):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_fold(bad)


def test_protocol_choices_are_the_recorded_ones_for_that_fold() -> None:
    cfg = json.loads(SHIPPED_CONFIG.read_text())
    rows = cfg["cross_validation"]["cv"]["folds"]
    for k, row in enumerate(rows):
        ch = protocol_choices(cfg, k)
        assert (ch["t_bench"], ch["t_prec"], ch["c"]) == (row["benchmark_threshold"], row["precision_threshold"],
                                                          row["C"])
        assert ch["decoding"] == row.get("decoding", cfg["decoding"])
    swapped = {**cfg, "cross_validation": {"cv": {"folds": [rows[1], rows[0]]}}}
    with pytest.raises(SystemExit):  # a row out of place is refused, not silently used for another fold
        protocol_choices(swapped, 0)


def test_paired_matches_folds_not_positions() -> None:
    base = [{"fold": k, "si_f1": 0.4 + k / 100} for k in range(5)]
    rows = [{"fold": 3, "si_f1": 0.45}, {"fold": 0, "si_f1": 0.39}]
    p = paired(rows, base, "si_f1")
    assert p["folds"] == [3, 0] and p["diffs"] == [0.02, -0.01]
    assert p["mean"] == pytest.approx(0.005) and p["sd"] == pytest.approx(0.015)
    assert paired(rows[:1], base, "si_f1")["sd"] is None  # one fold: no spread to report


def test_table_lists_each_fold_and_the_differences() -> None:
    figures = ("si_f1", "si_precision", "si_recall", "tc_micro_f1", "tc_span_classifier_only", "flc_f1",
               "precision_point_precision", "precision_point_recall", "precision_point_per_1000_words")
    row = lambda k, v: {"fold": k, **{f: v for f in figures}}  # noqa: E731
    shipped = [row(k, 0.4) for k in range(5)]
    result = {"folds": [2], "crossfit": [row(2, 0.43)], "shipped": shipped,
              "paired_vs_shipped": {f: paired([row(2, 0.43)], shipped, f) for f in figures}}
    text = table(result)
    assert "| si_f1 | 2 | 0.430 | 0.400 | +0.030 |" in text
    assert len(text.splitlines()) == 2 + len(figures)
