"""9. What the rollout journal costs: a 500-tenant rollout in 3 waves (10%, then 100%) against the
in-process emulator, without and with the journal, and a rerun of the finished rollout (which reads the
journal and sends nothing). Figures only, never assertions."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from statistics import median

import httpx

from benchmarks._table import Row
from wfp_async import NO_RETRY, Wave, WfpClient, WorkerBundle, rollout
from wfp_async.emulator import Emulator

TENANTS = 500
OLD = WorkerBundle.es_module("export default { fetch: () => new Response('old') };")
NEW = WorkerBundle.es_module("export default { fetch: () => new Response('new') };")


class _Counting(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner, self.count = inner, 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        return await self.inner.handle_async_request(request)


async def _passes(wave: Wave) -> bool:
    return True


async def _no_pause(seconds: float) -> None:
    return None


async def _once(journal: Path | None) -> tuple[float, float, int]:
    """(seconds of the rollout, seconds of a rerun with the journal, requests the rerun sent)."""
    emulator = Emulator()
    counting = _Counting(emulator.transport())
    async with WfpClient(
        account_id=emulator.account_id,
        api_token="emu-token",
        transport=counting,
        retry=NO_RETRY,
        rate_limit=None,
    ) as cf:
        await cf.namespaces.create("tenants")
        names = [f"t{i:03d}" for i in range(TENANTS)]
        seeded = await cf.bulk.deploy_many(
            "tenants", ((n, OLD) for n in names), rate_limit=None, concurrency=32
        )
        seeded.raise_for_failures()

        async def run() -> float:
            start = time.perf_counter()
            report = await rollout(
                cf, "tenants", names, NEW, check=_passes, waves=3, pause=0, rate_limit=None, sleep=_no_pause,
                journal=journal,
            )  # fmt: skip
            if len(report.in_state("done")) != TENANTS:
                raise RuntimeError(f"rollout benchmark: {report.stopped}")
            return time.perf_counter() - start

        first = await run()
        if journal is None:
            return first, 0.0, 0
        counting.count = 0
        return first, await run(), counting.count


def journal_cost(rounds: int) -> list[Row]:
    """9a. The 500-tenant rollout's time without and with the journal, and the finished rerun's."""
    plain, journaled, reruns, sent = [], [], [], []
    for _ in range(rounds):
        plain.append(asyncio.run(_once(None))[0])
        with tempfile.TemporaryDirectory() as folder:
            first, rerun, count = asyncio.run(_once(Path(folder) / "rollout.sqlite3"))
        journaled.append(first)
        reruns.append(rerun)
        sent.append(count)
    without, with_journal = median(plain), median(journaled)
    return [
        Row(f"9a. rollout of {TENANTS} tenants, 3 waves, in-process emulator, no journal", "s", without),
        Row(f"9a. rollout of {TENANTS} tenants, 3 waves, with journal", "s", with_journal),
        Row("9a. rollout journal overhead (with / without)", "x", with_journal / without, target="<= 1.15"),
        Row("9a. rerun of the finished rollout: local time", "ms", median(reruns) * 1000),
        Row("9a. rerun of the finished rollout: requests sent", "", float(max(sent)), target="0"),
    ]
