"""paragraph-persuasion: the 23 techniques of SemEval-2023 Task 3 subtask 3, per paragraph.

Multilingual (trained on en, fr, de, it, pl, ru; other languages the encoder covers are marked
zero-shot in a note). Complements the English span layer ``persuasion``.

The decision, over the sentence vectors of each paragraph:

Trained on en, fr, de (SemEval "ge"), it, pl ("po") and ru pooled, with a decision threshold per language
(tuned for micro-F1 on out-of-fold training predictions). Any other language is zero-shot (:func:`is_zero_shot`):
it gets the pooled threshold, and results are only meaningful for languages the USE-m3 encoder covers
(:data:`unspin.ml.heads.ENCODER_LANGS`).

Vectors API: :func:`predict_from_vectors` / :func:`scores_from_vectors` take per paragraph its
``(n_sentences, 512)`` sentence vectors (or a pooled ``(512,)`` vector), pooled by the normalised mean, as in training.

Example: ``predict(["These traitors will destroy our great nation!"], "en")``
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from unspin.components.vectors import vectors_in
from unspin.document import Document, ParagraphTechnique
from unspin.labels import taxonomy_spellings
from unspin.ml.heads import (
    ENCODER_LANGS,
    TRAINED_LANGS,
    label_scores,
    labels_above_threshold,
    normalise_lang,
    text_vectors,
)
from unspin.registry import Pipe, component

__all__ = ["make_paragraph_persuasion", "TECHNIQUES", "predict", "scores", "predict_from_vectors",
           "scores_from_vectors", "is_zero_shot", "is_covered"]

# The one list of SemEval-2023's techniques is the label catalogue's (unspin/labels.json, taxonomy "semeval2023").
# Its order does not matter to the shipped head, which stores its own label list and is indexed by name
# (unspin.ml.heads.label_probabilities).
TECHNIQUES: tuple[str, ...] = taxonomy_spellings("semeval2023")


def is_zero_shot(lang: str | None) -> bool:
    """True for a language the head was not trained on (None = unknown = zero-shot). Example: ``is_zero_shot("es")``"""
    return normalise_lang(lang) not in TRAINED_LANGS


def is_covered(lang: str | None) -> bool:
    """True when the encoder was trained on the language at all. Example: ``is_covered("ka") is False``"""
    return normalise_lang(lang) in ENCODER_LANGS


def scores_from_vectors(vectors: Sequence[np.ndarray], lang: str | None = None) -> list[dict[str, float]]:
    """All 23 technique scores per paragraph. Example: ``scores_from_vectors([encode(sents)])``"""
    return label_scores("paragraph_persuasion", TECHNIQUES, vectors)


def predict_from_vectors(vectors: Sequence[np.ndarray], lang: str | None = None) -> list[list[tuple[str, float]]]:
    """Techniques above the language's thresholds, highest first. Example: ``predict_from_vectors([v], "fr")``"""
    return labels_above_threshold("paragraph_persuasion", TECHNIQUES, vectors, lang)


def scores(paragraphs: list[str], lang: str | None = None) -> list[dict[str, float]]:
    """All 23 technique scores for each paragraph. Example: ``scores(["Only a fool would believe this."], "en")``"""
    return scores_from_vectors(text_vectors(paragraphs), lang) if paragraphs else []


def predict(paragraphs: list[str], lang: str | None) -> list[list[tuple[str, float]]]:
    """Techniques above threshold, ranked with scores, for each paragraph.

    Example: ``predict(["Wake up, patriots: they are stealing your country!"], "en")``
    """
    return predict_from_vectors(text_vectors(paragraphs), lang) if paragraphs else []


@component("paragraph-persuasion", requires=["paragraphs", "sentence_vectors", "language"],
           assigns=["paragraphs.persuasion"])
def make_paragraph_persuasion(config: dict[str, Any]) -> Pipe:
    """Persuasion techniques per paragraph (23 SemEval-2023 techniques, six trained languages)."""
    def paragraph_persuasion(doc: Document) -> Document:
        if not is_covered(doc.language):
            doc.note("paragraph-persuasion", f"skipped: the encoder does not cover language {doc.language!r}")
            return doc
        if is_zero_shot(doc.language):
            doc.note("paragraph-persuasion", f"zero-shot: no training data in {doc.language!r}")
        groups = [(p, vectors_in(doc, p)) for p in doc.paragraphs]
        groups = [(p, v) for p, v in groups if len(v)]
        if not groups:
            return doc
        found = predict_from_vectors([v for _, v in groups], doc.language)
        for (paragraph, _), techniques in zip(groups, found, strict=True):
            paragraph.persuasion = [ParagraphTechnique(t, round(float(s), 4)) for t, s in techniques]
        return doc

    return paragraph_persuasion
