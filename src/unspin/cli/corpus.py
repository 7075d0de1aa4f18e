"""Corpus commands: ``unspin batch | stats | search | clusters | export``, thin over the library.

The main app (``unspin.cli.app``) registers these functions. Each parses arguments, calls one library
function and formats the result; an :class:`~unspin.errors.UnspinError` propagates to the app's
``main``, which prints one line on stderr and exits 2.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from unspin.console import error as _error

__all__ = ["batch", "stats", "search", "clusters", "export"]

Db = Annotated[str, typer.Option("--db", help="The store: a SQLite file (created if missing) or postgresql://...")]
ReadDb = Annotated[str, typer.Option("--db", help="The store: an existing SQLite file or postgresql://...")]


class EngineName(StrEnum):
    local = "local"
    ray = "ray"


class By(StrEnum):
    source = "source"
    month = "month"
    language = "language"


class OutFormat(StrEnum):
    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


def _progress_bar() -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:.1f} articles/s" if task.speed else "– articles/s")

    console = Console(stderr=True)
    return Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(),
                    TextColumn("ETA"), TimeRemainingColumn(), console=console, disable=not console.is_terminal,
                    speed_estimate_period=60)


def _shrink_total(bar: Any, task: Any, n: int) -> None:
    """A record that needs no work leaves the bar's total, so rate and ETA measure analysis only."""
    total = next(t.total for t in bar.tasks if t.id == task)
    if total is not None:
        bar.update(task, total=max(0, total - n))


def batch(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT...", show_default=False,
                                                help="Folders, globs, .jsonl or .warc files, article files.")],
    db: Db,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: all cores; 0: in this process).")]
    = None,
    engine: Annotated[EngineName, typer.Option(help="local processes, or Ray Data.")] = EngineName.local,
    ray_address: Annotated[str | None, typer.Option(help="An existing Ray cluster (default: start Ray here).")] = None,
    layers: Annotated[str | None, typer.Option(help="Comma-separated components (default: the configured ones).")]
    = None,
    config: Annotated[Path | None, typer.Option(help="A TOML file overriding the packaged defaults.")] = None,
    batch_size: Annotated[int, typer.Option(help="Documents per committed transaction.")] = 64,
    retry_failed: Annotated[bool, typer.Option(help="Analyse again the inputs that failed in earlier runs.")] = False,
) -> int:
    """Analyse many articles into a corpus store; rerun to resume (stored articles are skipped).

    A failed article is stored in the failures table with its reason and the run goes on; the
    exit status is 1 when some failed. Example: unspin batch articles/ news.jsonl --db corpus.db --workers 2
    """
    from unspin.batch.runner import run_batch
    from unspin.store import Store

    layer_list = [x.strip() for x in layers.split(",") if x.strip()] if layers else None
    with Store.open(db) as store, _progress_bar() as bar:
        task = bar.add_task("analysing", total=None)
        summary = run_batch(inputs, store, layers=layer_list, config_file=str(config) if config else None,
                            workers=workers, engine=engine.value, ray_address=ray_address, batch_size=batch_size,
                            retry_failed=retry_failed, progress=lambda n: bar.advance(task, n),
                            on_total=lambda n: bar.update(task, total=n),
                            on_skip=lambda n: _shrink_total(bar, task, n))
        failures = store.failures(limit=10) if summary.failed else []
    for f in failures:
        where = f" in {f.component}" if f.component else ""
        _error(f"{f.input}: {f.stage}{where}: {f.message}")
    if summary.duplicate_ids:
        ids = list(dict.fromkeys(summary.duplicate_ids))
        _error(f"{len(ids)} input id(s) name different contents (kept apart by content hash): " + ", ".join(ids[:5]))
    typer.echo(f"stored {summary.stored}, failed {summary.failed}, already stored {summary.skipped}, "
               f"duplicates {summary.duplicates} in {summary.seconds:.1f}s ({summary.rate:.1f} articles/s) → {db}",
               err=True)
    if summary.failed:
        _error(f"{summary.failed} input(s) failed; they are in the store's failures table (export --what failures)")
        return 1
    return 0


