"""The genre layer's document and section decisions with voice shares: the rules' arithmetic and the evidence they
record."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.components import genre
from unspin.document import Document, Genre, Section, Sentence

RULE = {"languages": ["en"], "weights": {"comment": 2.0, "reported": -3.0}, "bias": 0.5,
        "document": {"languages": ["en"], "weights": {"comment": 1.0, "reported": -2.0}, "bias": 0.25}}
SECTION_ONLY = {k: v for k, v in RULE.items() if k != "document"}  # a rule file from before the document rule
COMMENT = {"comment": 0.8, "reported": 0.1, "fact": 0.1, "anonymous": 0.0}
REPORT = {"comment": 0.0, "reported": 0.7, "fact": 0.3, "anonymous": 0.2}


@pytest.fixture()
def rule(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    monkeypatch.setattr(genre, "voice_rule", lambda: RULE)
    return RULE


def test_voice_term_is_the_weighted_shares_plus_bias(rule: dict[str, object]) -> None:
    assert genre.voice_term(COMMENT, "en") == pytest.approx(2.0 * 0.8 - 3.0 * 0.1 + 0.5)
    assert genre.voice_term(REPORT, "en-US") == pytest.approx(-3.0 * 0.7 + 0.5)
    assert genre.voice_term(REPORT, "de") is None  # a language the rule does not list
    assert genre.voice_term(None, "en") is None


def test_no_rule_no_term(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(genre, "voice_rule", lambda: None)
    assert genre.voice_term(COMMENT, "en") is None


def test_voice_moves_the_opinion_score_and_the_label_stays_the_highest(rule: dict[str, object],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # a head that cannot decide: reporting and opinion equally likely for both sections
    monkeypatch.setattr(genre, "probabilities_from_vectors",
                        lambda vectors, lang=None: np.array([[0.45, 0.45, 0.1]] * len(vectors)))
    vecs = [np.zeros((2, 512), np.float32), np.zeros((2, 512), np.float32)]
    head_only = genre.predict_sections_from_vectors(vecs, "en")
    with_voice = genre.predict_sections_from_vectors(vecs, "en", [COMMENT, REPORT])
    assert head_only[0][1] == head_only[1][1]
    assert [label for label, _ in with_voice] == ["opinion", "reporting"]
    assert with_voice[0][1]["opinion"] > head_only[0][1]["opinion"] > with_voice[1][1]["opinion"]
    assert all(label == max(p, key=p.__getitem__) and p["satire"] == 0.0 for label, p in with_voice)
    # German sections: the rule does not apply, the decision is the head's
    assert genre.predict_sections_from_vectors(vecs, "de", [COMMENT, REPORT]) == \
        genre.predict_sections_from_vectors(vecs, "de")


def test_evidence_round_trips_and_is_absent_when_unset() -> None:
    g = Genre("reporting", {"reporting": 0.7, "opinion": 0.3, "satire": 0.0}, evidence=["head", "voice"])
    assert g.to_dict()["evidence"] == ["head", "voice"] and Genre.from_dict(g.to_dict()) == g
    assert "evidence" not in Genre("opinion").to_dict() and Genre.from_dict({"label": "opinion"}).evidence is None


@pytest.mark.slow
def test_component_records_the_evidence_it_used(rule: dict[str, object]) -> None:
    from unspin import Analyzer, Document
    from unspin.components.voice import assign_voice

    text = ("Council budget\n\n## News:\n\nThe council voted 7-2 on Tuesday to approve the budget.\n\n"
            "## Comment:\n\nThis budget is a disgrace and the council should be ashamed.\n")
    an = Analyzer(["structure", "language", "sentence-vectors", "subjectivity"])
    plain = genre.make_genre({})
    doc = an(Document.from_text(text))
    assert [s.genre.evidence for s in plain(doc).body_sections() if s.genre] == [["head"], ["head"]]
    doc = assign_voice(an(Document.from_text(text)))
    doc.layers.append("voice")
    doc = plain(doc)
    assert doc.genre is not None and doc.genre.evidence == ["head", "voice"]  # the rule has a document rule
    assert [s.genre.evidence for s in doc.body_sections() if s.genre] == [["head", "voice"], ["head", "voice"]]


def test_a_section_holding_the_whole_body_takes_the_document_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-section article: the document reads reporting, and so must its one section (the section decision alone,
    with its opinion-leaning shift, could say opinion). A section of a two-section article keeps its own decision."""
    from unspin.document import Document, Section, Sentence

    # a head on the edge: the document shift says reporting, the section shift says opinion
    monkeypatch.setattr(genre, "probabilities_from_vectors",
                        lambda vectors, lang=None: np.array([[0.5, 0.45, 0.05]] * len(vectors)))
    monkeypatch.setattr(genre, "predict_from_vectors",
                        lambda vectors, lang=None, voice=None: [("reporting", {"reporting": 0.5, "opinion": 0.45,
                                                                               "satire": 0.05})])
    monkeypatch.setattr(genre, "predict_sections_from_vectors",
                        lambda vectors, lang=None, voice=None: [("opinion", {"reporting": 0.4, "opinion": 0.6,
                                                                             "satire": 0.0})] * len(vectors))
    run = genre.make_genre({})

    def doc_with(bounds: list[tuple[int, int]]) -> Document:
        text = "One. Two. Three. Four."
        doc = Document.from_text(text)
        doc.sentences = [Sentence(0, 4), Sentence(5, 9), Sentence(10, 16), Sentence(17, 22)]
        doc.sections = [Section(a, b, "", "body") for a, b in bounds]
        doc.sentence_vectors = np.ones((4, 512), np.float32)
        doc.language = "en"
        return run(doc)

    (whole,) = doc_with([(0, 22)]).sections
    assert whole.genre is not None and whole.genre.label == "reporting" and whole.genre.origin == "document"
    first, second = doc_with([(0, 9), (10, 22)]).sections
    assert first.genre is not None and first.genre.label == "opinion" and first.genre.origin != "document"
    assert second.genre is not None and second.genre.label == "opinion"


