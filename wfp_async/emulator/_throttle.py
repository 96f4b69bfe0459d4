"""Cloudflare's API rate limit, opt-in: a per-token sliding window, a block period, and the headers.

Cloudflare allows 1,200 requests per 5 minutes per user or account token; past it, "all API calls for the
next five minutes will be blocked" (developers.cloudflare.com/fundamentals/api/reference/limits). Since
2025-09 every answer carries the IETF draft's fields (changelog 2025-09-03-rate-limiting-improvement):
``Ratelimit: "default";r=<remaining>;t=<seconds until the window resets>`` and
``Ratelimit-Policy: "default";q=<quota>;w=<window seconds>``; a 429 also carries ``Retry-After`` (seconds,
rounded up). :class:`ApiRateLimit` is the rule, :class:`Throttle` the per-token state of one emulator.
"""

from __future__ import annotations

import collections
import hashlib
import math
import re
import threading
from typing import Any

import attrs

_RULE = re.compile(r"^\s*(\d{1,9})\s*/\s*(\d{1,9}(?:\.\d{1,6})?)\s*$")


def _positive(instance: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is None and attribute.name == "block":
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError(f"{attribute.name} must be positive, got {value!r}")


@attrs.frozen(kw_only=True)
class ApiRateLimit:
    """``requests`` per ``period`` seconds per token; past it, the token is blocked for ``block`` seconds.

    ``block`` defaults to ``period`` (Cloudflare: 1,200 per 5 minutes, then a 5-minute block), so a
    3-second window in a test blocks for 3 seconds: ``ApiRateLimit(requests=1200, period=300)``, or
    ``ApiRateLimit.parse("1200/300")``. Raises ``ValueError`` for a non-positive value.
    """

    requests: int = attrs.field(validator=_positive)
    period: float = attrs.field(validator=_positive)
    block: float | None = attrs.field(default=None, validator=_positive)

    @property
    def block_seconds(self) -> float:
        """How long a token stays blocked once over the limit: ``ApiRateLimit.parse("3/3").block_seconds``."""
        return self.period if self.block is None else self.block

    @classmethod
    def parse(cls, text: str) -> ApiRateLimit:
        """``"REQUESTS/SECONDS"`` as a rule: ``ApiRateLimit.parse("1200/300")``.

        Raises ``ValueError`` for anything else.
        """
        match = _RULE.match(text)
        if match is None:
            raise ValueError(f"a rate limit is REQUESTS/SECONDS, such as 1200/300, got {text!r}")
        return cls(requests=int(match[1]), period=float(match[2]))


@attrs.frozen
class Verdict:
    """The throttle's answer for one request: allowed or not, and the headers the answer carries."""

    allowed: bool
    headers: dict[str, str]


def _seconds(value: float) -> int:
    return max(0, math.ceil(value - 1e-9))


class Throttle:
    """The per-token windows of one emulator (credentials are kept as hashes, never as given)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hits: dict[str, collections.deque[float]] = {}
        self._blocked_until: dict[str, float] = {}

    def clear(self) -> None:
        """Forget every window and block: ``emu.throttle.clear()``."""
        with self._lock:
            self._hits.clear()
            self._blocked_until.clear()

    def admit(self, rule: ApiRateLimit, credential: str, now: float) -> Verdict:
        """Count one request of ``credential`` at ``now`` (seconds) against ``rule``.

        ``Throttle().admit(ApiRateLimit.parse("1/60"), "token", 0.0).allowed`` is True; a second call at
        the same moment is not.
        """
        key = hashlib.sha256(credential.encode("utf-8", "surrogatepass")).hexdigest()
        policy = f'"default";q={rule.requests};w={_seconds(rule.period)}'
        with self._lock:
            until = self._blocked_until.get(key)
            if until is not None and now < until:
                return self._refused(policy, until - now)
            self._blocked_until.pop(key, None)
            hits = self._hits.setdefault(key, collections.deque())
            while hits and hits[0] <= now - rule.period:
                hits.popleft()
            if len(hits) >= rule.requests:
                self._blocked_until[key] = now + rule.block_seconds
                return self._refused(policy, rule.block_seconds)
            hits.append(now)
            remaining = rule.requests - len(hits)
            reset = hits[0] + rule.period - now
        headers = {"Ratelimit": f'"default";r={remaining};t={_seconds(reset)}', "Ratelimit-Policy": policy}
        return Verdict(True, headers)

    @staticmethod
    def _refused(policy: str, wait: float) -> Verdict:
        seconds = str(max(1, _seconds(wait)))
        headers = {"Ratelimit": f'"default";r=0;t={seconds}', "Ratelimit-Policy": policy}
        return Verdict(False, {**headers, "Retry-After": seconds})
