"""The typer sub-apps and eval commands on small synthetic benchmark folders.

Scores are checked against hand-counted TP/FP/FN, through the real ``unspin`` app (``main``) as a user runs it.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from unspin.benchmarks import formats  # noqa: E402
from unspin.cli import main  # noqa: E402
from unspin.cli.benchmarks import checkthat_app, semeval23_app  # noqa: E402
from unspin.errors import InputError  # noqa: E402

runner = CliRunner()


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Run ``unspin ARGS`` in-process: (exit status, stdout, stderr)."""
    capsys.readouterr()
    rc = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return rc, out, err


def one_error_line(err: str, *needles: str) -> bool:
    lines = err.strip().splitlines()
    return len(lines) == 1 and lines[0].startswith("unspin: error: ") and all(n in lines[0] for n in needles)

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
    rc, printed, _ = cli(capsys, "eval", "checkthat", "--gold", gold, "--pred", out)
    assert rc == 0 and "1.0000" in printed and "F1" in printed



def test_checkthat_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "in.tsv"
    p.write_text("Sentence_id\tclass_label\n1\tYes\n")
    res = runner.invoke(checkthat_app, ["predict", str(p), "-o", str(tmp_path / "o.tsv")])
    assert isinstance(res.exception, InputError) and "Text" in str(res.exception)
    res = runner.invoke(checkthat_app, ["predict", str(p), "-o", str(tmp_path / "o.tsv"), "--threshold", "2"])
    assert isinstance(res.exception, InputError)
    rc, _, err = cli(capsys, "eval", "checkthat", "--gold", p, "--pred", tmp_path / "missing.tsv")
    assert rc == 2 and one_error_line(err, "no such prediction file", "missing.tsv")


def test_checkthat_predict_header_only_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "headeronly.tsv"
    p.write_text("Sentence_id\tText\n")
    out = tmp_path / "o.tsv"
    rc, _, err = cli(capsys, "checkthat", "predict", p, "-o", out)
    assert rc == 2 and one_error_line(err, "headeronly.tsv", "no sentences") and not out.exists()


# Gold 1-3 are Yes; the prediction says Yes for 1, 2 (TP = 2), 4 (FP = 1) and No for 3 (FN = 1), 5 and 6 (TN).
# P = 2/3, R = 2/3, F1 = 2/3.
CT_GOLD = "Sentence_id\tText\tclass_label\n" + "".join(
    f"{i}\tSentence number {i}.\t{'Yes' if i <= 3 else 'No'}\n" for i in range(1, 7))
CT_PRED = "Sentence_id\tclass_label\n" + "".join(
    f"{i}\t{'Yes' if i in (1, 2, 4) else 'No'}\n" for i in range(1, 7))


def test_eval_checkthat_f1_counted_by_hand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "gold.tsv").write_text(CT_GOLD)
    (tmp_path / "pred.tsv").write_text(CT_PRED)
    rc, out, err = cli(capsys, "eval", "checkthat", "--gold", tmp_path / "gold.tsv", "--pred", tmp_path / "pred.tsv")
    assert rc == 0, err
    row = next(line for line in out.splitlines() if "positive class" in line)
    assert row.count("0.6667") == 3, out  # precision, recall, F1
    assert err == ""


def test_eval_checkthat_missing_and_extra_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "gold.tsv").write_text(CT_GOLD)
    # Predictions for 1-4 only: 5 and 6 (gold No) are scored as No, so the score is unchanged; a warning counts them.
    (tmp_path / "pred.tsv").write_text("\n".join(CT_PRED.splitlines()[:5]) + "\n")
    rc, out, err = cli(capsys, "eval", "checkthat", "--gold", tmp_path / "gold.tsv", "--pred", tmp_path / "pred.tsv")
    assert rc == 0 and "0.6667" in out
    assert err.startswith("unspin: warning:") and "2 of 6 gold ids have no prediction" in err
    (tmp_path / "extra.tsv").write_text(CT_PRED + "99\tYes\n")
    rc, _, err = cli(capsys, "eval", "checkthat", "--gold", tmp_path / "gold.tsv", "--pred", tmp_path / "extra.tsv")
    assert rc == 2 and one_error_line(err, "extra.tsv", "1 of 7 predicted ids are not in the gold", "'99'")


