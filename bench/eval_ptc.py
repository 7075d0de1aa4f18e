"""Persuasion figures that no choice looked at: nested 5-fold cross-validation over our PTC validation articles.

    PYTHONPATH=src python bench/eval_ptc.py

Runs the protocol of ``python -m training.persuasion_stack`` (see its docstring) without writing anything:
per fold, the benchmark and precision thresholds and the second-stage technique classifier are chosen and fitted
on the other folds (plus the tagger's training articles), and so are the FLC output's knobs (technique-phrase
and extra-label thresholds, the lowest technique probability of a whole span: ``--choose-phrases
--choose-min-technique-prob``); SI (on every span), TC, FLC (on the FLC output), the precision point's precision
and spans per 1,000 words are measured on the held-out fold. Also prints spans per 1,000 words on PolNeAR dev (hard
news) at both operating points. The official PTC dev/test gold is never used. About 5 minutes on 2 idle cores.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # training/ (rebuilding models) lives beside src/, outside the wheel

from training.paths import data_root  # noqa: E402
from training.persuasion_stack import run, table  # noqa: E402


def main() -> int:
    data = data_root()
    if not (data / "ptc" / "train-articles").is_dir():
        print(f"skipped: PTC data not found under {data} (set UNSPIN_DATA to the folder holding ptc/)")
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    # The shipped protocol (the model card's rebuild command): the FLC output's knobs are chosen inside the folds.
    print(table(run(data, write=False, choose_phrases=True, choose_min_prob=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
