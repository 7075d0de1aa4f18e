"""The component registry: small named callables with declared contracts.

A component is a factory ``make(config: dict) -> Callable[[Document], Document]`` registered with
:func:`component`, declaring what it ``requires`` (fields earlier components must have assigned)
and what it ``assigns``. Built-in components register exactly as a plugin would: through the
``unspin.components`` entry-point group in ``pyproject.toml``, whose modules are imported on first
lookup. A plugin package adds its own entry point and its components appear in ``unspin layers``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

from unspin.document import Document
from unspin.errors import ConfigError

__all__ = ["ComponentSpec", "Pipe", "component", "get", "names", "BUILTIN_MODULES"]

Pipe = Callable[[Document], Document]
Factory = Callable[[dict[str, Any]], Pipe]

ENTRY_POINT_GROUP = "unspin.components"
# The built-ins, in case unspin runs from a source tree that was never pip-installed (no entry
# points then). Entry points still win: this list only fills in what they did not provide.
BUILTIN_MODULES = {
    "structure": "unspin.components.structure",
    "language": "unspin.components.language",
    "entities": "unspin.components.entities",
    "persuasion": "unspin.components.persuasion",
    "sentence-vectors": "unspin.components.vectors",
    "claims": "unspin.components.claims",
    "genre": "unspin.components.genre",
    "frames": "unspin.components.frames",
    "paragraph-persuasion": "unspin.components.paragraph_persuasion",
}

# Fields that ingest fills before any component runs.
INGEST_ASSIGNS = frozenset({"text", "source"})


@dataclass(frozen=True, slots=True)
class ComponentSpec:
    name: str
    factory: Factory
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    default_config: dict[str, Any] = field(default_factory=dict)
    doc: str = ""


_REGISTRY: dict[str, ComponentSpec] = {}
_loaded = False


def component(
    name: str,
    *,
    requires: list[str] | tuple[str, ...] = (),
    assigns: list[str] | tuple[str, ...] = (),
    default_config: dict[str, Any] | None = None,
) -> Callable[[Factory], Factory]:
    """Register ``factory`` under ``name``. Used as a decorator on a component factory."""

    def register(factory: Factory) -> Factory:
        doc = (factory.__doc__ or "").strip().splitlines()
        _REGISTRY[name] = ComponentSpec(
            name=name,
            factory=factory,
            requires=tuple(requires),
            assigns=tuple(assigns),
            default_config=dict(default_config or {}),
            doc=doc[0] if doc else "",
        )
        return factory

    return register


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    modules = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    for name, module in BUILTIN_MODULES.items():
        modules.setdefault(name, module)
    for name, module in modules.items():
        try:
            import_module(module.split(":")[0])
        except ImportError as exc:  # a broken plugin must not take the built-ins down with it
            _REGISTRY.pop(name, None)
            _BROKEN[name] = f"{module}: {exc}"


_BROKEN: dict[str, str] = {}


def get(name: str) -> ComponentSpec:
    """The spec registered as ``name``; :class:`ConfigError` with the known names if there is none."""
    _load_all()
    try:
        return _REGISTRY[name]
    except KeyError:
        if name in _BROKEN:
            raise ConfigError(f"layer {name!r} could not be imported ({_BROKEN[name]})") from None
        raise ConfigError(f"unknown layer {name!r}; known layers: {', '.join(names())}") from None


def names() -> list[str]:
    """Registered component names, in registration order."""
    _load_all()
    return list(_REGISTRY)
