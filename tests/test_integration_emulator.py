"""The facade against the emulator, end to end: every operation, typed errors, retries, pytest fixtures.

Each scenario runs twice (the ``env`` fixture): in-process through ``emu.transport()``, and over real
HTTP on 127.0.0.1 through one uvicorn server per module that forwards to the current test's emulator.
Every client records the requests it sends and the waits its retries would sleep (nothing really sleeps).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from wfp_async import (
    AI,
    D1,
    AuthenticationError,
    Binding,
    Conflict,
    DurableObjectNamespace,
    InvalidInput,
    Json,
    KVNamespace,
    Module,
    Namespace,
    NotFound,
    PlainText,
    Queue,
    R2Bucket,
    RawBinding,
    RetryPolicy,
    Script,
    ScriptContent,
    ScriptInfo,
    Secret,
    SecretText,
    ServerError,
    Service,
    Settings,
    TransportError,
    UploadOptions,
    ValidationError,
    WfpClient,
    WorkerBundle,
)
from wfp_async._multipart import decode_multipart
from wfp_async.emulator import Emulator, FaultConfig
from wfp_async.emulator._server import serve_in_thread

ACCOUNT = "emu-account"
TOKEN = "emu-token"
NS = "tenants"
FIXED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
IN_PROCESS_URL = "http://emulator.test/client/v4"
NS_PATH = f"/client/v4/accounts/{ACCOUNT}/workers/dispatch/namespaces"
ASSETS_PATH = f"/client/v4/accounts/{ACCOUNT}/workers/assets/upload"

GET_NAMESPACE = "namespace-worker-get-namespace"
CREATE_NAMESPACE = "namespace-worker-create"
UPLOAD = "namespace-worker-script-upload-worker-module"

# Module bytes that would inject a second `metadata` part into a multipart body built on `+++`.
INJECTION = (
    b'\r\n--+++\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{"main_module":"x.js"}\r\n--+++--'
)
WASM = b"\x00asm\x01\x00\x00\x00\x01\x07\x01`\x02\x7f\x7f\x01\x7f"
MAIN_JS = (
    "import { greet } from './lib/greet.js';\n"
    "export default { async fetch(request) { return new Response(greet()) } };\n"
)

BINDINGS = (
    PlainText("GREETING", "hello"),
    Json("CONFIG", {"plan": "pro", "limits": [1, 2]}),
    KVNamespace("CACHE", "kv-123"),
    D1("DB", "d1-456"),
    R2Bucket("FILES", "files", jurisdiction="eu"),
    Service("AUTH", "auth-worker", entrypoint="Auth"),
    DurableObjectNamespace("ROOMS", "Room"),
    Queue("JOBS", "jobs"),
    AI("MODEL"),
    RawBinding({"name": "HYPER", "type": "hyperdrive", "id": "hd-1"}),
    SecretText("API_TOKEN", text="s3cr3t-value"),
)
# What the API reports back: every binding as sent, then the secret without its value.
BINDINGS_BACK: list[Binding] = [*BINDINGS[:-1], RawBinding({"name": "API_TOKEN", "type": "secret_text"})]
OPTIONS = UploadOptions(
    compatibility_date="2025-01-01",
    compatibility_flags=["nodejs_compat"],
    bindings=BINDINGS,
    tags=["prod", "eu"],
)


# ---------------------------------------------------------------- harness


class Recorder(httpx.AsyncBaseTransport):
    """A transport that forwards to ``inner`` and records every request and every answer's body."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, sent: list[httpx.Request], bodies: list[bytes]
    ) -> None:
        self.inner = inner
        self.sent = sent
        self.bodies = bodies

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        response = await self.inner.handle_async_request(request)
        self.bodies.append(await response.aread())
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


class Switch:
    """An ASGI app that forwards to the current test's emulator, so one server serves a whole module."""

    target: Emulator | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.target is not None, "no emulator behind the server"
        await self.target(scope, receive, send)


