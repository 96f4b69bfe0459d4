"""Bulk operations over many scripts of one namespace: deploy, delete, put a secret, set tags.

All of them are :func:`wfp_async._bulk.run_bulk` over a client view whose every request (retries
included) first takes a token from one shared rate limiter, and whose 429s pause that limiter.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from wfp_async._bulk import (
    DEFAULT_RATE_LIMIT,
    BulkReport,
    DeployItem,
    ItemResult,
    RateLimit,
    RateLimiter,
    pause_on_rate_limit,
    run_bulk,
)
from wfp_async._errors import InvalidInput
from wfp_async._metadata import SecretKey, SecretText, UploadOptions
from wfp_async._models import Script, Secret
from wfp_async._modules import WorkerBundle
from wfp_async._names import check_many, check_namespace_name, check_tags

if TYPE_CHECKING:
    from wfp_async._client import WfpClient

__all__ = ["Bulk", "DeployItem"]

T = TypeVar("T")
K = TypeVar("K")


DeployInput: TypeAlias = (
    DeployItem
    | tuple[str, WorkerBundle | str | os.PathLike[str]]
    | tuple[str, WorkerBundle | str | os.PathLike[str], UploadOptions | None]
)
Progress: TypeAlias = Callable[[ItemResult[T], BulkReport[T]], object]


def _deploy_item(item: object) -> DeployItem:
    if isinstance(item, DeployItem):
        return item
    if isinstance(item, tuple) and len(item) in (2, 3):
        return DeployItem(*item)
    raise InvalidInput(
        f"a deploy item must be a DeployItem or (name, bundle[, options]), not {type(item).__name__}"
    )


def _deploy_key(item: object) -> str:
    if isinstance(item, DeployItem):
        return item.name
    if isinstance(item, tuple) and item and isinstance(item[0], str):
        return item[0]
    return repr(item)[:80]


def _name_key(item: str) -> str:
    return item if isinstance(item, str) else repr(item)[:80]


class Bulk:
    """``cf.bulk``: the same operation on many scripts, bounded and never fail-fast."""

    __slots__ = ("_client",)

    def __init__(self, client: WfpClient) -> None:
        self._client = client

    async def _run(
        self,
        items: Iterable[K] | AsyncIterable[K],
        operation: Callable[[WfpClient, K], Awaitable[T]],
        *,
        key: Callable[[K], str],
        concurrency: int,
        rate_limit: RateLimit | None,
        on_progress: Progress[T] | None,
        report: BulkReport[T] | None,
    ) -> BulkReport[T]:
        if rate_limit is not None and not isinstance(rate_limit, RateLimit):
            raise InvalidInput(f"rate_limit must be a RateLimit or None, not {type(rate_limit).__name__}")
        if report is not None and not isinstance(report, BulkReport):
            raise InvalidInput(f"report must be a BulkReport or None, not {type(report).__name__}")
        if on_progress is not None and not callable(on_progress):
            raise InvalidInput(f"on_progress must be callable or None, not {type(on_progress).__name__}")
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise InvalidInput(f"concurrency must be a positive int, not {concurrency!r}")
        client = self._client
        transport = client._transport
        if rate_limit is not None:
            limiter = RateLimiter(rate_limit, clock=transport.clock, sleep=transport.sleep)
            client = client._view(transport.evolve(limiter=limiter, on_retry=pause_on_rate_limit(limiter)))

        async def run(item: K) -> T:
            return await operation(client, item)

        return await run_bulk(
            items,
            run,
            key=key,
            concurrency=concurrency,
            report=report,
            on_progress=on_progress,
            clock=transport.clock,
        )

    async def deploy_many(
        self,
        namespace: str,
        items: Iterable[DeployInput] | AsyncIterable[DeployInput],
        *,
        concurrency: int = 16,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        on_progress: Progress[Script] | None = None,
        report: BulkReport[Script] | None = None,
    ) -> BulkReport[Script]:
        """Upload many Workers; return a report with each one's Script (and etag) or typed error.

        ``items`` is consumed lazily (a generator of 100,000 items is fine): each is a
        :class:`DeployItem` or ``(name, bundle or folder[, options])``. At most ``concurrency`` uploads run
        at once; every request waits for ``rate_limit`` (Cloudflare's 1,200 per 5 minutes by default; None for
        none); each upload is retried under the client's retry policy; one failure never stops the rest::

            report = await cf.bulk.deploy_many("tenants", ((f"t{i}", bundle) for i in range(1000)))
            report.raise_for_failures()

        Raises :class:`~wfp_async.InvalidInput` for bad arguments;
        an item's failure is recorded in the report, never raised.
        """
        check_namespace_name(namespace)
        check_many(items, "items")

        async def deploy(client: WfpClient, item: DeployInput) -> Script:
            deploy_item = _deploy_item(item)
            return await client.scripts.upload(
                namespace, deploy_item.name, deploy_item.load(), deploy_item.options
            )

        return await self._run(
            items,
            deploy,
            key=_deploy_key,
            concurrency=concurrency,
            rate_limit=rate_limit,
            on_progress=on_progress,
            report=report,
        )

    async def delete_many(
        self,
        namespace: str,
        names: Iterable[str] | AsyncIterable[str],
        *,
        force: bool = False,
        concurrency: int = 16,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        on_progress: Progress[None] | None = None,
        report: BulkReport[None] | None = None,
    ) -> BulkReport[None]:
        """Delete many scripts by name: ``await cf.bulk.delete_many("tenants", ["t1", "t2"])``.

        Raises :class:`~wfp_async.InvalidInput` for bad arguments;
        an item's failure is recorded in the report, never raised.
        """
        check_namespace_name(namespace)
        check_many(names, "names")
        if not isinstance(force, bool):
            raise InvalidInput(f"force must be a bool, not {type(force).__name__}")

        async def delete(client: WfpClient, name: str) -> None:
            await client.scripts.delete(namespace, name, force=force)

        return await self._run(
            names,
            delete,
            key=_name_key,
            concurrency=concurrency,
            rate_limit=rate_limit,
            on_progress=on_progress,
            report=report,
        )

    async def put_secret_many(
        self,
        namespace: str,
        names: Iterable[str] | AsyncIterable[str],
        secret: SecretText | SecretKey,
        *,
        concurrency: int = 16,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        on_progress: Progress[Secret] | None = None,
        report: BulkReport[Secret] | None = None,
    ) -> BulkReport[Secret]:
        """Put the same secret on many scripts (rotate a shared key):
        ``await cf.bulk.put_secret_many("tenants", names, SecretText("API_KEY", new_value))``.

        Raises :class:`~wfp_async.InvalidInput` for bad arguments;
        an item's failure is recorded in the report, never raised.
        """
        check_namespace_name(namespace)
        check_many(names, "names")
        if not isinstance(secret, SecretText | SecretKey):
            raise InvalidInput(f"secret must be SecretText or SecretKey, not {type(secret).__name__}")

        async def put(client: WfpClient, name: str) -> Secret:
            return await client.secrets.put(namespace, name, secret)

        return await self._run(
            names,
            put,
            key=_name_key,
            concurrency=concurrency,
            rate_limit=rate_limit,
            on_progress=on_progress,
            report=report,
        )

    async def set_tags_many(
        self,
        namespace: str,
        names: Iterable[str] | AsyncIterable[str],
        tags: Sequence[str],
        *,
        concurrency: int = 16,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        on_progress: Progress[list[str]] | None = None,
        report: BulkReport[list[str]] | None = None,
    ) -> BulkReport[list[str]]:
        """Replace the tags of many scripts: ``await cf.bulk.set_tags_many("tenants", names, ["v2"])``.

        Raises :class:`~wfp_async.InvalidInput` for bad arguments;
        an item's failure is recorded in the report, never raised.
        """
        check_namespace_name(namespace)
        check_many(names, "names")
        tags = check_tags(tags)  # once, up front: the same list for every script

        async def set_tags(client: WfpClient, name: str) -> list[str]:
            return await client.tags.set(namespace, name, tags)

        return await self._run(
            names,
            set_tags,
            key=_name_key,
            concurrency=concurrency,
            rate_limit=rate_limit,
            on_progress=on_progress,
            report=report,
        )
