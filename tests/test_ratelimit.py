"""The account's rate limit: Ratelimit/Retry-After parsing, the in-process limiter on a virtual clock (exact
under jitter, 429 slow-down and recovery, the server's headers), and the client owning one limiter that every
request of every call and view passes."""

from __future__ import annotations

import email.utils
import random
from typing import Any

import anyio
import httpx
import pytest

from benchmarks._virtual import run_virtual
from wfp_async import (
    DEFAULT_RATE_LIMIT,
    NO_RETRY,
    Feedback,
    InvalidInput,
    LocalLimiter,
    RateLimit,
    RequestTimeout,
    RetryPolicy,
    TransportError,
    WfpClient,
    WorkerBundle,
)
from wfp_async._ratelimit import parse_feedback
from wfp_async.emulator import Emulator

BASE_URL = "https://api.example.test/client/v4"
NAMESPACE_JSON = {"namespace_id": "n1", "namespace_name": "tenants", "script_count": 0}


# --- the headers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (200, {}, Feedback(200)),
        (
            200,
            {"Ratelimit": '"default";r=50;t=30', "Ratelimit-Policy": '"default";q=1200;w=300'},
            Feedback(200, remaining=50, reset=30.0, quota=1200, window=300.0),
        ),
        (
            429,
            {"ratelimit": '"default";r=0;t=12', "retry-after": "12"},
            Feedback(429, retry_after=12.0, remaining=0, reset=12.0),
        ),
        # Several items: "default" wins wherever it stands.
        (
            200,
            {"Ratelimit": '"burst";r=1;t=1, "default";r=900;t=200', "Ratelimit-Policy": '"burst";q=5;w=1'},
            Feedback(200, remaining=900, reset=200.0, quota=5, window=1.0),
        ),
        # Without "default", the tightest item.
        (200, {"Ratelimit": '"a";r=9;t=1, "b";r=3;t=60'}, Feedback(200, remaining=3, reset=60.0)),
        # Malformed or hostile values are absent, never an exception.
        (200, {"Ratelimit": '"default";r=-1;t=abc', "Ratelimit-Policy": '"default";q=0;w=0'}, Feedback(200)),
        (200, {"Ratelimit": "x" * 5000, "Retry-After": "soon"}, Feedback(200)),
        (
            200,
            {"Ratelimit": ";;,,=", "Ratelimit-Policy": '"default";q=1e9;w=300'},
            Feedback(200, window=300.0),
        ),
    ],
    ids=["none", "both", "429", "default-wins", "tightest", "malformed", "hostile", "junk"],
)
def test_parse_feedback_reads_cloudflares_fields(
    status: int, headers: dict[str, str], expected: Feedback
) -> None:
    """Ratelimit "default";r=…;t=…, Ratelimit-Policy "default";q=…;w=… and Retry-After become one Feedback."""
    assert parse_feedback(status, httpx.Headers(headers)) == expected


def test_parse_feedback_reads_an_http_date_a_hair_short() -> None:
    """Retry-After as an HTTP date 40 s ahead (1 s precision) is 40 s less a hair (the retry's own wait)."""
    date = email.utils.formatdate(1_000_040, usegmt=True)
    feedback = parse_feedback(429, {"Retry-After": date}, now=lambda: 1_000_000.0)
    assert feedback.retry_after == pytest.approx(39.95)


# --- the limiter on a virtual clock ----------------------------------------------------------------------


