from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from unspin import Analyzer, Document
from unspin.document import Entity, TechniqueSpan
from unspin.report import load_schema, render_html, render_text, to_json
from unspin.report.html import css_name

GOLDEN = Path(__file__).parent / "golden"


def test_report_json_validates_against_the_shipped_schema(example_doc: Document) -> None:
    jsonschema.validate(json.loads(to_json(example_doc)), load_schema())


def test_report_html_matches_golden(example_doc: Document, request: pytest.FixtureRequest) -> None:
    html = render_html(example_doc)
    golden = GOLDEN / "news-and-comment.html"
    if request.config.getoption("--update-golden"):
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8"), "report changed: review, then rerun with --update-golden"


def test_report_json_matches_golden(example_doc: Document, request: pytest.FixtureRequest) -> None:
    out = to_json(example_doc)
    golden = GOLDEN / "news-and-comment.json"
    if request.config.getoption("--update-golden"):
        golden.write_text(out + "\n", encoding="utf-8")
    assert out + "\n" == golden.read_text(encoding="utf-8"), "output changed: review, then rerun with --update-golden"


HOSTILE = ('<script>alert(1)</script> "quotes" & <img src=x onerror="alert(2)"> '
           '[click](javascript:alert(3)) </span></div><b>bold</b>')


def test_report_html_escapes_every_byte_of_article_text(structure_analyzer: Analyzer) -> None:
    doc = structure_analyzer(Document.from_text(f"# {HOSTILE}\n\n{HOSTILE}\n\nBy Jane Doe\n"))
    doc.entities = [Entity(2, 10, "<script>", "ORG", 'org:"><script>')]
    doc.attribution.links.append("javascript:alert(4)")
    html = render_html(doc)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_report_html_is_self_contained(example_doc: Document) -> None:
    html = render_html(example_doc)
    for needle in ("<script", "<link", "src=", "@import", "url("):
        assert needle not in html


def test_report_html_text_round_trips(example_doc: Document) -> None:
    """Stripping the tags and unescaping gives back the article text, byte for byte."""
    import html as htmlmod
    import re

    rendered = render_html(example_doc)
    article = rendered.split('<div class="article">', 1)[1].split("</div>\n</main>", 1)[0]
    article = re.sub(r'<span class="sec-label">.*?</span>', "", article)
    assert htmlmod.unescape(re.sub(r"<[^>]+>", "", article)) == example_doc.text


def test_report_text_summary_lists_title_sections_and_entities(example_doc: Document) -> None:
    out = render_text(example_doc, width=120)
    assert "Is Pakistan Shifting to Russia?" in out
    assert "Comment" in out and "boilerplate" in out
    assert "2023-05-19" in out


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("text_colour", ["#1d1d1f"])  # the report's body text
def test_report_colour_gives_each_ptc_technique_its_own_readable_colour(text_colour: str) -> None:
    from unspin.ml.techniques import TECHNIQUES
    from unspin.report.html import TECHNIQUE_COLOURS, colour

    assert set(TECHNIQUE_COLOURS) == set(TECHNIQUES)
    colours = [colour(t) for t in TECHNIQUES]
    assert len(set(colours)) == len(TECHNIQUES) == 14
    for c in colours:  # light backgrounds: dark text on them meets WCAG AA (4.5:1)
        assert (_luminance(c) + 0.05) / (_luminance(text_colour) + 0.05) >= 4.5, c
    assert colour("Some_Other_Label") == colour("Some_Other_Label")  # a stable fallback for other labels


@pytest.mark.parametrize("n_techniques", [14, 3])
def test_report_legend_shows_each_technique_present_with_its_colour(n_techniques: int) -> None:
    import re

    from unspin import labels
    from unspin.ml.techniques import TECHNIQUES
    from unspin.report.html import colour

    present = TECHNIQUES[:n_techniques]
    text = " ".join(f"word{n} here." for n in range(len(present)))
    doc = Document.from_text(text)
    doc.persuasion = [TechniqueSpan(text.index(f"word{n} "), text.index(f"word{n} ") + len(f"word{n}"), technique=t,
                                    score=0.5) for n, t in enumerate(present)]
    html = render_html(doc)
    legend = html.split('id="legend-persuasion">', 1)[1].split("</ul>", 1)[0]
    shown = dict((t, c) for c, t in re.findall(r'background: (#[0-9a-f]{6})"></span><strong>([^<]+)</strong>',
                                                 legend))
    # The legend shows the catalogue's display names ("Name calling or labelling"), never the raw ids.
    assert shown == {labels.name("technique", t): colour(t) for t in present}
    for t in present:  # the highlight in the text uses the legend's colour
        assert re.search(rf"\.pt-{re.escape(css_name(t))} {{ background: {colour(t)}; }}", html), t


