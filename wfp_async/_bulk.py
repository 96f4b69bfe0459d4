"""Bulk work: many scripts at once, bounded, rate limited, with a true report of constant size.

One runner, :func:`run_bulk`, serves every bulk operation (deploy, delete, put a secret, set tags) and
each wave of a rollout: items pulled lazily (100,000 never sit in memory together) into an anyio task
group, each outcome counted in a :class:`BulkReport`, whose memory does not grow with a million items
(successes are kept only when asked). Rate limiting is the client's (every request passes its limiter,
as :func:`limited` sets it up for a run), not the runner's.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable, Sized
from types import NoneType
from typing import TYPE_CHECKING, Generic, TypeVar

import anyio
import anyio.lowlevel
import attrs

from wfp_async._errors import APIError, InvalidInput, WfpError
from wfp_async._metadata import UploadOptions
from wfp_async._modules import WorkerBundle
from wfp_async._names import check_positive_int, check_type
from wfp_async._ratelimit import DEFAULT_RATE_LIMIT, ChainedLimiter, LocalLimiter, RateLimit

if TYPE_CHECKING:
    from wfp_async._client import WfpClient

__all__ = [
    "DEFAULT_RATE_LIMIT",
    "BulkFailed",
    "BulkReport",
    "DeployItem",
    "ItemResult",
    "RateLimit",
    "limited",
    "run_bulk",
]

logger = logging.getLogger("wfp_async")

K = TypeVar("K")
T = TypeVar("T")


def limited(cf: WfpClient, rate_limit: RateLimit | None) -> WfpClient:
    """The view of ``cf`` a bulk run sends through (deploys, deletes, rollouts): one policy for all.

    It waits for its rate-limit permits as long as it takes, outside each request's retry deadline (a
    token blocked for five minutes is waited out, not turned into failed items); with ``rate_limit``,
    a limit of the run's own is added on top of the client's (a request needs a permit from each, as
    :class:`~wfp_async._ratelimit.ChainedLimiter` gives), or alone when the client has none.
    ``client = limited(cf, RateLimit(100, 60))``. Raises :class:`~wfp_async.InvalidInput` for a
    ``rate_limit`` that is not a RateLimit or None.
    """
    check_type(rate_limit, (RateLimit, NoneType), "rate_limit", "a RateLimit or None")
    transport = cf._transport
    view = transport.evolve(permit_waits_count=False)
    if rate_limit is not None:
        own = LocalLimiter(rate_limit, clock=transport.clock, sleep=transport.sleep)
        view.limiter = own if transport.limiter is None else ChainedLimiter(transport.limiter, own)
    return cf._view(view)


@attrs.frozen
class ItemResult(Generic[T]):
    """One item's outcome: ``ok`` with its ``value`` (e.g. the uploaded Script), or its ``error``.

    ``for result in report.results: print(result.key, result.ok, result.error)`` (an ``ItemResult`` each).
    """

    key: str
    value: T | None = None
    error: Exception | None = None
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the item succeeded: ``result.ok``. Then ``error`` is None."""
        return self.error is None


class BulkFailed(WfpError):
    """Raised by :meth:`BulkReport.raise_for_failures`; ``report`` holds every item's outcome.

    ``except BulkFailed as error: print(error.report.errors_by_kind())``.
    """

    def __init__(self, report: BulkReport[object]) -> None:
        self.report = report
        names = ", ".join(repr(r.key) for r in report.failures[:5])
        more = f" and {report.failed - 5} more" if report.failed > 5 else ""
        super().__init__(f"{report.failed} of {report.total} items failed: {names}{more}")