@dataclass
class Env:
    """One test's emulator, how clients reach it, and what those clients sent and would have slept."""

    emu: Emulator
    mode: str
    base_url: str
    sent: list[httpx.Request] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)

    def client(self, *, api_token: str = TOKEN, retry: RetryPolicy | None = None) -> WfpClient:
        """A client on the emulator with a recording transport, a fake sleep and no jitter."""
        inner = self.emu.transport() if self.mode == "in-process" else httpx.AsyncHTTPTransport()

        async def sleep(seconds: float) -> None:
            self.waits.append(seconds)

        return WfpClient(
            account_id=ACCOUNT,
            api_token=api_token,
            base_url=self.base_url,
            transport=Recorder(inner, self.sent, self.bodies),
            retry=retry,
            sleep=sleep,
            rand=lambda: 0.0,
            # The sleep is fake but the clock is real: a limiter would wait out a 429 in real time.
            rate_limit=None,
        )

    def requests(self) -> list[tuple[str, str]]:
        """(method, path below the namespaces URL + decoded query) of every request sent so far."""
        return [(r.method, _below(r.url)) for r in self.sent]


def _below(url: httpx.URL) -> str:
    path = url.raw_path.decode().partition("?")[0].removeprefix(NS_PATH)
    query = unquote(url.query.decode())
    return f"{path}?{query}" if query else path


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Switch, str]]:
    """One loopback HTTP server for the module, stopped (and its thread joined) after the last test."""
    switch = Switch()
    with serve_in_thread(switch, "127.0.0.1", 0) as url:
        yield switch, url
        switch.target = None


@pytest.fixture(params=["in-process", "http"])
def env(request: pytest.FixtureRequest, server: tuple[Switch, str]) -> Iterator[Env]:
    """A fresh seeded emulator with a frozen clock, reached in-process or over loopback HTTP."""
    emu = Emulator(account_id=ACCOUNT, token=TOKEN, seed=7, clock=lambda: FIXED)
    switch, url = server
    switch.target = emu
    yield Env(emu, request.param, IN_PROCESS_URL if request.param == "in-process" else url)
    switch.target = None


@pytest.fixture
async def cf(env: Env) -> AsyncIterator[WfpClient]:
    """A client on ``env``'s emulator, with namespace ``tenants`` created before the test."""
    async with env.client() as client:
        await client.namespaces.create(NS)
        env.sent.clear()
        yield client


def bundle(seed: int = 0) -> WorkerBundle:
    """An ES-module Worker: a main module, a nested module, wasm, text, and random binary data."""
    noise = random.Random(seed).randbytes(1024)
    return WorkerBundle.es_module(
        Module.from_text("index.js", MAIN_JS),
        Module.from_text("lib/greet.js", f"export const greet = () => 'hi {seed}';\n"),
        Module.from_bytes("add.wasm", WASM),
        Module.from_text("notes.txt", "a text module\r\nwith CRLF\n"),
        Module.from_bytes("blob.bin", INJECTION + noise + INJECTION),
    )


def forged(good: WorkerBundle, main_module: str) -> WorkerBundle:
    """``good`` with a main module it does not hold: bypasses WorkerBundle's local check."""
    object.__setattr__(good, "main_module", main_module)
    return good


def namespace(env: Env, name: str, *, scripts: int = 0, trusted: bool = False) -> Namespace:
    """The namespace object the facade must return (the id is the emulator's)."""
    return Namespace(
        id=env.emu.namespaces[name].namespace_id,
        name=name,
        script_count=scripts,
        trusted_workers=trusted,
        created_on=FIXED,
        created_by=ACCOUNT,
        modified_on=FIXED,
        modified_by=ACCOUNT,
    )


def script(env: Env, name: str, *, upload: bool = False, **fields: object) -> Script:
    """The script object the facade must return for ``name`` uploaded with OPTIONS (override ``fields``)."""
    stored = env.emu.namespaces[NS].scripts[name]
    values: dict[str, object] = {
        "name": name,
        "etag": stored.etag,
        "created_on": FIXED,
        "modified_on": FIXED,
        "tags": ("prod", "eu"),
        "has_modules": True,
        "has_assets": False,
        "compatibility_date": "2025-01-01",
        "compatibility_flags": ("nodejs_compat",),
        "handlers": ("fetch",),
        "logpush": False,
        "extra": {"tag": stored.tag, "named_handlers": [], "placement": {}, "tail_consumers": []},
    }
    if upload:
        extra = {**values["extra"], "deployment_id": stored.version_id}  # type: ignore[dict-item]
        values.update(entry_point="index.js", startup_time_ms=0, extra=extra)
    values.update(fields)
    return Script(**values)  # type: ignore[arg-type]


