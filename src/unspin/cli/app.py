"""The ``unspin`` command line: a thin layer over the library.

Each command group lives in its own module and is mounted here with plain imports (nothing registers itself on
import, and a typo fails loudly):

* :mod:`unspin.cli.analyze` - ``analyze``, ``claims``, ``schema``, ``layers``, ``serve``, ``version``;
* :mod:`unspin.cli.corpus` - ``batch``, ``stats``, ``search``, ``clusters``, ``export`` (the corpus store);
* :mod:`unspin.cli.persuasion` - ``persuasion tag|classify`` and ``eval ptc`` (PTC, SemEval-2020 Task 11);
* :mod:`unspin.cli.benchmarks` - ``semeval23 predict``, ``semeval25 predict``, ``checkthat predict``,
  ``eval semeval23|semeval25|checkthat``.

Errors are converted here and only here (:func:`main`): an :class:`~unspin.errors.UnspinError` becomes one line on
stderr and its exit status (2); a folder run reports each failed file and carries on (exit status 1 when some files
failed, 2 when all did).
"""

from __future__ import annotations

import os
import sys

import typer

from unspin.cli import analyze, benchmarks, corpus, persuasion
from unspin.console import error as _error
from unspin.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, InputError, UnspinError

__all__ = ["app", "main"]

app = typer.Typer(
    name="unspin",
    help="Read news and opinion articles: structure, entities, persuasion, claims, framing, attribution.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

app.command()(analyze.analyze)
app.command()(analyze.schema)
app.command("layers")(analyze.list_layers)
app.command()(analyze.serve)
app.command()(analyze.version)

for _command in (corpus.batch, corpus.stats, corpus.search, corpus.clusters, corpus.export):
    app.command()(_command)

app.add_typer(persuasion.persuasion_app, name="persuasion", help="Persuasion-technique spans (PTC, SemEval-2020 T11).")
app.add_typer(benchmarks.semeval23_app, name="semeval23", help="SemEval-2023 Task 3 formats: predict.")
app.add_typer(benchmarks.checkthat_app, name="checkthat", help="CheckThat! task 1 formats: predict.")
app.add_typer(benchmarks.semeval25_app, name="semeval25", help="SemEval-2025 Task 10 formats: predict.")
app.command("claims")(analyze.claims_queue)

eval_app = typer.Typer(name="eval", help="Score predictions with each benchmark's own metric.", no_args_is_help=True)
eval_app.command("ptc")(persuasion.eval_ptc)  # the one path to the PTC scorer: `unspin eval ptc`
eval_app.command("semeval23")(benchmarks.eval_semeval23)
eval_app.command("checkthat")(benchmarks.eval_checkthat)
eval_app.command("semeval25")(benchmarks.eval_semeval25)
app.add_typer(eval_app, name="eval")


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
