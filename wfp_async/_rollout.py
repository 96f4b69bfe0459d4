"""A gradual rollout of one new Worker to many tenants, in waves, with a check between steps.

For each wave in turn: every tenant of the wave gets the new code as a version (not served), then a
deployment giving it the first step's share (``{new: 10, old: 90}``); after a pause the user's async
check is asked about the wave; if it says yes, every tenant moves to the next step, and so on to 100.
When the check says no (or raises), the wave is rolled back (each of its tenants goes back to its old
version at 100%) and the waves after it never start. Tenant work within a wave is bounded
(``concurrency``) and rate limited like every bulk run; a tenant whose request fails is rolled back on
its own and reported, and the wave goes on. The :class:`RolloutReport` says, per tenant and per wave,
exactly what happened, and stays true when the run is cancelled.

With a journal (``journal=PATH``, a :class:`~wfp_async._journal.Journal` file) every tenant's progress
(version uploaded with its id, share deployed, rolled back, failed with its error) and every wave's
outcome is committed before it counts as done, under a scope of the namespace, the new code's digest and
the plan. Run the same rollout again after a crash or Ctrl-C and it goes on where it stopped: no version
is uploaded again for a tenant whose version id is journaled, no wave whose checks passed runs again,
and a wave that was rolled back stays so unless ``retry=True``.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from functools import partial
from itertools import pairwise
from types import NoneType
from typing import TYPE_CHECKING

import anyio
import attrs

from wfp_async._bulk import DEFAULT_RATE_LIMIT, RateLimit, limited, run_bulk
from wfp_async._errors import InvalidInput, WfpError
from wfp_async._journal import Journal, JournalError, digest_parts
from wfp_async._metadata import UploadOptions, upload_metadata
from wfp_async._modules import WorkerBundle
from wfp_async._multipart import bundle_parts
from wfp_async._names import check_namespace_name, check_positive_int, check_script_name, check_type
from wfp_async._versions import version_annotations
from wfp_async.resources._base import check_upload

if TYPE_CHECKING:
    from wfp_async._client import WfpClient

__all__ = ["EarlierFailure", "RolloutReport", "TenantRollout", "Wave", "plan_waves", "rollout"]

logger = logging.getLogger("wfp_async")

# Tenant states, in the order a tenant goes through them.
PENDING = "pending"  # its wave has not started (or never will)
UPLOADED = "uploaded"  # uploaded, not deployed by this run yet (percentage: the share it may serve)
SPLIT = "split"  # the new version serves a share below 100
DONE = "done"  # the new version serves 100%
ROLLED_BACK = "rolled_back"  # back on its old version at 100%
FAILED = "failed"  # a request failed; see ``error``; ``percentage`` above 0: its rollback did not land

# Wave states.
NOT_STARTED, RUNNING, WAVE_DONE, WAVE_ROLLED_BACK = "not_started", "running", "done", "rolled_back"

_TENANT_STATES = frozenset({PENDING, UPLOADED, SPLIT, DONE, ROLLED_BACK, FAILED})
_WAVE_STATES = frozenset({NOT_STARTED, RUNNING, WAVE_DONE, WAVE_ROLLED_BACK})

JOURNAL_OPERATION = "rollout"

RETRY_HINT = "run again with retry=True to try it again"
"""The end of ``report.stopped`` when a wave was rolled back by an earlier run (the CLI says --retry)."""


@attrs.frozen
class Wave:
    """One wave: its number (1-based), its tenants, and the new version's share it is at.

    What the check receives: ``async def check(wave: Wave) -> bool`` (e.g. query the error rate of
    ``wave.tenants`` and answer ``rate < 0.01``).
    """

    number: int
    tenants: tuple[str, ...]
    percentage: float


class EarlierFailure(WfpError):
    """A tenant's failure in an earlier run of the same rollout, as its journal kept it.

    ``report.tenants["acme"].error`` after a resume: ``error.kind`` is the error's class name (e.g.
    ``"NotFound"``) and ``str(error)`` its message; run with ``retry=True`` to try the tenant again.
    ``except EarlierFailure:`` never sees one: it is reported, not raised. Exported as
    ``wfp_async.EarlierFailure``: ``isinstance(report.tenants["acme"].error, EarlierFailure)``.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@attrs.define
