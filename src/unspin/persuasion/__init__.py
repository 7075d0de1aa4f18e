"""Persuasion techniques (PTC / SemEval-2020 Task 11): find spans of 14 techniques in news text.

    >>> from unspin.persuasion import load_tagger, EXPLANATIONS
    >>> for span in load_tagger().tag(text):
    ...     print(text[span.start:span.end], span.technique, span.score, EXPLANATIONS[span.technique])

Submodules: ``ptc`` (corpus file formats), ``scoring`` (task scores), ``cli`` (typer sub-app).
"""

from __future__ import annotations

from unspin.persuasion.tagger import DEFAULT_MODEL_DIR, PersuasionSpan, PersuasionTagger, load_tagger
from unspin.persuasion.techniques import EXPLANATIONS, TECHNIQUES

__all__ = [
    "TECHNIQUES",
    "EXPLANATIONS",
    "PersuasionSpan",
    "PersuasionTagger",
    "load_tagger",
    "DEFAULT_MODEL_DIR",
]