def stored_modules(env: Env, name: str) -> list[tuple[str, bytes, str | None]]:
    """The modules the emulator holds for ``name``: (name, bytes, content type)."""
    return [(m.name, m.content, m.content_type) for m in env.emu.namespaces[NS].scripts[name].modules]


def as_tuples(b: WorkerBundle) -> list[tuple[str, bytes, str | None]]:
    return [(m.name, m.content, m.content_type) for m in b.modules]


async def upload_many(cf: WfpClient, names: list[str], tags: list[str]) -> None:
    for name in names:
        await cf.scripts.put(
            NS, name, WorkerBundle.es_module("export default {}"), options=UploadOptions(tags=tags)
        )


# ---------------------------------------------------------------- namespaces


async def test_namespace_lifecycle(env: Env) -> None:
    """create/get/list/update/replace/delete answer whole namespace objects with the true script_count."""
    async with env.client() as cf:
        created = await cf.namespaces.create(NS)
        assert created == namespace(env, NS)
        unnamed = await cf.namespaces.create()
        assert unnamed.name.startswith("namespace-")
        assert unnamed == namespace(env, unnamed.name)
        await cf.scripts.put(NS, "acme", bundle())
        assert await cf.namespaces.get(NS) == namespace(env, NS, scripts=1)
        assert await cf.namespaces.list() == [
            namespace(env, NS, scripts=1),
            namespace(env, unnamed.name),
        ]
        assert await cf.namespaces.patch(NS, trusted_workers=True) == namespace(
            env, NS, scripts=1, trusted=True
        )
        renamed = await cf.namespaces.patch(NS, new_name="customers")
        assert renamed == namespace(env, "customers", scripts=1, trusted=True)
        assert renamed.id == created.id
        # PUT resets what it is not given: trusted_workers goes back to false.
        replaced = await cf.namespaces.put("customers", new_name=NS)
        assert replaced == namespace(env, NS, scripts=1)
        await cf.namespaces.delete(NS)
        assert await cf.namespaces.list() == [namespace(env, unnamed.name)]
        with pytest.raises(NotFound):
            await cf.namespaces.get(NS)
    assert [method for method, _ in env.requests()] == [
        "POST", "POST", "PUT", "GET", "GET", "PATCH", "PATCH", "PUT", "DELETE", "GET", "GET",
    ]  # fmt: skip


# ---------------------------------------------------------------- scripts


async def test_upload_sends_one_multipart_request(cf: WfpClient, env: Env) -> None:
    """An upload is one PUT: the metadata JSON part first, then each module with its name and type."""
    sent_bundle = bundle()
    await cf.scripts.put(NS, "acme", sent_bundle, options=OPTIONS)
    assert env.requests() == [("PUT", f"/{NS}/scripts/acme")]
    request = env.sent[0]
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    parts = decode_multipart(request.content, request.headers["content-type"])
    assert json.loads(parts[0].content) == {
        "main_module": "index.js",
        "compatibility_date": "2025-01-01",
        "compatibility_flags": ["nodejs_compat"],
        "bindings": [b.to_dict() for b in BINDINGS],
        "tags": ["prod", "eu"],
    }
    assert [(p.name, p.filename, p.content, p.content_type) for p in parts[1:]] == [
        (m.name, m.name, m.content, m.content_type) for m in sent_bundle.modules
    ]


async def test_upload_get_content_bindings(cf: WfpClient, env: Env) -> None:
    """Upload answers the script; get, content, bindings and settings read back exactly what was sent."""
    sent_bundle = bundle()
    assert await cf.scripts.put(NS, "acme", sent_bundle, options=OPTIONS) == script(env, "acme", upload=True)
    assert await cf.scripts.get(NS, "acme") == ScriptInfo(
        namespace=NS, script=script(env, "acme"), created_on=FIXED, modified_on=FIXED
    )
    assert await cf.content.get(NS, "acme") == ScriptContent(sent_bundle.modules, main_module="index.js")
    assert stored_modules(env, "acme") == as_tuples(sent_bundle)
    assert await cf.bindings.list(NS, "acme") == BINDINGS_BACK
    assert await cf.settings.get(NS, "acme") == Settings(
        bindings=tuple(BINDINGS_BACK),
        compatibility_date="2025-01-01",
        compatibility_flags=("nodejs_compat",),
        tags=("prod", "eu"),
        logpush=False,
    )
    # The secret's value reached the emulator, and no answer carried it.
    assert env.emu.namespaces[NS].scripts["acme"].secrets["API_TOKEN"]["text"] == "s3cr3t-value"
    assert not [body for body in env.bodies if b"s3cr3t-value" in body]