def test_report_section_captions_say_label_and_kind_once(example_doc: Document) -> None:
    """Regression: captions read "BYLINE · BYLINE" and "BODY · BODY · OPINION"."""
    import re

    from unspin.report.html import section_caption

    captions = re.findall(r'<span class="sec-label">([^<]*)</span>', render_html(example_doc))
    assert "Byline" in captions and "Byline · byline" not in captions
    for caption in captions:
        words = [w.lower() for w in caption.split(" · ")]
        assert len(words) == len(set(words)), caption
    assert section_caption("Body", "body", "opinion") == "Body · opinion"
    assert section_caption("News", "body", "reporting") == "News · body · reporting"


def test_report_hides_markdown_marks_before_the_title(example_doc: Document) -> None:
    """Regression: the page showed a literal "# " before the title; the text keeps it (offsets never move)."""
    html = render_html(example_doc)
    article = html.split('<div class="article">', 1)[1]
    assert article.startswith('<span class="md"># </span><span class="title"')
    assert ".md { display: none; }" in html


@pytest.mark.parametrize(("text", "title"), [
    ("Plain first line of an untitled piece\n\nSecond paragraph.", "Plain first line of an untitled piece"),
    ("\n\n  ## A heading only\nbody", "A heading only"),
])
def test_report_untitled_document_is_titled_by_its_first_line(text: str, title: str) -> None:
    from unspin.report.html import display_title

    doc = Document.from_text(text)
    doc.title = None
    assert display_title(doc) == title


def _entity_doc() -> Document:
    text = "Amina Qureshi met the IMF in Pakistan on Wednesday, the first of two meetings with Democrats."
    doc = Document.from_text(text)
    for sub, label, ent_id in (("Amina Qureshi", "PERSON", "person:amina-qureshi"), ("IMF", "ORG", "org:imf"),
                               ("Pakistan", "GPE", "PK"), ("Wednesday", "DATE", "date:wednesday"),
                               ("first", "ORDINAL", "ordinal:first"), ("two", "CARDINAL", "cardinal:two"),
                               ("Democrats", "NORP", "norp:democrats")):
        start = text.index(sub)
        doc.entities.append(Entity(start, start + len(sub), sub, label, ent_id))
    return doc


def test_report_entities_grouped_with_dates_and_numbers_apart() -> None:
    """Regression: the entity table listed DATE, PERCENT and ORDINAL beside people and countries."""
    import re

    html = render_html(_entity_doc())
    tables = dict(re.findall(r'<table class="entities[^"]*" id="entities-(\w+)">(.*?)</table>', html, re.S))
    assert list(tables) == ["people", "organisations", "places", "groups", "dates_numbers"]
    assert "Amina Qureshi" in tables["people"] and "Wednesday" not in tables["people"]
    assert all(x in tables["dates_numbers"] for x in ("Wednesday", "first", "two"))
    for key in ("people", "organisations", "places", "groups"):
        assert not re.search(r"Wednesday|ordinal|cardinal", tables[key])


def test_report_text_summary_groups_entities() -> None:
    out = render_text(_entity_doc(), width=140)
    people, rest = out.split("People", 1)[1], out.split("Dates, times and numbers", 1)[1]
    assert "Amina Qureshi" in people.split("Organisations", 1)[0]
    assert "ordinal:first" in rest and "ordinal:first" not in out.split("Dates, times and numbers", 1)[0]


def test_report_header_card_and_legend_for_every_mark() -> None:
    from unspin.document import Genre, Section, Sentence

    doc = _entity_doc()
    doc.persuasion = [TechniqueSpan(0, 5, technique="Name_Calling,Labeling", score=0.7)]
    doc.sentences = [Sentence(0, len(doc.text), checkworthiness=0.9, claim=True)]
    doc.sections = [Section(0, len(doc.text), label="News", kind="body", genre=Genre("reporting"))]
    doc.genre = Genre("reporting")
    doc.layers = ["structure", "entities", "persuasion", "claims", "genre"]
    doc.attribution.authors = ["Amina Qureshi"]
    html = render_html(doc)
    card = html.split('id="card"', 1)[1].split("</section>", 1)[0]
    assert "Reporting" in card and "Name calling or labelling × 1" in card
    assert "1 worth checking" in card and "Amina Qureshi" in card
    for legend in ("legend-sections", "legend-persuasion", "legend-claims", "legend-entities"):
        assert f'id="{legend}"' in html, legend
