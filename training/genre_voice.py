"""Fit the genre layer's section rule over voice shares: src/unspin/models/genre/voice_rule.json.

    PYTHONPATH=src python -m training.genre_voice [--data DIR] [--rebuild]

A body section's genre decision adds ``w_comment * comment + w_reported * reported + bias`` (its voice shares) to
the genre head's opinion log-score (see :func:`unspin.components.genre.voice_term`). The three numbers are chosen
by a grid on the genre layer's English training articles only: PolNeAR train and BASIL train (hard news:
reporting; ``splits/genre_news.json``) and SemEval-2023 T3 English train articles outside the validation split
(``splits/semeval23.json``; their reporting/opinion label is every body section's; satire left out). Never on
PolNeAR dev or SemEval validation, which stay the reporting parts (``bench/eval_textcat.py --pipeline``).

Objective: the two quantities issue 12 sets targets for, J = mean of (share of the hard-news sections labelled
reporting, recall of SemEval opinion sections), out-of-fold on the training articles; ties go to the smallest
weights. The weights (0, 0, 0) are in the grid, so the rule can only be kept when it helps on the training
articles. (The genre head's own J adds SemEval macro-F1 over reporting/opinion; on English sections that term
rests on few reporting articles, and with it the grid traded news sections for it: out-of-fold news reporting
0.911 -> 0.890. It is recorded in the rule file as ``J_genre``.)

The genre head was fitted on these very articles, so its own probabilities here would be in-sample (surer than on
new text, and the rule would learn to trust the head too much). The rule is therefore fitted on out-of-fold head
probabilities: the genre head's configuration (``models/genre/head.npz`` meta) refitted on 5 folds of its training
part by article (``training.textcat_genre.oof``, fold seed 13), each section scored by the head that did not see
its article. The spread is J of the chosen rule on the out-of-fold probabilities of 4 more fold seeds. Caveat:
the quotes layer was fitted on PolNeAR train, so its relations on those articles are in-sample.

Every article runs through the real pipeline (structure, language, entities, sentence-vectors, quotes,
subjectivity, voice); per-section head probabilities and shares are cached in build/genre_voice/ (rerun with
--rebuild after a model changes).
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np

from training import textcat_data as D
from training.paths import PACKAGE, REPO
from unspin.benchmarks import scoring

log = logging.getLogger("training.genre_voice")
LAYERS = ["structure", "language", "entities", "sentence-vectors", "quotes", "subjectivity", "voice"]
RULE = PACKAGE / "models" / "genre" / "voice_rule.json"
W_COMMENT = (0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0)
W_REPORTED = (0.0, -0.5, -1.0, -2.0, -3.0, -4.0, -6.0, -8.0)
BIAS = tuple(float(b) for b in np.round(np.arange(-4.0, 4.01, 0.25), 2))
SEEDS = (13, 14, 15, 16, 17)


def articles() -> list[tuple[str, str, str, str]]:
    """(source, id, text, label) of the English training articles: hard news (reporting) and SemEval en train."""
    split = D.genre_split()
    basil = set(split["basil_train"])
    out = [("polnear", a.id, a.text, "reporting") for a in D.load_polnear("train")]
    out += [("basil", a.id, a.text, "reporting") for a in D.load_basil() if a.id in basil]
    val = D.semeval_split()["en"]
    out += [("semeval", a.id, a.text, a.genre) for a in D.load_articles("en")
            if a.genre in ("reporting", "opinion") and a.id not in val]
    return out


def section_rows(cache: Path, rebuild: bool) -> tuple[list[dict[str, Any]], np.ndarray]:
    """Per body section: source, article, gold label, voice shares; and the sections' pooled sentence vectors."""
    from unspin import Analyzer
    from unspin.components.vectors import vectors_in
    from unspin.ml.encoder import pool

    path, vpath = cache / "sections.jsonl", cache / "sections.npy"
    if path.exists() and vpath.exists() and not rebuild:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()], np.load(vpath)
    an = Analyzer(LAYERS)
    rows, vectors, t0 = [], [], time.time()
    arts = articles()
    for n, (source, aid, text, label) in enumerate(arts, 1):
        doc = an(text.encode("utf-8"))
        for sec in doc.body_sections():
            vec = vectors_in(doc, sec)
            if not len(vec) or sec.voice is None:
                continue
            rows.append({"source": source, "id": aid, "gold": label, "lang": doc.language, "voice": sec.voice,
                         "article": n - 1})
            vectors.append(pool(vec))
        if n % 100 == 0:
            log.info("%d/%d articles (%.0f s)", n, len(arts), time.time() - t0)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    np.save(vpath, np.array(vectors, dtype=np.float32))
    return rows, np.array(vectors, dtype=np.float32)