async def test_content_put_replaces_modules_keeps_bindings(cf: WfpClient, env: Env) -> None:
    """content.put swaps the modules (and main module) and leaves bindings, settings and tags alone."""
    await cf.scripts.put(NS, "acme", bundle(), options=OPTIONS)
    new = WorkerBundle.es_module(
        Module.from_text("worker.mjs", "export default { fetch() { return new Response('v2') } };\n"),
        Module.from_bytes("data.bin", random.Random(2).randbytes(300) + INJECTION),
    )
    assert await cf.content.put(NS, "acme", new) == script(env, "acme")
    assert await cf.content.get(NS, "acme") == ScriptContent(new.modules, main_module="worker.mjs")
    assert await cf.bindings.list(NS, "acme") == BINDINGS_BACK
    assert (await cf.settings.get(NS, "acme")).tags == ("prod", "eu")
    assert env.requests()[1] == ("PUT", f"/{NS}/scripts/acme/content")
    assert env.sent[1].headers["cf-worker-main-module-part"] == "worker.mjs"


async def test_service_worker_content_round_trip(cf: WfpClient, env: Env) -> None:
    """A service-worker script reads back as its body part, and content.bundle() uploads it again."""
    sw = WorkerBundle.service_worker("addEventListener('fetch', e => e.respondWith(new Response('x')))")
    uploaded = await cf.scripts.put(NS, "legacy", sw)
    assert (uploaded.has_modules, uploaded.handlers, uploaded.entry_point) == (False, ("fetch",), "worker.js")
    content = await cf.content.get(NS, "legacy")
    assert content == ScriptContent(sw.modules, body_part="worker.js")
    await cf.scripts.put(NS, "copy", content.bundle())
    assert stored_modules(env, "copy") == as_tuples(sw)


@pytest.mark.parametrize(
    ("tags", "exclude", "expected"),
    [
        ([], [], ["eu-pro", "eu-free", "us-pro"]),
        (["pro"], [], ["eu-pro", "us-pro"]),
        (["eu"], ["pro"], ["eu-free"]),
        ([], ["eu"], ["us-pro"]),
        (["eu", "pro"], [], ["eu-pro"]),
    ],
)
async def test_list_by_tags(
    cf: WfpClient, env: Env, tags: list[str], exclude: list[str], expected: list[str]
) -> None:
    """scripts.list filters on tags to include (:yes) and exclude (:no)."""
    await upload_many(cf, ["eu-pro"], ["eu", "pro"])
    await upload_many(cf, ["eu-free"], ["eu", "free"])
    await upload_many(cf, ["us-pro"], ["us", "pro"])
    env.sent.clear()
    listed = await cf.scripts.list(NS, tags=tags, exclude_tags=exclude)
    assert [info.name for info in listed] == expected
    assert {info.namespace for info in listed} == {NS}
    query = ",".join([f"{t}:yes" for t in tags] + [f"{t}:no" for t in exclude])
    assert env.requests() == [("GET", f"/{NS}/scripts" + (f"?tags={query}" if query else ""))]


async def test_delete_script(cf: WfpClient, env: Env) -> None:
    """scripts.delete removes the script (force travels as a query flag); reading it is then NotFound."""
    await upload_many(cf, ["acme", "other"], ["t"])
    await cf.scripts.delete(NS, "acme", force=True)
    assert list(env.emu.namespaces[NS].scripts) == ["other"]
    assert env.requests()[-1] == ("DELETE", f"/{NS}/scripts/acme?force=true")
    with pytest.raises(NotFound) as caught:
        await cf.scripts.get(NS, "acme")
    assert caught.value.codes == frozenset({10007})


async def test_delete_by_tags_follows_has_more(cf: WfpClient, env: Env) -> None:
    """25 tagged scripts with limit=10: three calls (10, 10, 5) return every id, others stay."""
    names = [f"bulk-{i:02d}" for i in range(25)]
    await upload_many(cf, names, ["bulk"])
    await upload_many(cf, ["keep-a", "keep-b"], ["keep"])
    env.sent.clear()
    assert await cf.scripts.delete_by_tags(NS, tags=["bulk"], limit=10) == names
    assert env.requests() == [("DELETE", f"/{NS}/scripts?tags=bulk:yes&limit=10")] * 3
    assert list(env.emu.namespaces[NS].scripts) == ["keep-a", "keep-b"]
    assert await cf.scripts.delete_by_tags(NS, exclude_tags=["nothing"]) == ["keep-a", "keep-b"]


