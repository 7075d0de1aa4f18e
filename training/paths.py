"""Where the benchmark data is: one rule for the training scripts, the bench/ scripts and the evaluation tests.

``$UNSPIN_DATA`` when set (and then only there: a wrong value is reported, never silently replaced), else
``shared/data`` beside the repository (the layout the project is developed in), else ``/work/shared/data``.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The package the models ship in: training writes its weights there.
PACKAGE = REPO / "src" / "unspin"


def data_root() -> Path:
    if os.environ.get("UNSPIN_DATA"):
        return Path(os.environ["UNSPIN_DATA"])
    for cand in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        if cand.is_dir():
            return cand
    return REPO.parent / "shared" / "data"
