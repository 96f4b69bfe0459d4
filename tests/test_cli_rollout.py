"""`wfp rollout` in a real pseudo-terminal: its default journal, Ctrl-C with where it stopped and the exact
command that resumes, that command finishing the rollout, and a rerun of a rolled-back rollout that
changes nothing and says to pass --retry."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import pexpect
import pytest
from test_cli import ENV, NS

from wfp_async import WfpClient, WorkerBundle
from wfp_async._journal import Journal
from wfp_async.emulator import Emulator, FaultConfig

WFP = str(Path(sys.executable).with_name("wfp"))
OLD_JS = "export default { fetch() { return new Response('old') } };\n"
NEW_JS = "export default { fetch() { return new Response('new') } };\n"
NAMES = [f"t{i:02d}" for i in range(12)]


def seeded(emulator: Emulator) -> Emulator:
    """``emulator`` with the namespace and the 12 tenants on the old Worker."""
    emulator.account.create_namespace({"name": NS})

    async def seed() -> None:
        async with WfpClient(
            account_id=emulator.account_id, api_token="emu-token", transport=emulator.transport()
        ) as cf:
            report = await cf.bulk.deploy_many(NS, ((n, WorkerBundle.es_module(OLD_JS)) for n in NAMES))
            report.raise_for_failures()

    anyio.run(seed)
    return emulator


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The new Worker's folder."""
    path = tmp_path / "new-worker"
    path.mkdir()
    (path / "index.js").write_text(NEW_JS)
    return path


@pytest.fixture
def slow() -> Iterator[tuple[Emulator, str]]:
    """The seeded emulator answering each request after 50 ms, on a loopback port (stopped at the end)."""
    emulator = seeded(Emulator(faults=FaultConfig(latency=(0.05, 0.05))))
    with emulator.serve() as base_url:
        yield emulator, base_url


def environment(base_url: str) -> dict[str, str]:
    return {**os.environ, **ENV, "WFP_BASE_URL": base_url, "NO_COLOR": "1", "TERM": "dumb"}


def journaled_versions(journal: Path) -> dict[str, str]:
    """Tenant -> the new version id the journal holds (the one rollout in the file)."""
    opened = Journal(journal, "rollout", "")
    try:
        (scope,) = opened._db.execute("SELECT DISTINCT namespace FROM states").fetchall()
        opened.namespace = scope[0]
        states = opened.states()
    finally:
        opened.close()
    return {
        key.removeprefix("tenant/"): str(value["new_version"])
        for key, value in states.items()
        if key.startswith("tenant/") and value["new_version"] is not None
    }


def tenant_args() -> list[str]:
    return [arg for name in NAMES for arg in ("--tenant", name)]


