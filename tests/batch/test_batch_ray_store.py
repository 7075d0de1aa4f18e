"""`run_batch` on a real local Ray into a SQLite file: the same rows as the local engine, byte for byte.

One local Ray session (2 CPUs) serves the module. A record that kills its Ray worker is stored as a
``worker`` failure while the others are stored; the store passes ``PRAGMA integrity_check``; a rerun
stores nothing twice. A cheap test checks that ``--ray-address`` reaches ``ray.init(address=...)``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import faulty
import pytest
from typer.testing import CliRunner

from batch_samples import RUN_STARTED, article
from unspin.batch import RunSummary, run_batch
from unspin.batch.engines import WORKER_DIED
from unspin.store import Store

ray = pytest.importorskip("ray")

LAYERS = ["structure", "language", "faulty"]
# Ray Data's own DataContext warns about its deprecated settings when it copies itself; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*")

# Columns compared between the two stores: everything but the run id and the time of storing.
DOC_COLUMNS = ("id, external_id, url, path, source, published, month, language, title, genre, media_type, fetched_at, "
               "n_chars, n_words, n_sentences, n_claims, layers, text, document")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """One local Ray for the module; RayEngine uses it and leaves it running (it did not start it)."""
    from ray import cloudpickle

    cloudpickle.register_pickle_by_value(faulty)  # Ray workers cannot import the tests folder
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        yield
    finally:
        ray.shutdown()


@pytest.fixture
def jsonl(make_jsonl) -> Path:
    return make_jsonl([
        *({"text": article(i), "id": f"n{i}", "source": "ledger" if i % 2 else "courier",
           "published": f"2024-0{1 + i % 3}-15"} for i in range(5)),
        {"text": article(5, "KILLME"), "id": "n5"},                                  # L6 kills its Ray worker
        {"html": f"<html><head><title>Talks</title></head><body><article><p>{article(6)}</p></article></body></html>",
         "url": "https://x.org/talks"},                                                 # L7 no date: run_started
        "{broken",                                                                      # L8
        {"text": article(7, "EXPLODE"), "id": "n7"},                                 # L9 a component error
        {"text": article(1), "id": "n1-again"},                                        # L10 same content as L2
        {"text": article(8)},                                                           # L11
    ])


def _run(jsonl: Path, db: Path, engine: str) -> RunSummary:
    with Store.open(db) as store:
        return run_batch([str(jsonl)], store, layers=LAYERS, engine=engine, workers=2, setup=faulty.register,
                         batch_size=3, run_started=RUN_STARTED)


def _rows(db: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(documents, failures) as stored, read with plain sqlite3 after the store is closed."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        docs = conn.execute(f"SELECT {DOC_COLUMNS} FROM documents ORDER BY id").fetchall()
        failures = conn.execute("SELECT key, input, stage, component, error, message FROM failures "
                                "ORDER BY key").fetchall()
    return docs, failures


@pytest.mark.slow
def test_ray_batch_stores_what_local_stores_byte_for_byte_and_resumes(local_ray: None, jsonl: Path,
                                                                       tmp_path: Path) -> None:
    ray_db, local_db = tmp_path / "ray.db", tmp_path / "local.db"
    summary = _run(jsonl, ray_db, "ray")
    assert ray.is_initialized()  # the engine did not shut down a Ray it did not start
    assert (summary.total, summary.stored, summary.failed, summary.duplicates) == (11, 7, 3, 1)

    docs, failures = _rows(ray_db)
    assert sorted(d[1] or "-" for d in docs) == ["-", "-", "n0", "n1", "n2", "n3", "n4"]
    by_line = {f[1].rsplit("#", 1)[1]: f for f in failures}
    assert sorted(by_line) == ["L6", "L8", "L9"]
    assert by_line["L6"][2:] == ("worker", None, "WorkerDied", WORKER_DIED)
    assert by_line["L8"][2] == "input" and by_line["L9"][2:4] == ("analyse", "faulty")
    with sqlite3.connect(ray_db) as conn:
        assert conn.execute("SELECT engine, stored, failed FROM runs").fetchall() == [("ray", 7, 3)]

    local = _run(jsonl, local_db, "local")
    assert (local.stored, local.failed, local.duplicates) == (summary.stored, summary.failed, summary.duplicates)
    local_docs, local_failures = _rows(local_db)
    assert [d[0] for d in docs] == [d[0] for d in local_docs]
    for ray_row, local_row in zip(docs, local_docs, strict=True):
        assert ray_row == local_row  # every column, the Document JSON (the last) byte for byte
    assert failures == local_failures

    again = _run(jsonl, ray_db, "ray")  # resume: everything is known, nothing is analysed or stored twice
    assert (again.stored, again.failed, again.skipped) == (0, 0, 11)
    assert _rows(ray_db) == (docs, failures)
    with Store.open(ray_db) as store:
        assert store.query("SELECT count(*), count(DISTINCT id) FROM documents")[1] == [(7, 7)]
        assert store.query("SELECT count(*), count(finished_at) FROM runs")[1] == [(2, 2)]
        assert store.integrity_check() == "ok"


@pytest.mark.parametrize("address", ["ray://head.example:10001", None])
def test_ray_address_option_reaches_ray_init(monkeypatch: pytest.MonkeyPatch, make_jsonl, tmp_path: Path,
                                             address: str | None) -> None:
    """`unspin batch --engine ray --ray-address A` connects to A; without it Ray starts here with --workers CPUs."""
    from unspin.cli import app

    class Stop(Exception):
        pass

    calls: list[dict[str, Any]] = []

    def fake_init(**kwargs: Any) -> None:
        calls.append(kwargs)
        raise Stop  # no cluster here: stop before any work

    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", fake_init)
    jsonl = make_jsonl([{"text": article(1)}])
    args = ["batch", str(jsonl), "--db", str(tmp_path / "c.db"), "--engine", "ray", "--workers", "3",
            "--layers", "structure"] + (["--ray-address", address] if address else [])
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, Stop), result.output
    (kwargs,) = calls
    if address:
        assert kwargs["address"] == address and "num_cpus" not in kwargs
    else:
        assert kwargs["num_cpus"] == 3 and "address" not in kwargs
