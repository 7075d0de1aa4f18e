from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_ingest import ARTICLE_HTML
from unspin import Analyzer, Document
from unspin.components.structure import split_lines
from unspin.ingest import load_bytes


def _sections(doc: Document) -> list[tuple[str, str]]:
    return [(s.label, s.kind) for s in doc.sections]


def test_structure_reads_the_bundled_example(example_doc: Document) -> None:
    doc = example_doc
    assert doc.title is not None and doc.title.text == "Is Pakistan Shifting to Russia?"
    assert _sections(doc) == [("News", "body"), ("Comment", "body"), ("Byline", "byline"), ("Links", "boilerplate")]
    assert doc.attribution.authors == ["Amina Qureshi"]
    assert doc.attribution.organizations == ["The Example Ledger"]
    assert doc.attribution.links == ["https://example.org/energy/pakistan-russia-oil", "https://example.org/about"]
    news, comment = doc.sections[:2]
    assert news.heading is not None
    assert doc.text[news.heading.start : news.heading.end] == "News"
    assert doc.text[comment.start : comment.end].endswith("the US will not forget it.")
    assert len(doc.paragraphs) == 5  # three news paragraphs, two comment paragraphs
    assert doc.span_text(doc.sentences[6]) == "Make no mistake: this is a reckless gamble."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline\n\nNews:\nA thing happened today in the town.\n\nComment:\nIt was bad.\n",
         [("News", "body"), ("Comment", "body")]),
        ("Headline\n\nBy Jane Doe and John Roe\n\nA thing happened today in the town.\n",
         [("Byline", "byline"), ("Body", "body")]),
        ("Headline\n\nAuthor: Jane Doe\nA thing happened today.\n\nFollow us on Twitter\n© 2024 Daily Example\n",
         [("Byline", "byline"), ("Body", "body"), ("Footer", "boilerplate")]),
        ("A single paragraph with no title, that ends with a full stop.\n", [("Body", "body")]),
    ],
)
def test_structure_finds_sections_in_plain_text(structure_analyzer: Analyzer, text: str,
                                                expected: list[tuple[str, str]]) -> None:
    doc = structure_analyzer(Document.from_text(text))
    assert _sections(doc) == expected
    doc.check_offsets()


@pytest.mark.parametrize(
    ("line", "authors", "orgs"),
    [
        ("By Jane Doe", ["Jane Doe"], []),
        ("Written for The Example Ledger by Amina Qureshi.", ["Amina Qureshi"], ["The Example Ledger"]),
        ("Author: Li Wei", ["Li Wei"], []),
        ("By Jane Doe, John Roe and Ana Lima", ["Jane Doe", "John Roe", "Ana Lima"], []),
    ],
)
def test_structure_bylines_give_attribution(structure_analyzer: Analyzer, line: str, authors: list[str],
                                            orgs: list[str]) -> None:
    doc = structure_analyzer(Document.from_text(f"Headline\n\n{line}\n\nSomething happened on the river today.\n"))
    assert doc.attribution.authors == authors
    assert doc.attribution.organizations == orgs


def test_structure_html_headings_become_sections(structure_analyzer: Analyzer) -> None:
    doc = structure_analyzer(load_bytes(ARTICLE_HTML, path="a.html"))
    assert doc.title is not None and doc.title.text == "Talks resume"
    assert [s.label for s in doc.body_sections()] == ["News", "Comment"]
    assert doc.attribution.authors == ["Jane Doe"]
    assert "The Example Times" in doc.attribution.organizations
    assert doc.attribution.published == "2023-05-20"


def test_structure_one_sentence_per_line_corpora_keep_lines_as_paragraphs(structure_analyzer: Analyzer) -> None:
    text = "Title of it\n\nFirst sentence here.\nSecond sentence here.\nThird one.\n"
    doc = structure_analyzer(Document.from_text(text))
    assert [doc.span_text(p) for p in doc.paragraphs] == ["First sentence here.", "Second sentence here.",
                                                          "Third one."]


def test_structure_sentences_respect_abbreviations(structure_analyzer: Analyzer) -> None:
    doc = structure_analyzer(Document.from_text("Mr. Smith went to Washington. The U.S. Senate met Dr. Jones.\n"))
    assert [doc.span_text(s) for s in doc.sentences] == ["Mr. Smith went to Washington.",
                                                         "The U.S. Senate met Dr. Jones."]


