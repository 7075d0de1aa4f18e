"""SemEval-2025 Task 10 (narratives in news): file formats and scorers, re-implemented from the task's definitions.

Subtask 1 (entity framing), one row per mention, tab-separated::

    doc  mention  start  end  main_role  fine_role [fine_role ...]

``end`` is INCLUSIVE (``text[start:end + 1] == mention``) and the offsets count characters of the file as stored:
some files have CRLF line ends and count the ``\\r``; some copies (RU) store LF but their offsets assume CRLF.
:func:`align` finds which reading matches and returns half-open offsets into the LF text unspin analyses.
A mentions file (the task's input) has the first four columns only.

Subtask 2 (narratives), one row per document::

    doc  narrative;narrative  sub-narrative;sub-narrative

Scores (per the task's definitions):

* subtask 1: **EMR** (exact-match ratio) = the share of gold mentions whose predicted set of fine roles equals the
  gold set; **main-role accuracy** = the share whose predicted main role equals the gold one; **micro P/R/F1** over
  fine roles (true positives = fine roles in both sets, summed over mentions). A gold mention without a prediction
  counts as an empty prediction.
* subtask 2: **samples-F1**: per document F1 between the gold and predicted label sets (narratives; sub-narratives),
  averaged over gold documents; a document without a prediction scores 0.

Example: ``score_subtask1(read_subtask1("gold.txt"), read_subtask1("pred.txt"))["emr"]``
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from unspin.errors import InputError

__all__ = ["RoleRow", "NarrativeRow", "read_document", "lf_text", "align", "read_subtask1", "write_subtask1",
           "read_subtask2", "write_subtask2", "score_subtask1", "score_subtask2", "MAIN_ROLES", "FINE_ROLES",
           "fine_roles_of"]

MAIN_ROLES = ("Protagonist", "Antagonist", "Innocent")


def _fine_roles() -> dict[str, tuple[str, ...]]:
    from unspin import labels

    out: dict[str, list[str]] = {m: [] for m in MAIN_ROLES}
    for entry in labels.labels("fine_role"):
        out[labels.name("role", entry.group or "")].append(entry.spellings["semeval2025"])
    return {k: tuple(v) for k, v in out.items()}


FINE_ROLES: dict[str, tuple[str, ...]] = _fine_roles()  # main role -> its fine roles (the task's taxonomy of 22)


def fine_roles_of(main: str) -> tuple[str, ...]:
    """The fine roles a main role allows. Example: ``"Victim" in fine_roles_of("Innocent")``"""
    return FINE_ROLES[main]


@dataclass(frozen=True, slots=True)
class RoleRow:
    """One subtask-1 row; ``start``/``end`` as in the file (end inclusive). ``main``/``fine`` empty for an input."""

    doc: str
    mention: str
    start: int
    end: int
    main: str = ""
    fine: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, int, int]:
        return self.doc, self.start, self.end


@dataclass(frozen=True, slots=True)
class NarrativeRow:
    doc: str
    narratives: tuple[str, ...] = ()
    subnarratives: tuple[str, ...] = field(default_factory=tuple)


def _lines(path: str | Path) -> list[list[str]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None
    return [line.rstrip("\r").split("\t") for line in text.split("\n") if line.strip()]


def read_document(path: str | Path) -> str:
    """A task document exactly as stored (``\\r`` kept, so file offsets index it)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def lf_text(raw: str) -> str:
    """The text unspin analyses: CRLF and lone CR turned into LF."""
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def align(raw: str, row: RoleRow, *, window: int = 40) -> tuple[int, int] | None:
    """Half-open ``(start, end)`` of the row's mention in :func:`lf_text` of ``raw``, or None.

    Tries the offsets on the text as stored, then on the text with LF turned into CRLF (a copy that lost its
    ``\\r``), then looks for the mention within ``window`` characters of the offset (a few gold rows are shifted).
    Example: ``align("a\\r\\nBob", RoleRow("d", "Bob", 3, 5)) == (2, 5)``
    """
    readings = [raw]
    if "\r" not in raw:
        readings.append(raw.replace("\n", "\r\n"))
    for text in readings:
        if text[row.start:row.end + 1] == row.mention:
            shift = text[:row.start].count("\r")
            start = row.start - shift
            return start, start + len(lf_text(row.mention))
    lf = lf_text(raw)
    name = lf_text(row.mention)
    best: tuple[int, int] | None = None
    at = lf.find(name, max(0, row.start - 2 * window))
    while at != -1 and at <= row.start + window:
        if best is None or abs(at - row.start) < abs(best[0] - row.start):
            best = (at, at + len(name))
        at = lf.find(name, at + 1)
    return best


