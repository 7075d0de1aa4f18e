"""The quotes layer's rules (kind, anonymity, speakers, the non-English fallback) on hand-built Documents, and the
layer end to end with the shipped model on a short hand-written wire story (slow)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from unspin import Analyzer
from unspin.components.quotes import (
    _model_quotes,
    is_anonymous,
    is_rhetorical_consensus,
    quote_kind,
    quoted_regions,
    resolve_speakers,
    rule_quotes,
    signed_quotes,
)
from unspin.document import Document, Entity, Quote, Section, Sentence, Span
from unspin.ml.attribution import AttributionRelation, TaggedSpan


def _span(text: str, part: str, start: int = 0) -> Span:
    i = text.index(part, start)
    return Span(i, i + len(part))


def test_quotes_quoted_regions_every_style_and_not_apostrophes() -> None:
    text = ("He said “we will win” and «nous gagnerons» and „wir gewinnen“ and \"yes\" and 'no way' "
            "but don't and the Clintons’ house.")
    found = [text[a:b] for a, b in quoted_regions(text)]
    assert found == ["“we will win”", "«nous gagnerons»", "„wir gewinnen“", "\"yes\"", "'no way'"]
    # a quote never runs over a paragraph break
    assert quoted_regions("He said “unfinished\nNext paragraph.") == []


def test_quotes_quoted_regions_a_quote_running_on_over_paragraphs() -> None:
    text = ("“We will rebuild the bridge.\n\n“It will take time,” she said.\n\n"
            "He said “we will\n\nnot\n\n“And a new paragraph with an unclosed mark")
    found = [text[a:b] for a, b in quoted_regions(text)]
    # The first paragraph runs on into a paragraph opening with the same mark; "“we will" opens mid-paragraph,
    # and the last mark has no paragraph after it: neither is a quote.
    assert found == ["“We will rebuild the bridge.", "“It will take time,”"]


def test_quotes_quoted_regions_a_curly_pair_inside_a_straight_quote() -> None:
    text = '"PENCE: She thinks this is an episode of “Shark Tank.” But this is America, Chris." Then he left.'
    assert [text[a:b] for a, b in quoted_regions(text)] == [text[: text.index(" Then")]]
    plain = 'He said “fine” and left.'  # a curly pair alone is untouched
    assert [plain[a:b] for a, b in quoted_regions(plain)] == ["“fine”"]


def test_quotes_kind_direct_mixed_indirect() -> None:
    text = "“We will win this,” she said. She said the plan was “a disaster for everyone”. He said it rained."
    regions = quoted_regions(text)
    direct = _span(text, "“We will win this,”")
    mixed = _span(text, "the plan was “a disaster for everyone”")
    indirect = _span(text, "it rained")
    assert quote_kind(text, direct.start, direct.end, regions) == "direct"
    assert quote_kind(text, mixed.start, mixed.end, regions) == "mixed"
    assert quote_kind(text, indirect.start, indirect.end, regions) == "indirect"


def _ent(text: str, name: str, label: str, eid: str, start: int = 0) -> Entity:
    s = _span(text, name, start)
    return Entity(s.start, s.end, name, label, eid)


def test_quotes_anonymous_sources() -> None:
    assert is_anonymous("officials", [])
    assert is_anonymous("a source close to the campaign", [])
    assert is_anonymous("people familiar with the talks", [])
    assert is_anonymous("senior administration officials", [])
    trump = Entity(0, 5, "Trump", "PERSON", "person:donald-trump")
    assert is_anonymous("aides to Trump", [(9, trump)])
    assert is_anonymous("Trump's aides", [(0, trump)])
    assert not is_anonymous("Trump", [(0, trump)])
    assert not is_anonymous("the president", [])
    assert not is_anonymous("people", [])  # "people" alone is not an unnamed source (it is the public)


def test_quotes_speakers_named_pronoun_and_anonymous() -> None:
    text = ("Senator Jane Doe said the bill would pass. She added that it was late. "
            "Officials said the vote was close. Doe told reporters it mattered.")
    doc = Document.from_text(text)
    doc.entities = [_ent(text, "Jane Doe", "PERSON", "person:jane-doe"),
                    _ent(text, "Doe", "PERSON", "person:jane-doe", text.index("Doe told"))]
    quotes = [
        Quote(content=_span(text, "the bill would pass"), kind="indirect", source=_span(text, "Senator Jane Doe"),
              cue=_span(text, "said")),
        Quote(content=_span(text, "it was late"), kind="indirect", source=_span(text, "She"),
              cue=_span(text, "added")),
        Quote(content=_span(text, "the vote was close"), kind="indirect", source=_span(text, "Officials"),
              cue=_span(text, "said", text.index("Officials"))),
        Quote(content=_span(text, "it mattered"), kind="indirect", source=_span(text, "Doe", text.index("Doe told")),
              cue=_span(text, "told reporters")),
        Quote(content=_span(text, "the vote was close"), kind="indirect", source=None, cue=None),
    ]
    resolve_speakers(doc, quotes)
    assert [(q.speaker, q.speaker_id, q.anonymous) for q in quotes] == [
        ("Jane Doe", "person:jane-doe", False),
        ("Jane Doe", "person:jane-doe", False),
        ("Officials", None, True),
        ("Jane Doe", "person:jane-doe", False),
        (None, None, False),
    ]


def test_quotes_pronoun_without_a_named_person_stays_unresolved() -> None:
    text = "He said it would rain."
    doc = Document.from_text(text)
    q = Quote(content=_span(text, "it would rain"), kind="indirect", source=_span(text, "He"), cue=_span(text, "said"))
    resolve_speakers(doc, [q])
    assert q.speaker == "He" and q.speaker_id is None and not q.anonymous


def _body_doc(text: str, language: str) -> Document:
    doc = Document.from_text(text)
    doc.language = language
    doc.sections = [Section(0, len(text), "News", "body")]
    doc.sentences = []
    start = 0
    for part in text.split(". "):
        end = start + len(part) + (1 if start + len(part) < len(text) else 0)
        doc.sentences.append(Sentence(start, min(end, len(text))))
        start = end + 1
    return doc


def test_quotes_rule_fallback_french() -> None:
    text = ("« Nous ne céderons pas sur ce point », a déclaré Marie Dupont mardi. "
            "Selon le ministère, la réforme entrera en vigueur en janvier.")
    doc = _body_doc(text, "fr")
    quotes = rule_quotes(doc, "fr")
    assert len(quotes) == 2
    direct, reported = quotes
    assert text[direct.content.start : direct.content.end] == "« Nous ne céderons pas sur ce point »"
    assert direct.kind == "direct" and direct.cue is not None and direct.source is not None
    assert text[direct.cue.start : direct.cue.end] == "a déclaré"
    assert text[direct.source.start : direct.source.end] == "Marie Dupont"
    assert reported.cue is not None and text[reported.cue.start : reported.cue.end] == "Selon"
    assert reported.source is not None and text[reported.source.start : reported.source.end] == "le ministère"
    assert text[reported.content.start : reported.content.end] == "la réforme entrera en vigueur en janvier."


def _quote_texts(text: str, q: Quote) -> tuple[str | None, str | None, str]:
    return (text[q.source.start : q.source.end] if q.source else None, text[q.cue.start : q.cue.end] if q.cue else None,
            text[q.content.start : q.content.end])


def test_quotes_rule_fallback_german_name_particle_and_postposition() -> None:
    # attribution/ page 21: "HDE-Präsident Alexander" (the name stopped at "von") and "rund 40" as the source of
    # "dem HDE zufolge", a postposition whose source comes before it.
    text = ("„Für 2023 rechnen wir damit, nochmal 9.000 Geschäfte zu verlieren“, sagte HDE-Präsident Alexander von "
            "Preen am Mittwoch. Vor Corona gab es dem HDE zufolge rund 40.000 Geschäftsschließungen pro Jahr.")
    doc = _body_doc(text, "de")
    got = [_quote_texts(text, q) for q in rule_quotes(doc, "de")]
    assert got == [("HDE-Präsident Alexander von Preen", "sagte",
                    "„Für 2023 rechnen wir damit, nochmal 9.000 Geschäfte zu verlieren“"),
                   ("dem HDE", "zufolge", "rund 40.000 Geschäftsschließungen pro Jahr.")]


def test_quotes_rule_source_stops_at_a_bracket() -> None:
    # attribution/ page 5: "selon la nomenclature du JEL) pour que les lecteurs …" was all source.
    text = ("Les revues sont classées (selon la nomenclature du JEL) pour que les lecteurs potentiels s’y retrouvent. "
            "Fin.")
    doc = _body_doc(text, "fr")
    got = [_quote_texts(text, q) for q in rule_quotes(doc, "fr")]
    assert got == [("la nomenclature du JEL", "selon", "Les revues sont classées")]


def test_quotes_rule_fallback_source_ends_with_its_sentence() -> None:
    # attribution/ page 21: "sagte er.\n\nDie Unzufriedenheit" was read as the speaker's name.
    text = "„Es dürfte zumindest nicht besser werden“, sagte er.\n\nDie Unzufriedenheit wächst weiter im Land."
    doc = _body_doc(text, "de")
    got = [_quote_texts(text, q) for q in rule_quotes(doc, "de")]
    assert got == [("er", "sagte", "„Es dürfte zumindest nicht besser werden“")]


def test_quotes_rule_selon_que_is_no_attribution() -> None:
    text = "La présence varie selon qu’il s’agit des articles ou des auteurs, et reste faible. Fin."
    assert rule_quotes(_body_doc(text, "fr"), "fr") == []


class _FakeTagger:
    """Stands in for the model: one relation per text at fixed offsets (the model is not the subject here)."""

    def infer(self, texts: list[str]) -> list[SimpleNamespace]:
        return [SimpleNamespace(text=t, hidden=None) for t in texts]  # no encoder, so no states to keep

    def relations_from(self, inf: SimpleNamespace) -> list[AttributionRelation]:
        t = inf.text
        i, lead = t.index("said"), len(t) - len(t.lstrip())
        return [AttributionRelation(TaggedSpan("content", i + 5, len(t) - 1, 0.9),
                                    TaggedSpan("cue", i, i + 4, 0.95),
                                    TaggedSpan("source", lead, i - 1, 0.8))]


def test_quotes_model_offsets_are_shifted_to_the_document() -> None:
    text = "## News:\nThe mayor said the road reopens."
    doc = Document.from_text(text)
    heading = _span(text, "## News:")
    doc.sections = [Section(0, len(text), "News", "body", heading=heading)]
    (q,) = _model_quotes(doc, _FakeTagger())
    assert q.source is not None and q.cue is not None
    assert text[q.source.start : q.source.end] == "The mayor"
    assert text[q.cue.start : q.cue.end] == "said"
    assert text[q.content.start : q.content.end] == "the road reopens"
    assert q.score == 0.9


WIRE = """Senate passes budget after late-night vote

