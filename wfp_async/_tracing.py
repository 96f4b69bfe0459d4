"""Names for traces: the route of a Cloudflare API request, for OpenTelemetry's httpx instrumentation.

Every segment that follows a collection (``accounts``, ``namespaces``, ``scripts``, ``secrets``, ``tags``)
is its placeholder, so one route is one span name, whatever the tenant. :func:`otel_request_hook` reads
only the method and the URL path, never headers (the token) or the body (secret values).
"""

from __future__ import annotations

from typing import Any

__all__ = ["otel_request_hook", "url_template"]

_PLACEHOLDERS = {
    "accounts": "{account_id}",
    "namespaces": "{dispatch_namespace}",
    "scripts": "{script_name}",
    "secrets": "{secret_name}",
    "tags": "{tag}",
}
_PREFIX = "/client/v4"


def url_template(path: str) -> str:
    """The route of an API path: ``url_template("/client/v4/accounts/a/workers/dispatch/namespaces")``
    gives ``/accounts/{account_id}/workers/dispatch/namespaces`` (the API's version prefix dropped)."""
    if path.startswith(_PREFIX + "/"):
        path = path[len(_PREFIX) :]
    segments = path.split("/")
    for index in range(1, len(segments)):
        placeholder = _PLACEHOLDERS.get(segments[index - 1])
        if placeholder is not None and segments[index]:
            segments[index] = placeholder
    return "/".join(segments)


async def otel_request_hook(span: Any, request: Any) -> None:
    """An async ``request_hook`` for ``HTTPXClientInstrumentor().instrument_client``: the span is named
    by the route (``PUT /accounts/{account_id}/.../scripts/{script_name}``).

    ``HTTPXClientInstrumentor().instrument_client(cf.http_client, request_hook=otel_request_hook)``.
    Raises nothing and sends nothing: it only renames the span.
    """
    method = request.method.decode() if isinstance(request.method, bytes) else str(request.method)
    url = request.url
    raw_path = url.raw_path if hasattr(url, "raw_path") else url[3]
    path = raw_path.decode("ascii", "replace") if isinstance(raw_path, bytes) else str(raw_path)
    template = url_template(path.split("?")[0])
    span.update_name(f"{method} {template}")
    span.set_attribute("url.template", template)
