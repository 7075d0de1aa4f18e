"""What each layer adds to `unspin analyze` on ~800-word articles, as ratios in one process.

Runs the default pipeline with and without the four text-classification layers (sentence-vectors,
claims, genre, frames, paragraph-persuasion), without persuasion, and without each layer of issue 16 (``quotes``,
``subjectivity``, ``voice``) in turn, on the same articles; each such layer's share is its saving over the full
pipeline's time. Dropping a layer drops the layers that require it (voice without quotes or subjectivity), and
the line says so. Roles and narratives (issue 17) are timed alone on the rest of the pipeline's output, interleaved
per round.

    python bench/bench_layers.py [--articles 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from corpus import corpus  # noqa: E402

from unspin import Analyzer, Document  # noqa: E402
from unspin.config import load_options  # noqa: E402

TEXTCAT = ["sentence-vectors", "claims", "genre", "frames", "paragraph-persuasion"]
# Layers whose share of the time is printed one by one (dropping one drops the layers that require it).
SHARED = ["quotes", "subjectivity", "voice"]
NARRATIVE = ["roles", "narratives"]  # issue 17's layers: timed alone on the rest's output (narrative_layers_ratio)


def without(layers: list[str], drop: list[str]) -> list[str]:
    """``layers`` less ``drop`` and, transitively, every layer that requires what a dropped layer assigns."""
    from unspin import registry

    gone = set(drop)
    kept: list[str] = []
    lost: set[str] = set()
    for name in layers:
        spec = registry.get(name)
        if name in gone or any(r in lost for r in spec.requires):
            lost.update(spec.assigns)
            continue
        kept.append(name)
    return kept


def per_article_ms(analyzer: Analyzer, texts: list[str], rounds: int = 3) -> float:
    analyzer(Document.from_text(texts[0]))  # load models outside the timing
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        for text in texts:
            analyzer(Document.from_text(text))
        times.append((time.perf_counter() - t) / len(texts) * 1000)
    return statistics.median(times)


def narrative_layers_ratio(texts: list[str], rounds: int = 3) -> tuple[float, float]:
    """ms per article of the rest of the pipeline, and of roles + narratives alone on its output (interleaved per
    round, so a busy machine slows both alike); the pipeline-with/without difference drowns in noise on a shared
    machine, this does not."""
    import copy

    from unspin import registry

    full = list(load_options().layers)
    rest = Analyzer([x for x in full if x not in NARRATIVE])
    docs = [rest(Document.from_text(t)) for t in texts]
    pipes = [registry.get(n).factory(dict(registry.get(n).default_config)) for n in NARRATIVE]
    for pipe in pipes:
        pipe(copy.deepcopy(docs[0]))
    rest_ms, layer_ms = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        for text in texts:
            rest(Document.from_text(text))
        rest_ms.append((time.perf_counter() - t) / len(texts) * 1000)
        copies = [copy.deepcopy(d) for d in docs]
        t = time.perf_counter()
        for d in copies:
            for pipe in pipes:
                pipe(d)
        layer_ms.append((time.perf_counter() - t) / len(texts) * 1000)
    return statistics.median(rest_ms), statistics.median(layer_ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    args = parser.parse_args()
    texts = corpus(args.articles)
    full = list(load_options().layers)
    variants = {
        "full default pipeline": full,
        "without the four text-classification layers": without(full, TEXTCAT),
        "without persuasion and the four layers (base)": without(full, [*TEXTCAT, "persuasion"]),
    }
    for layer in SHARED:
        if layer in full:
            rest = without(full, [layer])
            also = [x for x in full if x not in rest and x != layer]
            variants[f"without {layer}" + (f" (and {', '.join(also)})" if also else "")] = rest
    ms = {name: per_article_ms(Analyzer(layers), texts) for name, layers in variants.items()}
    base = ms["without the four text-classification layers"]
    print(f"{len(texts)} articles of ~{sum(len(t.split()) for t in texts) // len(texts)} words, 1 process")
    print(f"{'pipeline':<48} {'ms/article':>10} {'vs. without the four':>22}")
    for name, value in ms.items():
        print(f"{name:<48} {value:>10.1f} {value / base:>21.2f}×")
    print(f"the four layers add {ms['full default pipeline'] / base - 1:+.0%} to `unspin analyze`")
    total = ms["full default pipeline"]
    for name, value in ms.items():
        if any(name.startswith(f"without {layer}") for layer in SHARED):
            saved = total - value
            print(f"{name[len('without '):]}: {saved:.1f} ms/article, {saved / total:.0%} of the full pipeline's time")
    rest_ms, roles_ms = narrative_layers_ratio(texts)
    print(f"roles + narratives alone: {roles_ms:.1f} ms/article, {roles_ms / rest_ms:.1%} of the rest of the pipeline "
          f"({rest_ms:.1f} ms)")


if __name__ == "__main__":
    main()
