"""Docs are tests: every ```python block of README.md runs, in order, against the emulator.

The blocks share one namespace, as a reader's session would. The Quickstart builds its client from
CLOUDFLARE_* variables; here they name the emulator's account, and ``WfpClient`` is handed one shared
``httpx.AsyncClient`` over the emulator's in-process transport (a client passed in is never closed by
us, so ``cf`` stays usable after the Quickstart's ``async with``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

import wfp_async
from wfp_async.emulator import Emulator

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def python_blocks() -> list[str]:
    return BLOCK.findall(README.read_text())


def test_readme_has_examples() -> None:
    """The README shows code: at least one example per capability section."""
    assert len(python_blocks()) >= 10


async def test_readme_examples_run_against_the_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each README example runs as written and leaves the emulator in the state it describes."""
    emulator = Emulator()
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", emulator.account_id)
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "emu-token")
    real_client = wfp_async.WfpClient
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

        # What the examples said they did.
        cf = namespace["cf"]
        assert namespace["script"].name == "acme"
        assert (namespace["report"].ok, namespace["report"].failed) == (100, 0)
        assert namespace["deleted"] == ["acme"]
        assert namespace["settings"].logpush is True
        assert (await cf.namespaces.get("tenants")).script_count == 101  # acme + 100 tenants
        assert (await cf.scripts.get("tenants", "acme")).script.has_assets is True
        assert [s.name async for s in cf.secrets.list("tenants", "acme")] == ["API_KEY"]
