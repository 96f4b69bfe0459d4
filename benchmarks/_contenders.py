"""The three contenders, each doing the same work its own idiomatic way.

* ours: ``WfpClient`` with ``retry=NO_RETRY``;
* official: ``cloudflare.AsyncCloudflare`` with ``max_retries=0`` over an ``httpx.AsyncClient`` we pass in;
* raw httpx: the floor for any httpx-based client (send, parse JSON, check ``success``, take ``result``).

Each ``make_*`` returns a :class:`Contender`: coroutine functions bound to one client. The official package
has no list operation for a namespace's scripts: its contender lists them with its own pager
(``get_api_list``) into its own dispatch-script model, which is what its list operations do elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

import httpx

from benchmarks._common import ACCOUNT, BASE_URL, NAMESPACE, NS_PATH, TOKEN, WORKER_SOURCE, bindings_metadata

SOURCE_BYTES = WORKER_SOURCE.encode()
MODULE_TYPE = "application/javascript+module"


class Contender(NamedTuple):
    get: Callable[[], Awaitable[object]]
    upload: Callable[[str], Awaitable[object]]
    close: Callable[[], Awaitable[None]]
    # list one namespace's scripts (100 in the answer), one script's details, and an upload whose
    # bindings (``built`` of them) and options are built anew for each call, as a pipeline does per tenant
    list_scripts: Callable[[], Awaitable[object]]
    script_get: Callable[[], Awaitable[object]]
    upload_built: Callable[[str, int], Awaitable[object]]


class RawAPIError(Exception):
    """Raw httpx's whole error handling: a non-2xx status or ``success: false``."""


def _ours_bindings(count: int) -> list[Any]:
    """The bindings of ``bindings_metadata(count)`` as our typed classes, built by their constructors."""
    from wfp_async import D1, KVNamespace, PlainText, R2Bucket, Service

    kinds: list[Callable[[int], Any]] = [
        lambda i: PlainText(f"VAR_{i}", f"value-{i}"),
        lambda i: KVNamespace(f"KV_{i}", namespace_id=f"{i:032x}"),
        lambda i: R2Bucket(f"R2_{i}", bucket_name=f"bucket-{i}"),
        lambda i: Service(f"SVC_{i}", service=f"svc-{i}", environment="production"),
        lambda i: D1(f"DB_{i}", database_id=f"{i:032x}"),
    ]
    return [kinds[i % len(kinds)](i) for i in range(count)]


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
    from wfp_async import NO_RETRY, Module, UploadOptions, WfpClient, WorkerBundle

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

    async def list_scripts() -> object:
        return await cf.scripts.list(NAMESPACE)

    async def script_get() -> object:
        return await cf.scripts.get(NAMESPACE, "acme")

    async def upload_built(name: str, count: int) -> object:
        built = UploadOptions(
            compatibility_date="2024-09-23",
            compatibility_flags=["nodejs_compat"],
            tags=["plan-pro"],
            bindings=_ours_bindings(count),
        )
        return await cf.scripts.put(NAMESPACE, name, bundle, options=built)

    return Contender(get, upload, cf.aclose, list_scripts, script_get, upload_built)


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
    from cloudflare.pagination import AsyncSinglePage
    from cloudflare.types.workers_for_platforms.dispatch.namespaces import Script

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

    async def list_scripts() -> object:
        pager = cf.get_api_list(
            f"/accounts/{account}/workers/dispatch/namespaces/{NAMESPACE}/scripts",
            page=AsyncSinglePage[Script],
            model=Script,
        )
        return [item async for item in pager]

    async def script_get() -> object:
        return await cf.workers_for_platforms.dispatch.namespaces.scripts.get(
            "acme", account_id=account, dispatch_namespace=NAMESPACE
        )

    async def upload_built(name: str, count: int) -> object:
        return await cf.workers_for_platforms.dispatch.namespaces.scripts.update(
            name,
            account_id=account,
            dispatch_namespace=NAMESPACE,
            metadata=_official_metadata(bindings_metadata(count)),  # type: ignore[arg-type]
            files=[("index.js", source, MODULE_TYPE)],
        )

    async def close() -> None:
        await cf.close()
        await http.aclose()

    return Contender(get, upload, close, list_scripts, script_get, upload_built)


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

    async def list_scripts() -> object:
        return result(await http.get(f"{ns_path}/scripts"))

    async def script_get() -> object:
        return result(await http.get(f"{ns_path}/scripts/acme"))

    async def upload_built(name: str, count: int) -> object:
        built = _official_metadata(bindings_metadata(count))
        files = [
            ("metadata", (None, json.dumps(built).encode(), "application/json")),
            ("index.js", ("index.js", source, MODULE_TYPE)),
        ]
        return result(await http.put(f"{ns_path}/scripts/{name}", files=files))

    return Contender(get, upload, http.aclose, list_scripts, script_get, upload_built)


CONTENDERS: dict[str, Callable[..., Contender]] = {
    "ours": make_ours,
    "official": make_official,
    "raw httpx": make_raw,
}
