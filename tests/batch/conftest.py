"""Small inputs for batch tests: article files, JSON Lines and a WARC, built in tmp_path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from batch_samples import article


@pytest.fixture
def make_folder(tmp_path: Path) -> Callable[..., Path]:
    def make(n: int, name: str = "articles", extras: dict[int, str] | None = None) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for i in range(n):
            (folder / f"a{i:03d}.md").write_text(article(i, (extras or {}).get(i, "")), encoding="utf-8")
        return folder
    return make


@pytest.fixture
def make_jsonl(tmp_path: Path) -> Callable[..., Path]:
    def make(lines: list[object], name: str = "news.jsonl") -> Path:
        path = tmp_path / name
        path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
        return path
    return make


@pytest.fixture
def store():
    from unspin.store import Store

    with Store.open(":memory:") as s:
        yield s
