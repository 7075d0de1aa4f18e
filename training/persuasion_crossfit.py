"""Cross-fitting: would training the persuasion tagger on its own validation articles too help (issue 12)?

    python -m training.persuasion --seed 13 --cross-fit K --time-budget-min 1000 \\
        --build build/xfit/persuasion-xfit-kK                     # K = 0..4, one training each (about an hour)
    python -m training.persuasion_crossfit --fold K=build/xfit/persuasion-xfit-kK/best.pt [--fold ...] \\
        [--baseline build/persuasion-soup-s13/epoch6.pt] [--json build/xfit/crossfit.json]

Each cross-fit run trains the shipped recipe (seed 13, 6 epochs, the last one kept, same hyper-parameters) on the
297 training articles plus four of the five validation folds (``validation_folds`` in ``splits/ptc.json``), and is
scored on the fifth fold, K, alone. Fold K is touched by no training and by no choice:

* the benchmark and precision span thresholds and the second stage's regularisation C are the ones the current
  nested protocol (``training.persuasion_stack``) chose for fold K on the other four folds with the 297-article
  tagger, read from the shipped ``config.json`` (``cross_validation.cv.folds[K]``); the span decoding knobs are the
  shipped ones, as in the protocol's figures;
* the second stage is refitted with the fold-K model's own features on the 297 training articles and the four other
  folds, at that C. That model was trained on all of them, so these features are in-sample (a handicap for TC, never
  a leak): fold K's rows are never in the fit.

The baselines are scored by the same code at the same choices: the shipped tagger (a check: it must reproduce the
protocol's recorded figures for fold K) and, with ``--baseline``, a fixed-epoch retrain on the 297 articles alone
(the same recipe without the extra articles; it separates the data's effect from run-to-run noise). The paired
per-fold difference against each baseline is the figure to quote. Nothing is written into the shipped model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import statistics
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from training.paths import REPO, data_root
from training.persuasion import OUT_DIR
from training.persuasion_soup import export_folder
from training.persuasion_stack import SpanSet, load, per_1000_words, score_fold, summarise, validation_folds
from unspin.benchmarks.ptc_evaluation import infer_all

log = logging.getLogger("training.persuasion_crossfit")
FIGURES = ("si_f1", "si_precision", "si_recall", "tc_micro_f1", "tc_span_classifier_only", "flc_f1",
           "precision_point_precision", "precision_point_recall", "precision_point_per_1000_words")


def parse_fold(value: str) -> tuple[int, Path]:
    """``K=PATH`` -> (K, PATH)."""
    k, sep, path = value.partition("=")
    if not sep or not k.strip().isdigit() or not path:
        raise argparse.ArgumentTypeError(f"{value!r}: expected K=PATH (K a validation fold, 0..4)")
    return int(k), Path(path)


def protocol_choices(cfg: dict[str, Any], k: int) -> dict[str, Any]:
    """The choices the nested protocol made for fold ``k`` without it (recorded in the shipped config)."""
    row = cfg["cross_validation"]["cv"]["folds"][k]
    if row["fold"] != k:
        raise SystemExit(f"config.json: cross-validation row {k} is fold {row['fold']}")
    # Rows written before the protocol recorded its decoding used the configured knobs unchanged.
    return {"t_bench": row["benchmark_threshold"], "t_prec": row["precision_threshold"], "c": row["C"],
            "decoding": row.get("decoding", cfg["decoding"])}


def paired(rows: list[dict[str, Any]], base: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Per-fold differences ``rows - base`` of one figure (matched by fold), their mean and population sd."""
    by_fold = {r["fold"]: r[key] for r in base}
    diffs = [round(r[key] - by_fold[r["fold"]], 4) for r in rows]
    return {"folds": [r["fold"] for r in rows], "diffs": diffs, "mean": round(statistics.fmean(diffs), 4),
            "sd": round(statistics.pstdev(diffs), 4) if len(diffs) > 1 else None}


def export_weights(pt: Path, out: Path, ref: dict[str, Any], sample_texts: list[str]) -> Path:
    """An int8 model folder for a state dict, with the shipped config's window shape, decoding and thresholds
    (kept when it was written before)."""
    if not (out / "model.onnx").exists():
        out.mkdir(parents=True, exist_ok=True)
        export_folder(pt, out, ref, sample_texts, {"weights": str(pt)})
    return out