def _filters(technique: str | None, frame: str | None, entity: str | None, source: str | None,
             language: str | None, date_from: str | None, date_to: str | None) -> Any:
    from unspin.labels import check_filter
    from unspin.store import Filters

    # A mistyped label would silently match nothing ("no matches"): check it against the label catalogue.
    technique = check_filter("technique", technique) if technique else technique
    frame = check_filter("frame", frame) if frame else frame
    return Filters(technique=technique, frame=frame, entity=entity, source=source, language=language,
                   date_from=date_from, date_to=date_to)


Technique = Annotated[str | None, typer.Option(help="Only documents with this persuasion technique.")]
Frame = Annotated[str | None, typer.Option(help="Only documents with this frame.")]
EntityOpt = Annotated[str | None, typer.Option(help="Only documents naming this entity (id or text).")]
RoleOpt = Annotated[str | None, typer.Option(help="Only documents casting --entity (or any entity) in this role: "
                                                  "protagonist, antagonist, innocent, or a fine role.")]
SourceOpt = Annotated[str | None, typer.Option(help="Only documents from this source (publisher).")]
LanguageOpt = Annotated[str | None, typer.Option(help="Only documents in this language (ISO 639-1).")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Published on or after (ISO date, e.g. 2024-01).")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Published on or before (ISO date, e.g. 2024-06-30).")]


def stats(
    db: ReadDb,
    by: Annotated[By | None, typer.Option(help="Group by source, month or language.")] = None,
    plot: Annotated[Path | None, typer.Option(help="Also draw the dashboard's charts (techniques per month and by "
                                                   "source, genres, frames, top names; with --entity, first how "
                                                   "the corpus casts it) to this .png or .svg file.")] = None,
    format: Annotated[OutFormat, typer.Option("--format", "-f")] = OutFormat.table,
    top: Annotated[int, typer.Option(help="How many top entities per group.")] = 10,
    technique: Technique = None, frame: Frame = None, entity: EntityOpt = None, source: SourceOpt = None,
    language: LanguageOpt = None, date_from: FromOpt = None, date_to: ToOpt = None,
) -> None:
    """Technique, frame, genre and claim rates, the top entities, and whose voice (comment share, anonymous
    sources, most-quoted speakers) of a corpus, as a table or a plot.

    With --entity, the statistics cover the documents naming it, and a framing table says how they cast it: per
    group of --by, the share of its mentions cast as protagonist, antagonist or innocent (or not cast), and its
    top fine roles (JSON: "framing"). Example: unspin stats --db corpus.db --entity RU --by source --plot ru.png
    """
    from unspin.corpus.charts import corpus_charts
    from unspin.corpus.framing import framing_charts, render_framing
    from unspin.corpus.stats import plot_stats, render_stats
    from unspin.store import Store

    filters = _filters(technique, frame, entity, source, language, date_from, date_to)
    with Store.open(db, create=False) as store:
        result = store.stats(by.value if by else None, filters, top=top)
        framing = store.framing(entity, by.value if by else None, filters, top=top) if entity else None
        # The dashboard's charts, whatever --by says: per month (undated documents left out), by source, overall.
        charts = corpus_charts(store.stats(None, filters, top=60), store.stats("month", filters),
                               store.stats("source", filters)) if plot is not None else []
    if plot is not None:
        plot_stats((framing_charts(framing) if framing else []) + charts, plot)
    if format is OutFormat.json:
        out = result.to_dict()
        if framing is not None:
            out["framing"] = framing.to_dict()
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        render_stats(result)
        if framing is not None:
            render_framing(framing)


