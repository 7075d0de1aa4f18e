"""Round trips and error messages of the SemEval-2023 T3 and CheckThat! file formats (synthetic files only)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.benchmarks import formats
from unspin.errors import InputError


def test_subtask_files_round_trip(tmp_path: Path) -> None:
    g1 = {"111": "opinion", "222": "satire"}
    formats.write_subtask1(tmp_path / "1.txt", g1)
    assert (tmp_path / "1.txt").read_text() == "111\topinion\n222\tsatire\n"
    assert formats.read_subtask1(tmp_path / "1.txt") == g1

    g2 = {"111": ["Political", "Economic"], "222": []}
    formats.write_subtask2(tmp_path / "2.txt", g2)
    assert formats.read_subtask2(tmp_path / "2.txt") == g2

    g3 = {("111", 1): [], ("111", 3): ["Doubt", "Loaded_Language"]}
    formats.write_subtask3(tmp_path / "3.txt", g3)
    assert (tmp_path / "3.txt").read_text() == "111\t1\t\n111\t3\tDoubt,Loaded_Language\n"
    assert formats.read_subtask3(tmp_path / "3.txt") == g3

    rows = [("111", 1, "A title"), ("111", 3, "A paragraph\twith a tab kept in the text.")]
    formats.write_template(tmp_path / "t.template", rows)
    assert formats.read_template(tmp_path / "t.template") == rows


def test_articles_and_paragraph_numbers(tmp_path: Path) -> None:
    (tmp_path / "article42.txt").write_text("Title\n\nFirst paragraph.\n\nSecond one.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored")
    arts = formats.read_articles(tmp_path)
    assert list(arts) == ["42"]
    assert formats.paragraphs_of_article(arts["42"]) == [(1, "Title"), (3, "First paragraph."), (5, "Second one.")]


def test_checkthat_round_trip_and_quoting(tmp_path: Path) -> None:
    src = tmp_path / "in.tsv"
    src.write_text('Sentence_id\tText\tclass_label\n1\t"He said ""no"" twice."\tYes\n2\tPlain text.\tNo\n')
    rows = formats.read_checkthat(src)
    assert rows == [formats.CheckThatRow("1", 'He said "no" twice.', True),
                    formats.CheckThatRow("2", "Plain text.", False)]
    formats.write_checkthat(tmp_path / "pred.tsv", [("1", True), ("2", False)])
    assert (tmp_path / "pred.tsv").read_text() == "Sentence_id\tclass_label\n1\tYes\n2\tNo\n"
    assert [(r.id, r.label) for r in formats.read_checkthat(tmp_path / "pred.tsv")] == [("1", True), ("2", False)]
    (tmp_path / "bare.tsv").write_text("1\tYes\n2\tNo\n")  # headerless prediction file
    assert [r.label for r in formats.read_checkthat(tmp_path / "bare.tsv")] == [True, False]


def test_checkthat_tweet_columns(tmp_path: Path) -> None:
    p = tmp_path / "t.tsv"
    p.write_text('topic\ttweet_id\ttweet_url\ttweet_text\tclass_label\nCOVID-19\t99\thttp://x\t"quoted" start\t1\n')
    rows = formats.read_checkthat(p, quoting=csv.QUOTE_NONE)
    assert rows == [formats.CheckThatRow("99", '"quoted" start', True)]


@pytest.mark.parametrize(
    ("name", "content", "reader", "message"),
    [
        ("1.txt", "111\tfiction\n", formats.read_subtask1, "unknown genre"),
        ("1.txt", "111\topinion\textra\tcol\n", formats.read_subtask1, "columns"),
        ("3.txt", "111\tthree\tDoubt\n", formats.read_subtask3, "not an integer"),
        ("c.tsv", "foo\tbar\nx\ty\n", formats.read_checkthat, "Sentence_id"),
        ("c.tsv", "Sentence_id\tText\tclass_label\n1\tHi\tMaybe\n", formats.read_checkthat, "Yes/No"),
        ("c.tsv", "", formats.read_checkthat, "empty"),
    ],
)
def test_bad_files_raise_one_line_input_errors(tmp_path: Path, name: str, content: str, reader, message: str) -> None:
    p = tmp_path / name
    p.write_text(content)
    with pytest.raises(InputError, match=message) as err:
        reader(p)
    assert "\n" not in str(err.value)


def test_missing_and_binary_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        formats.read_subtask2(tmp_path / "nope.txt")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="UTF-8"):
        formats.read_subtask1(tmp_path / "b.txt")
    with pytest.raises(InputError, match="no article"):
        formats.read_articles(tmp_path)
    with pytest.raises(InputError, match="article<ID>.txt"):
        formats.read_article(tmp_path / "b.txt")


_label = st.sampled_from(["Doubt", "Slogans", "Loaded_Language", "Flag_Waving"])
_ids = st.text(alphabet="0123456789", min_size=1, max_size=9)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.tuples(_ids, st.integers(1, 99)), st.lists(_label, unique=True, max_size=3), max_size=8))
def test_subtask3_round_trip_property(tmp_path_factory: pytest.TempPathFactory,
                                      labels: dict[tuple[str, int], list[str]]) -> None:
    p = tmp_path_factory.mktemp("st3") / "labels.txt"
    formats.write_subtask3(p, labels)
    assert formats.read_subtask3(p) == labels


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_split_sentences_never_loses_words(text: str) -> None:
    from unspin.ml.encoder import split_sentences

    parts = split_sentences(text)
    assert all(p and p == p.strip() for p in parts)
    assert " ".join(parts).split() == text.split()


def test_subjectivity_files_round_trip_with_literal_quotes(tmp_path: Path) -> None:
    p = tmp_path / "train.tsv"
    p.write_text('sentence_id\tsentence\tlabel\tsolved_conflict\nx1\tHe said "no" twice.\tOBJ\tFalse\n'
                 'x2\tGone are the days.\tsubj\tTrue\n', encoding="utf-8")
    rows = formats.read_subjectivity(p)
    assert rows == [formats.SubjectivityRow("x1", 'He said "no" twice.', "OBJ"),
                    formats.SubjectivityRow("x2", "Gone are the days.", "SUBJ")]
    out = tmp_path / "pred.tsv"
    formats.write_subjectivity(out, [(r.id, str(r.label)) for r in rows])
    assert out.read_text(encoding="utf-8") == "sentence_id\tlabel\nx1\tOBJ\nx2\tSUBJ\n"
    assert [(r.id, r.label, r.text) for r in formats.read_subjectivity(out)] == [("x1", "OBJ", ""), ("x2", "SUBJ", "")]
    test = tmp_path / "test.tsv"
    test.write_text("sentence_id\tsentence\nt1\tA sentence.\n", encoding="utf-8")
    assert formats.read_subjectivity(test) == [formats.SubjectivityRow("t1", "A sentence.", None)]


@pytest.mark.parametrize(("content", "message"), [
    ("id\ttext\n1\tx\n", "no sentence_id column"),
    ("sentence_id\tsentence\tlabel\n1\tx\n", "expected at least 3"),
    ("sentence_id\tsentence\tlabel\n1\tx\tNEUTRAL\n", "not SUBJ/OBJ"),
    ("sentence_id\tsentence\n1\tx\n1\ty\n", "more than once"),
    ("", "empty"),
])
def test_subjectivity_bad_files_are_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "bad.tsv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        formats.read_subjectivity(p)
