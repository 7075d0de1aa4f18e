"""Time of the four text-classification layers on a synthetic ~800-word article, as ratios to baselines.

    PYTHONPATH=src python bench/bench_textcat.py [--repeat 30]

Timed (median of --repeat runs, after a warm-up that loads every model):
  * encoder: encoding every sentence once (the shared cost);
  * heads: the four layers from those vectors (document genre + frames, section genre, paragraph techniques,
    sentence claims): what the pipeline adds on top of the encoder;
  * encode-once total = encoder + heads: the pipeline path;
  * text API: the four plain-text functions, each encoding its own input (what NOT to do in the pipeline).
Ratios are against the encoder alone and against a nominal 50 ms base pipeline for an 800-word article.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

from unspin.components import claims, frames, genre  # noqa: E402
from unspin.components import paragraph_persuasion as paragraphs
from unspin.ml import encoder  # noqa: E402

BASE_MS = 50.0  # the base pipeline's cost on an 800-word article (40-60 ms measured by the core team)
_SUBJECTS = ["The minister", "Officials in Brussels", "The central bank", "Senator Ruiz", "The city council",
             "Local residents", "The company", "Critics of the plan"]
_VERBS = ["said on Tuesday that", "argued that", "announced that", "warned that", "insisted that"]
_TAILS = ["the budget would grow by 4.2 percent in 2025", "the new rules were a disgrace to every taxpayer",
          "nearly 3,000 jobs could be lost by March", "the reform had been rushed through without any debate",
          "prices had risen faster than wages for the third year in a row", "the decision was a betrayal of voters",
          "the project would cost about 1.8 billion euros", "nobody in the government had read the report"]


def synthetic_article(words: int = 800, seed: int = 7) -> list[list[str]]:
    """Paragraphs of sentences, ~``words`` words in total."""
    rng = random.Random(seed)
    paras: list[list[str]] = []
    n = 0
    while n < words:
        para = []
        for _ in range(rng.randint(2, 5)):
            s = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_TAILS)}."
            para.append(s)
            n += len(s.split())
        paras.append(para)
    return paras


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: model loads, caches
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    paras = synthetic_article()
    sents = [s for p in paras for s in p]
    words = sum(len(s.split()) for s in sents)
    para_texts = [" ".join(p) for p in paras]
    third = max(1, len(paras) // 3)
    sections = [paras[i : i + third] for i in range(0, len(paras), third)]

    def encode_only() -> np.ndarray:
        return encoder.encode(sents)

    vecs = encode_only()
    # row ranges of each paragraph / section in the sentence matrix
    bounds, i = [], 0
    for p in paras:
        bounds.append((i, i + len(p)))
        i += len(p)

    def heads_only() -> None:
        claims.score_from_vectors(vecs, sents)
        para_vecs = [vecs[a:b] for a, b in bounds]
        paragraphs.predict_from_vectors(para_vecs, "en")
        sec_vecs, k = [], 0
        for sec in sections:
            sec_vecs.append(vecs[bounds[k][0] : bounds[k + len(sec) - 1][1]])
            k += len(sec)
        genre.predict_from_vectors([vecs, *sec_vecs], "en")
        frames.predict_from_vectors([vecs], "en")

    def pipeline() -> None:
        nonlocal vecs
        vecs = encode_only()
        heads_only()

    def text_api() -> None:
        doc = "\n".join(para_texts)
        claims.score(sents)
        paragraphs.predict(para_texts, "en")
        genre.predict([doc, *["\n".join(" ".join(p) for p in sec) for sec in sections]], "en")
        frames.predict([doc], "en")

    t_enc = median_ms(encode_only, args.repeat)
    t_heads = median_ms(heads_only, args.repeat)
    t_pipe = median_ms(pipeline, args.repeat)
    t_text = median_ms(text_api, max(5, args.repeat // 3))
    print(f"synthetic article: {words} words, {len(sents)} sentences, {len(paras)} paragraphs, {len(sections)} "
          f"sections; threads={os.environ.get('UNSPIN_TEXTCAT_THREADS', '1')}")
    print(f"{'path':40s} {'median ms':>10s} {'x encoder':>10s} {'x 50 ms base':>13s}")
    for name, t in (("encoder alone (all sentences once)", t_enc), ("four heads from vectors", t_heads),
                    ("encode once + four heads (pipeline)", t_pipe), ("plain-text API, each layer encodes", t_text)):
        print(f"{name:40s} {t:10.1f} {t / t_enc:10.2f} {t / BASE_MS:13.2f}")
    print(f"encoder throughput: {len(sents) / t_enc * 1000:.0f} sentences/s")


if __name__ == "__main__":
    main()
