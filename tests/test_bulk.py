"""Bulk work: the shared rate limiter on a fake clock, run_bulk's bounds, laziness, report and cancellation,
and cf.bulk against the in-process emulator with faults scripted per script (nothing really sleeps)."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import httpx
import pytest

from wfp_async import (
    DEFAULT_RATE_LIMIT,
    BulkFailed,
    BulkReport,
    DeployItem,
    ErrorDetail,
    InvalidInput,
    NotFound,
    RateLimit,
    RetryPolicy,
    Secret,
    SecretText,
    ServerError,
    UploadOptions,
    ValidationError,
    WfpClient,
    WorkerBundle,
)
from wfp_async._bulk import ItemResult, run_bulk
from wfp_async._ratelimit import Feedback
from wfp_async._ratelimit import LocalLimiter as RateLimiter
from wfp_async.emulator import Emulator

NS = "tenants"
BASE_URL = "http://emulator.test/client/v4"
FIXED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
MAIN_JS = "export default { async fetch() { return new Response('hi') } };\n"
NO_MAIN = (
    "no main module found in {!r}: none of index.js, index.mjs, worker.js, main.py, src/index.js is present; "
    "pass main_module="
)


class FakeTime:
    """A clock that only sleeps move: ``sleep(s)`` records (task, s), lets the other tasks run first (they
    still see the old time), then advances the clock to the end of its own wait."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[tuple[int, float]] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append((anyio.get_current_task().id, seconds))
        until = self.now + max(0.0, seconds)
        await anyio.lowlevel.checkpoint()
        self.now = max(self.now, until)


async def acquire_times(limiter: RateLimiter, time: FakeTime, count: int) -> list[float]:
    """Acquire ``count`` permits one after the other, each answered at once (as the transport reports it)."""
    times = []
    for _ in range(count):
        await limiter.acquire()
        times.append(time.now)
        await limiter.feedback(Feedback(status=200))
    return times


# --- the rate limiter ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "count", "expected"),
    [
        (RateLimit(60, 60, burst=1), 5, [0.0, 60 / 59, 120 / 59, 180 / 59, 240 / 59]),
        (RateLimit(60, 60, burst=3), 6, [0.0, 0.0, 0.0, 60 / 57, 120 / 57, 180 / 57]),
        # burst == requests: the whole allowance at once, then again a period after the first answers.
        (RateLimit(4, 10, burst=4), 6, [0.0, 0.0, 0.0, 0.0, 10.0, 10.0]),
        (RateLimit(10, 1), 4, [0.0, 1 / 9, 2 / 9, 3 / 9]),
    ],
)
async def test_acquisitions_take_the_time_the_rate_implies(
    limit: RateLimit, count: int, expected: list[float]
) -> None:
    """N acquisitions go out when the bucket allows: the burst at once, then one per 1/rate seconds."""
    time = FakeTime()
    limiter = RateLimiter(limit, clock=time.clock, sleep=time.sleep)
    assert await acquire_times(limiter, time, count) == pytest.approx(expected)


@pytest.mark.parametrize(
    "limit",
    [DEFAULT_RATE_LIMIT, RateLimit(60, 60, burst=1), RateLimit(100, 10, burst=30), RateLimit(5, 2, burst=5)],
)
async def test_no_window_of_period_holds_more_than_requests(limit: RateLimit) -> None:
    """Greedy callers, with an idle spell that refills the bucket: no closed period-long window holds more
    than ``requests`` acquisitions, and the limit is reached (the window holding the first burst is full)."""
    time = FakeTime()
    limiter = RateLimiter(limit, clock=time.clock, sleep=time.sleep)
    times = await acquire_times(limiter, time, 2 * limit.requests + 3)
    time.now += 5 * limit.period
    times += await acquire_times(limiter, time, 2 * limit.requests + 3)
    gaps = [later - earlier for earlier, later in zip(times, times[limit.requests :], strict=False)]
    assert min(gaps) > limit.period  # a closed window [t, t + period] never holds requests + 1
    assert sum(t <= limit.period * (1 + 1e-12) for t in times) == limit.requests


def test_default_rate_limit_is_cloudflares_global_limit() -> None:
    """The default is 1,200 requests per 5 minutes, with a burst of 20 taken out of that allowance."""
    assert RateLimit(requests=1200, period=300.0, burst=20) == DEFAULT_RATE_LIMIT
    assert DEFAULT_RATE_LIMIT.rate == pytest.approx(1180 / 300)


