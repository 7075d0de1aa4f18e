"""Faults through `run_batch` into a SQLite file: each is reported, nothing stored is corrupted, a rerun completes.

Malformed JSON Lines, duplicate contents and ids, WARC records that are not HTML (or not WARC at all),
and a worker killed by SIGKILL: the good articles are stored once, every bad one is a failure with its
reason, ``PRAGMA integrity_check`` says ok, and running the same inputs again stores nothing twice.
"""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import faulty
import pytest

from batch_samples import RUN_STARTED, article
from unspin.batch import RunSummary, run_batch
from unspin.batch.engines import WORKER_DIED
from unspin.store import Failure, Store

LAYERS = ["structure", "language"]


def _failures(store: Store) -> dict[str, Failure]:
    """Failures by the end of their input label (``L3``, a URL, ``2``)."""
    return {f.input.rsplit("#", 1)[1]: f for f in store.failures()}


def _rerun_stores_nothing_twice(db: Path, inputs: list[str], first: RunSummary, **options: Any) -> None:
    """A second run over the same inputs skips everything already stored or failed, and duplicates nothing."""
    with Store.open(db) as store:
        docs, failed = store.count(), store.failure_count()
        again = run_batch(inputs, store, run_started=RUN_STARTED, **options)
        # A duplicate's key is stored now, so it counts as skipped, like the rest.
        assert (again.stored, again.failed, again.duplicates) == (0, 0, 0)
        assert again.skipped == first.stored + first.failed + first.duplicates
        assert (store.count(), store.failure_count()) == (docs, failed)
        assert store.query("SELECT count(*) - count(DISTINCT id) FROM documents")[1] == [(0,)]
        assert store.query("SELECT count(*), count(finished_at) FROM runs")[1] == [(2, 2)]
        assert store.integrity_check() == "ok"
    with sqlite3.connect(db) as conn:  # and from a fresh connection, once the store is closed
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert all(json.loads(d)["source"]["fetched_at"] for (d,) in conn.execute("SELECT document FROM documents"))


def test_faults_malformed_jsonl_and_duplicates_are_reported_and_the_rest_stored(make_jsonl, tmp_path: Path) -> None:
    jsonl = make_jsonl([
        {"text": article(1), "id": "a", "source": "ledger"},   # L1
        "{not json",                                             # L2 malformed
        [1, 2],                                                  # L3 not an object
        {"id": "no-text", "title": "x"},                          # L4 no text or html
        {"text": article(2), "id": "b"},                          # L5
        {"text": article(1), "id": "c"},                          # L6 same content as L1: a duplicate
        {"text": article(3), "id": "a"},                          # L7 id "a" again on other content
        {"text": "   \n "},                                        # L8 empty text: an ingest failure
        {"html": f"<html><body><article><p>{article(4)}</p></article></body></html>"},  # L9
    ])
    with jsonl.open("ab") as fh:
        fh.write(b'{"text": "caf\xe9 not utf-8"}\n')                # L10 invalid UTF-8
    db = tmp_path / "corpus.db"
    with Store.open(db) as store:
        summary = run_batch([str(jsonl)], store, layers=LAYERS, workers=0, batch_size=2, run_started=RUN_STARTED)
        assert (summary.total, summary.stored, summary.failed, summary.duplicates) == (10, 4, 5, 1)
        assert summary.duplicate_ids == ["a"]
        failures = _failures(store)
        assert sorted(failures) == ["L10", "L2", "L3", "L4", "L8"]
        assert {(failures[k].stage, failures[k].error) for k in ("L2", "L3", "L4", "L10")} == {("input", "InputError")}
        assert "not a JSON object" in failures["L2"].message and "not list" in failures["L3"].message
        assert 'no "text" or "html"' in failures["L4"].message
        assert failures["L8"].stage == "ingest" and "empty" in failures["L8"].message
        rows = store.query("SELECT path, external_id FROM documents ORDER BY path")[1]
        assert [(p.rsplit("#", 1)[1], i) for p, i in rows] == [("L1", "a"), ("L5", "b"), ("L7", "a"), ("L9", None)]
        assert store.integrity_check() == "ok"
    _rerun_stores_nothing_twice(db, [str(jsonl)], summary, layers=LAYERS, workers=0)


