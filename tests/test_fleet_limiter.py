"""The fleet limiter against a real redis-server on loopback: one budget shared by processes on one token.

In-process tests inject the sleep and read the waits the limiter asked for (Redis's clock runs on, so
waits are compared within a few milliseconds); the fleet tests run real processes and check every
window of the period on the grant times Redis handed out.
"""

from __future__ import annotations

import ast
import itertools
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import redis
import redis.asyncio

import wfp_async
from wfp_async import InvalidInput, RateLimit, RedisLimiter, TransportError, WfpClient, WorkerBundle
from wfp_async._ratelimit import Feedback
from wfp_async._redis_limiter import budget_key, redact
from wfp_async.emulator import Emulator

from redis_server import RedisServer, running_redis

ACCOUNT = "0123456789abcdef0123456789abcdef"
TOKEN = "tok-secret-value-0123456789"
PASSWORD = "hunter2-redis"
# 10 per second in bursts of 3; after the burst, one request every 1 / SMALL.rate seconds.
SMALL = RateLimit(requests=10, period=1.0, burst=3)
INTERVAL = 1 / SMALL.rate
# Redis's clock keeps running between calls: waits are compared this closely.
SLACK = 0.05


@pytest.fixture(scope="module")
def shared_server() -> Iterator[RedisServer]:
    with running_redis(password=PASSWORD) as server:
        yield server


@pytest.fixture
def server(shared_server: RedisServer) -> Iterator[RedisServer]:
    """The module's server, emptied before each test."""
    client = redis.Redis.from_url(shared_server.url)
    try:
        client.flushall()
        yield shared_server
    finally:
        client.close()


@pytest.fixture
def own_server() -> Iterator[RedisServer]:
    """A server of this test alone, which it may stop (an outage)."""
    with running_redis(password=PASSWORD) as server:
        yield server


class Waits:
    """An injected sleep that records what it was asked to wait and returns at once."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def make(server: RedisServer, waits: Waits, *, token: str = TOKEN, **options: object) -> RedisLimiter:
    limit = options.pop("limit", SMALL)
    assert isinstance(limit, RateLimit)
    return RedisLimiter(
        redis.asyncio.Redis.from_url(server.url),
        key=budget_key(ACCOUNT, token, prefix="test"),
        limit=limit,
        url=server.url,
        sleep=waits,
        margin=options.pop("margin", 0.0),  # type: ignore[arg-type]
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
async def pair(server: RedisServer) -> AsyncIterator[tuple[RedisLimiter, RedisLimiter, Waits, Waits]]:
    """Two limiters on the same token with their own connections: two processes, as Redis sees them."""
    first_waits, second_waits = Waits(), Waits()
    first, second = make(server, first_waits), make(server, second_waits)
    try:
        yield first, second, first_waits, second_waits
    finally:
        await first.aclose()
        await second.aclose()


def log_size(server: RedisServer, token: str = TOKEN) -> int:
    client = redis.Redis.from_url(server.url)
    try:
        return int(client.zcard(budget_key(ACCOUNT, token, prefix="test") + ":log"))
    finally:
        client.close()


def redis_now(server: RedisServer) -> float:
    client = redis.Redis.from_url(server.url)
    try:
        seconds, micros = client.time()
        return seconds + micros / 1e6
    finally:
        client.close()


def script_calls(server: RedisServer) -> int:
    client = redis.Redis.from_url(server.url)
    try:
        stats = client.info("commandstats")
        return sum(int(stats.get(name, {}).get("calls", 0)) for name in ("cmdstat_evalsha", "cmdstat_eval"))
    finally:
        client.close()


# --- keys, URLs and options -----------------------------------------------------------------------


def test_key_holds_the_account_and_a_digest_never_the_token() -> None:
    """The budget's key names the account and a 32-hex digest of the token, and differs per token."""
    key = budget_key(ACCOUNT, TOKEN, prefix="wfp")
    assert key.startswith("wfp:{" + ACCOUNT + ":") and key.endswith("}")
    digest = key.removeprefix("wfp:{" + ACCOUNT + ":").removesuffix("}")
    assert len(digest) == 32 and int(digest, 16) >= 0
    assert TOKEN not in key
    assert budget_key(ACCOUNT, TOKEN, prefix="wfp") == key
    assert budget_key(ACCOUNT, TOKEN + "x", prefix="wfp") != key
    assert budget_key("f" * 32, TOKEN, prefix="wfp") != key


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://:pw@host:6379/0", "redis://:***@host:6379/0"),
        ("redis://user:pw@host:6379/0", "redis://user:***@host:6379/0"),
        ("rediss://user@host:6380", "rediss://user@host:6380"),
        ("redis://host", "redis://host"),
        ("unix:///run/redis.sock?db=1&password=pw", "unix:///run/redis.sock?db=1&password=***"),
        # Without "//" urlsplit keeps the query apart too; it is shown once, masked.
        ("localhost:6379?password=pw", "localhost:6379?password=***"),
        ("unix:/run/redis.sock?password=pw#f", "unix:/run/redis.sock?password=***#f"),
        # A password holding an unencoded "/", "?" or "#" moves urlsplit's netloc: never shown either way.
        ("redis://u:s3/cr3t@host:6379", "redis://u:***@host:6379"),
        ("redis://u:s3?cr3t@host", "redis://u:***@host"),
        ("redis://u:s3cr3t#x@host/0", "redis://u:***@host/0"),
        ("redis:u:s3cr3t@host", "redis:***@host"),
        ("redis:/u:s3cr3t@host", "redis:***@host"),
        ("redis://host?password=s3@cr3t", "redis://***@cr3t"),
        ("redis://host/0?a=1;password=s3cr3t", "redis://host/0?a=***"),
        ("redis://host/0#password=s3cr3t", "redis://host/0#***"),
    ],
)
def test_redact_drops_every_password(url: str, shown: str) -> None:
    """A Redis URL is shown with its password masked, wherever the URL carries it."""
    assert redact(url) == shown


