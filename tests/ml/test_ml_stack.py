"""The second-stage technique classifier and the two operating points (benchmark / precision)."""

from __future__ import annotations

import json
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import pytest

from training.persuasion_stack import SPLIT_FILE, assign, fit_stack
from unspin.benchmarks.ptc import Label
from unspin.errors import InputError
from unspin.ml.stack import STACK_FILE, TCStack, stack_features
from unspin.ml.tagger import DEFAULT_MODEL_DIR, load_tagger


@pytest.mark.parametrize("n_spans", [1, 3])
def test_stack_features_shape_and_repetition(n_spans: int) -> None:
    text = "The plague spread. The plague is here. Nobody cares."
    offsets = np.array([[0, 3], [4, 10], [11, 17], [19, 22], [23, 29], [30, 32], [33, 37], [39, 45], [46, 51]])
    logits = np.zeros((len(offsets), 15), np.float32)
    spans = [(4, 10), (23, 29), (39, 45)][:n_spans]
    base = np.full((n_spans, 14), 1 / 14, np.float32)
    feats = stack_features(text, offsets, logits, spans, base, np.zeros((n_spans, 512), np.float32))
    assert feats.shape == (n_spans, 14 * 4 + 4 + 3 + 512)
    # "plague" occurs twice: the repetition flag is set for the first span
    assert feats[0, 14 * 4 + 4 + 1] == 1.0


def test_fit_stack_folds_standardisation_into_weights() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 5.0, size=(300, 6)).astype(np.float32)
    y = (x[:, 0] > 3).astype(int) + 2 * (x[:, 1] > 3).astype(int)  # classes 0..3 of 14
    stack = fit_stack(x, y, 1.0, 14)
    mu, sd = x.mean(0), x.std(0) + 1e-6
    ref = LogisticRegression(C=1.0, max_iter=3000).fit((x - mu) / sd, y)
    np.testing.assert_allclose(stack.probs(x)[:, :4], ref.predict_proba((x - mu) / sd), atol=1e-4)
    assert np.all(stack.probs(x)[:, 4:] < 1e-9)  # a technique never seen is never chosen


def test_stack_roundtrip(tmp_path) -> None:  # noqa: ANN001
    stack = TCStack(np.eye(3, 14, dtype=np.float32), np.zeros(14, np.float32))
    stack.save(tmp_path / STACK_FILE)
    again = TCStack.load(tmp_path / STACK_FILE)
    x = np.array([[1.0, 0.0, 0.0]], np.float32)
    np.testing.assert_allclose(again.probs(x), stack.probs(x), atol=1e-3)
    assert again.probs(x).sum() == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("dup", [1, 2])
def test_assign_gives_a_repeated_gold_span_its_next_best_technique(dup: int) -> None:
    probs = np.tile(np.linspace(0.2, 0.01, 14), (dup, 1))
    labels = [Label("a", 0, 5, "x")] * dup
    assert assign(probs, labels) == list(range(dup))


def test_validation_folds_partition_the_validation_articles() -> None:
    split = json.loads(SPLIT_FILE.read_text())
    folds = split["validation_folds"]["folds"]
    flat = [a for f in folds for a in f]
    assert len(folds) == 5 and len(flat) == len(set(flat))
    assert sorted(flat) == sorted(split["validation"])
    assert not set(flat) & set(split["train"])


@pytest.mark.slow
def test_shipped_model_has_a_second_stage_and_two_operating_points() -> None:
    tagger = load_tagger()
    assert (DEFAULT_MODEL_DIR / STACK_FILE).is_file() and tagger.tc_stack is not None
    assert tagger.operating_point("benchmark") == tagger.threshold
    assert tagger.operating_point("precision") > tagger.threshold
    with pytest.raises(InputError, match="operating point"):
        tagger.operating_point("lenient")


@pytest.mark.slow
def test_precision_point_shows_a_subset_of_the_benchmark_spans() -> None:
    tagger = load_tagger()
    text = ("These corrupt, treacherous politicians have betrayed every decent family in this country. "
            "The radical leftist thugs will stop at nothing to destroy our way of life.")
    bench = tagger.tag(text, tagger.operating_point("benchmark"))
    prec = tagger.tag(text, tagger.operating_point("precision"))
    assert prec, "a loaded paragraph keeps spans at the precision point"
    assert len(prec) <= len(bench)
    covered = [(s.start, s.end) for s in bench]
    assert all(any(a <= p.start and p.end <= b for a, b in covered) for p in prec)


@pytest.mark.slow
def test_min_technique_prob_leaves_out_unsure_whole_spans_and_keeps_their_phrases() -> None:
    tagger = load_tagger()
    text = ("These corrupt, treacherous politicians have betrayed every decent family in this country. "
            "The radical leftist thugs will stop at nothing to destroy our way of life.")
    inf = tagger.infer([text])[0]
    found = tagger.decode(inf)
    every = tagger.spans_from(inf)
    assert every and tagger.spans_from(inf, min_technique_prob=0.0) == every
    # above any probability: no whole span is left, only the technique phrases inside them (SI's spans unchanged)
    phrases = tagger.spans_from(inf, min_technique_prob=1.01)
    assert len(phrases) <= len(every) - len(found)
    assert all(any(a <= p.start and p.end <= b for a, b, _ in found) for p in phrases)
    # the shipped FLC output uses the configured value; analyze (tag_many without flc) keeps every span
    assert tagger.tag_many([text])[0] == every
    flc = tagger.spans_from(inf, min_technique_prob=tagger.flc_min_technique_prob)
    assert tagger.tag_many([text], flc=True)[0] == flc
