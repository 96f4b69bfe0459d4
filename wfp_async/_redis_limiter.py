"""One request budget for a fleet of processes on one token, kept in Redis (the ``redis`` extra).

Cloudflare counts every request of a token against one budget (1,200 per 5 minutes) and blocks the
token for five minutes when it is exceeded, so several deployers on one token must share one limiter.
:class:`RedisLimiter` is that limiter: an implementation of :class:`~wfp_async._ratelimit.Limiter`
whose state lives in Redis, under a key derived from the account and a digest of the token.

The algorithm is a short Lua script, run atomically by Redis on Redis's own clock (``TIME``), so hosts
whose clocks differ still agree. Each ``acquire()`` is one round trip that *reserves* the next send
time and answers how long to wait for it; reservations are granted in the order they reach Redis, so
waiting is first come, first served across the fleet and no process starves. A send time must pass
two rules:

- a GCRA (a leaky bucket) with bursts of ``burst`` at ``RateLimit.rate`` (``(requests - burst) / period``),
  which alone keeps any window of ``period`` seconds at or under ``requests`` and spreads the
  budget evenly instead of spending it in one burst;
- an exact log of the requests of the last ``period + margin`` seconds (a sorted set): a time is
  granted only if fewer than ``requests`` entries are later than one period before it. The log makes
  the rule exact whatever else happened (a pause, corrections from the server's headers).

A request counts from its grant until one period after its answer: each answer's time (on Redis's
clock) goes to Redis with the process's next ``acquire()``, which moves one of its entries in the log
to it, so a request that reached the server late (a busy host, a slow network) still counts, without a
second round trip. ``aclose()`` sends the last answers.

``feedback()`` costs a round trip only when the answer says something Redis does not know: a 429
(everyone pauses for ``Retry-After``), or a ``Ratelimit`` remaining lower, by more than a burst, than
the fleet's own count implies (another client on the token): the missing requests are written into the log as
placeholders that expire when the server's window resets, which lowers the budget for everyone.

Why not a library: measured with 4 processes x 8 tasks at 100 per 5 s, ``limits`` (moving window)
let 116 requests into one window and cost 3 round trips per grant, and ``pyrate-limiter`` 101 at
1.07; with one host's clock 2 s ahead, 127 (the skewed host took 63% of the grants) and 200. Both
stamp requests with the host's clock, neither serves waiters in order, neither can take the server's
remaining count into account. This script (its first version): 100 in every case, one round trip per
grant; ``make bench`` measures the current one against the emulator.

What happens when Redis is lost is :meth:`RedisLimiter.connect`'s ``on_store_error``. Redis errors are
translated here and nowhere else (``_call``); messages name the Redis URL without its password.
"""

from __future__ import annotations

import collections
import hashlib
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Literal, cast
from urllib.parse import parse_qsl, urlencode, urlsplit

import anyio

from wfp_async._errors import InvalidInput, TransportError, WfpError
from wfp_async._names import check_positive_int, check_type
from wfp_async._ratelimit import DEFAULT_RATE_LIMIT, Feedback, RateLimit, positive_seconds

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.commands.core import AsyncScript

__all__ = ["RedisLimiter"]

logger = logging.getLogger("wfp_async")

