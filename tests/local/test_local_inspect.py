"""The keep-open features: the inspect API, a request log without secrets, state saved and loaded."""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from wfp_async import NO_RETRY, InvalidInput, PlainText, SecretText, UploadOptions, WfpClient, WorkerBundle
from wfp_async.emulator import Emulator
from wfp_async.emulator._inspect import Inspector
from wfp_async.emulator._persist import StateFile, StateFileError, load, save
from wfp_async.emulator._requestlog import redact
from wfp_async.local import LocalPlatform

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://emulator.test"
SECRET = "sk-live-do-not-log"


@pytest.fixture
async def inspected() -> AsyncIterator[tuple[Inspector, WfpClient, httpx.AsyncClient]]:
    """An Inspector over a fresh emulator, in process: an SDK client and a raw client on it."""
    inspector = Inspector(Emulator())
    transport = httpx.ASGITransport(app=inspector)
    async with (
        WfpClient(
            account_id="emu-account",
            api_token="emu-token",
            base_url=BASE + "/client/v4",
            transport=transport,
            retry=NO_RETRY,
        ) as cf,
        httpx.AsyncClient(transport=transport, base_url=BASE) as raw,
    ):
        yield inspector, cf, raw


async def test_the_request_log_keeps_no_secret(
    inspected: tuple[Inspector, WfpClient, httpx.AsyncClient],
) -> None:
    """Uploads, secret puts and tokens are logged as shapes: no secret value, token or module code."""
    _, cf, raw = inspected
    await cf.namespaces.create("tenants")
    options = UploadOptions(bindings=[PlainText("A", "a"), SecretText("KEY", text=SECRET)])
    await cf.scripts.put("tenants", "acme", WorkerBundle.es_module("export default {}"), options=options)
    await cf.secrets.put("tenants", "acme", SecretText("OTHER", text=SECRET))
    log = (await raw.get("/_wfp/requests")).json()["requests"]
    assert [(e["method"], e["path"], e["response"]["status"]) for e in log] == [
        ("POST", "/client/v4/accounts/emu-account/workers/dispatch/namespaces", 200),
        ("PUT", "/client/v4/accounts/emu-account/workers/dispatch/namespaces/tenants/scripts/acme", 200),
        (
            "PUT",
            "/client/v4/accounts/emu-account/workers/dispatch/namespaces/tenants/scripts/acme/secrets",
            200,
        ),
    ]
    upload = log[1]["request"]
    assert upload["headers"]["authorization"] == "Bearer [redacted]"
    parts = {p["name"]: p for p in upload["body"]["parts"]}
    assert parts["metadata"]["json"]["bindings"] == [
        {"type": "plain_text", "name": "A", "text": "a"},
        {"type": "secret_text", "name": "KEY", "text": "[redacted]"},
    ]
    assert parts["index.js"]["size"] == len("export default {}")
    assert log[2]["request"]["body"] == {"name": "OTHER", "text": "[redacted]", "type": "secret_text"}
    dumped = json.dumps(log)
    assert SECRET not in dumped and "emu-token" not in dumped and "export default" not in dumped


def test_redaction_covers_bulk_secrets_keys_and_tokens() -> None:
    """secrets-bulk values, secret_key material and assets JWTs are all replaced."""
    body = {
        "secrets": {"A": {"type": "secret_text", "text": "x"}, "B": {"text": "y"}},
        "bindings": [{"type": "secret_key", "name": "K", "key_base64": "k", "algorithm": {"name": "HMAC"}}],
        "assets": {"jwt": "eyJ.a.b", "config": {"html_handling": "none"}},
    }
    assert redact(body) == {
        "secrets": {"A": {"type": "secret_text", "text": "[redacted]"}, "B": {"text": "[redacted]"}},
        "bindings": [
            {"type": "secret_key", "name": "K", "key_base64": "[redacted]", "algorithm": {"name": "HMAC"}}
        ],
        "assets": {"jwt": "[redacted]", "config": {"html_handling": "none"}},
    }


