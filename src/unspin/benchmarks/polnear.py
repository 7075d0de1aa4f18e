"""PolNeAR (Political News Attribution Relations): read the brat files and score attribution relations.

Files (see the data's SOURCE.md): ``{train,dev}/text/NAME.txt`` and ``{train,dev}/attributions/NAME_ANNOTATOR.ann``
in brat standoff: ``T<n><TAB>Role START END[;START END...]<TAB>text`` (end exclusive, discontinuous spans as
``S E;S E``; the text column may run over several lines) and ``E<n><TAB>Attribution:T.. Content:T.. Cue:T..
Source:T..`` tying one relation (``Content2`` is a second content part; ``Discuss``/``Discard`` are annotator
notes and are skipped). Some articles have files from several annotators: :func:`read_corpus` keeps the one whose
annotator id sorts first (a fixed rule; :func:`read_all_annotators` returns them all).

The scores are defined here, from their definitions (no organiser's scorer exists for PolNeAR):

* **overlap** precision of a role (source, cue, content) = the mean over predicted spans of the share of their
  characters that lie inside gold spans of that role in the same article; recall = the mean over gold spans of
  the share of their characters covered by predicted spans of that role; F1 = their harmonic mean.
* **exact**: a predicted span counts when a gold span of its role has identical boundaries (all parts of a
  discontinuous span); precision and recall are the shares of predicted and gold spans that count.
* **relation**: a predicted relation matches a gold one when their contents share at least half of the
  characters of EACH of the two contents (so neither a fragment nor a sprawling span matches), and their sources
  share a character, or both have no source (one absent, one present: no match). Matching is one to one
  (greedy by content overlap); precision = matched / predicted, recall = matched / gold.

Spans are tuples of ``(start, end)`` parts: one part for a contiguous span.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from unspin.errors import InputError

__all__ = [
    "ROLES", "Parts", "Relation", "Article", "read_ann", "read_corpus", "read_all_annotators", "spans_of",
    "RoleScores", "role_scores", "relation_scores", "score_corpus", "article_counts", "combine",
    "bootstrap_sd", "f1", "headline", "mean_sd",
]

ROLES = ("source", "cue", "content")
Parts = tuple[tuple[int, int], ...]
_T = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(frozen=True)
class Relation:
    """One attribution: content (required), cue and source (either may be absent). Each is a tuple of parts."""

    content: Parts
    cue: Parts | None = None
    source: Parts | None = None


@dataclass
class Article:
    name: str
    text: str
    relations: list[Relation] = field(default_factory=list)
    annotator: str = ""


def _parts(field_: str) -> Parts:
    out = []
    for piece in field_.split(";"):
        s, e = piece.split()
        out.append((int(s), int(e)))
    return tuple(sorted(out))


def read_ann(path: Path) -> list[Relation]:
    """The relations of one brat file; a relation without any content part is dropped (nothing to attribute)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read the annotation file: {type(e).__name__}", source=str(path)) from None
    spans: dict[str, Parts] = {}
    events: list[dict[str, list[str]]] = []
    for line in lines:
        m = _T.match(line)
        if m:
            try:
                spans[m.group(1)] = _parts(m.group(3))
            except ValueError:
                raise InputError(f"bad offsets {m.group(3)!r} in {m.group(1)}", source=str(path)) from None
            continue
        m = _E.match(line)
        if m:
            roles: dict[str, list[str]] = {}
            for arg in m.group(2).split():
                role, _, tid = arg.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(tid)
            events.append(roles)
    rels = []
    for ev in events:
        content = tuple(sorted(p for tid in ev.get("Content", []) for p in spans.get(tid, ())))
        if not content:
            continue
        cue = tuple(sorted(p for tid in ev.get("Cue", []) for p in spans.get(tid, ()))) or None
        source = tuple(sorted(p for tid in ev.get("Source", []) for p in spans.get(tid, ()))) or None
        rels.append(Relation(content, cue, source))
    return rels


def read_all_annotators(folder: Path, names: Iterable[str] | None = None) -> dict[str, list[Article]]:
    """Every annotation file of the articles of one compartment folder (``train`` or ``dev``): name -> Articles."""
    folder = Path(folder)
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        raise InputError("not a PolNeAR compartment (needs text/ and attributions/)", source=str(folder))
    by_name: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem, _, _annotator = ann.stem.rpartition("_")
        by_name.setdefault(stem, []).append(ann)
    out: dict[str, list[Article]] = {}
    for name in (sorted(by_name) if names is None else list(names)):
        if name not in by_name:
            raise InputError(f"no annotation file for {name}", source=str(folder))
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        out[name] = [Article(name, text, read_ann(p), p.stem.rpartition("_")[2]) for p in by_name[name]]
    return out


def read_corpus(folder: Path, names: Iterable[str] | None = None) -> dict[str, Article]:
    """One annotation per article: the file whose annotator id sorts first (a fixed rule)."""
    return {name: arts[0] for name, arts in read_all_annotators(folder, names).items()}


def spans_of(relations: Iterable[Relation], role: str) -> list[Parts]:
    """The distinct spans of one role in a list of relations."""
    seen: dict[Parts, None] = {}
    for r in relations:
        p = getattr(r, role)
        if p:
            seen.setdefault(p, None)
    return list(seen)


# -- scoring -------------------------------------------------------------------------------------------------


