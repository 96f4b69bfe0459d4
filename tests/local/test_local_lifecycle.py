"""workerd's life: found or clearly missing, started by the fixture, always stopped (no orphans)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from wfp_async import WfpError
from wfp_async.emulator import Emulator
from wfp_async.local import LocalPlatform, WorkerdMissing, find_workerd

ROOT = Path(__file__).resolve().parents[2]


def alive(pid: int) -> bool:
    """True while a process with this id exists (and is not a zombie)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def wait_gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def reaper() -> Iterator[list[int]]:
    """Pids a test saw; any still alive afterwards are killed, so a failing test leaves no orphan."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_the_fixture_runs_tenants(wfp_local: LocalPlatform) -> None:
    """``wfp_local`` is running: the API answers and the dispatch endpoint routes (404 for nobody yet)."""
    api = httpx.get(
        wfp_local.api_url + "/accounts/emu-account/workers/dispatch/namespaces",
        headers={"Authorization": "Bearer emu-token"},
    )
    assert (api.status_code, api.json()["result"]) == (200, [])
    response = httpx.get(wfp_local.url("nobody"))
    assert (response.status_code, response.text) == (404, "Worker not found: nobody\n")
    assert wfp_local.workerd_pid is not None and alive(wfp_local.workerd_pid)


def test_stop_ends_workerd_and_is_idempotent() -> None:
    """After the block workerd is gone and the API port no longer answers; stop() twice is harmless."""
    platform = LocalPlatform(Emulator())
    with platform:
        pid = platform.workerd_pid
        api = platform.api_url
    assert pid is not None and wait_gone(pid, 1.0)
    assert platform.workerd_pid is None
    platform.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(api)


def test_a_failing_test_leaves_no_workerd_behind(tmp_path: Path, reaper: list[int]) -> None:
    """A test using ``wfp_local`` that fails still stops its workerd (the fixture's teardown runs)."""
    pid_file = tmp_path / "pid"
    test_file = tmp_path / "test_fails.py"
    test_file.write_text(
        textwrap.dedent(
            f"""
            def test_fails(wfp_local):
                open({str(pid_file)!r}, "w").write(str(wfp_local.workerd_pid))
                assert False, "on purpose"
            """
        )
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "on purpose" in run.stdout
    pid = int(pid_file.read_text())
    reaper.append(pid)
    assert not alive(pid)


def test_workerd_dies_with_a_killed_parent(tmp_path: Path, reaper: list[int]) -> None:
    """kill -9 of the Python process that started workerd: the kernel stops workerd too (Linux)."""
    script = (
        "import sys, time\n"
        "from wfp_async.local import LocalPlatform\n"
        "with LocalPlatform() as p:\n"
        "    print(p.workerd_pid, flush=True)\n"
        "    time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        pid = int(parent.stdout.readline())
        reaper.append(pid)
        assert alive(pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        assert wait_gone(pid), "workerd outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()


def test_a_missing_workerd_names_the_command_that_installs_it(tmp_path: Path) -> None:
    """An absent binary: WorkerdMissing (a WfpError) naming `make tools`, before anything starts."""
    with pytest.raises(WorkerdMissing) as caught:
        LocalPlatform(Emulator(), workerd=tmp_path / "workerd")
    assert (
        str(caught.value)
        == f"workerd not found at {str(tmp_path / 'workerd')!r}: run `make tools` to install it"
    )
    assert isinstance(caught.value, WfpError)


def test_nothing_installed_anywhere_names_make_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No tools folder above the working folder or the package, nothing on PATH: the message says the fix."""
    import wfp_async.local._workerd as workerd_module

    monkeypatch.setattr(workerd_module, "__file__", str(tmp_path / "pkg" / "_workerd.py"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(WorkerdMissing) as caught:
        find_workerd(cwd=tmp_path)
    assert str(caught.value).startswith(
        "workerd is not installed (looked in tools/node_modules and on PATH): run `make tools`"
    )


def test_the_pinned_workerd_is_found_from_the_checkout() -> None:
    """From the project, find_workerd() finds the binary `make tools` installed into tools/node_modules."""
    found = find_workerd(cwd=ROOT)
    assert found.is_relative_to(ROOT / "tools" / "node_modules")
    version = subprocess.run([str(found), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("workerd 2026-11-17")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"emulator": "emu"}, "emulator must be an Emulator, not str"),
        ({"namespace": ""}, "namespace name"),
        ({"namespace": "a/b"}, "namespace name"),
        ({"namespace": "*"}, "namespace '*' is reserved"),
        ({"namespace": b"tenants"}, "namespace name"),
        ({"compatibility_date": "tomorrow"}, "compatibility_date must be YYYY-MM-DD, not 'tomorrow'"),
        ({"compatibility_date": None}, "compatibility_date must be YYYY-MM-DD, not None"),
        ({"dispatcher": 3}, "dispatcher must be a path, not int"),
        ({"dispatcher": "bad\x00path"}, "dispatcher must be a non-empty path without NUL bytes"),
        ({"dispatcher": ""}, "dispatcher must be a non-empty path without NUL bytes"),
        ({"dispatcher_main": 7}, "dispatcher_main must be a module name, not 7"),
        ({"workerd": ["workerd"]}, "workerd must be a path, not list"),
        ({"state": 1.5}, "state must be a path, not float"),
        ({"output": "log.txt"}, "output must be a file or a file descriptor, not str"),
        ({"api_port": 70000}, "api_port must be a port number (0 picks a free one), not 70000"),
        ({"dispatch_port": True}, "dispatch_port must be a port number (0 picks a free one), not True"),
        ({"host": "127.0.0.1 evil"}, "host must be an IP address or a host name, not '127.0.0.1 evil'"),
        ({"host": None}, "host must be an IP address or a host name, not None"),
    ],
)
def test_wrong_options_are_invalid_input_before_anything_starts(
    options: dict[str, object], message: str
) -> None:
    """Wrong types, empty or hostile values: InvalidInput naming the option; no server, no workerd."""
    from wfp_async import InvalidInput

    with pytest.raises(InvalidInput) as caught:
        LocalPlatform(**options)  # type: ignore[arg-type]
    assert message in str(caught.value)


@pytest.mark.parametrize("which", ["api_port", "dispatch_port"])
def test_a_busy_port_is_runtime_failed_and_nothing_is_left(which: str) -> None:
    """A port already taken (API or dispatch): RuntimeFailed, and neither server nor workerd keeps running."""
    import socket

    from wfp_async.local import RuntimeFailed

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        platform = LocalPlatform(Emulator(), **{which: port})  # type: ignore[arg-type]
        with pytest.raises(RuntimeFailed) as caught:
            platform.start()
    expected = (
        f"cannot serve the API on 127.0.0.1:{port}"
        if which == "api_port"
        else "workerd exited before listening"
    )
    assert str(caught.value).startswith(expected)
    assert platform.workerd_pid is None
    platform.stop()