async def test_repr_shows_neither_token_nor_password(server: RedisServer) -> None:
    """The limiter's repr names the URL without its password and the key without the token."""
    limiter = await RedisLimiter.connect(server.url, account_id=ACCOUNT, api_token=TOKEN, limit=SMALL)
    try:
        text = repr(limiter)
        key = budget_key(ACCOUNT, TOKEN, prefix="wfp-async:ratelimit")
        assert text == (
            f"RedisLimiter(url='redis://:***@127.0.0.1:{server.port}/0', key='{key}', limit={SMALL!r})"
        )
        assert TOKEN not in text and PASSWORD not in text
    finally:
        await limiter.aclose()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"url": None}, "the Redis URL must be a non-empty str, not NoneType"),
        ({"url": b"redis://h"}, "the Redis URL must be a non-empty str, not bytes"),
        ({"account_id": ""}, "account_id must be a non-empty str of letters, digits and - _ . :"),
        ({"account_id": "{a}"}, "account_id must be a non-empty str of letters, digits and - _ . :"),
        ({"account_id": "\ud800"}, "account_id must be a non-empty str of letters, digits and - _ . :"),
        ({"api_token": b"t"}, "api_token must be a non-empty str"),
        ({"api_token": None}, "api_token must be a non-empty str"),
        ({"key_prefix": " "}, "key_prefix must be a non-empty str of letters, digits and - _ . :"),
        ({"socket_timeout": 0}, "socket_timeout must be a positive number of seconds, not 0"),
        ({"limit": 1200}, "limit must be a RateLimit, not int"),
        ({"on_store_error": "ignore"}, "on_store_error must be 'raise' or 'local', not 'ignore'"),
        (
            {"on_store_error": "local"},
            "on_store_error='local' needs fleet_size, the number of processes on the token",
        ),
        ({"fleet_size": 0}, "fleet_size must be a positive int, not 0"),
        ({"fleet_size": True}, "fleet_size must be a positive int, not True"),
        ({"margin": -1}, "margin must be a number of seconds >= 0, not -1"),
        ({"margin": float("nan")}, "margin must be a number of seconds >= 0, not nan"),
        ({"url": "http://:pw@host:80"}, None),
    ],
)
async def test_bad_options_raise_invalid_input_before_connecting(
    options: dict[str, object], message: str | None
) -> None:
    """Wrong types and values are InvalidInput with a clear message; no connection is attempted."""
    arguments: dict[str, object] = {
        "url": "redis://:pw@127.0.0.1:1/0",
        "account_id": ACCOUNT,
        "api_token": TOKEN,
        **options,
    }
    url = arguments.pop("url")
    with pytest.raises(InvalidInput) as caught:
        await RedisLimiter.connect(url, **arguments)  # type: ignore[arg-type]
    if message is None:
        assert str(caught.value).startswith("not a Redis URL (")
        assert str(caught.value).endswith("): http://:***@host:80")
    else:
        assert str(caught.value) == message
    assert "pw" not in str(caught.value)


