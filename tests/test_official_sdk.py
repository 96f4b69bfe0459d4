"""The official `cloudflare` package (5.9.0, Stainless-generated) drives the emulator over loopback HTTP.

A client this project did not write: every dispatch-namespace method it has runs against the emulator
served on 127.0.0.1, and each test checks the emulator's resulting state, not only that a call returned.
The package sends modules as parts named ``files`` (content PUT: ``files[]``) with the module's name in
the part's filename, which is how Cloudflare identifies modules.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import cloudflare
import pytest

from wfp_async.emulator import Emulator

ACCOUNT = "emu-account"
NS = "tenants"
JS = "application/javascript+module"
INDEX = (
    b'import { greet } from "./lib.js";\n'
    b"export default { async fetch() { return new Response(greet()); } };\n"
)
LIB = b'export function greet() { return "hello"; }\n'
FIXED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def emu() -> Emulator:
    """A seeded emulator with a frozen clock."""
    return Emulator(seed=11, clock=lambda: FIXED)


@pytest.fixture
def url(emu: Emulator) -> Iterator[str]:
    """The emulator served on 127.0.0.1 for the test."""
    with emu.serve() as base_url:
        yield base_url


@pytest.fixture
async def cf(url: str) -> AsyncIterator[cloudflare.AsyncCloudflare]:
    """The official async client pointed at the emulator (no retries, so every answer is seen as sent)."""
    async with cloudflare.AsyncCloudflare(api_token="emu-token", base_url=url, max_retries=0) as client:
        yield client


def dispatch(cf: cloudflare.AsyncCloudflare):  # type: ignore[no-untyped-def]
    return cf.workers_for_platforms.dispatch.namespaces


async def upload_two(cf: cloudflare.AsyncCloudflare, **metadata: object) -> object:
    """Upload tenant-a with index.js (main) and lib.js, the way the official package sends them."""
    return await dispatch(cf).scripts.update(
        "tenant-a",
        account_id=ACCOUNT,
        dispatch_namespace=NS,
        metadata={"main_module": "index.js", **metadata},  # type: ignore[typeddict-item]
        files=[("index.js", INDEX, JS), ("lib.js", LIB, JS)],
    )


def modules(emu: Emulator, script: str = "tenant-a") -> list[tuple[str, str | None, bytes]]:
    """The emulator's modules of ``script``: (name, content type, bytes)."""
    return [(m.name, m.content_type, m.content) for m in emu.namespaces[NS].scripts[script].modules]


async def test_namespaces_create_list_get_delete(cf: cloudflare.AsyncCloudflare, emu: Emulator) -> None:
    """namespaces.create/list/get/delete work and change the emulator's namespaces as they say."""
    created = await dispatch(cf).create(account_id=ACCOUNT, name=NS)
    assert created is not None
    assert (created.namespace_name, created.script_count, created.trusted_workers) == (NS, 0, False)
    assert created.namespace_id == emu.namespaces[NS].namespace_id
    listed = [ns.namespace_name async for ns in dispatch(cf).list(account_id=ACCOUNT)]
    assert listed == [NS]
    got = await dispatch(cf).get(NS, account_id=ACCOUNT)
    assert got is not None and got.namespace_id == created.namespace_id
    await dispatch(cf).delete(NS, account_id=ACCOUNT)
    assert emu.namespaces == {}
    with pytest.raises(cloudflare.NotFoundError):
        await dispatch(cf).get(NS, account_id=ACCOUNT)


async def test_one_module_upload(cf: cloudflare.AsyncCloudflare, emu: Emulator) -> None:
    """A one-module upload (part 'files', filename index.js) stores the module under its filename."""
    await dispatch(cf).create(account_id=ACCOUNT, name=NS)
    result = await dispatch(cf).scripts.update(
        "tenant-a",
        account_id=ACCOUNT,
        dispatch_namespace=NS,
        metadata={"main_module": "index.js", "compatibility_date": "2025-01-01", "tags": ["free"]},
        files=[("index.js", INDEX, JS)],
    )
    stored = emu.namespaces[NS].scripts["tenant-a"]
    assert (result.id, result.entry_point, result.etag, result.tags) == (
        "tenant-a",
        "index.js",
        stored.etag,
        ["free"],
    )
    assert result.model_extra == {"deployment_id": stored.version_id}
    assert modules(emu) == [("index.js", JS, INDEX)]
    assert (stored.main_module, stored.settings, stored.tags) == (
        "index.js",
        {"compatibility_date": "2025-01-01"},
        ["free"],
    )


