"""Requests exactly as Cloudflare's documentation shows them, sent by real `curl` to the loopback emulator.

The curl command lines follow Cloudflare's docs (workers-for-platforms get-started, bindings, tags, static
assets, multipart-upload-metadata): ``-F 'metadata={...};type=application/json'`` and
``-F 'worker.mjs=@worker.mjs;type=application/javascript+module'`` (part name = filename), metadata from a
file (``-F metadata=@metadata.json``), a service-worker ``body_part`` with a Wasm module, a raw
``application/javascript`` body, JSON bodies with ``-d``, the assets upload with the session jwt. curl
comes from the system (the Makefile's ``tools`` target installs it when missing); ``--noproxy '*'`` keeps
every request on 127.0.0.1.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

from wfp_async.emulator import Emulator

FIXED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
CURL = shutil.which("curl") or "curl"
WORKER_MJS = b"export default { async fetch(request, env) { return new Response('hello'); } };\n"
WORKER_JS = b"addEventListener('fetch', (event) => event.respondWith(new Response('sw')));\n"
WASM = b"\x00asm\x01\x00\x00\x00"


@attrs.frozen
class Answer:
    """What curl got: the status and the JSON body."""

    status: int
    body: Any


@attrs.define
class Api:
    """curl against the served emulator, run in a folder holding the files the docs refer to."""

    emu: Emulator
    base: str
    folder: Path

    @property
    def ns(self) -> str:
        return f"{self.base}/accounts/emu-account/workers/dispatch/namespaces"

    def curl(self, *args: str, token: str = "emu-token") -> Answer:
        """Run ``curl ARGS -H 'Authorization: Bearer TOKEN'``; the status comes from ``-w``."""
        done = subprocess.run(
            [
                CURL,
                "-sS",
                "--noproxy",
                "*",
                "--max-time",
                "30",
                "-H",
                f"Authorization: Bearer {token}",
                *args,
                "-w",
                "\n%{http_code}",
            ],
            cwd=self.folder,
            capture_output=True,
            timeout=60,
            check=True,
        )
        body, _, status = done.stdout.rpartition(b"\n")
        return Answer(int(status), json.loads(body) if body.strip() else None)

    def script(self, name: str):  # type: ignore[no-untyped-def]
        return self.emu.namespaces["tenants"].scripts[name]


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    """The emulator on 127.0.0.1 with the namespace ``tenants``, and a folder with the docs' files."""
    (tmp_path / "worker.mjs").write_bytes(WORKER_MJS)
    (tmp_path / "worker.js").write_bytes(WORKER_JS)
    (tmp_path / "module.wasm").write_bytes(WASM)
    emu = Emulator(seed=3, clock=lambda: FIXED)
    with emu.serve() as base:
        api = Api(emu, base, tmp_path)
        created = api.curl(
            "-X", "POST", api.ns, "-H", "Content-Type: application/json", "-d", '{"name": "tenants"}'
        )
        assert created.status == 200, created.body
        yield api


def test_module_upload_with_bindings_and_tags(api: Api) -> None:
    """The get-started upload: metadata part inline, worker.mjs from a file (name = filename)."""
    metadata = {
        "main_module": "worker.mjs",
        "bindings": [
            {"type": "kv_namespace", "name": "USER_KV", "namespace_id": "0f2ac74b498b48028cb68387c421e279"}
        ],
        "tags": ["customer-123", "production"],
        "compatibility_date": "2025-01-01",
    }
    answer = api.curl(
        "-X",
        "PUT",
        f"{api.ns}/tenants/scripts/customer-123",
        "-F",
        f"metadata={json.dumps(metadata)};type=application/json",
        "-F",
        "worker.mjs=@worker.mjs;type=application/javascript+module",
    )
    assert answer.status == 200, answer.body
    script = api.script("customer-123")
    assert answer.body["result"]["entry_point"] == "worker.mjs"
    assert [(m.name, m.content_type, m.content) for m in script.modules] == [
        ("worker.mjs", "application/javascript+module", WORKER_MJS)
    ]
    assert script.bindings == metadata["bindings"]
    assert script.tags == ["customer-123", "production"]
    assert script.settings == {"compatibility_date": "2025-01-01"}


def test_metadata_from_a_file_service_worker_and_wasm(api: Api) -> None:
    """metadata=@metadata.json (a filename on the metadata part), body_part worker.js, a Wasm part."""
    metadata = {
        "body_part": "worker.js",
        "bindings": [{"type": "wasm_module", "name": "WASM", "part": "module.wasm"}],
    }
    (api.folder / "metadata.json").write_text(json.dumps(metadata))
    answer = api.curl(
        "-X",
        "PUT",
        f"{api.ns}/tenants/scripts/legacy",
        "-F",
        "metadata=@metadata.json;type=application/json",
        "-F",
        "worker.js=@worker.js;type=application/javascript",
        "-F",
        "module.wasm=@module.wasm;type=application/wasm",
    )
    assert answer.status == 200, answer.body
    script = api.script("legacy")
    assert (script.main_module, script.body_part) == (None, "worker.js")
    assert [(m.name, m.content_type, m.content) for m in script.modules] == [
        ("worker.js", "application/javascript", WORKER_JS),
        ("module.wasm", "application/wasm", WASM),
    ]
    assert answer.body["result"]["handlers"] == ["fetch"]


