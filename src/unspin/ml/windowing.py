"""Cut long texts into overlapping encoder windows and stitch the per-token outputs back together.

The article is tokenised once, without special tokens, using the fast tokenizer's offset mapping, so every
token knows its exact [start, end) character range in the original Python string. Windows are ranges of
those tokens; each gets [CLS] ... [SEP] around it. Outputs of tokens seen by several windows are averaged,
which smooths the edges where a window has little context. This module is shared by training and runtime
and needs only numpy and ``tokenizers``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

__all__ = ["Encoded", "encode", "make_windows", "build_batch", "stitch", "run_windows", "run_texts", "onnx_runner"]

# (input_ids, attention_mask) -> (token_logits [B, L, K], hidden [B, L, H]); ONNX at runtime, torch in training.
Runner = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Encoded:
    """Token ids and character offsets of one text; ``offsets[i] = (start, end)`` in the original string."""

    ids: np.ndarray  # int64 [n]
    offsets: np.ndarray  # int64 [n, 2]

    def __len__(self) -> int:
        return int(self.ids.shape[0])


def prepare_tokenizer(tokenizer: Tokenizer) -> Tokenizer:
    """The shipped tokenizer.json may carry truncation/padding settings: windows handle length themselves."""
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def encode(tokenizer: Tokenizer, text: str) -> Encoded:
    enc = tokenizer.encode(text, add_special_tokens=False)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    # Drop tokens with empty offsets (can happen for stripped control characters): they map to no text.
    keep = offsets[:, 1] > offsets[:, 0]
    return Encoded(ids[keep], offsets[keep])


def make_windows(n_tokens: int, size: int, stride: int) -> list[tuple[int, int]]:
    """Token ranges [a, b) of at most ``size`` tokens, starting every ``stride`` tokens, covering all tokens.

    The last window is aligned to the end of the text so that it is full-sized (more context for the tail).
    """
    if n_tokens <= size:
        return [(0, n_tokens)] if n_tokens else []
    starts = list(range(0, n_tokens - size, stride)) + [n_tokens - size]
    return [(a, a + size) for a in starts]


def build_batch(
    encs: Sequence[Encoded], windows: Sequence[tuple[int, int, int]], cls_id: int, sep_id: int, pad_id: int
) -> tuple[np.ndarray, np.ndarray]:
    """Stack windows ``(text_index, a, b)`` as ``[CLS] tokens [SEP]`` rows, right-padded to the longest one."""
    width = max(b - a for _, a, b in windows) + 2
    ids = np.full((len(windows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(windows), width), dtype=np.int64)
    for row, (t, a, b) in enumerate(windows):
        n = b - a
        ids[row, 0] = cls_id
        ids[row, 1 : n + 1] = encs[t].ids[a:b]
        ids[row, n + 1] = sep_id
        mask[row, : n + 2] = 1
    return ids, mask


def stitch(
    n_tokens: int, windows: Sequence[tuple[int, int]], per_window: Sequence[np.ndarray]
) -> np.ndarray:
    """Average window outputs ``[L, D]`` (row 0 = [CLS]) back onto the text's ``n_tokens`` tokens."""
    dim = per_window[0].shape[-1]
    total = np.zeros((n_tokens, dim), dtype=np.float32)
    count = np.zeros((n_tokens, 1), dtype=np.float32)
    for (a, b), out in zip(windows, per_window, strict=True):
        total[a:b] += out[1 : b - a + 1]
        count[a:b] += 1.0
    return total / np.maximum(count, 1.0)


def run_texts(runner: Runner, tokenizer: Any, config: dict[str, Any],
              texts: Sequence[str]) -> tuple[list[Encoded], list[tuple[np.ndarray, np.ndarray]]]:
    """Encode ``texts`` and run every window of them (the ``window``/``stride``/``batch_size`` and special token ids
    of a tagger's ``config.json``); returns the encodings and :func:`run_windows`' per-text outputs. Raises
    :class:`~unspin.errors.InputError` for a text that is not a ``str``."""
    from unspin.errors import InputError

    for t in texts:
        if not isinstance(t, str):
            raise InputError(f"expected text as str, got {type(t).__name__}")
    encs = [encode(tokenizer, t) for t in texts]
    outs = run_windows(runner, encs, size=int(config["window"]), stride=int(config["stride"]),
                       batch_size=int(config.get("batch_size", 16)), cls_id=int(config["cls_id"]),
                       sep_id=int(config["sep_id"]), pad_id=int(config["pad_id"]))
    return encs, outs


def run_windows(
    runner: Runner,
    encs: Sequence[Encoded],
    *,
    size: int,
    stride: int,
    batch_size: int,
    cls_id: int,
    sep_id: int,
    pad_id: int,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Run the encoder over all windows of all texts; returns per-text (token_logits, hidden) arrays.

    A batch never mixes windows of two texts: dynamic int8 quantisation scales activations per batch, so a
    shared batch would make a text's outputs depend on its neighbours. Each text's result is the same
    whether it is run alone or with others.
    """
    jobs: list[tuple[int, int, int]] = []
    per_text: list[list[tuple[int, int]]] = []
    chunks: list[list[int]] = []
    for t, enc in enumerate(encs):
        wins = make_windows(len(enc), size, stride)
        per_text.append(wins)
        first = len(jobs)
        jobs.extend((t, a, b) for a, b in wins)
        # Longest windows first, so the one short tail window shares the last batch's padding least.
        order = sorted(range(first, len(jobs)), key=lambda j: (jobs[j][1] - jobs[j][2], j))
        chunks.extend(order[i : i + batch_size] for i in range(0, len(order), batch_size))
    logits_out: list[np.ndarray | None] = [None] * len(jobs)
    hidden_out: list[np.ndarray | None] = [None] * len(jobs)
    for chunk in chunks:
        ids, mask = build_batch(encs, [jobs[j] for j in chunk], cls_id, sep_id, pad_id)
        logits, hidden = runner(ids, mask)
        for row, j in enumerate(chunk):
            logits_out[j], hidden_out[j] = logits[row], hidden[row]
    results: list[tuple[np.ndarray, np.ndarray]] = []
    k = 0
    for t, enc in enumerate(encs):
        wins = per_text[t]
        n = len(enc)
        if not wins:
            results.append((np.zeros((0, 1), np.float32), np.zeros((0, 1), np.float32)))
            continue
        lo = [x for x in logits_out[k : k + len(wins)] if x is not None]
        hi = [x for x in hidden_out[k : k + len(wins)] if x is not None]
        results.append((stitch(n, wins, lo), stitch(n, wins, hi)))
        k += len(wins)
    return results


def onnx_runner(model_path: Path) -> Runner:
    """An onnxruntime session as a :data:`Runner`: ``token_logits`` and, when the graph has it, ``hidden``.

    A graph without a ``hidden`` output (a tagger that needs only its token labels) gets an empty ``[B, L, 0]``
    array in its place, so :func:`run_windows` serves both kinds.
    """
    import os

    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # onnxruntime ignores OMP_NUM_THREADS and starts one thread per core: right for one process,
    # oversubscription when batch workers are the parallelism. Batch workers set UNSPIN_THREADS=1.
    threads = int(os.environ.get("UNSPIN_THREADS", "0") or 0)
    if threads > 0:
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
    session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    wanted = ["token_logits", "hidden"] if "hidden" in names else ["token_logits"]

    def run(ids: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out = session.run(wanted, {"input_ids": ids, "attention_mask": mask})
        if len(out) == 2:
            return out[0], out[1]
        return out[0], np.zeros((*ids.shape, 0), dtype=np.float32)

    return run
