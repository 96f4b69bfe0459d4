"""The HTTP face of the emulator: routes, authentication, request parsing, one handler per operation.

:func:`build_router` turns the operation table into a Starlette router served under ``/client/v4``.
Every request goes through :func:`_endpoint`: faults are drawn, credentials and the account id are
checked, the rate limit (when on) counts the request, and only then is the body read, bounded by the
emulator's ``max_body_size``; then the operation's handler runs. Handlers are synchronous and run under
the emulator's lock, so no two operations ever interleave, even when one emulator serves several event
loops.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import anyio
import attrs
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route, Router
from starlette.types import Receive, Scope, Send

from ._answers import (
    AUTH_ERROR,
    INTERNAL_ERROR,
    MALFORMED_JSON,
    MALFORMED_URL,
    METHOD_NOT_ALLOWED,
    NO_ROUTE,
    NOT_FOUND,
    RATE_LIMITED,
    TOO_LARGE,
    UNSUPPORTED_CONTENT_TYPE,
    ApiError,
    failure,
    html_page,
    ok,
)
from ._faults import Fault
from ._forms import FormError, Part, build_form, media_type, parse_form
from ._inputs import load_json
from ._state import Account, AssetFile, Json, invalid
from ._versions import create_deployment, get_version, list_deployments, list_versions, upload_version

if TYPE_CHECKING:
    from ._emulator import Emulator

PREFIX = "/client/v4"
NAMESPACES = PREFIX + "/accounts/{account_id}/workers/dispatch/namespaces"
NAMESPACE = NAMESPACES + "/{dispatch_namespace}"
SCRIPTS = NAMESPACE + "/scripts"
SCRIPT = SCRIPTS + "/{script_name}"
ASSETS_UPLOAD = PREFIX + "/accounts/{account_id}/workers/assets/upload"
ACCOUNT_SCRIPT = PREFIX + "/accounts/{account_id}/workers/scripts/{script_name}"

Handler = Callable[["Call"], Response]


class ConnectionDropped(Exception):
    """Raised by the app to close the connection without an answer."""


@attrs.frozen
class Call:
    """One request as a handler sees it: the account, path and query parameters, headers and body."""

    account: Account
    request: Request
    body: bytes

    def path(self, name: str) -> str:
        """A path parameter (already percent-decoded once)."""
        value: str = self.request.path_params[name]
        return value

    @property
    def ns(self) -> str:
        """The ``dispatch_namespace`` path parameter."""
        return self.path("dispatch_namespace")

    @property
    def script(self) -> str:
        """The ``script_name`` path parameter."""
        return self.path("script_name")

    def query(self, name: str) -> str | None:
        """A query parameter, or None."""
        return self.request.query_params.get(name)

    def flag(self, name: str) -> bool:
        """A boolean query parameter (absent = false)."""
        raw = self.query(name)
        if raw is None or raw == "":
            return False
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0"):
            return False
        raise ApiError(400, MALFORMED_URL, f"Query parameter {name!r} must be true or false.")

    def json(self, *, allow_empty: bool = False) -> Json:
        """The body as JSON (400 6007 if malformed, 400 10001 for a non-JSON Content-Type)."""
        kind = media_type(self.request.headers.get("content-type"))
        if kind and kind != "application/json" and not kind.endswith("+json"):
            raise ApiError(
                400, UNSUPPORTED_CONTENT_TYPE, f"Unsupported Content-Type {kind!r}: expected JSON."
            )
        if not self.body.strip():
            if allow_empty:
                return {}
            raise ApiError(400, MALFORMED_JSON, "Malformed JSON in request body")
        return load_json(self.body, ApiError(400, MALFORMED_JSON, "Malformed JSON in request body"))

    def form(self) -> list[Part]:
        """The body as multipart/form-data parts."""
        content_type = self.request.headers.get("content-type")
        if media_type(content_type) != "multipart/form-data":
            raise ApiError(
                400,
                UNSUPPORTED_CONTENT_TYPE,
                f"Unsupported Content-Type {media_type(content_type)!r}: expected multipart/form-data.",
            )
        try:
            return parse_form(content_type, self.body)
        except FormError as exc:
            raise ApiError(400, 10006, f"Unparseable multipart body: {exc}.") from None


# ---------------------------------------------------------------- handlers, one per operation


def create_namespace(call: Call) -> Response:
    return ok(call.account.create_namespace(call.json(allow_empty=True)))


def list_namespaces(call: Call) -> Response:
    return ok(call.account.list_namespaces())


def get_namespace(call: Call) -> Response:
    return ok(call.account.namespace(call.ns).to_json())


def put_namespace(call: Call) -> Response:
    return ok(call.account.update_namespace(call.ns, call.json(), replace=True))


def patch_namespace(call: Call) -> Response:
    return ok(call.account.update_namespace(call.ns, call.json(), replace=False))


def delete_namespace(call: Call) -> Response:
    call.account.delete_namespace(call.ns)
    return ok(None)


def _positive(call: Call, name: str, default: int | None, maximum: int) -> int | None:
    raw = call.query(name)
    if raw is None:
        return default
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or not 1 <= int(raw) <= maximum:
        raise ApiError(
            400, MALFORMED_URL, f"Query parameter {name!r} must be an integer from 1 to {maximum}."
        )
    return int(raw)


def list_scripts(call: Call) -> Response:
    scripts = call.account.list_scripts(call.ns, call.query("tags"))
    limit, cursor = _positive(call, "limit", None, 1000), call.query("cursor")
    if limit is None and cursor is None:
        return ok(scripts)
    # Documented on the tags page: `limit` (at most 1000) and an opaque `cursor` from result_info.
    start = 0
    if cursor:
        try:
            start = int(base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii"))
        except (ValueError, UnicodeError, binascii.Error):
            raise ApiError(
                400, MALFORMED_URL, "Query parameter 'cursor' is not a cursor from this list."
            ) from None
    end = len(scripts) if limit is None else start + limit
    following = base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(scripts) else ""
    page = scripts[start:end]
    return ok(page, result_info={"count": len(page), "per_page": limit or len(page), "cursor": following})


def upload_version_(call: Call) -> Response:
    return ok(upload_version(call.account, call.ns, call.script, call.form()))


def list_versions_(call: Call) -> Response:
    page = _positive(call, "page", 1, 10**6) or 1
    per_page = _positive(call, "per_page", 10, 100) or 10
    result, info = list_versions(call.account, call.ns, call.script, page, per_page)
    return ok(result, result_info=info)


def get_version_(call: Call) -> Response:
    return ok(get_version(call.account, call.ns, call.script, call.path("version_id")))


def create_deployment_(call: Call) -> Response:
    return ok(create_deployment(call.account, call.ns, call.script, call.json()))


def list_deployments_(call: Call) -> Response:
    return ok(list_deployments(call.account, call.ns, call.script))


def delete_scripts(call: Call) -> Response:
    raw_limit = call.query("limit")
    limit = None
    if raw_limit is not None:
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        if not (raw_limit.isascii() and raw_limit.isdigit()) or len(raw_limit) > 9 or int(raw_limit) < 1:
            raise ApiError(400, MALFORMED_URL, "Query parameter 'limit' must be a positive integer.")
        limit = int(raw_limit)
    return ok(call.account.delete_scripts(call.ns, call.query("tags"), limit))


def script_details(call: Call) -> Response:
    return ok(call.account.script_details(call.ns, call.script))


def upload_script(call: Call) -> Response:
    inherit = call.query("bindings_inherit")
    if inherit not in (None, "strict"):
        raise ApiError(400, MALFORMED_URL, "Query parameter 'bindings_inherit' must be 'strict'.")
    kind = media_type(call.request.headers.get("content-type"))
    if kind in ("application/javascript", "text/javascript"):
        # A raw service-worker script: one module, no metadata.
        metadata = Part("metadata", b'{"body_part": "worker.js"}', "application/json")
        parts = [metadata, Part("worker.js", call.body, call.request.headers["content-type"], "worker.js")]
    else:
        parts = call.form()
    return ok(call.account.upload_script(call.ns, call.script, parts, strict=inherit == "strict"))


def delete_script(call: Call) -> Response:
    call.flag("force")
    call.account.delete_script(call.ns, call.script)
    return ok(None)


def create_assets_upload_session(call: Call) -> Response:
    return ok(call.account.create_upload_session(call.ns, call.script, call.json()))


def get_bindings(call: Call) -> Response:
    return ok(call.account.bindings(call.ns, call.script))


def put_content(call: Call) -> Response:
    headers = call.request.headers
    result = call.account.put_content(
        call.ns,
        call.script,
        call.form(),
        headers.get("cf-worker-main-module-part"),
        headers.get("cf-worker-body-part"),
    )
    return ok(result)


def get_content(call: Call) -> Response:
    script = call.account.script_content(call.ns, call.script)
    parts = [Part(m.name, m.content, m.content_type, m.name) for m in script.modules]
    body, boundary = build_form(parts)
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if script.entry_point.isascii():  # a header carries ASCII; the parts name every module anyway
        header = "CF-Worker-Main-Module-Part" if script.main_module else "CF-Worker-Body-Part"
        headers[header] = script.entry_point
    return Response(body, headers=headers)


def put_secret(call: Call) -> Response:
    return ok(call.account.put_secret(call.ns, call.script, call.json()))


def list_secrets(call: Call) -> Response:
    return ok(call.account.list_secrets(call.ns, call.script))


def _secret_name(call: Call) -> str:
    name = call.path("secret_name")
    return unquote(name) if call.flag("url_encoded") else name


def get_secret(call: Call) -> Response:
    return ok(call.account.get_secret(call.ns, call.script, _secret_name(call)))


def delete_secret(call: Call) -> Response:
    call.account.delete_secret(call.ns, call.script, _secret_name(call))
    return ok(None)


def patch_settings(call: Call) -> Response:
    parts = [p for p in call.form() if p.name == "settings"]
    if len(parts) != 1:
        raise invalid("could not read content for part settings")
    settings = load_json(parts[0].data, invalid("could not read content for part settings"))
    return ok(call.account.patch_settings(call.ns, call.script, settings))


def get_settings(call: Call) -> Response:
    return ok(call.account.settings(call.ns, call.script))


def put_tags(call: Call) -> Response:
    return ok(call.account.put_tags(call.ns, call.script, call.json()))


def get_tags(call: Call) -> Response:
    return ok(call.account.tags(call.ns, call.script))


def put_tag(call: Call) -> Response:
    call.account.put_tag(call.ns, call.script, call.path("tag"))
    return ok(None)


def delete_tag(call: Call) -> Response:
    call.account.delete_tag(call.ns, call.script, call.path("tag"))
    return ok(None)


def patch_secrets_bulk(call: Call) -> Response:
    return ok(call.account.patch_secrets(call.ns, call.script, call.json()))


def upload_assets(call: Call) -> Response:
    session = call.account.upload_session(_bearer(call.request) or "")
    assert session is not None  # checked by _authenticate
    if call.query("base64") != "true":
        raise ApiError(400, MALFORMED_URL, "Query parameter 'base64' must be true.")
    files: dict[str, AssetFile] = {}
    for part in call.form():
        if part.name not in session.allowed:
            raise invalid(f"File hash {part.name!r} is not part of this upload session.")
        try:
            content = base64.b64decode(b"".join(part.data.split()), validate=True)
        except binascii.Error:
            raise invalid(f"File {part.name!r} is not valid base64.") from None
        files[part.name] = AssetFile(content, part.content_type)
    if not files:
        raise invalid("The upload holds no files.")
    completion = call.account.upload_assets(session, files)
    if completion is None:
        return ok(None, status=202)
    return ok({"jwt": completion}, status=201)


@attrs.frozen
class Operation:
    """One row of the operation table."""

    method: str
    path: str
    operation_id: str
    handler: Handler


OPERATIONS = (
    Operation("POST", NAMESPACES, "namespace-worker-create", create_namespace),
    Operation("GET", NAMESPACES, "namespace-worker-list", list_namespaces),
    Operation("GET", NAMESPACE, "namespace-worker-get-namespace", get_namespace),
    Operation("PUT", NAMESPACE, "namespace-worker-put-namespace", put_namespace),
    Operation("PATCH", NAMESPACE, "namespace-worker-patch-namespace", patch_namespace),
    Operation("DELETE", NAMESPACE, "namespace-worker-delete-namespace", delete_namespace),
    Operation("GET", SCRIPTS, "namespace-worker-list-scripts", list_scripts),
    Operation("DELETE", SCRIPTS, "namespace-worker-delete-scripts", delete_scripts),
    Operation("GET", SCRIPT, "namespace-worker-script-worker-details", script_details),
    Operation("PUT", SCRIPT, "namespace-worker-script-upload-worker-module", upload_script),
    Operation("DELETE", SCRIPT, "namespace-worker-script-delete-worker", delete_script),
    Operation(
        "POST",
        SCRIPT + "/assets-upload-session",
        "namespace-worker-script-update-create-assets-upload-session",
        create_assets_upload_session,
    ),
    Operation("GET", SCRIPT + "/bindings", "namespace-worker-get-script-bindings", get_bindings),
    Operation("PUT", SCRIPT + "/content", "namespace-worker-put-script-content", put_content),
    Operation("GET", SCRIPT + "/content", "namespace-worker-get-script-content", get_content),
    Operation("PUT", SCRIPT + "/secrets", "namespace-worker-put-script-secrets", put_secret),
    Operation("GET", SCRIPT + "/secrets", "namespace-worker-list-script-secrets", list_secrets),
    Operation("GET", SCRIPT + "/secrets/{secret_name}", "namespace-worker-get-script-secrets", get_secret),
    Operation(
        "DELETE", SCRIPT + "/secrets/{secret_name}", "namespace-worker-delete-script-secret", delete_secret
    ),
    Operation("PATCH", SCRIPT + "/settings", "namespace-worker-patch-script-settings", patch_settings),
    Operation("GET", SCRIPT + "/settings", "namespace-worker-get-script-settings", get_settings),
    Operation("PUT", SCRIPT + "/tags", "namespace-worker-put-script-tags", put_tags),
    Operation("GET", SCRIPT + "/tags", "namespace-worker-get-script-tags", get_tags),
    Operation("PUT", SCRIPT + "/tags/{tag}", "namespace-worker-put-script-tag", put_tag),
    Operation("DELETE", SCRIPT + "/tags/{tag}", "namespace-worker-delete-script-tag", delete_tag),
    Operation(
        "PATCH", SCRIPT + "/secrets-bulk", "namespace-worker-patch-script-secrets-bulk", patch_secrets_bulk
    ),
    Operation("POST", ASSETS_UPLOAD, "worker-assets-upload", upload_assets),
    # Documented, not in Cloudflare's spec (workers-for-platforms/configuration/versioning).
    Operation("POST", SCRIPT + "/versions", "namespace-worker-script-upload-version", upload_version_),
    Operation("GET", SCRIPT + "/versions", "namespace-worker-script-list-versions", list_versions_),
    Operation("GET", SCRIPT + "/versions/{version_id}", "namespace-worker-script-get-version", get_version_),
    Operation(
        "POST", SCRIPT + "/deployments", "namespace-worker-script-create-deployment", create_deployment_
    ),
    Operation("GET", SCRIPT + "/deployments", "namespace-worker-script-list-deployments", list_deployments_),
)


def account_script(call: Call) -> Response:
    """The account's own Workers (outside any namespace): the emulated account has none."""
    raise ApiError(404, NOT_FOUND, "workers.api.error.script_not_found")


