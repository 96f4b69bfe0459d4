"""Bulk deploys under real conditions: the rate limiter's busiest window and budget use (virtual clock, and an
exact-window server on loopback), the journal's CPU cost, a rerun of a finished 100,000-item deploy, and
the peak memory of a 1,000,000-item lazy deploy. Figures only, never assertions.
"""

from __future__ import annotations

import asyncio
import json
import math
import random
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import httpx

from benchmarks._common import (
    ACCOUNT,
    NAMESPACE,
    NAMESPACE_BODY,
    TOKEN,
    WORKER_SOURCE,
    envelope,
    median,
    script_body,
)
from benchmarks._table import Row
from benchmarks._virtual import run_virtual
from wfp_async import (
    DEFAULT_RATE_LIMIT,
    NO_RETRY,
    LocalLimiter,
    Module,
    PlainText,
    RateLimit,
    RetryPolicy,
    UploadOptions,
    WfpClient,
    WorkerBundle,
)
from wfp_async._journal import Journal
from wfp_async._ratelimit import parse_feedback
from wfp_async.resources.bulk import _deploy_prepare, _Plan

BASE_URL = "https://api.cloudflare.com/client/v4"


def busiest_window(times: list[float], window: float) -> int:
    """The most arrivals in any closed window [t, t + window]."""
    times = sorted(times)
    most, first = 0, 0
    for last, at in enumerate(times):
        while times[first] < at - window:
            first += 1
        most = max(most, last - first + 1)
    return most


class ExactWindow:
    """A server's budget: at most ``quota`` accepted requests in any ``window`` seconds, Cloudflare's
    headers on every answer, and a 429 (Retry-After) that blocks the token for a whole window."""

    def __init__(self, quota: int, window: float, clock: Callable[[], float]) -> None:
        self.quota, self.window, self.clock = quota, window, clock
        self.accepted: list[float] = []
        self._recent: deque[float] = deque()
        self.rejected = 0
        self.blocked_until = -math.inf

    def answer(self) -> tuple[int, dict[str, str]]:
        now = self.clock()
        while self._recent and self._recent[0] < now - self.window:
            self._recent.popleft()
        policy = f'"default";q={self.quota};w={self.window:g}'
        if now < self.blocked_until or len(self._recent) >= self.quota:
            if now >= self.blocked_until:
                self.blocked_until = now + self.window  # Cloudflare: exceeding blocks the token
            self.rejected += 1
            wait = math.ceil(self.blocked_until - now)
            return 429, {
                "Retry-After": str(wait),
                "Ratelimit": f'"default";r=0;t={wait}',
                "Ratelimit-Policy": policy,
            }
        self._recent.append(now)
        self.accepted.append(now)
        reset = math.ceil(self._recent[0] + self.window - now)
        remaining = self.quota - len(self._recent)
        return 200, {"Ratelimit": f'"default";r={remaining};t={reset}', "Ratelimit-Policy": policy}


# --- 6a. the limiter on a virtual clock ---------------------------------------------------------------


def _virtual_run(
    limit: RateLimit, server: tuple[int, float] | None, seed: int, periods: int
) -> dict[str, Any]:
    rng = random.Random(seed)

    async def main() -> dict[str, Any]:
        clock = anyio.current_time
        limiter = LocalLimiter(limit, clock=clock)
        exact = ExactWindow(*(server or (limit.requests, limit.period)), clock=clock)
        end = clock() + periods * limit.period

        async def worker() -> None:
            while clock() < end:
                await limiter.acquire()
                await anyio.sleep(rng.uniform(0.02, 0.4))  # to the server: jitter
                status, headers = exact.answer()
                await anyio.sleep(rng.uniform(0.02, 0.4))
                await limiter.feedback(parse_feedback(status, headers))

        async with anyio.create_task_group() as group:
            for _ in range(16):
                group.start_soon(worker)
        return {
            "accepted": exact.accepted,
            "rejected": exact.rejected,
            "quota": exact.quota,
            "window": exact.window,
        }

    return run_virtual(main)


