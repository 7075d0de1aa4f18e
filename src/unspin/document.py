"""The Document: one analysed text and every annotation on it, as half-open character spans.

``Document.text`` is fixed at ingest and never changes; every layer (sections, paragraphs,
sentences, entities, persuasion spans, ...) points into it with ``start``/``end`` character
offsets, like spaCy's ``Doc``/``Span``. ``to_dict()`` gives the JSON contract
``unspin/document@1`` (see ``schema/document-1.schema.json``); ``from_dict()`` reads it back.

Components add layers by assigning fields; ``Document.check_offsets()`` verifies that every span
lies inside ``text`` and that spans carrying a ``text`` field match ``text[start:end]``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy is only needed at runtime by the layers that fill sentence_vectors
    import numpy as np

SCHEMA_ID = "unspin/document@1"

__all__ = [
    "SCHEMA_ID",
    "Attribution",
    "Credit",
    "Dateline",
    "Document",
    "Entity",
    "EntityRole",
    "Frame",
    "Genre",
    "MentionRole",
    "Narrative",
    "Note",
    "Paragraph",
    "ParagraphTechnique",
    "Quote",
    "Section",
    "Sentence",
    "Source",
    "Span",
    "TechniqueSpan",
    "TokenStateParts",
    "TokenStates",
    "TextSpan",
]


@dataclass(slots=True)
class Span:
    """A half-open character span ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class TextSpan(Span):
    """A span that also carries its text (the title, for instance)."""

    text: str


@dataclass(slots=True)
class TechniqueSpan(Span):
    """A persuasion-technique span (one of the 14 PTC techniques) with the tagger's score."""

    technique: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "technique": self.technique, "score": self.score}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TechniqueSpan:
        return cls(start=d["start"], end=d["end"], technique=d["technique"], score=d["score"])


@dataclass(slots=True)
class ParagraphTechnique:
    """A persuasion technique found in a paragraph (one of the 23 SemEval-2023 techniques), with its score."""

    technique: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"technique": self.technique, "score": self.score}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ParagraphTechnique:
        return cls(technique=d["technique"], score=d["score"])


@dataclass(slots=True)
class Frame:
    """A framing dimension the document takes (one of SemEval-2023's 14 frames), with its score."""

    frame: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"frame": self.frame, "score": self.score}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Frame:
        return cls(frame=d["frame"], score=d["score"])


@dataclass(slots=True)
class Genre:
    """Reporting, opinion or satire, with every label's score; ``label`` is the highest of ``scores``.

    ``origin`` is ``from`` in the JSON: ``"document"`` when a section inherits the document's genre (satire),
    absent when the genre was decided for the span itself. ``evidence`` names what the decision used: ``"head"``
    (the genre head over the sentence vectors) and ``"voice"`` (the section's voice shares, when the voice layer
    ran before genre); absent on genres decided before it was recorded.
    """

    label: str
    scores: dict[str, float] = field(default_factory=dict)
    origin: str | None = None
    evidence: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"label": self.label, "scores": dict(self.scores)}
        if self.origin is not None:
            d["from"] = self.origin
        if self.evidence is not None:
            d["evidence"] = list(self.evidence)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Genre:
        ev = d.get("evidence")
        return cls(label=d["label"], scores=dict(d.get("scores") or {}), origin=d.get("from"),
                   evidence=list(ev) if ev is not None else None)


@dataclass(slots=True)
class Section(Span):
    """A region of the article: a body section ("News", "Comment"), a byline or boilerplate.

    ``heading`` is the span of the label in the text when the section has one (``## News:``).
    """

    label: str
    kind: str  # "body" | "byline" | "boilerplate"
    heading: Span | None = None
    genre: Genre | None = None
    # Shares of the section's body sentences by stance and voice ("comment", "reported", "fact", "anonymous"),
    # filled by the voice layer.
    voice: dict[str, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"label": self.label, "kind": self.kind, "start": self.start, "end": self.end}
        d["heading"] = self.heading.to_dict() if self.heading else None
        if self.genre is not None:
            d["genre"] = self.genre.to_dict()
        if self.voice is not None:
            d["voice"] = dict(self.voice)
        return d


