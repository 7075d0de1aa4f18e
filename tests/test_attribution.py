"""Attribution as articles come: bylines in every form and place, wire credits, bios, datelines, dates, page
metadata, and the boilerplate around an article. Every example is written for the project (names invented)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin import Analyzer, Document
from unspin.components import bylines as B
from unspin.ingest import load_bytes

BODY = ("Officials said on Monday that talks between the two governments had resumed after a pause of two years.\n\n"
        "Trade rose by a fifth last year, according to the statistics office, and both sides expect it to grow.\n")


def _doc(structure_analyzer: Analyzer, text: str) -> Document:
    doc = structure_analyzer(Document.from_text(text))
    doc.check_offsets()
    return doc


def _kinds(doc: Document) -> list[tuple[str, str]]:
    return [(s.label, s.kind) for s in doc.sections]


def _credits(doc: Document) -> list[tuple[str, str]]:
    return [(c.name, c.role) for c in doc.attribution.credits]


# --- the issue's markdown article ----------------------------------------------------------------------------
ISSUE_MARKDOWN = """## Is X shifting to Y?

## News:

Officials in the capital said on Monday that talks with Y had resumed after a pause of two years. The ministry \
confirmed that a delegation would travel next week.

Trade between the two countries rose by a fifth last year, according to the statistics office.

A spokesman for the opposition said the government had not consulted parliament before the talks.

## Comment:

Make no mistake: this is a shift, and a reckless one. The government is betting the country's future on a partner.

The ministers call it pragmatism. It is nothing of the kind.

## Written for the Press Office of Example Party by Jane Roe

