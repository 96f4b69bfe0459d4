"""`wfp deploy` with its journal against the loopback emulator: the default journal (printed), a rerun that
uploads nothing, --only-failed, --report JSON lines for every outcome, and progress lines off a terminal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from wfp_async import RetryPolicy
from wfp_async.cli import cli
from wfp_async.emulator import Emulator
from wfp_async.emulator._server import serve_in_thread

NS = "tenants"
ENV = {"CLOUDFLARE_ACCOUNT_ID": "emu-account", "CLOUDFLARE_API_TOKEN": "emu-token", "COLUMNS": "200"}


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's clients retry twice without waiting."""
    monkeypatch.setattr(
        "wfp_async._client._DEFAULT_RETRY", RetryPolicy(attempts=2, wait_initial=0, wait_jitter=0)
    )


@pytest.fixture
def served() -> Iterator[tuple[Emulator, str]]:
    """An emulator with the namespace, on 127.0.0.1 for this test only."""
    emu = Emulator(seed=17)
    emu.account.create_namespace({"name": NS})
    with serve_in_thread(emu, "127.0.0.1", 0) as base_url:
        yield emu, base_url


def workers(root: Path, count: int, broken: int | None = None) -> Path:
    for i in range(count):
        folder = root / f"w{i:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        main = folder / ("README.md" if i == broken else "index.js")
        main.write_text(f"export default {{ fetch() {{ return new Response('{i}') }} }};\n")
    return root


def run(base_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--base-url", base_url, *args], env=ENV, catch_exceptions=False)


def test_the_default_journal_makes_a_rerun_upload_nothing(
    served: tuple[Emulator, str], tmp_path: Path
) -> None:
    """Without --journal the journal is SOURCE/.wfp-deploy-NS.sqlite3, printed first; the same command again
    reports every Worker unchanged and uploads nothing."""
    emu, url = served
    source = workers(tmp_path / "src", 6)
    first = run(url, "deploy", str(source), "-n", NS)
    journal = source / f".wfp-deploy-{NS}.sqlite3"
    assert first.exit_code == 0, first.stderr
    assert first.stderr.splitlines()[0] == f"journal: {journal}"
    etags = {name: script.etag for name, script in emu.namespaces[NS].scripts.items()}
    second = run(url, "deploy", str(source), "-n", NS)
    assert second.exit_code == 0, second.stderr
    assert any(
        line.startswith("deploy: 0 ok, 0 failed, 6 unchanged in ") for line in second.stderr.splitlines()
    )
    assert {name: script.etag for name, script in emu.namespaces[NS].scripts.items()} == etags
    assert journal.is_file()


def test_only_failed_and_the_report_file(served: tuple[Emulator, str], tmp_path: Path) -> None:
    """A broken Worker fails; once fixed, --only-failed uploads it alone; --report holds one JSON line per
    outcome of both runs, uncapped, with etags and errors."""
    emu, url = served
    source = workers(tmp_path / "src", 4, broken=2)
    report = tmp_path / "outcomes.jsonl"
    journal = tmp_path / "j.sqlite3"
    first = run(
        url, "--json", "deploy", str(source), "-n", NS, "--journal", str(journal), "--report", str(report)
    )
    assert first.exit_code == 1
    summary = json.loads(first.stdout)
    assert (summary["ok"], summary["failed"], [f["name"] for f in summary["failures"]]) == (3, 1, ["w02"])
    workers(source, 4)  # w02 gets its index.js
    emu.namespaces[NS].scripts.pop("w00")  # not seen: --only-failed trusts the journal for successes
    second = run(
        url, "--json", "deploy", str(source), "-n", NS, "--journal", str(journal), "--report", str(report),
        "--only-failed",
    )  # fmt: skip
    assert second.exit_code == 0, second.stderr
    assert (json.loads(second.stdout)["ok"], json.loads(second.stdout)["skipped"]) == (1, 3)
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert sorted((line["name"], line["ok"]) for line in lines) == [
        ("w00", True), ("w01", True), ("w02", False), ("w02", True), ("w03", True),
    ]  # fmt: skip
    stored = emu.namespaces[NS].scripts
    for line in lines:
        if not line["ok"]:
            assert line["error_kind"] == "InvalidInput"
            assert line["error"].startswith("no main module found in ")
        elif line["name"] in stored:
            assert (line["error"], line["etag"]) == (None, stored[line["name"]].etag)
    assert sorted(stored) == ["w01", "w02", "w03"]


def test_progress_off_a_terminal_is_a_line_every_few_seconds(
    served: tuple[Emulator, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With stderr not a terminal, progress is plain lines (here forced to every item), each with counts,
    rate and ETA; the summary comes after them."""
    monkeypatch.setattr("wfp_async.cli._Lines.EVERY", 0.0)
    _, url = served
    source = workers(tmp_path / "src", 3)
    result = run(url, "deploy", str(source), "-n", NS, "--concurrency", "1", "--no-journal")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    progress = [line for line in lines if line.startswith("progress: ")]
    assert [line.split(" (")[0] for line in progress] == ["progress: 1/3", "progress: 2/3", "progress: 3/3"]
    assert all(" failed, 0 unchanged), " in line and ", ETA " in line for line in progress)
    assert progress[-1].startswith("progress: 3/3 (3 ok, 0 failed, 0 unchanged), ")
    assert lines[-1].startswith("deploy: 3 ok, 0 failed in ")
    assert not (source / f".wfp-deploy-{NS}.sqlite3").exists()


def test_no_journal_refuses_journal_options(served: tuple[Emulator, str], tmp_path: Path) -> None:
    """--no-journal with --only-failed is one clear line and exit 1, before any request."""
    _, url = served
    source = workers(tmp_path / "src", 1)
    result = run(url, "deploy", str(source), "-n", NS, "--no-journal", "--only-failed")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: --no-journal goes with neither --journal, --only-failed nor --verify\n",
    )