def test_ctrl_c_says_where_the_rollout_stopped_and_the_resume_command_finishes_it(
    slow: tuple[Emulator, str], folder: Path
) -> None:
    """The terminal's ^C mid-rollout: exit 130, one line with the running wave and the tenants' states,
    and the exact resume command (with the default journal in FOLDER); that command ends the rollout with
    every tenant on the new version at 100% and no version uploaded twice but those in flight."""
    emulator, base_url = slow
    args = [
        "rollout",
        str(folder),
        "-n",
        NS,
        *tenant_args(),
        "--pause",
        "0",
        "--check",
        "true",
        "--concurrency",
        "2",
    ]
    child = pexpect.spawn(
        WFP, args, env=environment(base_url), encoding="utf-8", timeout=30, dimensions=(40, 400)
    )
    journal = folder / f".wfp-rollout-{NS}.sqlite3"
    child.expect_exact(f"journal: {journal}")
    scripts = emulator.namespaces[NS].scripts
    deadline = time.monotonic() + 30
    while sum(len(scripts[n].versions) for n in NAMES) < len(NAMES) + 2 and time.monotonic() < deadline:
        time.sleep(0.005)  # two versions uploaded: the rollout is in its first wave
    while not journaled_versions(journal) and time.monotonic() < deadline:
        time.sleep(0.005)  # and one of them journaled
    child.sendintr()
    rest = child.read()
    child.close()
    assert child.exitstatus == 130, rest
    text = rest.replace("\r", "\n").replace("^C", "")  # the terminal echoes the ^C
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    interrupted = next(line for line in lines if line.startswith("interrupted: "))
    assert re.fullmatch(
        r"interrupted: wave [12] of 3 was running; "
        r"tenants: (\d+ (done|split|uploaded|pending), )*\d+ pending; "
        r"the requests in flight may or may not have landed\.",
        interrupted,
    ), interrupted
    resume = next(line for line in lines if line.startswith("resume with: "))
    assert resume == "resume with: " + shlex.join(["wfp", *args, "--journal", str(journal)])
    known = journaled_versions(journal)
    assert 1 <= len(known) < len(NAMES)

    command = shlex.split(resume.removeprefix("resume with: "))
    finished = subprocess.run(
        [WFP, "--json", *command[1:]],
        env=environment(base_url),
        capture_output=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr.decode()
    report = json.loads(finished.stdout)
    assert (report["resumed"], report["stopped"], [w["status"] for w in report["waves"]]) == (
        True,
        None,
        ["done", "done", "done"],
    )
    extra = 0
    for name in NAMES:
        tenant = report["tenants"][name]
        script = scripts[name]
        assert tenant["state"] == "done"
        assert [(v["version_id"], v["percentage"]) for v in script.deployments[-1].versions] == [
            (tenant["new_version"], 100)
        ]
        assert script.modules[0].content == NEW_JS.encode()
        extra += len(script.versions) - 2  # the old version and the rolled-out one
        if name in known:
            assert (len(script.versions), tenant["new_version"]) == (2, known[name]), name  # not again
    assert 0 <= extra <= 2  # at most the two uploads in flight at ^C landed unjournaled


def test_a_rolled_back_rollout_is_left_alone_until_retry(folder: Path) -> None:
    """Wave 2's check fails: exit 1 saying so; the same command again sends no change, exits 1 and says
    to pass --retry; with --retry (and a passing check) wave 2 runs again on its versions, then wave 3."""
    emulator = seeded(Emulator())
    with emulator.serve() as base_url:
        env = environment(base_url)
        common = [WFP, "--json", "rollout", str(folder), "-n", NS, *tenant_args(), "--pause", "0"]
        failing = [*common, "--check", 'test "$WFP_WAVE" != 2']
        first = subprocess.run(failing, env=env, capture_output=True, timeout=120)
        assert first.returncode == 1, first.stderr.decode()
        assert json.loads(first.stdout)["stopped"] == "wave 2 was rolled back: its check failed at 10%"
        deployments = {n: len(emulator.namespaces[NS].scripts[n].deployments) for n in NAMES}

        again = subprocess.run(failing, env=env, capture_output=True, timeout=120)
        assert again.returncode == 1, again.stderr.decode()
        report = json.loads(again.stdout)
        assert report["stopped"] == (
            "wave 2 was rolled back by an earlier run (its check failed at 10%); "
            "run the same command with --retry to try it again"
        )
        assert (report["still_on_new"], report["warnings"]) == ([], [])
        assert [w["status"] for w in report["waves"]] == ["done", "rolled_back", "not_started"]
        assert {n: len(emulator.namespaces[NS].scripts[n].deployments) for n in NAMES} == deployments

        retried = subprocess.run(
            [*common, "--check", "true", "--retry"], env=env, capture_output=True, timeout=120
        )
        assert retried.returncode == 0, retried.stderr.decode()
        final = json.loads(retried.stdout)
    assert [w["status"] for w in final["waves"]] == ["done", "done", "done"]
    for name in NAMES:
        script = emulator.namespaces[NS].scripts[name]
        assert len(script.versions) == 2, name  # wave 2 kept the version it got in the first run
        assert script.version_id == final["tenants"][name]["new_version"]


def test_no_journal_keeps_none_and_refuses_retry(folder: Path) -> None:
    """--no-journal rolls out without a journal file in FOLDER; with --retry it is one clear line and exit
    status 1 before any request."""
    emulator = seeded(Emulator())
    with emulator.serve() as base_url:
        env = environment(base_url)
        common = [WFP, "rollout", str(folder), "-n", NS, "--tenant", "t00", "--pause", "0", "--check", "true"]
        refused = subprocess.run(
            [*common, "--no-journal", "--retry"], env=env, capture_output=True, timeout=60
        )
        assert len(emulator.namespaces[NS].scripts["t00"].versions) == 1
        done = subprocess.run([*common, "--no-journal"], env=env, capture_output=True, timeout=60)
    assert refused.returncode == 1
    assert "--no-journal goes with neither --journal nor --retry" in refused.stderr.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "journal: " not in done.stderr.decode()
    assert sorted(p.name for p in folder.iterdir()) == ["index.js"]
    assert len(emulator.namespaces[NS].scripts["t00"].versions) == 2


SECRET = "SECRET-TOKEN-42"


@pytest.mark.parametrize("token", [["--api-token", SECRET], [f"--api-token={SECRET}"]])
@pytest.mark.parametrize("command", ["deploy", "rollout"])
def test_the_resume_line_leaves_out_the_token_and_retry(
    command: str,
    token: list[str],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl-C in `wfp --api-token SECRET deploy|rollout --retry ...` prints a resume command without the
    token (in either spelling) and without --retry, then one line saying the token was left out."""
    import wfp_async.cli as cli_module

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    if command == "deploy":
        source = folder.parent / "workers"
        (source / "a1").mkdir(parents=True)
        (source / "a1" / "index.js").write_text(NEW_JS)
        args, journal = ["deploy", str(source), "-n", NS], source / f".wfp-deploy-{NS}.sqlite3"
    else:
        args = ["rollout", str(folder), "-n", NS, "--tenant", "t00", "--check", "true"]
        journal = folder / f".wfp-rollout-{NS}.sqlite3"
    argv = ["--account-id", "emu-account", *token, *args] + (["--retry"] if command == "rollout" else [])
    monkeypatch.delenv("CLOUDFLARE_API_TOKEN", raising=False)
    monkeypatch.setattr(cli_module, "_run", interrupted)
    monkeypatch.setattr(sys, "argv", ["wfp", *argv])
    with pytest.raises(SystemExit) as exited:
        cli_module.main(argv)
    err = capsys.readouterr().err
    assert exited.value.code == 130
    assert SECRET not in err
    lines = err.splitlines()
    resume = lines.index(next(line for line in lines if line.startswith("resume with: ")))
    assert lines[resume:] == [
        "resume with: "
        + shlex.join(["wfp", "--account-id", "emu-account", *args, "--journal", str(journal)]),
        "the API token is not shown: pass --api-token again, or set CLOUDFLARE_API_TOKEN",
    ]


def test_tag_listed_tenants_are_planned_in_name_order(folder: Path) -> None:
    """--tag's tenants, listed by the API in creation order (c1, a1, b1), are planned sorted by name, so
    the same command always plans the same waves (the journal's scope holds the order)."""
    from click.testing import CliRunner

    from wfp_async.cli import cli

    emulator = Emulator()
    emulator.account.create_namespace({"name": NS})

    async def seed() -> None:
        async with WfpClient(
            account_id=emulator.account_id, api_token="emu-token", transport=emulator.transport()
        ) as cf:
            for name in ("c1", "a1", "b1"):
                await cf.scripts.put(NS, name, WorkerBundle.es_module(OLD_JS))
                await cf.tags.put(NS, name, ["blue"])

    anyio.run(seed)
    with emulator.serve() as base_url:
        args = ["--base-url", base_url, "--json", "rollout", str(folder), "-n", NS, "--tag", "blue"]
        result = CliRunner(env=ENV).invoke(cli, [*args, "--check", "true", "--waves", "2", "--dry-run"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert [w["tenants"] for w in plan["waves"]] == [["a1", "b1"], ["c1"]]


def test_another_tenant_order_prints_a_warning(folder: Path) -> None:
    """The same rollout with --tenant in another order starts over: exit 0, the JSON's warnings and one
    'warning:' line on stderr say the journal holds another rollout to the namespace."""
    from click.testing import CliRunner

    from wfp_async.cli import cli

    emulator = seeded(Emulator())
    journal = folder / f".wfp-rollout-{NS}.sqlite3"
    with emulator.serve() as base_url:
        common = ["--base-url", base_url, "--json", "rollout", str(folder), "-n", NS, "--pause", "0"]
        runner = CliRunner(env=ENV)
        first = runner.invoke(cli, [*common, "--tenant", "t00", "--tenant", "t01", "--check", "true"])
        second = runner.invoke(cli, [*common, "--tenant", "t01", "--tenant", "t00", "--check", "true"])
    assert (first.exit_code, second.exit_code) == (0, 0), second.output
    warning = (
        f"the journal {str(journal)!r} holds another rollout to namespace {NS!r} (other code, tenants, "
        "tenant order, message, waves or steps): this one starts over; that one resumes only with its own "
        "arguments"
    )
    assert (json.loads(first.stdout)["warnings"], json.loads(second.stdout)["warnings"]) == ([], [warning])
    assert [line for line in second.stderr.splitlines() if line.startswith("warning: ")] == [
        f"warning: {warning}"
    ]
