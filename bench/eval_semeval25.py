"""SemEval-2025 Task 10 figures of the roles and narratives layers: nested 5-fold CV by document, as a table.

    PYTHONPATH=src python bench/eval_semeval25.py [roles] [narratives]

Reruns the nested cross-validation of ``training/roles.py`` (folds in training/splits/semeval25.json; every choice
made inside each outer fold's training part) and prints, per language and averaged over the five, the mean ± sd
over the test folds: subtask 1 main-role accuracy, EMR and fine-role micro-F1 next to the training-majority
baseline, the ``none`` cut on PolNeAR hard news, and subtask 2 samples-F1 over narratives and sub-narratives.
Needs the benchmark data ($UNSPIN_DATA or shared/data beside the repository); without it, prints a message and
exits 0. Uses the feature cache build/semeval25/ when present (``python -m training.semeval25_data`` rebuilds it).
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # training/ lives beside src/, outside the wheel


def _pm(d: dict[str, float]) -> str:
    return f"{d['mean']:.3f} ± {d['sd']:.3f}"


def roles_table(summary: dict[str, Any]) -> Any:
    from rich.table import Table

    t = Table(title="Subtask 1 (entity roles): mean ± sd over 5 test folds")
    for col in ("language", "main-role acc.", "EMR", "fine micro-F1", "majority acc.", "majority EMR"):
        t.add_column(col, justify="left" if col == "language" else "right")
    for lang in (*("EN", "BG", "HI", "PT", "RU"), "mean5"):
        s = summary[lang]
        t.add_row("mean of 5" if lang == "mean5" else lang, _pm(s["main_accuracy"]), _pm(s["emr"]),
                  _pm(s["fine_f1"]), _pm(s["majority_main_accuracy"]), _pm(s["majority_emr"]))
    return t


def framed_table(summary: dict[str, Any]) -> Any:
    from rich.table import Table

    t = Table(title="The 'none' cut (framed head), mean ± sd over 5 test folds")
    t.add_column("measure")
    t.add_column("value", justify="right")
    f = summary["framed"]
    t.add_row("annotated task mentions kept (framed)", _pm(f["annotated_kept"]))
    t.add_row("PolNeAR hard-news mentions framed", _pm(f["polnear_mentions_framed"]))
    t.add_row("PolNeAR articles with an antagonist", _pm(f["polnear_articles_with_antagonist"]))
    return t


def narratives_table(summary: dict[str, Any]) -> Any:
    from rich.table import Table

    t = Table(title="Subtask 2 (narratives): samples-F1, mean ± sd over 5 test folds")
    for col in ("language", "narratives", "sub-narratives"):
        t.add_column(col, justify="left" if col == "language" else "right")
    for lang in (*("EN", "BG", "HI", "PT", "RU"), "mean5"):
        s = summary[lang]
        t.add_row("mean of 5" if lang == "mean5" else lang, _pm(s["f1_narratives"]), _pm(s["f1_subnarratives"]))
    t.add_row("PolNeAR hard news: share given a narrative", _pm(summary["news_with_narrative"]), "")
    return t


def main() -> int:
    from rich.console import Console

    from training import roles as R
    from training import semeval25_data as D

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("parts", nargs="*", choices=["roles", "narratives"], default=[])
    args = ap.parse_args()
    parts = args.parts or ["roles", "narratives"]
    if not D.root().is_dir() or not (D.data_root() / "polnear").is_dir():
        print(f"benchmark data not found under {D.data_root()} (set UNSPIN_DATA): nothing to evaluate")
        return 0
    warnings.simplefilter("ignore")
    data = D.load()
    console = Console()
    quiet = lambda _msg: None  # noqa: E731 - the folds' own log lines are for the training run
    if "roles" in parts:
        summary = R.cv_roles(data, quiet)["summary"]
        console.print(roles_table(summary))
        console.print(framed_table(summary))
    if "narratives" in parts:
        console.print(narratives_table(R.cv_narratives(data, quiet)["summary"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
