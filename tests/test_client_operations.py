"""All 27 operations through WfpClient: the exact request each sends and the exact result it parses."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import attrs
import blake3
import httpx
import pytest

from wfp_async import (
    NO_RETRY,
    AssetsUpload,
    InvalidInput,
    InvalidResponse,
    KVNamespace,
    Module,
    Namespace,
    PlainText,
    RawBinding,
    Script,
    ScriptContent,
    ScriptInfo,
    Secret,
    SecretKey,
    SecretText,
    Service,
    Settings,
    UploadOptions,
    WfpClient,
    WorkerBundle,
)
from wfp_async._metadata import options_metadata

from mock_api import Api, ok
from multipart_oracle import OraclePart, parse_multipart

BASE_URL = "https://api.example.test/client/v4"
TOKEN = "tok-OPS-9f8e7d6c5b4a3210"
NS = "/client/v4/accounts/ACC/workers/dispatch/namespaces"
SCRIPT = f"{NS}/tenants/scripts/acme"
ASSETS_UPLOAD = "/client/v4/accounts/ACC/workers/assets/upload"
NO_BODY = object()


def path_of(request: httpx.Request) -> str:
    """The path as it went on the wire (percent-escapes kept)."""
    return request.url.raw_path.decode().partition("?")[0]


def check(
    request: httpx.Request,
    method: str,
    path: str,
    params: list[tuple[str, str]] | None = None,
    *,
    json_body: object = NO_BODY,
    content_type: str | None = None,
) -> None:
    """Assert method, host, wire path, query items, bearer auth, content type and JSON body exactly."""
    assert (request.method, request.url.host, path_of(request)) == (method, "api.example.test", path)
    assert request.url.params.multi_items() == (params or [])
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert "x-auth-key" not in request.headers and "x-auth-email" not in request.headers
    if json_body is NO_BODY:
        assert request.content == b""
        assert "content-type" not in request.headers
    else:
        assert request.headers["content-type"] == (content_type or "application/json")
        assert json.loads(request.content) == json_body


def parts_of(request: httpx.Request) -> list[OraclePart]:
    """The multipart parts of a request, read by the independent parser."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    return parse_multipart(request.content, content_type)


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
async def cf(api: Api) -> AsyncIterator[WfpClient]:
    transport = httpx.MockTransport(api)
    async with WfpClient(
        account_id="ACC", api_token=TOKEN, base_url=BASE_URL, transport=transport, retry=NO_RETRY
    ) as client:
        yield client


# Answers shaped like the spec's schemas, and the values they must parse to.

NAMESPACE_JSON = {
    "namespace_id": "6f5c4a1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b",
    "namespace_name": "tenants",
    "script_count": 3,
    "trusted_workers": False,
    "created_on": "2024-08-06T10:15:30.123456Z",
    "created_by": "4e599df4216133509abaac54b109a647",
    "modified_on": "2024-09-01T08:00:00Z",
    "modified_by": "4e599df4216133509abaac54b109a647",
}
NAMESPACE = Namespace(
    id="6f5c4a1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b",
    name="tenants",
    script_count=3,
    trusted_workers=False,
    created_on=datetime(2024, 8, 6, 10, 15, 30, 123456, tzinfo=UTC),
    created_by="4e599df4216133509abaac54b109a647",
    modified_on=datetime(2024, 9, 1, 8, 0, tzinfo=UTC),
    modified_by="4e599df4216133509abaac54b109a647",
)
STAGING_JSON = {"namespace_id": "0a1b2c3d-0000-4000-8000-000000000001", "namespace_name": "staging"}
STAGING = Namespace(id="0a1b2c3d-0000-4000-8000-000000000001", name="staging")

SCRIPT_JSON = {
    "id": "acme",
    "etag": "ea95132c15732412d22c1476fa83f27a",
    "created_on": "2024-08-06T10:20:00Z",
    "modified_on": "2024-08-07T11:00:00Z",
    "compatibility_date": "2024-08-01",
    "compatibility_flags": ["nodejs_compat"],
    "handlers": ["fetch", "scheduled"],
    "has_assets": False,
    "has_modules": True,
    "logpush": False,
    "placement_mode": "smart",
    "tags": ["plan-pro", "customer-42"],
    "usage_model": "standard",
}
SCRIPT_OBJ = Script(
    name="acme",
    etag="ea95132c15732412d22c1476fa83f27a",
    created_on=datetime(2024, 8, 6, 10, 20, tzinfo=UTC),
    modified_on=datetime(2024, 8, 7, 11, 0, tzinfo=UTC),
    tags=("plan-pro", "customer-42"),
    has_modules=True,
    has_assets=False,
    compatibility_date="2024-08-01",
    compatibility_flags=("nodejs_compat",),
    handlers=("fetch", "scheduled"),
    usage_model="standard",
    logpush=False,
    placement_mode="smart",
)
DETAILS_JSON = {
    "created_on": "2024-08-06T10:20:00Z",
    "modified_on": "2024-08-07T11:00:00Z",
    "dispatch_namespace": "tenants",
    "script": SCRIPT_JSON,
}
DETAILS = ScriptInfo(
    namespace="tenants",
    script=SCRIPT_OBJ,
    created_on=datetime(2024, 8, 6, 10, 20, tzinfo=UTC),
    modified_on=datetime(2024, 8, 7, 11, 0, tzinfo=UTC),
)
UPLOADED_JSON = {**SCRIPT_JSON, "entry_point": "index.js", "startup_time_ms": 12}
UPLOADED = attrs.evolve(SCRIPT_OBJ, entry_point="index.js", startup_time_ms=12)

