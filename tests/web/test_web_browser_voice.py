"""The voice and quotes toggles in a real headless Chromium (Debian's), driven by Playwright, against a real server:
a stored hand-built Document (no model runs) shown on its page, which renders the same partials as the result page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from unspin.document import Quote, Span
from unspin.store import Store
from unspin.web import WebSettings, create_app
from unspin_testing import SCREENSHOTS, serve_in_thread, voice_quotes_doc

pytestmark = pytest.mark.slow  # a real server and Chromium

HOSTILE = ' <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> <b>bold</b>'


@pytest.fixture(scope="module")
def doc_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    doc = voice_quotes_doc(HOSTILE)
    at = doc.text.index("<script>")
    # A quote whose content and speaker are markup: both must stay text.
    doc.quotes.append(Quote(content=Span(at, at + len(HOSTILE.strip())), kind="direct",
                            speaker='"><img src=x onerror="window.__pwned=3">', score=0.5))
    doc.check_offsets()
    store = Store.open(tmp_path_factory.mktemp("voice") / "corpus.db")
    store.save([doc])
    url, server = serve_in_thread(create_app(WebSettings(rate_per_minute=0), store=store))
    yield f"{url}/documents/{doc.source.sha256}"
    server.should_exit = True
    store.close()


@pytest.fixture()
def page(browser: Any, doc_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.goto(doc_url)
    pg.wait_for_selector(".article")
    yield pg
    context.close()


def _style(locator: Any, prop: str, pseudo: str | None = None) -> str:
    return str(locator.evaluate(f"(e, p) => getComputedStyle(e, {pseudo!r}).getPropertyValue(p)"
                                if pseudo else "(e, p) => getComputedStyle(e).getPropertyValue(p)", prop))


def test_web_browser_voice_toggle_tints_and_hover_names_the_source(page: Any) -> None:
    comment = page.locator(".article .vc-comment").first
    reported = page.locator(".article .vc-reported", has_text="the energy minister").first
    anonymous = page.locator(".article .vc-anonymous", has_text="the price had not been agreed").first
    assert page.is_checked("#show-voice")
    assert "linear-gradient" in _style(comment, "background-image") and _style(comment, "font-style") == "italic"
    assert "linear-gradient" in _style(reported, "background-image")
    assert "repeating-linear-gradient" in _style(anonymous, "background-image")  # hatched: reads without colour
    assert page.locator(".sec-voice").first.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "voice-on.png"), full_page=True)

    page.uncheck("#show-voice")
    for span in (comment, reported, anonymous):
        assert _style(span, "background-image") == "none"
    assert _style(comment, "font-style") == "normal" and not page.locator(".sec-voice").first.is_visible()
    page.check("#show-voice")
    assert "linear-gradient" in _style(comment, "background-image")

    tooltip = page.locator("#tooltip")
    reported.hover()
    tooltip.wait_for(state="visible")
    assert "said by Amina Qureshi" in tooltip.inner_text()
    anonymous.hover()
    page.wait_for_function("() => document.getElementById('tooltip').textContent.includes('anonymous source')")
    assert "anonymous source (Officials)" in tooltip.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "voice-hover-anonymous.png"), full_page=True)


def test_web_browser_quotes_underlined_with_their_source(page: Any) -> None:
    quote = page.locator("#quote-1")
    assert quote.inner_text() == "We are ready to sign,"
    assert _style(quote, "box-shadow") != "none"
    assert "Amina Qureshi" in _style(quote, "content", "::after")
    page.uncheck("#show-quotes")
    assert _style(quote, "box-shadow") == "none" and _style(quote, "content", "::after") in ("none", "normal")
    assert page.is_checked("#show-voice")  # the toggles are independent


def test_web_browser_voice_page_keeps_article_markup_inert(page: Any) -> None:
    page.hover("text=bold")
    page.locator("#quote-4").hover()
    assert page.evaluate("window.__pwned") is None and page.dialogs == []
    article = page.inner_text(".article")
    assert "<script>window.__pwned=1</script>" in article and "<b>bold</b>" in article
    assert page.locator(".article script, .article img, .article b").count() == 0
    said = page.locator("#quote-4").get_attribute("data-said")
    assert said == '"><img src=x onerror="window.__pwned=3">'  # an attribute value, never markup
    assert page.locator("#quotes-list li").count() == 4
