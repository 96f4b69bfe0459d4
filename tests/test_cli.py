"""The ``wfp`` command against an emulator served on 127.0.0.1: every command group, tables and --json,
bulk deploys with their failure summary, and bad input as one clear line with exit status 1."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import pytest
from click.testing import CliRunner, Result
from starlette.types import Receive, Scope, Send

from wfp_async import RetryPolicy, UploadOptions, WfpClient, WorkerBundle
from wfp_async.cli import cli
from wfp_async.emulator import Emulator
from wfp_async.emulator._server import serve_in_thread

NS = "tenants"
FIXED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
STAMP = "2025-01-02T03:04:05+00:00"
ENV = {"CLOUDFLARE_ACCOUNT_ID": "emu-account", "CLOUDFLARE_API_TOKEN": "emu-token", "COLUMNS": "200"}
MAIN_JS = "export default { async fetch() { return new Response('hi') } };\n"
NS_PATH = "/client/v4/accounts/emu-account/workers/dispatch/namespaces"


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's clients retry twice without waiting, so a refused connection fails at once."""
    monkeypatch.setattr(
        "wfp_async._client._DEFAULT_RETRY", RetryPolicy(attempts=2, wait_initial=0, wait_jitter=0)
    )


class Current:
    """An ASGI app that forwards to the emulator of the running test (one server serves the module)."""

    emu: Emulator | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.emu is not None
        await self.emu(scope, receive, send)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Current, str]]:
    """One loopback server for the module, forwarding to each test's emulator."""
    current = Current()
    with serve_in_thread(current) as base_url:
        yield current, base_url


@pytest.fixture
def emu(server: tuple[Current, str]) -> Emulator:
    """A seeded emulator with a frozen clock and the namespace ``tenants``, served for this test."""
    emulator = Emulator(seed=5, clock=lambda: FIXED)
    emulator.account.create_namespace({"name": NS})
    server[0].emu = emulator
    return emulator


@pytest.fixture
def url(emu: Emulator, server: tuple[Current, str]) -> str:
    """The base URL serving ``emu``."""
    return server[1]


def worker(folder: Path, main: str | None = "index.js") -> Path:
    """A Worker folder: ``main`` (if any), a helper module and a README."""
    (folder / "lib").mkdir(parents=True)
    if main is not None:
        (folder / main).write_text(MAIN_JS)
    (folder / "lib" / "util.js").write_text("export const x = 1;\n")
    (folder / "README.md").write_text("docs\n")
    return folder


def run(url: str, *args: str, input: str | None = None, env: dict[str, str | None] | None = None) -> Result:
    """``wfp --base-url URL ARGS`` with the emulator's credentials in the environment; never a traceback."""
    result = CliRunner(env={**ENV, **(env or {})}).invoke(cli, ["--base-url", url, *args], input=input)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert result.exception is None
    return result


def run_json(url: str, *args: str, input: str | None = None) -> Any:
    """``wfp --json ARGS``: exit status 0 and the parsed stdout."""
    result = run(url, "--json", *args, input=input)
    assert (result.exit_code, result.stderr) == (0, "")
    return json.loads(result.stdout)


def namespace_json(emu: Emulator, name: str, *, scripts: int = 0, trusted: bool = False) -> dict[str, Any]:
    return {
        "created_by": "emu-account",
        "created_on": STAMP,
        "id": emu.namespaces[name].namespace_id,
        "modified_by": "emu-account",
        "modified_on": STAMP,
        "name": name,
        "script_count": scripts,
        "trusted_workers": trusted,
    }


@pytest.fixture
def uploaded(emu: Emulator, tmp_path: Path) -> Path:
    """Scripts ``acme`` (tags a, b) and ``beta`` (tag b) from one folder, uploaded in-process."""
    folder = worker(tmp_path / "src")

    async def upload() -> None:
        async with WfpClient(
            account_id="emu-account", api_token="emu-token", transport=emu.transport()
        ) as cf:
            for script, tags in [("acme", ["a", "b"]), ("beta", ["b"])]:
                options = UploadOptions(compatibility_date="2025-01-01", tags=tags)
                await cf.scripts.put(NS, script, WorkerBundle.from_directory(folder), options=options)

    anyio.run(upload)
    return folder


# --- namespaces ---------------------------------------------------------------------------------------


