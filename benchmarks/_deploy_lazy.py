"""Run in a fresh interpreter: a lazy ``deploy_many`` of N items over MockTransport; prints one JSON line
with the elapsed time, the outcome counts and the process's peak RSS (``ru_maxrss``).

``python -m benchmarks._deploy_lazy 100000``
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from benchmarks._common import ACCOUNT, NAMESPACE, TOKEN, WORKER_SOURCE, mock_transport, peak_rss_mb
from wfp_async import NO_RETRY, Module, PlainText, UploadOptions, WfpClient, WorkerBundle


async def main(total: int) -> dict[str, float]:
    bundle = WorkerBundle.es_module(Module.from_text("index.js", WORKER_SOURCE))
    items = (
        (f"tenant-{i}", bundle, UploadOptions(bindings=[PlainText("TENANT", f"tenant-{i}")]))
        for i in range(total)
    )
    rss_before = peak_rss_mb()
    async with WfpClient(
        account_id=ACCOUNT, api_token=TOKEN, transport=mock_transport(), retry=NO_RETRY, rate_limit=None
    ) as cf:
        start = time.perf_counter()
        report = await cf.bulk.deploy_many(NAMESPACE, items, concurrency=50)
        elapsed = time.perf_counter() - start
    return {
        "seconds": elapsed,
        "ok": report.ok,
        "failed": report.failed,
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(int(sys.argv[1])))))
