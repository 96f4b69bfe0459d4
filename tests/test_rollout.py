"""The bulk rollout across tenants against the emulator: waves, steps, the user's check, the rollback of
the failing wave, the waves that never start, and a report that says exactly that."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import anyio
import httpx
import pytest

from wfp_async import (
    NO_RETRY,
    APIError,
    InvalidInput,
    LocalLimiter,
    NotFound,
    RateLimit,
    RequestTimeout,
    RetryPolicy,
    RolloutReport,
    UploadOptions,
    ValidationError,
    Wave,
    WfpClient,
    WorkerBundle,
    rollout,
)
from wfp_async._journal import Journal
from wfp_async._rollout import plan_waves
from wfp_async.emulator import Emulator

NS = "tenants"
OLD = WorkerBundle.es_module("export default { fetch: () => new Response('old') };")
NEW = WorkerBundle.es_module("export default { fetch: () => new Response('new') };")


class Counting(httpx.AsyncBaseTransport):
    """Passes requests to the emulator and counts them by (method, last path segment)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.seen: Counter[tuple[str, str]] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen[(request.method, request.url.path.rsplit("/", 1)[-1])] += 1
        return await self.inner.handle_async_request(request)


async def fleet(emulator: Emulator, count: int) -> tuple[WfpClient, Counting, list[str]]:
    counting = Counting(emulator.transport())
    cf = WfpClient(
        account_id=emulator.account_id,
        api_token="emu-token",
        transport=counting,
        retry=NO_RETRY,
        rate_limit=None,
    )
    await cf.namespaces.create(NS)
    names = [f"t{i:03d}" for i in range(count)]
    report = await cf.bulk.deploy_many(NS, ((n, OLD) for n in names), rate_limit=None, concurrency=32)
    report.raise_for_failures()
    counting.seen.clear()
    return cf, counting, names


def journaled(path: Path) -> dict[str, dict[str, object]]:
    """Every state in the journal file of the one rollout it holds."""
    opened = Journal(path, "rollout", "")
    try:
        (scope,) = opened._db.execute("SELECT DISTINCT namespace FROM states").fetchall()
        opened.namespace = scope[0]
        return opened.states()
    finally:
        opened.close()


def served(emulator: Emulator, name: str) -> tuple[list[tuple[str, float]], int, bytes]:
    """(the current deployment's split, how many versions the script has, the served module's bytes)."""
    script = emulator.account.namespaces[NS].scripts[name]
    split = [(v["version_id"], v["percentage"]) for v in script.deployments[-1].versions]
    return split, len(script.versions), script.modules[0].content


async def test_500_tenants_in_3_waves_with_the_check_failing_in_wave_2(tmp_path: Path) -> None:
    """Wave 1 ends at 100%, wave 2 is rolled back at its first check, wave 3 never starts; the report,
    the journal, the requests sent and the emulator's state all say exactly that."""
    emulator = Emulator()
    cf, counting, names = await fleet(emulator, 500)
    checks: list[tuple[int, int, float]] = []
    pauses: list[float] = []

    async def check(wave: Wave) -> bool:
        checks.append((wave.number, len(wave.tenants), wave.percentage))
        return wave.number != 2

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    async with cf:
        report = await rollout(
            cf, NS, names, NEW, check=check, waves=3, steps=(10, 100), pause=30, rate_limit=None, sleep=sleep,
            journal=tmp_path / "rollout.sqlite3",
        )  # fmt: skip

    first, second, third = names[:167], names[167:334], names[334:]
    assert (report.waves, report.stopped_at, report.complete) == (
        ["done", "rolled_back", "not_started"],
        2,
        True,
    )
    assert (report.in_state("done"), report.in_state("rolled_back"), report.in_state("pending")) == (
        first,
        second,
        third,
    )
    assert checks == [(1, 167, 10), (1, 167, 100), (2, 167, 10)]
    assert pauses == [30, 30, 30]
    # Per tenant of waves 1 and 2: read the deployment, upload the version, deploy 10%, then 100% or back.
    assert counting.seen == Counter(
        {("GET", "deployments"): 334, ("POST", "versions"): 334, ("POST", "deployments"): 668}
    )
    for name in first:
        tenant = report.tenants[name]
        assert (tenant.state, tenant.percentage, tenant.wave, tenant.error) == ("done", 100, 1, None)
        assert served(emulator, name) == ([(tenant.new_version, 100)], 2, NEW.modules[0].content)
    for name in second:
        tenant = report.tenants[name]
        assert (tenant.state, tenant.percentage, tenant.wave) == ("rolled_back", 0, 2)
        assert tenant.old_version is not None and tenant.new_version is not None
        assert served(emulator, name) == ([(tenant.old_version, 100)], 2, OLD.modules[0].content)
        history = emulator.account.namespaces[NS].scripts[name].deployments
        assert [d.versions for d in history[1:]] == [
            [
                {"version_id": tenant.new_version, "percentage": 10},
                {"version_id": tenant.old_version, "percentage": 90},
            ],
            [{"version_id": tenant.old_version, "percentage": 100}],
        ]
    # The journal holds exactly the report: every tenant of waves 1 and 2, each wave's outcome, nothing
    # for wave 3.
    states = journaled(tmp_path / "rollout.sqlite3")
    assert states.pop("wave/1") == {"status": "done", "passed": 2, "reason": None}
    assert states.pop("wave/2") == {"status": "rolled_back", "passed": 0, "reason": "its check failed at 10%"}
    assert states == {
        f"tenant/{name}": {
            "state": report.tenants[name].state,
            "old_version": report.tenants[name].old_version,
            "new_version": report.tenants[name].new_version,
            "percentage": report.tenants[name].percentage,
            "error": None,
            "error_kind": None,
        }
        for name in first + second
    }
    assert report.stopped == "wave 2 was rolled back: its check failed at 10%"
    for name in third:
        tenant = report.tenants[name]
        assert (tenant.state, tenant.old_version, tenant.new_version, tenant.wave) == (
            "pending",
            None,
            None,
            3,
        )
        split, versions, content = served(emulator, name)
        assert (len(split), versions, content) == (1, 1, OLD.modules[0].content)


