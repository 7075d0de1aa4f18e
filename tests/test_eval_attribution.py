"""bench/eval_attribution.py: its scorer's matching rules, a run on a tiny invented set, and the absent-data path."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "eval_attribution.py"


def _module():  # noqa: ANN202 - the script, imported as a module
    spec = importlib.util.spec_from_file_location("eval_attribution", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("a", "b", "same"), [("Jane Roe", "JANE ROE", True), ("Roe", "Jane Roe", True),
                                              ("José Núñez", "Jose Nunez", True), ("Jane Roe", "Jan Roe", False),
                                              ("Ann", "Annabel Lee", False)])
def test_eval_attribution_name_matching(a: str, b: str, same: bool) -> None:
    assert _module().names_match(a, b) is same


@pytest.mark.slow  # runs bench/eval_attribution.py in a subprocess
def test_eval_attribution_runs_on_a_small_set(tmp_path: Path) -> None:
    root = tmp_path / "attribution"
    (root / "pages").mkdir(parents=True)
    (root / "pages" / "1.html").write_text(
        "<html><head><title>Ferry service restored</title><meta name='author' content='Jane Roe'>"
        "<meta property='og:site_name' content='The Example Courier'>"
        "<meta property='article:published_time' content='2023-05-19'></head><body><article>"
        "<h1>Ferry service restored</h1><p>By Jane Roe and Ann Lee</p><p>The ferry between the island and the "
        "mainland ran again on Friday after a week of storms, the operator said.</p></article></body></html>",
        encoding="utf-8")
    gold = {"file": "pages/1.html", "url": "https://example.org/ferry", "authors": ["Jane Roe", "Ann Lee"],
            "site": "The Example Courier", "date": "2023-05-19", "title": "Ferry service restored"}
    (root / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "UNSPIN_DATA": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    rows = {line.split("|")[1].strip(): line.split("|")[2:4] for line in proc.stdout.splitlines()
            if line.startswith("| ") and "field" not in line}
    assert float(rows["author F1"][0]) == 1.0 and float(rows["author R"][1]) == 0.5  # the peer misses Ann Lee
    assert float(rows["date acc"][0]) == 1.0 and float(rows["site acc"][0]) == 1.0


@pytest.mark.slow  # runs bench/eval_attribution.py in a subprocess
def test_eval_attribution_without_data_says_so(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "UNSPIN_DATA": str(tmp_path)})
    assert proc.returncode == 0 and "not found" in proc.stdout
