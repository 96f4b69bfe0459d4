"""Benchmarks that run in this interpreter over ``httpx.MockTransport``: per-call overhead, upload CPU
cost by number of bindings, concurrent uploads, and one 10 MB bundle.

Contenders are measured in interleaved rounds (ours, official, raw, then again in another order), so that
a burst of load on this shared machine hits all of them alike; each figure is a median over the rounds.
CPU figures use ``time.process_time`` (this process's CPU only: the same work, whatever else runs).
"""

from __future__ import annotations

import asyncio
import gc
import time
import tracemalloc
from collections.abc import Awaitable, Callable

from benchmarks._common import LIST_SIZE, bindings_metadata, list_transport, median, mock_transport
from benchmarks._contenders import CONTENDERS, Contender
from benchmarks._table import Row

NAMES = tuple(CONTENDERS)  # ours, official, raw httpx


def _row(
    label: str, unit: str, figures: dict[str, float], *, target: str = "", higher_is_better: bool = False
) -> Row:
    """A row of the three contenders' ``figures`` by name (ours, official, raw httpx)."""
    ours, official, raw = (figures[name] for name in NAMES)
    return Row(label, unit, ours, official, raw, target=target, higher_is_better=higher_is_better)


def _medians(samples: dict[str, list[float]]) -> dict[str, float]:
    return {name: median(values) for name, values in samples.items()}


def _orders(rounds: int) -> list[tuple[str, ...]]:
    """Each round runs every contender, starting with a different one each time."""
    return [NAMES[i % len(NAMES) :] + NAMES[: i % len(NAMES)] for i in range(rounds)]


async def _batch_cpu(
    call: Callable[[], Awaitable[object]], *, calls: int | None = None, budget: float = 0.25
) -> float:
    """CPU seconds per call: ``calls`` calls, or as many as fit ``budget`` seconds (10 at least)."""
    gc.collect()
    done = 0
    start = time.process_time()
    while True:
        await call()
        done += 1
        elapsed = time.process_time() - start
        if (calls is not None and done >= calls) or (calls is None and done >= 10 and elapsed >= budget):
            return elapsed / done


async def per_call(rounds: int, calls: int = 2000) -> Row:
    """1. ``calls`` sequential namespace GETs: CPU microseconds per call."""
    contenders = {name: CONTENDERS[name](mock_transport(), []) for name in NAMES}
    for contender in contenders.values():
        for _ in range(50):  # warm up: imports, caches, the connection pool
            await contender.get()
    samples: dict[str, list[float]] = {name: [] for name in NAMES}
    for order in _orders(rounds):
        for name in order:
            samples[name].append(await _batch_cpu(contenders[name].get, calls=calls) * 1e6)
    for contender in contenders.values():
        await contender.close()
    figures = _medians(samples)
    return _row(
        f"1. namespace GET, {calls:,} sequential (CPU per call)",
        "µs",
        figures,
        target="ours <= 1.3x raw",
    )


async def _per_call_rows(
    rounds: int, cases: list[tuple[str, str, Callable[[Contender], Callable[[], Awaitable[object]]]]]
) -> list[Row]:
    """CPU microseconds per call of each case ``(label, target, pick the contender's call)``."""
    contenders = {name: CONTENDERS[name](mock_transport(), []) for name in NAMES}
    rows = []
    for label, target, pick in cases:
        for contender in contenders.values():
            for _ in range(20):  # warm up: imports, caches, the connection pool
                await pick(contender)()
        samples: dict[str, list[float]] = {name: [] for name in NAMES}
        for order in _orders(rounds):
            for name in order:
                samples[name].append(await _batch_cpu(pick(contenders[name])) * 1e6)
        figures = _medians(samples)
        rows.append(_row(label, "µs", figures, target=target))
    for contender in contenders.values():
        await contender.close()
    return rows


async def reads(rounds: int) -> list[Row]:
    """1. Reading scripts: one list answer of 100 scripts, and one script's details (CPU per call)."""
    return await _per_call_rows(
        rounds,
        [
            (
                f"1. list {LIST_SIZE} scripts, one page (CPU per list)",
                "ours <= 3x raw, <= 0.5x official",
                lambda c: c.list_scripts,
            ),
            ("1. scripts.get (CPU per call)", "ours <= 1.15x raw", lambda c: c.script_get),
        ],
    )


async def upload_built(rounds: int, count: int = 50) -> list[Row]:
    """2. An upload whose ``count`` bindings and options are built for each call (CPU per upload)."""
    return await _per_call_rows(
        rounds,
        [
            (
                f"2. upload, {count} bindings built per call (CPU per upload)",
                "ours <= 1.2x raw",
                lambda c: lambda: c.upload_built("acme", count),
            )
        ],
    )


async def upload_cost(rounds: int, binding_counts: tuple[int, ...] = (0, 1, 10, 50)) -> list[Row]:
    """2. One module upload with 0, 1, 10, 50 bindings: CPU microseconds per upload."""
    rows = []
    for count in binding_counts:
        bindings = bindings_metadata(count)
        contenders = {name: CONTENDERS[name](mock_transport(), bindings) for name in NAMES}
        for contender in contenders.values():
            for _ in range(3):
                await contender.upload("acme")
        samples: dict[str, list[float]] = {name: [] for name in NAMES}
        for order in _orders(rounds):
            for name in order:
                call = contenders[name].upload
                samples[name].append(await _batch_cpu(lambda call=call: call("acme")) * 1e6)
        for contender in contenders.values():
            await contender.close()
        figures = _medians(samples)
        rows.append(
            _row(
                f"2. upload, {count} binding{'' if count == 1 else 's'} (CPU per upload)",
                "µs",
                figures,
                target="ours <= 1.5x raw at 50, flat" if count in (0, 50) else "",
            )
        )
    return rows


