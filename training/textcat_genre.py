"""Genre head (reporting / opinion / satire): data pool, choices on out-of-fold predictions, figures over seeds.

Training part: SemEval-2023 T3 subtask-1 train articles outside ``splits/semeval23.json`` validation, plus hard-news
reporting articles (PolNeAR train, BASIL; ``splits/genre_news.json``). Every choice (model kind, C, the weight of
the added news articles, the document and section decision shifts) is made on out-of-fold predictions of that
training part, folds grouped by article (BASIL: by event) and stratified by label. Reported parts, touched by no
choice: the SemEval validation articles (macro-F1 per language, opinion recall, satire recall) and PolNeAR dev
(share of articles, and of section-sized chunks, labelled reporting).

What a head is scored on (out of fold and on the reported parts): the vectors the pipeline feeds the genre
component, i.e. the pooled sentences of the BODY sections as the library's own layers split and encode them (title
and boilerplate left out; :mod:`training.genre_pipeline`), and section-sized chunks of those body paragraphs. A head
may be fitted on those vectors too, or on the pooled regex sentences of the whole text (title included); which, is
a choice like the others (``python -m training.textcat genre --genre-vectors choose``).

The objective of every choice, ``J``: the mean of (share of the news articles labelled reporting, recall of SemEval
opinion, SemEval macro-F1 over the three labels), all out-of-fold. For sections: the same on section-sized chunks
with the two labels reporting and opinion.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from typing import Any

import numpy as np

from training import genre_pipeline as GP
from training import textcat_data as D
from training import textcat_fit as F
from unspin.benchmarks import scoring
from unspin.components import genre as genre_mod
from unspin.components.genre import LABELS as GENRES
from unspin.ml.heads import Head, normalise_lang

log = logging.getLogger("training.textcat")
REP, OPI, SAT = 0, 1, 2
SEEDS = (13, 14, 15, 16, 17)
CHUNKS_PER_ARTICLE = 3


@dataclass
class Pool:
    texts: list[str]
    x: np.ndarray
    y: np.ndarray
    source: np.ndarray  # semeval / polnear / basil
    lang: np.ndarray
    group: np.ndarray
    part: np.ndarray  # train / val (SemEval validation) / report (PolNeAR dev)
    # The vectors heads are fitted on (``x`` when None); ``x`` is what a head is scored on.
    x_fit: np.ndarray | None = None
    # Pipeline-style section chunks (training.genre_pipeline) instead of the text's regex sentences, when set.
    pipeline: GP.PipelineVectors | None = None

    def fit_x(self) -> np.ndarray:
        return self.x if self.x_fit is None else self.x_fit


def build_pool(cache: D.EncodingCache, fit_vectors: str = "text", score_vectors: str = "text",
               pipeline: GP.PipelineVectors | None = None) -> Pool:
    """The genre rows. ``fit_vectors`` / ``score_vectors``: "text" (the pooled regex sentences of the whole text,
    title included: :meth:`EncodingCache.pooled`) or "pipeline" (the pooled body-section sentences of the library's
    own layers, as the genre component sees a document: :mod:`training.genre_pipeline`, cached in ``pipeline``).
    "pipeline-title": the same with the title's sentences pooled in too (a document as the genre component pools it
    when ``title_in_document`` is set). Section chunks follow ``score_vectors`` (body paragraphs only)."""
    val_ids = D.semeval_split()
    news = D.genre_split()
    rows: list[tuple[str, int, str, str, str, str]] = []
    for lang in D.LANGS:
        for a in D.load_articles(lang):
            if a.genre:
                part = "val" if a.id in val_ids[lang] else "train"
                rows.append((a.text, GENRES.index(a.genre), "semeval", str(normalise_lang(lang)), f"{lang}:{a.id}",
                             part))
    keep_basil = set(news["basil_train"])
    for n in D.load_polnear("train"):
        rows.append((n.text, REP, "polnear", "en", n.group, "train"))
    for n in D.load_basil():
        if n.id in keep_basil:
            rows.append((n.text, REP, "basil", "en", n.group, "train"))
    dev = set(news["polnear_dev"])
    for n in D.load_polnear("dev"):
        if n.id in dev:
            rows.append((n.text, REP, "polnear", "en", n.group, "report"))
    texts = [r[0] for r in rows]
    if (fit_vectors != "text" or score_vectors != "text") and pipeline is None:
        pipeline = GP.PipelineVectors(cache.folder.parent / "pipeline")
    assert pipeline is not None or score_vectors == "text"

    def vectors(kind: str) -> np.ndarray:
        if kind == "text" or pipeline is None:
            return cache.pooled(texts)
        return pipeline.pooled(texts, with_title=kind == "pipeline-title")

    x = vectors(score_vectors)
    return Pool(texts, x, np.array([r[1] for r in rows]), np.array([r[2] for r in rows]),
                np.array([r[3] for r in rows]), np.array([r[4] for r in rows]), np.array([r[5] for r in rows]),
                None if fit_vectors == score_vectors else vectors(fit_vectors),
                pipeline if score_vectors != "text" else None)


def group_folds(groups: np.ndarray, y: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Fold number per row: whole groups, shuffled with ``seed``, dealt round-robin within each label (stratified)."""
    rng = random.Random(seed)
    label_of: dict[str, int] = {}
    for g, lab in zip(groups, y, strict=True):
        label_of[str(g)] = max(label_of.get(str(g), -1), int(lab))
    fold_of: dict[str, int] = {}
    for lab in sorted(set(label_of.values())):
        gs = sorted(g for g, v in label_of.items() if v == lab)
        rng.shuffle(gs)
        offset = rng.randrange(k)
        for i, g in enumerate(gs):
            fold_of[g] = (i + offset) % k
    return np.array([fold_of[str(g)] for g in groups])


