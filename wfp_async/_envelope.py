"""Cloudflare's response envelope: the one place an HTTP answer becomes data or a typed error.

Sans-I/O: :func:`parse_envelope` takes ``(status, headers, body)`` and returns an :class:`Envelope` or
raises an :class:`~wfp_async._errors.APIError` subclass; whatever the bytes, nothing else escapes it.
Error messages carry the method and the URL path only, never the query string or headers.
"""

from __future__ import annotations

import email.utils
import json
import math
import time
from collections.abc import Callable, Mapping
from datetime import UTC
from typing import NamedTuple

import httpx

from wfp_async._errors import (
    APIError,
    AuthenticationError,
    Conflict,
    ErrorDetail,
    InvalidResponse,
    NotFound,
    RateLimited,
    ServerError,
    ValidationError,
)

__all__ = ["Envelope", "parse_envelope", "unwrap"]

_EXCERPT_MAX = 200
# Enough bytes for a 200-character excerpt even after collapsing some whitespace; never decode megabytes.
_EXCERPT_SCAN = 4096

_STATUS_CLASSES: Mapping[int, type[APIError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFound,
    409: Conflict,
    422: ValidationError,
    429: RateLimited,
}

# Cloudflare codes with a class of their own; other 100xx codes are request errors (ValidationError).
_CODE_CLASSES: Mapping[int, type[APIError]] = {
    10000: AuthenticationError,  # authentication error
    10002: ServerError,  # internal error
    10007: NotFound,  # resource not found
    10015: AuthenticationError,  # account not authorized for Workers
    10018: Conflict,  # e-tag mismatch
    10023: AuthenticationError,  # unauthorized
}
_REQUEST_ERROR_CODES = range(10000, 10100)


class Envelope(NamedTuple):
    """A successful answer: Cloudflare's ``result``, its ``result_info`` (paging) and ``messages``."""

    result: object
    result_info: Mapping[str, object] | None
    messages: tuple[ErrorDetail, ...]


_EMPTY = Envelope(result=None, result_info=None, messages=())


def parse_envelope(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    method: str,
    url: str,
    now: Callable[[], float] = time.time,
    bare: frozenset[str] = frozenset(),
) -> Envelope:
    """Turn an HTTP answer into an :class:`Envelope`, or raise the matching ``APIError`` subclass.

    ``url`` must be the path only (it goes into error messages); ``now`` converts an HTTP-date
    ``Retry-After`` into seconds. ``bare`` names the keys of a result that Cloudflare's spec documents
    without the envelope (the bulk delete's ``deleted``/``has_more``): a 2xx JSON object holding only
    keys among them is that result, bare.
    """
    ok = 200 <= status < 300
    if ok and not body.strip():
        return _EMPTY  # e.g. delete-worker answers 200 with no body
    try:
        data: object = json.loads(body)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        data = None
    if ok and bare and isinstance(data, dict) and "success" not in data and data.keys() <= bare:
        return Envelope(result=data, result_info=None, messages=())
    if not isinstance(data, dict) or not isinstance(data.get("success"), bool):
        if ok:
            raise InvalidResponse(
                "response is not a Cloudflare JSON envelope",
                status=status,
                method=method,
                url=url,
                body_excerpt=_excerpt(body),
            )
        raise _api_error(status, headers, body, method=method, url=url, now=now)
    messages = data.get("messages")
    messages = _details(messages) if messages else ()  # nearly always []
    if not ok or data["success"] is False:
        errors = _details(data.get("errors"))
        raise _api_error(
            status, headers, body, method=method, url=url, now=now, errors=errors, messages=messages
        )
    result_info = data.get("result_info")
    return Envelope(
        result=data.get("result"),
        result_info=result_info if isinstance(result_info, dict) else None,
        messages=messages,
    )


def unwrap(response: httpx.Response, *, bare: frozenset[str] = frozenset()) -> Envelope:
    """:func:`parse_envelope` for a read ``httpx.Response``; errors name the request's method and path."""
    request = response.request
    return parse_envelope(
        response.status_code,
        response.headers,
        response.content,
        method=request.method,
        url=request.url.path,
        bare=bare,
    )


def _api_error(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    method: str,
    url: str,
    now: Callable[[], float],
    errors: tuple[ErrorDetail, ...] = (),
    messages: tuple[ErrorDetail, ...] = (),
) -> APIError:
    """The error for a non-2xx answer, typed by its status, or a 2xx ``success: false``, by its codes."""
    if 200 <= status < 300:
        cls, retry_after = _class_for_codes(errors), None
    else:
        cls = _STATUS_CLASSES.get(status) or (ServerError if 500 <= status < 600 else APIError)
        retry_after = _retry_after(headers, now) if cls is RateLimited or cls is ServerError else None
    return cls(
        status=status,
        method=method,
        url=url,
        errors=errors,
        messages=messages,
        body_excerpt=_excerpt(body),
        retry_after=retry_after,
    )


def _class_for_codes(errors: tuple[ErrorDetail, ...]) -> type[APIError]:
    """The class for a 2xx ``success: false``: the first error code that names one, else ``APIError``."""
    for error in errors:
        cls = _CODE_CLASSES.get(error.code)
        if cls is not None:
            return cls
        if error.code in _REQUEST_ERROR_CODES:
            return ValidationError
    return APIError


def _details(value: object) -> tuple[ErrorDetail, ...]:
    """Cloudflare's ``errors``/``messages`` array, parsed defensively: odd entries are coerced or skipped."""
    if isinstance(value, dict | str):
        value = [value]
    if not isinstance(value, list):
        return ()
    details = (_detail(entry) for entry in value)
    return tuple(detail for detail in details if detail is not None)


def _detail(entry: object) -> ErrorDetail | None:
    if isinstance(entry, str):
        return ErrorDetail(code=0, message=entry) if entry else None
    if not isinstance(entry, dict):
        return None
    code = _code(entry.get("code"))
    raw_message = entry.get("message")
    message = "" if raw_message is None else raw_message if isinstance(raw_message, str) else str(raw_message)
    if code is None and not message:
        return None
    url = entry.get("documentation_url")
    source = entry.get("source")
    pointer = source.get("pointer") if isinstance(source, dict) else None
    return ErrorDetail(
        code=0 if code is None else code,
        message=message,
        documentation_url=url if isinstance(url, str) else None,
        pointer=pointer if isinstance(pointer, str) else None,
    )


def _code(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdecimal() and len(value) < 20:
        return int(value)
    return None


def _retry_after(headers: Mapping[str, str], now: Callable[[], float]) -> float | None:
    """``Retry-After`` in seconds (delta-seconds or an HTTP-date), never negative; None if absent or bad."""
    value = _header(headers, "retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            date = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if date.tzinfo is None:
            date = date.replace(tzinfo=UTC)
        try:
            seconds = date.timestamp() - now()
        except (OverflowError, ValueError, OSError):
            return None
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive lookup in any mapping (``httpx.Headers`` is already case-insensitive)."""
    if isinstance(headers, httpx.Headers):
        found: object = headers.get(name)
        return found if isinstance(found, str) else None
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == name and isinstance(value, str):
            return value
    return None


def _excerpt(body: bytes) -> str:
    """At most 200 characters of the body, whitespace collapsed, decoded with replacement characters."""
    text = " ".join(body[:_EXCERPT_SCAN].decode("utf-8", errors="replace").split())
    if len(text) > _EXCERPT_MAX:
        return text[: _EXCERPT_MAX - 1] + "…"
    return text
