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


def _children(pid: int) -> set[int]:
    """Live child processes of ``pid`` (zombies excluded), from /proc."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_batch_workers_exit_when_the_parent_is_killed(make_folder, tmp_path: Path) -> None:
    folder = make_folder(200)
    db = tmp_path / "corpus.db"
    args = [*_cli(), str(folder), "--db", str(db), "--workers", "2", "--batch-size", "1", "--layers", "structure"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while _stored(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the workers are up and analysing once the first document is stored
        assert proc.poll() is None, "the batch ended before it could be killed"
        children = _children(proc.pid)
        assert len(children) >= 2, children  # the two workers (and multiprocessing's resource tracker)
        os.kill(proc.pid, signal.SIGKILL)  # the parent only: its workers must notice by themselves
        proc.wait()
        deadline = time.monotonic() + 20
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [c for c in children if _alive(c)], "workers outlived their parent"
    finally:
        try:  # whatever is left of the run's process group, so a failing test leaves no workers behind either
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
