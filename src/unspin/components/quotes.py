"""quotes: attribution relations -- who (``source``) said or believes what (``content``), by which ``cue``.

English body text goes through the attribution tagger (``unspin.ml.attribution``: MiniLM's first layers fine-tuned
on PolNeAR as a source/cue/content tagger, int8 ONNX, and a decoder that ties each cue to its content and source;
``models/quotes/MODEL_CARD.md``). Every relation then gets, by rule:

* ``kind``: ``direct`` when the content stands inside quotation marks (any style: "…", “…”, «…», „…“, ‚…‘, '…'),
  ``mixed`` when only part of it does (a quoted phrase inside reported speech), else ``indirect``;
* ``speaker`` / ``speaker_id``: the entity (``entities`` layer) inside the source span, a person first; a pronoun
  source ("he", "she") goes to the nearest earlier named person who is a quote's speaker or, failing that, the
  nearest earlier person mentioned in the text; "they" to the nearest earlier organisation or group speaker. A
  person whose honorific contradicts the pronoun ("she" after Mr. Obama's quotes) is passed over for the nearest
  earlier one it fits ("Ms. LaBelle"), or for none when that one is far back and carries no honorific. An office
  ("the president") goes to the nearest earlier person named with its title ("President Obama").
  Never a name in a complement ("the former nuncio to the United States"), a possessor ("Clinton's campaign
  manager Robby Mook"), or a place or people used as an adjective before a person, court, publication or study
  ("A New York judge", "the top British medical journal"). Otherwise the speaker is the source's own text and the
  id null;
* a quotation the tagger left without source and cue, signed after a dash by a person ending the line
  ("“… our greatest shame.” ― Sonya Herridge"), gets that person as source and the dash as cue
  (:func:`signed_quotes`);
* not speech: a relation whose cue is in capitals is a run-in subhead's verb ("CONGRESS HAS INVESTIGATED HIM —"):
  dropped, or, when its content is prose, kept without source and cue (:func:`heading_attribution`);
* not a quote at all: the writer's own claim dressed as someone's ("Every serious economist knows that …",
  "Anyone who has studied him knows …", "No one is suggesting …"): a source that is nobody, or a universal or
  hypothetical generic source with a present-tense verb of knowing, agreeing or believing
  (:func:`is_rhetorical_consensus`), is the writer's comment, so the relation is dropped and the sentence keeps
  the writer's voice. Reported speech of a group ("all three officials said") stays a quote;
* ``anonymous``: the source is an unnamed official, source, aide, expert ... ("officials", "a source close to the
  campaign", "people familiar with the talks") and no named person heads it. An unnamed spokesman of a named body
  ("a State Department spokesman") is an on-record institutional source, credited to the body, not anonymous.

Other languages have no trained model: a rule fallback finds direct quotes (quotation marks) and
"according to"-style attributions for the languages listed in ``RULE_CUES``, with a note saying so.
"""

from __future__ import annotations

import re
from typing import Any

from unspin.components.pieces import pieces
from unspin.document import Document, Entity, Quote, Span, TokenStateParts
from unspin.registry import Pipe, component

__all__ = ["make_quotes", "quote_kind", "quoted_regions", "is_anonymous", "is_rhetorical_consensus", "source_before",
           "resolve_speakers", "rule_quotes", "signed_quotes", "RULE_CUES", "heading_attribution", "shown_relation"]

PIECE_CHARS = 20_000
# Opening mark -> closing marks it pairs with. Straight quotes open and close themselves.
_PAIRS = {"“": "”\"", "\"": "\"”", "«": "»", "„": "“”", "‚": "‘’", "‘": "’", "'": "'", "»": "«", "「": "」"}
_PERSON = {"PERSON"}
_GROUPS = {"ORG", "NORP", "GPE"}
_PLACES_PEOPLES = {"NORP", "GPE"}
_POSSESSIVE = re.compile(r"['’]s\b")
_HE_SHE = {"he", "she", "him", "her", "his"}
_THEY = {"they", "them", "their"}
# Heads of unnamed sources. "people"/"person" count only with "familiar"/"close"/"with knowledge" (see below).
_ANON_HEADS = re.compile(
    r"\b(officials?|sources?|aides?|advis[eo]rs?|insiders?|experts?|analysts?|observers?|critics?|diplomats?|"
    r"staffers?|strategists?|operatives?|insiders|some|many|others|several|witnesses|someone|"
    r"(?:people|persons?|those|one|individuals?)\s+(?:familiar|close|with\s+(?:direct\s+)?knowledge|briefed|"
    r"who\s+(?:spoke|requested|asked|declined)))\b", re.IGNORECASE)
_COMPLEMENT = re.compile(r"(?:\b(?:to|with|of|for|at|from|in|on|under|near|inside|within)\s+(?:the\s+)?$)|"
                         r"(?:^['’]s\b)", re.IGNORECASE)
