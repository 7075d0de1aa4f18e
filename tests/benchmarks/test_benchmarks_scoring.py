"""Metric tests on toy data whose scores are worked out by hand in the comments."""

from __future__ import annotations

import pytest

from unspin.benchmarks import scoring
from unspin.errors import InputError


def test_macro_f1_by_hand() -> None:
    gold = {"1": "opinion", "2": "opinion", "3": "reporting", "4": "satire", "5": "opinion"}
    pred = {"1": "opinion", "2": "reporting", "3": "reporting", "4": "opinion", "5": "opinion"}
    # opinion:   tp=2 (1,5), fp=1 (4), fn=1 (2) -> P=2/3 R=2/3 F1=2/3
    # reporting: tp=1 (3),   fp=1 (2), fn=0     -> P=1/2 R=1   F1=2/3
    # satire:    tp=0,       fp=0,     fn=1     -> F1=0
    # macro = (2/3 + 2/3 + 0) / 3 = 4/9
    s = scoring.macro_f1(gold, pred, ["reporting", "opinion", "satire"])
    assert s.f1 == pytest.approx(4 / 9)
    assert dict((c, f) for c, f, _ in s.per_class)["satire"] == 0.0
    assert s.precision == pytest.approx(3 / 5)  # accuracy: 1, 3, 5 right


def test_macro_f1_missing_prediction_counts_as_wrong() -> None:
    # a: gold {1}, pred {1} -> F1 = 1 ; b: gold {2}, item 2 unpredicted -> tp=0, fn=1 -> F1 = 0. macro = 1/2
    assert scoring.macro_f1({"1": "a", "2": "b"}, {"1": "a"}, ["a", "b"]).f1 == pytest.approx(1 / 2)


def test_micro_f1_by_hand() -> None:
    gold = {"d1": ["Political", "Economic"], "d2": ["Morality"], "d3": ["Political"]}
    pred = {"d1": ["Political"], "d2": ["Morality", "Political"], "d3": []}
    # tp = 1 (d1 Political) + 1 (d2 Morality) = 2; predicted = 1 + 2 + 0 = 3; gold = 2 + 1 + 1 = 4
    # P = 2/3, R = 2/4 = 1/2, F1 = 2 * (2/3 * 1/2) / (2/3 + 1/2) = (2/3) / (7/6) = 4/7
    s = scoring.micro_f1(gold, pred)
    assert (s.precision, s.recall) == (pytest.approx(2 / 3), pytest.approx(0.5))
    assert s.f1 == pytest.approx(4 / 7)


def test_micro_f1_missing_item_is_empty_and_duplicates_count_once() -> None:
    # tp=1, predicted={X} once (duplicate ignored) -> P=1, gold=2 -> R=1/2 -> F1=2/3
    assert scoring.micro_f1({"a": ["X"], "b": ["Y"]}, {"a": ["X", "X"]}).f1 == pytest.approx(2 / 3)
    assert scoring.micro_f1({"a": []}, {"a": []}).f1 == 0.0  # nothing to find, nothing found: 0 by convention


def test_positive_f1_by_hand() -> None:
    gold = {"1": True, "2": True, "3": False, "4": False, "5": True}
    pred = {"1": True, "2": False, "3": True, "4": False, "5": True}
    # tp=2 (1,5), fp=1 (3), fn=1 (2): P=R=2/3 -> F1=2/3
    s = scoring.positive_f1(gold, pred)
    assert s.f1 == pytest.approx(2 / 3)
    assert s.support == 3


def test_unknown_prediction_ids_are_rejected() -> None:
    with pytest.raises(InputError, match="not in the gold"):
        scoring.positive_f1({"1": True}, {"2": True})
