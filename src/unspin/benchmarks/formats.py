"""Read and write the SemEval-2023 Task 3 and CheckThat! task-1 file formats (checked against the released files).

SemEval-2023 Task 3 (one folder per language):
  * articles: ``article<ID>.txt``, title on line 1, a blank line, then one paragraph per line (blank lines between);
  * subtask 1 labels: ``<ID><TAB><genre>`` (opinion / reporting / satire);
  * subtask 2 labels: ``<ID><TAB><frame>,<frame>,...``;
  * subtask 3 labels: ``<ID><TAB><paragraph_no><TAB><technique>,...`` (empty third column = no technique);
  * subtask 3 template: ``<ID><TAB><paragraph_no><TAB><paragraph text>`` (paragraph_no = 1-based line number).
CheckThat! task 1 (2024, English): TSV with header ``Sentence_id<TAB>Text<TAB>class_label`` (class_label Yes/No,
optional in inputs), text with CSV double-quote escaping. Predictions are written as ``Sentence_id<TAB>class_label``
rows (Yes/No) under that header line. The reader also accepts the 2021/2022 column names (tweet_id, tweet_text,
labels 1/0).
CheckThat! 2023 task 2 (subjectivity): TSV with header ``sentence_id<TAB>sentence<TAB>label`` (SUBJ/OBJ, absent in
test inputs; English adds ``solved_conflict``), not CSV-escaped (quotes are literal). Predictions are written as
``sentence_id<TAB>label`` rows under that header line.

Every reader raises :class:`unspin.errors.InputError` with a one-line message on a malformed file.

Example: ``labels = read_subtask1(Path("train-labels-subtask-1.txt"))``
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from unspin.errors import InputError

__all__ = [
    "GENRES", "CheckThatRow", "read_article", "read_articles", "read_subtask1", "write_subtask1", "read_subtask2",
    "write_subtask2", "read_subtask3", "write_subtask3", "read_template", "write_template", "read_checkthat",
    "write_checkthat", "paragraphs_of_article", "SubjectivityRow", "SUBJECTIVITY_LABELS", "read_subjectivity",
    "write_subjectivity",
]

GENRES = ("reporting", "opinion", "satire")
_ARTICLE = re.compile(r"^article(.+)\.txt$")


def _read_text(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", source=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", source=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=str(path)) from None


def _rows(path: Path, min_cols: int, max_cols: int) -> list[list[str]]:
    rows = []
    for no, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if not min_cols <= len(cols) <= max_cols:
            raise InputError(f"line {no}: expected {min_cols}-{max_cols} tab-separated columns, got {len(cols)}",
                             source=str(path))
        rows.append([c.strip() for c in cols])
    return rows


def _split_labels(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(",") if x.strip()]


# ---------------------------------------------------------------- articles
def read_article(path: Path) -> tuple[str, str]:
    """Return ``(article_id, text)`` of one ``article<ID>.txt`` file. Example: ``read_article(p)[0] == "111111111"``"""
    m = _ARTICLE.match(Path(path).name)
    if not m:
        raise InputError("article files must be named article<ID>.txt", source=str(path))
    return m.group(1), _read_text(path)


def read_articles(folder: Path) -> dict[str, str]:
    """All ``article<ID>.txt`` files of a folder, by id, sorted.

    Example: ``read_articles(Path("train-articles-subtask-1"))``
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder of article<ID>.txt files", source=str(folder))
    out = dict(read_article(p) for p in sorted(folder.iterdir()) if _ARTICLE.match(p.name))
    if not out:
        raise InputError("no article<ID>.txt files in folder", source=str(folder))
    return out


