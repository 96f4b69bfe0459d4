"""The one pooled ``httpx.AsyncClient``: base URL, credentials, timeouts, retries, and error mapping.

Resources hand it the request the generated layer built (``_get_kwargs``: method, path, query, headers,
JSON body) plus, for multipart uploads, the bytes the facade encoded. It sends the request under the
retry policy and returns Cloudflare's envelope, or raises one :class:`~wfp_async._errors.WfpError`.
httpx's own exceptions are translated here and nowhere else.
"""

from __future__ import annotations

import copy
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import anyio
import httpx

from wfp_async._decoding import ACCEPT_ENCODING, BadEncoding, decode_body
from wfp_async._envelope import Envelope, unwrap
from wfp_async._errors import (
    ClientClosed,
    InvalidInput,
    InvalidResponse,
    RequestTimeout,
    SchemaMismatch,
    TransportError,
    WfpError,
)
from wfp_async._names import check_json_value
from wfp_async._ratelimit import Feedback, Limiter, parse_feedback
from wfp_async._retry import IDEMPOTENT_METHODS, RetryPolicy, call_with_retry

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "Transport"]

logger = logging.getLogger("wfp_async")

DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)

# Errors raised before a byte of the request can have left this machine: retrying them is safe even
# for a POST.
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.InvalidURL,
)

# A path made of characters that need no percent-encoding (no '%', '?', '#', space or non-ASCII).
_PLAIN_PATH = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/]*")

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[object]]
RetryHook = Callable[[WfpError, int, float], object]