def limiter_virtual() -> list[Row]:
    """6a. 16 workers, 20-400 ms each way, 4 periods on a virtual clock at Cloudflare's default."""
    limit = DEFAULT_RATE_LIMIT
    result = _virtual_run(limit, None, seed=1, periods=4)
    times = result["accepted"]
    busiest = busiest_window(times, limit.period) / limit.requests
    used = len(times) / (limit.requests * 4)
    half = _virtual_run(limit, (limit.requests // 2, limit.period), seed=2, periods=4)
    after = [t for t in half["accepted"] if t >= limit.period]
    span = max(half["accepted"]) - limit.period
    used_after = len(after) / (half["quota"] / half["window"] * span)
    return _limiter_rows(
        "6a. limiter, virtual clock:",
        "busiest 300 s window",
        "over 4 windows",
        busiest,
        used,
        half,
        used_after,
    )


# --- 6b. the limiter against an exact window on loopback --------------------------------------------------


def _loopback_run(client_limit: RateLimit, quota: int, window: float, items: int) -> dict[str, Any]:
    from wfp_async.emulator._server import serve_in_thread

    exact = ExactWindow(quota, window, clock=time.monotonic)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        status, headers = exact.answer()
        if status == 429:
            body = json.dumps(
                {"success": False, "errors": [{"code": 971, "message": "Please wait"}]}
            ).encode()
        elif scope["method"] == "PUT":
            body = script_body("tenant")
        else:
            body = NAMESPACE_BODY
        raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        raw.append((b"content-type", b"application/json"))
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})

    async def deploy(base_url: str) -> float:
        bundle = WorkerBundle.es_module(Module.from_text("index.js", WORKER_SOURCE))
        retry = RetryPolicy(attempts=8, deadline=600, wait_max=30)
        async with WfpClient(
            account_id=ACCOUNT, api_token=TOKEN, base_url=base_url, rate_limit=client_limit, retry=retry
        ) as cf:
            start = time.monotonic()
            report = await cf.bulk.deploy_many(
                NAMESPACE, ((f"tenant-{i}", bundle) for i in range(items)), concurrency=16
            )
            if report.failed or report.stopped:
                raise RuntimeError(f"loopback deploy: {report.errors_by_kind()} {report.stopped}")
            return start

    with serve_in_thread(app, "127.0.0.1", 0) as base_url:
        start = asyncio.run(deploy(base_url))
    return {"accepted": exact.accepted, "rejected": exact.rejected, "start": start}


def limiter_loopback() -> list[Row]:
    """6b. deploy_many over loopback HTTP against an exact-window server (100 per 5 s; then 50 per 5 s
    while the client is told 100): busiest window, budget used, 429s. The server runs in this process,
    so the rate is kept low enough for one shared core to serve it."""
    limit = RateLimit(100, 5.0, burst=2)
    same = _loopback_run(limit, 100, 5.0, items=400)
    times = same["accepted"]
    busiest = busiest_window(times, 5.0) / 100
    used = len(times) / (100 / 5.0 * (max(times) - same["start"]))
    half = _loopback_run(limit, 50, 5.0, items=200)
    after = [t for t in half["accepted"] if t >= half["start"] + 5.0]
    used_after = len(after) / (50 / 5.0 * (max(half["accepted"]) - half["start"] - 5.0))
    return _limiter_rows(
        "6b. limiter, loopback exact window:", "busiest window", "", busiest, used, half, used_after
    )


# --- 6c. the journal --------------------------------------------------------------------------------------


def _bundle() -> WorkerBundle:
    return WorkerBundle.es_module(Module.from_text("index.js", WORKER_SOURCE))


def _options(i: int) -> UploadOptions:
    return UploadOptions(bindings=[PlainText("TENANT", f"tenant-{i}")])


async def _cpu_per_item(total: int, journal: Path | None) -> float:
    async def handler(request: httpx.Request) -> httpx.Response:
        await request.aread()
        body = script_body("tenant") if request.method == "PUT" else NAMESPACE_BODY
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    bundle = _bundle()
    async with WfpClient(
        account_id=ACCOUNT,
        api_token=TOKEN,
        transport=httpx.MockTransport(handler),
        retry=NO_RETRY,
        rate_limit=None,
    ) as cf:
        start = time.process_time()
        report = await cf.bulk.deploy_many(
            NAMESPACE,
            ((f"tenant-{i}", bundle, _options(i)) for i in range(total)),
            concurrency=50,
            journal=journal,
        )
        cpu = time.process_time() - start
    if report.ok != total:
        raise RuntimeError(f"journal benchmark: {report.errors_by_kind()}")
    return cpu / total


def journal_cpu(rounds: int, total: int = 3000) -> list[Row]:
    """6c. CPU per deployed item over MockTransport, without and with the journal."""
    without, with_journal = [], []
    for _ in range(rounds):
        without.append(asyncio.run(_cpu_per_item(total, None)))
        with tempfile.TemporaryDirectory() as folder:
            with_journal.append(asyncio.run(_cpu_per_item(total, Path(folder) / "j.sqlite3")))
    plain, journaled = median(without) * 1e6, median(with_journal) * 1e6
    return [
        Row("6c. CPU per item, deploy_many without journal", "us", plain),
        Row("6c. CPU per item, deploy_many with journal", "us", journaled),
        Row("6c. journal CPU overhead (with / without)", "x", journaled / plain, target="<= 1.15"),
    ]


