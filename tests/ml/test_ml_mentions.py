"""Mention features for the role heads: the USE-m3 block, the numbers, the language and the e5 block."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.ml.mentions import E5_DIM, N_BASE, N_FEATURES, mention_features

TEXT = "Moscow blames Kyiv. Kyiv denies it. Moscow repeats the claim."
SENTS = [(0, 19), (20, 35), (36, 61)]
MENTIONS = [(0, 6), (14, 18), (20, 24)]


def _unit(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    v = rng.normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_without_e5_vectors_the_e5_block_stays_zero() -> None:
    rng = np.random.default_rng(0)
    x = mention_features(TEXT, SENTS, _unit(rng, 3, 512), MENTIONS, _unit(rng, 3, 512), "ru")
    assert x.shape == (3, N_FEATURES)
    assert not x[:, N_BASE:].any()
    assert x[0, :512].any() and x[0, N_BASE - 5:N_BASE].tolist() == [0, 0, 0, 0, 1]  # ru one-hot


def test_e5_vectors_fill_the_block_with_the_same_pooling_and_leave_the_rest_unchanged() -> None:
    rng = np.random.default_rng(1)
    vecs, names = _unit(rng, 3, 512), _unit(rng, 3, 512)
    e5v, e5n = _unit(rng, 3, E5_DIM), _unit(rng, 3, E5_DIM)
    plain = mention_features(TEXT, SENTS, vecs, MENTIONS, names, "ru")
    with_e5 = mention_features(TEXT, SENTS, vecs, MENTIONS, names, "ru", e5v, e5n)
    assert np.array_equal(plain[:, :N_BASE], with_e5[:, :N_BASE])
    block = with_e5[:, N_BASE:]
    assert block[:, -1].tolist() == [1.0, 1.0, 1.0]
    assert np.allclose(block[0, :E5_DIM], e5v[0])  # "Moscow" sits in sentence 0
    assert np.allclose(block[2, :E5_DIM], e5v[1])  # the second "Kyiv" in sentence 1
    same_name = e5v[[0, 2]].mean(axis=0)  # "moscow" is named in sentences 0 and 2
    assert np.allclose(block[0, 2 * E5_DIM:3 * E5_DIM], same_name / np.linalg.norm(same_name), atol=1e-6)
    assert np.allclose(block[1, 4 * E5_DIM:5 * E5_DIM], e5n[1])


def test_e5_vectors_must_match_the_sentences_and_mentions() -> None:
    rng = np.random.default_rng(2)
    vecs, names = _unit(rng, 3, 512), _unit(rng, 3, 512)
    with pytest.raises(ValueError, match="e5 vectors must match"):
        mention_features(TEXT, SENTS, vecs, MENTIONS, names, "ru", _unit(rng, 2, E5_DIM), _unit(rng, 3, E5_DIM))
