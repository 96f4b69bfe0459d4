"""The exception tree. Every failure a user can see is one of these:

    WfpError
    ├── InvalidInput (also a ValueError)  bad arguments, raised before any request is sent
    ├── ClientClosed              the WfpClient was used after ``aclose()`` (or its ``async with``)
    ├── APIError(status, errors, messages, method, url)      .codes -> frozenset[int]
    │   ├── AuthenticationError   401/403, or codes 10000 / 10023
    │   ├── NotFound              404, or code 10007
    │   ├── Conflict              409
    │   ├── ValidationError       400/422, or codes 10021 and other request errors
    │   ├── RateLimited           429 (.retry_after in seconds, when the server said)
    │   ├── ServerError           5xx, including the edge's HTML error pages
    │   └── InvalidResponse       a 2xx body that is not Cloudflare's envelope, or whose result
    │                             does not match the schema (.field names the offending field)
    ├── TransportError            connect/read/write/timeout; raised ``from`` the httpx error
    │   └── RequestTimeout
    ├── WorkerdMissing            the local runtime (``wfp_async.local``): workerd is not installed
    └── RuntimeFailed             the local runtime: workerd did not start (the end of its output)

Every APIError subclass takes the same keyword arguments, so the one function that maps responses to
errors (``wfp_async._envelope``) can pick a class and build it without special cases.

Below the tree are the internal ``ValueError`` s that one layer raises and another translates, so that the
translating layer (the transport, a resource) depends on this module only: :class:`SchemaMismatch` (an
answer's field has the wrong type; reported as ``InvalidResponse``), :class:`MalformedBinding` and
:class:`MultipartError`.

Messages never contain credentials or secret values: they are built only from the method, the URL path
(no query string, no headers) and what the server said.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "APIError",
    "AuthenticationError",
    "ClientClosed",
    "Conflict",
    "ErrorDetail",
    "InvalidInput",
    "InvalidResponse",
    "NotFound",
    "RateLimited",
    "RequestTimeout",
    "RuntimeFailed",
    "ServerError",
    "TransportError",
    "ValidationError",
    "WfpError",
    "WorkerdMissing",
]


@attrs.frozen
class ErrorDetail:
    """One entry of Cloudflare's ``errors`` or ``messages`` array: a code and a message.

    ``[(detail.code, detail.message) for detail in error.errors]``; ``str(ErrorDetail(10007, "Not
    found"))`` is ``[10007] Not found``.
    """

    code: int
    message: str
    documentation_url: str | None = None
    pointer: str | None = None

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class WfpError(Exception):
    """Root of every exception wfp-async raises.

    ``except WfpError as error:`` catches them all (never an httpx, JSON or KeyError exception).
    """

    def __reduce__(self) -> tuple[object, ...]:
        # Exception's own reduce (the message, then the fields) but through __new__, so that pickle and copy
        # (process pools, caches) never call a constructor that takes fields (APIError's keyword-only ones).
        return (type(self).__new__, (type(self), *self.args), self.__dict__)


class InvalidInput(WfpError, ValueError):
    """An argument was rejected locally, before any request was sent. Also a ``ValueError``.

    ``except InvalidInput:`` around ``cf.scripts.get("tenants", "Not Valid")`` catches the bad name.
    """


class ClientClosed(WfpError):
    """The client was used after it was closed (after ``await cf.aclose()`` or its ``async with`` block).

    Nothing was sent. Keep one client open for the life of the program and close it once, at the end:
    ``except ClientClosed:`` around a call made after ``await cf.aclose()``.
    """


class APIError(WfpError):
    """The API answered, and the answer was a failure (or could not be understood).

    ``str(error)`` reads like
    ``PUT /accounts/…/scripts/acme -> 400 [10021] Main module name is not present in bundle.``
    Catch it as ``except APIError as error: print(error.status, error.codes)``.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int,
        method: str,
        url: str,
        errors: Iterable[ErrorDetail] = (),
        messages: Iterable[ErrorDetail] = (),
        body_excerpt: str | None = None,
        retry_after: float | None = None,
        field: str | None = None,
    ) -> None:
        self.status = status
        self.method = method
        self.url = url
        self.errors: tuple[ErrorDetail, ...] = tuple(errors)
        self.messages: tuple[ErrorDetail, ...] = tuple(messages)
        self.body_excerpt = body_excerpt
        self.retry_after = retry_after
        self.field = field
        self.detail = message
        text = f"{method} {url} -> {status}"
        if self.errors:
            text += " " + "; ".join(str(e) for e in self.errors)
        if message:
            text += f" {message}"
        if body_excerpt is not None and not self.errors:
            text += f" (body: {body_excerpt!r})"
        super().__init__(text)

    @property
    def codes(self) -> frozenset[int]:
        """Cloudflare's error codes, e.g. ``frozenset({10007})``."""
        return frozenset(e.code for e in self.errors)


class AuthenticationError(APIError):
    """401/403: the credential is missing, wrong, or lacks the permission (codes 10000, 10023).

    ``except AuthenticationError:`` is the place to say "check CLOUDFLARE_API_TOKEN"; never retried.
    """


class NotFound(APIError):
    """404: the namespace, script, secret or tag does not exist (code 10007).

    ``except NotFound: ...`` around ``await cf.scripts.get("tenants", "gone")``.
    """


class Conflict(APIError):
    """409: the request conflicts with the resource's current state.

    ``except Conflict:`` around ``await cf.namespaces.create("tenants")`` when it already exists.
    """


class ValidationError(APIError):
    """400/422: the API rejected the request (10021 script validation, 10001, 10004, ...).

    ``except ValidationError as error: print(error.codes)``; never retried, the request must change.
    """


class RateLimited(APIError):
    """429: too many requests. ``retry_after`` holds the server's wait in seconds, when it gave one.

    Raised once the retry policy gives up: ``except RateLimited as error: await anyio.sleep(error.retry_after
    or 1)``.
    """


class ServerError(APIError):
    """5xx, including the HTML error pages Cloudflare's edge serves (502, 503, 520-527).

    Raised once the retry policy gives up; ``except ServerError as error: error.body_excerpt`` shows
    the start of an HTML page.
    """


class InvalidResponse(APIError):
    """A successful status whose body is not the expected envelope or does not match the schema.

    ``field`` names the offending field (``result.namespace_id``) when the schema was the problem:
    ``except InvalidResponse as error: print(error.field)``.
    """


class TransportError(WfpError):
    """The request failed below HTTP: connect, read, write, protocol, or timeout.

    ``sent`` is False only when the request certainly never reached the server (connect failures,
    pool timeouts), which is what makes a non-idempotent retry safe. The httpx error is its cause:
    ``except TransportError as error: error.__cause__``.
    """

    def __init__(self, message: str, *, method: str, url: str, sent: bool = True) -> None:
        self.method = method
        self.url = url
        self.sent = sent
        self.detail = message
        super().__init__(f"{method} {url} -> {message}")


class RequestTimeout(TransportError):
    """The request timed out (connect, read, write or pool timeout). A :class:`TransportError`.

    ``except RequestTimeout:`` around ``await cf.with_options(timeout=5).scripts.get("tenants", "acme")``.
    """


class WorkerdMissing(WfpError):
    """workerd is not installed where wfp dev looks for it; the message names the command that installs it.

    ``except WorkerdMissing as error: print(error)`` ends with ``run `make tools` ...``.
    """


class RuntimeFailed(WfpError):
    """workerd did not start (or stopped answering); the message ends with what workerd printed.

    ``except RuntimeFailed as error:`` around ``LocalPlatform(...).start()`` catches a broken dispatcher.
    """


class SchemaMismatch(WfpError, ValueError):
    """A response field does not have the type the schema promises (``field`` names it)."""

    def __init__(self, field: str, expected: str, value: object) -> None:
        self.field = field
        super().__init__(f"field {field!r} should be {expected}, got {type(value).__name__}")


class MalformedBinding(ValueError):
    """A binding in a response lacks its ``name`` or ``type``."""


class MultipartError(ValueError):
    """A multipart body or its Content-Type header is malformed."""
