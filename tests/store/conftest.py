"""Hand-built Documents carrying every layer the store counts (persuasion, frames, genre, claims, ...)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from unspin import Document
from unspin.document import (
    Attribution,
    Entity,
    Frame,
    Genre,
    Paragraph,
    ParagraphTechnique,
    Section,
    Sentence,
    TechniqueSpan,
    TextSpan,
)
from unspin.store import Entry, Store

TEXT = ("# Oil deal\n\nPakistan and Russia signed an oil deal on Monday. Prices fell by 3 percent.\n\n"
        "This shameful deal betrays every family in Pakistan.\n")


def build_doc(text: str = TEXT, *, technique: str = "Loaded_Language", frame: str = "Economic",
              genre: str = "opinion", claim: bool = True, published: str | None = None) -> Document:
    doc = Document.from_text(text, path="hand-built.md")
    doc.source.fetched_at = "2024-01-01T00:00:00+00:00"
    title = text.index("Oil deal") if "Oil deal" in text else 0
    doc.title = TextSpan(title, title + 8, text[title:title + 8]) if "Oil deal" in text else None
    paras = [span for _, span in _blocks(text)]
    doc.paragraphs = [Paragraph(s, e, [ParagraphTechnique(technique, 0.8)] if "shameful" in text[s:e] else None)
                      for s, e in paras]
    doc.sentences = []
    for s, e in paras:
        for sent_start, sent_end in _sentences(text, s, e):
            is_claim = claim and any(ch.isdigit() for ch in text[sent_start:sent_end])
            doc.sentences.append(Sentence(sent_start, sent_end, 0.9 if is_claim else 0.1, is_claim))
    doc.sections = [Section(paras[0][0], len(text.rstrip()), "News", "body",
                            genre=Genre("news", {"news": 0.7}))]
    doc.entities = [Entity(m, m + len(w), w, label, ent_id) for w, label, ent_id in
                    (("Pakistan", "GPE", "PK"), ("Russia", "GPE", "RU")) for m in _finds(text, w)]
    if "shameful" in text:
        at = text.index("shameful")
        doc.persuasion = [TechniqueSpan(at, at + 8, technique=technique, score=0.91)]
    doc.frames = [Frame(frame, 0.77)]
    doc.genre = Genre(genre, {genre: 0.8})
    doc.attribution = Attribution(published=published)
    doc.language = "en"
    doc.layers = ["structure", "language", "entities", "persuasion", "frames", "genre", "claims"]
    doc.check_offsets()
    return doc


def _blocks(text: str) -> Iterator[tuple[int, tuple[int, int]]]:
    pos = 0
    for i, block in enumerate(text.split("\n\n")):
        start = pos
        pos += len(block) + 2
        stripped = block.strip()
        if stripped and not stripped.startswith("#"):
            s = text.index(stripped, start)
            yield i, (s, s + len(stripped))


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for i in range(start, end):
        if text[i] in ".!?" and (i + 1 == end or text[i + 1] == " "):
            yield pos, i + 1
            pos = i + 2


def _finds(text: str, word: str) -> list[int]:
    out, at = [], text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + 1)
    return out


@pytest.fixture
def make_doc() -> Callable[..., Document]:
    return build_doc


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as s:
        yield s


@pytest.fixture
def corpus_store(store: Store) -> Store:
    """Six documents over two sources and two months, with different techniques and frames."""
    entries: list[Any] = []
    for i in range(6):
        text = TEXT.replace("Monday", f"day {i}") + ("" if i % 2 else "Russia warned of a shameful betrayal.\n")
        doc = build_doc(text, technique="Loaded_Language" if i % 3 else "Doubt",
                        frame="Economic" if i < 4 else "Security")
        entries.append(Entry(doc, source="ledger" if i % 2 else "courier", published=f"2024-0{1 + i // 3}-1{i}",
                             external_id=f"n{i}"))
    store.save(entries)
    return store
