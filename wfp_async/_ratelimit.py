"""The seam between the transport and whatever keeps the request budget (Cloudflare's 1,200 per 5 minutes).

:class:`Limiter` is that seam (its docstring says when the transport calls it, :class:`Feedback` what an
answer tells it); the in-process :class:`LocalLimiter` and the fleet's, shared through Redis, implement it.
"""

from __future__ import annotations

import bisect
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from typing import Protocol

import anyio
import attrs

from wfp_async._envelope import _header, _retry_after
from wfp_async._errors import InvalidInput
from wfp_async._names import check_positive_int, check_type

__all__ = ["DEFAULT_RATE_LIMIT", "Feedback", "Limiter", "LocalLimiter", "RateLimit", "parse_feedback"]


@attrs.frozen
class RateLimit:
    """At most ``requests`` requests per ``period`` seconds, with bursts of up to ``burst``.

    ``WfpClient(..., rate_limit=RateLimit(requests=1200, period=300, burst=100))``; bad values raise
    :class:`~wfp_async.InvalidInput`.
    """

    requests: int
    period: float
    burst: int = 1

    def __attrs_post_init__(self) -> None:
        check_positive_int(self.requests, "RateLimit.requests")
        if positive_seconds(self.period) is None:
            raise InvalidInput(f"RateLimit.period must be a positive number of seconds, not {self.period!r}")
        if (
            isinstance(self.burst, bool)
            or not isinstance(self.burst, int)
            or not 1 <= self.burst <= self.requests
        ):
            raise InvalidInput(f"RateLimit.burst must be an int from 1 to requests, not {self.burst!r}")

    @property
    def rate(self) -> float:
        """Tokens per second: ``(requests - burst) / period``, so that a full burst plus a period of
        refill is exactly ``requests`` (``burst + rate * period == requests``). With ``burst == requests``
        the bucket refills the whole allowance once per period."""
        if self.requests > self.burst:
            return (self.requests - self.burst) / self.period
        return self.requests / self.period


def positive_seconds(value: object) -> float | None:
    """``value`` as a float when it is a positive finite number of seconds (a bool is none), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 < value < math.inf else None


DEFAULT_RATE_LIMIT = RateLimit(requests=1200, period=300.0, burst=20)
"""Cloudflare's limit, 1,200 requests per 5 minutes (per user, all tokens together), in bursts of up to 20.

What every ``WfpClient`` limits itself to unless given ``rate_limit=``; ``DEFAULT_RATE_LIMIT.rate`` is its
steady rate in requests per second (1,180 per 300 s after a burst of 20).
"""


@attrs.frozen
class Feedback:
    """What one answer said about the token's budget; every field but ``status`` may be absent (None).

    ``Feedback(status=200, remaining=1150, reset=240.0, quota=1200, window=300.0)``; the transport builds
    one per answer with :func:`parse_feedback`.

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
    """Holds requests back so that the token's budget is never exceeded: ``WfpClient(rate_limit=limiter)``.

    The transport calls ``await limiter.acquire()`` before every attempt of every request and
    ``await limiter.feedback(parse_feedback(status, headers))`` after it (status 0 when no answer came).
    """

    async def acquire(self) -> None:
        """Wait until one request may go out, and take its permit: ``await limiter.acquire()``.

        Nothing is sent without one. Raises nothing but cancellation.
        """

    async def feedback(self, feedback: Feedback) -> None:
        """Learn from one answer: ``await limiter.feedback(Feedback(status=429, retry_after=7.0))``.

        A 429 slows everyone down, ``remaining`` corrects the local budget. Raises nothing.
        """

    async def aclose(self) -> None:
        """Release what the limiter holds (a connection to a shared store): ``await limiter.aclose()``.

        Called by the client's close; raises nothing.
        """


# --- the headers ---------------------------------------------------------------------------------------

# Structured-field lists are tiny; anything longer is not Cloudflare's and is ignored.
_MAX_FIELD = 1024


