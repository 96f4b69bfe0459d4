"""``python -m benchmarks.bench_emulator_input``: how long hostile-but-valid uploads hold the emulator.

The emulator answers on one event loop, so the time one request takes to parse is the time every other
client waits. Three requests, each timed end to end through the in-process transport (median of
``--rounds``): an upload of 10,000 modules, an upload whose Content-Type and part headers carry 80,000
parameters each, and a body past the size limit (refused while streaming). Figures only, no assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable

import httpx

from wfp_async.emulator import Emulator

NS = "/accounts/emu-account/workers/dispatch/namespaces"
JS = "application/javascript+module"


def many_parts(count: int) -> tuple[bytes, str]:
    boundary = "bench-boundary"
    chunks = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n'
        'Content-Type: application/json\r\n\r\n{"main_module": "m0.js"}\r\n'
    ]
    chunks += [
        f'--{boundary}\r\nContent-Disposition: form-data; name="m{i}.js"; filename="m{i}.js"\r\n'
        f"Content-Type: {JS}\r\n\r\nexport default {{}}\r\n"
        for i in range(count)
    ]
    chunks.append(f"--{boundary}--\r\n")
    return "".join(chunks).encode(), f"multipart/form-data; boundary={boundary}"


def many_params(count: int) -> tuple[bytes, str]:
    boundary = "bench-boundary"
    noise = "".join(f"; p{i}=v{i}" for i in range(count))
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="metadata"{noise}\r\n'
        'Content-Type: application/json\r\n\r\n{"main_module": "index.js"}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="index.js"; filename="index.js"{noise}\r\n'
        f"Content-Type: {JS}\r\n\r\nexport default {{}}\r\n--{boundary}--\r\n"
    ).encode()
    return body, f"multipart/form-data{noise}; boundary={boundary}"


Request = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


async def timed(rounds: int, request: Request) -> tuple[float, int]:
    """Median seconds of ``request`` on a fresh emulator each round, and the last status."""
    seconds: list[float] = []
    status = 0
    for _ in range(rounds):
        emu = Emulator()
        async with httpx.AsyncClient(
            transport=emu.transport(),
            base_url="http://emulator/client/v4",
            headers={"Authorization": "Bearer emu-token"},
            timeout=None,
        ) as client:
            await client.post(NS, json={"name": "ns"})
            start = time.perf_counter()
            status = (await request(client)).status_code
            seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), status


async def run(rounds: int) -> None:
    parts_body, parts_type = many_parts(10_000)
    params_body, params_type = many_params(80_000)
    oversized = b"x" * (65 * 1024 * 1024)

    def put(body: bytes, content_type: str) -> Request:
        return lambda c: c.put(f"{NS}/ns/scripts/w", content=body, headers={"Content-Type": content_type})

    cases = [
        ("10,000 modules in one upload", put(parts_body, parts_type), len(parts_body)),
        ("80,000 header parameters", put(params_body, params_type), len(params_body)),
        ("65 MiB body (limit 64 MiB)", put(oversized, parts_type), len(oversized)),
    ]
    print(f"median of {rounds} rounds, in-process transport, one request at a time")
    print("| request | body | median | status |\n|---|---:|---:|---:|")
    for label, request, size in cases:
        median, status = await timed(rounds, request)
        print(f"| {label} | {size / 1e6:.1f} MB | {median * 1000:.0f} ms | {status} |")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_emulator_input")
    parser.add_argument("--rounds", type=int, default=5)
    asyncio.run(run(max(1, parser.parse_args().rounds)))


if __name__ == "__main__":
    main()