# Both scripts read Redis's clock and keep two keys: the log (a sorted set of granted send times, in
# seconds of Redis time, placeholders included) and a hash with the GCRA's theoretical arrival time
# (`tat`) and a sequence number that names log entries. ARGV: requests, period, interval (1 / rate),
# tolerance ((burst - 1) * interval), then each script's own, then from `first` on the (member, answer
# time) pairs of the answers since the last call (ZADD GT, Redis 6.2). Numbers travel as "%.6f"
# strings: Redis truncates Lua floats in replies to integers.
_PRELUDE = """
local limit, period = tonumber(ARGV[1]), tonumber(ARGV[2])
local interval, tolerance = tonumber(ARGV[3]), tonumber(ARGV[4])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local function fmt(x) return string.format('%.6f', x) end
for i = first, #ARGV - 1, 2 do
  redis.call('ZADD', KEYS[1], 'GT', ARGV[i + 1], ARGV[i])
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. fmt(now - period))
local state = redis.call('HMGET', KEYS[2], 'tat', 'seq', 'last')
local tat = tonumber(state[1]) or now
local seq = tonumber(state[2]) or 0
local last = tonumber(state[3]) or now
local function keep(horizon)
  redis.call('HSET', KEYS[2], 'tat', fmt(tat), 'seq', seq, 'last', fmt(last))
  local ttl = math.ceil((math.max(horizon, tat) - now + period) * 1000) + 1000
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
"""

# Reserve the earliest send time that both rules allow, never before an earlier grant (first come,
# first served). Returns {wait in seconds, the log's size (the fleet's count, grants to come included),
# the granted time, the grant's member}.
_ACQUIRE = (
    "local first = 5\n"
    + _PRELUDE
    + """
local base = math.max(tat, now)
local gcra = math.max(now, base - tolerance)
-- Never before an earlier grant; and at most limit - 1 entries (grants, answers, placeholders) may
-- be later than one period before it, so no window holds more than the limit.
local at = math.max(gcra, last)
local n = redis.call('ZCARD', KEYS[1])
if n >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')
  at = math.max(at, tonumber(oldest[2]) + period)
end
-- Held back by the log or by an earlier grant: the bucket is empty at that time.
if at > gcra then base = at + tolerance end
tat = base + interval
last = at
seq = seq + 1
redis.call('ZADD', KEYS[1], fmt(at), seq)
keep(at)
local used = redis.call('ZCARD', KEYS[1])
return {fmt(at - now), used, fmt(at), tostring(seq)}
"""
)

# ARGV[5]: pause everyone for this many seconds (<= 0: no pause). ARGV[6], ARGV[7]: the server's
# remaining requests and seconds until its window resets (remaining < 0: not given). Returns the
# number of placeholders written.
_FEEDBACK = (
    "local first = 8\n"
    + _PRELUDE
    + """
local pause = tonumber(ARGV[5])
if pause > 0 then tat = math.max(tat, now + pause + tolerance) end
local remaining = tonumber(ARGV[6])
local added = 0
if remaining >= 0 then
  local reset = math.min(math.max(tonumber(ARGV[7]), 0), period)
  -- Placeholders at `cut` stay in every window that ends before the server's reset.
  local cut = now + reset - period
  -- The server's reset is in whole seconds: news within a second of the last correction is the same news.
  local last = tonumber(redis.call('HGET', KEYS[2], 'cut'))
  if last and cut > last and cut - last < 1 then cut = last end
  redis.call('HSET', KEYS[2], 'cut', fmt(cut))
  local known = redis.call('ZCOUNT', KEYS[1], '(' .. fmt(cut), '+inf')
  added = math.min(limit, limit - remaining) - known
  for _ = 1, added do
    seq = seq + 1
    redis.call('ZADD', KEYS[1], fmt(cut + 0.000001), 'p' .. seq)
  end
  if added < 0 then added = 0 end
end
keep(now)
return added
"""
)

StoreErrorMode = Literal["raise", "local"]
# Grants and answers remembered for Redis at most (a caller that acquires without feeding back).
_MOST_PENDING = 10_000
# What may go into a key: no braces (they would move the Cluster hash tag), no spaces, ASCII only.
_KEY_PART = re.compile(r"[A-Za-z0-9_.:-]+")
Sleep = Callable[[float], Awaitable[object]]


