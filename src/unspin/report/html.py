"""A self-contained HTML report: the article with its layers highlighted and toggleable.

No external assets and no JavaScript: layer toggles are CSS-only checkboxes, tooltips are
``title`` attributes. Every byte of article text and metadata passes through Jinja2's
autoescaping; links become clickable only for http(s) URLs.

The text is cut at every span boundary into segments; each segment carries the classes of all the
inline spans (entities, persuasion, claims) covering it, so overlapping layers combine instead of
nesting badly. Sections are blocks around their segments.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from unspin import labels
from unspin.document import Document
from unspin.report import roles as role_report

__all__ = ["render_html", "page_context", "template_environment", "Mark", "segments", "colour", "TECHNIQUE_COLOURS",
           "display_title", "first_line", "entity_groups", "section_caption", "voice_marks", "voice_line",
           "speaker_name"]

ENTITY_COLOURS = {
    "PERSON": "#7b3fa0", "ORG": "#1f6fb2", "GPE": "#1a8a5a", "LOC": "#2e9c8f", "NORP": "#b26b1f",
    "DATE": "#8a6d1a", "EVENT": "#b2321f", "MONEY": "#4f7a1a", "FAC": "#555e9c", "LAW": "#9c556f",
}
# One fixed light background per PTC technique, readable under dark text (contrast with #1d1d1f >= 5.6:1).
# Light tones of three qualitative palettes (ColorBrewer Set3 and Paired, Tableau 20), 14 picked to maximise
# the smallest CIELAB distance between any two (delta E >= 17, where about 2 is just noticeable); the grey
# tones are left out because grey reads as "no technique". The most frequent techniques in PTC (loaded language,
# name calling, doubt, exaggeration, fear, flag-waving) get the most distinct hues. Not hashed: 14 labels hashed
# into 16 colours collide (three techniques shared one colour).
TECHNIQUE_COLOURS = {
    "Loaded_Language": "#ffed6f",  # yellow
    "Name_Calling,Labeling": "#fb8072",  # salmon
    "Doubt": "#80b1d3",  # blue
    "Exaggeration,Minimisation": "#b3de69",  # yellow-green
    "Appeal_to_fear-prejudice": "#bc80bd",  # purple
    "Flag-Waving": "#8dd3c7",  # teal
    "Causal_Oversimplification": "#ffbb78",  # orange
    "Slogans": "#f7b6d2",  # pink
    "Appeal_to_Authority": "#c5b0d5",  # lavender
    "Repetition": "#c49c94",  # brown
    "Black-and-White_Fallacy": "#dbdb8d",  # olive
    "Whataboutism,Straw_Men,Red_Herring": "#98df8a",  # green
    "Thought-terminating_Cliches": "#ccebc5",  # pale green
    "Bandwagon,Reductio_ad_hitlerum": "#fb9a99",  # rose
}
# Any other label (a retrained tagger's own techniques) gets a stable colour from its hash.
_PALETTE = ["#f4a3a3", "#f7c99b", "#f3e38f", "#c5e89a", "#9fdcc0", "#9ed3ef", "#b7b9f2", "#dab2ef",
            "#f2b1d6", "#e0c8a8", "#c9d6a3", "#a8d8d8", "#d3bfe0", "#f0d0a0", "#bcd4f0", "#e6b8b8"]


@dataclass(frozen=True, slots=True)
class Mark:
    """An inline highlight: a span of one layer with its CSS classes and tooltip."""

    start: int
    end: int
    layer: str
    css: str
    tip: str
    anchor: str | None = None  # an id for the first piece, so lists can link to the span
    after: str | None = None  # a label the page may show after the last piece (a quote's speaker)


@dataclass(slots=True)
class Segment:
    text: str
    css: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    anchor: str | None = None
    after: list[str] = field(default_factory=list)


def css_name(label: str) -> str:
    return "".join(ch.lower() if ch.isalnum() else "-" for ch in label).strip("-")


def colour(label: str) -> str:
    """A stable colour per label (same technique, same colour, in every report): the PTC techniques' own (under
    any spelling the label catalogue knows: ``Flag_Waving`` is ``Flag-Waving``), else one from the label's hash."""
    if label in TECHNIQUE_COLOURS:
        return TECHNIQUE_COLOURS[label]
    found = labels.lookup("technique", label)
    if found is not None and found.spellings.get("ptc") in TECHNIQUE_COLOURS:
        return TECHNIQUE_COLOURS[found.spellings["ptc"]]
    return _PALETTE[int(hashlib.sha1(label.encode()).hexdigest(), 16) % len(_PALETTE)]