def paragraphs_of_article(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their 1-based line numbers (= subtask-3 paragraph numbers; line 1 is the title).

    Example: ``paragraphs_of_article("T\\n\\nBody") == [(1, "T"), (3, "Body")]``
    """
    return [(i, line.strip()) for i, line in enumerate(text.splitlines(), 1) if line.strip()]


# ---------------------------------------------------------------- subtasks 1 and 2
def read_subtask1(path: Path) -> dict[str, str]:
    """``id<TAB>genre`` -> {id: genre}. Example: ``read_subtask1(p)["833042063"] == "satire"``"""
    out = {}
    for no, row in enumerate(_rows(path, 2, 2), 1):
        if row[1] not in GENRES:
            raise InputError(f"row {no}: unknown genre {row[1]!r} (expected one of {', '.join(GENRES)})",
                             source=str(path))
        out[row[0]] = row[1]
    return out


def write_subtask1(path: Path, labels: Mapping[str, str]) -> None:
    """Write ``id<TAB>genre`` lines. Example: ``write_subtask1(p, {"1": "opinion"})``"""
    Path(path).write_text("".join(f"{k}\t{v}\n" for k, v in labels.items()), encoding="utf-8")


def read_subtask2(path: Path) -> dict[str, list[str]]:
    """``id<TAB>frame,frame`` -> {id: [frames]} (an empty second column = no frame). Example: ``read_subtask2(p)``"""
    return {row[0]: _split_labels(row[1]) if len(row) > 1 else [] for row in _rows(path, 1, 2)}


def write_subtask2(path: Path, labels: Mapping[str, Sequence[str]]) -> None:
    """Write ``id<TAB>frame,frame`` lines. Example: ``write_subtask2(p, {"1": ["Political"]})``"""
    Path(path).write_text("".join(f"{k}\t{','.join(v)}\n" for k, v in labels.items()), encoding="utf-8")


# ---------------------------------------------------------------- subtask 3
def read_subtask3(path: Path) -> dict[tuple[str, int], list[str]]:
    """``id<TAB>par<TAB>tech,tech`` -> {(id, par): [techniques]}. Example: ``read_subtask3(p)[("111111111", 3)]``"""
    out: dict[tuple[str, int], list[str]] = {}
    for no, row in enumerate(_rows(path, 2, 3), 1):
        try:
            par = int(row[1])
        except ValueError:
            raise InputError(f"row {no}: paragraph number {row[1]!r} is not an integer", source=str(path)) from None
        out[(row[0], par)] = _split_labels(row[2]) if len(row) > 2 else []
    return out


def write_subtask3(path: Path, labels: Mapping[tuple[str, int], Sequence[str]]) -> None:
    """Write ``id<TAB>par<TAB>tech,tech`` lines. Example: ``write_subtask3(p, {("1", 3): ["Doubt"]})``"""
    Path(path).write_text("".join(f"{a}\t{p}\t{','.join(v)}\n" for (a, p), v in labels.items()), encoding="utf-8")


def read_template(path: Path) -> list[tuple[str, int, str]]:
    """Subtask-3 template ``id<TAB>par<TAB>text`` -> [(id, par, text)] in file order. Example: ``read_template(p)``"""
    out = []
    for no, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        cols = line.split("\t", 2)
        if len(cols) < 2:
            raise InputError(f"line {no}: expected id<TAB>paragraph_no<TAB>text", source=str(path))
        try:
            par = int(cols[1])
        except ValueError:
            raise InputError(f"line {no}: paragraph number {cols[1]!r} is not an integer", source=str(path)) from None
        out.append((cols[0].strip(), par, cols[2].strip() if len(cols) > 2 else ""))
    return out


def write_template(path: Path, rows: Iterable[tuple[str, int, str]]) -> None:
    """Write a subtask-3 template. Example: ``write_template(p, [("1", 1, "Title")])``"""
    Path(path).write_text("".join(f"{a}\t{p}\t{t}\n" for a, p, t in rows), encoding="utf-8")


# ---------------------------------------------------------------- CheckThat! task 1
@dataclass(frozen=True)
class CheckThatRow:
    """One sentence (or tweet) with its gold label when the file has one (True = check-worthy)."""

    id: str
    text: str
    label: bool | None = None


_ID_COLS = ("sentence_id", "tweet_id", "id")
_TEXT_COLS = ("text", "tweet_text", "sentence")
_LABELS = {"yes": True, "1": True, "no": False, "0": False}


def read_checkthat(path: Path, *, quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL) -> list[CheckThatRow]:
    """Read a task-1 TSV with a header (id and text columns, optional class_label), or a headerless prediction file.

    ``quoting=csv.QUOTE_NONE`` for the 2021/2022 tweet files, which are not CSV-escaped.
    Example: ``rows = read_checkthat(Path("CT24_checkworthy_english_dev.tsv"))``
    """
    lines = _read_text(path).splitlines()
    table = [r for r in csv.reader(lines, delimiter="\t", quoting=quoting) if any(c.strip() for c in r)]
    if not table:
        raise InputError("empty CheckThat! file", source=str(path))
    header = [c.strip().lower() for c in table[0]]
    id_col = next((header.index(c) for c in _ID_COLS if c in header), None)
    text_col: int | None
    label_col: int | None
    if id_col is None:  # headerless prediction file: id<TAB>Yes|No
        if len(header) >= 2 and header[1] in _LABELS:
            id_col, text_col, label_col, body = 0, None, 1, table
        else:
            raise InputError("no Sentence_id/tweet_id column in the header line", source=str(path))
    else:
        text_col = next((header.index(c) for c in _TEXT_COLS if c in header), None)
        label_col = header.index("class_label") if "class_label" in header else None
        body = table[1:]
        if text_col is None and label_col is None:
            raise InputError("the header has neither a Text nor a class_label column", source=str(path))
    out = []
    for no, r in enumerate(body, 2 if body is not table else 1):
        need = max(c for c in (id_col, text_col, label_col) if c is not None)
        if len(r) <= need:
            raise InputError(f"row {no}: expected at least {need + 1} tab-separated columns", source=str(path))
        label = None
        if label_col is not None:
            raw = r[label_col].strip().lower()
            if raw not in _LABELS:
                raise InputError(f"row {no}: class_label {r[label_col]!r} is not Yes/No/1/0", source=str(path))
            label = _LABELS[raw]
        out.append(CheckThatRow(r[id_col].strip(), r[text_col] if text_col is not None else "", label))
    return out


def write_checkthat(path: Path, predictions: Iterable[tuple[str, bool]]) -> None:
    """Write ``Sentence_id<TAB>class_label`` (header line, then Yes/No rows).

    Example: ``write_checkthat(p, [("1", True)])``
    """
    body = "".join(f"{i}\t{'Yes' if y else 'No'}\n" for i, y in predictions)
    Path(path).write_text("Sentence_id\tclass_label\n" + body, encoding="utf-8")


# ---------------------------------------------------------------- CheckThat! 2023 task 2 (subjectivity)
SUBJECTIVITY_LABELS = ("SUBJ", "OBJ")


@dataclass(frozen=True)
class SubjectivityRow:
    """One sentence with its gold label (``"SUBJ"`` | ``"OBJ"``) when the file has one."""

    id: str
    text: str
    label: str | None = None


def read_subjectivity(path: Path) -> list[SubjectivityRow]:
    """Read a task-2 TSV: a header with ``sentence_id`` and ``sentence`` and/or ``label`` columns (inputs with or
    without labels, gold files, prediction files), or a headerless ``id<TAB>SUBJ|OBJ`` prediction file.

    Quotes are literal (the task's files are not CSV-escaped). Example:
    ``rows = read_subjectivity(Path("english/dev.tsv"))``
    """
    table = [line.split("\t") for line in _read_text(path).splitlines() if line.strip()]
    if not table:
        raise InputError("empty CheckThat! subjectivity file", source=str(path))
    header = [c.strip().lower() for c in table[0]]
    text_col: int | None
    label_col: int | None
    if "sentence_id" in header:
        id_col = header.index("sentence_id")
        text_col = header.index("sentence") if "sentence" in header else None
        label_col = header.index("label") if "label" in header else None
        body = table[1:]
        if text_col is None and label_col is None:
            raise InputError("the header has neither a sentence nor a label column", source=str(path))
    elif len(header) >= 2 and header[1].upper() in SUBJECTIVITY_LABELS:  # headerless predictions
        id_col, text_col, label_col, body = 0, None, 1, table
    else:
        raise InputError("no sentence_id column in the header line", source=str(path))
    need = max(c for c in (id_col, text_col, label_col) if c is not None)
    out = []
    for no, r in enumerate(body, 2 if body is not table else 1):
        if len(r) <= need:
            raise InputError(f"row {no}: expected at least {need + 1} tab-separated columns", source=str(path))
        label = None
        if label_col is not None:
            label = r[label_col].strip().upper()
            if label not in SUBJECTIVITY_LABELS:
                raise InputError(f"row {no}: label {r[label_col]!r} is not SUBJ/OBJ", source=str(path))
        out.append(SubjectivityRow(r[id_col].strip(), r[text_col].strip() if text_col is not None else "", label))
    ids = [r.id for r in out]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InputError(f"sentence_id {dup!r} occurs more than once", source=str(path))
    return out


def write_subjectivity(path: Path, predictions: Iterable[tuple[str, str]]) -> None:
    """Write ``sentence_id<TAB>label`` (header line, then SUBJ/OBJ rows).

    Example: ``write_subjectivity(p, [("b9e1", "SUBJ")])``
    """
    body = "".join(f"{i}\t{y}\n" for i, y in predictions)
    Path(path).write_text("sentence_id\tlabel\n" + body, encoding="utf-8")