# ---------------------------------------------------------------- secrets, settings, tags


async def test_secrets(cf: WfpClient, env: Env) -> None:
    """put/get/list/delete/patch secrets (null deletes), a name needing URL encoding included."""
    await cf.scripts.put(NS, "acme", bundle())
    odd = "my secret/1"
    assert await cf.secrets.put_text(NS, "acme", "API_KEY", text="v1") == Secret("API_KEY", "secret_text")
    assert await cf.secrets.put(NS, "acme", SecretText(odd, text="v2")) == Secret(odd, "secret_text")
    assert await cf.secrets.get(NS, "acme", odd) == Secret(odd, "secret_text")
    assert await cf.secrets.list(NS, "acme") == [
        Secret("API_KEY", "secret_text"),
        Secret(odd, "secret_text"),
    ]
    patched = await cf.secrets.patch(
        NS, "acme", {"API_KEY": "v3", odd: None, "NEW": SecretText("NEW", text="v4")}
    )
    assert patched == {"API_KEY": Secret("API_KEY", "secret_text"), "NEW": Secret("NEW", "secret_text")}
    stored = env.emu.namespaces[NS].scripts["acme"].secrets
    assert {name: s["text"] for name, s in stored.items()} == {"API_KEY": "v3", "NEW": "v4"}
    assert await cf.secrets.put_text(NS, "acme", odd, text="v5") == Secret(odd, "secret_text")
    await cf.secrets.delete(NS, "acme", odd)
    assert await cf.secrets.list(NS, "acme") == [
        Secret("API_KEY", "secret_text"),
        Secret("NEW", "secret_text"),
    ]
    with pytest.raises(NotFound) as caught:
        await cf.secrets.get(NS, "acme", odd)
    assert caught.value.codes == frozenset({10007})
    encoded = "my%2520secret%252F1?url_encoded=true"
    assert [r for r in env.requests() if "my" in r[1]] == [
        ("GET", f"/{NS}/scripts/acme/secrets/{encoded}"),
        ("DELETE", f"/{NS}/scripts/acme/secrets/{encoded}"),
        ("GET", f"/{NS}/scripts/acme/secrets/{encoded}"),
    ]
    assert not [body for body in env.bodies if b"v1" in body or b"v3" in body]


@pytest.mark.parametrize("name", ["..", ".", "a%20b", "x+y z", "ünï/cödé", "%2F"])
async def test_secret_names_needing_encoding(cf: WfpClient, env: Env, name: str) -> None:
    """Secret names that are not plain path segments reach exactly that secret for get and delete."""
    await upload_many(cf, ["acme"], [])
    await cf.secrets.put_text(NS, "acme", name, text="value")
    assert await cf.secrets.get(NS, "acme", name) == Secret(name, "secret_text")
    await cf.secrets.delete(NS, "acme", name)
    assert env.emu.namespaces[NS].scripts["acme"].secrets == {}
    assert [(r.method, r.url.params["url_encoded"]) for r in env.sent[2:]] == [
        ("GET", "true"),
        ("DELETE", "true"),
    ]


async def test_settings_patch_keeps_omitted(cf: WfpClient, env: Env) -> None:
    """settings.patch changes only the fields given; the rest (bindings, date, flags) stays."""
    await cf.scripts.put(NS, "acme", bundle(), options=OPTIONS)
    expected = Settings(
        bindings=tuple(BINDINGS_BACK),
        compatibility_date="2025-01-01",
        compatibility_flags=("nodejs_compat",),
        tags=("beta",),
        logpush=True,
        limits={"cpu_ms": 50},
    )
    assert await cf.settings.patch(NS, "acme", logpush=True, tags=["beta"], limits={"cpu_ms": 50}) == expected
    assert await cf.settings.get(NS, "acme") == expected
    request = env.sent[1]
    parts = decode_multipart(request.content, request.headers["content-type"])
    assert [(p.name, json.loads(p.content)) for p in parts] == [
        ("settings", {"tags": ["beta"], "logpush": True, "limits": {"cpu_ms": 50}})
    ]