def techniques_said_by(doc: Document) -> list[str | None]:
    """For each persuasion span, whose words it is when the voice layer reads its sentence as reported speech:
    "said by <name>", "anonymous source …" or "speaker not identified"; None for the writer's own words (or no
    voice). A persuasion technique in a quote is the source's rhetoric, not the writer's."""
    starts = [s.start for s in doc.sentences]
    out: list[str | None] = []
    for p in doc.persuasion:
        i = bisect.bisect_right(starts, p.start) - 1
        sentence = doc.sentences[i] if i >= 0 and p.start < doc.sentences[i].end else None
        out.append(_said_by(doc, sentence.quote, sentence.speaker_id, sentence.voice == "anonymous")
                   if sentence is not None and sentence.voice in ("source", "anonymous") else None)
    return out


def marks(doc: Document) -> list[Mark]:
    out = [Mark(e.start, e.end, "entities", f"ent ent-{css_name(e.label)}",
                f"{labels.name('entity', e.label)} ({e.label}) · {e.id}") for e in doc.entities]
    for p, who in zip(doc.persuasion, techniques_said_by(doc), strict=True):
        tech = p.technique
        explanation = labels.definition("technique", tech)
        out.append(Mark(p.start, p.end, "persuasion", f"pt pt-{css_name(tech)}",
                        f"{labels.name('technique', tech)} ({p.score:.2f})"
                        + (f", in quoted speech ({who})" if who else "")
                        + (f": {explanation}" if explanation else "")))
    out += [Mark(e.start, e.end, "roles", f"role role-{css_name(e.role.main)}", role_report.mention_tip(doc, e))
            for e in doc.entities if e.role is not None and role_report.is_cast(e)]
    claims = [s for s in doc.sentences if s.claim]
    for n, s in enumerate(claims, start=1):
        out.append(Mark(s.start, s.end, "claims", "claim", f"claim #{n}: check-worthiness {s.checkworthiness:.2f}",
                        anchor=f"claim-{n}"))
    for para in doc.paragraphs:
        if para.persuasion:
            found = ", ".join(f"{labels.name('technique', t.technique)} ({t.score:.2f})"
                              for t in para.persuasion)
            out.append(Mark(para.start, para.end, "paragraphs", "para-pt", f"paragraph techniques: {found}"))
    return out + voice_marks(doc)


# --- quotes, voice and subjectivity (issue 16) ---------------------------------------------------------------
# The toggles' words for these layers, and the order of a voice-share line.
VOICE_LAYER_NAMES = {"quotes": "quotes (who said what)", "voice": "voice (comment · reported · anonymous)",
                     "subjectivity": "subjective sentences"}
VOICE_KEYS = ("comment", "reported", "fact")
QUOTE_KINDS = {"direct": "direct", "indirect": "indirect, reported speech", "mixed": "mixed, partly in quotation marks"}


def speaker_name(doc: Document, quote_index: int | None, speaker_id: str | None = None) -> str | None:
    """The name a quote (or a sentence of one) is credited to: the quote's speaker, else the first mention of its
    entity id, else ``None`` (an unnamed source, or a speaker the quotes layer did not identify)."""
    quote = doc.quotes[quote_index] if quote_index is not None and 0 <= quote_index < len(doc.quotes) else None
    if quote is not None and quote.speaker:
        return quote.speaker
    ent_id = speaker_id or (quote.speaker_id if quote is not None else None)
    return next((e.text for e in doc.entities if ent_id and e.id == ent_id), None)


def _said_by(doc: Document, quote_index: int | None, speaker_id: str | None, anonymous: bool) -> str:
    name = speaker_name(doc, quote_index, speaker_id)
    if anonymous:
        return "anonymous source" + (f" ({name})" if name else "")
    return f"said by {name}" if name else "speaker not identified"


