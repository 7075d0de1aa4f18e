"""The narratives layer: the decision on hand-made probabilities, a user's taxonomy file, the shipped heads."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from unspin.components.narratives import decide  # noqa: E402
from unspin.errors import ConfigError  # noqa: E402

NARR = ["CC: Downplaying climate change", "URW: Praise of Russia"]
SUBS = ["CC: Downplaying climate change: Climate cycles are natural", "CC: Downplaying climate change: Other",
        "URW: Praise of Russia: Praise of Russian military might"]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "taxonomy-energy.yaml"


@pytest.mark.parametrize(("pn", "ps", "narratives", "subs"), [
    ([0.7, 0.1], [0.6, 0.9, 0.8], ["CC: Downplaying climate change"],
     ["CC: Downplaying climate change: Climate cycles are natural"]),             # sub only under a kept narrative
    ([0.7, 0.1], [0.2, 0.9, 0.8], ["CC: Downplaying climate change"], ["CC: Downplaying climate change: Other"]),
    ([0.2, 0.3], [0.9, 0.9, 0.9], ["Other"], ["Other"]),                          # nothing kept: Other
])
def test_narratives_decide(pn: list[float], ps: list[float], narratives: list[str], subs: list[str]) -> None:
    kept, found = decide(np.array([pn]), np.array([ps]), NARR, SUBS, 0.5, 0.5)[0]
    assert [n for n, _ in kept] == narratives
    assert [s for s, _, _ in found] == subs


def test_narratives_other_scores_one_minus_the_best_narrative() -> None:
    kept, _ = decide(np.array([[0.2, 0.3]]), np.array([[0.0, 0.0, 0.0]]), NARR, SUBS, 0.5, 0.5)[0]
    assert kept == [("Other", pytest.approx(0.7))]


@pytest.mark.parametrize(("content", "message"), [
    ('{"labels": []}', "non-empty 'labels'"),
    ('{"labels": [{"definition": "x"}]}', "needs a 'label'"),
    ('{"labels": [{"label": "A"}]}', "needs examples or a definition"),
    ('{"labels": [{"label": "A", "definition": "x", "parent": "B"}]}', "not a label"),
    ("{not json", "not valid JSON"),
])
def test_narratives_bad_taxonomy_files_are_config_errors(tmp_path: Path, content: str, message: str) -> None:
    from unspin.ml.nearest import load_taxonomy

    p = tmp_path / "tax.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_taxonomy(str(p))


@pytest.mark.slow
def test_narratives_user_taxonomy_finds_the_nearest_examples() -> None:
    from dataclasses import replace

    from unspin.analyzer import Analyzer
    from unspin.config import load_options
    from unspin.document import Document

    text = ("Wind farms stood still for a week.\n\nWhen the wind dropped, the grid operator had to restart two coal "
            "plants to keep the lights on, and households faced power cuts.")
    options = replace(load_options(None), components={"narratives": {"taxonomy": str(EXAMPLE)}})
    analyzer = Analyzer(["structure", "sentence-vectors", "narratives"], options=options)
    doc = analyzer.run(Document.from_text(text))
    labels = [n.label for n in doc.narratives]
    assert labels and labels[0].startswith("Renewables are unreliable"), doc.narratives
    assert all(n.taxonomy == "energy-debate" for n in doc.narratives)
    assert "Nuclear is the answer" not in labels


@pytest.mark.slow
def test_narratives_shipped_heads_on_a_climate_denial_text_and_a_wire_report() -> None:
    from unspin.analyzer import analyze_text

    denial = ("The climate has always changed\n\nThe so-called climate crisis is a hoax. The Earth has warmed and "
              "cooled in natural cycles for millions of years, long before anyone drove a car. CO2 is plant food, "
              "and the alarmists who predict doom every decade have been wrong every single time. The medieval "
              "warm period was hotter than today, and the ice at the poles is not melting as they claim.")
    doc = analyze_text(denial, ["structure", "sentence-vectors", "narratives"])
    top = [n.label for n in doc.narratives if n.parent is None]
    assert any(label.startswith("CC:") for label in top), doc.narratives
    assert all(n.parent in top for n in doc.narratives if n.parent), doc.narratives
