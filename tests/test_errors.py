"""The error tree carries each error's HTTP status and exit status: the CLI and the web app read it, nothing else."""

from __future__ import annotations

import io
import pkgutil
from importlib import import_module
from pathlib import Path

import httpx
import pytest

import unspin
from unspin import errors
from unspin.config import IngestOptions
from unspin.errors import (
    ComponentError,
    ConfigError,
    InputError,
    InputTooLarge,
    ModelError,
    StoreError,
    UnspinError,
)
from unspin.ingest import load, load_bytes
from unspin.store import NotFound

TINY = IngestOptions(max_bytes=100)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (UnspinError("x"), 500),
        (InputError("x"), 400),
        (InputTooLarge("x", source="a.txt"), 413),
        (ConfigError("x"), 400),
        (ModelError("x"), 503),
        (ComponentError("structure", "x"), 500),
        (StoreError("x"), 400),
        (NotFound("x"), 404),
    ],
)
def test_errors_carry_http_status_and_exit_code(error: UnspinError, status: int) -> None:
    assert error.http_status == status
    assert error.exit_code == 2  # bad input, configuration or store: one line on stderr and exit 2


def test_errors_every_unspin_error_declares_a_status() -> None:
    """A new error class lands in the table on purpose: every subclass in the package sets an int status."""
    seen: set[type[UnspinError]] = set()
    for info in pkgutil.walk_packages(unspin.__path__, "unspin."):
        if ".training" in info.name or info.name.startswith(("unspin.__main__", "unspin.web", "unspin.batch.ray")):
            continue  # training needs torch; the web app and Ray have their own tests
        module = import_module(info.name)
        seen.update(obj for obj in vars(module).values()
                    if isinstance(obj, type) and issubclass(obj, UnspinError))
    assert {InputTooLarge, NotFound} <= seen
    for cls in seen:
        assert isinstance(cls.http_status, int) and 400 <= cls.http_status < 600, cls
        assert isinstance(cls.exit_code, int) and cls.exit_code == 2, cls


def test_errors_input_too_large_is_an_input_error() -> None:
    assert issubclass(InputTooLarge, InputError) and InputTooLarge.__name__ in errors.__all__


@pytest.mark.parametrize("how", ["bytes", "stdin", "file", "url"])
def test_errors_ingest_raises_input_too_large_from_every_source(how: str, tmp_path: Path) -> None:
    data = b"word " * 100
    path = tmp_path / "big.txt"
    path.write_bytes(data)
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=data,
                                                                   headers={"content-type": "text/plain"}))
    with pytest.raises(InputTooLarge, match="limit"):
        if how == "bytes":
            load_bytes(data, options=TINY)
        elif how == "stdin":
            load("-", TINY, stdin=io.BytesIO(data))
        elif how == "file":
            load(path, TINY)
        else:
            load("https://example.org/big", TINY, transport=transport)


def test_errors_a_message_mentioning_a_limit_is_not_a_413() -> None:
    """The status comes from the class, never from words in the message."""
    assert InputError("over the limit of patience").http_status == 400


def test_errors_cli_exits_with_the_error_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from unspin.cli import main

    config = tmp_path / "tiny.toml"
    config.write_text("[ingest]\nmax_bytes = 100\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("word " * 100, encoding="utf-8")
    assert main(["analyze", str(article), "--config", str(config), "--layers", "structure"]) == InputTooLarge.exit_code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("unspin: error: ") and "limit" in err[0]