# A place or a people (GPE, NORP) named as an adjective before the source's head noun is not the one speaking:
# "A New York judge", "A Chilean judge", "the top British medical journal", "The GOP presidential nominee" (a
# person, a court, a publication, a study or a poll). Heads that speak for the state or the group ("the Pakistani
# government", "Russian officials", "Democratic lawmakers") are not in this list: the modifier stays the speaker.
_MODIFIED_HEAD = re.compile(
    r"^\s+(?:[a-z][\w-]*\s+){0,2}?(?:judge|justice|court|jury|nominee|candidate|challenger|journalist|reporter|"
    r"correspondent|columnist|commentator|pundit|writer|author|blogger|editor|host|anchor|doctor|physician|"
    r"surgeon|nurse|professor|scholar|academic|scientist|researcher|economist|historian|lawyer|attorney|activist|"
    r"student|teacher|man|woman|boy|girl|mother|father|resident|citizen|voter|businessman|businesswoman|"
    r"billionaire|actor|actress|singer|priest|bishop|cardinal|archbishop|rabbi|imam|cleric|journal|newspaper|"
    r"paper|magazine|tabloid|broadcaster|outlet|website|blog|study|report|poll|survey|estimate|book|film)s?\b")
# Names joined to an excluded complement ("polls in Pennsylvania and Virginia"): in the complement too.
_COORDINATED = re.compile(r"^\s*(?:,\s*)?(?:and|or|&|,)\s*(?:the\s+)?$", re.IGNORECASE)
# A person named as a noun modifier before the source's head person, without a possessive: "Trump campaign
# spokesman Jason Miller", "Clinton aide Huma Abedin" are Jason Miller and Huma Abedin. Between the two names:
# one to three lower-case words, none a word that joins or relates two people ("and", "with", "told", ...).
_MODIFIER_GAP = re.compile(r"^\s+(?:[a-z][\w’'-]*\s+){1,3}$")
_NOT_MODIFIER_WORD = {"and", "or", "nor", "but", "with", "to", "of", "for", "by", "from", "at", "in", "on", "as",
                      "than", "versus", "vs", "told", "said", "says", "asked", "and/or", "who", "that"}

# The writer's appeal to consensus, not anyone's speech. A source that is nobody ("no one", "nobody", "no sane
# person") voices nothing. A hypothetical or universal generic source ("anyone who has studied Trump", "any honest
# observer", "everyone", "every serious economist", "all sensible people") with a present-tense verb of knowing,
# agreeing or believing is the writer's claim. A bounded group ("every member of the committee", "all three
# officials") or a past event ("everyone agreed") is reporting. English only.
_WORDS = r"[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,3}"
_RELATIVE = r"(?:\s*,?\s+(?:who|that)\b.*)?"
_NOBODY = re.compile(rf"^\s*(?:no\s*one|nobody|none|no\s+{_WORDS}){_RELATIVE}\s*$", re.IGNORECASE | re.DOTALL)
_ANYONE = re.compile(rf"^\s*(?:any(?:one|body)|any\s+{_WORDS}(?:\s+of\s+{_WORDS})?){_RELATIVE}\s*$",
                     re.IGNORECASE | re.DOTALL)
_EVERYONE = re.compile(
    rf"^\s*(?:every(?:one|body)|every\s+{_WORDS}|all\s+(?!(?:the\s+)?(?:[0-9]|two|three|four|five|six|seven|"
    rf"eight|nine|ten|of)\b){_WORDS}){_RELATIVE}\s*$", re.IGNORECASE | re.DOTALL)
_CONSENSUS_CUES = re.compile(
    r"\b(?:knows?|agrees?|understands?|recogni[sz]es?|reali[sz]es?|accepts?|believes?|believing|can\s+see|"
    r"sees)\b", re.IGNORECASE)

# Language -> (cue phrases introducing a source: "according to X"; verbs of saying after a quote). Rules only.
RULE_CUES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("according to",), ("said", "says", "told", "added", "stated", "wrote")),
    "fr": (("selon", "d'après", "d’après"), ("a déclaré", "a dit", "a affirmé", "a indiqué", "a expliqué",
                                              "déclare", "dit", "affirme", "explique")),
    "de": (("laut", "nach Angaben von", "zufolge"), ("sagte", "erklärte", "betonte", "sagt", "so")),
    "it": (("secondo", "stando a"), ("ha detto", "ha dichiarato", "ha affermato", "ha spiegato", "dice")),
    "es": (("según", "de acuerdo con"), ("dijo", "afirmó", "declaró", "explicó", "señaló", "dice")),
    "pt": (("segundo", "de acordo com"), ("disse", "afirmou", "declarou", "explicou", "diz")),
    "pl": (("według", "zdaniem"), ("powiedział", "powiedziała", "stwierdził", "stwierdziła", "mówi")),
    "ru": (("по словам", "по данным", "согласно"), ("сказал", "сказала", "заявил", "заявила", "сообщил")),
}


