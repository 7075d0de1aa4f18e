"""The attribution tagger: who said what. A fine-tuned MiniLM (its first layers, int8 ONNX) tags every word piece
as outside, or the beginning/inside of a ``source``, ``cue`` or ``content`` span (7 classes, BIO); a rule decoder
then ties each cue to its nearest content and source (gaps tuned on PolNeAR tuning articles).

Runtime needs onnxruntime, tokenizers and numpy only; training (``python -m training.quotes``) builds the same
object with a torch runner, so the decoding is the same code in both.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.errors import ModelError
from unspin.ml.windowing import Encoded, Runner, onnx_runner, prepare_tokenizer, run_texts

__all__ = ["ROLES", "LABELS", "TaggedSpan", "AttributionRelation", "AttributionTagger", "assemble",
           "load_attribution_tagger", "DEFAULT_MODEL_DIR", "DEFAULT_DECODING"]

ROLES = ("source", "cue", "content")
LABELS = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "quotes"
MODEL_FILES = ("model.onnx", "tokenizer.json", "config.json")
# Character gaps the decoder accepts between a cue and its content / source, and between a cue-less content and
# a source; training tunes them on the tuning articles and writes them to config.json.
DEFAULT_DECODING: dict[str, Any] = {"content_gap": 40, "source_gap": 40, "orphan_source_gap": 0,
                                    "min_content_chars": 3, "min_score": 0.0, "orphan_min_chars": 0,
                                    "share_sources": False, "join_gap": 0, "outside_scale": 1.0,
                                    "min_content_words": 2}


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
    # Further parts of the content after the cue: "“We will win,” she said. “And soon.”" has two.
    more: tuple[TaggedSpan, ...] = ()

    @property
    def parts(self) -> tuple[TaggedSpan, ...]:
        return (self.content, *self.more)


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


def decode_roles(text: str, offsets: np.ndarray, probs: np.ndarray, fill: int = 2,
                 outside_scale: float = 1.0) -> list[TaggedSpan]:
    """Per-token label probabilities ``[n, 7]`` -> role spans.

    Each token takes the likeliest of outside/source/cue/content (a role's probability is its B plus its I; the
    outside probability is first multiplied by ``outside_scale``, < 1 to find more spans); a run
    of at most ``fill`` tokens between two content tokens becomes content (a dip, or a stray one-word "cue", inside
    a long content would otherwise cut it into fragments: on tuning articles this lifted relation F1 by 0.02), and a
    span is a maximal run of one role within a line, cut where B is likelier than I and above one half (two
    sources side by side).
    Spans are grown to whole words and stripped of white space.
    """
    n = len(offsets)
    if n == 0:
        return []
    role_p = np.concatenate([probs[:, :1], probs[:, 1::2] + probs[:, 2::2]], axis=1)  # O, source, cue, content
    lab = (role_p * np.array([outside_scale, 1.0, 1.0, 1.0], dtype=role_p.dtype)).argmax(-1)
    if fill > 0:
        k = 0
        while k < n:
            j = k
            while j < n and lab[j] == lab[k]:
                j += 1
            if 0 < k and j < n and j - k <= fill and lab[k - 1] == lab[j] == 3:
                lab[k:j] = lab[j]
            k = j
    out: list[TaggedSpan] = []
    k = 0
    while k < n:
        r = int(lab[k])
        j = k + 1
        while (j < n and lab[j] == r and "\n" not in text[int(offsets[j - 1, 1]) : int(offsets[j, 0])]
               and not (r and probs[j, 2 * r - 1] > 0.5 and probs[j, 2 * r - 1] > probs[j, 2 * r])):
            j += 1
        if r:
            s, e = _grow_to_words(text, int(offsets[k, 0]), int(offsets[j - 1, 1]))
            if r == 1:  # a source ends before its relative clause: "councillor James Okafor, who"
                m = _SOURCE_TAIL.search(text, s, e)
                e = m.start() if m and m.start() > s else e
            elif r == 3:  # a content does not run one or two words into the next sentence ("... a year. The")
                ends = list(_SENTENCE_END.finditer(text, s, e))
                if ends and len(text[ends[-1].end() : e].split()) <= 2 and ends[-1].start() > s:
                    e = ends[-1].end()
                    while e > s and text[e - 1].isspace():  # keep the full stop and a closing quotation mark
                        e -= 1
            if e > s and any(c.isalnum() for c in text[s:e]):  # a lone comma or quotation mark is no span
                out.append(TaggedSpan(ROLES[r - 1], s, e, round(float(role_p[k:j, r].mean()), 4)))
        k = j
    return out


# A line break, or a full stop (question or exclamation mark) then white space: a source never crosses one.
_SENTENCE_END = re.compile(r"\n|[.!?][\"”’']?\s")
# A sentence ends between a cue and a content ('…," Trump lawyer Marc Kasowitz said. Nervo's conclusion …'): that
# content is matched after every content in reach that is not so (here the quotation before "said"), and only when
# none is left. A colon or a line break does not close the sentence.
_CUE_CLOSED = re.compile(r"[.!?][\"”’']?\s+[\"“‘(]?[A-Z]")
_LATE = 1_000_000


_SOURCE_TAIL = re.compile(r"(?:[\s,;:]+(?:who|which|that|whose))?[\s,;:]*$")


def _gap(a: TaggedSpan, b: TaggedSpan) -> int:
    return max(0, b.start - a.end, a.start - b.end)


def assemble(text: str, spans: Sequence[TaggedSpan], decoding: dict[str, Any] | None = None
             ) -> list[AttributionRelation]:
    """Tie role spans into relations: each cue takes its nearest free content and its nearest source.

    Spans whose mean role probability is under ``min_score`` are dropped first, and contents shorter than
    ``min_content_chars`` or ``min_content_words`` (2: "denounced him" is an attribution in PolNeAR, but "him" tells
    a reader nothing, and one-word contents were mostly tagging noise on plain news). Pairs are matched nearest
    first, within ``content_gap`` / ``source_gap`` characters, a source never across a sentence end or a line break,
    and a content with a sentence end between it and the cue only once every other content in reach is taken.
    Contents are matched one to one; with ``share_sources`` one source may serve several cues ("Clinton did not
    name him but told the mayors that ..."). A content no cue took stands alone (a colon-introduced quote) when it
    has at least ``orphan_min_chars`` characters, and takes a free source at most ``orphan_source_gap`` characters
    away. A cue without content is dropped. With ``join_gap`` > 0, a content that ends before its cue takes as a
    second part a free content starting at most that many characters after the cue (or its source).
    """
    dec = {**DEFAULT_DECODING, **(decoding or {})}
    spans = [s for s in spans if s.score >= float(dec["min_score"])]
    cues = [s for s in spans if s.role == "cue"]
    contents = [s for s in spans if s.role == "content" and s.end - s.start >= int(dec["min_content_chars"])
                and len(text[s.start : s.end].split()) >= int(dec["min_content_words"])]
    sources = [s for s in spans if s.role == "source"]

    def match(left: list[TaggedSpan], right: list[TaggedSpan], limit: int, same_line: bool,
              shared: bool = False) -> dict[int, int]:
        pairs = []
        for i, a in enumerate(left):
            for j, b in enumerate(right):
                g = _gap(a, b)
                if g > limit:
                    continue
                if same_line and _SENTENCE_END.search(text, min(a.end, b.end), max(a.start, b.start)):
                    continue
                # A content the cue's sentence ended before comes last: the cue's own sentence is read first.
                late = not same_line and bool(_CUE_CLOSED.search(text, min(a.end, b.end), max(a.start, b.start)))
                pairs.append((g + _LATE * late, i, j))
        taken_l: dict[int, int] = {}
        taken_r: set[int] = set()
        for _, i, j in sorted(pairs):
            if i not in taken_l and (shared or j not in taken_r):
                taken_l[i] = j
                taken_r.add(j)
        return taken_l

    cue_content = match(cues, contents, int(dec["content_gap"]), False)
    cue_source = match(cues, sources, int(dec["source_gap"]), True, bool(dec["share_sources"]))
    rels: list[AttributionRelation] = []
    used_sources = set(cue_source.values())
    for i, j in cue_content.items():
        k = cue_source.get(i)
        rels.append(AttributionRelation(contents[j], cues[i], sources[k] if k is not None else None))
    # A quote split by its attribution: "“A,” she said, “B.”" -> one content in two parts, when the free part
    # starts (or ends) at most ``join_gap`` characters after (before) the cue and its source, in the same paragraph.
    joined: set[int] = set()
    if int(dec["join_gap"]) > 0:
        taken = set(cue_content.values())
        for n, rel in enumerate(rels):
            if rel.cue is None:
                continue
            block_start = min(rel.cue.start, rel.source.start if rel.source else rel.cue.start)
            block_end = max(rel.cue.end, rel.source.end if rel.source else 0)
            after = rel.content.end <= block_start  # the matched part is before the block: look after it
            free = [j for j, c in enumerate(contents) if j not in taken and j not in joined and
                    0 <= (c.start - block_end if after else block_start - c.end) <= int(dec["join_gap"]) and
                    "\n" not in text[min(c.start, rel.content.start) : max(c.end, rel.content.end)]]
            if free:
                joined.add(free[0])
                other = contents[free[0]]
                first, second = (rel.content, other) if after else (other, rel.content)
                rels[n] = AttributionRelation(first, rel.cue, rel.source, (second,))
    orphans = [j for j in range(len(contents)) if j not in set(cue_content.values()) and j not in joined
               and contents[j].end - contents[j].start >= int(dec["orphan_min_chars"])]
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
    hidden: np.ndarray | None = None  # [n_tokens, H], the encoder's last hidden states


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
        encs, outs = run_texts(self.runner, self.tokenizer, self.config, texts)
        res = []
        for t, e, (lo, hi) in zip(texts, encs, outs, strict=True):
            probs = _softmax(lo) if len(e) else np.zeros((0, len(LABELS)), np.float32)
            res.append(Inference(t, e, probs, hi))
        return res

    def relations_from(self, inf: Inference, decoding: dict[str, Any] | None = None) -> list[AttributionRelation]:
        dec = {**self.decoding, **(decoding or {})}
        spans = decode_roles(inf.text, inf.enc.offsets, inf.probs, outside_scale=float(dec["outside_scale"]))
        return assemble(inf.text, spans, dec)

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