Example Party Website | Press Office Website | Example Daily www.example.net www.example-party.org
"""


def test_attribution_markdown_byline_heading_and_site_name_footer(structure_analyzer: Analyzer) -> None:
    doc = _doc(structure_analyzer, ISSUE_MARKDOWN)
    assert doc.attribution.authors == ["Jane Roe"]
    assert "Example Party" in doc.attribution.organizations
    assert "Press Office of Example Party" in doc.attribution.organizations
    assert ("Press Office of Example Party", "commissioned_by") in _credits(doc)
    office = next(c for c in doc.attribution.credits if c.name == "Press Office of Example Party")
    assert office.affiliation == "Example Party"
    author = next(c for c in doc.attribution.credits if c.role == "author")
    assert author.start is not None and doc.text[author.start : author.end] == "Jane Roe"
    assert _kinds(doc) == [("News", "body"), ("Comment", "body"), ("Byline", "byline"), ("Footer", "boilerplate")]
    footer = doc.sections[-1]
    assert doc.span_text(footer).startswith("Example Party Website |")
    assert doc.title is not None and doc.title.text == "Is X shifting to Y?"


def test_attribution_boilerplate_footer_is_masked_from_entities(base_analyzer: Analyzer) -> None:
    doc = base_analyzer(Document.from_text(ISSUE_MARKDOWN))
    footer = doc.sections[-1]
    assert not [e for e in doc.entities if footer.start <= e.start < footer.end]
    assert all(not (footer.start <= p.start < footer.end) for p in doc.paragraphs)


# --- bylines ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "authors", "orgs"),
    [
        ("By Jane Roe", ["Jane Roe"], []),
        ("By Jane Roe and John Doe", ["Jane Roe", "John Doe"], []),
        ("By Jane Roe, John Doe and Ann Lee", ["Jane Roe", "John Doe", "Ann Lee"], []),
        ("By JANE ROE", ["Jane Roe"], []),
        ("Jane Roe | Example News", ["Jane Roe"], [("Example News", "publisher")]),
        ("Jane Roe, Reuters", ["Jane Roe"], [("Reuters", "agency")]),
        ("Author: Jane Roe", ["Jane Roe"], []),
        ("Written by Jane Roe", ["Jane Roe"], []),
        ("Written for The Example Ledger by Jane Roe.", ["Jane Roe"], [("The Example Ledger", "commissioned_by")]),
        ("Story by Jane Roe", ["Jane Roe"], []),
        ("Words by Jane Roe", ["Jane Roe"], []),
        ("Text: Jane Roe", ["Jane Roe"], []),
        ("By Jane Roe, Senior Correspondent", ["Jane Roe"], []),
        ("By Jane Roe in London", ["Jane Roe"], []),
        ("Par Jeanne Rivière", ["Jeanne Rivière"], []),
        ("Von Walter von Aachen", ["Walter von Aachen"], []),
        ("Di Giulia Rossi", ["Giulia Rossi"], []),
        ("Por María López y Ana Ruiz", ["María López", "Ana Ruiz"], []),
        ("Autor: Jan Kowalski", ["Jan Kowalski"], []),
        ("Автор: Иван Петров", ["Иван Петров"], []),
        ("By Reuters", [], [("Reuters", "agency")]),
    ],
)
def test_attribution_byline_forms(line: str, authors: list[str], orgs: list[tuple[str, str]]) -> None:
    found = B.parse_byline(line, bare=True)
    assert found is not None
    assert found.authors == authors
    assert [(c.name, c.role) for c in found.credits if c.role != "author"] == orgs


@pytest.mark.parametrize(
    "line",
    ["By the numbers", "By Monday, the talks had failed.", "Par ailleurs, le ministre a démissionné.",
     "Von Berlin aus fuhr er weiter.", "Home Page | Contact", "Washington, DC"],
)
def test_attribution_sentences_and_menus_are_not_bylines(line: str) -> None:
    assert B.parse_byline(line, bare=True) is None


@pytest.mark.parametrize(
    "text",
    [
        f"Talks resume\n\nBy Jane Roe\n\n{BODY}",                    # first lines
        f"Talks resume\n\n{BODY}\nBy Jane Roe\n",                      # last line
        f"Talks resume\n\n## By Jane Roe\n\n{BODY}",                  # as a heading
        f"Talks resume\n\n**By Jane Roe**\n\n{BODY}",                 # in bold
        f"Talks resume\n\n| By Jane Roe |\n\n{BODY}",                 # a table cell flattened to text
        f"Talks resume\n\nJane Roe | Example News\n\n{BODY}",         # no keyword, near the top
    ],
)
def test_attribution_byline_wherever_it_stands(structure_analyzer: Analyzer, text: str) -> None:
    doc = _doc(structure_analyzer, text)
    assert doc.attribution.authors == ["Jane Roe"]
    assert ("Byline", "byline") in _kinds(doc) and all(s.label != "By Jane Roe" for s in doc.sections)
    assert not any("Jane Roe" in doc.span_text(p) for p in doc.paragraphs)


def test_attribution_bare_byline_form_is_not_read_mid_article(structure_analyzer: Analyzer) -> None:
    middle = "\n\n".join(f"Paragraph {n} of the report says what happened on the river today." for n in range(8))
    doc = _doc(structure_analyzer, f"Talks resume\n\n{middle}\n\nJane Roe | Example News\n\n{middle}\n")
    assert doc.attribution.authors == []


# --- wire stories ---------------------------------------------------------------------------------------------
WIRE = """Pakistan agrees discounted oil deal with Russia

ISLAMABAD, May 19 (Reuters) - Pakistan has agreed a deal for discounted Russian crude, its energy minister said \
on Friday, with the first cargo due in June.

The minister did not give the size of the discount.