def test_document_term_uses_the_document_rule(rule: dict[str, object]) -> None:
    assert genre.voice_term(REPORT, "en", "document") == pytest.approx(-2.0 * 0.7 + 0.25)
    assert genre.voice_term(COMMENT, "en", "document") == pytest.approx(1.0 * 0.8 - 2.0 * 0.1 + 0.25)
    assert genre.voice_term(REPORT, "de", "document") is None
    with pytest.raises(ValueError):
        genre.voice_term(REPORT, "en", "paragraph")


def test_a_rule_file_without_the_document_rule_leaves_documents_to_the_head(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(genre, "voice_rule", lambda: SECTION_ONLY)
    assert genre.voice_term(REPORT, "en", "document") is None
    assert genre.voice_term(REPORT, "en") == pytest.approx(-3.0 * 0.7 + 0.5)  # the section rule still applies


def _one_section_document(shares: dict[str, float], voiced: bool = True) -> Document:
    """A hand-built English article of one body section, with its voice shares (as the voice layer leaves them)."""

    text = "One. Two. Three. Four."
    doc = Document.from_text(text)
    doc.sentences = [Sentence(0, 4), Sentence(5, 9), Sentence(10, 16), Sentence(17, 22)]
    doc.sections = [Section(0, 22, "", "body")]
    doc.sentence_vectors = np.ones((4, 512), np.float32)
    doc.language = "en"
    if voiced:
        doc.sections[0].voice = dict(shares)
        doc.voice = dict(shares)
        doc.layers.append("voice")
    return doc


@pytest.fixture()
def near_tie(monkeypatch: pytest.MonkeyPatch) -> None:
    """A head that leans opinion by a hair once the document shift is added (log 0.3 + 0.75 > log 0.6)."""
    monkeypatch.setattr(genre, "probabilities_from_vectors",
                        lambda vectors, lang=None: np.array([[0.6, 0.3, 0.1]] * len(vectors)))
    monkeypatch.setattr(genre, "load_head", lambda name: _Head())


class _Head:
    labels = genre.LABELS
    meta: dict[str, object] = {}
    thresholds = {genre.SECTION_KEY: np.array([0.0, 1.0, -30.0])}

    def threshold(self, lang: str | None) -> np.ndarray:
        return np.array([0.0, 0.75, -0.25])


def _genre(g: Genre | None) -> Genre:
    assert g is not None
    return g


def test_the_document_rule_flips_a_near_tie_and_says_so(rule: dict[str, object], near_tie: None) -> None:
    run = genre.make_genre({})
    plain = _genre(run(_one_section_document(REPORT, voiced=False)).genre)
    assert plain.label == "opinion" and plain.evidence == ["head"]  # the head alone
    doc = run(_one_section_document(REPORT))  # 70% reported speech: the document rule pulls opinion down by 1.15
    got = _genre(doc.genre)
    assert got.label == "reporting" and got.evidence == ["head", "voice"]
    assert got.label == max(got.scores, key=got.scores.__getitem__)
    assert got.scores["opinion"] < plain.scores["opinion"]
    (section,) = doc.body_sections()  # the one section is the document: same label, same evidence
    assert _genre(section.genre).label == "reporting" and _genre(section.genre).origin == "document"
    assert _genre(section.genre).evidence == ["head", "voice"]
    # the writer's comment keeps (and strengthens) opinion
    assert _genre(run(_one_section_document(COMMENT)).genre).label == "opinion"


def test_without_the_document_rule_the_document_is_the_heads(monkeypatch: pytest.MonkeyPatch, near_tie: None) -> None:
    for rule_file in (SECTION_ONLY, None):
        monkeypatch.setattr(genre, "voice_rule", lambda rule_file=rule_file: rule_file)
        got = _genre(genre.make_genre({})(_one_section_document(REPORT)).genre)
        assert got.label == "opinion" and got.evidence == ["head"]
