"""The one way the command line reports an error: one line on stderr, prefixed ``unspin: error:``."""

from __future__ import annotations

import typer

__all__ = ["error"]


def error(message: str) -> None:
    typer.echo(f"unspin: error: {message}", err=True)
