"""Scores of SemEval-2020 Task 11, re-implemented from the definitions in the task paper
(Da San Martino et al., 2020), not from the organisers' code.

Span identification (SI), for predicted spans S and gold spans T of each article (character sets)::

    C(s, t, h) = |s ∩ t| / h
    P = Σ_{s,t} C(s, t, |s|) / |S|        R = Σ_{s,t} C(s, t, |t|) / |T|        F1 = 2PR / (P + R)

with the sums over all articles, |S| and |T| the total counts, and overlapping spans of the same label
within an article merged first. FLC (full task) is the same, but a pair only counts when the techniques are
equal. TC (technique classification of given spans) is micro-averaged F1 over (article, start, end, technique).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from unspin.benchmarks.ptc import Label

__all__ = ["PRF", "merge_spans", "si_score", "flc_score", "tc_score"]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @staticmethod
    def of(p: float, r: float) -> PRF:
        return PRF(p, r, 2 * p * r / (p + r) if p + r > 0 else 0.0)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans that share at least one character; spans that only touch stay separate."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _group(labels: Iterable[Label], use_technique: bool) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """(article, label) -> merged spans; the label is a constant for SI so that all spans merge together."""
    groups: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for lb in labels:
        groups[(lb.article_id, lb.technique if use_technique else "")].append((lb.start, lb.end))
    return {k: merge_spans(v) for k, v in groups.items()}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _span_prf(pred: Iterable[Label], gold: Iterable[Label], use_technique: bool) -> PRF:
    p_groups, g_groups = _group(pred, use_technique), _group(gold, use_technique)
    n_pred = sum(len(v) for v in p_groups.values())
    n_gold = sum(len(v) for v in g_groups.values())
    p_sum = r_sum = 0.0
    for key, p_spans in p_groups.items():
        for t in g_groups.get(key, []):
            for s in p_spans:
                inter = _overlap(s, t)
                if inter:
                    p_sum += inter / (s[1] - s[0])
                    r_sum += inter / (t[1] - t[0])
    return PRF.of(p_sum / n_pred if n_pred else 0.0, r_sum / n_gold if n_gold else 0.0)


def si_score(pred: Iterable[Label], gold: Iterable[Label]) -> PRF:
    """Span identification P/R/F1; techniques are ignored."""
    return _span_prf(pred, gold, use_technique=False)


def flc_score(pred: Iterable[Label], gold: Iterable[Label]) -> PRF:
    """Full task: SI-style partial overlap credit, counted only between spans of the same technique."""
    return _span_prf(pred, gold, use_technique=True)


def tc_score(pred: Iterable[Label], gold: Iterable[Label]) -> PRF:
    """Micro P/R/F1 of technique labels on given spans.

    Each (article, start, end, technique) is matched at most as many times as it occurs in both files, so a
    span annotated twice with two techniques needs both techniques predicted to be fully recalled. With one
    prediction per template line (the TC task) P = R = F1 = accuracy.
    """
    p_count = Counter((lb.article_id, lb.start, lb.end, lb.technique) for lb in pred)
    g_count = Counter((lb.article_id, lb.start, lb.end, lb.technique) for lb in gold)
    tp = sum((p_count & g_count).values())
    n_pred, n_gold = sum(p_count.values()), sum(g_count.values())
    return PRF.of(tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0)
