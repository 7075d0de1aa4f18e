"""The runner: every input stored or failed with its reason, reruns resume, a full disk stops cleanly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import faulty
import pytest

from batch_samples import RUN_STARTED, article
from unspin.batch import run_batch
from unspin.errors import StoreError
from unspin.store import Store

LAYERS = ["structure", "language"]


def test_runner_stores_everything_once_and_resumes(make_folder, make_jsonl, tmp_path: Path) -> None:
    folder = make_folder(4)
    jsonl = make_jsonl([{"text": article(10 + i), "id": f"j{i}", "source": "ledger"} for i in range(3)])
    db = tmp_path / "c.db"
    with Store.open(db) as store:
        first = run_batch([str(folder), str(jsonl)], store, layers=LAYERS, workers=0, batch_size=2,
                          run_started=RUN_STARTED)
        assert (first.stored, first.failed, first.skipped, first.total) == (7, 0, 0, 7)
        again = run_batch([str(folder), str(jsonl)], store, layers=LAYERS, workers=0, run_started=RUN_STARTED)
        assert (again.stored, again.skipped) == (0, 7)
        assert store.count() == 7 and store.query("SELECT count(*) FROM runs")[1] == [(2,)]
        doc = store.get(store.documents(limit=1)[0].id)
        assert doc.layers == LAYERS and doc.sections
        assert store.integrity_check() == "ok"


def test_runner_stores_failures_with_stage_and_component(make_jsonl, store: Store) -> None:
    jsonl = make_jsonl([{"text": article(1)}, {"text": article(2, "EXPLODE")}, "{bad", {"text": "   "}])
    summary = run_batch([str(jsonl)], store, layers=faulty.LAYERS, workers=0, setup=faulty.register,
                        run_started=RUN_STARTED)
    assert (summary.stored, summary.failed) == (1, 3)
    failures = {f.input.rsplit("#", 1)[1]: f for f in store.failures()}
    assert (failures["L2"].stage, failures["L2"].component) == ("analyse", "faulty")
    assert "boom on purpose" in failures["L2"].message
    assert failures["L3"].stage == "input" and failures["L4"].stage == "ingest"
    # Failures are not retried by default, and are with --retry-failed (where they fail again).
    assert run_batch([str(jsonl)], store, layers=faulty.LAYERS, workers=0, setup=faulty.register).skipped == 4
    assert run_batch([str(jsonl)], store, layers=faulty.LAYERS, workers=0, setup=faulty.register,
                     retry_failed=True).failed == 3


def test_runner_reports_duplicate_content_and_ids(make_jsonl, store: Store) -> None:
    jsonl = make_jsonl([{"text": article(1), "id": "a"}, {"text": article(1), "id": "b"},
                        {"text": article(2), "id": "a"}])
    summary = run_batch([str(jsonl)], store, layers=LAYERS, workers=0)
    assert (summary.stored, summary.duplicates, summary.duplicate_ids) == (2, 1, ["a"])


def test_runner_full_disk_stops_and_a_rerun_completes(make_folder, tmp_path: Path) -> None:
    folder = make_folder(12)
    for f in folder.iterdir():  # bigger articles fill the capped database sooner
        f.write_text(f.read_text() + ("More words about the talks in Geneva. " * 300), encoding="utf-8")
    db = tmp_path / "full.db"
    Store.open(db).close()
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    with Store.open(db, max_page_count=pages + 60) as store:
        with pytest.raises(StoreError, match="disk is full"):
            run_batch([str(folder)], store, layers=LAYERS, workers=0, batch_size=2)
        partial = store.count()
        assert 0 < partial < 12 and store.integrity_check() == "ok"
    with Store.open(db) as store:
        summary = run_batch([str(folder)], store, layers=LAYERS, workers=0, batch_size=2)
        assert summary.skipped == partial and store.count() == 12
        assert store.query("SELECT count(DISTINCT id) FROM documents")[1] == [(12,)]
        assert store.integrity_check() == "ok"


def test_runner_counts_skipped_records_apart_from_work(tmp_path: Path) -> None:
    """A resumed run reports already-stored records to on_skip, so a progress bar's rate counts real work."""
    from unspin.batch import run_batch
    from unspin.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(f"Article number {i} says the council met on Monday.\n", encoding="utf-8")
    (folder / "copy.txt").write_text("Article number 0 says the council met on Monday.\n", encoding="utf-8")
    with Store.open(tmp_path / "c.db") as store:
        work: list[int] = []
        skipped: list[int] = []
        first = run_batch([str(folder)], store, layers=["structure"], workers=0,
                          progress=work.append, on_skip=skipped.append)
        assert (first.stored, first.duplicates, sum(work), sum(skipped)) == (3, 1, 3, 1)
        work.clear()
        skipped.clear()
        again = run_batch([str(folder)], store, layers=["structure"], workers=0,
                          progress=work.append, on_skip=skipped.append)
        assert (again.stored, again.skipped, sum(work), sum(skipped)) == (0, 4, 0, 4)  # the copy is known too
