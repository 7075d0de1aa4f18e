from __future__ import annotations

from typing import Any

import pytest

from unspin.document import (
    Document,
    Entity,
    Frame,
    Genre,
    Paragraph,
    ParagraphTechnique,
    Section,
    Sentence,
    Span,
    TechniqueSpan,
    TextSpan,
)


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


def test_document_written_before_credits_still_loads_and_validates() -> None:
    """@1 changes are additive: a Document written before attribution.credits/dateline/updated (and source.id) loads."""
    import json
    from pathlib import Path

    import jsonschema

    from unspin.report import load_schema

    old = json.loads((Path(__file__).parent / "data" / "document-1-before-credits.json").read_text(encoding="utf-8"))
    assert "credits" not in old["attribution"] and old["schema"] == "unspin/document@1"
    jsonschema.validate(old, load_schema())
    doc = Document.from_dict(old)
    doc.check_offsets()
    assert doc.attribution.authors == old["attribution"]["authors"] and doc.attribution.credits == []
    again = doc.to_dict()
    assert again["attribution"]["dateline"] is None and again["attribution"]["updated"] is None
    jsonschema.validate(again, load_schema())
    assert "additive" in load_schema()["description"]


def test_document_credits_and_dateline_round_trip() -> None:
    from unspin.document import Credit, Dateline

    doc = Document.from_text("LONDON (AP) — Jane Roe reports.\n")
    doc.attribution.credits = [Credit("Jane Roe", "author", affiliation="Example Institute", start=14, end=22),
                               Credit("Associated Press", "agency", origin="html")]
    doc.attribution.dateline = Dateline(0, 13, place="LONDON", place_id="GB-LND", agency="AP")
    doc.attribution.updated = "2023-05-20"
    doc.check_offsets()
    d = doc.to_dict()
    assert d["attribution"]["credits"][1] == {"name": "Associated Press", "role": "agency", "from": "html"}
    assert Document.from_dict(d).to_dict() == d


@pytest.mark.parametrize(("cls", "d"), [
    (TechniqueSpan, {"start": 13, "end": 19, "technique": "Loaded_Language", "score": 0.91}),
    (ParagraphTechnique, {"technique": "Flag_Waving", "score": 0.5}),
    (Frame, {"frame": "Economic", "score": 0.77}),
    (Genre, {"label": "opinion", "scores": {"reporting": 0.2, "opinion": 0.8}}),
    (Genre, {"label": "satire", "scores": {"satire": 0.7}, "from": "document"}),
    (Paragraph, {"start": 13, "end": 28}),
    (Paragraph, {"start": 13, "end": 28, "persuasion": [{"technique": "Doubt", "score": 0.4}]}),
])
def test_document_layer_outputs_round_trip_their_json(cls: Any, d: dict[str, object]) -> None:
    """Each typed layer output writes exactly the JSON it reads (key order included: the contract is byte-stable)."""
    assert list(cls.from_dict(d).to_dict().items()) == list(d.items())


def test_document_typed_outputs_round_trip_through_the_document() -> None:
    doc = _doc()
    doc.persuasion = [TechniqueSpan(13, 19, technique="Loaded_Language", score=0.91)]
    doc.paragraphs[0].persuasion = [ParagraphTechnique("Doubt", 0.4)]
    doc.frames = [Frame("Economic", 0.77)]
    doc.genre = Genre("opinion", {"opinion": 0.8, "reporting": 0.2})
    doc.sections[0].genre = Genre("opinion", {"opinion": 0.8, "reporting": 0.2})
    back = Document.from_dict(doc.to_dict())
    assert back == doc and back.to_dict() == doc.to_dict()
    doc.check_offsets()


