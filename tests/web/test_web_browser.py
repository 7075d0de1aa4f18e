"""End to end in a real headless Chromium (Debian's), driven by Playwright, against a real server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from unspin.web import WebSettings, create_app
from unspin_testing import SCREENSHOTS, serve_in_thread

pytestmark = pytest.mark.slow  # a real server and Chromium

HOSTILE_TITLE = '# <img src=x onerror="window.__pwned=1">Breaking <script>window.__pwned=2</script>'
ARTICLE = HOSTILE_TITLE + """

## News:

The United Nations said on May 19, 2023 that talks between Pakistan and Russia would resume in Geneva. \
<b onmouseover="window.__pwned=3">hover</b> [click](javascript:window.__pwned=4)

## Comment:

This is a reckless gamble by a desperate government, and the US will not forget it.
"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    url, srv = serve_in_thread(create_app(WebSettings(rate_per_minute=0)))
    yield url
    srv.should_exit = True


@pytest.fixture()
def page(browser, server: str):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def _shot(pg, name: str) -> None:  # noqa: ANN001
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_web_browser_paste_highlight_toggle_tooltip(page, server: str) -> None:  # noqa: ANN001
    page.goto(server + "/")
    _shot(page, "analyze-form")
    page.fill("#text", ARTICLE)
    page.click("#analyze-button")
    page.wait_for_selector(".article")
    _shot(page, "analyze-result")

    # Highlights: entities are marked in the article.
    entity = page.locator(".article .ent", has_text="Pakistan").first
    assert entity.count() == 1
    assert entity.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"

    # Toggle the entities layer off and on.
    page.uncheck("#show-entities")
    assert entity.evaluate("e => getComputedStyle(e).borderBottomStyle") == "none"
    _shot(page, "analyze-entities-off")
    page.check("#show-entities")
    assert entity.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"

    # Hover shows the tooltip with the span's labels.
    entity.hover()
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    assert "GPE" in tooltip.inner_text() and "PK" in tooltip.inner_text()
    _shot(page, "analyze-tooltip")

    # Nothing in the article ran: no dialogs, no flag set, the markup is shown as text.
    page.hover("text=hover")
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    assert "<script>" in page.inner_text("#doc-title")


def test_web_browser_error_page_for_empty_input(page, server: str) -> None:  # noqa: ANN001
    page.goto(server + "/")
    page.click("#analyze-button")
    assert "paste some text" in page.inner_text("#error-message")
    _shot(page, "analyze-error")