@dataclass(slots=True)
class Paragraph(Span):
    """A paragraph of body text; later layers add paragraph-level labels."""

    persuasion: list[ParagraphTechnique] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end}
        if self.persuasion is not None:
            d["persuasion"] = [t.to_dict() for t in self.persuasion]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Paragraph:
        found = d.get("persuasion")
        return cls(d["start"], d["end"],
                   [ParagraphTechnique.from_dict(t) for t in found] if found is not None else None)


@dataclass(slots=True)
class Sentence(Span):
    """A sentence; never crosses a paragraph boundary.

    Later layers add: check-worthiness (``claims``), subjectivity in [0, 1] with its label ``subjective`` |
    ``objective`` (``subjectivity``), and whose voice it is (``voice``): ``writer`` (the author's own words),
    ``source`` (inside the content of ``quotes[quote]``, said by ``speaker_id``) or ``anonymous`` (the content of
    an unnamed source), with the ``stance`` that follows: ``comment`` (writer + subjective), ``reported``
    (sourced content) or ``fact`` (writer + objective).
    """

    checkworthiness: float | None = None
    claim: bool | None = None
    subjectivity: float | None = None
    subjectivity_label: str | None = None  # "subjective" | "objective"
    voice: str | None = None  # "writer" | "source" | "anonymous"
    stance: str | None = None  # "comment" | "reported" | "fact"
    quote: int | None = None  # index into Document.quotes when voice is "source" or "anonymous"
    speaker_id: str | None = None  # the quote's source entity id, when it resolves to one

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end}
        if self.checkworthiness is not None:
            d["checkworthiness"] = self.checkworthiness
            d["claim"] = self.claim
        if self.subjectivity is not None:
            d["subjectivity"] = self.subjectivity
            d["subjectivity_label"] = self.subjectivity_label
        if self.voice is not None:
            d["voice"] = self.voice
            d["stance"] = self.stance
            d["quote"] = self.quote
            d["speaker_id"] = self.speaker_id
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Sentence:
        return cls(d["start"], d["end"], d.get("checkworthiness"), d.get("claim"), d.get("subjectivity"),
                   d.get("subjectivity_label"), d.get("voice"), d.get("stance"), d.get("quote"),
                   d.get("speaker_id"))


@dataclass(slots=True)
class Quote:
    """One attribution relation: who (``source``), the ``cue`` ("said", "according to", a colon) and what (``content``).

    ``kind`` is ``direct`` (the content stands inside quotation marks of any style), ``indirect`` (reported speech)
    or ``mixed``. ``speaker`` is the name the quote is credited to (the source's text, or the named speaker a
    pronoun resolves to) and ``speaker_id`` its canonical entity id when it resolves to an entity; ``anonymous``
    is true for unnamed sources ("officials", "a source close to", "experts").
    """

    content: Span
    kind: str  # "direct" | "indirect" | "mixed"
    source: Span | None = None
    cue: Span | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    anonymous: bool = False
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"content": self.content.to_dict(), "kind": self.kind,
                "source": self.source.to_dict() if self.source else None,
                "cue": self.cue.to_dict() if self.cue else None,
                "speaker": self.speaker, "speaker_id": self.speaker_id, "anonymous": self.anonymous,
                "score": self.score}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        return cls(content=Span(**d["content"]), kind=d["kind"],
                   source=Span(**d["source"]) if d.get("source") else None,
                   cue=Span(**d["cue"]) if d.get("cue") else None,
                   speaker=d.get("speaker"), speaker_id=d.get("speaker_id"),
                   anonymous=bool(d.get("anonymous", False)), score=d.get("score"))


@dataclass(slots=True)
class MentionRole:
    """How the text casts one entity mention: a main role with its score and the fine roles the text supports.

    ``main`` is ``protagonist`` | ``antagonist`` | ``innocent``; ``fine`` lists fine-grained roles of SemEval-2025
    Task 10's taxonomy (``Guardian``, ``Foreign Adversary``, ``Victim``, ...); ``sentence`` is the sentence that
    carries the role. Mentions the text does not frame get no role at all.
    """

    main: str
    score: float
    fine: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    sentence: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"main": self.main, "score": self.score, "fine": list(self.fine), "scores": dict(self.scores),
                "sentence": self.sentence.to_dict() if self.sentence else None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MentionRole:
        return cls(main=d["main"], score=d["score"], fine=list(d.get("fine") or []),
                   scores=dict(d.get("scores") or {}),
                   sentence=Span(**d["sentence"]) if d.get("sentence") else None)


