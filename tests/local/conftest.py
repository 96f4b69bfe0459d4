"""Fixtures for the local runtime tests: one running platform per module (its emulator reset before each
test), an SDK client on its API and a raw httpx client for the dispatch endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from wfp_async import NO_RETRY, WfpClient
from wfp_async.emulator import Emulator
from wfp_async.local import LocalPlatform
from wfp_async.local._pytest_plugin import wfp_local

__all__ = ["wfp_local"]

NS = "tenants"


@pytest.fixture(scope="module")
def platform() -> Iterator[LocalPlatform]:
    """One LocalPlatform (built-in router) for the module; stopped at the end, also after failures."""
    with LocalPlatform(Emulator()) as running:
        yield running


@pytest.fixture
def local(platform: LocalPlatform) -> LocalPlatform:
    """The module's platform with a fresh state and one namespace, ``tenants``."""
    platform.emulator.reset()
    return platform


@pytest.fixture
async def cf(local: LocalPlatform) -> AsyncIterator[WfpClient]:
    """An SDK client on the platform's API, with the namespace ``tenants`` created."""
    async with WfpClient(
        account_id="emu-account", api_token="emu-token", base_url=local.api_url, retry=NO_RETRY
    ) as client:
        await client.namespaces.create(NS)
        yield client


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    """A plain client for the dispatch endpoint."""
    async with httpx.AsyncClient(timeout=30) as client:
        yield client