async def test_a_failing_tenant_is_reported_and_the_wave_goes_on() -> None:
    """A tenant that does not exist fails with NotFound; the others of its wave reach 100%."""
    emulator = Emulator()
    cf, _, names = await fleet(emulator, 4)

    async def check(wave: Wave) -> bool:
        return True

    async def sleep(seconds: float) -> None:
        return None

    async with cf:
        report = await rollout(
            cf, NS, [*names, "ghost"], NEW, check=check, waves=1, rate_limit=None, sleep=sleep
        )

    assert report.waves == ["done"]
    assert report.in_state("done") == names
    assert report.in_state("failed") == ["ghost"]
    assert isinstance(report.tenants["ghost"].error, NotFound)


async def test_a_check_that_raises_rolls_the_wave_back() -> None:
    """An exception in the check counts as a failed check: wave 1 goes back to its old versions."""
    emulator = Emulator()
    cf, _, names = await fleet(emulator, 3)

    async def check(wave: Wave) -> bool:
        raise RuntimeError("metrics are down")

    async def sleep(seconds: float) -> None:
        return None

    async with cf:
        report = await rollout(cf, NS, names, NEW, check=check, waves=2, rate_limit=None, sleep=sleep)

    assert (report.waves, report.stopped_at) == (["rolled_back", "not_started"], 1)
    assert report.in_state("rolled_back") == names[:2]
    assert report.in_state("pending") == names[2:]


