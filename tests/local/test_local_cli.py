"""``wfp dev`` from a shell: it prints where the API and the dispatcher listen, serves, and stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from wfp_async import NO_RETRY, WfpClient, WorkerBundle

ROOT = Path(__file__).resolve().parents[2]


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


def gone(pid: int) -> bool:
    """True once no process has this id."""
    return not os.path.exists(f"/proc/{pid}")


def stop(process: subprocess.Popen[str]) -> int:
    """SIGTERM, then the exit status (blocking: called once the async work is done)."""
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=20)


@pytest.fixture
def dev() -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    """`wfp dev` on free ports; its two ready lines; killed (with its workerd) after the test."""
    wfp = Path(sys.executable).with_name("wfp")
    command = [str(wfp), "dev", "--port", "0", "--dispatch-port", "0", "--token", "dev-token"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines = [process.stdout.readline(), process.stdout.readline()]
    children = _children(process.pid)
    try:
        yield process, lines
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in children:
            if os.path.exists(f"/proc/{pid}"):
                os.kill(pid, signal.SIGKILL)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


async def test_wfp_dev_serves_uploads_and_stops_on_sigterm(
    dev: tuple[subprocess.Popen[str], list[str]],
) -> None:
    """Upload through the printed API URL, get the tenant at the printed dispatch URL, SIGTERM exits 0."""
    process, (api_line, dispatch_line) = dev
    assert api_line.startswith("wfp dev: API http://127.0.0.1:")
    assert api_line.rstrip().endswith("/client/v4 account=emu-account token=dev-token")
    assert dispatch_line.startswith("wfp dev: dispatch http://127.0.0.1:")
    api, dispatch = api_line.split()[3], dispatch_line.split()[3]
    async with WfpClient(account_id="emu-account", api_token="dev-token", base_url=api, retry=NO_RETRY) as cf:
        await cf.namespaces.create("tenants")
        await cf.scripts.put(
            "tenants", "acme", WorkerBundle.es_module("export default { fetch: () => new Response('up') };")
        )
    async with httpx.AsyncClient() as http:
        response = await http.get(f"{dispatch}/acme/")
    assert (response.status_code, response.text) == (200, "up")
    workerd = _children(process.pid)
    assert len(workerd) == 1
    assert (stop(process), gone(workerd[0])) == (0, True)


def test_wfp_dev_with_a_missing_dispatcher_exits_2() -> None:
    """A dispatcher path that does not exist: one error line, exit status 2, nothing started."""
    wfp = Path(sys.executable).with_name("wfp")
    done = subprocess.run(
        [str(wfp), "dev", "--dispatcher", "/nonexistent/d.js"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (
        2,
        "error: dispatcher '/nonexistent/d.js' is neither a file nor a folder\n",
    )


def test_wfp_dev_without_workerd_names_make_tools(tmp_path: Path) -> None:
    """A --workerd path with nothing there: the error names `make tools`, exit status 2."""
    wfp = Path(sys.executable).with_name("wfp")
    missing = tmp_path / "workerd"
    done = subprocess.run(
        [str(wfp), "dev", "--workerd", str(missing)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stderr) == (
        2,
        f"error: workerd not found at {str(missing)!r}: run `make tools` to install it\n",
    )