def test_structure_a_speech_lead_in_line_is_not_a_heading(structure_analyzer: Analyzer) -> None:
    # PolNeAR dev, Breitbart 2016-09-29: "He said:" made Trump's quoted words a section of their own, read as opinion.
    text = ("Politifact: Trump Is Right\n\nTrump used Chicago as his example.\n\nHe said:\n\n"
            "\"In Chicago, they've had thousands of shootings.\"\n\nPolitifact checked the claim.\n")
    doc = structure_analyzer(Document.from_text(text))
    assert _sections(doc) == [("Body", "body")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # SemEval-2023 en 703698295: "Fr." ended a sentence before the name it titles
        ("They sacked Fr. Thomas Weinandy today. He left.", ["They sacked Fr. Thomas Weinandy today.", "He left."]),
        # PolNeAR dev, West Journal 2016-09-15: the opening mark of the next quoted sentence ended this one
        ("“It was bad,” he said. “It was demoralizing.”", ["“It was bad,” he said.", "“It was demoralizing.”"]),
        # PolNeAR dev, HuffPost 2016-09-26: the same with a bracket
        ("It is laughable. (Except it is not.) Fine.", ["It is laughable.", "(Except it is not.)", "Fine."]),
        # attribution/ page 25 (German) and SemEval-2023 ru 24122: an abbreviation before a lower-case word
        ("Zeit ist real, d.h. sie ist wirklich. Ende.", ["Zeit ist real, d.h. sie ist wirklich.", "Ende."]),
        ("Он сказал (срока. – прим. ред.) этой. Да.", ["Он сказал (срока. – прим. ред.) этой.", "Да."]),
        # attribution/ page 107 (Chinese): a paragraph of three sentences was one
        ("据了解，监测正在推进。国家卫生健康委开展监测！“是吗？”他问。",
         ["据了解，监测正在推进。", "国家卫生健康委开展监测！", "“是吗？”他问。"]),
    ],
)
def test_structure_sentences_mend_the_sentencizers_breaks(structure_analyzer: Analyzer, text: str,
                                                          expected: list[str]) -> None:
    doc = structure_analyzer(Document.from_text(f"Headline\n\n{text}\n"))
    assert [doc.span_text(s) for s in doc.sentences] == expected


def test_structure_handles_crlf_line_endings(structure_analyzer: Analyzer) -> None:
    doc = structure_analyzer(Document.from_text("Headline\r\n\r\nNews:\r\nIt rained.\r\n\r\nComment:\r\nGood.\r\n"))
    assert [s.label for s in doc.sections] == ["News", "Comment"]
    assert all("\r" not in doc.span_text(p) for p in doc.paragraphs)


_LINES = st.one_of(
    st.just(""), st.just("## News:"), st.just("Comment:"), st.just("By Jane Doe"), st.just("# A Title"),
    st.just("- https://example.org/x"), st.just("© 2024 Example"), st.just("Mr. Smith met the U.S. envoy."),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_LINES, max_size=14), newline=st.sampled_from(["\n", "\r\n"]))
def test_structure_every_span_quotes_the_text(structure_analyzer: Analyzer, lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    if not text.strip():
        return
    doc = structure_analyzer(Document.from_text(text))
    doc.check_offsets()
    for sent in doc.sentences:  # sentences never cross a paragraph
        assert any(p.start <= sent.start and sent.end <= p.end for p in doc.paragraphs)
    spans = sorted((s.start, s.end) for s in doc.sections)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # sections do not overlap
    for sec in doc.body_sections():  # no body text is lost: every word of a body line is in a paragraph
        heading_line = doc.text.rfind("\n", 0, sec.heading.start) + 1 if sec.heading else -1
        for line in split_lines(doc.text):
            if sec.start <= line.start < sec.end and line.text.strip() and line.start != heading_line:
                assert any(p.start <= line.start + len(line.text) - len(line.text.lstrip()) < p.end
                           for p in doc.paragraphs), line


def test_structure_site_name_line_is_boilerplate(structure_analyzer: Analyzer) -> None:
    text = ("Headline\n\nA thing happened today in the town.\n\nWritten for The Daily Example by Jo Bloggs.\n\n"
            "The Daily Example\n")
    doc = structure_analyzer(Document.from_text(text))
    assert _sections(doc) == [("Body", "body"), ("Byline", "byline"), ("Footer", "boilerplate")]
    assert doc.attribution.organizations == ["The Daily Example"]


@pytest.mark.parametrize("text", ["Headline\n\nA line with trailing spaces.   \nAnother line.\t\n",
                                  "A single line that ends in a space. "])
def test_structure_lines_with_trailing_whitespace_are_still_paragraphs(structure_analyzer: Analyzer,
                                                                        text: str) -> None:
    doc = structure_analyzer(Document.from_text(text))
    body = "".join(doc.span_text(p) for p in doc.paragraphs)
    assert "trailing spaces." in body or "ends in a space." in body
    # every non-blank body line is inside some paragraph
    for line in text.splitlines()[2 if text.startswith("Headline") else 0:]:
        if line.strip():
            assert any(line.strip() in doc.span_text(p) for p in doc.paragraphs)
