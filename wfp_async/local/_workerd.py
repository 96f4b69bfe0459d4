"""workerd itself: finding the pinned binary, writing its config, running and always stopping it.

One long-running workerd serves every tenant: the dispatcher Worker (the user's, or the built-in router)
gets a ``dispatch_namespaces``-style binding that is a ``wrapped`` binding over a Worker Loader (tenants
load lazily, on their first request) and a service pointing at the emulator's code store. The Worker
Loader needs ``--experimental``. The port is reported by workerd on ``--control-fd``, so ``port=0``
works without a race, and on Linux workerd gets SIGTERM when its parent dies (no orphan even after a
``kill -9`` of the Python process).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import IO, Any

from wfp_async._errors import InvalidInput, RuntimeFailed, WorkerdMissing

from ._code import BY_SUFFIX

_PLATFORM_PACKAGES = {
    ("linux", "x86_64"): "workerd-linux-64",
    ("linux", "aarch64"): "workerd-linux-arm64",
    ("darwin", "x86_64"): "workerd-darwin-64",
    ("darwin", "arm64"): "workerd-darwin-arm64",
}
# The loader's module kinds by suffix, under Cap'n Proto's names.
_CAPNP = {"js": "esModule", "cjs": "commonJsModule"}
_MODULE_KINDS = {suffix: _CAPNP.get(kind, kind) for suffix, kind in BY_SUFFIX.items() if kind is not None}
_MAIN_CANDIDATES = ("index.js", "index.mjs", "worker.js", "src/index.js", "src/index.mjs", "src/worker.js")
BINDING_MODULE = "wfp:dispatch-namespace"
INSTALL_HINT = "make tools"


def check_path(value: object, what: str) -> Path:
    """``value`` as a Path; :class:`InvalidInput` for another type, an empty path or a NUL byte."""
    if not isinstance(value, str | os.PathLike):
        raise InvalidInput(f"{what} must be a path, not {type(value).__name__}")
    text = os.fspath(value)
    if not isinstance(text, str) or not text or "\x00" in text:
        raise InvalidInput(f"{what} must be a non-empty path without NUL bytes, not {text!r}")
    return Path(text)


def find_workerd(explicit: str | os.PathLike[str] | None = None, *, cwd: Path | None = None) -> Path:
    """The workerd binary: ``explicit``, else ``tools/node_modules`` (the project's ``make tools``) from
    the working folder or this package upwards, else ``workerd`` on PATH.

    ``find_workerd()`` -> ``Path('.../tools/node_modules/@cloudflare/workerd-linux-64/bin/workerd')``.
    Raises :class:`WorkerdMissing` naming ``make tools`` when there is none.
    """
    if explicit is not None:
        path = check_path(explicit, "workerd")
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise WorkerdMissing(f"workerd not found at {str(path)!r}: run `{INSTALL_HINT}` to install it")
    package = _PLATFORM_PACKAGES.get((sys.platform, os.uname().machine if hasattr(os, "uname") else ""))
    binaries = ([f"@cloudflare/{package}/bin/workerd"] if package is not None else []) + [".bin/workerd"]
    for start in (cwd or Path.cwd(), Path(__file__).resolve().parent):
        for tools in (folder / "tools" / "node_modules" for folder in (start, *start.parents)):
            for candidate in (tools / binary for binary in binaries):
                if candidate.is_file() and os.access(candidate, os.X_OK):
                    return candidate
    on_path = shutil.which("workerd")
    if on_path is not None:
        return Path(on_path)
    raise WorkerdMissing(
        f"workerd is not installed (looked in tools/node_modules and on PATH): run `{INSTALL_HINT}` "
        "in the wfp-async checkout (it installs the pinned npm package workerd into tools/node_modules)"
    )


def workerd_date(binary: Path) -> str | None:
    """The newest compatibility date ``binary`` supports (its version, ``workerd 2026-11-17``)."""
    try:
        out = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split()
    return parts[1] if len(parts) == 2 and len(parts[1]) == 10 else None


DispatcherCode = tuple[tuple[str, str, Path], ...]
"""The dispatcher Worker's modules: (name, kind, file), the first being the main module."""


def _kind_of(name: str) -> str:
    return _MODULE_KINDS.get(Path(name).suffix.lower(), "data")


def load_dispatcher(path: str | os.PathLike[str], main: str | None = None) -> DispatcherCode:
    """The user's dispatch Worker: one ES module file, or a folder of modules (main ``main`` or the
    first of index.js, worker.js, src/index.js ...). Raises :class:`InvalidInput` when it is missing."""
    root = check_path(path, "dispatcher")
    if root.is_file():
        return ((root.name, _kind_of(root.name), root.resolve()),)
    if not root.is_dir():
        raise InvalidInput(f"dispatcher {str(root)!r} is neither a file nor a folder")
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and "node_modules" not in p.parts and p.suffix.lower() in _MODULE_KINDS
    )
    names = {p.relative_to(root).as_posix(): p.resolve() for p in files}
    chosen = main if main is not None else next((c for c in _MAIN_CANDIDATES if c in names), None)
    if chosen is None or chosen not in names:
        wanted = repr(main) if main is not None else "one of " + ", ".join(_MAIN_CANDIDATES)
        raise InvalidInput(f"dispatcher folder {str(root)!r} has no main module ({wanted})")
    ordered = [chosen, *(n for n in names if n != chosen)]
    return tuple((n, _kind_of(n), names[n]) for n in ordered)