class TenantRollout:
    """One tenant's rollout: its state, the old and new version ids, the new one's share, any error.

    ``report.tenants["acme"].state`` is one of ``pending``, ``uploaded``, ``split``, ``done``,
    ``rolled_back``, ``failed``; the rollout builds them: ``TenantRollout("acme", wave=1)``.
    """

    name: str
    wave: int
    state: str = PENDING
    old_version: str | None = None
    new_version: str | None = None
    percentage: float = 0
    error: Exception | None = None

    @property
    def error_kind(self) -> str | None:
        """The kind of ``error`` (for the journal, ``wfp --json rollout``), None without one: its class
        name (``tenant.error_kind == "NotFound"``), or the kind an :class:`EarlierFailure` kept."""
        if self.error is None:
            return None
        return self.error.kind if isinstance(self.error, EarlierFailure) else type(self.error).__name__

    def _journaled(self) -> tuple[str, dict[str, object]]:
        """Its key in the journal and what is kept there."""
        return f"tenant/{self.name}", {
            "state": self.state,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "percentage": self.percentage,
            "error": None if self.error is None else str(self.error)[:2000],
            "error_kind": self.error_kind,
        }


@attrs.define
class RolloutReport:
    """What a rollout did, true at every moment: per tenant (``tenants``) and per wave (``waves``).

    ``report.stopped_at`` is the wave whose check failed (None when every wave passed) and
    ``report.stopped`` says why the run stopped, in a sentence (also what to pass to go on);
    ``report.waves[i]`` is ``done``, ``running``, ``rolled_back`` or ``not_started``; ``resumed`` is
    true when a journal held an earlier run of this rollout; ``warnings`` holds what the run found odd
    (a journal holding another rollout to the same namespace). Pass ``RolloutReport()`` as ``report=`` to
    keep it when the run is cancelled.
    """

    tenants: dict[str, TenantRollout] = attrs.field(factory=dict)
    waves: list[str] = attrs.field(factory=list)
    stopped_at: int | None = None
    complete: bool = False
    stopped: str | None = None
    resumed: bool = False
    warnings: list[str] = attrs.field(factory=list)

    def in_state(self, state: str) -> list[str]:
        """The tenants in ``state``, in rollout order: ``report.in_state("rolled_back")``."""
        return [name for name, tenant in self.tenants.items() if tenant.state == state]

    def still_on_new(self) -> list[str]:
        """The tenants that may still serve the new version although they should not, in rollout order.

        A failed tenant whose rollback did not land (its ``percentage``, above 0, is the share it may
        serve), an ``uploaded`` one with a share it may serve (a retry or a step that stopped, or was
        cancelled, before its deployment was known to land), and a tenant of a rolled-back wave that is
        not back yet (the journal failed, or a run stopped mid-rollback). Running the same rollout again
        rolls back those of rolled-back waves: ``report.still_on_new() == []`` after it.
        """
        return [
            name
            for name, tenant in self.tenants.items()
            if (tenant.state in (FAILED, UPLOADED) and tenant.percentage > 0)
            or (tenant.state in (UPLOADED, SPLIT, DONE) and self.waves[tenant.wave - 1] == WAVE_ROLLED_BACK)
        ]


def plan_waves(tenants: Sequence[str], waves: int) -> tuple[tuple[str, ...], ...]:
    """``tenants`` in ``waves`` consecutive waves whose sizes differ by at most one.

    ``plan_waves(["a", "b", "c", "d", "e"], 2) == (("a", "b", "c"), ("d", "e"))``. Raises
    :class:`~wfp_async.InvalidInput` for no tenants, a repeated or malformed name, a bare string (not a
    list of names), or a bad count.
    """
    check_positive_int(waves, "waves")
    if isinstance(tenants, str | bytes | bytearray) or not isinstance(tenants, Iterable):
        raise InvalidInput(f"tenants must be a list of script names, not {type(tenants).__name__}")
    names = [check_script_name(name) for name in tenants]
    if not names:
        raise InvalidInput("a rollout needs at least one tenant")
    if len(set(names)) != len(names):
        raise InvalidInput("a tenant is named twice")
    count = min(waves, len(names))
    size, extra = divmod(len(names), count)  # the first ``extra`` waves hold one more
    bounds = [i * size + min(i, extra) for i in range(count + 1)]
    return tuple(tuple(names[start:end]) for start, end in pairwise(bounds))


