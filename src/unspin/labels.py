"""The label catalogue: a display name, a definition and an example for every label a layer assigns.

    >>> from unspin import labels
    >>> labels.lookup("technique", "Flag_Waving").name
    'Flag-waving'
    >>> labels.lookup("technique", "Flag-Waving").id == labels.lookup("technique", "Flag_Waving").id
    True

The data is one file, ``labels.json`` beside this module, so the report, the web app, the CLI tables, ``stats`` and
the docs all read the same words. Any spelling of a label (the PTC's ``Flag-Waving``, SemEval-2023's
``Flag_Waving``, the id ``flag_waving``) finds one entry: spellings are compared after lower-casing and folding
every run of punctuation to ``_``, and each entry also lists its taxonomies' own spellings. A label the catalogue
does not know (a retrained model's own) still gets a readable name from :func:`name`.

Layers: ``technique`` (both taxonomies, see :data:`TAXONOMY_NOTE`), ``frame``, ``genre``, ``section_kind`` and
``entity`` (spaCy's types, each in a ``group``: people, organisations, places, groups, other, dates_numbers),
``role`` and ``fine_role`` (SemEval-2025 Task 10's entity roles; a fine role's ``group`` is its main role),
``narrative`` and ``sub_narrative`` (its two narrative taxonomies; a sub-narrative's ``group`` is its narrative).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

__all__ = ["Label", "check_filter", "lookup", "name", "definition", "labels", "suggest", "resolve", "entity_group",
           "GROUP_NAMES", "taxonomy", "taxonomy_spellings", "TAXONOMY_NOTE", "layer_title", "markdown"]


@dataclass(frozen=True, slots=True)
class Label:
    """One label of one layer. ``spellings`` maps a taxonomy (``ptc``, ``semeval2023``) to its own spelling."""

    layer: str
    id: str
    name: str
    definition: str
    example: str
    taxonomies: tuple[str, ...] = ()
    spellings: dict[str, str] = field(default_factory=dict)
    group: str | None = None


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(files("unspin").joinpath("labels.json").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[str, Label]]:
    """layer -> normalised spelling -> Label."""
    out: dict[str, dict[str, Label]] = {}
    for layer, spec in _catalogue()["layers"].items():
        by_key: dict[str, Label] = {}
        for raw in spec["labels"]:
            label = Label(layer=layer, id=raw["id"], name=raw["name"], definition=raw["definition"],
                          example=raw["example"], taxonomies=tuple(raw.get("taxonomies", ())),
                          spellings=dict(raw.get("spellings", {})), group=raw.get("group"))
            for spelling in (label.id, *label.spellings.values()):
                by_key[_key(spelling)] = label
        out[layer] = by_key
    return out


# Store and Document layers that share a catalogue layer.
_ALIASES = {"paragraph_technique": "technique", "persuasion": "technique", "paragraph-persuasion": "technique",
            "frames": "frame", "section_genre": "genre", "entities": "entity", "entity_type": "entity",
            "sections": "section_kind", "kind": "section_kind", "roles": "role", "main_role": "role",
            "fine_roles": "fine_role", "narratives": "narrative", "sub_narratives": "sub_narrative",
            "subnarrative": "sub_narrative"}


def _layer(layer: str) -> str:
    return _ALIASES.get(layer, layer)


def lookup(layer: str, label: str) -> Label | None:
    """The catalogue entry for ``label`` (any spelling) in ``layer``, or None when the catalogue lacks it."""
    return _index().get(_layer(layer), {}).get(_key(label))


def resolve(layer: str, label: str) -> str:
    """The stable id of ``label``: ``resolve("technique", "Flag-Waving") == resolve("technique", "Flag_Waving")``."""
    found = lookup(layer, label)
    return found.id if found else _key(label)


def name(layer: str, label: str) -> str:
    """A display name: the catalogue's, else the label with its punctuation turned into spaces."""
    found = lookup(layer, label)
    if found:
        return found.name
    words = re.sub(r"[_,]+", " ", label).strip()
    return words[:1].upper() + words[1:] if words else label


def definition(layer: str, label: str) -> str:
    """The one-sentence definition, or "" when the catalogue lacks the label."""
    found = lookup(layer, label)
    return found.definition if found else ""


def labels(layer: str, taxonomy: str | None = None) -> list[Label]:
    """Every entry of ``layer`` in catalogue order; with ``taxonomy``, only those that taxonomy names."""
    seen: dict[str, Label] = {}
    for label in _index().get(_layer(layer), {}).values():
        if taxonomy is None or taxonomy in label.taxonomies:
            seen.setdefault(label.id, label)
    return list(seen.values())


def suggest(layer: str, label: str, valid: list[str], n: int = 3) -> list[str]:
    """The closest names in ``valid`` to a mistyped ``label`` (difflib ratio, case and punctuation ignored)."""
    keyed = {_key(v): v for v in valid}
    close = difflib.get_close_matches(_key(label), list(keyed), n=n, cutoff=0.5)
    return [keyed[k] for k in close]


# What a store's filter compares against: technique filters match the PTC span tagger's labels, frame filters
# the frames head's, as they are stored.
_STORED_SPELLING = {"technique": "ptc", "frame": "semeval2023"}


