"""Fixtures for the emulator tests: a seeded emulator with a fixed clock, a raw httpx client on it,
and ``api``, a few request builders (namespace creation, multipart uploads) over that client."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from wfp_async.emulator import Emulator
from wfp_async.emulator._pytest_plugin import wfp_emulator, wfp_emulator_url

from emu_helpers import AUTH, JS, NS

__all__ = ["wfp_emulator", "wfp_emulator_url"]

FIXED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
STAMP = "2025-01-02T03:04:05.000000Z"

Module = tuple[str, bytes, str | None]


class Api:
    """Request builders over one raw httpx client."""

    stamp = STAMP
    ns_path = NS

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def create_namespace(self, name: str = "ns") -> dict[str, Any]:
        response = await self.client.post(NS, json={"name": name})
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()["result"]
        return result

    @staticmethod
    def form(metadata: Any, modules: Sequence[Module], *, raw_metadata: bytes | None = None) -> list[Any]:
        files: list[Any] = []
        if metadata is not None or raw_metadata is not None:
            data = raw_metadata if raw_metadata is not None else json.dumps(metadata).encode()
            files.append(("metadata", (None, data, "application/json")))
        for name, content, content_type in modules:
            files.append((name, (name, content, content_type)))
        return files

    async def upload(
        self,
        ns: str,
        script: str,
        metadata: Any = None,
        modules: Sequence[Module] | None = None,
        *,
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        if metadata is None:
            metadata = {"main_module": "index.js"}
        if modules is None:
            modules = [("index.js", b"export default { async fetch() { return new Response('hi') } }", JS)]
        return await self.client.put(
            f"{NS}/{ns}/scripts/{script}", files=self.form(metadata, modules), params=params
        )


@pytest.fixture
def emu() -> Emulator:
    """A seeded emulator whose clock is frozen at FIXED."""
    return Emulator(seed=7, clock=lambda: FIXED)


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """A raw authenticated httpx client on ``emu``, in-process."""
    async with httpx.AsyncClient(
        transport=emu.transport(), base_url="http://emulator/client/v4", headers=AUTH
    ) as c:
        yield c


@pytest.fixture
def api(client: httpx.AsyncClient) -> Api:
    """Request builders over ``client``."""
    return Api(client)
