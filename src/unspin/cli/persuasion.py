"""Command line for the persuasion tagger on PTC-style data: ``tag`` and ``classify``; the scorer ``eval_ptc`` is
mounted once, as ``unspin eval ptc``, by the main CLI.

Bad input raises ``unspin.errors`` exceptions; the main CLI turns them into one-line messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from unspin.benchmarks import ptc
from unspin.benchmarks.ptc_scoring import flc_score, si_score, tc_score
from unspin.errors import InputError

__all__ = ["persuasion_app", "eval_ptc", "tag", "classify"]

persuasion_app = typer.Typer(help="Persuasion techniques (PTC, SemEval-2020 Task 11) on article folders.",
                             no_args_is_help=True)

_BATCH = 8  # articles per encoder call: enough to fill batches without holding many articles' states

# What ``tag`` writes: the FLC task's output (the default) or every span (the SI task's, and what analyze shows).
TAG_TASKS = ("flc", "si")

ModelOpt = Annotated[Path | None, typer.Option("--model", help="Model folder (default: the shipped model).")]


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@persuasion_app.command("tag")
def tag(
    articles_dir: Annotated[Path, typer.Argument(help="Folder of PTC articleNNN.txt files.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write FLC predictions (TSV).")],
    threshold: Annotated[float | None, typer.Option(
        help="Span threshold in [0, 1]; overrides --operating-point.")] = None,
    operating_point: Annotated[str, typer.Option(
        help="benchmark: best span F1 on PTC (the default here); precision: the threshold `unspin analyze` uses.",
    )] = "benchmark",
    task: Annotated[str, typer.Option(
        help="flc (the default): the FLC task's output, where a span whose technique the classifier is unsure of "
             "gives way to the technique phrases inside it (best FLC F1); si: every span with its best technique, "
             "as `unspin analyze` shows them (best SI F1: score SI on this file).",
    )] = "flc",
    model: ModelOpt = None,
) -> None:
    """Find persuasion spans in every article and write them as FLC TSV (article_id, technique, start, end).

    Example: unspin persuasion tag data/ptc/test-articles -o pred.tsv --operating-point precision
    """
    from unspin.ml.tagger import load_tagger

    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise InputError(f"--threshold {threshold} is outside [0, 1]")
    if task not in TAG_TASKS:
        raise InputError(f"unknown --task {task!r}; use one of: {', '.join(TAG_TASKS)}")
    articles = ptc.read_articles(articles_dir)
    tagger = load_tagger(model)
    if threshold is None:
        threshold = tagger.operating_point(operating_point)
    ids = sorted(articles)
    labels: list[ptc.Label] = []
    for i in range(0, len(ids), _BATCH):
        chunk = ids[i : i + _BATCH]
        texts = [articles[a] for a in chunk]
        for aid, spans in zip(chunk, tagger.tag_many(texts, threshold, flc=task == "flc"), strict=True):
            labels.extend(ptc.Label(aid, s.start, s.end, s.technique) for s in sorted(spans, key=lambda s: s.start))
    ptc.write_labels(output, labels)
    _stderr().print(f"wrote {len(labels)} spans for {len(ids)} articles to {output}")


@persuasion_app.command("classify")
def classify(
    articles_dir: Annotated[Path, typer.Argument(help="Folder of PTC articleNNN.txt files.")],
    template: Annotated[Path, typer.Argument(help="TC template: article_id, ?, start, end per line.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the filled-in template.")],
    model: ModelOpt = None,
) -> None:
    """Name the technique of every span of a TC template; lines keep the template's order.

    Example: unspin persuasion classify data/ptc/test-articles test-task-TC-template.out -o pred.tsv
    """
    from unspin.ml.tagger import load_tagger

    articles = ptc.read_articles(articles_dir)
    rows = ptc.read_template(template)
    missing = sorted({r.article_id for r in rows} - set(articles))
    if missing:
        raise InputError(f"template names articles not in {articles_dir}: {', '.join(missing[:5])}"
                         f"{' ...' if len(missing) > 5 else ''}", source=str(template))
    for r in rows:
        if r.end > len(articles[r.article_id]):
            raise InputError(f"span {r.start}-{r.end} of article {r.article_id} is past its end "
                             f"({len(articles[r.article_id])} characters)", source=str(template))
    tagger = load_tagger(model)
    by_article: dict[str, list[int]] = {}
    for n, r in enumerate(rows):
        by_article.setdefault(r.article_id, []).append(n)
    techniques: list[str] = [""] * len(rows)
    aids = sorted(by_article)
    for i in range(0, len(aids), _BATCH):
        chunk = aids[i : i + _BATCH]
        for aid, inf in zip(chunk, tagger.infer([articles[a] for a in chunk]), strict=True):
            lines = by_article[aid]
            preds = tagger.classify_inference(inf, [(rows[n].start, rows[n].end) for n in lines])
            for n, (tech, _) in zip(lines, preds, strict=True):
                techniques[n] = tech
    filled = [ptc.Label(r.article_id, r.start, r.end, t) for r, t in zip(rows, techniques, strict=True)]
    ptc.write_labels(output, filled)
    _stderr().print(f"wrote {len(rows)} labels to {output}")


def score_files(gold: Path, pred: Path) -> dict[str, float]:
    """All scores of a prediction file against gold FLC labels (file or folder)."""
    gold_labels = ptc.load_gold(gold)
    if not pred.is_file():
        raise InputError("no such prediction file; pass the TSV written by `tag` or `classify`", source=str(pred))
    pred_labels = ptc.read_labels(pred)
    si, flc, tc = si_score(pred_labels, gold_labels), flc_score(pred_labels, gold_labels), tc_score(
        pred_labels, gold_labels)
    return {"si_precision": si.precision, "si_recall": si.recall, "si_f1": si.f1,
            "tc_micro_f1": tc.f1, "flc_precision": flc.precision, "flc_recall": flc.recall, "flc_f1": flc.f1}


def print_scores(scores: dict[str, float], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for col in ("task", "precision", "recall", "F1"):
        table.add_column(col, justify="left" if col == "task" else "right")
    table.add_row("SI (span identification)", f"{scores['si_precision']:.4f}", f"{scores['si_recall']:.4f}",
                  f"{scores['si_f1']:.4f}")
    table.add_row("TC (technique, micro)", "", "", f"{scores['tc_micro_f1']:.4f}")
    table.add_row("FLC (span + technique)", f"{scores['flc_precision']:.4f}", f"{scores['flc_recall']:.4f}",
                  f"{scores['flc_f1']:.4f}")
    Console().print(table)


def eval_ptc(
    gold: Annotated[Path, typer.Option("--gold", help="Gold FLC labels: a .labels folder or one TSV file.")],
    pred: Annotated[Path, typer.Option("--pred", help="Predictions in FLC TSV (from `tag` or `classify`).")],
) -> None:
    """Score predictions against PTC gold: SI P/R/F1, TC micro-F1 and FLC F1 (SemEval-2020 Task 11 definitions).

    TC micro-F1 is meaningful for `classify` output on the gold spans; FLC for `tag` output, SI for
    `tag --task si` output (the FLC file leaves out spans whose technique is uncertain, which SI would miss).

    Example: unspin eval ptc --gold data/ptc/train-labels-task2-technique-classification --pred pred.tsv
    """
    print_scores(score_files(gold, pred), f"PTC scores: {pred.name} vs {gold.name}")
