"""The store's schema, as named migrations applied once each and recorded in ``_migrations``.

Like sqlite-utils' migrations: every schema change is a function with a stable name; ``migrate``
runs those not yet recorded, each in its own transaction together with its ``_migrations`` row, so
a crash mid-migration leaves the previous schema intact. Never edit a released migration: add one.
The tables are documented in ``docs/store-schema.md``; ``SCHEMA_VERSION`` is the number applied.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from unspin.store.backend import Backend

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate", "applied"]

Migration = Callable[[Backend], None]


def _types(db: Backend) -> dict[str, str]:
    # REAL is 4 bytes in PostgreSQL: scores need double precision to round-trip exactly.
    if db.dialect == "postgresql":
        return {"pk": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "real": "DOUBLE PRECISION", "int": "BIGINT"}
    return {"pk": "INTEGER PRIMARY KEY", "real": "REAL", "int": "INTEGER"}


def m001_initial(db: Backend) -> None:
    """documents, spans, labels, failures, runs, and full-text search over title + text."""
    t = _types(db)
    statements = [
        f"""CREATE TABLE documents (
            pk {t['pk']},
            id TEXT NOT NULL UNIQUE,          -- content hash: the Document's source.sha256
            external_id TEXT,                 -- the input's own id (JSONL "id"), not unique
            url TEXT, path TEXT, source TEXT, -- source: the publisher (input "source", else the URL host)
            published TEXT, month TEXT,       -- ISO 8601 date (or datetime) and its YYYY-MM
            language TEXT, title TEXT, genre TEXT, media_type TEXT, fetched_at TEXT,
            n_chars {t['int']} NOT NULL, n_words {t['int']} NOT NULL,
            n_sentences {t['int']} NOT NULL, n_claims {t['int']} NOT NULL,
            layers TEXT NOT NULL,             -- JSON list of the components that ran
            text TEXT NOT NULL,
            document TEXT NOT NULL,           -- the full unspin/document@1 JSON, for exact round-trip
            run_id TEXT, stored_at TEXT NOT NULL)""",
        # Covering indexes: stats by source/month/language sum the counts without reading the wide rows.
        "CREATE INDEX documents_source ON documents(source, n_words, n_sentences, n_claims)",
        "CREATE INDEX documents_month ON documents(month, n_words, n_sentences, n_claims)",
        "CREATE INDEX documents_language ON documents(language, n_words, n_sentences, n_claims)",
        "CREATE INDEX documents_published ON documents(published)",
        f"""CREATE TABLE spans (
            doc_pk {t['int']} NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            layer TEXT NOT NULL,              -- title, section, paragraph, sentence, entity, persuasion, ...
            idx {t['int']} NOT NULL,          -- position within the layer
            char_start {t['int']} NOT NULL, char_end {t['int']} NOT NULL,   -- half-open offsets into text
            label TEXT, score {t['real']},
            value TEXT,                       -- entity canonical id, section kind
            text TEXT,                        -- the quoted text, for spans that carry it (entities, title)
            PRIMARY KEY (doc_pk, layer, idx))""",
        "CREATE INDEX spans_layer_label ON spans(layer, label)",
        f"""CREATE TABLE labels (
            doc_pk {t['int']} NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            layer TEXT NOT NULL,              -- technique, paragraph_technique, frame, genre, entity, claim, ...
            label TEXT NOT NULL,
            n {t['int']} NOT NULL,            -- how many times in the document (mentions, spans, sentences)
            score {t['real']},                -- the best score, where the layer gives one
            value TEXT,                       -- a display form (an entity's first surface text)
            source TEXT, month TEXT, language TEXT,   -- copied from documents: stats group without a join
            PRIMARY KEY (doc_pk, layer, label))""",
        "CREATE INDEX labels_layer_label ON labels(layer, label, doc_pk)",
        "CREATE INDEX labels_month ON labels(layer, month, label)",
        """CREATE TABLE failures (
            key TEXT PRIMARY KEY,             -- the content hash, or input:line when there was no content
            input TEXT NOT NULL, stage TEXT NOT NULL,   -- input | ingest | analyse | worker
            component TEXT, error TEXT NOT NULL, message TEXT NOT NULL,
            run_id TEXT, failed_at TEXT NOT NULL)""",
        f"""CREATE TABLE runs (
            run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,
            engine TEXT, layers TEXT, inputs TEXT,
            stored {t['int']}, failed {t['int']}, skipped {t['int']})""",
    ]
    if db.dialect == "postgresql":
        statements.append("CREATE INDEX documents_fts ON documents USING GIN "
                          "(to_tsvector('simple', coalesce(title, '') || ' ' || text))")
    else:
        # External-content FTS5: the text is stored once (in documents); triggers keep the index in step.
        statements += [
            "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='pk', "
            "tokenize='unicode61 remove_diacritics 2')",
            "CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN "
            "INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END",
            "CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, "
            "old.text); END",
        ]
    for sql in statements:
        db.execute(sql)


def m002_quotes_and_voice(db: Backend) -> None:
    """quotes and sentences (stance, voice, subjectivity) (issue 16), filled from the documents already stored."""
    from unspin.store.quotes import backfill, create_tables

    create_tables(db, _types(db))
    backfill(db)


def m003_roles_and_narratives(db: Backend) -> None:
    """mention_roles, entity_roles and narratives (issue 17), filled from the documents already stored."""
    from unspin.store.roles import backfill, create_tables

    create_tables(db, _types(db))
    backfill(db)


MIGRATIONS: list[tuple[str, Migration]] = [
    ("m001_initial", m001_initial),
    ("m002_quotes_and_voice", m002_quotes_and_voice),
    ("m003_roles_and_narratives", m003_roles_and_narratives),
]
SCHEMA_VERSION = len(MIGRATIONS)


def applied(db: Backend) -> list[str]:
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    return [row[0] for row in db.execute("SELECT name FROM _migrations ORDER BY name")]


def migrate(db: Backend) -> list[str]:
    """Apply the migrations this store lacks, each in one transaction; return their names."""
    done = set(applied(db))
    ran = []
    for name, migration in MIGRATIONS:
        if name in done:
            continue
        with db.transaction():
            # Another process may have migrated between our check and the write lock: look again inside.
            if db.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)):
                continue
            migration(db)
            db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                       (name, datetime.now(UTC).replace(microsecond=0).isoformat()))
        ran.append(name)
    return ran
