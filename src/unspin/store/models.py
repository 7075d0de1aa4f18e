"""Plain values the Store takes and returns: what a CLI, a notebook or the web app works with.

Everything here is a frozen dataclass with ``to_dict()`` (JSON-ready), never a database row or cursor.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from unspin.document import Document

__all__ = ["Entry", "Failure", "Filters", "DocumentSummary", "SearchHit", "GroupStats", "Stats", "SaveResult",
           "QuoteHit", "FramingGroup", "EntityFraming"]


@dataclass(frozen=True, slots=True)
class Entry:
    """A Document to store, with what the input said about it (not part of the Document contract).

    ``document`` may be a :class:`Document` or its ``to_dict()``; ``key`` defaults to ``source.sha256``.
    """

    document: Document | dict[str, Any]
    key: str | None = None
    external_id: str | None = None
    source: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be stored, and why: kept in the ``failures`` table, never dropped."""

    key: str
    input: str
    stage: str  # "input" (unreadable record), "ingest", "analyse", "worker" (the process died)
    error: str  # the exception class
    message: str
    component: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Filters:
    """Narrow documents, search results and stats. Every field is optional; all given must hold.

    Dates compare as ISO 8601 text on ``published``: ``date_from="2024-01"`` includes all of January.
    """

    technique: str | None = None
    frame: str | None = None
    entity: str | None = None  # a canonical id ("US", "person:amina-qureshi") or a surface text ("Pakistan")
    source: str | None = None
    language: str | None = None
    genre: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    # A role (protagonist, antagonist, innocent, or a fine role such as "Foreign Adversary"): only documents that
    # cast ``entity`` (any entity when it is None) in it, over the whole document or in one mention.
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One stored document without its text and spans (``Store.get`` gives the full Document)."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    path: str | None
    published: str | None
    language: str | None
    genre: str | None
    n_words: int
    n_sentences: int
    n_claims: int
    external_id: str | None
    stored_at: str
    n_persuasion: int = 0  # persuasion technique marks (spans) in the document
    first_line: str | None = None  # the text's first line, clipped: what to list an untitled document by

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A search result: the document, a snippet with matches in ``[`` ``]``, and its rank (lower is better)."""

    document: DocumentSummary
    snippet: str
    rank: float

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document.to_dict(), "snippet": self.snippet, "rank": self.rank}


@dataclass(frozen=True, slots=True)
class GroupStats:
    """Rates for one group of documents (all of them, or one source / month / language).

    ``rates[layer][label]`` is the share of the group's documents with at least one ``label`` in ``layer``
    (layers: technique, paragraph_technique, frame, genre, section_genre, plus any other stored label layer).
    ``claim_rate`` is claims per sentence over the group; ``top_entities`` are (id, display text, documents).
    """

    group: str | None
    documents: int
    words: int
    sentences: int
    claims: int
    rates: dict[str, dict[str, float]] = field(default_factory=dict)
    top_entities: list[tuple[str, str, int]] = field(default_factory=list)
    # Quotes and voice (the quotes, voice and subjectivity layers): sentences by stance ("comment", "reported",
    # "fact") plus "anonymous" (reported sentences of unnamed sources), quotes, anonymous quotes, and the most-quoted
    # speakers as (speaker id or name, display name, quotes).
    stances: dict[str, int] = field(default_factory=dict)
    quotes: int = 0
    anonymous_quotes: int = 0
    top_speakers: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def claim_rate(self) -> float:
        return self.claims / self.sentences if self.sentences else 0.0

    @property
    def voice(self) -> dict[str, float]:
        """Shares of the sentences that have a stance: comment, reported, fact, and anonymous (part of reported)."""
        total = sum(n for k, n in self.stances.items() if k != "anonymous")
        return {k: self.stances.get(k, 0) / total for k in ("comment", "reported", "fact", "anonymous")} if total \
            else {}

    @property
    def anonymous_rate(self) -> float | None:
        """The share of quotes whose source is unnamed; ``None`` when the group has no quotes."""
        return self.anonymous_quotes / self.quotes if self.quotes else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["claim_rate"] = round(self.claim_rate, 6)
        d["top_entities"] = [{"id": i, "text": t, "documents": n} for i, t, n in self.top_entities]
        d["voice"] = {k: round(v, 6) for k, v in self.voice.items()}
        d["anonymous_rate"] = None if self.anonymous_rate is None else round(self.anonymous_rate, 6)
        d["top_speakers"] = [{"speaker": i, "name": t, "quotes": n} for i, t, n in self.top_speakers]
        return d


@dataclass(frozen=True, slots=True)
class Stats:
    """Corpus statistics, overall (``by=None``) or one :class:`GroupStats` per source, month or language."""

    by: str | None
    groups: list[GroupStats]
    failures: int

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "failures": self.failures, "groups": [g.to_dict() for g in self.groups]}


@dataclass(frozen=True, slots=True)
class SaveResult:
    stored: int
    failed: int


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """A stored quote: its document, its index in the Document's ``quotes``, who said it and what (``content``)."""

    document: DocumentSummary
    index: int
    kind: str
    speaker: str | None
    speaker_id: str | None
    anonymous: bool
    score: float | None
    content: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document.to_dict(), "index": self.index, "kind": self.kind, "speaker": self.speaker,
                "speaker_id": self.speaker_id, "anonymous": self.anonymous, "score": self.score,
                "content": self.content, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class FramingGroup:
    """How one entity is cast in one group of documents (all of them, or one source / month / language).

    The unit is the entity's MENTION: ``shares[role]`` is the share of its ``mentions`` that the roles layer cast
    as ``protagonist``, ``antagonist`` or ``innocent``, and ``none`` the share it left unframed (``counts`` holds
    the numbers). ``fine`` lists the most frequent fine roles as (role, mentions, share of the ``framed``
    mentions). ``document_roles`` counts the documents whose whole-document role (``Document.roles``) is each main
    role; ``documents`` name the entity, ``analysed`` of them ran the roles layer.
    """

    group: str | None
    mentions: int
    framed: int
    documents: int
    analysed: int
    shares: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    document_roles: dict[str, int] = field(default_factory=dict)
    fine: list[tuple[str, int, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["fine"] = [{"role": r, "mentions": n, "share": s} for r, n, s in self.fine]
        return d


@dataclass(frozen=True, slots=True)
class EntityFraming:
    """How the corpus casts one entity (``Store.framing``): ``ids`` the canonical id the query named, ``name`` its
    most frequent mention text, one :class:`FramingGroup` per group of ``by`` (one group when ``by`` is None);
    ``also`` the other ids a name given as the query was also written for, with their mentions (left out)."""

    entity: str
    ids: list[str]
    name: str
    by: str | None
    groups: list[FramingGroup]
    also: list[tuple[str, int]] = field(default_factory=list)

    @property
    def framed(self) -> int:
        return sum(g.framed for g in self.groups)

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "ids": list(self.ids), "name": self.name, "by": self.by, "unit": "mentions",
                "groups": [g.to_dict() for g in self.groups],
                "also": [{"id": i, "mentions": n} for i, n in self.also]}
