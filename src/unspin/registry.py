"""The component registry: small named callables with declared contracts.

A component is a factory ``make(config: dict) -> Callable[[Document], Document]`` registered with
:func:`component`, declaring what it ``requires`` (fields earlier components must have assigned)
and what it ``assigns``. Built-in components register exactly as a plugin would: through the
``unspin.components`` entry-point group in ``pyproject.toml``, whose modules are imported on first
lookup. A plugin package adds its own entry point and its components appear in ``unspin layers``.
The built-ins are read from unspin's own package metadata, so pyproject.toml is their only list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import PackageNotFoundError, distribution, entry_points
from typing import Any

from unspin.config import deep_merge
from unspin.document import Document
from unspin.errors import ConfigError

__all__ = ["ComponentSpec", "Pipe", "builtin_modules", "component", "get", "names"]

Pipe = Callable[[Document], Document]
Factory = Callable[[dict[str, Any]], Pipe]

ENTRY_POINT_GROUP = "unspin.components"
# The built-ins are the entry points unspin's own distribution declares (pyproject.toml), the one list.
BUILTIN_DISTRIBUTION = "unspin"


def builtin_modules() -> dict[str, str]:
    """``{layer: module}`` for the built-in components, read from unspin's own package metadata.

    :class:`ConfigError` when the metadata is missing (unspin imported from a source tree that was never
    installed): the list lives only in pyproject.toml, so there is nothing else to read it from.
    """
    try:
        dist = distribution(BUILTIN_DISTRIBUTION)
    except PackageNotFoundError:
        raise ConfigError("unspin's package metadata is missing, so its built-in layers can't be found; "
                          "install it (pip install -e . in the source tree) rather than putting src/ on "
                          "sys.path") from None
    return {ep.name: ep.value for ep in dist.entry_points if ep.group == ENTRY_POINT_GROUP}


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
    # Fields read when an earlier layer assigned them, with a fallback when none did (a layer listing one after
    # this component is an error: its output would come too late to be read).
    uses: tuple[str, ...] = ()

    def config(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """The factory's configuration: ``default_config`` (the one copy of each default) with ``overrides``
        (a ``[components.NAME]`` table) deep-merged on top."""
        return deep_merge(self.default_config, overrides or {})


_REGISTRY: dict[str, ComponentSpec] = {}
_loaded = False


def component(
    name: str,
    *,
    requires: list[str] | tuple[str, ...] = (),
    assigns: list[str] | tuple[str, ...] = (),
    default_config: dict[str, Any] | None = None,
    uses: list[str] | tuple[str, ...] = (),
) -> Callable[[Factory], Factory]:
    """Register ``factory`` under ``name``. Used as a decorator on a component factory.

    ``requires``: fields an earlier layer must assign; ``uses``: fields read only when an earlier layer assigned
    them (the component falls back without them).
    """

    def register(factory: Factory) -> Factory:
        doc = (factory.__doc__ or "").strip().splitlines()
        _REGISTRY[name] = ComponentSpec(
            name=name,
            factory=factory,
            requires=tuple(requires),
            assigns=tuple(assigns),
            default_config=dict(default_config or {}),
            doc=doc[0] if doc else "",
            uses=tuple(uses),
        )
        return factory

    return register


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    # Built-ins first, in pyproject.toml's order, then plugins; a plugin may replace a built-in by name.
    modules = builtin_modules()
    _loaded = True
    modules.update({ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)})
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
