"""WfpClient: construction, lifecycle, and the resource accessors."""

from __future__ import annotations

import importlib
import math
import random
import time
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import TYPE_CHECKING, Self, TypeVar

import anyio
import httpx

from wfp_async._errors import InvalidInput
from wfp_async._names import check_account_id, check_type
from wfp_async._ratelimit import DEFAULT_RATE_LIMIT, Limiter, LocalLimiter, RateLimit, positive_seconds
from wfp_async._retry import RetryPolicy
from wfp_async._transport import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, Transport

if TYPE_CHECKING:
    from wfp_async.resources.assets import AssetsResource
    from wfp_async.resources.bindings import BindingsResource
    from wfp_async.resources.bulk import BulkResource
    from wfp_async.resources.content import ContentResource
    from wfp_async.resources.namespaces import NamespacesResource
    from wfp_async.resources.scripts import ScriptsResource
    from wfp_async.resources.secrets import SecretsResource
    from wfp_async.resources.settings import SettingsResource
    from wfp_async.resources.tags import TagsResource
    from wfp_async.resources.versions import DeploymentsResource, VersionsResource

__all__ = ["WfpClient"]

_DEFAULT_RETRY = RetryPolicy()
R = TypeVar("R")


class _Resource(cached_property[R]):
    """``cf.NAME``: ``NameResource`` of ``wfp_async.resources.NAME`` (or of ``module``), built on first use.

    Its module, and the generated code behind it, is imported then: ``import wfp_async; WfpClient(...)``
    stays cheap for programs that use one or two resources.
    """

    def __init__(self, *, module: str | None = None) -> None:
        super().__init__(self._build)
        self._module = module

    def _build(self, client: WfpClient) -> R:
        name = str(self.attrname)
        module = importlib.import_module(f"wfp_async.resources.{self._module or name}")
        resource: R = getattr(module, f"{name.capitalize()}Resource")(client._transport, client.account_id)
        return resource


def _timeout(value: float | httpx.Timeout | None) -> httpx.Timeout:
    if value is None:
        return DEFAULT_TIMEOUT
    if isinstance(value, httpx.Timeout):
        parts = (value.connect, value.read, value.write, value.pool)
        if any(part is None or not math.isfinite(part) for part in parts):
            raise InvalidInput(
                "every part of the timeout must be set (no None, no infinity): requests must never hang"
            )
        return value
    seconds = positive_seconds(value)
    if seconds is None:
        raise InvalidInput(f"timeout must be a positive number of seconds or an httpx.Timeout, not {value!r}")
    return httpx.Timeout(seconds)


def _limiter(
    value: object, *, clock: Callable[[], float], sleep: Callable[[float], Awaitable[object]]
) -> Limiter | None:
    if value is None:
        return None
    if isinstance(value, RateLimit):
        return LocalLimiter(value, clock=clock, sleep=sleep)
    if all(callable(getattr(value, name, None)) for name in ("acquire", "feedback", "aclose")):
        return value  # type: ignore[return-value]
    raise InvalidInput(f"rate_limit must be a RateLimit, a Limiter or None, not {type(value).__name__}")


def _credential(value: object, what: str) -> str:
    # The value itself is a secret: never put it in the message.
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{what} must be a non-empty str")
    if any(ch in value for ch in "\r\n\x00"):
        raise InvalidInput(f"{what} contains a line break or NUL character")
    if not all(" " <= ch <= "~" for ch in value):
        # An HTTP header carries printable ASCII only; httpx would fail on every call, naming the value.
        raise InvalidInput(f"{what} must be printable ASCII")
    return value


