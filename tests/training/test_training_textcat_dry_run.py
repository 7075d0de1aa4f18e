"""`python -m training.textcat --dry-run` trains and scores but replaces no shipped head or card."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from training import textcat as T
from unspin.ml.heads import Head


def test_dry_run_writes_no_head_and_no_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(T, "MODELS", tmp_path)
    head = Head(("reporting", "opinion", "satire"), [(np.zeros((4, 3), np.float32), np.zeros(3, np.float32))],
                "softmax", {"*": np.zeros(3, np.float32)})
    monkeypatch.setattr(T, "DRY_RUN", True)
    T._save("genre", head, "genre")
    assert not any(tmp_path.rglob("*"))
    assert T.parse_args(["genre", "--dry-run"]).dry_run and not T.parse_args(["genre"]).dry_run
