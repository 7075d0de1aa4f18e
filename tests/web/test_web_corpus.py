"""Corpus pages and API over a real store (SQLite in a temp folder), in process and in the browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from unspin import Analyzer, Document
from unspin.document import TechniqueSpan
from unspin.store import Filters, Store
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


@pytest.fixture(scope="module")
def paged_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """30 untitled documents by hand (no model): 27 from "ledger" with loaded language, in two months."""
    s = Store.open(tmp_path_factory.mktemp("paged") / "corpus.db")
    docs = []
    for n in range(30):
        text = f"Untitled piece number {n} opens here\n\nA shameful, reckless plan was signed, officials said.\n"
        doc = Document.from_text(text, path=f"p{n}.txt")
        doc.title = None
        start = text.index("shameful")
        if n < 27:
            doc.persuasion = [TechniqueSpan(start, start + 8, technique="Loaded_Language", score=0.8),
                              TechniqueSpan(start + 10, start + 18, technique="Loaded_Language", score=0.7)]
        doc.layers = ["structure", "persuasion"]
        docs.append(doc)
    s.save(docs)
    with s.db.transaction():  # sources and dates as a batch would give them
        s.db.execute("UPDATE documents SET source = 'ledger', published = '2024-0' || (1 + pk % 2) || '-10', "
                     "month = '2024-0' || (1 + pk % 2)")
    yield s
    s.close()


def test_web_corpus_list_counts_techniques_and_titles_untitled_by_first_line(paged_store: Store) -> None:
    """Regressions: the techniques column was always blank; untitled documents were listed under their hash."""
    import re

    client = TestClient(create_app(WebSettings(rate_per_minute=0), store=paged_store))
    html = client.get("/documents", params={"technique": "Loaded_Language"}).text
    rows = re.findall(r"<tr><td><a href=\"/documents/(\w+)\">(.*?)</a>.*?<td class=\"num\">(\d*)</td>", html, re.S)
    assert len(rows) == 25
    for doc_id, title, n in rows:
        assert "Untitled piece number" in title and doc_id[:12] not in title
        assert n == "2"


def test_web_corpus_pager_keeps_every_filter(paged_store: Store) -> None:
    """Regression: previous/next kept only ``q`` and dropped technique, frame, entity, source and dates."""
    import html as htmlmod
    import re
    from urllib.parse import parse_qs, urlsplit

    client = TestClient(create_app(WebSettings(rate_per_minute=0), store=paged_store))
    params = {"technique": "Loaded_Language", "source": "ledger", "date_from": "2024-01-01", "date_to": "2024-12-31"}
    first = client.get("/documents", params=params).text
    found = re.search(r'<a href="([^"]+)" id="pager-next">', first)
    assert found is not None
    next_href = htmlmod.unescape(found.group(1))
    query = parse_qs(urlsplit(next_href).query)
    assert {k: v[0] for k, v in query.items()} == {**params, "page_no": "2"}
    second = client.get("/documents" + next_href).text
    assert second.count('<td class="num">2</td>') == 2  # 27 matches: 25 on page 1, the rest here
    found = re.search(r'<a href="([^"]+)" id="pager-previous">', second)
    assert found is not None
    prev_href = htmlmod.unescape(found.group(1))
    assert {k: v[0] for k, v in parse_qs(urlsplit(prev_href).query).items()} == {**params, "page_no": "1"}


@pytest.mark.parametrize(("path", "status"), [("/documents/doesnotexist", 404), ("/no-such-page", 404),
                                              ("/documents?page_no=0", 422)])
def test_web_page_errors_are_html_and_api_errors_json(paged_store: Store, path: str, status: int) -> None:
    client = TestClient(create_app(WebSettings(rate_per_minute=0), store=paged_store))
    r = client.get(path)
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    assert 'id="error-message"' in r.text
    api = client.get("/api" + "/v1/documents/doesnotexist")
    assert api.status_code == 404 and api.json()["error"]


def test_web_dashboard_charts_have_titles_axes_and_how_to_read(tmp_path: Path) -> None:
    """Regression: "Techniques over time" and "by source" were bar lists of "— · Loaded_Language" rows."""
    from unspin_testing import synthetic_corpus

    s = Store.open(tmp_path / "c.db")
    s.save(synthetic_corpus())
    html = TestClient(create_app(WebSettings(rate_per_minute=0), store=s)).get("/dashboard").text
    s.close()
    sections = re.findall(r'<section class="chart" id="chart-([\w-]+)".*?</section>', html, re.S)
    assert {"techniques-by-month", "techniques-by-source", "genres-by-source", "frames-by-source",
            "entities"} <= set(sections)
    for block in re.findall(r'<section class="chart".*?</section>', html, re.S):
        assert "<h2" in block and "How to read this:" in block
    month = html.split('id="chart-techniques-by-month"', 1)[1].split("</section>", 1)[0]
    assert "<polyline" in month and "undated documents left out" in month and "— ·" not in html
    assert "Loaded_Language" not in html and "SemEval-2023" in html



@pytest.mark.parametrize("spelling", ["Loaded_Language", "loaded language", "Loaded-Language"])
def test_web_corpus_filters_take_any_spelling_of_a_label(paged_store: Store, spelling: str) -> None:
    client = TestClient(create_app(WebSettings(rate_per_minute=0), store=paged_store))
    items = client.get("/api/v1/documents", params={"technique": spelling, "limit": 100}).json()["items"]
    assert len(items) == 27 and all(i["n_persuasion"] == 2 for i in items)


@pytest.fixture(scope="module")
def cast_client() -> Iterator[TestClient]:
    from unspin_testing import cast_corpus

    s = Store.open(":memory:")
    s.save(cast_corpus())
    yield TestClient(create_app(WebSettings(rate_per_minute=0), store=s))
    s.close()


def test_web_api_framing_and_role_filter(cast_client: TestClient) -> None:
    store = cast_client.app.state.store  # type: ignore[attr-defined]
    framing = cast_client.get("/api/v1/framing", params={"entity": "Russia", "by": "source"})
    assert framing.status_code == 200 and framing.json() == store.framing("Russia", "source").to_dict()
    assert cast_client.get("/api/v1/framing", params={"entity": "Atlantis"}).status_code == 400
    listed = cast_client.get("/api/v1/documents", params={"role": "Antagonist", "entity": "RU", "limit": 500})
    expected = {d.id for d in store.documents(Filters(role="antagonist", entity="RU"), limit=500)}
    assert listed.status_code == 200 and {i["id"] for i in listed.json()["items"]} == expected and expected
    found = cast_client.get("/api/v1/search", params={"q": "talks", "role": "victim", "limit": 500})
    assert found.status_code == 200 and found.json()["items"]
    typo = cast_client.get("/api/v1/documents", params={"role": "antagonsit"})
    assert typo.status_code == 400 and "did you mean antagonist" in typo.json()["detail"]


def test_web_dashboard_entity_framing_section(cast_client: TestClient) -> None:
    html = cast_client.get("/dashboard", params={"entity": "PK", "by": "month"}).text
    section = html.split('id="entity-framing"', 1)[1].split("</section>", 1)[0]
    assert "Entity framing: Pakistan" in section and '<option value="PK" selected>' in section
    assert '<option value="month" selected>' in section and 'id="chart-entity-framing"' in section
    assert 'class="legend-label">not cast</text>' in section and 'id="chart-entity-fine-roles"' in section
    empty = TestClient(create_app(WebSettings(rate_per_minute=0), store=Store.open(":memory:"))).get("/dashboard")
    assert "No stored document casts an entity yet" in empty.text