def _merge(parts: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping intervals covering the same characters."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(parts):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _shared(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """Characters in both of two merged interval lists."""
    i = j = n = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            n += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return n



def _length(parts: Parts) -> int:
    return sum(e - s for s, e in _merge(parts))


def f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass
class RoleScores:
    """Sums over spans, so that articles add up (micro over spans); ``as_dict`` gives P/R/F1."""

    pred_share: float = 0.0  # sum over predicted spans of their share inside gold
    n_pred: int = 0
    gold_share: float = 0.0  # sum over gold spans of their share covered by predictions
    n_gold: int = 0
    pred_exact: int = 0
    gold_exact: int = 0

    def add(self, other: RoleScores) -> None:
        for k in ("pred_share", "n_pred", "gold_share", "n_gold", "pred_exact", "gold_exact"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def as_dict(self) -> dict[str, float]:
        p = self.pred_share / self.n_pred if self.n_pred else 0.0
        r = self.gold_share / self.n_gold if self.n_gold else 0.0
        ep = self.pred_exact / self.n_pred if self.n_pred else 0.0
        er = self.gold_exact / self.n_gold if self.n_gold else 0.0
        return {"overlap_p": p, "overlap_r": r, "overlap_f1": f1(p, r), "exact_p": ep, "exact_r": er,
                "exact_f1": f1(ep, er)}


def role_scores(pred: Sequence[Parts], gold: Sequence[Parts]) -> RoleScores:
    """Overlap and exact counts of one role in one article (pred/gold: spans of that role)."""
    gold_cover = _merge(p for g in gold for p in g)
    pred_cover = _merge(p for q in pred for p in q)
    out = RoleScores(n_pred=len(pred), n_gold=len(gold))
    for p in pred:
        n = _length(p)
        out.pred_share += _shared(_merge(p), gold_cover) / n if n else 0.0
    for g in gold:
        n = _length(g)
        out.gold_share += _shared(_merge(g), pred_cover) / n if n else 0.0
    gold_set, pred_set = set(gold), set(pred)
    out.pred_exact = sum(1 for p in pred if p in gold_set)
    out.gold_exact = sum(1 for g in gold if g in pred_set)
    return out


def _content_overlap(a: Parts, b: Parts) -> float:
    """Shared characters over the longer of the two contents (>= 0.5 means at least half of each)."""
    return _shared(_merge(a), _merge(b)) / max(_length(a), _length(b), 1)


def _sources_match(a: Parts | None, b: Parts | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return _shared(_merge(a), _merge(b)) > 0


def relation_scores(pred: Sequence[Relation], gold: Sequence[Relation]) -> tuple[int, int, int]:
    """(matched, n_pred, n_gold) for one article, one-to-one greedy by content overlap."""
    cands = []
    g_box = [(g.content[0][0], g.content[-1][1], _length(g.content)) for g in gold]
    for i, p in enumerate(pred):
        ps, pe, pn = p.content[0][0], p.content[-1][1], _length(p.content)
        for j, g in enumerate(gold):
            gs, ge, gn = g_box[j]
            if ge <= ps or pe <= gs or 2 * min(pn, gn) < max(pn, gn):  # disjoint, or one under half the other
                continue
            ov = _content_overlap(p.content, g.content)
            if ov >= 0.5 and _sources_match(p.source, g.source):
                cands.append((-ov, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in sorted(cands):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_p), len(pred), len(gold)


Counts = tuple[dict[str, RoleScores], tuple[int, int, int]]


def article_counts(pred: Sequence[Relation], gold: Sequence[Relation]) -> Counts:
    """One article's additive counts: per-role :class:`RoleScores` and (matched, n_pred, n_gold) relations."""
    roles = {role: role_scores(spans_of(pred, role), spans_of(gold, role)) for role in ROLES}
    return roles, relation_scores(pred, gold)


def combine(counts: Iterable[Counts]) -> dict[str, dict[str, float]]:
    """Per-role overlap/exact P/R/F1 and relation P/R/F1 from summed article counts."""
    roles = {r: RoleScores() for r in ROLES}
    matched = n_pred = n_gold = 0
    for per_role, (m, a, b) in counts:
        for role in ROLES:
            roles[role].add(per_role[role])
        matched, n_pred, n_gold = matched + m, n_pred + a, n_gold + b
    out: dict[str, dict[str, float]] = {role: roles[role].as_dict() for role in ROLES}
    rp = matched / n_pred if n_pred else 0.0
    rr = matched / n_gold if n_gold else 0.0
    out["relation"] = {"p": rp, "r": rr, "f1": f1(rp, rr), "n_pred": float(n_pred), "n_gold": float(n_gold)}
    return out


def score_corpus(pred: Mapping[str, Sequence[Relation]], gold: Mapping[str, Sequence[Relation]]
                 ) -> dict[str, dict[str, float]]:
    """Per-role overlap/exact P/R/F1 and relation P/R/F1 over the articles of ``gold`` (missing pred = none)."""
    return combine(article_counts(pred.get(name, []), g) for name, g in gold.items())


def bootstrap_sd(pred: Mapping[str, Sequence[Relation]], gold: Mapping[str, Sequence[Relation]],
                 n: int = 1000, seed: int = 0) -> dict[str, float]:
    """Standard deviation of the :func:`headline` figures over ``n`` bootstrap resamples of the articles."""
    import random

    counts = [article_counts(pred.get(name, []), gold[name]) for name in sorted(gold)]
    rng = random.Random(seed)
    draws: dict[str, list[float]] = {}
    for _ in range(n):
        for key, v in headline(combine(rng.choice(counts) for _ in counts)).items():
            draws.setdefault(key, []).append(v)
    return {k: mean_sd(v)[1] for k, v in draws.items()}


def headline(scores: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """The four figures the targets are stated in: overlap F1 of each role and relation F1."""
    out = {f"{r}_overlap_f1": scores[r]["overlap_f1"] for r in ROLES}
    out["relation_f1"] = scores["relation"]["f1"]
    return out


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    m = sum(values) / len(values)
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else 0.0
    return m, sd