class Transport:
    """Sends requests for one client. Not public: users reach it through ``WfpClient``."""

    def __init__(
        self,
        *,
        base_url: str,
        auth_headers: Mapping[str, str],
        http_client: httpx.AsyncClient,
        timeout: httpx.Timeout,
        retry: RetryPolicy,
        sleep: Sleep = anyio.sleep,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._base_parts = _parsed_base(self.base_url)
        self.http = http_client
        self._set_timeout(timeout)
        self.retry = retry
        self.sleep = sleep
        self.clock = clock
        self.rand = rand
        self.on_retry: RetryHook | None = None
        self.limiter: Limiter | None = None
        # Whether the wait for a rate-limit permit counts against the retry deadline (False in bulk runs).
        self.permit_waits_count = True
        # The headers every request carries, merged once per client; a call only adds its own.
        self._headers = {"Accept-Encoding": ACCEPT_ENCODING, **auth_headers}
        self._merged = httpx.Headers()
        self._merged_from: list[tuple[bytes, bytes]] | None = None

    def evolve(
        self,
        *,
        timeout: httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        limiter: Limiter | None = None,
        on_retry: RetryHook | None = None,
        permit_waits_count: bool | None = None,
    ) -> Transport:
        """The same transport (httpx client, credentials) with another timeout, retry policy, request
        limiter, retry hook or deadline rule for permit waits; what is not given is kept."""
        evolved = copy.copy(self)
        if permit_waits_count is not None:
            evolved.permit_waits_count = permit_waits_count
        if timeout is not None:
            evolved._set_timeout(timeout)
        if retry is not None:
            evolved.retry = retry
        if limiter is not None:
            evolved.limiter = limiter
        if on_retry is not None:
            evolved.on_retry = on_retry
        return evolved

    def _set_timeout(self, timeout: httpx.Timeout) -> None:
        # The request extension build_request would make, and the attempt bound it implies, once.
        self.timeout = timeout
        self._timeout_parts = timeout.as_dict()
        self._attempt_limit = _attempt_timeout(self._timeout_parts)

    def build(
        self,
        kwargs: Mapping[str, Any],
        *,
        content: bytes | None = None,
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        timeout: float | httpx.Timeout | None = None,
    ) -> httpx.Request:
        """The ``httpx.Request`` that ``http.build_request`` would build from a generated ``_get_kwargs``
        (the client's headers, then ours; its cookies), without redoing what only changes with the client."""
        http = self.http
        generated_headers = kwargs.get("headers")
        if auth and not generated_headers and not headers:
            merged = self._client_headers(http)  # the common case: no header of the call's own
            if content_type is not None:  # but an upload's content type: last, as build_request puts it
                own = {"Content-Type": content_type}
                _check_ascii(own)
                merged = merged.copy()
                merged.update(own)
        else:
            # Only the codings _decoding checks end to end (httpx would add br/zstd when they are installed).
            request_headers = self._headers.copy() if auth else {"Accept-Encoding": ACCEPT_ENCODING}
            if generated_headers:
                request_headers.update(generated_headers)
            if headers:
                request_headers.update(headers)
            if content_type is not None:
                request_headers["Content-Type"] = content_type
            _check_ascii(request_headers)
            merged = httpx.Headers(http.headers)
            merged.update(request_headers)
        params = kwargs.get("params") or None
        if http.params:  # a caller's client with query parameters of its own: merged as httpx merges them
            params = http.params.merge(params)
        body = kwargs.get("json")
        if body is not None:
            # httpx would raise UnicodeEncodeError holding the whole body (a secret's text) instead.
            check_json_value(body, "the request body")
        # A copy per request: an event hook that tunes one request's timeout must not change the next ones.
        timeout_parts = dict(self._timeout_parts) if timeout is None else httpx.Timeout(timeout).as_dict()
        path = kwargs["url"]
        url: httpx.URL | str = self.base_url + path
        parts = self._base_parts
        if (
            parts is not None
            and len(self.base_url) + len(path) < 8192
            and path[:1] == "/"
            and "/." not in path
            and _PLAIN_PATH.fullmatch(path)
        ):
            # What httpx's parse of ``url`` would give, without its ~25 µs of parsing and percent-encoding
            # again a path in which nothing needs it (tests/test_request_building.py holds the two equal).
            # Longer URLs are parsed, and refused past httpx's 64 KiB limit.
            url = httpx.URL.__new__(httpx.URL)
            url._uri_reference = parts._replace(path=parts.path + path)
        try:
            return httpx.Request(
                kwargs["method"].upper(),
                url,
                params=params,
                json=body,
                content=content,
                headers=merged,
                cookies=http.cookies,
                extensions={"timeout": timeout_parts},
            )
        except httpx.InvalidURL as exc:
            # e.g. a name so long that the URL passes httpx's 64 KiB limit: refused before any request.
            raise InvalidInput(f"the request URL is invalid: {exc}") from None

    def _client_headers(self, http: httpx.AsyncClient) -> httpx.Headers:
        """The http client's headers updated with ours, merged again only when the client's change."""
        raw = http.headers.raw
        if raw != self._merged_from:
            _check_ascii(self._headers)
            merged = httpx.Headers(http.headers)
            merged.update(self._headers)
            self._merged, self._merged_from = merged, raw
        return self._merged

    async def send(
        self,
        request: httpx.Request,
        read: Callable[[httpx.Response], T],
        *,
        idempotent: bool | None = None,
        retry: RetryPolicy | None = None,
    ) -> T:
        """Send ``request`` under the retry policy and ``read`` the raw response of a 2xx answer (one that
        is not an envelope: script content). Non-2xx answers raise the envelope parser's typed errors."""

        def handle(response: httpx.Response) -> T:
            if not 200 <= response.status_code < 300:
                unwrap(response)  # raises the typed error
            return read(response)

        return await self._with_retries(request, handle, idempotent=idempotent, retry=retry)

    async def call(
        self,
        request: httpx.Request,
        convert: Callable[[Envelope], T],
        *,
        idempotent: bool | None = None,
        retry: RetryPolicy | None = None,
        bare: frozenset[str] = frozenset(),
    ) -> T:
        """Send ``request`` under the retry policy, unwrap the envelope (``bare``: see :func:`parse_envelope`)
        and convert it; a result that does not match the schema raises :class:`InvalidResponse`."""

        def handle(response: httpx.Response) -> T:
            envelope = unwrap(response, bare=bare)
            try:
                return convert(envelope)
            except SchemaMismatch as exc:
                raise InvalidResponse(
                    str(exc),
                    status=response.status_code,
                    method=request.method,
                    url=request.url.path,
                    field=exc.field,
                ) from None

        return await self._with_retries(request, handle, idempotent=idempotent, retry=retry)

    async def _with_retries(
        self,
        request: httpx.Request,
        handle: Callable[[httpx.Response], T],
        *,
        idempotent: bool | None,
        retry: RetryPolicy | None,
    ) -> T:
        # Normally the wait for a permit is part of the call, deadline included. A view made with
        # ``permit_waits_count=False`` (bulk runs) waits for its turn outside the deadline.
        limiter = self.limiter
        turn = limiter.acquire if limiter is not None and not self.permit_waits_count else None

        parts = request.extensions.get("timeout")

        async def attempt() -> T:
            return handle(await self._send_once(request, permitted=turn is not None))

        def timed_out(reason: str) -> WfpError:
            return RequestTimeout(reason, method=request.method, url=request.url.path)

        return await call_with_retry(
            attempt,
            policy=self.retry if retry is None else retry,
            idempotent=request.method in IDEMPOTENT_METHODS if idempotent is None else idempotent,
            sleep=self.sleep,
            clock=self.clock,
            rand=self.rand,
            on_retry=self._retrying,
            attempt_timeout=self._attempt_limit if parts == self._timeout_parts else _attempt_timeout(parts),
            timed_out=timed_out,
            wait_turn=turn,
        )

    def _retrying(self, error: WfpError, attempt: int, wait: float) -> None:
        # The message is the error's own: method, path and what the server said, never headers.
        logger.debug("attempt %d failed, retrying in %.2fs: %s", attempt, wait, error)
        if self.on_retry is not None:
            self.on_retry(error, attempt, wait)

    async def _send_once(self, request: httpx.Request, *, permitted: bool = False) -> httpx.Response:
        """One attempt: a permit from the limiter (unless the caller took it: ``permitted``), the exchange,
        and what the answer said about the budget, told to the limiter."""
        if self.http.is_closed:  # httpx would raise a RuntimeError
            raise ClientClosed(
                f"{request.method} {request.url.path}: the client is closed (used after aclose())"
            )
        limiter = self.limiter
        if limiter is None:
            return await self._exchange(request)
        # Every attempt takes a permit first and reports its answer (status 0: none came), even when
        # cancelled, so that the limiter's count of requests in flight stays true.
        if not permitted:
            await limiter.acquire()
        feedback = Feedback(status=0)
        try:
            response = await self._exchange(request)
            feedback = parse_feedback(response.status_code, response.headers)
            return response
        finally:
            with anyio.CancelScope(shield=True):
                await limiter.feedback(feedback)

    async def _exchange(self, request: httpx.Request) -> httpx.Response:
        """One request and its whole answer, the body decoded strictly (see ``_decoding``); httpx's errors
        become ours."""
        try:
            # Never follow redirects, whatever the http_client says: a redirect must not carry the
            # credentials (a bearer token, or X-Auth-Key, which httpx does not strip) to another host.
            response = await self.http.send(request, follow_redirects=False, stream=True)
            if response.is_stream_consumed:
                # Read already by the transport (a test double, a recording wrapper), and decoded by httpx.
                await response.aclose()
                return response
            if "content-encoding" not in response.headers:
                # Identity: httpx reads the bytes as they came (nothing to decode strictly), into this answer.
                await response.aread()
                return response
            try:
                raw = b"".join([chunk async for chunk in response.aiter_raw()])
            finally:
                await response.aclose()
        except (httpx.TransportError, httpx.DecodingError, httpx.InvalidURL) as exc:
            # DecodingError (a body that does not match its Content-Encoding) is not an httpx
            # TransportError, but here it is one: the answer could not be read off the wire.
            cls = RequestTimeout if isinstance(exc, httpx.TimeoutException) else TransportError
            sent = not isinstance(exc, _NOT_SENT)
            raise cls(_describe(exc), method=request.method, url=request.url.path, sent=sent) from exc
        headers = response.headers.copy()
        try:
            body = decode_body(raw, headers.pop("content-encoding", None))
        except BadEncoding as exc:
            raise TransportError(
                f"the answer could not be read: {exc}", method=request.method, url=request.url.path
            ) from None
        headers.pop("content-length", None)
        return httpx.Response(response.status_code, headers=headers, content=body, request=request)


def _parsed_base(base_url: str) -> Any:
    """httpx's parse of ``base_url`` when it is ``base_url`` as written (no case, port, dot segment or
    character that parsing would change), with a host and without a query or fragment, so that a plain
    path can be appended to it; else None."""
    try:
        base = httpx.URL(base_url)
    except httpx.InvalidURL:
        return None  # refused when a request is built, as InvalidInput
    parts: Any = getattr(base, "_uri_reference", None)
    if str(base) != base_url or not callable(getattr(parts, "_replace", None)):
        return None
    return parts if parts.host and parts.query is None and parts.fragment is None else None


def _check_ascii(headers: Mapping[str, str]) -> None:
    for name, value in headers.items():
        if not value.isascii():
            # httpx would raise UnicodeEncodeError (holding the value) instead: never echo it.
            raise InvalidInput(f"the {name} header must be ASCII (e.g. an entry module name)")


def _attempt_timeout(parts: object) -> float | None:
    """An attempt's whole time: each phase (pool, connect, write, read) may use its full timeout once.

    httpx's timeouts bound each network operation, so a server sending one byte per read would
    otherwise hold an attempt forever.
    """
    if not isinstance(parts, dict):
        return None
    total = 0.0
    for key in ("pool", "connect", "write", "read"):
        value = parts.get(key)
        if not isinstance(value, int | float):
            return None
        total += value
    return total


def _describe(exc: Exception) -> str:
    # httpx messages name the host and the failure, never headers; keep them short.
    text = str(exc).strip() or type(exc).__name__
    return f"{type(exc).__name__}: {text[:200]}"