@pytest.mark.parametrize("which", ["gold", "pred"])
@pytest.mark.parametrize("content", ["", "Sentence_id\tText\tclass_label\n"], ids=["empty", "header-only"])
def test_eval_checkthat_empty_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str,
                                            content: str) -> None:
    files = {"gold": tmp_path / "gold.tsv", "pred": tmp_path / "pred.tsv"}
    files["gold"].write_text(CT_GOLD)
    files["pred"].write_text(CT_PRED)
    files[which] = tmp_path / "empty.tsv"
    files[which].write_text(content)
    rc, _, err = cli(capsys, "eval", "checkthat", "--gold", files["gold"], "--pred", files["pred"])
    assert rc == 2 and one_error_line(err, "empty.tsv")


def test_eval_semeval23_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    formats.write_subtask1(tmp_path / "g1", {"a": "opinion", "b": "reporting"})
    formats.write_subtask1(tmp_path / "p1", {"a": "opinion", "b": "opinion"})
    rc, out, _ = cli(capsys, "eval", "semeval23", "--subtask", 1, "--gold", tmp_path / "g1", "--pred", tmp_path / "p1")
    # opinion: tp1 fp1 -> 2/3; reporting: tp0 fn1 -> 0; satire occurs in neither file, so it is not averaged:
    # macro (2/3 + 0) / 2 = 1/3
    assert rc == 0 and "0.3333" in out and "satire" not in out
    formats.write_subtask1(tmp_path / "g_sat", {"a": "satire", "b": "satire"})
    rc, out, _ = cli(capsys, "eval", "semeval23", "--subtask", 1, "--gold", tmp_path / "g_sat", "--pred",
                     tmp_path / "g_sat")
    assert rc == 0 and "1.0000" in out  # a perfect file is 1, whatever genres it lacks
    formats.write_subtask2(tmp_path / "g2", {"a": ["Political", "Economic"]})
    formats.write_subtask2(tmp_path / "p2", {"a": ["Political"]})
    rc, out, _ = cli(capsys, "eval", "semeval23", "--subtask", 2, "--gold", tmp_path / "g2", "--pred", tmp_path / "p2")
    assert rc == 0 and "0.6667" in out  # P=1, R=1/2
    formats.write_subtask3(tmp_path / "g3", {("a", 1): ["Doubt"], ("a", 3): []})
    formats.write_subtask3(tmp_path / "p3", {("a", 1): ["Doubt"], ("a", 3): ["Slogans"]})
    rc, out, _ = cli(capsys, "eval", "semeval23", "--subtask", 3, "--gold", tmp_path / "g3", "--pred", tmp_path / "p3")
    assert rc == 0 and "0.6667" in out  # P=1/2, R=1
    rc, _, err = cli(capsys, "eval", "semeval23", "--subtask", 2, "--gold", tmp_path / "g2", "--pred", tmp_path / "no")
    assert rc == 2 and one_error_line(err, "no such prediction file")
    formats.write_subtask2(tmp_path / "p2", {"zzz": ["Political"]})
    rc, _, err = cli(capsys, "eval", "semeval23", "--subtask", 2, "--gold", tmp_path / "g2", "--pred", tmp_path / "p2")
    assert rc == 2 and one_error_line(err, "not in the gold")


def test_eval_semeval23_subtask2_micro_f1_counted_by_hand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    formats.write_subtask2(tmp_path / "gold.txt", {"a": ["Political", "Economic"], "b": ["Morality"], "c": []})
    formats.write_subtask2(tmp_path / "pred.txt", {"a": ["Political", "Legality"], "b": ["Morality", "Security"],
                                                   "c": []})
    # TP = 2 (Political, Morality), FP = 2 (Legality, Security), FN = 1 (Economic): P = 1/2, R = 2/3, F1 = 4/7.
    rc, out, err = cli(capsys, "eval", "semeval23", "--subtask", "2", "--gold", tmp_path / "gold.txt",
                       "--pred", tmp_path / "pred.txt")
    assert rc == 0, err
    row = next(line for line in out.splitlines() if line.startswith("│ all "))
    assert ["0.5000", "0.6667", "0.5714", "3"] == [c for c in row.replace("│", " ").split() if c != "all"], out


