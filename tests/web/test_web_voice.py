"""Quotes and voice over HTTP, in process (no browser, no model): the quotes API, the stats fields, and the
server-rendered toggles on a stored document's page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from unspin.store import Entry, Store
from unspin.web import WebSettings, create_app
from unspin_testing import voice_quotes_doc


@pytest.fixture
def client() -> TestClient:
    store = Store.open(":memory:")
    store.save([Entry(voice_quotes_doc(), source="wire", published="2024-01-05")])
    return TestClient(create_app(WebSettings(rate_per_minute=0), store=store))


@pytest.mark.parametrize(("speaker", "n"), [("person:amina-qureshi", 2), ("qureshi", 2), ("anonymous", 1),
                                            ("nobody", 0)])
def test_web_quotes_api_by_speaker(client: TestClient, speaker: str, n: int) -> None:
    r = client.get("/api/v1/quotes", params={"speaker": speaker})
    assert r.status_code == 200 and len(r.json()["items"]) == n
    for item in r.json()["items"]:
        assert item["document"]["source"] == "wire" and item["content"]


def test_web_quotes_api_words_filters_and_bad_input(client: TestClient) -> None:
    items = client.get("/api/v1/quotes", params={"speaker": "Qureshi", "q": "everything"}).json()["items"]
    assert [i["content"] for i in items] == ['the deal would "change everything"']
    assert client.get("/api/v1/quotes", params={"source": "ledger"}).json()["items"] == []
    r = client.get("/api/v1/quotes", params={"speaker": "   "})
    assert r.status_code == 400 and r.json()["error"] == "StoreError"


def test_web_stats_api_has_voice_fields(client: TestClient) -> None:
    wire = client.get("/api/v1/stats", params={"by": "source"}).json()["groups"][0]
    assert wire["voice"]["comment"] == pytest.approx(0.2) and wire["anonymous_rate"] == pytest.approx(1 / 3)
    assert wire["top_speakers"][0]["name"] == "Amina Qureshi"


def test_web_document_page_has_the_voice_toggles(client: TestClient) -> None:
    doc_id = voice_quotes_doc().source.sha256
    html = client.get(f"/documents/{doc_id}").text
    for layer in ("quotes", "voice", "subjectivity"):
        assert f'id="show-{layer}"' in html
    assert 'title="said by Amina Qureshi"' in html and 'title="anonymous source (Officials)"' in html
    assert 'id="card-voice"' in html and 'id="speakers"' in html
    dashboard = client.get("/dashboard").text
    assert 'id="chart-voice-by-source"' in dashboard and 'id="chart-speakers"' in dashboard
    assert "Amina Qureshi" in dashboard.split('id="chart-speakers"', 1)[1]


def test_web_quotes_page_lists_what_a_speaker_said_and_links_the_quote(client: TestClient) -> None:
    html = client.get("/quotes", params={"speaker": "Qureshi"}).text
    doc_id = voice_quotes_doc().source.sha256
    assert f'href="/documents/{doc_id}#quote-1">We are ready to sign,</a>' in html
    assert f'href="/documents/{doc_id}#quote-3">the deal would &#34;change everything&#34;</a>' in html
    assert "the price had not been agreed" not in html and 'href="/quotes"' in html  # the nav links the page
    anonymous = client.get("/quotes", params={"speaker": "anonymous"}).text
    assert "anonymous source (Officials)" in anonymous and "We are ready" not in anonymous
    assert "No quotes match." in client.get("/quotes", params={"speaker": "nobody"}).text
    assert client.get("/quotes").text.count("<tr><td><a href=") == 3  # no speaker: every quote