def simulate(
    limiter_limit: RateLimit,
    *,
    workers: int,
    duration: float,
    seed: int,
    latency: float,
    server: tuple[int, float] | None = None,
) -> tuple[list[float], LocalLimiter, int]:
    """Workers sending through one LocalLimiter on a virtual clock: each request reaches the server after a
    random delay and is answered after another. With ``server`` (quota, window) the server keeps an exact
    window, answers 429 beyond it (Retry-After until a slot frees) and sends Cloudflare's headers. Returns
    the server's arrival times of accepted requests, the limiter, and the number of 429s."""
    rng = random.Random(seed)
    accepted: list[float] = []
    rejected = [0]

    async def main() -> LocalLimiter:
        limiter = LocalLimiter(limiter_limit, clock=anyio.current_time)
        end = anyio.current_time() + duration

        def answer(at: float) -> Feedback:
            if server is None:
                accepted.append(at)
                return Feedback(200)
            quota, window = server
            recent = [t for t in accepted if t > at - window]
            if len(recent) >= quota:
                rejected[0] += 1
                reset = recent[0] + window - at
                return Feedback(429, retry_after=reset, remaining=0, reset=reset, quota=quota, window=window)
            accepted.append(at)
            reset = (recent[0] if recent else at) + window - at
            return Feedback(200, remaining=quota - len(recent) - 1, reset=reset, quota=quota, window=window)

        async def worker() -> None:
            while anyio.current_time() < end:
                await limiter.acquire()
                await anyio.sleep(rng.uniform(0, latency))
                feedback = answer(anyio.current_time())
                await anyio.sleep(rng.uniform(0, latency))
                await limiter.feedback(feedback)

        async with anyio.create_task_group() as group:
            for _ in range(workers):
                group.start_soon(worker)
        return limiter

    limiter = run_virtual(main)
    return accepted, limiter, rejected[0]


def busiest_window(times: list[float], window: float) -> int:
    """The most arrivals in any closed window [t, t + window]."""
    times = sorted(times)
    most, first = 0, 0
    for last, at in enumerate(times):
        while times[first] < at - window:
            first += 1
        most = max(most, last - first + 1)
    return most


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    ("limit", "latency"),
    [(DEFAULT_RATE_LIMIT, 0.5), (RateLimit(100, 10, burst=10), 0.2), (RateLimit(30, 5, burst=30), 1.0)],
    ids=["cloudflare", "small", "all-burst"],
)
def test_no_server_window_holds_more_than_the_limit_under_jitter(
    limit: RateLimit, latency: float, seed: int
) -> None:
    """16 greedy workers with random network delays both ways: the server's busiest closed window of
    ``period`` holds at most ``requests`` (the first window included), and at least 95% of the budget
    minus the burst is used over 4 periods."""
    times, _, _ = simulate(limit, workers=16, duration=4 * limit.period, seed=seed, latency=latency)
    assert busiest_window(times, limit.period) <= limit.requests
    assert busiest_window(times[: limit.requests + 1], limit.period) <= limit.requests
    steady = (limit.requests - limit.burst) / limit.period if limit.requests > limit.burst else limit.rate
    assert len(times) >= 0.95 * steady * 4 * limit.period


def test_a_server_at_half_the_limit_costs_at_most_one_429() -> None:
    """The server allows half of what the client was told (another process shares the token): its headers
    correct the budget, so at most one 429 comes, and afterwards >= 90% of the server's limit is used."""
    limit = RateLimit(200, 10, burst=10)
    times, limiter, rejected = simulate(
        limit, workers=16, duration=60, seed=7, latency=0.1, server=(100, 10.0)
    )
    assert rejected <= 1
    assert busiest_window(times, 10.0) <= 100
    later = [t for t in times if t >= 10.0]
    assert len(later) >= 0.9 * 100 / 10 * (max(times) - 10.0)
    assert limiter.rate_limited == rejected


