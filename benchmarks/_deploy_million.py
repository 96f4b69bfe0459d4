"""Run in a fresh interpreter: a lazy ``deploy_many`` of N items over MockTransport with realistic ~2 KB
answers; prints one JSON line with the elapsed time, the counts and the process's peak RSS.

``python -m benchmarks._deploy_million 1000000``
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

import httpx

from benchmarks._common import ACCOUNT, NAMESPACE, NAMESPACE_BODY, TOKEN, WORKER_SOURCE, envelope, peak_rss_mb
from wfp_async import NO_RETRY, Module, PlainText, UploadOptions, WfpClient, WorkerBundle

# An upload's answer as Cloudflare sends it for a Worker with bindings, observability and placement: ~2 KB.
ANSWER = envelope(
    {
        "id": "tenant",
        "etag": "ea95132c15732412d22c1476fa83f27a0f2ac74b498b4f5b9b2c1bb3c6d5bd4e",
        "created_on": "2024-03-01T12:00:00.000000Z",
        "modified_on": "2024-03-02T08:30:00.000000Z",
        "handlers": ["fetch", "scheduled", "queue"],
        "named_handlers": [{"name": "Tenant", "handlers": ["fetch"]}],
        "has_modules": True,
        "has_assets": False,
        "compatibility_date": "2024-09-23",
        "compatibility_flags": ["nodejs_compat", "streams_enable_constructors"],
        "tags": [f"plan-{i}" for i in range(8)],
        "usage_model": "standard",
        "logpush": False,
        "placement_mode": "smart",
        "placement": {"mode": "smart", "status": "SUCCESS"},
        "observability": {"enabled": True, "head_sampling_rate": 0.1, "logs": {"enabled": True}},
        "tail_consumers": [{"service": f"tail-{i}", "environment": "production"} for i in range(6)],
        "startup_time_ms": 10,
        "entry_point": "index.js",
        "migration_tag": "v42",
        "last_deployed_from": "api",
        "deployment_id": "bcf48806-b317-4351-9ee7-36e7d557d4de",
        "pipeline_hash": "6d3a5b2c1f0e9d8c7b6a5f4e3d2c1b0a" * 4,
        "extra": {f"field_{i}": f"value-{i}-" + "x" * 24 for i in range(16)},
    }
)
HEADERS = {
    "Content-Type": "application/json",
    "CF-Ray": "8c1b2f3e4d5a6b7c-LHR",
    "Ratelimit": '"default";r=1100;t=200',
    "Ratelimit-Policy": '"default";q=1200;w=300',
}


async def handler(request: httpx.Request) -> httpx.Response:
    await request.aread()
    if request.method == "PUT":
        return httpx.Response(200, headers=HEADERS, content=ANSWER)
    return httpx.Response(200, headers=HEADERS, content=NAMESPACE_BODY)


async def main(total: int) -> dict[str, float]:
    bundle = WorkerBundle.es_module(Module.from_text("index.js", WORKER_SOURCE))
    items = (
        (f"tenant-{i}", bundle, UploadOptions(bindings=[PlainText("TENANT", f"tenant-{i}")]))
        for i in range(total)
    )
    rss_before = peak_rss_mb()
    async with WfpClient(
        account_id=ACCOUNT,
        api_token=TOKEN,
        transport=httpx.MockTransport(handler),
        retry=NO_RETRY,
        rate_limit=None,
    ) as cf:
        start = time.perf_counter()
        report = await cf.bulk.deploy_many(NAMESPACE, items, concurrency=50)
        elapsed = time.perf_counter() - start
    return {
        "answer_bytes": len(ANSWER),
        "seconds": elapsed,
        "ok": report.ok,
        "failed": report.failed,
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(int(sys.argv[1])))))
