"""Quotes and voice in the store (migration m002_quotes_and_voice), on SQLite and, when a server is set, PostgreSQL:
rows, stats by source, quotes by speaker, and an m001 store migrating without losing what it holds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from unspin.document import Document
from unspin.errors import StoreError
from unspin.store import Entry, Filters, Store, migrations
from unspin.store import store as store_module
from unspin_testing import voice_quotes_doc


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    url = ":memory:" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with Store.open(url) as store:
        yield store


def _voice_corpus(store: Store, make_doc: Any) -> list[Document]:
    """Two outlets: "wire" stores the voice document twice over (two texts), "ledger" one document without quotes."""
    wire = [voice_quotes_doc(), voice_quotes_doc(" Prices rose.", path="b.md")]
    plain = make_doc()
    store.save([Entry(wire[0], source="wire", published="2024-01-05"),
                Entry(wire[1], source="wire", published="2024-02-05"),
                Entry(plain, source="ledger", published="2024-02-07")])
    return [*wire, plain]


def test_store_quotes_and_sentences_rows_quote_the_text(any_store: Store) -> None:
    doc = voice_quotes_doc()
    any_store.save([doc])
    _, rows = any_store.query(
        "SELECT q.idx, q.kind, q.speaker, q.speaker_id, q.anonymous, q.score, "
        "substr(d.text, CAST(q.char_start + 1 AS INTEGER), CAST(q.char_end - q.char_start AS INTEGER)), "
        "substr(d.text, CAST(q.source_start + 1 AS INTEGER), CAST(q.source_end - q.source_start AS INTEGER)) "
        "FROM quotes q JOIN documents d ON d.pk = q.doc_pk ORDER BY q.idx")
    assert [tuple(r) for r in rows] == [
        (0, "direct", "Amina Qureshi", "person:amina-qureshi", 0, 0.97, "We are ready to sign,", "Amina Qureshi"),
        (1, "indirect", "Officials", None, 1, 0.88, "the price had not been agreed", "Officials"),
        (2, "mixed", "Amina Qureshi", "person:amina-qureshi", 0, 0.91, 'the deal would "change everything"',
         "Qureshi")]
    _, sents = any_store.query("SELECT idx, voice, stance, subjectivity_label, quote, speaker_id FROM sentences "
                               "ORDER BY idx")
    assert [tuple(r) for r in sents] == [
        (0, "writer", "fact", "objective", None, None),
        (1, "source", "reported", "objective", 0, "person:amina-qureshi"),
        (2, "anonymous", "reported", "objective", 1, None),
        (3, "writer", "comment", "subjective", None, None),
        (4, "source", "reported", "subjective", 2, "person:amina-qureshi")]
    # The stored JSON still round-trips exactly; deleting the document deletes its quotes and sentences.
    assert json.dumps(any_store.get(doc.source.sha256).to_dict()) == json.dumps(doc.to_dict())
    any_store.delete(doc.source.sha256)
    assert any_store.query("SELECT count(*) FROM quotes")[1][0][0] == 0
    assert any_store.query("SELECT count(*) FROM sentences")[1][0][0] == 0


def test_store_stats_by_source_comment_share_anonymous_rate_and_speakers(any_store: Store, make_doc: Any) -> None:
    _voice_corpus(any_store, make_doc)
    groups = {g.group: g for g in any_store.stats("source").groups}
    wire, ledger = groups["wire"], groups["ledger"]
    # Two copies of five sentences: 1 comment, 3 reported (1 of them anonymous), 1 fact each.
    assert wire.stances == {"comment": 2, "reported": 6, "fact": 2, "anonymous": 2}
    assert wire.voice == pytest.approx({"comment": 0.2, "reported": 0.6, "fact": 0.2, "anonymous": 0.2})
    assert (wire.quotes, wire.anonymous_quotes) == (6, 2) and wire.anonymous_rate == pytest.approx(1 / 3)
    assert wire.top_speakers == [("person:amina-qureshi", "Amina Qureshi", 4)]  # the anonymous source is no speaker
    assert ledger.voice == {} and ledger.quotes == 0 and ledger.anonymous_rate is None and ledger.top_speakers == []
    as_json = any_store.stats("source").to_dict()["groups"]
    assert [g["anonymous_rate"] for g in as_json] == [None, pytest.approx(1 / 3)]
    assert as_json[1]["voice"]["comment"] == pytest.approx(0.2)
    assert as_json[1]["top_speakers"] == [{"speaker": "person:amina-qureshi", "name": "Amina Qureshi", "quotes": 4}]
    # Filters go through the documents (a join): only February's wire document.
    feb = any_store.stats("source", Filters(date_from="2024-02")).groups
    assert {g.group: g.quotes for g in feb} == {"ledger": 0, "wire": 3}
    by_month = {g.group: g.anonymous_quotes for g in any_store.stats("month").groups}
    assert by_month == {"2024-01": 1, "2024-02": 1}


@pytest.mark.parametrize(("speaker", "expected"), [
    ("person:amina-qureshi", ["We are ready to sign,", 'the deal would "change everything"']),
    ("amina qureshi", ["We are ready to sign,", 'the deal would "change everything"']),
    ("Qureshi", ["We are ready to sign,", 'the deal would "change everything"']),
    ("anonymous", ["the price had not been agreed"]),
    ("Nobody", []),
    ("100%_", []),  # LIKE wildcards in a name are matched as written
])
def test_store_quotes_by_speaker_id_or_name(any_store: Store, speaker: str, expected: list[str]) -> None:
    any_store.save([voice_quotes_doc()])
    hits = any_store.quotes(speaker)
    assert [h.content for h in hits] == expected
    for h in hits:
        assert h.document.title == "Pipeline talks resume" and (h.speaker_id is None) == h.anonymous
        assert voice_quotes_doc().text[h.start:h.end] == h.content


def test_store_quotes_query_and_filters_narrow(any_store: Store, make_doc: Any) -> None:
    _voice_corpus(any_store, make_doc)
    assert [h.document.published for h in any_store.quotes("Qureshi", query="READY sign")] == \
        ["2024-02-05", "2024-01-05"]  # newest first, every word must be in the content
    assert len(any_store.quotes("Qureshi", Filters(date_to="2024-01"))) == 2
    assert len(any_store.quotes(None, Filters(source="wire"))) == 6
    assert any_store.quotes("Qureshi", limit=1, offset=1)[0].document.published == "2024-02-05"
    with pytest.raises(StoreError, match="speaker is empty"):
        any_store.quotes("  ")


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_store_m001_store_migrates_keeping_its_documents_and_filling_quotes(
        tmp_path: Path, make_doc: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest,
        dialect: str) -> None:
    """A store written before m002 (its documents' JSON already holding quotes and voice) opens, migrates once, and
    gains their quotes and sentences; nothing it held is lost."""
    db = str(tmp_path / "old.db") if dialect == "sqlite" else request.getfixturevalue("pg_url")
    with monkeypatch.context() as m:
        m.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        m.setattr(store_module, "save_quote_rows", lambda *a, **k: None)  # the code of before: no such tables
        with Store.open(db) as old:
            old.save([Entry(voice_quotes_doc(), source="wire"), Entry(make_doc(), source="ledger")])
            assert old.schema_version() == ["m001_initial"]
            before = {t: old.query(f"SELECT * FROM {t} ORDER BY 1, 2")[1] for t in ("spans", "labels")}
            docs_before = old.query("SELECT id, document FROM documents ORDER BY id")[1]
    with Store.open(db) as new:
        assert new.schema_version() == sorted(name for name, _ in migrations.MIGRATIONS)  # m002 and any later
        assert new.query("SELECT id, document FROM documents ORDER BY id")[1] == docs_before
        assert {t: new.query(f"SELECT * FROM {t} ORDER BY 1, 2")[1] for t in ("spans", "labels")} == before
        assert [h.content for h in new.quotes("anonymous")] == ["the price had not been agreed"]
        wire = {g.group: g for g in new.stats("source").groups}["wire"]
        assert wire.quotes == 3 and wire.stances["comment"] == 1 and new.search("pipeline")
    with Store.open(db) as again:  # nothing runs twice
        assert again.query("SELECT count(*) FROM quotes")[1][0][0] == 3
