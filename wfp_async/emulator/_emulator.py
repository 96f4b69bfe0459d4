"""``Emulator``: one emulated Cloudflare account as an ASGI application, and the ways to reach it.

An emulator owns its state (no globals): use it in-process through :meth:`Emulator.transport`, or on a
loopback socket through :meth:`Emulator.serve` (uvicorn in a background thread), or from the command line
(``python -m wfp_async.emulator``).
"""

from __future__ import annotations

import contextlib
import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import attrs
import httpx
from starlette.types import Message, Receive, Scope, Send

from ._app import ConnectionDropped, build_router
from ._faults import FaultConfig, Faults
from ._server import serve_in_thread
from ._state import Account, Namespace
from ._throttle import ApiRateLimit, Throttle

MAX_BODY_SIZE = 64 * 1024 * 1024
"""Cloudflare's Worker size limit, 64 MiB uncompressed (developers.cloudflare.com/workers/platform/limits)."""


class Emulator:
    """An in-memory Workers for Platforms API for one account.

    ``token`` is the accepted bearer token; ``email`` with ``api_key`` enables the legacy
    ``X-Auth-Email``/``X-Auth-Key`` pair. ``seed`` makes generated ids and random faults reproducible.
    ``faults`` sets random faults (see :class:`FaultConfig`); change them later through ``faults``.
    ``clock`` replaces the wall clock (the rate limit's windows follow it too); ``bucket_size`` is the most
    hashes per assets upload bucket. ``rate_limit`` (``ApiRateLimit.parse("1200/300")``) turns on
    Cloudflare's per-token rate limit, the same as ``FaultConfig(rate_limit=...)``. ``max_body_size`` is
    the largest request body accepted (bytes; Cloudflare's 64 MiB Worker size limit by default): a larger
    one is refused with 413 and code 10027 as soon as it is seen, never read whole.
    ``emu = Emulator(seed=1)`` then ``WfpClient(account_id=emu.account_id, api_token="emu-token",
    transport=emu.transport())``. Raises ``ValueError`` for ``bucket_size < 1`` or an ``email`` without
    ``api_key`` (or the reverse), for both ``rate_limit`` and ``faults.rate_limit``, or for
    ``max_body_size < 1``.
    """

    def __init__(
        self,
        account_id: str = "emu-account",
        token: str | None = "emu-token",
        *,
        email: str | None = None,
        api_key: str | None = None,
        seed: int | None = None,
        faults: FaultConfig | None = None,
        clock: Callable[[], datetime] | None = None,
        bucket_size: int = 10,
        rate_limit: ApiRateLimit | None = None,
        max_body_size: int = MAX_BODY_SIZE,
    ) -> None:
        if bucket_size < 1:
            raise ValueError("bucket_size must be at least 1")
        if max_body_size < 1:
            raise ValueError("max_body_size must be at least 1")
        if rate_limit is not None:
            if faults is not None and faults.rate_limit is not None:
                raise ValueError("give the rate limit once: rate_limit= or FaultConfig(rate_limit=...)")
            faults = attrs.evolve(faults or FaultConfig(), rate_limit=rate_limit)
        if (email is None) != (api_key is None):
            raise ValueError("email and api_key go together")
        self.token = token
        self.email = email
        self.api_key = api_key
        self.seed = seed
        self.lock = threading.Lock()
        self.max_body_size = max_body_size
        self.faults = Faults(faults, seed=seed)
        """The fault controller: ``faults.config``, ``faults.fail_next(...)``, ``faults.history``."""
        self.throttle = Throttle()
        """The rate limit's per-token windows (used when ``faults.config.rate_limit`` is set)."""
        self._clock = clock or (lambda: datetime.now(UTC))
        self._bucket_size = bucket_size
        self.account = Account(account_id, self._clock, random.Random(seed), bucket_size)
        """The in-memory state (namespaces, scripts, asset files); read it freely in tests."""
        self._router = build_router(self)

    @property
    def account_id(self) -> str:
        """The emulated account's id: ``WfpClient(account_id=emu.account_id, ...)``."""
        return self.account.account_id

    @property
    def namespaces(self) -> dict[str, Namespace]:
        """The namespaces by name (live view of the state): ``emu.namespaces["tenants"].scripts``."""
        return self.account.namespaces

    def now(self) -> float:
        """The emulator's clock in seconds since the epoch: ``emu.now()``."""
        return self._clock().timestamp()

    def reset(self) -> None:
        """Forget all state, faults (the rate limit too) and rate-limit windows; ids restart from the seed.

        ``emu.reset()``.
        """
        with self.lock:
            self.account = Account(self.account_id, self._clock, random.Random(self.seed), self._bucket_size)
            self.faults.clear()
            self.throttle.clear()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point for servers; a dropped connection closes without a complete answer."""
        try:
            await self._router(scope, receive, send)
        except ConnectionDropped:
            # ASGI cannot close before answering; an announced body that never comes makes uvicorn
            # close the connection, and the client sees a disconnect rather than an answer.
            start: Message = {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-length", b"1")],
            }
            await send(start)

    def transport(self) -> httpx.AsyncBaseTransport:
        """An in-process transport: ``httpx.AsyncClient(transport=emu.transport(), base_url=...)``."""
        return _InProcessTransport(self._router)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> contextlib.AbstractContextManager[str]:
        """Serve on a loopback socket in a background thread; yields the base URL (``.../client/v4``).

        ``port=0`` picks a free port. The server stops and its thread is joined when the block exits:
        ``with emu.serve() as base_url: WfpClient(..., base_url=base_url)``. Raises ``OSError`` when the
        port cannot be bound, ``RuntimeError`` when the server fails to start.
        """
        return serve_in_thread(self, host, port)


class _InProcessTransport(httpx.ASGITransport):
    """ASGITransport that turns a dropped connection into httpx.RemoteProtocolError."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except ConnectionDropped:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from None
