"""Features of a named-entity mention for the role heads, from sentence vectors the pipeline already has.

A mention is described by five pooled vectors (USE multilingual v3, 512 each) and nine numbers:

1. its sentence; 2. a window of that sentence and its neighbours; 3. every sentence that names the same entity
(the same name, case-insensitive, anywhere in the text); 4. the whole document; 5. the name itself (encoded
alone: a prior for how a text of this kind casts, say, a head of state); then the relative position of the
name's first mention, log(1 + its count), whether the first sentence (the title) names it, and its mentions per
sentence; then the text's language, one-hot over the five training languages (all zero for another language),
so one pooled model keeps each language's own balance of roles.

For the training languages other than English (:data:`E5_LANGS`: Bulgarian, Hindi, Portuguese, Russian) the same
five vectors follow from a second encoder, multilingual-e5-small (384 each, :mod:`unspin.ml.e5`), and a flag
saying they are there: USE-m3 was not trained on Bulgarian or Hindi, e5 was. English rows (and a text whose e5
vectors were not computed) keep that block at zero, so English pays nothing for it.

Training (``training/roles.py``) and the ``roles`` layer both call :func:`mention_features`, so the two see the
same numbers. Numpy only; nothing here knows the Document.

Example: ``mention_features(text, spans, vectors, [(0, 5)], encode(["Putin"]))``
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

import numpy as np

__all__ = ["mention_features", "sentence_index", "language_columns", "memory_votes", "memory_keys", "N_FEATURES",
           "N_BASE", "LANGS", "E5_LANGS", "E5_DIM"]

DIM = 512
E5_DIM = 384
LANGS = ("en", "bg", "hi", "pt", "ru")
E5_LANGS = ("bg", "hi", "pt", "ru")  # languages whose mentions also get the e5 block
N_BASE = 5 * DIM + 4 + len(LANGS)  # the USE-m3 block, the numbers and the language columns
N_FEATURES = N_BASE + 5 * E5_DIM + 1  # then the e5 block and its present flag


def _pool(v: np.ndarray) -> np.ndarray:
    if len(v) == 0:
        return np.zeros(v.shape[1] if v.ndim == 2 else DIM, dtype=np.float32)
    m = v.mean(axis=0)
    n = float(np.linalg.norm(m))
    return (m / n if n > 0 else m).astype(np.float32)


def sentence_index(starts: Sequence[int], offset: int) -> int:
    """The sentence whose start is the last at or before ``offset`` (0 before the first)."""
    return max(0, bisect.bisect_right(list(starts), offset) - 1)


def language_columns(langs: Sequence[str | None]) -> np.ndarray:
    """One-hot ``(len(langs), 5)`` over :data:`LANGS` (ISO 639-1, any case); zeros for another language."""
    out = np.zeros((len(langs), len(LANGS)), dtype=np.float32)
    for i, lang in enumerate(langs):
        code = (lang or "").lower()
        if code in LANGS:
            out[i, LANGS.index(code)] = 1.0
    return out


def _fill(out: np.ndarray, at: int, dim: int, vectors: np.ndarray, doc_vec: np.ndarray, sent: np.ndarray,
          windows: dict[int, np.ndarray], ctx: np.ndarray, names: np.ndarray) -> None:
    """Write the five pooled vectors of every mention (sentence, window, same-name sentences, document, name) into
    ``out[:, at:at + 5 * dim]``; ``ctx`` holds each mention's same-name vector (pooled once per name)."""
    out[:, at:at + dim] = vectors[sent]
    out[:, at + dim:at + 2 * dim] = np.stack([windows[int(i)] for i in sent])
    out[:, at + 2 * dim:at + 3 * dim] = ctx
    out[:, at + 3 * dim:at + 4 * dim] = doc_vec
    out[:, at + 4 * dim:at + 5 * dim] = names


