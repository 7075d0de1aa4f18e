"""Flatten an ``unspin/document@1`` dict into the store's rows: offsets and labels, never pickles.

Written against the dict, not the dataclasses, and generically: a layer another component adds
(persuasion spans, frames, genre, claim flags, paragraph labels) is stored and counted as soon as
it appears in ``to_dict()``, and an unknown top-level list of ``{start, end, ...}`` objects is kept
as spans under its own name, so the store never needs a release to follow a new layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DocRows", "flatten", "label_of", "NARRATIVE_LAYERS"]

# The labels layers of narratives and of sub-narratives (stats rates, like frames), by "has a parent".
NARRATIVE_LAYERS = {False: "narrative", True: "subnarrative"}

# Top-level keys handled explicitly below (everything else that looks like a span list is generic).
_KNOWN = {"schema", "source", "text", "language", "title", "sections", "paragraphs", "sentences", "attribution",
          "entities", "persuasion", "frames", "genre", "layers", "notes", "roles", "narratives"}
_LABEL_KEYS = ("label", "technique", "frame", "type", "name")
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class DocRows:
    spans: list[tuple[Any, ...]] = field(default_factory=list)   # (layer, idx, start, end, label, score, value, text)
    labels: dict[tuple[str, str], list[Any]] = field(default_factory=dict)  # (layer, label) -> [n, score, value]
    n_sentences: int = 0
    n_claims: int = 0
    n_words: int = 0
    genre: str | None = None

    def count(self, layer: str, label: Any, score: Any = None, value: str | None = None) -> None:
        if label is None or label == "":
            return
        key = (layer, str(label))
        row = self.labels.setdefault(key, [0, None, value])
        row[0] += 1
        if isinstance(score, int | float) and (row[1] is None or score > row[1]):
            row[1] = float(score)


def label_of(item: dict[str, Any]) -> str | None:
    """The label of a span or label object, whatever the layer calls it (technique, frame, label, ...)."""
    for key in _LABEL_KEYS:
        if isinstance(item.get(key), str):
            return str(item[key])
    return None


def _score(item: dict[str, Any]) -> float | None:
    score = item.get("score")
    return float(score) if isinstance(score, int | float) and not isinstance(score, bool) else None


def _genre_label(genre: Any) -> str | None:
    if isinstance(genre, dict):
        return label_of(genre)
    return genre if isinstance(genre, str) else None


def flatten(d: dict[str, Any]) -> DocRows:
    rows = DocRows()
    text = d.get("text", "")
    rows.n_words = len(_WORD.findall(text))
    spans = rows.spans

    if d.get("title"):
        t = d["title"]
        spans.append(("title", 0, t["start"], t["end"], None, None, None, t.get("text")))
    for i, s in enumerate(d.get("sections") or []):
        spans.append(("section", i, s["start"], s["end"], s.get("label"), None, s.get("kind"), None))
        g = s.get("genre")
        if g:
            rows.count("section_genre", _genre_label(g), _score(g) if isinstance(g, dict) else None)
    p_idx = 0
    for i, p in enumerate(d.get("paragraphs") or []):
        spans.append(("paragraph", i, p["start"], p["end"], None, None, None, None))
        for lab in p.get("persuasion") or []:
            technique = label_of(lab)
            spans.append(("paragraph_persuasion", p_idx, p["start"], p["end"], technique, _score(lab), None, None))
            rows.count("paragraph_technique", technique, _score(lab))
            p_idx += 1
    for i, s in enumerate(d.get("sentences") or []):
        rows.n_sentences += 1
        claim = s.get("claim")
        if claim:
            rows.n_claims += 1
            rows.count("claim", "claim", s.get("checkworthiness"))
        label = None if claim is None else ("claim" if claim else "no_claim")
        spans.append(("sentence", i, s["start"], s["end"], label, s.get("checkworthiness"), None, None))
    for i, e in enumerate(d.get("entities") or []):
        spans.append(("entity", i, e["start"], e["end"], e.get("label"), None, e.get("id"), e.get("text")))
        rows.count("entity", e.get("id") or e.get("text"), None, e.get("text"))
        rows.count("entity_type", e.get("label"))
    for i, p in enumerate(d.get("persuasion") or []):
        technique = label_of(p)
        spans.append(("persuasion", i, p["start"], p["end"], technique, _score(p), None, None))
        rows.count("technique", technique, _score(p))
    for f in d.get("frames") or []:
        rows.count("frame", label_of(f) if isinstance(f, dict) else f, _score(f) if isinstance(f, dict) else None)
    genre = d.get("genre")
    rows.genre = _genre_label(genre)
    if rows.genre:
        rows.count("genre", rows.genre, _score(genre) if isinstance(genre, dict) else None)
    for n in d.get("narratives") or []:  # the rows of mention_roles, entity_roles, narratives: store/roles.py
        rows.count(NARRATIVE_LAYERS[n.get("parent") is not None], n.get("label"), _score(n))
    for layer, items in _generic_layers(d):
        for i, item in enumerate(items):
            spans.append((layer, i, item["start"], item["end"], label_of(item), _score(item), None, None))
            rows.count(layer, label_of(item), _score(item))
    return rows


def _generic_layers(d: dict[str, Any]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    for key, value in d.items():
        if key in _KNOWN or not isinstance(value, list) or not value:
            continue
        if all(isinstance(v, dict) and isinstance(v.get("start"), int) and isinstance(v.get("end"), int)
               for v in value):
            yield key, value
