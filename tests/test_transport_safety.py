"""Transport safety: TLS verified, redirects never followed, timeouts always set, cancellation leaves the
client usable and closing clean, and the suite treats ResourceWarning (an unclosed connection) as an error.
"""

from __future__ import annotations

import math
import ssl
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Callable
from pathlib import Path

import anyio
import httpx
import pytest

from wfp_async import (
    NO_RETRY,
    APIError,
    BulkReport,
    InvalidInput,
    ItemResult,
    Script,
    WfpClient,
    WorkerBundle,
)
from wfp_async.emulator import Emulator, FaultConfig

ROOT = Path(__file__).resolve().parents[1]
BASE_URL = "https://api.example.test/client/v4"
TOKEN = "tok-transport-7f3a"
NS_PATH = "/client/v4/accounts/acc/workers/dispatch/namespaces"
BUNDLE = WorkerBundle.es_module("export default {}")


def envelope(result: object) -> httpx.Response:
    return httpx.Response(200, json={"success": True, "errors": [], "messages": [], "result": result})


def script(name: str) -> dict[str, object]:
    return {"id": name, "etag": f"etag-{name}"}


def mock_client(handler: Callable[[httpx.Request], object], **kwargs: object) -> WfpClient:
    transport = httpx.MockTransport(handler)  # type: ignore[arg-type]
    return WfpClient(
        account_id="acc", api_token=TOKEN, base_url=BASE_URL, transport=transport, retry=NO_RETRY, **kwargs
    )  # type: ignore[arg-type]


# --- TLS ------------------------------------------------------------------------------------------


async def test_tls_verification_is_on_by_default() -> None:
    """The pool WfpClient creates verifies certificates and host names (CERT_REQUIRED, check_hostname)."""
    async with WfpClient(account_id="acc", api_token=TOKEN) as cf:
        transport = cf.http_client._transport
        assert isinstance(transport, httpx.AsyncHTTPTransport)
        context = transport._pool._ssl_context
        assert context is not None
        assert (context.verify_mode, context.check_hostname) == (ssl.CERT_REQUIRED, True)
        assert cf.base_url == "https://api.cloudflare.com/client/v4"


# --- redirects ------------------------------------------------------------------------------------


