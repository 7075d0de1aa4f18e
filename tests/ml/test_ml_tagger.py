"""The shipped model, for real (no training): known techniques found at the right offsets, calm text left alone."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.errors import InputError, ModelError
from unspin.ml.tagger import DEFAULT_MODEL_DIR, PersuasionSpan, load_tagger
from unspin.ml.techniques import EXPLANATIONS, TECHNIQUES

needs_model = pytest.mark.skipif(
    not (DEFAULT_MODEL_DIR / "model.onnx").exists(),
    reason=f"shipped persuasion model missing in {DEFAULT_MODEL_DIR}; run python -m training.persuasion",
)

LOADED = (
    "These corrupt, treacherous politicians have betrayed every decent family in this country. "
    "The radical leftist thugs and their lying puppets in the fake news media will stop at nothing to destroy "
    "our way of life, and the disgusting cowards in Congress are cheering them on."
)
# Words a reader would flag as loaded language, name calling or hyperbole ("will stop at nothing").
CHARGED = ["corrupt", "treacherous", "betrayed", "radical", "thugs", "lying puppets", "fake news",
           "nothing", "destroy", "disgusting cowards", "cowards"]

WEATHER = (
    "Tomorrow will be mostly cloudy with a high of 18 degrees Celsius and a low of 9 degrees. "
    "Light winds from the west are expected in the afternoon. "
    "There is a 20 percent chance of showers in the evening, and Thursday should be dry and sunny."
)


def test_techniques_and_explanations() -> None:
    assert len(TECHNIQUES) == 14 == len(set(TECHNIQUES))
    assert set(EXPLANATIONS) == set(TECHNIQUES)
    assert all(10 < len(e) < 250 for e in EXPLANATIONS.values())


def test_missing_model_files_raise_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="python -m training.persuasion"):
        load_tagger(tmp_path)


@pytest.mark.slow
@needs_model
def test_loaded_paragraph_finds_loaded_language_and_name_calling() -> None:
    spans = load_tagger().tag(LOADED)
    assert spans, "no span found in an obviously loaded paragraph"
    found = {s.technique for s in spans}
    assert {"Loaded_Language", "Name_Calling,Labeling"} & found
    charged = 0
    for s in spans:
        assert isinstance(s, PersuasionSpan) and s.technique in TECHNIQUES and 0 < s.score <= 1
        piece = LOADED[s.start : s.end]
        assert piece.strip() == piece and piece, f"span {s} is empty or has untrimmed edges"
        covers = any(w in piece.lower() for w in CHARGED)
        charged += covers
        if s.technique == "Name_Calling,Labeling":
            assert covers, f"name calling {piece!r} covers no insult"
    # Phrases from the per-technique token heads may also name a neighbouring word (e.g. "politicians" as
    # Doubt, "cheering" as loaded language); most spans must still sit on the charged words.
    assert charged >= 0.75 * len(spans), [LOADED[s.start : s.end] for s in spans]
    # The strongest insults are found where they are, as phrases of their own (not only inside one span over
    # the whole passage) named as loaded language or name calling.
    phrases = [s for s in spans if s.technique in {"Loaded_Language", "Name_Calling,Labeling"}
               and s.end - s.start <= 60]
    for word in ("thugs", "cowards"):
        i = LOADED.index(word)
        assert any(s.start <= i and i + len(word) <= s.end for s in phrases), f"{word!r} not inside a short phrase"


@pytest.mark.slow
@needs_model
def test_neutral_weather_report_has_no_span() -> None:
    tagger = load_tagger()
    assert tagger.tag(WEATHER) == []
    assert 0.0 < tagger.threshold < 1.0


@pytest.mark.slow
@needs_model
def test_threshold_controls_output() -> None:
    tagger = load_tagger()
    assert tagger.tag(LOADED, threshold=1.0) == []
    assert len(tagger.tag(LOADED, threshold=0.05)) >= 1


@pytest.mark.slow
@needs_model
def test_classify_given_spans() -> None:
    tagger = load_tagger()
    i = LOADED.index("lying puppets")
    spans = [(i, i + len("lying puppets")), (0, 5), (i, i + len("lying puppets"))]
    out = tagger.classify(LOADED, spans)
    assert len(out) == 3 and all(t in TECHNIQUES and 0 < p <= 1 for t, p in out)
    assert out[0][0] in {"Name_Calling,Labeling", "Loaded_Language"}
    assert out[2][0] != out[0][0]  # a repeated span gets the next most likely technique
    with pytest.raises(InputError):
        tagger.classify(LOADED, [(10, 10_000)])


@pytest.mark.slow
@needs_model
def test_tag_many_matches_tag_and_empty_texts() -> None:
    tagger = load_tagger()
    assert tagger.tag("") == [] and tagger.tag("   \n ") == []
    long_text = (WEATHER + " ") * 40 + LOADED  # several windows, so batches of two texts could have mixed
    many = tagger.tag_many([LOADED, WEATHER, "", long_text])
    # A text's spans and scores never depend on the texts tagged with it (int8 activations are scaled per
    # batch, so batches hold windows of one text only).
    assert many[0] == tagger.tag(LOADED)
    assert many[3] == tagger.tag(long_text) and many[3]
    assert many[1] == [] and many[2] == []


@pytest.mark.slow
@needs_model
@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from([LOADED, WEATHER, "Fake news!", "🙂 café — “quoted” text\r\n", "\n\n", "x"]),
                min_size=1, max_size=40),
       st.floats(0.05, 0.95))
def test_every_span_lies_inside_long_texts(pieces: list[str], threshold: float) -> None:
    text = " ".join(pieces)
    for s in load_tagger().tag(text, threshold=threshold):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end].strip()


@pytest.mark.slow
@needs_model
def test_component_cuts_long_regions_into_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """A region longer than PIECE_CHARS is tagged piece by piece; offsets still index the whole document."""
    from unspin import Analyzer, Document
    from unspin.components import persuasion as component

    text = "A letter\n\n" + "\n\n".join([LOADED, WEATHER] * 4) + "\n"
    analyzer = Analyzer(["structure", "language", "persuasion"])
    whole = analyzer(Document.from_text(text)).persuasion
    monkeypatch.setattr(component, "PIECE_CHARS", 600)
    assert len(component.pieces(text, 600)) > 3
    cut = analyzer(Document.from_text(text)).persuasion
    thugs = [i for i in range(len(text)) if text.startswith("thugs", i)]
    for spans in (whole, cut):
        assert spans and all(text[s.start:s.end].strip() == text[s.start:s.end] for s in spans)
        assert all(any(s.start <= i < s.end for s in spans) for i in thugs)
    # The paragraphs are cut at their ends, where the tagger's windows barely reach across: same insults found.
    insults = lambda spans: {text[s.start:s.end] for s in spans if s.technique == "Name_Calling,Labeling"}  # noqa: E731
    assert insults(cut) & insults(whole)
    assert component._groups([(0, 400), (400, 700), (700, 800)], 600) == [[(0, 400)], [(400, 700), (700, 800)]]


@pytest.mark.slow
@needs_model
@pytest.mark.parametrize(("threshold", "tech_threshold"), [(None, None), (0.2, None), (0.5, None), (None, 0.3)])
def test_every_span_scores_at_least_the_threshold_that_admitted_it(threshold: float | None,
                                                                   tech_threshold: float | None) -> None:
    """A user filtering on ``score >= threshold`` keeps every span the tagger emitted at that threshold."""
    tagger = load_tagger()
    inf = tagger.infer([LOADED])[0]
    thr = tagger.threshold if threshold is None else threshold
    phrase_thr = tagger.technique_threshold
    assert phrase_thr is not None  # the shipped model adds technique phrases
    found = tagger.decode(inf, threshold)
    si = {(s, e) for s, e, _ in found}
    assert found and all(score >= thr for _, _, score in found)
    spans = tagger.spans_from(inf, threshold, tech_threshold)
    assert spans and {(s.start, s.end) for s in spans} > si  # SI spans and technique phrases inside them
    for s in spans:
        # SI spans pass the span threshold; extra labels on them tech_threshold; technique phrases theirs.
        floor = min(thr, tech_threshold or 1.0) if (s.start, s.end) in si else min(phrase_thr, thr)
        assert s.score >= floor, (s, LOADED[s.start : s.end])


@pytest.mark.parametrize("low", [None, 0.2])
def test_decode_spans_scores_a_span_by_its_peak_token(low: float | None) -> None:
    """Hysteresis and gap joining extend a span over tokens below the threshold; the score is still the peak."""
    import numpy as np

    from unspin.ml.spans import decode_spans

    text = "aa bb cc dd ee ff"
    offsets = np.array([[i * 3, i * 3 + 2] for i in range(6)])
    probs = np.array([0.25, 0.31, 0.25, 0.0, 0.25, 0.9 if low is None else 0.1])
    spans = decode_spans(text, offsets, probs, 0.3, low=low, gap=1)
    assert spans and all(score >= 0.3 for _, _, score in spans)
    if low is not None:  # "aa bb cc" (mean 0.27) held together by the peak 0.31
        assert spans == [(0, 8, pytest.approx(0.31))]


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_trimmed_span_never_starts_inside_a_word(apostrophe: str) -> None:
    # PolNeAR dev, HuffPost 2016-09-26: "that’s a little bit scary to" was marked from its "s".
    from unspin.ml.spans import trim_function_words

    text = f"apparently that{apostrophe}s a little bit scary to people"
    start = text.index("that")
    got = trim_function_words(text, start, text.index(" people"))
    assert got is not None and text[got[0] : got[1]] == f"that{apostrophe}s a little bit scary"
