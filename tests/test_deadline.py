"""The retry deadline and the per-attempt bound hold against a real loopback server that trickles bytes."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx
import pytest
from anyio.abc import SocketAttribute, SocketStream

from wfp_async import RateLimited, RequestTimeout, RetryPolicy, WfpClient

ACCOUNT = "acct"
PATH = f"/client/v4/accounts/{ACCOUNT}/workers/dispatch/namespaces/tenants"


class Trickler:
    """An HTTP/1.1 server on 127.0.0.1 that answers headers, then one body byte every ``every`` seconds."""

    def __init__(self, every: float) -> None:
        self.every = every
        self.requests: list[bytes] = []

    async def handle(self, stream: SocketStream) -> None:
        with contextlib.suppress(anyio.BrokenResourceError, anyio.ClosedResourceError, anyio.EndOfStream):
            await self._answer(stream)

    async def _answer(self, stream: SocketStream) -> None:
        async with stream:
            head = b""
            while b"\r\n\r\n" not in head:
                head += await stream.receive()
            self.requests.append(head.split(b"\r\n", 1)[0])
            await stream.send(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
            )
            while True:
                await stream.send(b" ")
                await anyio.sleep(self.every)


@asynccontextmanager
async def trickling_server(every: float) -> AsyncIterator[tuple[str, Trickler]]:
    """Serve a Trickler on a free loopback port; stop it (and every connection) on the way out."""
    server = Trickler(every)
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1", local_port=0)
    port = listener.extra(SocketAttribute.local_port)
    async with listener, anyio.create_task_group() as group:
        group.start_soon(listener.serve, server.handle)
        try:
            yield f"http://127.0.0.1:{port}/client/v4", server
        finally:
            group.cancel_scope.cancel()


async def test_the_deadline_bounds_a_call_whose_server_trickles_bytes() -> None:
    """A byte every 0.25 s never trips the 1 s read timeout, yet the 3 s deadline ends the call."""
    async with (
        trickling_server(0.25) as (base_url, server),
        WfpClient(
            account_id=ACCOUNT,
            api_token="t0ken",
            base_url=base_url,
            timeout=1,
            retry=RetryPolicy(deadline=3),
        ) as cf,
    ):
        start = time.monotonic()
        with pytest.raises(RequestTimeout) as caught:
            await cf.namespaces.get("tenants")
        elapsed = time.monotonic() - start
    assert str(caught.value) == f"GET {PATH} -> the retry deadline of 3s passed"
    assert caught.value.sent is True
    assert server.requests == [f"GET {PATH} HTTP/1.1".encode()]
    assert (
        3 <= elapsed < 10
    )  # the deadline (slack for a loaded CI machine), not 100,000 bytes at 4 per second


async def test_an_attempt_is_bounded_without_a_deadline_and_then_retried() -> None:
    """With a far deadline, each attempt ends after pool+connect+write+read (4 x 0.25 s), then is retried."""
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    async with (
        trickling_server(0.05) as (base_url, server),
        WfpClient(
            account_id=ACCOUNT,
            api_token="t0ken",
            base_url=base_url,
            timeout=0.25,
            retry=RetryPolicy(attempts=2, deadline=1000, wait_jitter=0),
            sleep=no_wait,
        ) as cf,
    ):
        with pytest.raises(RequestTimeout) as caught:
            await cf.namespaces.get("tenants")
    assert str(caught.value) == f"GET {PATH} -> the attempt took longer than 1s"
    assert server.requests == [f"GET {PATH} HTTP/1.1".encode()] * 2
    assert waits == [0.2]


class SlowFeedbackLimiter:
    """A limiter whose feedback takes a round trip (as RedisLimiter's does), counting permits in flight."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.reported: list[int] = []

    async def acquire(self) -> None:
        self.in_flight += 1

    async def feedback(self, feedback: Any) -> None:
        await anyio.sleep(0.2)
        self.in_flight -= 1
        self.reported.append(feedback.status)

    async def aclose(self) -> None:
        pass


async def test_the_attempt_bound_does_not_cut_off_the_limiters_feedback() -> None:
    """An attempt whose answer (a 429) came in time keeps its shielded feedback to the limiter when the
    attempt's bound passes during it: the permit is returned and the 429 is what the caller sees."""

    async def handler(request: httpx.Request) -> httpx.Response:
        await anyio.sleep(0.05)
        body = {
            "success": False,
            "errors": [{"code": 10000, "message": "rate"}],
            "messages": [],
            "result": None,
        }
        return httpx.Response(429, headers={"Retry-After": "1"}, json=body)

    limiter = SlowFeedbackLimiter()
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        cf = WfpClient(
            account_id=ACCOUNT,
            api_token="TOKEN",
            http_client=http,
            rate_limit=limiter,  # type: ignore[arg-type]
            timeout=httpx.Timeout(0.025),
            retry=RetryPolicy(attempts=1),
        )
        with pytest.raises(RateLimited) as caught:
            await cf.namespaces.get("tenants")
    assert caught.value.status == 429
    assert (
        str(caught.value)
        == "GET /client/v4/accounts/acct/workers/dispatch/namespaces/tenants -> 429 [10000] rate"
    )
    assert (limiter.in_flight, limiter.reported) == (0, [429])


async def test_an_event_hook_tuning_one_requests_timeout_leaves_the_next_requests_alone() -> None:
    """Each request carries its own copy of the client's timeouts: a hook that changes one request's read
    timeout in place does not change what the next request carries."""
    seen: list[dict[str, float]] = []

    async def tune(request: httpx.Request) -> None:
        seen.append(dict(request.extensions["timeout"]))
        request.extensions["timeout"]["read"] = 0.5

    async def handler(request: httpx.Request) -> httpx.Response:
        body = {
            "success": True,
            "errors": [],
            "messages": [],
            "result": {"namespace_id": "1", "namespace_name": "t"},
        }
        return httpx.Response(200, json=body)

    async with httpx.AsyncClient(
        transport=httpx.MockTransport(handler), event_hooks={"request": [tune]}
    ) as http:
        cf = WfpClient(account_id=ACCOUNT, api_token="TOKEN", http_client=http, timeout=httpx.Timeout(7.0))
        await cf.namespaces.get("tenants")
        await cf.namespaces.get("tenants")
    assert seen == [{"connect": 7.0, "read": 7.0, "write": 7.0, "pool": 7.0}] * 2
