"""structure: title, sections, bylines, boilerplate, paragraphs, sentences and attribution.

Reads the shapes news text comes in: markdown headings (``## News:``), plain label lines
(``Comment:``), HTML headings (ingest turns them into markdown), bylines, wire credits, author bios
and date lines wherever they stand (even as a heading: see ``components/bylines.py`` for the forms),
and boilerplate: footers and lines of links, site names, share/follow/cookie/photo-credit lines,
"Related:" lists. Every region becomes a :class:`Section` (``body``, ``byline`` or ``boilerplate``);
paragraphs and sentences are found inside body sections only, so boilerplate never reaches the
classifiers. A wire dateline ("LONDON (AP) —") is recorded and cut from its first sentence.

Attribution joins what the text says (credits with their spans) with the page's metadata, which
trafilatura reads from meta tags and JSON-LD at ingest (``Document.meta``; never re-parsed here).

Sentences come from spaCy's rule-based ``sentencizer`` over its English tokenizer (which knows
"Mr." and "U.S." are not sentence ends), run per paragraph so a sentence never crosses one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from unspin.canonical import iso_date
from unspin.components import bylines as B
from unspin.document import Credit, Document, Paragraph, Section, Sentence, Span, TextSpan
from unspin.registry import Pipe, component

__all__ = ["make_structure", "Line", "split_lines"]

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(?P<label>.+?)[ \t]*#*[ \t]*$")
# A line that is only a short label ending in a colon: "News:", "Comment:", "Analysis & opinion:".
_LABEL_LINE = re.compile(r"^(?P<label>[A-Z][\w'’&/ -]{0,38}?)[ \t]*:[ \t]*$")
# A label line that introduces quoted words ("He said:", "Trump told reporters:") leads into the quotation; it is
# not a heading, and the quotation stays in the section it is quoted in.
_SPEECH_LEAD = re.compile(r"\b(?:said|says|say|told|tells|wrote|writes|added|adds|tweeted|posted|stated|states|"
                          r"explained|explains|continued|replied|declared|warned|asked|argued|noted|insisted)\b",
                          re.IGNORECASE)
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


# Words a headline in title case leaves lower-case.
_MINOR_WORDS = frozenset("a an the and or nor but of to for in on at by with from as into onto over per via vs is "
                         "are was be its it's than up out off".split())


def _headline_case(line: str) -> bool:
    """A headline in title case that some corpora end with a period ("Poll: Wealthy Voters Abandon Republican Party
    for Hillary Clinton."): one sentence of at least four words, nearly every major word capitalised. A lead
    sentence ("The U.S. Senate passed a spending bill on Friday.") is not."""
    body = line.rstrip(".").strip()
    if re.search(r"[a-z]{3}[.!?]\s+[A-Z]", body):  # a second sentence ("U.S. Court", "Jr. Met" are not breaks)
        return False
    words = [w.strip("\"'“”‘’()[]:;,-–—") for w in body.split()]
    major = [w for w in words if w and w[0].isalpha() and w.lower() not in _MINOR_WORDS]
    return len(words) >= 4 and len(major) >= 3 and sum(w[0].isupper() for w in major) >= 0.85 * len(major)


def _heading(line: Line) -> tuple[str, int, int] | None:
    """``(label, start, end)`` of the label if ``line`` is a heading, else None."""
    m = _MD_HEADING.match(line.text)
    if m:
        label = m.group("label").rstrip(":").strip()
        start = line.start + m.start("label")
        return label, start, start + len(label)
    m = _LABEL_LINE.match(line.text.strip())
    if m and len(m.group("label").split()) <= 5 and not _SPEECH_LEAD.search(m.group("label")):
        offset = line.text.index(m.group("label"))
        label = m.group("label")
        return label, line.start + offset, line.start + offset + len(label)
    return None


def _byline(text: str, offset: int = 0, *, bare: bool = False) -> B.LineCredits | None:
    if len(text.strip()) > 200:
        return None
    return B.parse_byline(text, offset, bare=bare)


def _byline_orgs(found: B.LineCredits) -> list[str]:
    return [c.name for c in found.credits if c.role in ("commissioned_by", "publisher", "agency")]


def _is_link_line(text: str) -> bool:
    rest = _URL.sub("", _MD_LINK.sub("", _BULLET.sub("", text, count=1))).strip(" \t|·•-–,;")
    return rest == "" and bool(_URL.search(text) or _MD_LINK.search(text))


def _site_key(name: str) -> str:
    return name.strip(" .").lower()


def _is_boilerplate(text: str, sitenames: frozenset[str]) -> bool:
    """Links, site-name lines, ©/follow/subscribe/cookie/photo-credit lines (see bylines.is_boilerplate_line)."""
    stripped = _BULLET.sub("", text, count=1).strip()
    if not stripped:
        return False
    if _is_link_line(text) or _BOILER_PHRASE.match(stripped):
        return True
    return B.is_boilerplate_line(text, sitenames) or _site_key(stripped) in sitenames


def _norm(name: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name)
    return re.sub(r"[\W_]+", " ", "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()).strip()


def _same_name(a: str, b: str) -> bool:
    x, y = _norm(a), _norm(b)
    return bool(x and y) and (x == y or f" {x} " in f" {y} " or f" {y} " in f" {x} ")


def _host_name(host: str | None) -> str | None:
    """"edition.cnn.com" → "cnn": the name a site's host stands for."""
    if not host:
        return None
    parts = [p for p in host.lower().split(".") if p not in ("www", "m", "amp", "edition", "en", "de", "fr")]
    if len(parts) >= 3 and parts[-2] in ("co", "com", "org", "net", "gov", "ac"):
        parts = parts[:-2]
    elif len(parts) >= 2:
        parts = parts[:-1]
    return parts[-1] if parts else None


_SITE_PARTS = re.compile(r"\s+[-–—|·•:]\s+")
# Symbols set before or after a site's name with a separator ("☆☆☆☆☆ - ").
_SITE_DECOR_START = re.compile(r"^[^\w\s]+\s*[-–—|·•:]\s*")
_SITE_DECOR_END = re.compile(r"\s*[-–—|·•:]\s*[^\w\s]+$")


def clean_sitename(name: str, host: str | None) -> str | None:
    """The publisher's name in a page's site-name field, without decoration or tagline.

    Symbols around it go ("☆☆☆☆☆ - Journalistenwatch e.V. - Aktuelle Geschehnisse"), and of a name joined to a
    tagline ("LinkNaija | Nigeria's popular news platform") the part that names the site's host is kept. Example:
    ``clean_sitename("☆☆☆☆☆ - Journalistenwatch e.V. - Aktuelle Geschehnisse", "journalistenwatch")`` is
    ``"Journalistenwatch e.V."``.
    """
    name = _SITE_DECOR_END.sub("", _SITE_DECOR_START.sub("", name.strip())).strip()
    if not any(ch.isalnum() for ch in name):
        return None
    parts = _SITE_PARTS.split(name)
    if host and len(parts) > 1:
        named = [p for p in parts if host in _norm(p).replace(" ", "")]
        if len(named) == 1:
            return named[0]
    return name


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


# A title before a name that spaCy's English tokenizer does not know as an abbreviation ("sack Fr. | Thomas Weinandy").
_NAME_TITLE_END = re.compile(r"(?:^|\s)(?:Fr|Msgr|Lt|Col|Capt|Sgt|Maj|Cpl|Pvt|Cmdr|Adm|Sr|Br|Det|Insp|Supt|Amb|Hon)\.$")
# Opening marks the sentencizer leaves at the end of the sentence before the one they open ('he said. “', '. (').
_OPENING_TAIL = re.compile(r"\s+[\"“„«‘(\[]+$")


# A full stop, exclamation or question mark of Chinese or Japanese text, not inside a quotation that closes right
# after it (“是吗？”他问。 is one sentence): the English sentencizer does not split there, as no space follows.
_CJK_END = re.compile(r"[。！？](?![”’」』）)])")


def _split_cjk(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        for m in _CJK_END.finditer(text, start, end):
            if text[m.end() : end].strip():
                out.append((start, m.end()))
                start = m.end()
                while start < end and text[start].isspace():
                    start += 1
        out.append((start, end))
    return out


def mend_sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph, mended where the English sentencizer breaks wrongly.

    An opening quotation mark or bracket at the end of a sentence moves to the next one ('… he said. “It was
    demoralizing.' gave '… he said. “'); a break after a title before a name ("Fr. Thomas Weinandy") or before a
    lower-case word ("d.h. sie ist", "(срока. – прим. ред.)", '"Really?" she asked') is no break; Chinese and
    Japanese sentences end at "。", "！" and "？".
    """
    out: list[tuple[int, int]] = []
    for start, end in _split_cjk(text, spans):
        if out:
            prev_start, prev_end = out[-1]
            prev = text[prev_start:prev_end]
            first = text[start]
            if first.islower() or (_NAME_TITLE_END.search(prev) and first.isupper()):
                out[-1] = (prev_start, end)
                continue
            tail = _OPENING_TAIL.search(prev)
            if tail is not None and tail.start() > 0:
                out[-1] = (prev_start, prev_start + tail.start())
                start = prev_start + tail.start() + len(tail.group()) - len(tail.group().lstrip())
        out.append((start, end))
    return out


class StructureParser:
    """Finds the regions of one Document; a fresh instance per document keeps state simple."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.lines = split_lines(doc.text)
        # The publication's name, from HTML metadata or a "Written for X by Y" byline: a line that
        # is only this name is a site-name line (boilerplate), not a heading or prose.
        names = [doc.meta["sitename"]] if doc.meta.get("sitename") else []
        names += [o for ln in self.lines if (b := _byline(ln.text)) for o in _byline_orgs(b)]
        self.sitenames = frozenset(_site_key(n) for n in names)
        self.credits: list[Credit] = []
        self.orgs: list[str] = []
        self.published: str | None = None
        self.updated: str | None = None
        self._starts = [ln.start for ln in self.lines]
        self._last_text: tuple[int, int] | None = None

    # --- title -------------------------------------------------------------------------------
    def _next_is_heading(self, i: int) -> bool:
        nxt = next((ln for ln in self.lines[i + 1 :] if not ln.blank), None)
        return nxt is not None and _MD_HEADING.match(nxt.text) is not None

    def title(self) -> tuple[TextSpan | None, int]:
        """The title span and the index of the first line after it.

        A level-1 heading; a heading of any level that is the page's metadata title; a first heading that reads
        as a headline ("## Is X shifting to Y?") right above another heading; a short first line on its own that
        does not end like a sentence, or is a title-case headline with a period (:func:`_headline_case`).
        """
        meta_title = " ".join(str(self.doc.meta.get("title") or "").split())
        for i, line in enumerate(self.lines):
            if line.blank:
                continue
            m = _MD_HEADING.match(line.text)
            if m and _byline(line.text) is None and (
                    len(m.group(1)) == 1 or (meta_title and " ".join(m.group("label").split()) == meta_title)
                    or (len(m.group("label").split()) >= 4 and not m.group("label").rstrip().endswith(":")
                        and self._next_is_heading(i))):
                start = line.start + m.start("label")
                end = start + len(m.group("label"))
                return TextSpan(start, end, self.text[start:end]), i + 1
            if m is None and len(meta_title) >= 10 and line.text.startswith(meta_title) \
                    and len(line.text) > len(meta_title) and not line.text[len(meta_title)].isalnum():
                # Text flattened from a page, the headline running into the first paragraph: the title is its start.
                return TextSpan(line.start, line.start + len(meta_title), meta_title), i
            nxt = self.lines[i + 1] if i + 1 < len(self.lines) else None
            words = len(line.text.split())
            stripped = line.text.strip()
            if (m is None and _heading(line) is None and _byline(line.text) is None
                    and not _is_boilerplate(line.text, self.sitenames) and words <= 25 and len(stripped) <= 200
                    and (not stripped.endswith((".", ",", ";")) or _headline_case(stripped))
                    and (nxt is None or nxt.blank)):
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
            if heading and start < len(self.lines) and _byline(line.text) is None:
                start = i  # "Links:" heading over a boilerplate block (a byline heading stays a byline)
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

        content = [i for i in range(first, footer) if not self.lines[i].blank]
        edge = set(content[:6] + content[-6:])  # where a byline without a keyword may stand
        tail = set(content[-3:])  # where an author's bio or a sign-off may stand

        def special(start_line: int, end_line: int, kind: str, name: str, heading: Span | None = None) -> None:
            nonlocal heading_span
            close()
            start, end = _strip_span(self.text, self.lines[start_line].start, self.lines[end_line].end)
            prev = sections[-1] if sections else None
            if (kind == "boilerplate" and prev is not None and prev.kind == "boilerplate" and heading is None
                    and not self.text[prev.end : start].strip()):
                prev.end = end  # consecutive boilerplate lines are one section
            else:
                sections.append(Section(start, end, label=name, kind=kind, heading=heading))
            heading_span = None  # text after it continues the section, without its heading

        i = first
        while i < footer:
            line = self.lines[i]
            if line.blank:
                i += 1
                continue
            heading = _heading(line)
            found = self._attribution_line(i, edge, tail, content)
            if found is not None:
                special(i, i, "byline", found)
            elif heading and B.is_boilerplate_heading(heading[0]) and self._list_follows(i, footer):
                last = self._list_end(i, footer)
                special(i, last, "boilerplate", heading[0], Span(heading[1], heading[2]))
                i = last
            elif _is_boilerplate(line.text, self.sitenames):  # a heading too: "## Follow us on Mastodon"
                if self._has_text_after(i, footer):
                    special(i, i, "boilerplate", "Boilerplate")
                # else: a stray link or © line just before the footer, part of the footer below
            elif heading:
                close()
                label, heading_span = heading[0], Span(heading[1], heading[2])
                body_start, body_end = line.start, line.end
            else:
                if i in content[:2]:
                    date, credits = B.parse_inline_date_byline(line.text, line.start)
                    self.published = self.published or date
                    self.credits += credits.credits if credits else []
                if body_start is None:
                    body_start = line.start
                body_end = line.end
            i += 1
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
        if self._last_text is None or self._last_text[0] != footer:
            last = -1  # the last line before the footer that is neither blank nor boilerplate, found once
            for j in range(footer - 1, -1, -1):
                line = self.lines[j]
                if not line.blank and not _is_boilerplate(line.text, self.sitenames):
                    last = j
                    break
            self._last_text = (footer, last)
        return self._last_text[1] > i

    def _attribution_line(self, i: int, edge: set[int], tail: set[int], content: list[int]) -> str | None:
        """The label of a byline-like line (and its credits and dates recorded), or None for any other line."""
        line = self.lines[i]
        found = _byline(line.text, line.start, bare=i in edge)
        label = "Byline"
        if found is None:
            found, label = B.parse_credits(line.text, line.start), "Credits"
        if found is None and i in tail:
            found, label = B.parse_bio(line.text, line.start), "Author bio"
        if found is None and content and i == content[-1]:
            found, label = B.parse_signoff(line.text, line.start), "Byline"
        if found is not None:
            self.credits += found.credits
            return label
        dates = B.parse_date_line(line.text)
        for kind, date in dates:
            if kind == "updated":
                self.updated = self.updated or date
            else:
                self.published = self.published or date
        return "Date" if dates else None

    def _list_follows(self, i: int, footer: int) -> bool:
        nxt = next((ln for ln in self.lines[i + 1 : footer] if not ln.blank), None)
        return nxt is not None and self._list_item(nxt.text)

    def _list_item(self, text: str) -> bool:
        """A line of a list of links: a bullet, a link, or another boilerplate line."""
        bullet = _BULLET.match(text)
        return bool(bullet and bullet.group(0).strip()) or _is_link_line(text) or _is_boilerplate(text, self.sitenames)

    def _list_end(self, i: int, footer: int) -> int:
        """The last line of the list under a "Related:"-style heading at ``i``."""
        last = i
        for j in range(i + 1, footer):
            line = self.lines[j]
            if line.blank:
                continue
            if _MD_HEADING.match(line.text) or not self._list_item(line.text):
                break
            last = j
        return last

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
        lo = bisect.bisect_left(self._starts, section.start)
        hi = bisect.bisect_left(self._starts, section.end)
        lines = self.lines[lo:hi]  # lines starting in [start, end): a bisection, as sections can be many
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
            spans = []
            for sent in sdoc.sents:
                start, end = _strip_span(self.text, para.start + sent.start_char, para.start + sent.end_char)
                if end > start:
                    spans.append((start, end))
            out.extend(Sentence(start, end) for start, end in mend_sentences(self.text, spans))
        return out

    # --- dateline --------------------------------------------------------------------------------
    def dateline(self, paragraphs: list[Paragraph], sentences: list[Sentence]) -> None:
        """A wire dateline at the start of the first or second paragraph: recorded, and cut from the sentence."""
        year = (self._meta_date() or self.published or self.updated or "")[:4] or None
        for para in paragraphs[:2]:
            found = B.parse_dateline(self.text[para.start : para.end], para.start, year=year)
            if found is None:
                continue
            self.doc.attribution.dateline = found
            for k, sent in enumerate(sentences):
                if sent.start <= found.start < sent.end:
                    start, end = _strip_span(self.text, found.end, sent.end)
                    if end > start:
                        sentences[k] = Sentence(start, end)
                    else:
                        del sentences[k]
                    break
            return

    def _meta_date(self) -> str | None:
        meta = self.doc.meta
        return iso_date(str(meta["date"])) if meta.get("date") else None

    # --- attribution -------------------------------------------------------------------------
    def attribution(self) -> None:
        attr = self.doc.attribution
        meta = self.doc.meta
        host = _host_name(meta.get("hostname"))
        sitename = clean_sitename(meta.get("sitename") or "", host)
        if sitename and meta.get("title") and _norm(sitename) == _norm(str(meta["title"])):
            sitename = None  # the page's own title where the site name is missing (trafilatura's fallback)
        credits = list(self.credits)
        # Organisations the page names: who commissioned or published it, the agency, © and site-name lines.
        orgs = [c.name for c in credits if c.role in ("commissioned_by", "publisher", "agency")] + self.orgs
        dateline = attr.dateline
        if dateline is not None and dateline.agency:
            credits.append(Credit(dateline.agency, "agency", start=None, end=None))
            orgs.append(dateline.agency)
        # Authors the page's metadata states (trafilatura reads meta tags and JSON-LD), less UI words. Beside the
        # names of people, the publication or its company ("...; CNN" on a CNN page, "Prisma Média; Marie Merlet")
        # is the publisher, not an author; standing alone, an organisation is the author ("Wikimedia Foundation").
        meta_names = [n for raw in re.split(r"[;|]", meta.get("author") or "") if (n := B.clean_author(raw))]
        text_authors = [c.name for c in credits if c.role in ("author", "reporting", "writing")]

        def publisher(name: str) -> bool:
            return bool((sitename and _same_name(name, sitename)) or (host and _norm(name).replace(" ", "") == host)
                        or any(_same_name(name, o) for o in orgs) or _ORG_NAME.search(name))

        people = [n for n in meta_names if not publisher(n)]
        for name in meta_names:
            if (people or text_authors) and publisher(name):
                orgs.append(name)
            else:
                credits.append(Credit(name, "author", origin="html"))
        if sitename:
            credits.append(Credit(sitename, "publisher", origin="html"))
            orgs.append(sitename)
        attr.credits = _unique_credits(attr.credits + credits)
        authors = [c.name for c in attr.credits if c.role in ("author", "reporting", "writing")]
        attr.authors = _unique_names(attr.authors + authors)
        attr.organizations = _unique(attr.organizations + orgs)
        links = list(_links(self.text))
        attr.links = _unique(attr.links + links)
        attr.published = attr.published or self._meta_date() or self.published
        meta_updated = iso_date(str(meta["date_updated"])) if meta.get("date_updated") else None
        attr.updated = attr.updated or self.updated or meta_updated


# Words that make a name an organisation's (a media company, a newsroom), in the languages of the pages we read.
_ORG_NAME = re.compile(r"\b(?:media|média|medien|group|groupe|gruppe|gmbh|ag|inc|ltd|llc|plc|sa|verlag|press|presse|"
                       r"news|network|redaktion|rédaction|redacción|redazione|editorial|newsroom|agency|agentur|"
                       r"agence|agencia|wire|desk|staff|team|online|digital|tv|radio|magazine|magazin|zeitung|"
                       r"journal|times|post|daily|tribune|herald|gazette)\b", re.I)


def _unique_names(names: list[str]) -> list[str]:
    """Names once each: "Jane Roe" and "JANE ROE" or "Roe" are one (the first, fuller form kept)."""
    out: list[str] = []
    for name in names:
        same = next((k for k, seen in enumerate(out) if _same_name(name, seen)), None)
        if same is None:
            out.append(name)
        elif len(_norm(name)) > len(_norm(out[same])) and out[same].isupper():
            out[same] = name
    return out


def _unique_credits(credits: list[Credit]) -> list[Credit]:
    """One credit per (name, role): the one read in the text (with its span) before the metadata's."""
    out: list[Credit] = []
    for credit in credits:
        if any(c.role == credit.role and _norm(c.name) == _norm(credit.name) for c in out):
            continue
        out.append(credit)
    return out


@component("structure", assigns=["title", "sections", "paragraphs", "sentences", "attribution"])
def make_structure(config: dict[str, Any]) -> Pipe:
    """Title, sections (body/byline/boilerplate), paragraphs, sentences and attribution."""

    def structure(doc: Document) -> Document:
        parser = StructureParser(doc)
        doc.title, first = parser.title()
        doc.sections = parser.sections(first)
        doc.paragraphs = parser.paragraphs(doc.sections)
        doc.sentences = parser.sentences(doc.paragraphs)
        parser.dateline(doc.paragraphs, doc.sentences)
        parser.attribution()
        return doc

    return structure
