"""SemEval-2020 Task 11 scores on toy inputs; expected values worked out by hand in the comments."""

from __future__ import annotations

import pytest

from unspin.benchmarks.ptc import Label
from unspin.benchmarks.ptc_scoring import flc_score, merge_spans, si_score, tc_score

LL, NC, DOUBT = "Loaded_Language", "Name_Calling,Labeling", "Doubt"


def L(start: int, end: int, technique: str = LL, article: str = "1") -> Label:
    return Label(article, start, end, technique)


def test_half_overlap() -> None:
    # s = [5,15), t = [0,10): |s ∩ t| = 5.  P = 5/|s| = 5/10 = 0.5;  R = 5/|t| = 5/10 = 0.5;  F1 = 0.5
    r = si_score([L(5, 15)], [L(0, 10)])
    assert (r.precision, r.recall, r.f1) == pytest.approx((0.5, 0.5, 0.5))


def test_partial_inside_gold() -> None:
    # s = [10,15) inside t = [0,20): overlap 5.  P = 5/5 = 1;  R = 5/20 = 0.25;  F1 = 2·1·0.25/1.25 = 0.4
    r = si_score([L(10, 15)], [L(0, 20)])
    assert (r.precision, r.recall, r.f1) == pytest.approx((1.0, 0.25, 0.4))


def test_two_predictions_one_gold() -> None:
    # S = {[0,5), [10,20)}, T = {[0,20)}.
    # P = (5/5 + 10/10) / |S|=2 = 1.0;  R = (5/20 + 10/20) / |T|=1 = 0.75;  F1 = 2·0.75/1.75 = 6/7
    r = si_score([L(0, 5), L(10, 20)], [L(0, 20)])
    assert (r.precision, r.recall, r.f1) == pytest.approx((1.0, 0.75, 6 / 7))


def test_miss_and_false_alarm_across_articles() -> None:
    # Article 1: S = {[0,10), [40,50)}, T = {[0,10), [20,30)}; article 2: S = {[0,4)}, T = {}.
    # Σ C(s,t,|s|) = 10/10 = 1 over |S| = 3 -> P = 1/3;  Σ C(s,t,|t|) = 1 over |T| = 2 -> R = 0.5
    # F1 = 2·(1/3)·(1/2) / (5/6) = 0.4
    pred = [L(0, 10), L(40, 50), L(0, 4, article="2")]
    gold = [L(0, 10), L(20, 30)]
    r = si_score(pred, gold)
    assert (r.precision, r.recall, r.f1) == pytest.approx((1 / 3, 0.5, 0.4))


def test_same_label_overlaps_are_merged_first() -> None:
    # Predicted [0,6) and [4,10) overlap -> merged into [0,10), which equals gold [0,10): P = R = 1.
    # (Unmerged, R would be (6/10 + 6/10)/1 = 1.2, above 1.)
    assert merge_spans([(4, 10), (0, 6)]) == [(0, 10)]
    r = si_score([L(0, 6), L(4, 10)], [L(0, 10)])
    assert (r.precision, r.recall) == pytest.approx((1.0, 1.0))


def test_touching_spans_are_not_merged() -> None:
    assert merge_spans([(0, 5), (5, 10)]) == [(0, 5), (5, 10)]


def test_flc_counts_only_matching_techniques_and_si_ignores_them() -> None:
    gold = [L(0, 10, LL), L(0, 10, NC)]
    pred = [L(0, 10, LL), L(20, 30, DOUBT)]
    # FLC: only (LL [0,10), LL [0,10)) counts, overlap 10.  P = (10/10)/|S|=2 = 0.5;  R = (10/10)/|T|=2 = 0.5
    f = flc_score(pred, gold)
    assert (f.precision, f.recall, f.f1) == pytest.approx((0.5, 0.5, 0.5))
    # SI: the two gold spans merge into one [0,10); pred [0,10), [20,30).
    # P = (10/10 + 0)/2 = 0.5;  R = (10/10)/1 = 1;  F1 = 2·0.5·1/1.5 = 2/3
    s = si_score(pred, gold)
    assert (s.precision, s.recall, s.f1) == pytest.approx((0.5, 1.0, 2 / 3))


def test_tc_micro_multiset() -> None:
    gold = [L(0, 10, LL), L(0, 10, NC), L(20, 30, DOUBT)]
    pred = [L(0, 10, LL), L(0, 10, LL), L(20, 30, DOUBT)]
    # LL on [0,10) is matched once (gold has one), Doubt once: TP = 2.  P = 2/3, R = 2/3, F1 = 2/3
    r = tc_score(pred, gold)
    assert (r.precision, r.recall, r.f1) == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_empty_predictions_score_zero() -> None:
    r = si_score([], [L(0, 10)])
    assert (r.precision, r.recall, r.f1) == (0.0, 0.0, 0.0)
    assert tc_score([], []).f1 == 0.0
