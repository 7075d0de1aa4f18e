from __future__ import annotations

import pytest

from unspin.document import Document, Entity, Paragraph, Section, Sentence, Span, TextSpan


def _doc() -> Document:
    doc = Document.from_text("Title\n\nNews:\nThe US said no.\n")
    doc.title = TextSpan(0, 5, "Title")
    doc.sections = [Section(7, 29, label="News", kind="body", heading=Span(7, 11))]
    doc.paragraphs = [Paragraph(13, 28)]
    doc.sentences = [Sentence(13, 28, checkworthiness=0.7, claim=True)]
    doc.entities = [Entity(13, 19, "The US", "GPE", "US")]
    return doc


@pytest.mark.parametrize("layer", ["title", "entities"])
def test_document_check_offsets_rejects_misquoted_span(layer: str) -> None:
    doc = _doc()
    if layer == "title":
        doc.title = TextSpan(0, 5, "Other")
    else:
        doc.entities = [Entity(13, 19, "the US", "GPE", "US")]
    with pytest.raises(ValueError, match=layer):
        doc.check_offsets()


def test_document_check_offsets_rejects_out_of_range_span() -> None:
    doc = _doc()
    doc.paragraphs = [Paragraph(13, 999)]
    with pytest.raises(ValueError, match="outside the text"):
        doc.check_offsets()


def test_document_round_trips_through_dict() -> None:
    doc = _doc()
    doc.check_offsets()
    again = Document.from_dict(doc.to_dict())
    assert again.to_dict() == doc.to_dict()
    assert again.entities[0].id == "US"
    assert again.sentences[0].claim is True


def test_document_from_dict_rejects_other_schema() -> None:
    d = _doc().to_dict()
    d["schema"] = "something/else@9"
    with pytest.raises(ValueError, match="schema"):
        Document.from_dict(d)
