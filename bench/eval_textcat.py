"""Validation scores of the shipped text-classification layers, per layer and language, as a table.

    PYTHONPATH=src python bench/eval_textcat.py [genre frames claims paragraphs] [--no-cache]

Scores the shipped heads through the runtime API on the validation splits recorded in
src/unspin/training/splits/ (never trained on). Needs the benchmark data ($UNSPIN_DATA or shared/data beside the
repository); without it, prints a message and exits 0. Uses the training encoding cache (build/textcat/cache) when
present, which holds the same encoder's vectors; --no-cache encodes everything afresh (slower, same numbers).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> int:
    from rich.console import Console
    from rich.table import Table

    from unspin.textcat import encoder
    from unspin.training import textcat_data as D
    from unspin.training import textcat_eval as E
    from unspin.training.paths import REPO

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("layers", nargs="*", help=f"any of {', '.join(E.LAYERS)} (default: all)")
    ap.add_argument("--no-cache", action="store_true")
    args = ap.parse_args()
    unknown = [x for x in args.layers if x not in E.LAYERS]
    if unknown:
        ap.error(f"unknown layer {unknown[0]!r}: choose from {', '.join(E.LAYERS)}")
    args.layers = args.layers or list(E.LAYERS)
    if not (D.data_root() / "semeval2023t3").is_dir() or not (D.data_root() / "checkthat").is_dir():
        print(f"benchmark data not found under {D.data_root()} (set UNSPIN_DATA): nothing to evaluate")
        return 0
    cache_dir = REPO / "build" / "textcat" / "cache"  # where `python -m unspin.training.textcat` caches
    encode = encoder.encode if args.no_cache or not cache_dir.exists() else D.EncodingCache(cache_dir).encode
    table = Table(title="unspin text-classification layers: validation scores (shipped models)")
    for col in ("layer", "language / split", "metric", "score", "n"):
        table.add_column(col, justify="right" if col in ("score", "n") else "left")
    for layer in args.layers:
        t0 = time.time()
        for lay, lang, metric, value, n in E.LAYERS[layer](encode):
            table.add_row(lay, lang, metric, f"{value:.4f}", str(n))
        print(f"{layer}: scored in {time.time() - t0:.1f} s", file=sys.stderr)
    Console().print(table)
    print("* the calibration block (CT24 train sentences held out from training) chose the claim threshold.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