def oof_logp(rows: list[dict[str, Any]], vectors: np.ndarray, seed: int, cache: Path) -> np.ndarray:
    """Section log-scores (with the shipped section shift) from genre heads that did not see the section's article."""
    from training import textcat_genre as TG
    from unspin.components import genre as G
    from unspin.ml.heads import load_head

    head = load_head("genre")
    cfg = {k: head.meta["config"][k] for k in ("kind", "c", "news_weight", "chunk_weight", "hidden")}
    fit_vectors = head.meta["config"].get("fit_vectors", "text")  # the vectors the shipped head was fitted on
    gpool = TG.build_pool(D.EncodingCache(cache.parent / "textcat" / "cache"), fit_vectors, fit_vectors)
    index = {t: i for i, t in enumerate(gpool.texts) if gpool.part[i] == "train"}
    arts = articles()
    owner = np.array([index[arts[r["article"]][2]] for r in rows])
    _, pe = TG.oof(gpool, gpool.part == "train", cfg, seed, vectors, owner)
    assert pe is not None
    shift = head.thresholds[G.SECTION_KEY]
    lp = np.log(np.clip(pe, 1e-9, None)) + shift
    order = [TG.GENRES.index(x) for x in G.LABELS]
    return lp[:, order]


def objective(rows: list[dict[str, Any]], pred: np.ndarray) -> dict[str, float]:
    src = np.array([r["source"] for r in rows])
    gold = np.array([r["gold"] for r in rows])
    news = src != "semeval"
    sem = ~news
    opinion = sem & (gold == "opinion")
    macro = scoring.macro_f1({i: gold[i] for i in np.flatnonzero(sem)}, {i: pred[i] for i in np.flatnonzero(sem)},
                             ("reporting", "opinion")).f1
    parts = {"news_reporting": float((pred[news] == "reporting").mean()),
             "semeval_opinion_recall": float((pred[opinion] == "opinion").mean()), "semeval_macro_f1": macro}
    return {**parts, "J": (parts["news_reporting"] + parts["semeval_opinion_recall"]) / 2,
            "J_genre": float(np.mean(list(parts.values())))}


def decide(rows: list[dict[str, Any]], logp: np.ndarray, wc: float, wr: float, bias: float) -> np.ndarray:
    from unspin.components.genre import LABELS

    lp = logp.copy()
    shares = np.array([[r["voice"]["comment"], r["voice"]["reported"]] for r in rows])
    lp[:, LABELS.index("opinion")] += wc * shares[:, 0] + wr * shares[:, 1] + bias
    return np.array(LABELS)[np.argmax(lp, axis=1)]


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--cache", type=Path, default=REPO / "build" / "genre_voice")
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args(argv)
    if args.data:
        os.environ["UNSPIN_DATA"] = str(args.data)
    rows, vectors = section_rows(args.cache, args.rebuild)
    logp = {seed: oof_logp(rows, vectors, seed, args.cache) for seed in SEEDS}
    lp = logp[SEEDS[0]]
    base = objective(rows, decide(rows, lp, 0.0, 0.0, 0.0))
    best: tuple[float, float, float, float] | None = None
    for wc, wr, b in itertools.product(W_COMMENT, W_REPORTED, BIAS):
        j = objective(rows, decide(rows, lp, wc, wr, b))["J"]
        key = (round(j, 6), -(abs(wc) + abs(wr) + abs(b)))
        if best is None or key > (round(best[0], 6), -(abs(best[1]) + abs(best[2]) + abs(best[3]))):
            best = (j, wc, wr, b)
    assert best is not None
    _, wc, wr, b = best
    fitted = objective(rows, decide(rows, lp, wc, wr, b))
    spread = {"J_without_voice": [round(objective(rows, decide(rows, logp[sd], 0.0, 0.0, 0.0))["J"], 4)
                                  for sd in SEEDS],
              "J_with_voice": [round(objective(rows, decide(rows, logp[sd], wc, wr, b))["J"], 4) for sd in SEEDS],
              "news_reporting_without_voice": [round(objective(rows, decide(rows, logp[sd], 0.0, 0.0, 0.0))[
                  "news_reporting"], 4) for sd in SEEDS],
              "news_reporting_with_voice": [round(objective(rows, decide(rows, logp[sd], wc, wr, b))[
                  "news_reporting"], 4) for sd in SEEDS]}
    counts = {s: sum(1 for r in rows if r["source"] == s) for s in ("polnear", "basil", "semeval")}
    rule = {
        "description": "Genre section rule over voice shares: added to the opinion log-score of a body section "
                       "(after the head's section shift): sum(weights[k] * share[k]) + bias. Fitted by "
                       "`python -m training.genre_voice` on English training sections only (PolNeAR train, BASIL "
                       "train, SemEval-2023 T3 en train outside validation); never on PolNeAR dev or SemEval "
                       "validation.",
        "languages": ["en"], "weights": {"comment": wc, "reported": wr}, "bias": b,
        "training_sections": counts, "objective_without_voice": {k: round(v, 4) for k, v in base.items()},
        "objective_with_voice": {k: round(v, 4) for k, v in fitted.items()},
        "out_of_fold": f"genre head refitted on 5 folds by article; rule chosen on fold seed {SEEDS[0]}; per fold "
                       f"seed {list(SEEDS)} below", "by_fold_seed": spread,
        "pipeline": LAYERS, "trained": time.strftime("%Y-%m-%d"), "command": "python -m training.genre_voice",
    }
    RULE.write_text(json.dumps(rule, indent=1) + "\n", encoding="utf-8")
    print(f"sections {counts}\nwithout voice {rule['objective_without_voice']}\n"
          f"with voice (comment {wc}, reported {wr}, bias {b}) {rule['objective_with_voice']}\nwrote {RULE}")


if __name__ == "__main__":
    main()
