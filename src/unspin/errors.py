"""Errors raised by unspin, as one typed tree.

    UnspinError                 base class: catch this to catch everything unspin raises
    ├── InputError              the input can't be read or analysed (empty, binary, too big, bad URL, ...)
    ├── ConfigError             options or a configuration file are wrong (unknown layer, bad order, bad key)
    ├── ModelError              a model or pipeline can't be found or loaded
    ├── ComponentError          a pipeline component failed on a document; carries the component's name
    └── StoreError              the corpus store can't be opened, read or written (bad URL, full disk, locked)

Every message says what happened, to what, and how to fix it, in one line: the CLI prints
``str(error)`` on stderr and exits with status 2, the web app maps the class to a status code.
Errors are converted only at those edges; the library raises and never prints.
"""

from __future__ import annotations

__all__ = ["UnspinError", "InputError", "ConfigError", "ModelError", "ComponentError", "StoreError"]


class UnspinError(Exception):
    """Base class of every error unspin raises on purpose."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # one line, always
        return " ".join(self.message.split())


class InputError(UnspinError):
    """The input can't be read or analysed: empty, binary, too large, undecodable, unreachable."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(f"{source}: {message}" if source else message)
        self.source = source


class ConfigError(UnspinError):
    """Options or a configuration file are invalid."""


class ModelError(UnspinError):
    """A model or pipeline needed by a component can't be found or loaded."""


class ComponentError(UnspinError):
    """A component raised while processing a document; ``name`` is the component."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"component {name!r} failed: {message}")
        self.name = name


class StoreError(UnspinError):
    """The corpus store can't be opened, migrated, read or written (bad URL, full disk, locked file)."""