async def test_state_shows_scripts_without_secret_values(
    inspected: tuple[Inspector, WfpClient, httpx.AsyncClient],
) -> None:
    """GET /_wfp/state lists namespaces and scripts with modules as sizes and secrets by name only."""
    _, cf, raw = inspected
    await cf.namespaces.create("tenants")
    options = UploadOptions(bindings=[SecretText("KEY", text=SECRET)], tags=["pro"])
    await cf.scripts.put("tenants", "acme", WorkerBundle.es_module("export default {}"), options=options)
    state = (await raw.get("/_wfp/state")).json()
    assert state["account_id"] == "emu-account"
    (namespace,) = state["namespaces"]
    (script,) = namespace["scripts"]
    assert (namespace["namespace_name"], script["id"], script["tags"]) == ("tenants", "acme", ["pro"])
    assert script["modules"] == [
        {"name": "index.js", "content_type": "application/javascript+module", "size": 17}
    ]
    assert script["bindings"] == [{"type": "secret_text", "name": "KEY"}]
    assert SECRET not in json.dumps(state)


async def test_reset_forgets_state_and_log(inspected: tuple[Inspector, WfpClient, httpx.AsyncClient]) -> None:
    """POST /_wfp/reset empties the account and the log; DELETE /_wfp/requests empties the log only."""
    inspector, cf, raw = inspected
    await cf.namespaces.create("tenants")
    assert (await raw.delete("/_wfp/requests")).json() == {"requests": []}
    assert inspector.log.entries() == []
    await cf.namespaces.create("other")
    assert (await raw.post("/_wfp/reset")).json() == {"reset": True}
    assert (await raw.get("/_wfp/state")).json()["namespaces"] == []
    assert (await raw.get("/_wfp/requests?limit=5")).json() == {"requests": []}
    missing = await raw.get("/_wfp/nothing")
    assert missing.status_code == 404
    known = "GET /state, GET|DELETE /requests, POST /reset, GET /clients"
    assert missing.json() == {"error": f"no inspect route GET /nothing; try {known}"}


async def test_clients_guide_names_every_client(
    inspected: tuple[Inspector, WfpClient, httpx.AsyncClient],
) -> None:
    """GET /_wfp/clients fills in this emulator's URL, account and token for each client."""
    _, _, raw = inspected
    guide = (await raw.get("/_wfp/clients")).text
    api = "http://emulator.test/client/v4"
    assert f"WfpClient(account_id='emu-account', api_token='emu-token', base_url='{api}')" in guide
    assert f"AsyncCloudflare(api_token='emu-token', base_url='{api}')" in guide
    assert f'new Cloudflare({{ apiToken: "emu-token", baseURL: "{api}" }})' in guide
    assert f'option.WithBaseURL("{api}/")' in guide
    assert f"CLOUDFLARE_API_BASE_URL={api} CLOUDFLARE_API_TOKEN=emu-token" in guide
    assert (
        f'curl -H "Authorization: Bearer emu-token" {api}/accounts/emu-account/workers/dispatch/namespaces'
        in guide
    )


