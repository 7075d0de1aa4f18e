"""Canonical ids for entity mentions: ISO 3166 codes for countries, ISO 3166-2 for US states, ISO 8601 for dates.

pycountry supplies the official names and codes; it has no everyday aliases ("the US", "Britain")
or demonyms ("Pakistani"), so a short table below adds the ones news uses most, with US states'
abbreviations ("Ky.") and demonyms ("Texans"), a small gazetteer of cities (to correct a city
tagged as an organisation) and the groups named by noun or adjective ("Democrat", "Democratic").
Dates go through dateutil, parsed twice with two different defaults: a field that differs between
the two parses was not in the text, which tells a full date (2023-05-19) from a month (2023-05) or
a year.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

__all__ = ["country_code", "iso_date", "slug", "CAPITALS", "CITIES", "GROUPS", "place_id", "us_state",
           "is_state_demonym", "role_id", "people_of", "PEOPLE"]

PEOPLE = "/people"  # suffix of the role id of a country's (or US state's) people, see role_id
_PLACE_CODE = re.compile(r"[A-Z]{2}(?:-[A-Z0-9]{1,3})?")


def role_id(label: str, entity_id: str) -> str:
    """The id a mention's role is aggregated under (the roles layer, reports, the store): the canonical id, except
    that a country's or state's people (a NORP mention that carries the place's code: "ordinary Pakistanis" ->
    ``PK``, "Texans" -> ``US-TX``) are ``<code>/people``, apart from the state ("Islamabad", "Pakistan"), which a
    text may cast the other way: the government as villain, its people as victims.

    Example: ``role_id("NORP", "PK") == "PK/people"``; ``role_id("GPE", "PK") == "PK"``
    """
    return f"{entity_id}{PEOPLE}" if label == "NORP" and _PLACE_CODE.fullmatch(entity_id) else entity_id


def people_of(entity_id: str) -> str | None:
    """The place code of a people's role id (``people_of("PK/people") == "PK"``), None for any other id."""
    return entity_id[: -len(PEOPLE)] if entity_id.endswith(PEOPLE) else None

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