def test_namespaces_list_table(emu: Emulator, url: str) -> None:
    """`namespaces list` prints a table with one row per namespace."""
    result = run(url, "namespaces", "list")
    assert result.exit_code == 0
    header = ["name   ", "id" + " " * 34, "script_count", "trusted_workers", "created_on" + " " * 15]
    row = [NS, emu.namespaces[NS].namespace_id, "0           ", "False          ", STAMP]
    assert [line for line in result.stdout.splitlines() if line[0] in "┃│"] == [
        "┃ " + " ┃ ".join(header) + " ┃",
        "│ " + " │ ".join(row) + " │",
    ]


@pytest.mark.parametrize(
    ("args", "name", "trusted"),
    [
        (["namespaces", "get", NS], NS, False),
        (["namespaces", "create", "other"], "other", False),
        (["namespaces", "update", NS, "--trusted"], NS, True),
        (["namespaces", "update", NS, "--new-name", "renamed"], "renamed", False),
    ],
)
def test_namespaces_json(emu: Emulator, url: str, args: list[str], name: str, trusted: bool) -> None:
    """get/create/update --json print the namespace as the emulator now holds it."""
    output = run_json(url, *args)
    assert output == namespace_json(emu, name, trusted=trusted)
    assert run_json(url, "namespaces", "list") == [
        namespace_json(emu, n, trusted=trusted) for n in emu.namespaces
    ]


def test_namespaces_delete(emu: Emulator, url: str) -> None:
    """`namespaces delete` removes it and says so."""
    assert run_json(url, "namespaces", "delete", NS) == {"deleted": NS}
    assert emu.namespaces == {}


# --- scripts, secrets, tags, settings -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("tags", "expected"), [([], ["acme", "beta"]), (["a"], ["acme"]), (["b"], ["acme", "beta"])]
)
def test_scripts_list_by_tag(
    emu: Emulator, url: str, uploaded: Path, tags: list[str], expected: list[str]
) -> None:
    """`scripts list --tag` lists the scripts with every given tag, with their etags."""
    flags = [arg for tag in tags for arg in ("--tag", tag)]
    rows = run_json(url, "scripts", "list", "-n", NS, *flags)
    scripts = emu.namespaces[NS].scripts
    assert [(row["name"], row["etag"], row["tags"]) for row in rows] == [
        (name, scripts[name].etag, scripts[name].tags) for name in expected
    ]


def test_scripts_get_and_upload_table(emu: Emulator, url: str, uploaded: Path) -> None:
    """`scripts get` shows the script as key: value lines for people."""
    result = run(url, "scripts", "get", "-n", NS, "acme")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "name: acme" in lines
    assert f"etag: {emu.namespaces[NS].scripts['acme'].etag}" in lines
    assert "tags: a, b" in lines
    assert "compatibility_date: 2025-01-01" in lines


def test_scripts_content_out_writes_the_modules(url: str, uploaded: Path, tmp_path: Path) -> None:
    """`scripts content --out DIR` lists the modules and writes each one, byte for byte (the folder's
    README was never uploaded: it is not a module)."""
    out = tmp_path / "out"
    rows = run_json(url, "scripts", "content", "-n", NS, "acme", "--out", str(out))
    assert rows == [
        {"name": "index.js", "content_type": "application/javascript+module", "size": len(MAIN_JS)},
        {"name": "lib/util.js", "content_type": "application/javascript+module", "size": 20},
    ]
    written = sorted(str(path.relative_to(out)) for path in out.rglob("*") if path.is_file())
    assert written == ["index.js", "lib/util.js"]
    for name in written:
        assert (out / name).read_bytes() == (uploaded / name).read_bytes()


@pytest.mark.parametrize(
    ("args", "output", "left"),
    [
        (["scripts", "delete", "-n", NS, "acme"], {"deleted": "acme"}, ["beta"]),
        (
            ["scripts", "delete-by-tag", "-n", NS, "--tag", "b"],
            {"deleted_count": 2, "deleted": ["acme", "beta"]},
            [],
        ),
        (
            ["scripts", "delete-by-tag", "-n", NS, "--tag", "a"],
            {"deleted_count": 1, "deleted": ["acme"]},
            ["beta"],
        ),
    ],
)
def test_scripts_delete(
    emu: Emulator, url: str, uploaded: Path, args: list[str], output: object, left: list[str]
) -> None:
    """`scripts delete` and `delete-by-tag` remove exactly the named or tagged scripts."""
    assert run_json(url, *args) == output
    assert list(emu.namespaces[NS].scripts) == left