async def test_pause_holds_back_every_waiter() -> None:
    """pause(5) stops every waiting task for 5 seconds, and the bucket starts empty afterwards."""
    time = FakeTime()
    limiter = RateLimiter(RateLimit(100, 1, burst=10), clock=time.clock, sleep=time.sleep)
    limiter.pause(5.0)
    acquired: list[float] = []

    async def worker() -> None:
        await limiter.acquire()
        acquired.append(time.now)

    async with anyio.create_task_group() as group:
        for _ in range(3):
            group.start_soon(worker)
    assert [seconds for _, seconds in time.sleeps[:3]] == [5.0, 5.0, 5.0]
    assert len({task for task, _ in time.sleeps[:3]}) == 3
    assert acquired == pytest.approx([5 + 1 / 90, 5 + 2 / 90, 5 + 3 / 90])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"requests": 0, "period": 1}, "RateLimit.requests must be a positive int, not 0"),
        ({"requests": True, "period": 1}, "RateLimit.requests must be a positive int, not True"),
        ({"requests": 5, "period": 0}, "RateLimit.period must be a positive number of seconds, not 0"),
        (
            {"requests": 5, "period": 1, "burst": 6},
            "RateLimit.burst must be an int from 1 to requests, not 6",
        ),
    ],
)
def test_rate_limit_rejects_bad_numbers(kwargs: dict[str, Any], message: str) -> None:
    """RateLimit refuses numbers that make no limit, naming the field."""
    with pytest.raises(InvalidInput) as caught:
        RateLimit(**kwargs)
    assert str(caught.value) == message


# --- run_bulk -----------------------------------------------------------------------------------------


def bad_request(i: int) -> ValidationError:
    return ValidationError(
        status=400,
        method="PUT",
        url=f"/s/{i}",
        errors=[ErrorDetail(10021, "Main module name is not present")],
    )


@pytest.mark.parametrize("concurrency", [1, 3, 16])
async def test_run_bulk_bounds_concurrency_and_records_every_item(concurrency: int) -> None:
    """At most ``concurrency`` operations run at once (and that many do); every item is recorded with its
    own value or the exact exception it raised; totals add up; on_progress sees each item once, in order."""
    errors: dict[int, Exception] = {i: bad_request(i) for i in range(0, 40, 5)} | {7: RuntimeError("boom")}
    in_flight = peak = 0
    progress: list[tuple[str, int]] = []

    async def operation(i: int) -> int:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        for _ in range(concurrency + i % 3):  # long enough for the runner to fill every slot
            await anyio.lowlevel.checkpoint()
        in_flight -= 1
        if i in errors:
            raise errors[i]
        return i * 2

    report = await run_bulk(
        range(40),
        operation,
        key=str,
        concurrency=concurrency,
        on_progress=lambda result, report: progress.append((result.key, report.total)),
    )
    assert peak == concurrency
    assert (report.ok, report.failed, report.total, report.complete) == (31, 9, 40, True)
    outcomes = {result.key: (result.value, result.error) for result in report.results}
    assert outcomes == {str(i): (None, errors[i]) if i in errors else (i * 2, None) for i in range(40)}
    assert [key for key, _ in progress] == [result.key for result in report.results]
    assert [total for _, total in progress] == list(range(1, 41))
    assert report.errors_by_kind() == {"ValidationError [10021]": 8, "RuntimeError": 1}


@pytest.mark.parametrize(("concurrency", "stop_after"), [(1, 1), (4, 5), (8, 30)])
async def test_cancelled_run_leaves_a_true_report(concurrency: int, stop_after: int) -> None:
    """Cancelling after k items leaves the passed-in report holding exactly the k finished items
    (complete=False), and no item that was cancelled mid-way."""
    finished: list[str] = []
    report: BulkReport[int] = BulkReport()

    async def operation(i: int) -> int:
        await anyio.lowlevel.checkpoint()
        await anyio.lowlevel.checkpoint()
        finished.append(str(i))
        return i

    with anyio.CancelScope() as scope:

        def on_progress(result: object, report: BulkReport[int]) -> None:
            if report.total == stop_after:
                scope.cancel()

        await run_bulk(
            range(100), operation, key=str, concurrency=concurrency, report=report, on_progress=on_progress
        )
    assert scope.cancelled_caught
    assert [result.key for result in report.results] == finished
    assert (report.total, report.ok, report.complete) == (stop_after, stop_after, False)


