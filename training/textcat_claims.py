"""Check-worthiness head: validation by year, variants and threshold chosen on CT24 dev, figures on CT24 dev-test.

Training data (every variant drops any text identical to a CT24 dev or dev-test text):
  * ``ct24``: CheckThat! 2024 task 1 English train (debate and speech sentences, all 22,501 rows);
  * ``tweets``: CheckThat! 2021 and 2022 task 1A English tweets (train/dev/dev_test files; test gold never read);
  * ``debates21``: CheckThat! 2021 task 1B English debates/speeches (train and dev files);
  * ``arabic``: CheckThat! 2024 task 1 Arabic tweets (train and dev files).
Tuning part: CT24 English dev (the variant, the model kind and the threshold are chosen there).
Reporting part: CT24 English dev-test (touched by no choice), mean and sd over seeds of the fit.
New-sample figure: a head trained without any CT24 data, its threshold tuned on the non-CT24 tuning rows (CT21 1B
dev + CT22 1A dev_test), scored on CT24 dev-test.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from training import textcat_data as D
from training import textcat_fit as F
from unspin.benchmarks import formats, scoring
from unspin.components import claims as claims_mod

log = logging.getLogger("training.textcat")
Rows = list[formats.CheckThatRow]
SEEDS = (13, 14, 15, 16, 17)


def load_sets() -> dict[str, Rows]:
    data = D.load_checkthat()
    held = data["ct24_dev"] + data["ct24_devtest"]
    d21 = D.load_ct21_debates("train")
    ct22_dt = [r for r in data["tweets"] if r.id in _ct22_dev_test_ids()]
    return {
        "ct24": D.dedupe_against(data["ct24_train"], held),
        "tweets": D.dedupe_against([r for r in data["tweets"] if r.id not in {x.id for x in ct22_dt}], held),
        "debates21": D.dedupe_against(d21, held),
        "arabic": D.load_ct24_arabic("train") + D.load_ct24_arabic("dev"),
        # tuning rows of the new-sample head only (no CT24): CT21 1B dev and CT22 1A dev_test
        "nonct24_tune": D.dedupe_against(D.load_ct21_debates("dev") + ct22_dt, held),
        "ct24_dev": data["ct24_dev"], "ct24_devtest": data["ct24_devtest"],
    }


def _ct22_dev_test_ids() -> set[str]:
    p = D.ct_dir() / "ct22_task1a_en" / "CT22_english_1A_checkworthy_dev_test.tsv"
    import csv

    return {r.id for r in formats.read_checkthat(p, quoting=csv.QUOTE_NONE)}


class Features:
    def __init__(self, cache: D.EncodingCache) -> None:
        self.cache = cache

    def __call__(self, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
        texts = [r.text for r in rows]
        x = np.concatenate([self.cache.encode(texts, log=log), claims_mod.features(texts)], axis=1)
        return x, np.array([int(bool(r.label)) for r in rows])


def f1_at(y: np.ndarray, p: np.ndarray, thr: float) -> dict[str, float]:
    s = scoring.positive_f1(dict(enumerate(y.astype(bool))), dict(enumerate(p >= thr)))
    return {"f1": s.f1, "precision": s.precision, "recall": s.recall}


def fit_variant(sets: dict[str, Rows], feats: Features, parts: tuple[str, ...], cfg: dict[str, Any],
                seed: int) -> list[Any]:
    rows = [r for part in parts for r in sets[part]]
    x, y = feats(rows)
    layers = F.fit(x, y, kind=cfg["kind"], multilabel=False, c=cfg["c"], hidden=cfg["hidden"], seed=seed)
    return [(w.astype(np.float16).astype(np.float32), b) for w, b in layers]  # as the shipped file holds them


def run(sets: dict[str, Rows], feats: Features, parts: tuple[str, ...], cfg: dict[str, Any], seed: int,
        tune_on: str = "ct24_dev") -> tuple[list[Any], dict[str, Any]]:
    """Fit, tune the threshold on ``tune_on``, score dev and dev-test."""
    layers = fit_variant(sets, feats, parts, cfg, seed)
    xt, yt = feats(sets[tune_on])
    thr = F.tune_binary(yt, F.forward(layers, xt, "sigmoid")[:, 0])
    out: dict[str, Any] = {"threshold": thr}
    for name in ("ct24_dev", "ct24_devtest"):
        x, y = feats(sets[name])
        out[name] = f1_at(y, F.forward(layers, x, "sigmoid")[:, 0], thr)
    return layers, out


def new_sample(sets: dict[str, Rows], feats: Features, parts: tuple[str, ...], cfg: dict[str, Any],
               seeds: tuple[int, ...]) -> dict[str, Any]:
    """Heads trained without any CT24 data, scored on CT24 dev-test two ways: with a threshold tuned on non-CT24
    rows (CT21 1B dev + CT22 1A dev_test: nothing of CT24 at all), and with one tuned on CT24 dev (the ranking is
    new-sample, the operating point is not); plus average precision on dev-test (threshold-free)."""
    from sklearn.metrics import average_precision_score

    own, dev_thr, ap = [], [], []
    xd, yd = feats(sets["ct24_dev"])
    xt, yt = feats(sets["ct24_devtest"])
    xn, yn = feats(sets["nonct24_tune"])
    for seed in seeds:
        layers = fit_variant(sets, feats, parts, cfg, seed)
        pt = F.forward(layers, xt, "sigmoid")[:, 0]
        own.append({"ct24_devtest": f1_at(yt, pt, F.tune_binary(yn, F.forward(layers, xn, "sigmoid")[:, 0]))})
        dev_thr.append({"ct24_devtest": f1_at(yt, pt, F.tune_binary(yd, F.forward(layers, xd, "sigmoid")[:, 0]))})
        ap.append(float(average_precision_score(yt, pt)))
        log.info("claims new-sample seed %d: %s / %s, AP %.3f", seed, own[-1], dev_thr[-1], ap[-1])
    return {"own_threshold": spread(own, "ct24_devtest"), "dev_threshold": spread(dev_thr, "ct24_devtest"),
            "average_precision": {"mean": round(float(np.mean(ap)), 4), "sd": round(float(np.std(ap, ddof=1)), 4),
                                  "values": [round(v, 4) for v in ap]}}


def choose(sets: dict[str, Rows], feats: Features, variants: list[tuple[str, ...]], cfgs: list[dict[str, Any]],
           seeds: tuple[int, ...] = (13, 14)) -> list[dict[str, Any]]:
    """CT24 dev F1 (threshold tuned on dev) of each variant and model, mean over seeds. dev-test is not scored."""
    out = []
    for parts in variants:
        for cfg in cfgs:
            f1s = []
            for seed in seeds:
                layers = fit_variant(sets, feats, parts, cfg, seed)
                x, y = feats(sets["ct24_dev"])
                p = F.forward(layers, x, "sigmoid")[:, 0]
                f1s.append(f1_at(y, p, F.tune_binary(y, p))["f1"])
            row = {"parts": "+".join(parts), **cfg, "dev_f1": round(float(np.mean(f1s)), 4)}
            log.info("claims choice %s", row)
            out.append(row)
    return out


def spread(results: list[dict[str, Any]], key: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in ("f1", "precision", "recall"):
        vals = [r[key][m] for r in results]
        out[m] = {"mean": round(float(np.mean(vals)), 4), "sd": round(float(np.std(vals, ddof=1)), 4),
                  "values": [round(v, 4) for v in vals]}
    return out