def sample_weights(y: np.ndarray, source: np.ndarray, news_weight: float,
                   factor: np.ndarray | None = None) -> np.ndarray:
    """SemEval rows weigh 1, added news rows ``news_weight`` (times ``factor`` per row, e.g. for section chunks);
    then every class gets the same total weight."""
    w = np.where(source == "semeval", 1.0, news_weight) * (1.0 if factor is None else factor)
    out = np.zeros(len(y))
    for c in np.unique(y):
        m = y == c
        out[m] = w[m] * len(y) / (len(np.unique(y)) * w[m].sum())
    return out


def fit(x: np.ndarray, y: np.ndarray, source: np.ndarray, cfg: dict[str, Any], seed: int,
        factor: np.ndarray | None = None) -> list[Any]:
    return F.fit(x, y, kind=cfg["kind"], multilabel=False, c=cfg["c"], hidden=cfg.get("hidden", 256),
                 sample_weight=sample_weights(y, source, cfg["news_weight"], factor), seed=seed)


def fit_rows(pool: Pool, rows: np.ndarray, cfg: dict[str, Any], seed: int, xc: np.ndarray | None = None,
             own: np.ndarray | None = None) -> list[Any]:
    """Fit on the articles ``rows``; with ``chunk_weight`` > 0 also on their section-sized chunks (same label and
    source, each chunk weighing ``chunk_weight`` of an article), so sections are decided on section-sized text."""
    cw = float(cfg.get("chunk_weight", 0.0))
    if cw <= 0 or xc is None or own is None:
        return fit(pool.fit_x()[rows], pool.y[rows], pool.source[rows], cfg, seed)
    sel = np.isin(own, rows)
    x = np.concatenate([pool.fit_x()[rows], xc[sel]])
    y = np.concatenate([pool.y[rows], pool.y[own[sel]]])
    src = np.concatenate([pool.source[rows], pool.source[own[sel]]])
    factor = np.concatenate([np.ones(len(rows)), np.full(int(sel.sum()), cw)])
    return fit(x, y, src, cfg, seed, factor)


def as_shipped(layers: list[Any]) -> list[Any]:
    """The weights as the exported head holds them (float16), so every seed is scored like the shipped file."""
    return [(w.astype(np.float16).astype(np.float32), b) for w, b in layers]