@dataclass(slots=True)
class EntityRole:
    """One canonical entity's role over the whole document: its mentions' roles aggregated by entity id."""

    id: str
    main: str
    score: float
    fine: list[str] = field(default_factory=list)
    mentions: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "main": self.main, "score": self.score, "fine": list(self.fine),
                "mentions": self.mentions}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EntityRole:
        return cls(id=d["id"], main=d["main"], score=d["score"], fine=list(d.get("fine") or []),
                   mentions=int(d.get("mentions", 0)))


@dataclass(slots=True)
class Narrative:
    """A document-level narrative or sub-narrative label of a taxonomy, with its score.

    ``parent`` is the narrative a sub-narrative belongs to (``None`` for a narrative); ``taxonomy`` names the
    taxonomy that defines the label (``semeval2025`` by default, or a user's own).
    """

    label: str
    score: float
    parent: str | None = None
    taxonomy: str = "semeval2025"

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "score": self.score, "parent": self.parent, "taxonomy": self.taxonomy}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Narrative:
        return cls(label=d["label"], score=d["score"], parent=d.get("parent"),
                   taxonomy=d.get("taxonomy", "semeval2025"))


@dataclass(slots=True)
class Entity(TextSpan):
    """A named entity; ``id`` is canonical across mentions ("US" for "the US" and "United States").

    ``role`` is how the text casts this mention (the ``roles`` layer), absent when the text does not frame it.
    """

    label: str
    id: str
    role: MentionRole | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text, "label": self.label,
                             "id": self.id}
        if self.role is not None:
            d["role"] = self.role.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(d["start"], d["end"], d["text"], d["label"], d["id"],
                   MentionRole.from_dict(d["role"]) if d.get("role") else None)


@dataclass(slots=True)
class Source:
    """Where the text came from: a file path, a URL, stdin or an in-memory string."""

    sha256: str
    fetched_at: str
    path: str | None = None
    url: str | None = None
    media_type: str = "text/plain"
    encoding: str | None = None
    id: str | None = None  # the input record's own id (a JSON Lines record's "id"), when it has one

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        if self.url is not None:
            d["url"] = self.url
        else:
            d["path"] = self.path
        d.update(sha256=self.sha256, fetched_at=self.fetched_at, media_type=self.media_type, encoding=self.encoding)
        if self.id is not None:
            d["id"] = self.id
        return d

    @classmethod
    def for_text(cls, text: str, *, path: str | None = None) -> Source:
        """The Source of an in-memory string: its UTF-8 hash, fetched now."""
        return cls(sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), fetched_at=utc_now(),
                   path=path or "<text>", encoding="utf-8")


