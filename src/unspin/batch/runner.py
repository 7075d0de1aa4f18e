"""The batch runner: inputs → records → engine → the store, resumable and never dropping a document.

    summary = run_batch(["articles.jsonl"], store, workers=2)

Keys already in the store are skipped before analysis (so a rerun, or a run after ``kill -9``,
continues where it stopped); failures are stored with their reason and not retried unless
``retry_failed``. Outcomes are committed in batches, each ONE transaction (``batch_size``
documents, or whatever arrived in ``commit_seconds``): a kill loses at most the open batch, and
nothing committed is ever rewritten.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from unspin.batch.engines import AnalyzerSpec, Engine, InProcessEngine, LocalEngine, Outcome
from unspin.errors import ConfigError
from unspin.ingest.records import Problem, Record, count_records, expand, iter_records
from unspin.store import Entry, Failure, Store

__all__ = ["RunSummary", "run_batch", "make_engine"]


@dataclass(slots=True)
class RunSummary:
    """What a run did. ``skipped``: already in the store; ``duplicates``: the same content twice in the inputs."""

    run_id: str
    total: int | None = None
    stored: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    duplicate_ids: list[str] = field(default_factory=list)  # input ids seen on different contents
    seconds: float = 0.0

    @property
    def processed(self) -> int:
        return self.stored + self.failed

    @property
    def rate(self) -> float:
        return self.processed / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rate": round(self.rate, 3)}


Progress = Callable[[int], None]  # called with how many records were just accounted for


def make_engine(engine: str, spec: AnalyzerSpec, workers: int | None, *, ray_address: str | None = None,
                setup: Callable[[], None] | None = None) -> Engine | Any:
    if engine == "local":
        if workers == 0:
            return InProcessEngine(spec, setup)
        return LocalEngine(spec, workers, setup=setup)
    if engine == "ray":
        from unspin.batch.ray_engine import RayEngine

        return RayEngine(spec, workers, address=ray_address, setup=setup)
    raise ConfigError(f"unknown engine {engine!r}; use local or ray")


def run_batch(inputs: list[str], store: Store, *, layers: list[str] | None = None, config_file: str | None = None,
              workers: int | None = None, engine: str = "local", ray_address: str | None = None,
              batch_size: int = 64, commit_seconds: float = 10.0, retry_failed: bool = False,
              run_started: str | None = None, progress: Progress | None = None, on_total: Progress | None = None,
              on_skip: Progress | None = None, setup: Callable[[], None] | None = None) -> RunSummary:
    """Analyse every article in ``inputs`` into ``store``; see the module docstring for the guarantees.

    ``run_started`` (ISO 8601) is the ``fetched_at`` of records whose input gives no date; pass the
    same value to compare engines. ``setup`` runs in every worker before its Analyzer is built
    (register a plugin's components there). ``progress(n)`` counts records analysed or failed; records that
    need no work (already stored, or the same content again) go to ``on_skip(n)`` when given, so that a resumed
    run's rate and ETA count real work only (otherwise to ``progress``). Raises
    :class:`~unspin.errors.StoreError` when the store cannot be written (a full disk): what was committed stays,
    and a rerun resumes.
    """
    started = time.perf_counter()
    run_started = run_started or datetime.now(UTC).replace(microsecond=0).isoformat()
    run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    paths = expand(inputs)
    summary = RunSummary(run_id=run_id, total=count_records(paths))
    if on_total and summary.total is not None:
        on_total(summary.total)
    spec = AnalyzerSpec(tuple(layers) if layers else None, config_file)
    if setup:  # the parent checks the layers too, so it needs the same plugins registered
        setup()
    layer_names = spec.build().layers  # checks layers and config here, before any worker starts (models load lazily)
    tick = progress or (lambda n: None)
    skip = on_skip or tick
    pending: list[Entry | Failure] = []  # outcomes not yet committed; records skipped early land here too

    def todo() -> Iterator[Record]:
        """The records still to analyse: new keys, first occurrence; the rest is counted, not analysed."""
        seen: set[str] = set()
        ids: dict[str, str] = {}
        for chunk in _chunks(iter_records(paths, run_started=run_started), 256):
            known = store.known((r.key for r in chunk), include_failures=not retry_failed)
            for r in chunk:
                if r.key in known:
                    summary.skipped += 1
                    skip(1)
                elif r.key in seen:
                    summary.duplicates += 1
                    skip(1)
                elif isinstance(r, Problem):
                    seen.add(r.key)
                    pending.append(Failure(key=r.key, input=r.label, stage="input", error="InputError",
                                           message=r.message))
                    summary.failed += 1
                    tick(1)
                else:
                    seen.add(r.key)
                    if r.external_id is not None:
                        first = ids.setdefault(r.external_id, r.key)
                        if first != r.key:
                            summary.duplicate_ids.append(r.external_id)
                    yield r

    store.start_run(run_id, engine=engine, layers=layer_names, inputs=[str(p) for p in paths])
    last_commit = time.monotonic()

    def commit() -> None:
        nonlocal last_commit
        if pending:
            store.save(pending, run_id=run_id)
            pending.clear()
        last_commit = time.monotonic()

    with make_engine(engine, spec, workers, ray_address=ray_address, setup=setup) as runner:
        for outcome in runner.map(todo()):
            pending.append(_to_store(outcome, summary))
            tick(1)
            if len(pending) >= batch_size or time.monotonic() - last_commit >= commit_seconds:
                commit()
        commit()
    summary.seconds = time.perf_counter() - started
    store.finish_run(run_id, stored=summary.stored, failed=summary.failed, skipped=summary.skipped)
    return summary


def _to_store(outcome: Outcome, summary: RunSummary) -> Entry | Failure:
    item = outcome.to_store()
    if isinstance(item, Failure):
        summary.failed += 1
    else:
        summary.stored += 1
    return item


def _chunks(it: Iterator[Record | Problem], size: int) -> Iterator[list[Record | Problem]]:
    chunk: list[Record | Problem] = []
    for item in it:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
