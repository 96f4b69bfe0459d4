"""The code store workerd reads tenants from: a small loopback-only HTTP face over the emulator's state.

The dispatch binding (``js/dispatch_namespace.js``) asks, for each request to a tenant:

- ``GET /_wfp/runtime/{namespace}/{script}``: ``{"etag", "assets", "version"}`` for a runnable script,
  404 for an unknown one, 501 with a clear message for one that cannot run locally (Python, unsupported
  bindings). ``version`` is the version that answers this request: the binding forwards the request's
  ``Cloudflare-Workers-Version-Overrides`` / ``-Key`` headers and the current deployment's percentages
  decide (``_split.py``);
- ``GET /_wfp/runtime/{namespace}/{script}/code?version=…``: that version's WorkerCode, only when the
  loader has no Worker cached under its etag;
- ``GET|HEAD /_wfp/runtime/{namespace}/{script}/assets?path=...``: the static asset answering a path
  (``x-wfp-asset: hit`` / ``redirect``), or ``x-wfp-asset: miss`` when the Worker should run.

``{namespace}`` ``*`` means "the account's only namespace" (none: every script is unknown). The state
is read under the emulator's lock, through its own objects; nothing here changes it. These routes are
internal to ``wfp dev``: they answer secret values, so they answer only requests carrying the random
token the platform gave workerd (403 otherwise), and the request log never records them.
"""

from __future__ import annotations

import hmac
import mimetypes
import random
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, Router
from starlette.types import Receive, Scope, Send

from ._assets import resolve
from ._code import Refusal, refusal, runtime_etag, worker_code
from ._split import choose_version

if TYPE_CHECKING:
    from wfp_async.emulator import Emulator
    from wfp_async.emulator._state import Script

PREFIX = "/_wfp/runtime"
AUTO_NAMESPACE = "*"
# What an endpoint answers for the script its path names: a response or a refusal.
Answer = Callable[[Request, str, "Script"], "Response | Refusal"]


