"""The genre layer's pipeline-style training vectors equal what the genre component pools, and survive the cache."""

from __future__ import annotations

import os
import random
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from training import genre_pipeline as GP  # noqa: E402
from unspin import Analyzer  # noqa: E402
from unspin.components.vectors import vectors_in  # noqa: E402
from unspin.ml.encoder import encode, pool, split_sentences  # noqa: E402

TEXT = ("Council approves the new budget after a long debate\n\n"
        "The city council voted 7-2 on Tuesday to approve the budget. The vote followed three hours of debate.\n\n"
        "The mayor said the plan would fund two new schools. Opponents said the tax rise was too steep.\n\n"
        "The budget takes effect in January. It totals 40 million dollars. Officials will publish the details.\n\n"
        "A second vote on the transport plan is due next month, the clerk said.\n")


def test_pooled_is_the_body_the_genre_component_pools(tmp_path: Path) -> None:
    doc = Analyzer(GP.LAYERS)(TEXT.encode("utf-8"))
    body = [vectors_in(doc, s) for s in doc.body_sections()]
    expected = pool(np.concatenate([b for b in body if len(b)]))
    assert doc.title is not None  # the title line is not part of the body, so the vector leaves it out, unlike
    whole_text = pool(encode(split_sentences(TEXT)))  # the regex sentences of the whole text (title included)
    assert float(np.abs(whole_text - expected).max()) > 1e-3
    got = GP.PipelineVectors(tmp_path).pooled([TEXT])[0]
    np.testing.assert_allclose(got, expected, atol=1e-6)
    # a second instance reads the shard instead of running the pipeline again
    again = GP.PipelineVectors(tmp_path)
    assert GP.text_key(TEXT) in again.items
    np.testing.assert_allclose(again.pooled([TEXT])[0], expected, atol=1e-6)


def test_chunks_are_runs_of_whole_body_paragraphs(tmp_path: Path) -> None:
    pv = GP.PipelineVectors(tmp_path)
    parsed = pv.parsed([TEXT])[0]
    body = (parsed.section >= 0) & (parsed.paragraph >= 0)
    pars = sorted(set(parsed.paragraph[body].tolist()))
    assert len(pars) >= 2
    runs = {tuple(parsed.paragraph[body][i:j].tolist()) for i in range(int(body.sum()))
            for j in range(i + 1, int(body.sum()) + 1)}
    candidates = [pool(parsed.vectors[np.isin(parsed.paragraph, list(r)) & body]) for r in runs]
    chunks = pv.chunks(TEXT, 3, random.Random(13))
    assert 1 <= len(chunks) <= 3
    for c in chunks:  # each chunk is the pooled vector of some run of whole body paragraphs
        assert min(float(np.abs(c - v).max()) for v in candidates) < 1e-6


def test_pooled_with_title_is_the_document_the_genre_component_pools(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin.components import genre

    monkeypatch.setattr(genre, "title_in_document", lambda: True)
    doc = Analyzer(GP.LAYERS)(TEXT.encode("utf-8"))
    body = np.concatenate([b for b in (vectors_in(doc, s) for s in doc.body_sections()) if len(b)])
    expected = pool(genre.document_vectors(doc, body))
    assert float(np.abs(expected - pool(body)).max()) > 1e-3  # the title moves the document's vector
    pv = GP.PipelineVectors(tmp_path)
    np.testing.assert_allclose(pv.pooled([TEXT], with_title=True)[0], expected, atol=1e-6)
    parsed = pv.parsed([TEXT])[0]
    assert int(parsed.title.sum()) == 1 and (parsed.section[parsed.title] == -1).all()
