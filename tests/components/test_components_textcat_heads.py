"""The shipped heads, run for real on the shipped encoder (offline)."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from unspin.components import claims, frames, genre  # noqa: E402
from unspin.components import paragraph_persuasion as paragraphs
from unspin.ml import encoder  # noqa: E402
from unspin.ml.heads import load_head, model_path  # noqa: E402

pytestmark = pytest.mark.slow

NEWS = ("WASHINGTON - The Senate voted 68-32 on Tuesday to approve a $1.2 trillion infrastructure bill, sending it "
        "to the House of Representatives. The bill includes $550 billion in new spending on roads, bridges and "
        "broadband, officials said. The House is expected to take up the measure next month, according to a "
        "statement from the Speaker's office.")
OPINION = ("This so-called infrastructure bill is a disgrace. I have never seen politicians so eager to waste our "
           "money. We should be ashamed of ourselves for letting these clowns in Washington ruin the country, and "
           "every voter should remember it in November.")


def test_encoder_vectors_are_normalised_and_deterministic() -> None:
    v = encoder.encode(["The vote is on Monday.", "C'est une honte.", ""])
    assert v.shape == (3, encoder.DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert np.array_equal(encoder.encode(["The vote is on Monday.", "C'est une honte.", ""]), v)
    # int8 activations are scaled per batch: alone, a sentence's vector moves only in the third decimal.
    alone = encoder.encode(["The vote is on Monday."])[0]
    assert float(alone @ v[0]) > 0.995
    assert encoder.encode([]).shape == (0, encoder.DIM)


def test_claims_factual_beats_opinion_and_rhetorical_question() -> None:
    s = claims.score([
        "Unemployment fell to 3.5 percent in September 2019, the Labor Department said.",
        "I think we are a wonderful, wonderful people.",
        "Isn't that what we all want?",
    ])
    assert s.shape == (3,) and ((s >= 0) & (s <= 1)).all()
    assert s[0] > s[1] and s[0] > s[2]
    assert s[0] >= claims.THRESHOLD > max(s[1], s[2])
    assert 0.0 < claims.threshold() < 1.0
    assert claims.is_claim(["Taxes rose 5% in 2020 under the Johnson government."]).tolist() == [True]
    assert claims.score([]).shape == (0,)


def test_claims_vectors_api_matches_text_api() -> None:
    sents = ["Exports to China doubled between 2010 and 2020.", "Thank you all for coming tonight."]
    assert np.allclose(claims.score_from_vectors(encoder.encode(sents), sents), claims.score(sents), atol=1e-5)
    with pytest.raises(ValueError):
        claims.score_from_vectors(encoder.encode(sents[:1]), sents)


def test_genre_news_vs_opinion() -> None:
    (g_news, p_news), (g_op, p_op) = genre.predict([NEWS, OPINION], "en")
    assert (g_news, g_op) == ("reporting", "opinion")
    assert set(p_news) == set(genre.LABELS) and sum(p_news.values()) == pytest.approx(1, abs=1e-3)
    # the same from sentence vectors (the pipeline path) and from an already pooled vector
    vecs = [encoder.encode(encoder.split_sentences(t)) for t in (NEWS, OPINION)]
    assert [x[0] for x in genre.predict_from_vectors(vecs, "en")] == ["reporting", "opinion"]
    assert genre.predict_from_vectors([encoder.pool(vecs[0])])[0][0] == "reporting"
    assert genre.predict([]) == []


def test_frames_scores_and_ranked_predictions() -> None:
    all_scores = frames.scores([NEWS], "en")[0]
    assert set(all_scores) == set(frames.FRAMES)
    ranked = frames.predict([NEWS], "en")[0]
    assert ranked and ranked == sorted(ranked, key=lambda x: -x[1])
    assert "Political" in [f for f, _ in frames.predict([OPINION], "en")[0]]


def test_paragraph_persuasion_multilingual_and_zero_shot() -> None:
    loaded = "These corrupt traitors will destroy our great nation! Wake up, patriots, before it is too late!"
    got = paragraphs.predict([loaded, "The meeting starts at 10 a.m. in room 4."], "en")
    techniques = [t for t, _ in got[0]]
    assert "Loaded_Language" in techniques
    assert len(got[1]) < len(got[0])
    assert set(paragraphs.scores([loaded], "fr")[0]) == set(paragraphs.TECHNIQUES)
    assert paragraphs.is_zero_shot("es") and paragraphs.is_zero_shot(None)
    assert not paragraphs.is_zero_shot("ge") and not paragraphs.is_zero_shot("pl-PL")
    assert paragraphs.is_covered("es") and not paragraphs.is_covered("ka")


def test_per_language_thresholds_exist_for_trained_languages() -> None:
    head = load_head("paragraph_persuasion")
    for lang in ("en", "fr", "de", "it", "pl", "ru"):
        assert lang in head.thresholds
    assert np.array_equal(head.threshold("es"), head.thresholds["*"])


def test_shipped_models_are_small_and_have_cards() -> None:
    total = 0
    for layer in ("genre", "frames", "claims", "paragraph_persuasion"):
        total += model_path(layer).stat().st_size
        card = model_path(layer, "MODEL_CARD.md").read_text()
        assert "Research use only" in card or "research" in card.lower()
        assert "python -m training.textcat" in card
    assert total < 10 * 2**20


def test_sections_choose_between_reporting_and_opinion() -> None:
    satirical = ("In a stunning move, the Ministry of Silly Walks announced on Tuesday that all ministers must now "
                 "hop to work on one leg, a spokesman for the hopping lobby said.")
    vecs = [encoder.encode(encoder.split_sentences(t)) for t in (NEWS, OPINION, satirical)]
    out = genre.predict_sections_from_vectors(vecs, "en")
    assert [label for label, _ in out][:2] == ["reporting", "opinion"]
    assert all(label in {"reporting", "opinion"} for label, _ in out)
    assert all(set(p) == set(genre.LABELS) for _, p in out)  # the scores still name all three
    # The label is the highest score (the decision's shift is inside the scores), and satire is excluded.
    assert all(label == max(p, key=p.__getitem__) and p["satire"] == 0.0 for label, p in out)
    for label, p in genre.predict([NEWS, OPINION, satirical], "en"):
        assert label == max(p, key=p.__getitem__) and sum(p.values()) == pytest.approx(1, abs=1e-3)


def test_genre_component_labels_each_body_section(monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin import Analyzer, Document

    text = f"Council budget\n\n## News:\n\n{NEWS}\n\n## Comment:\n\n{OPINION}\n"
    analyzer = Analyzer(["structure", "language", "sentence-vectors", "genre"])
    doc = analyzer(Document.from_text(text))
    body = doc.body_sections()
    assert len(body) == 2 and doc.genre is not None
    assert all(s.genre is not None and s.genre.label in {"reporting", "opinion"} for s in body)
    # The case: a section that reports and one that argues say so.
    genres = [s.genre for s in body if s.genre is not None]
    assert [g.label for g in genres] == ["reporting", "opinion"]
    assert all(g.label == max(g.scores, key=g.scores.__getitem__) for g in genres)
    # A satirical document's sections are satire: the label belongs to the whole publication.
    monkeypatch.setattr(genre, "predict_from_vectors",
                        lambda vecs, lang=None, voice=None: [("satire", {"reporting": 0.1, "opinion": 0.2,
                                                                         "satire": 0.7})])
    doc = analyzer(Document.from_text(text))
    whole = doc.genre
    genres = [s.genre for s in doc.body_sections() if s.genre is not None]
    assert whole is not None and whole.label == "satire" and len(genres) == 2
    assert all(g.label == "satire" and g.scores == whole.scores and g.origin == "document" for g in genres)


def test_bundled_example_news_reads_reporting_and_comment_opinion() -> None:
    """The issue's case on the bundled example, through the real pipeline and the shipped head."""
    from pathlib import Path

    from unspin import Analyzer

    example = Path(__file__).resolve().parents[2] / "examples" / "news-and-comment.md"
    doc = Analyzer(["structure", "language", "sentence-vectors", "genre"])(example)
    body = doc.body_sections()
    assert [s.genre.label for s in body if s.genre is not None] == ["reporting", "opinion"]
