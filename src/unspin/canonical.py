"""Canonical ids for entity mentions: ISO 3166 codes for countries, ISO 8601 for dates.

pycountry supplies the official names and codes; it has no everyday aliases ("the US", "Britain")
or demonyms ("Pakistani"), so a short table below adds the ones news uses most. Dates go through
dateutil, parsed twice with two different defaults: a field that differs between the two parses
was not in the text, which tells a full date (2023-05-19) from a month (2023-05) or a year.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

__all__ = ["country_code", "iso_date", "slug", "CAPITALS"]

# Everyday names and demonyms → ISO 3166-1 alpha-2. Lower-case keys, without a leading "the".
_ALIASES = {
    "us": "US", "u.s.": "US", "u.s": "US", "usa": "US", "u.s.a.": "US", "america": "US", "united states": "US",
    "united states of america": "US", "american": "US", "americans": "US",
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "united kingdom": "GB", "england": "GB",
    "british": "GB", "briton": "GB", "britons": "GB",
    "russia": "RU", "russian federation": "RU", "russian": "RU", "russians": "RU", "soviet union": "SU",
    "ussr": "SU", "china": "CN", "prc": "CN", "mainland china": "CN", "chinese": "CN",
    "taiwan": "TW", "taiwanese": "TW", "iran": "IR", "iranian": "IR", "iranians": "IR",
    "north korea": "KP", "dprk": "KP", "north korean": "KP", "south korea": "KR", "korea": "KR",
    "south korean": "KR", "syria": "SY", "syrian": "SY", "syrians": "SY", "vietnam": "VN",
    "laos": "LA", "bolivia": "BO", "venezuela": "VE", "venezuelan": "VE", "tanzania": "TZ",
    "moldova": "MD", "palestine": "PS", "palestinian": "PS", "palestinians": "PS", "gaza": "PS",
    "west bank": "PS", "vatican": "VA", "holy see": "VA", "czech republic": "CZ", "czechia": "CZ",
    "turkey": "TR", "türkiye": "TR", "turkish": "TR", "ivory coast": "CI", "congo": "CG", "drc": "CD",
    "democratic republic of the congo": "CD", "burma": "MM", "myanmar": "MM", "uae": "AE",
    "emirates": "AE", "united arab emirates": "AE", "saudi": "SA", "saudis": "SA", "saudi arabian": "SA",
    "pakistani": "PK", "pakistanis": "PK", "indian": "IN", "indians": "IN", "afghan": "AF", "afghans": "AF",
    "ukrainian": "UA", "ukrainians": "UA", "israeli": "IL", "israelis": "IL", "german": "DE", "germans": "DE",
    "french": "FR", "italian": "IT", "italians": "IT", "spanish": "ES", "polish": "PL", "poles": "PL",
    "japanese": "JP", "canadian": "CA", "canadians": "CA", "mexican": "MX", "mexicans": "MX",
    "brazilian": "BR", "brazilians": "BR", "egyptian": "EG", "egyptians": "EG", "iraqi": "IQ", "iraqis": "IQ",
    "nigerian": "NG", "nigerians": "NG", "australian": "AU", "australians": "AU", "dutch": "NL",
    "swedish": "SE", "norwegian": "NO", "finnish": "FI", "danish": "DK", "greek": "GR", "greeks": "GR",
    "hungarian": "HU", "romanian": "RO", "belarusian": "BY", "georgian": "GE", "armenian": "AM",
    "azerbaijani": "AZ", "kazakh": "KZ", "bangladeshi": "BD", "sri lankan": "LK", "nepali": "NP",
    "chinese mainland": "CN", "cuban": "CU", "cubans": "CU", "lebanese": "LB", "yemeni": "YE",
    "jordanian": "JO", "qatari": "QA", "kuwaiti": "KW", "libyan": "LY", "sudanese": "SD", "ethiopian": "ET",
    "kenyan": "KE", "south african": "ZA", "argentine": "AR", "argentinian": "AR", "chilean": "CL",
    "colombian": "CO", "peruvian": "PE", "indonesian": "ID", "filipino": "PH", "thai": "TH",
    "vietnamese": "VN", "malaysian": "MY", "singaporean": "SG", "irish": "IE", "scottish": "GB",
    "welsh": "GB", "swiss": "CH", "austrian": "AT", "belgian": "BE", "portuguese": "PT", "serbian": "RS",
    "croatian": "HR", "bulgarian": "BG", "slovak": "SK", "slovenian": "SI", "lithuanian": "LT",
    "latvian": "LV", "estonian": "EE", "kosovo": "XK",
}

# Capitals (and seats of power) that news uses for the state itself ("Washington imposed
# sanctions"). Mapped to the country only when the mention acts as an agent: see entities.py.
CAPITALS = {
    "washington": "US", "white house": "US", "pentagon": "US", "moscow": "RU", "kremlin": "RU",
    "the kremlin": "RU", "beijing": "CN", "london": "GB", "downing street": "GB", "paris": "FR",
    "berlin": "DE", "tokyo": "JP", "islamabad": "PK", "new delhi": "IN", "delhi": "IN", "kyiv": "UA",
    "kiev": "UA", "tehran": "IR", "ankara": "TR", "riyadh": "SA", "pyongyang": "KP", "seoul": "KR",
    "damascus": "SY", "kabul": "AF", "baghdad": "IQ", "cairo": "EG", "ottawa": "CA", "canberra": "AU",
    "brasilia": "BR", "brasília": "BR", "mexico city": "MX", "rome": "IT", "madrid": "ES", "warsaw": "PL",
    "taipei": "TW", "jerusalem": "IL", "minsk": "BY", "caracas": "VE", "havana": "CU", "dhaka": "BD",
}

_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def _clean(name: str) -> str:
    return _POSSESSIVE.sub("", _LEADING.sub("", " ".join(name.split()))).strip(" .,;:").strip()


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code for a country name, alias or demonym; None if it is not a country."""
    import pycountry

    cleaned = _clean(name)
    key = cleaned.lower()
    if not key:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    if key.endswith(".") and key[:-1] in _ALIASES:
        return _ALIASES[key[:-1]]
    # Two- and three-letter codes only when written in capitals: "US", "GBR" but not "us", "it".
    if len(cleaned) in (2, 3) and not cleaned.isupper():
        return None
    try:
        country = pycountry.countries.lookup(cleaned)
    except LookupError:
        return None
    return str(country.alpha_2)


_YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d|21\d\d)$")
_HAS_DIGIT = re.compile(r"\d")
_RELATIVE = re.compile(r"\b(ago|last|next|this|today|yesterday|tomorrow|since|until|early|late|mid)\b", re.I)
_DEFAULTS = (datetime(1904, 1, 1), datetime(1908, 12, 28))


@lru_cache(maxsize=4096)
def iso_date(text: str) -> str | None:
    """ISO 8601 for an absolute date expression: "May 19, 2023" → "2023-05-19", "May 2023" → "2023-05".

    Relative or partial expressions without a year ("last week", "on Monday") give None.
    """
    from dateutil import parser

    cleaned = _clean(text.replace("’s", "").replace("'s", ""))
    cleaned = re.sub(r"^(?:on|in|of|from|by)\s+", "", cleaned, flags=re.I)
    if not _HAS_DIGIT.search(cleaned) or _RELATIVE.search(cleaned):
        return None
    if _YEAR.match(cleaned):
        return cleaned
    parsed = []
    for default in _DEFAULTS:
        try:
            parsed.append(parser.parse(cleaned, default=default, fuzzy=False))
        except (ValueError, OverflowError, TypeError):
            return None
    a, b = parsed
    if a.year != b.year:  # no year in the text: not absolute
        return None
    if a.month != b.month:
        return f"{a.year:04d}"
    if a.day != b.day:
        return f"{a.year:04d}-{a.month:02d}"
    return f"{a.year:04d}-{a.month:02d}-{a.day:02d}"


def slug(text: str) -> str:
    """Lower-case, hyphenated form of a name: "the United Nations" → "united-nations"."""
    cleaned = _clean(text).lower()
    return re.sub(r"[^\w]+", "-", cleaned).strip("-") or cleaned