(Reporting by Asma Khan and Omar Ali; Additional reporting by Lena Berg in Moscow; Writing by Tom Hale; \
Editing by Ruth Park)
"""


def test_attribution_wire_story_dateline_and_credits(structure_analyzer: Analyzer) -> None:
    text = WIRE
    doc = structure_analyzer(load_bytes(text.encode(), path="wire.txt"))
    doc.check_offsets()
    a = doc.attribution
    assert _credits(doc)[:5] == [("Asma Khan", "reporting"), ("Omar Ali", "reporting"),
                                 ("Lena Berg", "additional_reporting"), ("Tom Hale", "writing"),
                                 ("Ruth Park", "editing")]
    assert a.authors == ["Asma Khan", "Omar Ali", "Tom Hale"]
    assert ("Reuters", "agency") in _credits(doc) and "Reuters" in a.organizations
    assert a.dateline is not None
    assert doc.text[a.dateline.start : a.dateline.end] == "ISLAMABAD, May 19 (Reuters) -"
    assert (a.dateline.place_id, a.dateline.agency) == ("gpe:islamabad", "Reuters")
    # the dateline is a marked span, not part of the first sentence's text
    first = doc.sentences[0]
    assert doc.span_text(first).startswith("Pakistan has agreed") and first.start >= a.dateline.end
    assert ("Credits", "byline") in _kinds(doc)


@pytest.mark.parametrize(
    ("opening", "place", "place_id", "date", "agency"),
    [
        ("ISLAMABAD, May 19 (Reuters) - ", "ISLAMABAD", "gpe:islamabad", "2023-05-19", "Reuters"),
        ("LONDON (AP) — ", "LONDON", "gpe:london", None, "AP"),
        ("Kazan, 19 May 2023 /TASS/. ", "Kazan", "gpe:kazan", "2023-05-19", "TASS"),
        ("KYIV, Ukraine (AP) -- ", "KYIV", "gpe:kyiv", None, "AP"),
        ("WASHINGTON — ", "WASHINGTON", "gpe:washington", None, None),
    ],
)
def test_attribution_dateline_forms(opening: str, place: str, place_id: str, date: str | None,
                                    agency: str | None) -> None:
    text = opening + "The government said on Friday that it would act."
    found = B.parse_dateline(text, 10, year="2023")
    assert found is not None
    assert (found.place, found.place_id, found.date, found.agency) == (place, place_id, date, agency)
    assert text[found.start - 10 : found.end - 10] == opening.rstrip()


@pytest.mark.parametrize("text", ["The government said on Friday that it would act.",
                                  "Mr. Smith (pictured) - a banker - said no.", "Berlin - the city - is big."])
def test_attribution_ordinary_openings_are_not_datelines(text: str) -> None:
    assert B.parse_dateline(text) is None


def test_attribution_agency_dateline_on_a_story(base_analyzer: Analyzer) -> None:
    doc = base_analyzer(Document.from_text("Floods\n\nLONDON (AP) — Heavy rain flooded roads across southern "
                                           "England on Sunday, the Met Office said.\n"))
    a = doc.attribution
    assert a.dateline is not None and a.dateline.agency == "AP" and ("AP", "agency") in _credits(doc)
    london = [e for e in doc.entities if e.text == "LONDON"]
    assert all(e.id == a.dateline.place_id for e in london)


# --- op-ed with a bio -------------------------------------------------------------------------------------------
OPED = """The case for a carbon border tax

Europe's carbon border adjustment is a modest step, and a necessary one. Without it, the bloc's climate policy \
simply moves emissions abroad.

Critics say it is protectionism by another name. They are wrong: the tax applies to European producers too.