def _q(text: str) -> str:
    """A Cap'n Proto text literal."""
    return json.dumps(text, ensure_ascii=False)


def write_config(
    folder: Path,
    *,
    store_address: str,
    listen: str,
    dispatcher: DispatcherCode | None,
    binding: str,
    namespace: str,
    compatibility_date: str,
    store_token: str,
) -> Path:
    """Write ``config.capnp`` (and copies of every module it embeds) into ``folder``; returns its path."""
    js = resources.files("wfp_async.local") / "js"
    (folder / "dispatch_namespace.js").write_text((js / "dispatch_namespace.js").read_text("utf-8"), "utf-8")
    if dispatcher is None:
        (folder / "router.js").write_text((js / "router.js").read_text("utf-8"), "utf-8")
        modules = ['(name = "router.js", esModule = embed "router.js")']
    else:
        modules = []
        for index, (name, kind, source) in enumerate(dispatcher):
            copy = folder / "dispatcher" / f"{index}{Path(name).suffix}"
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, copy)
            modules.append(f"(name = {_q(name)}, {kind} = embed {_q(copy.relative_to(folder).as_posix())})")
    inner = (
        '(name = "LOADER", workerLoader = ()), (name = "STORE", service = "store"), '
        f'(name = "NAMESPACE", text = {_q(namespace)}), (name = "STORE_TOKEN", text = {_q(store_token)})'
    )
    config = f"""using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "dispatcher", worker = .dispatcher),
    (name = "store", external = (address = {_q(store_address)}, http = ())),
  ],
  sockets = [(name = "http", address = {_q(listen)}, http = (), service = "dispatcher")],
  extensions = [(modules = [
    (name = {_q(BINDING_MODULE)}, esModule = embed "dispatch_namespace.js", internal = true),
  ])],
);

const dispatcher :Workerd.Worker = (
  modules = [{", ".join(modules)}],
  compatibilityDate = {_q(compatibility_date)},
  bindings = [
    (name = {_q(binding)}, wrapped = (moduleName = {_q(BINDING_MODULE)}, innerBindings = [{inner}])),
  ],
);
"""
    path = folder / "config.capnp"
    path.write_text(config, "utf-8")
    return path


def _death_signal() -> Callable[[], object] | None:
    """Linux: a function for the child (between fork and exec) asking the kernel to SIGTERM workerd
    when the thread that started it dies; libc is loaded here, in the parent, so the child imports
    nothing."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl
    return lambda: prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def stop_process(process: subprocess.Popen[Any], timeout: float = 5.0) -> None:
    """SIGTERM, then SIGKILL after ``timeout`` seconds; waits until it is gone (idempotent)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _tail(log_path: Path | None, limit: int = 2000) -> str:
    if log_path is None or not log_path.exists():
        return ""
    return log_path.read_text("utf-8", "replace").strip()[-limit:]


def start_workerd(
    binary: Path,
    config: Path,
    *,
    output: IO[bytes] | int | None = None,
    log_path: Path | None = None,
    timeout: float = 30.0,
    extra_args: Sequence[str] = (),
) -> tuple[subprocess.Popen[bytes], int]:
    """Start ``workerd serve --experimental`` on ``config``; returns the process and its port once its
    socket listens (:func:`stop_process` ends it).

    ``output`` receives workerd's stdout and stderr (console.log of every Worker). Raises
    :class:`RuntimeFailed` with the end of that output when workerd exits or does not listen in time.
    """
    read_fd, write_fd = os.pipe()
    command = [str(binary), "serve", "--experimental", f"--control-fd={write_fd}", *extra_args, str(config)]
    try:
        process = subprocess.Popen(
            command,
            cwd=config.parent,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT if output is not None else None,
            pass_fds=(write_fd,),
            preexec_fn=_death_signal(),
        )
    except OSError as exc:
        os.close(read_fd)
        os.close(write_fd)
        raise WorkerdMissing(f"workerd at {str(binary)!r} cannot run ({exc}): run `{INSTALL_HINT}`") from None
    os.close(write_fd)
    try:
        port = _await_listen(read_fd, process, timeout)
    except BaseException:
        stop_process(process)
        raise
    finally:
        os.close(read_fd)
    if port == 0:
        stop_process(process)
        raise RuntimeFailed(f"workerd exited before listening:\n{_tail(log_path)}")
    return process, port


def _await_listen(read_fd: int, process: subprocess.Popen[bytes], timeout: float) -> int:
    """Read control messages until the ``http`` socket reports its port; 0 if workerd exits first."""
    deadline = time.monotonic() + timeout
    buffer = b""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise RuntimeFailed(f"workerd did not listen within {timeout:g} s")
        ready, _, _ = select.select([read_fd], [], [], min(left, 0.25))
        if not ready:
            if process.poll() is not None:
                return 0
            continue
        chunk = os.read(read_fd, 4096)
        if not chunk:
            process.wait()
            return 0
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            with contextlib.suppress(ValueError):
                message = json.loads(line)
                if message.get("event") == "listen" and message.get("socket") == "http":
                    return int(message["port"])