async def test_a_url_without_slashes_is_named_once_with_its_password_masked() -> None:
    """redis-py refuses 'localhost:6379?password=…' (no scheme): the error names it once, password masked."""
    with pytest.raises(InvalidInput) as caught:
        await RedisLimiter.connect("localhost:6379?password=pw", account_id=ACCOUNT, api_token=TOKEN)
    assert str(caught.value).startswith("not a Redis URL (")
    assert str(caught.value).endswith("): localhost:6379?password=***")
    assert str(caught.value).count("localhost:6379") == 1
    assert "pw" not in str(caught.value)


async def test_unreachable_redis_at_start_is_a_transport_error_naming_the_url() -> None:
    """Nothing listening: connect() raises TransportError naming the URL, its password masked."""
    from redis_server import free_port

    port = free_port()
    with pytest.raises(TransportError) as caught:
        await RedisLimiter.connect(
            f"redis://:{PASSWORD}@127.0.0.1:{port}/0", account_id=ACCOUNT, api_token=TOKEN
        )
    text = str(caught.value)
    assert text.startswith(f"REDIS redis://:***@127.0.0.1:{port}/0 -> ConnectionError: ")
    assert caught.value.sent is False
    assert PASSWORD not in text and TOKEN not in text


async def test_wrong_password_is_a_transport_error_without_the_password(server: RedisServer) -> None:
    """A Redis that refuses the password: TransportError naming the URL, never the password tried."""
    url = f"redis://:wrong-{PASSWORD}@127.0.0.1:{server.port}/0"
    with pytest.raises(TransportError) as caught:
        await RedisLimiter.connect(url, account_id=ACCOUNT, api_token=TOKEN)
    assert str(caught.value) == (
        f"REDIS redis://:***@127.0.0.1:{server.port}/0 -> AuthenticationError: "
        "invalid username-password pair or user is disabled."
    )


def test_redis_versions_are_compared_as_numbers() -> None:
    """6.2 and newer pass the version check, 5.0 and 6.0 do not (ZADD GT needs 6.2)."""
    from wfp_async._redis_limiter import _version

    assert [_version(v) >= (6, 2) for v in ("7.0.15", "6.2.0", "10.0", "6.0.16", "5.0.7", "x")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]


# --- the budget -------------------------------------------------------------------------------------


async def test_grants_follow_a_small_burst_then_the_steady_rate(server: RedisServer) -> None:
    """Three requests go at once (the burst), then one every interval: 10 per second, never more."""
    limiter = make(server, Waits())
    try:
        grants = [await limiter._reserve() for _ in range(12)]
    finally:
        await limiter.aclose()
    assert all(grant is not None for grant in grants)
    waits = [grant[0] for grant in grants if grant is not None]
    times = [grant[1] for grant in grants if grant is not None]
    assert waits[:3] == [0.0, 0.0, 0.0] and all(wait > 0 for wait in waits[3:])
    # After the burst, each grant is exactly one interval after the previous one, on Redis's clock.
    assert [b - a for a, b in itertools.pairwise(times[3:])] == pytest.approx([INTERVAL] * 8, abs=1e-5)
    assert times[3] - times[0] == pytest.approx(INTERVAL, abs=1e-5)
    assert max(sum(1 for t in times if start <= t < start + 1.0) for start in times) == 10