async def _gather_uploads(contender: Contender, total: int, concurrency: int) -> float:
    """Wall seconds for ``total`` uploads, at most ``concurrency`` at a time (one semaphore, gather)."""
    slots = asyncio.Semaphore(concurrency)

    async def one(i: int) -> None:
        async with slots:
            await contender.upload(f"tenant-{i}")

    gc.collect()
    start = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(total)))
    return time.perf_counter() - start


async def _deploy_many(total: int, concurrency: int, bindings: list[dict[str, object]]) -> float:
    """Wall seconds for ``total`` uploads through ``cf.bulk.deploy_many`` (no rate limit)."""
    from benchmarks._common import ACCOUNT, NAMESPACE, TOKEN, WORKER_SOURCE
    from benchmarks._contenders import _ours_options
    from wfp_async import NO_RETRY, Module, WfpClient, WorkerBundle

    bundle = WorkerBundle.es_module(Module.from_text("index.js", WORKER_SOURCE))
    options = _ours_options(bindings)
    async with WfpClient(
        account_id=ACCOUNT, api_token=TOKEN, transport=mock_transport(), retry=NO_RETRY, rate_limit=None
    ) as cf:
        gc.collect()
        start = time.perf_counter()
        report = await cf.bulk.deploy_many(
            NAMESPACE,
            ((f"tenant-{i}", bundle, options) for i in range(total)),
            concurrency=concurrency,
            rate_limit=None,
        )
        elapsed = time.perf_counter() - start
    if report.failed:
        raise RuntimeError(f"deploy_many failed: {report.errors_by_kind()}")
    return elapsed


async def concurrent_uploads(rounds: int, total: int = 1000, concurrency: int = 50) -> list[Row]:
    """3a. ``total`` uploads at concurrency ``concurrency`` over MockTransport: uploads per second."""
    bindings = bindings_metadata(1)
    samples: dict[str, list[float]] = {name: [] for name in (*NAMES, "deploy_many")}
    for order in _orders(rounds):
        for name in order:
            contender = CONTENDERS[name](mock_transport(), bindings)
            await contender.upload("warm-up")
            samples[name].append(total / await _gather_uploads(contender, total, concurrency))
            await contender.close()
        samples["deploy_many"].append(total / await _deploy_many(total, concurrency, bindings))
    figures = _medians(samples)
    return [
        _row(
            f"3. {total:,} uploads, concurrency {concurrency}, MockTransport (gather)",
            "/s",
            figures,
            higher_is_better=True,
        ),
        Row(
            f"3. {total:,} uploads, concurrency {concurrency}, MockTransport (ours: bulk.deploy_many)",
            "/s",
            figures["deploy_many"],
            higher_is_better=True,
        ),
    ]


async def big_bundle(rounds: int, size: int = 10 * 1024 * 1024) -> list[Row]:
    """5. One upload of a ``size``-byte module: CPU time, and the peak of memory allocated meanwhile
    (tracemalloc; the module's own bytes existed before and are not counted)."""
    line = b"export const data_0123456789 = 'abcdefghijklmnopqrstuvwxyz';\n"
    source = (line * (size // len(line) + 1))[:size]
    times: dict[str, list[float]] = {name: [] for name in NAMES}
    peaks: dict[str, list[float]] = {name: [] for name in NAMES}
    for order in _orders(rounds):
        for name in order:
            contender = CONTENDERS[name](mock_transport(), [], source=source)
            await contender.upload("warm-up")
            times[name].append(await _batch_cpu(lambda c=contender: c.upload("big"), calls=1) * 1e3)
            gc.collect()
            tracemalloc.start()
            await contender.upload("big")
            peaks[name].append(tracemalloc.get_traced_memory()[1] / 2**20)
            tracemalloc.stop()
            await contender.close()
    mb = size / 2**20
    return [
        _row(
            f"5. one {mb:.0f} MB bundle upload (CPU)",
            "ms",
            _medians(times),
        ),
        _row(
            f"5. one {mb:.0f} MB bundle upload (peak allocated)",
            "MB",
            _medians(peaks),
        ),
    ]


async def list_memory(rounds: int, size: int = 10_000) -> list[Row]:
    """1. Listing one answer of ``size`` scripts: the peak of memory allocated while listing, and what the
    listed items keep once the answer's bytes and JSON are gone (tracemalloc, medians of ``rounds``)."""
    peaks: dict[str, list[float]] = {name: [] for name in NAMES}
    kept: dict[str, list[float]] = {name: [] for name in NAMES}
    for order in _orders(rounds):
        for name in order:
            contender = CONTENDERS[name](list_transport(size), [])
            await contender.list_scripts()  # warm up: imports, caches, the connection pool
            gc.collect()
            tracemalloc.start()
            before = tracemalloc.get_traced_memory()[0]
            items = await contender.list_scripts()
            gc.collect()
            current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            peaks[name].append((peak - before) / 2**20)
            kept[name].append((current - before) / size)
            del items
            await contender.close()
    return [
        _row(
            f"1. list {size:,} scripts, one answer (peak allocated)",
            "MB",
            _medians(peaks),
        ),
        _row(
            f"1. list {size:,} scripts, one answer (kept per listed item)",
            "B",
            _medians(kept),
        ),
    ]
