"""The batch tests' in-memory store (their inputs, make_folder and make_jsonl, are in the root conftest)."""

from __future__ import annotations

import pytest


@pytest.fixture
def store():
    from unspin.store import Store

    with Store.open(":memory:") as s:
        yield s
