"""The roles and narratives layers in the HTML report, the web pages' partials and the terminal summary, on
hand-built Documents (the models are not the subject here)."""

from __future__ import annotations

import html as htmlmod
import re

import pytest

from unspin import Document
from unspin.document import Entity, EntityRole, Genre, MentionRole, Narrative, Sentence, Span
from unspin.report import render_html, render_text
from unspin.report.accuracy import Figure, LayerAccuracy

TOP = "URW: Blaming the war on others rather than the invader"
SUB = "URW: Blaming the war on others rather than the invader: The West are the aggressors"
HOSTILE = '<img src=x onerror="window.__pwned=1">'


def cast_doc(*, cast: bool = True) -> Document:
    text = (f"Russia {HOSTILE} shelled Kharkiv again, and Ukraine's villagers suffered.\n\n"
            "NATO pledged to defend Ukraine against Russia.\n")
    doc = Document.from_text(text, path="cast.md")
    cut = text.index("\n\n")
    doc.sentences = [Sentence(0, cut), Sentence(cut + 2, len(text) - 1)]

    def mention(word: str, nth: int, label: str, ent_id: str, role: tuple[str, float, list[str]] | None) -> Entity:
        at = -1
        for _ in range(nth + 1):
            at = text.index(word, at + 1)
        sentence = next(s for s in doc.sentences if s.start <= at < s.end)
        made = MentionRole(role[0], role[1], role[2], {f: 0.7 for f in role[2]}, Span(sentence.start, sentence.end)) \
            if role and cast else None
        return Entity(at, at + len(word), word, label, ent_id, made)

    doc.entities = [mention("Russia", 0, "GPE", "RU", ("antagonist", 0.91, ["Instigator", "Foreign Adversary"])),
                    mention("Ukraine", 0, "GPE", "UA", ("innocent", 0.8, ["Victim"])),
                    mention("NATO", 0, "ORG", "org:nato", ("protagonist", 0.66, ["Guardian"])),
                    mention("Ukraine", 1, "GPE", "UA", None),
                    mention("Russia", 1, "GPE", "RU", ("antagonist", 0.75, ["Foreign Adversary"]))]
    if cast:
        doc.roles = [EntityRole("RU", "antagonist", 0.88, ["Foreign Adversary", "Instigator"], 2),
                     EntityRole("UA", "innocent", 0.8, ["Victim"], 1),
                     EntityRole("org:nato", "protagonist", 0.66, ["Guardian"], 1)]
        doc.narratives = [Narrative(TOP, 0.71), Narrative(SUB, 0.55, parent=TOP)]
    doc.genre = Genre("reporting", {"reporting": 0.8})
    doc.language = "en"
    doc.layers = ["structure", "entities", "genre", "roles", "narratives"]
    doc.check_offsets()
    return doc


def _section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_report_roles_entity_table_names_each_role_in_words_and_colour() -> None:
    html = render_html(cast_doc())
    table = _section(html, 'id="entity-roles"', "</table>")
    rows = re.findall(r'<tr data-entity="([^"]+)" data-role="(\w+)">(.*?)</tr>', table, re.S)
    assert [(ent, role) for ent, role, _ in rows] == [("RU", "antagonist"), ("UA", "innocent"),
                                                       ("org:nato", "protagonist")]
    russia = rows[0][2]
    assert ">Antagonist</span>" in russia and "0.88" in russia and "2 of 2" in russia  # the role in words too
    assert 'class="role-tag role-tag-antagonist"' in russia and "role-tag-antagonist { border-left: .5rem solid " \
        "#d55e00; }" in html
    # Fine roles with the catalogue's names and their definitions on hover.
    fine = dict(re.findall(r'<span class="fine-role" title="([^"]+)">([^<]+)</span>', russia))
    assert set(fine.values()) == {"Foreign Adversary", "Instigator"}
    assert all(len(definition) > 20 for definition in fine)
    assert "1 of 2" in rows[1][2]  # Ukraine: one of its two mentions is cast


def test_report_roles_mention_tooltip_shows_role_score_and_escaped_sentence() -> None:
    html = render_html(cast_doc())
    spans = re.findall(r'<span class="([^"]*role role-(\w+)[^"]*)" title="([^"]*)">([^<]*)</span>', html)
    by_text: dict[tuple[str, str], str] = {}
    for _, role, tip, text in spans:  # the first mention of each
        by_text.setdefault((text, role), tip)
    tip = htmlmod.unescape(by_text[("Russia", "antagonist")])
    assert "role: Antagonist (0.91)" in tip and "Instigator (0.70)" in tip
    assert f"in: “Russia {HOSTILE} shelled Kharkiv again" in tip  # the carrying sentence, as written
    assert "<img" not in html and "&lt;img src=x" in html  # ... and every byte of it escaped
    assert ("Ukraine", "innocent") in by_text and ("NATO", "protagonist") in by_text
    assert '<input type="checkbox" id="show-roles" checked>' in html
    assert "body:has(#show-roles:checked) main .role-antagonist { border-top: 3px double #d55e00; }" in html
    assert 'id="legend-roles"' in html