async def test_multi_module_upload_get_and_delete(cf: cloudflare.AsyncCloudflare, emu: Emulator) -> None:
    """Two parts named 'files' are two modules; scripts.get reads them back, scripts.delete removes them."""
    await dispatch(cf).create(account_id=ACCOUNT, name=NS)
    await upload_two(cf, bindings=[{"type": "plain_text", "name": "GREETING", "text": "hi"}])
    assert modules(emu) == [("index.js", JS, INDEX), ("lib.js", JS, LIB)]
    assert emu.namespaces[NS].scripts["tenant-a"].bindings == [
        {"type": "plain_text", "name": "GREETING", "text": "hi"}
    ]
    got = await dispatch(cf).scripts.get("tenant-a", account_id=ACCOUNT, dispatch_namespace=NS)
    assert got.dispatch_namespace == NS
    assert got.script is not None and got.script.id == "tenant-a"
    assert got.script.etag == emu.namespaces[NS].scripts["tenant-a"].etag
    await dispatch(cf).scripts.delete("tenant-a", account_id=ACCOUNT, dispatch_namespace=NS, force=True)
    assert emu.namespaces[NS].scripts == {}


async def test_content_update_and_get(cf: cloudflare.AsyncCloudflare, emu: Emulator) -> None:
    """content.update (parts 'files[]') replaces the modules only; content.get answers name = filename."""
    await dispatch(cf).create(account_id=ACCOUNT, name=NS)
    await upload_two(cf, tags=["pro"], bindings=[{"type": "plain_text", "name": "A", "text": "1"}])
    before = emu.namespaces[NS].scripts["tenant-a"].etag
    new_main = b"export default { async fetch() { return new Response('v2'); } };\n"
    updated = await dispatch(cf).scripts.content.update(
        "tenant-a",
        account_id=ACCOUNT,
        dispatch_namespace=NS,
        metadata={"main_module": "main.js"},
        files=[("main.js", new_main, JS)],
    )
    stored = emu.namespaces[NS].scripts["tenant-a"]
    assert updated.etag == stored.etag != before
    assert modules(emu) == [("main.js", JS, new_main)]
    assert (stored.main_module, stored.tags) == ("main.js", ["pro"])
    assert stored.bindings == [{"type": "plain_text", "name": "A", "text": "1"}]

    answer = await dispatch(cf).scripts.content.get("tenant-a", account_id=ACCOUNT, dispatch_namespace=NS)
    raw = await answer.read()
    head = f"Content-Type: {answer.http_response.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    parts = [
        (
            part.get_param("name", header="content-disposition"),
            part.get_filename(),
            part.get_content_type(),
            part.get_payload(decode=True),
        )
        for part in message.iter_parts()
    ]
    assert parts == [("main.js", "main.js", JS, new_main)]
    assert answer.http_response.headers["cf-worker-main-module-part"] == "main.js"


async def test_settings_edit_and_get(cf: cloudflare.AsyncCloudflare, emu: Emulator) -> None:
    """settings.edit (one 'settings' JSON part) changes what it names and keeps the rest."""
    await dispatch(cf).create(account_id=ACCOUNT, name=NS)
    await upload_two(
        cf, compatibility_date="2025-01-01", bindings=[{"type": "plain_text", "name": "A", "text": "1"}]
    )
    edited = await dispatch(cf).scripts.settings.edit(
        "tenant-a",
        account_id=ACCOUNT,
        dispatch_namespace=NS,
        settings={"logpush": True, "tags": ["gold"], "compatibility_flags": ["nodejs_compat"]},
    )
    assert edited is not None
    assert (edited.logpush, edited.tags, edited.compatibility_flags) == (True, ["gold"], ["nodejs_compat"])
    stored = emu.namespaces[NS].scripts["tenant-a"]
    assert stored.tags == ["gold"]
    assert stored.settings == {
        "compatibility_date": "2025-01-01",
        "logpush": True,
        "compatibility_flags": ["nodejs_compat"],
    }
    assert stored.bindings == [{"type": "plain_text", "name": "A", "text": "1"}]
    got = await dispatch(cf).scripts.settings.get("tenant-a", account_id=ACCOUNT, dispatch_namespace=NS)
    assert got is not None and (got.compatibility_date, got.logpush) == ("2025-01-01", True)
    bindings = [
        b
        async for b in dispatch(cf).scripts.bindings.get(
            "tenant-a", account_id=ACCOUNT, dispatch_namespace=NS
        )
    ]
    assert [(b.name, b.type) for b in bindings] == [("A", "plain_text")]