def utc_now() -> str:
    """``fetched_at`` for something read now: ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


CREDIT_ROLES = ("author", "reporting", "additional_reporting", "editing", "writing", "commissioned_by", "publisher",
                "agency")


@dataclass(slots=True)
class Credit:
    """One name credited for the article and what for: an author, a wire story's editor, the agency, the publisher.

    ``start``/``end`` is the span of the name in the text when it was read there (``origin="text"``);
    names from HTML metadata (``origin="html"``) have none. ``origin`` is ``from`` in the JSON.
    """

    name: str
    role: str  # one of CREDIT_ROLES
    affiliation: str | None = None
    start: int | None = None
    end: int | None = None
    origin: str = "text"  # "text" | "html"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "role": self.role}
        if self.affiliation is not None:
            d["affiliation"] = self.affiliation
        if self.start is not None and self.end is not None:
            d["start"], d["end"] = self.start, self.end
        d["from"] = self.origin
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Credit:
        return cls(name=d["name"], role=d["role"], affiliation=d.get("affiliation"), start=d.get("start"),
                   end=d.get("end"), origin=d.get("from", "text"))


@dataclass(slots=True)
class Dateline(Span):
    """A wire story's opening ``ISLAMABAD, May 19 (Reuters) -``: where, when and from which agency.

    The span covers the dateline up to and including its dash, so the first sentence's claim text
    can leave it out; ``place_id`` is the canonical id of the place (as entities use).
    """

    place: str | None = None
    place_id: str | None = None
    date: str | None = None
    agency: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "place": self.place, "place_id": self.place_id,
                "date": self.date, "agency": self.agency}


@dataclass(slots=True)
class Attribution:
    """Who wrote and published the article, from bylines, metadata and footer links.

    ``authors`` and ``organizations`` stay plain lists of names (what clients read since @1);
    ``credits``, ``dateline`` and ``updated`` were added later, additively, within @1.
    """

    authors: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    published: str | None = None
    credits: list[Credit] = field(default_factory=list)
    dateline: Dateline | None = None
    updated: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"authors": list(self.authors), "organizations": list(self.organizations), "links": list(self.links),
                "published": self.published, "credits": [c.to_dict() for c in self.credits],
                "dateline": self.dateline.to_dict() if self.dateline else None, "updated": self.updated}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Attribution:
        """Reads documents written before ``credits``/``dateline``/``updated`` existed as well as after."""
        dl = d.get("dateline")
        return cls(authors=list(d.get("authors", [])), organizations=list(d.get("organizations", [])),
                   links=list(d.get("links", [])), published=d.get("published"),
                   credits=[Credit.from_dict(c) for c in d.get("credits") or []],
                   dateline=Dateline(**dl) if dl else None, updated=d.get("updated"))


@dataclass(slots=True)
class Note:
    """Something a component wants the reader to know: a skipped layer, a fallback decoding."""

    layer: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# A tagger's states are kept for at most this many tokens (about 40 MB of float16 states: some 35,000 words); on a
# huge input the layers that read them fall back to what they do without (see TokenStates).
MAX_STATE_TOKENS = 50_000


@dataclass(slots=True)
class TokenStates:
    """One span tagger's per-token outputs over a document, for the layers after it (in memory only).

    ``offsets[i]`` is token i's ``(start, end)`` in ``Document.text``; ``hidden[i]`` its encoder's last hidden
    state (float16; the quotes model exports none: ``H == 0``) and ``probs[i]`` the tagger's token-head
    probabilities (float16; persuasion: span + 14 techniques, quotes: the 7 BIO labels). Tokens are in text order;
    only the text the tagger read is covered (body sections, and the title for persuasion). The persuasion and
    quotes layers fill ``Document.token_states["persuasion"]`` / ``["quotes"]`` so that a later classifier can use
    what those encoders already computed instead of running an encoder of its own.
    """

    offsets: np.ndarray  # (n, 2) int64
    hidden: np.ndarray  # (n, H) float16
    probs: np.ndarray  # (n, k) float16

    def __len__(self) -> int:
        return int(self.offsets.shape[0])

    @classmethod
    def join(cls, parts: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]]) -> TokenStates | None:
        """One TokenStates from the tagger's outputs on several pieces of the text, given in text order as
        ``(piece_offset, token_offsets, hidden, probs)`` (token offsets relative to the piece); None when there
        are no tokens, or more than ``MAX_STATE_TOKENS``."""
        import numpy as np

        parts = [p for p in parts if len(p[1])]
        n = sum(len(p[1]) for p in parts)
        if n == 0 or n > MAX_STATE_TOKENS:
            return None
        return cls(offsets=np.concatenate([np.asarray(o, dtype=np.int64) + off for off, o, _, _ in parts]),
                   hidden=np.concatenate([h for _, _, h, _ in parts]).astype(np.float16),
                   probs=np.concatenate([p for _, _, _, p in parts]).astype(np.float16))

    def rows(self, start: int, end: int) -> slice:
        """The tokens that lie inside ``[start, end)`` (a slice: tokens are sorted by offset)."""
        import numpy as np

        lo = int(np.searchsorted(self.offsets[:, 0], start, side="left"))
        hi = int(np.searchsorted(self.offsets[:, 1], end, side="right"))
        return slice(lo, max(lo, hi))

    def pooled(self, start: int, end: int) -> tuple[np.ndarray, np.ndarray] | None:
        """Mean hidden state and mean head probabilities (float32) of the tokens inside ``[start, end)``;
        None when the tagger read none of it."""
        import numpy as np

        r = self.rows(start, end)
        if r.stop <= r.start:
            return None
        # averaged in float32 straight from the float16 rows, without a float32 copy of them
        return (self.hidden[r].mean(axis=0, dtype=np.float32), self.probs[r].mean(axis=0, dtype=np.float32))



@dataclass(slots=True)
class TokenStateParts:
    """A tagger's outputs on the pieces of a document, collected in text order for one :class:`TokenStates`; once
    they pass ``MAX_STATE_TOKENS`` tokens nothing more is kept and :meth:`join` gives None, so memory stays bounded
    on a huge input.

    Example: ``parts.add(piece_offset, inf.enc.offsets, inf.hidden, probs)`` per piece, then ``parts.join()``.
    """

    parts: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    tokens: int = 0

    def add(self, offset: int, offsets: np.ndarray, hidden: np.ndarray, probs: np.ndarray) -> None:
        """One piece's token offsets (relative to the piece, which starts at ``offset``), hidden states and
        head probabilities (kept as float16)."""
        self.tokens += len(offsets)
        if self.tokens > MAX_STATE_TOKENS:
            self.parts.clear()
            return
        self.parts.append((offset, offsets, hidden.astype("float16"), probs.astype("float16")))

    def join(self) -> TokenStates | None:
        return TokenStates.join(self.parts) if self.tokens <= MAX_STATE_TOKENS else None

@dataclass(slots=True)
class Document:
    """One analysed text. Build it with :func:`unspin.ingest.load` or :meth:`from_text`."""

    text: str
    source: Source
    language: str | None = None
    title: TextSpan | None = None
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    attribution: Attribution = field(default_factory=Attribution)
    entities: list[Entity] = field(default_factory=list)
    persuasion: list[TechniqueSpan] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    genre: Genre | None = None
    quotes: list[Quote] = field(default_factory=list)
    voice: dict[str, float] | None = None  # the whole document's shares, as Section.voice
    roles: list[EntityRole] = field(default_factory=list)
    narratives: list[Narrative] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # Metadata found at ingest (HTML <title>, author, site name, date) that structure may use.
    # Not part of the JSON contract: it is what the input said, not what unspin concluded.
    meta: dict[str, Any] = field(default_factory=dict)
    # One vector per sentence (an (n, 512) float32 array, row i for sentences[i]), filled by the sentence-vectors
    # layer for the classifiers after it. In memory only: not part of the JSON contract, not compared.
    sentence_vectors: np.ndarray | None = field(default=None, repr=False, compare=False)
    # Per-token states of the span taggers (key: the layer that ran it, "persuasion" or "quotes"): see TokenStates.
    # In memory only, like sentence_vectors.
    token_states: dict[str, TokenStates] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, *, path: str | None = None) -> Document:
        """A Document over an in-memory string (tests, the library API)."""
        return cls(text=text, source=Source.for_text(text, path=path))

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def note(self, layer: str, message: str) -> None:
        self.notes.append(Note(layer, message))

    def body_sections(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "body"]

    def iter_spans(self) -> list[tuple[str, Span]]:
        """Every span of every layer, with the layer's name: what ``check_offsets`` walks."""
        spans: list[tuple[str, Span]] = []
        if self.title is not None:
            spans.append(("title", self.title))
        for s in self.sections:
            spans.append(("sections", s))
            if s.heading is not None:
                spans.append(("sections.heading", s.heading))
        spans += [("paragraphs", p) for p in self.paragraphs]
        spans += [("sentences", s) for s in self.sentences]
        spans += [("entities", e) for e in self.entities]
        spans += [("persuasion", p) for p in self.persuasion]
        for q in self.quotes:
            spans.append(("quotes.content", q.content))
            spans += [(f"quotes.{name}", part) for name, part in (("source", q.source), ("cue", q.cue)) if part]
        spans += [("entities.role.sentence", e.role.sentence) for e in self.entities
                  if e.role is not None and e.role.sentence is not None]
        if self.attribution.dateline is not None:
            spans.append(("attribution.dateline", Span(self.attribution.dateline.start, self.attribution.dateline.end)))
        spans += [("attribution.credits", Span(c.start, c.end)) for c in self.attribution.credits
                  if c.start is not None and c.end is not None]
        return spans

    def check_offsets(self) -> None:
        """Raise ``ValueError`` naming the first span that falls outside or misquotes ``text``."""
        n = len(self.text)
        for layer, span in self.iter_spans():
            if not 0 <= span.start <= span.end <= n:
                raise ValueError(f"{layer} span [{span.start}, {span.end}) is outside the text (length {n})")
            quoted = getattr(span, "text", None)
            if quoted is not None and self.text[span.start : span.end] != quoted:
                raise ValueError(f"{layer} span [{span.start}, {span.end}) says {quoted!r}, text has "
                                 f"{self.text[span.start:span.end]!r}")

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract ``unspin/document@1``: field names other tools rely on."""
        return {
            "schema": SCHEMA_ID,
            "source": self.source.to_dict(),
            "text": self.text,
            "language": self.language,
            "title": self.title.to_dict() if self.title else None,
            "sections": [s.to_dict() for s in self.sections],
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "sentences": [s.to_dict() for s in self.sentences],
            "attribution": self.attribution.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "persuasion": [p.to_dict() for p in self.persuasion],
            "frames": [f.to_dict() for f in self.frames],
            "genre": self.genre.to_dict() if self.genre is not None else None,
            **({"quotes": [q.to_dict() for q in self.quotes]} if "quotes" in self.layers else {}),
            **({"voice": dict(self.voice)} if self.voice is not None else {}),
            **({"roles": [r.to_dict() for r in self.roles]} if "roles" in self.layers else {}),
            **({"narratives": [n.to_dict() for n in self.narratives]} if "narratives" in self.layers else {}),
            "layers": list(self.layers),
            "notes": [n.to_dict() for n in self.notes],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        """Read back what :meth:`to_dict` wrote (the store and the web app use this)."""
        if d.get("schema") != SCHEMA_ID:
            raise ValueError(f"not an {SCHEMA_ID} document: schema is {d.get('schema')!r}")
        src = d["source"]
        source = Source(sha256=src["sha256"], fetched_at=src["fetched_at"], path=src.get("path"),
                        url=src.get("url"), media_type=src.get("media_type", "text/plain"),
                        encoding=src.get("encoding"), id=src.get("id"))
        title = TextSpan(**d["title"]) if d.get("title") else None
        sections = [
            Section(start=s["start"], end=s["end"], label=s["label"], kind=s["kind"],
                    heading=Span(**s["heading"]) if s.get("heading") else None,
                    genre=Genre.from_dict(s["genre"]) if s.get("genre") else None,
                    voice=dict(s["voice"]) if s.get("voice") is not None else None)
            for s in d.get("sections", [])
        ]
        return cls(
            text=d["text"],
            source=source,
            language=d.get("language"),
            title=title,
            sections=sections,
            paragraphs=[Paragraph.from_dict(p) for p in d.get("paragraphs", [])],
            sentences=[Sentence.from_dict(s) for s in d.get("sentences", [])],
            attribution=Attribution.from_dict(d.get("attribution") or {}),
            entities=[Entity.from_dict(e) for e in d.get("entities", [])],
            persuasion=[TechniqueSpan.from_dict(p) for p in d.get("persuasion", [])],
            frames=[Frame.from_dict(f) for f in d.get("frames", [])],
            genre=Genre.from_dict(d["genre"]) if d.get("genre") else None,
            quotes=[Quote.from_dict(q) for q in d.get("quotes", [])],
            voice=dict(d["voice"]) if d.get("voice") is not None else None,
            roles=[EntityRole.from_dict(r) for r in d.get("roles", [])],
            narratives=[Narrative.from_dict(n) for n in d.get("narratives", [])],
            layers=list(d.get("layers", [])),
            notes=[Note(**n) for n in d.get("notes", [])],
        )