# Namespaces (operations 1-6).


async def test_namespaces_list(api: Api, cf: WfpClient) -> None:
    """namespace-worker-list: GET the collection without query; every namespace parsed exactly."""
    api.then(ok([NAMESPACE_JSON, STAGING_JSON]))

    assert await cf.namespaces.list() == [NAMESPACE, STAGING]
    check(api.request, "GET", NS)


async def test_namespaces_get(api: Api, cf: WfpClient) -> None:
    """namespace-worker-get-namespace: GET /{ns} parses the namespace."""
    api.then(ok(NAMESPACE_JSON))

    assert await cf.namespaces.get("tenants") == NAMESPACE
    check(api.request, "GET", f"{NS}/tenants")


@pytest.mark.parametrize(
    ("name", "wire"),
    [
        ("a?b", "a%3Fb"),
        ("a#b", "a%23b"),
        ("a b", "a%20b"),
        ("ünï", "%C3%BCn%C3%AF"),
        ("...", "..."),
        ("a%2Fb", "a%252Fb"),
    ],
)
async def test_namespace_names_travel_as_one_escaped_segment(
    api: Api, cf: WfpClient, name: str, wire: str
) -> None:
    """'?', '#', spaces, non-ASCII and '%' in a namespace name are escaped, so the path keeps its shape."""
    api.then(ok(NAMESPACE_JSON))

    await cf.namespaces.get(name)
    check(api.request, "GET", f"{NS}/{wire}")


@pytest.mark.parametrize(("name", "body"), [("tenants", {"name": "tenants"}), (None, {})])
async def test_namespaces_create(api: Api, cf: WfpClient, name: str | None, body: object) -> None:
    """namespace-worker-create: POST {name} (or {} to let Cloudflare name it) as JSON."""
    api.then(ok(NAMESPACE_JSON))

    assert await cf.namespaces.create(name) == NAMESPACE
    check(api.request, "POST", NS, json_body=body)


@pytest.mark.parametrize(
    ("kwargs", "body"),
    [
        ({"trusted_workers": True}, {"trusted_workers": True}),
        ({"new_name": "tenants-v2"}, {"name": "tenants-v2"}),
        (
            {"new_name": "tenants-v2", "trusted_workers": False},
            {"name": "tenants-v2", "trusted_workers": False},
        ),
    ],
)
async def test_namespaces_update_sends_only_given_fields(
    api: Api, cf: WfpClient, kwargs: dict[str, Any], body: object
) -> None:
    """namespace-worker-patch-namespace: PATCH carries only the fields that were given."""
    api.then(ok(NAMESPACE_JSON))

    assert await cf.namespaces.patch("tenants", **kwargs) == NAMESPACE
    check(api.request, "PATCH", f"{NS}/tenants", json_body=body)


@pytest.mark.parametrize(
    ("kwargs", "body"),
    [
        ({}, {"name": "tenants", "trusted_workers": False}),
        ({"trusted_workers": True}, {"name": "tenants", "trusted_workers": True}),
        ({"new_name": "tenants-v2"}, {"name": "tenants-v2", "trusted_workers": False}),
    ],
)
async def test_namespaces_replace_sends_every_field(
    api: Api, cf: WfpClient, kwargs: dict[str, Any], body: object
) -> None:
    """namespace-worker-put-namespace: PUT always carries name and trusted_workers."""
    api.then(ok(NAMESPACE_JSON))

    assert await cf.namespaces.put("tenants", **kwargs) == NAMESPACE
    check(api.request, "PUT", f"{NS}/tenants", json_body=body)


async def test_namespaces_delete(api: Api, cf: WfpClient) -> None:
    """namespace-worker-delete-namespace: DELETE /{ns}, no body; the null result gives None."""
    api.then(ok(None))

    await cf.namespaces.delete("tenants")  # returns None (typed so)
    check(api.request, "DELETE", f"{NS}/tenants")


async def test_key_auth_sends_email_and_key_not_bearer(api: Api) -> None:
    """With api_email + api_key the request carries X-Auth-Email / X-Auth-Key and no Authorization."""
    api.then(ok(NAMESPACE_JSON))
    async with WfpClient(
        account_id="ACC",
        api_email="ops@example.com",
        api_key="c2547eb745079dac9320b638f5e225cf483cc",
        base_url=BASE_URL,
        transport=httpx.MockTransport(api),
    ) as cf:
        assert await cf.namespaces.get("tenants") == NAMESPACE

    headers = api.request.headers
    assert (headers["x-auth-email"], headers["x-auth-key"]) == (
        "ops@example.com",
        "c2547eb745079dac9320b638f5e225cf483cc",
    )
    assert "authorization" not in headers