async def test_settings_bindings_round_trip_keeps_secrets(cf: WfpClient, env: Env) -> None:
    """Patching settings with the bindings settings.get returned keeps the secrets' stored values."""
    await cf.scripts.put(NS, "acme", bundle(), options=OPTIONS)
    current = await cf.settings.get(NS, "acme")
    assert (await cf.settings.patch(NS, "acme", bindings=current.bindings)).bindings == tuple(BINDINGS_BACK)
    assert env.emu.namespaces[NS].scripts["acme"].secrets["API_TOKEN"]["text"] == "s3cr3t-value"


async def test_tags(cf: WfpClient, env: Env) -> None:
    """tags set/add/remove/list; 11 tags are refused locally, a 9th added one by the API (10021, docs: 8)."""
    await upload_many(cf, ["acme"], [])
    assert await cf.tags.put(NS, "acme", ["a", "b", "a"]) == ["a", "b"]
    await cf.tags.put_one(NS, "acme", "c")
    await cf.tags.delete(NS, "acme", "a")
    assert await cf.tags.list(NS, "acme") == ["b", "c"]
    eight = [f"t{i}" for i in range(8)]
    assert await cf.tags.put(NS, "acme", eight) == eight
    sent = len(env.sent)
    with pytest.raises(InvalidInput):
        await cf.tags.put(NS, "acme", [f"t{i}" for i in range(11)])
    assert len(env.sent) == sent
    with pytest.raises(ValidationError) as caught:
        await cf.tags.put_one(NS, "acme", "t8")
    assert (caught.value.status, caught.value.codes) == (400, frozenset({10021}))
    assert await cf.tags.list(NS, "acme") == eight
    assert env.requests()[1:5] == [
        ("PUT", f"/{NS}/scripts/acme/tags"),
        ("PUT", f"/{NS}/scripts/acme/tags/c"),
        ("DELETE", f"/{NS}/scripts/acme/tags/a"),
        ("GET", f"/{NS}/scripts/acme/tags"),
    ]


# ---------------------------------------------------------------- assets


async def test_assets_upload_then_script(cf: WfpClient, env: Env, tmp_path: Path) -> None:
    """A folder's assets upload, the script redeems the token; a second upload sends no bucket."""
    files = {
        "index.html": b"<h1>hi</h1>",
        "css/site.css": b"h1{color:red}",
        "img/logo.png": bytes(range(256)),
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)

    first = await cf.assets.upload(NS, "site", tmp_path)
    assert (first.files, first.uploaded) == (3, 3)
    options = UploadOptions(assets=first.metadata({"html_handling": "auto-trailing-slash"}))
    uploaded = await cf.scripts.put(NS, "site", WorkerBundle.es_module("export default {}"), options=options)
    assert (uploaded.has_assets, uploaded.handlers) == (True, ())
    stored = env.emu.namespaces[NS].scripts["site"]
    assert sorted(stored.assets or {}) == ["/css/site.css", "/img/logo.png", "/index.html"]
    assert {path: env.emu.account.asset_files[h].content for path, h in (stored.assets or {}).items()} == {
        f"/{name}": content for name, content in files.items()
    }
    assert stored.assets_config == {"html_handling": "auto-trailing-slash"}
    assert [r[0] for r in env.requests()] == ["POST", "POST", "PUT"]
    assert env.sent[1].url.path == ASSETS_PATH
    assert env.sent[1].headers["authorization"] != f"Bearer {TOKEN}"

    env.sent.clear()
    again = await cf.assets.upload(NS, "site", tmp_path)
    assert (again.files, again.uploaded) == (3, 0)
    assert env.requests() == [("POST", f"/{NS}/scripts/site/assets-upload-session")]
    second = await cf.scripts.put(
        NS,
        "site",
        WorkerBundle.es_module("export default {}"),
        options=UploadOptions(assets=again.metadata()),
    )
    assert second.has_assets is True
    assert (await cf.scripts.get(NS, "site")).script.has_assets is True


async def test_assets_several_buckets_with_a_retry(cf: WfpClient, env: Env) -> None:
    """25 files go in three buckets (10, 10, 5); a 503 on one bucket is retried after its Retry-After."""
    files = {f"/page-{i:02d}.txt": f"page {i}".encode() for i in range(25)}
    env.emu.faults.fail_next(route="worker-assets-upload", status=503, retry_after=2)
    up = await cf.assets.upload(NS, "site", files, concurrency=2)
    assert (up.files, up.uploaded) == (25, 25)
    assert sorted(a.content for a in env.emu.account.asset_files.values()) == sorted(files.values())
    assert [r.url.path for r in env.sent].count(ASSETS_PATH) == 4
    assert (env.waits, env.emu.faults.history) == ([2.0], [("worker-assets-upload", "503")])
    uploaded = await cf.scripts.put(NS, "site", bundle(), options=UploadOptions(assets=up.metadata()))
    assert uploaded.has_assets is True


