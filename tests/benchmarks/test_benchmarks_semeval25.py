"""SemEval-2025 Task 10 formats (offset quirks) and scorers, on hand-made files with hand-computed scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.benchmarks import semeval25 as S
from unspin.errors import InputError


@pytest.mark.parametrize(("raw", "row", "span"), [
    ("Bob met Ann.", S.RoleRow("d", "Ann", 8, 10), (8, 11)),                  # end inclusive
    ("Hi\r\nAnn said.", S.RoleRow("d", "Ann", 4, 6), (3, 6)),                # CRLF counted in the file's offsets
    ("Hi\nThere\nAnn said.", S.RoleRow("d", "Ann", 11, 13), (9, 12)),      # LF copy of a CRLF original (RU)
    ("Hi there. Ann said.", S.RoleRow("d", "Ann", 12, 14), (10, 13)),      # shifted gold: nearest occurrence
    ("Nobody here.", S.RoleRow("d", "Ann", 0, 2), None),
])
def test_semeval25_align_reads_each_offset_convention(raw: str, row: S.RoleRow, span: tuple[int, int] | None) -> None:
    got = S.align(raw, row)
    assert got == span
    if got:
        assert S.lf_text(raw)[got[0]:got[1]] == row.mention


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_semeval25_subtask1_scores_by_hand(tmp_path: Path) -> None:
    gold = S.read_subtask1(_write(tmp_path, "g.txt",
                                  "a.txt\tX\t0\t0\tAntagonist\tSpy\tTraitor\n"
                                  "a.txt\tY\t2\t2\tInnocent\tVictim\n"
                                  "b.txt\tZ\t0\t0\tProtagonist\tGuardian\n"
                                  "b.txt\tW\t4\t4\tAntagonist\tCorrupt\n"))
    pred = S.read_subtask1(_write(tmp_path, "p.txt",
                                  "a.txt\tX\t0\t0\tAntagonist\tSpy\n"          # main right, set differs
                                  "a.txt\tY\t2\t2\tInnocent\tVictim\n"         # exact
                                  "b.txt\tZ\t0\t0\tAntagonist\tCorrupt\n"))    # wrong; W missing
    s = S.score_subtask1(gold, pred)
    assert s["emr"] == pytest.approx(1 / 4)
    assert s["main_accuracy"] == pytest.approx(2 / 4)
    # fine roles: TP = Spy + Victim = 2; predicted 3; gold 5
    assert s["fine_precision"] == pytest.approx(2 / 3)
    assert s["fine_recall"] == pytest.approx(2 / 5)
    assert s["fine_f1"] == pytest.approx(2 * (2 / 3) * (2 / 5) / (2 / 3 + 2 / 5))
    assert s["missing"] == 1


def test_semeval25_subtask2_samples_f1_by_hand(tmp_path: Path) -> None:
    gold = S.read_subtask2(_write(tmp_path, "g.txt",
                                  "a.txt\tURW: Praise of Russia;URW: Discrediting Ukraine\t"
                                  "URW: Praise of Russia: Other;URW: Discrediting Ukraine: Other\n"
                                  "b.txt\tOther\tOther\n"))
    pred = S.read_subtask2(_write(tmp_path, "p.txt",
                                  "a.txt\tURW: Praise of Russia\t"
                                  "URW: Praise of Russia: Praise of Russian military might\n"
                                  "b.txt\tOther\tOther\n"))
    s = S.score_subtask2(gold, pred)
    assert s["f1_narratives"] == pytest.approx((2 * 1 / 3 + 1.0) / 2)  # doc a: 2*1/(2+1)
    assert s["f1_subnarratives"] == pytest.approx((0.0 + 1.0) / 2)


def test_semeval25_round_trip_of_prediction_rows(tmp_path: Path) -> None:
    rows = [S.RoleRow("d.txt", "Ann Lee", 3, 9, "Innocent", ("Victim", "Forgotten"))]
    assert S.read_subtask1(_write(tmp_path, "p.txt", S.write_subtask1(rows))) == rows
    nar = [S.NarrativeRow("d.txt", ("CC: Downplaying climate change",), ("CC: Downplaying climate change: Other",))]
    assert S.read_subtask2(_write(tmp_path, "n.txt", S.write_subtask2(nar))) == nar


@pytest.mark.parametrize(("text", "message"), [
    ("a.txt\tX\t0\n", "expected doc, mention, start, end"),
    ("a.txt\tX\tzero\t1\n", "must be integers"),
    ("a.txt\tX\t0\t1\tVillain\tSpy\n", "unknown main role"),
])
def test_semeval25_bad_rows_are_input_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        S.read_subtask1(_write(tmp_path, "bad.txt", text))


def test_semeval25_fine_roles_are_the_tasks_22_in_three_groups() -> None:
    assert {m: len(v) for m, v in S.FINE_ROLES.items()} == {"Protagonist": 6, "Antagonist": 12, "Innocent": 4}
    assert "Foreign Adversary" in S.fine_roles_of("Antagonist")
