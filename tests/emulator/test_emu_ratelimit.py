"""Cloudflare's API rate limit, opt-in: per-token sliding window, block period, and the 2025-09 headers.

``Ratelimit: "default";r=<remaining>;t=<reset>`` and ``Ratelimit-Policy: "default";q=<quota>;w=<window>``
on every authenticated answer, ``Retry-After`` on a 429, and every call of the token refused until the
block period (the window's length unless set) is over. The clock is the emulator's, moved by hand.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import attrs
import httpx
import pytest

from wfp_async.emulator import ApiRateLimit, Emulator, FaultConfig

from emu_helpers import AUTH, NS

START = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
POLICY = '"default";q=3;w=3'


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    """The hand-moved clock."""
    return Clock()


@pytest.fixture
def limited(clock: Clock) -> Emulator:
    """An emulator allowing 3 requests per 3 seconds per token, with legacy key credentials too."""
    return Emulator(clock=clock, rate_limit=ApiRateLimit.parse("3/3"), email="a@example.com", api_key="k")


@pytest.fixture
async def c(limited: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """A raw client with the token on ``limited``."""
    async with httpx.AsyncClient(
        transport=limited.transport(), base_url="http://emulator/client/v4", headers=AUTH
    ) as client:
        yield client


def limits(answer: httpx.Response) -> tuple[int, str | None, str | None, str | None]:
    """(status, Ratelimit, Ratelimit-Policy, Retry-After)."""
    h = answer.headers
    return answer.status_code, h.get("ratelimit"), h.get("ratelimit-policy"), h.get("retry-after")


REFUSED = {
    "success": False,
    "errors": [{"code": 971, "message": "Please wait and consider throttling your request speed"}],
    "messages": [],
    "result": None,
}


async def test_headers_count_down_then_429_and_block(
    c: httpx.AsyncClient, clock: Clock, limited: Emulator
) -> None:
    """Three answers count r down; the fourth is 429 with Retry-After; the block outlasts the window."""
    assert limits(await c.get(NS)) == (200, '"default";r=2;t=3', POLICY, None)
    clock.advance(1)
    assert limits(await c.get(NS)) == (200, '"default";r=1;t=2', POLICY, None)
    clock.advance(1)
    assert limits(await c.get(f"{NS}/missing")) == (404, '"default";r=0;t=1', POLICY, None)
    refused = await c.post(NS, json={"name": "blocked"})
    assert limits(refused) == (429, '"default";r=0;t=3', POLICY, "3")
    assert refused.json() == REFUSED
    assert limited.namespaces == {}  # a refused call changes nothing
    clock.advance(1.5)  # the window has moved past the first request, but the token is blocked
    assert limits(await c.get(NS)) == (429, '"default";r=0;t=2', POLICY, "2")
    clock.advance(1.5)  # block over: 3 s after it began
    assert limits(await c.get(NS)) == (200, '"default";r=2;t=3', POLICY, None)


async def test_window_slides(c: httpx.AsyncClient, clock: Clock) -> None:
    """The window is sliding: a request is allowed again as soon as the oldest one leaves the window."""
    for _ in range(2):
        assert (await c.get(NS)).status_code == 200
    clock.advance(2)
    assert limits(await c.get(NS)) == (200, '"default";r=0;t=1', POLICY, None)
    clock.advance(1)  # the first two are now 3 s old: out of the window
    assert limits(await c.get(NS)) == (200, '"default";r=1;t=2', POLICY, None)


async def test_limit_is_per_token(c: httpx.AsyncClient, limited: Emulator) -> None:
    """A blocked token does not block other credentials; failed authentication is not counted."""
    for _ in range(3):
        await c.get(NS)
    assert (await c.get(NS)).status_code == 429
    keyed = {"X-Auth-Email": "a@example.com", "X-Auth-Key": "k"}
    async with httpx.AsyncClient(
        transport=limited.transport(), base_url="http://emulator/client/v4"
    ) as other:
        assert limits(await other.get(NS, headers=keyed)) == (200, '"default";r=2;t=3', POLICY, None)
        denied = await other.get(NS, headers={"Authorization": "Bearer wrong"})
        assert limits(denied) == (403, None, None, None)


async def test_faults_carry_the_headers(c: httpx.AsyncClient, limited: Emulator) -> None:
    """An injected 500 still counts and carries the rate-limit headers."""
    limited.faults.fail_next(1, status=500)
    assert limits(await c.get(NS)) == (500, '"default";r=2;t=3', POLICY, None)


async def test_off_by_default() -> None:
    """Without a rate limit no answer carries Ratelimit headers and nothing is ever throttled."""
    emu = Emulator()
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://e/client/v4", headers=AUTH) as c:
        answers = [await c.get(NS) for _ in range(50)]
    assert {limits(a) for a in answers} == {(200, None, None, None)}


async def test_fault_config_and_reset(clock: Clock) -> None:
    """FaultConfig(rate_limit=...) is the same switch; reset() forgets the windows and the rule."""
    emu = Emulator(clock=clock, faults=FaultConfig(rate_limit=ApiRateLimit(requests=1, period=60, block=5)))
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://e/client/v4", headers=AUTH) as c:
        assert limits(await c.get(NS)) == (200, '"default";r=0;t=60', '"default";q=1;w=60', None)
        assert limits(await c.get(NS)) == (429, '"default";r=0;t=5', '"default";q=1;w=60', "5")
        clock.advance(5)
        # The block is over, but the window (60 s) still holds the first request.
        assert limits(await c.get(NS))[0] == 429
        emu.reset()
        assert limits(await c.get(NS)) == (200, None, None, None)


def test_rule_values() -> None:
    """ApiRateLimit.parse reads REQUESTS/SECONDS; bad rules and a doubly given limit raise ValueError."""
    assert ApiRateLimit.parse("1200/300") == ApiRateLimit(requests=1200, period=300.0)
    assert ApiRateLimit.parse(" 5 / 2.5 ").block_seconds == 2.5
    assert ApiRateLimit(requests=1, period=3, block=9).block_seconds == 9
    for text in ("1200", "0/300", "1200/0", "a/b", "-1/5", "1/5/6"):
        with pytest.raises(ValueError):
            ApiRateLimit.parse(text)
    with pytest.raises(ValueError, match="block must be positive"):
        ApiRateLimit(requests=1, period=1, block=0)
    rule = ApiRateLimit.parse("1/1")
    with pytest.raises(ValueError, match="give the rate limit once"):
        Emulator(rate_limit=rule, faults=FaultConfig(rate_limit=rule))
    assert Emulator(rate_limit=rule).faults.config == attrs.evolve(FaultConfig(), rate_limit=rule)


def test_cli_rate_limit() -> None:
    """`--rate-limit 2/60` on the command line: two answers, then 429 Retry-After 60 with the headers."""
    command = [sys.executable, "-m", "wfp_async.emulator", "--port", "0", "--rate-limit", "2/60"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            match = re.search(r"listening on (\S+) ", proc.stdout.readline())
            assert match
            answers = [httpx.get(match[1] + NS, headers=AUTH) for _ in range(3)]
        finally:
            proc.kill()
            proc.communicate(timeout=10)
    assert [limits(a) for a in answers] == [
        (200, '"default";r=1;t=60', '"default";q=2;w=60', None),
        (200, '"default";r=0;t=60', '"default";q=2;w=60', None),
        (429, '"default";r=0;t=60', '"default";q=2;w=60', "60"),
    ]


@pytest.mark.parametrize(
    "entry",
    [["-m", "wfp_async.emulator"], ["-c", "from wfp_async.cli import main; main()", "emulator"]],
    ids=["python -m wfp_async.emulator", "wfp emulator"],
)
def test_cli_refuses_a_bad_rule(entry: list[str]) -> None:
    """A malformed --rate-limit exits 2 with one line on stderr, from both command lines."""
    done = subprocess.run(
        [sys.executable, *entry, "--rate-limit", "lots"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "error: a rate limit is REQUESTS/SECONDS, such as 1200/300, got 'lots'\n"
