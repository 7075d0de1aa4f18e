"""The JSON contract, pinned byte for byte: ``unspin analyze --format json`` with every default layer.

The bundled example and three short articles written for these tests (a news report, an opinion piece in loaded
language, a German report) are analysed through the command line, with the time fixed and the path given relative
to the repository (as ``conftest.fixed_example_doc`` fixes them), and compared with ``tests/golden/full/*.json``.
A refactor must leave these bytes alone; a deliberate change to a layer's output reruns
``python -m pytest tests/test_golden_json.py --update-golden`` and reviews the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import unspin.ingest
from unspin.cli import main

REPO = Path(__file__).resolve().parent.parent
FULL = Path(__file__).parent / "golden" / "full"
FIXED_TIME = "2026-01-01T00:00:00+00:00"


@pytest.mark.slow
@pytest.mark.parametrize("article", [
    "examples/news-and-comment.md",
    "tests/golden/full/news.md",
    "tests/golden/full/opinion.md",
    "tests/golden/full/german.md",
])
def test_analyze_json_is_byte_identical_to_golden(article: str, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str],
                                                  request: pytest.FixtureRequest) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setattr(unspin.ingest, "utc_now", lambda: FIXED_TIME)
    assert main(["analyze", article, "--format", "json"]) == 0
    out = capsys.readouterr().out
    golden = FULL / (Path(article).stem + ".json")
    if request.config.getoption("--update-golden"):
        golden.write_bytes(out.encode("utf-8"))
    assert out.encode("utf-8") == golden.read_bytes(), "JSON changed: review, then rerun with --update-golden"
