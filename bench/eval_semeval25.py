"""SemEval-2025 Task 10 figures of the roles and narratives layers: nested 5-fold CV by document, as a table.

    PYTHONPATH=src python bench/eval_semeval25.py [roles] [narratives] [gate]

Reruns the nested cross-validation of ``training/roles.py`` (folds in training/splits/semeval25.json; every choice
made inside each outer fold's training part) and prints, per language and averaged over the five, the mean ± sd
over the test folds: subtask 1 main-role accuracy, EMR and fine-role micro-F1 next to the training-majority
baseline, the ``none`` cut on PolNeAR hard news, and subtask 2 samples-F1 over narratives and sub-narratives.
Needs the benchmark data ($UNSPIN_DATA or shared/data beside the repository); without it, prints a message and
exits 0. Uses the feature cache build/semeval25/ when present (``python -m training.semeval25_data`` rebuilds it).

``gate`` checks the narratives layer's topic gate (``unspin.components.narratives.on_topic``, fixed word lists, no
fitting): per language, the share of the task's training documents with a gold ``URW:`` (``CC:``) narrative whose
text passes the war (climate) gate, i.e. the most the gate can cost the nested-CV samples-F1 above (computed
without it), and the share of PolNeAR dev hard-news articles (2016 US election) it lets through to either taxonomy.
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
    for col in ("language", "heads (folds)", "main-role acc.", "EMR", "fine micro-F1", "majority acc.",
                "majority EMR"):
        t.add_column(col, justify="left" if col in ("language", "heads (folds)") else "right")
    for lang in (*("EN", "BG", "HI", "PT", "RU"), "mean5"):
        s = summary[lang]
        heads = ", ".join(f"{'USE-only' if hs == 'use' else hs} {n}" for hs, n in s.get("head_set_folds", {}).items())
        t.add_row("mean of 5" if lang == "mean5" else lang, heads, _pm(s["main_accuracy"]), _pm(s["emr"]),
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


def gate_table(data_root: Path) -> Any:
    from rich.table import Table

    from unspin.benchmarks.semeval25 import read_document, read_subtask2
    from unspin.components.narratives import on_topic

    t = Table(title="Narratives topic gate (no fitting): documents passing")
    for col in ("language", "gold URW docs passing", "gold CC docs passing", "gold Other docs passing either"):
        t.add_column(col, justify="left" if col == "language" else "right")
    root = data_root / "semeval2025t10"
    for lang in ("EN", "BG", "HI", "PT", "RU"):
        counts = {"URW": [0, 0], "CC": [0, 0], "Other": [0, 0]}
        for row in read_subtask2(root / lang / "subtask-2-annotations.txt"):
            topics = on_topic(read_document(root / lang / "raw-documents" / row.doc))
            heads = {n.split(":", 1)[0] for n in row.narratives} & {"URW", "CC"}
            for head in heads or {"Other"}:
                counts[head][1] += 1
                counts[head][0] += (head in topics) if head != "Other" else bool(topics)
        t.add_row(lang, *(f"{k}/{n} = {k / n:.3f}" if n else "-" for k, n in counts.values()))
    dev = sorted((data_root / "polnear" / "dev" / "text").glob("*.txt"))
    opened = sum(bool(on_topic(p.read_text(encoding="utf-8"))) for p in dev)
    t.add_row("PolNeAR dev (hard news)", "", "", f"{opened}/{len(dev)} = {opened / max(1, len(dev)):.3f}")
    return t


def main() -> int:
    from rich.console import Console

    from training import roles as R
    from training import semeval25_data as D

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("parts", nargs="*", choices=["roles", "narratives", "gate"], default=[])
    args = ap.parse_args()
    parts = args.parts or ["roles", "narratives", "gate"]
    if not D.root().is_dir() or not (D.data_root() / "polnear").is_dir():
        print(f"benchmark data not found under {D.data_root()} (set UNSPIN_DATA): nothing to evaluate")
        return 0
    warnings.simplefilter("ignore")
    console = Console()
    quiet = lambda _msg: None  # noqa: E731 - the folds' own log lines are for the training run
    if {"roles", "narratives"} & set(parts):
        data = D.load()
    if "roles" in parts:
        summary = R.cv_roles(data, quiet)["summary"]
        console.print(roles_table(summary))
        console.print(framed_table(summary))
    if "narratives" in parts:
        console.print(narratives_table(R.cv_narratives(data, quiet)["summary"]))
    if "gate" in parts:
        console.print(gate_table(D.data_root()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
