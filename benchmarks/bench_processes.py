"""Benchmarks that need fresh interpreters or a real server: cold import plus client construction, the
lazy 100,000-item ``deploy_many`` (peak RSS of its own process), and ``deploy_many`` against the
emulator over loopback HTTP (the emulator in its own process, so it does not share our GIL)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time

from benchmarks._common import WORKER_SOURCE, median
from benchmarks._table import Row

# Each snippet is timed inside its fresh interpreter, which then reports what it loaded and its peak RSS.
_PROBE = """
import time
_start = time.perf_counter()
{code}
_elapsed = time.perf_counter() - _start
import sys
_modules = len(sys.modules)
from benchmarks._common import peak_rss_mb
import json
print(json.dumps({{"seconds": _elapsed, "modules": _modules, "rss_mb": peak_rss_mb()}}))
"""
IMPORTS = {
    "ours": "import wfp_async\nwfp_async.WfpClient(account_id='a' * 32, api_token='token')",
    "official": "import cloudflare\ncloudflare.AsyncCloudflare(api_token='token')",
    # The floor for any httpx-based client: httpx itself and one AsyncClient.
    "raw httpx": "import httpx\nhttpx.AsyncClient()",
}


def _probe(code: str) -> dict[str, float]:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(code=code)], capture_output=True, text=True, check=True
    ).stdout
    figures: dict[str, float] = json.loads(out)
    figures["process_seconds"] = time.perf_counter() - start
    return figures


def cold_import(rounds: int) -> list[Row]:
    """4. ``import`` plus client construction in fresh interpreters (byte-code already compiled)."""
    names = tuple(IMPORTS)
    for name in names:
        _probe(IMPORTS[name])  # compile the .pyc files once
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    for i in range(rounds):
        for name in names[i % 3 :] + names[: i % 3]:
            samples[name].append(_probe(IMPORTS[name]))

    def fig(name: str, key: str, scale: float = 1.0) -> float:
        return median(sample[key] for sample in samples[name]) * scale

    def row(label: str, key: str, unit: str, scale: float = 1.0, target: str = "") -> Row:
        return Row(
            label,
            unit,
            fig("ours", key, scale),
            fig("official", key, scale),
            fig("raw httpx", key, scale),
            target=target,
        )

    return [
        row(
            "4. cold import + client construction (in process)", "seconds", "ms", 1e3, "ours <= 1/3 official"
        ),
        row("4. whole fresh interpreter: start, import, construct, exit", "process_seconds", "ms", 1e3),
        row("4. modules loaded (len(sys.modules))", "modules", ""),
        row("4. peak RSS after import + construction", "rss_mb", "MB"),
    ]


def lazy_deploy(rounds: int, total: int = 100_000) -> list[Row]:
    """6. A lazy ``deploy_many`` of ``total`` generated items over MockTransport, each round in a fresh
    process: the median throughput, and the highest peak RSS of the rounds."""
    results = []
    for _ in range(rounds):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks._deploy_lazy", str(total)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = json.loads(out)
        if result["failed"]:
            raise RuntimeError(f"lazy deploy: {result['failed']} items failed")
        results.append(result)
    return [
        Row(
            f"6. lazy deploy_many, {total:,} items",
            "/s",
            median(total / result["seconds"] for result in results),
            higher_is_better=True,
        ),
        Row(
            f"6. lazy deploy_many, {total:,} items: peak RSS (highest of {rounds})",
            "MB",
            max(result["peak_rss_mb"] for result in results),
            target="< 200 MB",
        ),
    ]


def _start_emulator() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "wfp_async.emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"listening on (\S+)", line)
    if match is None:
        process.kill()
        raise RuntimeError(f"the emulator did not start: {line!r}")
    return process, match[1]


async def _emulator_deploy(base_url: str, total: int, concurrency: int) -> float:
    from wfp_async import NO_RETRY, Module, PlainText, UploadOptions, WfpClient, WorkerBundle

    bundle = WorkerBundle.es_module(Module.from_text("index.js", WORKER_SOURCE))
    options = UploadOptions(bindings=[PlainText("TENANT", "acme")])
    async with WfpClient(
        account_id="emu-account", api_token="emu-token", base_url=base_url, retry=NO_RETRY, rate_limit=None
    ) as cf:
        namespace = f"bench-{os.getpid()}-{time.monotonic_ns()}"
        await cf.namespaces.create(namespace)
        start = time.perf_counter()
        report = await cf.bulk.deploy_many(
            namespace,
            ((f"tenant-{i}", bundle, options) for i in range(total)),
            concurrency=concurrency,
        )
        elapsed = time.perf_counter() - start
        await cf.namespaces.delete(namespace)
    if report.failed:
        raise RuntimeError(f"emulator deploy: {report.errors_by_kind()}")
    return elapsed


def emulator_deploy(rounds: int, total: int = 5000, concurrency: int = 50) -> Row:
    """3b. ``total`` uploads through ``deploy_many`` against the emulator over loopback HTTP."""
    process, base_url = _start_emulator()
    try:
        rates = [total / asyncio.run(_emulator_deploy(base_url, total, concurrency)) for _ in range(rounds)]
    finally:
        process.terminate()
        process.wait(timeout=10)
    return Row(
        f"3. {total:,} uploads via deploy_many, loopback emulator over HTTP",
        "/s",
        median(rates),
        higher_is_better=True,
    )
