"""`wfp rollout` killed with SIGKILL at random moments against the loopback emulator, then rerun: every
tenant ends where the plan says (read back through raw HTTP), and no version is uploaded again for a
tenant whose version id the journal held, beyond the uploads in flight at each kill."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest
from slow_emulator import SlowLoggedEmulator

from wfp_async import WfpClient, WorkerBundle
from wfp_async._journal import Journal
from wfp_async.emulator import Emulator
from wfp_async.emulator._server import serve_in_thread

NS = "tenants"
TENANTS = 24
CONCURRENCY = 4
ACCOUNT = "emu-account"
SCRIPTS = f"/client/v4/accounts/{ACCOUNT}/workers/dispatch/namespaces/{NS}/scripts/"
OLD_JS = "export default { fetch() { return new Response('old') } };\n"
NEW_JS = "export default { fetch() { return new Response('new') } };\n"
NAMES = [f"t{i:02d}" for i in range(TENANTS)]
WAVES = [NAMES[0:8], NAMES[8:16], NAMES[16:24]]


class Rollouts(SlowLoggedEmulator):
    """The emulator behind a request log; each POST takes 5-20 ms, so a kill lands with some in flight."""

    def __init__(self, emu: Emulator) -> None:
        super().__init__(emu, "POST", 0.005, 0.02)

    def posts(self, since: int = 0, until: int | None = None) -> int:
        return len(self.paths("POST", since, until))

    def uploads(self, since: int = 0, until: int | None = None) -> list[str]:
        """The tenants a version was uploaded for, one entry per upload."""
        return [
            path[len(SCRIPTS) : -len("/versions")]
            for path in self.paths("POST", since, until)
            if path.startswith(SCRIPTS) and path.endswith("/versions")
        ]


@pytest.fixture
def server() -> Iterator[tuple[Rollouts, str]]:
    """A fresh emulator whose 24 tenants serve the old Worker, on 127.0.0.1 (stopped when the test ends)."""
    emu = Emulator(seed=18, account_id=ACCOUNT)
    emu.account.create_namespace({"name": NS})

    async def seed() -> None:
        async with WfpClient(account_id=ACCOUNT, api_token="emu-token", transport=emu.transport()) as cf:
            report = await cf.bulk.deploy_many(NS, ((n, WorkerBundle.es_module(OLD_JS)) for n in NAMES))
            report.raise_for_failures()

    anyio.run(seed)
    app = Rollouts(emu)
    with serve_in_thread(app, "127.0.0.1", 0) as base_url:
        yield app, base_url


def rollout(base_url: str, folder: Path, journal: Path, check: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CLOUDFLARE_ACCOUNT_ID": ACCOUNT, "CLOUDFLARE_API_TOKEN": "emu-token"}
    command = [
        sys.executable, "-c", "from wfp_async.cli import main; main()", "--base-url", base_url,
        "rollout", str(folder), "-n", NS, *[arg for name in NAMES for arg in ("--tenant", name)],
        "--waves", "3", "--steps", "10,50,100", "--pause", "0", "--check", check,
        "--journal", str(journal), "--no-rate-limit", "--concurrency", str(CONCURRENCY),
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def journaled(journal: Path) -> dict[str, dict[str, object]]:
    """The journal's states of the one rollout it holds (none before the first run wrote one)."""
    if not journal.exists():
        return {}
    opened = Journal(journal, "rollout", "")
    try:
        scopes = opened._db.execute("SELECT DISTINCT namespace FROM states").fetchall()
        assert len(scopes) <= 1, scopes
        if not scopes:
            return {}
        opened.namespace = scopes[0][0]
        return opened.states()
    finally:
        opened.close()


def versions_of(states: dict[str, dict[str, object]]) -> dict[str, str]:
    """Tenant -> the new version id the journal holds for it."""
    return {
        key.removeprefix("tenant/"): str(value["new_version"])
        for key, value in states.items()
        if key.startswith("tenant/") and value["new_version"] is not None
    }


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    try:
        _, stderr = process.communicate(timeout=180)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, stderr.decode()