async def test_timeout_leaves_the_finished_items_in_the_report() -> None:
    """move_on_after stops a run whose later items hang: the report holds the ones that finished."""
    report: BulkReport[int] = BulkReport()

    async def operation(i: int) -> int:
        if i >= 6:
            await anyio.sleep_forever()
        return i

    with anyio.move_on_after(0.05):
        await run_bulk(range(20), operation, key=str, concurrency=4, report=report)
    assert sorted(result.value for result in report.results if result.value is not None) == [0, 1, 2, 3, 4, 5]
    assert (report.total, report.complete) == (6, False)


@pytest.mark.parametrize(("concurrency", "stop_after"), [(16, None), (1, 1000), (64, 1000)])
async def test_items_are_pulled_lazily(concurrency: int, stop_after: int | None) -> None:
    """A generator of 100,000 items is consumed as the run goes: never more than concurrency + 1 items
    pulled ahead of the finished ones, whether the run goes to the end or is stopped early."""
    pulled = finished = most_ahead = 0

    def items() -> Iterator[int]:
        nonlocal pulled, most_ahead
        for i in range(100_000):
            pulled += 1
            most_ahead = max(most_ahead, pulled - finished)
            yield i

    async def operation(i: int) -> int:
        return i

    with anyio.CancelScope() as scope:

        def on_progress(result: object, report: object) -> None:
            nonlocal finished
            finished += 1
            if finished == stop_after:
                scope.cancel()

        await run_bulk(items(), operation, key=str, concurrency=concurrency, on_progress=on_progress)
    # Tasks already started when the scope is cancelled may still finish: a trivial op never checkpoints.
    assert (stop_after or 100_000) <= finished <= (stop_after or 100_000) + concurrency
    assert pulled <= finished + concurrency + 1
    assert most_ahead <= concurrency + 1


async def test_a_failing_item_source_raises_its_own_error_after_the_started_items() -> None:
    """An iterable that raises stops the pulling; the started items finish and its error comes out as is."""

    def source() -> Iterator[int]:
        yield from range(3)
        raise ValueError("the manifest is corrupt")

    async def double(item: int) -> int:
        await anyio.lowlevel.checkpoint()
        return item * 2

    report: BulkReport[int] = BulkReport()
    with pytest.raises(ValueError, match=r"^the manifest is corrupt$"):
        await run_bulk(source(), double, key=str, concurrency=2, report=report)
    assert sorted((r.key, r.value) for r in report.results) == [("0", 0), ("1", 2), ("2", 4)]
    assert report.complete is False