def read_subtask1(path: str | Path) -> list[RoleRow]:
    """Rows of a subtask-1 gold, prediction or mentions file. :class:`InputError` on a malformed row."""
    rows = []
    for i, cols in enumerate(_lines(path), 1):
        if len(cols) < 4:
            raise InputError(f"{path}:{i}: expected doc, mention, start, end[, main role, fine roles], "
                             f"got {len(cols)} column(s)")
        try:
            start, end = int(cols[2]), int(cols[3])
        except ValueError:
            raise InputError(f"{path}:{i}: start and end must be integers, got {cols[2]!r}, {cols[3]!r}") from None
        main = cols[4].strip() if len(cols) > 4 else ""
        if main and main not in MAIN_ROLES:
            raise InputError(f"{path}:{i}: unknown main role {main!r}; valid: {', '.join(MAIN_ROLES)}")
        fine = tuple(c.strip() for c in cols[5:] if c.strip())
        rows.append(RoleRow(cols[0].strip(), cols[1], start, end, main, fine))
    return rows


def write_subtask1(rows: Iterable[RoleRow]) -> str:
    """The task's prediction file.

    Example: ``write_subtask1([RoleRow("d.txt", "Bob", 0, 2, "Innocent", ("Victim",))])``
    """
    return "".join("\t".join([r.doc, r.mention, str(r.start), str(r.end), r.main, *r.fine]) + "\n" for r in rows)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


def read_subtask2(path: str | Path) -> list[NarrativeRow]:
    """Rows of a subtask-2 gold or prediction file."""
    rows = []
    for i, cols in enumerate(_lines(path), 1):
        if len(cols) < 2:
            raise InputError(f"{path}:{i}: expected doc<TAB>narratives<TAB>sub-narratives, got {len(cols)} column(s)")
        rows.append(NarrativeRow(cols[0].strip(), _split(cols[1]), _split(cols[2]) if len(cols) > 2 else ()))
    return rows


def write_subtask2(rows: Iterable[NarrativeRow]) -> str:
    return "".join(f"{r.doc}\t{';'.join(r.narratives)}\t{';'.join(r.subnarratives)}\n" for r in rows)


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def score_subtask1(gold: Sequence[RoleRow], pred: Sequence[RoleRow]) -> dict[str, float]:
    """EMR over fine-role sets, main-role accuracy, and micro precision/recall/F1 over fine roles.

    Example: ``score_subtask1(gold, gold)["emr"] == 1.0``
    """
    if not gold:
        raise InputError("the gold file has no rows")
    by_key = {r.key: r for r in pred}
    exact = main_ok = tp = n_pred = n_gold = missing = 0
    for g in gold:
        p = by_key.get(g.key)
        if p is None:
            missing += 1
        p_fine, g_fine = set(p.fine) if p else set(), set(g.fine)
        exact += p_fine == g_fine
        main_ok += bool(p) and p.main == g.main  # type: ignore[union-attr]
        tp += len(p_fine & g_fine)
        n_pred += len(p_fine)
        n_gold += len(g_fine)
    precision, recall = _ratio(tp, n_pred), _ratio(tp, n_gold)
    return {"emr": exact / len(gold), "main_accuracy": main_ok / len(gold), "fine_precision": precision,
            "fine_recall": recall, "fine_f1": _ratio(2 * precision * recall, precision + recall),
            "mentions": float(len(gold)), "missing": float(missing)}


def _set_f1(g: set[str], p: set[str]) -> float:
    if not g and not p:
        return 1.0
    return 2 * len(g & p) / (len(g) + len(p))


def score_subtask2(gold: Sequence[NarrativeRow], pred: Sequence[NarrativeRow]) -> dict[str, float]:
    """Samples-F1 over narratives and over sub-narratives (mean over gold documents, and their standard deviation).

    Example: ``score_subtask2(gold, gold)["f1_narratives"] == 1.0``
    """
    if not gold:
        raise InputError("the gold file has no rows")
    by_doc = {r.doc: r for r in pred}
    coarse, fine = [], []
    for g in gold:
        p = by_doc.get(g.doc)
        coarse.append(_set_f1(set(g.narratives), set(p.narratives) if p else {"\0missing"}))
        fine.append(_set_f1(set(g.subnarratives), set(p.subnarratives) if p else {"\0missing"}))
    return {"f1_narratives": statistics.fmean(coarse), "f1_narratives_sd": statistics.pstdev(coarse),
            "f1_subnarratives": statistics.fmean(fine), "f1_subnarratives_sd": statistics.pstdev(fine),
            "documents": float(len(gold)), "missing": float(sum(r.doc not in by_doc for r in gold))}