async def test_every_request_waits_for_the_rate_limit() -> None:
    """With RateLimit(requests=1, period=1, burst=1), 2 tenants' 8 requests take 7 seconds of waiting."""
    emulator = Emulator()
    seeded, _, names = await fleet(emulator, 2)
    await seeded.aclose()
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    async def check(wave: Wave) -> bool:
        return True

    async with WfpClient(
        account_id=emulator.account_id,
        api_token="emu-token",
        transport=emulator.transport(),
        retry=NO_RETRY,
        rate_limit=None,  # no client-wide limiter: the rollout's own limit is the one measured
        sleep=sleep,
        clock=lambda: now[0],
    ) as cf:
        limit = RateLimit(requests=1, period=1, burst=1)
        report = await rollout(
            cf, NS, names, NEW, check=check, waves=1, pause=0, rate_limit=limit, concurrency=1
        )

    assert report.in_state("done") == names
    assert now[0] == pytest.approx(7.0, abs=0.01)  # the first request uses the burst, each later waits 1 s


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"steps": (10, 50)}, "steps must end at 100"),
        ({"steps": (50, 10, 100)}, "steps must rise from above 0 to 100"),
        ({"steps": (0, 100)}, "steps must rise from above 0 to 100"),
        ({"waves": 0}, "waves must be a positive int"),
        ({"pause": -1}, "pause must be a number of seconds >= 0"),
        ({"concurrency": 0}, "concurrency must be a positive int"),
        ({"rate_limit": 1200}, "rate_limit must be a RateLimit or None"),
        ({"tenants": []}, "a rollout needs at least one tenant"),
        ({"tenants": ["a1", "a1"]}, "a tenant is named twice"),
        ({"tenants": ["Bad Name"]}, "script"),
        ({"tenants": "acme"}, "tenants must be a list of script names, not str"),
        ({"tenants": b"acme"}, "tenants must be a list of script names, not bytes"),
        ({"tenants": None}, "tenants must be a list of script names, not NoneType"),
        ({"tenants": 7}, "tenants must be a list of script names, not int"),
        ({"tenants": ["a1", None]}, "script name must be a str, not NoneType"),
        ({"tenants": ["a1", b"b2"]}, "script name must be a str, not bytes"),
    ],
)
async def test_bad_arguments_are_refused_before_any_request(kwargs: dict[str, object], message: str) -> None:
    """Steps not rising to 100, no waves, a negative pause, bad tenant lists: InvalidInput, no request."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    async def check(wave: Wave) -> bool:
        return True

    arguments: dict[str, object] = {"tenants": ["a1", "b2"], **kwargs}
    tenants = arguments.pop("tenants")
    async with WfpClient(account_id="ACC", api_token="tok", transport=httpx.MockTransport(handler)) as cf:
        with pytest.raises(InvalidInput, match=message):
            await rollout(cf, NS, tenants, NEW, check=check, **arguments)  # type: ignore[arg-type]
    assert sent == []


def test_waves_are_consecutive_and_even() -> None:
    """500 tenants in 3 waves are 167, 167 and 166 in order; more waves than tenants gives one each."""
    names = [f"t{i:03d}" for i in range(500)]
    waves = plan_waves(names, 3)
    assert [len(w) for w in waves] == [167, 167, 166]
    assert [name for wave in waves for name in wave] == names
    assert plan_waves(["a1", "b2"], 5) == (("a1",), ("b2",))
    assert plan_waves(iter(["a1", "b2", "c3"]), 2) == (("a1", "b2"), ("c3",))  # any iterable of names


@pytest.mark.parametrize(
    ("tenants", "message"),
    [
        ("acme", "tenants must be a list of script names, not str"),
        (None, "tenants must be a list of script names, not NoneType"),
        (["a1", "Bad"], "invalid script name 'Bad'"),
    ],
)
def test_plan_waves_refuses_a_bare_string_and_bad_names(tenants: object, message: str) -> None:
    """plan_waves("acme", 2) is refused (it planned the letters a, c, m, e), as are None and bad names."""
    with pytest.raises(InvalidInput, match=message):
        plan_waves(tenants, 2)  # type: ignore[arg-type]


def test_the_report_starts_empty() -> None:
    """A fresh report has no tenants, no waves and is not complete (pass one in to keep it on cancel)."""
    report = RolloutReport()
    assert (report.tenants, report.waves, report.stopped_at, report.complete) == ({}, [], None, False)


async def test_a_blocked_token_is_waited_out_not_turned_into_failed_tenants() -> None:
    """With the client's budget paused longer than the retry deadline (a token Cloudflare blocked), a
    rollout waits for its permits outside each request's deadline: every tenant reaches 100%, none fails
    with RequestTimeout (as each did when the rollout's requests spent the wait from their deadline)."""
    emulator = Emulator()
    seeded, _, names = await fleet(emulator, 3)
    await seeded.aclose()
    limiter = LocalLimiter(RateLimit(1200, 300, burst=20))

    async def check(wave: Wave) -> bool:
        return True

    async with WfpClient(
        account_id=emulator.account_id,
        api_token="emu-token",
        transport=emulator.transport(),
        rate_limit=limiter,
        retry=RetryPolicy(deadline=0.3, wait_initial=0, wait_jitter=0),
    ) as cf:
        limiter.pause(0.8)
        with pytest.raises(RequestTimeout, match=r"the retry deadline of 0\.3s passed"):
            await cf.deployments.get(NS, names[0])  # a single call keeps its deadline
        limiter.pause(0.8)
        started = anyio.current_time()
        report = await rollout(cf, NS, names, NEW, check=check, waves=1, pause=0, concurrency=3)
        waited = anyio.current_time() - started

    assert (report.in_state("done"), report.in_state("failed")) == (names, [])
    assert waited >= 0.8
    for name in names:
        assert served(emulator, name) == (
            [(report.tenants[name].new_version, 100)],
            2,
            NEW.modules[0].content,
        )


@pytest.mark.parametrize(
    ("options", "kept"),
    [
        (None, ["API_KEY"]),
        (UploadOptions(compatibility_date="2025-06-01"), ["API_KEY"]),
        (UploadOptions(keep_bindings=[]), []),
    ],
)
async def test_a_rollout_keeps_each_tenants_secrets_unless_told_otherwise(
    options: UploadOptions | None, kept: list[str]
) -> None:
    """Each tenant's own secret is in the version a rollout deploys (the upload keeps secret bindings, as
    wrangler's version uploads do); an explicit keep_bindings=[] keeps none."""
    emulator = Emulator()
    cf, _, names = await fleet(emulator, 2)

    async def check(wave: Wave) -> bool:
        return True

    async def sleep(seconds: float) -> None:
        return None

    async with cf:
        for name in names:
            await cf.secrets.put_text(NS, name, "API_KEY", text=f"key-of-{name}")
        report = await rollout(
            cf, NS, names, NEW, options=options, check=check, waves=1, rate_limit=None, sleep=sleep
        )
        assert report.in_state("done") == names
        for name in names:
            (deployment,) = [d async for d in cf.deployments.list(NS, name)][:1]
            assert deployment.split == {report.tenants[name].new_version: 100}
            assert [s.name for s in await cf.secrets.list(NS, name)] == kept
    for name in names:
        secrets = emulator.account.namespaces[NS].scripts[name].secrets
        assert {key: value.get("text") for key, value in secrets.items()} == (
            {"API_KEY": f"key-of-{name}"} if kept else {}
        )


async def test_a_rollouts_own_limit_holds_on_top_of_the_clients_as_in_bulk_runs() -> None:
    """With a client limiter that never makes anyone wait, the rollout's RateLimit(1, 1, burst=1) still
    holds every request (chained, the bulk runs' policy): 2 tenants' 8 requests wait 7 seconds."""
    emulator = Emulator()
    seeded, _, names = await fleet(emulator, 2)
    await seeded.aclose()
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    async def check(wave: Wave) -> bool:
        return True

    client_limiter = LocalLimiter(RateLimit(1200, 300, burst=100), clock=lambda: now[0], sleep=sleep)
    async with WfpClient(
        account_id=emulator.account_id,
        api_token="emu-token",
        transport=emulator.transport(),
        retry=NO_RETRY,
        rate_limit=client_limiter,
        sleep=sleep,
        clock=lambda: now[0],
    ) as cf:
        limit = RateLimit(requests=1, period=1, burst=1)
        report = await rollout(
            cf, NS, names, NEW, check=check, waves=1, pause=0, rate_limit=limit, concurrency=1
        )

    assert report.in_state("done") == names
    assert now[0] == pytest.approx(7.0, abs=0.01)  # the rollout's own limit; the client's let all through


async def test_a_secret_change_during_a_rollouts_split_is_a_typed_validation_error() -> None:
    """During a rollout's 10% step, cf.secrets.put_text on a tenant of the wave raises ValidationError
    (an APIError) with code 10215 and Cloudflare's message; the secret is not set, and once the tenant
    serves the new version alone the same call succeeds."""
    emulator = Emulator()
    cf, _, names = await fleet(emulator, 1)
    seen: list[BaseException] = []

    async def check(wave: Wave) -> bool:
        if wave.percentage == 10:
            try:
                await cf.secrets.put_text(NS, names[0], "API_KEY", text="during-the-split")
            except APIError as exc:
                seen.append(exc)
        return True

    async def sleep(seconds: float) -> None:
        return None

    async with cf:
        report = await rollout(cf, NS, names, NEW, check=check, waves=1, rate_limit=None, sleep=sleep)
        (error,) = seen
        assert type(error) is ValidationError
        assert (error.status, error.codes) == (400, frozenset({10215}))
        assert str(error).endswith(
            "-> 400 [10215] Secret edit failed. You attempted to modify a secret, but the latest version "
            "of your Worker isn't currently deployed. Please ensure that the latest version of your Worker "
            "is fully deployed (wrangler versions deploy) before modifying secrets. Alternatively, you can "
            "use the Cloudflare dashboard to modify secrets and deploy the version."
        )
        assert "during-the-split" not in str(error)
        assert report.in_state("done") == names
        assert [s.name for s in await cf.secrets.list(NS, names[0])] == []
        await cf.secrets.put_text(NS, names[0], "API_KEY", text="after")
        assert [s.name for s in await cf.secrets.list(NS, names[0])] == ["API_KEY"]
