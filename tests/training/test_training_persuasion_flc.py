"""How the FLC output's whole-span probability (``flc_min_technique_prob``) is reported by the nested CV's table and
model-card note, and how the FLC candidates choose the procedure in each fold (no data, no model)."""

from __future__ import annotations

from typing import Any

import pytest

from training.persuasion_stack import _flc_knobs_note, table


def _result(chosen: bool) -> dict[str, Any]:
    folds = [{"technique_threshold": 0.4, "tech_threshold": None, "flc_min_technique_prob": w} for w in (0.3, 0.5)]
    names = ["si_f1", "flc_f1", "flc_every_span", "flc_gain_over_every_span", "si_f1_of_flc_output"]
    return {"cv": {"folds": folds, "summary": {k: {"mean": 0.2, "sd": 0.01} for k in names}},
            "shipped": {"threshold": 0.3, "precision_threshold": 0.6, "technique_threshold": 0.4,
                        "tech_threshold": None, "flc_knobs_chosen_in_folds": True,
                        "flc_min_technique_prob": 0.3 if chosen else None,
                        "flc_min_technique_prob_chosen_in_folds": chosen},
            "hard_news_polnear_dev": {"articles": 84, "precision_per_1000_words": 10.0,
                                      "benchmark_per_1000_words": 28.0},
            "ptc_gold_spans_per_1000_words": 16.6}


@pytest.mark.parametrize("chosen", [True, False])
def test_table_shows_the_every_span_comparison_only_when_the_probability_is_chosen(chosen: bool) -> None:
    text = table(_result(chosen))
    assert ("FLC F1 with every span labelled" in text) == chosen
    assert ("SI F1 read from the FLC output file" in text) == chosen
    assert "| FLC F1 (benchmark point) |" in text


def test_card_note_names_each_folds_choice_and_the_shipped_value() -> None:
    note = _flc_knobs_note(_result(True))
    assert "[0.3, 0.5]" in note and "shipped, chosen on all 74: 0.3" in note
    assert "every span labelled (`--choose-min-technique-prob` is off)" in _flc_knobs_note(_result(False))


def test_the_procedure_is_chosen_on_the_tuning_part_not_by_its_held_out_figure() -> None:
    from training.persuasion_flc_candidates import CANDIDATES, chosen_in_fold

    tuning = dict.fromkeys(CANDIDATES, 0.20) | {"min-prob": 0.24, "threshold-and-min-prob": 0.24}
    held_out = dict.fromkeys(CANDIDATES, 0.30) | {"min-prob": 0.21}
    row = {n: {"tuning_flc_f1": tuning[n], "flc_f1": held_out[n]} for n in CANDIDATES}
    got = chosen_in_fold(row)  # a tie on the tuning part goes to the earlier, simpler candidate
    assert got == {"candidate": "min-prob", "flc_f1": 0.21, "tuning_flc_f1": 0.24}
    row["threshold-and-min-prob"]["tuning_flc_f1"] = 0.25
    assert chosen_in_fold(row)["candidate"] == "threshold-and-min-prob"