async def test_the_margin_keeps_the_budget_over_a_longer_window(server: RedisServer) -> None:
    """margin=1 keeps 10 per 2 s: the steady interval doubles, so late arrivals still fit."""
    waits = Waits()
    limiter = make(server, waits, margin=1.0)
    try:
        for _ in range(5):
            await limiter.acquire()
    finally:
        await limiter.aclose()
    interval = 1 / RateLimit(requests=10, period=2.0, burst=3).rate
    assert interval == pytest.approx(2 * INTERVAL)
    assert waits.seconds == pytest.approx([interval, 2 * interval], abs=SLACK)


async def test_acquire_sleeps_for_the_wait_redis_granted(pair: tuple[RedisLimiter, ...]) -> None:
    """acquire() sleeps only when Redis says to wait, for exactly that long."""
    first, _, first_waits, _ = pair  # type: ignore[misc]
    for _ in range(5):
        await first.acquire()
    assert first_waits.seconds == pytest.approx([INTERVAL, 2 * INTERVAL], abs=SLACK)


async def test_processes_on_one_token_share_one_budget(pair: tuple[RedisLimiter, ...]) -> None:
    """A second limiter on the same token continues the first one's queue instead of its own burst."""
    first, second, _, second_waits = pair  # type: ignore[misc]
    for _ in range(3):
        await first.acquire()
    await second.acquire()
    assert second_waits.seconds == pytest.approx([INTERVAL], abs=SLACK)


async def test_other_tokens_have_their_own_budget(server: RedisServer) -> None:
    """A limiter on another token starts with its own full burst."""
    waits, other_waits = Waits(), Waits()
    limiter, other = make(server, waits), make(server, other_waits, token="another-token")
    try:
        for _ in range(3):
            await limiter.acquire()
        for _ in range(3):
            await other.acquire()
    finally:
        await limiter.aclose()
        await other.aclose()
    assert waits.seconds == [] and other_waits.seconds == []
    assert log_size(server) == 3 and log_size(server, "another-token") == 3


async def test_waiting_is_first_come_first_served(server: RedisServer) -> None:
    """With a deep queue, every new request waits behind all earlier grants, whoever asked for them."""
    busy_waits, quiet_waits = Waits(), Waits()
    busy, quiet = make(server, busy_waits), make(server, quiet_waits)
    try:
        for _ in range(9):
            await busy._reserve()
        grant = await quiet._reserve()
        later = await busy._reserve()
    finally:
        await busy.aclose()
        await quiet.aclose()
    assert grant is not None and later is not None
    # 3 in the burst, 6 queued: the quiet process gets the 10th grant, the busy one the 11th.
    assert grant[0] == pytest.approx(7 * INTERVAL, abs=SLACK)
    assert later[1] - grant[1] == pytest.approx(INTERVAL, abs=0.001)


async def test_a_request_counts_until_its_answer(server: RedisServer) -> None:
    """Requests answered 0.3 s after their grant hold the window until 1 s after the answer, not the grant."""
    limit = RateLimit(requests=3, period=1.0, burst=3)
    limiter = make(server, Waits(), limit=limit)
    try:
        for _ in range(3):
            await limiter.acquire()
        await anyio.sleep(0.3)  # the requests' journey (a slow network, a busy host)
        before = redis_now(server)
        for _ in range(3):
            await limiter.feedback(Feedback(status=200))
        after = redis_now(server)
        grant = await limiter._reserve()
    finally:
        await limiter.aclose()
    assert grant is not None
    # The answer times went to Redis with this call; the oldest answer leaves the window 1 s later. Answer
    # times are this host's monotonic clock moved by the offset to Redis's clock seen at the last grant: the
    # two clocks agree to a few ms under load (CI once saw 1.1 ms), against the 0.3 s a grant-time count
    # would be early by.
    assert before + 1.0 - 0.02 <= grant[1] <= after + 1.0 + SLACK


async def test_closing_tells_redis_the_last_answers(server: RedisServer) -> None:
    """aclose() sends the answer times no acquire() carried yet, so a finished process still counts."""
    limiter = make(server, Waits())
    await limiter.acquire()
    await anyio.sleep(0.2)
    before = redis_now(server)
    await limiter.feedback(Feedback(status=200))
    after = redis_now(server)
    client = redis.Redis.from_url(server.url)
    try:
        key = budget_key(ACCOUNT, TOKEN, prefix="test") + ":log"
        (granted,) = [score for _, score in client.zrange(key, 0, -1, withscores=True)]
        assert granted < before - 0.15
        await limiter.aclose()
        (answered,) = [score for _, score in client.zrange(key, 0, -1, withscores=True)]
    finally:
        client.close()
    assert before - 0.001 <= answered <= after + SLACK


