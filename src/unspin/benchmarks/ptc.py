"""Reading and writing the PTC (SemEval-2020 Task 11) file formats.

* article folders: ``articleNNN.txt`` -> id ``NNN``; text is the UTF-8 decoded file, offsets are Python str indices
* FLC / TC labels: ``article_id<TAB>technique<TAB>start<TAB>end`` (end exclusive)
* TC templates: the same with ``?`` in the technique column
* SI labels: ``article_id<TAB>start<TAB>end``

Every malformed file raises :class:`unspin.errors.InputError` with a one-line message naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from unspin.errors import InputError

__all__ = [
    "Label",
    "read_articles",
    "read_article",
    "read_labels",
    "read_labels_dir",
    "read_template",
    "read_si_labels",
    "write_labels",
    "load_gold",
]

_ARTICLE_RE = re.compile(r"^article(\d+)\.txt$")


@dataclass(frozen=True, order=True)
class Label:
    """One annotated (or predicted) span of an article; ``technique`` is ``"?"`` in a TC template."""

    article_id: str
    start: int
    end: int
    technique: str


def read_article(path: Path) -> str:
    """Decode one article exactly as the offsets were computed: UTF-8, newlines untouched."""
    try:
        # newline="" keeps "\r\n" as two characters, as the corpus offsets expect.
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except UnicodeDecodeError as e:
        raise InputError(f"not valid UTF-8 ({e.reason} at byte {e.start}); PTC articles are UTF-8 text",
                         source=str(path)) from None
    except OSError as e:
        raise InputError(f"cannot read article: {e.strerror}", source=str(path)) from None


def read_articles(folder: str | Path) -> dict[str, str]:
    """Read every ``articleNNN.txt`` of a folder into ``{"NNN": text}``, sorted by id."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder; pass a folder of PTC articleNNN.txt files", source=str(folder))
    found: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        m = _ARTICLE_RE.match(path.name)
        if m:
            found[m.group(1)] = read_article(path)
    if not found:
        raise InputError("no articleNNN.txt files found; pass a folder of PTC articles", source=str(folder))
    return found


def _lines(path: Path) -> list[tuple[int, list[str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError("not valid UTF-8; label files are UTF-8 TSV", source=str(path)) from None
    except OSError as e:
        raise InputError(f"cannot read label file: {e.strerror}", source=str(path)) from None
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            rows.append((n, line.rstrip("\r").split("\t")))
    return rows


def _offsets(path: Path, n: int, start: str, end: str) -> tuple[int, int]:
    try:
        s, e = int(start), int(end)
    except ValueError:
        raise InputError(f"line {n}: offsets {start!r}, {end!r} are not integers", source=str(path)) from None
    if s < 0 or e <= s:
        raise InputError(f"line {n}: span {s}-{e} is empty or negative; need 0 <= start < end", source=str(path))
    return s, e


def read_labels(path: str | Path, *, allow_template: bool = False) -> list[Label]:
    """Read an FLC/TC label file (4 columns). ``?`` techniques are accepted only when ``allow_template``."""
    from unspin.ml.techniques import TECHNIQUES

    path = Path(path)
    known = set(TECHNIQUES)
    out: list[Label] = []
    for n, cols in _lines(path):
        if len(cols) != 4:
            raise InputError(
                f"line {n}: expected 4 tab-separated columns (article_id, technique, start, end), got {len(cols)}",
                source=str(path),
            )
        article_id, technique, start, end = (c.strip() for c in cols)
        if technique == "?":
            if not allow_template:
                raise InputError(f"line {n}: technique is '?'; this looks like a TC template, not labels",
                                 source=str(path))
        elif technique not in known:
            raise InputError(f"line {n}: unknown technique {technique!r}; use one of the 14 PTC names",
                             source=str(path))
        s, e = _offsets(path, n, start, end)
        out.append(Label(article_id, s, e, technique))
    return out


def read_template(path: str | Path) -> list[Label]:
    """Read a TC template (technique column ``?``, but filled-in files are accepted too). Order is kept.

    An empty (or blank-lines-only) template is an error: there is nothing to classify, and writing an empty
    prediction file would look like success.
    """
    rows = read_labels(path, allow_template=True)
    if not rows:
        raise InputError("template has no spans; a TC template lists article_id, ?, start, end per line",
                         source=str(path))
    return rows


def read_si_labels(path: str | Path) -> list[tuple[str, int, int]]:
    """Read an SI label file: ``article_id<TAB>start<TAB>end`` per line."""
    path = Path(path)
    out: list[tuple[str, int, int]] = []
    for n, cols in _lines(path):
        if len(cols) != 3:
            raise InputError(f"line {n}: expected 3 tab-separated columns (article_id, start, end), got {len(cols)}",
                             source=str(path))
        s, e = _offsets(path, n, cols[1].strip(), cols[2].strip())
        out.append((cols[0].strip(), s, e))
    return out


def read_labels_dir(folder: str | Path, pattern: str = "*.labels") -> list[Label]:
    """Read and concatenate every FLC/TC label file of a folder (e.g. ``train-labels-task2-...``)."""
    folder = Path(folder)
    files = sorted(folder.glob(pattern))
    if not files:
        raise InputError(f"no {pattern} files found; pass a folder of PTC .labels files or one file",
                         source=str(folder))
    out: list[Label] = []
    for f in files:
        out.extend(read_labels(f))
    return out


def load_gold(path: str | Path) -> list[Label]:
    """Gold FLC labels from one file or a folder of per-article files."""
    path = Path(path)
    if path.is_dir():
        return read_labels_dir(path)
    if not path.exists():
        raise InputError("no such file or folder; pass a PTC labels file or folder", source=str(path))
    return read_labels(path)


def write_labels(path: str | Path, labels: list[Label]) -> None:
    """Write FLC TSV, one ``article_id<TAB>technique<TAB>start<TAB>end`` line per label, in the given order."""
    path = Path(path)
    lines = [f"{lb.article_id}\t{lb.technique}\t{lb.start}\t{lb.end}\n" for lb in labels]
    try:
        path.write_text("".join(lines), encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot write predictions: {e.strerror}", source=str(path)) from None