# A small gazetteer of cities → their country, to correct spaCy's small English model where it tags a city as
# an organisation ("the port of Karachi" → ORG). Not a geocoder: the capitals above (less the seats of power,
# which are buildings) plus the cities of more than about five million people that international news names
# most, and the cities wire agencies date their stories from. Keys are lower-case.
CITIES = {k: v for k, v in CAPITALS.items() if k not in {"white house", "pentagon", "kremlin", "the kremlin",
                                                        "downing street"}} | {
    "karachi": "PK", "lahore": "PK", "peshawar": "PK", "rawalpindi": "PK", "quetta": "PK", "mumbai": "IN",
    "bombay": "IN", "kolkata": "IN", "chennai": "IN", "bangalore": "IN", "bengaluru": "IN", "hyderabad": "IN",
    "shanghai": "CN", "hong kong": "HK", "shenzhen": "CN", "guangzhou": "CN", "wuhan": "CN", "chongqing": "CN",
    "istanbul": "TR", "st petersburg": "RU", "st. petersburg": "RU", "saint petersburg": "RU", "kazan": "RU",
    "new york": "US", "new york city": "US", "los angeles": "US", "chicago": "US", "houston": "US",
    "san francisco": "US", "boston": "US", "miami": "US", "atlanta": "US", "philadelphia": "US", "seattle": "US",
    "toronto": "CA", "montreal": "CA", "vancouver": "CA", "sydney": "AU", "melbourne": "AU", "osaka": "JP",
    "lagos": "NG", "abuja": "NG", "johannesburg": "ZA", "cape town": "ZA", "pretoria": "ZA", "nairobi": "KE",
    "addis ababa": "ET", "khartoum": "SD", "kinshasa": "CD", "dakar": "SN", "accra": "GH", "algiers": "DZ",
    "tunis": "TN", "rabat": "MA", "casablanca": "MA", "sao paulo": "BR", "são paulo": "BR", "rio de janeiro": "BR",
    "buenos aires": "AR", "santiago": "CL", "lima": "PE", "bogota": "CO", "bogotá": "CO", "quito": "EC",
    "jakarta": "ID", "manila": "PH", "bangkok": "TH", "hanoi": "VN", "ho chi minh city": "VN",
    "kuala lumpur": "MY", "singapore": "SG", "yangon": "MM", "colombo": "LK", "kathmandu": "NP",
    "tel aviv": "IL", "gaza city": "PS", "ramallah": "PS", "beirut": "LB", "amman": "JO", "doha": "QA",
    "dubai": "AE", "abu dhabi": "AE", "kuwait city": "KW", "muscat": "OM", "sanaa": "YE", "aden": "YE",
    "mosul": "IQ", "basra": "IQ", "aleppo": "SY", "kandahar": "AF", "brussels": "BE", "geneva": "CH",
    "zurich": "CH", "vienna": "AT", "amsterdam": "NL", "the hague": "NL", "stockholm": "SE", "oslo": "NO",
    "copenhagen": "DK", "helsinki": "FI", "dublin": "IE", "lisbon": "PT", "athens": "GR", "prague": "CZ",
    "budapest": "HU", "bucharest": "RO", "sofia": "BG", "belgrade": "RS", "zagreb": "HR", "vilnius": "LT",
    "riga": "LV", "tallinn": "EE", "chisinau": "MD", "tbilisi": "GE", "yerevan": "AM", "baku": "AZ",
    "astana": "KZ", "almaty": "KZ", "tashkent": "UZ", "frankfurt": "DE", "munich": "DE", "hamburg": "DE",
    "milan": "IT", "barcelona": "ES", "manchester": "GB", "edinburgh": "GB", "kharkiv": "UA", "odesa": "UA",
    "odessa": "UA", "lviv": "UA", "donetsk": "UA", "mariupol": "UA", "wellington": "NZ", "auckland": "NZ",
}

# US states: names and their postal and AP-style abbreviations → ISO 3166-2 ("Ky.", "KY", "Kentucky" →
# US-KY), and the demonyms news uses ("Texans"). "Washington" stays the capital (see CAPITALS; "Washington
# state" is the state) and "Georgia" the country, as in most international news.
_STATES = {
    "AL": ("alabama", "ala."), "AK": ("alaska",), "AZ": ("arizona", "ariz."), "AR": ("arkansas", "ark."),
    "CA": ("california", "calif.", "cal."), "CO": ("colorado", "colo."), "CT": ("connecticut", "conn."),
    "DE": ("delaware", "del."), "FL": ("florida", "fla."), "HI": ("hawaii",), "ID": ("idaho",),
    "IL": ("illinois", "ill."), "IN": ("indiana", "ind."), "IA": ("iowa",), "KS": ("kansas", "kan.", "kans."),
    "KY": ("kentucky", "ky."), "LA": ("louisiana", "la."), "ME": ("maine",), "MD": ("maryland", "md."),
    "MA": ("massachusetts", "mass."), "MI": ("michigan", "mich."), "MN": ("minnesota", "minn."),
    "MS": ("mississippi", "miss."), "MO": ("missouri", "mo."), "MT": ("montana", "mont."),
    "NE": ("nebraska", "neb.", "nebr."), "NV": ("nevada", "nev."), "NH": ("new hampshire", "n.h."),
    "NJ": ("new jersey", "n.j."), "NM": ("new mexico", "n.m."), "NY": ("new york state", "n.y."),
    "NC": ("north carolina", "n.c."), "ND": ("north dakota", "n.d."), "OH": ("ohio",), "OK": ("oklahoma", "okla."),
    "OR": ("oregon", "ore."), "PA": ("pennsylvania", "pa.", "penn."), "RI": ("rhode island", "r.i."),
    "SC": ("south carolina", "s.c."), "SD": ("south dakota", "s.d."), "TN": ("tennessee", "tenn."),
    "TX": ("texas", "tex."), "UT": ("utah",), "VT": ("vermont", "vt."), "VA": ("virginia", "va."),
    "WA": ("washington state", "wash."), "WV": ("west virginia", "w.va.", "w. va."),
    "WI": ("wisconsin", "wis.", "wisc."), "WY": ("wyoming", "wyo."),
}
_STATE_DEMONYMS = {
    "texan": "TX", "texans": "TX", "californian": "CA", "californians": "CA", "floridian": "FL",
    "floridians": "FL", "kentuckian": "KY", "kentuckians": "KY", "ohioan": "OH", "ohioans": "OH",
    "virginian": "VA", "virginians": "VA", "arizonan": "AZ", "arizonans": "AZ", "iowan": "IA", "iowans": "IA",
    "alaskan": "AK", "alaskans": "AK", "michigander": "MI", "michiganders": "MI", "new yorkers": "NY",
}
_STATE_NAMES = {alias: code for code, aliases in _STATES.items() for alias in aliases} | _STATE_DEMONYMS