# Scripts (operations 7-11).


@pytest.mark.parametrize(
    ("kwargs", "params"),
    [
        ({}, []),
        ({"tags": ["plan-pro"]}, [("tags", "plan-pro:yes")]),
        ({"tags": ["plan-pro"], "exclude_tags": ["legacy"]}, [("tags", "plan-pro:yes,legacy:no")]),
        ({"exclude_tags": ["legacy", "legacy"]}, [("tags", "legacy:no")]),
    ],
)
async def test_scripts_list_with_tag_filter(
    api: Api, cf: WfpClient, kwargs: dict[str, Any], params: list[tuple[str, str]]
) -> None:
    """namespace-worker-list-scripts: GET /{ns}/scripts with the tags filter as yes/no pairs."""
    api.then(ok([DETAILS_JSON]))

    assert await cf.scripts.list("tenants", **kwargs) == [DETAILS]
    check(api.request, "GET", f"{NS}/tenants/scripts", params)


async def test_scripts_get(api: Api, cf: WfpClient) -> None:
    """namespace-worker-script-worker-details: GET …/S parses namespace, dates and the script."""
    api.then(ok(DETAILS_JSON))

    assert await cf.scripts.get("tenants", "acme") == DETAILS
    check(api.request, "GET", SCRIPT)


async def test_scripts_upload_es_module_bundle(api: Api, cf: WfpClient) -> None:
    """namespace-worker-script-upload-worker-module: PUT multipart, metadata first, one part per module."""
    api.then(ok(UPLOADED_JSON))
    bundle = WorkerBundle(
        (
            Module.from_text("index.js", 'import { greet } from "./lib/greet.js";\nexport default {};\n'),
            Module.from_text("lib/greet.js", "export const greet = () => 'hi';\r\n--boundary?\r\n"),
            Module.from_bytes("add.wasm", b"\x00asm\x01\x00\x00\x00"),
            Module.from_text("data.txt", "plain data"),
        ),
        main_module="index.js",
    )
    options = UploadOptions(
        compatibility_date="2024-08-01",
        compatibility_flags=["nodejs_compat"],
        bindings=[
            PlainText("GREETING", "hello"),
            KVNamespace("CACHE", "0f2ac74b498b48028cb68387c421e279"),
            Service("AUTH", "auth-worker", entrypoint="Verifier"),
            RawBinding({"name": "DB", "type": "hyperdrive", "id": "a76a99bc342644deb02c38d66082262a"}),
        ],
        tags=["plan-pro", "customer-42"],
        logpush=True,
        observability={"enabled": True, "head_sampling_rate": 0.1},
        limits={"cpu_ms": 50},
    )

    result = await cf.scripts.put("tenants", "acme", bundle, options=options, strict_inherit=True)

    assert result == UPLOADED
    request = api.request
    assert (request.method, path_of(request)) == ("PUT", SCRIPT)
    assert request.url.params.multi_items() == [("bindings_inherit", "strict")]
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    (meta_name, meta_filename, meta_type, meta_bytes), *modules = parts_of(request)
    assert (meta_name, meta_filename, meta_type) == ("metadata", None, "application/json")
    assert json.loads(meta_bytes) == {
        "main_module": "index.js",
        "compatibility_date": "2024-08-01",
        "compatibility_flags": ["nodejs_compat"],
        "bindings": [
            {"name": "GREETING", "type": "plain_text", "text": "hello"},
            {"name": "CACHE", "type": "kv_namespace", "namespace_id": "0f2ac74b498b48028cb68387c421e279"},
            {"name": "AUTH", "type": "service", "service": "auth-worker", "entrypoint": "Verifier"},
            {"name": "DB", "type": "hyperdrive", "id": "a76a99bc342644deb02c38d66082262a"},
        ],
        "tags": ["plan-pro", "customer-42"],
        "observability": {"enabled": True, "head_sampling_rate": 0.1},
        "limits": {"cpu_ms": 50},
        "logpush": True,
    }
    assert modules == [
        (
            "index.js",
            "index.js",
            "application/javascript+module",
            b'import { greet } from "./lib/greet.js";\nexport default {};\n',
        ),
        (
            "lib/greet.js",
            "lib/greet.js",
            "application/javascript+module",
            b"export const greet = () => 'hi';\r\n--boundary?\r\n",
        ),
        ("add.wasm", "add.wasm", "application/wasm", b"\x00asm\x01\x00\x00\x00"),
        ("data.txt", "data.txt", "text/plain", b"plain data"),
    ]


async def test_scripts_upload_service_worker_bundle(api: Api, cf: WfpClient) -> None:
    """A service-worker bundle sends metadata {body_part} and its one application/javascript part."""
    api.then(ok(UPLOADED_JSON))
    source = "addEventListener('fetch', e => e.respondWith(new Response('ok')));"

    assert await cf.scripts.put("tenants", "acme", WorkerBundle.service_worker(source)) == UPLOADED

    request = api.request
    assert (request.method, path_of(request), request.url.params.multi_items()) == ("PUT", SCRIPT, [])
    assert parts_of(request) == [
        ("metadata", None, "application/json", b'{"body_part":"worker.js"}'),
        ("worker.js", "worker.js", "application/javascript", source.encode()),
    ]


