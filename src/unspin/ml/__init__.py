"""Model runtimes shared by the layers; none of them knows a ``Document`` (numpy, onnxruntime, tokenizers only).

* :mod:`~unspin.ml.encoder` (+ :mod:`~unspin.ml.encoder_onnx`): the multilingual sentence encoder (USE multilingual v3,
  int8 ONNX token CNN + numpy); encode a document's sentences once and hand the rows to the heads;
* :mod:`~unspin.ml.heads`: the small classifier heads (``models/<layer>/head.npz``) over pooled sentence vectors;
* :mod:`~unspin.ml.tagger`: the PTC span tagger (MiniLM, int8 ONNX), with :mod:`~unspin.ml.windowing` (token windows
  over long texts), :mod:`~unspin.ml.spans` (span decoding and features), :mod:`~unspin.ml.stack` (the second-stage
  technique classifier) and :mod:`~unspin.ml.techniques` (its 14 PTC techniques, from the label catalogue).

    >>> from unspin.ml.tagger import load_tagger
    >>> from unspin.ml.techniques import EXPLANATIONS
    >>> for span in load_tagger().tag(text):
    ...     print(text[span.start:span.end], span.technique, span.score, EXPLANATIONS[span.technique])
"""