# wrangler's namespace deploy first reads the account-level Worker's settings (to provision bindings;
# it goes on when they are not found). The emulated account holds Workers only in dispatch namespaces,
# so every account-level script route answers what Cloudflare answers for a missing Worker.
ACCOUNT_SCRIPT_OPERATIONS = tuple(
    Operation(method, path, "worker-script-account-level", account_script)
    for path in (ACCOUNT_SCRIPT, ACCOUNT_SCRIPT + "/{rest:path}")
    for method in ("GET", "PUT", "POST", "PATCH", "DELETE")
)


# ---------------------------------------------------------------- the request pipeline


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _same(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode(), expected.encode())


def _authenticate(emu: Emulator, op: Operation, request: Request) -> str:
    """The credential that authenticates ``request`` (what the rate limit counts by).

    401 10000 without credentials, 403 10000 with wrong ones or another account's id.
    """
    denied = ApiError(403, AUTH_ERROR, "Authentication error")
    header = request.headers.get("authorization")
    email, key = request.headers.get("x-auth-email"), request.headers.get("x-auth-key")
    if op.operation_id == "worker-assets-upload":
        token = _bearer(request)
        if token is None:
            raise ApiError(401, AUTH_ERROR, "Authentication error")
        if emu.account.upload_session(token) is None:
            raise denied
        credential = "jwt:" + token
    elif header is not None:
        token = _bearer(request)
        if token is None or emu.token is None or not _same(token, emu.token):
            raise denied
        credential = "token:" + token
    elif email is not None and key is not None:
        if (
            emu.email is None
            or emu.api_key is None
            or not (_same(email, emu.email) and _same(key, emu.api_key))
        ):
            raise denied
        credential = "key:" + email
    else:
        raise ApiError(401, AUTH_ERROR, "Authentication error")
    if request.path_params["account_id"] != emu.account.account_id:
        raise denied
    return credential


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 10027 as soon as it exceeds ``limit`` bytes (never held whole)."""
    too_large = ApiError(413, TOO_LARGE, f"Script body was too large (the limit is {limit} bytes).")
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def fault_response(fault: Fault) -> Response:
    """The answer a fault gives (raises ConnectionDropped for a dropped connection)."""
    if fault.drop:
        raise ConnectionDropped
    headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
    if fault.success_false:
        return failure(200, fault.code or INTERNAL_ERROR, fault.message or "Internal error, please retry.")
    if fault.html:
        reasons = {502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}
        response = html_page(fault.status, reasons.get(fault.status, "Error"))
        response.headers.update(headers)
        return response
    defaults = {
        429: (RATE_LIMITED, "Please wait and consider throttling your request speed"),
        503: (INTERNAL_ERROR, "Service temporarily unavailable"),
    }
    code, message = defaults.get(fault.status, (INTERNAL_ERROR, "Internal server error"))
    return failure(fault.status, fault.code or code, fault.message or message, headers=headers)


def _endpoint(emu: Emulator, ops: dict[str, Operation]) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        op = ops.get(request.method)
        if op is None:
            return failure(405, METHOD_NOT_ALLOWED, "Method not allowed", headers={"Allow": ", ".join(ops)})
        fault, latency = emu.faults.decide(op.operation_id)
        if latency > 0:
            await anyio.sleep(latency)
        # Credentials and the rate limit are checked before the body is read: a refused request costs
        # the emulator no body, as at Cloudflare's edge.
        try:
            with emu.lock:
                credential = _authenticate(emu, op, request)
        except ApiError as exc:
            return failure(exc.status, exc.code, exc.message, headers=exc.headers)
        limit_headers: dict[str, str] = {}
        rule = emu.faults.config.rate_limit
        if rule is not None:
            verdict = emu.throttle.admit(rule, credential, emu.now())
            limit_headers = verdict.headers
            if not verdict.allowed:
                message = "Please wait and consider throttling your request speed"
                return failure(429, RATE_LIMITED, message, headers=limit_headers)
        try:
            body = await _read_body(request, emu.max_body_size)
        except ApiError as exc:
            return failure(exc.status, exc.code, exc.message, headers={**exc.headers, **limit_headers})
        except ClientDisconnect:
            # The client went away mid-body: nobody reads this answer, and it is no server error.
            return Response(status_code=400)
        if fault is not None and not fault.after:
            response = fault_response(fault)
        else:
            with emu.lock:
                try:
                    response = op.handler(Call(emu.account, request, body))
                except ApiError as exc:
                    response = failure(exc.status, exc.code, exc.message, headers=exc.headers)
            if fault is not None:
                response = fault_response(fault)
        response.headers.update(limit_headers)
        return response

    return endpoint


async def _no_route(scope: Scope, receive: Receive, send: Send) -> None:
    path = scope.get("path", "")
    await failure(404, NO_ROUTE, f"No route for that URI: {path}")(scope, receive, send)


def build_router(emu: Emulator) -> Router:
    """The Starlette router serving every operation under ``/client/v4``."""
    by_path: dict[str, dict[str, Operation]] = {}
    for op in OPERATIONS + ACCOUNT_SCRIPT_OPERATIONS:
        by_path.setdefault(op.path, {})[op.method] = op
    # Every route accepts every method, so that a wrong method gets an envelope (405), not plain text.
    methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    routes = [Route(path, _endpoint(emu, ops), methods=methods) for path, ops in by_path.items()]
    return Router(routes, default=_no_route)