# Political and social groups named by a noun, its plural and its adjective ("Democrat", "Democrats",
# "Democratic"): one canonical name each, so the three are one entity.
GROUPS = {
    "democrat": "democrats", "democrats": "democrats", "democratic": "democrats",
    "republican": "republicans", "republicans": "republicans", "gop": "republicans",
    "conservative": "conservatives", "conservatives": "conservatives", "tory": "conservatives",
    "tories": "conservatives", "liberal": "liberals", "liberals": "liberals", "socialist": "socialists",
    "socialists": "socialists", "communist": "communists", "communists": "communists",
    "muslim": "muslims", "muslims": "muslims", "christian": "christians", "christians": "christians",
    "catholic": "catholics", "catholics": "catholics", "jew": "jews", "jews": "jews", "jewish": "jews",
    "hindu": "hindus", "hindus": "hindus", "sikh": "sikhs", "sikhs": "sikhs", "sunni": "sunnis",
    "sunnis": "sunnis", "shia": "shiites", "shiite": "shiites", "shiites": "shiites", "kurd": "kurds",
    "kurds": "kurds", "kurdish": "kurds", "european": "europeans", "europeans": "europeans",
    "african": "africans", "africans": "africans", "arab": "arabs", "arabs": "arabs",
    "latino": "latinos", "latinos": "latinos", "hispanic": "hispanics", "hispanics": "hispanics",
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


def us_state(name: str) -> str | None:
    """ISO 3166-2 code of a US state from its name, abbreviation ("Ky.", "KY") or demonym ("Texans"), else None."""
    cleaned = _clean(name) if not name.strip().endswith(".") else " ".join(name.split()).strip()
    cleaned = _LEADING.sub("", cleaned)
    key = cleaned.lower()
    if key in _STATE_NAMES:
        return "US-" + _STATE_NAMES[key]
    if len(cleaned) == 2 and cleaned.isupper() and cleaned in _STATES:  # postal codes in capitals only
        return "US-" + cleaned
    return None


def place_id(name: str) -> str | None:
    """A canonical id for a place name: ISO 3166-1 for a country, ISO 3166-2 for a US state, ``gpe:slug`` for a
    city of the gazetteer; None for a name none of them knows."""
    code = country_code(name)
    if code is not None:
        return code
    state = us_state(name)
    if state is not None:
        return state
    key = _clean(name).lower()
    if key in CITIES:
        return "gpe:" + slug(name)
    return None


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


def is_state_demonym(text: str) -> bool:
    """True for a US state's people ("Texans", "New Yorkers"), as opposed to the state's name."""
    return text.strip().lower() in _STATE_DEMONYMS