# --- feedback -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("feedback", "pause"),
    [
        (Feedback(status=429, retry_after=0.4), 0.4),
        (Feedback(status=429, reset=0.6), 0.6),
        (Feedback(status=429), 1.0),
    ],
)
async def test_a_429_pauses_every_process(
    server: RedisServer, pair: tuple[RedisLimiter, ...], feedback: Feedback, pause: float
) -> None:
    """A 429 seen by one process holds back the others: Retry-After, else the reset, else the period."""
    first, second, *_ = pair
    before = redis_now(server)
    await first.feedback(feedback)
    after = redis_now(server)
    grants = [await second._reserve(), await second._reserve()]
    assert grants[0] is not None and grants[1] is not None
    assert before + pause <= grants[0][1] <= after + pause
    # The bucket is empty after a pause: no burst, the next one an interval later.
    assert grants[1][1] - grants[0][1] == pytest.approx(INTERVAL, abs=1e-5)


async def test_lower_remaining_lowers_the_budget_for_everyone(
    server: RedisServer, pair: tuple[RedisLimiter, ...]
) -> None:
    """The server counting more than Redis did (another client on the token) holds everyone back."""
    first, second, *_ = pair
    await first.acquire()
    before = redis_now(server)
    await first.feedback(Feedback(status=200, remaining=2, reset=0.5))
    after = redis_now(server)
    # The server allows 2 more in the next 0.5 s: the 10-slot log now holds 8 (1 grant + 7 placeholders).
    assert log_size(server) == 8
    await first.feedback(Feedback(status=200, remaining=2, reset=0.5))
    assert log_size(server) == 8  # the same news twice is counted once
    grants = [await second._reserve() for _ in range(3)]
    assert all(grant is not None for grant in grants)
    # The bucket's burst would let all three go; the third waits until the placeholders leave the window.
    assert [grant[0] for grant in grants if grant is not None][:2] == [0.0, 0.0]
    assert grants[2] is not None and before + 0.5 <= grants[2][1] <= after + 0.5 + 1e-5


async def test_feedback_that_agrees_costs_no_round_trip(
    server: RedisServer, pair: tuple[RedisLimiter, ...]
) -> None:
    """An answer whose remaining matches Redis's count sends nothing to Redis; one that is lower does."""
    first, *_ = pair
    await first.acquire()
    before = script_calls(server)
    await first.feedback(Feedback(status=200, remaining=9, reset=1, quota=10, window=1))
    await first.feedback(Feedback(status=200))
    assert script_calls(server) == before
    await first.feedback(Feedback(status=200, remaining=5, reset=1))
    assert script_calls(server) == before + 1


@pytest.mark.parametrize(
    "feedback",
    [
        Feedback(status=429, retry_after=float("nan"), reset=float("inf")),
        Feedback(status=429, retry_after=-5, reset=0),
        Feedback(status=200, remaining=True, reset=float("nan")),  # type: ignore[arg-type]
        Feedback(status=200, remaining=0, reset=float("-inf")),
    ],
)
async def test_nonsense_feedback_is_read_as_its_safe_meaning(
    server: RedisServer, pair: tuple[RedisLimiter, ...], feedback: Feedback
) -> None:
    """NaN, infinite or negative seconds fall back to the period; a bool is no count; nothing raises."""
    first, second, *_ = pair
    before = redis_now(server)
    await first.feedback(feedback)
    after = redis_now(server)
    grant = await second._reserve()
    assert grant is not None
    if feedback.status == 429 or feedback.remaining == 0:
        # Paused, or no requests left, for one period: the 1 s the limit says.
        assert before + 1.0 <= grant[1] <= after + 1.0 + 1e-5
    else:
        assert grant[0] == 0.0


