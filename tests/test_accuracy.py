"""The accuracy page: one data file, rendered into docs/accuracy.md and linked from the report and the web app."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.document import Document
from unspin.report import render_html
from unspin.report.accuracy import TOGGLE_LAYERS, accuracy, render_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs" / "accuracy.md"


def test_accuracy_docs_page_is_rendered_from_the_data_file() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "docs/accuracy.md is out of date: python -m unspin.report.accuracy > docs/accuracy.md")


@pytest.mark.parametrize("layer", ["structure", "entities", "quotes", "persuasion", "claims", "genre", "frames",
                                   "paragraph-persuasion"])
def test_accuracy_entry_has_every_field_a_reader_needs(layer: str) -> None:
    a = accuracy()[layer]
    assert a.figures and all(f.value and f.part and f.metric for f in a.figures)
    assert a.data and a.published and a.good_for and a.not_for and a.command


# Toggles whose layer's entry comes with the layer itself (issue 16: the quotes, voice and subjectivity branches add
# theirs); until it is there the toggle shows no "how accurate?" link (test_report_voice.py checks both cases).
WITH_THEIR_LAYER = {"quotes", "voice", "subjectivity"}


def test_toggle_layers_name_layers_with_an_entry_or_none() -> None:
    known = set(accuracy())
    assert {"persuasion", "entities"} <= known
    assert set(TOGGLE_LAYERS.values()) - WITH_THEIR_LAYER <= known


def test_report_links_each_layer_toggle_to_its_accuracy() -> None:
    doc = Document.from_dict({
        "schema": "unspin/document@1", "source": {"sha256": "0" * 64, "fetched_at": "2026-01-01T00:00:00+00:00"},
        "text": "Corrupt thugs ruin everything.",
        "persuasion": [{"start": 0, "end": 13, "technique": "Name_Calling,Labeling", "score": 0.9}],
        "layers": ["persuasion"]})
    html = render_html(doc)
    assert 'href="#accuracy-persuasion"' in html
    assert 'id="accuracy-persuasion"' in html
    assert accuracy()["persuasion"].figures[0].value in html
