"""claims: check-worthiness in [0, 1] for every sentence, and a claim flag at a calibrated threshold.

The head (below) was trained on CheckThat! English sentences; see
``models/claims/MODEL_CARD.md`` for data, scores and the threshold's calibration. Sentences in
other languages are scored too (the encoder is multilingual) and a note says it is untested.

The decision: check-worthiness of sentences (CheckThat! task 1), a score in [0, 1] and a claim flag at a calibrated
threshold.

The score comes from a small head over the sentence's USE-m3 vector plus cheap surface features that mark
verifiable statements (numbers, percentages and money, years and dates, mid-sentence capitalised names, quantity
verbs) or their absence (questions, first/second person, opinion verbs, very short sentences). Trained on English
(CheckThat! 2024 debate sentences and 2021/2022 tweets); other languages get the same head, untested.

``THRESHOLD`` (module attribute, loaded lazily) / :func:`threshold` is the decision threshold, calibrated for the
positive-class F1 on sentences held out from training (see the model card).

Vectors API: :func:`score_from_vectors` takes the ``(n, 512)`` sentence vectors the pipeline already computed
plus the sentences themselves (for the surface features).

Example: ``score(["Unemployment fell to 3.5% in May 2019, the lowest since 1969."])[0] > THRESHOLD``
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from unspin.components.vectors import sentence_vectors_of
from unspin.document import Document
from unspin.ml.encoder import encode
from unspin.ml.heads import load_head, rule_flags, sentence_probabilities
from unspin.registry import Pipe, component

# + THRESHOLD (lazy, module __getattr__)
__all__ = ["make_claims", "score", "score_from_vectors", "is_claim", "threshold", "features", "FEATURE_NAMES"]

# Case-insensitive rules are matched against the lower-cased sentence (cheaper than re.IGNORECASE on unicode).
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("digit", re.compile(r"\d")),
    ("percent_money", re.compile(r"%|\$|€|£|\bper ?cent\b|\bpercent(age)?\b|\bdollars?\b|\b[mb]illions?\b"
                                 r"|\btrillions?\b")),
    ("year", re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")),
    ("date", re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|december"
                        r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday"
                        r"|last (year|month|week))\b")),
    ("quantity_verb", re.compile(r"\b(increas|decreas|rose|rise|fell|fall|grew|grow|doubl|tripl|cut|rais|lower|higher"
                                 r"|more than|less than|fewer|record|times|percent|number of|rate|average)")),
    ("number_word", re.compile(r"\b(hundred|thousand|million|billion|half|third|quarter|twice|dozens?)\b")),
    ("question", re.compile(r"\?\s*[\"'”’)]*\s*$")),
    ("exclaim", re.compile(r"!")),
    ("first_singular", re.compile(r"\b(i|me|my|mine|i'm|i've|i'll|i'd)\b")),
    ("first_plural", re.compile(r"\b(we|us|our|ours|we're|we've|we'll)\b")),
    ("second_person", re.compile(r"\b(you|your|yours|you're|you've)\b")),
    ("opinion", re.compile(r"\b(think|believe|feel|hope|wish|want|should|must|ought|need to|going to|will|would"
                           r"|great|terrible|wonderful|wrong|right thing|disgrace|ridiculous)\b")),
    ("thanks_greeting", re.compile(r"\b(thank|thanks|congratulations|welcome|good (evening|morning|night)"
                                   r"|applause)\b")),
)
_CASED = {0, 2, 6, 7}  # digit, year, question, exclaim: case does not matter, match the original
_NAME = re.compile(r"(?<=\s)[A-Z][a-z]+|(?<=\s)[A-Z]{2,}\b")
FEATURE_NAMES = tuple(n for n, _ in _RULES) + ("names", "log_words", "short")


def features(sentences: Sequence[str]) -> np.ndarray:
    """``(n, len(FEATURE_NAMES))`` surface features. Example: ``features(["In 2019 we won."])[0][2] == 1.0``"""
    out = np.zeros((len(sentences), len(FEATURE_NAMES)), dtype=np.float32)
    k = len(_RULES)
    out[:, :k] = rule_flags(_RULES, sentences, cased=_CASED)
    for i, s in enumerate(sentences):
        words = len(s.split())
        out[i, k] = np.log1p(len(_NAME.findall(s)))
        out[i, k + 1] = np.log1p(words)
        out[i, k + 2] = 1.0 if words < 6 else 0.0
    return out


def score_from_vectors(vectors: np.ndarray, sentences: Sequence[str]) -> np.ndarray:
    """Check-worthiness in [0, 1] from precomputed sentence vectors and the sentences. Example: see module doc."""
    if len(vectors) != len(sentences):
        raise ValueError(f"{len(vectors)} vectors for {len(sentences)} sentences")
    return sentence_probabilities("claims", vectors, features(sentences))


def score(sentences: list[str]) -> np.ndarray:
    """Check-worthiness in [0, 1] of each sentence.

    Example: ``score(["The bill passed 52-48 on March 3.", "Isn't that just wonderful?"])``
    """
    return score_from_vectors(encode(sentences), sentences) if sentences else np.zeros(0, dtype=np.float32)


def threshold() -> float:
    """The calibrated claim threshold. Example: ``score(sentences) >= threshold()``"""
    return float(load_head("claims").threshold(None)[0])


def is_claim(sentences: list[str]) -> np.ndarray:
    """Boolean claim flags at :func:`threshold`. Example: ``is_claim(["Taxes rose 5% in 2020."])``"""
    return score(sentences) >= threshold()


def __getattr__(name: str) -> Any:  # PEP 562: THRESHOLD loads the model only when first asked for
    if name == "THRESHOLD":
        return threshold()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@component("claims", requires=["sentences", "sentence_vectors"], assigns=["sentences.checkworthiness"],
           default_config={"threshold": None})
def make_claims(config: dict[str, Any]) -> Pipe:
    """Check-worthiness per sentence (CheckThat!), with a claim flag at a calibrated threshold."""
    cut = float(config["threshold"]) if config.get("threshold") is not None else threshold()

    def claims(doc: Document) -> Document:
        if not doc.sentences:
            return doc
        texts = [doc.span_text(s) for s in doc.sentences]
        scores = score_from_vectors(sentence_vectors_of(doc), texts)
        for sentence, score in zip(doc.sentences, scores, strict=True):
            sentence.checkworthiness = round(float(score), 4)
            sentence.claim = bool(score >= cut)
        if doc.language not in (None, "en"):
            doc.note("claims", f"check-worthiness was trained on English; {doc.language!r} is untested")
        return doc

    return claims