def _text(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


class CodeStore:
    """Answers the dispatch binding's questions from one emulator's state (see the module docstring)."""

    def __init__(
        self,
        emulator: Emulator,
        *,
        token: str,
        latest_date: str | None = None,
        rand: Callable[[], float] | None = None,
    ) -> None:
        self._emulator = emulator
        self._rand = random.Random().random if rand is None else rand
        self._token = token.encode()
        self._latest_date = latest_date
        routes = [
            Route(PREFIX + "/{ns}/{script}", self._locked(self._meta), methods=["GET"]),
            Route(PREFIX + "/{ns}/{script}/code", self._locked(self._code), methods=["GET"]),
            Route(PREFIX + "/{ns}/{script}/assets", self._locked(self._asset), methods=["GET", "HEAD"]),
        ]
        self._router = Router(routes)

    def assets_key(self, namespace: str, script: str) -> str:
        """The key that opens ``namespace/script``'s assets, and nothing else (given to its wrapper)."""
        return hmac.new(self._token, f"{namespace}/{script}".encode(), "sha256").hexdigest()

    def _allowed(self, scope: Scope) -> bool:
        headers = dict(scope.get("headers") or [])
        if hmac.compare_digest(headers.get(b"x-wfp-store-token", b""), self._token):
            return True
        parts = scope.get("path", "").removeprefix(PREFIX + "/").split("/")
        if len(parts) != 3 or parts[2] != "assets":
            return False
        expected = self.assets_key(unquote(parts[0]), unquote(parts[1])).encode()
        return hmac.compare_digest(headers.get(b"x-wfp-assets-key", b""), expected)

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The ASGI app: 403 unless the request carries the store token workerd was given (or, for one
        tenant's assets, that tenant's assets key)."""
        if not self._allowed(scope):
            await _text(403, "wfp dev: the code store answers workerd only")(scope, receive, send)
            return
        await self._router(scope, receive, send)

    def _find(self, request: Request) -> tuple[str, Script] | Refusal:
        """(namespace name, script) or the refusal to answer; call under the emulator's lock."""
        namespaces = self._emulator.account.namespaces
        ns_name = unquote(request.path_params["ns"])
        if ns_name == AUTO_NAMESPACE:
            if not namespaces:
                return Refusal(404, "Worker not found.")
            if len(namespaces) > 1:
                return Refusal(
                    503,
                    f"wfp dev: the account has {len(namespaces)} dispatch namespaces; "
                    "name the one to dispatch to with --namespace NAME",
                )
            ns_name = next(iter(namespaces))
        namespace = namespaces.get(ns_name)
        script = namespace.scripts.get(unquote(request.path_params["script"])) if namespace else None
        if script is None:
            return Refusal(404, "Worker not found.")
        version = request.query_params.get("version")
        return ns_name, script if version is None else script.runnable(version)

    def _pick(self, request: Request, script: Script) -> Script:
        """The version of ``script`` that answers this request (see ``_split.py``)."""
        if not script.deployments:
            return script
        by_number = {v.id: v.number for v in script.versions}
        split = sorted(
            ((str(v["version_id"]), float(v["percentage"])) for v in script.deployments[-1].versions),
            key=lambda pair: -by_number.get(pair[0], 0),
        )
        chosen = choose_version(
            script.name,
            split,
            overrides=request.headers.get("x-wfp-version-overrides"),
            key=request.headers.get("x-wfp-version-key"),
            rand=self._rand,
        )
        return script.runnable(chosen)

    def _locked(self, answer: Answer) -> Callable[[Request], Awaitable[Response]]:
        """The endpoint: ``answer`` for the script its path names (or the refusal), under the lock."""

        async def endpoint(request: Request) -> Response:
            with self._emulator.lock:
                found = self._find(request)
                result = found if isinstance(found, Refusal) else answer(request, *found)
            return _text(result.status, result.message) if isinstance(result, Refusal) else result

        return endpoint

    def _meta(self, request: Request, ns_name: str, script: Script) -> Response | Refusal:
        script = self._pick(request, script)
        return refusal(ns_name, script) or JSONResponse(
            {"etag": runtime_etag(script), "assets": script.assets is not None, "version": script.version_id}
        )

    def _code(self, request: Request, ns_name: str, script: Script) -> Response:
        base = f"http://store{PREFIX}/{quote(ns_name, safe='')}/{quote(script.name, safe='')}/assets"
        key = self.assets_key(ns_name, script.name)
        return JSONResponse(
            worker_code(script, latest_date=self._latest_date, assets_base=base, assets_key=key)
        )

    def _asset(self, request: Request, ns_name: str, script: Script) -> Response:
        binding = request.query_params.get("binding") == "1"  # env.ASSETS.fetch(): a miss is a 404
        manifest: Mapping[str, str] = script.assets or {}
        fetches = "fetch" in script.handlers() and not binding
        path = unquote(request.query_params.get("path", "/"))
        outcome = resolve(manifest, path, script.assets_config, worker_fetches=fetches)
        file = None
        if outcome.kind == "serve":
            file = self._emulator.account.asset_files.get(manifest[outcome.path])
        if outcome.kind == "redirect":
            query = request.headers.get("x-wfp-query", "")
            location = outcome.path + (f"?{query}" if query else "")
            return Response(status_code=307, headers={"location": location, "x-wfp-asset": "redirect"})
        if file is None and not fetches:
            # An assets-only Worker: nothing would answer a miss, so it is a 404, as on Cloudflare.
            return Response(status_code=404, headers={"x-wfp-asset": "hit"})
        if file is None:
            return Response(status_code=204, headers={"x-wfp-asset": "miss"})
        etag = f'"{manifest[outcome.path]}"'
        content_type = (
            file.content_type or mimetypes.guess_type(outcome.path)[0] or "application/octet-stream"
        )
        headers = {"etag": etag, "content-type": content_type, "x-wfp-asset": "hit"}
        if outcome.status == 200 and request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        body = b"" if request.method == "HEAD" else file.content
        response = Response(body, status_code=outcome.status, headers=headers)
        if request.method == "HEAD":
            response.headers["content-length"] = str(len(file.content))
        return response
