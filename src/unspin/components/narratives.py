"""narratives: the storylines a text pushes, from SemEval-2025 Task 10's two taxonomies (or a user's own).

Shipped taxonomy (``taxonomy = "semeval2025"``): the narratives and sub-narratives of the Ukraine–Russia war
(``URW: ...``) and climate change (``CC: ...``), one-vs-rest logistic heads over the document vector (the
normalised mean of the sentence vectors the pipeline already made). A narrative is kept at or above its
threshold; a sub-narrative only under a kept narrative (else ``<narrative>: Other``); when no narrative is kept
the document gets ``Other``, scored 1 − the best narrative's probability. Thresholds were chosen by nested
cross-validation on the task's training documents (EN, BG, HI, PT, RU; see ``models/narratives/MODEL_CARD.md``).
Definitions of every label: ``unspin.labels`` (layers ``narrative`` and ``sub_narrative``).

A user's taxonomy (``taxonomy = "path/to/file.yaml"``): a nearest-example classifier over the same vectors
(:mod:`unspin.ml.nearest`); its labels carry the file's name as ``taxonomy``.

Example: ``[n.label for n in unspin.analyze("article.txt").narratives]``
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from unspin.document import Document, Narrative
from unspin.ml.heads import load_head
from unspin.registry import Pipe, component

__all__ = ["make_narratives", "decide", "predict_from_vector", "OTHER"]

OTHER = "Other"


def decide(pn: np.ndarray, ps: np.ndarray, narratives: Sequence[str], subs: Sequence[str], tn: np.ndarray | float,
           ts: np.ndarray | float) -> list[tuple[list[tuple[str, float]], list[tuple[str, str, float]]]]:
    """Per text: kept narratives ``(label, score)`` and sub-narratives ``(label, parent, score)``.

    ``pn``/``ps``: ``(n, len(narratives))``/``(n, len(subs))`` probabilities; ``tn``/``ts`` thresholds (scalars or
    per label). Nothing kept gives ``[("Other", 1 - best)]`` and ``[("Other", None-parent...)]``.
    """
    tn_arr = np.broadcast_to(np.asarray(tn, dtype=np.float64), (len(narratives),))
    ts_arr = np.broadcast_to(np.asarray(ts, dtype=np.float64), (len(subs),))
    parent = [s.rsplit(": ", 1)[0] for s in subs]
    out: list[tuple[list[tuple[str, float]], list[tuple[str, str, float]]]] = []
    for row_n, row_s in zip(pn, ps, strict=True):
        kept = [(narratives[j], float(row_n[j])) for j in np.argsort(-row_n) if row_n[j] >= tn_arr[j]]
        if not kept:
            best = float(row_n.max()) if len(row_n) else 0.0
            out.append(([(OTHER, 1.0 - best)], [(OTHER, OTHER, 1.0 - best)]))
            continue
        found: list[tuple[str, str, float]] = []
        for n, score in kept:
            mine = [(subs[j], n, float(row_s[j])) for j in np.argsort(-row_s)
                    if parent[j] == n and row_s[j] >= ts_arr[j] and not subs[j].endswith(": Other")]
            found += mine or [(f"{n}: Other", n, score)]
        out.append((kept, found))
    return out


def predict_from_vector(doc_vectors: np.ndarray) -> list[tuple[list[tuple[str, float]], list[tuple[str, str, float]]]]:
    """The shipped heads' decision for ``(n, 512)`` document vectors."""
    hn, hs = load_head("narratives", "narratives.npz"), load_head("narratives", "subnarratives.npz")
    x = np.asarray(doc_vectors, dtype=np.float32)
    return decide(hn.proba(x), hs.proba(x), hn.labels, hs.labels, hn.threshold(None), hs.threshold(None))


@component("narratives", requires=["sentences", "sentence_vectors"], assigns=["narratives"],
           default_config={"taxonomy": "semeval2025"})
def make_narratives(config: dict[str, Any]) -> Pipe:
    """Narratives and sub-narratives of the document (SemEval-2025 Task 10, or a taxonomy file of your own)."""
    from unspin.ml.encoder import pool

    taxonomy = str(config["taxonomy"])
    custom = None
    if taxonomy != "semeval2025":
        from unspin.ml.nearest import load_taxonomy

        custom = load_taxonomy(taxonomy)

    def narratives(doc: Document) -> Document:
        vectors = doc.sentence_vectors
        doc.narratives = []
        if vectors is None or len(vectors) == 0:
            return doc
        v = pool(vectors)
        if custom is not None:
            doc.narratives = [Narrative(lab.label, score, lab.parent, custom.name)
                              for lab, score in custom.predict(v)]
            return doc
        kept, subs = predict_from_vector(v[None, :])[0]
        doc.narratives = [Narrative(n, round(s, 4)) for n, s in kept]
        doc.narratives += [Narrative(sub, round(s, 4), parent) for sub, parent, s in subs if sub != OTHER]
        return doc

    return narratives
