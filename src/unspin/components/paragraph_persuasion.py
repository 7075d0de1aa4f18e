"""paragraph-persuasion: the 23 techniques of SemEval-2023 Task 3 subtask 3, per paragraph.

Multilingual (trained on en, fr, de, it, pl, ru; other languages the encoder covers are marked
zero-shot in a note). Complements the English span layer ``persuasion``.
"""

from __future__ import annotations

from typing import Any

from unspin.components.vectors import vectors_in
from unspin.document import Document, ParagraphTechnique
from unspin.registry import Pipe, component

__all__ = ["make_paragraph_persuasion"]


@component("paragraph-persuasion", requires=["paragraphs", "sentence_vectors", "language"],
           assigns=["paragraphs.persuasion"])
def make_paragraph_persuasion(config: dict[str, Any]) -> Pipe:
    """Persuasion techniques per paragraph (23 SemEval-2023 techniques, six trained languages)."""
    from unspin.textcat import paragraphs as head

    def paragraph_persuasion(doc: Document) -> Document:
        if not head.is_covered(doc.language):
            doc.note("paragraph-persuasion", f"skipped: the encoder does not cover language {doc.language!r}")
            return doc
        if head.is_zero_shot(doc.language):
            doc.note("paragraph-persuasion", f"zero-shot: no training data in {doc.language!r}")
        groups = [(p, vectors_in(doc, p)) for p in doc.paragraphs]
        groups = [(p, v) for p, v in groups if len(v)]
        if not groups:
            return doc
        found = head.predict_from_vectors([v for _, v in groups], doc.language)
        for (paragraph, _), techniques in zip(groups, found, strict=True):
            paragraph.persuasion = [ParagraphTechnique(t, round(float(s), 4)) for t, s in techniques]
        return doc

    return paragraph_persuasion
