"""Concurrency: many simultaneous uploads leave exactly that many scripts and a true script_count."""

from __future__ import annotations

import anyio
import httpx

from emu_helpers import NS


async def test_thousand_concurrent_uploads(api, client: httpx.AsyncClient) -> None:
    """1,000 concurrent uploads all succeed and the namespace counts 1,000 scripts."""
    await api.create_namespace("bulk")
    codes: list[int] = []

    async def one(i: int) -> None:
        codes.append((await api.upload("bulk", f"w{i}")).status_code)

    async with anyio.create_task_group() as tg:
        for i in range(1000):
            tg.start_soon(one, i)
    assert codes == [200] * 1000
    assert (await client.get(f"{NS}/bulk")).json()["result"]["script_count"] == 1000
    assert len((await client.get(f"{NS}/bulk/scripts")).json()["result"]) == 1000
