"""structure: title, sections, bylines, boilerplate, paragraphs, sentences and attribution.

Reads the shapes news text comes in: markdown headings (``## News:``), plain label lines
(``Comment:``), HTML headings (ingest turns them into markdown), bylines ("By ...",
"Written for ... by ...", "Author: ..."), and footers of links, copyright and site-name lines.
Every region becomes a :class:`Section` (``body``, ``byline`` or ``boilerplate``); paragraphs and
sentences are found inside body sections only, so boilerplate never reaches the classifiers.

Sentences come from spaCy's rule-based ``sentencizer`` over its English tokenizer (which knows
"Mr." and "U.S." are not sentence ends), run per paragraph so a sentence never crosses one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from unspin.canonical import iso_date
from unspin.document import Document, Paragraph, Section, Sentence, Span, TextSpan
from unspin.registry import component

__all__ = ["make_structure", "Line", "split_lines"]

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(?P<label>.+?)[ \t]*#*[ \t]*$")
# A line that is only a short label ending in a colon: "News:", "Comment:", "Analysis & opinion:".
_LABEL_LINE = re.compile(r"^(?P<label>[A-Z][\w'’&/ -]{0,38}?)[ \t]*:[ \t]*$")
_BYLINE = [
    re.compile(r"^(?:written|reported|produced)\s+for\s+(?P<org>.+?)\s+by\s+(?P<names>.+?)\.?$", re.I),
    # "By" and its equivalents in the languages unspin identifies most often (fr, de, es/pt, nl, it).
    re.compile(r"^(?:by|written by|words by|reporting by|story by|par|von|por|door|di)[ \t]+(?P<names>[^\n]+?)"
               r"(?:,\s*(?:for|of)\s+(?P<org>.+?))?\.?$", re.I),
    re.compile(r"^(?:author|authors|byline|writer)s?[ \t]*:[ \t]*(?P<names>.+?)\.?$", re.I),
]
_DATE_LINE = re.compile(r"^(?:published|posted|updated|date)[ \t]*(?:on)?[ \t]*:?[ \t]*(?P<date>.+)$", re.I)
_URL = re.compile(r"https?://[^\s<>()\[\]\"']+|www\.[^\s<>()\[\]\"']+")
_MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)\)")
_BULLET = re.compile(r"^[ \t]*(?:[-*•·|]|\d+[.)])?[ \t]*")
_BOILER_PHRASE = re.compile(
    r"^(?:©|\(c\)|copyright\b|all rights reserved|follow us\b|share this\b|subscribe\b|sign up\b|"
    r"newsletter\b|related( articles| stories)?\s*:?$|read more\b|advertisement$|cookie|privacy policy|"
    r"terms of (use|service)|contact us\b|about us\b)",
    re.I,
)
_COPYRIGHT_ORG = re.compile(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:[-–]\d{4})?\s*)?(?P<org>[^.|]+)", re.I)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_NAME = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}$")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text: ``[start, end)`` excludes the line break (and a trailing ``\\r``)."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        content = raw[:-1] if raw.endswith("\r") else raw
        lines.append(Line(pos, pos + len(content), content))
        pos += len(raw) + 1
    return lines


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _heading(line: Line) -> tuple[str, int, int] | None:
    """``(label, start, end)`` of the label if ``line`` is a heading, else None."""
    m = _MD_HEADING.match(line.text)
    if m:
        label = m.group("label").rstrip(":").strip()
        start = line.start + m.start("label")
        return label, start, start + len(label)
    m = _LABEL_LINE.match(line.text.strip())
    if m and len(m.group("label").split()) <= 5:
        offset = line.text.index(m.group("label"))
        label = m.group("label")
        return label, line.start + offset, line.start + offset + len(label)
    return None


def _byline(text: str) -> dict[str, Any] | None:
    stripped = text.strip().strip("*_ ")
    if not stripped or len(stripped) > 160:
        return None
    for pattern in _BYLINE:
        m = pattern.match(stripped)
        if m:
            names = [n.strip(" .") for n in _NAME_SPLIT.split(m.group("names")) if n.strip(" .")]
            names = [n for n in names if _NAME.match(n)]
            if names:
                org = (m.groupdict().get("org") or "").strip(" .") or None
                return {"authors": names, "org": org}
    return None


def _is_link_line(text: str) -> bool:
    rest = _URL.sub("", _MD_LINK.sub("", _BULLET.sub("", text, count=1))).strip(" \t|·•-–,;")
    return rest == "" and bool(_URL.search(text) or _MD_LINK.search(text))


def _site_key(name: str) -> str:
    return name.strip(" .").lower()


def _is_boilerplate(text: str, sitenames: frozenset[str]) -> bool:
    """Links, ©/follow/subscribe lines, and lines that are only the publication's name."""
    stripped = _BULLET.sub("", text, count=1).strip()
    if not stripped:
        return False
    if _is_link_line(text) or _BOILER_PHRASE.match(stripped):
        return True
    return _site_key(stripped) in sitenames


