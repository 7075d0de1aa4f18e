"""genre: reporting / opinion / satire for the whole document and for each body section.

SemEval-2023 Task 3 subtask 1 head over pooled sentence vectors (``unspin.textcat.genre``); an
article whose "News" section reports and whose "Comment" section argues says so per section: sections
choose between reporting and opinion with a decision tuned on section-sized chunks, and inherit satire
(label and scores, marked ``"from": "document"``: ``Genre.origin``) from a satirical document. In every
``genre`` object the label is the highest of its ``scores`` (see ``unspin.textcat.genre``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from unspin.components.vectors import vectors_in
from unspin.document import Document, Genre
from unspin.registry import Pipe, component

__all__ = ["make_genre"]


def _label(label: str, scores: dict[str, float]) -> Genre:
    return Genre(label, {k: round(float(v), 4) for k, v in scores.items()})


@component("genre", requires=["sections", "sentence_vectors", "language"], assigns=["genre", "sections.genre"])
def make_genre(config: dict[str, Any]) -> Pipe:
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
        doc.genre = _label(*head.predict_from_vectors([whole], doc.language)[0])
        # Sections choose between reporting and opinion (their own decision); satire is a property of the whole
        # publication, so a satirical document's sections are satire too.
        if doc.genre.label == "satire":
            for i in keep:
                body[i].genre = Genre(doc.genre.label, dict(doc.genre.scores), origin="document")
            return doc
        sections = head.predict_sections_from_vectors([groups[i] for i in keep], doc.language)
        for i, (label, scores) in zip(keep, sections, strict=True):
            body[i].genre = _label(label, scores)
        return doc

    return genre


