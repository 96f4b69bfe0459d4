"""Fault injection: seeded repeats, scripted faults, per-route rates, success:false, drops, lost answers."""

from __future__ import annotations

import time

import httpx
import pytest

from wfp_async.emulator import Emulator, FaultConfig

from emu_helpers import AUTH, NS


async def statuses(emu: Emulator, n: int) -> list[str]:
    """The outcome of ``n`` GETs: the status, or 'drop'."""
    outcomes = []
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://e/client/v4", headers=AUTH) as c:
        for _ in range(n):
            try:
                outcomes.append(str((await c.get(NS)).status_code))
            except httpx.RemoteProtocolError:
                outcomes.append("drop")
    return outcomes


async def test_same_seed_same_faults() -> None:
    """Two emulators with the same seed give the same sequence of faults; another seed does not."""
    config = FaultConfig.uniform(0.5, drop_rate=0.1)
    first = await statuses(Emulator(seed=42, faults=config), 60)
    second = await statuses(Emulator(seed=42, faults=config), 60)
    other = await statuses(Emulator(seed=43, faults=config), 60)
    assert first == second
    assert first != other
    assert {"200", "429", "500", "502", "503", "drop"} <= set(first)


async def test_fault_answers(client: httpx.AsyncClient, emu: Emulator) -> None:
    """Scripted faults answer Cloudflare's shapes: 429 + Retry-After, 500, HTML 502, 503, custom codes."""
    emu.faults.fail_next(status=429, retry_after=7)
    emu.faults.fail_next(status=500)
    emu.faults.fail_next(status=502, html=True)
    emu.faults.fail_next(status=503)
    emu.faults.fail_next(status=400, code=10021, message="custom")
    limited = await client.get(NS)
    assert (limited.status_code, limited.headers["retry-after"], limited.json()["errors"]) == (
        429,
        "7",
        [{"code": 971, "message": "Please wait and consider throttling your request speed"}],
    )
    internal = await client.get(NS)
    assert (internal.status_code, internal.json()["errors"]) == (
        500,
        [{"code": 10002, "message": "Internal server error"}],
    )
    gateway = await client.get(NS)
    assert (gateway.status_code, gateway.headers["content-type"]) == (502, "text/html; charset=utf-8")
    assert b"<h1>502 Bad Gateway</h1>" in gateway.content
    unavailable = await client.get(NS)
    assert (unavailable.status_code, unavailable.headers["retry-after"]) == (503, "1")
    custom = await client.get(NS)
    assert (custom.status_code, custom.json()["errors"]) == (400, [{"code": 10021, "message": "custom"}])
    assert (await client.get(NS)).status_code == 200
    assert [kind for _, kind in emu.faults.history] == ["429", "500", "502", "503", "400"]


async def test_success_false_toggle(client: httpx.AsyncClient, emu: Emulator) -> None:
    """success_false answers HTTP 200 with success: false and an error."""
    emu.faults.fail_next(success_false=True)
    response = await client.get(NS)
    assert (response.status_code, response.json()) == (
        200,
        {
            "success": False,
            "errors": [{"code": 10002, "message": "Internal error, please retry."}],
            "messages": [],
            "result": None,
        },
    )
    emu.faults.config = FaultConfig(success_false_rate=1.0)
    assert (await client.get(NS)).json()["success"] is False


async def test_dropped_connection_in_process(client: httpx.AsyncClient, emu: Emulator) -> None:
    """A dropped connection raises httpx.RemoteProtocolError from the in-process transport."""
    emu.faults.fail_next(drop=True)
    with pytest.raises(httpx.RemoteProtocolError, match="Server disconnected without sending a response"):
        await client.get(NS)
    assert (await client.get(NS)).status_code == 200


async def test_scripted_faults_per_route_and_before_state(
    api, client: httpx.AsyncClient, emu: Emulator
) -> None:
    """fail_next(route=...) hits only that operation, and a faulted upload is not stored."""
    await api.create_namespace("ns")
    emu.faults.fail_next(2, route="namespace-worker-script-upload-worker-module", status=503)
    assert (await client.get(NS)).status_code == 200
    assert [(await api.upload("ns", "w")).status_code for _ in range(3)] == [503, 503, 200]
    emu.faults.fail_next(route="namespace-worker-script-upload-worker-module", status=500)
    assert (await api.upload("ns", "w2")).status_code == 500
    assert list(emu.namespaces["ns"].scripts) == ["w"]


async def test_lost_answer_after_state_change(api, client: httpx.AsyncClient, emu: Emulator) -> None:
    """With after=True the operation runs (state changes) and its answer is lost; a retry sees the result."""
    emu.faults.fail_next(route="namespace-worker-create", status=502, html=True, after=True)
    lost = await client.post(NS, json={"name": "made"})
    assert lost.status_code == 502
    assert list(emu.namespaces) == ["made"]
    retry = await client.post(NS, json={"name": "made"})
    assert retry.status_code == 409
    emu.faults.fail_next(drop=True, after=True)
    with pytest.raises(httpx.RemoteProtocolError):
        await api.upload("made", "w")
    assert list(emu.namespaces["made"].scripts) == ["w"]


async def test_route_rates_and_latency(client: httpx.AsyncClient, emu: Emulator) -> None:
    """Per-route configs override the global one; latency delays answers; bad configs are refused."""
    emu.faults.config = FaultConfig(routes={"namespace-worker-list": FaultConfig(rate_500=1.0)})
    assert (await client.get(NS)).status_code == 500
    assert (await client.post(NS, json={"name": "fine"})).status_code == 200
    emu.faults.config = FaultConfig(latency=(0.05, 0.05))
    started = time.monotonic()
    assert (await client.get(NS)).status_code == 200
    assert time.monotonic() - started >= 0.05
    with pytest.raises(ValueError, match="add up to"):
        FaultConfig(rate_500=0.7, rate_502=0.7)
    with pytest.raises(ValueError, match="unknown operationIds"):
        FaultConfig(routes={"no-such-op": FaultConfig()})
    with pytest.raises(ValueError, match="unknown operationId"):
        emu.faults.fail_next(route="no-such-op")
