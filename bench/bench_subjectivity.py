"""What the subjectivity layer costs inside `unspin analyze`, as ratios in one process.

Analyses ~835-word articles with every default layer, then times the subjectivity component alone on those
documents twice: as shipped (English sentences through the head over the persuasion layer's pooled token states)
and with the states removed (every sentence through the sentence-vector head). Each is printed as a share of the
full analysis time of the same articles in the same process (min over rounds; only the ratios mean anything).

    python bench/bench_subjectivity.py [--articles 10] [--rounds 5]

``--german`` instead times the full analysis of the first German articles of SemEval-2023 Task 3 (needs the
benchmark data) as shipped (sentences through the head over multilingual-e5-small vectors, a second encoder pass)
against the same analysis with that head switched off (``[components.subjectivity] e5 = false``: the
sentence-vector head), in interleaved rounds in one process, and prints the ratio: what a German document pays for
the e5 head.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from corpus import corpus  # noqa: E402

from unspin import Analyzer, Document, registry  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--german", action="store_true", help="the e5 head's cost on German articles (needs the data)")
    args = ap.parse_args()
    if args.german:
        return german(args.articles, args.rounds)
    texts = corpus(args.articles, 835)
    an = Analyzer()
    docs = [an(Document.from_text(t)) for t in texts]  # also warms every model up
    spec = registry.get("subjectivity")
    pipe = spec.factory(spec.config({}))

    def full() -> float:
        t0 = time.perf_counter()
        for t in texts:
            an(Document.from_text(t))
        return time.perf_counter() - t0

    def layer(strip: bool) -> float:
        saved = [d.token_states.pop("persuasion", None) if strip else None for d in docs]
        t0 = time.perf_counter()
        for d in docs:
            pipe(d)
        took = time.perf_counter() - t0
        for d, s in zip(docs, saved, strict=True):
            if s is not None:
                d.token_states["persuasion"] = s
        return took

    runs: dict[str, list[float]] = {"full": [], "states": [], "vectors": []}
    for _ in range(args.rounds):
        runs["full"].append(full())
        runs["states"].append(layer(False))
        runs["vectors"].append(layer(True))
    f, a, b = (min(runs[k]) / len(texts) for k in ("full", "states", "vectors"))
    print(f"{len(texts)} articles of ~835 words, min of {args.rounds} rounds, per article: full analysis "
          f"{f * 1000:.0f} ms; subjectivity as shipped {a * 1000:.1f} ms ({a / f:.2%}), sentence-vector head only "
          f"{b * 1000:.1f} ms ({b / f:.2%}); the English state head adds {(a - b) / f:.2%} of the analysis time")
    return 0


def german(n_articles: int, rounds: int) -> int:
    """Full analysis of German articles with and without the e5 head, interleaved, in one process."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from training.paths import data_root
    from unspin.config import load_options

    folder = data_root() / "semeval2023t3" / "data" / "ge" / "train-articles-subtask-1"
    files = sorted(folder.glob("*.txt"))[:n_articles]
    if not files:
        print(f"no German SemEval-2023 articles under {folder}: set UNSPIN_DATA; nothing measured")
        return 0
    texts = [f.read_text(encoding="utf-8") for f in files]
    off = load_options(overrides={"components": {"subjectivity": {"e5": False}}})
    analyzers = {"e5": Analyzer(options=load_options()), "vectors": Analyzer(options=off)}
    for an in analyzers.values():  # warm every model up, e5 included
        for t in texts:
            an(Document.from_text(t))
    runs: dict[str, list[float]] = {"e5": [], "vectors": []}
    for _ in range(rounds):
        for key, an in analyzers.items():
            t0 = time.perf_counter()
            for t in texts:
                an(Document.from_text(t))
            runs[key].append(time.perf_counter() - t0)
    words = sum(len(t.split()) for t in texts) / len(texts)
    a, b = (min(runs[k]) / len(texts) for k in ("e5", "vectors"))
    print(f"{len(texts)} German articles (~{words:.0f} words), min of {rounds} rounds, per article: full analysis "
          f"with the e5 head {a * 1000:.0f} ms, with the sentence-vector head {b * 1000:.0f} ms: {a / b:.2f}x the "
          f"time (English documents never run e5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
