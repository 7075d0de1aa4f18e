"""Command line for the benchmark formats: SemEval-2023 Task 3, SemEval-2025 Task 10 and CheckThat! prediction
and scoring.

* ``semeval23_app`` - ``predict --subtask {1,2,3} --lang xx ARTICLES_DIR [TEMPLATE] -o pred.txt``
* ``checkthat_app`` - ``predict [--task checkworthiness|subjectivity] INPUT.tsv -o pred.tsv`` (task 1 of 2024,
  check-worthiness; task 2 of 2023, subjectivity)
* ``semeval25_app`` - ``predict --subtask 1 --lang EN DOCS_DIR MENTIONS.txt -o pred.txt`` (roles) and
  ``predict --subtask 2 --lang EN DOCS_DIR -o pred.txt`` (narratives); ``eval semeval25`` scores them
* :func:`eval_semeval23` and :func:`eval_checkthat` - plain command functions printing a rich table of the scores
  (mounted by the main CLI as ``unspin eval semeval23 --subtask N --gold G --pred P`` and
  ``unspin eval checkthat [--task subjectivity] --gold G --pred P``).

Bad input raises :class:`unspin.errors.InputError` (one line); the main CLI prints it and exits with status 2.
Warnings (unknown language, gold ids without a prediction) are one ``unspin: warning:`` line on stderr.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from unspin.benchmarks import formats, scoring
from unspin.errors import InputError

__all__ = ["semeval23_app", "checkthat_app", "semeval25_app", "eval_semeval23", "eval_checkthat", "eval_semeval25",
           "predict_semeval23", "predict_checkthat", "predict_semeval25"]

semeval23_app = typer.Typer(help="SemEval-2023 Task 3: genre (1), framing (2), persuasion per paragraph (3).",
                            no_args_is_help=True)
checkthat_app = typer.Typer(help="CheckThat!: check-worthiness (task 1) and subjectivity (2023 task 2) of sentences.",
                            no_args_is_help=True)
TASKS = ("checkworthiness", "subjectivity")



# A callback keeps each app a command group, so "predict" stays a sub-command (typer collapses one-command apps).
@semeval23_app.callback()
def _semeval23() -> None:
    """SemEval-2023 Task 3 on folders of article<ID>.txt files."""


@checkthat_app.callback()
def _checkthat() -> None:
    """CheckThat! on TSV files of sentences: check-worthiness (task 1) and subjectivity (2023 task 2)."""


_BATCH = 16  # articles per encoder call: large batches amortise the encoder without holding much in memory


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _warn(message: str) -> None:
    typer.echo(f"unspin: warning: {message}", err=True)


# SemEval-2023 Task 3: six training languages plus three test-only ("surprise") ones, in ISO 639-1.
_TASK_LANGS = ("en", "fr", "de", "it", "pl", "ru", "es", "el", "ka")
_LANG_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)*$")


def _language_code(lang: str, examples: str) -> str:
    """The ISO 639-1 code of ``--lang``; :class:`InputError` for what is not a language code."""
    from unspin.ml.heads import normalise_lang

    code = normalise_lang(lang)
    if code is None or not _LANG_CODE.match(lang.strip().lower().replace("_", "-")):
        raise InputError(f"--lang {lang!r} is not a language code; give {examples}")
    return code


def _check_lang(lang: str | None) -> None:
    """Refuse what is not a language code; warn for a code neither the task nor the encoder knows."""
    from unspin.ml.heads import ENCODER_LANGS

    if lang is None:
        return
    code = _language_code(lang, "an ISO 639-1 code such as en, de or pl (SemEval's ge, po and gr are accepted)")
    if code not in _TASK_LANGS and code not in ENCODER_LANGS:
        _warn(f"--lang {lang}: not a SemEval-2023 language and not one the USE-m3 encoder was trained on; "
              "predictions are zero-shot and likely poor")


def _subtask(value: int) -> int:
    if value not in (1, 2, 3):
        raise InputError(f"--subtask {value}: expected 1 (genre), 2 (frames) or 3 (persuasion per paragraph)")
    return value


@semeval23_app.command("predict")
def predict_semeval23(
    articles_dir: Annotated[Path, typer.Argument(help="Folder of article<ID>.txt files.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the predictions.")],
    template: Annotated[Path | None, typer.Argument(help="Subtask 3 only: the paragraph template (id, par, text); "
                                                         "without it, paragraphs are the article's lines.")] = None,
    subtask: Annotated[int, typer.Option("--subtask", help="1 = genre, 2 = frames, 3 = techniques per paragraph.")] = 1,
    lang: Annotated[str | None, typer.Option("--lang", help="Language code (SemEval codes ge/po accepted).")] = None,
) -> None:
    """Predict a SemEval-2023 Task 3 subtask for a folder of articles and write the task's submission format.

    --lang takes an ISO 639-1 code or SemEval's own (ge, po, gr). A value that is not a language code is an error;
    a code that is neither a task language nor one of the encoder's 16 gets a warning on stderr (zero-shot).

    Example: unspin semeval23 predict --subtask 3 --lang en data/en/dev-articles-subtask-3 dev.template -o pred.txt
    """
    from unspin.components import frames, genre
    from unspin.components import paragraph_persuasion as paragraphs

    _subtask(subtask)
    if template is not None and subtask != 3:
        raise InputError("a TEMPLATE is only used by --subtask 3")
    _check_lang(lang)
    articles = formats.read_articles(articles_dir)
    ids = sorted(articles)
    if subtask == 1:
        labels: dict[str, str] = {}
        for i in range(0, len(ids), _BATCH):
            chunk = ids[i : i + _BATCH]
            for aid, (label, _) in zip(chunk, genre.predict([articles[a] for a in chunk], lang), strict=True):
                labels[aid] = label
        formats.write_subtask1(output, labels)
    elif subtask == 2:
        found: dict[str, list[str]] = {}
        for i in range(0, len(ids), _BATCH):
            chunk = ids[i : i + _BATCH]
            for aid, ranked in zip(chunk, frames.predict([articles[a] for a in chunk], lang), strict=True):
                found[aid] = [f for f, _ in ranked]
        formats.write_subtask2(output, found)
    else:
        if template is not None:
            rows = formats.read_template(template)
            if not rows:
                raise InputError("template has no rows (expected id<TAB>paragraph_no<TAB>text lines)",
                                 source=str(template))
            missing = sorted({a for a, _, _ in rows} - set(articles))
            if missing:
                raise InputError(f"template names articles not in {articles_dir}: {', '.join(missing[:5])}",
                                 source=str(template))
        else:
            rows = [(a, no, text) for a in ids for no, text in formats.paragraphs_of_article(articles[a])]
        techs: dict[tuple[str, int], list[str]] = {}
        step = 256  # paragraphs per encoder call
        for i in range(0, len(rows), step):
            batch = rows[i : i + step]
            preds = paragraphs.predict([t for _, _, t in batch], lang)
            for (aid, no, _), ranked in zip(batch, preds, strict=True):
                techs[(aid, no)] = [t for t, _ in ranked]
        formats.write_subtask3(output, techs)
    _stderr().print(f"wrote subtask-{subtask} predictions for {len(ids)} articles to {output}")


def _task(task: str) -> str:
    if task not in TASKS:
        raise InputError(f"--task must be one of {', '.join(TASKS)}, not {task!r}")
    return task


@checkthat_app.command("predict")
def predict_checkthat(
    input_tsv: Annotated[Path, typer.Argument(help="TSV with a header: Sentence_id and Text columns (task 1), "
                                                   "sentence_id and sentence (subjectivity).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write Sentence_id<TAB>Yes|No "
                                                                "(subjectivity: sentence_id<TAB>SUBJ|OBJ).")],
    threshold: Annotated[float | None, typer.Option(help="Decision threshold in [0, 1]; default: calibrated.")]
        = None,
    task: Annotated[str, typer.Option(help="checkworthiness (task 1) or subjectivity (2023 task 2).")]
        = "checkworthiness",
    lang: Annotated[str | None, typer.Option(help="Subjectivity: the file's language (its threshold); default: "
                                                  "detected from the sentences.")] = None,
) -> None:
    """Label every sentence of a CheckThat! file: check-worthy (Yes/No), or subjective (SUBJ/OBJ) with --task
    subjectivity (labels in the file, if any, are ignored).

    Example: unspin checkthat predict CT24_checkworthy_english_dev-test.tsv -o pred.tsv
    Example: unspin checkthat predict --task subjectivity english/dev.tsv -o pred.tsv
    """
    from unspin.components import claims

    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise InputError(f"--threshold {threshold} is outside [0, 1]")
    if _task(task) == "subjectivity":
        _predict_subjectivity(input_tsv, output, threshold, lang)
        return
    rows = formats.read_checkthat(input_tsv)
    if not rows:
        raise InputError("the file has a header line but no sentences", source=str(input_tsv))
    if any(not r.text for r in rows):
        raise InputError("the file has no Text column (or empty texts): nothing to score", source=str(input_tsv))
    thr = claims.threshold() if threshold is None else threshold
    scores = claims.score([r.text for r in rows])
    formats.write_checkthat(output, [(r.id, bool(s >= thr)) for r, s in zip(rows, scores, strict=True)])
    _stderr().print(f"wrote {len(rows)} labels ({int((scores >= thr).sum())} Yes) to {output}")


def _predict_subjectivity(input_tsv: Path, output: Path, threshold: float | None, lang: str | None) -> None:
    from unspin.components import subjectivity
    from unspin.components.language import detect

    rows = formats.read_subjectivity(input_tsv)
    if not rows:
        raise InputError("the file has a header line but no sentences", source=str(input_tsv))
    if any(not r.text for r in rows):
        raise InputError("the file has no sentence column (or empty sentences): nothing to score",
                         source=str(input_tsv))
    if lang is None:
        lang = detect(" ".join(r.text for r in rows[:200]))[0]
    thr = subjectivity.threshold(lang) if threshold is None else threshold
    scores = subjectivity.score([r.text for r in rows], lang=lang)
    formats.write_subjectivity(output, [(r.id, "SUBJ" if s >= thr else "OBJ")
                                        for r, s in zip(rows, scores, strict=True)])
    _stderr().print(f"wrote {len(rows)} labels ({int((scores >= thr).sum())} SUBJ, language {lang}, threshold "
                    f"{thr:.2f}) to {output}")


def _table(title: str, header: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for i, col in enumerate(header):
        table.add_column(col, justify="left" if i == 0 else "right")
    for r in rows:
        table.add_row(*r)
    Console().print(table)


def _need_file(path: Path, what: str) -> None:
    if not path.is_file():
        raise InputError(f"no such {what} file", source=str(path))


def _check_ids(gold: Mapping[Any, object], pred: Mapping[Any, object], gold_path: Path, pred_path: Path) -> None:
    """Empty files and predicted ids not in the gold are errors; gold ids without a prediction are a warning.

    A missing prediction is scored as an empty label set (or "No"): wrong wherever the gold has a label.
    """
    if not gold:
        raise InputError("the gold file has no labelled rows: nothing to score against", source=str(gold_path))
    if not pred:
        raise InputError("the prediction file has no rows", source=str(pred_path))
    extra = [k for k in pred if k not in gold]
    if extra:
        raise InputError(f"{len(extra)} of {len(pred)} predicted ids are not in the gold file {gold_path.name} "
                         f"(first: {extra[0]!r}); is this the right gold file?", source=str(pred_path))
    missing = sum(1 for k in gold if k not in pred)
    if missing:
        _warn(f"{pred_path}: {missing} of {len(gold)} gold ids have no prediction; "
              "they are scored as empty predictions")


def eval_semeval23(
    subtask: Annotated[int, typer.Option("--subtask", help="1 = genre (macro-F1), 2 = frames / 3 = techniques "
                                                           "(micro-F1).")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold labels in the subtask's format.")],
    pred: Annotated[Path, typer.Option("--pred", help="Predictions in the same format.")],
) -> None:
    """Score SemEval-2023 Task 3 predictions with the subtask's own metric and print a table.

    Empty files and predicted ids that are not in the gold are errors; gold ids without a prediction are
    counted (a warning on stderr) and scored as empty predictions.

    Example: unspin eval semeval23 --subtask 2 --gold train-labels-subtask-2.txt --pred pred.txt
    """
    _subtask(subtask)
    _need_file(gold, "gold")
    _need_file(pred, "prediction")
    if subtask == 1:
        g1, p1 = formats.read_subtask1(gold), formats.read_subtask1(pred)
        _check_ids(g1, p1, gold, pred)
        # Macro-F1 over the genres that occur in the gold or the predictions (the usual definition, as in
        # scikit-learn's default): a file without satire is not scored down for satire it never had.
        present = [c for c in formats.GENRES if c in set(g1.values()) | set(p1.values())]
        s = scoring.macro_f1(g1, p1, present)
        rows = [[f"class {c}", f"{f:.4f}", str(n)] for c, f, n in s.per_class]
        rows.append(["macro-F1", f"{s.f1:.4f}", str(s.support)])
        _table(f"SemEval-2023 T3 subtask 1: {pred.name} vs {gold.name}", ["", "F1", "gold"], rows)
        return
    if subtask == 2:
        g2, p2 = formats.read_subtask2(gold), formats.read_subtask2(pred)
        _check_ids(g2, p2, gold, pred)
        s = scoring.micro_f1(g2, p2)
    else:
        g3, p3 = formats.read_subtask3(gold), formats.read_subtask3(pred)
        _check_ids(g3, p3, gold, pred)
        s = scoring.micro_f1(g3, p3)
    _table(f"SemEval-2023 T3 subtask {subtask}: {pred.name} vs {gold.name}",
           ["", "precision", "recall", "micro-F1", "gold labels"],
           [["all", f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}", str(s.support)]])


def eval_checkthat(
    gold: Annotated[Path, typer.Option("--gold", help="Gold TSV (Sentence_id, Text, class_label; subjectivity: "
                                                      "sentence_id, sentence, label).")],
    pred: Annotated[Path, typer.Option("--pred", help="Predictions: Sentence_id<TAB>Yes|No (subjectivity: "
                                                      "sentence_id<TAB>SUBJ|OBJ; header optional).")],
    task: Annotated[str, typer.Option(help="checkworthiness (task 1) or subjectivity (2023 task 2).")]
        = "checkworthiness",
) -> None:
    """Score CheckThat! predictions: task 1, precision, recall and F1 of the positive (Yes) class; subjectivity,
    macro-F1 over SUBJ and OBJ (the task's metric), with each class's F1.

    Empty files and predicted ids that are not in the gold are errors; gold ids without a prediction are
    counted (a warning on stderr) and scored as "No" (subjectivity: as wrong).

    Example: unspin eval checkthat --gold CT24_checkworthy_english_dev-test.tsv --pred pred.tsv
    Example: unspin eval checkthat --task subjectivity --gold english/dev.tsv --pred pred.tsv
    """
    _need_file(gold, "gold")
    _need_file(pred, "prediction")
    if _task(task) == "subjectivity":
        gs = {r.id: r.label for r in formats.read_subjectivity(gold)}
        if any(v is None for v in gs.values()):
            raise InputError("the gold file has no label column", source=str(gold))
        ps = {r.id: r.label for r in formats.read_subjectivity(pred)}
        if any(v is None for v in ps.values()):
            raise InputError("the prediction file has no SUBJ/OBJ label column", source=str(pred))
        _check_ids(gs, ps, gold, pred)
        sc = scoring.macro_f1({k: str(v) for k, v in gs.items()}, {k: str(v) for k, v in ps.items()},
                              formats.SUBJECTIVITY_LABELS)
        table = [[f"class {c}", f"{f:.4f}", str(n)] for c, f, n in sc.per_class]
        table += [["macro-F1", f"{sc.f1:.4f}", str(sc.support)], ["accuracy", f"{sc.precision:.4f}", ""]]
        _table(f"CheckThat! 2023 task 2 (subjectivity): {pred.name} vs {gold.name}", ["", "F1", "gold"], table)
        return
    g = {r.id: r.label for r in formats.read_checkthat(gold)}
    if any(v is None for v in g.values()):
        raise InputError("the gold file has no class_label column", source=str(gold))
    p = {r.id: r.label for r in formats.read_checkthat(pred)}
    if any(v is None for v in p.values()):
        raise InputError("the prediction file has no Yes/No label column", source=str(pred))
    _check_ids(g, p, gold, pred)
    s = scoring.positive_f1({k: bool(v) for k, v in g.items()}, {k: bool(v) for k, v in p.items()})
    _table(f"CheckThat! task 1: {pred.name} vs {gold.name}", ["", "precision", "recall", "F1 (Yes)", "gold Yes"],
           [["positive class", f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}", str(s.support)]])


# ---------------------------------------------------------------- SemEval-2025 Task 10
semeval25_app = typer.Typer(help="SemEval-2025 Task 10: entity roles (1) and narratives (2).", no_args_is_help=True)


@semeval25_app.callback()
def _semeval25() -> None:
    """SemEval-2025 Task 10 on folders of the task's .txt documents."""


def _subtask25(value: int) -> int:
    if value not in (1, 2):
        raise InputError(f"--subtask {value}: expected 1 (entity roles) or 2 (narratives)")
    return value


def _check_lang25(lang: str | None) -> None:
    from unspin.components.roles import TRAINED_LANGS

    if lang is None:
        return
    if _language_code(lang, "one such as EN, BG, HI, PT or RU") not in TRAINED_LANGS:
        _warn(f"--lang {lang}: the heads were trained on {', '.join(x.upper() for x in TRAINED_LANGS)}; "
              "this language runs zero-shot through the multilingual encoder")


def _vectors_of(text: str) -> tuple[list[tuple[int, int]], Any]:
    """Sentences and their vectors, as the pipeline's structure and sentence-vectors layers make them."""
    from unspin.analyzer import analyze_text

    doc = analyze_text(text, ["structure", "sentence-vectors"])
    return [(s.start, s.end) for s in doc.sentences], doc.sentence_vectors


@semeval25_app.command("predict")
def predict_semeval25(
    docs_dir: Annotated[Path, typer.Argument(help="Folder of the task's documents (<ID>.txt).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the predictions.")],
    mentions: Annotated[Path | None, typer.Argument(help="Subtask 1 only: the entity mentions file "
                                                         "(doc, mention, start, end; end inclusive).")] = None,
    subtask: Annotated[int, typer.Option("--subtask", help="1 = entity roles, 2 = narratives.")] = 1,
    lang: Annotated[str | None, typer.Option("--lang", help="Language code (EN, BG, HI, PT, RU or another).")] = None,
) -> None:
    """Predict a SemEval-2025 Task 10 subtask and write the task's prediction format.

    Subtask 1 gives every listed mention a main role and its best fine role (the layer's "no role" cut is not
    applied: the task scores every mention). Subtask 2 gives each document its narratives and sub-narratives
    ("Other" when none passes). Offsets are read as the task stores them (end inclusive, CRLF counted where the
    file has it) and written back unchanged.

    Example: unspin semeval25 predict --subtask 1 --lang EN EN/docs EN/subtask-1-entity-mentions.txt -o pred.txt
    """
    from unspin.benchmarks import semeval25 as S

    _subtask25(subtask)
    _check_lang25(lang)
    if not docs_dir.is_dir():
        raise InputError("no such folder of documents", source=str(docs_dir))
    if subtask == 1:
        if mentions is None:
            raise InputError("--subtask 1 needs the MENTIONS file (doc, mention, start, end)")
        _need_file(mentions, "mentions")
        rows = S.read_subtask1(mentions)
        if not rows:
            raise InputError("the mentions file has no rows", source=str(mentions))
        out = _predict_roles(docs_dir, rows, lang)
        output.write_text(S.write_subtask1(out), encoding="utf-8")
        _stderr().print(f"wrote roles for {len(out)} mentions to {output}")
        return
    if mentions is not None:
        raise InputError("a MENTIONS file is only used by --subtask 1")
    paths = sorted(docs_dir.glob("*.txt"))
    if not paths:
        raise InputError("the folder has no .txt documents", source=str(docs_dir))
    output.write_text(S.write_subtask2(_predict_narratives(paths)), encoding="utf-8")
    _stderr().print(f"wrote narratives for {len(paths)} documents to {output}")


def _predict_roles(docs_dir: Path, rows: list[Any], lang: str | None) -> list[Any]:
    from unspin.benchmarks import semeval25 as S
    from unspin.components.roles import e5_head_langs, predict_mentions
    from unspin.ml import e5
    from unspin.ml.heads import normalise_lang

    use_e5 = normalise_lang(lang) in e5_head_langs() and e5.available()  # as the roles layer does
    by_doc: dict[str, list[Any]] = {}
    for r in rows:
        by_doc.setdefault(r.doc, []).append(r)
    out: dict[tuple[str, int, int], Any] = {}
    unaligned = 0
    for doc_id, doc_rows in by_doc.items():
        path = docs_dir / doc_id
        if not path.is_file():
            raise InputError(f"the mentions file names {doc_id}, which is not in {docs_dir}")
        raw = S.read_document(path)
        text = S.lf_text(raw)
        spans = []
        for r in doc_rows:
            span = S.align(raw, r)
            if span is None:  # trust the offsets, clipped to the text
                unaligned += 1
                start = min(max(0, r.start), len(text))
                span = (start, min(len(text), max(start + 1, r.end + 1)))
            spans.append(span)
        sentences, vectors = _vectors_of(text)
        e5_vectors = e5.encode([text[a:b] for a, b in sentences]) if use_e5 and sentences else None
        for r, p in zip(doc_rows, predict_mentions(text, sentences, vectors, spans, lang=lang, e5_vectors=e5_vectors),
                        strict=True):
            out[r.key] = S.RoleRow(r.doc, r.mention, r.start, r.end, p.main, p.fine)
    if unaligned:
        _warn(f"{unaligned} mention(s) do not match their offsets in the text; predicted at the offsets given")
    return [out[r.key] for r in rows]


def _predict_narratives(paths: list[Path]) -> list[Any]:
    import numpy as np

    from unspin.benchmarks import semeval25 as S
    from unspin.components.narratives import predict_from_vector
    from unspin.ml.encoder import pool

    vectors = np.stack([pool(_vectors_of(S.lf_text(S.read_document(p)))[1]) for p in paths])
    return [S.NarrativeRow(p.name, tuple(n for n, _ in kept), tuple(s for s, _, _ in subs))
            for p, (kept, subs) in zip(paths, predict_from_vector(vectors), strict=True)]


def eval_semeval25(
    subtask: Annotated[int, typer.Option("--subtask", help="1 = entity roles (EMR, main-role accuracy, fine micro-F1), "
                                                           "2 = narratives (samples-F1).")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold file in the subtask's format.")],
    pred: Annotated[Path, typer.Option("--pred", help="Predictions in the same format.")],
) -> None:
    """Score SemEval-2025 Task 10 predictions with the task's measures and print a table.

    Subtask 1: exact-match ratio of the fine-role sets (EMR), main-role accuracy, micro precision/recall/F1 over
    fine roles; mentions are matched on (doc, start, end), a gold mention without a prediction counts as wrong.
    Subtask 2: samples-F1 over narratives and over sub-narratives; a document without a prediction scores 0.

    Example: unspin eval semeval25 --subtask 1 --gold EN/subtask-1-annotations.txt --pred pred.txt
    """
    from unspin.benchmarks import semeval25 as S

    _subtask25(subtask)
    _need_file(gold, "gold")
    _need_file(pred, "prediction")
    if subtask == 1:
        g1, p1 = S.read_subtask1(gold), S.read_subtask1(pred)
        _check_ids({r.key: r for r in g1}, {r.key: r for r in p1}, gold, pred)
        s = S.score_subtask1(g1, p1)
        _table(f"SemEval-2025 T10 subtask 1: {pred.name} vs {gold.name}",
               ["", "EMR", "main-role accuracy", "fine P", "fine R", "fine micro-F1", "mentions"],
               [["all", f"{s['emr']:.4f}", f"{s['main_accuracy']:.4f}", f"{s['fine_precision']:.4f}",
                 f"{s['fine_recall']:.4f}", f"{s['fine_f1']:.4f}", str(int(s["mentions"]))]])
        return
    g2, p2 = S.read_subtask2(gold), S.read_subtask2(pred)
    _check_ids({r.doc: r for r in g2}, {r.doc: r for r in p2}, gold, pred)
    s = S.score_subtask2(g2, p2)
    _table(f"SemEval-2025 T10 subtask 2: {pred.name} vs {gold.name}",
           ["", "samples-F1 narratives", "samples-F1 sub-narratives", "documents"],
           [["all", f"{s['f1_narratives']:.4f} ± {s['f1_narratives_sd']:.4f}",
             f"{s['f1_subnarratives']:.4f} ± {s['f1_subnarratives_sd']:.4f}", str(int(s["documents"]))]])
