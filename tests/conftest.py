"""Shared fixtures. Models load once per session; Documents are built by hand where a model is not the subject."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from importlib.resources import files  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "test-output" / "screenshots"


def serve_in_thread(app: object) -> tuple[str, object]:
    """Run ``app`` on a real uvicorn server on a free loopback port; returns (base_url, server)."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 30 s")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


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