@pytest.mark.parametrize(("force", "params"), [(False, []), (True, [("force", "true")])])
async def test_scripts_delete(api: Api, cf: WfpClient, force: bool, params: list[tuple[str, str]]) -> None:
    """namespace-worker-script-delete-worker: DELETE …/S, force=true only when asked."""
    api.then(httpx.Response(200))

    await cf.scripts.delete("tenants", "acme", force=force)  # returns None (typed so)
    check(api.request, "DELETE", SCRIPT, params)


def deleted(ids: list[str], has_more: bool) -> httpx.Response:
    return ok({"deleted": [{"id": i} for i in ids], "deleted_count": len(ids), "has_more": has_more})


@pytest.mark.parametrize(
    ("kwargs", "params"),
    [
        ({"tags": ["customer-42"], "limit": 2}, [("tags", "customer-42:yes"), ("limit", "2")]),
        ({"exclude_tags": ["keep"]}, [("tags", "keep:no")]),
        ({"everything": True}, []),
    ],
)
async def test_scripts_delete_by_tags_follows_has_more(
    api: Api, cf: WfpClient, kwargs: dict[str, Any], params: list[tuple[str, str]]
) -> None:
    """namespace-worker-delete-scripts: repeats the same DELETE while has_more, returning every id."""
    api.then(deleted(["a1", "a2"], True), deleted(["b1", "b2"], True), deleted(["c1"], False))

    assert await cf.scripts.delete_by_tags("tenants", **kwargs) == ["a1", "a2", "b1", "b2", "c1"]
    assert len(api.requests) == 3
    for request in api.requests:
        check(request, "DELETE", f"{NS}/tenants/scripts", params)


async def test_scripts_delete_by_tags_needs_a_filter_or_everything(api: Api, cf: WfpClient) -> None:
    """Without a tag filter and without everything=True nothing is sent."""
    with pytest.raises(InvalidInput, match="everything=True"):
        await cf.scripts.delete_by_tags("tenants")
    assert api.requests == []


# Content (operations 14-15).

CONTENT_BOUNDARY = "----cfWorkerContent7d1f"
CONTENT_BODY = (
    f"--{CONTENT_BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="index.js"; filename="index.js"\r\n'
    "Content-Type: application/javascript+module\r\n\r\n"
    "export default { fetch() { return new Response('hi'); } };\r\n"
    f"--{CONTENT_BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="lib/util.js"; filename="lib/util.js"\r\n'
    "Content-Type: application/javascript+module; charset=utf-8\r\n\r\n"
    "export const x = 1;\r\n"
    f"--{CONTENT_BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="add.wasm"; filename="add.wasm"\r\n'
    "Content-Type: application/wasm\r\n\r\n"
    "\x00asm\x01\x00\x00\x00\r\n"
    f"--{CONTENT_BOUNDARY}--\r\n"
).encode("latin-1")


async def test_content_get_multipart_answer(api: Api, cf: WfpClient) -> None:
    """namespace-worker-get-script-content: a multipart answer gives every module and the main module."""
    api.then(
        httpx.Response(
            200,
            content=CONTENT_BODY,
            headers={
                "Content-Type": f"multipart/form-data; boundary={CONTENT_BOUNDARY}",
                "CF-Worker-Main-Module-Part": "index.js",
            },
        )
    )

    assert await cf.content.get("tenants", "acme") == ScriptContent(
        modules=(
            Module(
                "index.js",
                b"export default { fetch() { return new Response('hi'); } };",
                "application/javascript+module",
            ),
            Module("lib/util.js", b"export const x = 1;", "application/javascript+module"),
            Module("add.wasm", b"\x00asm\x01\x00\x00\x00", "application/wasm"),
        ),
        main_module="index.js",
    )
    check(api.request, "GET", f"{SCRIPT}/content")


@pytest.mark.parametrize(
    ("headers", "name", "body_part"),
    [
        ({"Content-Type": "application/javascript"}, "worker.js", None),
        (
            {"Content-Type": "application/javascript", "CF-Worker-Body-Part": "script.js"},
            "script.js",
            "script.js",
        ),
    ],
)
async def test_content_get_raw_answer(
    api: Api, cf: WfpClient, headers: dict[str, str], name: str, body_part: str | None
) -> None:
    """A raw (service-worker) answer is one module, named by CF-Worker-Body-Part or worker.js."""
    source = b"addEventListener('fetch', () => {});"
    api.then(httpx.Response(200, content=source, headers=headers))

    assert await cf.content.get("tenants", "acme") == ScriptContent(
        modules=(Module(name, source, "application/javascript"),), body_part=body_part
    )
    check(api.request, "GET", f"{SCRIPT}/content")