def test_report_narratives_under_the_genre_with_scores_and_explanations() -> None:
    html = render_html(cast_doc())
    card = _section(html, 'id="card"', "</section>")
    assert card.index('id="card-genre"') < card.index('id="card-narratives"') < card.index('id="card-techniques"')
    narratives = _section(card, 'id="card-narratives"', "</dd>")
    top = re.search(r'<li class="narrative" data-label="([^"]+)"><strong>([^<]+)</strong> <small class="score">'
                    r'([\d.]+)</small><br><span class="why">([^<]+)</span>', narratives)
    assert top and htmlmod.unescape(top.group(1)) == TOP and top.group(2) == "Blaming the war on others"
    assert top.group(3) == "0.71" and "Russia" in htmlmod.unescape(top.group(4))
    sub = re.search(r'<li class="subnarrative" data-label="[^"]+">([^<]+) <small class="score">([\d.]+)</small>'
                    r'<br><span class="why">([^<]+)</span>', narratives)
    assert sub and sub.group(1) == "The West is the aggressor" and sub.group(2) == "0.55" and sub.group(3)
    roles_card = _section(card, 'id="card-roles"', "</dd>")
    assert "Russia: <span class=\"role-tag role-tag-antagonist\">antagonist</span>" in roles_card


def test_report_roles_how_accurate_links(monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.report.accuracy as accuracy_module

    def entry(layer: str) -> LayerAccuracy:
        return LayerAccuracy(layer, f"{layer} title", "data", (Figure("F1", "0.5 ± 0.1", "dev"),), "p", "g", "n", "c")

    monkeypatch.setattr(accuracy_module, "accuracy", lambda: {"roles": entry("roles"),
                                                              "narratives": entry("narratives")})
    html = render_html(cast_doc())
    assert re.search(r'id="show-roles" checked> roles \(how names are cast\)</label><a class="trust" '
                     r'href="#accuracy-roles"', html)
    assert '<a class="trust" href="#accuracy-narratives" title="F1: 0.5 ± 0.1 (dev)">how accurate?</a>' in html
    assert 'id="accuracy-roles"' in html and 'id="accuracy-narratives"' in html


def test_report_roles_layer_that_cast_no_one_says_so() -> None:
    html = render_html(cast_doc(cast=False))
    assert "no name cast as protagonist, antagonist or innocent" in html
    assert 'id="entity-roles"' not in html and 'id="show-roles"' not in html
    assert "none found" in _section(html, 'id="card-narratives"', "</dd>")


def test_report_without_the_layers_shows_none_of_it() -> None:
    doc = cast_doc(cast=False)
    doc.layers = ["structure", "entities", "genre"]
    html = render_html(doc)
    for needle in ("card-narratives", "card-roles", "entity-roles", "role-tag", "show-roles"):
        assert needle not in html, needle


def test_report_text_summary_lists_roles_and_narratives() -> None:
    out = render_text(cast_doc(), width=160)
    assert "Narratives" in out and "Blaming the war on others (0.71): " in out and "(0.55)" in out
    table = out.split("How the text casts its names", 1)[1]
    assert re.search(r"Russia \(RU\)\s+│ Antagonist\s+│ 0\.88\s+│ Foreign Adversary, Instigator\s+│ 2 of 2", table)
    assert re.search(r"Ukraine \(UA\)\s+│ Innocent", table)


def test_report_roles_matches_golden(request: pytest.FixtureRequest) -> None:
    """The whole report of a hand-built document with roles and narratives, pinned (rerun with --update-golden
    after reviewing a deliberate change; the catalogue's names and definitions are part of it)."""
    from pathlib import Path

    html = render_html(cast_doc())
    golden = Path(__file__).parent / "golden" / "roles-and-narratives.html"
    if request.config.getoption("--update-golden"):
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8"), "report changed: review, then rerun with --update-golden"


def test_report_roles_a_none_role_is_not_cast() -> None:
    """A mention the layer labels with the catalogue's "none" gets no mark, tooltip or table row."""
    doc = cast_doc()
    nato = next(e for e in doc.entities if e.id == "org:nato")
    assert nato.role is not None
    nato.role.main = "none"
    doc.roles = [r for r in doc.roles if r.id != "org:nato"] + [EntityRole("org:nato", "none", 0.5, [], 1)]
    html = render_html(doc)
    assert 'data-entity="org:nato"' not in html and "role-none" not in html
    assert 'data-entity="RU"' in html
