"""Recognisers for the lines that say who wrote an article, for whom, when and from where, and for the lines
around an article that are not part of it. The structure component decides where they stand; these only read.

- bylines: ``By Jane Roe``, ``By Jane Roe, John Doe and Ann Lee``, ``By JANE ROE``, ``Jane Roe | Example News``,
  ``Jane Roe, Reuters``, ``Author: Jane Roe``, ``Written by ...``, ``Written for ORG by NAME``, ``Story by``,
  ``Words by``, ``Text:`` and their equivalents (fr ``Par``, de ``Von``, it ``Di``, es/pt ``Por``, nl ``Door``,
  pl ``Autor:``, ru ``Автор:``), also as a heading, in bold or in a table cell;
- wire credits: ``Reporting by A and B; Additional reporting by C; Writing by D; Editing by E``;
- author bios: ``Jane Roe is a senior fellow at the Example Institute.``;
- datelines: ``ISLAMABAD, May 19 (Reuters) -``, ``LONDON (AP) —``, ``Kazan, 19 May 2023 /TASS/.``;
- date lines: ``Published 19 May 2023``, ``Updated: 2023-05-20 14:02 GMT``;
- boilerplate lines: links, lines of site names, share/follow/subscribe, cookies, ``Related:``/``Read more:``,
  ``Advertisement``, photo credits, copyright.

Names are found by shape (capitalised words, with the particles of many languages: "Walter von Aachen"), never
looked up, and every credit read in the text keeps the span of its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from unspin.canonical import iso_date, place_id, slug
from unspin.document import Credit, Dateline

__all__ = ["LineCredits", "parse_byline", "parse_credits", "parse_bio", "parse_dateline", "parse_date_line",
           "parse_signoff", "is_boilerplate_line", "is_boilerplate_heading", "person_like", "clean_author",
           "parent_org", "text_date"]

# Wire agencies and syndicates: an organisation named after a byline or in a dateline with one of these names is
# an ``agency``; any other is the ``publisher``.
AGENCIES = {
    "reuters", "ap", "associated press", "the associated press", "afp", "agence france-presse", "agence france presse",
    "dpa", "deutsche presse-agentur", "efe", "ansa", "tass", "itar-tass", "ria novosti", "interfax", "xinhua",
    "kyodo", "yonhap", "upi", "ani", "pti", "ians", "app", "anadolu", "aa", "bloomberg", "pa", "pa media", "apa",
    "sda", "kna", "epd", "kathpress", "belga", "anp", "ntb", "tt", "stt", "pap", "ctk", "mti", "bta", "ap photo",
    "cnn", "bbc", "wafa", "irna", "bernama", "antara", "sputnik", "europa press", "lusa", "ag", "akp",
}
_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "ten",
              "ter", "zu", "bin", "ibn", "al", "el", "y", "e", "st.", "mc", "o'"}
# Words of a job title or a desk, not of a name: "By Jane Roe, Senior Correspondent".
_TITLE_WORDS = {"correspondent", "editor", "reporter", "writer", "staff", "contributor", "columnist", "analyst",
                "senior", "chief", "political", "bureau", "desk", "team", "redaktion", "redakteur", "redakteurin",
                "journalist", "journalistin", "photographer", "producer", "presenter", "host", "editorial",
                "editors", "reporters", "writers", "correspondents", "and", "news", "online", "digital", "special",
                "guest", "associate", "deputy", "managing", "executive", "contributing", "international",
                "national", "business", "science", "health", "sports", "culture", "opinion", "economics",
                "technology", "foreign", "affairs", "white", "house", "fellow", "professor", "author"}
# Not names: what a page's author field or a byline sometimes holds instead ("Posted", "Jobs; Hire", Drupal's
# "Submitted on …" line read as an author "Submitted").
_NOT_NAMES = {"posted", "published", "updated", "submitted", "by", "admin", "administrator", "jobs", "hire", "home",
              "menu", "share", "comments", "comment", "login", "log in", "read more", "more", "news", "unknown",
              "anonymous", "guest", "user", "webmaster", "none", "null", "n/a", "staff"}

_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\bи\b|\boraz\b|\ben\b)\s*")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|[-*•]\s+|>\s*|\|\s*)*")
_EMPHASIS = re.compile(r"^[*_]+|[*_]+$")


def _strip_markup(text: str) -> tuple[str, int]:
    """The line without heading marks, bullets, table pipes, emphasis and surrounding space, and where it starts."""
    m = _MARKUP.match(text)
    start = m.end() if m else 0
    end = len(text)
    while True:
        inner = text[start:end]
        stripped = inner.strip().strip("|").strip()
        new = _EMPHASIS.sub("", stripped).strip()
        if new == inner:
            break
        start += inner.find(new) if new else len(inner)
        end = start + len(new)
        if not new:
            break
    return text[start:end], start


def person_like(name: str, *, max_words: int = 5) -> bool:
    """Does ``name`` look like a person's name: 1 to ``max_words`` capitalised words (particles allowed)?"""
    words = name.split()
    if not words or len(words) > max_words:
        return False
    capitalised = 0
    for word in words:
        if word.lower() in _PARTICLES and capitalised:
            continue
        if not _WORD.fullmatch(word) or not word[0].isupper():
            return False
        if word.lower().strip(".") in _TITLE_WORDS:
            return False
        capitalised += 1
    return capitalised >= 1 and name.lower() not in _NOT_NAMES