async def test_content_put_es_modules(api: Api, cf: WfpClient) -> None:
    """namespace-worker-put-script-content: CF-WORKER-MAIN-MODULE-PART header, metadata part, module parts."""
    api.then(ok(SCRIPT_JSON))
    bundle = WorkerBundle.es_module(
        "export default {};", Module.from_text("lib/util.js", "export const x = 1;")
    )

    assert await cf.content.put("tenants", "acme", bundle) == SCRIPT_OBJ

    request = api.request
    assert (request.method, path_of(request), request.url.params.multi_items()) == (
        "PUT",
        f"{SCRIPT}/content",
        [],
    )
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["cf-worker-main-module-part"] == "index.js"
    assert "cf-worker-body-part" not in request.headers
    assert parts_of(request) == [
        ("metadata", None, "application/json", b'{"main_module":"index.js"}'),
        ("index.js", "index.js", "application/javascript+module", b"export default {};"),
        ("lib/util.js", "lib/util.js", "application/javascript+module", b"export const x = 1;"),
    ]


async def test_content_put_service_worker(api: Api, cf: WfpClient) -> None:
    """A service-worker content PUT names its entry in CF-WORKER-BODY-PART and metadata.body_part."""
    api.then(ok(SCRIPT_JSON))

    assert await cf.content.put("tenants", "acme", WorkerBundle.service_worker(b"// sw")) == SCRIPT_OBJ

    request = api.request
    assert request.headers["cf-worker-body-part"] == "worker.js"
    assert "cf-worker-main-module-part" not in request.headers
    assert parts_of(request) == [
        ("metadata", None, "application/json", b'{"body_part":"worker.js"}'),
        ("worker.js", "worker.js", "application/javascript", b"// sw"),
    ]


# Bindings (operation 13).


async def test_bindings_get_keeps_known_and_unknown_types(api: Api, cf: WfpClient) -> None:
    """namespace-worker-get-script-bindings: known types typed, unknown or extended ones kept raw."""
    hyperdrive = {"name": "DB", "type": "hyperdrive", "id": "a76a99bc342644deb02c38d66082262a"}
    future = {"name": "NEW", "type": "quantum_link", "entanglement": {"pairs": 2}}
    kv_with_extra = {"name": "KV2", "type": "kv_namespace", "namespace_id": "ns2", "preview_id": "p2"}
    api.then(
        ok(
            [
                {"name": "GREETING", "type": "plain_text", "text": "hello"},
                {"name": "CACHE", "type": "kv_namespace", "namespace_id": "0f2ac74b498b48028cb68387c421e279"},
                {"name": "API_KEY", "type": "secret_text"},
                hyperdrive,
                future,
                kv_with_extra,
            ]
        )
    )

    assert await cf.bindings.list("tenants", "acme") == [
        PlainText("GREETING", "hello"),
        KVNamespace("CACHE", "0f2ac74b498b48028cb68387c421e279"),
        RawBinding({"name": "API_KEY", "type": "secret_text"}),
        RawBinding(hyperdrive),
        RawBinding(future),
        RawBinding(kv_with_extra),
    ]
    check(api.request, "GET", f"{SCRIPT}/bindings")


# Secrets (operations 16-19, 26).

SECRET_KEY_JSON = {
    "name": "SIGNING_KEY",
    "type": "secret_key",
    "format": "raw",
    "algorithm": {"name": "HMAC", "hash": "SHA-256"},
    "usages": ["sign", "verify"],
}
SIGNING_KEY = Secret(
    name="SIGNING_KEY",
    type="secret_key",
    extra={"format": "raw", "algorithm": {"name": "HMAC", "hash": "SHA-256"}, "usages": ["sign", "verify"]},
)
API_KEY = Secret(name="API_KEY", type="secret_text")


async def test_secrets_list(api: Api, cf: WfpClient) -> None:
    """namespace-worker-list-script-secrets: names and types, values never there."""
    api.then(ok([{"name": "API_KEY", "type": "secret_text"}, SECRET_KEY_JSON]))

    assert await cf.secrets.list("tenants", "acme") == [API_KEY, SIGNING_KEY]
    check(api.request, "GET", f"{SCRIPT}/secrets")


@pytest.mark.parametrize(
    ("name", "wire", "params"),
    [
        ("API_KEY", "API_KEY", []),
        ("my secret", "my%2520secret", [("url_encoded", "true")]),
        ("a/b", "a%252Fb", [("url_encoded", "true")]),
        ("..", "%252E%252E", [("url_encoded", "true")]),
    ],
)
async def test_secrets_get(
    api: Api, cf: WfpClient, name: str, wire: str, params: list[tuple[str, str]]
) -> None:
    """namespace-worker-get-script-secrets: odd names go percent-encoded twice, with url_encoded=true."""
    api.then(ok({"name": name, "type": "secret_text"}))

    assert await cf.secrets.get("tenants", "acme", name) == Secret(name=name, type="secret_text")
    check(api.request, "GET", f"{SCRIPT}/secrets/{wire}", params)


