"""claims: check-worthiness in [0, 1] for every sentence, and a claim flag at a calibrated threshold.

The head (``unspin.textcat.claims``) was trained on CheckThat! English sentences; see
``models/claims/MODEL_CARD.md`` for data, scores and the threshold's calibration. Sentences in
other languages are scored too (the encoder is multilingual) and a note says it is untested.
"""

from __future__ import annotations

from typing import Any

from unspin.components.vectors import sentence_vectors_of
from unspin.document import Document
from unspin.registry import Pipe, component

__all__ = ["make_claims"]


@component("claims", requires=["sentences", "sentence_vectors"], assigns=["sentences.checkworthiness"],
           default_config={"threshold": None})
def make_claims(config: dict[str, Any]) -> Pipe:
    """Check-worthiness per sentence (CheckThat!), with a claim flag at a calibrated threshold."""
    from unspin.textcat import claims as head

    cut = float(config["threshold"]) if config.get("threshold") is not None else head.threshold()

    def claims(doc: Document) -> Document:
        if not doc.sentences:
            return doc
        texts = [doc.span_text(s) for s in doc.sentences]
        scores = head.score_from_vectors(sentence_vectors_of(doc), texts)
        for sentence, score in zip(doc.sentences, scores, strict=True):
            sentence.checkworthiness = round(float(score), 4)
            sentence.claim = bool(score >= cut)
        if doc.language not in (None, "en"):
            doc.note("claims", f"check-worthiness was trained on English; {doc.language!r} is untested")
        return doc

    return claims