def test_document_voice_roles_and_narratives_round_trip_and_validate() -> None:
    """The quotes, subjectivity, voice, roles and narratives fields are additive to unspin/document@1."""
    import jsonschema

    from unspin.document import EntityRole, MentionRole, Narrative, Quote
    from unspin.report.json import load_schema

    doc = _doc()
    doc.layers = ["quotes", "voice", "roles", "narratives"]
    doc.quotes = [Quote(content=Span(20, 27), kind="indirect", source=Span(13, 19), cue=Span(20, 24),
                        speaker="The US", speaker_id="US", anonymous=False, score=0.9)]
    s = doc.sentences[0]
    s.subjectivity, s.subjectivity_label = 0.2, "objective"
    s.voice, s.stance, s.quote, s.speaker_id = "source", "reported", 0, "US"
    doc.sections[0].voice = doc.voice = {"comment": 0.0, "reported": 1.0, "fact": 0.0, "anonymous": 0.0}
    doc.entities[0].role = MentionRole("antagonist", 0.8, ["Foreign Adversary"], {"antagonist": 0.8},
                                       sentence=Span(13, 28))
    doc.roles = [EntityRole("US", "antagonist", 0.8, ["Foreign Adversary"], mentions=1)]
    doc.narratives = [Narrative("URW: Blaming the war on others", 0.6),
                      Narrative("URW: Blaming the war on others: The West are the aggressors", 0.5,
                                parent="URW: Blaming the war on others")]
    doc.check_offsets()
    d = doc.to_dict()
    jsonschema.validate(d, load_schema())
    back = Document.from_dict(d)
    assert back == doc and back.to_dict() == d
    assert d["sentences"][0]["stance"] == "reported" and d["quotes"][0]["speaker_id"] == "US"


def test_document_without_new_layers_writes_no_new_keys() -> None:
    d = _doc().to_dict()
    assert not {"quotes", "voice", "roles", "narratives"} & set(d)
    assert "role" not in d["entities"][0] and "voice" not in d["sentences"][0]


def test_token_states_join_shift_offsets_and_pool_by_character_span() -> None:
    import numpy as np

    from unspin.document import TokenStates

    # Two pieces of one text: "ab cd" at 0 and "ef" at 10; token offsets are relative to each piece.
    joined = TokenStates.join([
        (0, np.array([[0, 2], [3, 5]]), np.array([[1.0, 0.0], [3.0, 2.0]]), np.array([[0.5], [0.25]])),
        (10, np.array([[0, 2]]), np.array([[5.0, 5.0]]), np.array([[1.0]])),
    ])
    assert joined is not None and len(joined) == 3
    assert joined.offsets.tolist() == [[0, 2], [3, 5], [10, 12]]
    assert joined.hidden.dtype == np.float16
    pooled = joined.pooled(0, 5)  # the first piece's two tokens
    assert pooled is not None
    assert pooled[0].tolist() == [2.0, 1.0] and pooled[1].tolist() == [0.375]
    assert joined.pooled(6, 10) is None  # between the pieces: no token
    assert joined.rows(3, 12) == slice(1, 3)


def test_token_states_are_not_kept_for_nothing_or_for_a_huge_input() -> None:
    import numpy as np

    from unspin.document import MAX_STATE_TOKENS, TokenStates

    assert TokenStates.join([]) is None
    n = MAX_STATE_TOKENS + 1
    offsets = np.stack([np.arange(n), np.arange(n) + 1], axis=1)
    assert TokenStates.join([(0, offsets, np.zeros((n, 1)), np.zeros((n, 1)))]) is None


def test_token_state_parts_keep_float16_pieces_and_drop_all_past_the_cap() -> None:
    import numpy as np

    from unspin.document import MAX_STATE_TOKENS, TokenStateParts

    parts = TokenStateParts()
    parts.add(0, np.array([[0, 2]]), np.ones((1, 2)), np.ones((1, 1)))
    parts.add(5, np.array([[0, 3]]), np.zeros((1, 2)), np.zeros((1, 1)))
    joined = parts.join()
    assert joined is not None and joined.offsets.tolist() == [[0, 2], [5, 8]] and joined.hidden.dtype == np.float16
    n = MAX_STATE_TOKENS
    parts.add(10, np.stack([np.arange(n), np.arange(n) + 1], axis=1), np.zeros((n, 2)), np.zeros((n, 1)))
    assert parts.join() is None and parts.parts == []  # past the cap: nothing kept, no states at all
