"""voice end to end on a short hand-written wire story: the real entities, quotes, subjectivity and voice layers.

Five cases, one sentence each: a plain factual sentence, a direct quote with its named speaker (and the speaker's
entity id), an "according to" attribution to a named organisation, an anonymous source, and the writer's comment.
"""

from __future__ import annotations

import pytest

from unspin import Analyzer, Document

pytestmark = pytest.mark.slow

STORY = (
    "Council votes to close Riverside plant\n\n"
    "SPRINGFIELD, Ill. (Wire) - The Springfield city council voted 7-2 on Tuesday to close the Riverside power "
    "plant by March 2027.\n\n"
    "\"We had no other choice,\" Mayor Ann Lee told reporters after the vote.\n\n"
    "According to the Illinois Department of Energy, the plant has lost money in each of the last six years.\n\n"
    "The closure will cost about 300 jobs, said a city official who was not authorized to speak publicly.\n\n"
    "It is a shameful betrayal of the workers who kept this town's lights on for half a century.\n"
)
LAYERS = ["structure", "language", "entities", "sentence-vectors", "quotes", "subjectivity", "voice"]


@pytest.fixture(scope="module")
def doc() -> Document:
    return Analyzer(LAYERS)(STORY.encode("utf-8"))


def _sentence(doc: Document, starts: str):  # noqa: ANN202 - a Sentence
    found = [s for s in doc.sentences if doc.span_text(s).lstrip("\"“ ").startswith(starts)]
    assert len(found) == 1, [doc.span_text(s) for s in doc.sentences]
    return found[0]


def _entity_id(doc: Document, mention: str) -> str:
    ids = {e.id for e in doc.entities if mention in e.text}
    assert len(ids) == 1, [(e.text, e.id) for e in doc.entities]
    return ids.pop()


def test_plain_factual_sentence_is_the_writers_fact(doc: Document) -> None:
    s = _sentence(doc, "The Springfield city council")  # the dateline is not part of it
    assert (s.voice, s.stance, s.quote, s.speaker_id) == ("writer", "fact", None, None)
    assert s.subjectivity_label == "objective"


def test_direct_quote_is_the_named_speakers(doc: Document) -> None:
    s = _sentence(doc, "We had no other choice")
    assert (s.voice, s.stance) == ("source", "reported")
    assert s.quote is not None
    q = doc.quotes[s.quote]
    assert q.kind in ("direct", "mixed") and not q.anonymous
    assert "Ann Lee" in (q.speaker or "")
    assert s.speaker_id == q.speaker_id == _entity_id(doc, "Ann Lee")


def test_according_to_attribution_is_the_organisations(doc: Document) -> None:
    s = _sentence(doc, "According to")
    assert (s.voice, s.stance) == ("source", "reported")
    assert s.quote is not None and "Illinois Department of Energy" in (doc.quotes[s.quote].speaker or "")
    assert s.speaker_id == _entity_id(doc, "Illinois Department of Energy")


def test_unnamed_official_is_anonymous(doc: Document) -> None:
    s = _sentence(doc, "The closure will cost")
    assert (s.voice, s.stance, s.speaker_id) == ("anonymous", "reported", None)
    assert s.quote is not None and doc.quotes[s.quote].anonymous


def test_writers_own_evaluation_is_comment(doc: Document) -> None:
    s = _sentence(doc, "It is a shameful betrayal")
    assert (s.voice, s.stance, s.quote) == ("writer", "comment", None)
    assert s.subjectivity_label == "subjective"


def test_shares_add_up_and_name_the_anonymous_part(doc: Document) -> None:
    assert doc.voice is not None
    assert doc.voice["comment"] + doc.voice["reported"] + doc.voice["fact"] == pytest.approx(1.0, abs=1e-3)
    assert doc.voice == {"comment": 0.2, "reported": 0.6, "fact": 0.2, "anonymous": 0.2}
    assert [s.voice for s in doc.body_sections()] == [doc.voice]