@pytest.mark.parametrize(
    ("name", "wire", "params"),
    [("API_KEY", "API_KEY", []), ("my secret", "my%2520secret", [("url_encoded", "true")])],
)
async def test_secrets_delete(
    api: Api, cf: WfpClient, name: str, wire: str, params: list[tuple[str, str]]
) -> None:
    """namespace-worker-delete-script-secret: DELETE …/secrets/{name}, url_encoded when needed."""
    api.then(ok(None))

    await cf.secrets.delete("tenants", "acme", name)  # returns None (typed so)
    check(api.request, "DELETE", f"{SCRIPT}/secrets/{wire}", params)


@pytest.mark.parametrize(
    ("secret", "body", "answer", "expected"),
    [
        (
            SecretText("API_KEY", text="sk_live_51H8"),
            {"name": "API_KEY", "type": "secret_text", "text": "sk_live_51H8"},
            {"name": "API_KEY", "type": "secret_text"},
            API_KEY,
        ),
        (
            SecretKey(
                "SIGNING_KEY",
                format="raw",
                algorithm={"name": "HMAC", "hash": "SHA-256"},
                usages=["sign", "verify"],
                key_base64="c2VjcmV0LWtleS1ieXRlcw==",
            ),
            {**SECRET_KEY_JSON, "key_base64": "c2VjcmV0LWtleS1ieXRlcw=="},
            SECRET_KEY_JSON,
            SIGNING_KEY,
        ),
    ],
)
async def test_secrets_put(
    api: Api, cf: WfpClient, secret: SecretText | SecretKey, body: object, answer: object, expected: Secret
) -> None:
    """namespace-worker-put-script-secrets: PUT the secret JSON; the answer (no value) is parsed."""
    api.then(ok(answer))

    assert await cf.secrets.put("tenants", "acme", secret) == expected
    check(api.request, "PUT", f"{SCRIPT}/secrets", json_body=body)


async def test_secrets_put_text_shorthand(api: Api, cf: WfpClient) -> None:
    """put_text(name, text) sends the same secret_text body as put(SecretText(...))."""
    api.then(ok({"name": "API_KEY", "type": "secret_text"}))

    assert await cf.secrets.put_text("tenants", "acme", "API_KEY", text="v") == API_KEY
    check(
        api.request,
        "PUT",
        f"{SCRIPT}/secrets",
        json_body={"name": "API_KEY", "type": "secret_text", "text": "v"},
    )


async def test_secrets_patch_merge_patch(api: Api, cf: WfpClient) -> None:
    """namespace-worker-patch-script-secrets-bulk: merge-patch JSON where null deletes; map parsed."""
    api.then(ok({"API_KEY": {"name": "API_KEY", "type": "secret_text"}, "SIGNING_KEY": SECRET_KEY_JSON}))

    result = await cf.secrets.patch(
        "tenants",
        "acme",
        {"API_KEY": "rotated-value", "OLD_TOKEN": None, "DB_PASS": SecretText("DB_PASS", text="pw")},
    )

    assert result == {"API_KEY": API_KEY, "SIGNING_KEY": SIGNING_KEY}
    check(
        api.request,
        "PATCH",
        f"{SCRIPT}/secrets-bulk",
        json_body={
            "secrets": {
                "API_KEY": {"name": "API_KEY", "type": "secret_text", "text": "rotated-value"},
                "OLD_TOKEN": None,
                "DB_PASS": {"name": "DB_PASS", "type": "secret_text", "text": "pw"},
            }
        },
        content_type="application/merge-patch+json",
    )


# Settings (operations 20-21).

SETTINGS_JSON = {
    "bindings": [
        {"name": "GREETING", "type": "plain_text", "text": "hello"},
        {"name": "DB", "type": "hyperdrive", "id": "a76a99bc342644deb02c38d66082262a"},
    ],
    "compatibility_date": "2024-08-01",
    "compatibility_flags": ["nodejs_compat"],
    "limits": {"cpu_ms": 50},
    "logpush": True,
    "observability": {"enabled": True, "head_sampling_rate": 0.1},
    "placement": {"mode": "smart"},
    "tags": ["plan-pro"],
    "tail_consumers": [{"service": "tail-logger", "environment": "production"}],
    "usage_model": "standard",
}
SETTINGS = Settings(
    bindings=(
        PlainText("GREETING", "hello"),
        RawBinding({"name": "DB", "type": "hyperdrive", "id": "a76a99bc342644deb02c38d66082262a"}),
    ),
    compatibility_date="2024-08-01",
    compatibility_flags=("nodejs_compat",),
    tags=("plan-pro",),
    usage_model="standard",
    logpush=True,
    limits={"cpu_ms": 50},
    observability={"enabled": True, "head_sampling_rate": 0.1},
    placement={"mode": "smart"},
    tail_consumers=({"service": "tail-logger", "environment": "production"},),
)


async def test_settings_get(api: Api, cf: WfpClient) -> None:
    """namespace-worker-get-script-settings: every settings field parsed, bindings typed or raw."""
    api.then(ok(SETTINGS_JSON))

    assert await cf.settings.get("tenants", "acme") == SETTINGS
    check(api.request, "GET", f"{SCRIPT}/settings")


