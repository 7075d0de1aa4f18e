"""FLC candidates on the nested cross-validation folds of ``training.persuasion_stack`` (nothing is written).

    PYTHONPATH=src python -m training.persuasion_flc_candidates [--data DIR] [--json PATH]

Every candidate is a procedure run on each fold's tuning part (the other four folds), by FLC F1, with the fold's
second stage (fitted on the training articles plus the tuning part, C by inner CV) and the fold's benchmark span
threshold (best SI F1 on the tuning part), then measured once on the held-out fold:

* ``every-span``: the technique-phrase and extra-label thresholds (``choose_flc_knobs``); every found span keeps
  its label (the protocol before ``flc_min_technique_prob``);
* ``flc-threshold``: a span threshold of FLC's own (grid 0.15-0.6), chosen jointly with those two thresholds;
* ``second-choice``: ``every-span``, then the second stage's second-best technique as an extra label on a whole
  span when its probability reaches a value of (0.2, 0.3, 0.4) (off unless it pays off);
* ``min-prob``: ``every-span``, then the lowest technique probability at which a whole span keeps its label
  (``choose_min_technique_prob``; the shipped procedure, ``persuasion_stack --choose-min-technique-prob``);
* ``min-prob-joint``: the phrase and extra-label thresholds re-chosen for each value of that probability;
* ``threshold-and-min-prob``: the span threshold and that probability jointly (with the ``every-span``
  thresholds), then the phrase and extra-label thresholds re-chosen.
* ``chosen-in-fold``: the procedure itself chosen on the tuning part: whichever of the six has the best FLC F1
  there (with its own choices made there; ties to the simpler, earlier one). This is the figure that no choice
  saw: the six were compared on the held-out folds before this row existed, so picking the best of them by their
  held-out figures would flatter it.

SI (every span at the benchmark threshold) and TC (gold spans, second stage) do not depend on these choices and
are printed once per fold. A diagnostic no fold chose: phrases alone (no whole-span label) on the held-out fold.
The stack's span features are computed once per span (the span text's USE vector is the slow part); about 10
minutes on 2 idle cores.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from training import persuasion_stack as ps
from training.paths import data_root
from unspin.benchmarks import ptc
from unspin.benchmarks.ptc_evaluation import (
    MIN_PROB_GRID,
    best_si_threshold,
    choose_flc_knobs,
    first_better,
    infer_all,
    predict_labels,
)
from unspin.benchmarks.ptc_scoring import flc_score, si_score
from unspin.ml.tagger import DEFAULT_MODEL_DIR, Inference, PersuasionTagger

log = logging.getLogger("training.persuasion_flc_candidates")
FLC_THRESHOLDS = [float(t) for t in ps.THRESHOLDS if t <= 0.6]
SECOND_GRID = (0.2, 0.3, 0.4)
CANDIDATES = ("every-span", "flc-threshold", "second-choice", "min-prob", "min-prob-joint", "threshold-and-min-prob")
CHOSEN = "chosen-in-fold"  # the candidate each fold's tuning part prefers (the procedure choice made inside the fold)
Knobs = tuple[float | None, float | None]


class _MemoTagger(PersuasionTagger):
    """The tagger, with each span's second-stage features computed once (folds and grids decode the same spans)."""

    memo: dict[tuple[int, int, int], np.ndarray]

    def stack_inputs(self, inf: Inference, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        if not hasattr(self, "memo"):
            self.memo = {}
        keys = [(id(inf), int(s), int(e)) for s, e in spans]
        missing = list(dict.fromkeys(k for k in keys if k not in self.memo))
        if missing:
            rows = super().stack_inputs(inf, [(s, e) for _, s, e in missing])
            self.memo.update(zip(missing, rows, strict=True))
        return np.stack([self.memo[k] for k in keys])


def flc_labels(tagger: PersuasionTagger, infs: dict[str, Inference], t: float, knobs: Knobs,
               min_prob: float | None = None, second: float | None = None) -> list[ptc.Label]:
    """The FLC output at span threshold ``t`` with (extra-label, phrase) ``knobs``; ``second``: the second stage's
    second-best technique as an extra whole-span label at or above this probability."""
    tech, phrase = (1.0 if k is None else k for k in knobs)
    out = predict_labels(tagger, infs, t, tech, None, phrase, min_prob)
    if second is not None and tagger.tc_stack is not None:
        for aid, inf in infs.items():
            found = [(s, e) for s, e, _ in tagger.decode(inf, t)]
            if not found:
                continue
            for (s, e), p in zip(found, tagger.tc_stack.probs(tagger.stack_inputs(inf, found)), strict=True):
                k = int(np.argsort(-p)[1])
                if p[k] >= second:
                    out.append(ptc.Label(aid, s, e, tagger.techniques[k]))
    return out


def choose_knobs(tagger: PersuasionTagger, infs: dict[str, Inference], gold: list[ptc.Label], t: float,
                 min_prob: float | None = None) -> tuple[Knobs, float]:
    """:func:`choose_flc_knobs` at span threshold ``t`` (and ``min_prob``), as ((extra-label, phrase), FLC F1)."""
    tech, phrase, best = choose_flc_knobs(tagger, infs, gold, t, min_technique_prob=min_prob)
    return (tech, phrase), best


def fold_candidates(tagger: PersuasionTagger, val: dict[str, Inference], gold: list[ptc.Label],
                    train: ps.SpanSet, tune_all: ps.SpanSet, folds: list[list[str]], k: int) -> dict[str, Any]:
    test_ids = folds[k]
    tune_ids = [a for f in folds for a in f if a not in test_ids]
    tune = {a: val[a] for a in tune_ids}
    test = {a: val[a] for a in test_ids}
    g_tune = [g for g in gold if g.article_id in tune]
    g_test = [g for g in gold if g.article_id in test]
    t_bench = best_si_threshold(tagger, tune, g_tune, ps.THRESHOLDS)[0]
    c = ps.choose_c(train, tune_all, tune_ids, len(tagger.techniques))[0]
    stack = ps.fold_stack(train, tune_all, tune_ids, c, len(tagger.techniques))
    xs, ys, ls = tune_all.take(test_ids)
    tagger.tc_stack = stack

    def tuned(t: float, knobs: Knobs, min_prob: float | None = None, second: float | None = None) -> float:
        return flc_score(flc_labels(tagger, tune, t, knobs, min_prob, second), g_tune).f1

    def held_out(t: float, knobs: Knobs, min_prob: float | None = None, second: float | None = None) -> float:
        return flc_score(flc_labels(tagger, test, t, knobs, min_prob, second), g_test).f1

    chosen: dict[str, dict[str, Any]] = {}
    knobs, _ = choose_knobs(tagger, tune, g_tune, t_bench)
    chosen["every-span"] = {"t": t_bench, "knobs": knobs}
    by_t = {t: choose_knobs(tagger, tune, g_tune, t) for t in FLC_THRESHOLDS}
    t_flc = max(FLC_THRESHOLDS, key=lambda t: (by_t[t][1], -abs(t - t_bench)))
    chosen["flc-threshold"] = {"t": t_flc, "knobs": by_t[t_flc][0]}
    second, _ = first_better(SECOND_GRID, lambda s: tuned(t_bench, knobs, second=s), None)
    chosen["second-choice"] = {"t": t_bench, "knobs": knobs, "second": second}
    min_prob, _ = first_better(MIN_PROB_GRID, lambda w: tuned(t_bench, knobs, w), None)
    chosen["min-prob"] = {"t": t_bench, "knobs": knobs, "min_prob": min_prob}
    by_w = {w: choose_knobs(tagger, tune, g_tune, t_bench, w) for w in (None, *MIN_PROB_GRID)}
    w_joint = first_better(MIN_PROB_GRID, lambda w: by_w[w][1], None)[0]
    chosen["min-prob-joint"] = {"t": t_bench, "knobs": by_w[w_joint][0], "min_prob": w_joint}
    grid = {(t, w): tuned(t, knobs, w) for t in FLC_THRESHOLDS for w in (None, *MIN_PROB_GRID)}

    def rank(q: tuple[float, float | None]) -> tuple[float, float]:
        # the benchmark threshold and "off" are the defaults: another choice must beat them by more than 1e-4
        return grid[q] + 1e-4 * (q[0] == t_bench) + 1e-4 * (q[1] is None), -abs(q[0] - t_bench)

    t_ab, w_ab = max(grid, key=rank)
    chosen["threshold-and-min-prob"] = {"t": t_ab, "knobs": choose_knobs(tagger, tune, g_tune, t_ab, w_ab)[0],
                                        "min_prob": w_ab}
    row: dict[str, Any] = {"fold": k, "benchmark_threshold": t_bench, "C": c,
                           "si_f1": si_score(predict_labels(tagger, test, t_bench), g_test).f1,
                           "tc_micro_f1": ps.accuracy(stack, xs, ys, ls),
                           "phrases_alone": held_out(t_bench, knobs, 1.01)}
    for name, ch in chosen.items():
        row[name] = {**ch, "flc_f1": held_out(ch["t"], ch["knobs"], ch.get("min_prob"), ch.get("second")),
                     "tuning_flc_f1": tuned(ch["t"], ch["knobs"], ch.get("min_prob"), ch.get("second"))}
    row[CHOSEN] = chosen_in_fold(row)
    tagger.tc_stack = None
    log.info("fold %d: %s", k, json.dumps(row))
    return row


def chosen_in_fold(row: dict[str, Any]) -> dict[str, Any]:
    """The procedure itself chosen inside a fold: the candidate with the best FLC F1 on the fold's tuning part (its
    own choices made there too), ties to the earlier, simpler candidate; with that candidate's held-out figure, which
    no choice saw."""
    pick = max(CANDIDATES, key=lambda n: (round(row[n]["tuning_flc_f1"], 6), -CANDIDATES.index(n)))
    return {"candidate": pick, "flc_f1": row[pick]["flc_f1"], "tuning_flc_f1": row[pick]["tuning_flc_f1"]}


def run(data: Path, model_dir: Path = DEFAULT_MODEL_DIR) -> list[dict[str, Any]]:
    tagger = _MemoTagger.from_dir(model_dir)
    assert isinstance(tagger, _MemoTagger)
    tagger.tc_stack = None
    split = json.loads(ps.SPLIT_FILE.read_text())
    articles = ptc.read_articles(data / "ptc" / "train-articles")
    gold = sorted(set(ptc.read_labels_dir(data / "ptc" / "train-labels-task2-technique-classification")))
    train_inf = infer_all(tagger, {a: articles[a] for a in split["train"]})
    val = infer_all(tagger, {a: articles[a] for a in split["validation"]})
    train = ps.SpanSet(tagger, train_inf, gold)
    tune_all = ps.SpanSet(tagger, val, gold)
    del train_inf
    tagger.memo = {}  # the memo holds decoded spans of the validation articles only
    folds = ps.validation_folds(split["validation"])
    val_gold = [g for g in gold if g.article_id in val]
    return [fold_candidates(tagger, val, val_gold, train, tune_all, folds, k) for k in range(len(folds))]


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| candidate (chosen on each fold's tuning part by FLC F1) | FLC F1 mean ± sd | per fold | choices |",
             "|---|---|---|---|"]

    def ms(v: list[float]) -> str:
        return f"{np.mean(v):.4f} ± {np.std(v):.4f}"

    for name in (*CANDIDATES, CHOSEN):
        v = [r[name]["flc_f1"] for r in rows]
        choices = "; ".join(", ".join(f"{a}={b}" for a, b in r[name].items() if a != "flc_f1") for r in rows)
        lines.append(f"| {name} | {ms(v)} | {' / '.join(f'{x:.4f}' for x in v)} | {choices} |")
    for key, name in (("phrases_alone", "phrases alone (diagnostic, held-out fold)"), ("si_f1", "SI F1 (every span)"),
                      ("tc_micro_f1", "TC micro-F1 (second stage)")):
        v = [r[key] for r in rows]
        lines.append(f"| {name} | {ms(v)} | {' / '.join(f'{x:.4f}' for x in v)} | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=data_root())
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--json", type=Path, help="also write the per-fold rows here")
    args = ap.parse_args(argv)
    if not (args.data / "ptc" / "train-articles").is_dir():
        raise SystemExit(f"no PTC data under {args.data}: pass --data or set UNSPIN_DATA")
    rows = run(args.data, args.model)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1) + "\n")
    print(table(rows))


if __name__ == "__main__":
    main()
