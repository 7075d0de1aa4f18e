"""subjectivity: how much each sentence expresses the writer's (or a speaker's) view, in [0, 1], and a label.

The decision: sentence subjectivity as in CheckThat! 2023 Task 2 (SUBJ/OBJ), here ``subjective`` | ``objective``
at a threshold calibrated per language for macro-F1 on out-of-fold training predictions (see
``models/subjectivity/MODEL_CARD.md``).

The score comes from a small head over the sentence's USE-m3 vector (already computed by ``sentence-vectors``)
plus cheap surface features that mark opinion (first and second person, modals of obligation, evaluative
adjectives and intensifiers, exclamation and question marks, quotation marks, superlatives) in English, German
and Turkish, regexes only. Trained on the CheckThat! 2023 Task 2 English, German and Turkish training files
together; other encoder languages are scored zero-shot with the pooled threshold, and a note says so.

Sentences of fewer than :data:`MIN_WORDS` words with letters in them (a timestamp "7 p.m.", a rule line "___.", a
lone name) are not judged: they keep no score and no label, and the voice layer leaves them out of its shares (on
live-blog news such fragments scored as subjective, measured on PolNeAR dev).

Vectors API: :func:`score_from_vectors` takes the ``(n, 512)`` sentence vectors and the sentences.

Example: ``score(["What a shameful, cowardly decision this was!"])[0] > threshold("en")``
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from unspin.components.vectors import sentence_vectors_of
from unspin.document import Document
from unspin.ml.heads import load_head, normalise_lang, rule_flags, sentence_probabilities
from unspin.registry import Pipe, component

__all__ = ["make_subjectivity", "score", "score_from_vectors", "threshold", "features", "judged", "FEATURE_NAMES",
           "LABELS", "TRAINED_LANGS", "MIN_WORDS"]

LABELS = ("subjective", "objective")
MIN_WORDS = 3  # fewer words with letters: not judged
_WORD = re.compile(r"[^\W\d_]{2,}|\b[^\W\d_]\b")
TRAINED_LANGS = ("en", "de", "tr")

# Matched against the lower-cased sentence. English, German and Turkish word lists in one pattern per cue: a
# sentence in any language can only match its own words (the lists barely overlap).
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("first_person", re.compile(r"\b(i|me|my|mine|we|us|our|ours|i'm|i've|we're|ich|mir|mich|mein\w*|wir|uns|unser\w*"
                                r"|ben|bana|beni|benim|biz|bize|bizi|bizim)\b")),
    ("second_person", re.compile(r"\b(you|your|yours|du|dir|dich|dein\w*|ihr|euch|euer\w*|sen|sana|seni|senin|siz"
                                 r"|size|sizi|sizin)\b")),
    ("modal", re.compile(r"\b(should|must|ought|need to|needs to|have to|has to|sollte\w*|muss\w*|müsste\w*|darf"
                         r"|dürfen|dürfte\w*|gehört sich|\w+mal[ıi]\w*|\w+mel[iı]\w*|gerek\w*|lazım)\b")),
    ("evaluative", re.compile(
        r"\b(good|bad|great|terrible|awful|horrible|wonderful|excellent|disgraceful|shameful|ridiculous|absurd"
        r"|stupid|foolish|outrageous|appalling|disastrous|brilliant|pathetic|cynical|reckless|dangerous|sad|tragic"
        r"|shocking|incredible|amazing|unbelievable|fair|unfair|wrong|right|evil|corrupt|honest|dishonest|lies|lie"
        r"|beautiful|ugly|worse|worst|better|best|clearly|obviously|surely|certainly|unfortunately|fortunately"
        r"|sadly|gut|schlecht|schlimm\w*|schrecklich\w*|furchtbar\w*|wunderbar\w*|großartig\w*|lächerlich\w*"
        r"|absurd\w*|dumm\w*|skandal\w*|peinlich\w*|gefährlich\w*|traurig\w*|unglaublich\w*|richtig\w*|falsch\w*"
        r"|offensichtlich|natürlich|leider|zum glück|besser|beste\w*|schlechter|iyi|kötü|harika|berbat|korkunç"
        r"|rezil|saçma|utanç\w*|maalesef|ne yazık ki|tabii ki|elbette|açıkça|daha iyi|en iyi)\b")),
    ("intensifier", re.compile(r"\b(very|really|extremely|totally|utterly|absolutely|completely|so much|too|even"
                               r"|sehr|wirklich|äußerst|völlig|total|absolut|ganz|zu|sogar|çok|gerçekten|son derece"
                               r"|tamamen|kesinlikle|bile|hiç)\b")),
    ("superlative", re.compile(r"\b(most|least|\w{3,}est|am \w+sten|aller\w+|en)\b")),
    ("exclaim", re.compile(r"!")),
    ("question", re.compile(r"\?")),
    ("quote_mark", re.compile(r"[\"“”„«»]")),
    ("hedge", re.compile(r"\b(perhaps|maybe|probably|seems?|apparently|vielleicht|wohl|offenbar|scheint|belki"
                         r"|galiba|muhtemelen|sanki)\b")),
    ("reporting_verb", re.compile(r"\b(said|says|told|according to|announced|reported|sagte|sagt|erklärte|laut"
                                  r"|zufolge|teilte|dedi|açıkladı|belirtti|göre)\b")),
    ("number", re.compile(r"\d")),
)
FEATURE_NAMES = tuple(n for n, _ in _RULES) + ("log_words",)


def features(sentences: Sequence[str]) -> np.ndarray:
    """``(n, len(FEATURE_NAMES))`` surface features. Example: ``features(["We must act now!"])[0][2] == 1.0``"""
    out = np.zeros((len(sentences), len(FEATURE_NAMES)), dtype=np.float32)
    out[:, : len(_RULES)] = rule_flags(_RULES, sentences)
    out[:, len(_RULES)] = [np.log1p(len(s.split())) for s in sentences]
    return out


def judged(sentence: str) -> bool:
    """Whether a sentence has enough words to judge. Example: ``judged("7 p.m.") is False``"""
    return sum(1 for w in sentence.split() if _WORD.search(w)) >= MIN_WORDS


def score_from_vectors(vectors: np.ndarray, sentences: Sequence[str]) -> np.ndarray:
    """Subjectivity in [0, 1] from precomputed sentence vectors and the sentences. Example: see module doc."""
    if len(vectors) != len(sentences):
        raise ValueError(f"{len(vectors)} vectors for {len(sentences)} sentences")
    return sentence_probabilities("subjectivity", vectors, features(sentences))


def score(sentences: list[str]) -> np.ndarray:
    """Subjectivity in [0, 1] of each sentence. Example: ``score(["The vote is on Monday."])``"""
    from unspin.ml.encoder import encode

    return score_from_vectors(encode(sentences), sentences) if sentences else np.zeros(0, dtype=np.float32)


def threshold(lang: str | None = None) -> float:
    """The calibrated threshold of a language (the pooled one for a language without its own).

    Example: ``score(sentences) >= threshold("de")``
    """
    return float(load_head("subjectivity").threshold(lang)[0])


@component("subjectivity", requires=["sentences", "sentence_vectors", "language"],
           assigns=["sentences.subjectivity"], default_config={"threshold": None})
def make_subjectivity(config: dict[str, Any]) -> Pipe:
    """Subjectivity per sentence (CheckThat! 2023 Task 2), labelled subjective/objective at a calibrated threshold."""
    fixed = float(config["threshold"]) if config["threshold"] is not None else None

    def subjectivity(doc: Document) -> Document:
        if not doc.sentences:
            return doc
        texts = [doc.span_text(s) for s in doc.sentences]
        scores = score_from_vectors(sentence_vectors_of(doc), texts)
        cut = fixed if fixed is not None else threshold(doc.language)
        for sentence, text, value in zip(doc.sentences, texts, scores, strict=True):
            if not judged(text):
                sentence.subjectivity = sentence.subjectivity_label = None
                continue
            sentence.subjectivity = round(float(value), 4)
            sentence.subjectivity_label = LABELS[0] if value >= cut else LABELS[1]
        if normalise_lang(doc.language) not in TRAINED_LANGS:
            doc.note("subjectivity", f"subjectivity was trained on {', '.join(TRAINED_LANGS)}; "
                                     f"{doc.language!r} is untested")
        return doc

    return subjectivity