async def test_a_failing_progress_hook_is_logged_and_the_run_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A progress callback that raises does not cancel the run: every item finishes, each error is logged."""

    def hook(result: object, report: BulkReport[int]) -> None:
        raise RuntimeError("progress bar closed")

    async def same(item: int) -> int:
        return item

    report = await run_bulk(range(4), same, key=str, concurrency=2, on_progress=hook)

    assert (report.ok, report.failed, report.complete) == (4, 0, True)
    logged = [r for r in caplog.records if r.name == "wfp_async"]
    assert [r.getMessage() for r in logged] == ["on_progress raised; the bulk run goes on"] * 4
    assert all(r.exc_info is not None and str(r.exc_info[1]) == "progress bar closed" for r in logged)


@pytest.mark.parametrize("concurrency", [0, -1, True, 2.5, "4"])
async def test_run_bulk_rejects_a_bad_concurrency(concurrency: Any) -> None:
    """concurrency must be a positive int, checked before any item is pulled."""

    async def operation(i: int) -> int:
        return i

    with pytest.raises(InvalidInput) as caught:
        await run_bulk(range(3), operation, key=str, concurrency=concurrency)
    assert str(caught.value) == f"concurrency must be a positive int, not {concurrency!r}"


@pytest.mark.parametrize(
    ("failing", "message"),
    [
        (range(1), "1 of 10 items failed: '0'"),
        (range(5), "5 of 10 items failed: '0', '1', '2', '3', '4'"),
        (range(8), "8 of 10 items failed: '0', '1', '2', '3', '4' and 3 more"),
    ],
)
async def test_raise_for_failures_names_the_first_failures(failing: range, message: str) -> None:
    """raise_for_failures raises BulkFailed naming up to five failed items and carrying the report."""

    async def operation(i: int) -> int:
        if i in failing:
            raise bad_request(i)
        return i

    report = await run_bulk(range(10), operation, key=str, concurrency=1)
    with pytest.raises(BulkFailed) as caught:
        report.raise_for_failures()
    assert str(caught.value) == message
    assert caught.value.report is report


async def test_raise_for_failures_is_quiet_when_all_succeeded() -> None:
    """A report without failures raises nothing and has empty errors_by_kind."""

    async def operation(i: int) -> int:
        return i

    report = await run_bulk(range(3), operation, key=str, concurrency=2)
    report.raise_for_failures()
    assert (report.errors_by_kind(), report.failures, len(report.succeeded)) == ({}, [], 3)


# --- cf.bulk against the emulator ---------------------------------------------------------------------


class ScriptedFaults(httpx.AsyncBaseTransport):
    """Forwards requests to the emulator one at a time, logging (method, script, clock) for each; before the
    n-th request of a script it has the emulator fail with the n-th fault planned for that script."""

    def __init__(
        self, emu: Emulator, time: FakeTime, plan: Mapping[str, Sequence[Mapping[str, Any]]]
    ) -> None:
        self.emu = emu
        self.inner = emu.transport()
        self.time = time
        self.plan = plan
        self.sent: list[tuple[str, str, float]] = []
        self._lock = anyio.Lock()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async with self._lock:
            script = request.url.path.split("/scripts/")[-1].split("/")[0]
            attempt = sum(name == script for _, name, _ in self.sent)
            self.sent.append((request.method, script, self.time.now))
            faults = self.plan.get(script, ())
            if attempt < len(faults):
                self.emu.faults.fail_next(1, **faults[attempt])
            return await self.inner.handle_async_request(request)


FAST_RETRY = RetryPolicy(attempts=3, deadline=1e6, wait_initial=0.5, wait_max=0.5, wait_jitter=0.0)


def make_client(transport: ScriptedFaults) -> WfpClient:
    return WfpClient(
        account_id="emu-account",
        api_token="emu-token",
        base_url=BASE_URL,
        transport=transport,
        retry=FAST_RETRY,
        sleep=transport.time.sleep,
        clock=transport.time.clock,
        rand=lambda: 0.0,
    )


def bundle(i: int) -> WorkerBundle:
    return WorkerBundle.es_module(MAIN_JS + f"// tenant {i}\n")


# What happens to tenant t{i:03d} by i % 20: its planned faults, requests sent, and the expected failure.
PLAN: dict[int, tuple[list[dict[str, Any]], int, type[Exception] | None]] = {
    3: ([], 0, InvalidInput),  # a folder without a main module: fails before any request
    5: (
        [{"status": 400, "code": 10021, "message": "Main module name is not present in bundle."}],
        1,
        ValidationError,
    ),
    7: ([{"status": 500}] * 3, 3, ServerError),  # attempts exhausted
    9: ([{"status": 429, "retry_after": 2.0}], 2, None),
    11: ([{"drop": True}], 2, None),
    13: ([{"status": 502, "html": True}, {"status": 503}], 3, None),
    15: ([{"status": 500, "after": True}], 2, None),  # the upload happened, its answer was lost
}


@pytest.fixture
def emu() -> Emulator:
    """A seeded emulator with a frozen clock and the namespace ``tenants``."""
    emulator = Emulator(seed=3, clock=lambda: FIXED)
    emulator.account.create_namespace({"name": NS})
    return emulator


@pytest.mark.parametrize("feed", ["iterable", "async iterable"])
async def test_deploy_many_reports_each_item_under_faults(emu: Emulator, tmp_path: Path, feed: str) -> None:
    """200 deploys with per-script faults: each item is ok with the emulator's etag for that script, or failed
    with its exact error; retries follow the client's policy; totals add up; every request took a token from
    the one limiter (request k went out no earlier than (k - burst + 1) / rate)."""
    no_main = tmp_path / "no-main"
    no_main.mkdir()
    (no_main / "README.md").write_text("not a worker\n")
    names = [f"t{i:03d}" for i in range(200)]
    plan = {name: PLAN.get(i % 20, ([], 1, None)) for i, name in enumerate(names)}
    time = FakeTime()
    transport = ScriptedFaults(emu, time, {name: faults for name, (faults, _, _) in plan.items()})

    def items() -> Iterator[DeployItem]:
        for i, name in enumerate(names):
            yield DeployItem(
                name, no_main if i % 20 == 3 else bundle(i), options=UploadOptions(tags=["bulk"])
            )

    async def async_items() -> AsyncIterator[DeployItem]:
        for item in items():
            yield item

    progress: list[str] = []
    async with make_client(transport) as cf:
        report = await cf.bulk.deploy_many(
            NS,
            items() if feed == "iterable" else async_items(),
            concurrency=8,
            on_progress=lambda result, _: progress.append(result.key),
            preflight=False,
            keep_results=True,
        )

    scripts = emu.namespaces[NS].scripts
    assert (report.ok, report.failed, report.total, report.complete) == (170, 30, 200, True)
    assert sorted(progress) == names
    assert Counter(name for _, name, _ in transport.sent) == {
        name: sent for name, (_, sent, _) in plan.items() if sent
    }
    for result in report.results:
        expected = plan[result.key][2]
        if expected is None:
            assert result.value is not None and result.error is None
            assert (result.value.name, result.value.etag) == (result.key, scripts[result.key].etag)
        else:
            assert type(result.error) is expected and result.value is None
            assert result.key not in scripts
    by_key = {result.key: result.error for result in report.results}
    assert str(by_key["t003"]) == NO_MAIN.format(str(no_main))
    assert str(by_key["t005"]) == (
        f"PUT /client/v4/accounts/emu-account/workers/dispatch/namespaces/{NS}/scripts/t005 -> 400 "
        "[10021] Main module name is not present in bundle."
    )
    assert report.errors_by_kind() == {
        "InvalidInput": 10,
        "ValidationError [10021]": 10,
        "ServerError [10002]": 10,
    }
    rate, burst = DEFAULT_RATE_LIMIT.rate, DEFAULT_RATE_LIMIT.burst
    assert all(at >= (k - burst + 1) / rate - 1e-6 for k, (_, _, at) in enumerate(transport.sent))
    assert report.elapsed == time.now
    with pytest.raises(BulkFailed) as caught:
        report.raise_for_failures()
    assert str(caught.value).startswith("30 of 200 items failed: ")


async def test_a_429_pauses_every_worker(emu: Emulator) -> None:
    """A 429 (Retry-After 7) seen by one worker pauses the shared limiter: the other worker, with tokens to
    spare, still waits those 7 seconds before its next request."""
    time = FakeTime()
    transport = ScriptedFaults(emu, time, {"t0": [{"status": 429, "retry_after": 7.0}]})
    async with make_client(transport) as cf:
        report = await cf.bulk.deploy_many(
            NS,
            [(f"t{i}", bundle(i)) for i in range(3)],
            concurrency=2,
            rate_limit=RateLimit(100, 1, burst=10),
            preflight=False,
        )
    assert (report.ok, report.failed) == (3, 0)
    (first_task, first_wait), (second_task, second_wait) = time.sleeps[:2]
    assert (first_wait, second_wait) == (7.0, 7.0)
    assert first_task != second_task
    assert [at >= 7.0 for _, _, at in transport.sent] == [False, True, True, True]


async def seed_scripts(emu: Emulator, names: Iterable[str]) -> None:
    async with WfpClient(
        account_id="emu-account", api_token="emu-token", base_url=BASE_URL, transport=emu.transport()
    ) as cf:
        for i, name in enumerate(names):
            await cf.scripts.put(NS, name, bundle(i))


BulkCall = Callable[[WfpClient, list[str]], Awaitable[BulkReport[Any]]]


def script_state(emu: Emulator, name: str) -> object:
    script = emu.namespaces[NS].scripts.get(name)
    return None if script is None else (sorted(script.secrets), script.tags)


@pytest.mark.parametrize(
    ("call", "value", "state"),
    [
        (lambda cf, names: cf.bulk.delete_many(NS, names, keep_results=True), None, None),
        (
            lambda cf, names: cf.bulk.put_secret_many(
                NS, names, SecretText("API_KEY", text="hunter2-secret"), keep_results=True
            ),
            Secret("API_KEY", "secret_text"),
            (["API_KEY"], []),
        ),
        (
            lambda cf, names: cf.bulk.put_tags_many(NS, names, ["v2", "blue"], keep_results=True),
            ["v2", "blue"],
            ([], ["v2", "blue"]),
        ),
    ],
    ids=["delete_many", "put_secret_many", "put_tags_many"],
)
async def test_bulk_operations_by_name(emu: Emulator, call: BulkCall, value: object, state: object) -> None:
    """delete/put-secret/set-tags on many scripts: existing ones ok with the operation's result and the
    emulator changed; a missing one fails with NotFound [10007]; the secret value never shows."""
    await seed_scripts(emu, ["a", "b", "c"])
    time = FakeTime()
    async with make_client(ScriptedFaults(emu, time, {"b": [{"status": 503}]})) as cf:
        report = await call(cf, ["a", "missing", "b", "c"])
    outcomes = {result.key: (result.value, type(result.error)) for result in report.results}
    assert outcomes == {
        "a": (value, type(None)),
        "b": (value, type(None)),
        "c": (value, type(None)),
        "missing": (None, NotFound),
    }
    assert [script_state(emu, name) for name in "abc"] == [state] * 3
    (missing,) = report.failures
    assert isinstance(missing.error, NotFound) and missing.error.codes == frozenset({10007})
    assert "hunter2-secret" not in str(missing.error)
    assert report.errors_by_kind() == {"NotFound [10007]": 1}


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([("x", 42)], "bundle must be a WorkerBundle or a folder, not int"),
        (["just-a-name"], "a deploy item must be a DeployItem or (name, bundle[, options]), not str"),
    ],
)
async def test_deploy_many_records_a_malformed_item_as_its_failure(
    emu: Emulator, items: list[Any], message: str
) -> None:
    """A malformed item fails alone with InvalidInput; it is not raised out of the run."""
    async with make_client(ScriptedFaults(emu, FakeTime(), {})) as cf:
        report = await cf.bulk.deploy_many(NS, [*items, ("ok", bundle(0))], keep_results=True)
    assert [
        (r.key, str(r.error) if r.error else None) for r in sorted(report.results, key=lambda r: r.ok)
    ] == [
        (items[0][0] if isinstance(items[0], tuple) else repr(items[0]), message),
        ("ok", None),
    ]


async def test_bulk_rejects_a_bad_rate_limit(emu: Emulator) -> None:
    """rate_limit must be a RateLimit or None, checked before any item is pulled."""
    async with make_client(ScriptedFaults(emu, FakeTime(), {})) as cf:
        with pytest.raises(InvalidInput) as caught:
            await cf.bulk.delete_many(NS, ["a"], rate_limit=100)  # type: ignore[arg-type]
    assert str(caught.value) == "rate_limit must be a RateLimit or None, not int"


def test_print_of_a_large_report_is_a_summary() -> None:
    """repr/print of a 10,000-item report is one line: counts, time, and the first five failures only."""
    report: BulkReport[None] = BulkReport(keep_results=True)
    for i in range(10_000):
        error = NotFound("gone", status=404, method="GET", url="/x") if i % 1000 == 0 else None
        report._record(ItemResult(key=f"t{i}", value=None, error=error, elapsed=0.0))
    report.elapsed, report.complete = 12.5, True
    assert repr(report) == (
        "BulkReport(ok=9990, failed=10, elapsed=12.50s, complete=True, failures=['t0': NotFound, "
        "'t1000': NotFound, 't2000': NotFound, 't3000': NotFound, 't4000': NotFound, ... 5 more])"
    )
    assert str(report) == repr(report)


def test_report_summary_says_why_a_run_stopped() -> None:
    """A stopped run's summary names the reason and how many items were never attempted."""
    report: BulkReport[None] = BulkReport(stopped="stopped, the credentials were refused", not_attempted=40)
    report.skipped = 3
    assert repr(report) == (
        "BulkReport(ok=0, failed=0, skipped=3, elapsed=0.00s, complete=False, "
        "stopped='stopped, the credentials were refused', not_attempted=40)"
    )
