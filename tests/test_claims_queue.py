"""`unspin claims`: the fact-checker's queue, on hand-built Documents and through the real command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from unspin.cli import main
from unspin.document import Document, Entity, Quote, Sentence, Span
from unspin.report import claims_queue as queue

FACT = ("Unemployment fell to 3.5 percent in September 2019, the lowest rate since 1969, "
        "the Labor Department said in Washington.")
OPINION = "I think this government is a disgrace and we should all be ashamed of it."
QUESTION = "Isn't that what we all want?"
ARTICLE = f"Jobs report\n\n{FACT}\n\n{OPINION}\n\n{QUESTION}\n"


def _entity(doc_text: str, mention: str, label: str, id_: str, after: int = 0) -> Entity:
    start = doc_text.index(mention, after)
    return Entity(start, start + len(mention), mention, label, id_)


def _hand_doc() -> Document:
    text = "Senate votes\n\nThe Senate voted 61-39 on Thursday to pass the $1.2 trillion budget.\n\nShame on them."
    doc = Document.from_text(text)
    a = text.index("The Senate")
    b = text.index("budget.") + len("budget.")
    c = text.index("Shame")
    doc.sentences = [Sentence(a, b, 0.9, True), Sentence(c, len(text), 0.1, False)]
    doc.entities = [_entity(text, "Senate", "ORG", "org:senate", a), _entity(text, "61", "CARDINAL", "cardinal:61"),
                    _entity(text, "Thursday", "DATE", "date:thursday"),
                    _entity(text, "$1.2 trillion", "MONEY", "money:1-2-trillion")]
    doc.entities.insert(0, Entity(0, 6, "Senate", "ORG", "org:senate"))  # in the title: outside every sentence
    return doc


def test_claims_queue_rows_split_entities_dates_numbers() -> None:
    doc = _hand_doc()
    rows = queue.sentence_rows(doc, "a.txt")
    assert len(rows) == 1  # the unflagged sentence is left out
    row = rows[0]
    assert doc.text[row.start : row.end] == row.sentence
    assert row.entities == ("Senate (ORG)",)
    assert row.dates == ("Thursday",)
    assert row.numbers == ("61-39", "$1.2 trillion")  # "61" (NER) and the digit run "61-39" merge
    assert [r.claim for r in queue.sentence_rows(doc, "a.txt", include_all=True)] == [True, False]


def test_claims_queue_iso_dates_and_digits_without_ner() -> None:
    text = "Prices rose 12% in May 2021, to 4,500 euros."
    doc = Document.from_text(text)
    doc.sentences = [Sentence(0, len(text), 0.8, True)]
    assert queue.sentence_rows(doc, "x")[0].numbers == ("12%", "2021", "4,500")  # no NER: every digit run
    doc.entities = [_entity(text, "May 2021", "DATE", "2021-05")]
    row = queue.sentence_rows(doc, "x")[0]
    assert row.dates == ("May 2021 (2021-05)",) and row.numbers == ("12%", "4,500")  # "2021" stays a date


def test_claims_queue_rank_and_csv_round_trip() -> None:
    rows = [queue.QueueRow("b.txt", 5, 9, 0.5, True, "low, \"quoted\"\nline"),
            queue.QueueRow("a.txt", 0, 4, 0.9, True, "high", entities=("X (ORG)", "Y (GPE)"))]
    parsed = list(csv.DictReader(io.StringIO(queue.to_csv(queue.rank(rows)))))
    assert tuple(parsed[0]) == queue.COLUMNS
    assert [(r["rank"], r["source"], r["sentence"]) for r in parsed] == [("1", "a.txt", "high"),
                                                                         ("2", "b.txt", "low, \"quoted\"\nline")]
    assert parsed[0]["entities"] == "X (ORG); Y (GPE)" and parsed[0]["checkworthiness"] == "0.9000"


def test_claims_queue_says_whose_claim_it_is() -> None:
    text = ("Officials said the budget will grow 5% in 2025. The mayor said taxes fell 3% in 2024. "
            "Rents rose 9% last year.")
    doc = Document.from_text(text)
    a, b = text.index("The mayor"), text.index("Rents")
    doc.sentences = [Sentence(0, a - 1, 0.9, True, voice="anonymous", stance="reported", quote=0),
                     Sentence(a, b - 1, 0.8, True, voice="source", stance="reported", quote=1,
                              speaker_id="Jane Roe"),
                     Sentence(b, len(text), 0.7, True, voice="writer", stance="fact")]
    doc.quotes = [Quote(Span(text.index("the budget"), a - 2), "indirect", source=Span(0, 9), anonymous=True),
                  Quote(Span(text.index("taxes"), b - 2), "indirect", source=Span(a, a + 9), speaker="Jane Roe",
                        speaker_id="Jane Roe")]
    got = [(r.voice, r.speaker, r.speaker_id) for r in queue.sentence_rows(doc, "x")]
    assert got == [("anonymous", "Officials", ""), ("source", "Jane Roe", "Jane Roe"), ("writer", "", "")]
    parsed = list(csv.DictReader(io.StringIO(queue.to_csv(queue.sentence_rows(doc, "x")))))
    assert [(r["voice"], r["speaker"], r["speaker_id"]) for r in parsed] == got
    assert queue.sentence_rows(_hand_doc(), "a.txt")[0].voice == ""  # no voice layer: empty columns


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.slow
def test_claims_cli_ranks_the_factual_sentence_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "jobs.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "all.csv"
    assert main(["claims", str(src), "--all", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(queue.COLUMNS)
    rows = _read_csv(out)
    text = src.read_text(encoding="utf-8")
    for r in rows:  # offsets slice the article back to the sentence
        assert text[int(r["sentence_start"]) : int(r["sentence_end"])] == r["sentence"]
        assert r["source"] == str(src)
    order = [r["sentence"] for r in rows]
    assert FACT in order and OPINION in order and QUESTION in order
    assert order.index(FACT) < order.index(OPINION) and order.index(FACT) < order.index(QUESTION)
    scores = [float(r["checkworthiness"]) for r in rows]
    assert scores == sorted(scores, reverse=True) and [r["rank"] for r in rows] == [str(i) for i in range(1, 4)]
    fact = rows[order.index(FACT)]
    assert "Labor Department (ORG)" in fact["entities"] and "Washington (GPE)" in fact["entities"]
    assert "September 2019" in fact["dates"] and "1969" in fact["dates"]
    assert "3.5" in fact["numbers"] and "1969" not in fact["numbers"]
    # Without --all only the flagged claims; the factual sentence is one of them.
    capsys.readouterr()
    assert main(["claims", str(tmp_path)]) == 0
    printed, err = capsys.readouterr()
    claims = list(csv.DictReader(io.StringIO(printed)))
    assert FACT in [r["sentence"] for r in claims] and all(r["claim"] == "true" for r in claims)
    assert f"{len(claims)} claims from 1 article" in err


@pytest.mark.slow
def test_claims_cli_folder_reports_a_bad_file_and_carries_on(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "jobs.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = tmp_path / "out" / "claims.csv"
    capsys.readouterr()
    assert main(["claims", str(tmp_path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "image.txt" in err and "1 of 2 inputs failed" in err
    assert FACT in [r["sentence"] for r in _read_csv(out)]


@pytest.mark.parametrize(("case", "message"), [("empty_folder", "no .txt, .md or .html files"),
                                               ("missing", "no such file"), ("binary", "PNG image")])
def test_claims_cli_bad_input_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str,
                                                 message: str) -> None:
    target = tmp_path / {"empty_folder": "empty", "missing": "nope.txt", "binary": "image.txt"}[case]
    if case == "empty_folder":
        target.mkdir()
    elif case == "binary":
        target.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = tmp_path / "claims.csv"
    capsys.readouterr()
    assert main(["claims", str(target), "-o", str(out)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("unspin: error: ") and message in lines[0], lines
    assert not out.exists()
