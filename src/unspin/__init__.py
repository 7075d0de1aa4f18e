"""unspin: what is reported fact, what is commentary, and how an article tries to persuade.

The public API is small on purpose::

    import unspin
    doc = unspin.analyze("article.html")          # a path, URL, "-" (stdin) or bytes
    doc = unspin.analyze_text("Some text ...")     # an in-memory string
    analyzer = unspin.Analyzer(["structure", "language"])
    for source, result in analyzer.pipe(paths): ...
    store = unspin.Store.open("corpus.db")         # the corpus store (SQLite or postgresql://)

Everything else (components, reports, ingest) lives in submodules.
"""

from __future__ import annotations

from unspin import errors
from unspin.analyzer import Analyzer, analyze, analyze_text
from unspin.document import Document

__version__ = "0.1.0"

__all__ = ["Analyzer", "Document", "Store", "analyze", "analyze_text", "errors", "__version__"]


def __getattr__(name: str) -> object:  # PEP 562: the store loads only when asked for
    if name == "Store":
        from unspin.store import Store

        return Store
    raise AttributeError(f"module 'unspin' has no attribute {name!r}")
