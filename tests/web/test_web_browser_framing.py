"""Entity roles and narratives as a reader sees them, in Debian's headless Chromium (Playwright) against a real
server over a small store with roles: the dashboard's "entity framing" chart (its bars, parts, labels and the form
that picks another entity), a stored document's role table, mention tooltips and narratives, and an axe pass."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from unspin.store import Store
from unspin.web import WebSettings, create_app
from unspin_testing import SCREENSHOTS, cast_corpus, serve_in_thread

pytestmark = pytest.mark.slow  # a real server and Chromium

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    s = Store.open(":memory:")
    s.save(cast_corpus())
    yield s
    s.close()


@pytest.fixture(scope="module")
def server(store: Store) -> Iterator[str]:
    url, srv = serve_in_thread(create_app(WebSettings(rate_per_minute=0), store=store))
    yield url
    srv.should_exit = True


@pytest.fixture()
def page(browser):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)  # axe is injected
    pg = context.new_page()
    yield pg
    context.close()


def _shot(pg, name: str) -> None:  # noqa: ANN001
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_web_browser_dashboard_entity_framing_chart(page, server: str, store: Store) -> None:  # noqa: ANN001
    page.goto(server + "/dashboard")
    section = page.locator("#entity-framing")
    section.scroll_into_view_if_needed()
    # By default the entity cast most often, by source, drawn from the same numbers as `unspin stats --entity`.
    top_id, top_name, _ = store.framed_entities()[0]
    framing = store.framing(top_id, "source")
    assert page.inner_text("#entity-framing-title") == f"Entity framing: {top_name}"
    assert page.locator("#framing-entity").input_value() == top_id
    chart = page.locator("#chart-entity-framing svg")
    assert chart.is_visible()
    bars = page.locator("#chart-entity-framing svg g.bar")
    drawn = [g for g in framing.groups if g.mentions]
    assert bars.count() == len(drawn)
    # The legend names every part in words: the chart reads without colour.
    legend = page.locator("#chart-entity-framing svg text.legend-label").all_text_contents()
    assert legend == ["protagonist", "antagonist", "innocent", "not cast"]
    rows = page.locator("#chart-entity-framing svg g.bar").evaluate_all("gs => gs.map(g => g.dataset.row)")
    assert set(rows) == {g.group for g in drawn}
    # Each part is as wide as its share of the row's mentions, and its tooltip says the share and the count.
    first = max(drawn, key=lambda g: g.mentions)
    parts = page.locator(f'#chart-entity-framing svg g.bar[data-row="{first.group}"] rect.part')
    widths = {p.get_attribute("data-part"): p.bounding_box()["width"] for p in parts.all()}
    total = sum(widths.values())
    for role, name in (("protagonist", "protagonist"), ("antagonist", "antagonist"), ("innocent", "innocent"),
                       ("none", "not cast")):
        assert widths.get(name, 0.0) / total == pytest.approx(first.shares[role], abs=0.01), name
    tip = parts.first.locator("title").text_content() or ""
    assert tip.startswith(f"{first.group} · ") and re.search(rf": \d+% \(\d+ of {first.mentions} mentions\)$", tip)
    assert page.locator("#chart-entity-fine-roles svg g.cell").count() > 0
    _shot(page, "framing-dashboard")

    # Another entity, by month, through the form.
    page.select_option("#framing-entity", "RU")
    page.select_option("#framing-by", "month")
    page.click("#framing-show")
    page.wait_for_url(re.compile(r"entity=RU&by=month"))
    assert page.inner_text("#entity-framing-title") == "Entity framing: Russia"
    months = page.locator("#chart-entity-framing svg g.bar").evaluate_all("gs => gs.map(g => g.dataset.row)")
    expected = [g.group or "undated" for g in store.framing("RU", "month").groups if g.mentions]
    assert months == expected and "2024-01" in months
    _shot(page, "framing-dashboard-month")

    # An entity the store does not hold: a message in the section, never an error page.
    page.goto(server + "/dashboard?entity=Atlantis")
    assert "no stored document names 'Atlantis'" in page.inner_text("#framing-message")


def test_web_browser_document_roles_table_tooltip_and_narratives(page, server: str,  # noqa: ANN001
                                                                  store: Store) -> None:
    doc_id = next(s.id for s in store.documents(limit=100) if store.get(s.id).roles and store.get(s.id).narratives)
    doc = store.get(doc_id)
    page.goto(f"{server}/documents/{doc_id}")
    table = page.locator("#entity-roles")
    assert table.is_visible()
    first = doc.roles[0]
    row = page.locator(f'#entity-roles tr[data-entity="{first.id}"]')
    assert first.main.capitalize() in row.inner_text()  # the role in words, beside its colour
    cast = next(e for e in doc.entities if e.role is not None)
    mark = page.locator(f".article .role-{cast.role.main}").first  # type: ignore[union-attr]
    assert mark.evaluate("e => getComputedStyle(e).borderTopStyle") in ("solid", "double", "dashed")
    page.uncheck("#show-roles")
    assert mark.evaluate("e => getComputedStyle(e).borderTopStyle") == "none"
    page.check("#show-roles")
    mark.hover()
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert f"role: {cast.role.main.capitalize()}" in text  # type: ignore[union-attr]
    assert doc.text[cast.role.sentence.start:cast.role.sentence.end][:30] in text  # type: ignore[union-attr]
    narratives = page.inner_text("#card-narratives")
    assert f"{doc.narratives[0].score:.2f}" in narratives
    _shot(page, "framing-document")


@pytest.mark.parametrize("target", ["dashboard", "document"])
def test_web_browser_framing_pages_pass_axe(page, server: str, store: Store, target: str) -> None:  # noqa: ANN001
    doc_id = next(s.id for s in store.documents(limit=100) if store.get(s.id).roles)
    page.goto(server + ("/dashboard" if target == "dashboard" else f"/documents/{doc_id}"))
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    serious = [{"id": f["id"], "nodes": [n["target"] for n in f["nodes"]][:3]} for f in result
               if f["impact"] in ("serious", "critical")]
    assert serious == []