def search(
    db: ReadDb,
    query: Annotated[str | None, typer.Argument(help='Words, "a phrase", OR, NOT, prefix*; leave out to list the '
                                                     'documents the filters keep, newest first. With --speaker: words '
                                                     'the quote must hold.')] = None,
    speaker: Annotated[str | None, typer.Option(help="Quotes by this speaker instead of documents: an entity id "
                                                     "(person:amina-qureshi), a name or part of one, or 'anonymous'.")]
    = None,
    limit: Annotated[int, typer.Option(help="How many results.")] = 20,
    format: Annotated[OutFormat, typer.Option("--format", "-f")] = OutFormat.table,
    technique: Technique = None, frame: Frame = None, entity: EntityOpt = None, source: SourceOpt = None,
    language: LanguageOpt = None, date_from: FromOpt = None, date_to: ToOpt = None, role: RoleOpt = None,
) -> None:
    """Full-text search over the stored articles, best match first, with filters; or what a speaker was quoted saying.

    Example: unspin search --db corpus.db "oil pipeline" --technique Loaded_Language --from 2024-01
    Example: unspin search --db corpus.db --role antagonist --entity RU
    Example: unspin search --db corpus.db --speaker person:amina-qureshi
    """
    from dataclasses import replace

    from unspin.corpus.search import render_hits, render_quotes
    from unspin.errors import InputError
    from unspin.store import SearchHit, Store

    filters = _filters(technique, frame, entity, source, language, date_from, date_to)
    if speaker is not None:
        with Store.open(db, create=False) as store:
            quotes = store.quotes(speaker, filters, query=query, limit=limit)
        if format is OutFormat.json:
            typer.echo(json.dumps([q.to_dict() for q in quotes], ensure_ascii=False, indent=2))
        else:
            render_quotes(quotes)
        return
    if query is None and not filters.to_dict() and role is None:
        raise InputError("give words to search for, or a filter (--role, --entity, --technique, ...) to list; "
                         "--speaker ID lists someone's quotes")
    with Store.open(db, create=False) as store:
        if role is not None:  # checked against the stored roles and the label catalogue: a typo is an error
            filters = replace(filters, role=store.check_role(role))
        hits = (store.search(query, filters, limit=limit) if query is not None
                else [SearchHit(d, "", 0.0) for d in store.documents(filters, limit=limit)])
    if format is OutFormat.json:
        typer.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
    else:
        render_hits(hits)


def clusters(
    db: ReadDb,
    threshold: Annotated[float, typer.Option(help="Cosine distance under which texts join a cluster.")] = 0.35,
    min_size: Annotated[int, typer.Option(help="Smallest cluster to report.")] = 3,
    limit: Annotated[int, typer.Option(help="Most texts to cluster (claims and persuasive paragraphs); memory "
                                            "grows with its square, ~1 GB at 10,000.")] = 10_000,
    format: Annotated[OutFormat, typer.Option("--format", "-f")] = OutFormat.table,
) -> None:
    """Narrative clusters: check-worthy claims and persuasive paragraphs grouped by meaning across documents.

    Example: unspin clusters --db corpus.db --min-size 5
    """
    from unspin.corpus.clusters import find_clusters, render_clusters
    from unspin.store import Store

    with Store.open(db, create=False) as store:
        found = find_clusters(store, threshold=threshold, min_size=min_size, limit=limit)
    if format is OutFormat.json:
        typer.echo(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=2))
    else:
        render_clusters(found)


def export(
    db: ReadDb,
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.parquet,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the files.")] = Path("export"),
    what: Annotated[str, typer.Option(help="Comma-separated tables: documents, spans, claims, entities, labels, "
                                          "quotes, sentences (stance, voice, subjectivity), failures, roles, "
                                          "mention_roles, narratives.")]
    = "documents,spans,claims,entities,labels,quotes,sentences,failures,roles,mention_roles,narratives",
) -> None:
    """Export the store as tables (one row per document, span, claim, entity) for pandas and DuckDB.

    Example: unspin export --db corpus.db --format parquet -o corpus/
    """
    from unspin.corpus.export import export_tables
    from unspin.store import Store

    with Store.open(db, create=False) as store:
        written = export_tables(store, output, format.value, [w.strip() for w in what.split(",") if w.strip()])
    for path, rows in written:
        typer.echo(f"{path}\t{rows} rows")
