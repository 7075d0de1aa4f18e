"""Sample articles for the batch and record-ingest tests, importable by name from any test module (conftest.py is
not: several folders have one, and whichever was imported first answers to ``conftest``)."""

from __future__ import annotations

RUN_STARTED = "2025-01-01T00:00:00+00:00"


def article(i: int, extra: str = "") -> str:
    return (f"# Talks resume in round {i}\n\n## News:\n\nOfficials in Geneva said on Monday that talks number {i} "
            f"resumed. The ministry confirmed that {i} delegations attended.\n\n## Comment:\n\nThis is a reckless "
            f"gamble and everyone knows it. {extra}\n")