Jane Roe is a senior fellow at the Example Institute for Economic Policy.
"""


def test_attribution_author_bio_gives_author_and_affiliation(structure_analyzer: Analyzer) -> None:
    doc = _doc(structure_analyzer, OPED)
    assert doc.attribution.authors == ["Jane Roe"]
    credit = doc.attribution.credits[0]
    assert (credit.name, credit.role, credit.affiliation) == ("Jane Roe", "author",
                                                              "Example Institute for Economic Policy")
    assert ("Author bio", "byline") in _kinds(doc)
    assert not any("senior fellow" in doc.span_text(s) for s in doc.sentences)


@pytest.mark.parametrize("line", ["Jane Roe is a senior fellow at the Example Institute.",
                                  "*Jane Roe is a professor of economics at Example University.*"])
def test_attribution_bio_forms(line: str) -> None:
    found = B.parse_bio(line)
    assert found is not None and found.credits[0].name == "Jane Roe" and found.credits[0].affiliation


def test_attribution_a_sentence_about_someone_is_not_a_bio() -> None:
    assert B.parse_bio("John Doe is a suspect in the case of the missing painting at the Example Museum.") is None


@pytest.mark.parametrize("line", ["Euer Hans Ehrlich", "Yours, Jane Roe"])
def test_attribution_sign_off_on_the_last_line(structure_analyzer: Analyzer, line: str) -> None:
    doc = _doc(structure_analyzer, f"Talks resume\n\n{BODY}\n{line}\n")
    assert doc.attribution.authors == [line.split(maxsplit=1)[1].lstrip(", ").strip()]


def test_attribution_inline_posted_by_in_flattened_text(structure_analyzer: Analyzer) -> None:
    doc = _doc(structure_analyzer, "Notes from the harbour Posted 11. April 2018 by Walter von Aachen The boats "
                                   "came in late and the market opened at noon.\n")
    assert doc.attribution.authors == ["Walter von Aachen"] and doc.attribution.published == "2018-04-11"


# --- dates --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        ("Published 19 May 2023", "2023-05-19", None),
        ("Updated: 2023-05-20 14:02 GMT", None, "2023-05-20"),
        ("Published 19 May 2023 | Updated: 2023-05-20 14:02 GMT", "2023-05-19", "2023-05-20"),
        ("Veröffentlicht am 17. Dezember 2019", "2019-12-17", None),
        ("Publié le 3 mars 2022", "2022-03-03", None),
    ],
)
def test_attribution_dates_in_text(structure_analyzer: Analyzer, line: str, published: str | None,
                                   updated: str | None) -> None:
    doc = _doc(structure_analyzer, f"Talks resume\n\n{line}\n\n{BODY}")
    assert (doc.attribution.published, doc.attribution.updated) == (published, updated)
    assert ("Date", "byline") in _kinds(doc)


PAGE = b"""<!doctype html><html lang="en"><head><title>Ferry service restored | The Example Courier</title>
<meta name="author" content="Jane Roe; The Example Courier">
<meta property="og:site_name" content="The Example Courier">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Ferry service restored", "datePublished": "2023-05-19T08:00:00Z",
 "author": [{"@type": "Person", "name": "Jane Roe"}], "publisher": {"@type": "Organization",
 "name": "The Example Courier"}}</script></head>
