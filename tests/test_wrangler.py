"""wrangler, Cloudflare's own CLI (pinned in tools/package.json), deploys into the emulator's namespace.

`wrangler deploy --dispatch-namespace NS` runs on a small Worker project in a temporary folder, pointed at
the emulator served on 127.0.0.1 (``CLOUDFLARE_API_BASE_URL``), with HOME and XDG folders inside the
temporary folder, and metrics, error reports and the update check off. Every request it makes is
recorded with the answer it got, and the emulator's resulting state (modules and their bytes,
bindings, settings, tags) is checked.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import attrs
import blake3
import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from wfp_async.emulator import Emulator
from wfp_async.emulator._server import serve_in_thread

ROOT = Path(__file__).resolve().parents[1]
WRANGLER = ROOT / "tools" / "node_modules" / ".bin" / "wrangler"
AUTH = {"Authorization": "Bearer emu-token"}
NS = "/accounts/emu-account/workers/dispatch/namespaces"

INDEX = (
    b'import { shout } from "./lib.js";\n'
    b'import note from "./note.txt";\n'
    b"export default { async fetch(request, env) { return new Response(shout(env.GREETING) + note); } };\n"
)
LIB = b'export function shout(s) { return s.toUpperCase() + "!"; }\n'
NOTE = b"from a text module"
HTML = b"<h1>hi</h1>"


def wrangler_toml(greeting: str) -> str:
    """A Worker project: no bundling, so the uploaded modules are exactly the files on disk."""
    return f"""
name = "tenant-one"
main = "src/index.js"
compatibility_date = "2025-01-01"
compatibility_flags = ["nodejs_compat"]
no_bundle = true
find_additional_modules = true
rules = [
  {{ type = "ESModule", globs = ["**/*.js"], fallthrough = true }},
  {{ type = "Text", globs = ["**/*.txt"], fallthrough = true }},
]

[vars]
GREETING = "{greeting}"
"""


@attrs.frozen
class Seen:
    """One request wrangler made and the answer it got."""

    method: str
    path: str
    query: str
    status: int


class Recorder:
    """An ASGI wrapper around the emulator that records every request and its answer status."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.seen: list[Seen] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def record(message: Message) -> None:
            # Recorded before the answer leaves, so a client that has its answer always finds it here.
            if message["type"] == "http.response.start":
                query = scope.get("query_string", b"").decode()
                self.seen.append(Seen(scope["method"], scope["path"], query, message["status"]))
            await send(message)

        await self.emu(scope, receive, record)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Emulator, Recorder, str]]:
    """An emulator with the namespace ``tenants``, served on loopback behind a recorder."""
    emu = Emulator(seed=5)
    recorder = Recorder(emu)
    with serve_in_thread(recorder, "127.0.0.1", 0) as url:
        created = httpx.post(url + NS, json={"name": "tenants"}, headers=AUTH)
        assert created.status_code == 200, created.text
        recorder.seen.clear()
        yield emu, recorder, url


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The Worker project folder (index.js imports lib.js and a text module)."""
    root = tmp_path / "project"
    (root / "src").mkdir(parents=True)
    (root / "wrangler.toml").write_text(wrangler_toml("hello"))
    (root / "src" / "index.js").write_bytes(INDEX)
    (root / "src" / "lib.js").write_bytes(LIB)
    (root / "src" / "note.txt").write_bytes(NOTE)
    return root


def deploy(project: Path, url: str) -> subprocess.CompletedProcess[str]:
    """Run `wrangler deploy --dispatch-namespace tenants`; the process group is killed whatever happens."""
    home = project.parent / "home"
    home.mkdir(exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "CLOUDFLARE_API_BASE_URL": url,
        "CLOUDFLARE_API_TOKEN": "emu-token",
        "CLOUDFLARE_ACCOUNT_ID": "emu-account",
        # No traffic but loopback: no metrics, no error reports, no banner (its update check asks npm).
        "WRANGLER_SEND_METRICS": "false",
        "WRANGLER_SEND_ERROR_REPORTS": "false",
        "WRANGLER_HIDE_BANNER": "true",
        "WRANGLER_LOG_PATH": str(home / "logs"),
        "CI": "true",
        "NO_COLOR": "1",
        "FORCE_COLOR": "0",
    }
    process = subprocess.Popen(
        [str(WRANGLER), "deploy", "--dispatch-namespace", "tenants"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = process.communicate(timeout=180)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, out, None)


SETTINGS_PROBE = Seen("GET", "/client/v4/accounts/emu-account/workers/scripts/tenant-one/settings", "", 404)
UPLOAD = Seen(
    "PUT",
    f"/client/v4{NS}/tenants/scripts/tenant-one",
    "excludeScript=true&bindings_inherit=strict",
    200,
)


def test_wrangler_deploys_into_a_namespace(served: tuple[Emulator, Recorder, str], project: Path) -> None:
    """wrangler's namespace deploy succeeds: its two requests are answered, the state holds its modules."""
    emu, recorder, url = served
    result = deploy(project, url)
    assert result.returncode == 0, result.stdout
    assert recorder.seen == [SETTINGS_PROBE, UPLOAD]
    script = emu.namespaces["tenants"].scripts["tenant-one"]
    assert [(m.name, m.content_type, m.content) for m in script.modules] == [
        ("index.js", "application/javascript+module", INDEX),
        ("lib.js", "application/javascript+module", LIB),
        ("note.txt", "text/plain", NOTE),
    ]
    assert (script.main_module, script.body_part) == ("index.js", None)
    assert script.bindings == [{"name": "GREETING", "type": "plain_text", "text": "hello"}]
    assert script.settings == {"compatibility_date": "2025-01-01", "compatibility_flags": ["nodejs_compat"]}
    assert script.tags == []
    assert f"Current Version ID: {script.version_id}\n" in result.stdout
    assert "Dispatch Namespace: tenants" in result.stdout


