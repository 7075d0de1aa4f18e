"""training.genre_voice: the shares it fits on are what analyze produces, its document rows are what the genre
component decides on, and the "news-at-opinion" grid keeps opinion recall while it raises the news share."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

from training import genre_voice as GV  # noqa: E402
from unspin.config import defaults  # noqa: E402
from unspin.document import Document, Section, Sentence  # noqa: E402
from unspin.ml.encoder import pool  # noqa: E402

SHARES = {"comment": 0.1, "reported": 0.6, "fact": 0.3, "anonymous": 0.0}


def test_the_layers_are_the_default_order_through_voice_with_persuasion() -> None:
    order = defaults()["analyze"]["layers"]
    assert GV.LAYERS == order[:order.index("voice") + 1]
    # the English subjectivity head reads persuasion's token states, so the shares depend on it
    assert GV.LAYERS.index("persuasion") < GV.LAYERS.index("subjectivity") < GV.LAYERS.index("voice")


def test_article_record_pools_the_body_as_the_genre_component_does() -> None:
    text = "Title\n\nOne. Two. Three. Four. Five."
    doc = Document.from_text(text)
    doc.sentences = [Sentence(7, 11), Sentence(12, 16), Sentence(17, 23), Sentence(24, 29), Sentence(30, 35)]
    doc.sections = [Section(7, 23, "", "body"), Section(24, 35, "", "body")]
    rng = np.random.default_rng(0)
    doc.sentence_vectors = rng.normal(size=(5, 512)).astype(np.float32)
    doc.language = "en"
    doc.sections[0].voice, doc.sections[1].voice = dict(SHARES), {**SHARES, "reported": 0.2, "comment": 0.5}
    doc.voice = dict(SHARES)
    rec = GV.article_record(doc)
    assert rec is not None and rec["voice"] == SHARES and rec["lang"] == "en"
    np.testing.assert_allclose(rec["vector"], pool(doc.sentence_vectors), atol=1e-6)
    assert [s["covers"] for s in rec["sections"]] == [False, False]  # 3 and 2 of 5 sentences
    np.testing.assert_allclose(rec["sections"][1]["vector"], pool(doc.sentence_vectors[3:]), atol=1e-6)
    doc.voice = None  # the voice layer did not run: nothing to fit on
    assert GV.article_record(doc) is None


def test_news_at_opinion_raises_news_without_losing_opinion() -> None:
    # 4 news documents (2 heavily reported, on the edge), 2 opinion documents (one on the edge, little reported)
    rows = [{"source": "polnear", "gold": "reporting", "voice": {"comment": 0.0, "reported": r}}
            for r in (0.9, 0.9, 0.2, 0.2)]
    rows += [{"source": "semeval", "gold": "opinion", "voice": {"comment": c, "reported": r}}
             for c, r in ((0.5, 0.1), (0.1, 0.3))]
    edge = np.log([0.45, 0.55, 1e-9])
    far_rep, far_op = np.log([0.9, 0.1, 1e-9]), np.log([0.1, 0.9, 1e-9])
    logp = np.array([edge, edge, far_rep, far_rep, edge, far_op])

    def label(seed: int, rule: GV.Rule) -> np.ndarray:
        return GV.decide(rows, logp, *rule)

    def reference(seed: int) -> np.ndarray:
        return GV.decide(rows, logp, 0.0, 0.0, 0.0)

    got = GV.choose(rows, label, "news-at-opinion", reference)
    assert got["objective_reference"]["news_reporting"] == 0.5
    assert got["objective_with_voice"]["news_reporting"] == 1.0
    assert got["objective_with_voice"]["semeval_opinion_recall"] == 1.0  # the edge opinion piece stays opinion
    wc, wr, b = got["rule"]
    assert wr < 0  # reported speech pulls towards reporting
    # the smallest rule that does it: no smaller grid rule reaches the same
    for rule in [(x, y, z) for x in GV.W_COMMENT for y in GV.W_REPORTED for z in GV.BIAS
                 if abs(x) + abs(y) + abs(z) < abs(wc) + abs(wr) + abs(b)]:
        o = GV.objective(rows, label(0, rule))
        assert o["news_reporting"] < 1.0 or o["semeval_opinion_recall"] < 1.0