def _display(name: str) -> str:
    """"JANE ROE" → "Jane Roe"; names in mixed case as written."""
    name = " ".join(name.split()).strip(" .,;:")
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        return " ".join(w if w.lower() in _PARTICLES else w.capitalize() for w in name.split())
    return name


def clean_author(name: str) -> str | None:
    """An author name from a page's metadata, or None when it is not a name (a UI word, a commenter's "X says")."""
    name = " ".join(name.split()).strip(" .,;:|")
    name = re.sub(r"^(?:by|von|par|por|di|door|autor:?|author:?)\s+", "", name, flags=re.I)
    if not name or name.lower() in _NOT_NAMES or re.search(r"\s(?:says|said|wrote|schreibt)$", name, re.I):
        return None
    if "http" in name or "@" in name or len(name) > 80:
        return None
    return _display(name)


@dataclass
class LineCredits:
    """What one line says: credits (with spans), and the organisations it names with their roles."""

    credits: list[Credit] = field(default_factory=list)

    @property
    def authors(self) -> list[str]:
        return [c.name for c in self.credits if c.role in ("author", "reporting", "writing")]


def _org_role(org: str) -> str:
    return "agency" if org.lower().strip(" .()") in AGENCIES else "publisher"


def _name_credits(names: str, line: str, base: int, role: str) -> list[Credit] | None:
    """Credits for a list of names ("A, B and C"), each with its span; None when a part is not a name."""
    names = re.sub(r"\s+(?:in|aus|en|à|a|from)\s+[A-Z][\w .'-]*$", "", names.strip(" .;:"))  # "... in London"
    parts = [p for p in _NAME_SPLIT.split(names) if p and p.strip(" .")]
    credits: list[Credit] = []
    pos = 0
    for part in parts:
        part = part.strip(" .")
        if not person_like(part):
            if credits and all(w.lower().strip(".") in _TITLE_WORDS for w in part.split()):
                continue  # "..., Senior Correspondent"
            return None
        at = line.find(part, pos)
        start = base + at if at >= 0 else None
        pos = at + len(part) if at >= 0 else pos
        credits.append(Credit(_display(part), role, start=start, end=start + len(part) if start is not None else None))
    return credits or None


_KEYWORD_BYLINE = re.compile(
    r"^(?:(?:written|reported|produced|prepared|compiled)\s+by|words\s+by|story\s+by|text\s+by|by|par|von|di|por|"
    r"door|texte?\s+von|text\s+und\s+fotos?\s*:?|text\s*:|texte\s*:|autor(?:in)?\s*:|auteur\s*:|autore\s*:|"
    r"author(?:s)?\s*:|byline\s*:|writer\s*:|автор\s*:|tekst\s*:)\s*(?P<names>.+)$", re.I)