def check_filter(layer: str, value: str) -> str:
    """The stored spelling of a filter value (any spelling, case or punctuation); :class:`InputError` naming the
    closest valid names when the catalogue has no such label. Example: ``check_filter("technique", "flag waving")``
    """
    from unspin.errors import InputError

    taxonomy_key = _STORED_SPELLING[layer]
    found = lookup(layer, value)
    if found is not None and taxonomy_key in found.spellings:
        return found.spellings[taxonomy_key]
    valid = [x.spellings[taxonomy_key] for x in labels(layer, taxonomy_key if layer == "technique" else None)]
    close = suggest(layer, value, valid)
    if found is not None:  # a SemEval-2023 technique: the store filters PTC span techniques
        hint = f"{value!r} is a SemEval-2023 paragraph technique; --{layer} takes one of the PTC's 14"
    else:
        hint = f"no {layer} is called {value!r}"
    did_you_mean = f" (did you mean {' or '.join(close)}?)" if close else ""
    raise InputError(f"{hint}{did_you_mean}. Valid: {', '.join(sorted(valid))}")


def taxonomy(key: str) -> dict[str, Any]:
    """``{"name", "count", "about"}`` for ``ptc`` or ``semeval2023``."""
    return dict(_catalogue()["taxonomies"][key])


def taxonomy_spellings(key: str) -> tuple[str, ...]:
    """The techniques of taxonomy ``ptc`` or ``semeval2023`` in that taxonomy's own spelling, in catalogue order.

    The one list of each taxonomy: ``unspin.ml.techniques.TECHNIQUES`` (PTC) and
    ``unspin.components.paragraph_persuasion.TECHNIQUES`` (SemEval-2023) are this.
    Example: ``len(taxonomy_spellings("ptc")) == 14``
    """
    return tuple(label.spellings[key] for label in labels("technique", key))


def layer_title(layer: str) -> str:
    spec = _catalogue()["layers"].get(_layer(layer))
    return str(spec["title"]) if spec else layer.replace("_", " ").capitalize()


TAXONOMY_NOTE: str = str(_catalogue()["taxonomies"]["difference"])
GROUP_NAMES: dict[str, str] = dict(_catalogue()["groups"])

# A fine role's group is a main role, a sub-narrative's a narrative.
_PARENT_LAYER = {"fine_role": "role", "sub_narrative": "narrative"}


def markdown() -> str:
    """The catalogue as a Markdown page (docs/labels.md is this; a test keeps it in step with labels.json)."""
    data = _catalogue()
    out = ["# Labels", "", "<!-- Generated from src/unspin/labels.json by `python -m unspin.labels`; do not edit. -->",
           "", data["about"], ""]
    for layer, spec in data["layers"].items():
        out += [f"## {spec['title']} (`{layer}`)", ""]
        if spec.get("about"):
            out += [spec["about"], ""]
        if layer == "technique":
            out += [f"{TAXONOMY_NOTE}", ""]
            out += ["| name | PTC | SemEval-2023 | definition | example |", "|---|---|---|---|---|"]
            for raw in spec["labels"]:
                sp = raw.get("spellings", {})
                out.append(f"| {raw['name']} | {_code(sp.get('ptc'))} | {_code(sp.get('semeval2023'))} | "
                           f"{raw['definition']} | {raw['example']} |")
        else:
            parent = _PARENT_LAYER.get(layer)
            group = layer == "entity" or parent is not None
            out += ["| name | label | " + ("group | " if group else "") + "definition | example |",
                    "|---|---|" + ("---|" if group else "") + "---|---|"]
            for raw in spec["labels"]:
                spellings = raw.get("spellings", {})
                label = spellings.get("semeval2023") or spellings.get("semeval2025") or raw["id"]
                group_name = name(parent, raw["group"]) if parent else GROUP_NAMES.get(raw.get("group", ""), "")
                extra = f"{group_name} | " if group else ""
                out.append(f"| {raw['name']} | `{label}` | {extra}{raw['definition']} | {raw['example']} |")
        out.append("")
    return "\n".join(out)


def _code(text: str | None) -> str:
    return f"`{text}`" if text else "—"


_ISO_PLACE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}){0,2}")


def entity_group(entity_id: str, entity_label: str | None = None) -> str:
    """people, organisations, places, groups, other or dates_numbers, from the type (when known) or the id's form.

    Canonical ids say their kind: ``US`` and ``US-KY`` are places (ISO 3166), ``2023-05-19`` a date (ISO 8601),
    ``person:…``, ``org:…``, ``ordinal:…`` carry their spaCy type.
    """
    if entity_label:
        found = lookup("entity", entity_label)
        if found and found.group:
            return found.group
    if _ISO_PLACE.match(entity_id):
        return "places"
    if _ISO_DATE.match(entity_id):
        return "dates_numbers"
    prefix = entity_id.split(":", 1)[0] if ":" in entity_id else ""
    found = lookup("entity", prefix) if prefix else None
    return found.group if found and found.group else "other"


if __name__ == "__main__":  # python -m unspin.labels > docs/labels.md
    print(markdown(), end="")
