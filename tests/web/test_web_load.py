"""A short load test on loopback: 200 concurrent analyse requests, bounded in time."""

from __future__ import annotations

import pytest

from unspin.web import WebSettings, create_app
from unspin.web.loadtest import run_load
from unspin_testing import REPO, serve_in_thread

pytestmark = pytest.mark.slow  # a real server under 200 concurrent requests

TEXT = "Headline\n\nThe United Nations met in Geneva on 3 March 2024, officials said."


def test_web_load_200_concurrent_requests_all_answered() -> None:
    url, server = serve_in_thread(create_app(WebSettings(rate_per_minute=0, analysis_timeout=120)))
    try:
        result = run_load(url, 200, text=TEXT, deadline=150)
    finally:
        server.should_exit = True
    out = REPO / "test-output" / "load.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text(result.table() + "\n")
    print(result.table())
    assert result.errors == 0
    assert result.statuses == {200: 200}, result.statuses
