"""The corpus commands end to end with --db postgresql://… (skipped without UNSPIN_TEST_POSTGRES_URL; CI sets it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from batch_samples import article
from unspin.cli import app
from unspin.store import Store


def test_batch_cli_export_and_clusters_on_postgres(pg_url: str, tmp_path: Path, make_jsonl: Any) -> None:
    """The corpus commands with --db postgresql://…: batch (and its resume), stats, search, export, clusters."""
    runner = CliRunner()
    jsonl = make_jsonl([{"text": article(i), "id": f"n{i}", "source": "ledger" if i % 2 else "courier",
                         "published": f"2024-0{1 + i % 2}-15"} for i in range(4)] + ["{broken"])
    args = ["batch", str(jsonl), "--db", pg_url, "--workers", "0", "--layers", "structure,language"]
    first = runner.invoke(app, args, standalone_mode=False)
    assert first.return_value == 1 and "stored 4, failed 1" in first.output, first.output
    again = runner.invoke(app, args, standalone_mode=False)
    assert "stored 0, failed 0, already stored 5" in again.output, again.output
    stats = runner.invoke(app, ["stats", "--db", pg_url, "--by", "source", "--format", "json"])
    assert {g["group"]: g["documents"] for g in json.loads(stats.output)["groups"]} == {"courier": 2, "ledger": 2}
    found = runner.invoke(app, ["search", "delegations", "--db", pg_url, "--source", "ledger", "--format", "json"])
    assert sorted(h["document"]["external_id"] for h in json.loads(found.output)) == ["n1", "n3"]
    out = tmp_path / "export"
    exported = runner.invoke(app, ["export", "--db", pg_url, "--format", "jsonl", "-o", str(out)])
    assert exported.exit_code == 0 and "documents.jsonl\t4 rows" in exported.output, exported.output
    clusters = runner.invoke(app, ["clusters", "--db", pg_url, "--format", "json"])
    assert clusters.exit_code == 0 and json.loads(clusters.output) == []  # no claims or techniques stored
    with Store.open(pg_url) as pg:
        assert pg.integrity_check() == "ok" and pg.count() == 4


def test_batch_cli_entity_framing_on_postgres(pg_url: str, tmp_path: Path, capsys: Any) -> None:
    """stats --entity ID --by source (table, JSON, SVG and PNG plots) and search --role on PostgreSQL."""
    from test_batch_cli import check_entity_framing_commands

    from unspin_testing import cast_corpus

    with Store.open(pg_url) as pg:
        pg.save(cast_corpus())
    check_entity_framing_commands(pg_url, CliRunner(), tmp_path, capsys)