def test_eval_gold_and_pred_are_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    formats.write_subtask1(tmp_path / "g", {"a": "opinion"})
    rc, _, err = cli(capsys, "eval", "semeval23", "--subtask", "1", tmp_path / "g", tmp_path / "g")
    assert rc == 2 and "--gold" in err  # positional files are a usage error naming the missing option
    rc, _, err = cli(capsys, "eval", "checkthat", "--gold", tmp_path / "g")
    assert rc == 2 and "--pred" in err


@pytest.mark.parametrize("subtask", [1, 2, 3])
@pytest.mark.parametrize("which", ["gold", "pred"])
def test_eval_semeval23_empty_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], subtask: int,
                                            which: str) -> None:
    files = {"gold": tmp_path / "gold.txt", "pred": tmp_path / "pred.txt"}
    if subtask == 1:
        for f in files.values():
            formats.write_subtask1(f, {"a": "opinion"})
    elif subtask == 2:
        for f in files.values():
            formats.write_subtask2(f, {"a": ["Political"]})
    else:
        for f in files.values():
            formats.write_subtask3(f, {("a", 1): ["Doubt"]})
    files[which] = tmp_path / "empty.txt"
    files[which].write_text("\n \n")
    rc, _, err = cli(capsys, "eval", "semeval23", "--subtask", subtask, "--gold", files["gold"],
                     "--pred", files["pred"])
    assert rc == 2 and one_error_line(err, "empty.txt", "gold" if which == "gold" else "prediction")


@pytest.mark.parametrize("content", ["", "\n  \n\n"], ids=["empty", "blank-lines"])
def test_semeval23_empty_template_is_an_error(articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              content: str) -> None:
    tpl = tmp_path / "empty.template"
    tpl.write_text(content)
    out = tmp_path / "o.txt"
    rc, _, err = cli(capsys, "semeval23", "predict", "--subtask", "3", "--lang", "en", articles, tpl, "-o", out)
    assert rc == 2 and one_error_line(err, "empty.template", "template has no rows") and not out.exists()