def redact(url: str) -> str:
    """``url`` without its password (userinfo or ``?password=``), for messages and reprs.

    Read by hand, not by ``urlsplit``: a password holding an unencoded ``/``, ``?`` or ``#`` moves a
    parser's idea of the netloc, so everything before the last ``@`` is taken as the userinfo.
    """
    head, at, rest = url.rpartition("@")
    if at:
        scheme, sep, user = head.partition("://")
        if not sep or "password" in scheme.lower():
            scheme, sep, user = "", "", head
        if "password" in user.lower():  # an "@" after a ?password=
            user = "***"
        elif ":" in user:
            user = user.split(":", 1)[0] + ":***"
        head = f"{scheme}{sep}{user}@"
    rest, hash_, fragment = rest.partition("#")
    rest, _, query = rest.partition("?")
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        # A pair whose key or value names a password is masked (";" does not split pairs here).
        query = urlencode([(k, "***" if "password" in f"{k}={v}".lower() else v) for k, v in pairs], safe="*")
    if "password" in fragment.lower():
        fragment = "***"
    return head + rest + (f"?{query}" if query else "") + (f"#{fragment}" if hash_ else "")


def budget_key(account_id: str, api_token: str, *, prefix: str) -> str:
    """The Redis key prefix of one token's budget: the account and a digest of the token, never the token.

    The braces are a Redis Cluster hash tag, so the log and the state always share a slot.
    """
    secret = api_token.encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(b"wfp-async rate limit\0" + secret).hexdigest()[:32]
    return f"{prefix}:{{{account_id}:{digest}}}"


class _LocalBucket:
    """The fallback: the same GCRA in this process alone, on the monotonic clock."""

    def __init__(self, limit: RateLimit, *, sleep: Sleep) -> None:
        self._sleep = sleep
        self._interval = 1.0 / limit.rate
        self._tolerance = (limit.burst - 1) * self._interval
        self._tat = time.monotonic()

    async def acquire(self) -> None:
        now = time.monotonic()
        at = max(now, max(self._tat, now) - self._tolerance)
        self._tat = max(self._tat, now) + self._interval
        if at > now:
            await self._sleep(at - now)

    def pause(self, seconds: float) -> None:
        self._tat = max(self._tat, time.monotonic() + seconds + self._tolerance)


