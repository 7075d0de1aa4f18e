"""Accuracy regressions fail CI, not users: the gate over the project's own golden corpus."""

from __future__ import annotations

import json

import pytest

from quality import gate


@pytest.mark.slow
def test_quality_gate_holds_the_floors(base_analyzer) -> None:  # noqa: ANN001
    scores = gate.score(base_analyzer)
    problems = gate.check(scores, json.loads(gate.BASELINE.read_text()))
    assert not problems, f"{problems} (scores: {scores})"


@pytest.mark.parametrize("metric", ["sections", "entity_ids"])
def test_quality_gate_catches_a_drop(metric: str) -> None:
    baseline = json.loads(gate.BASELINE.read_text())
    scores = dict(baseline["floors"])
    scores[metric] = baseline["floors"][metric] - 0.2
    assert any(metric in p for p in gate.check(scores, baseline))
