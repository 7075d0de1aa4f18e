"""PolNeAR reader and the attribution scorer, on hand-made files and hand-computed numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.benchmarks import polnear
from unspin.benchmarks.polnear import Relation
from unspin.errors import InputError

ANN = (
    "T1\tSource 0 3\tTom\n"
    "T2\tCue 4 8\tsaid\n"
    "T3\tContent 9 14;20 25\tabcde fghij\n"
    "T4\tAttribution 4 8\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tDiscuss 30 40\ta note that\nruns over two lines\n"
    "#1\tAnnotatorNotes T5\tignored\n"
    "T6\tCue 50 62\taccording to\n"
    "T7\tContent 63 70\tsomething\n"
    "T8\tAttribution-no-source 50 62\taccording to\n"
    "E2\tAttribution-no-source:T8 Content:T7 Cue:T6\n"
)


def test_polnear_read_ann_relations_discontinuous_and_sourceless(tmp_path: Path) -> None:
    path = tmp_path / "a_x.ann"
    path.write_text(ANN, encoding="utf-8")
    rels = polnear.read_ann(path)
    assert rels == [Relation(((9, 14), (20, 25)), ((4, 8),), ((0, 3),)), Relation(((63, 70),), ((50, 62),), None)]


def test_polnear_read_corpus_picks_first_annotator(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "art_one.txt").write_text("x" * 80, encoding="utf-8")
    (tmp_path / "attributions" / "art_one_b2.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "art_one_a1.ann").write_text("", encoding="utf-8")
    one = polnear.read_corpus(tmp_path)
    assert list(one) == ["art_one"] and one["art_one"].annotator == "a1" and one["art_one"].relations == []
    both = polnear.read_all_annotators(tmp_path)
    assert [a.annotator for a in both["art_one"]] == ["a1", "b2"]
    with pytest.raises(InputError):
        polnear.read_corpus(tmp_path / "text")


def test_polnear_overlap_scores_hand_computed() -> None:
    # gold content [0,10) and [20,30); predicted [5,15) (half inside) and [20,30) (all inside).
    rs = polnear.role_scores([((5, 15),), ((20, 30),)], [((0, 10),), ((20, 30),)])
    d = rs.as_dict()
    assert d["overlap_p"] == pytest.approx((0.5 + 1.0) / 2)
    assert d["overlap_r"] == pytest.approx((0.5 + 1.0) / 2)
    assert d["exact_p"] == pytest.approx(0.5) and d["exact_r"] == pytest.approx(0.5)
    # a discontinuous gold span [0,4)+[6,10) (8 chars) against a predicted [0,10): recall 1, precision 8/10
    d = polnear.role_scores([((0, 10),)], [((0, 4), (6, 10))]).as_dict()
    assert d["overlap_p"] == pytest.approx(0.8) and d["overlap_r"] == pytest.approx(1.0)
    assert d["exact_f1"] == 0.0
    assert d["overlap_f1"] == pytest.approx(2 * 0.8 / 1.8)


def test_polnear_relation_match_rules() -> None:
    gold = [Relation(((0, 20),), ((21, 25),), ((26, 30),)), Relation(((40, 60),), ((35, 39),), None)]
    pred = [
        Relation(((5, 20),), None, ((27, 29),)),  # content 15/20 shared, source overlaps: match
        Relation(((40, 45),), ((35, 39),), None),  # 5 of 20 chars: below half of the longer content
        Relation(((40, 60),), ((35, 39),), ((30, 34),)),  # content equal but gold has no source: no match
    ]
    assert polnear.relation_scores(pred, gold) == (1, 3, 2)
    scores = polnear.score_corpus({"a": pred}, {"a": gold})
    assert scores["relation"]["p"] == pytest.approx(1 / 3) and scores["relation"]["r"] == pytest.approx(1 / 2)
    assert scores["relation"]["f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    # both sources absent is a match; a gold relation is matched once only
    two = [Relation(((40, 60),), None, None), Relation(((41, 60),), None, None)]
    assert polnear.relation_scores(two, [gold[1]]) == (1, 2, 1)


def test_polnear_score_corpus_micro_over_spans_and_bootstrap() -> None:
    gold = {"a": [Relation(((0, 10),), ((10, 14),), ((15, 18),))], "b": [Relation(((0, 4),))]}
    pred = {"a": [Relation(((0, 10),), ((10, 14),), ((15, 18),))]}  # article b: nothing predicted
    s = polnear.score_corpus(pred, gold)
    assert s["content"]["overlap_p"] == pytest.approx(1.0)
    assert s["content"]["overlap_r"] == pytest.approx(0.5)  # (1 + 0) / 2 gold spans
    assert s["source"]["overlap_f1"] == pytest.approx(1.0)
    assert s["relation"]["r"] == pytest.approx(0.5)
    sd = polnear.bootstrap_sd(pred, gold, n=50)
    assert set(sd) == {"source_overlap_f1", "cue_overlap_f1", "content_overlap_f1", "relation_f1"}
    assert sd["content_overlap_f1"] > 0 and sd["relation_f1"] > 0
    # perfect predictions on every article: every resample scores 1, no spread
    perfect = polnear.bootstrap_sd({"a": gold["a"], "b": gold["b"]}, gold, n=20)
    assert perfect["content_overlap_f1"] == 0.0 and perfect["relation_f1"] == 0.0
    assert polnear.mean_sd([1.0, 3.0]) == (2.0, pytest.approx(2 ** 0.5))
