"""The ``unspin`` command line (the console script is ``unspin.cli:main``); see :mod:`unspin.cli.app`."""

from __future__ import annotations

from unspin.cli.app import app, main

__all__ = ["app", "main"]
