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


def replace_card_section(path: Path, begin: str, end: str, section: str, *, before: str | None = None) -> None:
    """Put ``section`` (which starts with the ``begin`` marker and ends with ``end``) into the model card at
    ``path``: in place of the card's current ``begin``..``end`` section, else in front of the heading ``before``
    when given and present, else at the end."""
    text = path.read_text(encoding="utf-8")
    if begin in text:
        head, _, rest = text.partition(begin)
        text = head + section + rest.partition(end)[2]
    elif before is not None and before in text:
        head, sep, rest = text.partition(before)
        text = head + section + "\n\n" + sep + rest
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
