"""Scoring a tagger on PTC articles: one encoder pass per article, then SI/FLC at any threshold and TC.

Used by training (epoch selection and threshold tuning on the validation split) and by bench/eval_ptc.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from unspin.benchmarks.ptc import Label
from unspin.benchmarks.ptc_scoring import flc_score, si_score, tc_score
from unspin.ml.tagger import Inference, PersuasionTagger

__all__ = ["infer_all", "predict_labels", "si_labels", "best_si_threshold", "classify_gold", "quick_scores",
           "tune_and_score", "score_all", "choose_flc_knobs", "choose_min_technique_prob",
           "first_better"]


def infer_all(tagger: PersuasionTagger, texts: dict[str, str], batch_articles: int = 8) -> dict[str, Inference]:
    ids = sorted(texts)
    out: dict[str, Inference] = {}
    for i in range(0, len(ids), batch_articles):
        chunk = ids[i : i + batch_articles]
        out.update(zip(chunk, tagger.infer([texts[a] for a in chunk]), strict=True))
    return out


def predict_labels(tagger: PersuasionTagger, infs: dict[str, Inference], threshold: float | None = None,
                   tech_threshold: float | None = None, decoding: dict[str, Any] | None = None,
                   technique_threshold: float | None = None, min_technique_prob: float | None = None) -> list[Label]:
    return [
        Label(aid, sp.start, sp.end, sp.technique)
        for aid, inf in infs.items()
        for sp in tagger.spans_from(inf, threshold, tech_threshold, decoding, technique_threshold,
                                    min_technique_prob)
    ]


def si_labels(tagger: PersuasionTagger, infs: dict[str, Inference], threshold: float,
               decoding: dict[str, Any] | None = None) -> list[Label]:
    # Technique-free and so much cheaper than predict_labels: used for threshold sweeps.
    return [Label(aid, s, e, "") for aid, inf in infs.items() for s, e, _ in tagger.decode(inf, threshold, decoding)]


def classify_gold(tagger: PersuasionTagger, infs: dict[str, Inference], gold: list[Label]) -> list[Label]:
    """TC predictions for the gold spans (as a TC template would list them)."""
    by_article: dict[str, list[Label]] = {}
    for lb in gold:
        by_article.setdefault(lb.article_id, []).append(lb)
    out: list[Label] = []
    for aid, labels in by_article.items():
        preds = tagger.classify_inference(infs[aid], [(lb.start, lb.end) for lb in labels])
        out.extend(Label(aid, lb.start, lb.end, tech) for lb, (tech, _) in zip(labels, preds, strict=True))
    return out


def _round(d: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in d.items()}


def score_all(tagger: PersuasionTagger, infs: dict[str, Inference], gold: list[Label],
              threshold: float | None = None, tech_threshold: float | None = None,
              decoding: dict[str, Any] | None = None, technique_threshold: float | None = None) -> dict[str, Any]:
    pred = predict_labels(tagger, infs, threshold, tech_threshold, decoding, technique_threshold)
    si, flc = si_score(pred, gold), flc_score(pred, gold)
    tc = tc_score(classify_gold(tagger, infs, gold), gold)
    return _round({"si_precision": si.precision, "si_recall": si.recall, "si_f1": si.f1,
                   "tc_micro_f1": tc.f1, "flc_precision": flc.precision, "flc_recall": flc.recall,
                   "flc_f1": flc.f1, "n_pred_spans": len(pred)})


def best_si_threshold(tagger: PersuasionTagger, infs: dict[str, Inference], gold: list[Label],
                       grid: np.ndarray, decoding: dict[str, Any] | None = None) -> tuple[float, float]:
    best_t, best_f = float(grid[0]), -1.0
    for t in grid:
        f = si_score(si_labels(tagger, infs, float(t), decoding), gold).f1
        if f > best_f:
            best_t, best_f = float(t), f
    return best_t, best_f


PLAIN = {"gap": 0, "min_tokens": 1, "low_ratio": None}


def quick_scores(tagger: PersuasionTagger, texts: dict[str, str], gold: list[Label]) -> dict[str, Any]:
    """Per-epoch check: SI F1 at the best of a coarse threshold grid, TC micro-F1; ``select`` ranks epochs."""
    infs = infer_all(tagger, texts)
    t, _ = best_si_threshold(tagger, infs, gold, np.arange(0.05, 0.8, 0.05), PLAIN)
    scores = score_all(tagger, infs, gold, t, 1.0, PLAIN, 1.0)
    scores["threshold"] = round(t, 3)
    scores["select"] = round(scores["si_f1"] + scores["tc_micro_f1"], 4)
    return scores


def tune_decoding(tagger: PersuasionTagger, infs: dict[str, Inference],
                  gold: list[Label]) -> tuple[float, dict[str, Any], float]:
    """Grid over decoding knobs, each with its own best threshold; returns (threshold, decoding, SI F1)."""
    best: tuple[float, dict[str, Any], float] = (0.5, dict(PLAIN), -1.0)
    for gap in (0, 1, 2, 3):
        for min_tokens in (1, 2, 3):
            for low_ratio in (None, 0.7, 0.5):
                dec = {"gap": gap, "min_tokens": min_tokens, "low_ratio": low_ratio}
                t, f = best_si_threshold(tagger, infs, gold, np.arange(0.1, 0.81, 0.05), dec)
                if f > best[2]:
                    best = (t, dec, f)
    # Refine the threshold around the best coarse value.
    t, f = best_si_threshold(tagger, infs, gold, np.arange(max(0.02, best[0] - 0.05), best[0] + 0.051, 0.01),
                              best[1])
    return round(t, 3), best[1], f


PHRASE_GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7)
TECH_GRID = (0.3, 0.4, 0.5, 0.6, 0.7)


def first_better(values: Sequence[Any], score: Callable[[Any], float], off: Any,
                 off_score: float | None = None) -> tuple[Any, float]:
    """The rule every FLC knob is chosen by: ``off`` (scored ``off_score``, or ``score(off)``) unless a value of the
    grid beats it by more than 1e-4; then each later value must beat the best so far by that much (a tie keeps the
    earlier value). Returns (value, its score)."""
    best, best_f = off, score(off) if off_score is None else off_score
    for v in values:
        f = score(v)
        if f > best_f + 1e-4:
            best, best_f = v, f
    return best, best_f


def choose_flc_knobs(tagger: PersuasionTagger, infs: dict[str, Inference], gold: list[Label], threshold: float,
                     decoding: dict[str, Any] | None = None, min_technique_prob: float | None = None,
                     ) -> tuple[float | None, float | None, float]:
    """The technique-phrase threshold, then the extra-label threshold, each by FLC F1 on ``infs`` at the span
    ``threshold`` (and ``min_technique_prob``, see :meth:`PersuasionTagger.spans_from`); None means off (an extra
    span must clearly pay off). Returns (tech, phrase, FLC F1)."""
    def flc(tt: float | None, pt: float | None) -> float:
        return flc_score(predict_labels(tagger, infs, threshold, 1.0 if tt is None else tt, decoding,
                                        1.0 if pt is None else pt, min_technique_prob), gold).f1

    phrase, best_flc = first_better(PHRASE_GRID, lambda pt: flc(None, pt), None)
    tech, best_flc = first_better(TECH_GRID, lambda tt: flc(tt, phrase), None, best_flc)
    return tech, phrase, best_flc


MIN_PROB_GRID = (0.2, 0.3, 0.4, 0.5, 0.6)


def choose_min_technique_prob(tagger: PersuasionTagger, infs: dict[str, Inference], gold: list[Label],
                              threshold: float, tech_threshold: float | None, technique_threshold: float | None,
                              decoding: dict[str, Any] | None = None) -> tuple[float | None, float]:
    """The FLC output's lowest technique probability for a whole span (``flc_min_technique_prob``), by FLC F1 on
    ``infs`` at the span ``threshold`` and the FLC knobs already chosen (``choose_flc_knobs``); None means off
    (every span keeps its label), and a value must beat off to be taken. Returns (value, FLC F1).

    A span whose technique the classifier is unsure of still holds its technique phrases; leaving its own label
    out trades a little FLC recall for precision. SI is scored on every span, so it is not affected."""
    tech = 1.0 if tech_threshold is None else tech_threshold
    phrase = 1.0 if technique_threshold is None else technique_threshold

    def flc(w: float | None) -> float:
        return flc_score(predict_labels(tagger, infs, threshold, tech, decoding, phrase, w), gold).f1

    return first_better(MIN_PROB_GRID, flc, None)


def tune_and_score(tagger: PersuasionTagger, texts: dict[str, str], gold: list[Label]) -> dict[str, Any]:
    """Tune span decoding (max SI F1), then the technique-phrase and extra-label thresholds (max FLC F1), and score.

    SI merges overlapping spans, and technique phrases lie inside the spans, so the FLC knobs leave SI unchanged.
    """
    t0 = time.perf_counter()
    infs = infer_all(tagger, texts)
    seconds = time.perf_counter() - t0
    thr, dec, _ = tune_decoding(tagger, infs, gold)
    best_tech, best_phrase, _ = choose_flc_knobs(tagger, infs, gold, thr, dec)
    phrase = best_phrase if best_phrase is not None else 1.0
    scores = score_all(tagger, infs, gold, thr, best_tech if best_tech is not None else 1.0, dec, phrase)
    scores.update(threshold=thr, decoding=dec, tech_threshold=best_tech, technique_threshold=best_phrase,
                  n_articles=len(texts), inference_seconds=round(seconds, 2),
                  articles_per_s=round(len(texts) / seconds, 2))
    return scores