@attrs.define(repr=False)
class BulkReport(Generic[T]):
    """What a bulk run did, true at every moment (also after cancellation): items finished so far.

    ``report = await cf.bulk.deploy_many(...)``, then ``report.ok``, ``report.failed``,
    ``report.failures`` and ``report.raise_for_failures()``. Pass ``report=BulkReport()`` to keep it
    when the run is cancelled. ``results`` holds every failure, and the successes only when
    ``keep_results`` is true; ``skipped`` counts the items a journal showed were already done;
    ``stopped`` says why the run stopped pulling items (None if it did not) and ``not_attempted`` how many
    were left (None when the items were a generator, whose length is unknown).
    """

    results: list[ItemResult[T]] = attrs.field(factory=list)
    elapsed: float = 0.0
    complete: bool = False
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    stopped: str | None = None
    not_attempted: int | None = 0
    keep_results: bool = True

    @property
    def total(self) -> int:
        """Items finished so far, failed or not: ``report.total == report.ok + report.failed``."""
        return self.ok + self.failed

    @property
    def failures(self) -> list[ItemResult[T]]:
        """The failed items, each with its error: ``for f in report.failures: print(f.key, f.error)``."""
        return [result for result in self.results if result.error is not None]

    @property
    def succeeded(self) -> list[ItemResult[T]]:
        """The items that succeeded, each with its value: ``[r.value for r in report.succeeded]``."""
        return [result for result in self.results if result.error is None]

    @property
    def rate(self) -> float:
        """Finished items per second over the elapsed time: ``f"{report.rate:.0f}/s"``."""
        return self.total / self.elapsed if self.elapsed > 0 else 0.0

    def errors_by_kind(self) -> dict[str, int]:
        """Failures counted by error class and Cloudflare code, most frequent first.

        ``report.errors_by_kind()`` gives e.g. ``{"RateLimited [971]": 3}``.
        """
        counts: Counter[str] = Counter()
        for result in self.failures:
            error = result.error
            label = type(error).__name__
            if isinstance(error, APIError) and error.codes:
                label += " [" + ",".join(str(code) for code in sorted(error.codes)) + "]"
            counts[label] += 1
        return dict(counts.most_common())

    def __repr__(self) -> str:
        """A summary, whatever the size of the run: ``print(report)`` shows the counts, the time, why the
        run stopped (if it did) and the first five failures, never every item."""
        parts = [f"ok={self.ok}", f"failed={self.failed}"]
        if self.skipped:
            parts.append(f"skipped={self.skipped}")
        parts += [f"elapsed={self.elapsed:.2f}s", f"complete={self.complete}"]
        if self.stopped is not None:
            parts.append(f"stopped={self.stopped!r}")
        if self.not_attempted:
            parts.append(f"not_attempted={self.not_attempted}")
        failures = self.failures
        if failures:
            shown = ", ".join(f"{r.key!r}: {type(r.error).__name__}" for r in failures[:5])
            more = f", ... {len(failures) - 5} more" if len(failures) > 5 else ""
            parts.append(f"failures=[{shown}{more}]")
        return f"BulkReport({', '.join(parts)})"

    def raise_for_failures(self) -> None:
        """Raise :class:`BulkFailed` if any item failed; do nothing otherwise.

        ``report.raise_for_failures()`` after a run turns "some failed" into an exception.
        """
        if self.failed:
            raise BulkFailed(self)  # type: ignore[arg-type]

    def _record(self, result: ItemResult[T]) -> None:
        if result.error is None:
            self.ok += 1
            if self.keep_results:
                self.results.append(result)
        else:
            self.failed += 1
            self.results.append(result)


# Items skipped between two checkpoints of the pulling loop.
_CHECKPOINT_EVERY = 256


def _done(done: Callable[[K], bool], item: K) -> bool:
    try:
        return done(item)
    except Exception:
        # Whatever makes the check fail (a folder that is not a Worker) is the operation's to report.
        return False


async def _iterate(items: Iterable[K] | AsyncIterable[K]) -> AsyncIterable[K]:
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item