def test_raw_service_worker_body(api: Api) -> None:
    """A raw application/javascript body (no multipart) is a one-module service worker."""
    answer = api.curl(
        "-X",
        "PUT",
        f"{api.ns}/tenants/scripts/raw",
        "-H",
        "Content-Type: application/javascript",
        "--data-binary",
        "@worker.js",
    )
    assert answer.status == 200, answer.body
    assert [(m.name, m.content) for m in api.script("raw").modules] == [("worker.js", WORKER_JS)]


def test_tags_secrets_settings_and_bulk_delete(api: Api) -> None:
    """Tags PUT/filter, a secret PUT, a settings PATCH part, a keep_bindings re-upload, delete by tag."""
    upload = [
        "-F",
        'metadata={"main_module": "worker.mjs", '
        '"bindings": [{"type": "plain_text", "name": "A", "text": "1"}]};type=application/json',
        "-F",
        "worker.mjs=@worker.mjs;type=application/javascript+module",
    ]
    assert api.curl("-X", "PUT", f"{api.ns}/tenants/scripts/customer-1", *upload).status == 200
    tags = api.curl(
        "-X",
        "PUT",
        f"{api.ns}/tenants/scripts/customer-1/tags",
        "-H",
        "Content-Type: application/json",
        "-d",
        '["customer-1", "free"]',
    )
    assert tags.body["result"] == ["customer-1", "free"]
    secret = api.curl(
        "-X",
        "PUT",
        f"{api.ns}/tenants/scripts/customer-1/secrets",
        "-H",
        "Content-Type: application/json",
        "-d",
        '{"name": "API_KEY", "text": "s3cr3t", "type": "secret_text"}',
    )
    assert secret.body["result"] == {"name": "API_KEY", "type": "secret_text"}
    settings = api.curl(
        "-X",
        "PATCH",
        f"{api.ns}/tenants/scripts/customer-1/settings",
        "-F",
        'settings={"logpush": true};type=application/json',
    )
    assert settings.status == 200 and settings.body["result"]["logpush"] is True
    reupload = api.curl(
        "-X",
        "PUT",
        f"{api.ns}/tenants/scripts/customer-1",
        "-F",
        'metadata={"main_module": "worker.mjs", "keep_bindings": ["plain_text", "secret_text"]};'
        "type=application/json",
        "-F",
        "worker.mjs=@worker.mjs;type=application/javascript+module",
    )
    assert reupload.status == 200, reupload.body
    script = api.script("customer-1")
    assert script.bindings == [{"type": "plain_text", "name": "A", "text": "1"}]
    assert script.secrets["API_KEY"]["text"] == "s3cr3t"
    assert script.tags == ["customer-1", "free"]
    listed = api.curl(f"{api.ns}/tenants/scripts?tags=free:yes")
    assert [item["script"]["id"] for item in listed.body["result"]] == ["customer-1"]
    deleted = api.curl("-X", "DELETE", f"{api.ns}/tenants/scripts?tags=customer-1:yes")
    assert deleted.body["result"] == {
        "deleted": [{"id": "customer-1"}],
        "deleted_count": 1,
        "has_more": False,
    }
    assert api.emu.namespaces["tenants"].scripts == {}


def test_static_assets_flow(api: Api) -> None:
    """Upload session, the assets upload with the session jwt (base64 parts named by hash), the script."""
    html = b"<h1>hello</h1>"
    file_hash = "8f0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d"
    manifest = {"manifest": {"/index.html": {"hash": file_hash, "size": len(html)}}}
    session = api.curl(
        "-X",
        "POST",
        f"{api.ns}/tenants/scripts/site/assets-upload-session",
        "-H",
        "Content-Type: application/json",
        "-d",
        json.dumps(manifest),
    )
    assert session.body["result"]["buckets"] == [[file_hash]]
    encoded = base64.b64encode(html).decode()
    done = api.curl(
        "-X",
        "POST",
        f"{api.base}/accounts/emu-account/workers/assets/upload?base64=true",
        "-F",
        f"{file_hash}={encoded};filename={file_hash};type=text/html",
        token=session.body["result"]["jwt"],
    )
    assert done.status == 201, done.body
    metadata = {
        "main_module": "worker.mjs",
        "assets": {"jwt": done.body["result"]["jwt"], "config": {"html_handling": "auto-trailing-slash"}},
    }
    answer = api.curl(
        "-X",
        "PUT",
        f"{api.ns}/tenants/scripts/site",
        "-F",
        f"metadata={json.dumps(metadata)};type=application/json",
        "-F",
        "worker.mjs=@worker.mjs;type=application/javascript+module",
    )
    assert answer.status == 200 and answer.body["result"]["has_assets"] is True
    script = api.script("site")
    assert (script.assets, script.assets_config) == (
        {"/index.html": file_hash},
        {"html_handling": "auto-trailing-slash"},
    )
    assert api.emu.account.asset_files[file_hash].content == html


def test_refused_as_cloudflare_refuses(api: Api) -> None:
    """A main_module that names no part, and a wrong token, answer Cloudflare's envelopes to curl."""
    missing = api.curl(
        "-X",
        "PUT",
        f"{api.ns}/tenants/scripts/broken",
        "-F",
        'metadata={"main_module": "index.mjs"};type=application/json',
        "-F",
        "worker.mjs=@worker.mjs;type=application/javascript+module",
    )
    assert (missing.status, missing.body["errors"]) == (
        400,
        [{"code": 10021, "message": "Main module name is not present in bundle."}],
    )
    denied = api.curl(api.ns, token="not-the-token")
    assert (denied.status, denied.body["errors"]) == (
        403,
        [{"code": 10000, "message": "Authentication error"}],
    )