_FOR_BYLINE = re.compile(r"^(?:written|reported|produced|prepared)\s+for\s+(?P<org>.+?)\s+by\s+(?P<names>.+)$", re.I)
_BARE_BYLINE = re.compile(r"^(?P<names>[^|,]{3,60}?)\s*(?:\||,|—|–)\s*(?P<org>[^|,]{2,60})$")
_ORG_SUFFIX = re.compile(r"^(?P<names>.+?)\s*(?:,|\||—|–)\s*(?:for\s+|für\s+|pour\s+|para\s+)?(?P<org>[^,|]+)$", re.I)
_OFFICE_OF = re.compile(r"^(?:[\w'’-]+\s+){0,3}?(?:office|desk|bureau|department|team|unit|service|section|division|"
                        r"secretariat|group)\s+of\s+(?:the\s+)?(?P<parent>.+)$", re.I)


def parent_org(org: str) -> str | None:
    """"Press Office of Example Party" → "Example Party": the organisation a unit belongs to."""
    m = _OFFICE_OF.match(org)
    return m.group("parent").strip(" .") if m else None


def _org(text: str) -> str:
    org = " ".join(text.split()).strip(" .,;:()")
    return re.sub(r"^the\s+", "", org) if org[:4] == "the " else org


_ORG_CONNECTORS = {"of", "for", "and", "&", "the", "de", "la", "du", "des", "der", "die", "das", "und", "y", "e",
                   "di", "del", "on", "at"}


def _org_like(org: str) -> bool:
    """A name of an organisation: capitalised words (connectors and domain names allowed), not a clause."""
    words = org.split()
    return bool(words) and len(words) <= 6 and org[0].isupper() and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in _ORG_CONNECTORS or "." in w for w in words)


def parse_byline(line: str, offset: int = 0, *, bare: bool = False) -> LineCredits | None:
    """The credits of a byline line, or None. ``bare`` also accepts lines without a keyword ("Jane Roe | Example
    News", "Jane Roe, Reuters"), which the caller allows only near the start or end of the text."""
    content, at = _strip_markup(line)
    base = offset + at
    if not content or len(content) > 200:
        return None
    content = content.rstrip(".")
    m = _FOR_BYLINE.match(content)
    if m:
        credits = _name_credits(m.group("names"), content, base + m.start("names") - m.start("names"), "author")
        if credits is None:
            return None
        office = _org(m.group("org"))
        parent = parent_org(office)
        credits.append(_spanned(Credit(office, "commissioned_by", affiliation=parent), content, base))
        if parent:
            credits.append(_spanned(Credit(parent, "commissioned_by"), content, base))
        return LineCredits(credits)
    m = _KEYWORD_BYLINE.match(content)
    org: str | None = None
    if m:
        names = m.group("names")
        credits = _name_credits(names, content, base, "author")
        if credits is None:
            suffix = _ORG_SUFFIX.match(names)
            if not suffix:
                return None
            credits = _name_credits(suffix.group("names"), content, base, "author")
            org = _org(suffix.group("org"))
            if credits is None or not _org_like(org):
                return None
    elif bare:
        m = _BARE_BYLINE.match(content)
        if not m or not person_like(m.group("names").strip(), max_words=4) or len(m.group("names").split()) < 2:
            return None
        org = _org(m.group("org"))
        if not _org_like(org) or len(org.split()) > 5 or (person_like(org, max_words=3) and org.lower() not in AGENCIES
                                                          and not org.startswith("The ")):
            return None
        credits = _name_credits(m.group("names"), content, base, "author")
        if credits is None:
            return None
    else:
        return None
    for credit in credits:  # "By Reuters": the agency, not an author
        if credit.name.lower() in AGENCIES:
            credit.role = "agency"
    if org:
        credits.append(_spanned(Credit(org, _org_role(org)), content, base))
    return LineCredits(credits)


def _spanned(credit: Credit, content: str, base: int) -> Credit:
    """The credit with the span of its name in the line, when the name is written there as it is."""
    at = content.rfind(credit.name)
    if at >= 0:
        credit.start, credit.end = base + at, base + at + len(credit.name)
    return credit


_CREDIT_SEGMENT = re.compile(r"^(?P<role>additional reporting|reporting|writing|editing|compiled|compiling|"
                             r"written|edited|graphics?|photos?|video)\s+by\s+(?P<names>.+)$", re.I)
