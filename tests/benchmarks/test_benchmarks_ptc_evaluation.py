"""The FLC choosers (``choose_flc_knobs``, ``choose_min_technique_prob``), on stand-in taggers whose spans depend
only on the knobs."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from unspin.benchmarks.ptc import Label
from unspin.benchmarks.ptc_evaluation import choose_flc_knobs, choose_min_technique_prob, first_better


class _KnobTagger:
    """One span "Loaded_Language" over [0, 20); a technique phrase "Name_Calling,Labeling" [5, 10) appears at a
    phrase threshold <= 0.4; an extra whole-span label "Doubt" at an extra-label threshold <= 0.5."""

    def spans_from(self, inf: Any, threshold: float | None = None, tech_threshold: float | None = None,
                   decoding: dict[str, Any] | None = None, technique_threshold: float | None = None,
                   min_technique_prob: float | None = None) -> list[Any]:
        out = [SimpleNamespace(start=0, end=20, technique="Loaded_Language")]
        if technique_threshold is not None and technique_threshold <= 0.4:
            out.append(SimpleNamespace(start=5, end=10, technique="Name_Calling,Labeling"))
        if tech_threshold is not None and tech_threshold <= 0.5:
            out.append(SimpleNamespace(start=0, end=20, technique="Doubt"))
        return out


def test_choose_flc_knobs_takes_a_knob_only_when_it_pays_off() -> None:
    infs = {"1": SimpleNamespace(text="x" * 40)}
    gold = [Label("1", 0, 20, "Loaded_Language"), Label("1", 5, 10, "Name_Calling,Labeling")]
    tech, phrase, flc = choose_flc_knobs(_KnobTagger(), infs, gold, 0.3)  # type: ignore[arg-type]
    # the phrase is gold: the first grid threshold that yields it is taken (a later one must beat it); the extra
    # "Doubt" label only costs precision, so it stays off
    assert (tech, phrase) == (None, 0.3)
    assert flc == 1.0
    tech, phrase, flc = choose_flc_knobs(_KnobTagger(), infs, gold[:1], 0.3)  # type: ignore[arg-type]
    assert (tech, phrase, flc) == (None, None, 1.0)  # nothing extra pays off: both knobs off


class _UnsureTagger:
    """One span "Loaded_Language" over [0, 20) whose technique has classifier probability 0.35, holding a technique
    phrase "Name_Calling,Labeling" [5, 10); ``min_technique_prob`` above 0.35 leaves the whole span out."""

    def spans_from(self, inf: Any, threshold: float | None = None, tech_threshold: float | None = None,
                   decoding: dict[str, Any] | None = None, technique_threshold: float | None = None,
                   min_technique_prob: float | None = None) -> list[Any]:
        out = [SimpleNamespace(start=5, end=10, technique="Name_Calling,Labeling")]
        if min_technique_prob is None or min_technique_prob <= 0.35:
            out.append(SimpleNamespace(start=0, end=20, technique="Loaded_Language"))
        return out


def test_choose_min_technique_prob_leaves_out_an_unsure_span_only_when_it_pays_off() -> None:
    infs = {"1": SimpleNamespace(text="x" * 40)}
    phrase_only = [Label("1", 5, 10, "Name_Calling,Labeling")]
    # the unsure whole span is not gold: the first grid value above its probability (0.4) leaves it out
    value, flc = choose_min_technique_prob(_UnsureTagger(), infs, phrase_only, 0.3, None, 0.4)  # type: ignore[arg-type]
    assert (value, flc) == (0.4, 1.0)
    # the whole span is gold too: leaving it out costs FLC recall, so the filter stays off
    both = [*phrase_only, Label("1", 0, 20, "Loaded_Language")]
    value, flc = choose_min_technique_prob(_UnsureTagger(), infs, both, 0.3, None, 0.4)  # type: ignore[arg-type]
    assert (value, flc) == (None, 1.0)


def test_first_better_keeps_off_unless_a_value_beats_it() -> None:
    scores = {None: 0.5, 0.2: 0.50005, 0.3: 0.6, 0.4: 0.6, 0.5: 0.7}
    assert first_better([0.2], scores.__getitem__, None) == (None, 0.5)  # within 1e-4: off stays
    assert first_better([0.2, 0.3, 0.4], scores.__getitem__, None) == (0.3, 0.6)  # a tie does not move it
    assert first_better([0.2, 0.3, 0.4, 0.5], scores.__getitem__, None) == (0.5, 0.7)
