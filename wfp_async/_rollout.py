"""A gradual rollout of one new Worker to many tenants, in waves, with a check between steps.

For each wave in turn: every tenant of the wave gets the new code as a version (not served), then a
deployment giving it the first step's share (``{new: 10, old: 90}``); after a pause the user's async
check is asked about the wave; if it says yes, every tenant moves to the next step, and so on to 100.
When the check says no (or raises), the wave is rolled back (each of its tenants goes back to its old
version at 100%) and the waves after it never start. Tenant work within a wave is bounded
(``concurrency``) and rate limited like every bulk run; a tenant whose request fails is rolled back on
its own and reported, and the wave goes on. The :class:`RolloutReport` says, per tenant and per wave,
exactly what happened, and stays true when the run is cancelled.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

import anyio
import attrs

from wfp_async._bulk import DEFAULT_RATE_LIMIT, RateLimit, RateLimiter, run_bulk
from wfp_async._errors import InvalidInput
from wfp_async._metadata import UploadOptions
from wfp_async._modules import WorkerBundle
from wfp_async._names import check_namespace_name, check_positive_int, check_script_name

if TYPE_CHECKING:
    from wfp_async._client import WfpClient

__all__ = ["RolloutReport", "TenantRollout", "Wave", "plan_waves", "rollout"]

logger = logging.getLogger("wfp_async")

# Tenant states, in the order a tenant goes through them.
PENDING = "pending"  # its wave has not started (or never will)
SPLIT = "split"  # the new version serves a share below 100
DONE = "done"  # the new version serves 100%
ROLLED_BACK = "rolled_back"  # back on its old version at 100%
FAILED = "failed"  # a request failed; see ``error`` (rolled back when it had moved)


@attrs.frozen
class Wave:
    """One wave: its number (1-based), its tenants, and the new version's share it is at.

    What the check receives: ``async def check(wave: Wave) -> bool`` (e.g. query the error rate of
    ``wave.tenants`` and answer ``rate < 0.01``).
    """

    number: int
    tenants: tuple[str, ...]
    percentage: float


@attrs.define
class TenantRollout:
    """One tenant's rollout: its state, the old and new version ids, the new one's share, any error.

    ``report.tenants["acme"].state`` is one of ``pending``, ``split``, ``done``, ``rolled_back``,
    ``failed``; the rollout builds them: ``TenantRollout("acme", wave=1)``.
    """

    name: str
    wave: int
    state: str = PENDING
    old_version: str | None = None
    new_version: str | None = None
    percentage: float = 0
    error: Exception | None = None


@attrs.define
class RolloutReport:
    """What a rollout did, true at every moment: per tenant (``tenants``) and per wave (``waves``).

    ``report.stopped_at`` is the wave whose check failed (None when every wave passed);
    ``report.waves[i]`` is ``done``, ``rolled_back`` or ``not_started``. Pass ``RolloutReport()`` as
    ``report=`` to keep it when the run is cancelled.
    """

    tenants: dict[str, TenantRollout] = attrs.field(factory=dict)
    waves: list[str] = attrs.field(factory=list)
    stopped_at: int | None = None
    complete: bool = False

    def in_state(self, state: str) -> list[str]:
        """The tenants in ``state``, in rollout order: ``report.in_state("rolled_back")``."""
        return [name for name, tenant in self.tenants.items() if tenant.state == state]


def plan_waves(tenants: Sequence[str], waves: int) -> tuple[tuple[str, ...], ...]:
    """``tenants`` in ``waves`` consecutive waves whose sizes differ by at most one.

    ``plan_waves(["a", "b", "c", "d", "e"], 2) == (("a", "b", "c"), ("d", "e"))``. Raises
    :class:`~wfp_async.InvalidInput` for no tenants, a repeated or malformed name, or a bad count.
    """
    check_positive_int(waves, "waves")
    names = [check_script_name(name) for name in tenants]
    if not names:
        raise InvalidInput("a rollout needs at least one tenant")
    if len(set(names)) != len(names):
        raise InvalidInput("a tenant is named twice")
    count = min(waves, len(names))
    size, extra = divmod(len(names), count)
    out, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(tuple(names[start:end]))
        start = end
    return tuple(out)


def _check_steps(steps: Sequence[float]) -> tuple[float, ...]:
    values = tuple(steps)
    if not values or values[-1] != 100:
        raise InvalidInput(f"steps must end at 100, not {values!r}")
    previous = 0.0
    for step in values:
        if isinstance(step, bool) or not isinstance(step, int | float) or not previous < step <= 100:
            raise InvalidInput(f"steps must rise from above 0 to 100, not {values!r}")
        previous = float(step)
    return values


async def rollout(
    cf: WfpClient,
    namespace: str,
    tenants: Sequence[str],
    bundle: WorkerBundle,
    options: UploadOptions | None = None,
    *,
    check: Callable[[Wave], Awaitable[bool]],
    waves: int = 3,
    steps: Sequence[float] = (10, 100),
    pause: float = 60.0,
    message: str | None = None,
    concurrency: int = 16,
    rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
    report: RolloutReport | None = None,
    sleep: Callable[[float], Awaitable[object]] = anyio.sleep,
) -> RolloutReport:
    """Roll ``bundle`` out to ``tenants`` in ``waves``, through ``steps`` (percentages ending at 100).

    After each step of a wave the run sleeps ``pause`` seconds and awaits ``check(wave)``; False (or an
    exception) rolls the wave back and stops. ``report = await rollout(cf, "tenants", names, bundle,
    check=error_rate_ok, waves=3)``; then ``report.stopped_at`` and ``report.in_state("done")``. Raises
    :class:`~wfp_async.InvalidInput` for bad arguments, before any request.
    """
    check_namespace_name(namespace)
    planned = plan_waves(tenants, waves)
    shares = _check_steps(steps)
    if not isinstance(bundle, WorkerBundle):
        raise InvalidInput(f"bundle must be a WorkerBundle, not {type(bundle).__name__}")
    if isinstance(pause, bool) or not isinstance(pause, int | float) or pause < 0:
        raise InvalidInput(f"pause must be a number of seconds >= 0, not {pause!r}")
    if not callable(check):
        raise InvalidInput("check must be an async callable taking a Wave and answering a bool")
    check_positive_int(concurrency, "concurrency")
    client = _limited(cf, rate_limit)
    report = RolloutReport() if report is None else report
    report.waves = ["not_started"] * len(planned)
    for number, wave in enumerate(planned, 1):
        for name in wave:
            report.tenants[name] = TenantRollout(name, number)

    transport = cf._transport

    async def each(wave: tuple[str, ...], work: Callable[[TenantRollout], Awaitable[None]]) -> None:
        async def one(name: str) -> None:
            tenant = report.tenants[name]
            try:
                await work(tenant)
            except Exception as exc:
                await fail(tenant, exc)

        await run_bulk(wave, one, key=str, concurrency=concurrency, clock=transport.clock)

    async def fail(tenant: TenantRollout, exc: Exception) -> None:
        tenant.error = exc
        if tenant.state == SPLIT and tenant.old_version is not None:
            try:
                await client.deployments.create(
                    namespace, tenant.name, {tenant.old_version: 100}, message=message
                )
            except Exception as undo:
                logger.warning("rollout: rolling %s back after a failure failed: %s", tenant.name, undo)
            else:
                tenant.percentage = 0
        tenant.state = FAILED

    def split(tenant: TenantRollout, share: float) -> dict[str, float]:
        assert tenant.new_version is not None
        if share >= 100 or tenant.old_version is None or tenant.old_version == tenant.new_version:
            return {tenant.new_version: 100}
        return {tenant.new_version: share, tenant.old_version: 100 - share}

    async def start(tenant: TenantRollout) -> None:
        current = await client.deployments.get(namespace, tenant.name)
        if current is not None and current.split:
            tenant.old_version = max(current.split, key=lambda v: current.split[v])
        version = await client.versions.upload(namespace, tenant.name, bundle, options, message=message)
        tenant.new_version = version.id
        await move(tenant, shares[0])

    async def move(tenant: TenantRollout, share: float) -> None:
        await client.deployments.create(namespace, tenant.name, split(tenant, share), message=message)
        tenant.percentage = share
        tenant.state = DONE if share >= 100 else SPLIT

    async def back(tenant: TenantRollout) -> None:
        if tenant.state in (SPLIT, DONE) and tenant.old_version is not None:
            await client.deployments.create(
                namespace, tenant.name, {tenant.old_version: 100}, message=message
            )
            tenant.percentage = 0
            tenant.state = ROLLED_BACK

    async def healthy(wave: Wave) -> bool:
        try:
            return bool(await check(wave))
        except Exception:
            logger.exception("rollout: the check raised on wave %d; the wave is rolled back", wave.number)
            return False

    for number, wave in enumerate(planned, 1):
        report.waves[number - 1] = "running"
        for index, share in enumerate(shares):
            await each(wave, start if index == 0 else _only_split(move, share))
            await sleep(pause)
            if not await healthy(Wave(number, wave, share)):
                await each(wave, back)
                report.waves[number - 1] = "rolled_back"
                report.stopped_at = number
                report.complete = True
                return report
        report.waves[number - 1] = "done"
    report.complete = True
    return report


def _limited(cf: WfpClient, rate_limit: RateLimit | None) -> WfpClient:
    """``cf``, or a view of it whose every request first waits for ``rate_limit``.

    A client that already holds a limiter (every request passes it) is used as it is: one limit per
    token is what Cloudflare counts, and a second one here would only slow the rollout down.
    """
    if rate_limit is not None and not isinstance(rate_limit, RateLimit):
        raise InvalidInput(f"rate_limit must be a RateLimit or None, not {type(rate_limit).__name__}")
    transport = cf._transport
    if rate_limit is None or transport.limiter is not None:
        return cf
    limiter = RateLimiter(rate_limit, clock=transport.clock, sleep=transport.sleep)
    return cf._view(transport.evolve(limiter=limiter))


def _only_split(
    move: Callable[[TenantRollout, float], Awaitable[None]], share: float
) -> Callable[[TenantRollout], Awaitable[None]]:
    """The next step for the tenants still split; a failed one stays where its failure left it."""

    async def step(tenant: TenantRollout) -> None:
        if tenant.state == SPLIT:
            await move(tenant, share)

    return step
