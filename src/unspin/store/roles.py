"""Entity roles and narratives in the store: their rows, the role filter and the "entity framing" statistics.

Three tables (migration ``m003_roles_and_narratives``, see ``docs/store-schema.md``):

- ``mention_roles``: one row per entity mention the ``roles`` layer cast (``Entity.role``): the mention's offsets
  and entity id, its main role, score, fine roles (a JSON list) and the sentence that carries the role;
- ``entity_roles``: one row per entity per document (``Document.roles``): the role over the whole document;
- ``narratives``: one row per narrative or sub-narrative label of a document (``Document.narratives``).

Kept apart from the generic ``spans``/``labels`` flattening because a mention's role has fields no span row has
(fine roles, the carrying sentence), and because :func:`entity_framing` needs each mention's role, not a count.
The rows are read from the ``unspin/document@1`` dict, so the migration can fill them for documents stored earlier.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from unspin.canonical import people_of, role_id
from unspin.errors import InputError
from unspin.store.backend import Backend
from unspin.store.models import EntityFraming, FramingGroup

__all__ = ["MAIN_ROLES", "role_rows", "save_role_rows", "backfill", "create_tables", "role_clause",
           "check_role", "entity_framing", "framed_entities", "resolve_entity"]

# The three main roles of SemEval-2025 Task 10, in the order every table and chart shows them; a mention the text
# does not frame has no role ("none" in the framing statistics).
MAIN_ROLES = ("protagonist", "antagonist", "innocent")


def create_tables(db: Backend, t: dict[str, str]) -> None:
    """The three tables and their indexes (``t``: the dialect's column types, from ``migrations._types``)."""
    for sql in (
        f"""CREATE TABLE mention_roles (
            doc_pk {t['int']} NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            idx {t['int']} NOT NULL,          -- the mention's position in the document's entities (spans.idx)
            entity_id TEXT NOT NULL,          -- its canonical id (spans.value)
            char_start {t['int']} NOT NULL, char_end {t['int']} NOT NULL,   -- the mention, half-open
            main TEXT NOT NULL,               -- protagonist | antagonist | innocent
            score {t['real']} NOT NULL,
            fine TEXT NOT NULL,               -- JSON list of fine roles ("Guardian", "Foreign Adversary")
            scores TEXT NOT NULL,             -- JSON object: role -> score, as the layer gave it
            sentence_start {t['int']}, sentence_end {t['int']},   -- the sentence that carries the role
            PRIMARY KEY (doc_pk, idx))""",
        "CREATE INDEX mention_roles_entity ON mention_roles(entity_id, main, doc_pk)",
        f"""CREATE TABLE entity_roles (
            doc_pk {t['int']} NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            entity_id TEXT NOT NULL,
            main TEXT NOT NULL, score {t['real']} NOT NULL,
            fine TEXT NOT NULL,               -- JSON list
            mentions {t['int']} NOT NULL,     -- how many of its mentions carry a role
            PRIMARY KEY (doc_pk, entity_id))""",
        "CREATE INDEX entity_roles_entity ON entity_roles(entity_id, main, doc_pk)",
        "CREATE INDEX entity_roles_main ON entity_roles(main, doc_pk)",
        f"""CREATE TABLE narratives (
            doc_pk {t['int']} NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            taxonomy TEXT NOT NULL,           -- semeval2025, or a user's own taxonomy
            label TEXT NOT NULL,
            parent TEXT,                      -- the narrative a sub-narrative belongs to; null for a narrative
            score {t['real']} NOT NULL,
            PRIMARY KEY (doc_pk, taxonomy, label))""",
        "CREATE INDEX narratives_label ON narratives(label, doc_pk)",
        # An entity's mentions by id, without reading every span: what entity_framing and resolve_entity look up.
        "CREATE INDEX spans_entity_value ON spans(layer, value, doc_pk)",
    ):
        db.execute(sql)


def role_rows(d: dict[str, Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(mention rows, entity rows, narrative rows) of an ``unspin/document@1`` dict, without ``doc_pk``."""
    mentions = []
    for i, e in enumerate(d.get("entities") or []):
        role = e.get("role")
        if not role:
            continue
        sentence = role.get("sentence") or {}
        ent_id = role_id(str(e.get("label") or ""), str(e.get("id") or e.get("text")))  # "PK/people" for the people
        mentions.append((i, ent_id, e["start"], e["end"], role["main"], float(role["score"]),
                         json.dumps(list(role.get("fine") or []), ensure_ascii=False),
                         json.dumps(dict(role.get("scores") or {}), ensure_ascii=False),
                         sentence.get("start"), sentence.get("end")))
    entities = [(r["id"], r["main"], float(r["score"]), json.dumps(list(r.get("fine") or []), ensure_ascii=False),
                 int(r.get("mentions", 0))) for r in d.get("roles") or []]
    narratives = [(n.get("taxonomy") or "semeval2025", n["label"], n.get("parent"), float(n["score"]))
                  for n in d.get("narratives") or []]
    return mentions, entities, narratives


def save_role_rows(db: Backend, pk: Any, d: dict[str, Any]) -> None:
    """Insert the role and narrative rows of the document stored as ``pk``."""
    mentions, entities, narratives = role_rows(d)
    if mentions:
        db.executemany("INSERT INTO mention_roles (doc_pk, idx, entity_id, char_start, char_end, main, score, fine, "
                       "scores, sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [(pk, *row) for row in mentions])
    if entities:
        db.executemany("INSERT INTO entity_roles (doc_pk, entity_id, main, score, fine, mentions) "
                       "VALUES (?, ?, ?, ?, ?, ?)", [(pk, *row) for row in entities])
    if narratives:
        db.executemany("INSERT INTO narratives (doc_pk, taxonomy, label, parent, score) VALUES (?, ?, ?, ?, ?)",
                       [(pk, *row) for row in narratives])


def backfill(db: Backend) -> None:
    """Fill the tables, and the narrative rows of ``labels``, from the documents stored before them: their JSON
    carries the roles and narratives, so an older store loses nothing."""
    from unspin.store.rows import NARRATIVE_LAYERS, flatten

    rows = db.execute("SELECT pk, document, source, month, language FROM documents WHERE document LIKE ? "
                      "OR document LIKE ?", ('%"role":{%', '%"narratives":[{%'))
    narrative_layers = set(NARRATIVE_LAYERS.values())
    for pk, document, source, month, language in rows:
        d = json.loads(document)
        save_role_rows(db, pk, d)
        labels = [(pk, layer, label, n, score, value, source, month, language)
                  for (layer, label), (n, score, value) in flatten(d).labels.items() if layer in narrative_layers]
        if labels:
            db.executemany("INSERT INTO labels (doc_pk, layer, label, n, score, value, source, month, language) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_pk, layer, label) DO NOTHING", labels)


# --- the role filter ---------------------------------------------------------------------------------------------
def check_role(db: Backend, value: str) -> str:
    """The stored spelling of a role filter: a main role (any case), or a fine role in any spelling (``foreign
    adversary``, ``Foreign_Adversary``) as the stored documents or the label catalogue spell it.
    :class:`InputError` naming the closest valid roles when neither knows it."""
    from unspin import labels

    key = _key(value)
    if key in MAIN_ROLES:
        return key
    stored: set[str] = set()
    for table in ("entity_roles", "mention_roles"):
        for (fine,) in db.execute(f"SELECT DISTINCT fine FROM {table}"):
            stored.update(json.loads(fine))
    found = labels.lookup("fine_role", value)
    for spelling in sorted(stored):
        if _key(spelling) == key or (found is not None and labels.lookup("fine_role", spelling) == found):
            return spelling
    if found is not None:  # a fine role no stored document carries: its SemEval-2025 spelling (matches nothing)
        return found.spellings.get("semeval2025", found.name)
    valid = list(dict.fromkeys([*(x.spellings.get("semeval2025", x.name) for x in labels.labels("fine_role")),
                                *sorted(stored)]))
    close = labels.suggest("fine_role", value, [*MAIN_ROLES, *valid])
    did_you_mean = f" (did you mean {' or '.join(close)}?)" if close else ""
    raise InputError(f"no role is called {value!r}{did_you_mean}. Valid: {', '.join([*MAIN_ROLES, *valid])}")


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


def role_clause(role: str, entity: str | None) -> tuple[str, list[Any]]:
    """An SQL condition on the documents alias ``d``: the document casts ``entity`` (an id, or a mention's text in
    any stored document; any entity when None) as ``role`` (a main role, or a fine role), over the whole document
    (``entity_roles``) or in one mention (``mention_roles``).

    Uncorrelated subqueries, so the database builds each set of documents once instead of probing per document.
    """
    if role.lower() in MAIN_ROLES:
        match, params = "r.main = ?", [role.lower()]
    else:  # a fine role inside the JSON list, quoted whole (a main role is never a fine role)
        match, params = "r.fine LIKE ?", ["%" + json.dumps(role, ensure_ascii=False) + "%"]
    who = ""
    if entity is not None:
        # The same matching as the entity filter: the canonical id, or the text of a mention (any case).
        # A role id such as "PK/people" (unspin.canonical.role_id) is matched as it is.
        who = (" AND (r.entity_id = ? OR r.entity_id IN (SELECT f.label FROM labels f WHERE f.layer = 'entity' "
               "AND (f.label = ? OR lower(f.value) = lower(?))))")
        params += [entity, entity, entity]
    clause = (f"d.pk IN (SELECT r.doc_pk FROM entity_roles r WHERE {match}{who} "
              f"UNION SELECT r.doc_pk FROM mention_roles r WHERE {match}{who})")
    return clause, params + params


# --- entity framing ----------------------------------------------------------------------------------------------
def resolve_entity(db: Backend, entity: str) -> tuple[str, str, list[tuple[str, int]]]:
    """The canonical id ``entity`` names, a display name (its most frequent mention text) and the other ids a name
    is also written for, with how many mentions. An id is taken as it is; a name (any case) resolves to the id
    most of its mentions carry: "Donald Trump" is ``person:donald-trump``, not every id a mention of that text was
    once given (``person:melania-trump`` for a stray "Donald Trump"). :class:`InputError` when nothing names it."""
    place = people_of(entity)
    if place is not None:  # a country's people, "PK/people": the NORP mentions of PK
        rows = db.execute("SELECT text, count(*) AS n FROM spans WHERE layer = 'entity' AND value = ? AND label = "
                          "'NORP' GROUP BY text ORDER BY n DESC, text", (place,))
        if not rows:
            raise InputError(f"no stored document names {entity!r} (the people of {place!r})")
        return entity, str(rows[0][0] or entity), []
    # The id first (an index lookup); only a name that is no id is looked for among the mentions' texts (a scan).
    rows = db.execute("SELECT value, text, count(*) AS n FROM spans WHERE layer = 'entity' AND value = ? "
                      "GROUP BY value, text ORDER BY n DESC, value, text", (entity,))
    if rows:
        return entity, str(rows[0][1] or entity), []
    rows = db.execute("SELECT value, count(*) AS n FROM spans WHERE layer = 'entity' AND lower(text) = lower(?) "
                      "AND value IS NOT NULL GROUP BY value ORDER BY n DESC, value", (entity,))
    if not rows:
        raise InputError(f"no stored document names {entity!r}; give a canonical id (PK, person:amina-qureshi) or "
                         "a name as written; list names with `unspin stats`")
    chosen = str(rows[0][0])
    named = db.execute("SELECT text, count(*) AS n FROM spans WHERE layer = 'entity' AND value = ? AND lower(text) = "
                       "lower(?) GROUP BY text ORDER BY n DESC, text LIMIT 1", (chosen, entity))
    return chosen, str(named[0][0] if named else entity), [(str(v), int(n)) for v, n in rows[1:]]


def entity_framing(db: Backend, entity: str, *, by: str | None, group_sql: str, where: str, params: list[Any],
                   top: int = 5) -> EntityFraming:
    """How ``entity`` is cast, overall or per group: shares of its mentions per main role (and "none": the layer
    ran and left the mention unframed), its documents' whole-document roles, and its most frequent fine roles.
    Only documents that ran the roles layer count towards the shares; ``documents`` counts all that name it.

    ``group_sql`` is the grouping column on ``d`` (``NULL`` for one group), ``where``/``params`` the document
    filters (``Store._where``) with the ``AND`` prefix.
    """
    chosen, name, also = resolve_entity(db, entity)
    ids = [chosen]
    marks = "?"
    # The mentions: a country's people ("PK/people") are its NORP mentions, the country itself ("PK") the others,
    # as the roles layer aggregates them (unspin.canonical.role_id); any other id, all its mentions.
    place = people_of(chosen)
    value = chosen if place is None else place
    if place is not None:
        label_sql = " AND s.label = 'NORP'"
    elif role_id("NORP", chosen) != chosen:  # a place whose people are counted apart
        label_sql = " AND (s.label IS NULL OR s.label <> 'NORP')"
    else:
        label_sql = ""
    ran = "d.layers LIKE '%\"roles\"%'"  # the document ran the roles layer: its unframed mentions are "none"
    # The documents naming it, reached through its mentions (the spans_entity_value index), not by scanning documents.
    doc_counts = db.execute(
        f"SELECT g, count(*), sum(ran) FROM (SELECT DISTINCT d.pk, {group_sql} AS g, CASE WHEN {ran} THEN 1 ELSE 0 "
        f"END AS ran FROM spans s JOIN documents d ON d.pk = s.doc_pk WHERE s.layer = 'entity' "
        f"AND s.value = ?{label_sql} {where}) AS named GROUP BY g", [value, *params])
    # Every mention of the entity in a document that ran the layer, with its role when the layer cast it (a LEFT
    # JOIN: the unframed mentions stay, as "none"). Documents without the layer are counted apart, never as "none".
    mention_rows = db.execute(
        f"SELECT {group_sql} AS g, r.main, r.fine FROM spans s JOIN documents d ON d.pk = s.doc_pk "
        "LEFT JOIN mention_roles r ON r.doc_pk = s.doc_pk AND r.idx = s.idx "
        f"WHERE s.layer = 'entity' AND s.value = ?{label_sql} AND {ran} {where}", [value, *params])
    doc_rows = db.execute(
        f"SELECT {group_sql} AS g, r.main FROM entity_roles r JOIN documents d ON d.pk = r.doc_pk "
        f"WHERE r.entity_id IN ({marks}) {where}", [*ids, *params])
    mentions: Counter[Any] = Counter()
    roles: dict[Any, Counter[str]] = {}
    fine: dict[Any, Counter[str]] = {}
    for g, main, fine_json in mention_rows:
        mentions[g] += 1
        roles.setdefault(g, Counter())[main or "none"] += 1
        for f in json.loads(fine_json) if fine_json else []:
            fine.setdefault(g, Counter())[f] += 1
    doc_roles: dict[Any, Counter[str]] = {}
    for g, main in doc_rows:
        doc_roles.setdefault(g, Counter())[main] += 1
    groups = []
    for g, documents, analysed in sorted(doc_counts, key=lambda r: (r[0] is None, "" if r[0] is None else str(r[0]))):
        n = mentions.get(g, 0)
        counts = roles.get(g, Counter())
        framed = n - counts.get("none", 0)
        groups.append(FramingGroup(
            group=None if g is None else str(g), mentions=n, framed=framed, documents=int(documents),
            analysed=int(analysed or 0),
            shares={k: round(counts.get(k, 0) / n, 6) if n else 0.0 for k in (*MAIN_ROLES, "none")},
            counts={k: counts.get(k, 0) for k in (*MAIN_ROLES, "none")},
            document_roles={k: doc_roles.get(g, Counter()).get(k, 0) for k in MAIN_ROLES},
            fine=[(label, c, round(c / framed, 6) if framed else 0.0)
                  for label, c in sorted(fine.get(g, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))[:top]]))
    return EntityFraming(entity=entity, ids=ids, name=name, by=by, groups=groups, also=also)


def framed_entities(db: Backend, limit: int = 30) -> list[tuple[str, str, int]]:
    """(id, display name, mentions with a role) of the entities the stored documents cast most often; the name is
    the entity's most frequent mention text."""
    rows = db.execute(
        "SELECT r.entity_id, s.text, count(*) FROM mention_roles r "
        "JOIN spans s ON s.doc_pk = r.doc_pk AND s.layer = 'entity' AND s.idx = r.idx GROUP BY r.entity_id, s.text")
    total: Counter[str] = Counter()
    texts: dict[str, Counter[str]] = {}
    for ent_id, text, n in rows:
        total[str(ent_id)] += int(n)
        texts.setdefault(str(ent_id), Counter())[str(text or ent_id)] += int(n)
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [(ent_id, min(texts[ent_id].items(), key=lambda kv: (-kv[1], kv[0]))[0], n) for ent_id, n in ranked]
