"""sentence-vectors: encode every sentence once (USE multilingual v3) for the classifiers after it.

genre, frames, claims and paragraph persuasion all read sentence vectors; encoding them here once,
and pooling per paragraph, section and document downstream, keeps the four layers cheap. The
vectors live in ``Document.sentence_vectors`` (in memory only: they are not part of the JSON contract).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from unspin.document import Document, Span
from unspin.registry import Pipe, component

__all__ = ["make_sentence_vectors", "sentence_vectors_of", "vectors_in"]


def sentence_vectors_of(doc: Document) -> np.ndarray:
    """``doc.sentence_vectors``; a ``ValueError`` (the Analyzer names the layer) when sentence-vectors has not run."""
    if doc.sentence_vectors is None:
        raise ValueError("no sentence vectors: run the sentence-vectors layer first")
    return doc.sentence_vectors


def vectors_in(doc: Document, span: Span) -> np.ndarray:
    """The vectors of the sentences inside ``span`` (an ``(n, 512)`` array, maybe empty)."""
    vectors = sentence_vectors_of(doc)
    rows = [i for i, s in enumerate(doc.sentences) if s.start >= span.start and s.end <= span.end]
    return vectors[rows] if rows else vectors[:0]


@component("sentence-vectors", requires=["sentences"], assigns=["sentence_vectors"])
def make_sentence_vectors(config: dict[str, Any]) -> Pipe:
    """Encodes each sentence once (USE multilingual v3, numpy) for the text classifiers."""
    from unspin.ml.encoder import encode

    def sentence_vectors(doc: Document) -> Document:
        texts = [doc.span_text(s) for s in doc.sentences]
        doc.sentence_vectors = encode(texts) if texts else np.zeros((0, 512), dtype=np.float32)
        return doc

    return sentence_vectors
