"""The typer sub-apps and eval commands on small synthetic benchmark folders."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from unspin.errors import InputError  # noqa: E402
from unspin.textcat import formats  # noqa: E402
from unspin.textcat.cli import checkthat_app, eval_checkthat, eval_semeval23, semeval23_app  # noqa: E402

runner = CliRunner()

ARTICLES = {
    "1": "Senate passes budget\n\nThe Senate voted 61-39 on Thursday to pass the budget, officials said.\n\n"
         "The House will vote next week.",
    "2": "Opinion: enough is enough\n\nThis so-called infrastructure bill is a disgrace. I have never seen "
         "politicians so eager to waste our money.\n\nWe should be ashamed of ourselves for letting these clowns "
         "in Washington ruin the country, and every voter should remember it in November.",
}


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    for aid, text in ARTICLES.items():
        (d / f"article{aid}.txt").write_text(text, encoding="utf-8")
    return d


@pytest.mark.slow
@pytest.mark.parametrize("subtask", [1, 2, 3])
def test_semeval23_predict_writes_the_task_format(articles: Path, tmp_path: Path, subtask: int) -> None:
    out = tmp_path / "pred.txt"
    res = runner.invoke(semeval23_app, ["predict", "--subtask", str(subtask), "--lang", "en", str(articles),
                                        "-o", str(out)])
    assert res.exit_code == 0, res.output
    if subtask == 1:
        assert formats.read_subtask1(out) == {"1": "reporting", "2": "opinion"}
    elif subtask == 2:
        assert set(formats.read_subtask2(out)) == {"1", "2"}
    else:
        got = formats.read_subtask3(out)
        assert sorted(got) == [("1", 1), ("1", 3), ("1", 5), ("2", 1), ("2", 3), ("2", 5)]


@pytest.mark.slow
def test_semeval23_subtask3_follows_the_template(articles: Path, tmp_path: Path) -> None:
    tpl = tmp_path / "t.template"
    formats.write_template(tpl, [("2", 3, "These clowns in Washington are destroying our great country!")])
    out = tmp_path / "pred.txt"
    res = runner.invoke(semeval23_app, ["predict", "--subtask", "3", "--lang", "ge", str(articles), str(tpl),
                                        "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert list(formats.read_subtask3(out)) == [("2", 3)]


def test_semeval23_bad_input_raises_input_error(articles: Path, tmp_path: Path) -> None:
    res = runner.invoke(semeval23_app, ["predict", "--subtask", "4", str(articles), "-o", str(tmp_path / "p")])
    assert isinstance(res.exception, InputError) and "--subtask 4" in str(res.exception)
    res = runner.invoke(semeval23_app, ["predict", "--subtask", "1", str(tmp_path / "none"), "-o", str(tmp_path / "p")])
    assert isinstance(res.exception, InputError)
    tpl = tmp_path / "t.template"
    formats.write_template(tpl, [("999", 1, "x")])
    res = runner.invoke(semeval23_app, ["predict", "--subtask", "3", str(articles), str(tpl),
                                        "-o", str(tmp_path / "p")])
    assert isinstance(res.exception, InputError) and "999" in str(res.exception)


@pytest.mark.slow
def test_checkthat_predict_and_eval(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_text("Sentence_id\tText\tclass_label\n"
                    "1\tUnemployment fell to 3.5 percent in September 2019, the lowest since 1969.\tYes\n"
                    "2\tThank you very much, everybody.\tNo\n"
                    "3\tIsn't that what we all want?\tNo\n")
    out = tmp_path / "pred.tsv"
    res = runner.invoke(checkthat_app, ["predict", str(gold), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert [(r.id, r.label) for r in formats.read_checkthat(out)] == [("1", True), ("2", False), ("3", False)]
    eval_checkthat(gold, out)
    printed = capsys.readouterr().out
    assert "1.0000" in printed and "F1" in printed


def test_checkthat_errors(tmp_path: Path) -> None:
    p = tmp_path / "in.tsv"
    p.write_text("Sentence_id\tclass_label\n1\tYes\n")
    res = runner.invoke(checkthat_app, ["predict", str(p), "-o", str(tmp_path / "o.tsv")])
    assert isinstance(res.exception, InputError) and "Text" in str(res.exception)
    res = runner.invoke(checkthat_app, ["predict", str(p), "-o", str(tmp_path / "o.tsv"), "--threshold", "2"])
    assert isinstance(res.exception, InputError)
    with pytest.raises(InputError, match="no such prediction"):
        eval_checkthat(p, tmp_path / "missing.tsv")


def test_eval_semeval23_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    formats.write_subtask1(tmp_path / "g1", {"a": "opinion", "b": "reporting"})
    formats.write_subtask1(tmp_path / "p1", {"a": "opinion", "b": "opinion"})
    eval_semeval23(1, tmp_path / "g1", tmp_path / "p1")
    # opinion: tp1 fp1 -> 2/3; reporting: 0; satire (listed, absent): 0 -> macro 2/9 = 0.2222
    assert "0.2222" in capsys.readouterr().out
    formats.write_subtask2(tmp_path / "g2", {"a": ["Political", "Economic"]})
    formats.write_subtask2(tmp_path / "p2", {"a": ["Political"]})
    eval_semeval23(2, tmp_path / "g2", tmp_path / "p2")
    assert "0.6667" in capsys.readouterr().out  # P=1, R=1/2
    formats.write_subtask3(tmp_path / "g3", {("a", 1): ["Doubt"], ("a", 3): []})
    formats.write_subtask3(tmp_path / "p3", {("a", 1): ["Doubt"], ("a", 3): ["Slogans"]})
    eval_semeval23(3, tmp_path / "g3", tmp_path / "p3")
    assert "0.6667" in capsys.readouterr().out  # P=1/2, R=1
    with pytest.raises(InputError):
        eval_semeval23(2, tmp_path / "g2", tmp_path / "nope")
    with pytest.raises(InputError, match="not in the gold"):
        formats.write_subtask2(tmp_path / "p2", {"zzz": ["Political"]})
        eval_semeval23(2, tmp_path / "g2", tmp_path / "p2")
