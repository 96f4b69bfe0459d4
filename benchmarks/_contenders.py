"""The three contenders, each doing the same work its own idiomatic way.

* ours: ``WfpClient`` with ``retry=NO_RETRY``;
* official: ``cloudflare.AsyncCloudflare`` with ``max_retries=0`` over an ``httpx.AsyncClient`` we pass in;
* raw httpx: the floor for any httpx-based client (send, parse JSON, check ``success``, take ``result``).

Each ``make_*`` returns ``(get, upload, close)``: coroutine functions bound to one client.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

import httpx

from benchmarks._common import ACCOUNT, BASE_URL, NAMESPACE, NS_PATH, TOKEN, WORKER_SOURCE

SOURCE_BYTES = WORKER_SOURCE.encode()
MODULE_TYPE = "application/javascript+module"


class Contender(NamedTuple):
    get: Callable[[], Awaitable[object]]
    upload: Callable[[str], Awaitable[object]]
    close: Callable[[], Awaitable[None]]


class RawAPIError(Exception):
    """Raw httpx's whole error handling: a non-2xx status or ``success: false``."""


def _ours_options(bindings: list[dict[str, object]]) -> Any:
    from wfp_async import UploadOptions
    from wfp_async._metadata import binding_from_dict

    return UploadOptions(
        compatibility_date="2024-09-23",
        compatibility_flags=["nodejs_compat"],
        tags=["plan-pro"],
        bindings=[binding_from_dict(b) for b in bindings],
    )


def make_ours(
    transport: httpx.AsyncBaseTransport | None,
    bindings: list[dict[str, object]],
    *,
    source: bytes = SOURCE_BYTES,
    base_url: str = BASE_URL,
    account: str = ACCOUNT,
    token: str = TOKEN,
) -> Contender:
    from wfp_async import NO_RETRY, Module, WfpClient, WorkerBundle

    cf = WfpClient(
        account_id=account,
        api_token=token,
        base_url=base_url,
        transport=transport,
        retry=NO_RETRY,
        rate_limit=None,
    )
    bundle = WorkerBundle.es_module(Module.from_bytes("index.js", source))
    options = _ours_options(bindings)

    async def get() -> object:
        return await cf.namespaces.get(NAMESPACE)

    async def upload(name: str) -> object:
        return await cf.scripts.put(NAMESPACE, name, bundle, options=options)

    return Contender(get, upload, cf.aclose)


def _official_metadata(bindings: list[dict[str, object]]) -> dict[str, Any]:
    return {
        "main_module": "index.js",
        "compatibility_date": "2024-09-23",
        "compatibility_flags": ["nodejs_compat"],
        "tags": ["plan-pro"],
        "bindings": bindings,
    }


def make_official(
    transport: httpx.AsyncBaseTransport | None,
    bindings: list[dict[str, object]],
    *,
    source: bytes = SOURCE_BYTES,
    base_url: str = BASE_URL,
    account: str = ACCOUNT,
    token: str = TOKEN,
) -> Contender:
    from cloudflare import AsyncCloudflare

    http = httpx.AsyncClient(
        transport=transport, limits=httpx.Limits(max_connections=100, max_keepalive_connections=50)
    )
    cf = AsyncCloudflare(api_token=token, base_url=base_url, http_client=http, max_retries=0)
    metadata = _official_metadata(bindings)

    async def get() -> object:
        return await cf.workers_for_platforms.dispatch.namespaces.get(NAMESPACE, account_id=account)

    async def upload(name: str) -> object:
        return await cf.workers_for_platforms.dispatch.namespaces.scripts.update(
            name,
            account_id=account,
            dispatch_namespace=NAMESPACE,
            metadata=metadata,  # type: ignore[arg-type]
            files=[("index.js", source, MODULE_TYPE)],
        )

    async def close() -> None:
        await cf.close()
        await http.aclose()

    return Contender(get, upload, close)


def make_raw(
    transport: httpx.AsyncBaseTransport | None,
    bindings: list[dict[str, object]],
    *,
    source: bytes = SOURCE_BYTES,
    base_url: str = BASE_URL,
    account: str = ACCOUNT,
    token: str = TOKEN,
) -> Contender:
    http = httpx.AsyncClient(
        transport=transport,
        base_url=base_url,
        headers={"Authorization": f"Bearer {token}"},
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
    )
    metadata = _official_metadata(bindings)
    ns_path = NS_PATH.replace(ACCOUNT, account)

    def result(response: httpx.Response) -> object:
        data = response.json()
        if not response.is_success or not data.get("success"):
            raise RawAPIError(response.status_code, data.get("errors"))
        return data["result"]

    async def get() -> object:
        return result(await http.get(ns_path))

    async def upload(name: str) -> object:
        files = [
            ("metadata", (None, json.dumps(metadata).encode(), "application/json")),
            ("index.js", ("index.js", source, MODULE_TYPE)),
        ]
        return result(await http.put(f"{ns_path}/scripts/{name}", files=files))

    return Contender(get, upload, http.aclose)


CONTENDERS: dict[str, Callable[..., Contender]] = {
    "ours": make_ours,
    "official": make_official,
    "raw httpx": make_raw,
}
