"""Batch throughput: full analysis (the configured layers) of N ~800-word articles into a store.

Prints articles/s and peak memory (the runner plus its workers) with 1 and with W local workers,
the speed-up, and optionally the Ray engine on the same articles: its time as a ratio to the local
path with the same workers, and whether every stored Document is byte-identical to the local one.
Times include starting the workers and loading their models.

``--previous`` also runs the previous release's default layers (``PREVIOUS_RELEASE_LAYERS``: no quotes,
subjectivity, voice, roles or narratives) with W workers on the same articles in the same process, and prints
today's rate as a ratio to it: the cost of the layers added since, measured on the same machine at the same time.

    python bench/bench_batch.py [--articles 1000] [--workers 2] [--ray] [--no-single] [--previous]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from corpus import corpus  # noqa: E402

from unspin.batch import run_batch  # noqa: E402
from unspin.store import Store  # noqa: E402

RUN_STARTED = "2025-01-01T00:00:00+00:00"
# The default layers of the release before issues 16 and 17 (the baseline of --previous).
PREVIOUS_RELEASE_LAYERS = ["structure", "language", "entities", "persuasion", "sentence-vectors", "claims", "genre",
                           "frames", "paragraph-persuasion"]


def _tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants, from /proc (Linux; no psutil needed)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/statm") as fh:
                rss[int(entry)] = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total / 1e6


class PeakMemory:
    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(0.5):
            self.peak = max(self.peak, _tree_rss_mb(os.getpid()))

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run(jsonl: Path, db: Path, workers: int, engine: str = "local",
        layers: list[str] | None = None) -> tuple[float, float, int]:
    with Store.open(db) as store, PeakMemory() as memory:
        summary = run_batch([str(jsonl)], store, workers=workers, engine=engine, run_started=RUN_STARTED,
                            batch_size=64, layers=layers)
    assert summary.failed == 0, f"{summary.failed} articles failed"
    return summary.seconds, memory.peak, summary.stored


def documents(db: Path) -> dict[str, str]:
    with Store.open(db) as store:
        return {r[0]: r[1] for r in store.iterate("SELECT id, document FROM documents")}


def rows_by(rows: list[tuple[str, float, float, float]], prefix: str) -> float:
    return next(rate for name, _, rate, _ in rows if name.startswith(prefix))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ray", action="store_true", help="also run the Ray engine and compare")
    parser.add_argument("--no-single", action="store_true", help="skip the one-worker run (Ray comparisons)")
    parser.add_argument("--previous", action="store_true",
                        help="also run the previous release's default layers and print the ratio")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="unspin-bench-"))
    jsonl = tmp / "articles.jsonl"
    texts = corpus(args.articles)
    jsonl.write_text("".join(json.dumps({"text": t, "id": str(i)}) + "\n" for i, t in enumerate(texts)))
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{args.articles} articles of ~{words:.0f} words, {os.cpu_count()} cores visible")
    rows = []
    for workers in sorted({args.workers} if args.no_single else {1, args.workers}):
        seconds, peak, n = run(jsonl, tmp / f"local{workers}.db", workers)
        rows.append((f"local, {workers} worker(s)", seconds, n / seconds, peak))
    if args.previous:
        seconds, peak, n = run(jsonl, tmp / "previous.db", args.workers, layers=PREVIOUS_RELEASE_LAYERS)
        rows.append((f"previous release, {args.workers}", seconds, n / seconds, peak))
    if args.ray:
        seconds, peak, n = run(jsonl, tmp / "ray.db", args.workers, engine="ray")
        rows.append((f"ray, {args.workers} worker(s)", seconds, n / seconds, peak))
    print(f"{'engine':24} {'seconds':>8} {'articles/s':>11} {'peak MB':>8}")
    for name, seconds, rate, peak in rows:
        print(f"{name:24} {seconds:8.1f} {rate:11.2f} {peak:8.0f}")
    if not args.no_single and args.workers > 1:
        print(f"speed-up {args.workers} workers vs 1: {rows[1][2] / rows[0][2]:.2f}x")
    if args.previous:
        today, before = rows_by(rows, f"local, {args.workers} worker"), rows_by(rows, "previous")
        print(f"all layers vs the previous release's layers, {args.workers} workers: {today / before:.2f}x the rate "
              f"({today:.2f} vs {before:.2f} articles/s)")
    if args.ray:
        local = documents(tmp / f"local{args.workers}.db")
        ray_docs = documents(tmp / "ray.db")
        print(f"ray / local time with {args.workers} workers: {rows[-1][1] / rows[-2][1]:.2f}; "
              f"byte-identical documents: {local == ray_docs} ({len(ray_docs)} compared)")


if __name__ == "__main__":
    main()