def _check_steps(steps: Sequence[float]) -> tuple[float, ...]:
    values = tuple(steps)
    if not values or values[-1] != 100:
        raise InvalidInput(f"steps must end at 100, not {values!r}")
    for previous, step in pairwise((0, *values)):
        if isinstance(step, bool) or not isinstance(step, int | float) or not previous < step <= 100:
            raise InvalidInput(f"steps must rise from above 0 to 100, not {values!r}")
    return values


SECRET_BINDINGS = ("secret_text", "secret_key")


def keep_secrets(options: UploadOptions | None) -> UploadOptions:
    """``options`` with the tenant's secrets kept, unless they already say which bindings to keep.

    Each tenant has its own secrets, and a version holds the secrets its upload keeps or sets: a version
    uploaded without ``keep_bindings`` would serve with none. So a rollout (and ``wfp versions upload``)
    keeps ``secret_text`` and ``secret_key`` bindings, as wrangler's version uploads do; pass
    ``UploadOptions(keep_bindings=[])`` to keep nothing. ``keep_secrets(None).keep_bindings`` is
    ``("secret_text", "secret_key")``.
    """
    if options is None:
        return UploadOptions(keep_bindings=SECRET_BINDINGS)
    if options.keep_bindings is None:
        return attrs.evolve(options, keep_bindings=SECRET_BINDINGS)
    return options


async def rollout(
    cf: WfpClient,
    namespace: str,
    tenants: Sequence[str],
    bundle: WorkerBundle,
    *,
    options: UploadOptions | None = None,
    check: Callable[[Wave], Awaitable[bool]],
    waves: int = 3,
    steps: Sequence[float] = (10, 100),
    pause: float = 60.0,
    message: str | None = None,
    concurrency: int = 16,
    rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
    journal: str | os.PathLike[str] | None = None,
    retry: bool = False,
    report: RolloutReport | None = None,
    sleep: Callable[[float], Awaitable[object]] = anyio.sleep,
) -> RolloutReport:
    """Roll ``bundle`` out to ``tenants`` in ``waves``, through ``steps`` (percentages ending at 100).

    After each step of a wave the run sleeps ``pause`` seconds and awaits ``check(wave)``; False (or an
    exception) rolls the wave back and stops. ``report = await rollout(cf, "tenants", names, bundle,
    check=error_rate_ok, waves=3, journal="rollout.sqlite3")``; then ``report.stopped_at`` and
    ``report.in_state("done")``. With ``journal``, the same call again resumes where an interrupted run
    stopped and finishes any rollback it left undone; a wave rolled back (and the tenants that failed, in
    finished waves too) are tried again only with ``retry=True``, each through every step from the first.
    Raises :class:`~wfp_async.InvalidInput` for bad arguments, before any request.
    """
    check_namespace_name(namespace)
    planned = plan_waves(tenants, waves)
    shares = _check_steps(steps)
    check_upload(bundle, options)
    if isinstance(pause, bool) or not isinstance(pause, int | float) or pause < 0:
        raise InvalidInput(f"pause must be a number of seconds >= 0, not {pause!r}")
    if not callable(check):
        raise InvalidInput("check must be an async callable taking a Wave and answering a bool")
    check_positive_int(concurrency, "concurrency")
    check_type(journal, (str, os.PathLike, NoneType), "journal", "a path")
    check_type(retry, bool, "retry", "True or False")
    if retry and journal is None:
        raise InvalidInput("retry needs the journal of the earlier run")
    check_type(report, (RolloutReport, NoneType), "report", "a RolloutReport or None")
    version_annotations(message)  # the message is checked here, not at the first tenant's request
    options = keep_secrets(options)
    client = limited(cf, rate_limit)  # as bulk runs: its own limit on top of the client's
    fresh = RolloutReport(
        {name: TenantRollout(name, number) for number, wave in enumerate(planned, 1) for name in wave},
        [NOT_STARTED] * len(planned),
    )
    if report is None:
        report = fresh
    else:  # a report passed in again holds only this run
        for field in attrs.fields(RolloutReport):
            setattr(report, field.name, getattr(fresh, field.name))
    run = _Run(client, namespace, bundle, options, message, shares, concurrency, report)
    try:
        if journal is not None:
            run.open(journal, planned)
        await run.all(planned, check=check, pause=pause, sleep=sleep, retry=retry)
    finally:
        if run.journal is not None:
            run.journal.close()
    return report


