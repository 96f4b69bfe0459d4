"""Dispatch namespaces: list, get, create (POST), put (PUT), patch (PATCH), delete."""

from __future__ import annotations

from types import ModuleType

from wfp_async._errors import InvalidInput
from wfp_async._models import Namespace
from wfp_async._names import check_bool, check_namespace_name
from wfp_async._pagination import Pager
from wfp_async.resources._base import Resource, result_none
from wfp_async_generated.api.namespaces import (
    namespace_worker_create,
    namespace_worker_delete_namespace,
    namespace_worker_get_namespace,
    namespace_worker_list,
    namespace_worker_patch_namespace,
    namespace_worker_put_namespace,
)
from wfp_async_generated.models import NamespaceCreate, NamespaceUpdate
from wfp_async_generated.types import UNSET

__all__ = ["NamespacesResource"]


class NamespacesResource(Resource):
    """``cf.namespaces``: the account's dispatch namespaces."""

    __slots__ = ()

    def list(self) -> Pager[Namespace]:
        """Every namespace of the account: ``async for ns in cf.namespaces.list()``, or ``await`` it.

        Raises :class:`~wfp_async.WfpError` subclasses while awaiting or iterating.
        """
        return self._pager(namespace_worker_list._get_kwargs(self._account), Namespace.from_api)

    async def get(self, name: str) -> Namespace:
        """The namespace called ``name``. Raises :class:`~wfp_async.NotFound` (10007) if there is none.

        ``ns = await cf.namespaces.get("tenants")``
        """
        kwargs = namespace_worker_get_namespace._get_kwargs(self._account, check_namespace_name(name))
        return await self._call(kwargs, Namespace.from_api)

    async def create(self, name: str | None = None) -> Namespace:
        """Create a namespace (Cloudflare names it when ``name`` is None). Never retried once it may have
        reached the server, so it cannot create two. Raises :class:`~wfp_async.Conflict` if it exists.

        ``ns = await cf.namespaces.create("tenants")``
        """
        body = NamespaceCreate(name=UNSET if name is None else check_namespace_name(name))
        kwargs = namespace_worker_create._get_kwargs(self._account, body=body)
        return await self._call(kwargs, Namespace.from_api)

    async def patch(
        self, name: str, *, new_name: str | None = None, trusted_workers: bool | None = None
    ) -> Namespace:
        """Change some fields of a namespace (PATCH): fields left as None stay as they are.

        ``await cf.namespaces.patch("tenants", trusted_workers=True)``. Raises
        :class:`~wfp_async.NotFound` if there is no such namespace.
        """
        check_bool(trusted_workers, "trusted_workers", or_none=True)
        if new_name is None and trusted_workers is None:
            raise InvalidInput("nothing to update: pass new_name= or trusted_workers=")
        body = NamespaceUpdate(
            name=UNSET if new_name is None else check_namespace_name(new_name),
            trusted_workers=UNSET if trusted_workers is None else trusted_workers,
        )
        return await self._change(namespace_worker_patch_namespace, name, body)

    async def put(
        self, name: str, *, new_name: str | None = None, trusted_workers: bool = False
    ) -> Namespace:
        """Replace a namespace's settings (PUT): ``trusted_workers`` is set even when left at its default.

        ``await cf.namespaces.put("tenants", trusted_workers=False)``. Raises
        :class:`~wfp_async.NotFound` if there is no such namespace.
        """
        check_bool(trusted_workers, "trusted_workers", or_none=True)
        body = NamespaceUpdate(
            name=check_namespace_name(name if new_name is None else new_name), trusted_workers=trusted_workers
        )
        return await self._change(namespace_worker_put_namespace, name, body)

    async def _change(self, operation: ModuleType, name: str, body: NamespaceUpdate) -> Namespace:
        kwargs = operation._get_kwargs(self._account, check_namespace_name(name), body=body)
        return await self._call(kwargs, Namespace.from_api)

    async def delete(self, name: str) -> None:
        """Delete a namespace and every script in it. Raises :class:`~wfp_async.NotFound` if there is none.

        ``await cf.namespaces.delete("tenants")``
        """
        kwargs = namespace_worker_delete_namespace._get_kwargs(self._account, check_namespace_name(name))
        await self._call(kwargs, result_none)
