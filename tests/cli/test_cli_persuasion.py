"""The typer sub-app on a tiny PTC-style folder written by the test (no /work/shared needed)."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.benchmarks import ptc
from unspin.cli import app
from unspin.cli.persuasion import eval_ptc, persuasion_app, score_files
from unspin.errors import InputError
from unspin.ml.tagger import DEFAULT_MODEL_DIR
from unspin.ml.techniques import TECHNIQUES

needs_model = pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "model.onnx").exists(),
                                 reason=f"shipped persuasion model missing in {DEFAULT_MODEL_DIR}")
runner = CliRunner()

TEXT_1 = "Shameful betrayal!\n\nThe corrupt elites and their lying puppets want to destroy this great nation.\n"
TEXT_2 = "Rain is expected on Monday.\n\nTemperatures will stay near 15 degrees.\n"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "article1.txt").write_text(TEXT_1, encoding="utf-8")
    (arts / "article2.txt").write_text(TEXT_2, encoding="utf-8")
    return tmp_path


@pytest.mark.slow
@needs_model
def test_tag_writes_flc(folder: Path) -> None:
    out = folder / "pred.tsv"
    res = runner.invoke(persuasion_app, ["tag", str(folder / "articles"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    labels = ptc.read_labels(out)
    texts = {"1": TEXT_1, "2": TEXT_2}
    assert labels and all(lb.article_id == "1" for lb in labels)
    assert all(lb.technique in TECHNIQUES and 0 <= lb.start < lb.end <= len(texts[lb.article_id]) for lb in labels)


@pytest.mark.slow
@needs_model
def test_classify_and_eval(folder: Path) -> None:
    i = TEXT_1.index("lying puppets")
    (folder / "template.out").write_text(f"1\t?\t{i}\t{i + 13}\n1\t?\t0\t17\n")
    gold = folder / "gold.labels"
    gold.write_text(f"1\tName_Calling,Labeling\t{i}\t{i + 13}\n1\tLoaded_Language\t0\t17\n")
    out = folder / "pred.tsv"
    res = runner.invoke(persuasion_app, ["classify", str(folder / "articles"), str(folder / "template.out"),
                                         "-o", str(out)])
    assert res.exit_code == 0, res.output
    pred = ptc.read_labels(out)
    assert [(p.start, p.end) for p in pred] == [(i, i + 13), (0, 17)]
    res = runner.invoke(app, ["eval", "ptc", "--gold", str(gold), "--pred", str(out)])
    assert res.exit_code == 0 and "SI" in res.output and "FLC" in res.output
    # SI: predicted spans equal the gold spans exactly -> P = R = F1 = 1.
    assert score_files(gold, out)["si_f1"] == pytest.approx(1.0)


def test_bad_inputs_raise_unspin_errors(folder: Path) -> None:
    with pytest.raises(InputError):
        eval_ptc(folder / "missing", folder / "missing.tsv")
    res = runner.invoke(persuasion_app, ["tag", str(folder / "nothing-here"), "-o", str(folder / "p.tsv")])
    assert isinstance(res.exception, InputError)
    bad = folder / "template.out"
    bad.write_text("9\t?\t0\t5\n")
    res = runner.invoke(persuasion_app, ["classify", str(folder / "articles"), str(bad), "-o", str(folder / "p")])
    assert isinstance(res.exception, InputError) and "not in" in str(res.exception)


def test_docstrings_end_with_example() -> None:
    from unspin.cli import persuasion as cli

    for fn in (cli.tag, cli.classify, cli.eval_ptc):
        assert (fn.__doc__ or "").strip().splitlines()[-1].strip().startswith("Example:")


@pytest.mark.slow
@pytest.mark.parametrize(("command", "message"), [
    ("classify-empty", "template has no spans"),
    ("classify-blank", "template has no spans"),
    ("tag-empty-folder", "no articleNNN.txt files found"),
])
def test_nothing_to_do_is_a_one_line_error_with_exit_2(folder: Path, command: str, message: str) -> None:
    """An empty template or article folder must not pass for a run that wrote 0 labels."""
    import subprocess
    import sys

    (folder / "classify-empty").write_text("")
    (folder / "classify-blank").write_text("\n  \n\t\n")
    (folder / "tag-empty-folder").mkdir()
    out = folder / "pred.tsv"
    args = (["classify", str(folder / "articles"), str(folder / command)] if command.startswith("classify")
            else ["tag", str(folder / command)])
    proc = subprocess.run([sys.executable, "-m", "unspin", "persuasion", *args, "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not out.exists()


@pytest.mark.slow
@needs_model
@pytest.mark.parametrize("point", ["precision", "benchmark"])
def test_tag_operating_points(folder: Path, point: str) -> None:
    out = folder / f"pred-{point}.tsv"
    res = runner.invoke(persuasion_app, ["tag", str(folder / "articles"), "-o", str(out), "--operating-point", point])
    assert res.exit_code == 0, res.output
    bench = folder / "pred-default.tsv"
    runner.invoke(persuasion_app, ["tag", str(folder / "articles"), "-o", str(bench)])
    n, n_bench = len(ptc.read_labels(out)), len(ptc.read_labels(bench))
    assert (n == n_bench) if point == "benchmark" else (0 < n <= n_bench)


@needs_model
def test_tag_unknown_operating_point_is_a_one_line_error(folder: Path) -> None:
    res = runner.invoke(persuasion_app, ["tag", str(folder / "articles"), "-o", str(folder / "x.tsv"),
                                         "--operating-point", "lenient"])
    assert res.exit_code != 0


@pytest.mark.slow
@needs_model
def test_tag_task_si_writes_every_span_and_flc_leaves_out_only_whole_spans(folder: Path) -> None:
    """``--task si`` keeps every span (SI's output); the default FLC output is the same spans less the whole spans
    whose technique is uncertain, so it never adds a span outside them."""
    from unspin.ml.tagger import load_tagger

    si_out, flc_out = folder / "si.tsv", folder / "flc.tsv"
    for task, out in (("si", si_out), ("flc", flc_out)):
        res = runner.invoke(persuasion_app, ["tag", str(folder / "articles"), "-o", str(out), "--task", task])
        assert res.exit_code == 0, res.output
    every, flc = set(ptc.read_labels(si_out)), set(ptc.read_labels(flc_out))
    assert every and flc <= every
    tagger = load_tagger()
    inf = tagger.infer([TEXT_1])[0]
    dropped = {(s.start, s.end, s.technique) for s in tagger.spans_from(inf)} - {
        (s.start, s.end, s.technique) for s in tagger.spans_from(inf, min_technique_prob=tagger.flc_min_technique_prob)}
    assert {(lb.start, lb.end, lb.technique) for lb in every - flc} == dropped


@needs_model
def test_tag_unknown_task_is_a_one_line_error(folder: Path) -> None:
    with pytest.raises(InputError, match="unknown --task 'spans'"):
        runner.invoke(persuasion_app, ["tag", str(folder / "articles"), "-o", str(folder / "x.tsv"), "--task", "spans"],
                      catch_exceptions=False)
