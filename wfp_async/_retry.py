"""Retries: a frozen :class:`RetryPolicy` value, the decision of what to retry, and the loop that does it.

Only failures that are safe to repeat are retried: 429, 5xx and transport errors on idempotent requests;
on other requests only a transport error that certainly never reached the server. A server's
``Retry-After`` beats the computed backoff. Sleep, clock and randomness are injectable, so tests never wait.

Every attempt runs under a cancel scope holding what remains of the deadline (and at most
``attempt_timeout`` seconds), so a server that trickles one byte at a time cannot hold a call past it.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import anyio
import attrs

from wfp_async._errors import (
    APIError,
    InvalidInput,
    RateLimited,
    RequestTimeout,
    ServerError,
    TransportError,
    WfpError,
)

__all__ = [
    "IDEMPOTENT_METHODS",
    "NO_RETRY",
    "RetryPolicy",
    "call_with_retry",
    "compute_wait",
    "is_retryable",
]

T = TypeVar("T")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"})


def _at_least(low: float, *, above: bool = False, kind: type = float) -> Callable[..., None]:
    """The attrs validator of a number (an int when ``kind`` is int) >= ``low``, or > ``low``."""
    wanted = f"{'an int' if kind is int else 'a number'} {'>' if above else '>='} {low:g}"

    def check(_: object, attribute: attrs.Attribute[float], value: float) -> None:
        number = isinstance(value, int if kind is int else int | float) and not isinstance(value, bool)
        # NaN compares false; seconds must fit a float (10**400 would overflow in the arithmetic).
        huge = kind is float and isinstance(value, int) and value > sys.float_info.max
        if not number or not value >= low or (above and value == low) or huge:
            shown = "an int too large for a float" if huge else repr(value)
            raise InvalidInput(f"RetryPolicy.{attribute.name} must be {wanted}, got {shown}")

    return check


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How often and how patiently to retry.

    ``attempts`` counts the first try; ``deadline`` bounds all attempts and waits together, in seconds.
    The wait after failed attempt *n* is ``min(wait_max, wait_initial * wait_exp_base ** (n - 1))`` plus
    up to ``wait_jitter`` seconds of randomness, unless the server said ``Retry-After``.
    ``WfpClient(..., retry=RetryPolicy(attempts=8, deadline=120))``; a bad value raises
    :class:`~wfp_async.InvalidInput`.
    """

    attempts: int = attrs.field(default=5, validator=_at_least(1, kind=int))
    deadline: float = attrs.field(default=60.0, validator=_at_least(0, above=True))
    wait_initial: float = attrs.field(default=0.2, validator=_at_least(0))
    wait_max: float = attrs.field(default=10.0, validator=_at_least(0))
    wait_jitter: float = attrs.field(default=1.0, validator=_at_least(0))
    wait_exp_base: float = attrs.field(default=2.0, validator=_at_least(1))


NO_RETRY = RetryPolicy(attempts=1)
"""One attempt, no retry: ``cf.with_options(retry=NO_RETRY)``. Failures reach the caller at once."""


def is_retryable(error: WfpError, *, idempotent: bool) -> bool:
    """Whether repeating the request after ``error`` is both useful and safe."""
    if isinstance(error, TransportError):
        return idempotent or not error.sent
    return idempotent and isinstance(error, RateLimited | ServerError)


def compute_wait(policy: RetryPolicy, attempt: int, error: WfpError, rand: Callable[[], float]) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1-based); ``Retry-After`` wins as is."""
    if isinstance(error, APIError) and error.retry_after is not None:
        return error.retry_after
    try:
        backoff = min(policy.wait_max, policy.wait_initial * policy.wait_exp_base ** (attempt - 1))
    except OverflowError:
        backoff = policy.wait_max
    return backoff + rand() * policy.wait_jitter


async def call_with_retry(
    send: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy,
    idempotent: bool,
    sleep: Callable[[float], Awaitable[object]] = anyio.sleep,
    clock: Callable[[], float] = time.monotonic,
    rand: Callable[[], float] = random.random,
    on_retry: Callable[[WfpError, int, float], object] | None = None,
    attempt_timeout: float | None = None,
    timed_out: Callable[[str], WfpError] | None = None,
    wait_turn: Callable[[], Awaitable[object]] | None = None,
) -> T:
    """Await ``send()`` until it succeeds, or re-raise its last error once retrying stops making sense.

    Retrying stops after ``policy.attempts`` attempts, on an error :func:`is_retryable` rejects, or when the
    next wait would end past ``policy.deadline`` (then the error is raised at once, without sleeping).
    Each attempt is cancelled once the deadline has passed (that error is final) or once it has run
    ``attempt_timeout`` seconds (that one is retried like a read timeout); ``timed_out(reason)``
    builds the error, a :class:`~wfp_async.RequestTimeout` by default.
    ``on_retry(error, attempt, wait)`` is called before each sleep. Only ``WfpError`` is caught, so
    cancellation from outside and programming errors always pass through.

    ``wait_turn()``, when given, is awaited before each attempt, outside its time limit, and the time it
    takes does not count against the deadline: a bulk run waits for its turn in the rate limit (a token
    blocked for five minutes) without its items timing out.
    """
    start = clock()
    attempt = 0
    while True:
        attempt += 1
        if wait_turn is not None:
            before = clock()
            await wait_turn()
            start += clock() - before
        remaining = max(0.0, policy.deadline - (clock() - start))
        limit = remaining if attempt_timeout is None else min(remaining, attempt_timeout)
        # An anyio scope, not asyncio.timeout (cheaper): that one ignores the shield under which the transport
        # tells the rate limiter its answer, so a 429 that came in time would be lost with its permit.
        try:
            with anyio.move_on_after(limit) as scope:
                return await send()
            reason = (
                f"the retry deadline of {policy.deadline:g}s passed"
                if limit >= remaining
                else f"the attempt took longer than {limit:g}s"
            )
            error = RequestTimeout(reason, method="-", url="-") if timed_out is None else timed_out(reason)
            if limit >= remaining:
                raise error  # the deadline has passed: nothing is left to retry in
        except WfpError as caught:
            if scope.cancelled_caught and limit >= remaining:
                raise
            error = caught
        if attempt >= policy.attempts or not is_retryable(error, idempotent=idempotent):
            raise error
        wait = compute_wait(policy, attempt, error, rand)
        if clock() - start + wait > policy.deadline:
            raise error
        if on_retry is not None:
            on_retry(error, attempt, wait)
        await sleep(wait)