@pytest.mark.parametrize("wrong", [None, 429, {"status": 429}])
async def test_feedback_that_is_not_a_feedback_is_invalid_input(
    pair: tuple[RedisLimiter, ...], wrong: object
) -> None:
    """Anything but a Feedback is refused with InvalidInput, not an AttributeError."""
    first, *_ = pair
    with pytest.raises(InvalidInput, match=f"^feedback must be a Feedback, not {type(wrong).__name__}$"):
        await first.feedback(wrong)  # type: ignore[arg-type]


async def test_any_token_text_gives_a_key(server: RedisServer) -> None:
    """A token with a lone surrogate or non-ASCII text still has a digest; connect() works."""
    for token in ("\ud800", "jeton-\u00e9t\u00e9"):
        limiter = await RedisLimiter.connect(server.url, account_id=ACCOUNT, api_token=token)
        try:
            await limiter.acquire()
            assert "\ud800" not in limiter.key and "\u00e9" not in limiter.key
        finally:
            await limiter.aclose()


# --- faults -----------------------------------------------------------------------------------------


async def test_redis_lost_mid_run_fails_requests_with_a_typed_error(
    own_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    """By default a lost Redis makes acquire() raise TransportError (nothing sent); feedback only logs."""
    limiter = make(own_server, Waits())
    try:
        await limiter.acquire()
        own_server.stop()
        with pytest.raises(TransportError) as caught:
            await limiter.acquire()
        assert str(caught.value).startswith(
            f"REDIS redis://:***@127.0.0.1:{own_server.port}/0 -> ConnectionError: "
        )
        assert caught.value.sent is False and PASSWORD not in str(caught.value)
        with caplog.at_level(logging.WARNING, logger="wfp_async"):
            await limiter.feedback(Feedback(status=429, retry_after=1))
        assert [r.getMessage().split(":")[0] for r in caplog.records] == [
            "could not share the server's rate-limit feedback"
        ]
        assert limiter.shared
    finally:
        await limiter.aclose()


async def test_redis_lost_mid_run_can_fall_back_to_this_process_share(own_server: RedisServer) -> None:
    """With on_store_error='local', a lost Redis leaves the process its share: 10/s over 2 is 5/s."""
    waits = Waits()
    limit = RateLimit(requests=10, period=1.0, burst=4)
    limiter = make(own_server, waits, limit=limit, on_store_error="local", fleet_size=2)
    try:
        await limiter.acquire()
        own_server.stop()
        for _ in range(4):
            await limiter.acquire()
        assert not limiter.shared
        # The share: 5 per second in bursts of 2.
        interval = 1 / RateLimit(requests=5, period=1.0, burst=2).rate
        assert waits.seconds == pytest.approx([interval, 2 * interval], abs=SLACK)
        await limiter.feedback(Feedback(status=429, retry_after=2))
        await limiter.acquire()
        assert waits.seconds[-1] == pytest.approx(2.0, abs=SLACK)
    finally:
        await limiter.aclose()


async def test_a_closed_limiter_refuses_permits(server: RedisServer) -> None:
    """After aclose() (twice is fine) acquire() raises InvalidInput instead of sending unlimited."""
    limiter = make(server, Waits())
    await limiter.aclose()
    await limiter.aclose()
    with pytest.raises(InvalidInput, match=r"^this RedisLimiter is closed$"):
        await limiter.acquire()


# --- through the client ----------------------------------------------------------------------------


def answer(status: int = 200, **headers: str) -> httpx.Response:
    ok = status < 400
    body = {"success": ok, "errors": [] if ok else [{"code": 971, "message": "Please wait"}], "result": []}
    return httpx.Response(status, json={**body, "messages": []}, headers=headers)


async def test_every_request_takes_a_grant_before_it_is_sent(server: RedisServer) -> None:
    """WfpClient(rate_limit=limiter): each request is sent only after its grant is in Redis."""
    seen: list[tuple[str, str, str, int]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, request.url.path, request.headers["authorization"], log_size(server)))
        return answer()

    limiter = make(server, Waits())
    transport = httpx.MockTransport(handler)
    async with WfpClient(account_id=ACCOUNT, api_token=TOKEN, transport=transport, rate_limit=limiter) as cf:
        assert cf.limiter is limiter
        for _ in range(4):
            assert [namespace async for namespace in cf.namespaces.list()] == []
    path = f"/client/v4/accounts/{ACCOUNT}/workers/dispatch/namespaces"
    assert seen == [("GET", path, f"Bearer {TOKEN}", n) for n in range(1, 5)]
    # The client's close closed the limiter.
    with pytest.raises(InvalidInput, match=r"^this RedisLimiter is closed$"):
        await limiter.acquire()