async def run_bulk(
    items: Iterable[K] | AsyncIterable[K],
    operation: Callable[[K], Awaitable[T]],
    *,
    key: Callable[[K], str],
    concurrency: int,
    report: BulkReport[T] | None = None,
    on_progress: Callable[[ItemResult[T], BulkReport[T]], object] | None = None,
    clock: Callable[[], float] = time.monotonic,
    stop_on: Callable[[Exception], Awaitable[str | None]] | None = None,
    done: Callable[[K], bool] | None = None,
) -> BulkReport[T]:
    """Run ``operation`` on every item, at most ``concurrency`` at a time; record each outcome.

    Items are pulled from ``items`` only when a worker is free. An item whose operation raises is
    recorded as failed and the run goes on, unless ``stop_on(error)`` gives a reason: then no more items
    are pulled (those running finish) and the report keeps the reason. An item for which ``done(item)``
    is true, checked as it is pulled, is counted as skipped (no task, no slot: a rerun of 100,000
    finished items only reads them). Pass your own ``report`` to keep what finished if it is cancelled.
    """
    check_positive_int(concurrency, "concurrency")
    report = BulkReport() if report is None else report
    total = len(items) if isinstance(items, Sized) else None
    start = clock()
    slots = anyio.Semaphore(concurrency)

    async def run_one(item: K, name: str) -> None:
        began = clock()
        try:
            value = await operation(item)
        except Exception as exc:
            result: ItemResult[T] = ItemResult(key=name, error=exc, elapsed=clock() - began)
            if stop_on is not None and report.stopped is None:
                reason = await stop_on(exc)  # before the slot is free: no item is pulled meanwhile
                if reason is not None and report.stopped is None:
                    report.stopped = reason
        else:
            result = ItemResult(key=name, value=value, elapsed=clock() - began)
        slots.release()
        report._record(result)
        report.elapsed = clock() - start
        if on_progress is not None:
            try:
                on_progress(result, report)
            except Exception:
                # A broken progress hook must not cancel thousands of deploys; it is logged, not raised.
                logger.exception("on_progress raised; the bulk run goes on")

    source_error: Exception | None = None
    try:
        async with anyio.create_task_group() as group:
            try:
                async for item in _iterate(items):
                    if report.stopped is not None:
                        break
                    if done is not None and _done(done, item):
                        report.skipped += 1
                        if report.skipped % _CHECKPOINT_EVERY == 0:
                            # Skipping never waits: let the running uploads (and Ctrl-C) in now and then.
                            await anyio.lowlevel.checkpoint()
                        continue
                    await slots.acquire()
                    if report.stopped is not None:
                        slots.release()
                        break
                    group.start_soon(run_one, item, key(item))
            except Exception as exc:
                # The caller's iterable failed: pull no more, let what started finish (so the report
                # stays true), then raise that error as it is, not wrapped in an exception group.
                source_error = exc
    finally:
        report.elapsed = clock() - start
        if report.stopped is not None:
            report.not_attempted = None if total is None else max(0, total - report.total - report.skipped)
    if source_error is not None:
        raise source_error
    report.complete = True
    return report


@attrs.frozen
class DeployItem:
    """One Worker to deploy: its script name, its bundle (or a folder to read it from when its turn
    comes, so that a failure to read it is that item's failure), and its upload options.

    ``DeployItem("acme", "./workers/acme", options=UploadOptions(tags=["wave-1"]))`` in
    ``cf.bulk.deploy_many``; ``options`` and ``main_module`` are keyword-only.
    """

    name: str
    bundle: WorkerBundle | str | os.PathLike[str]
    options: UploadOptions | None = attrs.field(default=None, kw_only=True)
    main_module: str | None = attrs.field(default=None, kw_only=True)
    """The entry module of a bundle read from a folder (default: index.js, index.mjs, worker.js, ...)."""

    def load(self) -> WorkerBundle:
        """The bundle, read from its folder if need be: ``item.load()``.

        Raises :class:`~wfp_async.InvalidInput` when the folder is not a Worker (or the bundle is neither).
        """
        if isinstance(self.bundle, WorkerBundle):
            return self.bundle
        if isinstance(self.bundle, str | os.PathLike):
            return WorkerBundle.from_directory(self.bundle, main_module=self.main_module)
        raise InvalidInput(f"bundle must be a WorkerBundle or a folder, not {type(self.bundle).__name__}")
