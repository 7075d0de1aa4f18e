"""schemathesis against the served OpenAPI spec: generated requests never get a 5xx."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from unspin import Analyzer, Document
from unspin.store import Store
from unspin.web import WebSettings, create_app

# A store with a document in it, so the corpus endpoints are exercised too (not just their 404).
_STORE = Store.open(":memory:")
_STORE.save([Analyzer(["structure", "language", "entities"])(
    Document.from_text("Oil Deal Signed\n\nPakistan and Russia signed an oil deal on May 19, 2023.\n"))])
APP = create_app(WebSettings(rate_per_minute=0, analysis_timeout=30, token="t0ken"), store=_STORE)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_web_api_never_answers_5xx(case) -> None:  # noqa: ANN001
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.path} → {response.status_code}: {response.text[:300]}"
    content_type = response.headers["content-type"]
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    assert content_type.startswith(("application/json", "text/html"))
