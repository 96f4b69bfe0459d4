"""examples/fastapi_app.py, served in-process (httpx's ASGI transport, lifespan run) over an emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import anyio
import attrs
import httpx
import pytest
from fastapi import FastAPI

from examples.fastapi_app import WORKER_TEMPLATE, create_app
from wfp_async import NO_RETRY, NotFound, WfpClient
from wfp_async.emulator import Emulator

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
STAMP = "2025-06-01T12:00:00Z"
DETAILS = "namespace-worker-script-worker-details"


@attrs.define
class Running:
    emulator: Emulator
    app: FastAPI
    http: httpx.AsyncClient
    clients: list[WfpClient]


def build_app(emulator: Emulator, clients: list[WfpClient]) -> FastAPI:
    """The example app over ``emulator``, retries off, recording every client its lifespan opens."""

    def factory() -> WfpClient:
        client = WfpClient(
            account_id=emulator.account_id,
            api_token="emu-token",
            transport=emulator.transport(),
            retry=NO_RETRY,
        )
        clients.append(client)
        return client

    return create_app(client_factory=factory)


@asynccontextmanager
async def running_app(emulator: Emulator) -> AsyncIterator[Running]:
    clients: list[WfpClient] = []
    app = build_app(emulator, clients)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://app") as http,
    ):
        yield Running(emulator, app, http, clients)


@pytest.fixture
async def emulator() -> Emulator:
    emulator = Emulator(clock=lambda: NOW)
    async with WfpClient(
        account_id=emulator.account_id, api_token="emu-token", transport=emulator.transport()
    ) as setup:
        await setup.namespaces.create("tenants")
    return emulator


@pytest.fixture
async def running(emulator: Emulator) -> AsyncIterator[Running]:
    async with running_app(emulator) as running:
        yield running


def tenant(name: str, plan: str, etag: str) -> dict[str, object]:
    return {
        "tenant": name,
        "plan": plan,
        "tags": [f"tenant-{name}", f"plan-{plan}"],
        "etag": etag,
        "modified_on": STAMP,
    }


async def provision(http: httpx.AsyncClient, name: str, plan: str = "pro") -> httpx.Response:
    return await http.post(f"/tenants/{name}", json={"plan": plan, "api_key": f"key-{name}"})


async def test_provision_uploads_the_template_with_bindings_secret_and_tags(running: Running) -> None:
    """POST answers 201 with the Worker's etag; the Worker holds the template, bindings, secret and tags."""
    response = await running.http.post(
        "/tenants/acme", json={"plan": "pro", "greeting": "Hi", "api_key": "s3cr3t"}
    )

    script = running.emulator.namespaces["tenants"].scripts["acme"]
    assert response.status_code == 201
    assert response.json() == tenant("acme", "pro", script.etag)
    assert [(m.name, m.content, m.content_type) for m in script.modules] == [
        ("index.js", WORKER_TEMPLATE.encode(), "application/javascript+module")
    ]
    assert script.bindings == [
        {"name": "TENANT_ID", "type": "plain_text", "text": "acme"},
        {"name": "PLAN", "type": "plain_text", "text": "pro"},
        {"name": "GREETING", "type": "plain_text", "text": "Hi"},
    ]
    assert script.secrets == {"API_KEY": {"name": "API_KEY", "type": "secret_text", "text": "s3cr3t"}}
    assert script.tags == ["tenant-acme", "plan-pro"]
    assert "s3cr3t" not in response.text


async def test_list_by_plan_returns_only_that_plans_tenants(running: Running) -> None:
    """GET /tenants?plan=pro lists the pro tenants (a tag filter); without a plan, every tenant."""
    for name, plan in [("acme", "pro"), ("bolt", "free"), ("core", "pro")]:
        assert (await provision(running.http, name, plan)).status_code == 201
    scripts = running.emulator.namespaces["tenants"].scripts

    pro = await running.http.get("/tenants", params={"plan": "pro"})
    everyone = await running.http.get("/tenants")

    assert pro.status_code == 200
    assert pro.json() == {"tenants": [tenant(name, "pro", scripts[name].etag) for name in ("acme", "core")]}
    assert everyone.status_code == 200
    assert [t["tenant"] for t in everyone.json()["tenants"]] == ["acme", "bolt", "core"]


async def test_read_one_tenant(running: Running) -> None:
    """GET /tenants/{id} answers the tenant's plan, tags and current etag."""
    etag = (await provision(running.http, "acme")).json()["etag"]

    response = await running.http.get("/tenants/acme")

    assert response.status_code == 200
    assert response.json() == tenant("acme", "pro", etag)


