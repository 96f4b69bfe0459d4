"""Scripts in a namespace: list (by tags), get details, put (upload), delete one, delete many by tags."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from wfp_async._errors import InvalidInput, SchemaMismatch
from wfp_async._metadata import UploadOptions, upload_metadata_json
from wfp_async._models import Script, ScriptInfo, as_object, required
from wfp_async._modules import WorkerBundle
from wfp_async._multipart import bundle_parts
from wfp_async._names import check_bool, check_int_range, check_namespace_name, check_positive_int, tag_filter
from wfp_async._pagination import Pager
from wfp_async.resources._base import Resource, check_upload, result_none
from wfp_async_generated.api.scripts import (
    namespace_worker_delete_scripts,
    namespace_worker_list_scripts,
    namespace_worker_script_delete_worker,
    namespace_worker_script_upload_worker_module,
    namespace_worker_script_worker_details,
)
from wfp_async_generated.models import NamespaceWorkerScriptUploadWorkerModuleBindingsInherit
from wfp_async_generated.types import UNSET

__all__ = ["ScriptsResource"]

_STRICT = NamespaceWorkerScriptUploadWorkerModuleBindingsInherit.STRICT
MAX_LIST_LIMIT = 1000  # list-scripts `limit` (workers-for-platforms/configuration/tags)


# Cloudflare's spec documents the bulk delete's answer as the bare result; the API envelopes it.
_DELETED_KEYS = frozenset({"deleted", "deleted_count", "has_more"})


def _deleted(result: object) -> tuple[list[str], bool]:
    # Absent is what the spec allows (no list, no id, no has_more); present, each must have its type.
    answer = as_object(result, "result")
    deleted = answer.get("deleted", [])
    if type(deleted) is not list:
        raise SchemaMismatch("result.deleted", "a list", deleted)
    ids: list[str] = []
    for i, item in enumerate(deleted):
        entry = as_object(item, f"result.deleted[{i}]")
        if "id" in entry:  # an entry without an id names nothing to report
            ids.append(required(entry, "id", str, f"result.deleted[{i}]"))
    has_more = answer.get("has_more", False)
    if type(has_more) is not bool:
        raise SchemaMismatch("result.has_more", "bool", has_more)
    return ids, has_more


class ScriptsResource(Resource):
    """``cf.scripts``: the Worker scripts of a dispatch namespace."""

    __slots__ = ()

    def _by_tags(self, operation: ModuleType, namespace: str, filter_: str | None, limit: int | None) -> Any:
        return operation._get_kwargs(
            self._account,
            check_namespace_name(namespace),
            tags=UNSET if filter_ is None else filter_,
            limit=UNSET if limit is None else limit,
        )

    def list(
        self,
        namespace: str,
        *,
        tags: Iterable[str] = (),
        exclude_tags: Iterable[str] = (),
        limit: int | None = None,
    ) -> Pager[ScriptInfo]:
        """The namespace's scripts, optionally only those with every tag in ``tags`` and none in
        ``exclude_tags``: ``async for info in cf.scripts.list("tenants", tags=["plan-pro"])``.

        ``limit`` (1 to 1000, as the tags page documents) sizes each page; the pager follows each answer's
        ``result_info.cursor``. Raises :class:`~wfp_async.InvalidInput` for a bad name, tag or limit,
        before any request.
        """
        filter_ = tag_filter(tags, exclude_tags)
        if limit is not None:
            check_int_range(limit, "limit", 1, MAX_LIST_LIMIT, or_none=True)
        return self._pager(
            self._by_tags(namespace_worker_list_scripts, namespace, filter_, limit), ScriptInfo.from_api
        )

    async def get(self, namespace: str, script: str) -> ScriptInfo:
        """A script's details. Raises :class:`~wfp_async.NotFound` (10007) when it does not exist.

        ``info = await cf.scripts.get("tenants", "acme")``
        """
        kwargs = self._of_script(namespace_worker_script_worker_details, namespace, script)
        return await self._call(kwargs, ScriptInfo.from_api)

    async def put(
        self,
        namespace: str,
        script: str,
        bundle: WorkerBundle,
        *,
        options: UploadOptions | None = None,
        strict_inherit: bool = False,
    ) -> Script:
        """Upload (create or replace) a Worker: its modules and metadata in one multipart request.

        ``await cf.scripts.put("tenants", "acme", WorkerBundle.es_module(src), options=UploadOptions())``;
        ``options`` is keyword-only (positional, it is a ``TypeError``).

        ``strict_inherit=True`` sends ``bindings_inherit=strict``. The bundle and options are checked
        before any request (:class:`~wfp_async.InvalidInput`); Cloudflare's refusals raise
        :class:`~wfp_async.ValidationError` (10021 and others).
        """
        check_upload(bundle, options)
        strict = _STRICT if check_bool(strict_inherit, "strict_inherit") else UNSET
        kwargs = self._of_script(
            namespace_worker_script_upload_worker_module, namespace, script, bindings_inherit=strict
        )
        parts = bundle_parts(bundle, upload_metadata_json(bundle, options))
        return await self._call(kwargs, Script.from_api, parts=parts)

    async def delete(self, namespace: str, script: str, *, force: bool = False) -> None:
        """Delete a script; ``force=True`` also removes what would block it (bindings, Durable Objects).

        ``await cf.scripts.delete("tenants", "acme")``. Raises :class:`~wfp_async.NotFound` if absent.
        """
        forced = True if check_bool(force, "force") else UNSET
        await self._call(
            self._of_script(namespace_worker_script_delete_worker, namespace, script, force=forced),
            result_none,
        )

    async def delete_by_tags(
        self,
        namespace: str,
        *,
        tags: Iterable[str] = (),
        exclude_tags: Iterable[str] = (),
        limit: int | None = None,
        everything: bool = False,
    ) -> builtins.list[str]:
        """Delete every script with all of ``tags`` and none of ``exclude_tags``; return the deleted ids.

        Repeats the call while Cloudflare answers ``has_more`` (``limit`` bounds each call, not the total).
        Deleting the whole namespace's scripts needs ``everything=True``, so an empty filter is never an
        accident: ``await cf.scripts.delete_by_tags("tenants", tags=["customer-42"])``. Raises
        :class:`~wfp_async.InvalidInput` for no filter or a bad tag, :class:`~wfp_async.NotFound` for a
        missing namespace. Each call is retried like any DELETE, so every matching script ends up deleted;
        but if an answer is lost in transit, the ids it listed are missing from the returned list.
        """
        filter_ = tag_filter(tags, exclude_tags)
        if filter_ is None and not check_bool(everything, "everything"):
            raise InvalidInput(
                "no tag filter: pass tags= or exclude_tags=, or everything=True to delete every script"
            )
        check_positive_int(limit, "limit", or_none=True)
        kwargs = self._by_tags(namespace_worker_delete_scripts, namespace, filter_, limit)
        deleted: builtins.list[str] = []
        while True:
            ids, has_more = await self._call(kwargs, _deleted, bare=_DELETED_KEYS)
            deleted.extend(ids)
            if not has_more or not ids:
                # Nothing deleted but "more": stop rather than loop forever on a server that is stuck.
                return deleted