def _items(value: str | None) -> dict[str, dict[str, str]]:
    """A structured-field list (``"default";r=50;t=30, "burst";r=9;t=1``) as ``{name: {param: value}}``.

    Lenient: a malformed item is skipped, a bare token name is accepted, a repeated name keeps the first.
    """
    found: dict[str, dict[str, str]] = {}
    if value is None or len(value) > _MAX_FIELD:
        return found
    for item in value.split(","):
        name, *params = (piece.strip() for piece in item.split(";"))
        name = name.strip('"')
        if not name:
            continue
        pairs = (param.partition("=") for param in params)
        found.setdefault(
            name, {key.strip().lower(): raw.strip().strip('"') for key, sep, raw in pairs if sep}
        )
    return found


def _number(params: Mapping[str, str], key: str) -> float | None:
    raw = params.get(key)
    if raw is None or not raw.isdecimal() or len(raw) > 12:
        return None
    return float(raw)


def _pick(items: dict[str, dict[str, str]], key: str) -> dict[str, str]:
    """The ``default`` item if there is one, else the item with the smallest ``key`` (the tightest)."""
    if "default" in items:
        return items["default"]
    candidates = [params for params in items.values() if _number(params, key) is not None]
    return min(candidates, key=lambda params: _number(params, key) or 0.0, default={})


def parse_feedback(
    status: int, headers: Mapping[str, str], *, now: Callable[[], float] = time.time
) -> Feedback:
    """What one answer says about the budget: ``parse_feedback(429, response.headers)``.

    Reads the headers :class:`Feedback` names (an HTTP date in ``Retry-After`` against the wall clock
    ``now``); the ``default`` item wins, without it the tightest. Absent or malformed fields are None;
    this never raises.
    """
    limit = _pick(_items(_header(headers, "ratelimit")), "r")
    policy = _pick(_items(_header(headers, "ratelimit-policy")), "q")
    remaining = _number(limit, "r")
    quota = _number(policy, "q")
    window = _number(policy, "w")
    retry_after = _retry_after(headers, now)
    raw = _header(headers, "retry-after")
    if retry_after is not None and raw is not None and not raw.strip().replace(".", "", 1).isdecimal():
        # An HTTP date, read against the wall clock a moment before the retry reads it: a hair shorter,
        # so that the retry which waited it out is not held back again (the date has 1 s precision).
        retry_after = max(0.0, retry_after - _DATE_SLACK)
    return Feedback(
        status=status,
        retry_after=retry_after,
        remaining=None if remaining is None else int(remaining),
        reset=_number(limit, "t"),
        quota=None if quota is None or quota < 1 else int(quota),
        window=None if window is None or window <= 0 else window,
    )


_DATE_SLACK = 0.05


# --- the in-process limiter ---------------------------------------------------------------------------

# Float refills can stop a hair short of a whole token (0.9999999999999999); such a token counts as whole.
_EPSILON = 1e-9
# A request leaves a window strictly after ``window`` seconds: the wait is nudged past the boundary.
_NUDGE = 1e-6
# When every permit of a window is still in flight, nothing but an answer frees one: look again this often.
_POLL = 0.05
# 429s closer together than this (answers to requests sent together) halve the rate once.
_HALVE_EVERY = 1.0
# After a 429 the rate is halved, never below this fraction of the limit.
_MIN_FACTOR = 1 / 32


