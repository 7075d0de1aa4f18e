"""The public API is small and deliberate (httpx's test_exported_members, in spirit)."""

from __future__ import annotations

import pytest

import unspin


def test_api_exports_exactly_the_documented_members() -> None:
    assert sorted(unspin.__all__) == sorted(["Analyzer", "Document", "Store", "analyze", "analyze_text", "errors",
                                             "__version__"])
    for name in unspin.__all__:
        assert hasattr(unspin, name), name


def test_api_errors_form_one_tree() -> None:
    from unspin import errors

    for name in ("InputError", "ConfigError", "ModelError", "ComponentError"):
        assert issubclass(getattr(errors, name), errors.UnspinError)


@pytest.mark.slow
def test_api_analyze_text_runs_the_default_layers() -> None:
    doc = unspin.analyze_text("Headline here\n\nThe United Nations met in Geneva on 3 March 2024.\n")
    assert doc.layers == ["structure", "language", "entities", "quotes", "persuasion", "sentence-vectors", "claims",
                          "subjectivity", "voice", "genre", "frames", "paragraph-persuasion", "roles", "narratives"]
    assert doc.language == "en"
    assert any(e.id == "2024-03-03" for e in doc.entities)
