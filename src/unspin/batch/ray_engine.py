"""The Ray engine: the same :func:`analyse_record` on Ray Data, locally or on a cluster.

Records go through ``ray.data.from_items(...).map_batches(Analyse, ...)``: an actor pool where each
actor builds its Analyzer once (as a local worker does). Records are sent in chunks so the driver
never holds a whole corpus; for tens of millions of articles read partitioned files on the cluster
instead (docs/scaling.md).

A record that crashes its actor must not stall or sink the run. Actors are created without
restarts or retries (Ray Data would otherwise retry a poisonous block for ever) and
``max_errored_blocks`` lets the dataset finish without the failed blocks; the records that did not
come back are then run one at a time on a single fresh actor, and one that kills it again is stored
as a ``worker`` failure, exactly as the local engine does.
"""

from __future__ import annotations

import os
import pickle
import warnings
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from unspin.errors import ConfigError

__all__ = ["RayEngine"]



class _Analyse:
    """A Ray Data actor: builds the Analyzer once, then analyses batches of records."""

    def __init__(self, spec: Any, setup: Any) -> None:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        if setup:
            setup()
        self.analyzer = spec.build()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        import json

        from unspin.batch.engines import analyse_record
        from unspin.ingest.records import Record

        out: dict[str, list[Any]] = {"key": [], "outcome": []}
        for blob in batch["record"]:
            record = pickle.loads(blob)
            assert isinstance(record, Record)
            outcome = analyse_record(self.analyzer, record)
            out["key"].append(record.key)
            out["outcome"].append(json.dumps(outcome.to_dict(), ensure_ascii=False))
        return out

    def one(self, blob: bytes) -> str:
        return self({"record": [blob]})["outcome"][0]


class RayEngine:
    """``--engine ray``: local Ray by default (``num_cpus=workers``), or an existing cluster via ``address``."""

    name = "ray"

    def __init__(self, spec: Any, workers: int | None = None, *, address: str | None = None, setup: Any = None,
                 chunk: int = 2000, batch_size: int = 8) -> None:
        try:
            import ray
        except ImportError as exc:
            raise ConfigError("--engine ray needs Ray: pip install 'unspin[ray]'") from exc
        self.ray = ray
        self.spec, self.setup = spec, setup
        self.chunk, self.batch_size = chunk, batch_size
        self._started_here = False
        if not ray.is_initialized():
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                      "configure_logging": False}
            if address:
                kwargs["address"] = address
            else:
                kwargs["num_cpus"] = workers or os.cpu_count() or 1
            ray.init(**kwargs)
            self._started_here = True
        self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))

    def close(self) -> None:
        if self._started_here and self.ray.is_initialized():
            self.ray.shutdown()
            self._started_here = False

    def __enter__(self) -> RayEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map(self, records: Iterable[Any]) -> Iterator[Any]:
        it = iter(records)
        while chunk := list(islice(it, self.chunk)):
            yield from self._map_chunk(chunk)

    def _map_chunk(self, chunk: list[Any]) -> Iterator[Any]:
        import json

        import ray.data

        from unspin.batch.engines import Outcome

        ctx = ray.data.DataContext.get_current()
        ctx.max_errored_blocks = -1          # a crashed block is skipped; its records are retried below
        ctx.enable_progress_bars = False     # unspin draws its own progress bar
        ctx.execution_options.preserve_order = False
        # Each record travels pickled in one binary column: Arrow would turn an all-None column into NaN and
        # change what the Document says. (Pickles only cross the wire; the store never holds one.)
        rows = [{"record": pickle.dumps(r)} for r in chunk]
        # No more actors than blocks: a small chunk (a small input, a corpus's last chunk) would otherwise start
        # actors that get no work, and Ray warns that it "won't fully utilize the available concurrency".
        blocks = max(1, -(-len(rows) // self.batch_size))
        ds: Any = ray.data.from_items(rows, override_num_blocks=blocks)
        with warnings.catch_warnings():
            # Ray 2.60 deprecates passing actor options this way, yet it is the only way to turn off its
            # default of restarting a crashed actor for ever; the [ray] extra pins ray<2.64 until it changes.
            warnings.filterwarnings("ignore", message=".*ray_remote_args.*")
            ds = ds.map_batches(_Analyse, fn_constructor_args=(self.spec, self.setup), batch_size=self.batch_size,
                                batch_format="numpy", concurrency=min(self.workers, blocks), num_cpus=1,
                                max_restarts=0, max_task_retries=0)
        seen: set[str] = set()
        for row in ds.iter_rows():
            outcome = Outcome(**json.loads(row["outcome"]))
            seen.add(outcome.key)
            yield outcome
        missing = [r for r in chunk if r.key not in seen]
        if missing:
            yield from self._isolate(missing)

    def _isolate(self, records: list[Any]) -> Iterator[Any]:
        import json

        from unspin.batch.engines import Outcome, worker_died

        ray = self.ray
        actor_class = ray.remote(num_cpus=1, max_restarts=0, max_task_retries=0)(_Analyse)
        actor = None
        for record in records:
            actor = actor or actor_class.remote(self.spec, self.setup)
            try:
                text = ray.get(actor.one.remote(pickle.dumps(record)))
                yield Outcome(**json.loads(text))
            except (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError):
                yield worker_died(record)
                actor = None
        if actor is not None:
            ray.kill(actor)
