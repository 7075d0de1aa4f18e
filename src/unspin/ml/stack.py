"""The second-stage technique classifier: names a span's technique from the tagger's outputs plus what the
tagger can't see (the span's meaning as a sentence-encoder vector, and whether it recurs in the article).

The tagger's own span classifier (``TCHead``) is fitted jointly with the encoder on the training articles, so its
probabilities are over-confident on them and it reads the span's tokens only. This stage is a multinomial
logistic regression over

* the log of the tagger's span-classifier probabilities (14),
* the 14 technique token heads over the span (mean and max) and over the ±20 tokens around it (mean),
* the span's length, position and repetition in the article (7),
* the span text's USE-m3 vector (512), from the sentence encoder the text-classification layers already load,

fitted on the tagger's training articles and its held-out validation articles (where its probabilities are
honest), with the regularisation chosen by cross-validation by article. numpy only at run time;
``python -m training.persuasion_stack`` rebuilds it and reports its nested cross-validated figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from unspin.ml.spans import extra_features, sigmoid, token_range

__all__ = ["STACK_FILE", "CONTEXT_TOKENS", "TCStack", "stack_features"]

STACK_FILE = "tc_stack.npz"
CONTEXT_TOKENS = 20


def stack_features(text: str, offsets: np.ndarray, logits: np.ndarray, spans: Sequence[tuple[int, int]],
                   base_probs: np.ndarray, span_vectors: np.ndarray) -> np.ndarray:
    """[N, 575] features of ``spans`` (char ranges) of one text; ``span_vectors`` are USE-m3 vectors of the spans."""
    tech = sigmoid(logits[:, 1:]) if len(logits) else np.zeros((0, 14), np.float32)
    rows = []
    for (s, e), p, v in zip(spans, base_probs, span_vectors, strict=True):
        i, j = token_range(offsets, s, e)
        a, b = max(0, i - CONTEXT_TOKENS), min(len(tech), j + CONTEXT_TOKENS)
        t = tech[i:j] if j > i else np.zeros((1, 14), np.float32)
        ctx = tech[a:b].mean(0) if b > a else np.zeros(14, np.float32)
        extra = extra_features(text, s, e, j - i)
        # extra[0] is log1p(other occurrences of the span in the text); the stack also sees it as a flag and
        # sees the token count unscaled (the layout the shipped weights were fitted on).
        rep = np.array([extra[0], float(extra[0] > 0), np.log1p(j - i)], np.float32)
        rows.append(np.concatenate([np.log(np.asarray(p, np.float32) + 1e-6), t.mean(0), t.max(0), ctx, extra,
                                    rep, v]))
    return np.asarray(rows, dtype=np.float32).reshape(len(rows), -1)


class TCStack:
    """Multinomial logistic regression (standardisation folded into the weights), run in numpy."""

    def __init__(self, w: np.ndarray, b: np.ndarray) -> None:
        self.w, self.b = w.astype(np.float32), b.astype(np.float32)

    @classmethod
    def load(cls, path: str | Path) -> TCStack:
        with np.load(path) as z:
            return cls(np.asarray(z["w"]), np.asarray(z["b"]))

    def save(self, path: str | Path) -> None:
        np.savez_compressed(path, w=self.w.astype(np.float16), b=self.b.astype(np.float32))

    def probs(self, feats: np.ndarray) -> np.ndarray:
        z = feats @ self.w + self.b
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    @staticmethod
    def encode_spans(texts: list[str]) -> np.ndarray:
        from unspin.ml import encoder

        return encoder.encode(texts)