# ---------------------------------------------------------------- typed errors


async def test_not_found(cf: WfpClient) -> None:
    """A missing namespace or script raises NotFound with status 404 and codes {10007}."""
    calls: list[Callable[[], Awaitable[object]]] = [
        lambda: cf.namespaces.get("missing"),
        lambda: cf.scripts.get("missing", "acme"),
        lambda: cf.scripts.get(NS, "missing"),
        lambda: cf.content.get(NS, "missing"),
        lambda: cf.namespaces.delete("missing"),
    ]
    for call in calls:
        with pytest.raises(NotFound) as caught:
            await call()
        assert (caught.value.status, caught.value.codes) == (404, frozenset({10007}))


async def test_forged_main_module_is_refused_by_api(cf: WfpClient, env: Env) -> None:
    """A bundle forged to name a missing main module is caught locally, and by the API as 10021."""
    with pytest.raises(InvalidInput):
        WorkerBundle(bundle().modules, main_module="missing.js")
    with pytest.raises(ValidationError) as caught:
        await cf.scripts.put(NS, "acme", forged(bundle(), "missing.js"))
    error = caught.value
    assert (error.status, error.codes) == (400, frozenset({10021}))
    assert str(error) == (
        f"PUT /client/v4/accounts/{ACCOUNT}/workers/dispatch/namespaces/{NS}/scripts/acme -> 400 "
        "[10021] Main module name is not present in bundle."
    )
    assert env.emu.namespaces[NS].scripts == {}
    assert len(env.sent) == 1


async def test_wrong_token(env: Env) -> None:
    """A wrong token raises AuthenticationError (403, 10000), never retried, token not in the message."""
    async with env.client(api_token="wrong-token") as cf:
        with pytest.raises(AuthenticationError) as caught:
            await cf.namespaces.list()
    assert (caught.value.status, caught.value.codes) == (403, frozenset({10000}))
    assert "wrong-token" not in str(caught.value)
    assert (len(env.sent), env.waits) == (1, [])


async def test_duplicate_namespace(cf: WfpClient, env: Env) -> None:
    """Creating a namespace that exists raises Conflict (409) and leaves one namespace."""
    with pytest.raises(Conflict) as caught:
        await cf.namespaces.create(NS)
    assert (caught.value.status, caught.value.codes) == (409, frozenset({100118}))
    assert list(env.emu.namespaces) == [NS]


# ---------------------------------------------------------------- retries against faults

FAULTS: dict[str, tuple[dict[str, object], str, list[float]]] = {
    # name: (fail_next arguments, history kind, the waits the client sleeps)
    "500": ({"status": 500}, "500", [0.2]),
    "500x3": ({"n": 3, "status": 500}, "500", [0.2, 0.4, 0.8]),
    "503": ({"status": 503, "retry_after": 3}, "503", [3.0]),
    "429": ({"status": 429, "retry_after": 7}, "429", [7.0]),
    "html-502": ({"status": 502, "html": True}, "502", [0.2]),
    "drop": ({"drop": True}, "drop", [0.2]),
    "success-false": ({"success_false": True}, "success_false", [0.2]),
}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("route", [GET_NAMESPACE, UPLOAD])
async def test_retry_after_faults(cf: WfpClient, env: Env, fault: str, route: str) -> None:
    """A GET and an upload succeed after scripted faults, sleeping exactly the expected waits."""
    arguments, kind, waits = FAULTS[fault]
    env.emu.faults.fail_next(route=route, **arguments)  # type: ignore[arg-type]
    if route == GET_NAMESPACE:
        assert await cf.namespaces.get(NS) == namespace(env, NS)
    else:
        sent_bundle = bundle()
        assert (await cf.scripts.put(NS, "acme", sent_bundle)).name == "acme"
        assert stored_modules(env, "acme") == as_tuples(sent_bundle)
        assert len({r.content for r in env.sent}) == 1  # every attempt sent the same bytes
    assert env.waits == waits
    assert env.emu.faults.history == [(route, kind)] * len(waits)
    assert len(env.sent) == len(waits) + 1