_ROLES = {"additional reporting": "additional_reporting", "reporting": "reporting", "writing": "writing",
          "written": "writing", "editing": "editing", "edited": "editing", "compiled": "reporting",
          "compiling": "reporting"}


def parse_credits(line: str, offset: int = 0) -> LineCredits | None:
    """A wire story's credit line: ``(Reporting by A and B; Additional reporting by C; Editing by D)``."""
    content, at = _strip_markup(line)
    content = content.strip()
    if content.startswith("(") and content.endswith(")"):
        content, at = content[1:-1], at + 1
    content = content.rstrip(".")
    segments = [s for s in re.split(r"\s*;\s*", content) if s.strip()]
    if not segments or len(content) > 400:
        return None
    credits: list[Credit] = []
    pos = 0
    for segment in segments:
        seg_at = content.find(segment, pos)
        pos = seg_at + len(segment)
        m = _CREDIT_SEGMENT.match(segment.strip())
        if not m:
            return None
        role = _ROLES.get(m.group("role").lower())
        found = _name_credits(m.group("names"), content, offset + at, role or "reporting")
        if found is None:
            return None
        if role is not None:  # photo, video and graphics credits are not the article's authors
            credits += found
    return LineCredits(credits) if credits or segments else None


_BIO = re.compile(r"^(?P<name>[^\W\d_][\w'’.-]*(?:\s+[\w'’.-]+){1,3})\s+(?:is|was|has been)\s+(?:a|an|the)\s+"
                  r"(?P<what>[^.]{3,120}?)\s+(?:at|of|with|for|in)\s+(?:the\s+)?(?P<aff>[A-Z][\w&'’.-]*"
                  r"(?:\s+(?:of|for|and|&|on|in|the|de|[A-Z][\w&'’.-]*))*)")


def parse_bio(line: str, offset: int = 0) -> LineCredits | None:
    """An author bio: ``Jane Roe is a senior fellow at the Example Institute.`` → Jane Roe, affiliation."""
    content, at = _strip_markup(line)
    if not content or len(content) > 400:
        return None
    m = _BIO.match(content)
    if not m or not person_like(m.group("name"), max_words=4) or len(m.group("name").split()) < 2:
        return None
    what = m.group("what").lower()
    if not re.search(r"\b(?:fellow|professor|director|editor|writer|author|journalist|correspondent|columnist|"
                     r"researcher|analyst|lecturer|economist|scholar|reporter|contributor|member|founder|head|"
                     r"president|chair|partner|student|candidate|adviser|advisor|expert|scientist|lawyer|"
                     r"historian|producer|commentator|officer|manager|teacher|doctor)\b", what):
        return None
    aff = re.sub(r"\s+(?:of|for|and|&|on|in|the|de)$", "", m.group("aff").strip(" .,"))
    start = offset + at + m.start("name")
    name = m.group("name")
    return LineCredits([Credit(_display(name), "author", affiliation=aff or None, start=start, end=start + len(name))])


_SIGNOFF = re.compile(r"^(?:euer|eure|euere|dein|deine|ihr|ihre|yours|cheers)"
                      r",?\s+(?P<name>\S.{0,40})$", re.I)


def parse_signoff(line: str, offset: int = 0) -> LineCredits | None:
    """A letter-style sign-off on the last line: ``Euer HansEhrlich``, ``Yours, Jane Roe``."""
    content, at = _strip_markup(line)
    m = _SIGNOFF.match(content.rstrip(".!"))
    if not m or not person_like(m.group("name").strip(), max_words=3):
        return None
    name = m.group("name").strip()
    start = offset + at + m.start("name")
    return LineCredits([Credit(_display(name), "author", start=start, end=start + len(name))])


