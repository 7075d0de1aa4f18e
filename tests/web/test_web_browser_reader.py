"""The pages as a reader sees them, in Debian's headless Chromium (Playwright) against a real server: the header card,
the key to the marks, grouped entities, the dashboard's line chart and heat map, filters kept across pages, the
over-limit upload page, and an accessibility pass with axe-core (vendored: tests/web/vendor/axe-core)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from unspin.store import Store
from unspin.web import WebSettings, create_app
from unspin_testing import REPO, SCREENSHOTS, serve_in_thread, synthetic_corpus

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
EXAMPLE = REPO / "examples" / "news-and-comment.md"


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    s = Store.open(":memory:")
    s.save(synthetic_corpus(n=120))  # enough that a technique filter still fills two pages
    yield s
    s.close()


@pytest.fixture(scope="module")
def server(store: Store) -> Iterator[str]:
    url, srv = serve_in_thread(create_app(WebSettings(rate_per_minute=0, analysis_timeout=300), store=store))
    yield url
    srv.should_exit = True


@pytest.fixture()
def page(browser):  # noqa: ANN001, ANN201
    # bypass_csp: axe-core is injected as an inline script, which the app's CSP (rightly) refuses.
    context = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="module")
def analysed(browser, server: str) -> Iterator:  # noqa: ANN001
    """The analyse page with the bundled example's result (analysed once for the module's tests)."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
    pg = context.new_page()
    pg.goto(server + "/")
    pg.fill("#text", EXAMPLE.read_text(encoding="utf-8"))
    pg.click("#analyze-button")
    pg.wait_for_selector("#card", timeout=300_000)
    yield pg
    context.close()


def _shot(pg, name: str) -> None:  # noqa: ANN001
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _axe_findings(pg) -> list[dict]:  # noqa: ANN001
    pg.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return pg.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 200))}));
    }""")


def _serious(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["impact"] in ("serious", "critical")]


def test_web_browser_header_card_legends_and_grouped_entities(analysed) -> None:  # noqa: ANN001
    pg = analysed
    card = pg.locator("#card")
    assert card.is_visible()
    assert pg.inner_text("#card-genre").startswith(("Opinion", "Reporting", "Satire"))
    assert re.search(r"× \d", pg.inner_text("#card-techniques"))
    assert re.fullmatch(r"\d+ worth checking", pg.inner_text("#card-claims"))
    assert pg.inner_text("#card-authors") == "Amina Qureshi"
    assert "The Example Ledger" in pg.inner_text("#card-publisher")
    # A key for every mark on the page.
    for key in ("sections", "persuasion", "claims", "entities"):
        assert pg.locator(f"#legend-{key}").is_visible(), key
    assert "_" not in pg.inner_text("#legend-persuasion")  # display names, not identifiers
    # Entities grouped; dates, numbers and ordinals in their own table.
    assert "Amina Qureshi" in pg.inner_text("#entities-people")
    assert "Pakistan" in pg.inner_text("#entities-places")
    numbers = pg.inner_text("#entities-dates_numbers")
    assert "May 19, 2023" in numbers and "first" in numbers
    for group in ("people", "places"):
        assert not re.search(r"\bDate\b|\bOrdinal\b|\bNumber\b", pg.inner_text(f"#entities-{group}"))
    # Captions say label and kind once, and the title shows no markdown "# ".
    captions = pg.locator(".sec-label").all_inner_texts()
    assert captions and all(len(set(c.lower().split(" · "))) == len(c.split(" · ")) for c in captions)
    assert pg.inner_text(".article").lstrip().startswith("Is Pakistan")
    _shot(pg, "reader-analyse-card")


def test_web_browser_dashboard_line_chart_and_heat_map(page, server: str) -> None:  # noqa: ANN001
    page.goto(server + "/dashboard")
    lines = page.locator("#chart-techniques-by-month svg polyline")
    assert lines.count() == 6 and lines.first.is_visible()
    assert "undated documents left out" in page.inner_text("#chart-techniques-by-month-note")
    assert "How to read this" in page.inner_text("#chart-techniques-by-month")
    months = page.locator("#chart-techniques-by-month svg text").all_text_contents()
    assert "2024-01" in months and not any(m in ("all", "None", "undated") for m in months)
    cells = page.locator("#chart-techniques-by-source svg g.cell")
    assert cells.count() == 4 * 10 and cells.first.is_visible()
    box = cells.first.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10
    entities = page.inner_text("#chart-entities")
    assert "Wednesday" not in entities and "(people)" in entities
    _shot(page, "reader-dashboard")


def test_web_browser_filters_kept_across_pages(page, server: str) -> None:  # noqa: ANN001
    page.goto(server + "/documents")
    page.select_option("#filter-technique", "Appeal_to_Authority")
    page.fill("#filter-date_from", "2024-01-01")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#documents")
    first_rows = page.locator("#documents tbody tr").count()
    assert first_rows == 25  # a full page: there is a next one
    page.click("#pager-next")
    page.wait_for_selector("#pager-previous")
    query = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
    assert query == {"technique": "Appeal_to_Authority", "date_from": "2024-01-01", "page_no": "2"}
    assert page.input_value("#filter-technique") == "Appeal_to_Authority"
    assert page.input_value("#filter-date_from") == "2024-01-01"
    techniques = page.locator("#documents tbody td.num").all_inner_texts()[::2]
    assert techniques and all(t.isdigit() and int(t) >= 1 for t in techniques)
    _shot(page, "reader-documents-page-2")


def test_web_browser_upload_over_the_limit_shows_the_error_page(browser) -> None:  # noqa: ANN001
    url, srv = serve_in_thread(create_app(WebSettings(rate_per_minute=0, max_body_bytes=20_000)))
    context = browser.new_context(viewport={"width": 1100, "height": 700})
    pg = context.new_page()
    try:
        pg.goto(url + "/")
        pg.set_input_files("input[type=file]", files=[{"name": "big.txt", "mimeType": "text/plain",
                                                        "buffer": b"A long article. " * 4000}])
        with pg.expect_response(lambda r: r.url.endswith("/analyze")) as response:
            pg.click("#analyze-button")
        assert response.value.status == 413
        message = pg.locator("#error-message")
        message.wait_for()
        assert "20,000-byte limit" in message.inner_text()
        assert "payload_too_large" not in pg.content()
        _shot(pg, "reader-upload-over-limit")
    finally:
        context.close()
        srv.should_exit = True


@pytest.mark.parametrize("which", ["analyse", "document", "dashboard", "report"])
def test_web_browser_axe_finds_no_serious_issue(which: str, analysed, page, server: str,  # noqa: ANN001
                                                store: Store, example_doc) -> None:
    if which == "analyse":
        pg = analysed
    elif which == "report":  # the standalone HTML report
        from unspin.report import render_html

        pg = page
        pg.set_content(render_html(example_doc))
    else:
        pg = page
        target = f"/documents/{store.documents(limit=1)[0].id}" if which == "document" else "/dashboard"
        pg.goto(server + target)
    findings = _axe_findings(pg)
    assert _serious(findings) == [], _serious(findings)
    assert not [f for f in findings if f["id"] == "color-contrast"]  # text keeps >= 4.5:1 everywhere
