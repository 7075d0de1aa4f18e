"""PTC file formats: read/write round trips and one-line errors on bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.benchmarks import ptc
from unspin.errors import InputError


def test_flc_round_trip(tmp_path: Path) -> None:
    labels = [
        ptc.Label("111", 0, 12, "Loaded_Language"),
        ptc.Label("111", 5, 30, "Whataboutism,Straw_Men,Red_Herring"),
        ptc.Label("222", 7, 9, "Name_Calling,Labeling"),
    ]
    path = tmp_path / "pred.tsv"
    ptc.write_labels(path, labels)
    assert path.read_text().splitlines()[1] == "111\tWhataboutism,Straw_Men,Red_Herring\t5\t30"
    assert ptc.read_labels(path) == labels
    assert ptc.load_gold(path) == labels


def test_labels_dir_and_template(tmp_path: Path) -> None:
    (tmp_path / "article1.task2-TC.labels").write_text("1\tDoubt\t3\t8\n")
    (tmp_path / "article2.task2-TC.labels").write_text("")  # articles without spans have empty files
    assert ptc.load_gold(tmp_path) == [ptc.Label("1", 3, 8, "Doubt")]
    template = tmp_path / "template.out"
    template.write_text("1\t?\t3\t8\n1\t?\t3\t8\n")
    assert [r.technique for r in ptc.read_template(template)] == ["?", "?"]
    with pytest.raises(InputError, match="template"):
        ptc.read_labels(template)


def test_si_labels(tmp_path: Path) -> None:
    path = tmp_path / "a.task1-SI.labels"
    path.write_text("42\t0\t5\n42\t10\t20\n")
    assert ptc.read_si_labels(path) == [("42", 0, 5), ("42", 10, 20)]


def test_read_articles_keeps_text_exact(tmp_path: Path) -> None:
    text = "Title — “quoted”\r\n\nSecond line 🙂 with emoji.\n"
    (tmp_path / "article123.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "notes.md").write_text("ignored")
    assert ptc.read_articles(tmp_path) == {"123": text}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("1\tDoubt\t3\n", "expected 4"),
        ("1\tNot_A_Technique\t3\t8\n", "unknown technique"),
        ("1\tDoubt\tx\t8\n", "not integers"),
        ("1\tDoubt\t8\t3\n", "empty or negative"),
    ],
)
def test_bad_label_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.labels"
    path.write_text(content)
    with pytest.raises(InputError, match=message) as err:
        ptc.read_labels(path)
    assert "\n" not in str(err.value) and "line 1" in str(err.value)


def test_bad_folders(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no articleNNN.txt"):
        ptc.read_articles(tmp_path)
    with pytest.raises(InputError, match="not a folder"):
        ptc.read_articles(tmp_path / "missing")
    (tmp_path / "article1.txt").write_bytes(b"\xff\xfe bad")
    with pytest.raises(InputError, match="UTF-8"):
        ptc.read_articles(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        ptc.load_gold(tmp_path / "nope.tsv")