def test_a_429_halves_the_rate_pauses_everyone_and_recovers_over_a_period() -> None:
    """A 429 with Retry-After 5 holds every request 5 s and halves the rate (once for a burst of 429s);
    the rate then recovers linearly: 0.75 half a period after the pause, full one period after."""

    async def main() -> list[Any]:
        limiter = LocalLimiter(RateLimit(100, 10, burst=1), clock=anyio.current_time)
        await limiter.acquire()
        await limiter.feedback(Feedback(429, retry_after=5.0))
        await limiter.feedback(Feedback(429, retry_after=5.0))  # the same burst: halved once
        halved = limiter.factor
        await limiter.acquire()
        resumed = anyio.current_time()
        await limiter.feedback(Feedback(200))
        await anyio.sleep(10.0 - resumed)
        await limiter.feedback(Feedback(200))
        half_way = limiter.factor
        await anyio.sleep(10.0)
        await limiter.feedback(Feedback(200))
        return [halved, resumed, half_way, limiter.factor, limiter.rate_limited]

    halved, resumed, half_way, recovered, seen = run_virtual(main)
    assert halved == 0.5
    assert resumed == pytest.approx(5.0 + 1 / (0.5 * 99 / 10))  # the pause, then a token at half the rate
    assert half_way == pytest.approx(0.75)
    assert (recovered, seen) == (1.0, 2)


def test_ratelimit_remaining_holds_requests_until_the_reset() -> None:
    """An answer saying 2 requests remain for 30 s lets 2 go, the third waits for the reset."""

    async def main() -> list[float]:
        limiter = LocalLimiter(RateLimit(1000, 10, burst=50), clock=anyio.current_time)
        await limiter.acquire()
        await limiter.feedback(Feedback(200, remaining=2, reset=30.0))
        times = []
        for _ in range(3):
            await limiter.acquire()
            times.append(anyio.current_time())
            await limiter.feedback(Feedback(200))
        return times

    assert run_virtual(main) == pytest.approx([0.0, 0.0, 30.0], abs=1e-3)


def test_a_tighter_server_policy_becomes_the_cap() -> None:
    """Ratelimit-Policy q=5;w=10 under a local 100 per 10 s: no 10 s window holds more than 5 afterwards."""

    async def main() -> list[float]:
        limiter = LocalLimiter(RateLimit(100, 10, burst=10), clock=anyio.current_time)
        await limiter.acquire()
        await limiter.feedback(Feedback(200, quota=5, window=10.0))
        times = []
        while anyio.current_time() < 40:
            await limiter.acquire()
            times.append(anyio.current_time())
            await limiter.feedback(Feedback(200))
        return times

    times = run_virtual(main)
    assert busiest_window([0.0, *times], 10.0) == 5


def test_a_permit_never_answered_is_released_after_a_period() -> None:
    """A caller that never reports its answer cannot block the limiter forever: its permit counts for one
    period after the grant, then one more."""

    async def main() -> float:
        limiter = LocalLimiter(RateLimit(2, 10, burst=2), clock=anyio.current_time)
        await limiter.acquire()
        await limiter.acquire()
        await limiter.acquire()
        return anyio.current_time()

    assert run_virtual(main) == pytest.approx(20.0, abs=1e-3)


def test_local_limiter_refuses_what_is_not_a_rate_limit() -> None:
    """LocalLimiter takes a RateLimit, naming what it got instead."""
    with pytest.raises(InvalidInput) as caught:
        LocalLimiter((1200, 300))  # type: ignore[arg-type]
    assert str(caught.value) == "limit must be a RateLimit, not tuple"


# --- the client owns the limiter --------------------------------------------------------------------------


class Recording:
    """A Limiter that records what the transport tells it."""

    def __init__(self) -> None:
        self.events: list[object] = []

    async def acquire(self) -> None:
        self.events.append("acquire")

    async def feedback(self, feedback: Feedback) -> None:
        self.events.append(feedback)

    async def aclose(self) -> None:
        self.events.append("aclose")


def answering(*answers: httpx.Response | Exception) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    sent: list[httpx.Request] = []
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handler), sent


HEADERS = {"Ratelimit": '"default";r=1190;t=250', "Ratelimit-Policy": '"default";q=1200;w=300'}


def ok_namespace() -> httpx.Response:
    return httpx.Response(
        200, json={"success": True, "errors": [], "result": NAMESPACE_JSON}, headers=HEADERS
    )


