"""The Store on embedded SQLite: round trips, idempotence, generic layers, search, stats, faults."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin import Document
from unspin.document import Entity, TechniqueSpan
from unspin.errors import StoreError
from unspin.store import SCHEMA_VERSION, Entry, Failure, Filters, NotFound, Store
from unspin.store.migrations import MIGRATIONS


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=80).filter(str.strip), data=st.data())
def test_store_save_get_round_trips_exact_json(text: str, data: st.DataObject) -> None:
    doc = Document.from_text(text)
    n = len(text)
    for i in range(data.draw(st.integers(0, 3))):
        start = data.draw(st.integers(0, n))
        end = data.draw(st.integers(start, n))
        doc.entities.append(Entity(start, end, text[start:end], "ORG", f"org:{i}"))
        doc.persuasion.append(TechniqueSpan(start, end, technique="Doubt", score=0.5 + i / 10))
    with Store.open(":memory:") as store:
        store.save([doc])
        back = store.get(doc.source.sha256)
    assert json.dumps(back.to_dict()) == json.dumps(doc.to_dict())


def test_store_save_twice_stores_once(store: Store, make_doc) -> None:
    doc = make_doc()
    assert store.save([doc]).stored == 1
    assert store.save([doc]).stored == 0
    assert store.count() == 1
    assert store.save([doc], replace=True).stored == 1
    assert store.count() == 1
    assert store.query("SELECT count(*) FROM spans WHERE layer = 'title'")[1] == [(1,)]


def test_store_counts_layers_from_the_document_dict(store: Store, make_doc) -> None:
    doc = make_doc()
    store.save([doc])
    group = store.stats().groups[0]
    assert group.rates["technique"] == {"Loaded_Language": 1.0}
    assert group.rates["paragraph_technique"] == {"Loaded_Language": 1.0}
    assert group.rates["frame"] == {"Economic": 1.0}
    assert group.rates["genre"] == {"opinion": 1.0}
    assert group.rates["section_genre"] == {"news": 1.0}
    assert (group.sentences, group.claims) == (3, 1)
    assert [e[:2] for e in group.top_entities] == [("PK", "Pakistan"), ("RU", "Russia")]


def test_store_keeps_unknown_span_layers_generically(store: Store) -> None:
    d = Document.from_text("Prices rose sharply today.").to_dict()
    d["hedges"] = [{"start": 7, "end": 11, "label": "hedge", "score": 0.4}]
    store.save([Entry(d)])
    assert store.query("SELECT layer, char_start, char_end, label FROM spans")[1] == [("hedges", 7, 11, "hedge")]
    assert store.stats().groups[0].rates["hedges"] == {"hedge": 1.0}


@pytest.mark.parametrize("by, expected", [("source", {"courier": 3, "ledger": 3}),
                                          ("month", {"2024-01": 3, "2024-02": 3})])
def test_store_stats_groups_by(corpus_store: Store, by: str, expected: dict[str, int]) -> None:
    stats = corpus_store.stats(by)
    assert {g.group: g.documents for g in stats.groups} == expected
    assert stats.to_dict()["by"] == by


def test_store_stats_rates_are_shares_of_documents(corpus_store: Store) -> None:
    stats = corpus_store.stats()
    assert stats.groups[0].documents == 6
    assert stats.groups[0].rates["frame"] == {"Economic": pytest.approx(4 / 6), "Security": pytest.approx(2 / 6)}


def test_store_stats_rejects_unknown_grouping(store: Store) -> None:
    with pytest.raises(StoreError, match="cannot group by"):
        store.stats("colour")


@pytest.mark.parametrize("filters, count", [
    (Filters(technique="Doubt"), 2), (Filters(frame="Security"), 2), (Filters(source="ledger"), 3),
    (Filters(entity="RU"), 6), (Filters(entity="pakistan"), 6), (Filters(date_from="2024-02"), 3),
    (Filters(date_to="2024-01"), 3), (Filters(date_from="2024-01-11", date_to="2024-02-13"), 3),
    (Filters(technique="Doubt", source="ledger"), 1), (Filters(technique="Doubt", frame="Security"), 0),
])
def test_store_search_filters(corpus_store: Store, filters: Filters, count: int) -> None:
    hits = corpus_store.search("oil", filters)
    assert len(hits) == count
    assert all("[" in h.snippet for h in hits)
    assert corpus_store.count(filters) == count


def test_store_search_falls_back_to_plain_words(corpus_store: Store) -> None:
    assert corpus_store.search('oil "deal') and corpus_store.search("U.S.") == []
    with pytest.raises(StoreError, match="empty"):
        corpus_store.search("  ")


def test_store_documents_pages(corpus_store: Store) -> None:
    first, second = corpus_store.documents(limit=4), corpus_store.documents(limit=4, offset=4)
    assert len(first) == 4 and len(second) == 2
    assert first[0].published and first[-1].published and first[0].published >= first[-1].published
    assert {d.external_id for d in first + second} == {f"n{i}" for i in range(6)}


def test_store_get_missing_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="no document"):
        store.get("0" * 64)


def test_store_failures_recorded_then_cleared_by_success(store: Store, make_doc) -> None:
    doc = make_doc()
    key = doc.source.sha256
    store.save([Failure(key, "a.md", "analyse", "ComponentError", "boom", component="entities")])
    assert store.failures()[0].component == "entities" and store.known([key]) == {key}
    assert store.known([key], include_failures=False) == set()
    store.save([doc])
    assert store.failures() == [] and store.count() == 1


def test_store_migrations_applied_once(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    Store.open(db).close()
    with Store.open(db) as store:
        assert store.schema_version() == [name for name, _ in MIGRATIONS] and SCHEMA_VERSION == len(MIGRATIONS)
        assert store.schema_version()[0] == "m001_initial" and "m003_roles_and_narratives" in store.schema_version()
    with sqlite3.connect(db) as conn:  # a plain SQLite tool reads it
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT count(*) FROM _migrations").fetchone() == (len(MIGRATIONS),)


def test_store_full_disk_keeps_what_was_committed(tmp_path: Path, make_doc) -> None:
    db = tmp_path / "full.db"
    Store.open(db).close()
    big = [make_doc(f"Paragraph {i}. " + "word " * 4000 + "\n") for i in range(20)]
    with Store.open(db, max_page_count=int(sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]) + 40) \
            as store:
        store.save(big[:1])
        with pytest.raises(StoreError, match="disk is full"):
            store.save(big[1:])
        assert store.count() == 1
        assert store.integrity_check() == "ok"
    with Store.open(db) as store:  # more room: the same save now succeeds, nothing was half-written
        assert store.save(big).stored == 19 and store.count() == 20
        assert store.integrity_check() == "ok"


def test_store_os_error_on_write_becomes_store_error(store: Store, make_doc, monkeypatch) -> None:
    import errno

    class NoSpace:
        """The real connection, except that bulk writes fail as on a full disk."""

        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def executemany(self, *args: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str) -> object:
            return getattr(self.conn, name)

    db: Any = store.db  # the SQLite backend
    monkeypatch.setattr(db, "conn", NoSpace(db.conn))
    with pytest.raises(StoreError, match="disk is full"):
        store.save([make_doc()])
    monkeypatch.undo()
    assert store.count() == 0 and store.integrity_check() == "ok"


@pytest.mark.parametrize("url", ["mysql://x/y", "ftp://z"])
def test_store_unknown_url_is_an_error(url: str) -> None:
    with pytest.raises(StoreError, match="unknown store URL"):
        Store.open(url)
