"""From per-token model outputs to character spans, and the span features of the technique classifier.

Shared by training (which must compute exactly the same features) and runtime. numpy only.
"""

from __future__ import annotations

import re

import numpy as np

__all__ = [
    "TRIM_CHARS",
    "decode_spans",
    "trim_function_words",
    "token_range",
    "extra_features",
    "N_EXTRA",
    "span_features",
    "TCHead",
]

# PTC v2 trimmed gold spans so they never start or end with these characters; we do the same.
TRIM_CHARS = " \n\r\t.,:;"
N_EXTRA = 4


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in TRIM_CHARS:
        end -= 1
    return start, end


def _expand_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    # A run may start or stop inside a word (a wordpiece was below threshold): annotators mark whole words.
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Maximal runs of True as inclusive (first, last) token indices."""
    idx = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return [(int(a), int(b) - 1) for a, b in zip(idx[::2], idx[1::2], strict=True)]


def decode_spans(
    text: str,
    offsets: np.ndarray,
    probs: np.ndarray,
    threshold: float,
    *,
    low: float | None = None,
    gap: int = 0,
    min_tokens: int = 1,
    min_chars: int = 2,
) -> list[tuple[int, int, float]]:
    """Token probabilities -> (start, end, score) character spans.

    A span is a run of tokens with ``probs >= low`` (``low`` defaults to ``threshold``) that holds at least
    one token ``>= threshold`` (hysteresis: confident cores, extended over their less certain edges). Runs
    at most ``gap`` tokens apart on the same line are joined, because one dip below threshold inside a phrase
    would otherwise split one annotation into fragments; runs shorter than ``min_tokens`` are dropped.

    ``score`` is the span's peak token probability: the value that admitted it, so every span has
    ``score >= threshold``. (The mean over the tokens, used before, fell below the threshold whenever the
    low edges or the tokens in a joined gap outweighed the core, so a user filtering on ``score >= threshold``
    would have dropped spans the decoder emitted.)
    """
    lo = threshold if low is None else min(low, threshold)
    runs = [(i, j) for i, j in _runs(probs >= lo) if probs[i : j + 1].max() >= threshold]
    merged: list[tuple[int, int]] = []
    for i, j in runs:
        if merged and i - merged[-1][1] - 1 <= gap:
            between = text[int(offsets[merged[-1][1], 1]) : int(offsets[i, 0])]
            if "\n" not in between:
                merged[-1] = (merged[-1][0], j)
                continue
        merged.append((i, j))
    spans: list[tuple[int, int, float]] = []
    for i, j in merged:
        if j - i + 1 < min_tokens:
            continue
        start, end = _expand_to_words(text, int(offsets[i, 0]), int(offsets[j, 1]))
        start, end = _trim(text, start, end)
        if end - start >= min_chars:
            spans.append((start, end, float(probs[i : j + 1].max())))
    return spans


# A word with its clitic, with a straight or a curly apostrophe ("that's", "that’s": never "s" alone).
_WORD = re.compile(r"\w+(?:['’]\w+)?")


# English function words: articles, pronouns, prepositions, conjunctions, auxiliaries. Inline, because the
# nearest library list (spaCy's) costs 1.4 s and 260 MB to import, more than the tagger itself.
FUNCTION_WORDS = frozenset("""
a an the this that these those some any each every all both either neither no such what which whose
i me my mine we us our ours you your yours he him his she her hers it its they them their theirs who whom
myself ourselves yourself yourselves himself herself itself themselves one ones
of in on at by for with about against between into through during before after above below to from up down
out off over under again further then once here there when where why how than too very so just
and but or nor if because as until while though although whether yet also
am is are was were be been being have has had having do does did doing will would shall should can could
may might must ought 's 're 've 'd 'll n't not
""".split())


def trim_function_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Narrow ``text[start:end]`` to its first..last content word; None when it holds only function words.

    Technique phrases from single token heads often start or stop on "the", "in", "our"; annotators mark the
    charged words. On the validation split this costs 0.001 FLC F1 and removes spans such as a lone "the".
    """
    words = [m.span() for m in _WORD.finditer(text, start, end)
             if m.group().lower().replace("’", "'") not in FUNCTION_WORDS]
    if not words:
        return None
    return words[0][0], words[-1][1]


def token_range(offsets: np.ndarray, start: int, end: int) -> tuple[int, int]:
    """Tokens [i, j) overlapping chars [start, end); falls back to the nearest token if none overlaps."""
    n = len(offsets)
    if n == 0:
        return 0, 0
    i = int(np.searchsorted(offsets[:, 1], start, side="right"))  # first token ending after start
    j = int(np.searchsorted(offsets[:, 0], end, side="left"))  # first token starting at/after end
    if j <= i:
        i = min(i, n - 1)
        j = i + 1
    return i, j


def extra_features(text: str, start: int, end: int, n_tokens: int) -> np.ndarray:
    """Cheap signals the encoder window can't see, mainly for Repetition: how often the span recurs."""
    frag = text[start:end].strip().lower()
    occurrences = text.lower().count(frag) if frag else 1
    return np.array(
        [
            np.log1p(max(occurrences - 1, 0)),
            np.log1p(end - start) / 5.0,
            np.log1p(n_tokens) / 4.0,
            float(start) / max(len(text), 1),  # position: titles and openings carry different techniques
        ],
        dtype=np.float32,
    )


def span_features(text: str, offsets: np.ndarray, hidden: np.ndarray, start: int, end: int) -> np.ndarray:
    """[mean, first, last] of the span's token states, then the extra features."""
    i, j = token_range(offsets, start, end)
    h = hidden[i:j]
    return np.concatenate([h.mean(0), h[0], h[-1], extra_features(text, start, end, j - i)]).astype(np.float32)


class TCHead:
    """Two-layer MLP over span features, trained in torch and run here in numpy (weights from an .npz)."""

    def __init__(self, w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray) -> None:
        self.w1, self.b1, self.w2, self.b2 = w1, b1, w2, b2

    @classmethod
    def load(cls, path: str) -> TCHead:
        with np.load(path) as z:
            w = {k: np.asarray(z[k], dtype=np.float32) for k in ("w1", "b1", "w2", "b2")}
        return cls(w["w1"], w["b1"], w["w2"], w["b2"])

    def probs(self, feats: np.ndarray) -> np.ndarray:
        """[N, F] features -> [N, 14] softmax probabilities."""
        h = np.maximum(feats @ self.w1.T + self.b1, 0.0)
        z = h @ self.w2.T + self.b2
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)
