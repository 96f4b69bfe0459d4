"""All 27 operations, end to end with raw httpx, in-process and over real HTTP on 127.0.0.1."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from wfp_async.emulator import Emulator

from emu_helpers import AUTH, NS

STAMP = "2025-01-02T03:04:05.000000Z"
MAIN = b"export default { async fetch(request) { return new Response('hi') } }\r\n--+++\r\n"
WASM = bytes(range(256))


@pytest.fixture(scope="module")
def loopback() -> Iterator[tuple[Emulator, str]]:
    """One emulator served on 127.0.0.1 for the whole module; stopped when the module ends."""
    emu = Emulator(seed=3, clock=lambda: datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC))
    with emu.serve("127.0.0.1", 0) as url:
        yield emu, url


@pytest.fixture(params=["in-process", "loopback"])
async def wire(
    request: pytest.FixtureRequest, loopback: tuple[Emulator, str]
) -> AsyncIterator[tuple[Emulator, httpx.AsyncClient]]:
    """A fresh emulator state and a raw client on it, in-process or over loopback HTTP."""
    if request.param == "in-process":
        emu = Emulator(seed=3, clock=lambda: datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC))
        transport: httpx.AsyncBaseTransport = emu.transport()
        base = "http://emulator/client/v4"
    else:
        emu, base = loopback
        emu.reset()
        transport = httpx.AsyncHTTPTransport()
    async with httpx.AsyncClient(transport=transport, base_url=base, headers=AUTH) as client:
        yield emu, client


def ok(response: httpx.Response, status: int = 200) -> object:
    """The result of a success envelope, after checking the envelope exactly."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is True and body["errors"] == [] and body["messages"] == []
    return body["result"]


