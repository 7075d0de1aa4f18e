"""A component that fails on purpose, registered in workers through the runner's ``setup`` hook.

Text containing ``EXPLODE`` makes it raise (a component error); ``KILLME`` makes it kill its own
process with SIGKILL, as the OOM killer would (a dead worker).
"""

from __future__ import annotations

import os
import signal

from unspin.document import Document
from unspin.registry import Pipe, component

LAYERS = ["structure", "faulty"]


def register() -> None:
    @component("faulty", requires=["paragraphs"], assigns=[])
    def make_faulty(config: dict[str, object]) -> Pipe:
        """Fails on EXPLODE, dies on KILLME (tests only)."""

        def faulty(doc: Document) -> Document:
            if "EXPLODE" in doc.text:
                raise ValueError("boom on purpose")
            if "KILLME" in doc.text:
                os.kill(os.getpid(), signal.SIGKILL)
            return doc

        return faulty
