"""``wfp demo``: a real bulk deploy against the built-in emulator, with no Cloudflare account.

It starts the emulator as a separate process on a loopback port (with a small rate of injected faults,
so the retries show), makes 1,000 tenant Workers (an ES module each, a plain_text binding, a secret,
tags), deploys them with the progress bar, lists them by tag, rotates a secret on a subset, sends a few
requests through the dispatcher to tenants (when workerd is installed, the emulator runs as ``wfp dev``
and the tenants really answer), bulk-deletes by tag, and prints a summary. The process is stopped
however the demo ends.
"""

from __future__ import annotations

import contextlib
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import anyio
import httpx

from wfp_async._bulk import BulkReport, DeployItem
from wfp_async._client import WfpClient
from wfp_async._errors import WfpError, WorkerdMissing
from wfp_async._metadata import PlainText, SecretText, UploadOptions
from wfp_async._modules import WorkerBundle
from wfp_async._retry import RetryPolicy
from wfp_async.local._workerd import find_workerd, stop_process

if TYPE_CHECKING:
    from wfp_async.cli import State

ACCOUNT = "demo-account"
NAMESPACE = "demo-tenants"
FAULT_RATE = 0.02  # 2% of answers are 429/500/502/503: the retries absorb them.
READY_PREFIX = "wfp emulator listening on "
DEV_API_PREFIX = "wfp dev: API "
DEV_DISPATCH_PREFIX = "wfp dev: dispatch "
SHOWN = (0, 1, 4)  # the tenants the demo sends requests to, through the dispatcher


def _workerd_installed() -> bool:
    try:
        find_workerd()
    except WorkerdMissing:
        return False
    return True


async def _show(state: State, http: httpx.AsyncClient, url: str) -> int:
    response = await http.get(url)
    state.console.print(f"GET {url} -> {response.status_code} {response.text.strip()!r}")
    return response.status_code


@contextlib.contextmanager
def emulator_process(token: str, *, dispatch: bool = False) -> Iterator[tuple[str, str | None]]:
    """Run ``python -m wfp_async.emulator`` (or ``wfp dev`` with ``dispatch``) on free loopback ports;
    yield its API base URL and its dispatch URL (None without ``dispatch``)."""
    module = "wfp_async.local" if dispatch else "wfp_async.emulator"
    command = [
        sys.executable, "-m", module, "--host", "127.0.0.1", "--port", "0",
        "--token", token, "--account-id", ACCOUNT, "--seed", "7", "--fault-rate", str(FAULT_RATE),
    ]  # fmt: skip
    if dispatch:
        command += ["--dispatch-port", "0", "--namespace", NAMESPACE]
    # Leaving the with block closes the pipe (and reaps the process, stopped by then).
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            if dispatch:
                second = process.stdout.readline()
                if not (line.startswith(DEV_API_PREFIX) and second.startswith(DEV_DISPATCH_PREFIX)):
                    raise WfpError(f"wfp dev did not start (it printed {line.strip()!r})")
                yield line.split()[3], second.split()[3]
                return
            if not line.startswith(READY_PREFIX):
                raise WfpError(f"the emulator did not start (it printed {line.strip()!r})")
            yield line[len(READY_PREFIX) :].split()[0], None
        finally:
            stop_process(process, timeout=10)


def tenant(i: int) -> DeployItem:
    """Tenant number ``i``: one ES module, its id as plain text, an API key secret, and tags."""
    plan = "pro" if i % 4 == 0 else "free"
    source = (
        "export default {\n"
        "  async fetch(request, env) {\n"
        "    return new Response(`hello from tenant ${env.TENANT_ID} (${env.PLAN})`);\n"
        "  },\n"
        "};\n"
    )
    options = UploadOptions(
        compatibility_date="2025-06-01",
        bindings=[
            PlainText("TENANT_ID", f"tenant-{i:05d}"),
            PlainText("PLAN", plan),
            SecretText("API_KEY", text=secrets.token_hex(16)),
        ],
        tags=["demo", f"plan-{plan}"],
    )
    return DeployItem(f"tenant-{i:05d}", WorkerBundle.es_module(source), options=options)


def run_demo(state: State, *, workers: int, concurrency: int) -> None:
    from wfp_async.cli import deploy_with_progress, print_report

    console = state.console
    token = secrets.token_hex(16)
    with emulator_process(token, dispatch=_workerd_installed()) as (base_url, dispatch_url):
        console.print(f"emulator: {base_url} (faults: {FAULT_RATE:.0%} of answers)", highlight=False)
        if dispatch_url is not None:
            console.print(f"dispatch: {dispatch_url} (tenants run in workerd)", highlight=False)

        async def main() -> int:
            retry = RetryPolicy(attempts=8, wait_initial=0.05, wait_max=1.0, wait_jitter=0.05)
            # The emulator has no rate limit: the default (Cloudflare's 1,200 per 5 minutes) would
            # make a 1,000-Worker demo last minutes.
            async with (
                WfpClient(
                    account_id=ACCOUNT, api_token=token, base_url=base_url, retry=retry, rate_limit=None
                ) as cf,
                httpx.AsyncClient(timeout=30) as http,
            ):
                await cf.namespaces.create(NAMESPACE)
                started = time.monotonic()
                deployed: BulkReport[Any] = await deploy_with_progress(
                    state, cf, NAMESPACE, (tenant(i) for i in range(workers)), workers,
                    concurrency=concurrency,
                )  # fmt: skip
                print_report(state, deployed, "deploy")
                pro = [info.name async for info in cf.scripts.list(NAMESPACE, tags=["plan-pro"])]
                console.print(f"listed by tag plan-pro: {len(pro)} Workers")
                new_key = SecretText("API_KEY", text=secrets.token_hex(16))
                rotated = await cf.bulk.put_secret_many(NAMESPACE, pro, new_key, concurrency=concurrency)
                print_report(state, rotated, "rotate API_KEY on plan-pro")
                answered = 0
                if dispatch_url is None:
                    console.print("dispatch: skipped (workerd is not installed: run `make tools`)")
                else:
                    for i in (i for i in SHOWN if i < workers):
                        answered += await _show(state, http, f"{dispatch_url}/tenant-{i:05d}/") == 200
                deleted = await cf.scripts.delete_by_tags(NAMESPACE, tags=["demo"])
                console.print(f"bulk-deleted by tag demo: {len(deleted)} Workers")
                if dispatch_url is not None:
                    await _show(state, http, f"{dispatch_url}/tenant-00000/")
                namespace = await cf.namespaces.get(NAMESPACE)
                failed = deployed.failed + rotated.failed
                console.print(
                    f"summary: {deployed.ok} deployed ({round(deployed.rate, 1)}/s), {failed} failed, "
                    f"{rotated.ok} secrets rotated, {answered} answered through the dispatcher, "
                    f"{len(deleted)} deleted, {namespace.script_count} left, "
                    f"{round(time.monotonic() - started, 2)}s in all",
                    highlight=False,
                )
                return failed

        if anyio.run(main):
            sys.exit(1)
