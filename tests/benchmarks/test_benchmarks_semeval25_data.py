"""Checks against the real SemEval-2025 Task 10 training data; skipped when the data (see training.paths) is absent."""

from __future__ import annotations

import json

import pytest

from training.paths import REPO, data_root
from unspin.benchmarks import semeval25 as S

DATA = data_root() / "semeval2025t10"
pytestmark = pytest.mark.skipif(not (DATA / "EN").is_dir(),
                                reason=f"SemEval-2025 Task 10 data not available at {DATA} (set UNSPIN_DATA)")


@pytest.mark.parametrize("lang", ["EN", "BG", "HI", "PT", "RU"])
def test_semeval25_every_gold_mention_aligns(lang: str) -> None:
    rows = S.read_subtask1(DATA / lang / "subtask-1-annotations.txt")
    for r in rows:
        raw = S.read_document(DATA / lang / "raw-documents" / r.doc)
        span = S.align(raw, r)
        assert span is not None and S.lf_text(raw)[span[0]:span[1]] == S.lf_text(r.mention), r


@pytest.mark.parametrize("lang", ["EN", "BG", "HI", "PT", "RU"])
def test_semeval25_labels_are_the_catalogues(lang: str) -> None:
    from unspin import labels

    for r in S.read_subtask1(DATA / lang / "subtask-1-annotations.txt"):
        assert all(f in S.fine_roles_of(r.main) for f in r.fine), r
    for n in S.read_subtask2(DATA / lang / "subtask-2-annotations.txt"):
        assert all(labels.lookup("narrative", x) for x in n.narratives), n
        assert all(labels.lookup("sub_narrative", x) or x == "Other" for x in n.subnarratives), n


def test_semeval25_folds_cover_every_training_document() -> None:
    folds = json.loads((REPO / "training" / "splits" / "semeval25.json").read_text(encoding="utf-8"))["folds"]
    for lang in ("EN", "BG", "HI", "PT", "RU"):
        ids = {r.doc for r in S.read_subtask2(DATA / lang / "subtask-2-annotations.txt")}
        assert set(folds[lang]) == ids, lang
