"""Docs are tests: every ```python block of README.md runs, in order, against the emulator.

The blocks share one namespace, as a reader's session would. The Quickstart builds its client from
CLOUDFLARE_* variables; here they name the emulator's account, and ``WfpClient`` is handed one shared
``httpx.AsyncClient`` over the emulator's in-process transport (a client passed in is never closed by
us, so ``cf`` stays usable after the Quickstart's ``async with``).
"""

from __future__ import annotations

import ast
import asyncio
import logging
import re
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

import wfp_async
from wfp_async.emulator import Emulator

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


async def emulator_namespaces(http: httpx.AsyncClient, emulator: Emulator) -> list[str]:
    """The namespace names the emulator holds, read over its API."""
    async with wfp_async.WfpClient(
        account_id=emulator.account_id, api_token="emu-token", http_client=http
    ) as cf:
        return [namespace.name async for namespace in cf.namespaces.list()]


def python_blocks() -> list[str]:
    return BLOCK.findall(README.read_text())


def test_readme_has_examples() -> None:
    """The README shows code: at least one example per capability section."""
    assert len(python_blocks()) >= 10


async def test_readme_examples_run_against_the_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each README example runs as written and leaves the emulator in the state it describes; the
    Quickstart is a whole program (its ``asyncio.run`` is awaited here, inside the test's loop)."""
    emulator = Emulator()
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", emulator.account_id)
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "emu-token")
    real_client = wfp_async.WfpClient
    programs: list[Coroutine[Any, Any, Any]] = []
    monkeypatch.setattr(asyncio, "run", programs.append)
    # The logging example sets a level: put it back for the tests after this one.
    monkeypatch.setattr(logging.getLogger("wfp_async"), "level", logging.getLogger("wfp_async").level)
    async with httpx.AsyncClient(transport=emulator.transport()) as shared:

        def client(**kwargs: Any) -> wfp_async.WfpClient:
            if "transport" not in kwargs and "http_client" not in kwargs:
                kwargs["http_client"] = shared
            # The emulator has no rate limit: Cloudflare's would make the 100-item bulk example wait.
            kwargs.setdefault("rate_limit", None)
            return real_client(**kwargs)

        monkeypatch.setattr(wfp_async, "WfpClient", client)
        namespace: dict[str, Any] = {}
        for number, source in enumerate(python_blocks(), 1):
            code = compile(source, f"README.md block {number}", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
            result = eval(code, namespace)
            if result is not None:
                await result
            while programs:
                await programs.pop(0)
            if number == 1:
                # The Quickstart ran as a program; the examples after it use a client named `cf`.
                assert (await emulator_namespaces(shared, emulator)) == ["tenants"]
                namespace["cf"] = client(account_id=emulator.account_id, api_token="emu-token")

        # The synchronous example, from a thread of its own with its own event loop.
        namespace["WfpClient"] = lambda **kwargs: real_client(**kwargs, transport=emulator.transport())
        names = await anyio.to_thread.run_sync(namespace["sync_example"], emulator.account_id, "emu-token")
        assert names == [ns.name async for ns in namespace["cf"].namespaces.list()]

        # What the examples said they did.
        cf = namespace["cf"]
        assert namespace["script"].name == "acme"
        assert (namespace["report"].ok, namespace["report"].failed) == (100, 0)
        assert namespace["deleted"] == ["acme"]
        assert dict(namespace["canary"].split) == {namespace["version"].id: 10, namespace["old"]: 90}
        assert dict(namespace["back"].split) == {namespace["old"]: 100}
        assert namespace["rolled"].waves == ["done", "done", "done"]
        assert namespace["settings"].logpush is True
        assert (await cf.namespaces.get("tenants")).script_count == 101  # acme + 100 tenants
        assert (await cf.scripts.get("tenants", "acme")).script.has_assets is True
        assert [s.name async for s in cf.secrets.list("tenants", "acme")] == ["API_KEY"]
