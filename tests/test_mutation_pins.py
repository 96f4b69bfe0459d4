"""Exact answers where mutation testing found the suite blind: the rate limiter's throughput and pause
arithmetic, ItemResult.elapsed and report.rate, the 2xx/3xx boundary, an HTML 429 with an HTTP-date
Retry-After, and a module name holding ':' read back from its part header."""

from __future__ import annotations

import email.utils

import pytest

from wfp_async import APIError, BulkReport, InvalidResponse, RateLimit, RateLimited, Script
from wfp_async._bulk import ItemResult, run_bulk
from wfp_async._envelope import Envelope, parse_envelope
from wfp_async._multipart import decode_multipart, modules_from_parts
from wfp_async._ratelimit import LocalLimiter as RateLimiter


class FakeTime:
    """A clock that moves only when someone sleeps or works; every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


async def test_throughput_is_exactly_the_rate_after_the_burst() -> None:
    """RateLimit(13, 10, burst=3): three at once, then one every 10 / (13 - 3) = 1.0 s, exactly (the burst
    comes out of the period's allowance, so no window of 10 s holds more than 13)."""
    time = FakeTime()
    limiter = RateLimiter(RateLimit(13, 10, burst=3), clock=time.clock, sleep=time.sleep)
    for _ in range(6):
        await limiter.acquire()
    assert time.sleeps == [1.0, 1.0, 1.0]
    assert time.now == 1003.0


async def test_idle_time_refills_the_bucket_up_to_the_burst_only() -> None:
    """After 100 s idle the bucket holds the burst (2), not 100 tokens: the third request waits 1/rate."""
    time = FakeTime()
    limiter = RateLimiter(RateLimit(6, 4, burst=2), clock=time.clock, sleep=time.sleep)  # rate (6-2)/4 = 1/s
    await limiter.acquire()
    time.now += 100.0
    for _ in range(3):
        await limiter.acquire()
    assert time.sleeps == [1.0]


async def test_pause_arithmetic() -> None:
    """pause(5) holds the next request exactly 5 s, then the empty bucket adds 1/rate; a shorter or negative
    pause never shortens a longer one."""
    time = FakeTime()
    limiter = RateLimiter(RateLimit(10, 5, burst=5), clock=time.clock, sleep=time.sleep)  # rate 1/s
    limiter.pause(5.0)
    limiter.pause(2.0)
    limiter.pause(-3.0)
    await limiter.acquire()
    assert time.sleeps == pytest.approx([5.0, 1.0])
    assert time.now == pytest.approx(1006.0)


async def test_item_elapsed_and_report_rate() -> None:
    """Each ItemResult.elapsed is its operation's time; report.elapsed the run's; rate = total / elapsed."""
    time = FakeTime()
    costs = {"a": 2.0, "b": 3.0, "c": 5.0}

    async def operation(key: str) -> str:
        time.now += costs[key]
        return key.upper()

    report = await run_bulk(["a", "b", "c"], operation, key=str, concurrency=1, clock=time.clock)
    assert [(r.key, r.value, r.elapsed) for r in report.results] == [
        ("a", "A", 2.0),
        ("b", "B", 3.0),
        ("c", "C", 5.0),
    ]
    assert report.elapsed == 10.0
    assert report.rate == 0.3
    assert BulkReport().rate == 0.0
    assert ItemResult("x", value=Script(name="x")).elapsed == 0.0


ENVELOPE = b'{"success": true, "errors": [], "messages": [], "result": {"id": "x"}}'


@pytest.mark.parametrize("status", [200, 201, 299])
def test_every_2xx_is_a_success(status: int) -> None:
    """200 to 299 with an envelope give its result."""
    assert parse_envelope(status, {}, ENVELOPE, method="GET", url="/p") == Envelope(
        result={"id": "x"}, result_info=None, messages=()
    )


@pytest.mark.parametrize("status", [199, 300, 304])
def test_just_outside_2xx_is_an_error(status: int) -> None:
    """199 and 300 are not successes, even with a success envelope: APIError, exactly."""
    with pytest.raises(APIError) as caught:
        parse_envelope(status, {}, ENVELOPE, method="GET", url="/p")
    assert type(caught.value) is APIError
    assert str(caught.value) == f"GET /p -> {status} (body: {ENVELOPE.decode()!r})"
    assert caught.value.status == status


def test_a_2xx_that_is_not_an_envelope_is_invalid_response() -> None:
    """299 with an HTML body is InvalidResponse (a 2xx), where 300 with it is APIError (not a 2xx)."""
    with pytest.raises(InvalidResponse) as caught:
        parse_envelope(299, {}, b"<html>", method="GET", url="/p")
    assert str(caught.value) == "GET /p -> 299 response is not a Cloudflare JSON envelope (body: '<html>')"


def test_an_html_429_with_an_http_date_retry_after() -> None:
    """The edge's HTML 429 with Retry-After as an HTTP-date: RateLimited, retry_after = date - now."""
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 42, usegmt=True)
    body = b"<html><head><title>429 Too Many Requests</title></head><body>slow down</body></html>"
    with pytest.raises(RateLimited) as caught:
        parse_envelope(429, {"Retry-After": date}, body, method="PUT", url="/p", now=lambda: now)
    assert caught.value.retry_after == 42.0
    assert (
        caught.value.body_excerpt
        == "<html><head><title>429 Too Many Requests</title></head><body>slow down</body></html>"
    )
    assert str(caught.value).startswith("PUT /p -> 429 (body: '<html>")


def test_a_module_name_with_a_colon_is_read_back_from_its_part_header() -> None:
    """name="lib:util.js": the header line splits at its first ':', and the name keeps its own."""
    body = (
        b"--b0\r\n"
        b'Content-Disposition: form-data; name="lib:util.js"; filename="lib:util.js"\r\n'
        b"Content-Type: application/javascript+module\r\n\r\n"
        b"export const a = 1;\r\n"
        b"--b0--\r\n"
    )
    modules = modules_from_parts(decode_multipart(body, "multipart/form-data; boundary=b0"))
    assert [(m.name, m.content, m.content_type) for m in modules] == [
        ("lib:util.js", b"export const a = 1;", "application/javascript+module")
    ]