@pytest.mark.parametrize(("seed", "failing_wave"), [(1, None), (2, None), (3, None), (4, 2)])
def test_sigkill_at_random_moments_then_rerun(
    server: tuple[Rollouts, str], tmp_path: Path, seed: int, failing_wave: int | None
) -> None:
    """Three runs killed with SIGKILL at random moments, then one to the end: every tenant is deployed
    as the plan says (wave 2 back on its old version when its check fails), and each tenant got exactly
    one version upload plus one per kill that caught its upload in flight (answered, not yet journaled)."""
    app, base_url = server
    folder = tmp_path / "worker"
    folder.mkdir()
    (folder / "index.js").write_text(NEW_JS)
    journal = tmp_path / "rollout.sqlite3"
    check = "true" if failing_wave is None else f'test "$WFP_WAVE" != {failing_wave}'
    rng = random.Random(seed)
    in_flight: Counter[str] = Counter()
    uploaded_before: list[int] = []
    for _ in range(3):
        before = versions_of(journaled(journal))
        uploaded_before.append(len(before))
        start = len(app.log)
        process = rollout(base_url, folder, journal, check)
        try:
            # Kill once this run has sent a random number of POSTs, a random instant later.
            target = rng.randint(1, 30)
            deadline = time.monotonic() + 60
            while app.posts(start) < target and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.03))
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            assert process.stderr is not None
            process.stderr.close()
        after = versions_of(journaled(journal))
        this_run = app.uploads(start)
        # No version uploaded for a tenant whose version id was journaled when the run started.
        assert not set(this_run) & set(before), sorted(set(this_run) & set(before))
        # Journaled ids are never lost or changed by a later run.
        assert {name: after[name] for name in before} == before
        lost = [name for name in this_run if name not in after]
        assert len(lost) <= CONCURRENCY, lost
        in_flight.update(lost)
    assert uploaded_before == sorted(uploaded_before)
    assert len(versions_of(journaled(journal))) < TENANTS or failing_wave is not None

    start, known = len(app.log), versions_of(journaled(journal))
    status, stderr = finish(rollout(base_url, folder, journal, check))
    assert status == (0 if failing_wave is None else 1), stderr
    states = journaled(journal)
    final_versions = versions_of(states)
    assert not set(app.uploads(start)) & set(known)
    assert {name: final_versions[name] for name in known} == known
    uploads = Counter(app.uploads())
    expected_waves = ["done"] * 3 if failing_wave is None else ["done", "rolled_back", "not_started"]
    assert [states.get(f"wave/{i}", {"status": "not_started"})["status"] for i in (1, 2, 3)] == expected_waves

    origin = base_url.removesuffix("/").removesuffix("/client/v4")
    with httpx.Client(base_url=origin, headers={"Authorization": "Bearer emu-token"}) as http:
        for number, wave in enumerate(WAVES, 1):
            for name in wave:
                answer = http.get(f"{SCRIPTS}{name}/deployments").json()["result"]["deployments"][0]
                serving = [(v["version_id"], v["percentage"]) for v in answer["versions"]]
                content = http.get(f"{SCRIPTS}{name}/content").text
                status_of_wave = expected_waves[number - 1]
                if status_of_wave == "done":
                    assert serving == [(final_versions[name], 100)], name
                    assert NEW_JS in content, name
                elif status_of_wave == "rolled_back":
                    old = states[f"tenant/{name}"]["old_version"]
                    assert (serving, states[f"tenant/{name}"]["state"]) == ([(old, 100)], "rolled_back"), name
                    assert OLD_JS in content, name
                else:
                    assert (uploads[name], f"tenant/{name}" in states) == (0, False), name
                    assert OLD_JS in content, name
                if status_of_wave != "not_started":
                    # One upload, plus one per kill that caught this tenant's upload in flight.
                    assert uploads[name] == 1 + in_flight[name], (name, uploads[name], in_flight[name])
                    versions = http.get(f"{SCRIPTS}{name}/versions", params={"per_page": 100}).json()
                    # The old version, the journaled one, and those in flight that landed before the kill.
                    assert 2 <= versions["result_info"]["total_count"] <= 1 + uploads[name]
