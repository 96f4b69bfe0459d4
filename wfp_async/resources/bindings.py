"""A script's bindings, as the API reports them (secret values never included)."""

from __future__ import annotations

from wfp_async._metadata import Binding
from wfp_async._models import bindings_from_api
from wfp_async._pagination import Pager
from wfp_async.resources._base import Resource
from wfp_async_generated.api.bindings import namespace_worker_get_script_bindings

__all__ = ["BindingsResource"]


class BindingsResource(Resource):
    """``cf.bindings``: what a script is bound to."""

    __slots__ = ()

    def list(self, namespace: str, script: str) -> Pager[Binding]:
        """The script's bindings, typed (``PlainText``, ``KVNamespace``, ... or ``RawBinding``).

        ``for b in await cf.bindings.list("tenants", "acme"): print(b.name, b.type)`` (a
        :class:`~wfp_async.Pager`); awaiting it raises :class:`~wfp_async.NotFound` when the script does
        not exist.
        """
        kwargs = self._of_script(namespace_worker_get_script_bindings, namespace, script)
        return self._pager_of(kwargs, lambda result: bindings_from_api(result, "result"))
