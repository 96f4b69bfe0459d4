"""7. The local runtime (``wfp dev``): upload -> served, first request to a cold tenant, memory, requests/s.

``wfp dev`` runs as its own process (``python -m wfp_async.local``: the emulator's API in Python, one
workerd with the Worker Loader), as a user runs it; this process deploys tenants with the SDK and sends
requests through the built-in router. For contrast, the design the runtime did not take is measured too:
one static workerd config naming every tenant as a service (100 tenants: its start-up builds all isolates).
Figures only, never assertions; python -m benchmarks.bench_local runs this part alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from benchmarks._table import Row
from wfp_async import NO_RETRY, PlainText, UploadOptions, WfpClient, WorkerBundle
from wfp_async.local import find_workerd

NS = "bench"
TOKEN = "bench-token"
ACCOUNT = "bench-account"


def _source(tag: str) -> str:
    return f"export default {{ fetch: (r, env) => new Response(`{tag} ${{env.TENANT}}`) }};"


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(") ", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found


@contextlib.contextmanager
def wfp_dev() -> Iterator[tuple[str, str, int, int]]:
    """``python -m wfp_async.local`` on free ports: (api_url, dispatch_url, its pid, workerd's pid)."""
    command = [sys.executable, "-m", "wfp_async.local", "--port", "0", "--dispatch-port", "0"]
    command += ["--token", TOKEN, "--account-id", ACCOUNT]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        api = process.stdout.readline().split()[3]
        dispatch = process.stdout.readline().split()[3]
        workerd = next(iter(_children(process.pid)))
        yield api, dispatch, process.pid, workerd
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


async def _deploy(cf: WfpClient, count: int) -> None:
    items = (
        (
            f"t-{i:05d}",
            WorkerBundle.es_module(_source("v1")),
            UploadOptions(bindings=[PlainText("TENANT", f"t-{i:05d}")]),
        )
        for i in range(count)
    )
    report = await cf.bulk.deploy_many(NS, items, concurrency=16, rate_limit=None)
    assert report.failed == 0, report


async def _upload_to_served(
    cf: WfpClient, http: httpx.AsyncClient, dispatch: str, name: str, n: int
) -> float:
    """Median ms from an upload's answer to the first request whose answer is the new code."""
    waits = []
    for i in range(n):
        tag = f"v{i + 2}"
        await cf.scripts.put(NS, name, WorkerBundle.es_module(_source(tag)))
        started = time.perf_counter()
        while not (await http.get(f"{dispatch}/{name}/")).text.startswith(tag + " "):
            pass
        waits.append((time.perf_counter() - started) * 1000)
    return statistics.median(waits)


async def _scenario(rounds: int) -> list[Row]:
    with wfp_dev() as (api, dispatch, python_pid, workerd_pid):
        async with (
            WfpClient(account_id=ACCOUNT, api_token=TOKEN, base_url=api, retry=NO_RETRY) as cf,
            httpx.AsyncClient(limits=httpx.Limits(max_connections=64)) as http,
        ):
            await cf.namespaces.create(NS)
            await _deploy(cf, 1)
            served_one = await _upload_to_served(cf, http, dispatch, "t-00000", 10 * rounds)
            started = time.perf_counter()
            await _deploy(cf, 1000)
            deploy_s = time.perf_counter() - started
            served_many = await _upload_to_served(cf, http, dispatch, "t-00000", 10 * rounds)
            cold = []
            for i in range(1, 101):  # 100 tenants never requested before: each is loaded on demand
                begin = time.perf_counter()
                answer = await http.get(f"{dispatch}/t-{i:05d}/")
                cold.append((time.perf_counter() - begin) * 1000)
                assert answer.text == f"v1 t-{i:05d}", answer.text
            warm = []
            for _ in range(200):
                begin = time.perf_counter()
                await http.get(f"{dispatch}/t-00001/")
                warm.append((time.perf_counter() - begin) * 1000)
            workerd_mb, python_mb = _rss_mb(workerd_pid), _rss_mb(python_pid)
            total, concurrency = 2000, 32
            gate = asyncio.Semaphore(concurrency)

            async def one(i: int) -> None:
                async with gate:
                    await http.get(f"{dispatch}/t-{1 + i % 100:05d}/")

            begin = time.perf_counter()
            await asyncio.gather(*(one(i) for i in range(total)))
            rps = total / (time.perf_counter() - begin)
    q = statistics.quantiles(cold, n=20)
    p = "7. local: "
    return [
        Row(p + "upload answer -> new code served, 1 tenant (p50)", "ms", served_one, target="<= 300 ms"),
        Row(p + "upload answer -> new code served, 1,000 deployed (p50)", "ms", served_many,
            target="<= 300 ms"),
        Row(p + "first request, cold tenant, 1,000 deployed (p50 of 100)", "ms", statistics.median(cold),
            target="<= 50 ms"),
        Row(p + "first request, cold tenant, 1,000 deployed (p95 of 100)", "ms", q[18]),
        Row(p + "warm request through the router (p50 of 200)", "ms", statistics.median(warm)),
        Row(p + "RSS, 1,000 deployed + 100 active (workerd + wfp dev)", "MB", workerd_mb + python_mb,
            target="< 1 GB"),
        Row(p + "RSS of workerd alone, same moment", "MB", workerd_mb),
        Row(p + f"requests/s through the router, concurrency {concurrency}", "req/s", rps,
            higher_is_better=True),
        Row(p + "deploying 1,000 tenants to wfp dev (deploy_many, 16)", "s", deploy_s),
    ]  # fmt: skip


def static_config(tenants: int = 100) -> list[Row]:
    """The road not taken: one static config with every tenant as a service, built at start-up."""
    binary = find_workerd()
    with tempfile.TemporaryDirectory(prefix="wfp-bench-static-") as folder:
        root = Path(folder)
        services, names = [], []
        for i in range(tenants):
            (root / f"t{i}.js").write_text(_source(f"static{i}"))
            services.append(
                f'(name = "t{i}", worker = (modules = [(name = "t{i}.js", esModule = embed "t{i}.js")], '
                f'compatibilityDate = "2025-06-01", bindings = [(name = "TENANT", text = "t{i}")]))'
            )
            names.append(f'(name = "t{i}", service = "t{i}")')
        (root / "router.js").write_text(
            "export default { fetch(r, env) { const n = new URL(r.url).pathname.split('/')[1];"
            " return env[n].fetch(r); } };"
        )
        services.append(
            '(name = "router", worker = (modules = [(name = "router.js", esModule = embed "router.js")], '
            f'compatibilityDate = "2025-06-01", bindings = [{", ".join(names)}]))'
        )
        config = (
            'using Workerd = import "/workerd/workerd.capnp";\n'
            f"const config :Workerd.Config = (services = [{', '.join(services)}], "
            'sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "router")]);\n'
        )
        (root / "config.capnp").write_text(config)
        read_fd, write_fd = os.pipe()
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(binary), "serve", f"--control-fd={write_fd}", "config.capnp"],
            cwd=root,
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        try:
            with os.fdopen(read_fd) as control:
                port = json.loads(control.readline())["port"]
                first = httpx.get(f"http://127.0.0.1:{port}/t{tenants - 1}/", timeout=120)
                first_s = time.perf_counter() - started
                assert first.text.startswith(f"static{tenants - 1}"), first.text
                rss = _rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=15)
    return [
        Row(f"7. contrast: static config, {tenants} tenants: start -> first answer", "ms", first_s * 1000),
        Row(f"7. contrast: static config, {tenants} tenants: workerd RSS", "MB", rss),
    ]


def local_runtime(rounds: int) -> list[Row]:
    """Every row of part 7."""
    return asyncio.run(_scenario(rounds)) + static_config()


if __name__ == "__main__":
    from benchmarks._table import render

    print(render(local_runtime(5)))