class LocalLimiter:
    """The in-process :class:`Limiter` every :class:`~wfp_async.WfpClient` owns by default.

    ``WfpClient(..., rate_limit=LocalLimiter(RateLimit(1200, 300, burst=20)))`` shares one budget between
    clients of one process. It keeps three rules; a request waits until all of them allow it:

    * a token bucket (``burst`` at once, then ``limit.rate`` per second, scaled down after a 429) paces
      requests smoothly;
    * a hard cap: a request counts from the moment it is allowed until ``period`` seconds after its answer
      (the server counted it somewhere in between), and no more than ``requests`` count at once, so no
      window of ``period`` seconds at the server holds more than ``requests``, whatever the network jitter;
    * the server's word: ``Ratelimit`` says how many requests remain until the window resets (another
      process using the token shows up there) and ``Ratelimit-Policy`` a quota tighter than ours, which
      then applies as a second cap; a 429 stops every request for its ``Retry-After`` and halves the rate,
      which recovers linearly over one ``period``.

    A permit whose answer never comes back (``feedback`` never called) is taken as answered ``period``
    seconds after it was granted, so a careless caller cannot block the limiter forever.
    """

    def __init__(
        self,
        limit: RateLimit,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = anyio.sleep,
    ) -> None:
        self._limit = check_type(limit, RateLimit, "limit", "a RateLimit")
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(limit.burst)
        self._updated = clock()
        self._factor = 1.0
        self._paused_until = float("-inf")
        self._halved_at = float("-inf")
        self._in_flight: deque[float] = deque()  # grant times of permits not answered yet, oldest first
        self._ends: list[float] = []  # answer times, ascending; _ends[: self._start] have been forgotten
        self._start = 0
        self._set_policy(None)
        self._server_remaining = 0.0
        self._server_reset_at = float("-inf")
        self.rate_limited = 0
        """How many 429s the limiter was told about: ``cf.limiter.rate_limited``."""
        self.waited = 0.0
        """Seconds spent waiting for permits, all callers summed (what sets the pace when it grows)."""

    @property
    def limit(self) -> RateLimit:
        """The configured limit, fixed for the limiter's life (its caps derive from it): ``limiter.limit``."""
        return self._limit

    @property
    def factor(self) -> float:
        """The fraction of the configured rate in force (1.0 until a 429 halves it): ``limiter.factor``."""
        return self._factor

    def _set_policy(self, policy: tuple[int, float] | None) -> None:
        """Take the server's (quota, window), or None: the caps in force, and the bucket's rate (before
        ``factor``) and capacity, kept until the policy changes."""
        self._policy = policy
        self._caps = [(self._limit.requests, float(self._limit.period))]
        self._rate, self._capacity = self._limit.rate, float(self._limit.burst)
        if policy is not None:
            quota, window = policy
            self._caps.append(policy)
            self._capacity = min(self._capacity, float(quota))
            self._rate = min(
                self._rate, (quota - self._capacity) / window if quota > self._capacity else quota / window
            )
        self._longest = max(window for _, window in self._caps)

    def _refresh(self, now: float) -> None:
        if now >= self._paused_until:
            elapsed = max(0.0, now - max(self._updated, self._paused_until))
            # Linear: from half the rate back to the full rate over one period.
            self._factor = min(1.0, self._factor + 0.5 * elapsed / self._limit.period)
            self._tokens = min(self._capacity, self._tokens + elapsed * (self._rate * self._factor))
        self._updated = now
        stale = now - self._limit.period
        while self._in_flight and self._in_flight[0] <= stale:
            # Never answered: taken as answered one period after its grant.
            bisect.insort(self._ends, self._in_flight.popleft() + self._limit.period, self._start)
        self._start = bisect.bisect_left(self._ends, now - self._longest, self._start)
        if self._start > 4096 and self._start * 2 > len(self._ends):
            del self._ends[: self._start]
            self._start = 0

    def _wait(self, now: float) -> float:
        """0 when a request may go now, else how long to wait before looking again."""
        if now < self._paused_until:
            return self._paused_until - now
        if now < self._server_reset_at and self._server_remaining < 1:
            return self._server_reset_at - now + _NUDGE
        waits = []
        for requests, window in self._caps:
            first = bisect.bisect_left(self._ends, now - window, self._start)
            answered = len(self._ends) - first
            excess = len(self._in_flight) + answered - requests + 1
            if excess > 0:
                # Wait until enough answers have been out of the window for ``window`` seconds.
                if excess <= answered:
                    waits.append(self._ends[first + excess - 1] + window - now + _NUDGE)
                else:
                    waits.append(_POLL)
        if waits:
            return max(waits)
        if self._tokens < 1.0 - _EPSILON:
            return (1.0 - self._tokens) / (self._rate * self._factor)
        return 0.0

    async def acquire(self) -> None:
        """Wait until one request may go out, and take its permit: ``await limiter.acquire()``.

        Raises nothing but cancellation (a cancelled wait takes no permit).
        """
        while True:
            now = self._clock()
            self._refresh(now)
            wait = self._wait(now)
            if wait <= 0.0:
                self._tokens = max(0.0, self._tokens - 1.0)
                self._in_flight.append(now)
                if now < self._server_reset_at:
                    self._server_remaining -= 1
                return
            self.waited += wait
            await self._sleep(wait)

    async def feedback(self, feedback: Feedback) -> None:
        """Learn from one answer (``await limiter.feedback(parse_feedback(429, headers))``).

        ``status`` 0 means no answer came (a transport error): the permit is released all the same.
        Raises nothing.
        """
        now = self._clock()
        self._refresh(now)
        if self._in_flight:
            self._in_flight.popleft()
        bisect.insort(self._ends, now, self._start)
        if feedback.quota is not None and feedback.window is not None:
            # The server's own quota applies as a second cap beside ours (the tighter one binds).
            self._set_policy((feedback.quota, float(feedback.window)))
        if feedback.remaining is not None:
            reset = feedback.reset if feedback.reset is not None else feedback.window
            if reset is not None and reset >= 0:
                # Requests still in flight may not have been counted by the server yet. With the server's
                # policy known its cap already counts them (exactly); without it, count them here.
                unseen = 0 if self._policy is not None else len(self._in_flight)
                self._server_remaining = float(feedback.remaining) - unseen
                self._server_reset_at = now + reset
        if feedback.status == 429:
            self.rate_limited += 1
            if now >= self._paused_until and now >= self._halved_at + _HALVE_EVERY:
                # Once per pause: sixteen workers hit by the same 429 halve the rate once, not 16 times.
                self._factor = max(_MIN_FACTOR, self._factor / 2)
                self._halved_at = now
            # The server's wait, if it said one; else only the slower rate (the retry backs off anyway).
            wait = feedback.retry_after if feedback.retry_after is not None else feedback.reset
            if wait is not None:
                self._paused_until = max(self._paused_until, now + wait)
            # One token left: the retry that waited out the pause goes first, then the (slower) pace.
            self._tokens = min(self._tokens, 1.0)

    def pause(self, seconds: float) -> None:
        """No request goes out for ``seconds``, and the bucket starts empty then: ``limiter.pause(5)``."""
        now = self._clock()
        self._refresh(now)
        until = now + max(0.0, seconds)
        if until > self._paused_until:
            self._paused_until = until
            self._tokens = 0.0

    async def aclose(self) -> None:
        """Nothing to release in process: ``await limiter.aclose()``. Raises nothing."""

    def __repr__(self) -> str:
        return f"LocalLimiter({self._limit!r}, factor={self._factor:.3g})"


class ChainedLimiter:
    """Two limiters in a row: a request needs a permit from each, and both hear every answer.

    ``ChainedLimiter(cf.limiter, LocalLimiter(RateLimit(100, 60)))`` adds a tighter limit for one bulk run.
    """

    def __init__(self, first: Limiter, second: Limiter) -> None:
        self.first = first
        self.second = second

    async def acquire(self) -> None:
        """A permit from the first limiter, then from the second: ``await chained.acquire()``.

        Raises what either limiter raises; a failed second acquire gives the first permit back.
        """
        await self.first.acquire()
        try:
            await self.second.acquire()
        except BaseException:
            with anyio.CancelScope(shield=True):
                await self.first.feedback(Feedback(status=0))
            raise

    async def feedback(self, feedback: Feedback) -> None:
        """Both hear the answer: ``await chained.feedback(Feedback(200))``. Raises what they raise."""
        await self.first.feedback(feedback)
        await self.second.feedback(feedback)

    async def aclose(self) -> None:
        """Closes neither: each belongs to whoever made it (``await chained.aclose()``). Raises nothing."""