@pytest.mark.parametrize("after", [False, True], ids=["before", "lost-answer"])
@pytest.mark.parametrize(
    ("fault", "error"), [({"status": 500}, ServerError), ({"drop": True}, TransportError)]
)
async def test_create_namespace_not_retried(
    env: Env, after: bool, fault: dict[str, object], error: type[Exception]
) -> None:
    """A 500 or a dropped connection on namespace create raises at once: never two namespaces."""
    async with env.client() as cf:
        env.emu.faults.fail_next(route=CREATE_NAMESPACE, after=after, **fault)  # type: ignore[arg-type]
        with pytest.raises(error):
            await cf.namespaces.create(NS)
    assert list(env.emu.namespaces) == ([NS] if after else [])
    assert (len(env.sent), env.waits) == (1, [])


async def test_lost_upload_answer_retried(cf: WfpClient, env: Env) -> None:
    """An upload whose answer is lost (after=True) is retried; the content is exactly what was sent."""
    env.emu.faults.fail_next(route=UPLOAD, status=502, html=True, after=True)
    sent_bundle = bundle()
    assert await cf.scripts.put(NS, "acme", sent_bundle, options=OPTIONS) == script(env, "acme", upload=True)
    assert await cf.content.get(NS, "acme") == ScriptContent(sent_bundle.modules, main_module="index.js")
    assert (env.waits, env.emu.faults.history) == ([0.2], [(UPLOAD, "502")])


async def test_seeded_random_faults(env: Env) -> None:
    """50 uploads under seeded random faults (rate 0.3, attempts=8) all land with the right content."""
    names = [f"tenant-{i:02d}" for i in range(50)]
    async with env.client(retry=RetryPolicy(attempts=8)) as cf:
        env.emu.faults.config = FaultConfig()  # no faults while the namespace is created
        await cf.namespaces.create(NS)
        env.emu.faults.config = FaultConfig.uniform(0.2, drop_rate=0.05, success_false_rate=0.05)
        for i, name in enumerate(names):
            await cf.scripts.put(NS, name, bundle(i))
    scripts = env.emu.namespaces[NS].scripts
    assert list(scripts) == names
    for i, name in enumerate(names):
        assert stored_modules(env, name) == as_tuples(bundle(i))
    assert {kind for _, kind in env.emu.faults.history} == {
        "429",
        "500",
        "502",
        "503",
        "drop",
        "success_false",
    }
    assert env.waits == expected_waits(env)


def expected_waits(env: Env) -> list[float]:
    """The waits a sequential run must have slept: the faults in order, each upload's attempts counted
    from 1; Retry-After (1 s by default) for 429/503, else the backoff 0.2 * 2 ** (attempt - 1)."""
    attempts = Counter(r.url.path for r in env.sent[1:])
    faults = iter(kind for _, kind in env.emu.faults.history)
    waits: list[float] = []
    for count in attempts.values():
        for attempt in range(1, count):
            waits.append(1.0 if next(faults) in ("429", "503") else 0.2 * 2 ** (attempt - 1))
    assert next(faults, None) is None
    return waits


# ---------------------------------------------------------------- the pytest plugin's fixtures


async def test_plugin_fixture_in_process(wfp_emulator: Emulator) -> None:
    """wfp_emulator works with WfpClient through its in-process transport."""
    async with WfpClient(
        account_id="emu-account",
        api_token="emu-token",
        base_url=IN_PROCESS_URL,
        transport=wfp_emulator.transport(),
    ) as cf:
        created = await cf.namespaces.create("mine")
        assert await cf.namespaces.list() == [created]
    assert list(wfp_emulator.namespaces) == ["mine"]


async def test_plugin_fixture_over_http(wfp_emulator: Emulator, wfp_emulator_url: str) -> None:
    """wfp_emulator_url serves wfp_emulator on loopback HTTP for WfpClient."""
    async with WfpClient(account_id="emu-account", api_token="emu-token", base_url=wfp_emulator_url) as cf:
        await cf.namespaces.create("mine")
        await cf.scripts.put("mine", "acme", bundle())
        assert (await cf.content.get("mine", "acme")).modules == bundle().modules
    assert list(wfp_emulator.namespaces["mine"].scripts) == ["acme"]