async def test_every_operation(wire: tuple[Emulator, httpx.AsyncClient]) -> None:
    """Each of the 27 operations answers Cloudflare's envelope with the right result, on both transports."""
    emu, c = wire
    # 1-6 namespaces
    created = ok(await c.post(NS, json={"name": "tenants"}))
    ns_id = emu.namespaces["tenants"].namespace_id
    namespace = {
        "namespace_id": ns_id,
        "namespace_name": "tenants",
        "script_count": 0,
        "trusted_workers": False,
        "created_on": STAMP,
        "created_by": "emu-account",
        "modified_on": STAMP,
        "modified_by": "emu-account",
    }
    assert created == namespace
    assert ok(await c.get(NS)) == [namespace]
    assert ok(await c.get(f"{NS}/tenants")) == namespace
    assert ok(await c.put(f"{NS}/tenants", json={"trusted_workers": True})) == {
        **namespace,
        "trusted_workers": True,
    }
    assert ok(await c.patch(f"{NS}/tenants", json={"name": "acme"})) == {
        **namespace,
        "namespace_name": "acme",
        "trusted_workers": True,
    }

    # 12 + 27 assets, then 10 upload with the completion token
    file_hash = "ab" * 16
    session = ok(
        await c.post(
            f"{NS}/acme/scripts/site/assets-upload-session",
            json={"manifest": {"/i.html": {"hash": file_hash, "size": 2}}},
        )
    )
    assert isinstance(session, dict) and session["buckets"] == [[file_hash]]
    done = ok(
        await c.post(
            "/accounts/emu-account/workers/assets/upload",
            params={"base64": "true"},
            headers={"Authorization": f"Bearer {session['jwt']}"},
            files=[(file_hash, (file_hash, base64.b64encode(b"hi"), "text/html"))],
        ),
        201,
    )
    assert isinstance(done, dict)
    metadata = {
        "main_module": "index.js",
        "compatibility_date": "2025-01-01",
        "bindings": [{"type": "plain_text", "name": "GREETING", "text": "hello"}],
        "tags": ["prod"],
        "assets": {"jwt": done["jwt"]},
    }
    files = [
        ("metadata", (None, json.dumps(metadata).encode(), "application/json")),
        ("index.js", ("index.js", MAIN, "application/javascript+module")),
        ("add.wasm", ("add.wasm", WASM, "application/wasm")),
    ]
    uploaded = ok(await c.put(f"{NS}/acme/scripts/site", files=files, params={"bindings_inherit": "strict"}))
    script = emu.namespaces["acme"].scripts["site"]
    script_json = {
        "id": "site",
        "tag": script.tag,
        "etag": script.etag,
        "handlers": ["fetch"],
        "named_handlers": [],
        "created_on": STAMP,
        "modified_on": STAMP,
        "has_assets": True,
        "has_modules": True,
        "logpush": False,
        "placement": {},
        "tags": ["prod"],
        "tail_consumers": [],
        "compatibility_flags": [],
        "compatibility_date": "2025-01-01",
    }
    upload_extra = {"entry_point": "index.js", "startup_time_ms": 0, "deployment_id": script.version_id}
    assert uploaded == {**script_json, **upload_extra}
    item = {"created_on": STAMP, "modified_on": STAMP, "dispatch_namespace": "acme", "script": script_json}
    # 7, 9
    assert ok(await c.get(f"{NS}/acme/scripts", params={"tags": "prod:yes"})) == [item]
    assert ok(await c.get(f"{NS}/acme/scripts/site")) == item
    # 15 content, byte for byte
    content = await c.get(f"{NS}/acme/scripts/site/content")
    assert content.status_code == 200
    assert content.headers["cf-worker-main-module-part"] == "index.js"
    parts = _parse(content)
    assert parts == [
        ("index.js", "application/javascript+module", MAIN),
        ("add.wasm", "application/wasm", WASM),
    ]
    # 14 content PUT via header
    new_main = b"export default { async fetch() { return new Response('v2') } }"
    put = ok(
        await c.put(
            f"{NS}/acme/scripts/site/content",
            headers={"CF-WORKER-MAIN-MODULE-PART": "main.js"},
            files=[("main.js", ("main.js", new_main, "application/javascript+module"))],
        )
    )
    assert isinstance(put, dict) and put["etag"] != script_json["etag"] and put["id"] == "site"
    assert _parse(await c.get(f"{NS}/acme/scripts/site/content")) == [
        ("main.js", "application/javascript+module", new_main)
    ]
    # 16-19 secrets, 26 bulk
    secret = {"name": "API_KEY", "type": "secret_text", "text": "s3cr3t-value"}
    assert ok(await c.put(f"{NS}/acme/scripts/site/secrets", json=secret)) == {
        "name": "API_KEY",
        "type": "secret_text",
    }
    assert ok(await c.get(f"{NS}/acme/scripts/site/secrets")) == [{"name": "API_KEY", "type": "secret_text"}]
    assert ok(await c.get(f"{NS}/acme/scripts/site/secrets/API_KEY")) == {
        "name": "API_KEY",
        "type": "secret_text",
    }
    bulk = await c.patch(
        f"{NS}/acme/scripts/site/secrets-bulk",
        content=json.dumps(
            {"secrets": {"API_KEY": None, "OTHER": {"type": "secret_text", "text": "x-value"}}}
        ),
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert ok(bulk) == {"OTHER": {"name": "OTHER", "type": "secret_text"}}
    assert ok(await c.delete(f"{NS}/acme/scripts/site/secrets/OTHER")) is None
    # 13 bindings, 20-21 settings
    assert ok(await c.get(f"{NS}/acme/scripts/site/bindings")) == [
        {"type": "plain_text", "name": "GREETING", "text": "hello"}
    ]
    patch = {"logpush": True, "tags": ["prod", "eu"]}
    settings = ok(
        await c.patch(
            f"{NS}/acme/scripts/site/settings",
            files=[("settings", (None, json.dumps(patch).encode(), "application/json"))],
        )
    )
    expected_settings = {
        "bindings": [{"type": "plain_text", "name": "GREETING", "text": "hello"}],
        "compatibility_date": "2025-01-01",
        "compatibility_flags": [],
        "logpush": True,
        "tags": ["prod", "eu"],
        "tail_consumers": [],
    }
    assert settings == expected_settings
    assert ok(await c.get(f"{NS}/acme/scripts/site/settings")) == expected_settings
    # 22-25 tags
    assert ok(await c.put(f"{NS}/acme/scripts/site/tags", json=["a", "b"])) == ["a", "b"]
    assert ok(await c.put(f"{NS}/acme/scripts/site/tags/c")) is None
    assert ok(await c.delete(f"{NS}/acme/scripts/site/tags/a")) is None
    assert ok(await c.get(f"{NS}/acme/scripts/site/tags")) == ["b", "c"]
    # 11 delete one, 8 bulk delete, 6 delete namespace
    assert (await api_upload(c, "other")).status_code == 200
    assert ok(await c.delete(f"{NS}/acme/scripts/site", params={"force": "true"})) is None
    assert ok(await c.delete(f"{NS}/acme/scripts", params={"limit": "10"})) == {
        "deleted": [{"id": "other"}],
        "deleted_count": 1,
        "has_more": False,
    }
    assert ok(await c.delete(f"{NS}/acme")) is None
    assert ok(await c.get(NS)) == []


async def api_upload(c: httpx.AsyncClient, name: str) -> httpx.Response:
    files = [
        ("metadata", (None, b'{"main_module": "w.js"}', "application/json")),
        ("w.js", ("w.js", b"export default {}", "application/javascript+module")),
    ]
    return await c.put(f"{NS}/acme/scripts/{name}", files=files)


def _parse(response: httpx.Response) -> list[tuple[str, str | None, bytes]]:
    """Split a multipart answer with the stdlib email parser (an independent implementation)."""
    from email.parser import BytesParser
    from email.policy import HTTP

    raw = b"Content-Type: " + response.headers["content-type"].encode() + b"\r\n\r\n" + response.content
    message = BytesParser(policy=HTTP).parsebytes(raw)
    assert message.is_multipart()
    result = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        result.append(
            (str(part.get_param("name", header="content-disposition")), part.get_content_type(), payload)
        )
    return result
