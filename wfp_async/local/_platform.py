"""``LocalPlatform``: the emulator's API and a local dispatch endpoint whose tenants really run.

It serves one :class:`~wfp_async.emulator.Emulator` (the Cloudflare API at ``api_url``, plus the code
store workerd reads) on a loopback port in a background thread, and one workerd process whose socket
(``dispatch_url``) runs the dispatcher Worker. Everything started is stopped when the block exits, even
when it exits with an exception.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING

from starlette.types import ASGIApp, Receive, Scope, Send

from wfp_async._errors import InvalidInput, RuntimeFailed
from wfp_async._names import check_namespace_name, check_type
from wfp_async.emulator._inspect import Inspector
from wfp_async.emulator._persist import StateFile

from ._code import clip_date
from ._store import AUTO_NAMESPACE, PREFIX, CodeStore
from ._workerd import (
    check_path,
    find_workerd,
    load_dispatcher,
    start_workerd,
    stop_process,
    workerd_date,
    write_config,
)

if TYPE_CHECKING:
    from wfp_async.emulator import Emulator

_JS_NAME = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HOST = re.compile(r"^[A-Za-z0-9.:-]{1,253}$")
DEFAULT_COMPATIBILITY_DATE = "2025-06-01"


def _front(store: ASGIApp, api: ASGIApp) -> ASGIApp:
    """One ASGI app: the code store under ``/_wfp/runtime``, everything else to the emulator's app."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        runtime = scope["type"] == "http" and scope.get("path", "").startswith(PREFIX + "/")
        await (store if runtime else api)(scope, receive, send)

    return app


