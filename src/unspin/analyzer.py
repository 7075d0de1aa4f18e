"""The Analyzer: ingest a source, then run the configured components over its Document.

The order is checked when the Analyzer is built (stricter than spaCy, which only warns): a
component whose ``requires`` no earlier component ``assigns`` is a :class:`ConfigError` naming the
missing layer. Each component must return a Document; any exception it raises is wrapped in a
:class:`ComponentError` carrying its name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from unspin import ingest, registry
from unspin.config import Options, load_options
from unspin.document import Document
from unspin.errors import ComponentError, ConfigError, InputError, UnspinError

__all__ = ["Analyzer", "analyse_all", "analyze", "analyze_text"]


class Analyzer:
    """Build once, call many times: ``Analyzer()(source)`` → :class:`Document`."""

    def __init__(self, layers: list[str] | tuple[str, ...] | None = None, *,
                 options: Options | None = None) -> None:
        self.options = options or load_options()
        names = tuple(layers) if layers is not None else self.options.layers
        self.specs = [registry.get(name) for name in names]
        self._check_order()
        self._pipes: list[tuple[str, registry.Pipe]] | None = None

    @property
    def layers(self) -> list[str]:
        return [spec.name for spec in self.specs]

    def _check_order(self) -> None:
        have = set(registry.INGEST_ASSIGNS)
        seen: set[str] = set()
        for spec in self.specs:
            if spec.name in seen:
                raise ConfigError(f"layer {spec.name!r} is listed twice")
            seen.add(spec.name)
            missing = [r for r in spec.requires if r not in have]
            if missing:
                providers = sorted({s for s in registry.names() for m in missing
                                    if m in registry.get(s).assigns})
                hint = f"; add {', '.join(providers)} before it" if providers else ""
                raise ConfigError(f"layer {spec.name!r} requires {', '.join(missing)}, which no earlier "
                                  f"layer assigns{hint}")
            late = [u for u in spec.uses if u not in have and any(u in later.assigns for later in
                                                                  self.specs[self.specs.index(spec) + 1:])]
            if late:
                raise ConfigError(f"layer {spec.name!r} reads {', '.join(late)} when an earlier layer assigns it; "
                                  f"move that layer before {spec.name!r}")
            have.update(spec.assigns)

    def _build(self) -> list[tuple[str, registry.Pipe]]:
        # Factories load models, so build lazily: `unspin schema` and `--help` stay instant.
        if self._pipes is None:
            pipes = []
            for spec in self.specs:
                config = spec.config(self.options.component_config(spec.name))
                pipes.append((spec.name, spec.factory(config)))
            self._pipes = pipes
        return self._pipes

    def run(self, doc: Document) -> Document:
        """Run every component over an ingested Document."""
        for name, pipe in self._build():
            try:
                result = pipe(doc)
            except UnspinError:
                raise
            except Exception as exc:  # noqa: BLE001 - wrapped with the component's name
                raise ComponentError(name, f"{type(exc).__name__}: {exc}") from exc
            if not isinstance(result, Document):
                raise ComponentError(name, f"returned {type(result).__name__}, not a Document")
            doc = result
            doc.layers.append(name)
        return doc

    def __call__(self, source: str | Path | bytes | Document, **ingest_kwargs: Any) -> Document:
        doc = source if isinstance(source, Document) else ingest.load(source, self.options.ingest,
                                                                      **ingest_kwargs)
        return self.run(doc)

    def pipe(self, sources: Iterable[str | Path | Document]) -> Iterator[tuple[str, Document | UnspinError]]:
        """Analyse many sources; a failure is yielded with its source, never dropped."""
        for source in sources:
            label = source.source.path or "" if isinstance(source, Document) else str(source)
            try:
                yield label, self(source)
            except UnspinError as exc:
                yield label, exc


def analyze(source: str | Path | bytes | Document, layers: list[str] | None = None, *,
            config_file: str | Path | None = None) -> Document:
    """Analyse one article (path, URL, ``-`` for stdin, raw bytes or a Document).

    Example: ``unspin.analyze("examples/news-and-comment.md").entities``
    """
    return _cached_analyzer(tuple(layers) if layers else None, str(config_file) if config_file else None)(source)


_ANALYZERS: dict[tuple[Any, ...], Analyzer] = {}


def _cached_analyzer(layers: tuple[str, ...] | None, config_file: str | None) -> Analyzer:
    key = (layers, config_file)
    if key not in _ANALYZERS:
        _ANALYZERS[key] = Analyzer(list(layers) if layers else None, options=load_options(config_file))
    return _ANALYZERS[key]


def analyze_text(text: str, layers: list[str] | None = None, *, config_file: str | Path | None = None) -> Document:
    """Analyse an in-memory string (no file, no URL)."""
    return analyze(Document.from_text(text), layers, config_file=config_file)


def analyse_all(analyzer: Analyzer, sources: list[str]) -> Iterator[tuple[str, Document | UnspinError]]:
    """(label, Document or UnspinError) for each article: files and URLs, and each record of JSONL/WARC files."""
    from unspin.document import utc_now
    from unspin.ingest.records import Problem, is_collection, iter_records, record_document

    started = utc_now()
    for source in sources:
        if not is_collection(source):
            yield from analyzer.pipe([source])
            continue
        for record in iter_records([Path(source)], run_started=started):
            if isinstance(record, Problem):
                yield record.label, InputError(record.message, source=record.label)
                continue
            try:
                yield record.label, analyzer.run(record_document(record, analyzer.options.ingest))
            except UnspinError as exc:
                yield record.label, exc
