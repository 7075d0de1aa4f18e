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

Title: a document is decided on its body sentences' vectors, and on its title's too when the head's decisions were
tuned that way (:func:`title_in_document`; the title is not among the sentences, so :func:`title_vectors` encodes it,
one sentence). Sections are decided on their own sentences.

Voice: when the ``voice`` layer ran before this one, the decisions also use voice shares (the share of the body's,
or a section's, sentences that are the writer's comment, reported speech, or the writer's plain fact):
:func:`voice_term` adds ``weights · shares + bias`` to the opinion log-score before the decision, with the weights of
``models/genre/voice_rule.json`` (fitted on the genre layer's training articles, see the file and
``python -m training.genre_voice``), for the languages the rule lists. The file holds two rules of that form: the
document rule (key ``"document"``; the document's decision with ``Document.voice``; absent in older files, then the
document is the head's alone) and the section rule (top level; a body section's decision with its own shares). Each
``Genre`` says what it used in ``evidence`` (``["head"]`` or ``["head", "voice"]``). A body section that holds
(nearly) the whole body (:data:`COVERS_DOCUMENT`) is the document: it takes the document's genre
(``origin="document"``, with the document's evidence).

Example: ``predict(["Opinion: this reckless plan is a disgrace and must be stopped."])[0][0] == "opinion"``
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from unspin.components.vectors import vectors_in
from unspin.document import Document, Genre
from unspin.ml.heads import load_head, model_path, normalise_lang, pooled_matrix, text_vectors
from unspin.registry import Pipe, component

__all__ = ["make_genre", "LABELS", "SECTION_KEY", "COVERS_DOCUMENT", "document_vectors", "title_in_document",
           "title_vectors",
           "predict", "predict_from_vectors", "predict_sections_from_vectors",
           "probabilities_from_vectors", "voice_rule", "voice_term"]

LABELS = ("reporting", "opinion", "satire")
# The head's decision shift for sections (reporting vs opinion; satire is judged on the whole document).
SECTION_KEY = "section"
# A body section holding at least this share of the body's sentences is the document: it gets the document's genre.
COVERS_DOCUMENT = 0.9


def probabilities_from_vectors(vectors: Sequence[np.ndarray], lang: str | None = None) -> np.ndarray:
    """``(n, 3)`` class probabilities in :data:`LABELS` order. Example: ``probabilities_from_vectors([v])``"""
    head = load_head("genre")
    p = head.proba(pooled_matrix(vectors))
    order = [head.labels.index(x) for x in LABELS]
    return p[:, order]


def predict_from_vectors(vectors: Sequence[np.ndarray], lang: str | None = None,
                         voice: Sequence[Mapping[str, float] | None] | None = None,
                         ) -> list[tuple[str, dict[str, float]]]:
    """Label and scores per text, from sentence vectors (see :func:`_decide`).

    ``voice``: each text's voice shares (or None; a whole document's: ``Document.voice``), used through
    :func:`voice_term` with the document rule where it applies.
    Example: ``predict_from_vectors([encode(sents)])``
    """
    head = load_head("genre")
    return _decide(probabilities_from_vectors(vectors, lang), head.threshold(lang), head.labels,
                   _voice_extra(len(vectors), voice, lang, "document"))


def predict_sections_from_vectors(vectors: Sequence[np.ndarray], lang: str | None = None,
                                  voice: Sequence[Mapping[str, float] | None] | None = None,
                                  ) -> list[tuple[str, dict[str, float]]]:
    """Reporting or opinion for parts of a document (sections), with the section decision of the head.

    A section is shorter than the articles the head was fitted on, and satire belongs to a whole publication, so
    sections choose between reporting and opinion with their own shift (tuned on section-sized chunks of the
    training articles; see the model card); the caller gives a satirical document's sections its label.
    ``voice``: each section's voice shares (or None), used through :func:`voice_term` where the rule applies.
    Example: ``predict_sections_from_vectors([encode(news_sentences), encode(comment_sentences)], "en")``
    """
    head = load_head("genre")
    shift = head.thresholds.get(SECTION_KEY)
    if shift is None:  # a head from before section decisions: the document shift, without satire
        shift = head.threshold(lang).copy()
        shift[head.labels.index("satire")] = -30.0
    return _decide(probabilities_from_vectors(vectors, lang), shift, head.labels,
                   _voice_extra(len(vectors), voice, lang, "section"))


def _voice_extra(n: int, voice: Sequence[Mapping[str, float] | None] | None, lang: str | None,
                 level: str) -> np.ndarray | None:
    """The ``extra`` of :func:`_decide`: each text's voice term on the opinion column (0 where there is none)."""
    if voice is None:
        return None
    extra = np.zeros((n, len(LABELS)), dtype=np.float64)
    for i, shares in enumerate(voice):
        extra[i, LABELS.index("opinion")] = voice_term(shares, lang, level) or 0.0
    return extra


@lru_cache(maxsize=1)
def voice_rule() -> dict[str, Any] | None:
    """The rules over voice shares (``models/genre/voice_rule.json``: the section rule at the top level, the document
    rule under ``"document"``), or None when the file is not shipped."""
    path = model_path("genre", "voice_rule.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def voice_term(shares: Mapping[str, float] | None, lang: str | None, level: str = "section") -> float | None:
    """What voice shares add to the opinion log-score of a body section (``level="section"``) or of the whole
    document (``level="document"``, with ``Document.voice``): ``sum(weights[k] * shares[k]) + bias`` of that level's
    rule; None when there are no shares, no such rule, or the rule does not cover the language.

    Example: ``voice_term({"comment": 0.6, "reported": 0.1, "fact": 0.3, "anonymous": 0.0}, "en")``
    """
    if level not in ("section", "document"):
        raise ValueError(f"level must be 'section' or 'document', not {level!r}")
    rule = voice_rule()
    if rule is not None and level == "document":
        rule = rule.get("document")
    if shares is None or rule is None or normalise_lang(lang) not in rule["languages"]:
        return None
    return float(sum(w * float(shares.get(k, 0.0)) for k, w in rule["weights"].items()) + rule["bias"])


def _decide(probs: np.ndarray, shift: np.ndarray, head_labels: Sequence[str],
            extra: np.ndarray | None = None) -> list[tuple[str, dict[str, float]]]:
    """The label and the scores it was chosen on.

    The decision adds a per-class log-prior shift to the head's softmax (tuned on training folds: opinion dominates
    the data, satire is rare), and ``extra`` (per row and class, in :data:`LABELS` order: the voice term) when
    given. The scores are the shifted probabilities, renormalised, so the label is always the highest score; a
    class the decision excludes (satire, for sections) scores 0.
    """
    shift = shift[[list(head_labels).index(x) for x in LABELS]]
    decision = np.log(np.clip(probs, 1e-9, None)) + shift
    if extra is not None:
        decision = decision + extra
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


def title_vectors(doc: Document) -> np.ndarray:
    """The document title's vector, ``(1, 512)`` (``(0, 512)`` without a title): the ``structure`` layer keeps the
    title out of the sentences, so the ``sentence-vectors`` layer never encodes it; this encodes it as one sentence.
    Example: ``title_vectors(doc).shape == (1, 512)``"""
    from unspin.ml.encoder import DIM, encode

    text = doc.span_text(doc.title).strip() if doc.title is not None else ""
    return np.asarray(encode([text]), np.float32).reshape(1, DIM) if text else np.zeros((0, DIM), np.float32)


def title_in_document() -> bool:
    """Whether a document's vector pools its title too: as the head's decisions were tuned (``score_vectors`` of its
    metadata, ``"pipeline-title"``; see the model card)."""
    return load_head("genre").meta.get("config", {}).get("score_vectors") == "pipeline-title"


def document_vectors(doc: Document, body: np.ndarray) -> np.ndarray:
    """The sentence vectors a document is decided on: its body sentences' (``body``), with the title's first when
    :func:`title_in_document`. Example: ``document_vectors(doc, vectors_in(doc, doc.body_sections()[0]))``"""
    return np.concatenate([title_vectors(doc), body]) if title_in_document() and len(body) else body


def _label(label: str, scores: dict[str, float], evidence: list[str]) -> Genre:
    return Genre(label, {k: round(float(v), 4) for k, v in scores.items()}, evidence=evidence)


def _inherit(document: Genre) -> Genre:
    """A section's genre taken from its document's (label, scores and what the document's decision used)."""
    return Genre(document.label, dict(document.scores), origin="document", evidence=list(document.evidence or ["head"]))


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
        voiced = "voice" in doc.layers
        doc_voice = [doc.voice] if voiced else None
        used = voiced and voice_term(doc.voice, doc.language, "document") is not None
        doc.genre = _label(*predict_from_vectors([document_vectors(doc, whole)], doc.language, doc_voice)[0],
                           ["head", "voice"] if used else ["head"])
        # Sections choose between reporting and opinion (their own decision); satire is a property of the whole
        # publication, so a satirical document's sections are satire too.
        if doc.genre.label == "satire":
            for i in keep:
                body[i].genre = _inherit(doc.genre)
            return doc
        voice = [body[i].voice for i in keep] if voiced else None
        sections = predict_sections_from_vectors([groups[i] for i in keep], doc.language, voice)
        for k, (i, (label, scores)) in enumerate(zip(keep, sections, strict=True)):
            if len(groups[i]) >= COVERS_DOCUMENT * len(whole):
                # (Nearly) the whole body: the section is the document, so it takes the document's decision; a
                # one-section article never reads reporting as a document and opinion as a section.
                body[i].genre = _inherit(doc.genre)
                continue
            voice_used = voice is not None and voice_term(voice[k], doc.language) is not None
            body[i].genre = _label(label, scores, ["head", "voice"] if voice_used else ["head"])
        return doc

    return genre
