"""The report's quotes, voice and subjectivity: toggles, tints, hover titles, section voice shares, the quotes list,
escaping and the text summary, on a hand-built Document (no model runs)."""

from __future__ import annotations

import html as htmlmod
import json
import re
from pathlib import Path

import jsonschema
import pytest

from unspin import Document
from unspin.report import load_schema, render_html, render_text, to_json
from unspin.report.accuracy import Figure, LayerAccuracy
from unspin_testing import voice_quotes_doc

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = ' <script>alert(1)</script> "quotes" & <img src=x onerror="alert(2)"> </span></div>'


def _article(html: str) -> str:
    return html.split('<div class="article">', 1)[1].split("</div>\n</main>", 1)[0]


def test_report_voice_html_matches_golden(request: pytest.FixtureRequest) -> None:
    html = render_html(voice_quotes_doc())
    golden = GOLDEN / "voice-and-quotes.html"
    if request.config.getoption("--update-golden"):
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8"), "report changed: review, then rerun with --update-golden"


def test_report_voice_document_json_validates_and_round_trips() -> None:
    doc = voice_quotes_doc()
    data = json.loads(to_json(doc))
    jsonschema.validate(data, load_schema())
    assert Document.from_dict(data) == doc


def test_report_voice_toggles_and_tints_by_voice() -> None:
    html = render_html(voice_quotes_doc())
    for layer in ("quotes", "voice", "subjectivity"):
        assert f'<input type="checkbox" id="show-{layer}" checked>' in html
        assert f'id="legend-{layer}"' in html
    article = _article(html)
    comment = re.search(r'<span class="vc vc-comment subj" title="([^"]*)">This is a reckless', article)
    assert comment and comment.group(1).startswith("writer&#39;s comment")
    assert re.search(r'class="vc vc-reported"[^>]*title="said by Amina Qureshi"', article)
    assert re.search(r'class="vc vc-anonymous"[^>]*title="anonymous source \(Officials\)"', article)
    # Each tint only applies while its toggle is checked; comment and anonymous also differ without colour.
    assert "body:has(#show-voice:checked) main .vc-comment {" in html and "font-style: italic" in html
    assert "body:has(#show-voice:checked) main .vc-anonymous { background-image: repeating-linear-gradient" in html


def test_report_quotes_are_underlined_with_their_source() -> None:
    article = _article(render_html(voice_quotes_doc()))
    first = re.search(r'<span id="quote-1" class="([^"]*)" title="([^"]*)" data-said="([^"]*)">([^<]*)</span>',
                      article)
    assert first and "qt" in first.group(1).split() and first.group(3) == "Amina Qureshi"
    assert first.group(4) == "We are ready to sign," and "said by Amina Qureshi" in first.group(2)
    assert 'data-said="anonymous source">the price had not been agreed</span>' in article
    assert re.search(r'class="[^"]*qt-src"[^>]*>Officials</span>', article)


def test_report_section_captions_carry_voice_shares() -> None:
    html = render_html(voice_quotes_doc())
    assert re.findall(r'<span class="sec-voice">([^<]*)</span>', html) == [
        "67% reported · 33% fact · 0% comment · 33% anonymous",
        "50% comment · 50% reported · 0% fact · 0% anonymous"]
    card = html.split('id="card-voice">', 1)[1].split("</dd>", 1)[0]
    assert card == "60% reported · 20% comment · 20% fact · 20% anonymous; 3 quotes, 1 from an unnamed source"


def test_report_who_is_quoted_lists_speakers_and_links_quotes() -> None:
    html = render_html(voice_quotes_doc())
    speakers = html.split('id="speakers">', 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", speakers) == [
        ("Amina Qureshi", "person:amina-qureshi"), ("anonymous source", "—")]
    assert '<a href="#quote-1">#1</a> <a href="#quote-3">#3</a>' in speakers


def test_report_voice_text_round_trips_and_escapes_hostile_text() -> None:
    doc = voice_quotes_doc(HOSTILE)
    doc.quotes[1].speaker = '<script>alert("speaker")</script>'  # a speaker's name is article text too
    doc.quotes[0].speaker = '"><img src=x onerror=alert(3)>'
    html = render_html(doc)
    assert "<script>" not in html and "<img" not in html
    assert 'data-said="&#34;&gt;&lt;img src=x onerror=alert(3)&gt;"' in html
    article = re.sub(r'<span class="sec-(label|voice)">.*?</span>', "", _article(html))
    assert htmlmod.unescape(re.sub(r"<[^>]+>", "", article)) == doc.text