<body><article><h1>Ferry service restored</h1>
<p>Updated: 2023-05-20 14:02 GMT</p>
<p>The ferry between the island and the mainland ran again on Friday after a week of storms kept the boats in
harbour, the operator said in a statement.</p>
<p>Passengers queued from dawn, and the first crossing left on time, the harbour master said.</p>
<p>Photo: John Doe/AFP</p>
<p>Share this article</p>
<p>Reporting by Ann Lee; Editing by Mark Hale</p>
</article><footer><p>\xc2\xa9 2023 The Example Courier. All rights reserved.</p></footer></body></html>"""


def test_attribution_html_page_with_metadata(structure_analyzer: Analyzer) -> None:
    doc = structure_analyzer(load_bytes(PAGE, path="ferry.html"))
    doc.check_offsets()
    a = doc.attribution
    assert sorted(a.authors) == ["Ann Lee", "Jane Roe"]  # the page's author and the story's reporter
    assert "The Example Courier" in a.organizations
    assert ("The Example Courier", "publisher") in _credits(doc) and ("Mark Hale", "editing") in _credits(doc)
    assert [c.origin for c in a.credits if c.name == "The Example Courier"] == ["html"]
    assert a.published == "2023-05-19" and a.updated == "2023-05-20"
    assert doc.title is not None and doc.title.text == "Ferry service restored"
    kinds = _kinds(doc)
    assert ("Date", "byline") in kinds and ("Credits", "byline") in kinds
    boiler = " ".join(doc.span_text(s) for s in doc.sections if s.kind == "boilerplate")
    assert "Photo: John Doe/AFP" in boiler and "Share this article" in boiler
    assert "John Doe" not in a.authors


@pytest.mark.parametrize(
    ("author", "site", "authors", "orgs"),
    [
        ("Posted", "Example Blog", [], ["Example Blog"]),                               # a UI word
        ("Jane Roe; Example Media Group", "Example", ["Jane Roe"], ["Example Media Group"]),  # the company beside
        ("Example Foundation", "Example Foundation", ["Example Foundation"], ["Example Foundation"]),  # alone
        ("Art Lee says", "Example Blog", [], ["Example Blog"]),                          # a commenter
        # attribution/ page 117 (Prachatai, Drupal): "Submitted on Mon, 2019-01-21" gave the author "Submitted"
        ("Submitted", "Example Blog", [], ["Example Blog"]),
    ],
)
def test_attribution_page_metadata_authors_are_cleaned(structure_analyzer: Analyzer, author: str, site: str,
                                                       authors: list[str], orgs: list[str]) -> None:
    doc = Document.from_text(f"Talks resume\n\n{BODY}")
    doc.meta = {"author": author, "sitename": site}
    doc = structure_analyzer(doc)
    assert doc.attribution.authors == authors
    assert all(o in doc.attribution.organizations for o in orgs)


# --- boilerplate ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        "- [Home](https://example.org/) - [World](https://example.org/world)",   # a link list
        "Example Daily | Example Weekly | Example Radio",                          # site names
        "Share this article",
        "Follow us on Mastodon",
        "Subscribe to our newsletter",
        "Facebook Twitter LinkedIn Email",
        "We use cookies to improve your experience. Accept all cookies",
        "Read more: Storm closes the harbour",
        "Related: Ferry operator cuts winter timetable",
        "Advertisement",
        "Photo: Jane Roe/AFP",
        "John Doe/Getty Images",
        "© 2024 Example Media Ltd",
        "Copyright 2024 Example News. All rights reserved.",
    ],
)
def test_attribution_boilerplate_lines_in_the_middle(structure_analyzer: Analyzer, line: str) -> None:
    text = ("Talks resume\n\nOfficials said on Monday that the talks had resumed after two years.\n\n"
            f"{line}\n\nTrade rose by a fifth last year, according to the statistics office.\n")
    doc = _doc(structure_analyzer, text)
    boiler = [s for s in doc.sections if s.kind == "boilerplate"]
    assert len(boiler) == 1 and doc.span_text(boiler[0]) == line
    assert len(doc.paragraphs) == 2 and not any(line in doc.span_text(p) for p in doc.paragraphs)


@pytest.mark.parametrize("heading", ["## Follow us on Mastodon", "### Advertisement", "## © 2024 Example News"])
def test_attribution_footer_heading_is_not_a_body_section(structure_analyzer: Analyzer, heading: str) -> None:
    text = ("Talks resume\n\nOfficials said on Monday that the talks had resumed after two years.\n\n"
            f"{heading}\n\nTrade rose by a fifth last year, according to the statistics office.\n")
    doc = _doc(structure_analyzer, text)
    assert [k for _, k in _kinds(doc)] == ["body", "boilerplate", "body"]
    assert all(s.label != heading.lstrip("# ") for s in doc.body_sections())


def test_attribution_related_list_under_a_heading_is_boilerplate(structure_analyzer: Analyzer) -> None:
    text = ("Talks resume\n\nOfficials said on Monday that the talks had resumed after two years.\n\n"
            "## Related articles\n\n- Storm closes the harbour\n- Ferry operator cuts winter timetable\n\n"
            "## Analysis\n\nTrade rose by a fifth last year, according to the statistics office.\n")
    doc = _doc(structure_analyzer, text)
    assert _kinds(doc) == [("Body", "body"), ("Related articles", "boilerplate"), ("Analysis", "body")]


@pytest.mark.parametrize("line", ["Officials said the harbour would reopen on Monday.",
                                  "More than 200 people were evacuated, the police said.",
                                  "Related talks in Geneva ended without a deal.",
                                  "Recommended doses were cut by half.",
                                  "By the numbers, the year was the wettest on record.",
                                  "The Example Institute | a think tank | said in a report that rents rose."])
def test_attribution_prose_is_not_boilerplate(line: str) -> None:
    assert not B.is_boilerplate_line(line)


@pytest.mark.parametrize("line", ["Our Standards: The Thomson Reuters Trust Principles.", "Editorial standards:",
                                  "Our editorial guidelines", "Corrections policy:"])
def test_attribution_a_publishers_standards_line_is_boilerplate(line: str) -> None:
    assert B.is_boilerplate_line(line)


@pytest.mark.parametrize("line", ["Our standards of living have fallen, the report said.",
                                  "Editorial standards at the paper were questioned by the board."])
def test_attribution_prose_about_standards_is_not_boilerplate(line: str) -> None:
    assert not B.is_boilerplate_line(line)


def test_attribution_reports_show_dateline_update_and_credits(structure_analyzer: Analyzer) -> None:
    from unspin.report import render_html, render_text

    doc = structure_analyzer(Document.from_text(WIRE.replace("\n\nThe minister", "\n\nUpdated: 2023-05-20\n\n"
                                                                                   "The minister")))
    assert doc.attribution.dateline is not None and doc.attribution.dateline.date == "2023-05-19"
    text = render_text(doc, color=False)
    assert "Dateline" in text and "Ruth Park (editing)" in text and "2023-05-20" in text
    html = render_html(doc)
    assert "<dt>Dateline</dt><dd>ISLAMABAD, 2023-05-19 (Reuters)</dd>" in html and "<dt>Updated</dt>" in html


# --- titles of pages as trafilatura gives them ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("## Ferry service restored\n\n## The crossing\n\nThe ferry ran again on Friday, the operator said.\n",
         "Ferry service restored"),   # a level-2 heading that is the page's title
        ("Ferry service restored The ferry ran again on Friday after a week of storms, the operator said.\n",
         "Ferry service restored"),   # the headline run into the first paragraph
    ],
)
def test_attribution_title_from_the_page_metadata(structure_analyzer: Analyzer, text: str, title: str) -> None:
    doc = Document.from_text(text)
    doc.meta = {"title": title}
    doc = structure_analyzer(doc)
    doc.check_offsets()
    assert doc.title is not None and doc.title.text == title
    assert doc.paragraphs  # the body is still read


@pytest.mark.parametrize(
    ("first", "title"),
    [
        ("Poll: Wealthy Voters Abandon Republican Party for Hillary Clinton.", True),  # a corpus's title-case headline
        ("Obama Power Plant Rules Face Key Test In U.S. Court.", True),  # abbreviations are no sentence break
        ("Senate passes budget after late-night vote", True),  # no period: a title as before
        ("The U.S. Senate passed a spending bill on Friday.", False),  # a one-sentence lead paragraph
        ("Trump Wins. Clinton Concedes.", False),  # two sentences
        ("About Time Too.", False),  # too short to tell
    ],
)
def test_attribution_a_first_line_with_a_period_is_a_title_only_in_headline_case(
        structure_analyzer: Analyzer, first: str, title: bool) -> None:
    doc = _doc(structure_analyzer, f"{first}\n\nThe ferry ran again on Friday after a week of storms, the operator "
                                   "said.\n")
    assert (doc.title is not None and doc.title.text == first) is title
    assert doc.paragraphs


def test_attribution_first_heading_is_not_a_title_without_metadata(structure_analyzer: Analyzer) -> None:
    doc = _doc(structure_analyzer, "## News:\n\nThe ferry ran again on Friday.\n\n## Comment:\n\nAbout time.\n")
    assert doc.title is None and [s.label for s in doc.sections] == ["News", "Comment"]


# --- every span still quotes the text, whatever mix of these lines an article has ----------------------------------
_ATTRIBUTION_LINES = st.one_of(
    st.just(""), st.just("## Written for the Press Office of Example Party by Jane Roe"), st.just("**By JANE ROE**"),
    st.just("Jane Roe | Example News"), st.just("ISLAMABAD, May 19 (Reuters) - Talks resumed on Friday."),
    st.just("(Reporting by Ann Lee; Editing by Mark Hale)"), st.just("Jane Roe is a senior fellow at the Example "
                                                                     "Institute."),
    st.just("Updated: 2023-05-20 14:02 GMT"), st.just("## Related articles"), st.just("- Storm closes the harbour"),
    st.just("Photo: Jane Roe/AFP"), st.just("Example Daily | Example Weekly www.example.net"), st.just("Advertisement"),
    st.just("Officials said on Monday that the talks had resumed."), st.just("Yours, Jane Roe"),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_ATTRIBUTION_LINES, max_size=14), newline=st.sampled_from(["\n", "\r\n"]))
def test_attribution_every_span_quotes_the_text(structure_analyzer: Analyzer, lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    if not text.strip():
        return
    doc = structure_analyzer(Document.from_text(text))
    doc.check_offsets()  # sections, sentences, the dateline and every credit's span
    spans = sorted((s.start, s.end) for s in doc.sections)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    for sent in doc.sentences:
        assert any(p.start <= sent.start and sent.end <= p.end for p in doc.paragraphs)
    for credit in doc.attribution.credits:
        if credit.start is not None and credit.role in ("author", "reporting", "editing", "writing"):
            assert doc.text[credit.start : credit.end].casefold() == credit.name.casefold()


@pytest.mark.parametrize(("modified", "updated"), [("2023-05-21T14:02:00Z", "2023-05-21"), (None, None),
                                                   ("2023-05-19T09:00:00Z", None)])
def test_attribution_update_date_from_html_metadata(structure_analyzer: Analyzer, modified: str | None,
                                                    updated: str | None) -> None:
    meta = f'<meta property="article:modified_time" content="{modified}">' if modified else ""
    html = ('<html><head><title>Port deal signed</title>'
            '<meta property="article:published_time" content="2023-05-19T08:00:00Z">' + meta +
            '</head><body><article><h1>Port deal signed</h1><p>The port authority signed a contract on Friday for '
            'the expansion of the container terminal, officials said. The agreement covers dredging, two new berths '
            'and a rail link, and is expected to double capacity by 2027.</p><p>Work is due to start in September, '
            'according to the plan. The contractor was chosen after a tender that drew five bids.</p></article>'
            '</body></html>')
    doc = structure_analyzer(load_bytes(html.encode(), path="port.html"))
    assert doc.attribution.published == "2023-05-19"
    assert doc.attribution.updated == updated


@pytest.mark.parametrize(("name", "host", "expected"), [
    # attribution/ page 21: a star rating and a tagline around the publisher's name
    ("☆☆☆☆☆ - Journalistenwatch e.V. - Aktuelle Geschehnisse", "journalistenwatch", "Journalistenwatch e.V."),
    # attribution/ page 105: a tagline after the name
    ("LinkNaija | Nigeria's popular news platform", "linknaija", "LinkNaija"),
    ("The Guardian", "theguardian", "The Guardian"),
    ("Dr. Alexander Klier", "alexander-klier", "Dr. Alexander Klier"),
    ("Foo | Bar", "example", "Foo | Bar"),  # no part names the host: kept whole
    ("☆☆☆", None, None),
])
def test_attribution_site_name_without_decoration_or_tagline(name: str, host: str | None,
                                                            expected: str | None) -> None:
    from unspin.components.structure import clean_sitename

    assert clean_sitename(name, host) == expected


def test_attribution_page_publisher_is_the_cleaned_site_name(structure_analyzer: Analyzer) -> None:
    html = ("<html><head><title>Ladensterben</title>"
            "<meta property='og:site_name' content='☆☆☆☆☆ - Journalistenwatch e.V. - Aktuelle Geschehnisse'>"
            "</head><body><article><h1>Ladensterben</h1><p>Der Handelsverband rechnet mit einem beschleunigten "
            "Ladensterben in den Innenstädten, sagte der Präsident am Mittwoch in Berlin.</p></article></body></html>")
    doc = structure_analyzer(load_bytes(html.encode(), url="https://journalistenwatch.com/2023/11/01/a.html"))
    assert ("Journalistenwatch e.V.", "publisher") in _credits(doc)
    assert not any("☆" in o for o in doc.attribution.organizations)


@pytest.mark.parametrize(("line", "boilerplate"), [
    # attribution/ page 107 (Xinhua): the error-report link and the editor-in-charge line closed the body
    ("【纠错】", True), ("【责任编辑:张樵苏", True), ("】", True), ("【责任编辑：张樵苏】", True),
    ("【导读】国家卫生健康委持续推进短缺药品监测。", False),
])
def test_attribution_chinese_page_furniture_is_boilerplate(line: str, boilerplate: bool) -> None:
    assert B.is_boilerplate_line(line) is boilerplate


def test_attribution_a_site_name_that_is_the_pages_title_is_no_publisher(structure_analyzer: Analyzer) -> None:
    """attribution/ page 117 (Prachatai): with no site name on the page, trafilatura gives the title as the site
    name, and the headline was listed as the publishing organisation."""
    doc = Document.from_text(f"Talks resume\n\n{BODY}")
    doc.meta = {"title": "Talks resume", "sitename": "Talks resume"}
    doc = structure_analyzer(doc)
    assert "Talks resume" not in doc.attribution.organizations
    assert ("Talks resume", "publisher") not in _credits(doc)
