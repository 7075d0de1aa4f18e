"""Text-classification heads over the shared multilingual sentence encoder (:mod:`unspin.ml.encoder`, numpy only).

Layers (each a small head shipped under ``unspin/models/<layer>/head.npz`` with a MODEL_CARD.md):
  * :mod:`unspin.textcat.genre` - reporting / opinion / satire per document or section (SemEval-2023 T3 st. 1);
  * :mod:`unspin.textcat.frames` - the 14 frames, multi-label with scores, per document (st. 2);
  * :mod:`unspin.textcat.claims` - check-worthiness per sentence and a claim flag (CheckThat! task 1, English);
  * :mod:`unspin.textcat.paragraphs` - the 23 persuasion techniques per paragraph, multilingual (st. 3).
The benchmarks' file formats and scorers are in :mod:`unspin.benchmarks`, their commands in
:mod:`unspin.cli.benchmarks`.

Encode once: call :func:`unspin.ml.encoder.encode` on all sentences of a document, then hand slices of the
result to ``claims.score_from_vectors`` (sentences), ``paragraphs.predict_from_vectors`` (per paragraph: its
sentences' rows), ``genre.predict_from_vectors`` (document and sections) and ``frames.predict_from_vectors``
(document). Longer texts are the normalised mean of their sentence vectors, as in training.

Example: ``from unspin.textcat import claims; claims.score(["GDP grew 2.1% in 2023."])``
"""