async def test_secrets(cf: cloudflare.AsyncCloudflare, emu: Emulator) -> None:
    """secrets.update/list/get/delete/bulk_update store values the API never shows back."""
    await dispatch(cf).create(account_id=ACCOUNT, name=NS)
    await upload_two(cf)
    scope = {"account_id": ACCOUNT, "dispatch_namespace": NS}
    put = await dispatch(cf).scripts.secrets.update(
        "tenant-a", **scope, name="API_KEY", text="s3cr3t", type="secret_text"
    )
    assert (put.name, put.type) == ("API_KEY", "secret_text")
    assert "s3cr3t" not in put.model_dump_json()
    assert emu.namespaces[NS].scripts["tenant-a"].secrets["API_KEY"]["text"] == "s3cr3t"
    listed = [s.name async for s in dispatch(cf).scripts.secrets.list("tenant-a", **scope)]
    assert listed == ["API_KEY"]
    got = await dispatch(cf).scripts.secrets.get("API_KEY", **scope, script_name="tenant-a")
    assert (got.name, got.type) == ("API_KEY", "secret_text")
    await dispatch(cf).scripts.secrets.bulk_update(
        "tenant-a",
        **scope,
        secrets={"API_KEY": None, "OTHER": {"name": "OTHER", "type": "secret_text", "text": "v"}},
    )
    assert {n: s["text"] for n, s in emu.namespaces[NS].scripts["tenant-a"].secrets.items()} == {"OTHER": "v"}
    await dispatch(cf).scripts.secrets.delete("OTHER", **scope, script_name="tenant-a")
    assert emu.namespaces[NS].scripts["tenant-a"].secrets == {}


async def test_tags(cf: cloudflare.AsyncCloudflare, emu: Emulator) -> None:
    """tags.update/list/delete change the script's tags; a re-upload without tags keeps them."""
    await dispatch(cf).create(account_id=ACCOUNT, name=NS)
    await upload_two(cf)
    scope = {"account_id": ACCOUNT, "dispatch_namespace": NS}
    put = [t async for t in dispatch(cf).scripts.tags.update("tenant-a", **scope, body=["a", "b"])]
    assert put == ["a", "b"]
    await dispatch(cf).scripts.tags.delete("a", **scope, script_name="tenant-a")
    assert [t async for t in dispatch(cf).scripts.tags.list("tenant-a", **scope)] == ["b"]
    await upload_two(cf)
    assert emu.namespaces[NS].scripts["tenant-a"].tags == ["b"]


async def test_assets_session_upload_and_script(
    cf: cloudflare.AsyncCloudflare, emu: Emulator, url: str
) -> None:
    """asset_upload.create, workers.assets.upload.create (session jwt) and an upload with the completion."""
    await dispatch(cf).create(account_id=ACCOUNT, name=NS)
    file_hash = "0123456789abcdef0123456789abcdef"
    session = await dispatch(cf).scripts.asset_upload.create(
        "tenant-a",
        account_id=ACCOUNT,
        dispatch_namespace=NS,
        manifest={"/index.html": {"hash": file_hash, "size": 5}},
    )
    assert session is not None and session.buckets == [[file_hash]] and session.jwt
    async with cloudflare.AsyncCloudflare(api_token=session.jwt, base_url=url, max_retries=0) as uploader:
        done = await uploader.workers.assets.upload.create(
            account_id=ACCOUNT, base64=True, body={file_hash: base64.b64encode(b"<h1>").decode()}
        )
    assert done is not None and done.jwt
    await upload_two(cf, assets={"jwt": done.jwt, "config": {"html_handling": "none"}})
    stored = emu.namespaces[NS].scripts["tenant-a"]
    assert (stored.assets, stored.assets_config) == ({"/index.html": file_hash}, {"html_handling": "none"})
    assert emu.account.asset_files[file_hash].content == b"<h1>"


async def test_refusals_are_cloudflare_errors(cf: cloudflare.AsyncCloudflare, emu: Emulator) -> None:
    """What Cloudflare refuses the official client sees refused: a missing main module, two same names."""
    await dispatch(cf).create(account_id=ACCOUNT, name=NS)
    scope = {"account_id": ACCOUNT, "dispatch_namespace": NS}
    with pytest.raises(cloudflare.BadRequestError) as missing:
        await dispatch(cf).scripts.update(
            "tenant-a", **scope, metadata={"main_module": "main.js"}, files=[("index.js", INDEX, JS)]
        )
    assert missing.value.body == {
        "success": False,
        "errors": [{"code": 10021, "message": "Main module name is not present in bundle."}],
        "messages": [],
        "result": None,
    }
    with pytest.raises(cloudflare.BadRequestError) as twice:
        await dispatch(cf).scripts.update(
            "tenant-a",
            **scope,
            metadata={"main_module": "index.js"},
            files=[("index.js", INDEX, JS), ("index.js", LIB, JS)],
        )
    assert twice.value.body["errors"] == [
        {"code": 10021, "message": "More than one module is named 'index.js'."}
    ]  # type: ignore[index]
    assert emu.namespaces[NS].scripts == {}
