"""`wfp deploy --journal` killed with SIGKILL at random moments against the loopback emulator, then rerun:
every tenant ends deployed with its bytes, and nothing the journal recorded as uploaded is uploaded again."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from slow_emulator import SlowLoggedEmulator

from wfp_async._journal import Journal
from wfp_async.emulator import Emulator
from wfp_async.emulator._server import serve_in_thread

NS = "tenants"
TENANTS = 40
UPLOAD_PREFIX = f"/client/v4/accounts/emu-account/workers/dispatch/namespaces/{NS}/scripts/"


class Deploys(SlowLoggedEmulator):
    """The emulator behind a request log; uploads take 10-30 ms, so a kill lands while some are in flight."""

    def __init__(self, emu: Emulator) -> None:
        super().__init__(emu, "PUT", 0.01, 0.03)

    def uploads(self, since: int = 0, until: int | None = None) -> list[str]:
        return [
            path[len(UPLOAD_PREFIX) :]
            for path in self.paths("PUT", since, until)
            if path.startswith(UPLOAD_PREFIX)
        ]


@pytest.fixture
def server() -> Iterator[tuple[Deploys, str]]:
    """A fresh emulator with the namespace, served on 127.0.0.1 (stopped when the test ends)."""
    emu = Emulator(seed=13)
    emu.account.create_namespace({"name": NS})
    app = Deploys(emu)
    with serve_in_thread(app, "127.0.0.1", 0) as base_url:
        yield app, base_url


def tenants(root: Path) -> Path:
    for i in range(TENANTS):
        folder = root / f"tenant-{i:03d}"
        folder.mkdir(parents=True)
        (folder / "index.js").write_text(f"export default {{ fetch() {{ return new Response('{i}') }} }};\n")
    return root


def deploy(base_url: str, source: Path, journal: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CLOUDFLARE_ACCOUNT_ID": "emu-account",
        "CLOUDFLARE_API_TOKEN": "emu-token",
    }
    command = [
        sys.executable,
        "-c",
        "from wfp_async.cli import main; main()",
        "--base-url",
        base_url,
        "deploy",
        str(source),
        "-n",
        NS,
        "--journal",
        str(journal),
        "--no-rate-limit",
        "--concurrency",
        "4",
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def recorded(journal: Path, base_url: str) -> set[str]:
    """The items the journal holds as uploaded."""
    if not journal.exists():
        return set()
    opened = Journal(journal, "deploy", f"{base_url.rstrip('/')}/accounts/emu-account/{NS}")
    try:
        return {entry.key for entry in opened.entries() if entry.ok}
    finally:
        opened.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_at_random_moments_then_rerun(server: tuple[Deploys, str], tmp_path: Path, seed: int) -> None:
    """Three runs killed with SIGKILL at random moments, then one to the end: the final state holds every
    tenant with its bytes, and no run uploaded an item the journal had recorded before it started."""
    app, base_url = server
    source = tenants(tmp_path / "workers")
    journal = tmp_path / "deploy.sqlite3"
    rng = random.Random(seed)
    runs: list[tuple[int, set[str]]] = []  # (log length at start, journal's uploaded items at start)
    for _ in range(3):
        runs.append((len(app.log), recorded(journal, base_url)))
        start = len(app.log)
        process = deploy(base_url, source, journal)
        try:
            # Kill once this run has sent a random number of uploads, a random instant later: mid-run, with
            # uploads in flight, whatever the machine's speed.
            target = rng.randint(1, 8)
            deadline = time.monotonic() + 60
            while len(app.uploads(start)) < target and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.05))
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            assert process.stderr is not None
            process.stderr.close()
    runs.append((len(app.log), recorded(journal, base_url)))
    # Every kill landed mid-run: each run left more recorded than the one before, never everything.
    counts = [len(done) for _, done in runs]
    assert counts == sorted(counts) and counts[-1] < TENANTS, counts
    final = deploy(base_url, source, journal)
    try:
        _, stderr = final.communicate(timeout=120)
    finally:
        if final.poll() is None:
            final.kill()
            final.wait()
    assert final.returncode == 0, stderr.decode()

    ends = [start for start, _ in runs[1:]] + [len(app.log)]
    for (start, done_before), end in zip(runs, ends, strict=True):
        again = done_before & set(app.uploads(start, end))
        assert not again, f"uploaded again although journaled: {sorted(again)}"
    names = {f"tenant-{i:03d}" for i in range(TENANTS)}
    assert recorded(journal, base_url) == names
    stored = app.emu.namespaces[NS].scripts
    assert set(stored) == names
    for name in names:
        assert [(m.name, m.content) for m in stored[name].modules] == [
            ("index.js", (source / name / "index.js").read_bytes())
        ]
    # The final run uploaded only what the journal did not hold as done.
    assert set(app.uploads(runs[-1][0])) == names - runs[-1][1]


def test_ctrl_c_prints_what_landed_and_the_command_that_resumes(
    server: tuple[Deploys, str], tmp_path: Path
) -> None:
    """SIGINT mid-deploy: exit 130, one line with what was deployed, failed and unchanged, and the exact
    resume command; running that command finishes the deploy without re-uploading what the journal holds."""
    app, base_url = server
    source = tenants(tmp_path / "workers")
    journal = tmp_path / "deploy.sqlite3"
    process = deploy(base_url, source, journal)
    try:
        deadline = time.monotonic() + 60
        while len(app.uploads()) < 5 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        process.send_signal(signal.SIGINT)
        _, stderr_bytes = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    stderr = stderr_bytes.decode()
    assert process.returncode == 130, stderr
    interrupted = next(line for line in stderr.splitlines() if line.startswith("interrupted: "))
    done = recorded(journal, base_url)
    assert interrupted.startswith(f"interrupted: {len(done)} deployed, 0 failed, 0 unchanged of {TENANTS};")
    resume = next(line for line in stderr.splitlines() if line.startswith("resume with: "))
    assert resume == (
        f"resume with: wfp --base-url {base_url} deploy {source} -n {NS} --journal {journal} "
        "--no-rate-limit --concurrency 4"
    )
    start = len(app.log)
    again = deploy(base_url, source, journal)
    try:
        _, stderr_bytes = again.communicate(timeout=120)
    finally:
        if again.poll() is None:
            again.kill()
            again.wait()
    assert again.returncode == 0, stderr_bytes.decode()
    assert not done & set(app.uploads(start))
    assert set(app.emu.namespaces[NS].scripts) == {f"tenant-{i:03d}" for i in range(TENANTS)}