# -- dates --------------------------------------------------------------------------------------------------
_MONTHS = {
    # de, fr, es, it, pt, nl, pl (genitive) → English, so dateutil reads them
    "januar": "January", "jänner": "January", "februar": "February", "märz": "March", "april": "April",
    "mai": "May", "juni": "June", "juli": "July", "august": "August", "september": "September",
    "oktober": "October", "november": "November", "dezember": "December",
    "janvier": "January", "février": "February", "fevrier": "February", "mars": "March", "avril": "April",
    "juin": "June", "juillet": "July", "août": "August", "aout": "August", "septembre": "September",
    "octobre": "October", "novembre": "November", "décembre": "December", "decembre": "December",
    "enero": "January", "febrero": "February", "marzo": "March", "abril": "April", "mayo": "May", "junio": "June",
    "julio": "July", "agosto": "August", "septiembre": "September", "setiembre": "September",
    "octubre": "October", "noviembre": "November", "diciembre": "December",
    "gennaio": "January", "febbraio": "February", "aprile": "April", "maggio": "May", "giugno": "June",
    "luglio": "July", "settembre": "September", "ottobre": "October", "dicembre": "December",
    "janeiro": "January", "fevereiro": "February", "março": "March", "maio": "May", "junho": "June",
    "julho": "July", "setembro": "September", "outubro": "October", "dezembro": "December",
    "januari": "January", "februari": "February", "maart": "March", "mei": "May", "augustus": "August",
    "stycznia": "January", "lutego": "February", "marca": "March", "kwietnia": "April", "maja": "May",
    "czerwca": "June", "lipca": "July", "sierpnia": "August", "września": "September",
    "października": "October", "listopada": "November", "grudnia": "December",
}
_MONTH_WORD = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b", re.I)
_CONNECTORS = re.compile(r"\b(?:de|del|à|um|at|o|às|le|am|el|il)\b", re.I)
_TIME = re.compile(r"(?:,|\s|T)\s*\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*(?:am|pm|uhr|h))?"
                   r"(?:\s*[A-Z]{2,5}|\s*[+-]\d{2}:?\d{2}|Z)?", re.I)


def text_date(text: str) -> str | None:
    """ISO date of a date written in text in several languages: "17. Dezember 2019", "19 mai 2023", "2023-05-20
    14:02 GMT", "May 19, 2023"."""
    cleaned = _MONTH_WORD.sub(lambda m: _MONTHS[m.group(1).lower()], text.strip())
    cleaned = _TIME.sub(" ", cleaned)
    cleaned = re.sub(r"(\d{1,2})\.\s+(?=[A-Z])", r"\1 ", cleaned)  # "17. December" → "17 December"
    cleaned = _CONNECTORS.sub(" ", cleaned)
    cleaned = " ".join(cleaned.replace("|", " ").split()).strip(" ,.")
    m = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", cleaned)  # 19.05.2023 (day first, as in de/fr/ru/pl)
    if m:
        day, month, year = (int(g) for g in m.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    got = iso_date(cleaned)
    return got if got and len(got) == 10 else None


_DATE_KEY = re.compile(
    r"^(?P<kind>published|posted|updated|last updated|last modified|modified|date|first published|"
    r"veröffentlicht|aktualisiert|zuletzt aktualisiert|publié|mis à jour|publicado|actualizado|pubblicato|"
    r"aggiornato|opublikowano|zaktualizowano|опубликовано|обновлено|stand)"
    r"(?:\s+(?:on|am|le|el|il|em|at))?\s*:?\s*(?P<date>.+)$", re.I)
_UPDATED = re.compile(r"updated|modified|aktualisiert|mis à jour|actualizado|aggiornato|zaktualizowano|обновлено|stand",
                      re.I)
_INLINE_DATE_BY = re.compile(
    r"\b(?:posted|published|veröffentlicht|publié|publicado|pubblicato)(?:\s+(?:on|am|le|el|il|em))?\s+"
    r"(?P<date>[^|]{6,40}?)\s+(?:by|von|par|por|da|di)\s+(?P<name>[^\W\d_][\w'’.-]*(?:\s+(?:von|van|de|der|del|"
    r"da|di|la|le|du)){0,2}\s+[^\W\d_][\w'’-]*)", re.I)


def parse_date_line(line: str) -> list[tuple[str, str]]:
    """``[("published"|"updated", iso), ...]`` for a line that is only dates: ``Published 19 May 2023 | Updated:
    2023-05-20 14:02 GMT``."""
    content, _ = _strip_markup(line)
    if not content or len(content) > 120:
        return []
    found = []
    for part in re.split(r"\s*[|·•]\s*|\s{2,}|;\s*", content):
        m = _DATE_KEY.match(part.strip())
        if not m:
            if part.strip():
                return []
            continue
        date = text_date(m.group("date"))
        if date is None:
            return []
        found.append(("updated" if _UPDATED.search(m.group("kind")) else "published", date))
    return found


def parse_inline_date_byline(text: str, offset: int = 0) -> tuple[str | None, LineCredits | None]:
    """``Posted 11. April 2018 by Walter von Aachen`` inside a longer line (text flattened from a page)."""
    m = _INLINE_DATE_BY.search(text[:600])
    if not m:
        return None, None
    date = text_date(m.group("date"))
    if date is None:
        return None, None
    name = m.group("name")
    if not person_like(name):
        return date, None
    start = offset + m.start("name")
    return date, LineCredits([Credit(_display(name), "author", start=start, end=start + len(name))])


# -- datelines ----------------------------------------------------------------------------------------------
_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][\w'’.-]*(?:[ -][^\W\d_][\w'’.-]*){0,3}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?)"
    r"(?:,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\.?\s+[A-Za-z]{3,9}\.?(?:\s+\d{4})?)))?"
    r"\s*(?:\((?P<agency>[^()\n]{2,40})\)|/(?P<agency2>[^/\n]{2,30})/)?"
    r"\s*(?P<dash>--|[-–—]|\.(?=\s))\s+")


