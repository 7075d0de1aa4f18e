"""voice: whose words each body sentence is (the writer's, a named source's, an unnamed source's), and its stance.

The decision, per body sentence (no model; it joins the ``quotes`` and ``subjectivity`` layers):

* ``voice``: ``source`` when a quote's content covers the sentence, ``anonymous`` when that quote's source is
  unnamed (``Quote.anonymous``), else ``writer``. A quote covers a sentence when its content holds at least half
  (:data:`COVER`) of the sentence's non-space characters that are not the quote's own source and cue, or a third
  (:data:`COVER_WITH_CUE`) when the sentence holds the quote's cue (the attribution is in the sentence, whose rest
  is its frame: "told reporters after the vote"). So ``"We had no other choice," Mayor Ann Lee told reporters
  after the vote.`` and ``According to officials, the plant will close.`` are covered, and the next sentences of a
  quote that runs on are; a writer's sentence that quotes a word or two (``Lee called the vote "painful" in a long
  speech to residents.``) is not. When several quotes cover a sentence, the one whose content holds more of it
  wins. ``quote`` is that quote's index in ``doc.quotes`` and ``speaker_id`` its source's entity id.
* ``stance``: ``reported`` for sourced content (source or anonymous); for the writer's own words ``comment`` when
  the sentence is subjective (the ``subjectivity`` layer's label) and ``fact`` when it is objective.

A sentence no quote covers but which stands mostly (at least :data:`COVER`) inside quotation marks of any style
(the quotes layer's :func:`~unspin.components.quotes.quoted_regions`) is someone else's words that the quotes
layer did not tie to a speaker (the rest of a long direct quote, an embedded tweet): ``voice`` ``source`` with no
``quote`` and no ``speaker_id`` ("speaker not identified"), stance
``reported``, never the writer's comment.

A writer's sentence the subjectivity layer did not judge (fewer than three words: a timestamp, a rule line) gets
no voice and counts in no share; quoted, it is the source's like any other.

Shares: each body section and the whole document (its body sections together) get ``voice`` =
``{"comment", "reported", "fact", "anonymous"}``, each the share of the body sentences with that stance
(``anonymous`` the share spoken by unnamed sources, a part of ``reported``). comment + reported + fact = 1.
Sentences outside body sections (title, byline, boilerplate) get no voice. The genre layer, when it runs after
this one, uses a section's shares alongside its genre head (see :mod:`unspin.components.genre`).

Example: ``voice_of(doc)`` on a document whose quotes and subjectivity are filled.
"""

from __future__ import annotations

from typing import Any

from unspin.components.quotes import quoted_regions
from unspin.document import Document, Quote, Section, Sentence, Span
from unspin.registry import Pipe, component

__all__ = ["make_voice", "assign_voice", "shares", "covering_quote", "COVER", "COVER_WITH_CUE", "STANCES",
           "SHARE_KEYS"]

COVER = 0.5  # a quote covers a sentence when its content holds at least this share of the sentence's own characters
COVER_WITH_CUE = 1 / 3  # ... or this share when the quote's cue is inside the sentence
STANCES = ("comment", "reported", "fact")
SHARE_KEYS = ("comment", "reported", "fact", "anonymous")


def _mostly_quoted(text: str, sentence: Span, quoted: list[Span]) -> bool:
    own = sum(1 for i in range(sentence.start, sentence.end) if not text[i].isspace())
    inside = sum(1 for q in quoted if _overlap(q, sentence)
                 for i in range(max(q.start, sentence.start), min(q.end, sentence.end)) if not text[i].isspace())
    return own > 0 and inside >= COVER * own


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _own_chars(text: str, sentence: Span, quote: Quote) -> int:
    """The sentence's non-space characters outside the quote's source and cue spans."""
    inside = [p for p in (quote.source, quote.cue) if p is not None]
    n = 0
    for i in range(sentence.start, sentence.end):
        if not text[i].isspace() and not any(p.start <= i < p.end for p in inside):
            n += 1
    return n