@pytest.mark.parametrize(
    ("kwargs", "sent"),
    [
        ({"logpush": True}, {"logpush": True}),
        (
            {"compatibility_date": "2024-09-01", "tags": ["plan-pro", "beta"]},
            {"compatibility_date": "2024-09-01", "tags": ["plan-pro", "beta"]},
        ),
        (
            {"bindings": [PlainText("GREETING", "hi")], "observability": {"enabled": False}},
            {
                "bindings": [{"name": "GREETING", "type": "plain_text", "text": "hi"}],
                "observability": {"enabled": False},
            },
        ),
    ],
)
async def test_settings_patch_sends_one_settings_part(
    api: Api, cf: WfpClient, kwargs: dict[str, Any], sent: object
) -> None:
    """namespace-worker-patch-script-settings: one `settings` JSON part with only the given fields."""
    api.then(ok(SETTINGS_JSON))

    assert await cf.settings.patch("tenants", "acme", **kwargs) == SETTINGS

    request = api.request
    assert (request.method, path_of(request), request.url.params.multi_items()) == (
        "PATCH",
        f"{SCRIPT}/settings",
        [],
    )
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    [(name, filename, content_type, content)] = parts_of(request)
    assert (name, filename, content_type) == ("settings", None, "application/json")
    assert json.loads(content) == sent


# Tags (operations 22-25).


async def test_tags_list(api: Api, cf: WfpClient) -> None:
    """namespace-worker-get-script-tags: GET …/tags gives the list of tags."""
    api.then(ok(["plan-pro", "customer-42"]))

    assert await cf.tags.list("tenants", "acme") == ["plan-pro", "customer-42"]
    check(api.request, "GET", f"{SCRIPT}/tags")


async def test_tags_put(api: Api, cf: WfpClient) -> None:
    """namespace-worker-put-script-tags: PUT the JSON list, duplicates dropped, order kept."""
    api.then(ok(["plan-pro", "customer-42"]))

    assert await cf.tags.put("tenants", "acme", ["plan-pro", "customer-42", "plan-pro"]) == [
        "plan-pro",
        "customer-42",
    ]
    check(api.request, "PUT", f"{SCRIPT}/tags", json_body=["plan-pro", "customer-42"])


@pytest.mark.parametrize(("method", "verb"), [("put_one", "PUT"), ("delete", "DELETE")])
async def test_tags_put_one_and_delete(api: Api, cf: WfpClient, method: str, verb: str) -> None:
    """namespace-worker-put/delete-script-tag: …/tags/{tag} without a body; None returned."""
    api.then(ok(None))

    assert await getattr(cf.tags, method)("tenants", "acme", "beta") is None
    check(api.request, verb, f"{SCRIPT}/tags/beta")


# Assets (operations 12 and 27).

SESSION_JWT = "eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg.SESSION-sig"
COMPLETION_JWT = "eyJhbGciOiJIUzI1NiJ9.ZG9uZQ.COMPLETION-sig"
ASSET_FILES = {
    "/index.html": (b"<!doctype html><h1>Acme</h1>", "text/html; charset=utf-8"),
    "/css/site.css": (b"body { color: #333 }", "text/css; charset=utf-8"),
    "/img/logo.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
}


def wrangler_hash(content: bytes, path: str) -> str:
    """wrangler's convention, computed independently: BLAKE3(base64(content) + extension)[:32]."""
    extension = path.rpartition(".")[2]
    return blake3.blake3(base64.b64encode(content) + extension.encode()).hexdigest()[:32]


HASHES = {path: wrangler_hash(content, path) for path, (content, _) in ASSET_FILES.items()}
MANIFEST = {path: {"hash": HASHES[path], "size": len(content)} for path, (content, _) in ASSET_FILES.items()}