def mention_features(text: str, sentences: Sequence[tuple[int, int]], vectors: np.ndarray,
                     mentions: Sequence[tuple[int, int]], name_vectors: np.ndarray,
                     lang: str | None = None, e5_vectors: np.ndarray | None = None,
                     e5_names: np.ndarray | None = None) -> np.ndarray:
    """An ``(len(mentions), N_FEATURES)`` matrix.

    ``sentences``: half-open spans of the sentences, in order, with ``vectors`` their ``(n, 512)`` vectors;
    ``mentions``: half-open spans into ``text``; ``name_vectors``: each mention's text encoded alone; ``lang``: the
    text's language (ISO 639-1); ``e5_vectors`` / ``e5_names``: the same sentences and names through
    multilingual-e5-small (``(n, 384)`` / ``(len(mentions), 384)``), which fill the e5 block when both are given.
    """
    out = np.zeros((len(mentions), N_FEATURES), dtype=np.float32)
    if len(sentences) == 0 or len(mentions) == 0:
        return out
    blocks = [(0, DIM, vectors, name_vectors)]
    if e5_vectors is not None and e5_names is not None:
        if len(e5_vectors) != len(sentences) or len(e5_names) != len(mentions):
            raise ValueError("e5 vectors must match the sentences and the mentions")
        blocks.append((N_BASE, E5_DIM, e5_vectors, e5_names))
    starts = [s for s, _ in sentences]
    lower = text.lower()
    n_sent = len(sentences)
    sent = np.empty(len(mentions), dtype=np.int64)
    which = np.empty(len(mentions), dtype=np.int64)  # the mention's name, as an index into name_rows
    name_rows: list[list[int]] = []
    by_name: dict[str, tuple[int, float, float, float]] = {}
    for row, (start, end) in enumerate(mentions):
        i = sentence_index(starts, start)
        sent[row] = i
        name = lower[start:end].strip()
        if name not in by_name:
            hits = [m.start() for m in re.finditer(re.escape(name), lower)] if name else []
            rows = sorted({sentence_index(starts, h) for h in hits} | {i})
            first = min(hits) if hits else start
            by_name[name] = (len(name_rows), first / max(1, len(text)), float(np.log1p(len(hits))), float(0 in rows))
            name_rows.append(rows)
        k, first_pos, log_count, in_title = by_name[name]
        which[row] = k
        out[row, 5 * DIM:5 * DIM + 4] = (first_pos, log_count, in_title, np.expm1(log_count) / n_sent)
    for at, dim, vecs, names in blocks:
        windows = {int(i): _pool(vecs[max(0, int(i) - 1):int(i) + 2]) for i in set(sent.tolist())}
        ctx = np.stack([_pool(vecs[rows]) for rows in name_rows])[which]
        _fill(out, at, dim, vecs, _pool(vecs), sent, windows, ctx, names)
    if len(blocks) > 1:
        out[:, N_FEATURES - 1] = 1.0
    out[:, 5 * DIM + 4:N_BASE] = language_columns([lang])[0]
    return out


def memory_votes(x: np.ndarray, memory_x: np.ndarray, memory_y: np.ndarray, *, name_min: float = 0.9,
                 tau: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Votes of remembered training mentions: those whose name is the same or nearly (cosine of the name vectors
    >= ``name_min``), each weighted by exp(similarity of the same-name context vectors / ``tau``).

    ``x``: ``(n, N_FEATURES)`` query features; ``memory_x``: ``(m, 2 * 512)`` remembered name and context vectors
    (:func:`memory_keys`); ``memory_y``: ``(m, k)`` their labels (one-hot or multi-hot). Returns ``(n, k)``
    normalised votes and an ``(n,)`` mask of the rows that have any.
    """
    keys = memory_keys(x)
    if len(memory_x) == 0 or len(keys) == 0:
        return np.zeros((len(keys), memory_y.shape[1]), dtype=np.float32), np.zeros(len(keys), dtype=bool)
    name_sim = keys[:, :DIM] @ memory_x[:, :DIM].T
    ctx_sim = keys[:, DIM:] @ memory_x[:, DIM:].T
    w = np.where(name_sim >= name_min, np.exp((ctx_sim - 1.0) / tau), 0.0)
    votes = w @ memory_y
    total = votes.sum(axis=1, keepdims=True)
    has = total[:, 0] > 0
    return np.where(has[:, None], votes / np.maximum(total, 1e-12), 0.0).astype(np.float32), has


def memory_keys(x: np.ndarray) -> np.ndarray:
    """The part of the features the memory compares: the name vector and the same-name context vector."""
    return np.hstack([x[:, 4 * DIM:5 * DIM], x[:, 2 * DIM:3 * DIM]]).astype(np.float32)
