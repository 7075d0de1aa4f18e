"""The reporting parts of every committed split never occur among the training or tuning ids (no data needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SPLITS = Path(__file__).resolve().parents[2] / "training" / "splits"


def _load(name: str) -> dict[str, Any]:
    return json.loads((SPLITS / name).read_text(encoding="utf-8"))


def test_semeval23_validation_never_in_training() -> None:
    se = _load("semeval23.json")
    assert set(se["validation"]) == set(se["train"]) == {"en", "fr", "ge", "it", "po", "ru"}
    for lang, val in se["validation"].items():
        train = set(se["train"][lang])
        assert val and train, lang
        assert not set(val) & train, f"{lang}: validation ids among the training ids"
        assert len(set(val)) == len(val)


def test_checkthat_report_part_never_in_training_or_tuning() -> None:
    ct = _load("checkthat.json")
    report = set(ct["report"]["ct24_devtest"])
    tuning = set(ct["tuning"]["ct24_dev"])
    train = set(ct["train"]["ct24_train"])
    assert report and tuning and train
    assert not report & tuning and not report & train and not tuning & train
    # every file the report part is drawn from is named, and none of the training files is it
    assert all("dev-test" not in f or "arabic" in f for f in ct["train_files"])


def test_genre_news_report_part_never_in_training() -> None:
    g = _load("genre_news.json")
    report = set(g["report"]["polnear_dev"])
    train = set(g["train"]["polnear"])
    assert len(report) == 84 and len(train) == 840
    assert not report & train
    assert not report & set(g["train"]["basil"])


def test_subjectivity_report_part_never_in_training() -> None:
    sj = _load("subjectivity.json")
    assert set(sj["train"]) == set(sj["report"]) == {"en", "de", "tr"}
    for lang, report in sj["report"].items():
        train = set(sj["train"][lang])
        assert report and train, lang
        assert not set(report) & train, f"{lang}: reporting ids among the training ids"
        assert len(set(report)) == len(report) and len(train) == len(sj["train"][lang])


def test_polnear_quotes_dev_never_in_fit_or_tuning() -> None:
    q = _load("polnear_quotes.json")
    fit, tuning, report = set(q["fit"]), set(q["tuning"]), set(q["report"])
    assert len(fit) == 756 and len(tuning) == 84 and len(report) == 84
    assert not fit & tuning and not report & fit and not report & tuning
    # consistent with the genre split: the same PolNeAR dev articles are the report part there too
    assert report == set(_load("genre_news.json")["report"]["polnear_dev"])


def test_semeval25_folds_assign_each_document_one_fold() -> None:
    folds = _load("semeval25.json")["folds"]
    assert set(folds) == {"EN", "BG", "HI", "PT", "RU", "POLNEAR"}
    for lang, by_doc in folds.items():
        assert set(by_doc.values()) == {0, 1, 2, 3, 4}, lang  # a dict: one fold per document, so folds are disjoint
        sizes = [list(by_doc.values()).count(k) for k in range(5)]
        assert max(sizes) - min(sizes) <= 1, (lang, sizes)  # balanced by document
    assert len(folds["EN"]) == 399 and len(folds["RU"]) == 133


def test_ptc_crossfit_runs_never_train_on_their_held_out_fold() -> None:
    from training.persuasion import crossfit_ids

    ptc = _load("ptc.json")
    folds = ptc["validation_folds"]["folds"]
    everything = set(ptc["train"]) | set(ptc["validation"])
    assert len(everything) == len(ptc["train"]) + len(ptc["validation"])  # train and validation are disjoint
    for k, fold in enumerate(folds):
        train, held = crossfit_ids(ptc, k)
        assert held == sorted(fold)
        assert not set(train) & set(held), f"fold {k}: held-out articles among the training ids"
        assert set(train) | set(held) == everything and len(train) == len(set(train))
        assert set(ptc["train"]) <= set(train)  # the 297 training articles are always in
    train, held = crossfit_ids(ptc, -1)  # the final model: every article, nothing held out
    assert held == [] and set(train) == everything and len(train) == len(everything)
    with pytest.raises(SystemExit):
        crossfit_ids(ptc, len(folds))
