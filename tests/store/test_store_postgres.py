"""The same Store on a real PostgreSQL server (psycopg 3): set UNSPIN_TEST_POSTGRES_URL to run these.

CI (.ci/run) installs Debian's ``postgresql``, starts it on loopback, creates a database and
exports e.g. ``UNSPIN_TEST_POSTGRES_URL=postgresql://unspin:unspin@127.0.0.1:5432/unspin_test``.
Every table of the store is dropped first: point this at a throwaway database only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from unspin.store import Entry, Failure, Filters, NotFound, Store
from unspin.store.migrations import MIGRATIONS

APPLIED = sorted(name for name, _ in MIGRATIONS)  # schema_version() lists them by name


@pytest.fixture
def pg(pg_url: str) -> Iterator[Store]:
    with Store.open(pg_url) as store:
        yield store


def test_store_postgres_round_trips_and_migrates_once(pg: Store, pg_url: str, make_doc) -> None:
    doc = make_doc()
    assert pg.schema_version() == APPLIED and pg.dialect == "postgresql"
    assert pg.save([doc]).stored == 1 and pg.save([doc]).stored == 0
    assert json.dumps(pg.get(doc.source.sha256).to_dict()) == json.dumps(doc.to_dict())
    with pytest.raises(NotFound):
        pg.get("nope")
    with Store.open(pg_url) as again:  # reopening applies nothing twice
        assert again.schema_version() == APPLIED and again.count() == 1


def test_store_postgres_search_stats_and_failures(pg: Store, make_doc) -> None:
    docs = [make_doc(f"Oil deal number {i}. This shameful deal betrays every family in Pakistan.\n",
                     technique="Doubt" if i else "Loaded_Language") for i in range(3)]
    pg.save([Entry(d, source="ledger" if i else "courier", published=f"2024-0{i + 1}-05")
             for i, d in enumerate(docs)] + [Failure("k1", "bad.jsonl#L3", "input", "InputError", "not JSON")])
    hits = pg.search("oil deal", Filters(technique="Doubt", date_from="2024-02"))
    assert len(hits) == 2 and all("[" in h.snippet for h in hits)
    stats = pg.stats("source")
    assert {g.group: g.documents for g in stats.groups} == {"courier": 1, "ledger": 2}
    assert stats.failures == 1 and pg.failures()[0].input == "bad.jsonl#L3"
    assert pg.stats().groups[0].rates["technique"] == {"Doubt": pytest.approx(2 / 3),
                                                      "Loaded_Language": pytest.approx(1 / 3)}
    assert pg.integrity_check() == "ok"