async def _rerun(total: int, changed: int, verify: bool, folder: Path) -> dict[str, float]:
    """A finished ``total``-item deploy's journal, then the same deploy with ``changed`` items changed."""
    journal_path = folder / "deploy.sqlite3"
    scope = f"{BASE_URL}/accounts/{ACCOUNT}/{NAMESPACE}"
    bundle = _bundle()
    journal = Journal(journal_path, "deploy", scope)
    plan = _Plan(journal, only_failed=False)
    for i in range(total):
        _, digest, _ = _deploy_prepare(plan, (f"tenant-{i}", bundle, _options(i)))
        journal.record(f"tenant-{i}", digest, at=time.time(), etag=f"etag-{i}")
    journal.close()
    sent: list[str] = []
    listing = envelope(
        [
            {"dispatch_namespace": NAMESPACE, "script": {"id": f"tenant-{i}", "etag": f"etag-{i}"}}
            for i in range(total)
        ]
    )

    async def handler(request: httpx.Request) -> httpx.Response:
        await request.aread()
        sent.append(request.method + (" list" if request.url.path.endswith("/scripts") else ""))
        if request.method == "PUT":
            body = script_body("tenant")
        elif request.url.path.endswith("/scripts"):
            body = listing
        else:
            body = NAMESPACE_BODY
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    new = WorkerBundle.es_module(Module.from_text("index.js", WORKER_SOURCE + "// v2\n"))
    step = total // changed
    started = time.perf_counter()
    for i in range(total):  # what building the items alone costs (UploadOptions checks its bindings)
        _options(i)
    building = time.perf_counter() - started
    items = ((f"tenant-{i}", new if i % step == 0 else bundle, _options(i)) for i in range(total))
    async with WfpClient(
        account_id=ACCOUNT,
        api_token=TOKEN,
        transport=httpx.MockTransport(handler),
        retry=NO_RETRY,
        rate_limit=None,
    ) as cf:
        start = time.perf_counter()
        report = await cf.bulk.deploy_many(
            NAMESPACE, items, concurrency=50, journal=journal_path, verify=verify
        )
        elapsed = time.perf_counter() - start
    return {
        "seconds": elapsed,
        "building": building,
        "uploads": sent.count("PUT"),
        "listings": sent.count("GET list"),
        "requests": len(sent),
        "skipped": report.skipped,
    }


def rerun_finished(total: int = 100_000, changed: int = 100) -> list[Row]:
    """6d. A rerun of a finished 100,000-item deploy with 100 items changed: requests and local time."""
    rows = []
    for verify in (False, True):
        with tempfile.TemporaryDirectory() as folder:
            result = asyncio.run(_rerun(total, changed, verify, Path(folder)))
        label = "with verify (one listing)" if verify else "journal only"
        rows += [
            Row(
                f"6d. rerun of {total:,} with {changed} changed, {label}: requests sent",
                "",
                result["requests"],
                target=f"{changed} uploads + 1 preflight" + (" + 1 listing" if verify else ""),
            ),
            Row(f"6d. rerun of {total:,} with {changed} changed, {label}: uploads", "", result["uploads"]),
            Row(
                f"6d. rerun of {total:,} with {changed} changed, {label}: of which building the items",
                "s",
                result["building"],
            ),
            Row(
                f"6d. rerun of {total:,} with {changed} changed, {label}: local time",
                "s",
                result["seconds"],
                target="< 15 s",
            ),
        ]
    return rows


# --- 6e. memory ---------------------------------------------------------------------------------------


def million_memory(items: int) -> list[Row]:
    """6e. Peak RSS of a lazy deploy of ``items`` over MockTransport with ~2 KB answers (a fresh process)."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks._deploy_million", str(items)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        Row(
            f"6e. {items:,}-item lazy deploy (~2 KB answers): peak RSS",
            "MB",
            result["peak_rss_mb"],
            target="< 200 MB",
        ),
        Row(
            f"6e. {items:,}-item lazy deploy: items per second",
            "/s",
            items / result["seconds"],
            higher_is_better=True,
        ),
    ]


def run_all(rounds: int, million_items: int) -> list[Row]:
    """Every bulk benchmark, in the order printed."""
    rows = limiter_virtual()
    rows += limiter_loopback()
    rows += journal_cpu(rounds)
    rows += rerun_finished()
    rows += million_memory(million_items)
    return rows


def _limiter_rows(
    label: str, window: str, over: str, busiest: float, used: float, half: dict[str, Any], used_after: float
) -> list[Row]:
    """The four limiter figures of one setting (6a virtual clock, 6b loopback): the busiest window and the
    budget used at the limit, then the 429s and the budget used against a server at half the limit."""
    return [
        Row(f"{label} {window} / limit", "x", busiest, target="<= 1.0"),
        Row(f"{label} budget used {over}".rstrip(), "x", used, target=">= 0.95", higher_is_better=True),
        Row(f"{label} server at half the limit: 429s", "", half["rejected"], target="<= 1"),
        Row(
            f"{label} server at half the limit: its budget used after the first window",
            "x",
            used_after,
            target=">= 0.9",
            higher_is_better=True,
        ),
    ]
