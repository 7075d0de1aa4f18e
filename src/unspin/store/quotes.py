"""Quotes and voice in the store: their rows, the "whose voice" statistics and the search for what someone said.

Two tables (migration ``m002_quotes_and_voice``, see ``docs/store-schema.md``):

- ``quotes``: one row per quote (``Document.quotes``): the content's offsets, the source's and the cue's, the
  speaker's name and entity id, whether the source is anonymous, the score;
- ``sentences``: one row per sentence a subjectivity or voice layer looked at: its subjectivity, voice, stance and
  the quote that holds it.

Both copy ``source``/``month``/``language`` from ``documents`` (as ``labels`` does), so that ``stats(by=...)``
groups without a join. Kept apart from the generic ``spans``/``labels`` flattening because a quote has three spans
and a speaker, and a sentence's stance and voice are what the statistics count. The rows are read from the
``unspin/document@1`` dict, so the migration fills them for documents stored before it.
"""

from __future__ import annotations

import json
from typing import Any

from unspin.store.backend import Backend

__all__ = ["create_tables", "backfill", "quote_rows", "sentence_rows", "save_quote_rows", "voice_stats",
           "speaker_clause", "CONTENT_SQL"]

# The rows quote_rows / sentence_rows give, behind doc_pk and before (source, month, language).
_QUOTES_INSERT = ("INSERT INTO quotes (doc_pk, idx, kind, char_start, char_end, source_start, source_end, "
                  "cue_start, cue_end, speaker, speaker_id, anonymous, score, source, month, language) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_SENTENCES_INSERT = ("INSERT INTO sentences (doc_pk, idx, char_start, char_end, subjectivity, subjectivity_label, "
                     "voice, stance, quote, speaker_id, source, month, language) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
# A quote's content in SQL (substr counts from 1; PostgreSQL needs INTEGER arguments, the offsets are BIGINT).
CONTENT_SQL = "substr(d.text, CAST(q.char_start + 1 AS INTEGER), CAST(q.char_end - q.char_start AS INTEGER))"


def create_tables(db: Backend, t: dict[str, str]) -> None:
    """The two tables and their indexes (``t``: the dialect's column types, from ``migrations._types``)."""
    for sql in (
        f"""CREATE TABLE quotes (
            doc_pk {t['int']} NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            idx {t['int']} NOT NULL,          -- position in the Document's quotes (Sentence.quote points here)
            kind TEXT NOT NULL,               -- direct | indirect | mixed
            char_start {t['int']} NOT NULL, char_end {t['int']} NOT NULL,  -- the content (what was said)
            source_start {t['int']}, source_end {t['int']},   -- who: the source's span, when the text names one
            cue_start {t['int']}, cue_end {t['int']},         -- the cue: "said", "according to", a colon
            speaker TEXT,                     -- the name the quote is credited to
            speaker_id TEXT,                  -- its canonical entity id, when it resolves to one
            anonymous {t['int']} NOT NULL,    -- 1 for an unnamed source ("officials", "a source close to")
            score {t['real']},
            source TEXT, month TEXT, language TEXT,   -- copied from documents: stats group without a join
            PRIMARY KEY (doc_pk, idx))""",
        "CREATE INDEX quotes_speaker_id ON quotes(speaker_id)",
        "CREATE INDEX quotes_speaker ON quotes(lower(speaker))",
        "CREATE INDEX quotes_source ON quotes(source, anonymous)",
        f"""CREATE TABLE sentences (
            doc_pk {t['int']} NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            idx {t['int']} NOT NULL,          -- the sentence's position (spans layer 'sentence' has the same idx)
            char_start {t['int']} NOT NULL, char_end {t['int']} NOT NULL,
            subjectivity {t['real']}, subjectivity_label TEXT,    -- subjective | objective
            voice TEXT,                       -- writer | source | anonymous
            stance TEXT,                      -- comment | reported | fact
            quote {t['int']},                 -- quotes.idx of the quote whose content holds the sentence
            speaker_id TEXT,
            source TEXT, month TEXT, language TEXT,
            PRIMARY KEY (doc_pk, idx))""",
        "CREATE INDEX sentences_source ON sentences(source, stance, voice)",
    ):
        db.execute(sql)


def backfill(db: Backend) -> None:
    """Fill both tables from the stored JSON of the documents whose layers name quotes, voice or subjectivity."""
    rows = db.execute("SELECT pk, document, source, month, language FROM documents WHERE layers LIKE '%quotes%' "
                      "OR layers LIKE '%voice%' OR layers LIKE '%subjectivity%' ORDER BY pk")
    for pk, document, source, month, language in rows:
        save_quote_rows(db, pk, json.loads(document), (source, month, language))


def _part(span: Any) -> tuple[int | None, int | None]:
    return (span["start"], span["end"]) if isinstance(span, dict) else (None, None)


def _score(item: dict[str, Any]) -> float | None:
    score = item.get("score")
    return float(score) if isinstance(score, int | float) and not isinstance(score, bool) else None


def quote_rows(d: dict[str, Any]) -> list[tuple[Any, ...]]:
    """One row per quote: (idx, kind, start, end, source_start, source_end, cue_start, cue_end, speaker, speaker_id,
    anonymous, score), the content's offsets as ``start``/``end``."""
    out = []
    for i, q in enumerate(d.get("quotes") or []):
        content = q.get("content") or {}
        out.append((i, q.get("kind") or "direct", content["start"], content["end"], *_part(q.get("source")),
                    *_part(q.get("cue")), q.get("speaker"), q.get("speaker_id"), int(bool(q.get("anonymous"))),
                    _score(q)))
    return out


def sentence_rows(d: dict[str, Any]) -> list[tuple[Any, ...]]:
    """One row per sentence that has a subjectivity or a voice: (idx, start, end, subjectivity, subjectivity_label,
    voice, stance, quote, speaker_id). Sentences no such layer looked at are left out (they stay in ``spans``)."""
    out = []
    for i, s in enumerate(d.get("sentences") or []):
        if s.get("subjectivity") is None and s.get("voice") is None:
            continue
        subjectivity = s.get("subjectivity")
        out.append((i, s["start"], s["end"], float(subjectivity) if subjectivity is not None else None,
                    s.get("subjectivity_label"), s.get("voice"), s.get("stance"), s.get("quote"),
                    s.get("speaker_id")))
    return out


def save_quote_rows(db: Backend, pk: int, d: dict[str, Any], group: tuple[Any, ...]) -> None:
    """Insert a stored document's quotes and sentences; ``group`` is its (source, month, language)."""
    quotes = quote_rows(d)
    if quotes:
        db.executemany(_QUOTES_INSERT, [(pk, *q, *group) for q in quotes])
    sentences = sentence_rows(d)
    if sentences:
        db.executemany(_SENTENCES_INSERT, [(pk, *s, *group) for s in sentences])


def voice_stats(db: Backend, group: str, where: str, params: list[Any], top: int) -> dict[Any, dict[str, Any]]:
    """Per group (``group``: the SQL of the grouping column on ``documents d``, ``where``: the filters' conditions
    on ``d``): sentences by stance (``stances``, with ``anonymous`` the part of reported from unnamed sources),
    ``quotes``, ``anonymous_quotes`` and the most-quoted speakers (``top_speakers``): GroupStats' fields."""
    out: dict[Any, dict[str, Any]] = {}

    def scoped(alias: str) -> tuple[str, str, str]:
        # As for labels: without filters the rows carry their document's group columns, so no join is needed.
        if where:
            return group, f"JOIN documents d ON d.pk = {alias}.doc_pk", where.replace("WHERE", "AND", 1)
        return group.replace("d.", f"{alias}."), "", ""

    g_col, join, cond = scoped("v")
    for g, stance, voice, n in db.execute(
            f"SELECT {g_col} AS g, v.stance, v.voice, count(*) FROM sentences v {join} "
            f"WHERE v.stance IS NOT NULL {cond} GROUP BY g, v.stance, v.voice", params):
        stances = out.setdefault(g, {}).setdefault("stances", {})
        stances[stance] = stances.get(stance, 0) + int(n)
        if voice == "anonymous":
            stances["anonymous"] = stances.get("anonymous", 0) + int(n)
    g_col, join, cond = scoped("q")
    for g, n, anonymous in db.execute(
            f"SELECT {g_col} AS g, count(*), coalesce(sum(q.anonymous), 0) FROM quotes q {join} "
            f"WHERE 1 = 1 {cond} GROUP BY g", params):
        entry = out.setdefault(g, {})
        entry["quotes"], entry["anonymous_quotes"] = int(n), int(anonymous)
    # A speaker is its entity id when it has one, else its name as written; anonymous sources are not speakers.
    for g, speaker, name, n in db.execute(
            f"SELECT g, speaker, name, n FROM (SELECT g, speaker, name, n, row_number() OVER (PARTITION BY g "
            "ORDER BY n DESC, speaker) AS r FROM (SELECT "
            f"{g_col} AS g, coalesce(q.speaker_id, q.speaker) AS speaker, min(q.speaker) AS name, count(*) AS n "
            f"FROM quotes q {join} WHERE q.anonymous = 0 AND coalesce(q.speaker_id, q.speaker) IS NOT NULL "
            f"{cond} GROUP BY g, coalesce(q.speaker_id, q.speaker)) AS per_group) AS ranked WHERE r <= ? "
            "ORDER BY g, n DESC, speaker", [*params, int(top)]):
        out.setdefault(g, {}).setdefault("top_speakers", []).append((str(speaker), str(name or speaker), int(n)))
    return out


def _like(text: str) -> str:
    return "%" + text.lower().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"


def speaker_clause(speaker: str | None, query: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``quotes q`` (joined to ``documents d``) for a speaker (an entity id, a name whole or in
    part, case-insensitive, or ``anonymous``) and for words the content must hold, with their parameters."""
    clauses: list[str] = []
    args: list[Any] = []
    if speaker is not None:
        speaker = speaker.strip()
        if speaker.lower() == "anonymous":
            clauses.append("q.anonymous = 1")
        else:
            clauses.append("(q.speaker_id = ? OR lower(q.speaker) = lower(?) OR lower(q.speaker) LIKE ? ESCAPE '!')")
            args += [speaker, speaker, _like(speaker)]
    for word in (query or "").split():
        clauses.append(f"lower({CONTENT_SQL}) LIKE ? ESCAPE '!'")
        args.append(_like(word))
    return clauses, args