def test_secrets_put_list_delete(emu: Emulator, url: str, uploaded: Path) -> None:
    """`secrets put` reads the value from stdin and never prints it; list and delete follow."""
    value = "hunter2-very-secret"
    result = run(url, "--json", "secrets", "put", "-n", NS, "acme", "API_KEY", input=value + "\n")
    assert result.exit_code == 0
    assert value not in result.output
    assert json.loads(result.stdout) == {"name": "API_KEY", "type": "secret_text"}
    assert emu.namespaces[NS].scripts["acme"].secrets["API_KEY"]["text"] == value
    assert run_json(url, "secrets", "list", "-n", NS, "acme") == [{"name": "API_KEY", "type": "secret_text"}]
    table = run(url, "secrets", "list", "-n", NS, "acme")
    assert "│ API_KEY │ secret_text │" in table.stdout and value not in table.output
    assert run_json(url, "secrets", "delete", "-n", NS, "acme", "API_KEY") == {"deleted": "API_KEY"}
    assert emu.namespaces[NS].scripts["acme"].secrets == {}


@pytest.mark.parametrize(
    ("args", "output", "tags"),
    [
        (["tags", "list"], ["a", "b"], ["a", "b"]),
        (["tags", "set", "x", "y"], ["x", "y"], ["x", "y"]),
        (["tags", "add", "c"], {"added": "c"}, ["a", "b", "c"]),
        (["tags", "remove", "a"], {"removed": "a"}, ["b"]),
    ],
)
def test_tags(
    emu: Emulator, url: str, uploaded: Path, args: list[str], output: object, tags: list[str]
) -> None:
    """`tags list|set|add|remove` print the result and leave the script with exactly these tags."""
    assert run_json(url, *args[:2], "-n", NS, "acme", *args[2:]) == output
    assert emu.namespaces[NS].scripts["acme"].tags == tags


@pytest.mark.parametrize(
    ("patch", "changed"),
    [
        (["--logpush"], {"logpush": True}),
        (
            ["--compatibility-date", "2025-06-01", "--usage-model", "standard"],
            {"compatibility_date": "2025-06-01", "usage_model": "standard"},
        ),
    ],
)
def test_settings_get_and_patch(
    url: str, uploaded: Path, patch: list[str], changed: dict[str, object]
) -> None:
    """`settings patch` changes only the given settings; `settings get` shows the result."""
    before = run_json(url, "settings", "get", "-n", NS, "acme")
    assert before["compatibility_date"] == "2025-01-01"
    assert run_json(url, "settings", "patch", "-n", NS, "acme", *patch) == {**before, **changed}
    assert run_json(url, "settings", "get", "-n", NS, "acme") == {**before, **changed}


# --- deploy -------------------------------------------------------------------------------------------


@pytest.fixture
def workers(tmp_path: Path) -> Path:
    """20 Worker folders w00..w19, of which w07 has no main module."""
    root = tmp_path / "workers"
    for i in range(20):
        worker(root / f"w{i:02d}", None if i == 7 else "index.js")
    return root


def test_deploy_folder_reports_failures_and_exits_1(emu: Emulator, url: str, workers: Path) -> None:
    """`deploy DIR` deploys the 19 good subfolders with --tag, then summarises the failure by error kind
    and exits 1."""
    result = run(url, "deploy", str(workers), "--namespace", NS, "--concurrency", "4", "--tag", "wave-1")
    assert result.exit_code == 1
    scripts = emu.namespaces[NS].scripts
    assert sorted(scripts) == [f"w{i:02d}" for i in range(20) if i != 7]
    assert {tuple(script.tags) for script in scripts.values()} == {("wave-1",)}
    stderr = result.stderr.splitlines()
    assert next(line for line in stderr if line.startswith("deploy: ")).startswith(
        "deploy: 19 ok, 1 failed in "
    )
    assert "│ InvalidInput │ 1     │" in stderr
    assert stderr[-1] == (
        f"  w07: no main module found in {str(workers / 'w07')!r}: none of index.js, index.mjs, worker.js, "
        "main.py, src/index.js is present; pass main_module="
    )


def test_deploy_json_summary(url: str, workers: Path) -> None:
    """`--json deploy` prints a machine-readable summary grouped by error and exits 1."""
    result = run(url, "--json", "deploy", str(workers), "-n", NS)
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert {key: summary[key] for key in ("ok", "failed", "failures_by_error")} == {
        "ok": 19,
        "failed": 1,
        "failures_by_error": {"InvalidInput": 1},
    }
    assert [failure["name"] for failure in summary["failures"]] == ["w07"]


