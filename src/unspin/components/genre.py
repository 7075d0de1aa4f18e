"""genre: reporting / opinion / satire for the whole document and for each body section.

SemEval-2023 Task 3 subtask 1 head over pooled sentence vectors (``unspin.textcat.genre``); an
article whose "News" section reports and whose "Comment" section argues says so per section.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from unspin.components.vectors import vectors_in
from unspin.document import Document
from unspin.registry import component

__all__ = ["make_genre"]


def _label(label: str, scores: dict[str, float]) -> dict[str, Any]:
    return {"label": label, "scores": {k: round(float(v), 4) for k, v in scores.items()}}


@component("genre", requires=["sections", "sentence_vectors", "language"], assigns=["genre", "sections.genre"])
def make_genre(config: dict[str, Any]) -> Any:
    """Genre (reporting/opinion/satire) of the document and of each body section."""
    from unspin.textcat import genre as head

    def genre(doc: Document) -> Document:
        body = doc.body_sections()
        groups = [vectors_in(doc, s) for s in body]
        keep = [i for i, g in enumerate(groups) if len(g)]
        if not keep:
            doc.genre = None
            return doc
        whole = np.concatenate([groups[i] for i in keep]) if len(keep) > 1 else groups[keep[0]]
        results = head.predict_from_vectors([whole] + [groups[i] for i in keep], doc.language)
        doc.genre = _label(*results[0])
        for i, result in zip(keep, results[1:], strict=True):
            body[i].genre = _label(*result)
        return doc

    return genre


