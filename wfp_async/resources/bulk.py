"""Bulk operations over many scripts of one namespace: deploy, delete, put a secret, set tags.

All of them are :func:`wfp_async._bulk.run_bulk` over the client, whose every request (retries included)
passes the client's one rate limiter. Each starts with one request that checks the credentials and the
namespace (``preflight``), stops pulling items on an error that would fail them all, and can keep a
:class:`~wfp_async._journal.Journal` so that a rerun does only what is not done yet.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable, Sequence, Sized
from functools import partial
from types import NoneType
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import attrs

from wfp_async._bulk import BulkReport, DeployItem, ItemResult, RateLimit, limited, run_bulk
from wfp_async._errors import AuthenticationError, InvalidInput, NotFound, WfpError
from wfp_async._journal import Journal, JournalError, digest_parts
from wfp_async._metadata import SecretKey, SecretText, UploadOptions, upload_metadata_json
from wfp_async._models import Script, Secret
from wfp_async._modules import WorkerBundle
from wfp_async._multipart import bundle_parts
from wfp_async._names import (
    check_bool,
    check_many,
    check_namespace_name,
    check_positive_int,
    check_tags,
    check_type,
)

if TYPE_CHECKING:
    from wfp_async._client import WfpClient

__all__ = ["BulkResource", "DeployItem"]

T = TypeVar("T")
K = TypeVar("K")


DeployInput: TypeAlias = (
    DeployItem
    | tuple[str, WorkerBundle | str | os.PathLike[str]]
    | tuple[str, WorkerBundle | str | os.PathLike[str], UploadOptions | None]
)
Progress: TypeAlias = Callable[[ItemResult[T], BulkReport[T]], object]
JournalPath: TypeAlias = str | os.PathLike[str]

# One refusal may be one script's oddity; this many with no success in between is the token (or, for 404s
# on by-name operations, whose 404 may be a missing script, a sign to look the namespace up again).
_AUTH_ERRORS_TO_STOP = 2
_NOT_FOUNDS_TO_RECHECK = 5


def _deploy_key(item: object) -> str:
    if isinstance(item, DeployItem):
        return item.name
    if isinstance(item, tuple) and item and isinstance(item[0], str):
        return item[0]
    return repr(item)[:80]


def _name_key(item: object) -> str:
    return item if isinstance(item, str) else repr(item)[:80]


def _text_digest(*fields: str, key: bytes = b"") -> str:
    return digest_parts([(field, None, b"", "") for field in fields], key=key)


Prepared: TypeAlias = tuple[str, str, Any]  # (key, digest of what will be sent, what the operation needs)


class _Plan:
    """One run's journal policy: which items are done, what to record, and fail-fast's counts."""

    def __init__(self, journal: Journal | None, *, only_failed: bool) -> None:
        self.journal = journal
        self.only_failed = only_failed
        self.listed: dict[str, str | None] | None = None  # name -> etag, from the verify listing
        # Failures of each kind since the last success: what fail-fast decides on.
        self.auth_errors = 0
        self.not_founds = 0
        # What the pre-check prepared for an item about to run, by the item's id; the operation takes it
        # back out, so it never holds more than the items in flight.
        self._prepared: dict[int, tuple[object, Prepared]] = {}
        # The modules' digest of the last bundles seen: 100,000 items sharing one bundle hash it once.
        self._modules: dict[int, tuple[WorkerBundle, str]] = {}

    def modules_digest(self, bundle: WorkerBundle) -> str:
        cached = self._modules.get(id(bundle))
        if cached is not None and cached[0] is bundle:
            return cached[1]
        digest = digest_parts(bundle_parts(bundle, {})[1:])
        if len(self._modules) >= 64:
            self._modules.clear()
        self._modules[id(bundle)] = (bundle, digest)
        return digest

    def done(self, key: str, digest: str) -> bool:
        if self.journal is None:
            return False
        entry = self.journal.get(key)
        if entry is None or not entry.ok:
            return False
        if self.listed is not None and (key not in self.listed or entry.etag not in (None, self.listed[key])):
            return False  # deleted or changed since, by the verify listing
        return self.only_failed or entry.ok_digest == digest

    def check(self, item: object, prepare: Callable[[_Plan, object], Prepared]) -> bool:
        """True when the journal shows ``item`` done; else its preparation is kept for the operation."""
        prepared = prepare(self, item)
        if self.done(prepared[0], prepared[1]):
            return True
        self._prepared[id(item)] = (item, prepared)
        return False

    def take(self, item: object, prepare: Callable[[_Plan, object], Prepared]) -> Prepared:
        """What :meth:`check` prepared for ``item``, or a fresh preparation."""
        cached = self._prepared.pop(id(item), None)
        if cached is not None and cached[0] is item:
            return cached[1]
        return prepare(self, item)

    async def run(
        self, key: str, digest: str, work: Callable[[], Awaitable[T]], etag: Callable[[T], str | None] | None
    ) -> T:
        try:
            value = await work()
        except Exception as exc:
            if isinstance(exc, AuthenticationError):
                self.auth_errors += 1
            elif isinstance(exc, NotFound):
                self.not_founds += 1
            if self.journal is not None:
                self.journal.record(key, digest, at=time.time(), error=exc)
            raise
        self.auth_errors = self.not_founds = 0
        if self.journal is not None:
            self.journal.record(key, digest, at=time.time(), etag=None if etag is None else etag(value))
        return value


def _deploy_prepare(plan: _Plan, item: object) -> Prepared:
    """The item's name, the digest of exactly what its upload sends (the metadata JSON and every module),
    and the DeployItem with its loaded bundle."""
    if isinstance(item, tuple) and len(item) in (2, 3):
        item = DeployItem(item[0], item[1], options=item[2] if len(item) == 3 else None)
    if not isinstance(item, DeployItem):
        raise InvalidInput(
            f"a deploy item must be a DeployItem or (name, bundle[, options]), not {type(item).__name__}"
        )
    bundle = item.load()
    metadata = bundle_parts(bundle, upload_metadata_json(bundle, item.options))[0]
    modules = plan.modules_digest(bundle)
    digest = digest_parts([metadata, ("modules", None, modules.encode(), "")])
    if bundle is not item.bundle:  # read from its folder: the item holds the bundle read
        item = attrs.evolve(item, bundle=bundle)
    return item.name, digest, item


def _by_name(digest: str, plan: _Plan, item: object) -> Prepared:
    return _name_key(item), digest, item


class BulkResource:
    """``cf.bulk``: the same operation on many scripts, bounded and resumable, stopping on what fails all."""

    __slots__ = ("_client",)

    def __init__(self, client: WfpClient) -> None:
        self._client = client

    async def _run(
        self,
        namespace: str,
        operation_name: str,
        items: Iterable[K] | AsyncIterable[K],
        prepare: Callable[[_Plan, object], Prepared],
        operation: Callable[[WfpClient, str, Any], Awaitable[T]],
        *,
        key: Callable[[K], str] = _name_key,
        concurrency: int,
        rate_limit: RateLimit | None,
        on_progress: Progress[T] | None,
        report: BulkReport[T] | None,
        journal: JournalPath | None,
        only_failed: bool,
        preflight: bool,
        keep_results: bool,
        verify: bool = False,
        etag: Callable[[T], str | None] | None = None,
    ) -> BulkReport[T]:
        client = limited(self._client, rate_limit)  # the rate-limit policy of every bulk run
        check_type(report, (BulkReport, NoneType), "report", "a BulkReport or None")
        if on_progress is not None and not callable(on_progress):
            raise InvalidInput(f"on_progress must be callable or None, not {type(on_progress).__name__}")
        check_positive_int(concurrency, "concurrency")
        check_type(only_failed, bool, "only_failed", "True or False")
        check_type(preflight, bool, "preflight", "True or False")
        check_type(keep_results, bool, "keep_results", "True or False")
        check_type(verify, bool, "verify", "True or False")
        check_type(journal, (str, os.PathLike, NoneType), "journal", "a path")
        if (only_failed or verify) and journal is None:
            raise InvalidInput("only_failed and verify need a journal")
        transport = self._client._transport
        report = BulkReport() if report is None else report
        report.keep_results = keep_results
        start = transport.clock()
        if preflight:
            try:
                await client.namespaces.get(namespace)
            except WfpError as exc:
                report.stopped = f"preflight failed, no item attempted: {exc}"
                report.not_attempted = len(items) if isinstance(items, Sized) else None
                report.elapsed = transport.clock() - start
                return report
        # One journal file may serve several accounts and APIs (the emulator, then Cloudflare): its
        # records are keyed by where they went, not only by the namespace's name.
        scope = f"{client.base_url}/accounts/{client.account_id}/{namespace}"
        opened = None if journal is None else Journal(journal, operation_name, scope)
        try:
            plan = _Plan(opened, only_failed=only_failed)
            if verify:
                plan.listed = {info.name: info.script.etag async for info in client.scripts.list(namespace)}

            async def stop_on(error: Exception) -> str | None:
                if isinstance(error, JournalError):
                    return f"stopped, the journal failed: {error}"
                if isinstance(error, AuthenticationError) and plan.auth_errors >= _AUTH_ERRORS_TO_STOP:
                    return f"stopped, the credentials were refused: {error}"
                if isinstance(error, NotFound) and operation_name == "deploy":
                    # An upload creates its script: only a missing namespace answers 404.
                    return f"stopped, the namespace is gone: {error}"
                if not isinstance(error, NotFound) or plan.not_founds < _NOT_FOUNDS_TO_RECHECK:
                    return None
                plan.not_founds = 0
                try:
                    await client.namespaces.get(namespace)
                except (AuthenticationError, NotFound) as exc:
                    return f"stopped, the namespace is gone: {exc}"
                except WfpError:
                    return None
                return None

            async def run(item: K) -> T:
                try:
                    name, digest, payload = plan.take(item, prepare)
                except InvalidInput as exc:
                    if plan.journal is not None:
                        plan.journal.record(key(item), "", at=time.time(), error=exc)
                    raise
                return await plan.run(name, digest, lambda: operation(client, name, payload), etag)

            return await run_bulk(
                items,
                run,
                key=key,
                concurrency=concurrency,
                report=report,
                on_progress=on_progress,
                clock=transport.clock,
                stop_on=stop_on,
                done=None if opened is None else (lambda item: plan.check(item, prepare)),
            )
        finally:
            if opened is not None:
                opened.close()

    async def deploy_many(
        self,
        namespace: str,
        items: Iterable[DeployInput] | AsyncIterable[DeployInput],
        *,
        concurrency: int = 16,
        journal: JournalPath | None = None,
        only_failed: bool = False,
        verify: bool = False,
        preflight: bool = True,
        keep_results: bool = False,
        rate_limit: RateLimit | None = None,
        on_progress: Progress[Script] | None = None,
        report: BulkReport[Script] | None = None,
    ) -> BulkReport[Script]:
        """Upload many Workers; return a report with counts, timing and each failure's typed error.

        ``items`` is consumed lazily (a generator of 100,000 items is fine): each is a
        :class:`DeployItem` or ``(name, bundle or folder[, options])``. At most ``concurrency`` uploads run
        at once, every request under the client's rate limit (``rate_limit`` adds one for this run), each
        retried under the client's retry policy; one item's failure never stops the rest, but a refused
        token or a missing namespace does (``report.stopped`` says so)::

            report = await cf.bulk.deploy_many("tenants", ((f"t{i}", bundle) for i in range(1000)))
            report.raise_for_failures()

        ``preflight`` first checks the credentials and the namespace with one request. ``journal=PATH``
        records every outcome in a SQLite file; run again with it, only items whose modules or metadata
        changed since their last successful upload, and those that failed or never ran, are uploaded
        (``only_failed=True``: only the failed and unattempted ones; ``verify=True``: one listing of the
        namespace also redeploys scripts deleted or changed since, by etag). ``keep_results=True`` keeps
        every success in ``report.results``. Raises :class:`~wfp_async.InvalidInput` for bad arguments;
        an item's failure is recorded in the report, never raised.
        """
        check_namespace_name(namespace)
        check_many(items, "items")

        return await self._run(
            namespace,
            "deploy",
            items,
            _deploy_prepare,
            lambda client, name, item: client.scripts.put(namespace, name, item.bundle, options=item.options),
            key=_deploy_key,
            concurrency=concurrency,
            rate_limit=rate_limit,
            on_progress=on_progress,
            report=report,
            journal=journal,
            only_failed=only_failed,
            preflight=preflight,
            keep_results=keep_results,
            verify=verify,
            etag=lambda script: script.etag,
        )

    async def delete_many(
        self,
        namespace: str,
        names: Iterable[str] | AsyncIterable[str],
        *,
        force: bool = False,
        concurrency: int = 16,
        journal: JournalPath | None = None,
        only_failed: bool = False,
        preflight: bool = True,
        keep_results: bool = False,
        rate_limit: RateLimit | None = None,
        on_progress: Progress[None] | None = None,
        report: BulkReport[None] | None = None,
    ) -> BulkReport[None]:
        """Delete many scripts by name: ``await cf.bulk.delete_many("tenants", ["t1", "t2"])``.

        ``preflight``, ``journal``, ``only_failed`` and ``keep_results`` work as in :meth:`deploy_many`.
        Raises :class:`~wfp_async.InvalidInput` for bad arguments;
        an item's failure is recorded in the report, never raised.
        """
        check_namespace_name(namespace)
        check_many(names, "names")
        check_bool(force, "force")
        digest = _text_digest("delete", "force" if force else "")

        return await self._run(
            namespace,
            "delete",
            names,
            partial(_by_name, digest),
            lambda client, name, payload: client.scripts.delete(namespace, name, force=force),
            concurrency=concurrency,
            rate_limit=rate_limit,
            on_progress=on_progress,
            report=report,
            journal=journal,
            only_failed=only_failed,
            preflight=preflight,
            keep_results=keep_results,
        )

    async def put_secret_many(
        self,
        namespace: str,
        names: Iterable[str] | AsyncIterable[str],
        secret: SecretText | SecretKey,
        *,
        concurrency: int = 16,
        journal: JournalPath | None = None,
        only_failed: bool = False,
        preflight: bool = True,
        keep_results: bool = False,
        rate_limit: RateLimit | None = None,
        on_progress: Progress[Secret] | None = None,
        report: BulkReport[Secret] | None = None,
    ) -> BulkReport[Secret]:
        """Put the same secret on many scripts (rotate a shared key):
        ``await cf.bulk.put_secret_many("tenants", names, SecretText("API_KEY", text=new_value))``.

        ``preflight``, ``journal``, ``only_failed`` and ``keep_results`` work as in :meth:`deploy_many`;
        the journal keeps a digest of the secret keyed by the journal's own random salt, never the value.
        Raises :class:`~wfp_async.InvalidInput` for bad arguments;
        an item's failure is recorded in the report, never raised.
        """
        check_namespace_name(namespace)
        check_many(names, "names")
        check_type(secret, (SecretText, SecretKey), "secret", "SecretText or SecretKey")
        from wfp_async.resources.secrets import _body

        body = json.dumps(_body(secret).to_dict(), sort_keys=True)

        def prepare(plan: _Plan, item: object) -> Prepared:
            salt = b"" if plan.journal is None else plan.journal.salt
            return _name_key(item), _text_digest("secret", body, key=salt), item

        return await self._run(
            namespace,
            "put_secret",
            names,
            prepare,
            lambda client, name, payload: client.secrets.put(namespace, name, secret),
            concurrency=concurrency,
            rate_limit=rate_limit,
            on_progress=on_progress,
            report=report,
            journal=journal,
            only_failed=only_failed,
            preflight=preflight,
            keep_results=keep_results,
        )

    async def put_tags_many(
        self,
        namespace: str,
        names: Iterable[str] | AsyncIterable[str],
        tags: Sequence[str],
        *,
        concurrency: int = 16,
        journal: JournalPath | None = None,
        only_failed: bool = False,
        preflight: bool = True,
        keep_results: bool = False,
        rate_limit: RateLimit | None = None,
        on_progress: Progress[list[str]] | None = None,
        report: BulkReport[list[str]] | None = None,
    ) -> BulkReport[list[str]]:
        """Replace the tags of many scripts: ``await cf.bulk.put_tags_many("tenants", names, ["v2"])``.

        ``preflight``, ``journal``, ``only_failed`` and ``keep_results`` work as in :meth:`deploy_many`.
        Raises :class:`~wfp_async.InvalidInput` for bad arguments;
        an item's failure is recorded in the report, never raised.
        """
        check_namespace_name(namespace)
        check_many(names, "names")
        tags = check_tags(tags)  # once, up front: the same list for every script
        digest = _text_digest("tags", json.dumps(tags))

        return await self._run(
            namespace,
            "set_tags",
            names,
            partial(_by_name, digest),
            lambda client, name, payload: client.tags.put(namespace, name, tags),
            concurrency=concurrency,
            rate_limit=rate_limit,
            on_progress=on_progress,
            report=report,
            journal=journal,
            only_failed=only_failed,
            preflight=preflight,
            keep_results=keep_results,
        )