def voice_marks(doc: Document) -> list[Mark]:
    """Sentences tinted by voice (writer's comment, reported, anonymous; the writer's facts unmarked but titled),
    subjective sentences, and quotes underlined with their source's name after them. Hover titles say "said by
    NAME" or "anonymous source"."""
    out = []
    for s in doc.sentences:
        if s.voice == "writer":
            comment = s.stance == "comment"
            out.append(Mark(s.start, s.end, "voice", "vc vc-comment" if comment else "vc vc-fact",
                            "writer's comment" if comment else "writer, stated as fact"))
        elif s.voice in ("source", "anonymous"):
            anonymous = s.voice == "anonymous"
            out.append(Mark(s.start, s.end, "voice", "vc vc-anonymous" if anonymous else "vc vc-reported",
                            _said_by(doc, s.quote, s.speaker_id, anonymous)))
        if s.subjectivity_label == "subjective":
            out.append(Mark(s.start, s.end, "subjectivity", "subj",
                            "subjective" + (f" ({s.subjectivity:.2f})" if s.subjectivity is not None else "")))
    for n, q in enumerate(doc.quotes, start=1):
        label = "anonymous source" if q.anonymous else (speaker_name(doc, n - 1) or "speaker not identified")
        said = _said_by(doc, n - 1, q.speaker_id, q.anonymous)
        out.append(Mark(q.content.start, q.content.end, "quotes", "qt qt-anon" if q.anonymous else "qt",
                        f"quote #{n} ({QUOTE_KINDS.get(q.kind, q.kind)}) · {said}", anchor=f"quote-{n}", after=label))
        if q.source is not None:
            out.append(Mark(q.source.start, q.source.end, "quotes", "qt-src", f"source of quote #{n}"))
        if q.cue is not None:
            out.append(Mark(q.cue.start, q.cue.end, "quotes", "qt-cue", f"cue of quote #{n}"))
    return out


def voice_line(shares: dict[str, float] | None) -> str | None:
    """"62% reported · 20% fact · 18% comment · 5% anonymous": the stances by share, then the anonymous part."""
    if not shares:
        return None
    parts = [f"{round(100 * shares.get(k, 0.0))}% {k}" for k in sorted(VOICE_KEYS, key=lambda k: -shares.get(k, 0.0))]
    return " · ".join([*parts, f"{round(100 * shares.get('anonymous', 0.0))}% anonymous"])


def voice_layers(doc: Document) -> list[str]:
    """The toggles these layers add, for what the document has."""
    return [name for name, present in (("quotes", bool(doc.quotes)),
                                       ("voice", any(s.voice for s in doc.sentences)),
                                       ("subjectivity", any(s.subjectivity_label == "subjective"
                                                            for s in doc.sentences))) if present]


def voice_context(doc: Document) -> dict[str, Any]:
    """The card's voice line, the list of quotes and who is quoted, for the templates."""
    quotes: list[dict[str, Any]] = [
              {"n": n, "quote": q, "text": doc.span_text(q.content), "kind": QUOTE_KINDS.get(q.kind, q.kind),
               "speaker": "anonymous source" if q.anonymous else (speaker_name(doc, n - 1) or "speaker not identified"),
               "speaker_detail": speaker_name(doc, n - 1) if q.anonymous else q.speaker_id}
              for n, q in enumerate(doc.quotes, start=1)]
    speakers: dict[str, dict[str, Any]] = {}
    for row in quotes:
        q = row["quote"]
        key = "anonymous" if q.anonymous else str(q.speaker_id or row["speaker"])
        entry = speakers.setdefault(key, {"name": row["speaker"], "id": None if q.anonymous else q.speaker_id,
                                          "n": 0, "quotes": []})
        entry["n"] += 1
        entry["quotes"].append(row["n"])
    anonymous = sum(1 for q in doc.quotes if q.anonymous)
    return {"voice_line": voice_line(doc.voice),
            "quote_rows": quotes,
            "speakers": sorted(speakers.values(), key=lambda e: (-e["n"], e["name"])),
            "quote_summary": (f"{len(doc.quotes)} quote{'s' if len(doc.quotes) != 1 else ''}, {anonymous} from an "
                              "unnamed source") if "quotes" in doc.layers else None}


