"""Windowing maps token outputs back to exact character offsets, whatever the windows look like.

A fake encoder marks one word ("outrageous"); the tagger must return exactly that word's character spans,
through many small overlapping windows, unicode, CRLF and emoji. Needs only the shipped tokenizer.json.
"""

from __future__ import annotations

import os
import re

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.ml.spans import TCHead
from unspin.ml.tagger import DEFAULT_MODEL_DIR, PersuasionTagger
from unspin.ml.techniques import TECHNIQUES
from unspin.ml.windowing import make_windows, stitch

TOKENIZER = DEFAULT_MODEL_DIR / "tokenizer.json"
needs_tokenizer = pytest.mark.skipif(not TOKENIZER.exists(), reason=f"shipped tokenizer missing: {TOKENIZER}")


@pytest.mark.parametrize(("n", "size", "stride"), [(0, 8, 4), (5, 8, 4), (8, 8, 4), (9, 8, 4), (100, 16, 11)])
def test_windows_cover_every_token(n: int, size: int, stride: int) -> None:
    wins = make_windows(n, size, stride)
    covered = np.zeros(n, dtype=int)
    for a, b in wins:
        assert 0 <= a < b <= n and b - a <= size
        covered[a:b] += 1
    assert (covered >= 1).all()


def test_stitch_averages_overlaps() -> None:
    # Two windows over 3 tokens: [0,2) gives 1.0, [1,3) gives 3.0; token 1 is seen twice -> (1 + 3) / 2 = 2.
    outs = [np.array([[9.0], [1.0], [1.0], [9.0]]), np.array([[9.0], [3.0], [3.0], [9.0]])]  # row 0 = [CLS]
    assert stitch(3, [(0, 2), (1, 3)], outs)[:, 0].tolist() == [1.0, 2.0, 3.0]


def _fake_tagger(size: int, stride: int) -> PersuasionTagger:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(TOKENIZER))
    tok.no_truncation()
    tok.no_padding()
    marker = tok.encode("outrageous", add_special_tokens=False).ids
    assert len(marker) == 1

    def runner(ids: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        logits = np.full(ids.shape + (1 + len(TECHNIQUES),), -10.0, dtype=np.float32)
        logits[..., 0] = np.where(ids == marker[0], 10.0, -10.0)
        return logits, np.zeros(ids.shape + (4,), dtype=np.float32)

    head = TCHead(np.zeros((8, 3 * 4 + 4), np.float32), np.zeros(8, np.float32),
                  np.zeros((len(TECHNIQUES), 8), np.float32), np.arange(len(TECHNIQUES), dtype=np.float32))
    config = {"window": size, "stride": stride, "batch_size": 3, "cls_id": 101, "sep_id": 102, "pad_id": 0,
              "threshold": 0.5, "tech_threshold": None}
    return PersuasionTagger(runner, tok, config, head)


WORDS = ["the", "outrageous", "Outrageous", "café", "naïve", "🙂", "—", "“quoted”", "x1", "Zürich", "résumé", "42"]
SEPS = [" ", "\n", "\r\n", "  ", " \n\n"]


@needs_tokenizer
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), min_size=1, max_size=300),
       st.integers(4, 40), st.integers(1, 40))
def test_fake_marks_map_to_exact_offsets(parts: list[tuple[str, str]], size: int, stride: int) -> None:
    stride = min(stride, size)
    text = "".join(w + s for w, s in parts)
    # Expected: runs of consecutive marker words (only whitespace between them form one run of tokens).
    expected, pos, run = [], 0, None
    for w, s in parts:
        if w.lower() == "outrageous":
            run = (run[0] if run else pos, pos + len(w))
        elif run:
            expected.append(run)
            run = None
        pos += len(w) + len(s)
    if run:
        expected.append(run)
    spans = _fake_tagger(size, stride).tag(text)
    assert [(s.start, s.end) for s in spans] == expected
    for span in spans:
        assert re.fullmatch(r"(?i)outrageous(\s+outrageous)*", text[span.start : span.end])
        assert span.technique == TECHNIQUES[-1]  # the fake head's bias picks the last class


@needs_tokenizer
def test_long_text_many_windows() -> None:
    text = ("Calm words here. " * 50 + "An outrageous claim. ") * 40  # ~3,500 tokens
    spans = _fake_tagger(254, 192).tag(text)
    assert len(spans) == 40
    assert all(text[s.start : s.end] == "outrageous" for s in spans)
