"""A FastAPI service that provisions one Worker per tenant in a dispatch namespace, with wfp-async.

Against Cloudflare (the namespace must exist: ``wfp namespaces create tenants``)::

    export CLOUDFLARE_ACCOUNT_ID=... CLOUDFLARE_API_TOKEN=...
    uvicorn examples.fastapi_app:app

Against the local emulator, in two shells::

    python -m wfp_async.emulator --port 8787
    export WFP_BASE_URL=http://127.0.0.1:8787/client/v4 CLOUDFLARE_ACCOUNT_ID=emu-account \\
        CLOUDFLARE_API_TOKEN=emu-token
    wfp namespaces create tenants && uvicorn examples.fastapi_app:app

then ``curl -X POST localhost:8000/tenants/acme -H 'content-type: application/json'
-d '{"plan": "pro", "api_key": "s3cr3t"}'``.

The shape to copy: one ``WfpClient`` per process, opened in the lifespan (which also checks the
credentials and the namespace, so a bad deployment fails at startup) and closed at shutdown; routes get
it from a dependency and share its connection pool. SDK errors become HTTP answers in one exception
handler: not found -> 404, rate limited -> 503 with ``Retry-After``, bad input -> 422, any other
Cloudflare or network failure -> 502, each with Cloudflare's message and codes in a JSON body.
"""

from __future__ import annotations

import math
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, SecretStr

from wfp_async import (
    APIError,
    InvalidInput,
    NotFound,
    PlainText,
    RateLimited,
    RetryPolicy,
    Script,
    SecretText,
    UploadOptions,
    ValidationError,
    WfpClient,
    WfpError,
    WorkerBundle,
)

__all__ = ["WORKER_TEMPLATE", "client_from_env", "create_app"]

# Every tenant runs the same code; what differs travels in bindings, never pasted into the source.
WORKER_TEMPLATE = """\
export default {
  async fetch(request, env) {
    return Response.json({ tenant: env.TENANT_ID, plan: env.PLAN, greeting: env.GREETING });
  },
};
"""
COMPATIBILITY_DATE = "2025-06-01"

Plan = Literal["free", "pro", "enterprise"]


class TenantIn(BaseModel):
    """What provisioning a tenant takes; ``api_key`` becomes a secret binding of its Worker."""

    plan: Plan = "free"
    greeting: str = Field(default="Hello", max_length=200)
    api_key: SecretStr


class Tenant(BaseModel):
    """A tenant as the API shows it: its Worker's name, plan, tags and version (etag)."""

    tenant: str
    plan: str | None
    tags: list[str]
    etag: str | None
    modified_on: datetime | None


class TenantList(BaseModel):
    """Tenants, in the order Cloudflare lists their Workers."""

    tenants: list[Tenant]


def _tenant(script: Script) -> Tenant:
    plan = next((tag.removeprefix("plan-") for tag in script.tags if tag.startswith("plan-")), None)
    return Tenant(
        tenant=script.name,
        plan=plan,
        tags=list(script.tags),
        etag=script.etag,
        modified_on=script.modified_on,
    )


def client_from_env() -> WfpClient:
    """The production client: credentials from the environment, ``WFP_BASE_URL`` for an emulator.

    Retries stay short in a request handler: a long ``Retry-After`` is passed on to the caller as a 503
    rather than held open (the policy's deadline is shorter than a typical proxy timeout).
    """
    account_id = os.environ["CLOUDFLARE_ACCOUNT_ID"]
    api_token = os.environ["CLOUDFLARE_API_TOKEN"]
    retry = RetryPolicy(attempts=3, deadline=10)
    base_url = os.environ.get("WFP_BASE_URL")
    if base_url:
        return WfpClient(account_id=account_id, api_token=api_token, base_url=base_url, retry=retry)
    return WfpClient(account_id=account_id, api_token=api_token, retry=retry)


def get_client(request: Request) -> WfpClient:
    """The app's one WfpClient, opened by the lifespan."""
    client: WfpClient = request.app.state.wfp
    return client


def get_namespace(request: Request) -> str:
    """The dispatch namespace the tenants' Workers live in."""
    namespace: str = request.app.state.namespace
    return namespace


