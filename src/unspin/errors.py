"""Errors raised by unspin, as one typed tree, with the status each edge turns it into.

    class                       what went wrong                                        HTTP  exit
    UnspinError                 base class: catch this to catch everything unspin raises  500     2
    ├── InputError              the input can't be read or analysed (empty, binary, URL)  400     2
    │   └── InputTooLarge       the input is over a size limit ([ingest] max_bytes)       413     2
    ├── ConfigError             options or a configuration file are wrong                 400     2
    ├── ModelError              a model or pipeline can't be found or loaded              503     2
    ├── ComponentError          a component failed on a document; carries its name        500     2
    └── StoreError              the store can't be opened, read or written                400     2
        └── store.NotFound      no stored document has this id                            404     2

Every message says what happened, to what, and how to fix it, in one line. Each class carries
its HTTP status (``http_status``) and CLI exit status (``exit_code``): they are the one table the
edges read. The CLI prints ``str(error)`` on stderr and exits with ``exit_code``; the web app
answers ``http_status`` with a JSON body. Errors are converted only at those edges; the library
raises and never prints. A subclass that needs another status overrides the attribute; nothing
decides a status from the message text.
"""

from __future__ import annotations

__all__ = ["UnspinError", "InputError", "InputTooLarge", "ConfigError", "ModelError", "ComponentError", "StoreError",
           "EXIT_SOME_FAILED", "EXIT_INTERNAL", "EXIT_INTERRUPTED"]

# The CLI's other exit statuses (an UnspinError exits with its own ``exit_code``, 2).
EXIT_SOME_FAILED = 1    # a folder or batch run where some inputs failed and the rest were analysed
EXIT_INTERNAL = 3       # a bug: an exception that is not an UnspinError (UNSPIN_DEBUG=1 shows the traceback)
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class UnspinError(Exception):
    """Base class of every error unspin raises on purpose."""

    #: the status the web app answers with, and the CLI's exit status (see the table above)
    http_status: int = 500
    exit_code: int = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # one line, always
        return " ".join(self.message.split())


class InputError(UnspinError):
    """The input can't be read or analysed: empty, binary, too large, undecodable, unreachable."""

    http_status = 400

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(f"{source}: {message}" if source else message)
        self.source = source


class InputTooLarge(InputError):
    """The input is over a size limit (``[ingest] max_bytes``): a file, stdin, a fetched page or bytes."""

    http_status = 413


class ConfigError(UnspinError):
    """Options or a configuration file are invalid."""

    http_status = 400


class ModelError(UnspinError):
    """A model or pipeline needed by a component can't be found or loaded."""

    http_status = 503


class ComponentError(UnspinError):
    """A component raised while processing a document; ``name`` is the component."""

    http_status = 500

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"component {name!r} failed: {message}")
        self.name = name


class StoreError(UnspinError):
    """The corpus store can't be opened, migrated, read or written (bad URL, full disk, locked file)."""

    http_status = 400