# -- kind ----------------------------------------------------------------------------------------------------


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of quoted passages, marks included; a quote never runs over a paragraph break, but a
    paragraph that opens with a mark, never closes it and is followed by a paragraph opening with the same mark is
    quoted to its end (the press convention for a quote that runs on over paragraphs).

    A single straight or curly quote opens only after a space or an opening bracket and closes only before a
    non-letter, so apostrophes ("don't", "the Clintons’") are not taken for quotes.
    """
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _PAIRS and (ch not in "'‘" or i == 0 or not text[i - 1].isalnum()):
            if ch == "»" and i + 1 < n and text[i + 1] == " ":  # "»" closes (fr) unless it opens (de/da style)
                i += 1
                continue
            closers = _PAIRS[ch]
            j, inner = i + 1, 0
            while j < n and text[j] != "\n":
                c = text[j]
                if ch == '"' and c == "“":  # a curly pair nested in a straight quote: its ” closes it, not ours
                    inner += 1
                elif ch == '"' and c == "”" and inner:
                    inner -= 1
                elif c in closers and (c not in "'’" or j + 1 >= n or not text[j + 1].isalnum()):
                    break
                j += 1
            if j < n and text[j] in closers and j - i > 1:
                out.append((i, j + 1))
                i = j + 1
                continue
            if _runs_on(text, i, j):
                end = len(text[i:j].rstrip()) + i
                out.append((i, end))
                i = j
                continue
        i += 1
    return out


def _runs_on(text: str, i: int, j: int) -> bool:
    """A quote that runs over paragraphs: the paragraph opens with the mark at ``i``, has no closing mark before its
    end ``j``, and the next paragraph opens with the same mark (the press convention for a long quote)."""
    ch = text[i]
    k = i - 1
    while k >= 0 and text[k] in " \t":  # (index scans, not slices: this runs for every unclosed mark)
        k -= 1
    if ch in "'‘" or (k >= 0 and text[k] != "\n"):
        return False
    k = j
    while k < len(text) and text[k].isspace():
        k += 1
    return j < len(text) and k < len(text) and text[k] == ch and len(text[i + 1 : j].strip()) > 1


def quote_kind(text: str, start: int, end: int, regions: list[tuple[int, int]],
               parts: list[tuple[int, int]] | None = None) -> str:
    """``direct`` when (nearly) all the content's letters are inside quotation marks, ``mixed`` when some are.

    ``parts``: the content's own pieces when it is split around its cue ("“A,” she said, “B.”"), so that the
    "she said" between them does not count as unquoted content.
    """
    letters = [k for a, b in (parts or [(start, end)]) for k in range(a, b) if text[k].isalnum()]
    if not letters:
        return "indirect"
    inside = 0
    for a, b in regions:
        if b <= start or a >= end:
            continue
        inside += sum(1 for k in range(max(a, start), min(b, end)) if text[k].isalnum())
    share = inside / len(letters)
    if share >= 0.9:
        return "direct"
    # A single scare-quoted word in reported speech is still reported speech, but any quoted words make it mixed.
    return "mixed" if inside >= 3 else "indirect"


# -- speaker -------------------------------------------------------------------------------------------------


def is_anonymous(source_text: str, entities_inside: list[tuple[int, Entity]]) -> bool:
    """Unnamed source: an anonymity head ("officials", "a source close to") not outranked by a named person.

    ``entities_inside`` are the entities in the source with their offset in ``source_text``. A person named only
    in a complement ("aides to Trump", "Trump's aides", "people close to Clinton") leaves the source anonymous.
    """
    m = _ANON_HEADS.search(source_text)
    if not m:
        return False
    for offset, ent in entities_inside:
        if ent.label not in _PERSON:
            continue
        before, after = source_text[:offset], source_text[offset + len(ent.text):]
        if offset < m.start() and (after.startswith(("'s", "’s")) or _COMPLEMENT.search(before)):
            continue
        if offset > m.start() and _COMPLEMENT.search(before):
            continue
        return False
    return True


def is_rhetorical_consensus(source_text: str | None, cue_text: str | None) -> bool:
    """The writer's own claim dressed as someone's: a source that is nobody ("No one is suggesting …"), or a
    universal or hypothetical generic source with a present-tense verb of knowing, agreeing or believing ("Every
    serious economist knows that …", "Anyone who has studied him knows …"), in English.

    Example: ``is_rhetorical_consensus("Every serious economist", "knows") is True``;
    ``is_rhetorical_consensus("All three officials", "said") is False``
    """
    if not source_text or not cue_text:
        return False
    if _NOBODY.match(source_text):
        return True
    everyone = _EVERYONE.match(source_text)
    if everyone and re.search(r"\bof\b", source_text, re.IGNORECASE):
        return False  # a bounded group: "every member of the committee"
    return bool((everyone or _ANYONE.match(source_text)) and _CONSENSUS_CUES.search(cue_text))


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def heading_attribution(text: str, cue: tuple[int, int] | None, content: tuple[int, int]) -> str | None:
    """What to do with a relation whose cue is written in capitals, as in a run-in subhead ("CONGRESS HAS
    INVESTIGATED HIM — Oz's dubious medical advice …"): a headline's verb is an event, not a speech act, so the
    relation is ``"drop"`` when its content is in capitals too, and ``"unsourced"`` (no source, no cue) when the
    content is prose; None for any other relation."""
    if cue is None or not _capitals(text[cue[0] : cue[1]]):
        return None
    return "drop" if _capitals(text[content[0] : content[1]]) else "unsourced"


def _entities_in(doc: Document, start: int, end: int) -> list[Entity]:
    return [e for e in doc.entities if e.start < end and e.end > start]


def _named(doc: Document, quote: Quote) -> Entity | None:
    """The entity that names the source: a person first, then an organisation, group or place, never one named
    only in a complement ("the former nuncio to the United States" is not the United States)."""
    assert quote.source is not None
    start = quote.source.start
    # Nor a possessor: "Hillary Clinton's campaign manager Robby Mook" is Robby Mook.
    # Nor a place or group used as an adjective ("A New York judge"), nor one coordinated with a complement.
    inside: list[Entity] = []
    excluded_end: int | None = None
    for e in _entities_in(doc, start, quote.source.end):
        before = doc.text[start : max(start, e.start)]
        joined = excluded_end is not None and _COORDINATED.match(doc.text[excluded_end : max(excluded_end, e.start)])
        if _COMPLEMENT.search(before) or joined:
            excluded_end = e.end
            continue
        if _POSSESSIVE.match(doc.text, e.end - 2) or _POSSESSIVE.match(doc.text, e.end):
            continue
        if e.label in _PLACES_PEOPLES and _MODIFIED_HEAD.match(doc.text[e.end : quote.source.end]):
            continue
        inside.append(e)
    persons = [e for e in inside if e.label in _PERSON]
    for e, later in zip(persons, persons[1:], strict=False):
        gap = doc.text[e.end : max(e.end, later.start)]
        if _MODIFIER_GAP.match(gap) and not _NOT_MODIFIER_WORD & set(gap.split()):
            inside.remove(e)
    for labels in (_PERSON, _GROUPS):
        for e in inside:
            if e.label in labels:
                return e
    return None


def _full_name(doc: Document, ent: Entity) -> str:
    """The longest mention of the entity's id (the full name a surname stands for)."""
    names = [e.text for e in doc.entities if e.id == ent.id]
    return max(names, key=len) if names else ent.text


# An honorific just before a person's mention says which pronoun stands for the person: "Mr. Obama" is never "she".
_HONORIFIC_BEFORE = re.compile(r"\b(?P<title>Mr|Mrs|Ms|Miss)\.?\s+$")
_PRONOUN_SEX = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_NEAR = 400  # characters: a person named this close before a pronoun may be the one it stands for
# A source that is a person's office ("the president", "the chief justice") stands for the nearest earlier person
# named with that title ("President Obama", "Chief Justice John G. Roberts Jr."); "Vice President Biden" is not
# "the president".
_OFFICE_SOURCE = re.compile(r"^the (?P<office>president|vice president|senator|governor|mayor|chancellor|"
                            r"prime minister|pope|chief justice|secretary of state|attorney general)$")


def _office_holder(doc: Document, persons: list[Entity], office: str, before: int) -> Entity | None:
    """The nearest person before ``before`` whose mention comes right after the title ``office``."""
    titled = re.compile(rf"(?<![\w-])(?<!vice\s){re.escape(office)}\s+$", re.I)
    for e in reversed(persons):
        if e.end <= before and titled.search(doc.text, max(0, e.start - len(office) - 8), e.start):
            return e
    return None


def _sexes(doc: Document, persons: list[Entity]) -> dict[str, str]:
    """Entity id -> "m" or "f" for people whose mentions carry only one sex's honorific ("Mr. Obama", "Ms. LaBelle")."""
    seen: dict[str, set[str]] = {}
    for e in persons:
        m = _HONORIFIC_BEFORE.search(doc.text, max(0, e.start - 6), e.start)
        if m is not None and e.id:
            seen.setdefault(e.id, set()).add("m" if m.group("title") == "Mr" else "f")
    return {i: next(iter(s)) for i, s in seen.items() if len(s) == 1}


def resolve_speakers(doc: Document, quotes: list[Quote]) -> None:
    """Fill ``speaker``, ``speaker_id`` and ``anonymous`` of each quote in place (quotes in text order)."""
    last_person: Entity | None = None
    last_group: Entity | None = None
    persons = sorted((e for e in doc.entities if e.label in _PERSON), key=lambda e: e.start)
    sexes = _sexes(doc, persons)
    # A person's full name and surname (with "Mr."/"Mrs."/"Ms."/"Dr." too) -> the entity, for sources the NER missed.
    surnames: dict[str, Entity] = {}
    for e in persons:
        last = e.text.split()[-1].lower()
        for key in (e.text.lower(), last, f"mr. {last}", f"mrs. {last}", f"ms. {last}", f"dr. {last}"):
            surnames.setdefault(key, e)
    for q in quotes:
        if q.source is None:
            continue
        src = doc.text[q.source.start : q.source.end]
        word = src.strip().lower()
        ent = _named(doc, q)
        if word in _HE_SHE or word in _THEY:
            target = last_person if word in _HE_SHE else last_group
            sex = _PRONOUN_SEX.get(word)
            if target is not None and sex and sexes.get(target.id or "", sex) != sex:
                # "she" after Mr. Obama's quotes: the nearest earlier person who may be "she", if the honorific
                # says so ("Ms. LaBelle") or the name is close by; else no one (a person far back is a guess)
                earlier = [e for e in persons if e.end <= q.source.start and sexes.get(e.id or "", sex) == sex]
                target = earlier[-1] if earlier and (sexes.get(earlier[-1].id or "") == sex
                                                     or q.source.start - earlier[-1].end <= _NEAR) else None
            elif target is None and word in _HE_SHE:
                earlier = [e for e in persons if e.end <= q.source.start]
                target = earlier[-1] if earlier else None
            q.speaker = _full_name(doc, target) if target else src
            q.speaker_id = target.id if target else None
            continue
        inside = [(e.start - q.source.start, e) for e in _entities_in(doc, q.source.start, q.source.end)
                  if e.start >= q.source.start]
        q.anonymous = is_anonymous(src, inside)
        if ent is None and not q.anonymous:
            ent = surnames.get(word)  # "Caddell" where the NER missed this mention of Pat Caddell
        office = _OFFICE_SOURCE.match(word)
        if ent is None and not q.anonymous and office is not None:
            ent = _office_holder(doc, persons, office.group("office"), q.source.start)
        if ent is not None and not q.anonymous:
            q.speaker, q.speaker_id = _full_name(doc, ent), ent.id
            if ent.label in _PERSON:
                last_person = ent
            else:
                last_group = ent
        else:
            q.speaker = _speaker_text(src)


# Speech verbs after which a sentence-initial noun phrase is the speaker, even with an appositive or a relative
# clause between them ("The IMF, which is negotiating a programme with Pakistan, declined to comment.").
_SPEECH_CUE = re.compile(
    r"^(?:said|says|say|told|tells|declined|refused|added|adds|noted|notes|stated|states|announced|announces|"
    r"argued|argues|warned|warns|denied|denies|confirmed|confirms|insisted|insists|wrote|writes|replied|"
    r"responded|explained|explains|acknowledged|admitted|claimed|claims|contended|maintained|maintains)\b",
    re.IGNORECASE)
# The prefix of the cue's sentence: a name-like noun phrase ("The International Monetary Fund", "Schilling", "Mrs.
# Clinton's campaign": capitalised words, a few linking words, up to two lower-case head words), after an optional
# connective ("But"), then optionally one comma-delimited aside, then the cue.
_NAME_WORD = r"[A-Z][\w.&'’-]*"
_SUBJECT_ASIDE = re.compile(
    rf"^(?:(?:But|And|Yet|Still|Meanwhile)\s+)?(?P<np>(?:[Tt]he\s+)?{_NAME_WORD}"
    rf"(?:\s+(?:{_NAME_WORD}|of|for|and|the|on|&))*(?:\s+[a-z][\w-]*){{0,2}})"
    r"\s*(?:,[^;:\"“”]{1,200},)?\s*$")
# First words that open an adverbial, not a subject ("On Monday, the ministry, which …, said").
_NOT_SUBJECT = frozenset({"on", "in", "at", "after", "before", "during", "asked", "when", "while", "since", "as",
                          "for", "with", "from", "under", "by", "despite", "although", "though", "if", "speaking",
                          "last", "this", "earlier", "later", "today", "yesterday", "then", "instead", "however",
                          "also", "but", "and", "so", "now", "there", "here", "it", "its", "such", "many", "most",
                          "some", "all", "both", "each", "other", "others", "several", "few"})


def source_before(text: str, sentence_start: int, cue: tuple[int, int], content_start: int) -> tuple[int, int] | None:
    """The speaker of a relation the tagger gave a speech cue but no source: the subject of the cue's sentence
    (which starts at ``sentence_start``), when the sentence opens with a noun phrase, at most one comma-delimited
    aside, then the cue. The tagger loses the source across a long aside (``"The International Monetary Fund, which
    is negotiating …, declined to comment."``). Cues that are not speech verbs ("is scheduled") keep no source, as
    PolNeAR annotates them; so do contents before their cue. Example: ``source_before("Schilling, through a
    spokeswoman, declined to comment.", 0, (34, 42), 43) == (0, 9)``"""
    if content_start < cue[0] or not _SPEECH_CUE.match(text[cue[0] : cue[1]].strip()):
        return None
    prefix = text[sentence_start : cue[0]]
    lead = len(prefix) - len(prefix.lstrip())
    m = _SUBJECT_ASIDE.match(prefix[lead:])
    if m is None:
        return None
    np_text = m.group("np").rstrip()
    words = np_text.split()
    if len(words) > 8 or words[0].lower() in (_EMPTY_SOURCE | _NOT_SUBJECT) - {"the"}:
        return None
    return sentence_start + lead, sentence_start + lead + len(np_text)


def shown_relation(text: str, source: tuple[int, int] | None, cue: tuple[int, int] | None,
                   content: tuple[int, int], sentence_start: int | None
                   ) -> tuple[tuple[int, int] | None, tuple[int, int] | None] | None:
    """What `unspin analyze` shows of one of the tagger's relations, as (source, cue), or None when it is no quote:
    the writer's appeal to consensus (:func:`is_rhetorical_consensus`) and a run-in subhead in capitals
    (:func:`heading_attribution`) are dropped, a subhead's prose content loses its source and cue, and a speech cue
    the tagger left without a source gets its sentence's subject (:func:`source_before`; ``sentence_start``: the
    start of the cue's sentence, None when it is in none). The quotes layer and ``bench/eval_quotes.py`` share it."""
    if is_rhetorical_consensus(text[source[0] : source[1]] if source else None,
                               text[cue[0] : cue[1]] if cue else None):
        return None
    verdict = heading_attribution(text, cue, content)
    if verdict == "drop":
        return None
    if verdict == "unsourced":
        return None, None
    if source is None and cue is not None and sentence_start is not None:
        source = source_before(text, sentence_start, cue, content[0])
    return source, cue


# A source span that is only such words names nobody ("the", "One" where the tagger cut a longer source short).
_EMPTY_SOURCE = frozenset({"the", "a", "an", "one", "this", "that", "these", "those", "it", "its", "some", "another",
                           "which", "who", "what", "there", "here"})


def _speaker_text(src: str) -> str | None:
    """The source's own text as the speaker's name: a trailing possessive dropped ("Julian Assange’s" → "Julian
    Assange"), None when it names nobody."""
    text = re.sub(r"[’']s?$", "", src.strip()).strip()
    if not text or all(w.lower() in _EMPTY_SOURCE for w in re.findall(r"\w+", text)):
        return None
    return text


# -- rules (other languages) ---------------------------------------------------------------------------------


def _sentence_of(doc: Document, pos: int) -> tuple[int, int] | None:
    for s in doc.sentences:
        if s.start <= pos < s.end:
            return s.start, s.end
    return None


_WORD_AT = re.compile(r"\s*([^\W\d_][\w’'.-]*)")


# Lower-case particles inside a surname ("Alexander von Preen", "Charles de Gaulle").
_NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "du", "da", "di", "del", "della", "des", "zu", "ten",
                             "ter", "le", "la", "dos", "das", "bin", "al"})
