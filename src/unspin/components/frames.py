"""frames: the 14 framing dimensions of SemEval-2023 Task 3 subtask 2, multi-label with scores."""

from __future__ import annotations

from typing import Any

import numpy as np

from unspin.components.vectors import vectors_in
from unspin.document import Document, Frame
from unspin.registry import Pipe, component

__all__ = ["make_frames"]


@component("frames", requires=["sections", "sentence_vectors", "language"], assigns=["frames"])
def make_frames(config: dict[str, Any]) -> Pipe:
    """Frames of the document (14 SemEval-2023 frames), ranked, above tuned thresholds."""
    from unspin.textcat import frames as head

    def frames(doc: Document) -> Document:
        groups = [g for g in (vectors_in(doc, s) for s in doc.body_sections()) if len(g)]
        if not groups:
            doc.frames = []
            return doc
        found = head.predict_from_vectors([np.concatenate(groups)], doc.language)[0]
        doc.frames = [Frame(name, round(float(score), 4)) for name, score in found]
        return doc

    return frames
