"""The subjectivity training helpers: the tagger-state cache and the English head's logit shift (synthetic data)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("sklearn")

from training import textcat_fit as F  # noqa: E402
from training import textcat_subjectivity as T  # noqa: E402


def test_cached_states_tag_only_new_sentences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    def fake(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.array([[float(len(t)), 1.0] for t in texts], np.float32)

    monkeypatch.setattr(T.S, "tagger_states", fake)
    first = T.cached_states(["ab", "abc", "ab"], tmp_path)
    assert calls == [["ab", "abc"]] and first[:, 0].tolist() == [2.0, 3.0, 2.0]
    again = T.cached_states(["abc", "abcd"], tmp_path)
    assert calls[-1] == ["abcd"] and again[:, 0].tolist() == [3.0, 4.0]


class _Data:
    """Stands in for T.Data: English and German rows, states for the English ones."""

    def __init__(self, n: int = 160, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        width = 512 + len(T.S.FEATURE_NAMES)
        self.parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.states: dict[str, np.ndarray] = {}
        for part in ("train", "report"):
            y = rng.integers(0, 2, n)
            x = rng.normal(size=(n, width)).astype(np.float32) + y[:, None] * 0.05
            langs = np.array(["en", "de"] * (n // 2))
            self.parts[part] = (x, y, langs)
            en = langs == "en"
            self.states[part] = (rng.normal(size=(int(en.sum()), 6)) + y[en][:, None] * 0.8).astype(np.float32)


def test_state_head_logit_shift_moves_its_own_threshold_to_the_pooled_one() -> None:
    data: Any = _Data()
    cfg = {"kind": "lr", "c": 0.01, "hidden": 0, "features": True}
    head, p_report, own = T.run_state_seed(data, cfg, 13, base_thr=0.4)
    x, y = T.state_part(data, "train")
    raw = F.forward(T._fit(x, y, cfg, 13), x, "sigmoid")[:, 0]
    shifted = head.proba(x)[:, 0]
    assert head.threshold("en")[0] == pytest.approx(0.4) and own != pytest.approx(0.4)
    # The same decisions: raw >= its own out-of-fold threshold exactly where shifted >= the pooled threshold.
    far = np.abs(raw - own) > 1e-4
    assert ((raw >= own) == (shifted >= 0.4))[far].all()
    assert p_report.shape == (int((data.parts["report"][2] == "en").sum()),)
