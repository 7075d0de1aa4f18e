"""Export a store as flat tables — one row per document, span, claim, entity, label, quote, sentence voice,
failure, entity role (per document: ``roles``; per mention: ``mention_roles``) and narrative.

Parquet (pyarrow), CSV or JSON Lines, ready for ``pandas.read_parquet`` or DuckDB
(``SELECT * FROM 'export/spans.parquet'``). Each table is streamed from the database in chunks and
written to a temporary file that replaces the target only when complete. Columns are typed
explicitly so a chunk of all-null values never changes a Parquet column's type.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from unspin.errors import InputError
from unspin.store import Store

__all__ = ["TABLES", "export_tables", "table_rows"]

# table -> (SQL over the store, [(column, type)]); type is "str", "int" or "float".
# SQL substr counts characters from 1; PostgreSQL has substr(text, integer, integer) only, and the offsets are
# BIGINT there, hence the casts (a no-op in SQLite).
SPAN_TEXT_SQL = "substr(d.text, CAST(s.char_start + 1 AS INTEGER), CAST(s.char_end - s.char_start AS INTEGER))"
TABLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "documents": (
        "SELECT d.id, d.external_id, d.url, d.path, d.source, d.published, d.month, d.language, d.title, d.genre, "
        "d.media_type, d.fetched_at, d.n_chars, d.n_words, d.n_sentences, d.n_claims, d.layers, d.run_id, "
        "d.stored_at, d.text FROM documents d ORDER BY d.pk",
        [("id", "str"), ("external_id", "str"), ("url", "str"), ("path", "str"), ("source", "str"),
         ("published", "str"), ("month", "str"), ("language", "str"), ("title", "str"), ("genre", "str"),
         ("media_type", "str"), ("fetched_at", "str"), ("n_chars", "int"), ("n_words", "int"),
         ("n_sentences", "int"), ("n_claims", "int"), ("layers", "str"), ("run_id", "str"), ("stored_at", "str"),
         ("text", "str")]),
    "spans": (
        f"SELECT d.id, s.layer, s.idx, s.char_start, s.char_end, s.label, s.score, s.value, {SPAN_TEXT_SQL} "
        "FROM spans s JOIN documents d ON d.pk = s.doc_pk ORDER BY s.doc_pk, s.layer, s.idx",
        [("doc_id", "str"), ("layer", "str"), ("idx", "int"), ("start", "int"), ("end", "int"), ("label", "str"),
         ("score", "float"), ("value", "str"), ("text", "str")]),
    "claims": (
        f"SELECT d.id, s.idx, s.char_start, s.char_end, s.score, {SPAN_TEXT_SQL} FROM spans s "
        "JOIN documents d ON d.pk = s.doc_pk WHERE s.layer = 'sentence' AND s.label = 'claim' "
        "ORDER BY s.doc_pk, s.idx",
        [("doc_id", "str"), ("sentence", "int"), ("start", "int"), ("end", "int"), ("checkworthiness", "float"),
         ("text", "str")]),
    "entities": (
        "SELECT d.id, s.idx, s.char_start, s.char_end, s.text, s.label, s.value FROM spans s "
        "JOIN documents d ON d.pk = s.doc_pk WHERE s.layer = 'entity' ORDER BY s.doc_pk, s.idx",
        [("doc_id", "str"), ("idx", "int"), ("start", "int"), ("end", "int"), ("text", "str"), ("label", "str"),
         ("entity_id", "str")]),
    "labels": (
        "SELECT d.id, l.layer, l.label, l.n, l.score FROM labels l JOIN documents d ON d.pk = l.doc_pk "
        "ORDER BY l.doc_pk, l.layer, l.label",
        [("doc_id", "str"), ("layer", "str"), ("label", "str"), ("n", "int"), ("score", "float")]),
    # Quotes and voice (migration m002_quotes_and_voice): who said what, and each sentence's stance.
    "quotes": (
        "SELECT d.id, q.idx, q.kind, q.char_start, q.char_end, "
        "substr(d.text, CAST(q.char_start + 1 AS INTEGER), CAST(q.char_end - q.char_start AS INTEGER)), "
        "q.speaker, q.speaker_id, q.anonymous, q.score, q.source_start, q.source_end, "
        "substr(d.text, CAST(q.source_start + 1 AS INTEGER), CAST(q.source_end - q.source_start AS INTEGER)), "
        "q.cue_start, q.cue_end, "
        "substr(d.text, CAST(q.cue_start + 1 AS INTEGER), CAST(q.cue_end - q.cue_start AS INTEGER)) "
        "FROM quotes q JOIN documents d ON d.pk = q.doc_pk ORDER BY q.doc_pk, q.idx",
        [("doc_id", "str"), ("idx", "int"), ("kind", "str"), ("start", "int"), ("end", "int"), ("text", "str"),
         ("speaker", "str"), ("speaker_id", "str"), ("anonymous", "int"), ("score", "float"),
         ("source_start", "int"), ("source_end", "int"), ("source_text", "str"), ("cue_start", "int"),
         ("cue_end", "int"), ("cue_text", "str")]),
    "sentences": (
        "SELECT d.id, v.idx, v.char_start, v.char_end, v.subjectivity, v.subjectivity_label, v.voice, v.stance, "
        "v.quote, v.speaker_id, "
        "substr(d.text, CAST(v.char_start + 1 AS INTEGER), CAST(v.char_end - v.char_start AS INTEGER)) "
        "FROM sentences v JOIN documents d ON d.pk = v.doc_pk ORDER BY v.doc_pk, v.idx",
        [("doc_id", "str"), ("idx", "int"), ("start", "int"), ("end", "int"), ("subjectivity", "float"),
         ("subjectivity_label", "str"), ("voice", "str"), ("stance", "str"), ("quote", "int"),
         ("speaker_id", "str"), ("text", "str")]),
    # Entity roles and narratives (migration m003): fine roles are JSON lists, as stored.
    "roles": (
        "SELECT d.id, r.entity_id, r.main, r.score, r.fine, r.mentions FROM entity_roles r "
        "JOIN documents d ON d.pk = r.doc_pk ORDER BY r.doc_pk, r.entity_id",
        [("doc_id", "str"), ("entity_id", "str"), ("main", "str"), ("score", "float"), ("fine", "str"),
         ("mentions", "int")]),
    "mention_roles": (
        "SELECT d.id, r.idx, r.char_start, r.char_end, r.entity_id, "
        "substr(d.text, CAST(r.char_start + 1 AS INTEGER), CAST(r.char_end - r.char_start AS INTEGER)), r.main, "
        "r.score, r.fine, r.sentence_start, r.sentence_end FROM mention_roles r JOIN documents d ON d.pk = r.doc_pk "
        "ORDER BY r.doc_pk, r.idx",
        [("doc_id", "str"), ("idx", "int"), ("start", "int"), ("end", "int"), ("entity_id", "str"), ("text", "str"),
         ("main", "str"), ("score", "float"), ("fine", "str"), ("sentence_start", "int"), ("sentence_end", "int")]),
    "narratives": (
        "SELECT d.id, n.taxonomy, n.label, n.parent, n.score FROM narratives n JOIN documents d ON d.pk = n.doc_pk "
        "ORDER BY n.doc_pk, n.taxonomy, n.label",
        [("doc_id", "str"), ("taxonomy", "str"), ("label", "str"), ("parent", "str"), ("score", "float")]),
    "failures": (
        "SELECT key, input, stage, component, error, message, run_id, failed_at FROM failures ORDER BY failed_at, key",
        [("key", "str"), ("input", "str"), ("stage", "str"), ("component", "str"), ("error", "str"),
         ("message", "str"), ("run_id", "str"), ("failed_at", "str")]),
}
_SUFFIX = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl"}


def table_rows(store: Store, table: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    sql, columns = TABLES[table]
    return [c for c, _ in columns], store.iterate(sql)


def export_tables(store: Store, folder: Path, fmt: str, tables: list[str] | None = None) -> list[tuple[Path, int]]:
    """Write each table to ``folder/<table>.<fmt>``; return the paths and their row counts."""
    if fmt not in _SUFFIX:
        raise InputError(f"unknown export format {fmt!r}; use parquet, csv or jsonl")
    tables = tables or list(TABLES)
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        raise InputError(f"unknown table(s) {', '.join(unknown)}; choose from {', '.join(TABLES)}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        target = folder / f"{table}{_SUFFIX[fmt]}"
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            n = _WRITERS[fmt](store, table, tmp)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        written.append((target, n))
    return written


def _csv(store: Store, table: str, path: Path) -> int:
    names, rows = table_rows(store, table)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(names)
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def _jsonl(store: Store, table: str, path: Path) -> int:
    names, rows = table_rows(store, table)
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) + "\n")
            n += 1
    return n


def _parquet(store: Store, table: str, path: Path, chunk: int = 20_000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise InputError("Parquet export needs pyarrow: pip install pyarrow (or use --format csv)") from exc
    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
    schema = pa.schema([(name, types[kind]) for name, kind in TABLES[table][1]])
    names, rows = table_rows(store, table)
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        buffer: list[tuple[Any, ...]] = []
        for row in rows:
            buffer.append(row)
            if len(buffer) >= chunk:
                writer.write_table(_arrow(pa, schema, names, buffer))
                n += len(buffer)
                buffer = []
        if buffer or n == 0:
            writer.write_table(_arrow(pa, schema, names, buffer))
            n += len(buffer)
    return n


def _arrow(pa: Any, schema: Any, names: list[str], rows: list[tuple[Any, ...]]) -> Any:
    columns: list[Any] = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pa.Table.from_arrays([pa.array(list(col), type=schema.field(i).type) for i, col in enumerate(columns)],
                                schema=schema)


_WRITERS = {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}
