"""How the report shows entity roles and narratives (the ``roles`` and ``narratives`` layers), for the HTML report,
the web app and the terminal summary alike.

- an entity table: each entity's whole-document role (coloured AND named, never colour alone), its score, its fine
  roles with their definitions, and how many of its mentions carry a role;
- a tooltip per cast mention: the role, its score, the fine roles and the sentence that carries it;
- the narratives and their sub-narratives with scores and explanations, under the genre.

Names and definitions come from the label catalogue (:mod:`unspin.labels`, layers ``role``, ``fine_role``,
``narrative`` and ``sub_narrative``); a label it lacks still gets a readable name. The main roles' colours are
Okabe and Ito's colour-blind-safe palette (blue, vermillion, bluish green), each >= 3:1 against white; the charts of
:mod:`unspin.corpus.framing` use the same.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from unspin import labels
from unspin.canonical import role_id
from unspin.document import Document, Entity

__all__ = ["MAIN_ROLES", "ROLE_COLOURS", "ROLE_LINES", "role_name", "role_definition", "narrative_layer",
           "fine_roles", "is_cast", "mention_tip", "entity_roles", "narrative_tree", "narrative_line"]

MAIN_ROLES = ("protagonist", "antagonist", "innocent")
ROLE_COLOURS = {"protagonist": "#0072b2", "antagonist": "#d55e00", "innocent": "#009e73", "none": "#9e9e9e"}
# The over-line of a cast mention differs in pattern too, so the article reads without colour.
ROLE_LINES = {"protagonist": "solid", "antagonist": "double", "innocent": "dashed"}
_SENTENCE_CHARS = 300  # a tooltip quotes the carrying sentence up to this many characters


def is_cast(entity: Entity) -> bool:
    """Whether the text casts this mention: it has a role, and not the catalogue's "none"."""
    return entity.role is not None and entity.role.main in MAIN_ROLES


def _role_layer(role: str) -> str:
    return "role" if labels.lookup("role", role) is not None else "fine_role"


def role_name(role: str) -> str:
    """"Antagonist", "Foreign adversary": the catalogue's name of a main role (layer ``role``) or a fine role
    (``fine_role``)."""
    return labels.name(_role_layer(role), role)


def role_definition(role: str) -> str:
    """The catalogue's one-sentence definition of a main or fine role ("" when it lacks the role)."""
    return labels.definition(_role_layer(role), role)


def narrative_layer(parent: str | None) -> str:
    """The catalogue layer of a narrative label: ``narrative``, or ``sub_narrative`` when it has a parent."""
    return "narrative" if parent is None else "sub_narrative"


def fine_roles(fine: list[str]) -> list[dict[str, str]]:
    """Each fine role with its display name and definition (for a ``title``)."""
    return [{"label": f, "name": role_name(f), "definition": role_definition(f)} for f in fine]


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def mention_tip(doc: Document, entity: Entity) -> str:
    """A cast mention's tooltip: ``role: Antagonist (0.87) · Foreign adversary, Instigator · in: “…sentence…”``.
    Plain text: the templates escape it."""
    role = entity.role
    if role is None or not is_cast(entity):
        return ""
    tip = f"role: {role_name(role.main)} ({role.score:.2f})"
    if role.fine:
        tip += " · " + ", ".join(f"{role_name(f)}" + (f" ({role.scores[f]:.2f})" if f in role.scores else "")
                                 for f in role.fine)
    if role.sentence is not None:
        tip += f" · in: “{_clip(doc.text[role.sentence.start:role.sentence.end], _SENTENCE_CHARS)}”"
    return tip


def entity_roles(doc: Document) -> list[dict[str, Any]]:
    """One row per entity the text casts: from ``doc.roles`` (the whole-document role), else aggregated from the
    mentions' roles (the most frequent main role, its best score). Most cast first."""
    mentions: Counter[str] = Counter(role_id(e.label, e.id) for e in doc.entities)
    first: dict[str, str] = {}
    for e in doc.entities:
        first.setdefault(role_id(e.label, e.id), e.text)
    rows = []
    items: list[tuple[str, str, float, list[str], int]]
    if doc.roles:
        items = [(r.id, r.main, r.score, list(r.fine), r.mentions) for r in doc.roles if r.main in MAIN_ROLES]
    else:
        by_id: dict[str, list[Entity]] = {}
        for e in doc.entities:
            if is_cast(e):
                by_id.setdefault(role_id(e.label, e.id), []).append(e)
        items = []
        for ent_id, cast_mentions in by_id.items():
            main = Counter(e.role.main for e in cast_mentions if e.role).most_common(1)[0][0]
            fine = list(dict.fromkeys(f for e in cast_mentions if e.role for f in e.role.fine))
            score = max(e.role.score for e in cast_mentions if e.role and e.role.main == main)
            items.append((ent_id, main, score, fine, len(cast_mentions)))
    for ent_id, main, score, fine, cast in items:
        rows.append({"id": ent_id, "text": first.get(ent_id, ent_id), "main": main, "name": role_name(main),
                     "colour": ROLE_COLOURS.get(main, ROLE_COLOURS["none"]), "score": score,
                     "definition": role_definition(main), "fine": fine_roles(fine), "cast": cast,
                     "mentions": mentions.get(ent_id, 0)})
    return sorted(rows, key=lambda r: (-r["cast"], -r["score"], r["id"]))


def narrative_tree(doc: Document) -> list[dict[str, Any]]:
    """The narratives, best first, each with its sub-narratives (best first) under it; a sub-narrative whose
    narrative the document lacks is listed on its own, naming its parent."""
    def row(n: Any) -> dict[str, Any]:
        layer = narrative_layer(n.parent)
        name = labels.name(layer, n.label)
        if n.parent and n.parent in tops:  # under its narrative, "URW: Blaming others: The West..." reads "The West..."
            parent_name = labels.name("narrative", n.parent)
            name = name[len(parent_name):].lstrip(" :-–") if name.startswith(parent_name + ":") else name
        return {"label": n.label, "name": name, "score": n.score,
                "definition": labels.definition(layer, n.label), "parent": n.parent,
                "parent_name": labels.name("narrative", n.parent) if n.parent else None, "taxonomy": n.taxonomy,
                "children": []}

    tops: dict[str, dict[str, Any]] = {}
    tops.update({n.label: row(n) for n in doc.narratives if n.parent is None})
    orphans: list[dict[str, Any]] = []
    for n in sorted((n for n in doc.narratives if n.parent is not None), key=lambda n: (-n.score, n.label)):
        (tops[n.parent]["children"] if n.parent in tops else orphans).append(row(n))
    return sorted([*tops.values(), *orphans], key=lambda r: (-r["score"], r["label"]))


def narrative_line(doc: Document, limit: int = 4) -> str:
    """The narratives in one line for the terminal: ``Name (0.81): Sub (0.64); Other (0.55)``."""
    parts = []
    for top in narrative_tree(doc)[:limit]:
        subs = ", ".join(f"{c['name']} ({c['score']:.2f})" for c in top["children"][:3])
        parts.append(f"{top['name']} ({top['score']:.2f})" + (f": {subs}" if subs else ""))
    return "; ".join(parts)
