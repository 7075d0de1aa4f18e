"""The corpus store: analysed Documents in SQLite (default) or PostgreSQL, behind one small class.

    store = Store.open("corpus.db")            # or ":memory:", or "postgresql://user@host/db"
    store.save([doc1, doc2])                   # one transaction per call
    store.get(doc_id)                          # the exact Document back (from its stored JSON)
    store.documents(Filters(source="ledger"), limit=20)
    store.search("pipeline", Filters(technique="Loaded_Language"))
    store.stats(by="month")

Rows hold offsets and labels (``spans``, ``labels``) next to the document's own JSON, so any SQLite
tool, Datasette, DuckDB or pandas reads the store without unspin. The web app (``GET /documents``,
``/documents/{id}``, ``/stats``, ``/search``) is a thin layer over exactly these methods.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from unspin.canonical import people_of
from unspin.document import Document
from unspin.errors import StoreError
from unspin.ingest.records import normalise_date
from unspin.store import migrations
from unspin.store.backend import Backend, connect
from unspin.store.models import (
    DocumentSummary,
    EntityFraming,
    Entry,
    Failure,
    Filters,
    GroupStats,
    QuoteHit,
    SaveResult,
    SearchHit,
    Stats,
)
from unspin.store.quotes import CONTENT_SQL, save_quote_rows, speaker_clause, voice_stats
from unspin.store.roles import check_role, entity_framing, framed_entities, role_clause, save_role_rows
from unspin.store.rows import flatten

__all__ = ["Store", "NotFound", "GROUPINGS"]

GROUPINGS = {"source": "d.source", "month": "d.month", "language": "d.language"}
_SUMMARY_COLS = ("d.id, d.title, d.source, d.url, d.path, d.published, d.language, d.genre, d.n_words, "
                 "d.n_sentences, d.n_claims, d.external_id, d.stored_at, "
                 # Persuasion marks (the labels table counts each technique's spans) and the text's opening, from
                 # which an untitled document's list entry takes its first line: computed, so no migration.
                 "(SELECT coalesce(sum(l.n), 0) FROM labels l WHERE l.doc_pk = d.pk AND l.layer = 'technique'), "
                 "substr(d.text, 1, 400)")
_N_SUMMARY = 15
# Label layers reported as rates by stats(); entity and entity_type are reported as top lists instead.
_NOT_RATES = {"entity", "entity_type", "claim"}


class NotFound(StoreError):
    """No stored document has this id."""

    http_status = 404


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Store:
    """A corpus of analysed Documents. Open with :meth:`open`; close (or use ``with``) when done."""

    def __init__(self, db: Backend) -> None:
        self.db = db
        migrations.migrate(db)

    # -- opening and closing -------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str | Path = ":memory:", **options: Any) -> Store:
        """Open (creating and migrating if needed) ``corpus.db``, ``sqlite:///path``, ``:memory:`` or ``postgresql://``.

        ``create=False`` (the reading commands) raises :class:`StoreError` for a SQLite file that does not exist.

        Example: ``with Store.open("corpus.db") as store: print(store.count())``
        """
        return cls(connect(url, **options))

    @property
    def url(self) -> str:
        return self.db.url

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> list[str]:
        """The names of the migrations applied to this store, in order."""
        return migrations.applied(self.db)

    def integrity_check(self) -> str:
        """``"ok"`` when the database file is sound (SQLite ``PRAGMA integrity_check``; PostgreSQL: a query)."""
        if self.dialect == "sqlite":
            return ", ".join(str(r[0]) for r in self.db.execute("PRAGMA integrity_check"))
        self.db.execute("SELECT count(*) FROM documents")
        return "ok"

    # -- writing --------------------------------------------------------------------------------------
    def save(self, items: Iterable[Document | Entry | Failure], *, run_id: str | None = None,
             replace: bool = False) -> SaveResult:
        """Store Documents and Failures in ONE transaction: all of them are committed, or none.

        A document whose key is already stored is left as it is (``replace=True`` overwrites it), so
        saving the same batch twice is harmless. A stored document clears an earlier failure of its key.
        """
        entries, failures = [], []
        for item in items:
            if isinstance(item, Failure):
                failures.append(item)
            else:
                entries.append(item if isinstance(item, Entry) else Entry(item))
        stored = 0
        now = _now()
        with self.db.transaction():
            for entry in entries:
                stored += self._save_one(entry, run_id, now, replace)
            for f in failures:
                self._upsert_failure(f, run_id, now)
        return SaveResult(stored=stored, failed=len(failures))

    def _save_one(self, entry: Entry, run_id: str | None, now: str, replace: bool) -> int:
        d = entry.document.to_dict() if isinstance(entry.document, Document) else entry.document
        key = entry.key or d["source"]["sha256"]
        existing = self.db.execute("SELECT pk FROM documents WHERE id = ?", (key,))
        if existing:
            if not replace:
                return 0
            self.db.execute("DELETE FROM documents WHERE pk = ?", (existing[0][0],))
        rows = flatten(d)
        src = d.get("source", {})
        attribution = d.get("attribution") or {}
        published = normalise_date(entry.published) or normalise_date(attribution.get("published"))
        source = entry.source or _publisher(src.get("url"), attribution)
        title = (d.get("title") or {}).get("text")
        doc_json = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
        pk_rows = self.db.execute(
            "INSERT INTO documents (id, external_id, url, path, source, published, month, language, title, genre, "
            "media_type, fetched_at, n_chars, n_words, n_sentences, n_claims, layers, text, document, run_id, "
            "stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING pk",
            (key, entry.external_id, src.get("url"), src.get("path"), source, published,
             published[:7] if published else None, d.get("language"), title, rows.genre, src.get("media_type"),
             src.get("fetched_at"), len(d["text"]), rows.n_words, rows.n_sentences, rows.n_claims,
             json.dumps(d.get("layers", [])), d["text"], doc_json, run_id, now))
        pk = pk_rows[0][0]
        if rows.spans:
            self.db.executemany(
                "INSERT INTO spans (doc_pk, layer, idx, char_start, char_end, label, score, value, text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(pk, *s) for s in rows.spans])
        if rows.labels:
            self.db.executemany(
                "INSERT INTO labels (doc_pk, layer, label, n, score, value, source, month, language) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(pk, layer, label, n, score, value, source, published[:7] if published else None, d.get("language"))
                 for (layer, label), (n, score, value) in rows.labels.items()])
        save_quote_rows(self.db, pk, d, (source, published[:7] if published else None, d.get("language")))
        save_role_rows(self.db, pk, d)
        self.db.execute("DELETE FROM failures WHERE key = ?", (key,))
        return 1

    def _upsert_failure(self, f: Failure, run_id: str | None, now: str) -> None:
        self.db.execute(
            "INSERT INTO failures (key, input, stage, component, error, message, run_id, failed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET input = excluded.input, "
            "stage = excluded.stage, component = excluded.component, error = excluded.error, "
            "message = excluded.message, run_id = excluded.run_id, failed_at = excluded.failed_at",
            (f.key, f.input, f.stage, f.component, f.error, f.message, run_id, now))

    def delete(self, doc_id: str) -> bool:
        with self.db.transaction():
            return bool(self.db.execute("DELETE FROM documents WHERE id = ? RETURNING pk", (doc_id,)))

    # -- runs (the batch runner's log) ------------------------------------------------------------------
    def start_run(self, run_id: str, *, engine: str, layers: list[str], inputs: list[str]) -> None:
        with self.db.transaction():
            self.db.execute("INSERT INTO runs (run_id, started_at, engine, layers, inputs) VALUES (?, ?, ?, ?, ?) "
                            "ON CONFLICT (run_id) DO NOTHING",
                            (run_id, _now(), engine, json.dumps(layers), json.dumps(inputs)))

    def finish_run(self, run_id: str, *, stored: int, failed: int, skipped: int) -> None:
        with self.db.transaction():
            self.db.execute("UPDATE runs SET finished_at = ?, stored = ?, failed = ?, skipped = ? WHERE run_id = ?",
                            (_now(), stored, failed, skipped, run_id))

    # -- reading ----------------------------------------------------------------------------------------
    def known(self, keys: Iterable[str], *, include_failures: bool = True) -> set[str]:
        """The keys among ``keys`` already stored (or, with ``include_failures``, already failed)."""
        keys = list(dict.fromkeys(keys))
        found: set[str] = set()
        for i in range(0, len(keys), 500):  # SQLite caps bound parameters; 500 is far below every limit
            chunk = keys[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk))
            if include_failures:
                found.update(r[0] for r in self.db.execute(f"SELECT key FROM failures WHERE key IN ({marks})", chunk))
        return found

    def get_dict(self, doc_id: str) -> dict[str, Any]:
        """The stored ``unspin/document@1`` dict, exactly as saved."""
        rows = self.db.execute("SELECT document FROM documents WHERE id = ?", (doc_id,))
        if not rows:
            raise NotFound(f"no document {doc_id!r} in {self.url}; list ids with `unspin export` or Store.documents()")
        return dict(json.loads(rows[0][0]))

    def get(self, doc_id: str) -> Document:
        """The stored Document (raises :class:`NotFound`)."""
        return Document.from_dict(self.get_dict(doc_id))

    def count(self, filters: Filters | None = None) -> int:
        where, params = _where(filters)
        return int(self.db.execute(f"SELECT count(*) FROM documents d {where}", params)[0][0])

    def documents(self, filters: Filters | None = None, *, limit: int = 50, offset: int = 0) -> list[DocumentSummary]:
        """Stored documents, newest published first (then by id), ``limit`` at a time from ``offset``."""
        where, params = _where(filters)
        rows = self.db.execute(
            f"SELECT {_SUMMARY_COLS} FROM documents d {where} "
            "ORDER BY d.published DESC NULLS LAST, d.id LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])
        return [_summary(r) for r in rows]

    def failures(self, *, limit: int = 100, offset: int = 0) -> list[Failure]:
        rows = self.db.execute("SELECT key, input, stage, error, message, component FROM failures "
                               "ORDER BY failed_at, key LIMIT ? OFFSET ?", (int(limit), int(offset)))
        return [Failure(*r) for r in rows]

    def failure_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM failures")[0][0])

    def search(self, query: str, filters: Filters | None = None, *, limit: int = 20,
               offset: int = 0) -> list[SearchHit]:
        """Full-text search over titles and text, best match first, with optional filters.

        SQLite takes FTS5 syntax (``"exact phrase"``, ``OR``, ``NOT``, ``pipe*``); PostgreSQL takes
        web-search syntax. Text that is not valid syntax is searched as plain words.
        Example: ``store.search("oil pipeline", Filters(source="ledger", date_from="2024"))``
        """
        if not query.strip():
            raise StoreError("the search query is empty; give some words to look for")
        where, params = _where(filters, prefix="AND")
        if self.dialect == "postgresql":
            sql = (f"SELECT {_SUMMARY_COLS}, ts_headline('simple', d.text, q, 'MaxFragments=1, MaxWords=20, "
                   "MinWords=8, StartSel=[, StopSel=]'), -ts_rank(to_tsvector('simple', coalesce(d.title, '') || ' ' "
                   "|| d.text), q) AS rank FROM documents d, websearch_to_tsquery('simple', ?) q "
                   "WHERE to_tsvector('simple', coalesce(d.title, '') || ' ' || d.text) @@ q "
                   f"{where} ORDER BY rank, d.id LIMIT ? OFFSET ?")
            rows = self.db.execute(sql, [query, *params, int(limit), int(offset)])
        else:
            sql = (f"SELECT {_SUMMARY_COLS}, snippet(documents_fts, 1, '[', ']', '…', 16), bm25(documents_fts) AS rank "
                   "FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid "
                   f"WHERE documents_fts MATCH ? {where} ORDER BY rank, d.id LIMIT ? OFFSET ?")
            try:
                rows = self.db.execute(sql, [query, *params, int(limit), int(offset)])
            except StoreError as exc:
                # Only a query FTS5 cannot parse is retried; a locked or full database is a real error.
                if not isinstance(exc.__cause__, sqlite3.OperationalError) or "locked" in str(exc) \
                        or "disk" in str(exc):
                    raise
                # Not FTS5 syntax ("U.S.", a stray quote): search each word as a plain term instead.
                plain = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
                rows = self.db.execute(sql, [plain, *params, int(limit), int(offset)])
        return [SearchHit(_summary(r[:_N_SUMMARY]), str(r[_N_SUMMARY] or ""), float(r[_N_SUMMARY + 1])) for r in rows]

    def stats(self, by: str | None = None, filters: Filters | None = None, *, top: int = 10) -> Stats:
        """Technique, frame, genre and claim rates and the top entities, overall or per source/month/language.

        Example: ``store.stats(by="month").groups[0].rates["technique"]``
        """
        if by is not None and by not in GROUPINGS:
            raise StoreError(f"cannot group by {by!r}; use one of {', '.join(GROUPINGS)}")
        group = GROUPINGS[by] if by else "NULL"
        where, params = _where(filters)
        totals = self.db.execute(
            f"SELECT {group} AS g, count(*), coalesce(sum(d.n_words), 0), coalesce(sum(d.n_sentences), 0), "
            f"coalesce(sum(d.n_claims), 0) FROM documents d {where} GROUP BY g ORDER BY g", params)
        # Without filters, labels carry their document's group columns: no join over the wide documents rows.
        label_group = group.replace("d.", "l.") if not where else group
        join = "JOIN documents d ON d.pk = l.doc_pk" if where else ""
        label_where = where.replace("WHERE", "AND", 1) if where else ""
        rates = self.db.execute(
            f"SELECT {label_group} AS g, l.layer, l.label, count(*) FROM labels l {join} "
            f"WHERE l.layer NOT IN ('entity', 'entity_type', 'claim') {label_where} GROUP BY g, l.layer, l.label",
            params)
        entities = self.db.execute(
            f"SELECT g, label, value, n FROM (SELECT g, label, value, n, row_number() OVER (PARTITION BY g ORDER BY "
            f"n DESC, label) AS r FROM (SELECT {label_group} AS g, l.label, min(l.value) AS value, count(*) AS n "
            f"FROM labels l {join} WHERE l.layer = 'entity' {label_where} GROUP BY g, l.label) AS per_group) AS ranked "
            "WHERE r <= ? ORDER BY g, n DESC, label", [*params, int(top)])
        by_group: dict[Any, dict[str, dict[str, float]]] = {}
        sizes = {r[0]: r[1] for r in totals}
        for g, layer, label, n in rates:
            if layer in _NOT_RATES:
                continue
            by_group.setdefault(g, {}).setdefault(layer, {})[label] = round(n / sizes[g], 6) if sizes.get(g) else 0.0
        top_entities: dict[Any, list[tuple[str, str, int]]] = {}
        for g, label, value, n in entities:
            top_entities.setdefault(g, []).append((label, value or label, int(n)))
        voice = voice_stats(self.db, group, where, params, top)
        groups = [GroupStats(group=None if g is None else str(g), documents=int(n), words=int(w), sentences=int(s),
                             claims=int(c), rates={k: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0])))
                                                   for k, v in sorted(by_group.get(g, {}).items())},
                             top_entities=top_entities.get(g, []), **voice.get(g, {}))
                  for g, n, w, s, c in totals]
        return Stats(by=by, groups=groups, failures=self.failure_count())

    # -- quotes and voice (issue 16) -------------------------------------------------------------------------
    def quotes(self, speaker: str | None = None, filters: Filters | None = None, *, query: str | None = None,
               limit: int = 50, offset: int = 0) -> list[QuoteHit]:
        """What someone was quoted saying: quotes by ``speaker`` (an entity id, or a name, whole or in part;
        ``"anonymous"`` for unnamed sources), newest published first, with the quote's content.

        ``query`` keeps quotes whose content holds every one of its words (case-insensitive).
        Example: ``store.quotes("person:amina-qureshi")``
        """
        if speaker is not None and not speaker.strip():
            raise StoreError("the speaker is empty; give an entity id or a name")
        clauses, args = speaker_clause(speaker, query)
        where, params = _where(filters, prefix="AND")
        sql = (f"SELECT {_SUMMARY_COLS}, q.idx, q.kind, q.speaker, q.speaker_id, q.anonymous, q.score, {CONTENT_SQL}, "
               "q.char_start, q.char_end FROM quotes q JOIN documents d ON d.pk = q.doc_pk "
               f"WHERE {' AND '.join(clauses) or '1 = 1'} {where} "
               "ORDER BY d.published DESC NULLS LAST, d.id, q.idx LIMIT ? OFFSET ?")
        rows = self.db.execute(sql, [*args, *params, int(limit), int(offset)])
        n = _N_SUMMARY
        return [QuoteHit(document=_summary(r[:n]), index=int(r[n]), kind=str(r[n + 1]), speaker=r[n + 2],
                         speaker_id=r[n + 3], anonymous=bool(r[n + 4]), score=r[n + 5], content=str(r[n + 6]),
                         start=int(r[n + 7]), end=int(r[n + 8])) for r in rows]


    # -- entity roles (issue 17) ----------------------------------------------------------------------------
    def framing(self, entity: str, by: str | None = None, filters: Filters | None = None, *,
                top: int = 5) -> EntityFraming:
        """How the stored documents cast ``entity`` (a canonical id or a mention's text): per main role, the share
        of its mentions, overall or per source/month/language, with its top fine roles.

        Example: ``store.framing("RU", by="source").groups[0].shares["antagonist"]``
        """
        if by is not None and by not in GROUPINGS:
            raise StoreError(f"cannot group by {by!r}; use one of {', '.join(GROUPINGS)}")
        where, params = _where(filters, prefix="AND")
        return entity_framing(self.db, entity, by=by, group_sql=GROUPINGS[by] if by else "NULL", where=where,
                              params=params, top=top)

    def framed_entities(self, limit: int = 30) -> list[tuple[str, str, int]]:
        """(id, name, mentions with a role) of the entities the stored documents cast most often, most first."""
        return framed_entities(self.db, limit)

    def check_role(self, role: str) -> str:
        """A role filter's stored spelling (``antagonist``, ``Foreign Adversary``); InputError when unknown."""
        return check_role(self.db, role)

    # -- bulk reads for export and clustering ------------------------------------------------------------
    def query(self, sql: str, params: Iterable[Any] = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run a read-only SQL query (``?`` placeholders) and return column names and rows."""
        return self.db.columns(sql, list(params))

    def iterate(self, sql: str, params: Iterable[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Stream the rows of a read-only SQL query (``?`` placeholders): exports of millions of rows."""
        return self.db.iterate(sql, list(params))


def _summary(row: tuple[Any, ...] | list[Any]) -> DocumentSummary:
    from unspin.report.html import first_line

    names = [f.name for f in fields(DocumentSummary)][: _N_SUMMARY - 2]
    n_persuasion, opening = row[_N_SUMMARY - 2], row[_N_SUMMARY - 1]
    return DocumentSummary(**dict(zip(names, row, strict=False)), n_persuasion=int(n_persuasion or 0),
                           first_line=first_line(opening or "") or None)


def _publisher(url: str | None, attribution: dict[str, Any]) -> str | None:
    """Who published it when the input did not say: the URL's host, else the first attributed organisation."""
    if url:
        host = urlparse(url).hostname
        if host:
            return host.removeprefix("www.")
    orgs = attribution.get("organizations") or []
    return str(orgs[0]) if orgs else None


def _where(filters: Filters | None, prefix: str = "WHERE") -> tuple[str, list[Any]]:
    """SQL conditions on the documents alias ``d`` for ``filters``, and their parameters."""
    if filters is None:
        return "", []
    clauses: list[str] = []
    params: list[Any] = []
    for field, column in (("source", "d.source"), ("language", "d.language"), ("genre", "d.genre")):
        value = getattr(filters, field)
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if filters.date_from:
        clauses.append("d.published >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        # "~" sorts after digits and "T": date_to="2024-03" includes every day and time of March.
        clauses.append("d.published <= ?")
        params.append(filters.date_to + "~")
    for field, layer in (("technique", "technique"), ("frame", "frame")):
        value = getattr(filters, field)
        if value is not None:
            clauses.append("EXISTS (SELECT 1 FROM labels f WHERE f.doc_pk = d.pk AND f.layer = ? AND f.label = ?)")
            params += [layer, value]
    if filters.entity is not None:
        # "PK/people" (a country's people, unspin.canonical.role_id) is named where PK is
        named = people_of(filters.entity) or filters.entity
        clauses.append("EXISTS (SELECT 1 FROM labels f WHERE f.doc_pk = d.pk AND f.layer = 'entity' "
                       "AND (f.label = ? OR lower(f.value) = lower(?)))")
        params += [named, named]
    if filters.role is not None:  # with entity: that entity in that role; alone: any entity in it
        clause, role_params = role_clause(filters.role, filters.entity)
        clauses.append(clause)
        params += role_params
    if not clauses:
        return "", []
    return f"{prefix} " + " AND ".join(clauses), params

