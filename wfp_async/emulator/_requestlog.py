"""The request log: what each client sent the emulator and what it got, never with a secret in it.

:func:`summarize` turns one exchange into a JSON-ready entry: method, path, query, the operation's
status, the request headers with credentials masked, the request body (JSON with every secret value and
token replaced by ``"[redacted]"``; a multipart body as its parts' names, file names, types and sizes,
the ``metadata`` part redacted the same way) and the answer's JSON with tokens redacted. Module code and
asset bytes are never kept, so the log stays small. :class:`RequestLog` keeps the last ``size`` entries.
"""

from __future__ import annotations

import collections
import json
import threading
from typing import Any

from ._forms import FormError, parse_form

Json = Any
REDACTED = "[redacted]"
SECRET_TYPES = frozenset({"secret_text", "secret_key"})
SECRET_FIELDS = frozenset({"text", "key_base64", "key_jwk"})
TOKEN_FIELDS = frozenset({"jwt"})
MASKED_HEADERS = frozenset({"authorization", "x-auth-key", "cookie"})


def redact(value: Json, *, in_secrets: bool = False) -> Json:
    """``value`` with secret values (in secret bindings, or under a ``secrets`` object) and tokens
    replaced by ``"[redacted]"``."""
    if isinstance(value, list):
        return [redact(item, in_secrets=in_secrets) for item in value]
    if not isinstance(value, dict):
        return value
    secret = in_secrets or value.get("type") in SECRET_TYPES
    out: dict[str, Json] = {}
    for key, item in value.items():
        if (secret and key in SECRET_FIELDS) or key in TOKEN_FIELDS:
            out[key] = REDACTED
        elif key == "secrets" and isinstance(item, dict):
            out[key] = {name: redact(v, in_secrets=True) for name, v in item.items()}
        else:
            out[key] = redact(item)
    return out


def _json_or_none(body: bytes) -> Json:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def _body(content_type: str, body: bytes) -> Json:
    if not body:
        return None
    if content_type.startswith("multipart/form-data"):
        try:
            parts = parse_form(content_type, body)
        except (FormError, ValueError):
            return {"unreadable_multipart_bytes": len(body)}
        summary = []
        for part in parts:
            entry: dict[str, Json] = {
                "name": part.name,
                "filename": getattr(part, "filename", None),
                "content_type": part.content_type,
                "size": len(part.data),
            }
            if part.name == "metadata":
                entry["json"] = redact(_json_or_none(part.data))
            summary.append(entry)
        return {"parts": summary}
    parsed = _json_or_none(body)
    if parsed is None:
        return {"bytes": len(body)}
    return redact(parsed)


def _headers(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw_name, raw_value in headers:
        name = raw_name.decode("latin-1").lower()
        value = raw_value.decode("latin-1")
        if name in MASKED_HEADERS:
            scheme = value.split(" ", 1)[0] if name == "authorization" and " " in value else ""
            value = f"{scheme} {REDACTED}".strip()
        out[name] = value
    return out


def summarize(
    *,
    at: str,
    method: str,
    path: str,
    query: str,
    request_headers: list[tuple[bytes, bytes]],
    request_body: bytes,
    status: int,
    response_headers: list[tuple[bytes, bytes]],
    response_body: bytes,
) -> dict[str, Json]:
    """One log entry (see the module docstring)."""
    sent = _headers(request_headers)
    got = _headers(response_headers)
    answer = (
        _json_or_none(response_body) if got.get("content-type", "").startswith("application/json") else None
    )
    return {
        "at": at,
        "method": method,
        "path": path,
        "query": query,
        "request": {"headers": sent, "body": _body(sent.get("content-type", ""), request_body)},
        "response": {
            "status": status,
            "body": redact(answer) if answer is not None else {"bytes": len(response_body)},
        },
    }


class RequestLog:
    """The last ``size`` entries, oldest first; safe to use from several threads."""

    def __init__(self, size: int = 1000) -> None:
        self._entries: collections.deque[dict[str, Json]] = collections.deque(maxlen=size)
        self._lock = threading.Lock()

    def add(self, entry: dict[str, Json]) -> None:
        """Append one entry (the oldest goes when full)."""
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict[str, Json]]:
        """A copy of the entries, oldest first."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
