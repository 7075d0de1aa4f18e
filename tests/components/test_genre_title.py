"""The genre layer decides a document on its title too when its head was tuned that way; sections never."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from unspin.components import genre
from unspin.document import Document, Section, Sentence, TextSpan
from unspin.ml.encoder import encode

TITLE = "Council approves the budget"
TEXT = f"{TITLE}\n\nOne. Two. Three. Four."


def _doc() -> Document:
    doc = Document.from_text(TEXT)
    b = len(TITLE) + 2
    doc.title = TextSpan(0, len(TITLE), TITLE)
    doc.sentences = [Sentence(b, b + 4), Sentence(b + 5, b + 9), Sentence(b + 10, b + 16), Sentence(b + 17, b + 22)]
    doc.sections = [Section(b, b + 9, "", "body"), Section(b + 10, b + 22, "", "body")]
    doc.sentence_vectors = np.ones((4, 512), np.float32)
    doc.language = "en"
    return doc


def test_title_vectors_encode_the_title_as_one_sentence() -> None:
    got = genre.title_vectors(_doc())
    assert got.shape == (1, 512)
    np.testing.assert_allclose(got[0], encode([TITLE])[0], atol=1e-6)
    untitled = Document.from_text("One. Two.")
    assert genre.title_vectors(untitled).shape == (0, 512)


@pytest.mark.parametrize("with_title", [True, False])
def test_the_document_pools_the_title_only_when_the_head_was_tuned_so(monkeypatch: pytest.MonkeyPatch,
                                                                      with_title: bool) -> None:
    seen: dict[str, list[int]] = {"document": [], "sections": []}

    def doc_decision(vectors: Any, lang: Any = None, voice: Any = None) -> list[tuple[str, dict[str, float]]]:
        seen["document"] += [len(v) for v in vectors]
        return [("reporting", {"reporting": 0.8, "opinion": 0.2, "satire": 0.0})] * len(vectors)

    def section_decision(vectors: Any, lang: Any = None, voice: Any = None) -> list[tuple[str, dict[str, float]]]:
        seen["sections"] += [len(v) for v in vectors]
        return [("reporting", {"reporting": 0.8, "opinion": 0.2, "satire": 0.0})] * len(vectors)

    monkeypatch.setattr(genre, "title_in_document", lambda: with_title)
    monkeypatch.setattr(genre, "predict_from_vectors", doc_decision)
    monkeypatch.setattr(genre, "predict_sections_from_vectors", section_decision)
    genre.make_genre({})(_doc())
    assert seen["document"] == [5 if with_title else 4]  # 4 body sentences (+ the title)
    assert seen["sections"] == [2, 2]  # sections: their own sentences, never the title


def test_title_in_document_follows_the_shipped_heads_metadata() -> None:
    from unspin.ml.heads import load_head

    tuned_on = load_head("genre").meta.get("config", {}).get("score_vectors", "text")
    assert genre.title_in_document() is (tuned_on == "pipeline-title")