class LocalPlatform:
    """A local Workers for Platforms: upload tenants through ``api_url``, request them at ``dispatch_url``.

    ``namespace`` is the dispatch namespace the binding reaches (None: the account's only one).
    ``dispatcher`` is your dispatch Worker (an ES module file or a folder; ``dispatcher_main`` names its
    main module) run with ``env[binding].get(script, args, options)``; without one, a built-in router
    takes the tenant from the first host label (``http://acme.localhost:PORT/``) or the first path
    segment (``http://127.0.0.1:PORT/acme/``). ``state`` is a file (or folder) the platform is loaded
    from and saved to; the inspect API (``/_wfp/state``, ``/_wfp/requests``, ``/_wfp/reset``,
    ``/_wfp/clients``) is served beside the API. ``output`` receives workerd's output (default: a log
    file, see ``log_path``).

    ``with LocalPlatform(Emulator()) as local: WfpClient(..., base_url=local.api_url)``. Raises
    :class:`~wfp_async.local.WorkerdMissing` (naming ``make tools``) when workerd is not installed,
    :class:`~wfp_async.InvalidInput` for a bad option, :class:`~wfp_async.local.RuntimeFailed` when
    workerd cannot start the dispatcher.
    """

    def __init__(
        self,
        emulator: Emulator | None = None,
        *,
        namespace: str | None = None,
        dispatcher: str | os.PathLike[str] | None = None,
        dispatcher_main: str | None = None,
        binding: str = "DISPATCHER",
        host: str = "127.0.0.1",
        api_port: int = 0,
        dispatch_port: int = 0,
        workerd: str | os.PathLike[str] | None = None,
        compatibility_date: str = DEFAULT_COMPATIBILITY_DATE,
        state: str | os.PathLike[str] | None = None,
        output: IO[bytes] | int | None = None,
    ) -> None:
        from wfp_async.emulator import Emulator

        if emulator is None:
            emulator = Emulator()
        self.emulator = check_type(emulator, Emulator, "emulator", "an Emulator")
        """The emulator holding every namespace, script, secret and asset (read it freely)."""
        if not isinstance(binding, str) or not _JS_NAME.match(binding):
            raise InvalidInput(f"binding must be a JavaScript identifier, not {binding!r}")
        if namespace is not None:
            namespace = check_namespace_name(namespace)
            if namespace == AUTO_NAMESPACE:
                raise InvalidInput("namespace '*' is reserved: leave namespace out for the only one")
        if not isinstance(compatibility_date, str) or not _DATE.match(compatibility_date):
            raise InvalidInput(f"compatibility_date must be YYYY-MM-DD, not {compatibility_date!r}")
        if dispatcher_main is not None and (not isinstance(dispatcher_main, str) or not dispatcher_main):
            raise InvalidInput(f"dispatcher_main must be a module name, not {dispatcher_main!r}")
        for what, path in (("dispatcher", dispatcher), ("workerd", workerd), ("state", state)):
            if path is not None:
                check_path(path, what)
        if output is not None and not isinstance(output, int) and not hasattr(output, "fileno"):
            raise InvalidInput(f"output must be a file or a file descriptor, not {type(output).__name__}")
        for name, port in (("api_port", api_port), ("dispatch_port", dispatch_port)):
            if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
                raise InvalidInput(f"{name} must be a port number (0 picks a free one), not {port!r}")
        if not isinstance(host, str) or not _HOST.match(host):
            raise InvalidInput(f"host must be an IP address or a host name, not {host!r}")
        self.namespace = namespace
        self.binding = binding
        self._dispatcher = load_dispatcher(dispatcher, dispatcher_main) if dispatcher is not None else None
        self._binary = find_workerd(workerd)
        self._host, self._api_port, self._dispatch_port = host, api_port, dispatch_port
        self._compatibility_date = compatibility_date
        self._state_path = state
        self.inspector: Inspector | None = None
        """The inspect API and request log while running (``inspector.log.entries()``)."""
        self._output = output
        self._stack: contextlib.ExitStack | None = None
        self._workerd: subprocess.Popen[bytes] | None = None
        self.api_url = ""
        """``http://127.0.0.1:PORT/client/v4``: pass it as ``base_url`` to any client."""
        self.dispatch_url = ""
        """``http://127.0.0.1:PORT``: the dispatch endpoint (the dispatcher Worker's socket)."""
        self.log_path: Path | None = None
        """The file workerd writes to (console.log of every Worker), unless ``output`` was given."""

    @property
    def workerd_pid(self) -> int | None:
        """The workerd process id while running, else None: ``os.kill(local.workerd_pid, 0)``."""
        return self._workerd.pid if self._workerd is not None else None

    def url(self, script: str, path: str = "/") -> str:
        """The built-in router's URL of ``script``: ``local.url("acme", "/hello")`` is
        ``http://127.0.0.1:PORT/acme/hello``."""
        return f"{self.dispatch_url}/{script}{path if path.startswith('/') else '/' + path}"

    def start(self) -> None:
        """Serve the API, then start workerd: ``local.start()`` (or ``with local:``).

        On any failure everything already started is stopped again, and the error raised
        (:class:`~wfp_async.local.RuntimeFailed`, :class:`~wfp_async.local.WorkerdMissing`).
        """
        if self._stack is not None:
            raise InvalidInput("this LocalPlatform is already running")
        from wfp_async.emulator._server import serve_in_thread

        stack = contextlib.ExitStack()
        try:
            folder = Path(tempfile.mkdtemp(prefix="wfp-dev-"))
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
            state = None
            if self._state_path is not None:
                state = StateFile(self.emulator, self._state_path)
                stack.callback(state.close)  # after the server stopped: the last write is final
            self.inspector = Inspector(self.emulator, state=state)
            latest = workerd_date(self._binary)
            token = secrets.token_urlsafe(24)
            store = CodeStore(self.emulator, token=token, latest_date=latest)
            front = _front(store.app, self.inspector)
            try:
                self.api_url = stack.enter_context(serve_in_thread(front, self._host, self._api_port))
            except (OSError, RuntimeError) as exc:
                raise RuntimeFailed(f"cannot serve the API on {self._host}:{self._api_port}: {exc}") from None
            api_port = self.api_url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)[1]
            # workerd reaches the store on loopback, even when the API listens on every interface.
            loopback = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self._host, self._host)
            shown = f"[{self._host}]" if ":" in self._host else self._host
            config = write_config(
                folder,
                store_address=f"[{loopback}]:{api_port}" if ":" in loopback else f"{loopback}:{api_port}",
                listen=f"{shown}:{self._dispatch_port}",
                dispatcher=self._dispatcher,
                binding=self.binding,
                namespace=self.namespace or AUTO_NAMESPACE,
                compatibility_date=clip_date(self._compatibility_date, latest),
                store_token=token,
            )
            output = self._output
            if output is None:
                self.log_path = folder / "workerd.log"
                output = stack.enter_context(self.log_path.open("wb"))
            self._workerd, port = start_workerd(self._binary, config, output=output, log_path=self.log_path)
            stack.callback(stop_process, self._workerd)
            self.dispatch_url = f"http://{shown}:{port}"
            self.inspector.dispatch_url = self.dispatch_url
        except BaseException:
            self._workerd = None
            stack.close()
            raise
        self._stack = stack

    def stop(self) -> None:
        """Stop workerd and the API server, then save the state file: ``local.stop()`` (idempotent)."""
        stack, self._stack = self._stack, None
        if stack is not None:
            try:
                stack.close()
            finally:
                self._workerd = None

    def __enter__(self) -> LocalPlatform:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
