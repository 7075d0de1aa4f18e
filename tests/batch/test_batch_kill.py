"""kill -9 in the middle of `unspin batch`: nothing committed is lost or corrupted, and a rerun completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unspin.store import Store

N = 30


def _cli() -> list[str]:
    return [sys.executable, "-m", "unspin", "batch"]


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.mark.slow
def test_batch_kill_9_then_rerun_stores_each_document_once(make_folder, tmp_path: Path) -> None:
    folder = make_folder(N)
    db = tmp_path / "corpus.db"
    args = [*_cli(), str(folder), "--db", str(db), "--workers", "1", "--batch-size", "1",
            "--layers", "structure,language"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while _stored(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the runner and its worker, as a crash or an OOM kill would
    proc.wait()
    before = _stored(db)
    assert 0 < before, "the run was killed before its first commit"
    rerun = subprocess.run(args, capture_output=True, text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    assert f"already stored {before}" in rerun.stderr
    with Store.open(db) as store:
        assert store.count() == N
        assert store.query("SELECT count(DISTINCT id), count(DISTINCT path) FROM documents")[1] == [(N, N)]
        assert store.integrity_check() == "ok"
