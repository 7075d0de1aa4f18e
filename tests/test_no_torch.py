"""The runtime needs no torch: `pip install unspin` does not pull it, and analysis must work where it is absent.

The development venv has torch (training uses it) and spaCy's thinc imports it when it can, so "it works here"
proves nothing. This test hides torch and transformers from a fresh interpreter (imports of them fail, as on a
machine without them) and runs the full default pipeline through the CLI.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from unspin.report import load_schema

pytestmark = pytest.mark.slow  # runs the CLI in a subprocess

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "unspin" / "examples" / "news-and-comment.md"

BLOCK = """
import importlib.abc, sys

class _NoTorch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"torch", "transformers"}:
            raise ImportError(f"{name} is hidden by the no-torch test")
        return None

sys.meta_path.insert(0, _NoTorch())
from unspin.cli import main
code = main(sys.argv[1:])
assert not any(m.split(".")[0] in {"torch", "transformers"} for m in sys.modules), "torch was imported"
sys.exit(code)
"""


def test_full_analysis_runs_without_torch() -> None:
    proc = subprocess.run([sys.executable, "-c", BLOCK, "analyze", str(EXAMPLE), "--format", "json"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    doc = json.loads(proc.stdout)
    # Every model layer ran: spans, sentence scores, genre and frames are all there.
    assert doc["persuasion"] and doc["frames"] and doc["genre"]["label"]
    assert any("checkworthiness" in s for s in doc["sentences"])
    assert "persuasion" in doc["layers"] and "paragraph-persuasion" in doc["layers"]
    # ... and the full Document (every model layer filled) still meets the published schema.
    jsonschema.validate(doc, load_schema())