def _warc(path: Path, records: list[tuple[str, str, str, bytes]], trailing: bytes = b"") -> Path:
    """A WARC file of (record type, URI, Content-Type, body) records, then ``trailing`` bytes (garbage)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.suffix == ".gz")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "unspin tests"}))
        for rec_type, uri, mime, body in records:
            headers = None
            if rec_type == "response":
                headers = StatusAndHeaders("200 OK", [("Content-Type", mime)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, rec_type, payload=io.BytesIO(body), length=len(body),
                                                          http_headers=headers))
        fh.write(trailing)
    return path


def _html(i: int) -> bytes:
    return (f"<html><head><title>Talks {i}</title></head><body><article><p>{article(i)}</p></article>"
            "</body></html>").encode()


def test_faults_warc_records_that_are_not_html_are_reported(tmp_path: Path) -> None:
    crawl = _warc(tmp_path / "crawl.warc.gz", [
        ("request", "https://x.org/a", "", b"GET /a HTTP/1.1\r\nHost: x.org\r\n\r\n"),  # not a response: not an article
        ("response", "https://x.org/a", "text/html; charset=utf-8", _html(1)),
        ("response", "https://x.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n...."),
        ("metadata", "https://x.org/a", "", b"via: test\r\n"),                         # not a response either
        ("response", "https://x.org/b", "application/xhtml+xml", _html(2)),
        ("response", "https://x.org/feed", "application/json", b'{"items": []}'),
        ("response", "https://x.org/a-again", "text/html", _html(1)),                   # same payload as /a
    ])
    broken = _warc(tmp_path / "broken.warc", [("response", "https://y.org/c", "text/html", _html(3))],
                   trailing=b"this is not a WARC record\r\n\r\n")
    inputs = [str(crawl), str(broken)]
    db = tmp_path / "corpus.db"
    with Store.open(db) as store:
        summary = run_batch(inputs, store, layers=LAYERS, workers=0, run_started=RUN_STARTED)
        assert summary.total is None  # WARC record counts are not known up front
        assert (summary.stored, summary.failed, summary.duplicates) == (3, 3, 1)
        urls = [u for (u,) in store.query("SELECT url FROM documents ORDER BY url")[1]]
        assert urls == ["https://x.org/a", "https://x.org/b", "https://y.org/c"]
        failures = {f.input: f for f in store.failures()}
        assert {k.removeprefix(f"{tmp_path}/") for k in failures} == {
            "crawl.warc.gz#https://x.org/logo.png", "crawl.warc.gz#https://x.org/feed", "broken.warc#2"}
        messages = sorted(f.message for f in failures.values())
        assert "image/png, not HTML" in messages[2] and "application/json, not HTML" in messages[1]
        assert messages[0].startswith("not a readable WARC record")
        assert all(f.stage == "input" for f in failures.values())
        # The request, metadata and warcinfo records are not articles: neither stored nor failures.
        assert store.count() + store.failure_count() == 6
        assert store.integrity_check() == "ok"
    _rerun_stores_nothing_twice(db, inputs, summary, layers=LAYERS, workers=0)


@pytest.mark.slow
def test_faults_killed_worker_fails_its_document_and_the_rest_are_stored(make_jsonl, tmp_path: Path) -> None:
    """SIGKILL inside a local worker (as the OOM killer would): one ``worker`` failure, the pool carries on."""
    jsonl = make_jsonl([{"text": article(i, "KILLME" if i == 2 else ""), "id": f"n{i}"} for i in range(6)])
    db = tmp_path / "corpus.db"
    options = dict(layers=faulty.LAYERS, workers=2, setup=faulty.register, batch_size=2)
    with Store.open(db) as store:
        summary = run_batch([str(jsonl)], store, run_started=RUN_STARTED, **options)
        assert (summary.stored, summary.failed) == (5, 1)
        (dead,) = store.failures()
        assert (dead.input.rsplit("#", 1)[1], dead.stage, dead.error, dead.message) == ("L3", "worker", "WorkerDied",
                                                                                       WORKER_DIED)
        ids = [i for (i,) in store.query("SELECT external_id FROM documents ORDER BY external_id")[1]]
        assert ids == ["n0", "n1", "n3", "n4", "n5"]
        assert store.integrity_check() == "ok"
    _rerun_stores_nothing_twice(db, [str(jsonl)], summary, **options)
    with Store.open(db) as store:  # --retry-failed runs it again: it kills its worker again, still one failure row
        retried = run_batch([str(jsonl)], store, run_started=RUN_STARTED, retry_failed=True, **options)
        assert (retried.stored, retried.failed, retried.skipped) == (0, 1, 5)
        assert (store.count(), store.failure_count()) == (5, 1)
        assert store.integrity_check() == "ok"

