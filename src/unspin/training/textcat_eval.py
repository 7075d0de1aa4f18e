"""Score the SHIPPED text-classification layers on their validation splits through the runtime API.

Used by ``bench/eval_textcat.py``. Independent of training: it reads the split files, encodes the validation
texts (through the encoding cache when one exists), and calls the same ``*_from_vectors`` functions the pipeline
uses, so it checks the shipped files end to end. Never touches training rows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from unspin.textcat import claims, encoder, frames, genre, paragraphs, scoring
from unspin.textcat.heads import normalise_lang
from unspin.training import textcat_data as D

Row = tuple[str, str, str, float, int]  # layer, language / split, metric, value, n


def _sentence_vectors(texts: list[str], encode: Callable[[list[str]], np.ndarray]) -> list[np.ndarray]:
    groups = [encoder.split_sentences(t) or [t] for t in texts]
    flat = encode([s for g in groups for s in g])
    out, i = [], 0
    for g in groups:
        out.append(flat[i : i + len(g)])
        i += len(g)
    return out


def eval_genre(encode: Callable[[list[str]], np.ndarray]) -> list[Row]:
    val = D.semeval_split()
    rows: list[Row] = []
    gold_all: dict[str, str] = {}
    pred_all: dict[str, str] = {}
    for lang in D.LANGS:
        arts = [a for a in D.load_articles(lang) if a.genre and a.id in val[lang]]
        preds = genre.predict_from_vectors(_sentence_vectors([a.text for a in arts], encode), lang)
        gold = {a.id: str(a.genre) for a in arts}
        pred = {a.id: p[0] for a, p in zip(arts, preds, strict=True)}
        rows.append(("genre", str(normalise_lang(lang)), "macro-F1", scoring.macro_f1(gold, pred, genre.LABELS).f1,
                     len(arts)))
        gold_all.update({f"{lang}:{k}": v for k, v in gold.items()})
        pred_all.update({f"{lang}:{k}": v for k, v in pred.items()})
    rows.append(("genre", "all", "macro-F1", scoring.macro_f1(gold_all, pred_all, genre.LABELS).f1, len(gold_all)))
    return rows


def _eval_multilabel(layer: str, items: dict[str, list[tuple[str, str, list[str]]]],
                     predict: Callable[[list[np.ndarray], str], list[list[tuple[str, float]]]],
                     encode: Callable[[list[str]], np.ndarray]) -> list[Row]:
    rows: list[Row] = []
    gold_all: dict[str, list[str]] = {}
    pred_all: dict[str, list[str]] = {}
    for lang, its in items.items():
        preds = predict(_sentence_vectors([t for _, t, _ in its], encode), lang)
        gold = {k: g for k, _, g in its}
        pred = {k: [x for x, _ in p] for (k, _, _), p in zip(its, preds, strict=True)}
        rows.append((layer, str(normalise_lang(lang)), "micro-F1", scoring.micro_f1(gold, pred).f1, len(its)))
        gold_all.update({f"{lang}:{k}": v for k, v in gold.items()})
        pred_all.update({f"{lang}:{k}": v for k, v in pred.items()})
    rows.append((layer, "all", "micro-F1", scoring.micro_f1(gold_all, pred_all).f1, len(gold_all)))
    return rows


def eval_frames(encode: Callable[[list[str]], np.ndarray]) -> list[Row]:
    val = D.semeval_split()
    items = {lang: [(a.id, a.text, a.frames or []) for a in D.load_articles(lang)
                    if a.frames is not None and a.id in val[lang]] for lang in D.LANGS}
    return _eval_multilabel("frames", items, frames.predict_from_vectors, encode)


def eval_paragraphs(encode: Callable[[list[str]], np.ndarray]) -> list[Row]:
    val = D.semeval_split()
    items = {lang: [(f"{p.article}:{p.no}", p.text, p.techniques) for p in D.load_paragraphs(lang)
                    if p.article in val[lang]] for lang in D.LANGS}
    return _eval_multilabel("paragraphs", items, paragraphs.predict_from_vectors, encode)


def eval_claims(encode: Callable[[list[str]], np.ndarray]) -> list[Row]:
    data = D.load_checkthat()
    split = D.checkthat_split(data)
    sets = {"CT24 dev": data["ct24_dev"], "CT24 dev-test": data["ct24_devtest"],
            "CT24 dev+dev-test": data["ct24_dev"] + data["ct24_devtest"],
            "CT24 train calibration block*": [r for r in data["ct24_train"] if r.id in split["calibration"]]}
    rows: list[Row] = []
    thr = claims.threshold()
    for name, rs in sets.items():
        texts = [r.text for r in rs]
        s = claims.score_from_vectors(encode(texts), texts)
        f = scoring.positive_f1({i: bool(r.label) for i, r in enumerate(rs)},
                                {i: bool(x >= thr) for i, x in enumerate(s)})
        rows.append(("claims", name, "F1 (positive)", f.f1, len(rs)))
    return rows


LAYERS = {"genre": eval_genre, "frames": eval_frames, "claims": eval_claims, "paragraphs": eval_paragraphs}
