"""A user's own taxonomy as a nearest-example classifier over the sentence encoder (USE multilingual v3).

A taxonomy file (JSON, or YAML when PyYAML is installed) lists labels, each with a definition and example
paragraphs, optionally a ``parent`` label; a ``threshold`` (cosine similarity, default 0.35) may be set for the
whole file or per label::

    name: energy-debate
    threshold: 0.35
    labels:
      - label: Renewables are unreliable
        definition: Says wind and solar cannot keep the lights on.
        examples:
          - When the wind drops, Germany fires up its coal plants again.

A text's score for a label is the best cosine similarity between the text's vector (normalised mean of its
sentence vectors) and the label's examples (each encoded the same way; the definition counts as one more
example). Labels at or above their threshold are kept; a label with a ``parent`` only under a kept parent.
See ``examples/taxonomy-energy.yaml`` and docs/narratives.md.

Example: ``Taxonomy.load("examples/taxonomy-energy.yaml").scores(doc_vector)``
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from unspin.errors import ConfigError

__all__ = ["Taxonomy", "TaxonomyLabel", "load_taxonomy"]

DEFAULT_THRESHOLD = 0.35


@dataclass(frozen=True)
class TaxonomyLabel:
    label: str
    definition: str
    examples: tuple[str, ...]
    parent: str | None
    threshold: float


@dataclass(frozen=True)
class Taxonomy:
    name: str
    labels: tuple[TaxonomyLabel, ...]
    vectors: tuple[np.ndarray, ...]  # per label: (n_examples, 512)

    @classmethod
    def load(cls, path: str | Path) -> Taxonomy:
        return load_taxonomy(str(path))

    def scores(self, doc_vector: np.ndarray) -> dict[str, float]:
        """Best cosine similarity of the text's vector to each label's examples."""
        v = np.asarray(doc_vector, dtype=np.float32)
        return {lab.label: round(float((vecs @ v).max()), 4) for lab, vecs in zip(self.labels, self.vectors,
                                                                                  strict=True)}

    def predict(self, doc_vector: np.ndarray) -> list[tuple[TaxonomyLabel, float]]:
        """Labels at or above their threshold (a child only under a kept parent), best first."""
        scores = self.scores(doc_vector)
        kept = {lab.label for lab in self.labels if lab.parent is None and scores[lab.label] >= lab.threshold}
        out = [(lab, scores[lab.label]) for lab in self.labels
               if scores[lab.label] >= lab.threshold and (lab.parent is None or lab.parent in kept)]
        return sorted(out, key=lambda t: -t[1])


def _read(path: Path) -> Any:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"taxonomy file {path} can't be read: {exc.strerror or exc}") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise ConfigError(f"taxonomy file {path} is YAML but PyYAML is not installed; "
                              "pip install pyyaml, or write the file as JSON") from None
        try:
            return yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            raise ConfigError(f"taxonomy file {path} is not valid YAML: {str(exc).splitlines()[0]}") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"taxonomy file {path} is not valid JSON: {exc}") from None


@lru_cache(maxsize=8)
def load_taxonomy(path: str) -> Taxonomy:
    """Read and encode a taxonomy file once; :class:`ConfigError` saying what is wrong with a bad one."""
    from unspin.ml.encoder import encode_grouped, pool, split_sentences

    p = Path(path)
    data = _read(p)
    if not isinstance(data, dict) or not isinstance(data.get("labels"), list) or not data["labels"]:
        raise ConfigError(f"taxonomy file {p} needs a non-empty 'labels' list")
    default = float(data.get("threshold", DEFAULT_THRESHOLD))
    labels = []
    for i, raw in enumerate(data["labels"], 1):
        if not isinstance(raw, dict) or not raw.get("label"):
            raise ConfigError(f"taxonomy file {p}: label {i} needs a 'label' name")
        examples = tuple(str(x) for x in raw.get("examples") or [])
        definition = str(raw.get("definition") or "")
        if not examples and not definition:
            raise ConfigError(f"taxonomy file {p}: label {raw['label']!r} needs examples or a definition")
        labels.append(TaxonomyLabel(str(raw["label"]), definition, examples,
                                    str(raw["parent"]) if raw.get("parent") else None,
                                    float(raw.get("threshold", default))))
    names = {lab.label for lab in labels}
    for lab in labels:
        if lab.parent and lab.parent not in names:
            raise ConfigError(f"taxonomy file {p}: {lab.label!r} names parent {lab.parent!r}, which is not a label")
    texts = [[t for t in (*lab.examples, lab.definition) if t] for lab in labels]
    flat = [t for group in texts for t in group]
    encoded = encode_grouped([split_sentences(t) or [t] for t in flat])
    pooled = [pool(v) for v in encoded]
    vectors, at = [], 0
    for group in texts:
        vectors.append(np.stack(pooled[at:at + len(group)]))
        at += len(group)
    return Taxonomy(str(data.get("name") or p.stem), tuple(labels), tuple(vectors))