def _content_chars(text: str, sentence: Span, quote: Quote) -> int:
    lo, hi = max(sentence.start, quote.content.start), min(sentence.end, quote.content.end)
    return sum(1 for i in range(lo, hi) if not text[i].isspace())


def covering_quote(text: str, sentence: Span, quotes: list[Quote]) -> int | None:
    """Index of the quote whose content covers ``sentence`` (see the module doc), or None.

    Example: ``covering_quote(doc.text, doc.sentences[3], doc.quotes)``
    """
    best: tuple[int, int] | None = None  # (content characters in the sentence, index)
    for i, q in enumerate(quotes):
        if _overlap(sentence, q.content) == 0:
            continue
        inside = _content_chars(text, sentence, q)
        own = _own_chars(text, sentence, q)
        cue_here = q.cue is not None and sentence.start <= q.cue.start and q.cue.end <= sentence.end
        if own and inside >= (COVER_WITH_CUE if cue_here else COVER) * own and (best is None or inside > best[0]):
            best = (inside, i)
    return None if best is None else best[1]


def _stance(sentence: Sentence) -> str:
    if sentence.voice in ("source", "anonymous"):
        return "reported"
    return "comment" if sentence.subjectivity_label == "subjective" else "fact"


def shares(sentences: list[Sentence]) -> dict[str, float] | None:
    """Shares of comment / reported / fact (and anonymous) among sentences with a voice; None when there are none.

    Example: ``shares(doc.sentences)["reported"]``
    """
    voiced = [s for s in sentences if s.stance is not None]
    if not voiced:
        return None
    n = len(voiced)
    out = {k: round(sum(1 for s in voiced if s.stance == k) / n, 4) for k in STANCES}
    out["anonymous"] = round(sum(1 for s in voiced if s.voice == "anonymous") / n, 4)
    return out


def _inside(section: Section, sentence: Sentence) -> bool:
    return sentence.start >= section.start and sentence.end <= section.end


def assign_voice(doc: Document) -> Document:
    """Voice, stance, quote and speaker of every body sentence; shares per body section and for the document."""
    body = doc.body_sections()
    # quotes sorted by start so each sentence only looks at the quotes near it
    order = sorted(range(len(doc.quotes)), key=lambda i: doc.quotes[i].content.start)
    by_section: list[list[Sentence]] = [[] for _ in body]
    quoted = [Span(a, b) for a, b in quoted_regions(doc.text)]
    for sentence in doc.sentences:
        home = next((k for k, sec in enumerate(body) if _inside(sec, sentence)), None)
        if home is None:
            continue
        near = [i for i in order if _overlap(sentence, doc.quotes[i].content)]
        pick = covering_quote(doc.text, sentence, [doc.quotes[i] for i in near]) if near else None
        in_marks = pick is None and _mostly_quoted(doc.text, sentence, quoted)
        if pick is None and not in_marks and sentence.subjectivity_label is None:  # not judged (too short)
            sentence.voice = sentence.stance = sentence.quote = sentence.speaker_id = None
            continue
        if in_marks:  # someone's words in quotation marks that no quote ties to a speaker
            sentence.voice, sentence.quote, sentence.speaker_id = "source", None, None
        elif pick is None:
            sentence.voice, sentence.quote, sentence.speaker_id = "writer", None, None
        else:
            q = doc.quotes[near[pick]]
            sentence.voice = "anonymous" if q.anonymous else "source"
            sentence.quote = near[pick]
            sentence.speaker_id = None if q.anonymous else q.speaker_id
        sentence.stance = _stance(sentence)
        by_section[home].append(sentence)
    for section, members in zip(body, by_section, strict=True):
        section.voice = shares(members)
    doc.voice = shares([s for members in by_section for s in members])
    return doc


@component("voice", requires=["sentences", "sections", "quotes", "sentences.subjectivity"],
           assigns=["sentences.voice", "sections.voice", "voice"])
def make_voice(config: dict[str, Any]) -> Pipe:
    """Whose voice each body sentence is (writer / source / anonymous) and its stance (comment / reported / fact)."""
    return assign_voice