async def test_delete_then_read_is_404_with_cloudflares_code(running: Running) -> None:
    """DELETE answers 204 and removes the Worker; reading or deleting it again is 404 with code 10007."""
    await provision(running.http, "acme")

    deleted = await running.http.delete("/tenants/acme")
    read = await running.http.get("/tenants/acme")
    again = await running.http.delete("/tenants/acme")

    assert (deleted.status_code, deleted.content) == (204, b"")
    assert running.emulator.namespaces["tenants"].scripts == {}
    not_found = {"error": "NotFound", "message": "workers.api.error.script_not_found", "codes": [10007]}
    assert (read.status_code, read.json()) == (404, not_found)
    assert (again.status_code, again.json()) == (404, not_found)


@pytest.mark.parametrize(
    ("retry_after", "header"), [(2.5, "3"), (1, "1"), (30, "30")], ids=["fraction", "one", "thirty"]
)
async def test_rate_limited_is_503_with_retry_after(
    running: Running, retry_after: float, header: str
) -> None:
    """Cloudflare's 429 (retries off) becomes 503 with Retry-After in whole seconds, rounded up."""
    await provision(running.http, "acme")
    running.emulator.faults.fail_next(1, route=DETAILS, status=429, retry_after=retry_after)

    response = await running.http.get("/tenants/acme")

    assert response.status_code == 503
    assert response.headers["retry-after"] == header
    assert response.json() == {
        "error": "RateLimited",
        "message": "Please wait and consider throttling your request speed",
        "codes": [971],
    }


@pytest.mark.parametrize(
    ("fault", "status", "body"),
    [
        (
            {"status": 400, "code": 10021, "message": "Script is invalid."},
            422,
            {"error": "ValidationError", "message": "Script is invalid.", "codes": [10021]},
        ),
        (
            {"status": 500},
            502,
            {"error": "ServerError", "message": "Internal server error", "codes": [10002]},
        ),
        (
            {"status": 502, "html": True},
            502,
            {"error": "ServerError", "message": "Cloudflare answered HTTP 502", "codes": []},
        ),
        (
            {"drop": True},
            502,
            {"error": "TransportError", "message": "Cloudflare could not be reached", "codes": []},
        ),
    ],
    ids=["validation-400", "server-500", "edge-html-502", "dropped-connection"],
)
async def test_other_failures_map_to_http_answers(
    running: Running, fault: dict[str, object], status: int, body: dict[str, object]
) -> None:
    """Cloudflare's validation errors answer 422; server errors and network failures answer 502."""
    await provision(running.http, "acme")
    running.emulator.faults.fail_next(1, route=DETAILS, **fault)  # type: ignore[arg-type]

    response = await running.http.get("/tenants/acme")

    assert (response.status_code, response.json()) == (status, body)
    assert "retry-after" not in response.headers


@pytest.mark.parametrize("name", ["Acme", "-acme", "acme.corp", "ac me"])
async def test_bad_tenant_id_is_422_before_any_request(running: Running, name: str) -> None:
    """A tenant id that is not a valid script name answers 422 (InvalidInput), and nothing is sent."""
    before = len(running.emulator.faults.history)

    responses = [await provision(running.http, name), await running.http.get(f"/tenants/{name}")]

    message = (
        f"invalid script name {name!r}: use only lowercase letters a-z, digits 0-9, '-' and '_',"
        " and do not start with '-'"
    )
    for response in responses:
        assert response.status_code == 422
        assert response.json() == {"error": "InvalidInput", "message": message, "codes": []}
    assert running.emulator.namespaces["tenants"].scripts == {}
    assert len(running.emulator.faults.history) == before


async def test_fifty_concurrent_provisions_share_the_one_client(running: Running) -> None:
    """50 concurrent POSTs all answer 201 through the one client; the emulator holds exactly those scripts."""
    names = [f"tenant-{i:02d}" for i in range(50)]
    statuses: dict[str, int] = {}

    async def one(name: str) -> None:
        statuses[name] = (
            await provision(running.http, name, "pro" if int(name[-2:]) % 2 else "free")
        ).status_code

    async with anyio.create_task_group() as group:
        for name in names:
            group.start_soon(one, name)

    assert statuses == dict.fromkeys(names, 201)
    assert sorted(running.emulator.namespaces["tenants"].scripts) == names
    assert len(running.clients) == 1
    listed = (await running.http.get("/tenants", params={"plan": "pro"})).json()["tenants"]
    assert sorted(t["tenant"] for t in listed) == names[1::2]


async def test_lifespan_opens_one_client_and_closes_it_at_shutdown(emulator: Emulator) -> None:
    """Startup opens exactly one client; shutdown closes its connection pool."""
    async with running_app(emulator) as running:
        assert (await provision(running.http, "acme")).status_code == 201
        (client,) = running.clients
        assert running.app.state.wfp is client
        assert not client.http_client.is_closed

    assert client.http_client.is_closed


async def test_startup_fails_when_the_namespace_is_missing() -> None:
    """A missing namespace stops the app at startup (NotFound), and the client is closed anyway."""
    clients: list[WfpClient] = []
    app = build_app(Emulator(), clients)

    with pytest.raises(NotFound):
        async with app.router.lifespan_context(app):
            pass

    (client,) = clients
    assert client.http_client.is_closed