async def test_the_server_headers_correct_the_budget_of_every_process(server: RedisServer) -> None:
    """A Ratelimit remaining below Redis's count, seen by one client, holds back another process."""
    transport = httpx.MockTransport(lambda request: answer(ratelimit='"default";r=1;t=1'))
    limit = RateLimit(requests=10, period=2.0, burst=3)
    other_waits = Waits()
    limiter, other = make(server, Waits(), limit=limit), make(server, other_waits, limit=limit)
    async with WfpClient(account_id=ACCOUNT, api_token=TOKEN, transport=transport, rate_limit=limiter) as cf:
        assert [namespace async for namespace in cf.namespaces.list()] == []
    # The server counts 9 in its window, Redis knew of 1 (our request, counted from its answer):
    # 8 placeholders until the server's reset, 1 s from now.
    assert log_size(server) == 9
    before = redis_now(server)
    grants = [await other._reserve(), await other._reserve()]
    await other.aclose()
    assert grants[0] is not None and grants[0][0] == 0.0
    assert grants[1] is not None and before + 1.0 - SLACK <= grants[1][1] <= before + 1.0


async def test_a_429_through_the_client_pauses_the_fleet(server: RedisServer) -> None:
    """A 429 with Retry-After answered to one client pauses every process on the token for that long."""
    answers = iter([answer(429, **{"retry-after": "2"}), answer()])
    transport = httpx.MockTransport(lambda request: next(answers))
    waits, other_waits = Waits(), Waits()
    limiter, other = make(server, waits), make(server, other_waits)
    async with WfpClient(account_id=ACCOUNT, api_token=TOKEN, transport=transport, rate_limit=limiter) as cf:
        cf._transport.sleep = Waits()  # the retry's own wait for Retry-After
        assert [namespace async for namespace in cf.namespaces.list()] == []
    before = redis_now(server)
    grant = await other._reserve()
    await other.aclose()
    assert grant is not None
    # The retry's permit came after the pause; the other process queues behind it.
    assert waits.seconds == [pytest.approx(2.0, abs=SLACK)]
    assert grant[1] >= before + 2.0 - SLACK


README = Path(__file__).resolve().parents[1] / "README.md"
# The README's fleet example needs a Redis, so it is fenced ```python fleet and run here, not by test_readme.
FLEET_BLOCK = re.compile(r"^```python fleet\n(.*?)^```$", re.MULTILINE | re.DOTALL)


