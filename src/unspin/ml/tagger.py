"""The persuasion tagger: a fine-tuned MiniLM encoder (int8 ONNX) with
* a per-token "inside a persuasion span" head (span identification),
* 14 per-token technique heads (used only as optional extra labels on a found span),
* a span classifier (numpy MLP over pooled token states) that names the technique of a span.

Runtime needs onnxruntime, tokenizers and numpy only.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.errors import InputError, ModelError
from unspin.ml.spans import TCHead, decode_spans, sigmoid, span_features, token_range, trim_function_words
from unspin.ml.stack import STACK_FILE, TCStack, stack_features
from unspin.ml.techniques import TECHNIQUES
from unspin.ml.windowing import Encoded, Runner, onnx_runner, prepare_tokenizer, run_texts

__all__ = ["PersuasionSpan", "PersuasionTagger", "Inference", "load_tagger", "DEFAULT_MODEL_DIR", "OPERATING_POINTS"]

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "persuasion"
MODEL_FILES = ("model.onnx", "tokenizer.json", "config.json", "tc_head.npz")
OPTIONAL_FILES = (STACK_FILE,)
# benchmark: the span threshold with the best span F1 on PTC (many false alarms on plain news);
# precision: the lowest threshold whose span precision reached 0.5 on tuning articles (what ``analyze`` shows).
OPERATING_POINTS = {"benchmark": "best span F1 on PTC", "precision": "span precision >= 0.5 on tuning articles"}


@dataclass(frozen=True)
class PersuasionSpan:
    """``text[start:end]`` uses ``technique``; ``score`` in [0, 1] is the probability that admitted the span.

    It is always at least the threshold that admitted it, so filtering on ``score >= threshold`` keeps every
    span the tagger emitted at that threshold:

    * a span found by the span head: the peak "inside a persuasion span" token probability of the span,
      compared with ``threshold`` (its technique is the span classifier's choice, whose probability is not
      the score);
    * a technique phrase inside it: the peak probability of that technique's token head over the phrase,
      compared with ``technique_threshold``;
    * an extra technique on a whole span (``tech_threshold``): that technique head's mean over the span,
      the quantity compared with ``tech_threshold``.
    """

    start: int
    end: int
    technique: str
    score: float


@dataclass(frozen=True)
class Inference:
    """Per-token model outputs for one text, kept so that several thresholds can be decoded cheaply."""

    text: str
    enc: Encoded
    logits: np.ndarray  # [n_tokens, 1 + 14]
    hidden: np.ndarray  # [n_tokens, H]


class PersuasionTagger:
    def __init__(self, runner: Runner, tokenizer: Any, config: dict[str, Any], tc_head: TCHead,
                 tc_stack: TCStack | None = None) -> None:
        self.runner = runner
        self.tokenizer = prepare_tokenizer(tokenizer)
        self.config = config
        self.tc_head = tc_head
        # The second-stage technique classifier (models/persuasion/tc_stack.npz); None: the span classifier alone.
        self.tc_stack = tc_stack
        # The benchmark operating point (best span F1 on PTC); ``persuasion tag`` and the PTC scorers use it.
        self.threshold: float = float(config.get("threshold", 0.5))
        # The precision-leaning operating point that ``unspin analyze`` uses (see OPERATING_POINTS).
        self.precision_threshold: float = float(config.get("precision_threshold", self.threshold))
        # Extra techniques per span from the token heads; None disables (the span classifier alone decides).
        self.tech_threshold: float | None = config.get("tech_threshold")
        self.techniques: list[str] = list(config.get("techniques", TECHNIQUES))
        # Span decoding knobs tuned on validation data (see spans.decode_spans): gap, min_tokens, low_ratio.
        self.decoding: dict[str, Any] = dict(config.get("decoding", {}))
        # Technique phrases inside each span, from the per-token technique heads; None disables.
        self.technique_threshold: float | None = config.get("technique_threshold")
        # FLC output only (``persuasion tag``): a whole span is written with its technique only when the technique
        # classifier gives that technique at least this probability; below it, only the technique phrases inside
        # the span are written. None: every span. ``analyze`` and SI output keep every span.
        self.flc_min_technique_prob: float | None = config.get("flc_min_technique_prob")

    @classmethod
    def from_dir(cls, path: str | Path) -> PersuasionTagger:
        path = Path(path)
        missing = [f for f in MODEL_FILES if not (path / f).is_file()]
        if missing:
            raise ModelError(
                f"persuasion model files missing in {path}: {', '.join(missing)}; "
                "reinstall unspin or rebuild them with `python -m training.persuasion`"
            )
        try:
            from tokenizers import Tokenizer

            config = json.loads((path / "config.json").read_text(encoding="utf-8"))
            tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
            runner = onnx_runner(path / "model.onnx")
            head = TCHead.load(str(path / "tc_head.npz"))
            stack = TCStack.load(path / STACK_FILE) if (path / STACK_FILE).is_file() else None
        except ImportError as e:
            raise ModelError(f"the persuasion model needs {e.name}: pip install onnxruntime tokenizers") from None
        except Exception as e:  # noqa: BLE001 -- corrupt files: say which folder, never a traceback
            raise ModelError(f"cannot load the persuasion model from {path}: {e}; "
                             "rebuild it with `python -m training.persuasion`") from None
        return cls(runner, tokenizer, config, head, stack)

    # -- inference --------------------------------------------------------------------------------------------

    def infer(self, texts: Sequence[str]) -> list[Inference]:
        """Run the encoder over every window of every text (batched together)."""
        encs, outs = run_texts(self.runner, self.tokenizer, self.config, texts)
        return [Inference(t, e, lo, hi) for t, e, (lo, hi) in zip(texts, encs, outs, strict=True)]

    def spans_from(self, inf: Inference, threshold: float | None = None, tech_threshold: float | None = None,
                   decoding: dict[str, Any] | None = None, technique_threshold: float | None = None,
                   min_technique_prob: float | None = None) -> list[PersuasionSpan]:
        """Decode spans of one inference; the optional arguments override the configured decoding.

        Each span found by the span head is named by the span classifier. Inside it, the phrases where one
        technique's token head reaches ``technique_threshold`` become spans of that technique too: a whole
        sentence of fear-mongering may hold a name-calling phrase, and PTC annotates both.

        ``min_technique_prob`` (None: off, the default here; ``flc_min_technique_prob`` is the FLC output's
        value): a found span whose best technique has a lower classifier probability is not returned itself,
        only the technique phrases inside it (an uncertain whole-span label costs FLC precision).
        """
        tech_thr = self.tech_threshold if tech_threshold is None else tech_threshold
        phrase_thr = self.technique_threshold if technique_threshold is None else technique_threshold
        found = self.decode(inf, threshold, decoding)
        if not found:
            return []
        probs = self._span_probs(inf, [(s, e) for s, e, _ in found])
        out: list[PersuasionSpan] = []
        for (s, e, score), p in zip(found, probs, strict=True):
            best = int(np.argmax(p))
            if min_technique_prob is None or p[best] >= min_technique_prob:
                out.append(PersuasionSpan(s, e, self.techniques[best], round(score, 4)))
            if tech_thr is not None and tech_thr < 1.0:
                i, j = token_range(inf.enc.offsets, s, e)
                tech_p = sigmoid(inf.logits[i:j, 1:]).mean(0)
                for k in np.flatnonzero(tech_p >= tech_thr):
                    if int(k) != best:
                        out.append(PersuasionSpan(s, e, self.techniques[int(k)], round(float(tech_p[k]), 4)))
        if phrase_thr is not None and phrase_thr < 1.0:
            out.extend(self._technique_phrases(inf, found, float(phrase_thr), {(p.start, p.end, p.technique)
                                                                               for p in out}))
        return sorted(out, key=lambda p: (p.start, -p.end, p.technique))

    def _technique_phrases(self, inf: Inference, found: Sequence[tuple[int, int, float]], thr: float,
                           seen: set[tuple[int, int, str]]) -> list[PersuasionSpan]:
        """Runs of one technique's token head >= ``thr`` that lie inside a found span (so SI is unchanged).

        A phrase's score is its peak technique-head probability (from ``decode_spans``), so never below ``thr``.
        """
        probs = sigmoid(inf.logits[:, 1:])
        out: list[PersuasionSpan] = []
        for k, name in enumerate(self.techniques):
            if probs[:, k].max() < thr:
                continue
            for s, e, score in decode_spans(inf.text, inf.enc.offsets, probs[:, k], thr):
                if not any(a <= s and e <= b for a, b, _ in found):
                    continue
                trimmed = trim_function_words(inf.text, s, e)
                if trimmed is not None and (*trimmed, name) not in seen:
                    seen.add((*trimmed, name))
                    out.append(PersuasionSpan(*trimmed, name, round(score, 4)))
        return out

    def decode(self, inf: Inference, threshold: float | None = None,
               decoding: dict[str, Any] | None = None) -> list[tuple[int, int, float]]:
        """Span identification only: (start, end, score) without techniques."""
        if len(inf.enc) == 0:
            return []
        thr = self.threshold if threshold is None else float(threshold)
        dec = {**self.decoding, **(decoding or {})}
        return decode_spans(inf.text, inf.enc.offsets, sigmoid(inf.logits[:, 0]), thr,
                            low=None if dec.get("low_ratio") is None else thr * float(dec["low_ratio"]),
                            gap=int(dec.get("gap", 0)), min_tokens=int(dec.get("min_tokens", 1)))

    def _base_probs(self, inf: Inference, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        from unspin.ml.heads import single_blas_thread

        feats = np.stack([span_features(inf.text, inf.enc.offsets, inf.hidden, s, e) for s, e in spans])
        # Small products: on a busy machine OpenBLAS's threads cost 40x the product itself (measured: 38 ms a call).
        with single_blas_thread():
            return self.tc_head.probs(feats)

    def stack_inputs(self, inf: Inference, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """The second stage's features of ``spans`` (what ``python -m training.persuasion_stack`` fits on)."""
        base = self._base_probs(inf, spans)
        # Outside the BLAS limit: the sentence encoder sets its own (nested limits on BLIS abort at exit).
        vectors = TCStack.encode_spans([inf.text[s:e] for s, e in spans])
        return stack_features(inf.text, inf.enc.offsets, inf.logits, spans, base, vectors)

    def _span_probs(self, inf: Inference, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        from unspin.ml.heads import single_blas_thread

        if self.tc_stack is None:
            return self._base_probs(inf, spans)
        feats = self.stack_inputs(inf, spans)
        with single_blas_thread():
            return self.tc_stack.probs(feats)

    def operating_point(self, name: str) -> float:
        """The span threshold of a named operating point: ``benchmark`` or ``precision`` (see OPERATING_POINTS)."""
        if name not in OPERATING_POINTS:
            raise InputError(f"unknown persuasion operating point {name!r}; use one of: {', '.join(OPERATING_POINTS)}")
        return self.threshold if name == "benchmark" else self.precision_threshold

    # -- public API --------------------------------------------------------------------------------------------

    def tag(self, text: str, threshold: float | None = None) -> list[PersuasionSpan]:
        """Find persuasion spans in ``text``; ``threshold`` defaults to the one tuned on validation data."""
        return self.tag_many([text], threshold)[0]

    def tag_many(self, texts: Sequence[str], threshold: float | None = None, *,
                 flc: bool = False) -> list[list[PersuasionSpan]]:
        """``tag`` for several texts, with their windows batched together (faster for short texts).

        ``flc``: the FLC output, where a span whose technique is uncertain (``flc_min_technique_prob``) gives way
        to the technique phrases inside it; otherwise every span (what ``analyze`` shows, and SI's output).
        """
        min_prob = self.flc_min_technique_prob if flc else None
        return [self.spans_from(inf, threshold, min_technique_prob=min_prob) for inf in self.infer(texts)]

    def classify(self, text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        """Name the technique of each given (start, end) span (the TC task): one (technique, prob) per span.

        A span listed k times (PTC annotates some spans with several techniques) gets the k most likely
        techniques, in order, instead of the same one k times.
        """
        if not spans:
            return []
        for s, e in spans:
            if not (0 <= s < e <= len(text)):
                raise InputError(f"span {s}-{e} is outside the text (length {len(text)}) or empty")
        inf = self.infer([text])[0]
        if len(inf.enc) == 0:
            raise InputError("the text has no tokens to classify (empty or whitespace only)")
        return self.classify_inference(inf, spans)

    def classify_inference(self, inf: Inference, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        """``classify`` on an existing inference (lets evaluation share one encoder pass)."""
        unique = sorted(set((int(s), int(e)) for s, e in spans))
        probs = dict(zip(unique, self._span_probs(inf, unique), strict=True))
        seen: dict[tuple[int, int], int] = {}
        out: list[tuple[str, float]] = []
        for s, e in spans:
            key = (int(s), int(e))
            rank = seen.get(key, 0)
            seen[key] = rank + 1
            order = np.argsort(-probs[key])
            k = int(order[min(rank, len(order) - 1)])
            out.append((self.techniques[k], round(float(probs[key][k]), 4)))
        return out

@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> PersuasionTagger:
    return PersuasionTagger.from_dir(path)


HUB_PREFIX = "hf:"


def resolve_model(path: str | Path | None, *, cache_dir: str | Path | None = None) -> Path:
    """A model folder: the shipped one, a local folder, or ``hf:ORG/NAME[@REVISION]`` from the Hugging Face Hub.

    The hub path is for users with a network (a retrained or shared tagger); with ``HF_HUB_OFFLINE=1`` it
    uses the local hub cache only and says so when the model is not there.
    """
    if path is None:
        return DEFAULT_MODEL_DIR
    name = str(path)
    if not name.startswith(HUB_PREFIX):
        return Path(name).resolve()
    repo, _, revision = name[len(HUB_PREFIX):].partition("@")
    try:
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError
    except ImportError:
        raise ModelError(f"loading {name} needs huggingface_hub: pip install huggingface_hub") from None
    offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
    try:
        folder = snapshot_download(repo, revision=revision or None, cache_dir=cache_dir, local_files_only=offline,
                                   allow_patterns=[*MODEL_FILES, *OPTIONAL_FILES, "MODEL_CARD.md"])
    except (LocalEntryNotFoundError, HfHubHTTPError, OSError, ValueError) as exc:
        hint = " (HF_HUB_OFFLINE is set and it is not in the local cache)" if offline else ""
        raise ModelError(f"could not get the persuasion model {repo!r} from the Hugging Face Hub{hint}: "
                         f"{type(exc).__name__}") from None
    return Path(folder)


def load_tagger(path: str | Path | None = None) -> PersuasionTagger:
    """Load (once per process) the tagger from ``path`` (a folder or ``hf:ORG/NAME``) or the shipped model."""
    return _load_cached(str(resolve_model(path)))