class WfpClient:
    """The async client for Cloudflare Workers for Platforms.

    ``async with WfpClient(account_id="...", api_token="...") as cf:`` then ``await cf.namespaces.list()``.
    Authenticate with ``api_token`` (preferred) or ``api_email`` + ``api_key``. ``transport=`` (e.g. the
    emulator's, or ``httpx.MockTransport``) or ``http_client=`` inject the I/O; a client passed in is
    never closed by us. One pooled ``httpx.AsyncClient`` serves every call. Every attempt of every request,
    from every view of the client, passes one rate limiter: ``rate_limit=`` takes a :class:`RateLimit`
    (Cloudflare's 1,200 per 5 minutes by default), any :class:`Limiter` (shared with other clients or
    processes; closed with the client), or None for none (tests against the emulator). Raises
    :class:`~wfp_async.InvalidInput` for missing or malformed arguments.
    """

    def __init__(
        self,
        *,
        account_id: str,
        api_token: str | None = None,
        api_email: str | None = None,
        api_key: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[object]] = anyio.sleep,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[], float] = random.random,
        rate_limit: RateLimit | Limiter | None = DEFAULT_RATE_LIMIT,
    ) -> None:
        self.account_id = check_account_id(account_id)
        if api_token is not None:
            if api_email is not None or api_key is not None:
                raise InvalidInput("pass either api_token, or api_email with api_key, not both")
            auth_headers = {"Authorization": f"Bearer {_credential(api_token, 'api_token')}"}
        elif api_email is not None and api_key is not None:
            auth_headers = {
                "X-Auth-Email": _credential(api_email, "api_email"),
                "X-Auth-Key": _credential(api_key, "api_key"),
            }
        else:
            raise InvalidInput("credentials are missing: pass api_token, or api_email with api_key")
        if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
            raise InvalidInput(f"base_url must be an http(s) URL, not {base_url!r}")
        if transport is not None:
            check_type(transport, httpx.AsyncBaseTransport, "transport", "an httpx.AsyncBaseTransport")
        if http_client is not None:
            check_type(http_client, httpx.AsyncClient, "http_client", "an httpx.AsyncClient")
        if transport is not None and http_client is not None:
            raise InvalidInput("pass transport or http_client, not both")
        retry = _DEFAULT_RETRY if retry is None else check_type(retry, RetryPolicy, "retry", "a RetryPolicy")
        checked_timeout = _timeout(timeout)  # before anything is opened
        limiter = _limiter(rate_limit, clock=clock, sleep=sleep)
        self.base_url = base_url.rstrip("/")
        self._owns_http = http_client is None
        self._owns_limiter = True
        if http_client is None:
            # Redirects are never followed: a redirect must not carry the credentials to another host.
            http_client = httpx.AsyncClient(
                transport=transport,
                follow_redirects=False,
                limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
            )
        self._transport = Transport(
            base_url=self.base_url,
            auth_headers=auth_headers,
            http_client=http_client,
            timeout=checked_timeout,
            retry=retry,
            sleep=sleep,
            clock=clock,
            rand=rand,
        )
        self._transport.limiter = limiter

    namespaces: _Resource[NamespacesResource] = _Resource()
    """``cf.namespaces``: list, get, create (POST), patch, put and delete namespaces."""
    scripts: _Resource[ScriptsResource] = _Resource()
    """``cf.scripts``: list by tags, get, put (upload), delete, and delete by tags."""
    content: _Resource[ContentResource] = _Resource()
    """``cf.content``: a script's modules, read back or replaced."""
    bindings: _Resource[BindingsResource] = _Resource()
    """``cf.bindings``: a script's bindings."""
    secrets: _Resource[SecretsResource] = _Resource()
    """``cf.secrets``: a script's secrets (values are sent, never returned)."""
    settings: _Resource[SettingsResource] = _Resource()
    """``cf.settings``: a script's settings."""
    tags: _Resource[TagsResource] = _Resource()
    """``cf.tags``: a script's tags."""
    assets: _Resource[AssetsResource] = _Resource()
    """``cf.assets``: upload a Worker's static assets."""
    versions: _Resource[VersionsResource] = _Resource()
    """``cf.versions``: create (upload) a version without serving it, list and get versions."""
    deployments: _Resource[DeploymentsResource] = _Resource(module="versions")
    """``cf.deployments``: split traffic between versions, read the current one, roll back."""

    @cached_property
    def bulk(self) -> BulkResource:
        """``cf.bulk``: the same operation on many scripts (deploy, delete, secrets, tags)."""
        from wfp_async.resources.bulk import BulkResource

        return BulkResource(self)

    def with_options(
        self, *, timeout: float | httpx.Timeout | None = None, retry: RetryPolicy | None = None
    ) -> WfpClient:
        """A view of this client with another timeout or retry policy, sharing its connection pool.

        ``await cf.with_options(timeout=5, retry=NO_RETRY).scripts.get("tenants", "acme")``. Raises
        :class:`~wfp_async.InvalidInput` for a bad timeout or retry value.
        """
        retry = None if retry is None else check_type(retry, RetryPolicy, "retry", "a RetryPolicy")
        timeout = None if timeout is None else _timeout(timeout)
        return self._view(self._transport.evolve(timeout=timeout, retry=retry))

    def _view(self, transport: Transport) -> WfpClient:
        """A client over another transport view; it shares (and never closes) this client's pool."""
        view = object.__new__(WfpClient)
        view.account_id = self.account_id
        view.base_url = self.base_url
        view._owns_http = False
        view._owns_limiter = False
        view._transport = transport
        return view

    @property
    def retry(self) -> RetryPolicy:
        """The retry policy every call uses (see :meth:`with_options` for another).

        ``cf.retry.attempts`` is 5 by default.
        """
        return self._transport.retry

    @property
    def limiter(self) -> Limiter | None:
        """The rate limiter every request of this client and its views passes (None when off).

        ``cf.limiter.factor`` is below 1.0 for a while after a 429 (a :class:`LocalLimiter`).
        """
        return self._transport.limiter

    @property
    def http_client(self) -> httpx.AsyncClient:
        """The pooled ``httpx.AsyncClient`` every call goes through.

        ``cf.http_client.is_closed`` tells whether :meth:`aclose` has closed it.
        """
        return self._transport.http

    async def aclose(self) -> None:
        """Close the connection pool, unless it was passed in (then it is the caller's to close).

        ``await cf.aclose()``, or let ``async with WfpClient(...) as cf:`` do it. Raises nothing of ours;
        calling it twice is harmless.
        """
        if self._owns_limiter and self._transport.limiter is not None:
            await self._transport.limiter.aclose()
        if self._owns_http:
            await self._transport.http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"WfpClient(account_id={self.account_id!r}, base_url={self.base_url!r})"
