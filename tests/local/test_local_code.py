"""Pure: what the Worker Loader is given for an emulated script, and which scripts are refused."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from wfp_async.emulator._state import Module, Script
from wfp_async.local._code import (
    SHIM_GLOBALS,
    SHIM_MAIN,
    clip_date,
    env_of,
    refusal,
    runtime_etag,
    worker_code,
)


def script(
    modules: list[Module], *, main: str | None = "index.js", body: str | None = None, **kw: Any
) -> Script:
    made = Script("acme", "t", "c", "m", modules, main, body, **kw)
    made.refresh_etag()
    return made


def test_each_module_kind_maps_to_its_loader_type() -> None:
    """ES, CommonJS, text, data, Wasm and JSON modules keep their bytes; source maps are left out."""
    wasm = b"\x00asm\x01\x00\x00\x00"
    made = script(
        [
            Module("index.js", b"export default {}", "application/javascript+module"),
            Module("lib.cjs", b"module.exports = 1", "application/javascript"),
            Module("motto.txt", b"ship it", "text/plain"),
            Module("blob.bin", b"\x01\x02", "application/octet-stream"),
            Module("add.wasm", wasm, "application/wasm"),
            Module("data.json", b'{"a": [1]}', None),
            Module("index.js.map", b"{}", "application/source-map"),
        ],
        settings={"compatibility_date": "2025-06-01", "compatibility_flags": ["nodejs_compat"]},
    )
    assert worker_code(made) == {
        "compatibilityDate": "2025-06-01",
        "compatibilityFlags": ["nodejs_compat"],
        "mainModule": "index.js",
        "modules": {
            "index.js": {"js": "export default {}"},
            "lib.cjs": {"cjs": "module.exports = 1"},
            "motto.txt": {"text": "ship it"},
            "blob.bin": {"data": "AQI="},
            "add.wasm": {"wasm": base64.b64encode(wasm).decode()},
            "data.json": {"json": {"a": [1]}},
        },
        "env": {},
    }


def test_bindings_and_secrets_become_env() -> None:
    """plain_text and secret_text are strings, json keeps its value."""
    made = script(
        [Module("index.js", b"", None)],
        bindings=[
            {"type": "plain_text", "name": "A", "text": "a"},
            {"type": "json", "name": "J", "json": [1]},
        ],
        secrets={"S": {"type": "secret_text", "name": "S", "text": "s"}},
    )
    assert env_of(made) == {"A": "a", "J": [1], "S": "s"}


def test_a_service_worker_is_wrapped_in_a_shim_with_globals() -> None:
    """A body_part script runs through the shim: bindings become globals, env stays empty."""
    made = script(
        [Module("worker.js", b"addEventListener('fetch', () => {})", "application/javascript")],
        main=None,
        body="worker.js",
        bindings=[{"type": "plain_text", "name": "G", "text": "hi"}],
    )
    code = worker_code(made)
    assert (code["mainModule"], code["env"]) == (SHIM_MAIN, {})
    assert code["modules"]["worker.js"] == {"js": "addEventListener('fetch', () => {})"}
    assert 'Object.assign(globalThis, {"G": "hi"});' in code["modules"][SHIM_GLOBALS]["js"]
    assert 'import "./worker.js";' in code["modules"][SHIM_MAIN]["js"]


def test_a_secret_change_changes_the_runtime_etag_but_not_the_etag() -> None:
    """Cloudflare's etag ignores secret values; the loader's cache key must not."""
    made = script(
        [Module("index.js", b"", None)], secrets={"S": {"type": "secret_text", "name": "S", "text": "1"}}
    )
    before = (made.etag, runtime_etag(made))
    made.secrets["S"] = {"type": "secret_text", "name": "S", "text": "2"}
    assert made.etag == before[0]
    assert runtime_etag(made) != before[1]


@pytest.mark.parametrize(
    ("modules", "main", "needle"),
    [
        ([Module("main.py", b"", "text/x-python")], "main.py", "it is a Python Worker"),
        (
            [Module("index.js", b"", None), Module("req.txt", b"", "text/x-python-requirement")],
            "index.js",
            "Python",
        ),
    ],
)
def test_python_workers_are_refused(modules: list[Module], main: str, needle: str) -> None:
    """Any Python module makes the script a Python Worker: a 501 refusal."""
    refused = refusal("tenants", script(modules, main=main))
    assert refused is not None and refused.status == 501 and needle in refused.message


def test_a_runnable_script_is_not_refused() -> None:
    """An ES module with supported bindings runs."""
    made = script(
        [Module("index.js", b"", None)], bindings=[{"type": "plain_text", "name": "A", "text": "a"}]
    )
    assert refusal("tenants", made) is None


@pytest.mark.parametrize(
    ("date", "latest", "chosen"),
    [
        (None, "2026-11-17", "2024-09-23"),
        ("2030-01-01", "2026-11-17", "2026-11-17"),
        ("2025-01-01", None, "2025-01-01"),
    ],
)
def test_the_compatibility_date_is_clipped_to_what_workerd_supports(
    date: str | None, latest: str | None, chosen: str
) -> None:
    """No date: a default; a future date: workerd's own; otherwise the script's."""
    assert clip_date(date, latest) == chosen
