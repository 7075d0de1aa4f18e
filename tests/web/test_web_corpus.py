"""Corpus pages and API over a real store (SQLite in a temp folder), in process and in the browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from unspin import Analyzer, Document
from unspin.store import Store
from unspin.web import WebSettings, create_app
from unspin_testing import SCREENSHOTS, serve_in_thread

pytestmark = pytest.mark.slow  # the module's store is filled by full analyses (models); one test drives Chromium

ARTICLES = {
    "oil": "Oil Deal Signed\n\nPakistan and Russia signed an oil deal on May 19, 2023, officials said.\n",
    "rain": "Floods in Lagos\n\nHeavy rain flooded Lagos on 3 March 2024, the emergency agency said.\n",
    "vote": "Budget Vote\n\nThe parliament of India delayed its budget vote until March 2025.\n",
}
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store.open(tmp_path_factory.mktemp("db") / "corpus.db")
    analyzer = Analyzer(["structure", "language", "entities"])
    s.save([analyzer(Document.from_text(text, path=f"{name}.txt")) for name, text in ARTICLES.items()])
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(WebSettings(rate_per_minute=0, token=TOKEN,
                                             layers=("structure", "language", "entities")), store=store))


def test_web_corpus_lists_searches_and_reads_documents(client: TestClient) -> None:
    items = client.get("/api/v1/documents").json()["items"]
    assert len(items) == 3
    hits = client.get("/api/v1/search", params={"q": "oil"}).json()["items"]
    assert [h["title"] for h in hits] == ["Oil Deal Signed"] and "[oil]" in hits[0]["snippet"].lower()
    doc = client.get(f"/api/v1/documents/{hits[0]['id']}").json()
    assert doc["schema"] == "unspin/document@1" and "Pakistan" in doc["text"]
    assert client.get("/api/v1/documents/doesnotexist").status_code == 404
    filtered = client.get("/api/v1/documents", params={"entity": "IN"}).json()["items"]
    assert [i["title"] for i in filtered] == ["Budget Vote"]


def test_web_corpus_stats(client: TestClient) -> None:
    stats = client.get("/api/v1/stats").json()
    assert stats["groups"][0]["documents"] == 3
    by_month = client.get("/api/v1/stats", params={"by": "month"}).json()
    assert by_month["by"] == "month"


def test_web_corpus_writes_need_the_token(client: TestClient) -> None:
    body = {"text": "Ferry Strike\n\nFerry workers in Lisbon went on strike on Monday, the union said.\n"}
    assert client.post("/api/v1/documents", json=body).status_code == 403
    assert client.post("/api/v1/documents", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 403
    r = client.post("/api/v1/documents", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201
    assert client.get(f"/api/v1/documents/{r.json()['id']}").status_code == 200


def test_web_corpus_dashboard_renders_charts(client: TestClient) -> None:
    r = client.get("/dashboard")
    assert r.status_code == 200 and "<svg" in r.text and 'id="chart-entities"' in r.text


def test_web_browser_search_the_corpus(browser, store: Store, tmp_path: Path) -> None:  # noqa: ANN001
    url, server = serve_in_thread(create_app(WebSettings(rate_per_minute=0), store=store))
    page = browser.new_page()
    try:
        page.goto(url + "/documents")
        assert page.locator("#documents tbody tr").count() >= 3
        page.fill("#search-q", "Lagos")
        page.click("#search-form button")
        page.wait_for_url("**/documents?q=Lagos*")
        rows = page.locator("#documents tbody tr")
        assert rows.count() == 1 and "Floods in Lagos" in rows.inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "corpus-search.png"), full_page=True)
        page.click("text=Floods in Lagos")
        page.wait_for_selector(".article")
        page.screenshot(path=str(SCREENSHOTS / "corpus-document.png"), full_page=True)
        page.goto(url + "/dashboard")
        assert page.locator("section.chart svg").count() >= 1
        page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
    finally:
        page.close()
        server.should_exit = True
