"""Small classifier heads (logistic regression or a one-hidden-layer MLP) stored as ``.npz`` and run in numpy.

File layout (``np.load(allow_pickle=False)`` safe): ``labels`` (k,) str; ``n_layers``; ``W0, b0, ..., W{L-1}, b{L-1}``
(ReLU between layers; any input standardisation is folded into ``W0``/``b0`` at export); ``output`` = "softmax" or
"sigmoid"; ``thr_langs`` (m,) str and ``thr`` (m, k) float: decision thresholds per language ("*" = any other
language); ``bias`` (k,) optional additive logit bias for softmax decisions; ``meta`` a JSON string (encoder, scores).

Example: ``head = Head.load(path); probs = head.proba(x)``
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from unspin.errors import ModelError

__all__ = ["Head", "load_head", "model_path", "normalise_lang", "single_blas_thread", "TRAINED_LANGS", "ENCODER_LANGS",
           "label_probabilities", "label_scores", "labels_above_threshold"]

# SemEval-2023 uses its own codes; unspin speaks ISO 639-1.
_ALIASES = {"ge": "de", "po": "pl", "gr": "el", "ka": "ka", "cz": "cs", "iw": "he", "zh-cn": "zh", "zh-tw": "zh"}
TRAINED_LANGS = ("en", "fr", "de", "it", "pl", "ru")
# The 16 languages of USE multilingual v3 (zh-cn and zh-tw both map to zh here).
ENCODER_LANGS = ("ar", "zh", "nl", "en", "fr", "de", "it", "ja", "ko", "pl", "pt", "ru", "es", "th", "tr")


def normalise_lang(lang: str | None) -> str | None:
    """"EN", "en-US", "ge" -> "en", "en", "de"; None stays None. Example: ``normalise_lang("po") == "pl"``"""
    if not lang:
        return None
    low = lang.strip().lower().replace("_", "-")
    if low in _ALIASES:
        return _ALIASES[low]
    base = low.split("-")[0]
    return _ALIASES.get(base, base)


def model_path(layer: str, name: str = "head.npz") -> Path:
    """Path of a shipped model file under ``unspin/models/<layer>/``. Example: ``model_path("genre")``"""
    return Path(str(files("unspin").joinpath("models", layer, name)))


@lru_cache(maxsize=1)
def _threadpool_limit() -> object | None:
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit  # discovering the BLAS libraries costs ms: do it once
    except ImportError:  # pragma: no cover - threadpoolctl is a declared dependency
        return None


@contextlib.contextmanager
def single_blas_thread() -> Iterator[None]:
    """Run small matrix products on one BLAS thread.

    A (60 x 512) @ (512 x 256) product is split over all cores by OpenBLAS; on a busy machine the threads' hand-off
    took ~23 ms instead of ~0.1 ms (measured). One thread is always fast enough for heads this small.
    """
    limit = _threadpool_limit()
    if limit is None:
        yield
        return
    with limit(limits=1, user_api="blas"):  # type: ignore[operator]
        yield


@dataclass
class Head:
    labels: tuple[str, ...]
    weights: list[tuple[np.ndarray, np.ndarray]]
    output: str
    thresholds: dict[str, np.ndarray]
    bias: np.ndarray | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Head:
        try:
            with np.load(path, allow_pickle=False) as z:
                n = int(z["n_layers"])
                weights = [(z[f"W{i}"].astype(np.float32), z[f"b{i}"].astype(np.float32)) for i in range(n)]
                thr = {str(lang): z["thr"][i].astype(np.float32) for i, lang in enumerate(z["thr_langs"])}
                return cls(tuple(str(x) for x in z["labels"]), weights, str(z["output"]), thr,
                           z["bias"].astype(np.float32) if "bias" in z.files else None, json.loads(str(z["meta"])))
        except FileNotFoundError:
            raise ModelError(f"model file missing: {path} (rebuild with python -m training.textcat)") from None
        except (KeyError, ValueError, OSError) as exc:
            raise ModelError(f"model file {path} is unreadable: {exc}") from None

    def save(self, path: Path) -> None:
        langs = sorted(self.thresholds)
        arrays: dict[str, Any] = {
            "labels": np.array(self.labels), "n_layers": np.array(len(self.weights)), "output": np.array(self.output),
            "thr_langs": np.array(langs), "thr": np.stack([self.thresholds[x] for x in langs]).astype(np.float32),
            "meta": np.array(json.dumps(self.meta, sort_keys=True)),
        }
        for i, (w, b) in enumerate(self.weights):
            # float16 halves the files; the heads are linear-ish and lose nothing measurable (checked at export)
            arrays[f"W{i}"], arrays[f"b{i}"] = w.astype(np.float16), b.astype(np.float32)
        if self.bias is not None:
            arrays["bias"] = self.bias.astype(np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **arrays)

    def logits(self, x: np.ndarray) -> np.ndarray:
        h = np.asarray(x, dtype=np.float32)
        with single_blas_thread():
            for i, (w, b) in enumerate(self.weights):
                h = h @ w + b
                if i < len(self.weights) - 1:
                    np.maximum(h, 0, out=h)
        return h

    def proba(self, x: np.ndarray) -> np.ndarray:
        z = self.logits(x)
        if self.output == "softmax":
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            return e / e.sum(axis=1, keepdims=True)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def threshold(self, lang: str | None) -> np.ndarray:
        """Per-label thresholds of a language (the pooled "*" ones for a language without its own)."""
        lang = normalise_lang(lang)
        return self.thresholds.get(lang or "*", self.thresholds["*"])


@cache
def load_head(layer: str, name: str = "head.npz") -> Head:
    """Load (once) the shipped head of a layer. Example: ``load_head("claims")``"""
    return Head.load(model_path(layer, name))


def rule_flags(rules: Sequence[tuple[str, re.Pattern[str]]], sentences: Sequence[str], *,
               cased: Collection[int] = ()) -> np.ndarray:
    """``(n, len(rules))`` 0/1 flags: whether each named regex matches each sentence, lower-cased except for the
    rules whose index is in ``cased``. The cue features of the sentence heads (claims, subjectivity).
    Example: ``rule_flags([("exclaim", re.compile("!"))], ["Now!"])`` → ``[[1.0]]``"""
    out = np.zeros((len(sentences), len(rules)), dtype=np.float32)
    for i, s in enumerate(sentences):
        low = s.lower()
        for j, (_, rx) in enumerate(rules):
            out[i, j] = 1.0 if rx.search(s if j in cased else low) else 0.0
    return out


def sentence_probabilities(layer: str, vectors: np.ndarray, features: np.ndarray) -> np.ndarray:
    """A binary sentence head's probability per sentence, over each sentence's vector and its extra features
    (one row per sentence in both). Example: ``sentence_probabilities("claims", vecs, claims.features(sents))``"""
    if len(features) == 0:
        return np.zeros(0, dtype=np.float32)
    if len(vectors) != len(features):
        raise ValueError(f"{len(vectors)} vectors for {len(features)} sentences")
    x = np.concatenate([np.asarray(vectors, dtype=np.float32), np.asarray(features, dtype=np.float32)], axis=1)
    return load_head(layer).proba(x)[:, 0].astype(np.float32)


def pooled_matrix(items: Sequence[np.ndarray]) -> np.ndarray:
    """Stack text representations: each item is (n_sentences, 512) sentence vectors (mean-pooled, re-normalised)
    or an already pooled (512,) vector. Example: ``pooled_matrix([encode(["A.", "B."])])``"""
    from unspin.ml.encoder import DIM, pool

    if len(items) == 0:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([pool(v) if np.ndim(v) == 2 else np.asarray(v, dtype=np.float32) for v in items])


def label_probabilities(layer: str, labels: Sequence[str], vectors: Sequence[np.ndarray]) -> np.ndarray:
    """A multi-label head's probabilities per text, columns in the order of ``labels``."""
    head = load_head(layer)
    return head.proba(pooled_matrix(vectors))[:, [head.labels.index(x) for x in labels]]


def label_scores(layer: str, labels: Sequence[str], vectors: Sequence[np.ndarray]) -> list[dict[str, float]]:
    """Every label's score per text, rounded to 4 places."""
    return [{x: round(float(v), 4) for x, v in zip(labels, row, strict=True)}
            for row in label_probabilities(layer, labels, vectors)]


def labels_above_threshold(layer: str, labels: Sequence[str], vectors: Sequence[np.ndarray],
                           lang: str | None) -> list[list[tuple[str, float]]]:
    """Per text, the labels at or above the language's threshold, highest score first."""
    head = load_head(layer)
    thr = head.threshold(lang)[[head.labels.index(x) for x in labels]]
    return [[(labels[i], round(float(row[i]), 4)) for i in np.argsort(-row) if row[i] >= thr[i]]
            for row in label_probabilities(layer, labels, vectors)]


def text_vectors(texts: Sequence[str]) -> list[np.ndarray]:
    """Sentence vectors of each text, encoded in one batch. Example: ``text_vectors(["A. B.", "C."])[0].shape``"""
    from unspin.ml.encoder import encode_grouped, split_sentences

    return encode_grouped([split_sentences(t) or [t] for t in texts])
