"""Database connections behind the Store: embedded SQLite (the default) and PostgreSQL (psycopg 3).

The two speak the same schema; what differs is kept here, small and explicit: the parameter
placeholder (``?`` vs ``%s``), how a transaction starts, how errors are classified (a full disk, a
locked file) and full-text search (FTS5 vs a ``tsvector`` GIN index, see ``migrations.py``).
SQL elsewhere in the store is written once with ``?`` placeholders and rewritten here for psycopg.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from unspin.errors import StoreError

__all__ = ["Backend", "SQLiteBackend", "PostgresBackend", "connect"]

Params = Sequence[Any]


class Backend:
    """A connection with the few operations the store needs; subclasses fill in the dialect."""

    dialect: str = ""
    url: str = ""

    def execute(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        raise NotImplementedError

    def iterate(self, sql: str, params: Params = (), size: int = 2000) -> Iterator[tuple[Any, ...]]:
        """Stream a large result (exports) without holding it all in memory."""
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        raise NotImplementedError
        yield  # pragma: no cover

    def close(self) -> None:
        raise NotImplementedError

    def columns(self, sql: str, params: Params = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        raise NotImplementedError


def _store_error(exc: Exception, url: str) -> StoreError:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    low = text.lower()
    if "disk is full" in low or "no space" in low or getattr(exc, "errno", None) == 28:
        return StoreError(f"{url}: the disk is full ({text}); free some space and rerun: what was committed is kept "
                          "and the run resumes where it stopped")
    if "locked" in low or "busy" in low:
        return StoreError(f"{url}: the store is locked by another process ({text}); wait for it or use another --db")
    return StoreError(f"{url}: {type(exc).__name__}: {text}")


class SQLiteBackend(Backend):
    """SQLite in WAL mode: readers never block the writer, and a killed writer loses only its open transaction."""

    dialect = "sqlite"

    def __init__(self, path: str, *, max_page_count: int | None = None, create: bool = True) -> None:
        self.url = path
        if path != ":memory:" and not create and not Path(path).expanduser().is_file():
            # sqlite3.connect would create an empty file: a typo in a reading command's --db is an error.
            raise StoreError(f"{path}: no such store; check the --db path (`unspin batch ... --db {path}` creates one)")
        if path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so one save() is exactly one transaction.
            self.conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL is durable across a killed process in WAL mode (only an OS crash may lose the last commits).
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            if max_page_count is not None:  # tests simulate a full disk with this
                self.conn.execute(f"PRAGMA max_page_count={int(max_page_count)}")
        except sqlite3.Error as exc:
            raise _store_error(exc, path) from exc

    def execute(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, tuple(params)).fetchall()
        except (sqlite3.Error, OSError) as exc:
            raise _store_error(exc, self.url) from exc

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        try:
            self.conn.executemany(sql, rows)
        except (sqlite3.Error, OSError) as exc:
            raise _store_error(exc, self.url) from exc

    def iterate(self, sql: str, params: Params = (), size: int = 2000) -> Iterator[tuple[Any, ...]]:
        try:
            cur = self.conn.execute(sql, tuple(params))
            while rows := cur.fetchmany(size):
                yield from rows
        except sqlite3.Error as exc:
            raise _store_error(exc, self.url) from exc

    def columns(self, sql: str, params: Params = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        try:
            cur = self.conn.execute(sql, tuple(params))
            return [d[0] for d in cur.description], cur.fetchall()
        except sqlite3.Error as exc:
            raise _store_error(exc, self.url) from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so two writers queue instead of failing mid-transaction.
        self.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except (sqlite3.Error, OSError) as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise _store_error(exc, self.url) from exc

    def close(self) -> None:
        self.conn.close()


_QMARK = re.compile(r"\?")


class PostgresBackend(Backend):
    """PostgreSQL through psycopg 3: the server option for several writers and big corpora."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = re.sub(r"//[^@/]*@", "//***@", url)  # never echo a password in an error message
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError("a postgresql:// store needs psycopg: pip install 'unspin[postgres]'") from exc
        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise _store_error(exc, self.url) from exc

    @staticmethod
    def _sql(sql: str) -> str:
        return _QMARK.sub("%s", sql.replace("%", "%%"))

    def execute(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        try:
            cur = self.conn.execute(self._sql(sql), tuple(params))
            return cur.fetchall() if cur.description else []
        except self._psycopg.Error as exc:
            raise _store_error(exc, self.url) from exc

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        try:
            with self.conn.cursor() as cur:
                cur.executemany(self._sql(sql), rows)
        except self._psycopg.Error as exc:
            raise _store_error(exc, self.url) from exc

    def iterate(self, sql: str, params: Params = (), size: int = 2000) -> Iterator[tuple[Any, ...]]:
        try:
            with self.conn.cursor() as cur:
                cur.execute(self._sql(sql), tuple(params))
                while rows := cur.fetchmany(size):
                    yield from rows
        except self._psycopg.Error as exc:
            raise _store_error(exc, self.url) from exc

    def columns(self, sql: str, params: Params = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        try:
            cur = self.conn.execute(self._sql(sql), tuple(params))
            return [d.name for d in cur.description or []], cur.fetchall()
        except self._psycopg.Error as exc:
            raise _store_error(exc, self.url) from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            with self.conn.transaction():
                yield
        except self._psycopg.Error as exc:
            raise _store_error(exc, self.url) from exc

    def close(self) -> None:
        self.conn.close()


def connect(url: str | Path, **options: Any) -> Backend:
    """``postgresql://...`` → PostgreSQL; ``sqlite:///path``, a plain path or ``:memory:`` → SQLite.

    ``create=False`` refuses a SQLite path that does not exist instead of creating an empty store.
    """
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        options.pop("create", None)
        return PostgresBackend(text)
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):] or ":memory:"
    elif "://" in text:
        raise StoreError(f"{text}: unknown store URL; use a file path, sqlite:///path or postgresql://...")
    return SQLiteBackend(text, **options)
