"""``unspin analyze|claims|schema|layers|serve|version``: read articles and say what is in them.

Each command parses its arguments, calls one library function (:class:`~unspin.analyzer.Analyzer`,
:func:`~unspin.analyzer.analyse_all`, :func:`~unspin.report.output.write_output`) and formats the result;
:mod:`unspin.cli.app` mounts them and turns errors into exit statuses.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from unspin.console import error as _error
from unspin.document import Document
from unspin.errors import EXIT_SOME_FAILED, InputError, UnspinError

__all__ = ["Format", "analyze", "claims_queue", "list_layers", "schema", "serve", "version"]


class Format(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def _render(doc: Document, fmt: Format) -> str:
    from unspin.report import render_html, render_text, to_json

    if fmt is Format.json:
        return to_json(doc)
    if fmt is Format.html:
        return render_html(doc)
    return render_text(doc, color=sys.stdout.isatty())


def analyze(
    inputs: Annotated[list[str], typer.Argument(
        metavar="PATH...", show_default=False,
        help="A .txt/.md/.html file, an http(s) URL, - for stdin, a folder, or a .jsonl/.warc file.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write here (a folder for several HTML reports).")] = None,
    layers: Annotated[str | None, typer.Option(
        help="Comma-separated components to run, in order (see `unspin layers`).")] = None,
    config: Annotated[Path | None, typer.Option(help="A TOML file overriding the packaged defaults.")] = None,
    encoding: Annotated[str | None, typer.Option(help="Force the input encoding (default: detect).")] = None,
) -> int:
    """Analyse articles and print a summary, JSON or an HTML report.

    Several inputs (or a folder) give JSON Lines with --format json, one report per input in the
    -o folder with --format html. A failed file is reported on stderr and the others go on.

    Example: unspin analyze examples/news-and-comment.md --format html -o report.html
    """
    from unspin.analyzer import Analyzer, analyse_all
    from unspin.config import load_options
    from unspin.ingest.records import expand_inputs, is_collection
    from unspin.report.output import write_output

    overrides = {"ingest": {"encoding": encoding}} if encoding else None
    layer_list = [x.strip() for x in layers.split(",") if x.strip()] if layers is not None else None
    analyzer = Analyzer(options=load_options(config, layers=layer_list, overrides=overrides))
    sources = list(expand_inputs(inputs))
    if (len(sources) == 1 and sources[0] == inputs[0] and not Path(inputs[0]).is_dir()
            and not is_collection(sources[0])):
        write_output(_render(analyzer(sources[0]), format), output)
        return 0
    if format is Format.html and output is None:
        raise InputError("HTML for several inputs needs -o FOLDER (one report per input)")
    failed, total, lines = 0, 0, []
    from rich.progress import Progress

    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("analysing", total=None)
        for source, result in analyse_all(analyzer, sources):
            progress.advance(task)
            total += 1
            if isinstance(result, UnspinError):
                failed += 1
                _error(str(result))
                continue
            if format is Format.json:
                lines.append(json.dumps(result.to_dict(), ensure_ascii=False))
            elif format is Format.html:
                assert output is not None
                name = Path(source.split("#", 1)[0]).stem + (f"-{source.split('#', 1)[1]}" if "#" in source else "")
                write_output(_render(result, format), output / (name + ".html"))
            else:
                typer.echo(_render(result, format))
    if format is Format.json:
        write_output("\n".join(lines) + ("\n" if lines else ""), output)
    if failed:
        _error(f"{failed} of {total} inputs failed")
        return InputError.exit_code if failed == total else EXIT_SOME_FAILED
    return 0


def schema() -> None:
    """Print the JSON Schema of the Document that `analyze --format json` writes.

    Example: unspin schema > document.schema.json
    """
    from unspin.report import load_schema

    typer.echo(json.dumps(load_schema(), indent=2))


def list_layers() -> None:
    """List the registered components (built-in and plugins) in pipeline order, with what they need and assign.

    The configured pipeline comes first, in the order it runs; components that are registered but not in it
    (plugins, optional layers) follow, marked "—" in the step column.

    Example: unspin layers
    """
    from rich.console import Console
    from rich.table import Table

    from unspin import registry
    from unspin.config import load_options

    pipeline = [name for name in load_options().layers if name in registry.names()]
    table = Table(title="unspin layers (in pipeline order)")
    for col in ("step", "name", "requires", "assigns", "description"):
        table.add_column(col)
    for name in pipeline + [n for n in registry.names() if n not in pipeline]:
        spec = registry.get(name)
        step = str(pipeline.index(name) + 1) if name in pipeline else "—"
        needs = ", ".join([*spec.requires, *(f"{u} (if run)" for u in spec.uses)]) or "—"
        table.add_row(step, name, needs, ", ".join(spec.assigns), spec.doc)
    Console().print(table)


def serve(
    db: Annotated[str | None, typer.Option(
        help="A corpus store to browse and save to (path or postgresql:// URL).")] = None,
    host: Annotated[str, typer.Option(help="Interface to bind; loopback by default.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(envvar="UNSPIN_TOKEN",
                                              help="API token required for writes to the store.")] = None,
    max_body: Annotated[int, typer.Option(help="Largest request body, in bytes.")] = 5_000_000,
    timeout: Annotated[float, typer.Option(help="Longest analysis, in seconds.")] = 60.0,
    rate: Annotated[float, typer.Option(help="Requests per minute per client (0 = no limit).")] = 120.0,
    allow_private_urls: Annotated[bool, typer.Option(
        help="Let URL analysis reach loopback and private addresses.")] = False,
    config: Annotated[Path | None, typer.Option(help="A TOML file overriding the packaged defaults.")] = None,
) -> None:
    """Start the web app and HTTP API (needs the [web] extra: pip install 'unspin[web]').

    Example: unspin serve --db corpus.db --port 8000
    """
    try:
        import uvicorn

        from unspin.web import WebSettings, create_app
    except ImportError as exc:
        raise InputError(f"the web app needs the [web] extra ({exc.name} is missing): "
                         "pip install 'unspin[web]'") from None
    settings = WebSettings(db=db, token=token, max_body_bytes=max_body, analysis_timeout=timeout,
                           rate_per_minute=rate, allow_private_urls=allow_private_urls,
                           config_file=str(config) if config else None)
    if host not in ("127.0.0.1", "localhost", "::1") and token is None:
        typer.echo("unspin: warning: listening beyond loopback without --token; anyone who can reach "
                   "the port can write to the store", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


def version() -> None:
    """Print unspin's version.

    Example: unspin version
    """
    from unspin import __version__

    typer.echo(__version__)


def claims_queue(
    inputs: Annotated[list[str], typer.Argument(
        metavar="PATH...", show_default=False,
        help="A .txt/.md/.html file, a folder of them, a .jsonl/.warc file of articles, or - for stdin.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the CSV here (default: stdout).")]
        = None,
    all_sentences: Annotated[bool, typer.Option(
        "--all", help="Every sentence, ranked, not only those flagged as claims.")] = False,
    config: Annotated[Path | None, typer.Option(help="A TOML file overriding the packaged defaults.")] = None,
    encoding: Annotated[str | None, typer.Option(help="Force the input encoding (default: detect).")] = None,
) -> int:
    """Write a fact-checker's queue: the check-worthy sentences of articles, ranked, with entities, dates, numbers.

    CSV columns (UTF-8, header row): rank, source, sentence_start, sentence_end (character offsets into the
    article's text), checkworthiness, claim, sentence, entities ("text (LABEL)"; ...), dates, numbers, voice
    (writer, source or anonymous: whose claim it is), speaker and speaker_id (the quoted source and its entity
    id). Only the sentences flagged as claims by default (--all: every sentence), ranked by checkworthiness
    across all inputs.
    Only the layers the queue reads run. A failed file in a folder is reported on stderr and the others go on.

    Example: unspin claims articles/ -o claims.csv
    """
    from rich.progress import Progress

    # The same input handling as `analyze`, so `claims` reads exactly what it reads (folders, JSONL, WARC, stdin).
    from unspin.analyzer import Analyzer, analyse_all
    from unspin.config import load_options
    from unspin.ingest.records import expand_inputs
    from unspin.report import claims_queue as queue
    from unspin.report.output import write_output

    overrides = {"ingest": {"encoding": encoding}} if encoding else None
    analyzer = Analyzer(options=load_options(config, layers=list(queue.CLAIMS_LAYERS), overrides=overrides))
    sources = list(expand_inputs(inputs))
    rows: list[queue.QueueRow] = []
    failed: list[UnspinError] = []
    done = 0
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("finding claims", total=None)
        for label, result in analyse_all(analyzer, sources):
            progress.advance(task)
            if isinstance(result, UnspinError):
                failed.append(result)
                continue
            done += 1
            rows += queue.sentence_rows(result, label, include_all=all_sentences)
    if not failed and not done:
        raise InputError("no articles in the input", source=", ".join(inputs))
    if failed and not done and len(failed) == 1:
        raise failed[0]
    for exc in failed:
        _error(str(exc))
    if failed and not done:
        _error(f"all {len(failed)} inputs failed; no queue written")
        return 2
    write_output(queue.to_csv(queue.rank(rows)), output)
    what = "sentences" if all_sentences else "claims"
    typer.echo(f"{len(rows)} {what} from {done} article{'s' * (done != 1)}"
               + (f" written to {output}" if output else ""), err=True)
    if failed:
        _error(f"{len(failed)} of {len(failed) + done} inputs failed")
        return 1
    return 0