def parse_dateline(text: str, offset: int = 0, *, year: str | None = None) -> Dateline | None:
    """The dateline at the start of a story's first paragraph, or None.

    Needs an agency in brackets (``(Reuters)``, ``/TASS/``), or a place written in capitals and a dash
    (``LONDON —``). The span runs to the end of the dash. A date without a year takes ``year`` when given.
    """
    m = _DATELINE.match(text)
    if not m:
        return None
    place = m.group("place").strip()
    agency = (m.group("agency") or m.group("agency2") or "").strip() or None
    city = place.split(",")[0].strip()
    letters = [c for c in city if c.isalpha()]
    capitals = bool(letters) and all(c.isupper() for c in letters)
    if agency is None and not (capitals and m.group("dash") != "."):
        return None
    if agency is not None and (len(agency.split()) > 5 or not agency[0].isupper()):
        return None
    if not capitals and place_id(city) is None and (agency or "").lower() not in AGENCIES:
        return None  # "Kazan, ... /TASS/": a known place or a known agency; "Mr. Smith (pictured) -" is neither
    date = None
    if m.group("date"):
        written = m.group("date")
        date = text_date(written)
        if date is None and year:
            date = text_date(f"{written} {year}")
    return Dateline(offset + m.start(), offset + m.end("dash"), place=city, place_id=place_id(city) or
                    "gpe:" + slug(city), date=date, agency=agency)


# -- boilerplate ----------------------------------------------------------------------------------------------
_URL = re.compile(r"https?://[^\s<>()\[\]\"']+|www\.[^\s<>()\[\]\"']+")
_MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)\)")
_BOILER_START = re.compile(
    r"^(?:©|\(c\)|copyright\b|all rights reserved|follow us\b|follow\s+\S+\s+on\b|share (?:this|on|via)\b|"
    r"share$|subscribe\b|sign up\b|newsletter\b|get (?:our|the) newsletter|join (?:us|our)\b|"
    r"(?:related(?: articles| stories| content| coverage)?|more|read more|see also|also read|read also|recommended|"
    r"you may also like|more on this story|most read|weiterlesen|mehr zum thema|lesen sie auch|à lire aussi|"
    r"lire aussi|leer más|lee también|leia também|leggi anche)\s*(?::|$)|"  # a list's label, not "More than 200"
    r"advertisement$|anzeige$|publicité$|werbung$|publicidad$|sponsored$|"
    r"cookie|we use cookies|this (?:site|website) uses cookies|privacy policy|terms of (?:use|service)|"
    r"contact us\b|about us\b|(?:our|editorial)\s+(?:editorial\s+)?(?:standards|guidelines)\s*(?::|$)|"
    r"(?:ethics|corrections)\s+policy\s*(?::|$)|"
    r"(?:photo|photos|photograph|picture|image|foto|fotos|bild|credit|photo credit|"
    r"illustration)\s*(?:by)?\s*:|click here\b|tap here\b)",
    re.I)
