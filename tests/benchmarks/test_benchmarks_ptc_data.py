"""Checks against the real PTC training data; skipped when the data (see training.paths) is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.paths import data_root
from unspin.benchmarks import ptc
from unspin.ml.techniques import TECHNIQUES

DATA = data_root() / "ptc"
SPLIT = Path(__file__).resolve().parents[2] / "training" / "splits" / "ptc.json"
pytestmark = pytest.mark.skipif(not (DATA / "train-articles").is_dir(),
                                reason=f"PTC data not available at {DATA} (set UNSPIN_DATA)")


def test_known_offsets_decode_exactly() -> None:
    # Spans quoted in the data's SOURCE.md, checked through our reader.
    arts = ptc.read_articles(DATA / "train-articles")
    assert arts["783702663"][15654:15666] == "phony honors"
    assert arts["701553469"][77:143] == "First they came for the Jews.\nAnd then they came for everyone else"


def test_gold_labels_parse_and_fit() -> None:
    arts = ptc.read_articles(DATA / "train-articles")
    gold = ptc.read_labels_dir(DATA / "train-labels-task2-technique-classification")
    assert len(gold) == 6129 and {g.technique for g in gold} == set(TECHNIQUES)
    assert all(g.end <= len(arts[g.article_id]) for g in gold)
    names = (DATA / "propaganda-techniques-names-semeval2020task11.txt").read_text().split()
    assert names == TECHNIQUES


def test_split_is_by_article_and_disjoint() -> None:
    split = json.loads(SPLIT.read_text())
    train, val = set(split["train"]), set(split["validation"])
    assert not train & val
    assert train | val == set(ptc.read_articles(DATA / "train-articles"))
    assert len(val) == 74
