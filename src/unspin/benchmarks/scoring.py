"""Benchmark metrics, implemented from their definitions (not from the organisers' scorers).

* :func:`macro_f1` (SemEval-2023 T3 subtask 1): the unweighted mean over classes of the per-class F1, where the
  per-class F1 treats that class as positive. The classes are ``labels`` when given, else every label seen in gold
  or prediction. A class with no gold and no prediction has F1 0 only when listed explicitly in ``labels``.
* :func:`micro_f1` (subtasks 2 and 3, multi-label): pool all (item, label) pairs;
  TP = sum_i |gold_i ∩ pred_i|, P = TP / sum_i |pred_i|, R = TP / sum_i |gold_i|, F1 = 2PR / (P + R).
  A gold item missing from the predictions counts as an empty prediction.
* :func:`positive_f1` (CheckThat! task 1): F1 of the positive ("Yes") class.
Every F1 is 0 when its denominator is 0. Prediction ids that are not in the gold raise InputError.

Example: ``micro_f1({"a": ["X", "Y"]}, {"a": ["X"]}).f1 == 2 / 3``
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from unspin.errors import InputError

__all__ = ["Score", "macro_f1", "micro_f1", "positive_f1", "f1"]

K = TypeVar("K", bound=Hashable)  # item ids: article ids, (article, paragraph) pairs, row numbers


@dataclass(frozen=True)
class Score:
    """A metric value with the precision/recall (or per-class F1) it came from."""

    f1: float
    precision: float = 0.0
    recall: float = 0.0
    support: int = 0
    per_class: tuple[tuple[str, float, int], ...] = ()  # (label, F1, gold count), for macro-F1


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """(F1, precision, recall) from counts; 0 where a denominator is 0. Example: ``f1(1, 1, 0)[0] == 2 / 3``"""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def _check_ids(gold: Mapping[K, object], pred: Mapping[K, object]) -> None:
    extra = [k for k in pred if k not in gold]
    if extra:
        raise InputError(f"{len(extra)} predicted ids are not in the gold file (first: {extra[0]!r})")


def macro_f1(gold: Mapping[K, str], pred: Mapping[K, str], labels: Iterable[str] | None = None) -> Score:
    """Macro-averaged F1 over single-label classifications (missing predictions count as wrong).

    Example: ``macro_f1({"1": "a", "2": "b"}, {"1": "a", "2": "a"}).f1 == (2 / 3 + 0) / 2``
    """
    _check_ids(gold, pred)
    classes = list(labels) if labels is not None else sorted(set(gold.values()) | set(pred.values()))
    per = []
    for c in classes:
        tp = sum(1 for k, g in gold.items() if g == c and pred.get(k) == c)
        fp = sum(1 for k, p in pred.items() if p == c and gold[k] != c)
        fn = sum(1 for k, g in gold.items() if g == c and pred.get(k) != c)
        per.append((c, f1(tp, fp, fn)[0], tp + fn))
    value = sum(x[1] for x in per) / len(per) if per else 0.0
    acc = sum(1 for k, g in gold.items() if pred.get(k) == g) / len(gold) if gold else 0.0
    return Score(value, precision=acc, recall=acc, support=len(gold), per_class=tuple(per))


def micro_f1(gold: Mapping[K, Iterable[Hashable]], pred: Mapping[K, Iterable[Hashable]]) -> Score:
    """Micro-averaged F1 over multi-label sets (duplicate labels in one item count once).

    Example: ``micro_f1({"a": ["X"], "b": ["Y"]}, {"a": ["X", "Z"]}).f1 == 0.5``
    """
    _check_ids(gold, pred)
    tp = fp = fn = 0
    for k, g in gold.items():
        gs, ps = set(g), set(pred.get(k, ()))
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    value, p, r = f1(tp, fp, fn)
    return Score(value, p, r, support=tp + fn)


def positive_f1(gold: Mapping[K, bool], pred: Mapping[K, bool]) -> Score:
    """F1 of the positive class (a gold item without a prediction counts as predicted negative).

    Example: ``positive_f1({"1": True, "2": False}, {"1": True, "2": True}).f1 == 2 / 3``
    """
    _check_ids(gold, pred)
    tp = sum(1 for k, g in gold.items() if g and pred.get(k, False))
    fp = sum(1 for k, g in gold.items() if not g and pred.get(k, False))
    fn = sum(1 for k, g in gold.items() if g and not pred.get(k, False))
    value, p, r = f1(tp, fp, fn)
    return Score(value, p, r, support=tp + fn)
