"""A fact-checker's queue: the check-worthy sentences of analysed Documents, ranked, as CSV rows.

Each row is one sentence (by default only those the ``claims`` layer flags as claims) with what a
fact-checker looks up first, taken from the Document's own layers rather than re-parsed:

* ``entities``: the named entities inside the sentence, ``text (LABEL)``, dates and numbers excepted;
* ``dates``: DATE/TIME entities, with their ISO 8601 id when it differs (``September 2019 (2019-09)``);
* ``numbers``: CARDINAL/MONEY/PERCENT/QUANTITY entities, plus digit runs outside the other entities (so a
  language without a NER pipeline still gets its figures), overlapping ones merged ("61" and "61-39" -> "61-39");
* ``voice``, ``speaker``, ``speaker_id``: whose claim it is (the ``voice`` layer): ``writer`` (the author's own
  words), ``source`` (inside a quote: the quote's speaker and, when it resolves to an entity, its id) or
  ``anonymous`` (an unnamed source: the speaker is the source's words, "officials", and has no id). Empty when the
  Document has no voice layer.

Rows are ranked by check-worthiness, highest first, across all inputs (ties: source, then position).
``sentence_start``/``sentence_end`` are half-open character offsets into ``Document.text``, which for a
.txt or .md file is the decoded file text itself.

Example: ``to_csv(rank(sentence_rows(doc, "a.txt")))``
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from unspin.document import Document, Entity, Sentence

__all__ = ["CLAIMS_LAYERS", "COLUMNS", "QueueRow", "sentence_rows", "rank", "to_csv"]

# The layers the queue reads; nothing else is run (no persuasion, genre, frames).
CLAIMS_LAYERS = ("structure", "language", "entities", "sentence-vectors", "claims", "quotes", "subjectivity", "voice")
COLUMNS = ("rank", "source", "sentence_start", "sentence_end", "checkworthiness", "claim", "sentence", "entities",
           "dates", "numbers", "voice", "speaker", "speaker_id")
_DATE_LABELS = frozenset({"DATE", "TIME"})
_NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
_ISO = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?$")
# "3.5", "1,000", "61-39", "12%": a figure is a digit run with inner separators, kept whole.
_DIGITS = re.compile(r"(?<!\w)\d+(?:[.,:/\-–]\d+)*%?")


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One sentence of the queue; ``start``/``end`` index the source Document's text."""

    source: str
    start: int
    end: int
    checkworthiness: float
    claim: bool
    sentence: str
    entities: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    voice: str = ""
    speaker: str = ""
    speaker_id: str = ""


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _date(e: Entity) -> str:
    return f"{e.text} ({e.id})" if _ISO.match(e.id) and e.id != e.text else e.text


def sentence_rows(doc: Document, source: str, *, include_all: bool = False) -> list[QueueRow]:
    """Rows for one Document's claims (every scored sentence with ``include_all``), in text order.

    Sentences the ``claims`` layer did not score are skipped. Example: ``sentence_rows(doc, "a.txt")``
    """
    entities = sorted(doc.entities, key=lambda e: (e.start, e.end))
    starts = [e.start for e in entities]
    rows = []
    for s in doc.sentences:
        if s.checkworthiness is None or not (include_all or s.claim):
            continue
        inside = [e for e in entities[bisect.bisect_left(starts, s.start):bisect.bisect_left(starts, s.end)]
                  if e.end <= s.end]
        text = doc.span_text(s)
        rows.append(QueueRow(
            source=source, start=s.start, end=s.end, checkworthiness=float(s.checkworthiness), claim=bool(s.claim),
            sentence=text,
            entities=_unique(f"{e.text} ({e.label})" for e in inside
                             if e.label not in _DATE_LABELS and e.label not in _NUMBER_LABELS),
            dates=_unique(_date(e) for e in inside if e.label in _DATE_LABELS),
            numbers=_numbers(text, [(e.start - s.start, e.end - s.start, e.label) for e in inside]),
            **_whose(doc, s),
        ))
    return rows


def _whose(doc: Document, s: Sentence) -> dict[str, str]:
    """voice, speaker and speaker_id of a sentence ("" where unknown)."""
    quote = doc.quotes[s.quote] if s.quote is not None and 0 <= s.quote < len(doc.quotes) else None
    speaker = (quote.speaker or (doc.span_text(quote.source) if quote.source else "")) if quote else ""
    return {"voice": s.voice or "", "speaker": speaker, "speaker_id": s.speaker_id or ""}


def _numbers(text: str, entities: list[tuple[int, int, str]]) -> tuple[str, ...]:
    """Number entities and digit runs outside other entities, overlapping ones merged ("61" + "61-39")."""
    other = [(a, b) for a, b, label in entities if label not in _NUMBER_LABELS]
    spans = sorted([(a, b) for a, b, label in entities if label in _NUMBER_LABELS]
                   + [m.span() for m in _DIGITS.finditer(text)
                      if not any(a < m.end() and m.start() < b for a, b in other)])
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return _unique(text[a:b] for a, b in merged)


def rank(rows: Iterable[QueueRow]) -> list[QueueRow]:
    """Highest check-worthiness first; ties by source, then position. Example: ``rank(rows)[0]``"""
    return sorted(rows, key=lambda r: (-r.checkworthiness, r.source, r.start))


def to_csv(rows: Iterable[QueueRow]) -> str:
    """The queue as CSV text (header row, ``rank`` from 1 in the given order; lists joined by "; ").

    Example: ``Path("claims.csv").write_text(to_csv(rank(rows)), encoding="utf-8")``
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for i, r in enumerate(rows, 1):
        writer.writerow([i, r.source, r.start, r.end, f"{r.checkworthiness:.4f}", "true" if r.claim else "false",
                         r.sentence, "; ".join(r.entities), "; ".join(r.dates), "; ".join(r.numbers), r.voice,
                         r.speaker, r.speaker_id])
    return buf.getvalue()
