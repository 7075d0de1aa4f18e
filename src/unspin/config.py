"""One flow for configuration: packaged defaults ← user file ← command-line flags.

``load_options()`` is the single helper the library, the CLI and the web app build options
through. A user TOML file overrides only the keys it sets (deep merge); flags override that.

Each default is stated once: ``[ingest]`` defaults are the fields of :class:`IngestOptions`, a
component's defaults are its ``default_config`` (see ``unspin.registry``), and the packaged
``default_config.toml`` holds only what has no other home (the default ``[analyze] layers``).
The Analyzer deep-merges ``[components.NAME]`` over the component's ``default_config``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from unspin.errors import ConfigError

__all__ = ["IngestOptions", "Options", "deep_merge", "load_options"]

CONFIG_ENV = "UNSPIN_CONFIG"


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """``[ingest]``: these defaults are the only copy (``default_config.toml`` documents the keys)."""

    # Inputs larger than this are refused (InputTooLarge) rather than analysed for minutes.
    max_bytes: int = 10_000_000
    # Force a text encoding ("" = detect: BOM, UTF-8, then cp1252).
    encoding: str = ""
    url_timeout: float = 15.0
    user_agent: str = "unspin/0.1 (article analysis; offline-first)"


@dataclass(frozen=True, slots=True)
class Options:
    layers: tuple[str, ...]
    ingest: IngestOptions = IngestOptions()
    components: dict[str, dict[str, Any]] = field(default_factory=dict)

    def component_config(self, name: str) -> dict[str, Any]:
        """The ``[components.NAME]`` keys set by a file or flags (not the component's own defaults)."""
        return dict(self.components.get(name, {}))


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``over``'s keys on top; tables merge key by key, anything else is replaced."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"configuration file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"configuration file {path} is not valid TOML: {exc}") from None


def defaults() -> dict[str, Any]:
    return tomllib.loads(files("unspin").joinpath("default_config.toml").read_text(encoding="utf-8"))


def load_options(config_file: str | Path | None = None, *, layers: list[str] | None = None,
                 overrides: dict[str, Any] | None = None) -> Options:
    """Resolve packaged defaults, the user file (argument or $UNSPIN_CONFIG) and flags into Options."""
    data = defaults()
    known = set(data) | {"components"}
    user = config_file or os.environ.get(CONFIG_ENV)
    if user:
        user_data = _read_toml(Path(user))
        unknown = set(user_data) - known
        if unknown:
            raise ConfigError(f"configuration file {user}: unknown section(s) {sorted(unknown)}; "
                              f"known: {sorted(known)}")
        data = deep_merge(data, user_data)
    if overrides:
        data = deep_merge(data, overrides)
    if layers is not None:
        data["analyze"]["layers"] = layers
    ingest_fields = set(IngestOptions.__dataclass_fields__)
    bad = set(data.get("ingest", {})) - ingest_fields
    if bad:
        raise ConfigError(f"unknown [ingest] key(s) {sorted(bad)}; known: {sorted(ingest_fields)}")
    try:
        ingest = IngestOptions(**data.get("ingest", {}))
    except TypeError as exc:
        raise ConfigError(f"invalid [ingest] options: {exc}") from None
    return Options(layers=tuple(data["analyze"]["layers"]), ingest=ingest,
                   components=data.get("components", {}))
