"""Checks against the real PolNeAR data; skipped when the data (see training.paths) is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.paths import data_root
from unspin.benchmarks import polnear

DATA = data_root() / "polnear"
SPLIT = Path(__file__).resolve().parents[2] / "training" / "splits" / "polnear_quotes.json"
pytestmark = [pytest.mark.eval, pytest.mark.skipif(not (DATA / "dev").is_dir(),
                                                   reason=f"PolNeAR not available at {DATA} (set UNSPIN_DATA)")]


def test_polnear_dev_reads_and_every_span_fits_its_text() -> None:
    dev = polnear.read_corpus(DATA / "dev")
    assert len(dev) == 84
    n = 0
    for art in dev.values():
        for rel in art.relations:
            n += 1
            for parts in (rel.content, rel.cue, rel.source):
                for s, e in parts or ():
                    assert 0 <= s < e <= len(art.text)
    assert 1500 < n < 3000  # about 24k attributions over 1,008 articles
    # a relation of the first dev article, checked by hand: "The Post has learned" + its content
    first = dev["breitbart_2016-09-12_stealth-over-health-hillary-clin"]
    cues = {first.text[s:e] for r in first.relations if r.cue for s, e in r.cue}
    assert "has learned" in cues


def test_polnear_split_covers_train_and_dev_exactly() -> None:
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    train = {p.stem for p in (DATA / "train" / "text").glob("*.txt")}
    dev = {p.stem for p in (DATA / "dev" / "text").glob("*.txt")}
    assert set(split["fit"]) | set(split["tuning"]) == train
    assert set(split["report"]) == dev