WASHINGTON (Reuters) - The U.S. Senate passed a $1.2 trillion spending bill on Friday, averting a shutdown.

"This is a good day for the American people," Senate Majority Leader Chuck Schumer told reporters after the vote.

The bill includes $15 billion for disaster relief, according to the Congressional Budget Office.

Officials familiar with the negotiations said the White House had pressed for a faster vote.
"""


@pytest.mark.slow
def test_quotes_layer_on_a_wire_story() -> None:
    from unspin import Analyzer

    doc = Analyzer(["structure", "language", "entities", "quotes"])(Document.from_text(WIRE))
    assert "quotes" in doc.layers
    text = doc.text
    by_content = {text[q.content.start : q.content.end]: q for q in doc.quotes}
    direct = next(q for c, q in by_content.items() if "good day for the American people" in c)
    assert direct.kind == "direct"
    assert direct.source is not None and "Schumer" in text[direct.source.start : direct.source.end]
    assert direct.speaker_id == "person:chuck-schumer"
    acc = next(q for c, q in by_content.items() if "disaster relief" in c)
    assert acc.cue is not None and text[acc.cue.start : acc.cue.end] == "according to"
    assert acc.source is not None and "Congressional Budget Office" in text[acc.source.start : acc.source.end]
    assert acc.kind == "indirect" and not acc.anonymous
    anon = next(q for c, q in by_content.items() if "White House had pressed" in c)
    assert anon.anonymous and anon.speaker_id is None
    assert anon.source is not None and text[anon.source.start : anon.source.end].startswith("Officials")
    doc.check_offsets()
    assert Document.from_dict(doc.to_dict()).quotes == doc.quotes


def test_quotes_speaker_is_not_the_possessor() -> None:
    text = "Hillary Clinton’s campaign manager Robby Mook said the comment was a dig."
    doc = Document.from_text(text)
    doc.entities = [_ent(text, "Hillary Clinton’s", "PERSON", "person:hillary-clinton"),
                    _ent(text, "Robby Mook", "PERSON", "person:robby-mook")]
    q = Quote(content=_span(text, "the comment was a dig"), kind="indirect",
              source=_span(text, "Hillary Clinton’s campaign manager Robby Mook"), cue=_span(text, "said"))
    resolve_speakers(doc, [q])
    assert (q.speaker, q.speaker_id, q.anonymous) == ("Robby Mook", "person:robby-mook", False)


@pytest.mark.parametrize(("source", "first", "second", "speaker_id"), [
    # PolNeAR dev, HuffPost 2016-09-27: "Trump campaign spokesman Jason Miller added, ..." was Donald Trump speaking.
    ("Trump campaign spokesman Jason Miller", "Trump", "Jason Miller", "person:jason-miller"),
    ("Clinton aide Huma Abedin", "Clinton", "Huma Abedin", "person:huma-abedin"),
    # two people joined or related stay the first one
    ("Hillary Clinton and Bill Clinton", "Hillary Clinton", "Bill Clinton", "person:hillary-clinton"),
    ("Obama told reporters Biden", "Obama", "Biden", "person:obama"),
])
def test_quotes_a_person_naming_the_head_persons_employer_is_not_the_speaker(source: str, first: str, second: str,
                                                                            speaker_id: str) -> None:
    text = f"{source} said the comment was a dig."
    doc = Document.from_text(text)
    doc.entities = [_ent(text, first, "PERSON", "person:" + first.lower().replace(" ", "-")),
                    _ent(text, second, "PERSON", "person:" + second.lower().replace(" ", "-"))]
    q = Quote(content=_span(text, "the comment was a dig"), kind="indirect", source=_span(text, source),
              cue=_span(text, "said"))
    resolve_speakers(doc, [q])
    assert q.speaker_id == speaker_id


@pytest.mark.parametrize(("source", "name", "label", "ent_id", "speaker_id"), [
    # PolNeAR dev and SemEval-2023 articles: a place or people as an adjective was made the speaker.
    ("A New York judge", "New York", "GPE", "gpe:new-york", None),
    ("A Chilean judge", "Chilean", "NORP", "CL", None),
    ("the top British medical journal", "British", "NORP", "GB", None),
    ("The GOP presidential nominee", "GOP", "NORP", "norp:republicans", None),
    # heads that speak for the state or the group keep it
    ("the Pakistani government", "Pakistani", "NORP", "PK", "PK"),
    ("Democratic lawmakers", "Democratic", "NORP", "norp:democrats", "norp:democrats"),
    ("The New York Times", "The New York Times", "ORG", "org:new-york-times", "org:new-york-times"),
])
def test_quotes_a_place_or_people_as_an_adjective_is_not_the_speaker(source: str, name: str, label: str,
                                                                      ent_id: str, speaker_id: str | None) -> None:
    text = f"{source} said the ruling was final."
    doc = Document.from_text(text)
    doc.entities = [_ent(text, name, label, ent_id)]
    q = Quote(content=_span(text, "the ruling was final"), kind="indirect", source=_span(text, source),
              cue=_span(text, "said"))
    resolve_speakers(doc, [q])
    assert q.speaker_id == speaker_id
    assert q.speaker == (name if speaker_id else source)


def test_quotes_a_name_coordinated_with_a_complement_is_not_the_speaker() -> None:
    # PolNeAR dev, Politico 2016-09-25: "Recent polls in Pennsylvania and Virginia" was Virginia speaking.
    text = "Recent polls in Pennsylvania and Virginia have similarly shown Clinton's lead eroding."
    doc = Document.from_text(text)
    doc.entities = [_ent(text, "Pennsylvania", "GPE", "US-PA"), _ent(text, "Virginia", "GPE", "US-VA")]
    q = Quote(content=_span(text, "Clinton's lead eroding"), kind="indirect",
              source=_span(text, "Recent polls in Pennsylvania and Virginia"), cue=_span(text, "have similarly shown"))
    resolve_speakers(doc, [q])
    assert q.speaker_id is None and q.speaker == "Recent polls in Pennsylvania and Virginia"


@pytest.mark.parametrize(("source", "speaker"), [
    ("Julian Assange’s", "Julian Assange"), ("the senator's", "the senator"), ("the", None), ("One", None),
    ("officials", "officials"), ("Democrats' ", "Democrats"),
])
def test_quotes_speaker_from_the_source_text(source: str, speaker: str | None) -> None:
    from unspin.components.quotes import _speaker_text

    assert _speaker_text(source) == speaker


@pytest.mark.parametrize(("source", "cue", "rhetoric"), [
    ("Every serious economist", "knows", True), ("Everyone", "agrees", True), ("All sensible people", "know", True),
    ("Anyone who has studied President Trump", "knows", True), ("Any honest observer", "can see", True),
    ("No one", "is suggesting", True), ("Nobody", "believes", True),
    ("No priest", "has the authority to declare", True),
    # reporting: a bounded group, a counted group, a past event, a verb of saying, a named or unnamed real source
    ("Every member of the committee", "agrees", False), ("All three officials", "know", False),
    ("All 50 governors", "agree", False), ("Everyone", "agreed", False), ("Everyone", "said", False),
    ("Officials", "believe", False), ("The government", "calls", False), ("Noah Lew and two others", "said", False),
    ("Everyone", None, False), (None, "knows", False),
])
def test_quotes_rhetorical_consensus_is_the_writers_claim(source: str | None, cue: str | None,
                                                          rhetoric: bool) -> None:
    assert is_rhetorical_consensus(source, cue) is rhetoric


class _VerbTagger(_FakeTagger):
    """One relation per sentence that has one of the verbs: source before it, content after it."""

    def relations_from(self, inf: SimpleNamespace) -> list[AttributionRelation]:
        out, t, start = [], inf.text, 0
        for sentence in t.split(". "):
            for verb in ("said", "knows"):
                if f" {verb} " in sentence:
                    i = start + sentence.index(f" {verb} ") + 1
                    out.append(AttributionRelation(TaggedSpan("content", i + len(verb) + 1, start + len(sentence), 0.9),
                                                   TaggedSpan("cue", i, i + len(verb), 0.95),
                                                   TaggedSpan("source", start, i - 1, 0.8)))
            start += len(sentence) + 2
        return out


def test_quotes_layer_drops_the_writers_appeal_to_consensus(monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.ml.attribution as attribution
    from unspin.components.quotes import make_quotes

    monkeypatch.setattr(attribution, "load_attribution_tagger", lambda model: _VerbTagger())
    text = "The minister said the deal is done. Every serious economist knows that cheap oil is a trap."
    doc = Document.from_text(text)
    doc.language = "en"
    doc.sections = [Section(0, len(text), "Body", "body")]
    doc = make_quotes({"model": None, "languages": ["en"], "min_score": 0.7})(doc)
    assert [text[q.source.start : q.source.end] for q in doc.quotes if q.source] == ["The minister"]


@pytest.mark.parametrize(("text", "cue", "source"), [
    ("The International Monetary Fund, which is negotiating a $6.5 billion programme with Pakistan, declined to "
     "comment.", "declined", "The International Monetary Fund"),
    ("Schilling, through a spokeswoman, declined to comment.", "declined", "Schilling"),
    ("It rained. Mrs. Clinton's campaign said in a statement that it would win.", "said", "Mrs. Clinton's campaign"),
    ("He left. The FDIC, a U.S. banking regulator, declined to comment.", "declined", "The FDIC"),
    # no speech verb: PolNeAR annotates these without a source
    ("Gruenberg is scheduled to testify on Thursday.", "is scheduled", None),
    # an adverbial, not a subject, opens the sentence
    ("On Monday, the ministry, which runs the port, said it would reopen.", "said", None),
    ("Many economists said it would fail.", "said", None),
])
def test_quotes_source_before_a_speech_cue_across_an_aside(structure_analyzer: Analyzer, text: str, cue: str,
                                                           source: str | None) -> None:
    from unspin.components.quotes import source_before

    i = text.index(cue)
    # the cue's sentence as the structure layer splits it ("Mrs." and "U.S." end none)
    sentence = next(s for s in structure_analyzer.run(Document.from_text(text)).sentences if s.start <= i < s.end)
    found = source_before(text, sentence.start, (i, i + len(cue)), i + len(cue) + 1)
    assert (text[found[0] : found[1]] if found else None) == source


def test_quotes_layer_fills_a_source_the_tagger_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.ml.attribution as attribution
    from unspin.components.quotes import make_quotes

    text = "The IMF, which is negotiating a programme with Pakistan, declined to comment."
    i = text.index("declined")

    class _NoSource(_FakeTagger):
        def relations_from(self, inf: SimpleNamespace) -> list[AttributionRelation]:
            return [AttributionRelation(TaggedSpan("content", i + 9, len(text) - 1, 0.9),
                                        TaggedSpan("cue", i, i + 8, 0.9))]

    monkeypatch.setattr(attribution, "load_attribution_tagger", lambda model: _NoSource())
    doc = Document.from_text(text)
    doc.language = "en"
    doc.sections = [Section(0, len(text), "Body", "body")]
    doc.sentences = [Sentence(0, len(text))]
    doc = make_quotes({"model": None, "languages": ["en"], "min_score": 0.7})(doc)
    (quote,) = doc.quotes
    assert quote.source is not None and text[quote.source.start : quote.source.end] == "The IMF"
    assert quote.speaker == "The IMF"


@pytest.mark.parametrize(("text", "cue", "content", "verdict"), [
    # PolNeAR dev, Politico 2016-09-15: run-in subheads in capitals were read as attributions, and Gorski's words
    # came out as Congress's.
    ("CONGRESS HAS INVESTIGATED HIM — “He can’t simply dispense with facts,” Gorski said.", "HAS INVESTIGATED",
     "“He can’t simply dispense with facts,”", "unsourced"),
    ("FELLOW DOCTORS DON’T WANT TO ASSOCIATE WITH HIM — Oz may hit TV ratings gold.", "DON’T WANT",
     "TO ASSOCIATE WITH HIM", "drop"),
    ("The mayor said the road reopens.", "said", "the road reopens", None),
    ("The NATO chief said the alliance holds.", "said", "the alliance holds", None),
])
def test_quotes_a_cue_in_capitals_is_a_subheads_verb(text: str, cue: str, content: str, verdict: str | None) -> None:
    from unspin.components.quotes import heading_attribution

    c, k = _span(text, cue), _span(text, content)
    assert heading_attribution(text, (c.start, c.end), (k.start, k.end)) == verdict


def test_quotes_component_applies_the_subhead_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.ml.attribution as attribution
    from unspin.components.quotes import make_quotes

    text = ("Oz\n\nCONGRESS HAS INVESTIGATED HIM — “He can’t simply dispense with facts he doesn’t like,” "
            "a doctor wrote.")

    class Tagger(_FakeTagger):
        def relations_from(self, inf: SimpleNamespace) -> list[AttributionRelation]:
            t = inf.text
            def sp(role: str, part: str) -> TaggedSpan:
                return TaggedSpan(role, t.index(part), t.index(part) + len(part), 0.9)
            return [AttributionRelation(sp("content", "“He can’t simply dispense with facts he doesn’t like,”"),
                                        sp("cue", "HAS INVESTIGATED"), sp("source", "CONGRESS"))]

    monkeypatch.setattr(attribution, "load_attribution_tagger", lambda model=None: Tagger())
    doc = Document.from_text(text)
    doc.language = "en"
    doc.sections = [Section(4, len(text), "Body", "body")]
    doc = make_quotes({"model": None, "languages": ["en"], "min_score": 0.7})(doc)
    assert [(q.source, q.cue, doc.span_text(q.content)) for q in doc.quotes] == [
        (None, None, "“He can’t simply dispense with facts he doesn’t like,”")]


@pytest.mark.parametrize(("tail", "signed"), [
    # PolNeAR dev, HuffPost 2016-09-27 ("31 Latinos Share ..."): 30 signed quotations had no speaker
    ("” ― Sonya Herridge\n", True), ("”\u00a0― Sonya Herridge.\n", True), ("”― Sonya Herridge", True),
    ("” — Sonya Herridge, a teacher, said more.\n", False),  # the name does not end the line
    ("” said Sonya Herridge\n", False),  # a speech verb is the tagger's business, not this rule's
])
def test_quotes_a_quotation_signed_after_a_dash_is_the_signers(tail: str, signed: bool) -> None:
    text = f"“He represents our greatest shame.{tail}"
    doc = Document.from_text(text)
    doc.entities = [_ent(text, "Sonya Herridge", "PERSON", "person:sonya-herridge")]
    q = Quote(content=Span(0, text.index("shame.") + len("shame.”")), kind="direct")
    signed_quotes(doc, [q])
    resolve_speakers(doc, [q])
    assert (q.speaker_id == "person:sonya-herridge") is signed
    if signed:
        assert q.source is not None and doc.span_text(q.source) == "Sonya Herridge"
        assert q.cue is not None and doc.span_text(q.cue) in {"―", "—"}


def test_quotes_a_signed_quotation_keeps_the_taggers_source() -> None:
    text = "“We need law and order,” Trump said. ― Sonya Herridge\n"
    doc = Document.from_text(text)
    doc.entities = [_ent(text, "Trump", "PERSON", "person:trump"),
                    _ent(text, "Sonya Herridge", "PERSON", "person:sonya-herridge")]
    q = Quote(content=_span(text, "“We need law and order,”"), kind="direct", source=_span(text, "Trump"),
              cue=_span(text, "said"))
    signed_quotes(doc, [q])
    assert q.source is not None and doc.span_text(q.source) == "Trump"


def test_quotes_she_is_not_a_man_named_mr() -> None:
    """PolNeAR dev, NYT 2016-09-25: after Mr. Obama's quotes, "Ms. LaBelle ... she added the words" was Obama's."""
    text = ("Mr. Obama said the day was historic. Ms. LaBelle sang, and she added the words, Hillary Clinton. "
            "He said it again.")
    doc = Document.from_text(text)
    doc.entities = [_ent(text, "Obama", "PERSON", "person:obama"), _ent(text, "LaBelle", "PERSON", "person:labelle"),
                    _ent(text, "Hillary Clinton", "PERSON", "person:hillary-clinton")]
    quotes = [Quote(content=_span(text, "the day was historic"), kind="indirect", source=_span(text, "Mr. Obama"),
                    cue=_span(text, "said")),
              Quote(content=_span(text, "Hillary Clinton"), kind="direct", source=_span(text, "she"),
                    cue=_span(text, "added the words")),
              Quote(content=_span(text, "it again"), kind="indirect", source=_span(text, "He"),
                    cue=_span(text, "said", text.index("He said")))]
    resolve_speakers(doc, quotes)
    assert [q.speaker_id for q in quotes] == ["person:obama", "person:labelle", "person:obama"]


def test_quotes_she_after_a_mr_goes_to_no_one_when_the_only_candidate_is_far_back() -> None:
    """PolNeAR dev, NYT 2016-09-12: "she said" after Mr. Grassley's quotes; the woman speaking was not found by the
    NER, and a person named paragraphs earlier is a guess: no speaker id rather than a wrong one."""
    filler = "The program was created in 1990 and has expanded well beyond its original intent. " * 6
    text = (f"Ronald Fieldstone is a lawyer. {filler}Mr. Grassley said changes are needed. "
            "A developer, she said, disagrees.")
    doc = Document.from_text(text)
    doc.entities = [_ent(text, "Ronald Fieldstone", "PERSON", "person:ronald-fieldstone"),
                    _ent(text, "Grassley", "PERSON", "person:grassley")]
    quotes = [Quote(content=_span(text, "changes are needed"), kind="indirect", source=_span(text, "Mr. Grassley"),
                    cue=_span(text, "said")),
              Quote(content=_span(text, "disagrees"), kind="indirect", source=_span(text, "she"),
                    cue=_span(text, "said", text.index("she said")))]
    resolve_speakers(doc, quotes)
    assert [q.speaker_id for q in quotes] == ["person:grassley", None]


@pytest.mark.parametrize(("source", "expected"), [
    # PolNeAR dev, NYT 2016-09-25 and Politico 2016-09-17: "the president said", "the mayor said" had no speaker id
    ("the president", "person:obama"), ("The president", "person:obama"), ("the mayor", "person:bill-de-blasio"),
    ("the senator", None),  # no one named with that title
])
def test_quotes_an_office_is_the_person_named_with_its_title(source: str, expected: str | None) -> None:
    text = (f"Mayor Bill de Blasio spoke first. Vice President Joe Biden listened. President Obama spoke last. "
            f"{source} said the museum would tell an American story.")
    doc = Document.from_text(text)
    doc.entities = [_ent(text, "Bill de Blasio", "PERSON", "person:bill-de-blasio"),
                    _ent(text, "Joe Biden", "PERSON", "person:joe-biden"),
                    _ent(text, "Obama", "PERSON", "person:obama")]
    q = Quote(content=_span(text, "the museum would tell an American story"), kind="indirect",
              source=_span(text, source), cue=_span(text, "said", text.index(source)))
    resolve_speakers(doc, [q])
    assert q.speaker_id == expected


def test_quotes_vice_president_is_not_the_president() -> None:
    text = "Vice President Joe Biden spoke. The president said the museum was open."
    doc = Document.from_text(text)
    doc.entities = [_ent(text, "Joe Biden", "PERSON", "person:joe-biden")]
    q = Quote(content=_span(text, "the museum was open"), kind="indirect", source=_span(text, "The president"),
              cue=_span(text, "said"))
    resolve_speakers(doc, [q])
    assert q.speaker_id is None
