"""persuasion: character spans of the 14 PTC persuasion techniques, with scores.

The tagger (``unspin.ml.tagger``) is a MiniLM span tagger fine-tuned here on the PTC training
articles and run with onnxruntime; see ``models/persuasion/MODEL_CARD.md``. It reads English
only: other languages get no spans and a note (the paragraph-level multilingual layer covers
them). Only body sections and the title are tagged: bylines and footers are not argument.
"""

from __future__ import annotations

from typing import Any

from unspin.components.pieces import pieces
from unspin.document import Document, TechniqueSpan, TokenStateParts
from unspin.registry import Pipe, component

__all__ = ["make_persuasion"]


# ~3,000 words: far more than a section of an article; a longer region is cut at a paragraph (or sentence) end.
PIECE_CHARS = 20_000


def _groups(parts: list[tuple[int, int]], size: int) -> list[list[tuple[int, int]]]:
    """Consecutive parts, grouped so that a group holds at most ``size`` characters (or one longer part)."""
    groups: list[list[tuple[int, int]]] = []
    total = 0
    for part in parts:
        n = part[1] - part[0]
        if not groups or total + n > size:
            groups.append([])
            total = 0
        groups[-1].append(part)
        total += n
    return groups


@component("persuasion", requires=["sections", "language"], assigns=["persuasion"],
           default_config={"threshold": None, "operating_point": "precision", "model": None, "languages": ["en"]})
def make_persuasion(config: dict[str, Any]) -> Pipe:
    """Persuasion-technique spans (14 PTC techniques) in English body text, with scores.

    ``operating_point`` "precision" (the default) shows only spans the tagger is surer of: span precision about
    0.5 on held-out PTC articles, and few marks on plain news; "benchmark" is the best-F1 point the PTC scorers
    use (about twice the marks, most of them false alarms on neutral reporting). ``threshold`` overrides both.
    """
    from unspin.ml.spans import sigmoid
    from unspin.ml.tagger import load_tagger

    tagger = load_tagger(config["model"])
    threshold = config["threshold"]
    if threshold is None:
        threshold = tagger.operating_point(str(config["operating_point"]))
    languages = set(config["languages"])

    def persuasion(doc: Document) -> Document:
        if doc.language not in languages:
            doc.note("persuasion", f"skipped: the span tagger reads {', '.join(sorted(languages))}, "
                                   f"not {doc.language!r}")
            doc.persuasion = []
            return doc
        # Tag the prose, not the "## Comment:" heading above it.
        regions = [(s.heading.end if s.heading else s.start, s.end) for s in doc.body_sections()]
        regions = [(a, b) for a, b in regions if b > a]
        if doc.title is not None:
            regions.insert(0, (doc.title.start, doc.title.end))
        # Long regions are cut into pieces and tagged a group at a time, so memory stays flat on a huge input
        # (the encoder's states are kept per token). An article is one group: windows never span two texts,
        # so grouping changes nothing in the result.
        parts = [(a + s, a + e) for a, b in regions for s, e in pieces(doc.text[a:b], PIECE_CHARS)]
        spans: list[TechniqueSpan] = []
        states = TokenStateParts()
        for group in _groups(parts, PIECE_CHARS):
            infs = tagger.infer([doc.text[a:b] for a, b in group])
            for (offset, _), inf in zip(group, infs, strict=True):
                spans += [TechniqueSpan(offset + s.start, offset + s.end, technique=s.technique,
                                        score=round(float(s.score), 4)) for s in tagger.spans_from(inf, threshold)]
                states.add(offset, inf.enc.offsets, inf.hidden, sigmoid(inf.logits))
        doc.persuasion = sorted(spans, key=lambda p: (p.start, p.end, p.technique))
        # The encoder's states, for later layers that read them instead of running an encoder of their own.
        joined = states.join()
        if joined is not None:
            doc.token_states["persuasion"] = joined
        return doc

    return persuasion