def test_print_clients_from_the_command_line() -> None:
    """`wfp dev --print-clients --port 9000` prints the guide for that port and exits 0 without starting."""
    wfp = Path(sys.executable).with_name("wfp")
    done = subprocess.run(
        [str(wfp), "dev", "--print-clients", "--port", "9000", "--dispatch-port", "9001"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "base_url='http://127.0.0.1:9000/client/v4'" in done.stdout
    assert done.stdout.endswith("curl http://127.0.0.1:9001/SCRIPT/   # or http://SCRIPT.localhost:PORT/\n")


async def test_state_survives_a_restart(tmp_path: Path) -> None:
    """With state=PATH, a second platform on the same file serves the tenant (and its secret) again."""
    path = tmp_path / "state"
    path.mkdir()
    source = "export default { fetch: (r, env) => new Response(env.A + ' ' + env.KEY) };"
    with LocalPlatform(Emulator(), state=path) as first:
        async with WfpClient(
            account_id="emu-account", api_token="emu-token", base_url=first.api_url, retry=NO_RETRY
        ) as cf:
            created = await cf.namespaces.create("tenants")
            options = UploadOptions(bindings=[PlainText("A", "kept"), SecretText("KEY", text="s-1")])
            await cf.scripts.put("tenants", "acme", WorkerBundle.es_module(source), options=options)
    saved = path / "wfp-state.json"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    with LocalPlatform(Emulator(), state=path) as second:
        async with httpx.AsyncClient() as http:
            response = await http.get(second.url("acme"))
        assert (response.status_code, response.text) == (200, "kept s-1")
        async with WfpClient(
            account_id="emu-account", api_token="emu-token", base_url=second.api_url, retry=NO_RETRY
        ) as cf:
            assert (await cf.namespaces.get("tenants")).id == created.id
            fresh = await cf.namespaces.create("next")
    assert fresh.id != created.id


def test_save_and_load_round_trip_every_script_field(tmp_path: Path) -> None:
    """What is saved loads back equal: namespaces, scripts (modules as bytes), assets, id sequence."""
    emu = Emulator(seed=3)
    import asyncio

    async def fill() -> None:
        transport = emu.transport()
        async with WfpClient(
            account_id="emu-account", api_token="emu-token", base_url=BASE + "/client/v4", transport=transport
        ) as cf:
            await cf.namespaces.create("tenants")
            up = await cf.assets.upload("tenants", "site", {"/index.html": b"<h1>hi</h1>"})
            bundle = WorkerBundle.es_module("export default {}")
            await cf.scripts.put(
                "tenants",
                "site",
                bundle,
                options=UploadOptions(assets=up.metadata({"html_handling": "none"})),
            )

    asyncio.run(fill())
    path = tmp_path / "s.json"
    save(emu, path)
    again = Emulator(seed=99)
    assert load(again, path) is True
    assert again.namespaces == emu.namespaces
    assert again.account.asset_files == emu.account.asset_files
    assert again.account.ids.getstate() == emu.account.ids.getstate()
    assert load(Emulator(), tmp_path / "absent.json") is False


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ('{"format": 7}', "not a wfp emulator state file (format 1)"),
        ('{"format": 1, "account_id": "someone-else"}', "the state file is account 'someone-else''s"),
        ('{"format": 1, "account_id": "emu-account", "namespaces": 3}', "the state file is damaged"),
    ],
)
def test_a_bad_state_file_is_a_clear_invalid_input(tmp_path: Path, content: str, message: str) -> None:
    """Unreadable, foreign or damaged files raise StateFileError (an InvalidInput), the state untouched."""
    path = tmp_path / "bad.json"
    path.write_text(content)
    emu = Emulator()
    emu.account.namespaces["kept"] = "sentinel"  # type: ignore[assignment]
    with pytest.raises(StateFileError, match=re.escape(message)) as caught:
        StateFile(emu, path)
    assert isinstance(caught.value, InvalidInput)
    assert emu.account.namespaces == {"kept": "sentinel"}


def test_changes_are_saved_soon_while_running(tmp_path: Path) -> None:
    """After changed(), the file holds the new state within a few intervals, before close()."""
    import time

    emu = Emulator()
    state = StateFile(emu, tmp_path / "s.json", interval=0.02)
    try:
        assert state.loaded is False
        emu.account.create_namespace({"name": "tenants"})
        state.changed()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if (tmp_path / "s.json").exists() and "tenants" in (tmp_path / "s.json").read_text():
                break
            time.sleep(0.01)
        assert list(json.loads((tmp_path / "s.json").read_text())["namespaces"]) == ["tenants"]
    finally:
        state.close()
    state.close()
