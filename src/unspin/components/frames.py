"""frames: the 14 framing dimensions of SemEval-2023 Task 3 subtask 2, multi-label with scores.

Thresholds were tuned for micro-F1 per training language (en, fr, de, it, pl, ru) on out-of-fold predictions of
the training articles; other languages use the pooled threshold and are zero-shot.

Vectors API: :func:`scores_from_vectors` / :func:`predict_from_vectors` take per document its ``(n_sentences, 512)``
sentence vectors (or a pooled ``(512,)`` vector), pooled by their normalised mean, exactly as in training.

Example: ``predict(["The new tax on fuel will cost families 300 euros a year."])[0][0][0] == "Economic"``
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from unspin.components.vectors import vectors_in
from unspin.document import Document, Frame
from unspin.ml.heads import label_scores, labels_above_threshold, text_vectors
from unspin.registry import Pipe, component

__all__ = ["make_frames", "FRAMES", "scores", "predict", "scores_from_vectors", "predict_from_vectors"]

FRAMES = (
    "Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation", "Crime_and_punishment",
    "Security_and_defense", "Health_and_safety", "Quality_of_life", "Cultural_identity", "Public_opinion",
    "Political", "External_regulation_and_reputation",
)


def scores_from_vectors(vectors: Sequence[np.ndarray], lang: str | None = None) -> list[dict[str, float]]:
    """All 14 frame scores per document. Example: ``scores_from_vectors([encode(sents)])[0]["Political"]``"""
    return label_scores("frames", FRAMES, vectors)


def predict_from_vectors(vectors: Sequence[np.ndarray], lang: str | None = None) -> list[list[tuple[str, float]]]:
    """Frames above their threshold, highest score first. Example: ``predict_from_vectors([encode(sents)], "en")``"""
    return labels_above_threshold("frames", FRAMES, vectors, lang)


def scores(texts: list[str], lang: str | None = None) -> list[dict[str, float]]:
    """All 14 frame scores for each document.

    Example: ``scores(["Crime rose 8% in Paris."])[0]["Crime_and_punishment"]``
    """
    return scores_from_vectors(text_vectors(texts), lang) if texts else []


def predict(texts: list[str], lang: str | None = None) -> list[list[tuple[str, float]]]:
    """Frames above threshold, ranked with their scores, for each document.

    Example: ``predict(["Parliament passed the asylum bill after weeks of debate."], "en")``
    """
    return predict_from_vectors(text_vectors(texts), lang) if texts else []


@component("frames", requires=["sections", "sentence_vectors", "language"], assigns=["frames"])
def make_frames(config: dict[str, Any]) -> Pipe:
    """Frames of the document (14 SemEval-2023 frames), ranked, above tuned thresholds."""
    def frames(doc: Document) -> Document:
        groups = [g for g in (vectors_in(doc, s) for s in doc.body_sections()) if len(g)]
        if not groups:
            doc.frames = []
            return doc
        found = predict_from_vectors([np.concatenate(groups)], doc.language)[0]
        doc.frames = [Frame(name, round(float(score), 4)) for name, score in found]
        return doc

    return frames