async def test_every_request_of_every_view_and_bulk_run_passes_the_one_limiter() -> None:
    """Single calls, a with_options view and a bulk run (preflight and upload) each take one permit per
    request and report its parsed headers; only the client's own close closes the limiter."""
    recording = Recording()
    transport, sent = answering(ok_namespace())
    cf = WfpClient(
        account_id="acc", api_token="tok", base_url=BASE_URL, transport=transport, rate_limit=recording
    )
    assert cf.limiter is recording
    await cf.namespaces.get("tenants")
    view = cf.with_options(timeout=5)
    await view.namespaces.get("tenants")
    await view.aclose()
    report = await cf.bulk.delete_many("tenants", ["a"])
    await cf.aclose()
    feedback = Feedback(200, remaining=1190, reset=250.0, quota=1200, window=300.0)
    assert [(r.method, r.url.path.rsplit("/", 2)[-2:]) for r in sent] == [
        ("GET", ["namespaces", "tenants"]),
        ("GET", ["namespaces", "tenants"]),
        ("GET", ["namespaces", "tenants"]),
        ("DELETE", ["scripts", "a"]),
    ]
    assert recording.events == ["acquire", feedback] * 4 + ["aclose"]
    assert (report.ok, report.failed) == (1, 0)


async def test_each_attempt_takes_a_permit_and_a_lost_answer_reports_status_0() -> None:
    """A GET retried after a connect error and a 429: three permits, and feedback 0, 429 (with its
    Retry-After), then 200."""
    recording = Recording()
    transport, sent = answering(
        httpx.ConnectError("refused"),
        httpx.Response(429, json={"success": False, "errors": [{"code": 971, "message": "slow"}]},
                       headers={"Retry-After": "0"}),
        ok_namespace(),
    )  # fmt: skip

    async def no_sleep(seconds: float) -> None:
        return None

    async with WfpClient(
        account_id="acc", api_token="tok", base_url=BASE_URL, transport=transport, rate_limit=recording,
        sleep=no_sleep,
    ) as cf:  # fmt: skip
        await cf.namespaces.get("tenants")
    assert len(sent) == 3
    assert recording.events == [
        "acquire", Feedback(0),
        "acquire", Feedback(429, retry_after=0.0),
        "acquire", Feedback(200, remaining=1190, reset=250.0, quota=1200, window=300.0),
        "aclose",
    ]  # fmt: skip


async def test_a_transport_error_releases_the_permit() -> None:
    """A request that never gets an answer (NO_RETRY) still reports status 0, then raises its error."""
    recording = Recording()
    transport, _ = answering(httpx.ReadTimeout("slow"))
    async with WfpClient(
        account_id="acc", api_token="tok", base_url=BASE_URL, transport=transport, rate_limit=recording,
        retry=NO_RETRY,
    ) as cf:  # fmt: skip
        with pytest.raises(TransportError):
            await cf.namespaces.get("tenants")
    assert recording.events == ["acquire", Feedback(0), "aclose"]


async def test_a_cancelled_request_releases_its_permit() -> None:
    """A request cancelled while in flight reports status 0 to the limiter (shielded), so no permit leaks."""
    recording = Recording()

    async def hang(request: httpx.Request) -> httpx.Response:
        await anyio.sleep(60)
        raise AssertionError("not reached")

    async with WfpClient(
        account_id="acc", api_token="tok", base_url=BASE_URL, transport=httpx.MockTransport(hang),
        rate_limit=recording,
    ) as cf:  # fmt: skip
        with anyio.move_on_after(0.05):
            await cf.namespaces.get("tenants")
    assert recording.events == ["acquire", Feedback(0), "aclose"]


def test_the_default_is_a_local_limiter_at_cloudflares_limit() -> None:
    """WfpClient() owns a LocalLimiter at 1,200 per 5 minutes; rate_limit=None has none."""
    cf = WfpClient(account_id="acc", api_token="tok")
    assert isinstance(cf.limiter, LocalLimiter) and cf.limiter.limit == DEFAULT_RATE_LIMIT
    assert WfpClient(account_id="acc", api_token="tok", rate_limit=None).limiter is None
    limit = RateLimit(10, 1)
    mine = WfpClient(account_id="acc", api_token="tok", rate_limit=limit).limiter
    assert isinstance(mine, LocalLimiter) and mine.limit == limit