Client = Annotated[WfpClient, Depends(get_client)]
NamespaceName = Annotated[str, Depends(get_namespace)]

router = APIRouter(prefix="/tenants")


@router.post("/{tenant_id}", status_code=201)
async def provision_tenant(tenant_id: str, body: TenantIn, cf: Client, namespace: NamespaceName) -> Tenant:
    """Upload (create or replace) the tenant's Worker with its bindings, secret and tags."""
    options = UploadOptions(
        compatibility_date=COMPATIBILITY_DATE,
        bindings=[
            PlainText("TENANT_ID", tenant_id),
            PlainText("PLAN", body.plan),
            PlainText("GREETING", body.greeting),
            SecretText("API_KEY", text=body.api_key.get_secret_value()),
        ],
        # Tags may not contain ',' or ':' (they delimit Cloudflare's tag filter).
        tags=[f"tenant-{tenant_id}", f"plan-{body.plan}"],
    )
    script = await cf.scripts.put(
        namespace, tenant_id, WorkerBundle.es_module(WORKER_TEMPLATE), options=options
    )
    return _tenant(script)


@router.get("")
async def list_tenants(cf: Client, namespace: NamespaceName, plan: Plan | None = None) -> TenantList:
    """Every tenant, or only those on ``plan`` (Cloudflare filters by tag)."""
    tags = [] if plan is None else [f"plan-{plan}"]
    return TenantList(tenants=[_tenant(info.script) async for info in cf.scripts.list(namespace, tags=tags)])


@router.get("/{tenant_id}")
async def read_tenant(tenant_id: str, cf: Client, namespace: NamespaceName) -> Tenant:
    """One tenant; 404 when it has no Worker."""
    return _tenant((await cf.scripts.get(namespace, tenant_id)).script)


@router.delete("/{tenant_id}", status_code=204, response_class=Response)
async def delete_tenant(tenant_id: str, cf: Client, namespace: NamespaceName) -> None:
    """Delete the tenant's Worker; 404 when there is none."""
    await cf.scripts.delete(namespace, tenant_id)


def error_answer(error: WfpError) -> JSONResponse:
    """The HTTP answer for an SDK error: a status, and a JSON body with the message and Cloudflare's codes.

    The body never repeats ``str(error)``, which names the account's URL: callers get what Cloudflare
    said (or what was wrong with their input), not our plumbing.
    """
    headers: dict[str, str] = {}
    codes: list[int] = []
    if isinstance(error, InvalidInput):
        status, message = 422, str(error)
    elif isinstance(error, APIError):
        codes = sorted(error.codes)
        message = (
            "; ".join(detail.message for detail in error.errors)
            or error.detail
            or f"Cloudflare answered HTTP {error.status}"
        )
        if isinstance(error, NotFound):
            status = 404
        elif isinstance(error, ValidationError):
            status = 422
        elif isinstance(error, RateLimited):
            status = 503
            if error.retry_after is not None:
                headers["Retry-After"] = str(math.ceil(error.retry_after))
        else:
            status = 502
    else:  # TransportError, or any other failure on the way to Cloudflare
        status, message = 502, "Cloudflare could not be reached"
    body = {"error": type(error).__name__, "message": message, "codes": codes}
    return JSONResponse(body, status_code=status, headers=headers)


def create_app(
    *, client_factory: Callable[[], WfpClient] | None = None, namespace: str = "tenants"
) -> FastAPI:
    """The app. ``client_factory`` builds its one client at startup (default :func:`client_from_env`).

    ``create_app(client_factory=lambda: WfpClient(account_id=..., api_token=..., transport=emu.transport()))``
    serves an in-process emulator, which is how the tests run it.
    """
    factory = client_from_env if client_factory is None else client_factory

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with factory() as client:
            await client.namespaces.get(namespace)  # wrong credentials or namespace: fail at startup
            app.state.wfp = client
            app.state.namespace = namespace
            yield

    app = FastAPI(title="Tenant Workers", lifespan=lifespan)
    app.include_router(router)

    @app.exception_handler(WfpError)
    async def on_wfp_error(request: Request, error: WfpError) -> JSONResponse:
        return error_answer(error)

    return app


app = create_app()