def test_semeval23_lang_that_is_not_a_code_is_an_error(articles: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.txt"
    rc, _, err = cli(capsys, "semeval23", "predict", "--subtask", "1", "--lang", "klingon", articles, "-o", out)
    assert rc == 2 and one_error_line(err, "--lang 'klingon'", "not a language code") and not out.exists()


@pytest.mark.slow
def test_semeval23_unknown_language_code_warns_and_predicts(articles: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.txt"
    rc, _, err = cli(capsys, "semeval23", "predict", "--subtask", "1", "--lang", "tlh", articles, "-o", out)
    assert rc == 0 and set(formats.read_subtask1(out)) == set(ARTICLES)
    warnings = [line for line in err.splitlines() if line.startswith("unspin: warning:")]
    assert len(warnings) == 1 and "tlh" in warnings[0] and "zero-shot" in warnings[0]
    rc, _, err = cli(capsys, "semeval23", "predict", "--subtask", "1", "--lang", "ge", articles, "-o", out)
    assert rc == 0 and "warning" not in err  # SemEval's own code for German


# CheckThat! 2023 task 2 (subjectivity). Gold: a-c SUBJ, d-f OBJ. Prediction: SUBJ for a, b, d; OBJ for c, e, f.
# SUBJ: TP 2, FP 1, FN 1 -> F1 2/3; OBJ: TP 2, FP 1, FN 1 -> F1 2/3; macro-F1 2/3.
SUBJ_GOLD = "sentence_id\tsentence\tlabel\tsolved_conflict\n" + "".join(
    f"{k}\tSentence \"{k}\" here.\t{'SUBJ' if k in 'abc' else 'OBJ'}\tFalse\n" for k in "abcdef")
SUBJ_PRED = "sentence_id\tlabel\n" + "".join(f"{k}\t{'SUBJ' if k in 'abd' else 'OBJ'}\n" for k in "abcdef")


def test_eval_checkthat_subjectivity_macro_f1_counted_by_hand(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "gold.tsv").write_text(SUBJ_GOLD)
    (tmp_path / "pred.tsv").write_text(SUBJ_PRED)
    rc, out, err = cli(capsys, "eval", "checkthat", "--task", "subjectivity", "--gold", tmp_path / "gold.tsv",
                       "--pred", tmp_path / "pred.tsv")
    assert rc == 0, err
    assert next(line for line in out.splitlines() if "macro-F1" in line).count("0.6667") == 1
    assert all(next(line for line in out.splitlines() if f"class {c}" in line).count("0.6667") == 1
               for c in ("SUBJ", "OBJ"))
    # headerless predictions read too; an unknown task and a label outside SUBJ/OBJ are one-line errors
    (tmp_path / "bare.tsv").write_text("".join(SUBJ_PRED.splitlines(keepends=True)[1:]))
    rc, out, _ = cli(capsys, "eval", "checkthat", "--task", "subjectivity", "--gold", tmp_path / "gold.tsv",
                     "--pred", tmp_path / "bare.tsv")
    assert rc == 0 and "0.6667" in out
    rc, _, err = cli(capsys, "eval", "checkthat", "--task", "stance", "--gold", tmp_path / "gold.tsv",
                     "--pred", tmp_path / "pred.tsv")
    assert rc == 2 and one_error_line(err, "--task", "stance")
    (tmp_path / "bad.tsv").write_text("sentence_id\tlabel\na\tMAYBE\n")
    rc, _, err = cli(capsys, "eval", "checkthat", "--task", "subjectivity", "--gold", tmp_path / "gold.tsv",
                     "--pred", tmp_path / "bad.tsv")
    assert rc == 2 and one_error_line(err, "bad.tsv", "MAYBE")


def test_eval_checkthat_subjectivity_gold_without_labels_is_an_error(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "test.tsv").write_text("sentence_id\tsentence\na\tWhat a day.\n")
    (tmp_path / "pred.tsv").write_text(SUBJ_PRED)
    rc, _, err = cli(capsys, "eval", "checkthat", "--task", "subjectivity", "--gold", tmp_path / "test.tsv",
                     "--pred", tmp_path / "pred.tsv")
    assert rc == 2 and one_error_line(err, "test.tsv", "no label column")


@pytest.mark.slow
def test_checkthat_predict_subjectivity_reads_inputs_with_or_without_labels(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [("s1", "This is the most shameful, cowardly decision I have ever seen!", "SUBJ"),
            ("s2", "The council met on Tuesday at 10 a.m. in the town hall.", "OBJ")]
    labelled = tmp_path / "dev.tsv"
    labelled.write_text("sentence_id\tsentence\tlabel\n" + "".join(f"{i}\t{t}\t{y}\n" for i, t, y in rows))
    bare = tmp_path / "test.tsv"
    bare.write_text("sentence_id\tsentence\n" + "".join(f"{i}\t{t}\n" for i, t, _ in rows))
    for src in (labelled, bare):
        out = tmp_path / f"pred-{src.stem}.tsv"
        rc, _, err = cli(capsys, "checkthat", "predict", "--task", "subjectivity", src, "-o", out)
        assert rc == 0, err
        assert [(r.id, r.label) for r in formats.read_subjectivity(out)] == [("s1", "SUBJ"), ("s2", "OBJ")]
    rc, printed, _ = cli(capsys, "eval", "checkthat", "--task", "subjectivity", "--gold", labelled, "--pred", out)
    assert rc == 0 and "1.0000" in printed
    rc, _, err = cli(capsys, "checkthat", "predict", "--task", "subjectivity", tmp_path / "pred-test.tsv", "-o",
                     tmp_path / "x.tsv")
    assert rc == 2 and one_error_line(err, "no sentence column")


# ---------------------------------------------------------------- SemEval-2025 Task 10
SE25_DOCS = {
    "EN_UA_1.txt": "Kremlin plots again\r\n\r\nRussia is conspiring to split Europe, while Ukrainians suffer in the "
                   "cold.\r\n",
    "EN_CC_2.txt": "Climate cycles are natural\n\nThe climate has always changed; the alarmists at the UN are wrong.\n",
}
# end inclusive; EN_UA_1 counts the \r of its CRLF line ends
SE25_GOLD1 = ("EN_UA_1.txt\tRussia\t23\t28\tAntagonist\tConspirator\n"
              "EN_UA_1.txt\tUkrainians\t67\t76\tInnocent\tVictim\n")
SE25_GOLD2 = ("EN_UA_1.txt\tURW: Discrediting the West, Diplomacy\tURW: Discrediting the West, Diplomacy: Other\n"
              "EN_CC_2.txt\tCC: Downplaying climate change\t"
              "CC: Downplaying climate change: Climate cycles are natural\n")


@pytest.fixture
def se25(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in SE25_DOCS.items():
        (docs / name).write_bytes(text.encode("utf-8"))
    (tmp_path / "gold1.txt").write_text(SE25_GOLD1, encoding="utf-8")
    (tmp_path / "mentions.txt").write_text("".join("\t".join(r.split("\t")[:4]) + "\n"
                                                   for r in SE25_GOLD1.splitlines()), encoding="utf-8")
    (tmp_path / "gold2.txt").write_text(SE25_GOLD2, encoding="utf-8")
    return tmp_path


def test_cli_eval_semeval25_subtask1_prints_emr_and_accuracy(se25: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pred = se25 / "pred1.txt"
    pred.write_text("EN_UA_1.txt\tRussia\t23\t28\tAntagonist\tConspirator\n"
                    "EN_UA_1.txt\tUkrainians\t67\t76\tProtagonist\tGuardian\n", encoding="utf-8")
    rc, out, _ = cli(capsys, "eval", "semeval25", "--subtask", "1", "--gold", se25 / "gold1.txt", "--pred", pred)
    assert rc == 0
    assert "0.5000" in out and "EMR" in out  # one of two mentions right, in main role and fine set


def test_cli_eval_semeval25_subtask2_prints_samples_f1(se25: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pred = se25 / "pred2.txt"
    pred.write_text("EN_UA_1.txt\tOther\tOther\n"
                    "EN_CC_2.txt\tCC: Downplaying climate change\tCC: Downplaying climate change: Other\n",
                    encoding="utf-8")
    rc, out, _ = cli(capsys, "eval", "semeval25", "--subtask", "2", "--gold", se25 / "gold2.txt", "--pred", pred)
    assert rc == 0 and "0.5000" in out and "0.0000" in out  # narratives: (0 + 1) / 2; sub-narratives: 0


@pytest.mark.parametrize(("args", "needles"), [
    (["--subtask", "3"], ("--subtask 3",)),
    (["--subtask", "1"], ("MENTIONS",)),
])
def test_cli_semeval25_predict_bad_arguments_are_one_line(se25: Path, capsys: pytest.CaptureFixture[str],
                                                          args: list[str], needles: tuple[str, ...]) -> None:
    rc, _, err = cli(capsys, "semeval25", "predict", *args, se25 / "docs", "-o", se25 / "p.txt")
    assert rc == 2 and one_error_line(err, *needles), err


@pytest.mark.slow
def test_cli_semeval25_predict_writes_the_tasks_rows(se25: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from unspin.benchmarks import semeval25 as S

    out1, out2 = se25 / "p1.txt", se25 / "p2.txt"
    rc, _, _ = cli(capsys, "semeval25", "predict", "--subtask", "1", "--lang", "EN", se25 / "docs",
                   se25 / "mentions.txt", "-o", out1)
    assert rc == 0
    rows = S.read_subtask1(out1)
    gold = S.read_subtask1(se25 / "gold1.txt")
    assert [(r.doc, r.start, r.end) for r in rows] == [(r.doc, r.start, r.end) for r in gold]
    assert all(r.main in S.MAIN_ROLES and len(r.fine) == 1 and r.fine[0] in S.fine_roles_of(r.main) for r in rows)
    rc, _, _ = cli(capsys, "semeval25", "predict", "--subtask", "2", "--lang", "EN", se25 / "docs", "-o", out2)
    assert rc == 0
    got = {r.doc: r for r in S.read_subtask2(out2)}
    assert set(got) == set(SE25_DOCS) and all(r.narratives and r.subnarratives for r in got.values())
    rc, out, _ = cli(capsys, "eval", "semeval25", "--subtask", "1", "--gold", se25 / "gold1.txt", "--pred", out1)
    assert rc == 0 and "EMR" in out
