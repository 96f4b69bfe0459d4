"""A script's tags: list, put all (at most 10), put one, delete one."""

from __future__ import annotations

import builtins
from collections.abc import Iterable

from wfp_async._models import string_list
from wfp_async._names import MAX_TAGS, check_tag, check_tags
from wfp_async._pagination import Pager
from wfp_async.resources._base import Resource, result_none
from wfp_async_generated.api.tags import (
    namespace_worker_delete_script_tag,
    namespace_worker_get_script_tags,
    namespace_worker_put_script_tag,
    namespace_worker_put_script_tags,
)

__all__ = ["MAX_TAGS", "TagsResource"]


def _tag_list(result: object) -> builtins.list[str]:
    return builtins.list(string_list(result, "result"))


class TagsResource(Resource):
    """``cf.tags``: the tags of one script (used by list and delete filters)."""

    __slots__ = ()

    def list(self, namespace: str, script: str) -> Pager[str]:
        """The script's tags: ``await cf.tags.list("tenants", "acme")`` (a :class:`~wfp_async.Pager`).

        Awaiting it raises :class:`~wfp_async.NotFound` when the script does not exist.
        """
        return self._pager_of(self._of_script(namespace_worker_get_script_tags, namespace, script), _tag_list)

    async def put(self, namespace: str, script: str, tags: Iterable[str]) -> builtins.list[str]:
        """Replace every tag of the script (at most 10; duplicates dropped, order kept).

        ``await cf.tags.put("tenants", "acme", ["plan-pro", "customer-42"])``. Raises
        :class:`~wfp_async.InvalidInput` for a bad tag or more than 10, :class:`~wfp_async.NotFound` when
        the script does not exist.
        """
        unique = check_tags(tags)
        return await self._call(
            self._of_script(namespace_worker_put_script_tags, namespace, script, body=unique), _tag_list
        )

    async def put_one(self, namespace: str, script: str, tag: str) -> None:
        """Add one tag: ``await cf.tags.put_one("tenants", "acme", "beta")``.

        Raises :class:`~wfp_async.InvalidInput` for a bad tag, :class:`~wfp_async.NotFound` when the
        script does not exist.
        """
        await self._call(
            self._of_script(namespace_worker_put_script_tag, namespace, script, check_tag(tag)), result_none
        )

    async def delete(self, namespace: str, script: str, tag: str) -> None:
        """Remove one tag: ``await cf.tags.delete("tenants", "acme", "beta")``.

        Raises :class:`~wfp_async.InvalidInput` for a bad tag, :class:`~wfp_async.NotFound` when the
        script does not exist.
        """
        await self._call(
            self._of_script(namespace_worker_delete_script_tag, namespace, script, check_tag(tag)),
            result_none,
        )
