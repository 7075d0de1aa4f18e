"""A bounded load test against a running unspin server: N concurrent analyse requests.

Used by ``tests/web/test_web_load.py`` and ``bench/bench_web_load.py``. It only ever targets the
URL it is given (the tests start a server on loopback), sends a fixed number of requests, and
stops at ``deadline`` seconds whatever happens.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from dataclasses import dataclass

import httpx

__all__ = ["LoadResult", "run_load"]


@dataclass(frozen=True, slots=True)
class LoadResult:
    requests: int
    statuses: dict[int, int]
    errors: int  # transport errors and timeouts: requests that got no answer
    p50: float
    p95: float
    wall: float

    def table(self) -> str:
        rows = [("requests", str(self.requests)), ("answered 200", str(self.statuses.get(200, 0))),
                ("other statuses", str({k: v for k, v in self.statuses.items() if k != 200} or "none")),
                ("no answer", str(self.errors)), ("p50 latency", f"{self.p50 * 1000:.0f} ms"),
                ("p95 latency", f"{self.p95 * 1000:.0f} ms"), ("wall time", f"{self.wall:.1f} s"),
                ("throughput", f"{self.requests / self.wall:.1f} requests/s")]
        return "\n".join(f"{k:<16} {v}" for k, v in rows)


async def _load(base_url: str, n: int, text: str, deadline: float) -> LoadResult:
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    errors = 0

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=deadline) as client:
        async def one(i: int) -> None:
            nonlocal errors
            t = time.perf_counter()
            try:
                r = await client.post("/api/v1/analyze", json={"text": f"{text}\n\nRequest {i}.\n"})
                statuses[r.status_code] += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - t)

        start = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(n))), timeout=deadline)
        wall = time.perf_counter() - start
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else 0.0
    return LoadResult(n, dict(statuses), errors, statistics.median(latencies) if latencies else 0.0, p95, wall)


def run_load(base_url: str, n: int = 200, *, text: str, deadline: float = 120.0) -> LoadResult:
    # A thread of its own: the caller may already run an event loop (Playwright's sync API does).
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _load(base_url, n, text, deadline)).result()
