"""Credentials and account checks, unknown routes and methods."""

from __future__ import annotations

import httpx
import pytest

from wfp_async.emulator import Emulator

from emu_helpers import NS

AUTH_ERROR = {
    "success": False,
    "errors": [{"code": 10000, "message": "Authentication error"}],
    "messages": [],
    "result": None,
}


@pytest.fixture
async def raw(emu: Emulator):
    """An unauthenticated client on ``emu``."""
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://emulator/client/v4") as c:
        yield c


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong"}, 403),
        ({"Authorization": "Basic emu-token"}, 403),
        ({"X-Auth-Email": "a@example.com", "X-Auth-Key": "k"}, 403),
        ({"X-Auth-Email": "a@example.com"}, 401),
    ],
)
async def test_bad_credentials(raw: httpx.AsyncClient, headers: dict[str, str], status: int) -> None:
    """No credential answers 401 10000; a wrong one answers 403 10000."""
    response = await raw.get(NS, headers=headers)
    assert (response.status_code, response.json()) == (status, AUTH_ERROR)


async def test_wrong_account_is_403(client: httpx.AsyncClient) -> None:
    """A valid token on another account's path answers 403 10000."""
    response = await client.get("/accounts/someone-else/workers/dispatch/namespaces")
    assert (response.status_code, response.json()) == (403, AUTH_ERROR)


async def test_legacy_email_and_key() -> None:
    """X-Auth-Email + X-Auth-Key are accepted when the emulator was given them."""
    emu = Emulator(email="me@example.com", api_key="legacy-key")
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://e/client/v4") as c:
        good = await c.get(NS, headers={"X-Auth-Email": "me@example.com", "X-Auth-Key": "legacy-key"})
        bad = await c.get(NS, headers={"X-Auth-Email": "me@example.com", "X-Auth-Key": "nope"})
    assert (good.status_code, good.json()["result"]) == (200, [])
    assert (bad.status_code, bad.json()) == (403, AUTH_ERROR)


async def test_unknown_route_and_method(client: httpx.AsyncClient) -> None:
    """An unknown path answers 404 7003 and a known path with a wrong method 405 7001, both in envelopes."""
    missing = await client.get("/accounts/emu-account/workers/nothing")
    assert (missing.status_code, missing.json()["errors"]) == (
        404,
        [{"code": 7003, "message": "No route for that URI: /client/v4/accounts/emu-account/workers/nothing"}],
    )
    wrong = await client.post(f"{NS}/x")
    assert (wrong.status_code, wrong.json()["errors"]) == (
        405,
        [{"code": 7001, "message": "Method not allowed"}],
    )
    assert wrong.headers["allow"] == "GET, PUT, PATCH, DELETE"