def bucket_answer(total: int) -> Callable[[httpx.Request], httpx.Response]:
    """The assets upload endpoint: 202 for each bucket but the last, whose 201 carries the completion jwt."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok({"jwt": COMPLETION_JWT}, status=201) if len(seen) == total else ok(None, status=202)

    return answer


async def test_assets_upload_sends_buckets_with_the_session_jwt(api: Api, cf: WfpClient) -> None:
    """Session POST with the manifest, then one multipart POST per bucket (session jwt), then the token."""
    buckets = [[HASHES["/index.html"], HASHES["/img/logo.png"]], [HASHES["/css/site.css"]]]
    answer = bucket_answer(2)
    api.then(ok({"jwt": SESSION_JWT, "buckets": buckets}), answer, answer)

    upload = await cf.assets.upload("tenants", "acme", {path: c for path, (c, _) in ASSET_FILES.items()})

    assert upload == AssetsUpload(jwt=COMPLETION_JWT, files=3, uploaded=3)
    session, *bucket_requests = api.requests
    check(
        session,
        "POST",
        f"{SCRIPT}/assets-upload-session",
        json_body={"manifest": {path: MANIFEST[path] for path in sorted(MANIFEST)}},
    )
    by_path = {HASHES[path]: (content, ctype) for path, (content, ctype) in ASSET_FILES.items()}
    sent = []
    for request in bucket_requests:
        assert (request.method, path_of(request)) == ("POST", ASSETS_UPLOAD)
        assert request.url.params.multi_items() == [("base64", "true")]
        assert request.headers["authorization"] == f"Bearer {SESSION_JWT}"
        assert TOKEN not in str(request.headers.raw)
        sent.append([part[0] for part in parts_of(request)])
        for name, filename, content_type, content in parts_of(request):
            assert (filename, content_type, content) == (
                name,
                by_path[name][1],
                base64.b64encode(by_path[name][0]),
            )
    assert sorted(sent) == sorted(buckets)


async def test_assets_upload_with_nothing_to_send_returns_the_session_jwt(api: Api, cf: WfpClient) -> None:
    """When Cloudflare already holds every file (no buckets), no bucket request is made."""
    api.then(ok({"jwt": SESSION_JWT, "buckets": []}))

    upload = await cf.assets.upload("tenants", "acme", {"/index.html": ASSET_FILES["/index.html"][0]})

    assert upload == AssetsUpload(jwt=SESSION_JWT, files=1, uploaded=0)
    assert upload.metadata({"html_handling": "auto-trailing-slash"}) == {
        "jwt": SESSION_JWT,
        "config": {"html_handling": "auto-trailing-slash"},
    }
    check(
        api.request,
        "POST",
        f"{SCRIPT}/assets-upload-session",
        json_body={"manifest": {"/index.html": MANIFEST["/index.html"]}},
    )


async def test_assets_session_naming_an_unknown_hash_raises_before_any_bucket_is_sent(
    api: Api, cf: WfpClient
) -> None:
    """A session whose buckets name a hash no collected file has raises InvalidResponse; no bucket goes."""
    stranger = "0" * 32
    api.then(ok({"jwt": SESSION_JWT, "buckets": [[HASHES["/index.html"], stranger]]}))

    with pytest.raises(InvalidResponse) as caught:
        await cf.assets.upload("tenants", "acme", {"/index.html": ASSET_FILES["/index.html"][0]})

    assert str(caught.value) == (
        "POST /accounts/ACC/workers/dispatch/namespaces/tenants/scripts/acme/assets-upload-session -> 200 "
        "the upload session asked for 1 hash(es) that are not in the manifest"
    )
    check(
        api.request,
        "POST",
        f"{SCRIPT}/assets-upload-session",
        json_body={"manifest": {"/index.html": MANIFEST["/index.html"]}},
    )


async def test_upload_options_are_a_snapshot_nothing_handed_out_changes_a_later_upload(
    api: Api, cf: WfpClient
) -> None:
    """Mutating every value an UploadOptions hands out (and the caller's own dicts) leaves the next
    upload's metadata part byte for byte the same."""
    api.then(ok(UPLOADED_JSON), ok(UPLOADED_JSON))
    bundle = WorkerBundle.es_module(Module.from_text("index.js", "export default {};\n"))
    observability = {"enabled": True, "sampling": [1, 2]}
    extra = {"annotations": {"workers/tag": "v1"}}
    raw = {"name": "DB", "type": "hyperdrive", "id": "h1", "origin": {"host": "db.example"}}
    options = UploadOptions(
        bindings=[PlainText("A", "a"), RawBinding(raw)],
        observability=observability,
        extra=extra,
        tags=["t1"],
    )
    metadata = (
        b'{"main_module":"index.js","bindings":[{"name":"A","type":"plain_text","text":"a"},'
        b'{"name":"DB","type":"hyperdrive","id":"h1","origin":{"host":"db.example"}}],'
        b'"tags":["t1"],"observability":{"enabled":true,"sampling":[1,2]},"annotations":{"workers/tag":"v1"}}'
    )

    await cf.scripts.put("tenants", "acme", bundle, options=options)
    # The caller's own dicts, changed after the options were made.
    observability["enabled"] = False
    extra["annotations"]["workers/tag"] = "v2"  # type: ignore[index]
    raw["origin"]["host"] = "evil.example"  # type: ignore[index]
    # What the options hand out: read-only, or a fresh copy each time.
    with pytest.raises(TypeError):
        options.observability["enabled"] = False  # type: ignore[index]
    with pytest.raises(TypeError):
        options.extra["annotations"]["workers/tag"] = "v3"  # type: ignore[index]
    with pytest.raises(TypeError):
        options.bindings[1].data["origin"]["host"] = "x"  # type: ignore[index,union-attr]
    handed = options_metadata(options)
    handed["bindings"].append({"name": "X", "type": "ai"})  # type: ignore[attr-defined]
    handed["tags"].append("t2")  # type: ignore[attr-defined]
    options.bindings[1].to_dict()["origin"]["host"] = "y"  # type: ignore[index]
    await cf.scripts.put("tenants", "acme", bundle, options=options)

    first, second = api.requests
    assert [parts_of(request)[0] for request in (first, second)] == [
        ("metadata", None, "application/json", metadata)
    ] * 2
