"""The emulator behind a request log, for the SIGKILL tests: requests of one method take a random few
milliseconds, so a kill lands while some of them are in flight."""

from __future__ import annotations

import asyncio
import random

from starlette.types import Receive, Scope, Send

from wfp_async.emulator import Emulator


class SlowLoggedEmulator:
    """Logs every request's (method, path); ``slow`` requests sleep ``low``-``high`` seconds first."""

    def __init__(self, emu: Emulator, slow: str, low: float, high: float) -> None:
        self.emu = emu
        self.slow, self.low, self.high = slow, low, high
        self.log: list[tuple[str, str]] = []
        self.rng = random.Random(0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.log.append((scope["method"], scope["path"]))
            if scope["method"] == self.slow:
                await asyncio.sleep(self.rng.uniform(self.low, self.high))
        await self.emu(scope, receive, send)

    def paths(self, method: str, since: int = 0, until: int | None = None) -> list[str]:
        """The paths of the ``method`` requests logged from ``since`` to ``until``, in order."""
        return [path for seen, path in self.log[since:until] if seen == method]
