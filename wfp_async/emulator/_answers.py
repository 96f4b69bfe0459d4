"""Cloudflare's answer shapes: the one place that builds envelopes, errors and edge pages.

Every JSON answer of the emulator is ``{"success", "errors", "messages", "result"}``. Handlers return
results through :func:`ok` and signal failures by raising :class:`ApiError`, which the router turns
into a failure envelope with :func:`failure`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

AUTH_ERROR = 10000
INTERNAL_ERROR = 10002
MALFORMED_URL = 10004
NOT_FOUND = 10007
INVALID_NAME = 10016
VALIDATION = 10021
SECRET_EDIT_REFUSED = 10215  # a secret change while the latest version is not the only one deployed
UNSUPPORTED_CONTENT_TYPE = 10001
MALFORMED_JSON = 6007
RATE_LIMITED = 971
TOO_LARGE = 10027
NAME_TAKEN = 100118
NO_ROUTE = 7003
METHOD_NOT_ALLOWED = 7001


class ApiError(Exception):
    """A failure answer: HTTP status plus one Cloudflare error (code, message)."""

    def __init__(
        self, status: int, code: int, message: str, *, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} [{code}] {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def _json(body: object, status: int, headers: Mapping[str, str] | None = None) -> Response:
    raw = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    return Response(raw, status_code=status, headers=dict(headers or {}), media_type="application/json")


def ok(
    result: Any,
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    result_info: Mapping[str, Any] | None = None,
) -> Response:
    """A success envelope around ``result`` (with ``result_info`` when given: a paged list)."""
    body: dict[str, Any] = {"success": True, "errors": [], "messages": [], "result": result}
    if result_info is not None:
        body["result_info"] = dict(result_info)
    return _json(body, status, headers)


def failure(status: int, code: int, message: str, *, headers: Mapping[str, str] | None = None) -> Response:
    """A failure envelope with one error; ``status`` may be 200 (Cloudflare's ``success: false``)."""
    body = {"success": False, "errors": [{"code": code, "message": message}], "messages": [], "result": None}
    return _json(body, status, headers)


def html_page(status: int, reason: str) -> Response:
    """An edge error page as Cloudflare's proxy serves it (HTML, not JSON)."""
    page = (
        f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
        "</body>\r\n</html>\r\n"
    )
    return Response(page.encode(), status_code=status, media_type="text/html")
