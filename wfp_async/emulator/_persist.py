"""Saving an emulator's state to a file and loading it back, so a restart keeps the platform.

The file is JSON (``{"format": 1, "account_id", "ids", "namespaces", "asset_files", "completions"}``),
bytes as ``{"$bytes": base64}``; it holds secret values (it is the platform), so it is written with mode
0600, atomically (a temporary file, then a rename). Open upload sessions are not kept: a client restarts
an interrupted assets upload. Fields are read from the emulator's own attrs classes, so a field added
to them later is saved and loaded without a change here; a field the file lacks takes its default.

:class:`StateFile` loads at start, saves at most every ``interval`` seconds after a change (a bulk deploy
of 1,000 Workers writes a handful of times, not 1,000), and once more on :meth:`StateFile.close`.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from wfp_async._errors import InvalidInput

from ._state import AssetFile, Completion, DeploymentRecord, Module, Namespace, Script, VersionRecord

if TYPE_CHECKING:
    from ._emulator import Emulator

Json = Any
FORMAT = 1


class StateFileError(InvalidInput):
    """The state file cannot be read (not JSON, another format, or another account's).

    An :class:`~wfp_async.InvalidInput` (so a ``WfpError`` and a ``ValueError``):
    ``except StateFileError as error: print(error)``.
    """


def _encode(value: Any) -> Json:
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if attrs.has(type(value)):
        return {f.name: _encode(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_encode(v) for v in value)
    return value


def _decode(value: Json) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return base64.b64decode(value["$bytes"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _build(cls: type[Any], data: dict[str, Any], **nested: Any) -> Any:
    """An attrs instance from ``data``: unknown keys ignored, ``nested`` values put in place."""
    names = {f.name for f in attrs.fields(cls)}
    values = {k: v for k, v in data.items() if k in names}
    values.update(nested)
    return cls(**values)


def _script(data: dict[str, Any]) -> Script:
    """A script, its modules and its versions' snapshots (scripts too) and deployments."""
    versions = [
        _build(VersionRecord, v, snapshot=_script(v.get("snapshot", {}))) for v in data.get("versions", [])
    ]
    script: Script = _build(
        Script,
        data,
        modules=[_build(Module, m) for m in data.get("modules", [])],
        versions=versions,
        deployments=[_build(DeploymentRecord, d) for d in data.get("deployments", [])],
    )
    return script


def dump(emulator: Emulator) -> dict[str, Json]:
    """The emulator's state as JSON-ready data (call under the emulator's lock)."""
    account = emulator.account
    return {
        "format": FORMAT,
        "account_id": account.account_id,
        "ids": _encode(list(account.ids.getstate())),
        "namespaces": _encode(account.namespaces),
        "asset_files": _encode(account.asset_files),
        "completions": _encode(account.completions),
    }


def restore(emulator: Emulator, data: Json) -> None:
    """Replace the emulator's state by ``data`` (from :func:`dump`); raises :class:`StateFileError`."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StateFileError("not a wfp emulator state file (format 1)")
    if data.get("account_id") != emulator.account_id:
        raise StateFileError(
            f"the state file is account {data.get('account_id')!r}'s, not {emulator.account_id!r}'s"
        )
    data = _decode(data)
    try:
        namespaces = {}
        for name, ns in data["namespaces"].items():
            scripts = {script_name: _script(script) for script_name, script in ns.get("scripts", {}).items()}
            namespaces[name] = _build(Namespace, ns, scripts=scripts)
        asset_files = {h: _build(AssetFile, f) for h, f in data["asset_files"].items()}
        completions = {t: _build(Completion, c) for t, c in data["completions"].items()}
        state = data["ids"]
        ids_state = (state[0], tuple(state[1]), state[2])
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        raise StateFileError(f"the state file is damaged ({type(exc).__name__}: {exc})") from None
    emulator.reset()
    with emulator.lock:
        account = emulator.account
        account.namespaces = namespaces
        account.asset_files = asset_files
        account.completions = completions
        account.ids.setstate(ids_state)


def save(emulator: Emulator, path: Path) -> None:
    """Write the state to ``path`` atomically, readable by its owner only."""
    with emulator.lock:
        data = dump(emulator)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, separators=(",", ":"))
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load(emulator: Emulator, path: Path) -> bool:
    """Load ``path`` into the emulator; False when there is no such file yet."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return False
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise StateFileError(f"{str(path)!r} is not JSON ({exc})") from None
    restore(emulator, data)
    return True


class StateFile:
    """Keeps ``path`` in step with the emulator: load now, save soon after changes, save on close.

    ``state = StateFile(emu, Path("wfp-state.json"))`` then ``state.changed()`` after each change, and
    ``state.close()`` at the end. A folder ``path`` means ``path/wfp-state.json``.
    """

    def __init__(self, emulator: Emulator, path: str | os.PathLike[str], *, interval: float = 0.5) -> None:
        target = Path(path)
        if target.is_dir():
            target = target / "wfp-state.json"
        self.path = target
        self._emulator = emulator
        self._interval = interval
        self._dirty = threading.Event()
        self._closed = threading.Event()
        self.loaded = load(emulator, target)
        """True when the file existed and its state was loaded."""
        self._thread = threading.Thread(target=self._run, name="wfp-state-file", daemon=True)
        self._thread.start()

    def changed(self) -> None:
        """Note a change; it is saved within ``interval`` seconds."""
        self._dirty.set()

    def _run(self) -> None:
        while not self._closed.is_set():
            if self._dirty.wait(timeout=self._interval) and not self._closed.is_set():
                self._closed.wait(self._interval)  # gather the changes of a burst into one write
                self._dirty.clear()
                save(self._emulator, self.path)

    def close(self) -> None:
        """Stop the saver and write the final state (idempotent)."""
        if self._closed.is_set():
            return
        self._closed.set()
        self._dirty.set()
        self._thread.join()
        save(self._emulator, self.path)
