"""The inspect API beside the Cloudflare one, and the request log and state file behind it.

:class:`Inspector` wraps an emulator as one ASGI app. Cloudflare's API (``/client/v4/...``) goes to the
emulator unchanged; every exchange with it is logged (without secret values, see ``_requestlog``) and
every change is saved to the state file when there is one. Its own routes, all JSON, on the same port:

=========================  ==================================================================
``GET /_wfp/state``        namespaces, scripts (modules as name/type/size, bindings and secret
                           names without values, tags, assets count)
``GET /_wfp/requests``     the request log, oldest first (``?limit=N``: the last N)
``DELETE /_wfp/requests``  empty the log
``POST /_wfp/reset``       forget all state, faults and log entries (saved to the state file)
``GET /_wfp/clients``      how to point each client at this emulator (text)
=========================  ==================================================================

The inspect routes need no token: they serve a local tool on loopback, and they never answer a secret
value or token.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._clients import client_guide
from ._requestlog import RequestLog, summarize

if TYPE_CHECKING:
    from ._emulator import Emulator
    from ._persist import StateFile

Json = Any
PREFIX = "/_wfp"
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


def state_json(emulator: Emulator) -> dict[str, Json]:
    """The emulator's state as the inspect API shows it (no secret values)."""
    with emulator.lock:
        account = emulator.account
        namespaces = []
        for namespace in account.namespaces.values():
            scripts = []
            for script in namespace.scripts.values():
                scripts.append(
                    {
                        **script.to_json(),
                        "entry_point": script.entry_point,
                        "modules": [
                            {"name": m.name, "content_type": m.content_type, "size": len(m.content)}
                            for m in script.modules
                        ],
                        "bindings": script.bindings_json(),
                        "assets": len(script.assets) if script.assets is not None else None,
                        "assets_config": script.assets_config,
                    }
                )
            namespaces.append({**namespace.to_json(), "scripts": scripts})
        return {
            "account_id": account.account_id,
            "namespaces": namespaces,
            "asset_files": len(account.asset_files),
        }


async def _answer(send: Send, status: int, body: bytes, content_type: str) -> None:
    headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _json(send: Send, value: Json, status: int = 200) -> None:
    await _answer(send, status, json.dumps(value, ensure_ascii=False).encode(), "application/json")


class Inspector:
    """The emulator plus its inspect API, request log and (optional) state file, as one ASGI app.

    ``Inspector(emu, state=StateFile(emu, path))``; serve it like the emulator (``serve_in_thread``).
    ``api`` is what serves Cloudflare's routes (default: the emulator); ``log_size`` caps the log.
    """

    def __init__(
        self,
        emulator: Emulator,
        *,
        state: StateFile | None = None,
        api: ASGIApp | None = None,
        log_size: int = 1000,
        dispatch_url: str | None = None,
    ) -> None:
        self.emulator = emulator
        self.state = state
        self.log = RequestLog(log_size)
        """The request log (``log.entries()``)."""
        self.dispatch_url = dispatch_url
        """Where tenants answer (shown by ``/_wfp/clients``), when a local runtime serves them."""
        self._api = api if api is not None else emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point."""
        if scope["type"] != "http":
            await self._api(scope, receive, send)
            return
        path = scope.get("path", "")
        if path == PREFIX or path.startswith(PREFIX + "/"):
            await self._inspect(scope, send)
            return
        await self._logged(scope, receive, send)

    async def _inspect(self, scope: Scope, send: Send) -> None:
        route = (scope["method"], scope["path"].removeprefix(PREFIX))
        if route == ("GET", "/state"):
            await _json(send, state_json(self.emulator))
        elif route == ("GET", "/requests"):
            entries = self.log.entries()
            limit = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("limit")
            if limit and limit[0].isdigit():
                entries = entries[len(entries) - int(limit[0]) :] if int(limit[0]) else []
            await _json(send, {"requests": entries})
        elif route == ("DELETE", "/requests"):
            self.log.clear()
            await _json(send, {"requests": []})
        elif route == ("POST", "/reset"):
            self.emulator.reset()
            self.log.clear()
            if self.state is not None:
                self.state.changed()
            await _json(send, {"reset": True})
        elif route == ("GET", "/clients"):
            host = dict(scope.get("headers") or []).get(b"host", b"127.0.0.1").decode("latin-1")
            guide = client_guide(
                f"http://{host}/client/v4",
                account_id=self.emulator.account_id,
                token=self.emulator.token,
                dispatch_url=self.dispatch_url,
            )
            await _answer(send, 200, guide.encode(), "text/plain; charset=utf-8")
        else:
            known = "GET /state, GET|DELETE /requests, POST /reset, GET /clients"
            await _json(send, {"error": f"no inspect route {route[0]} {route[1]}; try {known}"}, 404)

    async def _logged(self, scope: Scope, receive: Receive, send: Send) -> None:
        chunks: list[bytes] = []
        answer: dict[str, Any] = {"status": 0, "headers": [], "body": []}

        async def recording_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                chunks.append(message.get("body", b""))
            return message

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                answer["headers"] = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                answer["body"].append(message.get("body", b""))
            await send(message)

        at = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        try:
            await self._api(scope, recording_receive, recording_send)
        finally:
            self.log.add(
                summarize(
                    at=at,
                    method=scope["method"],
                    path=scope.get("path", ""),
                    query=scope.get("query_string", b"").decode("latin-1"),
                    request_headers=list(scope.get("headers") or []),
                    request_body=b"".join(chunks),
                    status=answer["status"],
                    response_headers=answer["headers"],
                    response_body=b"".join(answer["body"]),
                )
            )
            if self.state is not None and scope["method"] not in _READS and 200 <= answer["status"] < 300:
                self.state.changed()
