"""The span taggers keep their per-token states on the Document for the layers after them."""

from __future__ import annotations

import pytest

from unspin.document import Document

TEXT = """Council reopens the bridge

## News:

The city council reopened the Elm Street bridge on Monday, the mayor said.

## Comment:

This is a shameful, reckless waste of our money, and everyone knows it.
"""


@pytest.mark.slow
def test_persuasion_and_quotes_keep_token_states_aligned_with_the_text() -> None:
    from unspin import Analyzer

    doc = Analyzer(["structure", "language", "entities", "quotes", "persuasion"])(Document.from_text(TEXT))
    persuasion, quotes = doc.token_states["persuasion"], doc.token_states["quotes"]
    assert persuasion.hidden.shape == (len(persuasion), 384) and persuasion.probs.shape == (len(persuasion), 15)
    assert quotes.probs.shape == (len(quotes), 7)
    for states in (persuasion, quotes):
        starts = states.offsets[:, 0]
        assert (starts[1:] >= starts[:-1]).all()
        # Every token is a piece of a word of the text, at its own offsets.
        pieces = [TEXT[a:b] for a, b in states.offsets.tolist()]
        assert all(p.strip() == p and p for p in pieces)
    shameful = TEXT.index("shameful")
    word = persuasion.offsets[persuasion.rows(shameful, shameful + 8)].tolist()
    assert "".join(TEXT[a:b] for a, b in word) == "shameful"
    # The comment sentence reads as more persuasive to the tagger than the report (span head, column 0).
    news = TEXT.index("The city council")
    comment = TEXT.index("This is a shameful")
    report, opinion = persuasion.pooled(news, TEXT.index(" said.")), persuasion.pooled(comment, len(TEXT))
    assert report is not None and opinion is not None
    assert opinion[1][0] > report[1][0]
