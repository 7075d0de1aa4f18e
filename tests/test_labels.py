"""The label catalogue (src/unspin/labels.json): one entry per label of every layer, spellings resolve to one id."""

from __future__ import annotations

import pytest

from unspin import labels


@pytest.mark.parametrize("layer", ["technique", "frame", "genre", "section_kind", "entity", "role", "fine_role",
                                   "narrative", "sub_narrative"])
def test_labels_every_entry_has_a_name_definition_and_example(layer: str) -> None:
    entries = labels.labels(layer)
    assert entries
    for label in entries:
        assert label.name and label.definition.endswith(".") and label.example, label
        assert "_" not in label.name, label  # a display name, not an identifier


@pytest.mark.parametrize(("taxonomy", "module", "count"), [
    ("ptc", "unspin.ml.techniques", 14),
    ("semeval2023", "unspin.components.paragraph_persuasion", 23),
])
def test_labels_cover_both_technique_taxonomies_exactly(taxonomy: str, module: str, count: int) -> None:
    import importlib

    names = list(importlib.import_module(module).TECHNIQUES)
    entries = labels.labels("technique", taxonomy)
    assert len(entries) == count
    assert sorted(e.spellings[taxonomy] for e in entries) == sorted(names)
    assert all(labels.lookup("technique", n) is not None for n in names)


@pytest.mark.parametrize(("a", "b"), [
    ("Flag-Waving", "Flag_Waving"),
    ("Appeal_to_fear-prejudice", "Appeal_to_Fear-Prejudice"),
    ("Name_Calling,Labeling", "Name_Calling-Labeling"),
    ("Exaggeration,Minimisation", "Exaggeration-Minimisation"),
    ("Black-and-White_Fallacy", "False_Dilemma-No_Choice"),
    ("Thought-terminating_Cliches", "Conversation_Killer"),
])
def test_labels_spelling_variants_resolve_to_one_id(a: str, b: str) -> None:
    assert labels.resolve("technique", a) == labels.resolve("paragraph_technique", b)


@pytest.mark.parametrize(("layer", "raw", "name"), [
    ("technique", "Name_Calling,Labeling", "Name calling or labelling"),
    ("frame", "Capacity_and_resources", "Capacity and resources"),
    ("genre", "opinion", "Opinion"),
    ("entity", "NORP", "Group (nationality, religion, party)"),
    ("technique", "Some_New_Technique", "Some New Technique"),  # unknown: still readable
])
def test_labels_name_is_readable(layer: str, raw: str, name: str) -> None:
    assert labels.name(layer, raw) == name


def test_labels_frames_match_the_frames_head() -> None:
    from unspin.components.frames import FRAMES

    assert sorted(e.spellings["semeval2023"] for e in labels.labels("frame")) == sorted(FRAMES)


def test_labels_explain_the_two_taxonomies() -> None:
    assert "PTC" in labels.TAXONOMY_NOTE and "SemEval-2023" in labels.TAXONOMY_NOTE
    assert labels.taxonomy("ptc")["count"] == 14 and labels.taxonomy("semeval2023")["count"] == 23


def test_labels_persuasion_explanations_come_from_the_catalogue() -> None:
    from unspin.ml.techniques import EXPLANATIONS

    assert EXPLANATIONS["Loaded_Language"] == labels.definition("technique", "Loaded_Language")


@pytest.mark.parametrize(("entity_id", "label", "group"), [
    ("person:amina-qureshi", None, "people"), ("US", None, "places"), ("US-KY", None, "places"),
    ("org:state-department", None, "organisations"), ("norp:democrats", None, "groups"),
    ("ordinal:first", None, "dates_numbers"), ("2023-05-19", None, "dates_numbers"),
    ("cardinal:two", None, "dates_numbers"), ("date:wednesday", None, "dates_numbers"),
    ("PK", "ORG", "organisations"),
])
def test_labels_entity_group(entity_id: str, label: str | None, group: str) -> None:
    assert labels.entity_group(entity_id, label) == group


@pytest.mark.parametrize(("typo", "expected"), [("Loaded_Languag", "Loaded_Language"), ("flag waving", "Flag-Waving")])
def test_labels_suggest_closest_names(typo: str, expected: str) -> None:
    valid = [e.spellings["ptc"] for e in labels.labels("technique", "ptc")]
    assert labels.suggest("technique", typo, valid)[0] == expected


def test_labels_docs_page_is_generated_from_the_catalogue() -> None:
    from pathlib import Path

    page = Path(__file__).resolve().parent.parent / "docs" / "labels.md"
    assert page.read_text(encoding="utf-8") == labels.markdown(), "regenerate: python -m unspin.labels > docs/labels.md"


@pytest.mark.parametrize(("a", "b"), [("Flag-Waving", "Flag_Waving"),
                                      ("Name_Calling,Labeling", "Name_Calling-Labeling")])
def test_labels_spellings_of_one_technique_share_a_colour(a: str, b: str) -> None:
    from unspin.report.html import colour

    assert colour(a) == colour(b)
