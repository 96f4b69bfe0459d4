"""The seam between the transport and whatever keeps the request budget (Cloudflare's 1,200 per 5 minutes).

The transport asks a :class:`Limiter` for a permit before every attempt of every request, and tells it
what the server said about the budget after every answer (:class:`Feedback`: the status, ``Retry-After``
and the ``Ratelimit`` / ``Ratelimit-Policy`` fields Cloudflare sends since 2025-09). An in-process limiter
and a fleet-wide one (shared through Redis) are both just implementations of this protocol.
"""

from __future__ import annotations

from typing import Protocol

import attrs

from wfp_async._errors import InvalidInput

__all__ = ["DEFAULT_RATE_LIMIT", "Feedback", "Limiter", "RateLimit"]


@attrs.frozen
class RateLimit:
    """At most ``requests`` requests per ``period`` seconds, with bursts of up to ``burst``.

    ``cf.bulk.deploy_many("tenants", items, rate_limit=RateLimit(requests=1200, period=300, burst=100))``;
    bad values raise :class:`~wfp_async.InvalidInput`.
    """

    requests: int
    period: float
    burst: int = 1

    def __attrs_post_init__(self) -> None:
        if isinstance(self.requests, bool) or not isinstance(self.requests, int) or self.requests < 1:
            raise InvalidInput(f"RateLimit.requests must be a positive int, not {self.requests!r}")
        if (
            isinstance(self.period, bool)
            or not isinstance(self.period, int | float)
            or not 0 < self.period < float("inf")
        ):
            raise InvalidInput(f"RateLimit.period must be a positive number of seconds, not {self.period!r}")
        if (
            isinstance(self.burst, bool)
            or not isinstance(self.burst, int)
            or not 1 <= self.burst <= self.requests
        ):
            raise InvalidInput(f"RateLimit.burst must be an int from 1 to requests, not {self.burst!r}")

    @property
    def rate(self) -> float:
        """Tokens per second. The burst is taken out of the period's allowance, so that no window of
        ``period`` seconds ever holds more than ``requests`` requests."""
        return (
            (self.requests - self.burst + 1) / self.period if self.requests > self.burst else 1 / self.period
        )


# Cloudflare's global API limit: 1,200 requests per 5 minutes per user, all tokens together.
DEFAULT_RATE_LIMIT = RateLimit(requests=1200, period=300.0, burst=20)
"""Cloudflare's limit, 1,200 requests per 5 minutes, in bursts of up to 20.

What every ``cf.bulk`` operation uses unless given ``rate_limit=``; ``DEFAULT_RATE_LIMIT.rate`` is its steady
rate in requests per second.
"""


@attrs.frozen
class Feedback:
    """What one answer said about the token's budget; every field but ``status`` may be absent (None).

    ``remaining`` and ``reset`` (seconds until the window resets) come from ``Ratelimit: "default";r=…;t=…``,
    ``quota`` and ``window`` (seconds) from ``Ratelimit-Policy: "default";q=…;w=…``, ``retry_after``
    (seconds) from ``Retry-After`` (delta-seconds or an HTTP date).
    """

    status: int
    retry_after: float | None = None
    remaining: int | None = None
    reset: float | None = None
    quota: int | None = None
    window: float | None = None


class Limiter(Protocol):
    """Holds requests back so that the token's budget is never exceeded."""

    async def acquire(self) -> None:
        """Wait until one request may go out, and take its permit. Nothing is sent without one."""
        ...

    async def feedback(self, feedback: Feedback) -> None:
        """Learn from one answer: a 429 slows everyone down, ``remaining`` corrects the local budget."""
        ...

    async def aclose(self) -> None:
        """Release what the limiter holds (a connection to a shared store); called by the client's close."""
        ...