_ANYWHERE = re.compile(r"all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos "
                       r"reservados|trust principles|we use cookies|this (?:site|website) uses cookies|"
                       r"accept (?:all )?cookies", re.I)
_PHOTO_AGENCY = re.compile(r"^\(?[^\W\d_][\w .'-]{1,40}/(?:AFP|AP|Reuters|Getty Images|EPA|dpa|picture alliance|"
                           r"imago|Shutterstock|Bloomberg|Xinhua|ANP|Keystone|APA)\b[^.]*\)?$", re.I)
_SOCIAL = {"facebook", "twitter", "x", "linkedin", "whatsapp", "email", "e-mail", "print", "telegram", "instagram",
           "youtube", "tiktok", "pinterest", "reddit", "messenger", "copy", "link", "copy link", "share", "mail",
           "flipboard", "threads", "mastodon", "bluesky", "xing", "rss"}
_RELATED_HEADING = re.compile(r"^(?:related(?:\s+(?:articles?|stories|content|coverage|links?|posts?))?|"
                              r"read more|more (?:on this|stories|from|news|like this)\b.*|see also|also read|"
                              r"recommended(?:\s+for you)?|you may also like|most read|most popular|top stories|"
                              r"latest news|share this(?:\s+\w+)?|follow us|links|weitere artikel|mehr zum thema|"
                              r"lesen sie auch|à lire aussi|sur le même sujet|te puede interesar|leia também|"
                              r"comments?|leave a (?:reply|comment)|tags?|topics?|newsletter)\s*:?$", re.I)


def _is_link_line(text: str) -> bool:
    rest = _URL.sub("", _MD_LINK.sub("", re.sub(r"^[ \t]*(?:[-*•·|]|\d+[.)])?[ \t]*", "", text, count=1)))
    rest = rest.strip(" \t|·•-–,;")
    return rest == "" and bool(_URL.search(text) or _MD_LINK.search(text))


def _is_site_names_line(text: str) -> bool:
    """``Example Party Website | Press Office Website | Example Daily www.example.net``: names and links."""
    parts = [p.strip() for p in re.split(r"\s*[|·•]\s*", text) if p.strip()]
    if len(parts) < 2:
        return False
    for part in parts:
        words = _URL.sub(" ", _MD_LINK.sub(r"\g<text>", part)).split()
        if len(words) > 8 or part.rstrip().endswith((".", "?", "!", ":")):
            return False
        if words and sum(w[0].isupper() or w[0].isdigit() or w.lower() in {"&", "and", "of", "the", "und", "de"}
                         for w in words) < len(words):
            return False
    return True


# Chinese page furniture in lenticular brackets: "【纠错】" (report an error), "【责任编辑:张樵苏】" (the editor
# in charge), proofreader, source; a closing bracket alone on the line after such a label.
_CJK_FURNITURE = re.compile(r"^(?:【\s*(?:纠错|责任编辑|编辑|校对|审核|来源)[^】]*】?|】)$")


def is_boilerplate_line(text: str, sitenames: frozenset[str] = frozenset()) -> bool:
    """Links, site-name lines, share/follow/subscribe, cookies, Related:/Read more:, Advertisement, photo credits,
    copyright, and lines that are only the publication's name."""
    stripped, _ = _strip_markup(text)
    stripped = stripped.strip()
    if not stripped:
        return False
    if (_is_link_line(text) or _BOILER_START.match(stripped) or _PHOTO_AGENCY.match(stripped)
            or _CJK_FURNITURE.match(stripped)):
        return True
    if len(stripped) < 300 and _ANYWHERE.search(stripped):
        return True
    words = [w.lower() for w in re.split(r"[\s|·•,/]+", stripped) if w]
    if words and len(words) <= 12 and all(w in _SOCIAL for w in words) and len(words) >= 2:
        return True
    if _is_site_names_line(stripped) and (_URL.search(stripped) or len(stripped.split()) <= 12):
        return True
    return stripped.strip(" .").lower() in sitenames


def is_boilerplate_heading(label: str) -> bool:
    """A heading over links or page furniture ("Related articles", "Share this", "Read more") rather than text."""
    return bool(_RELATED_HEADING.match(label.strip().strip("*_ ").rstrip(":").strip()))
