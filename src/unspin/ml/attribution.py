"""The attribution tagger: who said what. A fine-tuned MiniLM (its first layers, int8 ONNX) tags every word piece
as outside, or the beginning/inside of a ``source``, ``cue`` or ``content`` span (7 classes, BIO); a rule decoder
then ties each cue to its nearest content and source (gaps tuned on PolNeAR tuning articles).

Runtime needs onnxruntime, tokenizers and numpy only; training (``python -m training.quotes``) builds the same
object with a torch runner, so the decoding is the same code in both.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.errors import InputError, ModelError
from unspin.ml.windowing import Encoded, Runner, encode, onnx_runner, prepare_tokenizer, run_windows

__all__ = ["ROLES", "LABELS", "TaggedSpan", "AttributionRelation", "AttributionTagger", "assemble",
           "load_attribution_tagger", "DEFAULT_MODEL_DIR", "DEFAULT_DECODING"]

ROLES = ("source", "cue", "content")
LABELS = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "quotes"
MODEL_FILES = ("model.onnx", "tokenizer.json", "config.json")
# Character gaps the decoder accepts between a cue and its content / source, and between a cue-less content and
# a source; training tunes them on the tuning articles and writes them to config.json.
DEFAULT_DECODING: dict[str, Any] = {"content_gap": 40, "source_gap": 40, "orphan_source_gap": 0,
                                    "min_content_chars": 3}


@dataclass(frozen=True)
class TaggedSpan:
    role: str
    start: int
    end: int
    score: float  # mean probability of the role over the span's word pieces


@dataclass(frozen=True)
class AttributionRelation:
    content: TaggedSpan
    cue: TaggedSpan | None = None
    source: TaggedSpan | None = None


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(-1, keepdims=True)


def _grow_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def decode_roles(text: str, offsets: np.ndarray, probs: np.ndarray) -> list[TaggedSpan]:
    """Per-token label probabilities ``[n, 7]`` -> role spans: a run of B-r/I-r tokens, a new span at each B-r.

    An I-r after a token of another label opens a span too (the tagger's first piece of a span is sometimes I).
    Spans are grown to whole words and stripped of surrounding white space.
    """
    if len(offsets) == 0:
        return []
    labels = probs.argmax(-1)
    out: list[TaggedSpan] = []
    cur: list[int] = []  # [role index, first token, last token]

    def close() -> None:
        if cur:
            r, i, j = cur
            s, e = _grow_to_words(text, int(offsets[i, 0]), int(offsets[j, 1]))
            if e > s:
                score = float(probs[i : j + 1, 1 + 2 * r : 3 + 2 * r].sum(-1).mean())
                out.append(TaggedSpan(ROLES[r], s, e, round(score, 4)))
            cur.clear()

    for t, lab in enumerate(labels.tolist()):
        if lab == 0:
            close()
            continue
        r, begin = (lab - 1) // 2, (lab - 1) % 2 == 0
        if cur and cur[0] == r and not begin:
            cur[2] = t
            continue
        close()
        cur.extend([r, t, t])
    close()
    # Word growth can make two neighbouring spans of one role touch or overlap: keep them apart.
    return sorted(out, key=lambda s: (s.start, s.end))


def _gap(a: TaggedSpan, b: TaggedSpan) -> int:
    return max(0, b.start - a.end, a.start - b.end)


def assemble(text: str, spans: Sequence[TaggedSpan], decoding: dict[str, Any] | None = None
             ) -> list[AttributionRelation]:
    """Tie role spans into relations: each cue takes its nearest free content and its nearest free source.

    Pairs are matched one to one, nearest first, within ``content_gap`` / ``source_gap`` characters (a source never
    across a line break). A content no cue took stands alone (a colon-introduced quote) and takes a free source at
    most ``orphan_source_gap`` characters away; a cue without content is dropped, as is a content shorter than
    ``min_content_chars``.
    """
    dec = {**DEFAULT_DECODING, **(decoding or {})}
    cues = [s for s in spans if s.role == "cue"]
    contents = [s for s in spans if s.role == "content" and s.end - s.start >= int(dec["min_content_chars"])]
    sources = [s for s in spans if s.role == "source"]

    def match(left: list[TaggedSpan], right: list[TaggedSpan], limit: int, same_line: bool) -> dict[int, int]:
        pairs = []
        for i, a in enumerate(left):
            for j, b in enumerate(right):
                g = _gap(a, b)
                if g > limit:
                    continue
                if same_line and "\n" in text[min(a.end, b.end) : max(a.start, b.start)]:
                    continue
                pairs.append((g, i, j))
        taken_l: dict[int, int] = {}
        taken_r: set[int] = set()
        for _, i, j in sorted(pairs):
            if i not in taken_l and j not in taken_r:
                taken_l[i] = j
                taken_r.add(j)
        return taken_l

    cue_content = match(cues, contents, int(dec["content_gap"]), False)
    cue_source = match(cues, sources, int(dec["source_gap"]), True)
    rels: list[AttributionRelation] = []
    used_sources = set(cue_source.values())
    for i, j in cue_content.items():
        k = cue_source.get(i)
        rels.append(AttributionRelation(contents[j], cues[i], sources[k] if k is not None else None))
    orphans = [j for j in range(len(contents)) if j not in set(cue_content.values())]
    free = [k for k in range(len(sources)) if k not in used_sources]
    orphan_source = match([contents[j] for j in orphans], [sources[k] for k in free],
                          int(dec["orphan_source_gap"]), True)
    for n, j in enumerate(orphans):
        k = orphan_source.get(n)
        rels.append(AttributionRelation(contents[j], None, sources[free[k]] if k is not None else None))
    return sorted(rels, key=lambda r: r.content.start)


@dataclass(frozen=True)
class Inference:
    text: str
    enc: Encoded
    probs: np.ndarray  # [n_tokens, 7]


class AttributionTagger:
    def __init__(self, runner: Runner, tokenizer: Any, config: dict[str, Any]) -> None:
        self.runner = runner
        self.tokenizer = prepare_tokenizer(tokenizer)
        self.config = config
        self.decoding: dict[str, Any] = {**DEFAULT_DECODING, **config.get("decoding", {})}

    @classmethod
    def from_dir(cls, path: str | Path) -> AttributionTagger:
        path = Path(path)
        missing = [f for f in MODEL_FILES if not (path / f).is_file()]
        if missing:
            raise ModelError(f"attribution model files missing in {path}: {', '.join(missing)}; "
                             "reinstall unspin or rebuild them with `python -m training.quotes`")
        try:
            from tokenizers import Tokenizer

            config = json.loads((path / "config.json").read_text(encoding="utf-8"))
            tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
            runner = onnx_runner(path / "model.onnx")
        except ImportError as e:
            raise ModelError(f"the attribution model needs {e.name}: pip install onnxruntime tokenizers") from None
        except Exception as e:  # noqa: BLE001 -- corrupt files: say which folder, never a traceback
            raise ModelError(f"cannot load the attribution model from {path}: {e}; "
                             "rebuild it with `python -m training.quotes`") from None
        return cls(runner, tokenizer, config)

    def infer(self, texts: Sequence[str]) -> list[Inference]:
        for t in texts:
            if not isinstance(t, str):
                raise InputError(f"expected text as str, got {type(t).__name__}")
        cfg = self.config
        encs = [encode(self.tokenizer, t) for t in texts]
        outs = run_windows(self.runner, encs, size=int(cfg["window"]), stride=int(cfg["stride"]),
                           batch_size=int(cfg.get("batch_size", 16)), cls_id=int(cfg["cls_id"]),
                           sep_id=int(cfg["sep_id"]), pad_id=int(cfg["pad_id"]))
        res = []
        for t, e, (lo, _) in zip(texts, encs, outs, strict=True):
            probs = _softmax(lo) if len(e) else np.zeros((0, len(LABELS)), np.float32)
            res.append(Inference(t, e, probs))
        return res

    def relations_from(self, inf: Inference, decoding: dict[str, Any] | None = None) -> list[AttributionRelation]:
        spans = decode_roles(inf.text, inf.enc.offsets, inf.probs)
        return assemble(inf.text, spans, {**self.decoding, **(decoding or {})})

    def relations(self, text: str) -> list[AttributionRelation]:
        return self.relations_many([text])[0]

    def relations_many(self, texts: Sequence[str]) -> list[list[AttributionRelation]]:
        return [self.relations_from(inf) for inf in self.infer(texts)]


@functools.lru_cache(maxsize=2)
def _load_cached(path: str) -> AttributionTagger:
    return AttributionTagger.from_dir(path)


def load_attribution_tagger(path: str | Path | None = None) -> AttributionTagger:
    """Load (once per process) the tagger from ``path`` or the shipped ``models/quotes``."""
    return _load_cached(str(Path(path).resolve() if path else DEFAULT_MODEL_DIR))