def oof(pool: Pool, tr: np.ndarray, cfg: dict[str, Any], seed: int, extra: np.ndarray | None = None,
        extra_owner: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Out-of-fold probabilities for the training rows (and for ``extra`` vectors owned by training rows)."""
    idx = np.flatnonzero(tr)
    folds = group_folds(pool.group[idx], pool.y[idx], 5, seed)
    p = np.zeros((len(idx), 3), np.float32)
    pe = None if extra is None else np.zeros((len(extra), 3), np.float32)
    for f in range(5):
        train_rows, test_rows = idx[folds != f], idx[folds == f]
        layers = fit_rows(pool, train_rows, cfg, seed, extra, extra_owner)
        p[folds == f] = F.forward(layers, pool.x[test_rows], "softmax")
        if extra is not None and pe is not None and extra_owner is not None:
            held = np.isin(extra_owner, test_rows)
            pe[held] = F.forward(layers, extra[held], "softmax")
    return p, pe


def decide(p: np.ndarray, shift: np.ndarray) -> np.ndarray:
    return np.argmax(np.log(np.clip(p, 1e-9, None)) + shift, axis=1)


def macro(gold: np.ndarray, pred: np.ndarray, labels: tuple[str, ...] = GENRES) -> float:
    return scoring.macro_f1({i: labels[g] for i, g in enumerate(gold)},
                            {i: labels[q] for i, q in enumerate(pred)}, labels).f1


def objective(gold: np.ndarray, pred: np.ndarray, source: np.ndarray, labels: tuple[str, ...] = GENRES) -> float:
    """J: mean of news-reporting share, SemEval opinion recall and SemEval macro-F1 (without the first term when
    there are no news rows, as for the languages other than English)."""
    news, sem = source != "semeval", source == "semeval"
    terms = [float((pred[sem & (gold == OPI)] == OPI).mean()), macro(gold[sem], pred[sem], labels)]
    if news.any():
        terms.append(float((pred[news] == REP).mean()))
    return float(np.mean(terms))


def tune_by_language(p: np.ndarray, gold: np.ndarray, source: np.ndarray, lang: np.ndarray, per_language: bool
                     ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Document shifts and the per-row shift matrix. One shared shift ("*"), or with ``per_language`` one for
    English (J with the news articles) and one ("*") for the other languages pooled (tried: out-of-fold J 0.795
    against 0.798 for one shared shift at C 0.02, news weight 1, so the shipped head has one)."""
    if not per_language:
        shift, _ = tune(p, gold, source)
        return {"*": shift}, np.broadcast_to(shift, p.shape)
    en = lang == "en"
    shift_en, _ = tune(p[en], gold[en], source[en])
    shift_other, _ = tune(p[~en], gold[~en], source[~en])
    return {"en": shift_en, "*": shift_other}, np.where(en[:, None], shift_en, shift_other)


def row_shifts(head: Head, lang: np.ndarray) -> np.ndarray:
    return np.stack([head.threshold(str(lg)) for lg in lang])


def tune(p: np.ndarray, gold: np.ndarray, source: np.ndarray, n: int = 3) -> tuple[np.ndarray, float]:
    """Log-prior shifts (reporting fixed at 0) maximising J; coordinate ascent on a grid, ties to the smaller shift."""
    lp = np.log(np.clip(p[:, :n], 1e-9, None))
    labels = GENRES[:n]
    grid = np.round(np.arange(-3.0, 3.01, 0.25), 2)
    best = np.zeros(n)
    for _ in range(2):
        for j in range(1, n):
            cands = []
            for g in grid:
                s = best.copy()
                s[j] = g
                cands.append((objective(gold, np.argmax(lp + s, axis=1), source, labels), -abs(g), g))
            best[j] = max(cands)[2]
    return best.astype(np.float32), objective(gold, np.argmax(lp + best, axis=1), source, labels)


def chunks(pool: Pool, rows: np.ndarray, seed: int, cache: D.EncodingCache) -> tuple[np.ndarray, np.ndarray]:
    """Section-sized chunks (3-8 sentences of whole paragraphs) of the given rows: vectors and owner row. With
    ``pool.pipeline``: runs of whole body paragraphs of the pipeline's own segmentation, pooled from its vectors."""
    rng = random.Random(seed)
    if pool.pipeline is not None:
        vecs, owners = [], []
        for k in rows:
            for v in pool.pipeline.chunks(pool.texts[k], CHUNKS_PER_ARTICLE, rng):
                vecs.append(v)
                owners.append(k)
        return (np.stack(vecs) if vecs else np.zeros((0, pool.x.shape[1]), np.float32)), np.array(owners, np.int64)
    texts, owner = [], []
    for k in rows:
        for c in D.section_chunks(pool.texts[k], CHUNKS_PER_ARTICLE, rng):
            texts.append(c)
            owner.append(k)
    return cache.pooled(texts), np.array(owner, dtype=np.int64)


def choose(pool: Pool, grid: list[dict[str, Any]], cache: D.EncodingCache,
           seeds: tuple[int, ...] = (13,)) -> list[dict[str, Any]]:
    """Out-of-fold J (documents) and J_sections (section-sized chunks) of each config, each with its own shift
    tuned on the same OOF predictions; configs are ranked by their mean ("oof_score")."""
    tr = pool.part == "train"
    out = []
    for cfg in grid:
        js, jss, parts = [], [], []
        for seed in seeds:
            xc, own = chunks(pool, np.flatnonzero(tr), seed, cache)
            p, pc = oof(pool, tr, cfg, seed, xc, own)
            assert pc is not None
            _, rows = tune_by_language(p, pool.y[tr], pool.source[tr], pool.lang[tr], cfg.get("per_language", False))
            pred = decide(p, rows)
            js.append(objective(pool.y[tr], pred, pool.source[tr]))
            jss.append(_section_tune(pc, pool, own)[1])
            parts.append(_oof_parts(pool.y[tr], pred, pool.source[tr], pool.lang[tr]))
        row = {**cfg, "oof_score": round(float(np.mean(js) + np.mean(jss)) / 2, 4),
               "oof_J": round(float(np.mean(js)), 4), "oof_J_sections": round(float(np.mean(jss)), 4),
               **{k: round(float(np.mean([q[k] for q in parts])), 4) for k in parts[0]}}
        # the quantities issue 12 sets targets for: news articles labelled reporting, SemEval opinion recall
        row["oof_targets"] = round((row["news_reporting"] + row["semeval_opinion_recall"]) / 2, 4)
        log.info("genre choice %s", row)
        out.append(row)
    return out


def _section_tune(pc: np.ndarray, pool: Pool, own: np.ndarray) -> tuple[np.ndarray, float]:
    """Section shift (reporting vs opinion; satire never) tuned on out-of-fold chunk predictions, and its J."""
    keep = pool.y[own] != SAT  # sections choose between reporting and opinion; satire is a document property
    two = pc[keep][:, :2] / pc[keep][:, :2].sum(axis=1, keepdims=True)
    sec2, j_sec = tune(two, pool.y[own][keep], pool.source[own][keep], n=2)
    return np.array([sec2[0], sec2[1], -30.0], np.float32), j_sec


def _oof_parts(gold: np.ndarray, pred: np.ndarray, source: np.ndarray, lang: np.ndarray) -> dict[str, float]:
    sem = source == "semeval"
    return {"news_reporting": float((pred[source != "semeval"] == REP).mean()),
            "semeval_opinion_recall": float((pred[sem & (gold == OPI)] == OPI).mean()),
            "semeval_macro_f1": macro(gold[sem], pred[sem]),
            "semeval_en_macro_f1": macro(gold[sem & (lang == "en")], pred[sem & (lang == "en")])}


def run_seed(pool: Pool, cfg: dict[str, Any], seed: int, cache: D.EncodingCache,
             shift_seeds: tuple[int, ...] | None = None) -> tuple[Head, dict[str, Any]]:
    """One replicate: folds -> OOF -> document and section shifts; fit on the whole training part; score the reported
    parts. ``shift_seeds`` (default ``(seed,)``): the fold seeds whose out-of-fold predictions, stacked, the shifts
    are tuned on (several seeds: the same articles under several fold assignments and chunk draws, so the chosen shift
    depends less on one assignment)."""
    tr = pool.part == "train"
    tr_rows = np.flatnonzero(tr)
    ps, pcs, owners = [], [], []
    drawn: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # each seed's section chunks, drawn once
    for sd in shift_seeds or (seed,):
        xc, own = drawn[sd] = chunks(pool, tr_rows, sd, cache)
        p, pc = oof(pool, tr, cfg, sd, xc, own)
        assert pc is not None
        ps.append(p)
        pcs.append(pc)
        owners.append(own)
    k = len(ps)
    y, src, lang = (np.tile(a[tr], k) for a in (pool.y, pool.source, pool.lang))
    p_all = np.concatenate(ps)
    shifts, rows = tune_by_language(p_all, y, src, lang, cfg.get("per_language", False))
    pred = decide(p_all, rows)
    j = objective(y, pred, src)
    section_shift, j_sec = _section_tune(np.concatenate(pcs), pool, np.concatenate(owners))
    xc, own = drawn[seed] if seed in drawn else chunks(pool, tr_rows, seed, cache)
    layers = as_shipped(fit_rows(pool, tr_rows, cfg, seed, xc, own))
    head = Head(GENRES, layers, "softmax", {**shifts, genre_mod.SECTION_KEY: section_shift})
    figures = report(pool, head, seed, cache)
    figures["oof"] = {"J": round(j, 4), "J_sections": round(j_sec, 4),
                      **{key: round(v, 4) for key, v in _oof_parts(y, pred, src, lang).items()}}
    figures["decision_shift"] = {key: v.tolist() for key, v in shifts.items()}
    figures["section_shift"] = section_shift.tolist()
    return head, figures


def replicate_seeds(n_shift_seeds: int, replicates: int = len(SEEDS)) -> list[tuple[int, ...]]:
    """The fold seeds of each replicate: ``n_shift_seeds`` consecutive seeds from 13 on, disjoint between replicates
    (one seed each: 13, 14, ..., 17, the replicates before shifts were tuned on several fold seeds)."""
    return [tuple(SEEDS[0] + n_shift_seeds * r + i for i in range(n_shift_seeds)) for r in range(replicates)]


def report(pool: Pool, head: Head, seed: int, cache: D.EncodingCache) -> dict[str, Any]:
    """Figures on the reported parts (SemEval validation, PolNeAR dev), for one head."""
    out: dict[str, Any] = {}
    val = pool.part == "val"
    pred = decide(head.proba(pool.x[val]), row_shifts(head, pool.lang[val]))
    gold, lang = pool.y[val], pool.lang[val]
    for lg in [*sorted(set(lang)), "all"]:
        m = np.ones(len(gold), bool) if lg == "all" else lang == lg
        out[f"macro_f1_{lg}"] = macro(gold[m], pred[m])
        out[f"n_{lg}"] = int(m.sum())
        op = m & (gold == OPI)
        out[f"opinion_recall_{lg}"] = float((pred[op] == OPI).mean())
        out[f"n_opinion_{lg}"] = int(op.sum())
    sat = gold == SAT
    out["satire_recall_all"] = float((pred[sat] == SAT).mean())
    out["n_satire_all"] = int(sat.sum())
    out["reporting_recall_all"] = float((pred[gold == REP] == REP).mean())
    out["n_reporting_all"] = int((gold == REP).sum())
    rep = np.flatnonzero(pool.part == "report")
    out["polnear_dev_reporting"] = float((decide(head.proba(pool.x[rep]), head.threshold("en")) == REP).mean())
    out["n_polnear_dev"] = len(rep)
    # sections: section-sized chunks (fixed seed 13, the same chunks for every model) with the section decision
    xc, own = chunks(pool, rep, 13, cache)
    out["polnear_dev_chunks_reporting"] = float((decide(head.proba(xc), head.thresholds[genre_mod.SECTION_KEY])
                                                 == REP).mean())
    out["n_polnear_dev_chunks"] = len(own)
    vrows = np.flatnonzero(val & (pool.y != SAT))
    xc, own = chunks(pool, vrows, 13, cache)
    cp = decide(head.proba(xc), head.thresholds[genre_mod.SECTION_KEY])
    cg = pool.y[own]
    out["val_chunks_opinion_recall"] = float((cp[cg == OPI] == OPI).mean())
    out["n_val_opinion_chunks"] = int((cg == OPI).sum())
    out["val_chunks_macro_f1_rep_op"] = macro(cg, np.minimum(cp, 1), GENRES[:2])
    out["n_val_chunks"] = len(own)
    return out


_N = {"satire_recall_all": "n_satire_all", "reporting_recall_all": "n_reporting_all",
      "polnear_dev_reporting": "n_polnear_dev", "polnear_dev_chunks_reporting": "n_polnear_dev_chunks",
      "val_chunks_opinion_recall": "n_val_opinion_chunks", "val_chunks_macro_f1_rep_op": "n_val_chunks"}


def _n_key(k: str) -> str | None:
    if k.startswith("macro_f1_"):
        return "n_" + k[len("macro_f1_"):]
    if k.startswith("opinion_recall_"):
        return "n_opinion_" + k[len("opinion_recall_"):]
    return _N.get(k)


def summarise(per_seed: list[dict[str, Any]]) -> dict[str, Any]:
    """{figure: {"mean", "sd", "n", "values"}} over seeds (sd with ddof=1)."""
    out: dict[str, Any] = {}
    for k, v in per_seed[0].items():
        if isinstance(v, float) and not k.startswith("n_"):
            vals = [float(s[k]) for s in per_seed]
            out[k] = {"mean": round(float(np.mean(vals)), 4), "sd": round(float(np.std(vals, ddof=1)), 4),
                      "n": per_seed[0].get(_n_key(k) or "", None), "values": [round(x, 4) for x in vals]}
    return out