class RedirectingApi:
    """The API host answers every request with a redirect to another host; the other host records."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.api_requests: list[httpx.Request] = []
        self.elsewhere: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host != "api.example.test":
            self.elsewhere.append(request)
            return envelope({"namespace_id": "x", "namespace_name": "stolen"})
        self.api_requests.append(request)
        return httpx.Response(self.status, headers={"Location": "https://evil.example.net/collect"})


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("user_client", [False, True], ids=["own-client", "follow_redirects=True-client"])
async def test_redirects_are_never_followed(status: int, user_client: bool) -> None:
    """A redirect is never followed, even via a follow_redirects=True client: it raises APIError."""
    api = RedirectingApi(status)
    if user_client:
        async with httpx.AsyncClient(transport=httpx.MockTransport(api), follow_redirects=True) as http:
            cf = WfpClient(account_id="acc", api_token=TOKEN, base_url=BASE_URL, http_client=http)
            with pytest.raises(APIError) as caught:
                await cf.namespaces.get("tenants")
    else:
        async with mock_client(api) as cf:
            with pytest.raises(APIError) as caught:
                await cf.namespaces.get("tenants")
    assert type(caught.value) is APIError
    assert (caught.value.status, caught.value.method, caught.value.url) == (
        status,
        "GET",
        f"{NS_PATH}/tenants",
    )
    assert api.elsewhere == []
    assert [r.headers["authorization"] for r in api.api_requests] == [f"Bearer {TOKEN}"]


# --- timeouts -------------------------------------------------------------------------------------


class TimeoutRecorder:
    def __init__(self) -> None:
        self.timeouts: list[dict[str, float | None]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.timeouts.append(request.extensions["timeout"])
        return envelope({"namespace_id": "1", "namespace_name": "tenants"})


DEFAULT = {"connect": 10.0, "read": 60.0, "write": 60.0, "pool": 60.0}


async def test_every_request_has_every_timeout_set() -> None:
    """Every request carries all four timeouts: the default, the client's own, with_options'."""
    recorder = TimeoutRecorder()
    async with mock_client(recorder) as cf:
        await cf.namespaces.get("tenants")
        await cf.with_options(timeout=5).namespaces.get("tenants")
        await cf.with_options(timeout=httpx.Timeout(3, connect=1)).namespaces.get("tenants")
        await cf.with_options(retry=NO_RETRY).namespaces.get("tenants")
        await cf.namespaces.get("tenants")
    async with mock_client(recorder, timeout=7) as cf:
        await cf.namespaces.get("tenants")
    assert recorder.timeouts == [
        DEFAULT,
        {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0},
        {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0},
        DEFAULT,
        DEFAULT,
        {"connect": 7.0, "read": 7.0, "write": 7.0, "pool": 7.0},
    ]


async def test_a_user_client_without_timeouts_still_gets_ours() -> None:
    """An http_client built with timeout=None does not make requests wait forever: ours are set."""
    recorder = TimeoutRecorder()
    async with httpx.AsyncClient(transport=httpx.MockTransport(recorder), timeout=None) as http:
        cf = WfpClient(account_id="acc", api_token=TOKEN, base_url=BASE_URL, http_client=http)
        await cf.namespaces.get("tenants")
    assert recorder.timeouts == [DEFAULT]


UNSET_TIMEOUTS = [
    httpx.Timeout(None),
    httpx.Timeout(5, read=None),
    httpx.Timeout(5, connect=None),
    httpx.Timeout(5, pool=None),
    httpx.Timeout(5, write=math.inf),
    0,
    -1,
    math.nan,
    math.inf,
    True,
    "5",
]


@pytest.mark.parametrize("value", UNSET_TIMEOUTS, ids=repr)
async def test_a_timeout_with_unset_parts_is_refused(value: object) -> None:
    """A None, infinite or non-positive timeout raises InvalidInput in the constructor and with_options."""
    with pytest.raises(InvalidInput):
        WfpClient(account_id="acc", api_token=TOKEN, timeout=value)  # type: ignore[arg-type]
    recorder = TimeoutRecorder()
    async with mock_client(recorder) as cf:
        with pytest.raises(InvalidInput):
            cf.with_options(timeout=value)  # type: ignore[arg-type]
    assert recorder.timeouts == []


# --- cancellation ---------------------------------------------------------------------------------


class SlowFirstUpload:
    """Holds the first upload forever (until cancelled); answers everything else at once."""

    def __init__(self) -> None:
        self.arrived = anyio.Event()
        self.cancelled = False
        self.requests: list[str] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}")
        if not self.arrived.is_set():
            self.arrived.set()
            try:
                await anyio.sleep_forever()
            except anyio.get_cancelled_exc_class():
                self.cancelled = True
                raise
        return envelope(script("acme"))


async def test_cancelling_an_upload_leaves_the_client_usable() -> None:
    """An upload cancelled mid-flight stops there; the same client then uploads, and closes cleanly."""
    api = SlowFirstUpload()
    async with mock_client(api) as cf:
        async with anyio.create_task_group() as group:
            group.start_soon(cf.scripts.put, "tenants", "acme", BUNDLE)
            await api.arrived.wait()
            group.cancel_scope.cancel()
        assert api.cancelled
        uploaded = await cf.scripts.put("tenants", "acme", BUNDLE)
    assert uploaded == Script(name="acme", etag="etag-acme")
    assert api.requests == [f"PUT {NS_PATH}/tenants/scripts/acme"] * 2
    assert cf.http_client.is_closed


async def test_cancelling_an_upload_over_loopback_leaves_the_client_usable() -> None:
    """Over loopback, an upload cancelled mid-flight frees its connection; the client uploads again."""
    emulator = Emulator()
    with emulator.serve() as base_url:
        async with WfpClient(
            account_id=emulator.account_id, api_token="emu-token", base_url=base_url, retry=NO_RETRY
        ) as cf:
            await cf.namespaces.create("tenants")
            emulator.faults.config = FaultConfig(
                routes={"namespace-worker-script-upload-worker-module": FaultConfig(latency=(0.5, 0.5))}
            )
            with anyio.move_on_after(0.05) as scope:
                await cf.scripts.put("tenants", "acme", BUNDLE)
            assert scope.cancelled_caught
            emulator.faults.config = FaultConfig()
            uploaded = await cf.scripts.put("tenants", "other", BUNDLE)
            assert uploaded.name == "other"
            # Whether the cancelled upload still landed is the server's business; the new one did.
            names = {info.name async for info in cf.scripts.list("tenants")}
            assert names in ({"other"}, {"acme", "other"})
        assert cf.http_client.is_closed


class SomeUploadsHang:
    """Uploads of the scripts in ``fast`` answer at once; every other upload hangs until cancelled."""

    def __init__(self, fast: set[str]) -> None:
        self.fast = fast

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        name = request.url.path.rsplit("/", 1)[1]
        if request.method == "PUT" and name not in self.fast:
            await anyio.sleep_forever()
        return envelope(script(name))


async def test_cancelling_a_bulk_deploy_leaves_a_true_report() -> None:
    """A bulk deploy cancelled after three uploads reports exactly those three; the client goes on."""
    fast = {"t0", "t1", "t2"}
    report: BulkReport[Script] = BulkReport()

    def on_progress(result: ItemResult[Script], so_far: BulkReport[Script]) -> None:
        if so_far.ok == len(fast):
            scope.cancel()

    async with mock_client(SomeUploadsHang(fast)) as cf:
        with anyio.CancelScope() as scope:
            await cf.bulk.deploy_many(
                "tenants",
                ((f"t{i}", BUNDLE) for i in range(10)),
                concurrency=4,
                preflight=False,
                keep_results=True,
                on_progress=on_progress,
                report=report,
            )
        assert scope.cancelled_caught
        assert sorted(r.key for r in report.results) == ["t0", "t1", "t2"]
        assert [r.value for r in sorted(report.results, key=lambda r: r.key)] == [
            Script(name=name, etag=f"etag-{name}") for name in ("t0", "t1", "t2")
        ]
        assert (report.ok, report.failed, report.total, report.complete) == (3, 0, 3, False)
        assert await cf.scripts.put("tenants", "t1", BUNDLE) == Script(name="t1", etag="etag-t1")
    assert cf.http_client.is_closed


# --- ResourceWarning ------------------------------------------------------------------------------


def test_resource_warnings_are_errors_here(pytestconfig: pytest.Config) -> None:
    """The suite's configuration turns every warning, ResourceWarning included, into an error."""
    assert pytestconfig.getini("filterwarnings") == ["error"]
    with pytest.raises(ResourceWarning):
        warnings.warn("unclosed <socket>", ResourceWarning, stacklevel=1)


LEAKY_TEST = '''
import asyncio
import gc

import httpx


async def test_leaks_a_connection() -> None:
    """Never closes its client, so a pooled connection is garbage-collected open."""
    writers = []

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        await reader.readuntil(b"\\r\\n\\r\\n")
        writer.write(b"HTTP/1.1 200 OK\\r\\ncontent-length: 2\\r\\n\\r\\nok")

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    client = httpx.AsyncClient()
    assert (await client.get(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/")).text == "ok"
    for writer in writers:
        writer.close()
    server.close()
    del client
    gc.collect()
'''


def test_a_test_that_leaks_a_connection_fails_under_this_configuration(tmp_path: Path) -> None:
    """Under this project's pytest configuration, a test leaking an httpx connection fails."""
    (tmp_path / "test_leaky.py").write_text(textwrap.dedent(LEAKY_TEST))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:hypothesispytest",  # importing hypothesis takes seconds; the leaky test needs none of it
            "-c",
            str(ROOT / "pyproject.toml"),
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_leaky.py"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1, run.stdout[-2000:]
    assert "ResourceWarning: unclosed" in run.stdout
    assert "1 failed" in run.stdout
