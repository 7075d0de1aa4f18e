"""Score the shipped persuasion model on our PTC validation split (held-out training articles).

    PYTHONPATH=src python bench/eval_ptc.py [--model DIR] [--threshold T]

Uses the default threshold stored in the model's config.json unless --threshold is given. The validation ids
are in src/unspin/training/splits/ptc.json; the official dev/test gold is never used.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.persuasion import load_tagger, ptc  # noqa: E402
from unspin.persuasion.cli import print_scores  # noqa: E402
from unspin.persuasion.evaluation import infer_all, score_all  # noqa: E402
from unspin.training.paths import data_root  # noqa: E402

SPLIT = ROOT / "src" / "unspin" / "training" / "splits" / "ptc.json"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=data_root() / "ptc")
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--threshold", type=float, default=None)
    args = ap.parse_args()
    if not (args.data / "train-articles").is_dir():
        print(f"skipped: PTC data not found at {args.data} (set UNSPIN_DATA to the folder holding ptc/)")
        return 0
    val_ids = json.loads(SPLIT.read_text())["validation"]
    articles = ptc.read_articles(args.data / "train-articles")
    texts = {a: articles[a] for a in val_ids}
    gold = [lb for lb in ptc.read_labels_dir(args.data / "train-labels-task2-technique-classification")
            if lb.article_id in texts]
    gold = sorted(set(gold))  # the corpus has one exact duplicate row
    tagger = load_tagger(args.model)
    t0 = time.perf_counter()
    infs = infer_all(tagger, texts)
    seconds = time.perf_counter() - t0
    scores = score_all(tagger, infs, gold, args.threshold)
    thr = args.threshold if args.threshold is not None else tagger.threshold
    print_scores(scores, f"PTC validation split: {len(texts)} articles, {len(gold)} gold spans, threshold {thr}")
    print(f"predicted spans: {scores['n_pred_spans']}; encoder time {seconds:.1f} s "
          f"({len(texts) / seconds:.1f} articles/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
