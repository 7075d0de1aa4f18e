"""Entity roles and narratives in the store (migration m003): rows, the role filter, entity framing, the migration of
an older store, and export; each on SQLite and, when UNSPIN_TEST_POSTGRES_URL is set, on PostgreSQL."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from unspin import Document
from unspin.document import EntityRole, MentionRole, Narrative, Span
from unspin.errors import InputError
from unspin.store import Entry, Filters, Store
from unspin.store import migrations as migrations_module
from unspin.store import store as store_module

TOP = "URW: Blaming the war on others rather than the invader"
SUB = f"{TOP}: The West are the aggressors"


def cast(doc: Document, roles: dict[str, list[tuple[str, list[str]] | None]], *, narratives: bool = True) -> Document:
    """Give the document's mentions of each entity id the roles listed, mention by mention (None: not cast), with
    the sentence that holds the mention, and the whole-document role of each cast entity."""
    seen: dict[str, int] = {}
    for e in doc.entities:
        k = seen.get(e.id, 0)
        seen[e.id] = k + 1
        wanted = roles.get(e.id, [])
        if k < len(wanted) and wanted[k] is not None:
            main, fine = wanted[k]  # type: ignore[misc]
            sentence = next(s for s in doc.sentences if s.start <= e.start < s.end)
            e.role = MentionRole(main, 0.8, fine, {f: 0.6 for f in fine}, Span(sentence.start, sentence.end))
    by_id: dict[str, list[MentionRole]] = {}
    for e in doc.entities:
        if e.role is not None:
            by_id.setdefault(e.id, []).append(e.role)
    doc.roles = [EntityRole(i, rs[0].main, 0.8, sorted({f for r in rs for f in r.fine}), len(rs))
                 for i, rs in by_id.items()]
    if narratives:
        doc.narratives = [Narrative(TOP, 0.7), Narrative(SUB, 0.55, parent=TOP)]
    doc.layers = [*doc.layers, "roles", "narratives"]
    doc.check_offsets()
    return doc


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    url = ":memory:" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with Store.open(url) as s:
        yield s


@pytest.fixture
def cast_store(any_store: Store, make_doc: Callable[..., Document]) -> Store:
    """Four documents naming Pakistan (PK, twice each) and Russia (RU, once): two sources, two months; the last
    ran without the roles layer."""
    text = "Pakistan and Russia signed an oil deal on {}. Prices fell by 3 percent.\n\nThis deal hurts Pakistan.\n"
    Plan = dict[str, list[tuple[str, list[str]] | None]]
    plans: list[tuple[str, str, Plan | None]] = [
        ("ledger", "2024-01-05", {"PK": [("innocent", ["Victim"]), None],
                                  "RU": [("antagonist", ["Foreign Adversary"])]}),
        ("ledger", "2024-02-05", {"PK": [("innocent", ["Victim", "Forgotten"]), ("innocent", ["Victim"])],
                                  "RU": [("protagonist", ["Peacemaker"])]}),
        ("courier", "2024-02-07", {"RU": [("antagonist", ["Instigator", "Foreign Adversary"])]}),
        ("courier", "2024-02-09", None)]
    entries = []
    for i, (source, published, roles) in enumerate(plans):
        doc = make_doc(text.format(f"day {i}"))
        if roles is not None:
            cast(doc, roles, narratives=i < 2)
        entries.append(Entry(doc, source=source, published=published, external_id=f"n{i}"))
    assert any_store.save(entries).stored == 4
    return any_store


def test_store_roles_rows_round_trip(cast_store: Store) -> None:
    doc_id = cast_store.documents(Filters(source="ledger", date_to="2024-01"))[0].id
    _, rows = cast_store.query("SELECT r.idx, r.entity_id, r.char_start, r.char_end, r.main, r.fine, r.sentence_start, "
                               "r.sentence_end "
                               "FROM mention_roles r JOIN documents d ON d.pk = r.doc_pk WHERE d.id = ? "
                               "ORDER BY r.idx", [doc_id])
    doc = cast_store.get(doc_id)
    assert [(r[1], r[4], json.loads(r[5])) for r in rows] == [("PK", "innocent", ["Victim"]),
                                                              ("RU", "antagonist", ["Foreign Adversary"])]
    for idx, _, start, end, _, _, sentence_start, sentence_end in rows:  # each row is its mention, in its sentence
        assert (doc.entities[idx].start, doc.entities[idx].end) == (start, end)
        assert sentence_start <= start < end <= sentence_end and doc.text[sentence_end - 1] == "."
    _, entity_rows = cast_store.query("SELECT entity_id, main, mentions FROM entity_roles r JOIN documents d "
                                      "ON d.pk = r.doc_pk WHERE d.id = ? ORDER BY entity_id", [doc_id])
    assert [tuple(r) for r in entity_rows] == [("PK", "innocent", 1), ("RU", "antagonist", 1)]
    _, narrative_rows = cast_store.query("SELECT label, parent, score FROM narratives n JOIN documents d "
                                         "ON d.pk = n.doc_pk WHERE d.id = ? ORDER BY label", [doc_id])
    assert [tuple(r) for r in narrative_rows] == [(TOP, None, pytest.approx(0.7)), (SUB, TOP, pytest.approx(0.55))]
    assert cast_store.get(doc_id).roles == doc.roles  # the Document itself comes back unchanged


def test_store_roles_deleting_a_document_deletes_its_rows(cast_store: Store) -> None:
    for summary in cast_store.documents():
        cast_store.delete(summary.id)
    for table in ("mention_roles", "entity_roles", "narratives"):
        assert cast_store.query(f"SELECT count(*) FROM {table}")[1][0][0] == 0, table


def test_store_narratives_are_rates_in_stats(cast_store: Store) -> None:
    rates = cast_store.stats().groups[0].rates
    assert rates["narrative"] == {TOP: 0.5} and rates["subnarrative"] == {SUB: 0.5}


@pytest.mark.parametrize(("role", "entity", "expected"), [
    ("antagonist", "RU", ["n0", "n2"]),
    ("antagonist", "russia", ["n0", "n2"]),  # a mention's text, any case, like the entity filter
    ("innocent", "PK", ["n0", "n1"]),
    ("antagonist", "PK", []),
    ("protagonist", None, ["n1"]),  # alone: any entity in that role
    ("Foreign Adversary", "RU", ["n0", "n2"]),  # a fine role
    ("Victim", None, ["n0", "n1"]),
])
def test_store_role_filter(cast_store: Store, role: str, entity: str | None, expected: list[str]) -> None:
    filters = Filters(role=cast_store.check_role(role), entity=entity)
    assert sorted(d.external_id or "" for d in cast_store.documents(filters)) == expected
    assert cast_store.count(filters) == len(expected)
    hits = cast_store.search("oil", filters)
    assert sorted(h.document.external_id or "" for h in hits) == expected


@pytest.mark.parametrize(("given", "stored"), [("Antagonist", "antagonist"), ("foreign adversary", "Foreign Adversary"),
                                               ("foreign_adversary", "Foreign Adversary")])
def test_store_check_role_takes_any_spelling(cast_store: Store, given: str, stored: str) -> None:
    assert cast_store.check_role(given) == stored


def test_store_check_role_refuses_a_typo_with_suggestions(cast_store: Store) -> None:
    with pytest.raises(InputError, match=r"no role is called 'antagonsit'.*did you mean antagonist"):
        cast_store.check_role("antagonsit")


def test_store_framing_by_source_counts_mentions(cast_store: Store) -> None:
    framing = cast_store.framing("PK", by="source")
    groups = {g.group: g for g in framing.groups}
    ledger, courier = groups["ledger"], groups["courier"]
    # ledger: 4 mentions of Pakistan, 3 cast innocent, 1 not cast; fine roles over the 3 cast mentions.
    assert (ledger.mentions, ledger.framed, ledger.documents, ledger.analysed) == (4, 3, 2, 2)
    assert ledger.shares == {"protagonist": 0.0, "antagonist": 0.0, "innocent": 0.75, "none": 0.25}
    assert ledger.fine[:2] == [("Victim", 3, 1.0), ("Forgotten", 1, pytest.approx(1 / 3, abs=1e-6))]
    assert ledger.document_roles == {"protagonist": 0, "antagonist": 0, "innocent": 2}
    # courier: the document that ran without the layer is counted as a document, never as "not cast".
    assert (courier.mentions, courier.framed, courier.documents, courier.analysed) == (2, 0, 2, 1)
    assert courier.shares["none"] == 1.0
    assert framing.name == "Pakistan" and framing.ids == ["PK"]


def test_store_framing_overall_and_by_month(cast_store: Store) -> None:
    overall = cast_store.framing("Russia")  # a name finds the id
    assert overall.ids == ["RU"] and [g.group for g in overall.groups] == [None]
    g = overall.groups[0]
    assert (g.mentions, g.counts) == (3, {"protagonist": 1, "antagonist": 2, "innocent": 0, "none": 0})
    assert g.fine[0] == ("Foreign Adversary", 2, pytest.approx(2 / 3, abs=1e-6))
    months = {g.group: g.shares["antagonist"] for g in cast_store.framing("RU", by="month").groups}
    assert months == {"2024-01": 1.0, "2024-02": 0.5}
    assert cast_store.framing("RU", filters=Filters(source="courier")).groups[0].mentions == 1


def test_store_framing_of_an_unknown_entity_is_an_input_error(cast_store: Store) -> None:
    with pytest.raises(InputError, match="no stored document names 'Atlantis'"):
        cast_store.framing("Atlantis")


def test_store_framed_entities_most_cast_first(cast_store: Store) -> None:
    assert cast_store.framed_entities() == [("PK", "Pakistan", 3), ("RU", "Russia", 3)]


def test_store_roles_migration_fills_an_older_store_without_loss(tmp_path: Path, make_doc: Callable[..., Document],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A store made before m003 (its documents' JSON already carrying roles) gains the tables, filled."""
    db = tmp_path / "old.db"
    doc = cast(make_doc(), {"PK": [("innocent", ["Victim"])], "RU": [("antagonist", ["Tyrant"])]})
    plain = make_doc("Pakistan and Russia met on Friday. Nothing happened.\n")
    with monkeypatch.context() as m:
        # The code before m003: only the first migration, and a save that writes no role rows.
        m.setattr(migrations_module, "MIGRATIONS", migrations_module.MIGRATIONS[:1])
        m.setattr(store_module, "save_role_rows", lambda *args: None)
        with Store.open(db) as old:
            old.save([Entry(doc, source="ledger"), Entry(plain, source="courier")])
            assert old.schema_version() == ["m001_initial"]
            before = {s.id: old.get_dict(s.id) for s in old.documents()}
    with sqlite3.connect(db) as conn:
        assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'mention_roles'").fetchall()
    with Store.open(db) as new:
        assert "m003_roles_and_narratives" in new.schema_version()
        assert {s.id: new.get_dict(s.id) for s in new.documents()} == before  # nothing lost
        assert new.count(Filters(role="antagonist", entity="RU")) == 1
        assert new.framing("RU").groups[0].counts["antagonist"] == 1
        assert new.stats().groups[0].rates["narrative"] == {TOP: 0.5}
        assert new.query("SELECT count(*) FROM entity_roles")[1][0][0] == 2


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_store_roles_export_tables(cast_store: Store, tmp_path: Path, fmt: str) -> None:
    from unspin.corpus.export import export_tables

    written = dict(export_tables(cast_store, tmp_path, fmt, ["roles", "mention_roles", "narratives"]))
    assert written == {tmp_path / f"roles.{fmt}": 5, tmp_path / f"mention_roles.{fmt}": 6,
                       tmp_path / f"narratives.{fmt}": 4}
    if fmt == "csv":
        with (tmp_path / "mention_roles.csv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    else:
        rows = [json.loads(line) for line in (tmp_path / "mention_roles.jsonl").read_text().splitlines()]
    assert {r["text"] for r in rows} == {"Pakistan", "Russia"}  # the mention's own text, from its offsets
    assert all(r["main"] in ("protagonist", "antagonist", "innocent") for r in rows)
    assert any(json.loads(r["fine"]) == ["Instigator", "Foreign Adversary"] for r in rows)


def test_store_framing_by_name_takes_the_id_most_of_its_mentions_carry(any_store: Store,
                                                                         make_doc: Callable[..., Document]) -> None:
    """Regression (PolNeAR dev): "Donald Trump" also matched person:melania-trump, which one stray mention of that
    text was given; a name now resolves to the id most of its mentions carry, and the others are listed apart."""
    docs = []
    for i, ent_id in enumerate(["person:donald-trump", "person:donald-trump", "person:melania-trump"]):
        doc = make_doc(f"Donald Trump spoke on day {i}. Prices fell by 3 percent.\n")
        at = doc.text.index("Donald Trump")
        doc.entities = [e for e in doc.entities if e.id != "PK"]
        from unspin.document import Entity

        doc.entities.append(Entity(at, at + 12, "Donald Trump", "PERSON", ent_id))
        docs.append(cast(doc, {ent_id: [("antagonist", ["Incompetent"])]}, narratives=False))
    any_store.save(docs)
    framing = any_store.framing("donald trump")
    assert framing.ids == ["person:donald-trump"] and framing.name == "Donald Trump"
    assert framing.groups[0].mentions == 2 and framing.also == [("person:melania-trump", 1)]
    assert any_store.framing("person:melania-trump").groups[0].mentions == 1


def test_store_a_countrys_people_are_framed_apart_from_the_state(any_store: Store) -> None:
    """The roles layer aggregates "ordinary Pakistanis" (NORP, PK) as PK/people and Islamabad as PK
    (unspin.canonical.role_id): framing and the role filter keep them apart the same way."""
    from unspin.components.roles import aggregate
    from unspin.document import Entity, Sentence

    text = "Islamabad is betting on a pariah state, and ordinary Pakistanis will pay the price.\n"
    doc = Document.from_text(text)
    doc.sentences = [Sentence(0, len(text) - 1)]
    whole = Span(0, len(text) - 1)
    doc.entities = [
        Entity(0, 9, "Islamabad", "GPE", "PK",
               MentionRole("antagonist", 0.8, [], {"antagonist": 0.8}, whole)),
        Entity(53, 63, "Pakistanis", "NORP", "PK",
               MentionRole("innocent", 0.7, ["Victim"], {"innocent": 0.7}, whole))]
    doc.roles = aggregate(doc.entities)
    doc.layers = [*doc.layers, "roles"]
    doc.check_offsets()
    assert any_store.save([Entry(doc, source="ledger", external_id="p1")]).stored == 1
    people, state = any_store.framing("PK/people"), any_store.framing("PK")
    assert (people.name, people.groups[0].counts["innocent"], people.groups[0].mentions) == ("Pakistanis", 1, 1)
    assert people.groups[0].document_roles == {"protagonist": 0, "antagonist": 0, "innocent": 1}
    assert (state.groups[0].counts["antagonist"], state.groups[0].mentions) == (1, 1)
    assert state.groups[0].document_roles == {"protagonist": 0, "antagonist": 1, "innocent": 0}
    victims = Filters(role=any_store.check_role("innocent"), entity="PK/people")
    assert [d.external_id for d in any_store.documents(victims)] == ["p1"]
    assert sorted(any_store.framed_entities()) == [("PK", "Islamabad", 1), ("PK/people", "Pakistanis", 1)]
    with pytest.raises(InputError, match="people of 'RU'"):
        any_store.framing("RU/people")
