"""Pure: an emulated script -> the code workerd's Worker Loader runs, or the reason it cannot run.

:func:`worker_code` builds the loader's WorkerCode (modules, ``env``, a shim for service-worker scripts, a
wrapper that gives ES modules ``env.ASSETS``); :func:`refusal` says why a script cannot run offline (a
Python Worker, or a binding type not provided yet); :func:`runtime_etag` names one runnable version.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from wfp_async.emulator._state import Script

Json = Any

SUPPORTED_BINDINGS = ("plain_text", "secret_text", "json", "assets")
ASSETS_MAIN = "__wfp_assets_main.js"
DEFAULT_COMPATIBILITY_DATE = "2024-09-23"
SHIM_MAIN = "__wfp_service_worker.js"
SHIM_GLOBALS = "__wfp_globals.js"
_PLACEHOLDER = re.compile(r'"__WFP_([A-Z]+)__"')
_PYTHON_TYPES = frozenset({"text/x-python", "text/x-python-requirement"})
# Loader module kinds by Content-Type (parameters removed); None means "infer from the file name".
_KINDS = {
    "application/javascript+module": "js",
    "text/javascript+module": "js",
    "application/javascript": "cjs",
    "text/javascript": "cjs",
    "text/plain": "text",
    "application/octet-stream": "data",
    "application/wasm": "wasm",
    "application/json": "json",
    "application/source-map": None,
}
# By file name (also the dispatcher's modules, see _workerd.py); None: not a module.
BY_SUFFIX = {
    ".mjs": "js",
    ".js": "js",
    ".cjs": "cjs",
    ".wasm": "wasm",
    ".json": "json",
    ".txt": "text",
    ".html": "text",
    ".map": None,
}


@attrs.frozen
class Refusal:
    """Why a tenant cannot run locally: the HTTP status the dispatcher answers and a clear message."""

    status: int
    message: str


def _media(content_type: str | None) -> str | None:
    if content_type is None:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _kind(name: str, content_type: str | None) -> str | None:
    media = _media(content_type)
    if media is not None and media in _KINDS:
        return _KINDS[media]
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return BY_SUFFIX.get(suffix, "data")


def _is_python(script: Script) -> bool:
    return script.entry_point.endswith(".py") or any(
        _media(m.content_type) in _PYTHON_TYPES or m.name.endswith(".py") for m in script.modules
    )


def _bindings(script: Script) -> list[dict[str, Json]]:
    """Every binding of the script (metadata bindings, then secrets with their values)."""
    return [dict(b) for b in script.bindings] + [dict(s) for s in script.secrets.values()]


def refusal(namespace: str, script: Script) -> Refusal | None:
    """None when the script can run under ``wfp dev``; else the answer its requests get."""
    if _is_python(script):
        return Refusal(
            501,
            f"wfp dev cannot run {script.name!r}: it is a Python Worker, and workerd downloads the Pyodide "
            "runtime from the internet to run those; test Python Workers with `wrangler dev` online.",
        )
    for binding in _bindings(script):
        kind = binding.get("type")
        if kind == "assets" and script.main_module is None:
            return Refusal(
                501,
                f"wfp dev cannot run {script.name!r} yet: its assets binding {binding.get('name')!r} "
                "needs an ES-module Worker (service-worker scripts get no env.ASSETS here).",
            )
        if kind not in SUPPORTED_BINDINGS:
            return Refusal(
                501,
                f"wfp dev cannot run {script.name!r} yet: binding {binding.get('name')!r} has type {kind!r}; "
                f"the local runtime provides {', '.join(SUPPORTED_BINDINGS)}.",
            )
    return None


def runtime_etag(script: Script) -> str:
    """A short name for this runnable version: everything the loaded code depends on, hashed.

    Cloudflare's etag hashes the content only, so bindings, secrets (values included), settings
    (compatibility date and flags) and the assets set are hashed beside it: a settings PATCH or a secret
    change must reach the next request as surely as new code.
    """
    secrets = {name: secret.get("text") for name, secret in script.secrets.items()}
    state = [script.etag, script.bindings, secrets, script.settings, script.assets, script.assets_config]
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()[:24]


def env_of(script: Script) -> dict[str, Json]:
    """The tenant's ``env``: plain_text and secret_text as strings, json as its value."""
    return {
        binding["name"]: binding.get("json") if binding.get("type") == "json" else binding.get("text", "")
        for binding in _bindings(script)
        if binding.get("type") != "assets"  # a fetcher, added by the assets wrapper (see worker_code)
    }


def clip_date(date: str | None, latest: str | None) -> str:
    """The compatibility date to run with: the script's, but never later than workerd supports."""
    chosen = date if isinstance(date, str) and date else DEFAULT_COMPATIBILITY_DATE
    return chosen if latest is None else min(chosen, latest)


def _module(kind: str, content: bytes) -> dict[str, Json]:
    if kind in ("data", "wasm"):
        return {kind: base64.b64encode(content).decode("ascii")}
    text = content.decode("utf-8", "replace")
    if kind == "json":
        try:
            return {"json": json.loads(text)}
        except ValueError:  # workerd would refuse it: let the tenant's import fail visibly instead
            return {"text": text}
    return {kind: text}


def _js(file: str, **values: Json) -> dict[str, Json]:
    """The ES module ``js/{file}`` with each ``"__WFP_NAME__"`` literal replaced, in one pass, by
    ``values[NAME]`` as JSON."""
    source = (resources.files("wfp_async.local") / "js" / file).read_text("utf-8")
    return {"js": _PLACEHOLDER.sub(lambda match: json.dumps(values[match[1]]), source)}


def worker_code(
    script: Script, *, latest_date: str | None = None, assets_base: str = "", assets_key: str = ""
) -> dict[str, Json]:
    """The WorkerCode JSON the dispatch binding hands to ``env.LOADER.get()`` (bytes as base64).

    An ES-module tenant with an ``assets`` binding runs behind a small wrapper whose ``env.NAME.fetch()``
    asks the store at ``assets_base`` with ``assets_key``, the key to this tenant's assets only."""
    settings = script.settings
    flags = settings.get("compatibility_flags") or []
    modules: dict[str, dict[str, Json]] = {}
    env = env_of(script)
    service_worker = script.main_module is None
    for module in script.modules:
        kind = _kind(module.name, module.content_type)
        if service_worker and module.name == script.body_part:
            kind = "js"
        if kind is None:
            continue
        modules[module.name] = _module(kind, module.content)
    main = script.entry_point
    if service_worker:
        modules[SHIM_MAIN] = _js("service_worker_main.js", GLOBALS=f"./{SHIM_GLOBALS}", BODY=f"./{main}")
        modules[SHIM_GLOBALS] = _js("service_worker_globals.js", ENV=env)
        main, env = SHIM_MAIN, {}
    assets_names = [b["name"] for b in script.bindings if b.get("type") == "assets"]
    wrapped = bool(assets_names) and not service_worker
    if wrapped:
        modules[ASSETS_MAIN] = _js(
            "assets_wrapper.js", MAIN=f"./{main}", BASE=assets_base, KEY=assets_key, NAMES=assets_names
        )
        main = ASSETS_MAIN
    return {
        "compatibilityDate": clip_date(settings.get("compatibility_date"), latest_date),
        "compatibilityFlags": [f for f in flags if isinstance(f, str)],
        "mainModule": main,
        "modules": modules,
        "env": env,
        **({"storeBinding": True} if wrapped else {}),
    }
