"""Engines run the same analysis on many records: local processes (default) or Ray Data.

Both call :func:`analyse_record` with an Analyzer built once per worker, and both yield one
:class:`Outcome` per record, success or failure — a record is never dropped (STYLE §6):

- an ingest or component error becomes a failure with its stage and the component's name;
- a worker that dies (killed, out of memory, a crash in native code) breaks the pool; the records
  that were in flight are then re-run one at a time in a fresh worker, so the one that kills its
  worker again is stored as a ``worker`` failure and the innocent ones are analysed normally.

Workers are started with ``spawn``, not ``fork``: each builds its own models, inherits no threads
or locks from the parent (a progress bar, Ray), and behaves the same on Linux, macOS and 3.12+.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from typing import Any

from unspin.errors import ComponentError, UnspinError
from unspin.ingest.records import Record, record_document
from unspin.store.models import Entry, Failure

__all__ = ["AnalyzerSpec", "Outcome", "analyse_record", "Engine", "InProcessEngine", "LocalEngine", "WORKER_DIED",
           "worker_died"]

Setup = Callable[[], None]
WORKER_DIED = ("the worker process died while analysing this document (killed, out of memory, or a crash in "
               "native code); it was retried alone and died again")


@dataclass(frozen=True, slots=True)
class AnalyzerSpec:
    """How each worker builds its Analyzer: the layers (None: the configured default) and a config file."""

    layers: tuple[str, ...] | None = None
    config_file: str | None = None

    def build(self) -> Any:
        from unspin.analyzer import Analyzer
        from unspin.config import load_options

        return Analyzer(list(self.layers) if self.layers else None, options=load_options(self.config_file))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one record: the Document's JSON (exactly what is stored), or a failure."""

    key: str
    label: str
    document: str | None = None
    stage: str | None = None
    error: str | None = None
    message: str | None = None
    component: str | None = None
    external_id: str | None = None
    published: str | None = None
    source: str | None = None

    def to_store(self) -> Entry | Failure:
        if self.document is None:
            return Failure(key=self.key, input=self.label, stage=self.stage or "analyse", error=self.error or "Error",
                           message=self.message or "", component=self.component)
        import json

        return Entry(json.loads(self.document), key=self.key, external_id=self.external_id, source=self.source,
                     published=self.published)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _failed(record: Record, stage: str, exc: BaseException, component: str | None = None) -> Outcome:
    message = str(exc) or type(exc).__name__
    return Outcome(key=record.key, label=record.label, stage=stage, error=type(exc).__name__, message=message,
                   component=component, external_id=record.external_id)


def worker_died(record: Record) -> Outcome:
    return Outcome(key=record.key, label=record.label, stage="worker", error="WorkerDied", message=WORKER_DIED,
                   external_id=record.external_id)


def analyse_record(analyzer: Any, record: Record) -> Outcome:
    """Ingest and analyse one record; every exception becomes a failure Outcome (the worker lives on)."""
    import json

    try:
        doc = record_document(record, analyzer.options.ingest)
    except UnspinError as exc:
        return _failed(record, "ingest", exc)
    except Exception as exc:  # noqa: BLE001 - a batch never stops for one document
        return _failed(record, "ingest", exc)
    try:
        doc = analyzer.run(doc)
    except ComponentError as exc:
        return _failed(record, "analyse", exc, exc.name)
    except Exception as exc:  # noqa: BLE001 - UnspinError or anything else: stored with its reason
        return _failed(record, "analyse", exc)
    return Outcome(key=record.key, label=record.label,
                   document=json.dumps(doc.to_dict(), ensure_ascii=False, separators=(",", ":")),
                   external_id=record.external_id, published=record.published, source=record.source)


class Engine:
    """Maps records to outcomes; use as a context manager so workers are always shut down."""

    name = "engine"

    def map(self, records: Iterable[Record]) -> Iterator[Outcome]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InProcessEngine(Engine):
    """No worker processes (``--workers 0``): for debugging and small tests; a crash here ends the run."""

    name = "inprocess"

    def __init__(self, spec: AnalyzerSpec, setup: Setup | None = None) -> None:
        if setup:
            setup()
        self.analyzer = spec.build()

    def map(self, records: Iterable[Record]) -> Iterator[Outcome]:
        for record in records:
            yield analyse_record(self.analyzer, record)


# -- local processes ---------------------------------------------------------------------------------------
_worker_analyzer: Any = None


def _exit_with_parent() -> None:
    """Exit this worker as soon as the process that started it dies (``kill -9``, OOM, a crash).

    A killed parent never shuts its pool down, and an orphaned worker would otherwise live on, holding
    its models (~450 MB), until killed by hand. multiprocessing gives each child a sentinel: a pipe
    from the parent that becomes readable (EOF) when the parent dies. A daemon thread waits on it.
    ``prctl(PR_SET_PDEATHSIG)`` was considered: Linux only, and it fires when the parent *thread* that
    started the worker ends, which for a pool is not the parent process.
    """
    import threading
    from multiprocessing.connection import wait as wait_ready

    parent = mp.parent_process()
    if parent is None or parent.sentinel is None:  # pragma: no cover - not started by multiprocessing
        return

    def watch() -> None:
        wait_ready([parent.sentinel])
        os._exit(1)  # no cleanup to run: the parent, which owns the store and the outputs, is gone

    threading.Thread(target=watch, name="unspin-parent-watch", daemon=True).start()


def _init_worker(spec: AnalyzerSpec, setup: Setup | None) -> None:
    global _worker_analyzer
    _exit_with_parent()
    # One BLAS/torch thread per worker: the workers are the parallelism, more threads would fight them.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("UNSPIN_THREADS", "1")  # onnxruntime's pool (see persuasion/tagger.py)
    if setup:
        setup()
    _worker_analyzer = spec.build()


def _work(record: Record) -> Outcome:
    return analyse_record(_worker_analyzer, record)


class LocalEngine(Engine):
    """A pool of ``workers`` processes, each with its own Analyzer; a bounded number of records in flight."""

    name = "local"

    def __init__(self, spec: AnalyzerSpec, workers: int | None = None, *, setup: Setup | None = None,
                 in_flight_per_worker: int = 4) -> None:
        self.spec, self.setup = spec, setup
        self.workers = workers or os.cpu_count() or 1
        self.window = self.workers * in_flight_per_worker  # bounds memory: records are not all read up front
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        self.close()
        self._pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"),
                                         initializer=_init_worker, initargs=(self.spec, self.setup))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(self, records: Iterable[Record]) -> Iterator[Outcome]:
        pool = self._pool or self._new_pool()
        it = iter(records)
        pending: dict[Future[Outcome], Record] = {}
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.window:
                record = next(it, None)
                if record is None:
                    exhausted = True
                    break
                pending[pool.submit(_work, record)] = record
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken: list[Record] = []
            for future in done:
                record = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken.append(record)
            if broken:
                # Every future still pending is lost with the pool: re-run all of them, each alone.
                broken += list(pending.values())
                pending.clear()
                self._new_pool()
                yield from self._isolate(broken)
                pool = self._pool or self._new_pool()

    def _isolate(self, records: list[Record]) -> Iterator[Outcome]:
        """Run each record alone in a fresh pool: only the one that kills its worker fails."""
        for record in records:
            pool = self._pool if self._pool is not None else self._new_pool()
            try:
                yield pool.submit(_work, record).result()
            except BrokenProcessPool:
                self._new_pool()
                yield worker_died(record)

