"""Subjectivity (CheckThat! 2023 Task 2) on the part no choice touched: the dev files, en / de / tr, macro-F1.

    PYTHONPATH=src python bench/eval_subjectivity.py

Scores the shipped heads through the runtime API (``unspin.components.subjectivity``: encoder, surface features,
for English the persuasion tagger's pooled states of each sentence, per-language threshold) on the reporting part recorded in training/splits/subjectivity.json, and prints next to
each figure the mean ± sd over the 5 training seeds as the training run measured them (the model card's table;
rebuild: ``python -m training.textcat_subjectivity``). The shipped head is the first seed's, so "shipped" must
equal that seed's value. Needs the benchmark data ($UNSPIN_DATA or shared/data beside the repository); without
it, prints a message and exits 0.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # training/ lives beside src/, outside the wheel


def main() -> int:
    from rich.console import Console
    from rich.table import Table

    from training import textcat_subjectivity as T
    from unspin.benchmarks import formats, scoring
    from unspin.components import subjectivity
    from unspin.ml.heads import load_head

    if not T.task_dir().is_dir():
        print(f"CheckThat! 2023 task 2 data not found under {T.D.data_root()} (set UNSPIN_DATA): nothing to evaluate")
        return 0
    ids = T.split()
    meta = load_head("subjectivity").meta["validation"]
    dev = T.load("dev")
    table = Table(title="subjectivity (CheckThat! 2023 Task 2): dev files, touched by no choice")
    for col in ("language", "macro-F1 shipped", "mean ± sd (5 seeds)", "F1 SUBJ", "F1 OBJ", "threshold", "n"):
        table.add_column(col, justify="left" if col == "language" else "right")
    gold_all: dict[str, str] = {}
    pred_all: dict[str, str] = {}
    for lang in T.LANG_DIRS:
        rows = [r for r in dev[lang] if r.id in set(ids["report"][lang])]
        scores = subjectivity.score([r.text for r in rows], lang=lang)
        thr = subjectivity.threshold(lang)
        gold = {f"{lang}:{r.id}": str(r.label) for r in rows}
        pred = {f"{lang}:{r.id}": "SUBJ" if s >= thr else "OBJ" for r, s in zip(rows, scores, strict=True)}
        gold_all.update(gold)
        pred_all.update(pred)
        sc = scoring.macro_f1(gold, pred, formats.SUBJECTIVITY_LABELS)
        per = {c: f for c, f, _ in sc.per_class}
        m = meta[lang]["f1"]
        table.add_row(lang, f"{sc.f1:.4f}", f"{m['mean']:.4f} ± {m['sd']:.4f}", f"{per['SUBJ']:.4f}",
                      f"{per['OBJ']:.4f}", f"{thr:.2f}", str(len(rows)))
    sc = scoring.macro_f1(gold_all, pred_all, formats.SUBJECTIVITY_LABELS)
    m = meta["all"]["f1"]
    table.add_row("all", f"{sc.f1:.4f}", f"{m['mean']:.4f} ± {m['sd']:.4f}", "", "", "", str(len(gold_all)))
    Console(width=140).print(table)
    print("Targets (issue 16): en ≥ 0.74, de ≥ 0.72. Spread: 5 seeds of the fold shuffle that tunes the thresholds.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