async def test_readme_fleet_example_runs_against_redis_and_the_emulator(
    server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's fleet example runs as written: 20 uploads, each after its grant in Redis."""
    emulator = Emulator()
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", emulator.account_id)
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "emu-token")
    monkeypatch.setenv("REDIS_URL", server.url)
    real_client = wfp_async.WfpClient
    async with httpx.AsyncClient(transport=emulator.transport()) as shared:

        def client(**kwargs: Any) -> wfp_async.WfpClient:
            return real_client(http_client=shared, **kwargs)

        async with client(account_id=emulator.account_id, api_token="emu-token", rate_limit=None) as cf:
            await cf.namespaces.create("tenants")
        monkeypatch.setattr(wfp_async, "WfpClient", client)
        (source,) = FLEET_BLOCK.findall(README.read_text())
        namespace: dict[str, Any] = {"bundle": WorkerBundle.es_module("export default {}")}
        code = compile(source, "README.md fleet block", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        await eval(code, namespace)
    report = namespace["fleet_report"]
    assert (report.ok, report.failed) == (20, 0)
    assert sorted(emulator.namespaces["tenants"].scripts) == sorted(
        f"fleet-{os.getpid()}-{i}" for i in range(20)
    )
    key = budget_key(emulator.account_id, "emu-token", prefix="wfp-async:ratelimit")
    sync = redis.Redis.from_url(server.url)
    try:
        # Each upload took one grant; the preflight check of the namespace took one more.
        assert sync.zcard(key + ":log") == 21
    finally:
        sync.close()


# --- a real fleet -----------------------------------------------------------------------------------

WORKER = """
import asyncio, sys, time
from wfp_async import RateLimit
from wfp_async._redis_limiter import RedisLimiter

async def main(url, tasks, seconds, requests, period, burst):
    limit = RateLimit(requests=requests, period=period, burst=burst)
    limiter = await RedisLimiter.connect(
        url, account_id="fleet", api_token="one-token", limit=limit, margin=0
    )
    print("ready", flush=True)
    sys.stdin.readline()
    deadline = time.monotonic() + seconds

    async def task():
        while time.monotonic() < deadline:
            wait, granted = await limiter._reserve()
            await asyncio.sleep(wait)
            print(granted, flush=True)

    await asyncio.gather(*(task() for _ in range(tasks)))
    await limiter.aclose()

url, tasks, seconds, requests, period, burst = sys.argv[1:]
asyncio.run(main(url, int(tasks), float(seconds), int(requests), float(period), int(burst)))
"""
FLEET = RateLimit(requests=40, period=1.0, burst=4)


def run_fleet(
    url: str, *, processes: int, seconds: float, kill_after: float | None = None
) -> list[list[float]]:
    """Grant times (Redis's clock) of each process: ``processes`` of them, 4 tasks each, all released at
    once; with ``kill_after`` the first is SIGKILLed that long after the start."""
    args = [url, "4", str(seconds), str(FLEET.requests), str(FLEET.period), str(FLEET.burst)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    fleet = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(processes)
    ]
    try:
        for process in fleet:
            assert process.stdout is not None and process.stdout.readline() == "ready\n"
        for process in fleet:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        if kill_after is not None:
            time.sleep(kill_after)
            fleet[0].kill()
        outputs = [process.communicate(timeout=seconds + 30)[0] for process in fleet]
    finally:
        for process in fleet:
            if process.poll() is None:
                process.kill()
            process.wait()
    assert [process.returncode for process in fleet[1 if kill_after else 0 :]] == [0] * (
        processes - (1 if kill_after else 0)
    )
    return [[float(line) for line in output.split()] for output in outputs]


def busiest_window(times: list[float], period: float) -> int:
    ordered, most, start = sorted(times), 0, 0
    for end, t in enumerate(ordered):
        while ordered[start] <= t - period:
            start += 1
        most = max(most, end - start + 1)
    return most


def test_four_processes_never_exceed_the_limit_and_use_their_budget(server: RedisServer) -> None:
    """4 real processes x 4 tasks on one token: no 1 s window over 40, ~all of the budget used, fairly."""
    seconds = 3.0
    grants = run_fleet(server.url, processes=4, seconds=seconds)
    every = [t for process in grants for t in process]
    assert busiest_window(every, FLEET.period) <= FLEET.requests
    span = max(every) - min(every)
    possible = FLEET.burst + FLEET.rate * span
    assert len(every) >= 0.95 * possible
    assert len(every) <= possible + 1
    shares = [len(process) / len(every) for process in grants]
    assert all(0.17 <= share <= 0.33 for share in shares), shares


def test_the_others_take_up_a_killed_process_share(server: RedisServer) -> None:
    """One of 4 processes SIGKILLed midway: the 3 left still use >= 90% of the budget, never over it."""
    grants = run_fleet(server.url, processes=4, seconds=3.0, kill_after=1.5)
    killed_last = max(grants[0])
    survivors = [t for process in grants[1:] for t in process]
    assert busiest_window(grants[0] + survivors, FLEET.period) <= FLEET.requests
    after = [t for t in survivors if t > killed_last]
    span = max(after) - killed_last
    assert len(after) >= 0.9 * FLEET.rate * span
    shares = [sum(1 for t in process if t > killed_last) / len(after) for process in grants[1:]]
    assert all(0.25 <= share <= 0.42 for share in shares), shares