# Cue phrases that follow their source ("dem HDE zufolge"); the others precede it ("laut HDE", "according to X").
_POSTPOSITIONS = frozenset({"zufolge"})
_ARTICLES_BEFORE = frozenset({"dem", "der", "den", "des", "einem", "einer", "eines", "the", "le", "la", "les"})


def _name_before(text: str, start: int, pos: int) -> tuple[int, int] | None:
    """The noun phrase ending at ``pos`` within ``[start, pos)``, read backwards: capitalised words back to and with
    the article that opens them ("dem HDE" in "gab es dem HDE zufolge"), four words at most."""
    words = list(re.finditer(r"[^\W\d_][\w’'.-]*", text[start:pos]))
    if not words or text[start + words[-1].end() : pos].strip():
        return None
    taken: list[re.Match[str]] = []
    for w in reversed(words[-4:]):
        if w.group().lower() in _ARTICLES_BEFORE and taken:
            taken.append(w)
            break
        if not w.group()[:1].isupper():
            break
        taken.append(w)
    if not taken:
        return None
    return start + taken[-1].start(), start + taken[0].end()


def _name_after(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The name starting at ``pos`` (after spaces): up to two lower-case lead words ("le ministre", "the") and the
    capitalised words after them (with particles: "von Preen"), five words at most, ending before ``limit``."""
    words: list[tuple[int, int]] = []
    capital = False
    while len(words) < 5:
        m = _WORD_AT.match(text, pos, limit)
        if not m or "\n" in text[pos : m.start(1)]:
            break
        word = m.group(1).rstrip(".")
        if m.group(1).endswith(".") and not word[:1].isupper():
            if not capital and len(words) < 2:
                words.append((m.start(1), m.start(1) + len(word)))  # "sagte er." ends the sentence, and the name
            break
        if word[:1].isupper():
            capital = True
        elif capital and word.lower() in _NAME_PARTICLES and (nxt := _WORD_AT.match(text, m.end(1), limit)) \
                and nxt.group(1)[:1].isupper():
            pass  # "Alexander von Preen", "Ursula von der Leyen"
        elif capital or len(words) >= 2:
            break
        words.append((m.start(1), m.start(1) + len(word)))
        pos = m.end(1)
    if not words:
        return None
    return words[0][0], words[-1][1]


def rule_quotes(doc: Document, language: str) -> list[Quote]:
    """Direct quotes (quoted passages of 5+ words) and "according to X" attributions, by rule."""
    accord, verbs = RULE_CUES.get(language, ((), ()))
    text = doc.text
    out: list[Quote] = []
    body = [(s.start, s.end) for s in doc.body_sections()]
    inside_body = lambda p: any(a <= p < b for a, b in body)  # noqa: E731
    regions = [r for r in quoted_regions(text) if inside_body(r[0])]
    verb_re = re.compile(r"[,\s]*(" + "|".join(map(re.escape, verbs)) + r")\b", re.IGNORECASE) if verbs else None
    for a, b in regions:
        if len(re.findall(r"\w+", text[a:b])) < 5:  # a scare-quoted phrase ("« Mozart de l'économie »") is no quote
            continue
        cue = source = None
        m = verb_re.match(text, b, min(len(text), b + 40)) if verb_re else None
        if m:
            cue = Span(m.start(1), m.end(1))
            name = _name_after(text, m.end(1), min(len(text), m.end(1) + 60))
            source = Span(*name) if name else None
        out.append(Quote(content=Span(a, b), kind="direct", source=source, cue=cue))
    if accord:
        acc_re = re.compile(r"\b(" + "|".join(map(re.escape, accord)) + r")\b", re.IGNORECASE)
        for m in acc_re.finditer(text):
            sent = _sentence_of(doc, m.start())
            if sent is None or not inside_body(m.start()):
                continue
            if m.group(1).lower() in _POSTPOSITIONS:
                found = _name_before(text, sent[0], m.start())
                if found is None:
                    continue
                source, src_end = Span(*found), m.end()
                before = text[sent[0] : found[0]].strip(" ,")
                after = text[src_end : sent[1]].strip(" ,")
                if len(before.split()) < 3 and len(after.split()) < 3:
                    continue
                if len(after) >= len(before):  # the longer side of "…, gab es dem HDE zufolge rund 40.000 …"
                    lead = len(text[src_end : sent[1]]) - len(text[src_end : sent[1]].lstrip(" ,"))
                    content = Span(src_end + lead, src_end + lead + len(after))
                else:
                    c_start = sent[0] + (len(text[sent[0] : found[0]]) - len(text[sent[0] : found[0]].lstrip()))
                    content = Span(c_start, c_start + len(before))
                if not any(q.content.start < content.end and content.start < q.content.end for q in out):
                    out.append(Quote(content=content, kind="indirect", source=source, cue=Span(m.start(), m.end())))
                continue
            stop = re.compile(r"[,.;:()]").search(text, m.end(), sent[1])
            src_end = stop.start() if stop else sent[1]
            if src_end <= m.end() + 1:
                continue
            source = Span(m.end() + (len(text[m.end():src_end]) - len(text[m.end():src_end].lstrip())), src_end)
            if re.match(r"\s*qu(?:e\b|['’])", text[m.end() : src_end], re.IGNORECASE):
                continue  # "selon qu'il s'agit …", "depending on whether": no source
            before = text[sent[0] : m.start()].strip(" ,(")
            if len(before.split()) >= 3:
                c_start = sent[0] + (len(text[sent[0]:m.start()]) - len(text[sent[0]:m.start()].lstrip()))
                content = Span(c_start, c_start + len(before))
            else:
                rest_start = src_end + 1
                rest = text[rest_start : sent[1]]
                if len(rest.split()) < 3:
                    continue
                lead = len(rest) - len(rest.lstrip())
                content = Span(rest_start + lead, rest_start + len(rest.rstrip()))
            if any(q.content.start < content.end and content.start < q.content.end for q in out):
                continue
            out.append(Quote(content=content, kind="indirect", source=source, cue=Span(m.start(), m.end())))
    return sorted(out, key=lambda q: q.content.start)


# -- the component -------------------------------------------------------------------------------------------


@component("quotes", requires=["sections", "sentences", "language", "entities"], assigns=["quotes"],
           default_config={"model": None, "languages": ["en"], "min_score": 0.7})
def make_quotes(config: dict[str, Any]) -> Pipe:
    """Attribution relations (source, cue, content) with kind, speaker entity and anonymity.

    ``min_score``: relations whose content the tagger is less sure of are not shown (0.7: on plain news the
    relations between the decoder's floor of 0.5 and 0.7 were mostly events read as speech, "the council voted",
    "Washington has imposed sanctions"; ``bench/eval_quotes.py`` prints PolNeAR dev at both points).
    """
    from unspin.ml.attribution import load_attribution_tagger

    tagger = load_attribution_tagger(config["model"])
    languages = set(config["languages"])
    min_score = float(config["min_score"])

    def quotes(doc: Document) -> Document:
        parts: dict[int, list[tuple[int, int]]] = {}  # id(quote) -> the pieces of a content split by its cue
        if doc.language in languages:
            found = [q for q in _model_quotes(doc, tagger, parts) if q.score is None or q.score >= min_score]
        else:
            found = rule_quotes(doc, doc.language or "")
            have = "quotation marks and 'according to'-style cues" if doc.language in RULE_CUES \
                else "quotation marks only"
            lang = repr(doc.language) if doc.language else "text whose language was not detected"
            doc.note("quotes", f"rules only for {lang} ({have}); the attribution model reads "
                               f"{', '.join(sorted(languages))}")
        kept = []
        for q in found:
            cue = (q.cue.start, q.cue.end) if q.cue else None
            sentence = _sentence_of(doc, cue[0]) if cue and q.source is None else None  # only a source-less cue's
            shown = shown_relation(doc.text, (q.source.start, q.source.end) if q.source else None, cue,
                                   (q.content.start, q.content.end), sentence[0] if sentence else None)
            if shown is None:
                continue
            q.source, q.cue = (Span(*shown[0]) if shown[0] else None), (Span(*shown[1]) if shown[1] else None)
            kept.append(q)
        found = kept
        regions = quoted_regions(doc.text)
        for q in found:
            q.kind = quote_kind(doc.text, q.content.start, q.content.end, regions, parts.get(id(q)))
        signed_quotes(doc, found)
        resolve_speakers(doc, found)
        doc.quotes = found
        return doc

    return quotes


# A quotation signed after a dash, the way vox pops and epigraphs credit them: "“… our greatest shame.” ― Sonya
# Herridge". The dash is the cue; the person named right after it, ending its line, is the source.
_SIGNED_DASH = re.compile(r"[”\"’'»“]?[ \t\u00a0]*(?P<dash>[―—–]|--)[ \t\u00a0]*")
_SIGNATURE_END = re.compile(r"[ \t\u00a0.,]*(?:\n|$)")


def signed_quotes(doc: Document, quotes: list[Quote]) -> None:
    """Give a quotation the tagger left without source and cue the person who signs it after a dash, in place."""
    persons = {e.start: e for e in doc.entities if e.label in _PERSON}
    for q in quotes:
        if q.source is not None or q.cue is not None:
            continue
        m = _SIGNED_DASH.match(doc.text, q.content.end)
        if m is None or m.end() - q.content.end > 6:
            continue
        ent = persons.get(m.end())
        if ent is not None and _SIGNATURE_END.match(doc.text, ent.end):
            q.source, q.cue = Span(ent.start, ent.end), Span(m.start("dash"), m.end("dash"))


def _after_heading(text: str, pos: int) -> int:
    """Past the heading's trailing punctuation ("News" + ":"): a stray colon before the first sentence makes the
    tagger miss that sentence's attribution."""
    while pos < len(text) and text[pos] in ":.-–—|>»":
        pos += 1
    return pos


def _model_quotes(doc: Document, tagger: Any, parts: dict[int, list[tuple[int, int]]] | None = None) -> list[Quote]:
    """The tagger's relations as Quotes; a content in two parts ("“A,” she said, “B.”") spans both, and ``parts``
    records the pieces by ``id(quote)``."""
    # The prose of the body sections, not their "## Comment:" headings, nor the title: a headline's verb is
    # an event more often than a speech act ("Council approves new bus lanes" is no attribution).
    regions = [(_after_heading(doc.text, s.heading.end) if s.heading else s.start, s.end) for s in doc.body_sections()]
    if doc.title is not None:
        regions = [(max(a, doc.title.end) if a <= doc.title.start < b else a, b) for a, b in regions]
    chunks = [(a + s, a + e) for a, b in regions if b > a for s, e in pieces(doc.text[a:b], PIECE_CHARS)]
    out: list[Quote] = []
    states = TokenStateParts()
    for (offset, _), inf in zip(chunks, tagger.infer([doc.text[a:b] for a, b in chunks]), strict=True):
        if inf.hidden is not None:
            states.add(offset, inf.enc.offsets, inf.hidden, inf.probs)
        for r in tagger.relations_from(inf):
            q = Quote(content=Span(offset + r.parts[0].start, offset + r.parts[-1].end), kind="indirect",
                      source=Span(offset + r.source.start, offset + r.source.end) if r.source else None,
                      cue=Span(offset + r.cue.start, offset + r.cue.end) if r.cue else None,
                      score=round(float(r.content.score), 4))
            if len(r.parts) > 1 and parts is not None:
                parts[id(q)] = [(offset + c.start, offset + c.end) for c in r.parts]
            out.append(q)
    # The encoder's states, for later layers that read them instead of running an encoder of their own.
    joined = states.join()
    if joined is not None:
        doc.token_states["quotes"] = joined
    return sorted(out, key=lambda q: q.content.start)