def test_a_local_limiters_limit_is_fixed_for_its_life() -> None:
    """The caps derive from the limit once, so assigning another limit is refused, not half applied."""
    limiter = LocalLimiter(RateLimit(10, 10, burst=1))
    with pytest.raises(AttributeError):
        limiter.limit = RateLimit(1000, 10)  # type: ignore[misc]
    assert limiter.limit == RateLimit(10, 10, burst=1)


@pytest.mark.parametrize("value", [1200, "1200/300", (1200, 300), object()])
def test_the_client_refuses_a_bad_rate_limit(value: object) -> None:
    """rate_limit must be a RateLimit, a Limiter or None: anything else is InvalidInput before any request."""
    with pytest.raises(InvalidInput) as caught:
        WfpClient(account_id="acc", api_token="tok", rate_limit=value)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"rate_limit must be a RateLimit, a Limiter or None, not {type(value).__name__}"
    )


def test_two_bulk_runs_on_one_client_share_its_budget() -> None:
    """Two deploy_many runs at once on one client (virtual clock): together, no 10 s window holds more than
    the client's 20 requests (and the budget is used: some window holds exactly 20)."""
    arrivals: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        arrivals.append(anyio.current_time())
        if request.method == "GET":
            return ok_namespace()
        name = request.url.path.rsplit("/", 1)[-1]
        return httpx.Response(200, json={"success": True, "errors": [], "result": {"id": name, "etag": "e"}})

    async def main() -> tuple[int, int]:
        async with WfpClient(
            account_id="acc", api_token="tok", base_url=BASE_URL, transport=httpx.MockTransport(handler),
            rate_limit=RateLimit(20, 10, burst=4), clock=anyio.current_time, retry=RetryPolicy(attempts=1),
        ) as cf:  # fmt: skip
            bundle = WorkerBundle.es_module("export default {}")
            reports = []

            async def one(prefix: str) -> None:
                items = [(f"{prefix}{i}", bundle) for i in range(30)]
                reports.append(await cf.bulk.deploy_many("tenants", items, concurrency=8))

            async with anyio.create_task_group() as group:
                group.start_soon(one, "a")
                group.start_soon(one, "b")
            return reports[0].ok, reports[1].ok

    assert run_virtual(main) == (30, 30)
    assert len(arrivals) == 62  # two preflights and 60 uploads
    assert busiest_window(arrivals, 10.0) == 20


async def test_a_bulk_run_waits_out_a_blocked_token_but_a_single_call_keeps_its_deadline() -> None:
    """With the budget paused longer than the retry deadline (a token blocked by Cloudflare), a single call
    fails with RequestTimeout at its deadline, while a bulk run waits for its turn and every item lands:
    the wait for a permit is not spent from a bulk item's deadline."""
    emulator = Emulator()
    emulator.account.create_namespace({"name": "tenants"})
    limiter = LocalLimiter(RateLimit(1200, 300, burst=20))
    async with WfpClient(
        account_id=emulator.account_id,
        api_token="emu-token",
        transport=emulator.transport(),
        rate_limit=limiter,
        retry=RetryPolicy(deadline=0.3, wait_initial=0, wait_jitter=0),
    ) as cf:
        limiter.pause(0.8)
        with pytest.raises(RequestTimeout, match=r"the retry deadline of 0\.3s passed"):
            await cf.namespaces.get("tenants")
        limiter.pause(0.8)
        started = anyio.current_time()
        items = [(f"t{i}", WorkerBundle.es_module("export default {}"), None) for i in range(3)]
        report = await cf.bulk.deploy_many("tenants", items, concurrency=3)
        waited = anyio.current_time() - started
    assert (report.ok, report.failed, report.stopped) == (3, 0, None)
    assert waited >= 0.8
    assert sorted(emulator.namespaces["tenants"].scripts) == ["t0", "t1", "t2"]