def test_report_voice_toggles_link_to_their_accuracy_when_the_layer_has_an_entry(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.report.accuracy as acc

    entry = LayerAccuracy(layer="voice", title="Voice", data="d", figures=(Figure("accuracy", "0.9 ± 0.01", "test"),),
                          published="p", good_for="g", not_for="n", command="c")
    real = {k: v for k, v in acc.accuracy().items() if k != "voice"}
    monkeypatch.setattr(acc, "accuracy", lambda: real)
    assert 'href="#accuracy-voice"' not in render_html(voice_quotes_doc())  # no entry: no link, nothing breaks
    monkeypatch.setattr(acc, "accuracy", lambda: {**real, "voice": entry})
    html = render_html(voice_quotes_doc())
    toggle = html.split('id="show-voice"', 1)[1].split("</label>", 1)[1]
    assert toggle.startswith('<a class="trust" href="#accuracy-voice" title="accuracy: 0.9 ± 0.01 (test)"')
    assert 'id="accuracy-voice"' in html


def test_report_text_summary_says_whose_voice_and_lists_quotes() -> None:
    out = render_text(voice_quotes_doc(), width=160)
    assert "60% reported · 20% comment · 20% fact · 20% anonymous; 3 quotes, 1 from an unnamed source" in out
    assert "anonymous source (Officials)" in out and "the price had not been agreed" in out
    assert "67% reported · 33% fact · 0% comment · 33% anonymous" in out


def test_report_without_voice_layers_has_no_voice_marks(example_doc: Document) -> None:
    html = render_html(example_doc)
    for needle in ("show-voice", "show-quotes", "vc-", "sec-voice", "data-said", "card-voice", "Whose voice"):
        assert needle not in html


def test_report_quote_without_an_identified_speaker_says_so() -> None:
    """A quote whose speaker the quotes layer did not resolve is neither "said by" someone nor anonymous."""
    doc = voice_quotes_doc()
    doc.quotes[0].speaker = doc.quotes[0].speaker_id = doc.sentences[1].speaker_id = None
    doc.entities = [e for e in doc.entities if e.label != "PERSON"]
    html = render_html(doc)
    assert 'data-said="speaker not identified">We are ready to sign,</span>' in html
    assert re.search(r'class="vc vc-reported"[^>]*title="speaker not identified"', html)
    assert "speaker not identified" in render_text(doc, width=160)


def test_report_voice_tints_keep_the_text_readable() -> None:
    """Every colour the voice tints use under the text meets WCAG AA (4.5:1) against the body text (#1d1d1f)."""
    from test_report import _luminance

    css = render_html(voice_quotes_doc()).split("<style>", 1)[1].split("</style>", 1)[0]
    tints = re.findall(r"\.vc-(?:comment|reported|anonymous) \{ background-image: [^}]*", css)
    colours = {c for rule in tints for c in re.findall(r"#[0-9a-f]{6}", rule)}
    assert len(tints) == 3 and len(colours) >= 4
    for c in colours:
        assert (_luminance(c) + 0.05) / (_luminance("#1d1d1f") + 0.05) >= 4.5, c


def test_report_says_when_a_technique_is_in_quoted_speech() -> None:
    from unspin.document import TechniqueSpan

    doc = voice_quotes_doc()
    reckless = doc.text.index("reckless gamble")
    change = doc.text.index("change everything")
    doc.persuasion = [TechniqueSpan(reckless, reckless + len("reckless gamble"), "Loaded_Language", 0.9),
                      TechniqueSpan(change, change + len("change everything"), "Exaggeration,Minimisation", 0.8)]
    doc.layers = [*doc.layers, "persuasion"]
    article = _article(render_html(doc))
    writer = re.search(r'class="pt pt-loaded-language[^"]*" title="([^"]*)"', article)
    quoted = re.search(r'class="pt pt-exaggeration-minimisation[^"]*" title="([^"]*)"', article)
    assert writer and "quoted speech" not in writer.group(1)  # the writer's own comment
    assert quoted and "in quoted speech (said by Amina Qureshi)" in quoted.group(1)
    card = render_html(doc).split('id="card-techniques">', 1)[1].split("</dd>", 1)[0]
    assert "2 marks in all, 1 of them in quoted speech" in card
    text = render_text(doc)
    assert "1 of 2 in quoted speech" in text and "said by Amina Qureshi" in text