def _links(text: str) -> Iterator[str]:
    for m in _MD_LINK.finditer(text):
        yield m.group("url")
    for m in _URL.finditer(_MD_LINK.sub(" ", text)):
        yield m.group(0).rstrip(".,;:")


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item.lower() not in (k.lower() for k in seen):
            seen[item] = None
    return list(seen)


@lru_cache(maxsize=1)
def _sentencizer() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # The 1M-character limit protects the parser's memory; a tokenizer + rule sentencizer needs none.
    nlp.max_length = 100_000_000
    return nlp


class StructureParser:
    """Finds the regions of one Document; a fresh instance per document keeps state simple."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.lines = split_lines(doc.text)
        # The publication's name, from HTML metadata or a "Written for X by Y" byline: a line that
        # is only this name is a site-name line (boilerplate), not a heading or prose.
        names = [doc.meta["sitename"]] if doc.meta.get("sitename") else []
        names += [b["org"] for ln in self.lines if (b := _byline(ln.text)) and b["org"]]
        self.sitenames = frozenset(_site_key(n) for n in names)
        self.authors: list[str] = []
        self.orgs: list[str] = []
        self.published: str | None = None

    # --- title -------------------------------------------------------------------------------
    def title(self) -> tuple[TextSpan | None, int]:
        """The title span and the index of the first line after it."""
        for i, line in enumerate(self.lines):
            if line.blank:
                continue
            m = _MD_HEADING.match(line.text)
            if m and len(m.group(1)) == 1:
                start = line.start + m.start("label")
                end = start + len(m.group("label"))
                return TextSpan(start, end, self.text[start:end]), i + 1
            nxt = self.lines[i + 1] if i + 1 < len(self.lines) else None
            words = len(line.text.split())
            stripped = line.text.strip()
            if (m is None and _heading(line) is None and _byline(line.text) is None
                    and not _is_boilerplate(line.text, self.sitenames) and words <= 25 and len(stripped) <= 200
                    and not stripped.endswith((".", ",", ";")) and (nxt is None or nxt.blank)):
                start, end = _strip_span(self.text, line.start, line.end)
                return TextSpan(start, end, self.text[start:end]), i + 1
            if m is not None:  # a "## Section" first: no title
                return None, i
            return None, i
        return None, len(self.lines)

    # --- sections ----------------------------------------------------------------------------
    def _footer_start(self, first: int) -> int:
        """Index of the first line of the trailing boilerplate block (links, ©, site name)."""
        start = len(self.lines)
        i = len(self.lines) - 1
        while i >= first:
            line = self.lines[i]
            if line.blank or _is_boilerplate(line.text, self.sitenames):
                if not line.blank:
                    start = i
                i -= 1
                continue
            heading = _heading(line)
            if heading and start < len(self.lines):  # "Links:" heading over a boilerplate block
                start = i
            break
        return start

    def sections(self, first: int) -> list[Section]:
        sections: list[Section] = []
        footer = self._footer_start(first)
        label, heading_span = "Body", None
        body_start: int | None = None  # text offset where the open body section starts
        body_end = 0

        def close() -> None:
            nonlocal body_start
            if body_start is not None:
                start, end = _strip_span(self.text, body_start, body_end)
                if end > start:
                    sections.append(Section(start, end, label=label, kind="body", heading=heading_span))
            body_start = None

        for i in range(first, footer):
            line = self.lines[i]
            if line.blank:
                continue
            heading = _heading(line)
            byline = _byline(line.text) if heading is None else None
            if heading:
                close()
                label, heading_span = heading[0], Span(heading[1], heading[2])
                body_start, body_end = line.start, line.end
            elif byline:
                close()
                start, end = _strip_span(self.text, line.start, line.end)
                sections.append(Section(start, end, label="Byline", kind="byline"))
                self.authors += byline["authors"]
                if byline["org"]:
                    self.orgs.append(byline["org"])
                heading_span = None  # text after a byline continues the section, without its heading
            elif _is_boilerplate(line.text, self.sitenames) and not self._has_text_after(i, footer):
                continue  # stray link or © line just before the footer: part of the footer below
            else:
                date = _DATE_LINE.match(line.text.strip())
                if date and len(line.text) < 80 and iso_date(date.group("date")):
                    self.published = self.published or iso_date(date.group("date"))
                if body_start is None:
                    body_start = line.start
                body_end = line.end
        close()
        if footer < len(self.lines):
            lines = [ln for ln in self.lines[footer:] if not ln.blank]
            heading = _heading(lines[0])
            start, end = _strip_span(self.text, lines[0].start, lines[-1].end)
            sections.append(Section(start, end, label=heading[0] if heading else "Footer", kind="boilerplate",
                                    heading=Span(heading[1], heading[2]) if heading else None))
            for line in lines:
                m = _COPYRIGHT_ORG.match(line.text.strip())
                if m and not _URL.search(line.text):
                    self.orgs.append(m.group("org").strip(" .,"))
                elif _site_key(line.text) in self.sitenames:
                    self.orgs.append(line.text.strip(" ."))
        return sections

    def _has_text_after(self, i: int, footer: int) -> bool:
        return any(not ln.blank and not _is_boilerplate(ln.text, self.sitenames) for ln in self.lines[i + 1 : footer])

    # --- paragraphs and sentences ------------------------------------------------------------
    def paragraphs(self, sections: list[Section]) -> list[Paragraph]:
        paragraphs: list[Paragraph] = []
        body = [s for s in sections if s.kind == "body"]
        blocks = [self._content_lines(s) for s in body]
        # Blank lines separate paragraphs when the text uses them between lines of prose;
        # otherwise (trafilatura's plain text, one-sentence-per-line corpora) each line is one.
        blank_separated = any(self._has_interior_blank(lines) for lines in blocks)
        for lines in blocks:
            group: list[Line] = []
            for line in lines + [None]:
                if line is None or line.blank or not blank_separated:
                    if line is not None and not line.blank:
                        group.append(line)
                    if group:
                        start, end = _strip_span(self.text, group[0].start, group[-1].end)
                        if end > start:
                            paragraphs.append(Paragraph(start, end))
                    group = []
                else:
                    group.append(line)
        return paragraphs

    def _content_lines(self, section: Section) -> list[Line]:
        # Overlap, not containment: a section ends where its text ends, before any trailing spaces.
        lines = [ln for ln in self.lines if section.start <= ln.start < section.end]
        if section.heading is not None:
            lines = [ln for ln in lines if not (ln.start <= section.heading.start < ln.end + 1)]
        return lines

    @staticmethod
    def _has_interior_blank(lines: list[Line]) -> bool:
        content = [i for i, ln in enumerate(lines) if not ln.blank]
        return bool(content) and any(ln.blank for ln in lines[content[0] : content[-1]])

    def sentences(self, paragraphs: list[Paragraph]) -> list[Sentence]:
        nlp = _sentencizer()
        out: list[Sentence] = []
        texts = [self.text[p.start : p.end] for p in paragraphs]
        for para, sdoc in zip(paragraphs, nlp.pipe(texts), strict=True):
            for sent in sdoc.sents:
                start, end = _strip_span(self.text, para.start + sent.start_char, para.start + sent.end_char)
                if end > start:
                    out.append(Sentence(start, end))
        return out

    # --- attribution -------------------------------------------------------------------------
    def attribution(self) -> None:
        attr = self.doc.attribution
        meta = self.doc.meta
        meta_authors = [a.strip() for a in re.split(r"[;|]", meta.get("author") or "") if a.strip()]
        attr.authors = _unique(attr.authors + self.authors + meta_authors)
        sitename = [meta["sitename"]] if meta.get("sitename") else []
        attr.organizations = _unique(attr.organizations + self.orgs + sitename)
        links = list(_links(self.text))
        attr.links = _unique(attr.links + links)
        meta_date = iso_date(str(meta["date"])) if meta.get("date") else None
        attr.published = attr.published or meta_date or self.published


@component("structure", assigns=["title", "sections", "paragraphs", "sentences", "attribution"])
def make_structure(config: dict[str, Any]) -> Any:
    """Title, sections (body/byline/boilerplate), paragraphs, sentences and attribution."""

    def structure(doc: Document) -> Document:
        parser = StructureParser(doc)
        doc.title, first = parser.title()
        doc.sections = parser.sections(first)
        doc.paragraphs = parser.paragraphs(doc.sections)
        doc.sentences = parser.sentences(doc.paragraphs)
        parser.attribution()
        return doc

    return structure
