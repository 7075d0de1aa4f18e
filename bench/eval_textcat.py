"""Validation scores of the shipped text-classification layers, per layer and language, as a table.

    PYTHONPATH=src python bench/eval_textcat.py [genre frames claims paragraphs] [--no-cache] [--pipeline]

Scores the shipped heads through the runtime API on the reporting parts recorded in training/splits/
(never trained on, touched by no choice), and prints next to each figure its mean ± sd over the 5 training seeds,
as measured by the training run that built the head and wrote its model card (`python -m training.textcat`).
The shipped head is the first seed's, so "shipped" must equal that seed's value in the card. Needs the benchmark
data ($UNSPIN_DATA or shared/data beside the repository); without it, prints a message and exits 0. Uses the
training encoding cache (build/textcat/cache) when present, which holds the same encoder's vectors; --no-cache
encodes everything afresh (slower, same numbers). --pipeline also runs PolNeAR dev through the real pipeline
(structure, language, entities, quotes, persuasion, sentence-vectors, subjectivity, voice, genre: the default
layers up to genre) and counts documents and body sections labelled reporting, and SemEval validation opinion
articles through it (documents and sections labelled opinion).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # training/ lives beside src/, outside the wheel

from training.paths import REPO  # noqa: E402


def main() -> int:
    from rich.console import Console
    from rich.table import Table

    from training import textcat_data as D
    from training import textcat_eval as E
    from unspin.ml import encoder
    from unspin.ml.heads import load_head

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("layers", nargs="*", help=f"any of {', '.join(E.LAYERS)} (default: all)")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--pipeline", action="store_true", help="genre: PolNeAR dev through the real pipeline too")
    args = ap.parse_args()
    unknown = [x for x in args.layers if x not in E.LAYERS]
    if unknown:
        ap.error(f"unknown layer {unknown[0]!r}: choose from {', '.join(E.LAYERS)}")
    args.layers = args.layers or list(E.LAYERS)
    if not (D.data_root() / "semeval2023t3").is_dir() or not (D.data_root() / "checkthat").is_dir():
        print(f"benchmark data not found under {D.data_root()} (set UNSPIN_DATA): nothing to evaluate")
        return 0
    cache_dir = REPO / "build" / "textcat" / "cache"  # where `python -m training.textcat` caches
    encode = encoder.encode if args.no_cache or not cache_dir.exists() else D.EncodingCache(cache_dir).encode
    table = Table(title="unspin text-classification layers: parts no choice touched (* = tuning part)")
    for col in ("layer", "part", "metric", "shipped", "mean ± sd (5 seeds; genre: 5 replicates)", "n"):
        table.add_column(col, justify="left" if col in ("layer", "part", "metric") else "right")
    for layer in args.layers:
        t0 = time.time()
        rows = E.LAYERS[layer](encode)
        if layer == "genre" and args.pipeline:
            rows += E.genre_sections_polnear_dev()
        meta = load_head({"paragraphs": "paragraph_persuasion"}.get(layer, layer)).meta.get("validation", {})
        for lay, part, metric, value, n, key in rows:
            table.add_row(lay, part, metric, f"{value:.4f}", _spread(meta, key), str(n))
        print(f"{layer}: scored in {time.time() - t0:.1f} s", file=sys.stderr)
    Console(width=150).print(table)
    print("* CT24 dev chose the claim model, training sets and threshold: its figure is not a held-out one.")
    if "claims" in args.layers:  # heads that are not shipped: their figures as the training run measured them
        for key, v in load_head("claims").meta.get("validation", {}).items():
            if key.startswith("new-sample") and isinstance(v, dict):
                print(f"claims {key}: F1 {v['f1']['mean']:.4f} ± {v['f1']['sd']:.4f} (n={v['n']})")
            elif key == "new_sample_average_precision":
                print(f"claims new-sample heads, average precision on CT24 dev-test: {v['mean']:.4f} ± {v['sd']:.4f}")
    return 0


def _spread(meta: dict[str, Any], key: str) -> str:
    """mean ± sd over the training seeds, from the head's metadata (genre: summary; others: per part)."""
    entry = meta.get("summary", {}).get(key) or meta.get(key, {})
    entry = entry.get("f1", entry) if isinstance(entry, dict) else {}
    if not isinstance(entry, dict) or "mean" not in entry:
        return "—"
    return f"{entry['mean']:.4f} ± {entry['sd']:.4f}"


if __name__ == "__main__":
    raise SystemExit(main())
