"""Shared fixtures. Models load once per session; Documents are built by hand where a model is not the subject."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import json  # noqa: E402
from collections.abc import Callable  # noqa: E402
from importlib.resources import files  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from batch_samples import article  # noqa: E402
from unspin import Analyzer, Document  # noqa: E402
from unspin.ingest import load  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
EXAMPLE = Path(str(files("unspin").joinpath("examples/news-and-comment.md")))
FIXED_TIME = "2026-01-01T00:00:00+00:00"


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def base_analyzer() -> Analyzer:
    return Analyzer(["structure", "language", "entities"])


@pytest.fixture(scope="session")
def structure_analyzer() -> Analyzer:
    return Analyzer(["structure"])


def fixed_example_doc() -> Document:
    """The bundled example with a fixed path and time, so reports are byte-stable."""
    doc = load(EXAMPLE)
    doc.source.path = "examples/news-and-comment.md"
    doc.source.fetched_at = FIXED_TIME
    return doc


@pytest.fixture(scope="session")
def example_doc(base_analyzer: Analyzer) -> Document:
    return base_analyzer(fixed_example_doc())


# Inputs for the record-ingest and batch tests: article files and JSON Lines, built in tmp_path.
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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


from unspin_testing import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201 - playwright's Browser
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium "
                    "(.ci/run installs it: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def pg_url() -> str:
    """A throwaway PostgreSQL database, emptied first (.ci/run starts one and sets UNSPIN_TEST_POSTGRES_URL)."""
    url = os.environ.get("UNSPIN_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("UNSPIN_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against "
                    "(.ci/run starts one; locally: see docs/store-schema.md)")
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(url, autocommit=True) as conn:
        # Every table of the schema, whichever migrations made it (a list to keep in step would miss new ones).
        for (table,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"):
            conn.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
    return url
