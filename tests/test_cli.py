"""The command line, run as a user runs it: a subprocess, its stderr and its exit status."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from unspin.cli import app

pytestmark = pytest.mark.slow  # every test runs `python -m unspin` in a subprocess

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "unspin", *args], input=stdin, capture_output=True, timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bad")
    files = {
        "empty": d / "empty.txt",
        "binary": d / "image.txt",
        "huge": d / "huge.txt",
        "invalid_utf8": d / "invalid.txt",
        "no_main_text": d / "nav.html",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with files["huge"].open("wb") as fh:  # 50 MB of text
        line = b"The quick brown fox jumps over the lazy dog near the river bank today.\n"
        for _ in range(50_000_000 // len(line) + 1):
            fh.write(line)
    files["invalid_utf8"].write_bytes(b"Bad bytes \x81\x8d\x8f\x90\x9d here and there.\n")
    files["no_main_text"].write_bytes(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    return files


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("empty", "empty"),
        ("binary", "PNG image"),
        ("huge", "over the 10.0 MB limit"),
        ("invalid_utf8", "not valid UTF-8"),
        ("no_main_text", "no main text"),
        ("nonexistent", "no such file"),
        ("unreachable_url", "could not reach"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(bad_inputs: dict[str, Path], case: str, message: str) -> None:
    target = {"nonexistent": "/definitely/not/here.txt",
              # Port 9 (discard) on loopback: refused at once, no traffic leaves the machine.
              "unreachable_url": "http://127.0.0.1:9/article"}.get(case) or str(bad_inputs[case])
    result = run("analyze", target)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("unspin: error: ") and message in lines[0]


def test_cli_analyze_example_json_is_valid(example_path: Path) -> None:
    result = run("analyze", str(example_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == "unspin/document@1"
    assert [s["label"] for s in doc["sections"]][:2] == ["News", "Comment"]


def test_cli_reads_stdin() -> None:
    result = run("analyze", "-", "--format", "json", "--layers", "structure",
                 stdin=b"Headline\n\nBy Jane Doe\n\nA fact about Lisbon.\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["attribution"]["authors"] == ["Jane Doe"]


def test_cli_folder_reports_failures_and_carries_on(tmp_path: Path, example_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text(example_path.read_text())
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.html").write_text("<p>A short article about rain in Lisbon on Monday, reported by locals.</p>")
    out = tmp_path / "out.jsonl"
    result = run("analyze", str(folder), "--format", "json", "-o", str(out), "--layers", "structure,language")
    assert result.returncode == 1
    assert "b.txt: input is empty" in result.stderr and "1 of 3 inputs failed" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [Path(r["source"]["path"]).name for r in rows] == ["a.md", "c.html"]


def test_cli_failed_run_keeps_the_existing_output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("precious")
    result = run("analyze", str(tmp_path / "missing.txt"), "--format", "json", "-o", str(out))
    assert result.returncode == 2
    assert out.read_text() == "precious"


def test_cli_html_report_to_file(tmp_path: Path, example_path: Path) -> None:
    out = tmp_path / "r.html"
    result = run("analyze", str(example_path), "--format", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text().startswith("<!doctype html>")


def test_cli_text_summary_names_sections(example_path: Path) -> None:
    result = run("analyze", str(example_path))
    assert result.returncode == 0, result.stderr
    assert "Is Pakistan Shifting to Russia?" in result.stdout and "Comment" in result.stdout


def test_cli_schema_prints_json_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout)["$id"] == "unspin/document@1"


def test_cli_bad_layer_is_one_line() -> None:
    result = run("analyze", "-", "--layers", "structure,bogus", stdin=b"text\n")
    assert result.returncode == 2 and "unknown layer 'bogus'" in result.stderr and "Traceback" not in result.stderr


def _commands() -> list[str]:
    """Every leaf command, as the words a user types ("analyze", "eval ptc", "persuasion tag")."""
    import typer.main

    def walk(group: Any, prefix: str) -> list[str]:
        out = []
        for name, cmd in sorted(group.commands.items()):
            if hasattr(cmd, "commands"):  # a group (typer may vendor its own click)
                out += walk(cmd, f"{prefix}{name} ")
            else:
                out.append(prefix + name)
        return out

    return walk(typer.main.get_command(app), "")


@pytest.mark.parametrize("command", _commands())
def test_cli_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    result = run(*command.split(), "--help")
    assert result.returncode == 0 and "Example:" in result.stdout, result.stdout
    readme = (REPO / "README.md").read_text()
    assert re.search(rf"unspin {command}\b", readme), f"`unspin {command}` is not documented in README.md"


@pytest.mark.parametrize(("args", "message"), [(["analyze"], "Missing"),
                                               (["analyze", "--bogus", "x"], "No such option"),
                                               (["nosuch"], "No such command")])
def test_cli_usage_errors_are_one_line_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2 and "internal error" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and message in result.stderr


def test_cli_unwritable_output_is_one_line_exit_2(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Rain\n\nHeavy rain hit Lisbon on Monday, the weather service said.\n")
    target = src / "report.html"  # under a file: no folder can be made there
    result = run("analyze", str(src), "--format", "html", "-o", str(target), "--layers", "structure")
    assert result.returncode == 2 and "internal error" not in result.stderr, result.stderr
    assert result.stderr.strip().count("\n") == 0 and str(target.parent) in result.stderr


def test_cli_analyze_jsonl_gives_one_document_per_line(tmp_path: Path) -> None:
    src = tmp_path / "articles.jsonl"
    src.write_text('{"id": "a", "text": "Headline\\n\\nThe United Nations met in Geneva."}\n'
                   "not json\n"
                   '{"id": "c", "html": "<article><h1>Rain</h1><p>Heavy rain hit Lisbon on Monday, the weather '
                   'service said.</p></article>"}\n')
    result = run("analyze", str(src), "--format", "json", "--layers", "structure,language")
    assert result.returncode == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"]["path"].rsplit("#", 1)[1] for r in rows] == ["L1", "L3"]
    assert "articles.jsonl#L2" in result.stderr and "1 of 3 inputs failed" in result.stderr


def test_cli_analyze_jsonl_keeps_record_id_and_published_as_batch_does(tmp_path: Path) -> None:
    from unspin.batch.engines import analyse_record
    from unspin.ingest.records import Record, iter_records

    src = tmp_path / "news.jsonl"
    src.write_text('{"id": 17, "published": "2024-03-05T09:30:00Z", "text": "Rain\\n\\nHeavy rain hit Lisbon on '
                   'Monday, the weather service said."}\n'
                   '{"id": "b-2", "published": "2024-03-06", "html": "<article><h1>Snow</h1><p>Snow closed the '
                   'roads near Porto on Tuesday, the police said.</p></article>"}\n')
    result = run("analyze", str(src), "--format", "json", "--layers", "structure")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["source"]["id"], r["attribution"]["published"]) for r in rows] == [("17", "2024-03-05"),
                                                                                  ("b-2", "2024-03-06")]
    # batch maps each record through the same function: the stored Document says the same.
    from unspin import Analyzer

    analyzer = Analyzer(["structure"])
    stored = [json.loads(analyse_record(analyzer, r).document or "{}")
              for r in iter_records([src], run_started="2026-01-01T00:00:00+00:00") if isinstance(r, Record)]
    assert len(stored) == 2
    assert [(d["source"]["id"], d["attribution"]["published"]) for d in stored] == [("17", "2024-03-05"),
                                                                                    ("b-2", "2024-03-06")]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_cli_output_file_mode_follows_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    import os

    src = tmp_path / "a.txt"
    src.write_text("Rain\n\nHeavy rain hit Lisbon on Monday, the weather service said.\n")
    target = tmp_path / "out" / "a.json"
    proc = subprocess.run([sys.executable, "-m", "unspin", "analyze", str(src), "--format", "json", "-o", str(target),
                           "--layers", "structure"], capture_output=True, timeout=120,
                          preexec_fn=lambda: os.umask(umask))  # noqa: PLW1509 - only sets the child's umask
    assert proc.returncode == 0, proc.stderr
    assert target.stat().st_mode & 0o777 == mode


def test_cli_output_replacing_a_file_keeps_its_mode(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Rain\n\nHeavy rain hit Lisbon on Monday, the weather service said.\n")
    target = tmp_path / "a.json"
    target.write_text("old")
    target.chmod(0o640)
    result = run("analyze", str(src), "--format", "json", "-o", str(target), "--layers", "structure")
    assert result.returncode == 0 and target.read_text() != "old"
    assert target.stat().st_mode & 0o777 == 0o640


def test_cli_layers_lists_the_pipeline_in_order() -> None:
    """Regression: ``unspin layers`` listed the components alphabetically, not in the order they run."""
    import os

    from unspin.config import load_options

    env = {**os.environ, "COLUMNS": "240"}  # rich would clip long names on a narrow terminal
    out = subprocess.run([sys.executable, "-m", "unspin", "layers"], capture_output=True, text=True, env=env,
                         timeout=120).stdout
    rows = re.findall(r"^│ (\d+) +│ ([\w-]+) ", out, re.M)
    assert [name for _, name in rows] == list(load_options().layers)
    assert [int(step) for step, _ in rows] == list(range(1, len(rows) + 1))
