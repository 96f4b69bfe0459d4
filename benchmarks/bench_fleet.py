"""7. A fleet on one token: 4 processes, each running ``deploy_many`` through its own client and a
:class:`~wfp_async.RedisLimiter`, against one loopback emulator that enforces a scaled limit.

The emulator (its own process) keeps Cloudflare's rule exactly (``--rate-limit``): a request that
arrives when the last ``period`` seconds already hold ``requests`` accepted requests gets a 429 and
blocks the token for a period. A recorder in front of it notes every arrival, so the figures are the
server's view: the busiest window as a fraction of the
limit (must be <= 1.0), the 429s (target 0), and the share of the budget used over the run (target
>= 0.9); then the same with one process SIGKILLed midway (the others must take up its share).

``python -m benchmarks.bench_fleet`` runs it alone; ``make bench`` runs it with the rest.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

from benchmarks._common import WORKER_SOURCE
from benchmarks._table import Row

ACCOUNT = "emu-account"
TOKEN = "emu-token"
NAMESPACE = "fleet"
PROCESSES = 4
CONCURRENCY = 8
# Cloudflare's 1,200 per 300 s scaled down 100x in time: 120 per 3 s, in bursts of 5.
REQUESTS, PERIOD, BURST = 120, 3.0, 5
# The default margin (1 s of Cloudflare's 300 s) at this scale; a request counts until its answer anyway.
MARGIN = 0.01


def _gate_app(requests: int, period: float) -> Any:
    """The emulator enforcing ``requests`` per ``period`` per token (its ``--rate-limit``: an exact window,
    then Cloudflare's block), with a recorder in front of it and ``/__stats`` to read the record."""
    from wfp_async.emulator import ApiRateLimit, Emulator, FaultConfig

    rule = ApiRateLimit(requests=requests, period=period)
    emulator = Emulator(account_id=ACCOUNT, token=TOKEN, faults=FaultConfig(rate_limit=rule))
    arrivals: list[float] = []
    rejected = 0

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal rejected
        if scope["type"] != "http":
            await emulator(scope, receive, send)
            return
        if scope["path"] == "/__stats":
            body = json.dumps({"accepted": arrivals, "rejected": rejected}).encode()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": body})
            return
        arrived = time.time()

        async def record(message: Any) -> None:
            nonlocal rejected
            if message["type"] == "http.response.start":
                if message["status"] == 429:
                    rejected += 1
                else:
                    arrivals.append(arrived)
            await send(message)

        await emulator(scope, receive, record)

    return app


def _serve_gate() -> int:
    from wfp_async.emulator._server import serve_forever

    return serve_forever(_gate_app(REQUESTS, PERIOD), "127.0.0.1", 0, "listening on {url}")


async def _deploy(base_url: str, redis_url: str, seconds: float) -> dict[str, object]:
    from wfp_async import Module, RateLimit, RedisLimiter, WfpClient, WorkerBundle

    limit = RateLimit(requests=REQUESTS, period=PERIOD, burst=BURST)
    limiter = await RedisLimiter.connect(
        redis_url, account_id=ACCOUNT, api_token=TOKEN, limit=limit, margin=MARGIN
    )
    bundle = WorkerBundle.es_module(Module.from_text("index.js", WORKER_SOURCE))
    deadline = time.monotonic() + seconds

    def items() -> Iterator[tuple[str, WorkerBundle]]:
        i = 0
        while time.monotonic() < deadline:
            yield f"tenant-{os.getpid()}-{i}", bundle
            i += 1

    # The client closes the limiter with itself.
    async with WfpClient(account_id=ACCOUNT, api_token=TOKEN, base_url=base_url, rate_limit=limiter) as cf:
        report = await cf.bulk.deploy_many(NAMESPACE, items(), concurrency=CONCURRENCY)
    return {"ok": report.ok, "failed": report.failed, "errors": report.errors_by_kind()}


def _start(args: list[str], ready: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith(ready):
        process.kill()
        process.wait()
        raise RuntimeError(f"{args[:4]} did not start: {line!r}")
    return process, line[len(ready) :].strip()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _redis(directory: str) -> tuple[subprocess.Popen[str], str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is missing: `make redis-server` installs it")
    port = _free_port()
    process = subprocess.Popen(
        [
            binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            directory,
        ],
        stdout=subprocess.DEVNULL,
        text=True,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    return process, f"redis://127.0.0.1:{port}/0"
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError("redis-server did not start")
        time.sleep(0.02)


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def busiest_window(times: list[float], period: float) -> int:
    """The most arrivals in any window ``[t, t + period)``."""
    ordered, most, start = sorted(times), 0, 0
    for end, t in enumerate(ordered):
        while ordered[start] <= t - period:
            start += 1
        most = max(most, end - start + 1)
    return most


def run_fleet(seconds: float, kill_after: float | None) -> dict[str, float]:
    """One run of the fleet; the figures seen at the emulator."""
    with tempfile.TemporaryDirectory(prefix="wfp-bench-redis-") as directory:
        redis_process, redis_url = _redis(directory)
        gate, base_url = _start([sys.executable, "-m", "benchmarks.bench_fleet", "serve"], "listening on ")
        fleet: list[subprocess.Popen[str]] = []
        try:
            import httpx

            headers = {"Authorization": f"Bearer {TOKEN}"}
            httpx.post(
                f"{base_url}/accounts/{ACCOUNT}/workers/dispatch/namespaces",
                json={"name": NAMESPACE},
                headers=headers,
            ).raise_for_status()
            started_at = time.time()
            for _ in range(PROCESSES):
                args = [sys.executable, "-m", "benchmarks.bench_fleet", "deploy", base_url, redis_url]
                fleet.append(subprocess.Popen([*args, str(seconds)], stdout=subprocess.PIPE, text=True))
            killed_at = None
            if kill_after is not None:
                time.sleep(kill_after)
                fleet[0].kill()
                killed_at = time.time()
            reports = [json.loads(p.communicate(timeout=seconds + 60)[0] or "null") for p in fleet]
            stats = httpx.get(base_url.replace("/client/v4", "") + "/__stats").json()
            import redis

            store = redis.Redis.from_url(redis_url)
            # Top-level commands only (a script's own commands are counted under their names), less
            # redis-py's CLIENT SETINFO pair on each new pooled connection and this INFO.
            commands = store.info("commandstats")
            trips = (
                sum(
                    int(commands.get(f"cmdstat_{name}", {}).get("calls", 0))
                    for name in ("evalsha", "eval", "script", "ping", "info")
                )
                - 1
            )
            store.close()
        finally:
            for process in fleet:
                _stop(process)
            _stop(gate)
            _stop(redis_process)
    arrivals: list[float] = [t for t in stats["accepted"] if t >= started_at]
    # The namespace's creation came before the fleet: only the fleet's requests count.
    span = max(arrivals) - min(arrivals)
    figures = {
        "busiest": busiest_window(arrivals, PERIOD) / REQUESTS,
        "rejected": float(stats["rejected"]),
        "share": len(arrivals) / (REQUESTS * span / PERIOD),
        "failed": float(sum(r["failed"] for r in reports if r)),
        "trips": trips / (len(stats["accepted"]) + stats["rejected"]),
    }
    if killed_at is not None:
        after = [t for t in arrivals if t > killed_at]
        figures["share_after_kill"] = len(after) / (REQUESTS * (max(after) - killed_at) / PERIOD)
    return figures


def fleet(seconds: float = 15.0) -> list[Row]:
    """7. The fleet's figures, one run each: all 4 processes, then one killed midway."""
    whole = run_fleet(seconds, None)
    killed = run_fleet(seconds, seconds / 2)
    label = (
        f"7. {PROCESSES} procs x deploy_many, Redis limiter, emulator --rate-limit {REQUESTS}/{PERIOD:.0f}"
    )
    return [
        Row(f"{label}: busiest window / limit", "", whole["busiest"], target="<= 1.0"),
        Row(f"{label}: 429s received", "", whole["rejected"], target="0"),
        Row(f"{label}: share of the budget used", "", whole["share"], target=">= 0.9", higher_is_better=True),
        Row(f"{label}: failed deploys", "", whole["failed"], target="0"),
        Row(f"{label}: Redis round trips per request", "", whole["trips"], target="1 (+1 per process)"),
        Row(f"{label}, one killed midway: busiest window / limit", "", killed["busiest"], target="<= 1.0"),
        Row(f"{label}, one killed midway: 429s received", "", killed["rejected"], target="0"),
        Row(
            f"{label}, one killed midway: share used after the kill",
            "",
            killed["share_after_kill"],
            target=">= 0.9",
            higher_is_better=True,
        ),
    ]


def main(argv: list[str]) -> int:
    if argv[:1] == ["serve"]:
        return _serve_gate()
    if argv[:1] == ["deploy"]:
        base_url, redis_url, seconds = argv[1], argv[2], float(argv[3])
        print(json.dumps(asyncio.run(_deploy(base_url, redis_url, seconds))), flush=True)
        return 0
    from benchmarks._table import render

    print(render(fleet()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