def fingerprint(model_dir: Path, folds_k: list[int], cfg: dict[str, Any]) -> str:
    """What a score depends on: the model's files and the protocol's choices for the folds scored."""
    h = hashlib.sha256()
    for name in ("model.onnx", "tc_head.npz", "tokenizer.json"):
        h.update((model_dir / name).read_bytes())
    h.update(json.dumps([protocol_choices(cfg, k) for k in folds_k], sort_keys=True).encode())
    return h.hexdigest()[:16]


def score_model(model_dir: Path, folds_k: list[int], data: Path, cfg: dict[str, Any],
                cache: Path | None = None, *, polnear: bool = True, si_only: bool = False) -> list[dict[str, Any]]:
    """Score ``model_dir`` on each fold in ``folds_k`` at the protocol's choices for that fold (cached under
    ``cache`` by the model files' and the choices' fingerprint: a rerun after one more fold's training is quick).
    ``polnear``: also count spans per 1,000 words on PolNeAR dev hard news at the fold's precision threshold.
    ``si_only``: no second stage (TC from the span classifier alone; no pass over the training articles)."""
    name = f"scores-{fingerprint(model_dir, folds_k, cfg)}{'-si' if si_only else ''}.json"
    key = cache / name if cache is not None else None
    if key is not None and key.exists():
        rows: list[dict[str, Any]] = json.loads(key.read_text())
        log.info("%s: scores from %s", model_dir, key)
        return rows
    tagger, d = load(data, model_dir, with_train=False, with_polnear=polnear)
    folds = validation_folds(d["split"]["validation"])
    rows = []
    for k in folds_k:  # the span figures first: they need no pass over the training articles
        ch = protocol_choices(cfg, k)
        tagger.decoding = dict(ch["decoding"])
        row = score_fold(tagger, d["val"], d["gold"], None, None, folds, k, t_bench=ch["t_bench"],
                         t_prec=ch["t_prec"], c=None)
        if polnear:
            row["polnear_precision_per_1000_words"] = per_1000_words(tagger, d["polnear"], ch["t_prec"])
        log.info("%s fold %d, before the second stage: %s", model_dir, k,
                 json.dumps({a: round(row[a], 4) for a in FIGURES if a != "tc_micro_f1"}))
        rows.append(row)
    if si_only:
        if key is not None:
            key.parent.mkdir(parents=True, exist_ok=True)
            key.write_text(json.dumps(rows, indent=1) + "\n")
        return rows
    t0 = time.time()
    d["train"] = infer_all(tagger, {a: d["articles"][a] for a in d["split"]["train"]})
    log.info("tagger pass over the %d training articles (second stage) in %.0f s", len(d["train"]), time.time() - t0)
    train = SpanSet(tagger, d["train"], d["gold"])
    tune_all = SpanSet(tagger, d["val"], d["gold"])
    rows = []  # again, with the second stage
    for k in folds_k:
        ch = protocol_choices(cfg, k)
        tagger.decoding = dict(ch["decoding"])
        row = score_fold(tagger, d["val"], d["gold"], train, tune_all, folds, k, t_bench=ch["t_bench"],
                         t_prec=ch["t_prec"], c=ch["c"])
        if polnear:
            row["polnear_precision_per_1000_words"] = per_1000_words(tagger, d["polnear"], ch["t_prec"])
        log.info("%s fold %d: %s", model_dir, k, json.dumps({a: round(row[a], 4) for a in FIGURES}))
        rows.append(row)
    if key is not None:
        key.parent.mkdir(parents=True, exist_ok=True)
        key.write_text(json.dumps(rows, indent=1) + "\n")
    return rows


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fold", type=parse_fold, action="append", default=[], metavar="K=PT",
                    help="a cross-fit run: fold K held out, its weights (state dict) at PT")
    ap.add_argument("--baseline", type=Path, help="also score a 297-article fixed-epoch retrain (state dict)")
    ap.add_argument("--data", type=Path, default=data_root())
    ap.add_argument("--work", type=Path, default=REPO / "build" / "xfit",
                    help="exported model folders and cached scores go here")
    ap.add_argument("--json", type=Path, help="also write the full result here")
    ap.add_argument("--si-only", action="store_true",
                    help="no second stage: span figures only (TC from the span classifier alone), a quicker screen")
    args = ap.parse_args(argv)
    if not args.fold:
        ap.error("name at least one --fold K=PT")
    if len({k for k, _ in args.fold}) != len(args.fold):
        ap.error("one --fold per validation fold")
    t0 = time.time()
    cfg = json.loads((OUT_DIR / "config.json").read_text())
    n_folds = len(cfg["cross_validation"]["cv"]["folds"])
    all_k = list(range(n_folds))
    folds_k = sorted(k for k, _ in args.fold)
    if not set(folds_k) <= set(all_k):
        ap.error(f"folds are 0..{n_folds - 1}")
    from unspin.benchmarks import ptc

    split = json.loads((REPO / "training" / "splits" / "ptc.json").read_text())
    articles = ptc.read_articles(args.data / "ptc" / "train-articles")
    samples = [articles[a] for a in split["validation"][:4]]  # quantisation fidelity check only: chooses nothing
    cache = args.work / "scores"
    # The shipped tagger on every fold: a check that this code at the recorded choices gives the recorded figures.
    shipped = score_model(OUT_DIR, all_k, args.data, cfg, cache, si_only=args.si_only)
    # Without the second stage only the span figures are comparable: the stack names the techniques, which moves
    # TC, FLC and the count of technique phrases.
    span_figures = ("si_f1", "si_precision", "si_recall", "precision_point_precision", "precision_point_recall")
    checked = span_figures if args.si_only else FIGURES
    for got, want in zip(shipped, cfg["cross_validation"]["cv"]["folds"], strict=True):
        off = {f: (round(got[f], 4), round(want[f], 4)) for f in checked if abs(got[f] - want[f]) > 1e-3}
        if off:
            raise SystemExit(f"the shipped tagger does not reproduce the protocol's fold {got['fold']}: {off}")
    log.info("shipped tagger reproduces the protocol's recorded figures on all %d folds", n_folds)
    crossfit = []
    for k, pt in sorted(args.fold):
        model_dir = export_weights(pt, args.work / f"model-k{k}", cfg, samples)
        crossfit += score_model(model_dir, [k], args.data, cfg, cache, polnear=False, si_only=args.si_only)
    shipped_k = [r for r in shipped if r["fold"] in folds_k]
    result: dict[str, Any] = {
        "protocol": "cross-fit: each fold scored by a tagger trained on the 297 training articles and the other "
                    "four validation folds, at the nested protocol's choices for that fold (module docstring)",
        "second_stage": not args.si_only, "folds": folds_k,
        "crossfit": crossfit, "crossfit_summary": summarise(crossfit),
        "shipped": shipped, "shipped_summary_same_folds": summarise(shipped_k),
        "paired_vs_shipped": {f: paired(crossfit, shipped, f) for f in FIGURES},
        "weights": {str(k): str(pt) for k, pt in args.fold}}
    if args.baseline:
        # Scored on every fold: its difference to the shipped tagger (same data, same recipe, another run) is the
        # run-to-run noise a single fold's difference has to be read against.
        base_dir = export_weights(args.baseline, args.work / "model-baseline", cfg, samples)
        base = score_model(base_dir, all_k, args.data, cfg, cache, si_only=args.si_only)
        result.update(baseline=base, baseline_weights=str(args.baseline),
                      paired_vs_baseline={f: paired(crossfit, base, f) for f in FIGURES},
                      baseline_vs_shipped_all_folds={f: paired(base, shipped, f) for f in FIGURES})
    result["seconds"] = round(time.time() - t0)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    print(table(result))


def table(result: dict[str, Any]) -> str:
    """Per fold and figure: the cross-fit tagger, the shipped one, the 297-article retrain, and the differences."""
    has_base = "baseline" in result
    by_fold = {name: {r["fold"]: r for r in result[name]} for name in ("crossfit", "shipped", "baseline")
               if name in result}
    head = ["figure", "fold", "cross-fit", "shipped", *(["297 retrain"] if has_base else []), "cross-fit − shipped",
            *(["cross-fit − 297 retrain", "297 retrain − shipped, all folds (noise)"] if has_base else [])]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for f in FIGURES:
        for k in result["folds"]:
            cells = [f"{by_fold[n][k][f]:.3f}" for n in by_fold]
            cells.append(f"{by_fold['crossfit'][k][f] - by_fold['shipped'][k][f]:+.3f}")
            if has_base:
                noise = result["baseline_vs_shipped_all_folds"][f]
                cells += [f"{by_fold['crossfit'][k][f] - by_fold['baseline'][k][f]:+.3f}",
                          f"{noise['mean']:+.3f} ± {noise['sd']:.3f}"]
            lines.append(f"| {f} | {k} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
