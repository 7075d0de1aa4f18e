"""The corpus commands end to end on a small store: batch, stats (+ plots), search, export, clusters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from batch_samples import article
from unspin.cli import app
from unspin.store import Entry, Filters, Store

COMMANDS = ["batch", "stats", "search", "clusters", "export"]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(make_jsonl, tmp_path: Path, runner: CliRunner) -> Path:
    path = tmp_path / "corpus.db"
    jsonl = make_jsonl([{"text": article(i), "id": f"n{i}", "source": "ledger" if i % 2 else "courier",
                         "published": f"2024-0{1 + i % 2}-15"} for i in range(4)] + ["{broken"])
    result = runner.invoke(app, ["batch", str(jsonl), "--db", str(path), "--workers", "0",
                                 "--layers", "structure,language"], standalone_mode=False)
    assert result.return_value == 1, result.output  # one broken line: reported, the rest stored (exit status 1)
    assert "stored 4, failed 1" in result.output
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_cli_stats_json_and_plots(db: Path, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", "--db", str(db), "--by", "source", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {g["group"]: g["documents"] for g in data["groups"]} == {"courier": 2, "ledger": 2}
    assert data["failures"] == 1
    for suffix in (".png", ".svg"):
        plot = tmp_path / f"rates{suffix}"
        assert runner.invoke(app, ["stats", "--db", str(db), "--by", "month", "--plot", str(plot)]).exit_code == 0
        assert plot.stat().st_size > 1000


def test_cli_search_filters(db: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "delegations", "--db", str(db), "--source", "ledger", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert sorted(h["document"]["external_id"] for h in json.loads(result.output)) == ["n1", "n3"]


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_cli_export_tables(db: Path, runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "export"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"documents.{fmt}\t4 rows" in result.output and f"failures.{fmt}\t1 rows" in result.output
    if fmt == "parquet":
        import pyarrow.parquet as pq

        spans = pq.read_table(out / "spans.parquet").to_pylist()
        sentence = next(s for s in spans if s["layer"] == "sentence")
        with Store.open(db) as store:
            text = store.get(sentence["doc_id"]).text
        assert text[sentence["start"]:sentence["end"]] == sentence["text"]


@pytest.mark.slow
def test_cli_clusters_group_similar_claims(tmp_path: Path, runner: CliRunner) -> None:
    """Hand-built claims in two narratives (and two languages); the real encoder groups them."""
    from unspin import Document
    from unspin.document import Sentence

    narratives = ["Fuel prices rose by ten percent this month.", "The price of fuel went up ten percent in May.",
                  "Le prix du carburant a augmenté de dix pour cent.", "The dam will flood three villages next year.",
                  "Three villages will be flooded by the new dam.", "The new dam is going to submerge three villages."]
    db = tmp_path / "claims.db"
    with Store.open(db) as store:
        for i, sentence in enumerate(narratives):
            doc = Document.from_text(sentence + " Officials said so.")
            doc.sentences = [Sentence(0, len(sentence), 0.9, True)]
            store.save([Entry(doc, source=f"s{i % 2}", published=f"2024-0{1 + i % 3}-01")])
    result = runner.invoke(app, ["clusters", "--db", str(db), "--min-size", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    clusters = json.loads(result.output)
    assert sorted(c["size"] for c in clusters) == [3, 3]
    fuel = next(c for c in clusters if "fuel" in c["terms"] or "prix" in c["terms"])
    assert fuel["kinds"] == {"claim": 3} and sum(fuel["months"].values()) == 3


def _hand_built_store(path: Path) -> list[str]:
    """Documents with claims, entities and persuasive paragraphs set by hand (no model), in two languages."""
    from unspin import Document
    from unspin.document import Entity, Paragraph, ParagraphTechnique, Sentence

    texts = ["Fuel prices rose by ten percent this month in Karachi.",
             "The price of fuel went up ten percent in May, Karachi traders said.",
             "Fuel became ten percent dearer in Karachi, the ministry admitted."]
    with Store.open(path) as store:
        for i, claim in enumerate(texts):
            rant = "These greedy crooks are robbing every family blind, and nobody will stop them!"
            doc = Document.from_text(f"{claim}\n\n{rant}")
            start = doc.text.index(rant)
            doc.language = "en" if i < 2 else "fr"
            doc.sentences = [Sentence(0, len(claim), 0.9, True), Sentence(start, len(doc.text), 0.1, False)]
            doc.paragraphs = [Paragraph(0, len(claim)),
                              Paragraph(start, len(doc.text), [ParagraphTechnique("Loaded_Language", 0.8)])]
            k = claim.index("Karachi")
            doc.entities = [Entity(k, k + 7, "Karachi", "GPE", "PK-SD")]
            store.save([Entry(doc, source=f"s{i % 2}", published="2024-05-01")])
    return texts


def test_cli_export_claims_and_entities_rows(tmp_path: Path, runner: CliRunner) -> None:
    import pyarrow.parquet as pq

    db, out = tmp_path / "hand.db", tmp_path / "export"
    texts = _hand_built_store(db)
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    claims = pq.read_table(out / "claims.parquet").to_pylist()
    assert sorted(c["text"] for c in claims) == sorted(texts)
    assert all(c["start"] == 0 and c["sentence"] == 0 and c["checkworthiness"] == pytest.approx(0.9)
               for c in claims)
    entities = pq.read_table(out / "entities.parquet").to_pylist()
    assert [(e["text"], e["label"], e["entity_id"]) for e in entities] == [("Karachi", "GPE", "PK-SD")] * 3


def test_cli_stats_by_language(tmp_path: Path, runner: CliRunner) -> None:
    db = tmp_path / "hand.db"
    _hand_built_store(db)
    result = runner.invoke(app, ["stats", "--db", str(db), "--by", "language", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {g["group"]: g["documents"] for g in json.loads(result.output)["groups"]} == {"en": 2, "fr": 1}


@pytest.mark.slow
def test_cli_clusters_persuasive_paragraphs_with_sources(tmp_path: Path, runner: CliRunner) -> None:
    db = tmp_path / "hand.db"
    _hand_built_store(db)
    result = runner.invoke(app, ["clusters", "--db", str(db), "--min-size", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    by_kind = {next(iter(c["kinds"])): c for c in json.loads(result.output)}
    assert set(by_kind) == {"claim", "paragraph"}  # the three rants and the three fuel claims: two narratives
    rants = by_kind["paragraph"]
    assert rants["size"] == 3 and rants["documents"] == 3 and rants["sources"] == {"s0": 2, "s1": 1}
    assert rants["months"] == {"2024-05": 3} and "crooks" in rants["examples"][0]


def test_progress_bar_total_shrinks_for_skipped_records() -> None:
    from unspin.cli.corpus import _progress_bar, _shrink_total

    with _progress_bar() as bar:
        task = bar.add_task("analysing", total=10)
        _shrink_total(bar, task, 3)
        bar.advance(task, 2)
        (state,) = bar.tasks
        assert (state.total, state.completed) == (7, 2)


@pytest.mark.parametrize("argv", [["stats"], ["search", "oil"], ["clusters"], ["export", "-o", "out"]])
def test_cli_reading_commands_refuse_a_missing_store(tmp_path: Path, argv: list[str], capsys) -> None:
    from unspin.cli import main

    missing = tmp_path / "typo.db"
    code = main([argv[0], "--db", str(missing), *argv[1:]])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("unspin: error:") and str(missing) in err and len(err.splitlines()) == 1
    assert not missing.exists()  # the typo did not create an empty store


@pytest.mark.parametrize(("argv", "expected"), [
    (["search", "oil", "--technique", "Loaded_Languag"], "Loaded_Language"),
    (["search", "oil", "--technique", "flag wavng"], "Flag-Waving"),
    (["stats", "--frame", "Econmic"], "Economic"),
])
def test_cli_label_filters_name_the_closest_valid_labels(tmp_path: Path, argv: list[str], expected: str,
                                                          capsys) -> None:
    """Regression: ``search --technique Loaded_Languag`` said "no matches" instead of naming the valid labels."""
    from unspin.cli import main

    path = tmp_path / "corpus.db"
    Store.open(path).close()
    code = main([argv[0], "--db", str(path), *argv[1:]])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("unspin: error:") and len(err.splitlines()) == 1
    assert f"did you mean {expected}" in err and "Valid:" in err


def test_cli_label_filters_accept_any_spelling_of_a_technique(tmp_path: Path, capsys) -> None:
    from unspin.cli import main

    path = tmp_path / "corpus.db"
    Store.open(path).close()
    assert main(["search", "oil", "--db", str(path), "--technique", "Flag_Waving", "--format", "json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


@pytest.fixture
def cast_db(tmp_path: Path) -> Path:
    """A store of the synthetic corpus with roles and narratives filled by hand (unspin_testing.cast_corpus)."""
    from unspin_testing import cast_corpus

    path = tmp_path / "cast.db"
    with Store.open(path) as store:
        store.save(cast_corpus())
    return path


def check_entity_framing_commands(db: str, runner: CliRunner, tmp_path: Path, capsys: Any) -> None:
    """stats --entity ID --by source (table, JSON, plot) and search --role, on the store at ``db``."""
    result = runner.invoke(app, ["stats", "--db", db, "--entity", "RU", "--by", "source", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    framing = data["framing"]
    assert framing["ids"] == ["RU"] and framing["name"] == "Russia" and framing["unit"] == "mentions"
    # --entity keeps its meaning for the other statistics: only documents naming Russia.
    assert sum(g["documents"] for g in data["groups"]) == sum(g["documents"] for g in framing["groups"])
    for g in framing["groups"]:
        assert sum(g["shares"].values()) == pytest.approx(1.0, abs=1e-5) and sum(g["counts"].values()) == g["mentions"]
        assert [f["mentions"] for f in g["fine"]] == sorted((f["mentions"] for f in g["fine"]), reverse=True)
    ledger = next(g for g in framing["groups"] if g["group"] == "ledger.example")
    assert ledger["shares"]["antagonist"] > ledger["shares"]["innocent"]  # the ledger casts the place as a villain
    table = runner.invoke(app, ["stats", "--db", db, "--entity", "Russia", "--by", "month"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "How the corpus casts Russia (RU): share of its mentions by month" in table.output
    assert "antagonist" in table.output and "not cast" in table.output
    for suffix in (".svg", ".png"):
        plot = tmp_path / f"framing{suffix}"
        drawn = runner.invoke(app, ["stats", "--db", db, "--entity", "RU", "--by", "source", "--plot", str(plot)])
        assert drawn.exit_code == 0, drawn.output
        assert plot.stat().st_size > 1000
        if suffix == ".svg":
            svg = plot.read_text(encoding="utf-8")
            assert "How the corpus casts Russia (RU) by source" in svg and "Fine roles of Russia" in svg
            assert svg.index("How the corpus casts Russia") < svg.index("Persuasion techniques per month")
    found = runner.invoke(app, ["search", "--db", db, "--role", "antagonist", "--entity", "RU", "--format", "json"])
    assert found.exit_code == 0, found.output
    ids = {h["document"]["id"] for h in json.loads(found.output)}
    with Store.open(db) as store:
        expected = {d.id for d in store.documents(Filters(role="antagonist", entity="RU"), limit=100)}
        for doc_id in ids:  # each found document casts Russia as an antagonist, in a mention or over the document
            doc = store.get(doc_id)
            assert any(r.id == "RU" and r.main == "antagonist" for r in doc.roles) or any(
                e.id == "RU" and e.role and e.role.main == "antagonist" for e in doc.entities)
    assert ids == expected and ids
    words = runner.invoke(app, ["search", "talks", "--db", db, "--role", "Foreign adversary", "--format", "json"])
    assert words.exit_code == 0 and json.loads(words.output)
    from unspin.cli import main

    capsys.readouterr()
    for argv, message in ((["--role", "antagonsit"], "did you mean antagonist"),
                          ([], "give words to search for, or a filter"),
                          (["--entity", "Atlantis", "--role", "innocent"], "no matches")):
        code = main(["search", "--db", db, *argv])
        out, err = capsys.readouterr()
        if message == "no matches":  # a role nobody holds is an empty result, not an error
            assert code in (0, None) and message in out
        else:
            assert code == 2 and err.startswith("unspin: error:") and message in err and len(err.splitlines()) == 1


def test_cli_stats_entity_framing_and_search_role(cast_db: Path, runner: CliRunner, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    check_entity_framing_commands(str(cast_db), runner, tmp_path, capsys)


def test_cli_stats_entity_unknown_is_one_line(cast_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from unspin.cli import main

    code = main(["stats", "--db", str(cast_db), "--entity", "Atlantis"])
    err = capsys.readouterr().err
    assert code == 2 and "no stored document names 'Atlantis'" in err and len(err.splitlines()) == 1


def test_cli_export_roles_tables(cast_db: Path, runner: CliRunner, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "export"
    result = runner.invoke(app, ["export", "--db", str(cast_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    mentions = pq.read_table(out / "mention_roles.parquet").to_pylist()
    roles = pq.read_table(out / "roles.parquet").to_pylist()
    narratives = pq.read_table(out / "narratives.parquet").to_pylist()
    assert mentions and roles and narratives
    with Store.open(cast_db) as store:
        doc = store.get(mentions[0]["doc_id"])
    entity = doc.entities[mentions[0]["idx"]]
    assert (entity.text, entity.role.main if entity.role else None) == (mentions[0]["text"], mentions[0]["main"])
    assert {r["main"] for r in roles} <= {"protagonist", "antagonist", "innocent"}
    assert any(n["parent"] for n in narratives) and any(n["parent"] is None for n in narratives)


def test_cli_stats_entity_on_a_store_without_roles_says_why(tmp_path: Path, runner: CliRunner) -> None:
    """Documents analysed before the roles layer: no share is drawn from them, and the table says what to do."""
    from unspin_testing import synthetic_corpus

    path = tmp_path / "plain.db"
    with Store.open(path) as store:
        store.save(synthetic_corpus(12))
    result = runner.invoke(app, ["stats", "--db", str(path), "--entity", "RU", "--by", "source"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "ran the roles layer: analyse them again with it" in result.output
    rows = [line for line in result.output.splitlines() if "with roles)" in line]
    assert rows and all(line.count("—") >= 4 and "%" not in line for line in rows)
