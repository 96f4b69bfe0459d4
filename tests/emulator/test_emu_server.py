"""Real HTTP: the serve() thread, the pytest fixtures, dropped connections, and the CLI's lifecycle."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading

import httpx
import pytest

from wfp_async.emulator import Emulator

from emu_helpers import AUTH, NS


async def test_fixture_server(wfp_emulator: Emulator, wfp_emulator_url: str) -> None:
    """wfp_emulator_url serves wfp_emulator over loopback HTTP under /client/v4."""
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/client/v4", wfp_emulator_url)
    async with httpx.AsyncClient(base_url=wfp_emulator_url, headers=AUTH) as c:
        created = await c.post(NS, json={"name": "over-http"})
    assert created.status_code == 200
    assert list(wfp_emulator.namespaces) == ["over-http"]


async def test_drop_over_real_http() -> None:
    """Over real HTTP a dropped connection surfaces as an httpx transport error; the server stops on exit."""
    emu = Emulator()
    before = threading.active_count()
    with emu.serve() as url:
        async with httpx.AsyncClient(base_url=url, headers=AUTH) as c:
            emu.faults.fail_next(drop=True)
            with pytest.raises(httpx.RemoteProtocolError):
                await c.get(NS)
            assert (await c.get(NS)).status_code == 200
    assert threading.active_count() == before
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as c:
            await c.get(f"{url}/accounts/emu-account/workers/dispatch/namespaces")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_cli_ready_line_and_clean_stop(sig: signal.Signals) -> None:
    """The CLI prints one ready line (token hidden), serves requests, and exits 0 on SIGTERM/SIGINT."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "wfp_async.emulator",
        "--port",
        "0",
        "--token",
        "t0k",
        "--account-id",
        "acc",
        "--seed",
        "1",
    ]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            ready = r"wfp emulator listening on (http://127\.0\.0\.1:\d+/client/v4) account=acc token=\*+\n"
            match = re.fullmatch(ready, line)
            assert match, line
            response = httpx.get(
                f"{match[1]}/accounts/acc/workers/dispatch/namespaces",
                headers={"Authorization": "Bearer t0k"},
            )
            assert response.json() == {"success": True, "errors": [], "messages": [], "result": []}
            proc.send_signal(sig)
            out, err = proc.communicate(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert (proc.returncode, out, err) == (0, "", "")


def test_plugin_import_needs_no_server_stack() -> None:
    """Importing the pytest plugin (every pytest run does, once registered) loads no starlette/uvicorn."""
    code = (
        "import sys, wfp_async.emulator._pytest_plugin\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'starlette', 'uvicorn'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"
