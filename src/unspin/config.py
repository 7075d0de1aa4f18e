"""One flow for configuration: packaged defaults ← user file ← command-line flags.

``load_options()`` is the single helper the library, the CLI and the web app build options
through. A user TOML file overrides only the keys it sets (deep merge); flags override that.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from unspin.errors import ConfigError

__all__ = ["IngestOptions", "Options", "load_options"]

CONFIG_ENV = "UNSPIN_CONFIG"


@dataclass(frozen=True, slots=True)
class IngestOptions:
    max_bytes: int = 10_000_000
    encoding: str = ""
    url_timeout: float = 15.0
    user_agent: str = "unspin"


@dataclass(frozen=True, slots=True)
class Options:
    layers: tuple[str, ...]
    ingest: IngestOptions = IngestOptions()
    components: dict[str, dict[str, Any]] = field(default_factory=dict)

    def component_config(self, name: str) -> dict[str, Any]:
        return dict(self.components.get(name, {}))


def _merge(base: dict[str, Any], over: dict[str, Any], where: str) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value, f"{where}.{key}")
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
        data = _merge(data, user_data, "")
    if overrides:
        data = _merge(data, overrides, "")
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
