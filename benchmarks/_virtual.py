"""An asyncio event loop on a virtual clock: every sleep returns at once and moves the clock.

``run_virtual(main)`` runs ``main()`` on it; ``loop.time()`` (what ``anyio.sleep`` and
``anyio.current_time`` read) starts at 0 and jumps to the next timer whenever nothing is ready, so hours
of rate-limited traffic over ``httpx.MockTransport`` take seconds. Nothing may touch a real socket.
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")


class VirtualLoop(asyncio.SelectorEventLoop):
    """A selector loop whose ``time()`` is virtual and whose waits for I/O are skipped."""

    def __init__(self) -> None:
        super().__init__(selectors.DefaultSelector())
        self._virtual_now = 0.0
        real_select = self._selector.select  # type: ignore[attr-defined]

        def select(timeout: float | None = None) -> list[Any]:
            events: list[Any] = real_select(0)
            if not events and timeout:
                self._virtual_now += timeout
            return events

        self._selector.select = select  # type: ignore[attr-defined]

    def time(self) -> float:
        return self._virtual_now


def run_virtual(main: Callable[[], Awaitable[T]]) -> T:
    """Run ``main()`` on a fresh :class:`VirtualLoop`, then close it."""
    loop = VirtualLoop()
    try:
        return loop.run_until_complete(main())  # type: ignore[arg-type]
    finally:
        loop.close()
