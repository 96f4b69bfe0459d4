"""A local, in-memory Cloudflare Workers for Platforms API, for tests and offline development.

``Emulator`` implements the 27 dispatch-namespace operations the way Cloudflare answers them (envelopes,
error codes, multipart uploads, the assets upload flow), with reproducible fault injection::

    emu = Emulator(seed=1)
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://emulator/client/v4") as http:
        ...
    with emu.serve() as base_url:      # real HTTP on 127.0.0.1, in a background thread
        ...

From a shell: ``python -m wfp_async.emulator --port 8787`` (``--rate-limit 1200/300`` for Cloudflare's
rate limit, :class:`ApiRateLimit`). Pytest fixtures: ``wfp_emulator`` and ``wfp_emulator_url`` (module
``wfp_async.emulator._pytest_plugin``). It accepts uploads as the official ``cloudflare`` package,
wrangler and Cloudflare's documented curl requests send them (modules named by filename, else part
name); the README's emulator section states what a re-upload keeps, with sources.

The names below are imported on first use, so that importing the pytest plugin (loaded by every pytest
run once the package is installed) needs neither starlette nor uvicorn until an emulator is created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wfp_async._lazy import lazy_exports

if TYPE_CHECKING:
    from ._emulator import Emulator
    from ._faults import Fault, FaultConfig, Faults
    from ._throttle import ApiRateLimit

__all__ = ["ApiRateLimit", "Emulator", "Fault", "FaultConfig", "Faults"]

_HOMES = {
    "ApiRateLimit": "._throttle",
    "Emulator": "._emulator",
    "Fault": "._faults",
    "FaultConfig": "._faults",
    "Faults": "._faults",
}


__getattr__ = lazy_exports(__name__, _HOMES)
