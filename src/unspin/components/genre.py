"""genre: reporting / opinion / satire for the whole document and for each body section.

SemEval-2023 Task 3 subtask 1 head over pooled sentence vectors (below); an
article whose "News" section reports and whose "Comment" section argues says so per section: sections
choose between reporting and opinion with a decision tuned on section-sized chunks, and inherit satire
(label and scores, marked ``"from": "document"``: ``Genre.origin``) from a satirical document. In every
``genre`` object the label is the highest of its ``scores`` (see :func:`_decide`).

The decision: the genre of any text, "reporting", "opinion" or "satire" (the SemEval-2023 Task 3 subtask 1 labels).

Works on a whole document or on any section of it (the head was trained on whole articles, so very short
sections, a sentence or two, are less reliable). Multilingual through the USE-m3 encoder; trained on en, fr, de,
it, pl, ru pooled, other encoder languages are zero-shot.

Vectors API (encode once in the pipeline): :func:`predict_from_vectors` takes, per text, its ``(n_sentences, 512)``
sentence vectors from :func:`unspin.ml.encoder.encode` (or an already pooled ``(512,)`` vector); the text is
represented by the normalised mean of its sentence vectors, exactly as in training.

Example: ``predict(["Opinion: this reckless plan is a disgrace and must be stopped."])[0][0] == "opinion"``
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from unspin.components.vectors import vectors_in
from unspin.document import Document, Genre
from unspin.ml.heads import load_head, pooled_matrix, text_vectors
from unspin.registry import Pipe, component

__all__ = ["make_genre", "LABELS", "SECTION_KEY", "predict", "predict_from_vectors", "predict_sections_from_vectors",
           "probabilities_from_vectors"]

LABELS = ("reporting", "opinion", "satire")
# The head's decision shift for sections (reporting vs opinion; satire is judged on the whole document).
SECTION_KEY = "section"


def probabilities_from_vectors(vectors: Sequence[np.ndarray], lang: str | None = None) -> np.ndarray:
    """``(n, 3)`` class probabilities in :data:`LABELS` order. Example: ``probabilities_from_vectors([v])``"""
    head = load_head("genre")
    p = head.proba(pooled_matrix(vectors))
    order = [head.labels.index(x) for x in LABELS]
    return p[:, order]


def predict_from_vectors(vectors: Sequence[np.ndarray], lang: str | None = None) -> list[tuple[str, dict[str, float]]]:
    """Label and scores per text, from sentence vectors (see :func:`_decide`).

    Example: ``predict_from_vectors([encode(sents)])``
    """
    head = load_head("genre")
    return _decide(probabilities_from_vectors(vectors, lang), head.threshold(lang), head.labels)


def predict_sections_from_vectors(vectors: Sequence[np.ndarray],
                                  lang: str | None = None) -> list[tuple[str, dict[str, float]]]:
    """Reporting or opinion for parts of a document (sections), with the section decision of the head.

    A section is shorter than the articles the head was fitted on, and satire belongs to a whole publication, so
    sections choose between reporting and opinion with their own shift (tuned on section-sized chunks of the
    training articles; see the model card); the caller gives a satirical document's sections its label.
    Example: ``predict_sections_from_vectors([encode(news_sentences), encode(comment_sentences)], "en")``
    """
    head = load_head("genre")
    shift = head.thresholds.get(SECTION_KEY)
    if shift is None:  # a head from before section decisions: the document shift, without satire
        shift = head.threshold(lang).copy()
        shift[head.labels.index("satire")] = -30.0
    return _decide(probabilities_from_vectors(vectors, lang), shift, head.labels)


def _decide(probs: np.ndarray, shift: np.ndarray, head_labels: Sequence[str]) -> list[tuple[str, dict[str, float]]]:
    """The label and the scores it was chosen on.

    The decision adds a per-class log-prior shift to the head's softmax (tuned on training folds: opinion dominates
    the data, satire is rare). The scores are the shifted probabilities, renormalised, so the label is always the
    highest score; a class the decision excludes (satire, for sections) scores 0.
    """
    shift = shift[[list(head_labels).index(x) for x in LABELS]]
    decision = np.log(np.clip(probs, 1e-9, None)) + shift
    scores = np.exp(decision - decision.max(axis=1, keepdims=True))
    scores /= scores.sum(axis=1, keepdims=True)
    return [(LABELS[int(np.argmax(row))], {lab: round(float(v), 4) for lab, v in zip(LABELS, row, strict=True)})
            for row in scores]


def predict(texts: list[str], lang: str | None = None) -> list[tuple[str, dict[str, float]]]:
    """Genre label and scores for each text (documents or sections; see :func:`_decide`).

    Example: ``predict(["The council voted 7-2 on Tuesday to approve the budget."], "en")[0][0] == "reporting"``
    """
    if not texts:
        return []
    return predict_from_vectors(text_vectors(texts), lang)


def _label(label: str, scores: dict[str, float]) -> Genre:
    return Genre(label, {k: round(float(v), 4) for k, v in scores.items()})


@component("genre", requires=["sections", "sentence_vectors", "language"], assigns=["genre", "sections.genre"])
def make_genre(config: dict[str, Any]) -> Pipe:
    """Genre (reporting/opinion/satire) of the document and of each body section."""
    def genre(doc: Document) -> Document:
        body = doc.body_sections()
        groups = [vectors_in(doc, s) for s in body]
        keep = [i for i, g in enumerate(groups) if len(g)]
        if not keep:
            doc.genre = None
            return doc
        whole = np.concatenate([groups[i] for i in keep]) if len(keep) > 1 else groups[keep[0]]
        doc.genre = _label(*predict_from_vectors([whole], doc.language)[0])
        # Sections choose between reporting and opinion (their own decision); satire is a property of the whole
        # publication, so a satirical document's sections are satire too.
        if doc.genre.label == "satire":
            for i in keep:
                body[i].genre = Genre(doc.genre.label, dict(doc.genre.scores), origin="document")
            return doc
        sections = predict_sections_from_vectors([groups[i] for i in keep], doc.language)
        for i, (label, scores) in zip(keep, sections, strict=True):
            body[i].genre = _label(label, scores)
        return doc

    return genre
