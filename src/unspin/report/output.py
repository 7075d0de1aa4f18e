"""Writing a report where the user asked: a file, replaced atomically, or stdout."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

__all__ = ["write_output"]


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
