"""The ``unspin`` command line: a thin layer over the library.

Each command parses its arguments, calls one library function and formats the result. Errors
are converted here and only here: an :class:`~unspin.errors.UnspinError` becomes one line on
stderr and exit status 2; a folder run reports each failed file and carries on (exit status 1
when some files failed, 2 when all did).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from unspin.console import error as _error
from unspin.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_SOME_FAILED, InputError, UnspinError

app = typer.Typer(
    name="unspin",
    help="Read news and opinion articles: structure, entities, persuasion, claims, framing, attribution.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)



class Format(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def _umask() -> int:
    current = os.umask(0o022)  # the only portable way to read it is to set it and put it back
    os.umask(current)
    return current


def write_output(content: str, output: Path | None) -> None:
    """Write to ``output`` atomically (a failed run never leaves a half-written file), or stdout."""
    if output is None:
        sys.stdout.write(content if content.endswith("\n") else content + "\n")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    try:
        # mkstemp creates the file 0600; give it the mode `open(output, "w")` would: the replaced file's mode, or
        # 0666 less the umask for a new one.
        try:
            mode = output.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def analyse_all(analyzer: Any, sources: list[str]) -> Iterator[tuple[str, Any]]:
    """(label, Document or UnspinError) for each article: files and URLs, and each record of JSONL/WARC files."""
    from datetime import UTC, datetime

    from unspin.ingest.records import Problem, is_collection, iter_records, record_document

    started = datetime.now(UTC).replace(microsecond=0).isoformat()
    for source in sources:
        if not is_collection(source):
            yield from analyzer.pipe([source])
            continue
        for record in iter_records([Path(source)], run_started=started):
            if isinstance(record, Problem):
                yield record.label, InputError(record.message, source=record.label)
                continue
            try:
                yield record.label, analyzer.run(record_document(record, analyzer.options.ingest))
            except UnspinError as exc:
                yield record.label, exc


def _render(doc: object, fmt: Format) -> str:
    from unspin.report import render_html, render_text, to_json

    if fmt is Format.json:
        return to_json(doc)  # type: ignore[arg-type]
    if fmt is Format.html:
        return render_html(doc)  # type: ignore[arg-type]
    return render_text(doc, color=sys.stdout.isatty())  # type: ignore[arg-type]


@app.command()
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
    from unspin.analyzer import Analyzer
    from unspin.config import load_options
    from unspin.ingest.records import expand_inputs, is_collection

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


@app.command()
def schema() -> None:
    """Print the JSON Schema of the Document that `analyze --format json` writes.

    Example: unspin schema > document.schema.json
    """
    from unspin.report import load_schema

    typer.echo(json.dumps(load_schema(), indent=2))


@app.command("layers")
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
        table.add_row(step, name, ", ".join(spec.requires) or "—", ", ".join(spec.assigns), spec.doc)
    Console().print(table)


@app.command()
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


@app.command()
def version() -> None:
    """Print unspin's version.

    Example: unspin version
    """
    from unspin import __version__

    typer.echo(__version__)


def _register_corpus_commands() -> None:
    """`unspin batch|stats|search|clusters|export`, defined in unspin.batch.cli (imports stay lazy there)."""
    from unspin.batch.cli import batch, clusters, export, search, stats

    for command in (batch, stats, search, clusters, export):
        app.command()(command)


def _register_model_commands() -> None:
    """Commands of the trained layers: `unspin persuasion ...`, `unspin eval ...`, SemEval/CheckThat formats."""
    eval_app = typer.Typer(name="eval", help="Score predictions with each benchmark's own metric.",
                           no_args_is_help=True)
    # Plain imports: these packages are part of unspin, so a typo or a broken import must fail loudly.
    from unspin.persuasion.cli import eval_ptc, persuasion_app
    from unspin.textcat.cli import checkthat_app, claims_queue, eval_checkthat, eval_semeval23, semeval23_app

    app.add_typer(persuasion_app, name="persuasion", help="Persuasion-technique spans (PTC, SemEval-2020 T11).")
    eval_app.command("ptc")(eval_ptc)  # the one path to the PTC scorer: `unspin eval ptc`
    app.add_typer(semeval23_app, name="semeval23", help="SemEval-2023 Task 3 formats: predict.")
    app.add_typer(checkthat_app, name="checkthat", help="CheckThat! task 1 formats: predict.")
    app.command("claims")(claims_queue)
    eval_app.command("semeval23")(eval_semeval23)
    eval_app.command("checkthat")(eval_checkthat)
    app.add_typer(eval_app, name="eval")


_register_corpus_commands()
_register_model_commands()


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app and turn every error into one line on stderr and an exit status."""
    try:
        result = app(args=argv, prog_name="unspin", standalone_mode=False)
    except UnspinError as exc:
        _error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # A file the user named can't be read or written (missing folder, permission, a folder given as file).
        if os.environ.get("UNSPIN_DEBUG"):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"{where}{exc.strerror or exc} (check the path and its permissions)")
        return InputError.exit_code
    except Exception as exc:  # noqa: BLE001 - the CLI never shows a traceback unless asked
        # Typer vendors its own copy of click, so its exceptions are matched by shape, not class.
        kind = type(exc).__name__
        if kind == "Exit":
            return int(getattr(exc, "exit_code", 0))
        if kind == "Abort":
            _error("interrupted")
            return EXIT_INTERRUPTED
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            _error(exc.format_message().replace("\n", " "))
            return int(exc.exit_code)
        if os.environ.get("UNSPIN_DEBUG"):
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (set UNSPIN_DEBUG=1 for the traceback)")
        return EXIT_INTERNAL
    return result if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
