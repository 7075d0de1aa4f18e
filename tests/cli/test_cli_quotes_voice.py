"""``unspin stats --by source``, ``unspin search --speaker`` and ``unspin export`` over quotes and voice, on a store
of hand-built Documents (no model runs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.cli import app, main
from unspin.store import Entry, Store
from unspin_testing import voice_quotes_doc


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "voice.db"
    plain = voice_quotes_doc(" Prices rose.", path="plain.md")
    plain.quotes, plain.voice, plain.layers = [], None, ["structure"]
    for s in plain.sentences:
        s.voice = s.stance = s.subjectivity = s.subjectivity_label = s.quote = s.speaker_id = None
    with Store.open(path) as store:
        store.save([Entry(voice_quotes_doc(), source="wire", published="2024-01-05"),
                    Entry(voice_quotes_doc(" [bold]Markup[/bold] stays text.", path="b.md"), source="wire",
                          published="2024-02-05"),
                    Entry(plain, source="ledger", published="2024-02-07")])
    return path


def test_cli_stats_by_source_json_has_comment_share_anonymous_rate_and_speakers(db: Path) -> None:
    result = CliRunner().invoke(app, ["stats", "--db", str(db), "--by", "source", "--format", "json"])
    assert result.exit_code == 0, result.output
    groups = {g["group"]: g for g in json.loads(result.output)["groups"]}
    assert groups["wire"]["voice"] == pytest.approx({"comment": 0.2, "reported": 0.6, "fact": 0.2, "anonymous": 0.2})
    assert groups["wire"]["anonymous_rate"] == pytest.approx(1 / 3) and groups["wire"]["quotes"] == 6
    assert groups["wire"]["top_speakers"] == [{"speaker": "person:amina-qureshi", "name": "Amina Qureshi",
                                               "quotes": 4}]
    assert groups["ledger"]["voice"] == {} and groups["ledger"]["anonymous_rate"] is None


def test_cli_stats_table_shows_the_voice_table(db: Path) -> None:
    result = CliRunner().invoke(app, ["stats", "--db", str(db), "--by", "source"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    voice = result.output[result.output.index("whose voice"):]
    row = next(line for line in voice.splitlines() if "wire" in line)
    for cell in ("20%", "60%", "33%", "Amina Qureshi (4)", " 6 "):
        assert cell in row, row
    assert "ledger" not in voice  # no document of it went through the voice layers


def test_cli_stats_plot_draws_the_voice_chart(db: Path, tmp_path: Path) -> None:
    plot = tmp_path / "voice.svg"
    assert CliRunner().invoke(app, ["stats", "--db", str(db), "--plot", str(plot)]).exit_code == 0
    svg = plot.read_text(encoding="utf-8")
    assert "Whose voice" in svg and "anonymous quotes" in svg
    png = tmp_path / "voice.png"  # matplotlib draws the same heat map
    assert CliRunner().invoke(app, ["stats", "--db", str(db), "--plot", str(png)]).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("speaker", ["person:amina-qureshi", "Qureshi"])
def test_cli_search_speaker_lists_what_they_were_quoted_saying(db: Path, speaker: str) -> None:
    result = CliRunner().invoke(app, ["search", "--db", str(db), "--speaker", speaker, "--format", "json"])
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.output)
    assert [q["content"] for q in quotes] == ["We are ready to sign,", 'the deal would "change everything"'] * 2
    assert {q["document"]["source"] for q in quotes} == {"wire"}


def test_cli_search_speaker_table_and_words(db: Path) -> None:
    result = CliRunner().invoke(app, ["search", "everything", "--db", str(db), "--speaker", "Amina Qureshi"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert result.output.count("change everything") == 2 and "ready to sign" not in result.output
    anonymous = CliRunner().invoke(app, ["search", "--db", str(db), "--speaker", "anonymous"], env={"COLUMNS": "200"})
    assert "anonymous source (Officials)" in anonymous.output and "price had not been agreed" in anonymous.output
    nobody = CliRunner().invoke(app, ["search", "--db", str(db), "--speaker", "Nobody"])
    assert nobody.exit_code == 0 and "no quotes by this speaker" in nobody.output


def test_cli_search_without_words_or_speaker_is_a_one_line_error(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("unspin: error: ") and "--speaker" in err[0]


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_cli_export_quotes_and_sentences_tables(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "export"
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"quotes.{fmt}\t6 rows" in result.output and f"sentences.{fmt}\t10 rows" in result.output
    if fmt != "jsonl":
        return
    quotes = [json.loads(line) for line in (out / "quotes.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {(q["text"], q["source_text"], q["cue_text"], q["speaker_id"], q["anonymous"]) for q in quotes} == {
        ("We are ready to sign,", "Amina Qureshi", "said", "person:amina-qureshi", 0),
        ("the price had not been agreed", "Officials", "said", None, 1),
        ('the deal would "change everything"', "Qureshi", "said", "person:amina-qureshi", 0)}
    sentences = [json.loads(line) for line in (out / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    comment = [s for s in sentences if s["stance"] == "comment"]
    assert [s["text"] for s in comment] == ["This is a reckless gamble by a desperate government."] * 2
    assert comment[0]["subjectivity_label"] == "subjective" and comment[0]["voice"] == "writer"