def test_deploy_manifest(emu: Emulator, url: str, workers: Path) -> None:
    """`deploy manifest.json` deploys the listed Workers under their manifest names and exits 0."""
    manifest = workers / "manifest.json"
    manifest.write_text(json.dumps([{"name": "alpha", "path": "w00"}, {"name": "w01"}]))
    result = run(url, "--json", "deploy", str(manifest), "-n", NS)
    assert result.exit_code == 0
    assert {key: json.loads(result.stdout)[key] for key in ("ok", "failed")} == {"ok": 2, "failed": 0}
    assert sorted(emu.namespaces[NS].scripts) == ["alpha", "w01"]


# --- bad input: one line, exit 1 ----------------------------------------------------------------------


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/client/v4"


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ["namespaces", "list"],
            {"CLOUDFLARE_ACCOUNT_ID": None},
            "no account: set CLOUDFLARE_ACCOUNT_ID or pass --account-id",
        ),
        (
            ["namespaces", "list"],
            {"CLOUDFLARE_API_TOKEN": None},
            "no credentials: set CLOUDFLARE_API_TOKEN or pass --api-token",
        ),
        (
            ["namespaces", "get", "nope"],
            {},
            f"GET {NS_PATH}/nope -> 404 [10007] Dispatch namespace 'nope' not found.",
        ),
        (
            ["scripts", "list", "-n", "nope"],
            {},
            f"GET {NS_PATH}/nope/scripts -> 404 [10007] Dispatch namespace 'nope' not found.",
        ),
        (["namespaces", "get", "[/x]"], {}, "invalid namespace name '[/x]': must not contain '/'"),
        (
            ["settings", "patch", "-n", NS, "acme"],
            {},
            "no setting to change: pass at least one keyword argument",
        ),
        (
            ["--api-token", "wrong", "namespaces", "list"],
            {},
            f"GET {NS_PATH} -> 403 [10000] Authentication error (check CLOUDFLARE_API_TOKEN "
            "(or --api-token) and CLOUDFLARE_ACCOUNT_ID: the token needs the "
            '"Workers Scripts: Edit" permission on this account)',
        ),
    ],
)
def test_bad_input_is_one_line(url: str, args: list[str], env: dict[str, str | None], message: str) -> None:
    """Missing credentials, an unknown namespace, a bad name or a wrong token: one line on stderr, exit 1
    (also when stderr is narrower than the line)."""
    result = run(url, *args, env={**env, "COLUMNS": "60"})
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"error: {message}\n")


def test_connection_refused_is_one_line() -> None:
    """--base-url to a closed port: one line naming the host, the request and the connect error, exit 1."""
    url = closed_port_url()
    host = url.split("/")[2]
    result = run(url, "namespaces", "list")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: cannot reach {host}: GET {NS_PATH} -> ConnectError: All connection attempts failed\n"
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: worker(p / "nomain", None),
            "no main module found in {folder!r}: none of index.js, index.mjs, "
            "worker.js, main.py, src/index.js is present; pass main_module=",
        ),
        (lambda p: worker(p / "w", "index.js"), None),
    ],
)
def test_upload_folder_without_main_module(url: str, tmp_path: Path, make: Any, message: str | None) -> None:
    """`scripts upload` of a folder without a main module fails locally in one line; with one it uploads."""
    folder = make(tmp_path)
    result = run(url, "scripts", "upload", "-n", NS, "acme", str(folder))
    if message is None:
        assert (result.exit_code, result.stderr) == (0, "")
    else:
        assert (result.exit_code, result.stderr) == (1, f"error: {message.format(folder=str(folder))}\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "{source} has no subfolders: each subfolder is one Worker"),
        (
            "{not json",
            "{source} is not a JSON manifest: "
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        ('{"name": "x"}', '{source}: a manifest is a JSON list of {{"name": ..., "path": ...}} objects'),
    ],
)
def test_deploy_bad_source_is_one_line(url: str, tmp_path: Path, content: str | None, message: str) -> None:
    """`deploy` of an empty folder or a broken manifest: one line, exit 1, nothing deployed."""
    source = tmp_path / "src"
    if content is None:
        source.mkdir()
    else:
        source.write_text(content)
    result = run(url, "deploy", str(source), "-n", NS)
    assert (result.exit_code, result.stderr) == (1, f"error: {message.format(source=source)}\n")


# --- the console script -------------------------------------------------------------------------------


def test_demo_runs_against_its_own_emulator() -> None:
    """`wfp demo --workers 50` (the installed console script) deploys, rotates and deletes, and exits 0."""
    wfp = Path(sys.executable).with_name("wfp")
    done = subprocess.run([str(wfp), "demo", "--workers", "50"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "deploy: 50 ok, 0 failed" in done.stderr
    assert "bulk-deleted by tag demo: 50 Workers" in done.stdout
    assert ", 0 left, " in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
