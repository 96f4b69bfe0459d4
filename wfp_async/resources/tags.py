"""A script's tags: get, replace all (at most 10), add one, remove one."""

from __future__ import annotations

import builtins
from collections.abc import Iterable

from wfp_async._envelope import Envelope
from wfp_async._errors import SchemaMismatch
from wfp_async._names import MAX_TAGS, check_namespace_name, check_script_name, check_tag, check_tags
from wfp_async.resources._base import Resource, result_none
from wfp_async_generated.api.tags import (
    namespace_worker_delete_script_tag,
    namespace_worker_get_script_tags,
    namespace_worker_put_script_tag,
    namespace_worker_put_script_tags,
)

__all__ = ["MAX_TAGS", "Tags"]


def _tags(envelope: Envelope) -> builtins.list[str]:
    result = envelope.result
    if result is None:
        return []
    if not isinstance(result, builtins.list) or not all(isinstance(tag, str) for tag in result):
        raise SchemaMismatch("result", "a list of strings", result)
    return result


class Tags(Resource):
    """``cf.tags``: the tags of one script (used by list and delete filters)."""

    __slots__ = ()

    async def list(self, namespace: str, script: str) -> builtins.list[str]:
        """The script's tags: ``await cf.tags.list("tenants", "acme")``.

        Raises :class:`~wfp_async.NotFound` when the script does not exist.
        """
        kwargs = namespace_worker_get_script_tags._get_kwargs(
            self._account, check_namespace_name(namespace), check_script_name(script)
        )
        return await self._call(kwargs, _tags)

    async def set(self, namespace: str, script: str, tags: Iterable[str]) -> builtins.list[str]:
        """Replace every tag of the script (at most 10; duplicates dropped, order kept).

        ``await cf.tags.set("tenants", "acme", ["plan-pro", "customer-42"])``. Raises
        :class:`~wfp_async.InvalidInput` for a bad tag or more than 10, :class:`~wfp_async.NotFound` when
        the script does not exist.
        """
        unique = check_tags(tags)
        kwargs = namespace_worker_put_script_tags._get_kwargs(
            self._account, check_namespace_name(namespace), check_script_name(script), body=unique
        )
        return await self._call(kwargs, _tags)

    async def add(self, namespace: str, script: str, tag: str) -> None:
        """Add one tag: ``await cf.tags.add("tenants", "acme", "beta")``.

        Raises :class:`~wfp_async.InvalidInput` for a bad tag, :class:`~wfp_async.NotFound` when the
        script does not exist.
        """
        kwargs = namespace_worker_put_script_tag._get_kwargs(
            self._account, check_namespace_name(namespace), check_script_name(script), check_tag(tag)
        )
        await self._call(kwargs, result_none)

    async def remove(self, namespace: str, script: str, tag: str) -> None:
        """Remove one tag: ``await cf.tags.remove("tenants", "acme", "beta")``.

        Raises :class:`~wfp_async.InvalidInput` for a bad tag, :class:`~wfp_async.NotFound` when the
        script does not exist.
        """
        kwargs = namespace_worker_delete_script_tag._get_kwargs(
            self._account, check_namespace_name(namespace), check_script_name(script), check_tag(tag)
        )
        await self._call(kwargs, result_none)