def segments(text: str, start: int, end: int, all_marks: list[Mark]) -> list[Segment]:
    """Cut ``text[start:end]`` at every mark boundary; each piece lists the marks covering it."""
    inside = [m for m in all_marks if m.start < end and m.end > start]
    cuts = sorted({start, end, *(max(m.start, start) for m in inside), *(min(m.end, end) for m in inside)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        covering = [m for m in inside if m.start <= a and m.end >= b]
        anchor = next((m.anchor for m in covering if m.anchor and m.start == a), None)
        after = [m.after for m in covering if m.after and m.end == b]
        out.append(Segment(text[a:b], [m.css for m in covering], [m.tip for m in covering], anchor, after))
    return out


def _blocks(doc: Document, all_marks: list[Mark]) -> list[dict[str, Any]]:
    """The text as blocks: sections, and the gaps between them (title, blank lines)."""
    blocks: list[dict[str, Any]] = []
    pos = 0
    for sec in sorted(doc.sections, key=lambda s: s.start):
        if sec.start > pos:
            blocks.append({"section": None, "segments": _with_title(doc, pos, sec.start, all_marks)})
        genre = sec.genre.label if sec.genre else None
        blocks.append({"section": sec, "genre": genre, "caption": section_caption(sec.label, sec.kind, genre),
                       "voice_line": voice_line(sec.voice),
                       "segments": _with_title(doc, sec.start, sec.end, all_marks)})
        pos = sec.end
    if pos < len(doc.text):
        blocks.append({"section": None, "segments": _with_title(doc, pos, len(doc.text), all_marks)})
    return blocks


def section_caption(label: str, kind: str, genre: str | None = None) -> str:
    """"News · body · opinion", saying each thing once: a section named for its kind ("Byline") is not
    captioned "Byline · byline"."""
    parts = [label]
    if labels.name("section_kind", kind).lower() != label.lower():
        parts.append(labels.name("section_kind", kind).lower())
    if genre:
        parts.append(labels.name("genre", genre).lower())
    return " · ".join(parts)


_MARKDOWN_PREFIX = re.compile(r"#{1,6}[ \t]*$")


def _markup_marks(doc: Document) -> list[Mark]:
    """The ``# `` or ``## `` that markdown puts before the title and headings: kept in the text (offsets never move),
    hidden on the page, where the title and headings are already shown in bold."""
    starts = ([doc.title.start] if doc.title else []) + [s.heading.start for s in doc.sections if s.heading]
    out = []
    for start in starts:
        line = doc.text.rfind("\n", 0, start) + 1
        m = _MARKDOWN_PREFIX.search(doc.text, line, start)
        if m and m.start() == line:
            out.append(Mark(line, start, "markup", "md", ""))
    return out


def _with_title(doc: Document, start: int, end: int, all_marks: list[Mark]) -> list[Segment]:
    extra = [Mark(doc.title.start, doc.title.end, "title", "title", "title")] if doc.title else []
    extra += [Mark(s.heading.start, s.heading.end, "sections", "heading", f"section heading: {s.label}")
              for s in doc.sections if s.heading]
    return segments(doc.text, start, end, all_marks + extra + _markup_marks(doc))


def _safe_link(url: str) -> str | None:
    return url if url.lower().startswith(("http://", "https://")) else None


def page_context(doc: Document, accuracy_href: str = "#") -> dict[str, Any]:
    """What the report's templates need: shared by the standalone report and the web app's pages.

    ``accuracy_href`` prefixes the "how accurate?" links of the layer toggles: ``#`` in the standalone report
    (which carries the accuracy of the layers it shows at its end), ``/accuracy#`` in the web app.
    """
    from unspin.report.accuracy import TOGGLE_LAYERS, accuracy  # late: `python -m unspin.report.accuracy` runs it

    all_marks = marks(doc)
    techniques = Counter(p.technique for p in doc.persuasion)
    layers = [name for name, present in (("sections", bool(doc.sections)), ("entities", bool(doc.entities)),
                                         ("persuasion", bool(doc.persuasion)),
                                         ("claims", any(s.claim for s in doc.sentences)),
                                         ("paragraphs", any(p.persuasion for p in doc.paragraphs)),
                                         ("roles", any(role_report.is_cast(e) for e in doc.entities))) if present]
    layers += voice_layers(doc)
    claims = [(n, s, doc.span_text(s)) for n, s in enumerate((s for s in doc.sentences if s.claim), start=1)]
    technique_rows = [{"label": t, "name": labels.name("technique", t), "n": n, "colour": colour(t),
                       "definition": labels.definition("technique", t)}
                      for t, n in sorted(techniques.items(), key=lambda kv: (-kv[1], kv[0]))]
    named, numbers = entity_groups(doc)
    return dict(
        doc=doc,
        title=display_title(doc),
        blocks=_blocks(doc, all_marks),
        layers=layers,
        layer_names=LAYER_NAMES,
        entity_colours=ENTITY_COLOURS,
        entity_labels=[(lab, labels.name("entity", lab)) for lab in sorted(
            {e.label for e in doc.entities}, key=lambda lab: (_GROUP_ORDER.index(labels.entity_group("", lab)), lab))],
        entity_groups=named,
        entity_numbers=numbers,
        techniques=technique_rows,
        technique_colour={t: colour(t) for t in techniques},
        section_kinds=[(k, labels.name("section_kind", k), labels.definition("section_kind", k))
                       for k in dict.fromkeys(s.kind for s in doc.sections)],
        card=header_card(doc, technique_rows, len(claims)),
        claims=claims,
        frames=[{"name": labels.name("frame", f.frame), "definition": labels.definition("frame", f.frame),
                 "score": f.score} for f in doc.frames],
        accuracy={layer: acc for layer, acc in accuracy().items() if layer in doc.layers},
        **_roles_context(doc),
        toggle_layers=TOGGLE_LAYERS,
        accuracy_href=accuracy_href,
        **voice_context(doc),
    )


def _roles_context(doc: Document) -> dict[str, Any]:
    """The roles and narratives layers' part of the page (see :mod:`unspin.report.roles`)."""
    return dict(entity_roles=role_report.entity_roles(doc), narratives=role_report.narrative_tree(doc),
                role_colours=role_report.ROLE_COLOURS, role_lines=role_report.ROLE_LINES,
                main_roles=[(r, role_report.role_name(r), role_report.role_definition(r))
                            for r in role_report.MAIN_ROLES])


_GROUP_ORDER = ["people", "organisations", "places", "groups", "other", "dates_numbers"]
# The toggles' words: a reader sees "claims worth checking", not the layer's id.
LAYER_NAMES = {"sections": "sections", "entities": "names (entities)", "persuasion": "persuasion techniques",
               "claims": "claims worth checking", "paragraphs": "persuasive paragraphs",
               "roles": "roles (how names are cast)", **VOICE_LAYER_NAMES}


def display_title(doc: Document, width: int = 90) -> str:
    """The title; else the first line of text (markdown ``#`` dropped), clipped; else the source."""
    if doc.title:
        return doc.title.text
    return first_line(doc.text, width) or doc.source.url or doc.source.path or "Untitled"


def first_line(text: str, width: int = 90) -> str:
    """The first non-blank line of ``text`` without markdown heading marks, clipped to ``width`` characters."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= width else line[: width - 1].rstrip() + "…"
    return ""


def entity_groups(doc: Document) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Entities by canonical id, grouped: people, organisations, places, groups, other names (each a dict with
    ``key``, ``name`` and ``rows``), and apart from them the dates, times and numbers (rows)."""
    counts: Counter[tuple[str, str]] = Counter((e.id, e.label) for e in doc.entities)
    first: dict[str, str] = {}
    for e in doc.entities:
        first.setdefault(e.id, e.text)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for (ent_id, label), n in counts.most_common():
        row = {"id": ent_id, "text": first[ent_id], "label": label, "type": labels.name("entity", label), "n": n}
        grouped.setdefault(labels.entity_group(ent_id, label), []).append(row)
    named = [{"key": key, "name": labels.GROUP_NAMES[key], "rows": grouped[key]}
             for key in ("people", "organisations", "places", "groups", "other") if key in grouped]
    return named, grouped.get("dates_numbers", [])


def header_card(doc: Document, technique_rows: list[dict[str, Any]], n_claims: int) -> dict[str, Any]:
    """What the piece is at a glance: genre (of the whole and of each body section), top techniques, claims,
    who wrote and who published it."""
    a = doc.attribution
    publishers = [c.name for c in a.credits if c.role in ("publisher", "commissioned_by", "agency")]
    section_genres = [(s.label, labels.name("genre", s.genre.label)) for s in doc.sections
                      if s.kind == "body" and s.genre and s.genre.label]
    return {
        "genre": labels.name("genre", doc.genre.label) if doc.genre and doc.genre.label else None,
        "section_genres": section_genres,
        "techniques": technique_rows[:3],
        "n_techniques": sum(r["n"] for r in technique_rows),
        # marks in sentences the voice layer reads as someone else's words: the sources' rhetoric, not the writer's
        "n_quoted_techniques": sum(1 for who in techniques_said_by(doc) if who is not None),
        "claims": n_claims if any(layer == "claims" for layer in doc.layers) else None,
        "authors": list(a.authors),
        "publisher": list(dict.fromkeys(publishers or a.organizations)),
        "published": a.published,
    }


def template_environment(*packages: str) -> Any:
    """A Jinja2 environment with autoescaping and the report's filters, reading templates from the
    given package folders in order (the report's own partials always last). Shared by the web app."""
    from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

    folders = [*packages, "report/templates"]
    env = Environment(loader=ChoiceLoader([PackageLoader("unspin", f) for f in folders]),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["css_name"] = css_name
    env.filters["safe_link"] = _safe_link
    return env


@lru_cache(maxsize=1)
def _report_environment() -> Any:
    return template_environment()


def render_html(doc: Document) -> str:
    """The standalone report as one HTML string."""
    return str(_report_environment().get_template("report.html.j2").render(**page_context(doc)))
