"""training.roles_probes: the probes score every language on the outer folds of synthetic mention features (no
/work/shared), and the ensemble probe reads each fold's inner choices from the shipped cv.json."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("sklearn")

from test_training_roles import _synthetic  # noqa: E402

from training import roles_probes as P  # noqa: E402


def _rows(out: str) -> list[tuple[str, float, float]]:
    return [(m.group(1), float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"^\((.*?)\)\s+main accuracy ([\d.]+) ± [\d.]+\s+EMR ([\d.]+)", out, re.M)]


def test_prior_probe_scores_every_language_at_every_shift(capsys: pytest.CaptureFixture[str]) -> None:
    P.probe_prior(_synthetic(per_lang=30))
    rows = _rows(capsys.readouterr().out)
    assert len(rows) == 5 * 3 * 2  # languages x shifts x memory weights
    assert {r[0].split(",")[0].strip("'") for r in rows} == {"EN", "BG", "HI", "PT", "RU"}
    assert all(0.0 <= acc <= 1.0 and 0.0 <= emr <= 1.0 for _, acc, emr in rows)


def test_ensemble_probe_scores_each_e5_set_and_their_mean(capsys: pytest.CaptureFixture[str]) -> None:
    P.probe_ensemble(_synthetic(per_lang=30))
    rows = _rows(capsys.readouterr().out)
    assert len(rows) == 4 * 4  # the e5 languages x (e5, e5x, e5l, the mean)
    assert sum("mean of the three" in r[0] for r in rows) == 4
    assert {r[0].split(",")[0].strip("'") for r in rows} == {"BG", "HI", "PT", "RU"}  # English never runs e5
    assert all(0.0 <= acc <= 1.0 and 0.0 <= emr <= 1.0 for _, acc, emr in rows)
