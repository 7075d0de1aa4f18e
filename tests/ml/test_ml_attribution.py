"""The attribution tagger's decoding (BIO runs to spans, spans to relations) on hand-made probabilities, and the
shipped model's files (slow)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspin.errors import ModelError
from unspin.ml.attribution import LABELS, AttributionTagger, TaggedSpan, assemble, decode_roles

TEXT = "Smith said the tax would rise , aides added ."


def _offsets(text: str) -> np.ndarray:
    out, pos = [], 0
    for word in text.split(" "):
        out.append((pos, pos + len(word)))
        pos += len(word) + 1
    return np.array(out, dtype=np.int64)


def _probs(tags: list[str]) -> np.ndarray:
    p = np.full((len(tags), len(LABELS)), 0.01, dtype=np.float32)
    for i, t in enumerate(tags):
        p[i, LABELS.index(t)] = 0.94
    return p


def test_attribution_decode_roles_bio_runs() -> None:
    tags = ["B-source", "B-cue", "B-content", "I-content", "I-content", "I-content", "O", "I-source", "B-cue", "O"]
    spans = decode_roles(TEXT, _offsets(TEXT), _probs(tags))
    got = [(s.role, TEXT[s.start : s.end]) for s in spans]
    assert got == [("source", "Smith"), ("cue", "said"), ("content", "the tax would rise"), ("source", "aides"),
                   ("cue", "added")]
    assert all(0.9 < s.score <= 1.0 for s in spans)
    # a B inside a run starts a new span of the same role
    two = decode_roles(TEXT, _offsets(TEXT), _probs(["B-content", "B-content"] + ["O"] * 8))
    assert [TEXT[s.start : s.end] for s in two] == ["Smith", "said"]


def test_attribution_assemble_nearest_cue_content_source() -> None:
    text = "Smith said the tax would rise. “It is done,” aides added. A colon: “free text here”"
    def sp(role: str, part: str) -> TaggedSpan:
        i = text.index(part)
        return TaggedSpan(role, i, i + len(part), 0.9)
    spans = [sp("source", "Smith"), sp("cue", "said"), sp("content", "the tax would rise"),
             sp("content", "“It is done,”"), sp("source", "aides"), sp("cue", "added"),
             sp("content", "“free text here”")]
    rels = assemble(text, spans, {"content_gap": 20, "source_gap": 20, "orphan_source_gap": 0,
                                  "min_content_chars": 3})
    got = [(text[r.content.start : r.content.end], r.cue and text[r.cue.start : r.cue.end],
            r.source and text[r.source.start : r.source.end]) for r in rels]
    assert got == [("the tax would rise", "said", "Smith"), ("“It is done,”", "added", "aides"),
                   ("“free text here”", None, None)]
    # with no room between cue and content, no cue takes a content: three cue-less relations
    none = assemble(text, spans, {"content_gap": 0, "source_gap": 20, "orphan_source_gap": 0,
                                  "min_content_chars": 3})
    assert [r.cue for r in none] == [None, None, None]


def test_attribution_missing_model_files_raise_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="training.quotes"):
        AttributionTagger.from_dir(tmp_path)


@pytest.mark.slow
def test_attribution_shipped_model_tags_a_quote() -> None:
    from unspin.ml.attribution import load_attribution_tagger

    tagger = load_attribution_tagger()
    text = "The governor said on Monday that the bridge would reopen in May."
    rels = tagger.relations(text)
    assert len(rels) == 1
    r = rels[0]
    # the cue may take the adverbial along ("said on Monday"), as PolNeAR's annotators sometimes did
    assert r.cue is not None and text[r.cue.start : r.cue.end].startswith("said")
    assert r.source is not None and text[r.source.start : r.source.end] == "The governor"
    assert "bridge would reopen in May" in text[r.content.start : r.content.end]
    assert tagger.relations_many([text, ""]) == [rels, []]


def test_attribution_assemble_reads_the_cues_own_sentence_before_the_next() -> None:
    # PolNeAR dev, Politico 2016-09-22: Kasowitz's quotation went unattributed and the writer's next sentence became
    # his words, being nearer to "said".
    text = ("\"We are pleased with the decision,\" Trump lawyer Marc Kasowitz said. Nervo's conclusion is not "
            "universally shared on the bench.")

    def sp(role: str, part: str) -> TaggedSpan:
        i = text.index(part)
        return TaggedSpan(role, i, i + len(part), 0.9)
    spans = [sp("content", "\"We are pleased with the decision,\""), sp("source", "Trump lawyer Marc Kasowitz"),
             sp("cue", "said"), sp("content", "conclusion is not universally shared on the bench")]
    rels = assemble(text, spans, {"content_gap": 40, "source_gap": 40, "min_content_chars": 3})
    got = [(text[r.content.start : r.content.end], r.cue and text[r.cue.start : r.cue.end]) for r in rels]
    assert got == [("\"We are pleased with the decision,\"", "said"),
                   ("conclusion is not universally shared on the bench", None)]
    # with nothing in its own sentence, a cue still takes the content after its sentence end
    alone = assemble(text, spans[1:], {"content_gap": 40, "source_gap": 40, "min_content_chars": 3})
    assert [text[r.cue.start : r.cue.end] if r.cue else None for r in alone] == ["said"]


def test_attribution_assemble_prefers_a_content_after_its_cue_to_one_in_the_sentence_before() -> None:
    # PolNeAR dev, Breitbart 2016-09-29: "… this year alone. On September 27 they published …" took the previous
    # sentence as what "they published".
    text = "The agency said the tax rose. Smith then argued, at length and in public, that it fell."

    def sp(role: str, part: str) -> TaggedSpan:
        i = text.index(part)
        return TaggedSpan(role, i, i + len(part), 0.9)
    spans = [sp("content", "the tax rose"), sp("cue", "argued"), sp("content", "that it fell")]
    rels = assemble(text, spans, {"content_gap": 40, "source_gap": 40, "min_content_chars": 3})
    got = {text[r.content.start : r.content.end]: r.cue and text[r.cue.start : r.cue.end] for r in rels}
    assert got == {"the tax rose": None, "that it fell": "argued"}


def test_attribution_assemble_joins_a_quote_split_by_its_cue() -> None:
    text = "“It is done,” the mayor said, “and it is final.” Later news followed."
    def sp(role: str, part: str) -> TaggedSpan:
        i = text.index(part)
        return TaggedSpan(role, i, i + len(part), 0.9)
    spans = [sp("content", "“It is done,”"), sp("source", "the mayor"), sp("cue", "said"),
             sp("content", "“and it is final.”")]
    base = {"content_gap": 20, "source_gap": 20, "orphan_min_chars": 0, "share_sources": True}
    (joined,) = assemble(text, spans, {**base, "join_gap": 5})
    assert [text[c.start : c.end] for c in joined.parts] == ["“It is done,”", "“and it is final.”"]
    assert joined.source is not None and text[joined.source.start : joined.source.end] == "the mayor"
    # without joining, the cue takes the nearer part and the other stands alone, with no cue
    apart = assemble(text, spans, {**base, "join_gap": 0})
    assert [(text[r.content.start : r.content.end], r.cue is None) for r in apart] == [
        ("“It is done,”", True), ("“and it is final.”", False)]


def test_attribution_decode_trims_source_clause_and_sentence_overrun() -> None:
    text = "Mayor Ann Lee , who spoke first , said it is late . The"
    tags = ["B-source", "I-source", "I-source", "I-source", "I-source", "O", "O", "O", "B-cue",
            "B-content", "I-content", "I-content", "I-content", "I-content"]
    spans = decode_roles(text, _offsets(text), _probs(tags))
    got = [(s.role, text[s.start : s.end]) for s in spans]
    assert got == [("source", "Mayor Ann Lee"), ("cue", "said"), ("content", "it is late .")]
