"""Fit the genre layer's section rule over voice shares: src/unspin/models/genre/voice_rule.json.

    PYTHONPATH=src python -m training.genre_voice [--data DIR] [--rebuild]

A body section's genre decision adds ``w_comment * comment + w_reported * reported + bias`` (its voice shares) to
the genre head's opinion log-score (see :func:`unspin.components.genre.voice_term`). The three numbers are chosen
by a grid on the genre layer's English training articles only: PolNeAR train and BASIL train (hard news:
reporting; ``splits/genre_news.json``) and SemEval-2023 T3 English train articles outside the validation split
(``splits/semeval23.json``; their reporting/opinion label is every body section's; satire left out). Never on
PolNeAR dev or SemEval validation, which stay the reporting parts (``bench/eval_textcat.py --pipeline``).

Objective (as the genre head's choices): J = mean of (share of the hard-news sections labelled reporting, recall of
SemEval opinion sections, SemEval macro-F1 over reporting/opinion sections); ties go to the smallest weights. The
weights (0, 0, 0) are in the grid, so the rule can only be kept when it helps on the training articles. Caveat:
the genre head was fitted on these articles, so its probabilities here are in-sample (more confident than on new
text); the fitted voice weights are therefore, if anything, too small.

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


def section_rows(cache: Path, rebuild: bool) -> list[dict[str, Any]]:
    """Per body section: source, gold label, head log-probabilities (with the section shift) and voice shares."""
    from unspin import Analyzer
    from unspin.components import genre as G
    from unspin.components.vectors import vectors_in
    from unspin.ml.heads import load_head

    path = cache / "sections.jsonl"
    if path.exists() and not rebuild:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    an = Analyzer(LAYERS)
    head = load_head("genre")
    shift = head.thresholds[G.SECTION_KEY][[head.labels.index(x) for x in G.LABELS]]
    rows, t0 = [], time.time()
    arts = articles()
    for n, (source, aid, text, label) in enumerate(arts, 1):
        doc = an(text.encode("utf-8"))
        for sec in doc.body_sections():
            vec = vectors_in(doc, sec)
            if not len(vec) or sec.voice is None:
                continue
            lp = np.log(np.clip(G.probabilities_from_vectors([vec], doc.language)[0], 1e-9, None)) + shift
            rows.append({"source": source, "id": aid, "gold": label, "lang": doc.language,
                         "logp": [round(float(v), 5) for v in lp], "voice": sec.voice})
        if n % 100 == 0:
            log.info("%d/%d articles (%.0f s)", n, len(arts), time.time() - t0)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return rows


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
    return {**parts, "J": float(np.mean(list(parts.values())))}


def decide(rows: list[dict[str, Any]], wc: float, wr: float, bias: float) -> np.ndarray:
    from unspin.components.genre import LABELS

    lp = np.array([r["logp"] for r in rows])
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
    rows = section_rows(args.cache, args.rebuild)
    base = objective(rows, decide(rows, 0.0, 0.0, 0.0))
    best: tuple[float, float, float, float] | None = None
    for wc, wr, b in itertools.product(W_COMMENT, W_REPORTED, BIAS):
        j = objective(rows, decide(rows, wc, wr, b))["J"]
        key = (round(j, 6), -(abs(wc) + abs(wr) + abs(b)))
        if best is None or key > (round(best[0], 6), -(abs(best[1]) + abs(best[2]) + abs(best[3]))):
            best = (j, wc, wr, b)
    assert best is not None
    _, wc, wr, b = best
    fitted = objective(rows, decide(rows, wc, wr, b))
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
        "pipeline": LAYERS, "trained": time.strftime("%Y-%m-%d"), "command": "python -m training.genre_voice",
    }
    RULE.write_text(json.dumps(rule, indent=1) + "\n", encoding="utf-8")
    print(f"sections {counts}\nwithout voice {rule['objective_without_voice']}\n"
          f"with voice (comment {wc}, reported {wr}, bias {b}) {rule['objective_with_voice']}\nwrote {RULE}")


if __name__ == "__main__":
    main()
