"""voice: the join of quotes and subjectivity, on Documents whose quotes and subjectivity labels are set by hand."""

from __future__ import annotations

import pytest

from unspin import Analyzer, Document
from unspin.components.voice import COVER, COVER_WITH_CUE, assign_voice, covering_quote, shares
from unspin.document import Quote, Span

TEXT = ("Council votes on plant\n\n"
        "The council voted 7-2 on Tuesday to close the Riverside plant. "
        "\"We had no other choice,\" Mayor Ann Lee said. "
        "According to officials, the plant will shut in March. "
        "The decision is a shameful betrayal of the town. "
        "Lee called the vote \"painful\" in a long speech to residents about jobs and the budget.")


def _span(text: str, part: str, after: int = 0) -> Span:
    i = TEXT.index(part, after)
    return Span(i, i + len(part))


@pytest.fixture(scope="module")
def structured() -> Analyzer:
    return Analyzer(["structure"])


def _doc(structured: Analyzer) -> Document:
    doc = structured(TEXT.encode("utf-8"))
    body_sents = [s for s in doc.sentences if s.start >= doc.body_sections()[0].start]
    assert len(body_sents) == 5, [doc.span_text(s) for s in doc.sentences]
    labels = ["objective", "subjective", "objective", "subjective", "objective"]
    for s, lab in zip(body_sents, labels, strict=True):
        s.subjectivity, s.subjectivity_label = (0.8 if lab == "subjective" else 0.2), lab
    doc.quotes = [
        Quote(content=_span(TEXT, "We had no other choice,"), kind="direct", source=_span(TEXT, "Mayor Ann Lee"),
              cue=_span(TEXT, "said"), speaker="Ann Lee", speaker_id="Ann Lee"),
        Quote(content=_span(TEXT, "the plant will shut in March"), kind="indirect",
              source=_span(TEXT, "officials"), cue=_span(TEXT, "According to"), speaker="officials", anonymous=True),
        Quote(content=_span(TEXT, "painful"), kind="direct", source=_span(TEXT, "Lee", TEXT.index("betrayal")),
              cue=_span(TEXT, "called"), speaker="Ann Lee", speaker_id="Ann Lee"),
    ]
    doc.layers += ["quotes"]
    return doc


def test_each_sentence_gets_voice_stance_quote_and_speaker(structured: Analyzer) -> None:
    doc = assign_voice(_doc(structured))
    got = [(doc.span_text(s).lstrip('"')[:20], s.voice, s.stance, s.quote, s.speaker_id)
           for s in doc.sentences if s.voice]
    assert got == [
        ("The council voted 7-", "writer", "fact", None, None),
        ("We had no other choi", "source", "reported", 0, "Ann Lee"),
        ("According to officia", "anonymous", "reported", 1, None),  # an unnamed source: no speaker id
        ("The decision is a sh", "writer", "comment", None, None),
        ("Lee called the vote ", "writer", "fact", None, None),  # one quoted word does not make it the source's
    ]
    assert all(s.voice is None for s in doc.sentences if s.end <= doc.body_sections()[0].start)  # the title


def test_shares_per_section_and_document(structured: Analyzer) -> None:
    doc = assign_voice(_doc(structured))
    want = {"comment": 0.2, "reported": 0.4, "fact": 0.4, "anonymous": 0.2}
    assert doc.voice == want
    assert [s.voice for s in doc.body_sections()] == [want]
    assert shares([]) is None


def test_unjudged_writer_sentence_has_no_voice_but_a_quoted_one_does(structured: Analyzer) -> None:
    doc = _doc(structured)
    first, second = [s for s in doc.sentences if s.start >= doc.body_sections()[0].start][:2]
    first.subjectivity = first.subjectivity_label = second.subjectivity = second.subjectivity_label = None
    assign_voice(doc)
    assert (first.voice, first.stance) == (None, None)  # left out of the shares
    assert (second.voice, second.stance, second.quote) == ("source", "reported", 0)
    assert doc.voice == {"comment": 0.25, "reported": 0.5, "fact": 0.25, "anonymous": 0.25}


def test_voice_round_trips_through_json(structured: Analyzer) -> None:
    doc = assign_voice(_doc(structured))
    back = Document.from_dict(doc.to_dict())
    assert back.voice == doc.voice
    assert [(s.voice, s.stance, s.quote, s.speaker_id) for s in back.sentences] == \
        [(s.voice, s.stance, s.quote, s.speaker_id) for s in doc.sentences]


def test_cover_rule_counts_the_sentence_without_the_quotes_source_and_cue() -> None:
    text = "Smith said the budget is balanced and the deficit is gone."
    sent = Span(0, len(text))
    content = Span(text.index("the budget"), len(text) - 1)
    q = Quote(content=content, kind="indirect", source=Span(0, 5), cue=Span(6, 10), speaker="Smith")
    assert covering_quote(text, sent, [q]) == 0
    short = Quote(content=Span(text.index("balanced"), text.index("balanced") + 8), kind="direct")
    assert covering_quote(text, sent, [short]) is None  # 8 of ~48 characters < COVER
    assert 0 < COVER_WITH_CUE < COVER <= 1
    # the attribution in the sentence: a third of the rest is enough; without the cue there, half is needed
    quote = "\"We had no other choice,\" Mayor Ann Lee told reporters after the vote."
    content = Span(1, quote.index(",\"") + 1)
    framed = Quote(content, "direct", source=Span(quote.index("Mayor"), quote.index(" told")),
                   cue=Span(quote.index("told"), quote.index("told") + 4))
    assert covering_quote(quote, Span(0, len(quote)), [framed]) == 0
    bare = Quote(content, "direct", source=framed.source)
    assert covering_quote(quote, Span(0, len(quote)), [bare]) is None
    # two quotes over one sentence: the one holding more of it wins
    assert covering_quote(text, sent, [short, q]) == 1


def test_analyzer_refuses_voice_without_quotes_and_subjectivity() -> None:
    from unspin.errors import ConfigError

    with pytest.raises(ConfigError, match="requires"):
        Analyzer(["structure", "voice"])


@pytest.mark.parametrize(("body", "expected"), [
    # the rest of a long direct quote the quotes layer missed: someone's words, speaker not identified
    ("Sanders spoke for an hour. “This system is rigged. It is a disgrace to the nation.” The crowd cheered.",
     [("Sanders spok", "writer", "comment"), ("“This system", "source", "reported"),
      ("It is a disg", "source", "reported"), ("The crowd ch", "writer", "comment")]),
    # the press convention: a long quote's paragraphs each open with a mark and only the last one closes
    ("The mayor spoke for an hour.\n\n“We will rebuild the bridge. The delay is a disgrace.\n\n"
     "“But we will not give up,” she said.\n\nThe council then voted.",
     [("The mayor sp", "writer", "comment"), ("“We will reb", "source", "reported"),
      ("The delay is", "source", "reported"), ("“But we will", "source", "reported"),
      ("The council ", "writer", "comment")]),
])
def test_a_sentence_in_quotation_marks_that_no_quote_covers_is_reported_not_comment(
        structured: Analyzer, body: str, expected: list[tuple[str, str, str]]) -> None:
    doc = structured(f"Someone speaks\n\n{body}".encode())
    sentences = [s for s in doc.sentences if s.start >= doc.body_sections()[0].start]
    for s in sentences:
        s.subjectivity, s.subjectivity_label = 0.9, "subjective"
    doc.layers += ["quotes"]
    assign_voice(doc)
    assert [(doc.span_text(s)[:12], s.voice, s.stance) for s in sentences] == expected
    assert all(s.quote is None for s in sentences)  # no quote, so no quote index