@attrs.define
class _Run:
    """One run of a rollout: the tenants' steps, the journal's records, the resume rules."""

    client: WfpClient
    namespace: str
    bundle: WorkerBundle
    options: UploadOptions | None
    message: str | None
    shares: tuple[float, ...]
    concurrency: int
    report: RolloutReport
    journal: Journal | None = None
    passed: dict[int, int] = attrs.field(factory=dict)  # wave number -> how many of its steps' checks passed
    reasons: dict[int, str] = attrs.field(factory=dict)  # wave number -> why it was rolled back
    journal_error: JournalError | None = None

    # --- the journal -------------------------------------------------------------------------------

    def open(self, path: str | os.PathLike[str], planned: tuple[tuple[str, ...], ...]) -> None:
        """The journal, scoped to where the rollout goes and exactly what it rolls out in which plan.

        The scope holds a digest of the new code (every module, and the metadata, whose secret bindings
        are hashed with the journal's own salt, never kept), the message, the waves and the steps: another
        code or plan is another rollout; the pause, the concurrency and the check may change between runs.
        Another rollout to the same namespace in the journal is a warning (logged, and in
        ``report.warnings``): another code, tenant list, tenant order or plan starts over, silently otherwise.
        """
        self.journal = journal = Journal(path, JOURNAL_OPERATION, "")
        parts = bundle_parts(self.bundle, upload_metadata(self.bundle, self.options))
        plan = json.dumps({"message": self.message, "waves": planned, "steps": self.shares}, sort_keys=True)
        digest = digest_parts([*parts, ("plan", None, plan.encode(), "")], key=journal.salt)
        client, namespace = self.client, self.namespace
        prefix = f"{client.base_url}/accounts/{client.account_id}/{namespace}/"
        journal.namespace = prefix + digest
        if any(scope != journal.namespace and scope.startswith(prefix) for scope in journal.scopes()):
            warning = (
                f"the journal {str(journal.path)!r} holds another rollout to namespace {namespace!r} (other "
                "code, tenants, tenant order, message, waves or steps): this one starts over; that one "
                "resumes only with its own arguments"
            )
            logger.warning("rollout: %s", warning)
            self.report.warnings.append(warning)

    def save(self, key: str, state: dict[str, object]) -> None:
        if self.journal is not None:
            self.journal.record_state(key, state, at=time.time())

    def keep(self, key: str, state: dict[str, object]) -> None:
        """``save``, with a journal failure kept for the report instead of raised."""
        try:
            self.save(key, state)
        except JournalError as error:
            self.journal_error = self.journal_error or error

    def save_wave(self, number: int, status: str, reason: str | None = None) -> None:
        """The wave's status, into the report and the journal (a journal failure kept for the report)."""
        self.report.waves[number - 1] = status
        self.keep(
            f"wave/{number}", {"status": status, "passed": self.passed.get(number, 0), "reason": reason}
        )

    def restore(self) -> None:
        """What an earlier run of this rollout did, from the journal, into the report."""
        assert self.journal is not None
        saved = self.journal.states()
        report = self.report
        report.resumed = bool(saved)
        for name, tenant in report.tenants.items():
            value = self.saved(saved, f"tenant/{name}", "state", _TENANT_STATES, name)
            if value is None:
                continue
            tenant.state = str(value["state"])
            tenant.old_version = _text(value.get("old_version"))
            tenant.new_version = _text(value.get("new_version"))
            percentage = value.get("percentage")
            tenant.percentage = percentage if isinstance(percentage, int | float) else 0
            if value.get("error") is not None:
                tenant.error = EarlierFailure(str(value.get("error_kind")), str(value["error"]))
        for number in range(1, len(report.waves) + 1):
            value = self.saved(saved, f"wave/{number}", "status", _WAVE_STATES, f"wave {number}")
            if value is None:
                continue
            report.waves[number - 1] = str(value["status"])
            passed = value.get("passed")
            self.passed[number] = passed if isinstance(passed, int) else 0
            if value.get("reason") is not None:
                self.reasons[number] = str(value["reason"])

    def saved(
        self, saved: dict[str, dict[str, object]], key: str, field: str, known: frozenset[str], what: str
    ) -> dict[str, object] | None:
        """The record under ``key``, if any; one whose ``field`` names no known state is a JournalError."""
        value = saved.get(key)
        if value is not None and (not isinstance(value, dict) or value.get(field) not in known):
            assert self.journal is not None
            raise JournalError(f"the journal {str(self.journal.path)!r} holds a malformed record of {what}")
        return value

    # --- one tenant's steps ------------------------------------------------------------------------

    async def each(
        self, wave: tuple[str, ...], work: Callable[[TenantRollout], Awaitable[None]], *, undo: bool = False
    ) -> None:
        """``work`` for each tenant of ``wave``, bounded; a failure is the tenant's own (``fail``). Once
        the journal failed nothing more is changed, but a rollback (``undo``) still runs: going back to
        the old version is the safe direction, recorded or not."""

        async def one(name: str) -> None:
            if self.journal_error is not None and not undo:
                return  # what happens now could not be recorded: change nothing more
            tenant = self.report.tenants[name]
            try:
                await work(tenant)
            except Exception as exc:
                await self.fail(tenant, exc)

        await run_bulk(wave, one, key=str, concurrency=self.concurrency, clock=self.client._transport.clock)

    async def fail(self, tenant: TenantRollout, exc: Exception) -> None:
        tenant.error = exc
        if isinstance(exc, JournalError):
            # The outcome of this tenant's last request is not on disk: no further change is made.
            self.journal_error = self.journal_error or exc
            return
        if tenant.state in (UPLOADED, SPLIT) and tenant.old_version is not None:
            try:
                await self.deploy(tenant.name, {tenant.old_version: 100})
            except Exception as undo:
                # Its percentage stays: the share it may still serve, which a rolled-back wave's
                # rollback (or a rerun of it) takes back.
                logger.warning("rollout: rolling %s back after a failure failed: %s", tenant.name, undo)
            else:
                tenant.percentage = 0
        tenant.state = FAILED
        self.keep(*tenant._journaled())

    async def deploy(self, name: str, split: dict[str, float]) -> None:
        await self.client.deployments.create(self.namespace, name, split, message=self.message)

    def split(self, tenant: TenantRollout, share: float) -> dict[str, float]:
        assert tenant.new_version is not None
        if share >= 100 or tenant.old_version is None or tenant.old_version == tenant.new_version:
            return {tenant.new_version: 100}
        return {tenant.new_version: share, tenant.old_version: 100 - share}

    async def upload(self, tenant: TenantRollout) -> None:
        """Read what serves the tenant now, upload the new version; on disk before anything else."""
        namespace, name = self.namespace, tenant.name
        current = await self.client.deployments.get(namespace, name)
        if current is not None and current.split:
            tenant.old_version = max(current.split, key=lambda v: current.split[v])
        version = await self.client.versions.create(
            namespace, name, self.bundle, options=self.options, message=self.message
        )
        tenant.new_version, tenant.state = version.id, UPLOADED
        self.save(*tenant._journaled())

    async def reach(self, share: float, tenant: TenantRollout) -> None:
        """The tenant's step to ``share``, if it is still in the rollout and not there (or beyond) already."""
        if tenant.state in (FAILED, ROLLED_BACK):
            return  # a failed one stays where its failure left it
        if tenant.new_version is None:
            await self.upload(tenant)
        if tenant.state in (SPLIT, DONE) and tenant.percentage >= share:
            return  # resumed (or a step replayed for retried tenants): it is there or beyond already
        try:
            await self.deploy(tenant.name, self.split(tenant, share))
        except BaseException:  # a cancel too: the report stays true when the run is cancelled
            tenant.percentage = max(tenant.percentage, share)  # it may have landed: at most this share
            raise
        tenant.percentage = share
        tenant.state = DONE if share >= 100 else SPLIT
        self.save(*tenant._journaled())

    async def back(self, tenant: TenantRollout) -> None:
        """The tenant back on its old version at 100%, when it may serve the new one.

        UPLOADED too: a run killed right after the deployment may have left it split, unjournaled. And a
        failed tenant whose own rollback did not land (percentage above 0): it stays failed (its error
        says why), at 0%. A rollback that fails leaves the tenant failed at the share it may serve, so a
        rerun of the rolled-back wave tries again.
        """
        serving = tenant.state in (UPLOADED, SPLIT, DONE) or (
            tenant.state == FAILED and tenant.percentage > 0
        )
        if not serving or tenant.old_version is None or tenant.new_version is None:
            return
        try:
            await self.deploy(tenant.name, {tenant.old_version: 100})
        except Exception as exc:
            logger.warning("rollout: rolling %s back failed: %s", tenant.name, exc)
            if tenant.state == UPLOADED:
                tenant.percentage = max(tenant.percentage, self.shares[0])
            tenant.state, tenant.error = FAILED, exc
        else:
            tenant.percentage = 0
            if tenant.state != FAILED:
                tenant.state = ROLLED_BACK
        self.keep(*tenant._journaled())

    # --- the waves ---------------------------------------------------------------------------------

    def again(self, wave: tuple[str, ...]) -> bool:
        """``retry``: the wave's failed and rolled-back tenants take part again (their versions kept).

        Each is journaled so before the wave's record changes: a run that dies before they are deployed
        again resumes with them in the wave (a plain rerun of a rolled-back wave that was never marked
        running rolls them back again, which is where they are). Their percentage stays: the share a
        failed one may still serve. True when any tenant takes part again.
        """
        tenants = [self.report.tenants[name] for name in wave]
        again = [tenant for tenant in tenants if tenant.state in (FAILED, ROLLED_BACK)]
        for tenant in again:
            tenant.state, tenant.error = UPLOADED if tenant.new_version is not None else PENDING, None
            self.keep(*tenant._journaled())
        return bool(again)

    def journal_failed(self) -> bool:
        """Whether the journal failed; if so ``report.stopped`` says so (after a rollback's reason)."""
        if self.journal_error is None:
            return False
        note = f"the journal failed: {self.journal_error}"
        stopped = self.report.stopped
        self.report.stopped = f"stopped, {note}" if stopped is None else f"{stopped}; {note}"
        return True

    def rolled_back(self, number: int, stopped: str) -> None:
        """The report of a run that stopped at rolled-back wave ``number``: why, and who is not back."""
        report = self.report
        report.stopped_at = number
        left = [name for name in report.still_on_new() if report.tenants[name].wave == number]
        if left:
            shown = ", ".join(left[:10]) + (", ..." if len(left) > 10 else "")
            stopped += (
                f"; {len(left)} of its tenants may still serve the new version ({shown}): "
                "their rollback failed; run again to roll them back"
            )
        report.stopped = stopped
        report.complete = not self.journal_failed()

    async def all(
        self,
        planned: tuple[tuple[str, ...], ...],
        *,
        check: Callable[[Wave], Awaitable[bool]],
        pause: float,
        sleep: Callable[[float], Awaitable[object]],
        retry: bool,
    ) -> None:
        report, shares = self.report, self.shares
        if self.journal is not None:
            self.restore()

        async def healthy(wave: Wave) -> bool:
            try:
                return bool(await check(wave))
            except Exception:
                logger.exception("rollout: the check raised on wave %d; the wave is rolled back", wave.number)
                return False

        for number, wave in enumerate(planned, 1):
            status = report.waves[number - 1]
            if status == WAVE_ROLLED_BACK and not retry:
                # What an interrupted rollback left split, and failed tenants whose rollback failed.
                await self.each(wave, self.back, undo=True)
                reason = self.reasons.get(number, "its check failed")
                self.rolled_back(
                    number, f"wave {number} was rolled back by an earlier run ({reason}); {RETRY_HINT}"
                )
                return
            states = {report.tenants[name].state for name in wave}
            # A finished wave holding pending or uploaded tenants is a retry that died before it journaled
            # the wave running (its tenants are journaled first): it is finished only when they are.
            if status == WAVE_DONE and not (states & {PENDING, UPLOADED} or (retry and FAILED in states)):
                continue
            start = 0 if status in (WAVE_ROLLED_BACK, WAVE_DONE) else self.passed.get(number, 0)
            if retry and self.again(wave):
                start = 0  # who takes part again goes through every step, the canary share first
            if self.journal_failed():
                return
            self.passed[number] = start
            self.save_wave(number, RUNNING)
            for index, share in enumerate(shares[start:], start):
                await self.each(wave, partial(self.reach, share))
                if self.journal_failed():
                    return
                await sleep(pause)
                if not await healthy(Wave(number, wave, share)):
                    reason = f"its check failed at {share:g}%"
                    self.save_wave(number, WAVE_ROLLED_BACK, reason)  # first: a resume finishes the rollback
                    await self.each(wave, self.back, undo=True)  # even when the journal failed
                    self.rolled_back(number, f"wave {number} was rolled back: {reason}")
                    return
                self.passed[number] = index + 1
                self.save_wave(number, RUNNING)
            self.save_wave(number, WAVE_DONE)
            if self.journal_failed():
                return
        report.complete = True


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