def test_wrangler_redeploy_replaces_vars_and_keeps_tags(
    served: tuple[Emulator, Recorder, str], project: Path
) -> None:
    """A second deploy replaces the vars, keeps the tags set in between, and makes a new version."""
    emu, recorder, url = served
    assert deploy(project, url).returncode == 0
    first = emu.namespaces["tenants"].scripts["tenant-one"]
    first_version, first_etag = first.version_id, first.etag
    tagged = httpx.put(f"{url}{NS}/tenants/scripts/tenant-one/tags", json=["plan-pro"], headers=AUTH)
    assert tagged.json()["result"] == ["plan-pro"]
    (project / "wrangler.toml").write_text(wrangler_toml("bonjour"))
    recorder.seen.clear()

    result = deploy(project, url)

    assert result.returncode == 0, result.stdout
    assert recorder.seen == [SETTINGS_PROBE, UPLOAD]
    script = emu.namespaces["tenants"].scripts["tenant-one"]
    assert script.bindings == [{"name": "GREETING", "type": "plain_text", "text": "bonjour"}]
    assert script.tags == ["plan-pro"]
    assert script.version_id != first_version
    assert f"Current Version ID: {script.version_id}\n" in result.stdout
    assert script.etag == first_etag  # same modules, same bytes: the content hash is unchanged
    listed = httpx.get(f"{url}{NS}/tenants/scripts", params={"tags": "plan-pro:yes"}, headers=AUTH)
    assert [item["script"]["id"] for item in listed.json()["result"]] == ["tenant-one"]


def test_wrangler_deploys_static_assets(served: tuple[Emulator, Recorder, str], project: Path) -> None:
    """With an [assets] directory wrangler opens a session, uploads the file, then the script with the jwt."""
    emu, recorder, url = served
    (project / "public").mkdir()
    (project / "public" / "index.html").write_bytes(HTML)
    toml = wrangler_toml("hello") + '\n[assets]\ndirectory = "./public"\nbinding = "ASSETS"\n'
    (project / "wrangler.toml").write_text(toml)

    result = deploy(project, url)

    assert result.returncode == 0, result.stdout
    assets = f"/client/v4{NS}/tenants/scripts/tenant-one/assets-upload-session"
    assert recorder.seen == [
        Seen("POST", assets, "", 200),
        Seen("POST", "/client/v4/accounts/emu-account/workers/assets/upload", "base64=true", 201),
        SETTINGS_PROBE,
        UPLOAD,
    ]
    script = emu.namespaces["tenants"].scripts["tenant-one"]
    # wrangler's hash: BLAKE3 over the base64 of the bytes plus the extension, first 32 hex characters.
    file_hash = blake3.blake3(base64.b64encode(HTML) + b"html").hexdigest()[:32]
    assert script.assets == {"/index.html": file_hash}
    assert emu.account.asset_files[file_hash].content == HTML
    assert script.bindings == [
        {"name": "GREETING", "type": "plain_text", "text": "hello"},
        {"name": "ASSETS", "type": "assets"},
    ]
    assert script.assets_config == {}  # wrangler sends an empty config when the project sets none
    assert script.to_json()["has_assets"] is True


def test_tools_pin_wrangler() -> None:
    """The wrangler the suite runs is the one pinned in tools/package.json (4.80.0 runs on Node 20)."""
    pinned = json.loads((ROOT / "tools" / "package.json").read_text())["dependencies"]["wrangler"]
    installed = json.loads((ROOT / "tools" / "node_modules" / "wrangler" / "package.json").read_text())
    assert pinned == installed["version"] == "4.80.0"
