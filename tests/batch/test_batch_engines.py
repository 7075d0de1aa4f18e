"""Engines: a killed local worker and a crashed Ray worker each fail one document; Ray = local, byte for byte."""

from __future__ import annotations

import hashlib

import faulty
import pytest

from batch_samples import RUN_STARTED, article
from unspin.batch.engines import WORKER_DIED, AnalyzerSpec, InProcessEngine, LocalEngine
from unspin.ingest.records import Record

SPEC = AnalyzerSpec(("structure", "language", "faulty"))


def _records(texts: list[str]) -> list[Record]:
    return [Record(key=hashlib.sha256(t.encode()).hexdigest(), label=f"r{i}", fetched_at=RUN_STARTED, text=t,
                   path=f"r{i}", published="2024-01-02" if i % 2 else None, source="ledger")
            for i, t in enumerate(texts)]


def _reference(records: list[Record]) -> dict[str, str | None]:
    faulty.register()
    engine = InProcessEngine(SPEC)
    return {o.key: o.document for o in engine.map(r for r in records if "KILLME" not in (r.text or ""))}


@pytest.mark.slow
def test_engines_local_pool_survives_a_killed_worker() -> None:
    records = _records([article(i, "KILLME" if i == 2 else "") for i in range(5)])
    with LocalEngine(SPEC, workers=2, setup=faulty.register, in_flight_per_worker=2) as engine:
        outcomes = {o.key: o for o in engine.map(records)}
    dead = outcomes.pop(records[2].key)
    assert (dead.stage, dead.error, dead.message) == ("worker", "WorkerDied", WORKER_DIED)
    assert {k: o.document for k, o in outcomes.items()} == _reference(records)


# Ray Data's own DataContext warns about its deprecated settings when it copies itself; not ours to fix.
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*")
def test_engines_ray_matches_local_and_survives_a_worker_crash() -> None:
    ray = pytest.importorskip("ray")
    from ray import cloudpickle

    from unspin.batch.ray_engine import RayEngine

    cloudpickle.register_pickle_by_value(faulty)  # Ray workers cannot import the tests folder
    records = _records([article(i, "KILLME" if i == 3 else "") for i in range(5)])
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        with RayEngine(SPEC, workers=2, setup=faulty.register, batch_size=1) as engine:
            outcomes = {o.key: o for o in engine.map(records)}
    finally:
        ray.shutdown()
    dead = outcomes.pop(records[3].key)
    assert (dead.stage, dead.error) == ("worker", "WorkerDied")
    assert {k: o.document for k, o in outcomes.items()} == _reference(records)
    assert all(o.source == "ledger" for o in outcomes.values())
