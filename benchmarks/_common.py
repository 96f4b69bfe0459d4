"""What every benchmark shares: Cloudflare-shaped answers, the three contenders' clients, timing helpers.

Every contender talks to the same ``httpx.MockTransport`` handler (it reads the whole request body, as a
server would, and answers a realistic Cloudflare envelope), and none of them retries.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Awaitable, Callable, Iterable

import httpx

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "bench-token-0123456789abcdefghij"
NAMESPACE = "tenants"
BASE_URL = "https://api.cloudflare.com/client/v4"
NS_PATH = f"/accounts/{ACCOUNT}/workers/dispatch/namespaces/{NAMESPACE}"

WORKER_SOURCE = (
    "export default {\n"
    "  async fetch(request, env) {\n"
    "    return new Response(`hello from ${env.TENANT ?? 'nobody'}`);\n"
    "  },\n"
    "};\n"
)


def envelope(result: object) -> bytes:
    return json.dumps({"success": True, "errors": [], "messages": [], "result": result}).encode()


NAMESPACE_BODY = envelope(
    {
        "namespace_id": "0f2ac74b-498b-4f5b-9b2c-1bb3c6d5bd4e",
        "namespace_name": NAMESPACE,
        "created_on": "2024-03-01T12:00:00.000000Z",
        "created_by": "4e599df4216133509abaac54b109a647",
        "modified_on": "2024-03-02T08:30:00.000000Z",
        "modified_by": "4e599df4216133509abaac54b109a647",
        "script_count": 812,
        "trusted_workers": False,
    }
)


def script_body(name: str) -> bytes:
    return envelope(
        {
            "id": name,
            "etag": "ea95132c15732412d22c1476fa83f27a",
            "created_on": "2024-03-01T12:00:00.000000Z",
            "modified_on": "2024-03-02T08:30:00.000000Z",
            "handlers": ["fetch"],
            "has_modules": True,
            "has_assets": False,
            "compatibility_date": "2024-09-23",
            "compatibility_flags": ["nodejs_compat"],
            "tags": ["plan-pro"],
            "usage_model": "standard",
            "logpush": False,
            "startup_time_ms": 10,
            "entry_point": "index.js",
        }
    )


UPLOAD_BODY = script_body("acme")


def _details(name: str) -> dict[str, object]:
    """One list-scripts item (script details): the namespace, the audit times and the nested script."""
    return {
        "created_on": "2024-03-01T12:00:00.000000Z",
        "modified_on": "2024-03-02T08:30:00.000000Z",
        "dispatch_namespace": NAMESPACE,
        "script": json.loads(script_body(name))["result"],
    }


LIST_SIZE = 100
SCRIPT_BODY = envelope(_details("acme"))
LIST_BODY = envelope([_details(f"tenant-{i}") for i in range(LIST_SIZE)])
_HEADERS = {"Content-Type": "application/json", "CF-Ray": "8c1b2f3e4d5a6b7c-LHR"}


async def cloudflare_handler(request: httpx.Request) -> httpx.Response:
    """What every contender talks to: reads the body like a server, answers the matching envelope."""
    await request.aread()
    if request.method == "PUT":
        return httpx.Response(200, headers=_HEADERS, content=UPLOAD_BODY)
    if request.url.path.endswith("/scripts"):
        return httpx.Response(200, headers=_HEADERS, content=LIST_BODY)
    if "/scripts/" in request.url.path:
        return httpx.Response(200, headers=_HEADERS, content=SCRIPT_BODY)
    return httpx.Response(200, headers=_HEADERS, content=NAMESPACE_BODY)


def mock_transport() -> httpx.MockTransport:
    return httpx.MockTransport(cloudflare_handler)


def list_transport(size: int) -> httpx.MockTransport:
    """A transport whose every answer is one list-scripts page of ``size`` scripts."""
    body = envelope([_details(f"tenant-{i}") for i in range(size)])

    async def handler(request: httpx.Request) -> httpx.Response:
        await request.aread()
        return httpx.Response(200, headers=_HEADERS, content=body)

    return httpx.MockTransport(handler)


def bindings_metadata(count: int) -> list[dict[str, object]]:
    """``count`` bindings as Cloudflare's JSON, cycling through five common kinds."""
    kinds: list[Callable[[int], dict[str, object]]] = [
        lambda i: {"type": "plain_text", "name": f"VAR_{i}", "text": f"value-{i}"},
        lambda i: {"type": "kv_namespace", "name": f"KV_{i}", "namespace_id": f"{i:032x}"},
        lambda i: {"type": "r2_bucket", "name": f"R2_{i}", "bucket_name": f"bucket-{i}"},
        lambda i: {"type": "service", "name": f"SVC_{i}", "service": f"svc-{i}", "environment": "production"},
        lambda i: {"type": "d1", "name": f"DB_{i}", "database_id": f"{i:032x}"},
    ]
    return [kinds[i % len(kinds)](i) for i in range(count)]


def peak_rss_mb() -> float:
    """This process's peak RSS in MB. Linux's VmHWM belongs to this program alone, whereas ``ru_maxrss``
    of a child process can carry its parent's peak across fork and exec; other systems get ru_maxrss."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


async def timed(
    run: Callable[[], Awaitable[object]], clock: Callable[[], float] = time.perf_counter
) -> float:
    start = clock()
    await run()
    return clock() - start
