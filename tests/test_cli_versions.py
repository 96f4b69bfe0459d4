"""``wfp versions upload|list`` and ``wfp rollout`` against an emulator served on 127.0.0.1."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import test_cli
from test_cli import NS, run, run_json, worker

import wfp_async
import wfp_async.cli
from wfp_async.emulator import Emulator

# The served emulator fixtures of the CLI tests, shared (one loopback server per module).
server, emu, url, quick_retries = test_cli.server, test_cli.emu, test_cli.url, test_cli.quick_retries
V2_JS = "export default { async fetch() { return new Response('v2') } };\n"


@pytest.fixture
def tenants(emu: Emulator, url: str, tmp_path: Path) -> list[str]:
    """Five tenants t0..t4 (tag pro on all but t4), uploaded through the CLI."""
    folder = worker(tmp_path / "v1")
    names = [f"t{i}" for i in range(5)]
    for name in names:
        tags = ["--tag", "pro"] if name != "t4" else []
        assert run(url, "scripts", "upload", "-n", NS, name, str(folder), *tags).exit_code == 0
    return names


@pytest.fixture
def v2(tmp_path: Path) -> Path:
    """A second Worker folder answering 'v2'."""
    folder = tmp_path / "v2"
    folder.mkdir()
    (folder / "index.js").write_text(V2_JS)
    return folder


def test_versions_upload_then_list(emu: Emulator, url: str, tenants: list[str], v2: Path) -> None:
    """versions upload answers the new version (message, tag); list shows both, only v1 deployed at 100."""
    uploaded = run_json(
        url, "versions", "upload", "-n", NS, "t0", str(v2), "--message", "new cart", "--version-tag", "v2"
    )
    listed = run_json(url, "versions", "list", "-n", NS, "t0")

    script = emu.account.namespaces[NS].scripts["t0"]
    v1_id = script.versions[0].id
    assert (uploaded["id"], uploaded["number"], uploaded["message"], uploaded["tag"]) == (
        script.versions[1].id,
        2,
        "new cart",
        "v2",
    )
    assert [(row["id"], row["number"], row["deployed"]) for row in listed] == [
        (uploaded["id"], 2, None),
        (v1_id, 1, 100),
    ]
    assert script.version_id == v1_id  # still serving v1


def test_versions_upload_keeps_the_tenants_secrets(
    emu: Emulator, url: str, tenants: list[str], v2: Path
) -> None:
    """The new version holds t0's secret (the upload keeps secret bindings, as wrangler's does): deployed,
    t0 still has it, with its value."""
    assert run(url, "secrets", "put", "-n", NS, "t0", "API_KEY", input="k-123\n").exit_code == 0
    uploaded = run_json(url, "versions", "upload", "-n", NS, "t0", str(v2))

    version = emu.account.namespaces[NS].scripts["t0"].versions[-1]
    assert (version.id, {k: v.get("text") for k, v in version.snapshot.secrets.items()}) == (
        uploaded["id"],
        {"API_KEY": "k-123"},
    )


def test_versions_upload_refuses_a_long_message(url: str, tenants: list[str], v2: Path) -> None:
    """A message over 100 characters is one clear line and exit status 1, nothing uploaded."""
    result = run(url, "versions", "upload", "-n", NS, "t0", str(v2), "--message", "m" * 101)
    assert result.exit_code == 1
    assert "message is 101 characters long; at most 100 are allowed" in result.stderr


def test_rollout_dry_run_prints_the_plan_and_sends_nothing_but_the_list(
    emu: Emulator, url: str, tenants: list[str], v2: Path
) -> None:
    """--dry-run with --tag: the tagged tenants' waves, the steps, the pause and the check; no change."""
    plan = run_json(
        url, "rollout", str(v2), "-n", NS, "--tag", "pro", "--waves", "2", "--steps", "10,50,100",
        "--pause", "5", "--check", "true", "--dry-run",
    )  # fmt: skip

    assert plan == {
        "namespace": NS,
        "steps": [10, 50, 100],
        "pause_seconds": 5.0,
        "check": "true",
        "waves": [
            {"wave": 1, "count": 2, "tenants": ["t0", "t1"]},
            {"wave": 2, "count": 2, "tenants": ["t2", "t3"]},
        ],
    }
    assert all(len(s.versions) == 1 for s in emu.account.namespaces[NS].scripts.values())
    table = run(
        url, "rollout", str(v2), "-n", NS, "--tenant", "t4", "--check", "true", "--dry-run", "--pause", "0"
    )
    assert table.exit_code == 0
    assert table.stdout.splitlines() == [
        "wave 1: 1 tenants (t4)",
        "steps 10%, 100%; 0 s then `true` after each step; nothing was sent.",
    ]


def test_rollout_runs_the_shell_check_and_stops_on_failure(
    emu: Emulator, url: str, tenants: list[str], v2: Path, tmp_path: Path
) -> None:
    """The check command sees WFP_WAVE/WFP_PERCENTAGE/WFP_TENANTS; failing in wave 2 rolls it back, exit 1."""
    log = tmp_path / "checks.log"
    check = (
        f"{sys.executable} -c \"import os,sys; open({str(log)!r},'a').write("
        "os.environ['WFP_WAVE']+' '+os.environ['WFP_PERCENTAGE']+' '+os.environ['WFP_TENANTS']+'\\\\n'); "
        "sys.exit(os.environ['WFP_WAVE']=='2')\""
    )
    result = run(
        url, "--json", "rollout", str(v2), "-n", NS, *[a for n in tenants[:3] for a in ("--tenant", n)],
        "--waves", "3", "--pause", "0", "--check", check, "--no-rate-limit",
    )  # fmt: skip

    assert result.exit_code == 1, result.output
    assert log.read_text().splitlines() == ["1 10 t0", "1 100 t0", "2 10 t1"]
    report = json.loads(result.stdout)
    assert (report["waves"], report["stopped_at"]) == (
        [{"wave": 1, "status": "done", "tenants": 1}, {"wave": 2, "status": "rolled_back", "tenants": 1},
         {"wave": 3, "status": "not_started", "tenants": 1}],
        2,
    )  # fmt: skip
    assert {n: t["state"] for n, t in report["tenants"].items()} == {
        "t0": "done",
        "t1": "rolled_back",
        "t2": "pending",
    }
    state = emu.account.namespaces[NS].scripts
    assert state["t0"].version_id == report["tenants"]["t0"]["new_version"]
    assert state["t1"].version_id == state["t1"].versions[0].id
    assert len(state["t2"].versions) == 1


@pytest.mark.parametrize(("flags", "limited"), [([], True), (["--no-rate-limit"], False)])
def test_rollout_rate_limit_flag_reaches_the_client(
    url: str, tenants: list[str], v2: Path, monkeypatch: pytest.MonkeyPatch, flags: list[str], limited: bool
) -> None:
    """`wfp rollout` holds its requests to Cloudflare's limit through the client, and --no-rate-limit
    turns that off (it had no effect when the limit was given to the rollout beside the client's)."""
    seen: list[object] = []
    real = wfp_async.cli.WfpClient

    def client(**kwargs: object) -> wfp_async.WfpClient:
        made = real(**kwargs)  # type: ignore[arg-type]
        seen.append(made.limiter)
        return made

    monkeypatch.setattr(wfp_async.cli, "WfpClient", client)
    check = f'{sys.executable} -c "pass"'
    result = run(
        url, "rollout", str(v2), "-n", NS, "--tenant", tenants[0], "--pause", "0", "--check", check, *flags
    )
    assert result.exit_code == 0, result.output
    assert seen and all((limiter is not None) is limited for limiter in seen)
