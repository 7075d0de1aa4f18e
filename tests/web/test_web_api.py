"""The HTTP API over the app in process (the TestClient drives the ASGI app, no socket)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import jsonschema
import pytest
from fastapi.testclient import TestClient

from unspin.errors import InputError
from unspin.report import load_schema
from unspin.web import WebSettings, create_app
from unspin.web.guards import RateLimiter, check_url


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(WebSettings(rate_per_minute=0)))


@pytest.mark.slow
def test_web_analyze_returns_a_valid_document(client: TestClient, example_path: Path) -> None:
    r = client.post("/api/v1/analyze", json={"text": example_path.read_text()})
    assert r.status_code == 200
    body = r.json()
    jsonschema.validate(body, load_schema())
    assert [s["label"] for s in body["sections"]][:2] == ["News", "Comment"]


@pytest.mark.slow
def test_web_analyze_html_format_is_the_standalone_report(client: TestClient) -> None:
    r = client.post("/api/v1/analyze?format=html", json={"text": "Headline\n\nIt rained in Lisbon on Monday.\n"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.text.startswith("<!doctype html>")


def test_web_analyze_html_input_extracts_main_text(client: TestClient) -> None:
    html = ("<html><body><nav>Home</nav><article><h1>Rain</h1><p>It rained heavily in Lisbon on Monday, "
            "the weather service said in a statement.</p></article></body></html>")
    r = client.post("/api/v1/analyze", json={"html": html, "layers": ["structure"]})
    assert r.status_code == 200
    assert r.json()["title"]["text"] == "Rain"


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"text": ""}, 400, "InputError"),
        ({"text": "   \n"}, 400, "InputError"),
        ({}, 422, "invalid_request"),
        ({"text": "a", "url": "https://example.org"}, 422, "invalid_request"),
        ({"url": "ftp://example.org/x"}, 400, "InputError"),
        ({"url": "http://127.0.0.1:9/x"}, 400, "InputError"),
        ({"url": "http://[::1]/x"}, 400, "InputError"),
        ({"text": "x", "layers": ["bogus"]}, 400, "ConfigError"),
    ],
)
def test_web_bad_requests_get_json_errors(client: TestClient, body: dict, status: int, error: str) -> None:
    r = client.post("/api/v1/analyze", json=body)
    assert r.status_code == status, r.text
    assert r.json()["error"] == error and r.json()["detail"]


def test_web_oversized_body_is_413() -> None:
    small = TestClient(create_app(WebSettings(max_body_bytes=1000, rate_per_minute=0)))
    r = small.post("/api/v1/analyze", json={"text": "word " * 1000})
    assert r.status_code == 413 and r.json()["error"] == "payload_too_large"


def test_web_input_over_the_ingest_limit_is_413_from_the_error_class(tmp_path: Path) -> None:
    """Under the body cap but over [ingest] max_bytes: the InputTooLarge the library raises becomes 413."""
    config = tmp_path / "tiny.toml"
    config.write_text("[ingest]\nmax_bytes = 100\n", encoding="utf-8")
    app = create_app(WebSettings(rate_per_minute=0, config_file=str(config), layers=("structure",)))
    r = TestClient(app).post("/api/v1/analyze", json={"text": "word " * 100})
    assert r.status_code == 413 and r.json()["error"] == "InputTooLarge" and "limit" in r.json()["detail"]


def test_web_rate_limit_answers_429_with_retry_after() -> None:
    limited = TestClient(create_app(WebSettings(rate_per_minute=60, rate_burst=2)))
    codes = [limited.post("/api/v1/analyze", json={"text": ""}).status_code for _ in range(4)]
    assert codes[:2] == [400, 400] and codes[2:] == [429, 429]
    r = limited.post("/api/v1/analyze", json={"text": ""})
    assert int(r.headers["retry-after"]) >= 1


def test_web_rate_limiter_refills_over_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.web.guards as guards

    now = [1000.0]
    monkeypatch.setattr(guards.time, "monotonic", lambda: now[0])
    limiter = RateLimiter(rate_per_minute=60, burst=1)
    assert limiter.allow("a")[0] and not limiter.allow("a")[0]
    assert limiter.allow("b")[0]  # per client
    now[0] += 1.0
    assert limiter.allow("a")[0]


@pytest.mark.parametrize("url", ["http://localhost/x", "http://10.0.0.1/x", "http://169.254.169.254/latest",
                                 "http://192.168.1.1/", "http://[::1]:8000/"])
def test_web_url_guard_refuses_private_addresses(url: str) -> None:
    with pytest.raises(InputError, match="private or loopback"):
        check_url(url, allow_private=False)
    check_url(url, allow_private=True)  # the operator may allow it


def test_web_url_fetch_goes_through_the_transport() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="Headline\n\nA fact about Lisbon, reported on Monday.\n",
                              headers={"content-type": "text/plain"})

    app = create_app(WebSettings(allow_private_urls=True, rate_per_minute=0), transport=httpx.MockTransport(handler))
    r = TestClient(app).post("/api/v1/analyze", json={"url": "http://news.test/a", "layers": ["structure"]})
    assert r.status_code == 200 and r.json()["source"]["url"] == "http://news.test/a"


@pytest.mark.slow
def test_web_pages_escape_article_text(client: TestClient) -> None:
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))'
    r = client.post("/analyze", data={"text": f"# {hostile}\n\n{hostile}\n"})
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]


@pytest.mark.slow
def test_web_result_downloads(client: TestClient, example_path: Path) -> None:
    r = client.post("/analyze", data={"text": example_path.read_text()})
    key = r.text.split('href="/results/', 1)[1].split(".json", 1)[0]
    doc = client.get(f"/results/{key}.json")
    assert doc.status_code == 200 and json.loads(doc.text)["schema"] == "unspin/document@1"
    assert client.get(f"/results/{key}.html").text.startswith("<!doctype html>")
    assert client.get("/results/nope.json").status_code == 400


def test_web_corpus_routes_say_when_no_store_is_open(client: TestClient) -> None:
    r = client.get("/api/v1/documents")
    assert r.status_code == 404 and r.json()["error"] == "no_store"


def test_web_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/analyze", "/api/v1/documents", "/api/v1/documents/{doc_id}", "/api/v1/stats",
            "/api/v1/search"} <= set(spec["paths"])


def test_web_analysis_timeout_is_a_clear_4xx() -> None:
    slow = TestClient(create_app(WebSettings(rate_per_minute=0, analysis_timeout=0.001)))
    r = slow.post("/api/v1/analyze", json={"text": "Headline\n\n" + "A sentence about Lisbon. " * 400})
    assert r.status_code == 400 and "took longer" in r.json()["detail"]


def test_web_documents_offset_beyond_64_bits_is_a_client_error(client: TestClient) -> None:
    # Found by schemathesis: an offset of 2**63 overflowed the SQLite driver and answered 500.
    r = client.get("/api/v1/documents", params={"offset": 2**63, "limit": 1})
    assert 400 <= r.status_code < 500, r.text
    assert client.get("/documents", params={"page_no": 2**63}).status_code < 500


@pytest.mark.slow
def test_web_result_page_colours_techniques_as_the_report_does(client: TestClient, example_path: Path) -> None:
    from unspin import labels
    from unspin.report.html import colour

    r = client.post("/analyze", data={"text": example_path.read_text()})
    key = r.text.split('href="/results/', 1)[1].split(".json", 1)[0]
    techniques = {p["technique"] for p in client.get(f"/results/{key}.json").json()["persuasion"]}
    assert techniques
    for t in techniques:  # the page shares the report's partials: legend swatch and highlight in one colour
        assert f'background: {colour(t)}"></span><strong>{labels.name("technique", t)}</strong>' in r.text
        assert f"{{ background: {colour(t)}; }}" in r.text


def test_web_accuracy_page_lists_each_layer_with_its_figures(client: TestClient) -> None:
    from unspin.report.accuracy import accuracy

    r = client.get("/accuracy")
    assert r.status_code == 200
    for acc in accuracy().values():
        assert f'id="{acc.anchor}"' in r.text
        assert acc.figures[0].value in r.text
    assert 'href="/accuracy"' in client.get("/").text


@pytest.mark.slow
def test_web_result_page_links_layer_toggles_to_the_accuracy_page(client: TestClient) -> None:
    text = ("These corrupt, treacherous politicians have betrayed every decent family in this country. "
            "The radical leftist thugs will stop at nothing to destroy our way of life.")
    r = client.post("/analyze", data={"text": text})
    assert r.status_code == 200
    assert 'href="/accuracy#accuracy-persuasion"' in r.text


def test_web_upload_over_the_limit_is_the_error_page() -> None:
    """Regression: a file over the limit showed raw JSON (payload_too_large); the API still answers JSON."""
    small = TestClient(create_app(WebSettings(max_body_bytes=1000, rate_per_minute=0)))
    r = small.post("/analyze", files={"file": ("big.txt", b"word " * 1000, "text/plain")})
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert 'id="error-message"' in r.text and "1,000-byte limit" in r.text
    assert small.post("/api/v1/analyze", json={"text": "word " * 1000}).json()["error"] == "payload_too_large"