class RedisLimiter:
    """A request budget shared by every process that uses the same Redis and the same token.

    Create it with :meth:`connect` and give it to the client::

        limiter = await RedisLimiter.connect("redis://redis.internal:6379/0", account_id=account_id,
                                             api_token=token, limit=DEFAULT_RATE_LIMIT)
        async with WfpClient(account_id=account_id, api_token=token, rate_limit=limiter) as cf:
            await cf.bulk.deploy_many("tenants", items)

    Every process of the fleet must use the same ``limit``. Its repr names the Redis URL without the
    password and the key, which holds a digest of the token, never the token.
    """

    def __init__(
        self,
        redis: Redis,
        *,
        key: str,
        limit: RateLimit,
        url: str,
        on_store_error: StoreErrorMode = "raise",
        fleet_size: int | None = None,
        margin: float = 1.0,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        """Wrap a connected ``redis.asyncio.Redis``; most callers want :meth:`connect` instead.

        ``RedisLimiter(redis, key=budget_key(...), limit=DEFAULT_RATE_LIMIT, url="redis://host")``
        neither connects nor checks the connection, and ``aclose()`` closes ``redis``.
        """
        _check_options(limit, on_store_error, fleet_size, margin)
        self.limit = limit
        self.margin = float(margin)
        self.key = key
        self.url = redact(url)
        self._passwords = _passwords(url)
        self.on_store_error: StoreErrorMode = on_store_error
        self.fleet_size = fleet_size
        self._redis = redis
        self._sleep = sleep
        self._keys = [f"{key}:log", f"{key}:state"]
        # Kept over period + margin (see connect()).
        kept = RateLimit(requests=limit.requests, period=limit.period + margin, burst=limit.burst)
        interval = 1.0 / kept.rate
        self._args: list[str | int] = [
            kept.requests,
            f"{kept.period:.6f}",
            f"{interval:.9f}",
            f"{(kept.burst - 1) * interval:.9f}",
        ]
        self._acquire_script: AsyncScript = redis.register_script(_ACQUIRE)
        self._feedback_script: AsyncScript = redis.register_script(_FEEDBACK)
        self._local: _LocalBucket | None = None
        # The fleet's count at the latest grant (the window's and those to come), as Redis had it:
        # feedback that does not contradict it costs no round trip.
        self._used = 0
        # This process's grants not yet answered (oldest first), the answers not yet told to Redis
        # (member, answer time on Redis's clock, flattened), and Redis's clock minus ours.
        self._unanswered: collections.deque[str] = collections.deque(maxlen=_MOST_PENDING)
        self._answers: list[str] = []
        self._offset: float | None = None
        self._closed = False

    @classmethod
    async def connect(
        cls,
        url: str,
        *,
        account_id: str,
        api_token: str,
        limit: RateLimit = DEFAULT_RATE_LIMIT,
        on_store_error: StoreErrorMode = "raise",
        fleet_size: int | None = None,
        margin: float = 1.0,
        key_prefix: str = "wfp-async:ratelimit",
        socket_timeout: float = 5.0,
    ) -> RedisLimiter:
        """Connect to Redis at ``url``, check that it answers, and return the limiter for this token.

        ``await RedisLimiter.connect("redis://:password@redis:6379/0", account_id=..., api_token=...)``.
        A URL that is not a Redis URL, bad options or a Redis older than 6.2 raise
        :class:`~wfp_async.InvalidInput`; a Redis that
        does not answer, or refuses the password, raises :class:`~wfp_async.TransportError` naming the URL
        without its password. ``on_store_error="local"`` (with ``fleet_size``, the number of processes
        sharing the token) falls back to this process's share when Redis is lost later; the default,
        ``"raise"``, makes requests fail with ``TransportError`` while Redis is away. The budget is kept
        over ``period + margin`` seconds (1 s by default: 0.3% of Cloudflare's 300 s), so a request that
        reaches Cloudflare up to ``margin`` seconds later than its grant still fits in the limit.
        """
        if not isinstance(url, str) or not url:
            raise InvalidInput(f"the Redis URL must be a non-empty str, not {type(url).__name__}")
        shown = redact(url)
        if not isinstance(api_token, str) or not api_token.strip():
            raise InvalidInput("api_token must be a non-empty str")
        for name, value in (("account_id", account_id), ("key_prefix", key_prefix)):
            if not isinstance(value, str) or not _KEY_PART.fullmatch(value):
                raise InvalidInput(f"{name} must be a non-empty str of letters, digits and - _ . :")
        if positive_seconds(socket_timeout) is None:
            raise InvalidInput(f"socket_timeout must be a positive number of seconds, not {socket_timeout!r}")
        _check_options(limit, on_store_error, fleet_size, margin)
        try:
            from redis.asyncio import Redis
            from redis.asyncio.retry import Retry
            from redis.backoff import ExponentialBackoff
        except ImportError:  # pragma: no cover - the extra is installed in every test run
            raise InvalidInput("RedisLimiter needs the redis extra: pip install 'wfp-async[redis]'") from None
        try:
            client = Redis.from_url(
                url,
                socket_timeout=socket_timeout,
                socket_connect_timeout=socket_timeout,
                # A stale pooled connection is retried once, quickly; a Redis that is gone fails fast.
                retry=Retry(ExponentialBackoff(cap=0.2, base=0.05), 1),
            )
        except (ValueError, TypeError) as exc:
            raise InvalidInput(f"not a Redis URL ({_clean(exc, _passwords(url))}): {shown}") from None
        limiter = cls(
            client,
            key=budget_key(account_id, api_token, prefix=key_prefix),
            limit=limit,
            url=url,
            on_store_error=on_store_error,
            fleet_size=fleet_size,
            margin=margin,
        )
        try:
            server = cast(dict[str, object], await limiter._call(client.info("server")))
            version = str(server.get("redis_version", "0"))
            if _version(version) < (6, 2):
                raise InvalidInput(f"RedisLimiter needs Redis 6.2 or newer; {shown} runs {version}")
        except WfpError:
            await client.aclose()
            raise
        return limiter

    async def acquire(self) -> None:
        """Wait for this request's turn in the fleet's budget (one Redis round trip), then return.

        ``await limiter.acquire()`` before each request; the transport does it for every attempt.
        Raises :class:`~wfp_async.TransportError` when Redis is lost and ``on_store_error="raise"``.
        """
        grant = await self._reserve()
        if grant is None:
            assert self._local is not None
            await self._local.acquire()
        elif grant[0] > 0:
            await self._sleep(grant[0])

    async def _reserve(self) -> tuple[float, float] | None:
        """Reserve the next send time in Redis: (seconds to wait, the granted time in Redis's clock), or
        None once the limiter went on alone."""
        if self._closed:
            raise InvalidInput("this RedisLimiter is closed")
        if self._local is not None:
            return None
        answers, self._answers = self._answers, []
        asked = time.monotonic()
        try:
            reply = await self._call(self._acquire_script(keys=self._keys, args=[*self._args, *answers]))
        except TransportError as error:
            self._answers = answers + self._answers
            if self.on_store_error == "raise":
                raise
            self._fall_back(error)
            return None
        wait, used, granted, member = cast(list[bytes], reply)
        self._used = int(used)
        # Redis's clock read after we asked: the offset errs on the late side, as answer times should.
        self._offset = float(granted) - float(wait) - asked
        self._unanswered.append(member.decode())
        return float(wait), float(granted)

    async def feedback(self, feedback: Feedback) -> None:
        """Correct the fleet's budget from one answer; a lost Redis is only logged, never raised.

        ``await limiter.feedback(Feedback(status=429, retry_after=300))`` pauses every process for five
        minutes; ``Feedback(status=200, remaining=10, reset=60)`` leaves the fleet at most 10 requests
        for the next minute. An answer that agrees with Redis costs no round trip. Raises InvalidInput
        only for something that is not a :class:`Feedback`.
        """
        check_type(feedback, Feedback, "feedback", "a Feedback")
        pause = 0.0
        if feedback.status == 429:
            pause = (
                positive_seconds(feedback.retry_after)
                or positive_seconds(feedback.reset)
                or self.limit.period
            )
        remaining = feedback.remaining
        if isinstance(remaining, bool) or not isinstance(remaining, int):
            remaining = None
        # Grants made by others between ours and this answer make the server count a few more than our
        # count had: up to a burst of them is no news.
        disagrees = remaining is not None and remaining < self.limit.requests - self._used - self.limit.burst
        if self._local is not None:
            if pause:
                self._local.pause(pause)
            return
        self._answered()
        if not pause and not disagrees:
            return  # the answer time goes to Redis with the next acquire()
        reset = positive_seconds(feedback.reset) or self.limit.period
        added = await self._correct(pause, -1 if remaining is None else max(0, remaining), reset)
        if added:
            logger.info("the server counts %d more requests than the fleet's budget; lowered it", added)

    def _answered(self) -> None:
        """One request was answered (or failed): its answer time goes to Redis with the next call. Which
        request does not matter: the log's times, not their names, decide."""
        if self._unanswered and self._offset is not None:
            member = self._unanswered.popleft()
            self._answers += [member, f"{time.monotonic() + self._offset:.6f}"]
            del self._answers[: -2 * _MOST_PENDING]

    async def _correct(self, pause: float, remaining: int, reset: float) -> int:
        """Run the feedback script (with the answers not yet told); 0 when Redis could not be told."""
        answers, self._answers = self._answers, []
        args: list[str | int] = [*self._args, f"{pause:.6f}", remaining, f"{reset:.6f}", *answers]
        try:
            return int(cast(int, await self._call(self._feedback_script(keys=self._keys, args=args))))
        except TransportError as error:
            self._answers = answers + self._answers
            if self.on_store_error == "local":
                self._fall_back(error)
                if pause:
                    assert self._local is not None
                    self._local.pause(pause)
            else:
                logger.warning("could not share the server's rate-limit feedback: %s", error)
            return 0

    async def aclose(self) -> None:
        """Close the connection to Redis: ``await limiter.aclose()`` (the client's close calls it).

        Never raises, even when Redis is already gone; ``acquire()`` raises InvalidInput afterwards.
        """
        if self._closed:
            return
        self._closed = True
        if self._answers and self._local is None:
            # The last answers' times, so that the fleet counts them until their answer.
            await self._correct(0.0, -1, 0.0)
        try:
            await self._redis.aclose()
        except Exception as exc:  # closing a connection that is already gone
            logger.debug("closing the Redis connection failed: %s", _clean(exc, self._passwords))

    async def __aenter__(self) -> RedisLimiter:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"RedisLimiter(url={self.url!r}, key={self.key!r}, limit={self.limit!r})"

    @property
    def shared(self) -> bool:
        """False once Redis was lost and the limiter went on alone: ``if not limiter.shared: alert()``."""
        return self._local is None

    def _fall_back(self, error: TransportError) -> None:
        assert self.fleet_size is not None
        requests = max(1, self.limit.requests // self.fleet_size)
        burst = max(1, min(requests, self.limit.burst // self.fleet_size))
        share = RateLimit(requests=requests, period=self.limit.period, burst=burst)
        logger.warning("Redis lost (%s); going on alone at this process's share, %s", error, share)
        self._local = _LocalBucket(share, sleep=self._sleep)

    async def _call(self, awaitable: Awaitable[object]) -> object:
        """Await one Redis command; every Redis or socket error becomes a TransportError here."""
        from redis.exceptions import RedisError

        try:
            return await awaitable
        except (RedisError, OSError) as exc:
            message = _clean(exc, self._passwords)[:200]
            raise TransportError(
                f"{type(exc).__name__}: {message}", method="REDIS", url=self.url, sent=False
            ) from None


def _version(text: str) -> tuple[int, ...]:
    """``"7.0.15"`` -> ``(7, 0, 15)``; what is not a number counts as 0."""
    return tuple(int(part) if part.isdecimal() else 0 for part in text.split(".")[:3])


def _check_options(limit: RateLimit, on_store_error: object, fleet_size: object, margin: object) -> None:
    check_type(limit, RateLimit, "limit", "a RateLimit")
    if isinstance(margin, bool) or not isinstance(margin, int | float) or not 0 <= margin < math.inf:
        raise InvalidInput(f"margin must be a number of seconds >= 0, not {margin!r}")
    if on_store_error not in ("raise", "local"):
        raise InvalidInput(f"on_store_error must be 'raise' or 'local', not {on_store_error!r}")
    if fleet_size is None and on_store_error == "local":
        raise InvalidInput("on_store_error='local' needs fleet_size, the number of processes on the token")
    if fleet_size is not None:
        check_positive_int(fleet_size, "fleet_size")


def _passwords(url: str) -> tuple[str, ...]:
    try:
        parts = urlsplit(url)
        found = [parts.password or ""] + [v for k, v in parse_qsl(parts.query) if k.lower() == "password"]
    except ValueError:
        return ()
    return tuple(secret for secret in found if secret)


def _clean(exc: BaseException, passwords: tuple[str, ...]) -> str:
    """An error's message with the URL's passwords masked (redis-py messages name host and port)."""
    text = str(exc) or type(exc).__name__
    for secret in passwords:
        text = text.replace(secret, "***")
    return text
