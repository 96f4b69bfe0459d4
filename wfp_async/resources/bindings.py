"""A script's bindings, as the API reports them (secret values never included)."""

from __future__ import annotations

import builtins

from wfp_async._envelope import Envelope
from wfp_async._metadata import Binding
from wfp_async._models import bindings_from_api
from wfp_async._names import check_namespace_name, check_script_name
from wfp_async.resources._base import Resource
from wfp_async_generated.api.bindings import namespace_worker_get_script_bindings

__all__ = ["Bindings"]


def _bindings(envelope: Envelope) -> list[Binding]:
    # Each item becomes its typed class (RawBinding for types not modelled), errors naming its index.
    return bindings_from_api(envelope.result, "result")


class Bindings(Resource):
    """``cf.bindings``: what a script is bound to."""

    __slots__ = ()

    async def list(self, namespace: str, script: str) -> builtins.list[Binding]:
        """The script's bindings, typed (``PlainText``, ``KVNamespace``, ... or ``RawBinding``).

        ``for b in await cf.bindings.list("tenants", "acme"): print(b.name, b.type)``. Raises
        :class:`~wfp_async.NotFound` when the script does not exist.
        """
        kwargs = namespace_worker_get_script_bindings._get_kwargs(
            self._account, check_namespace_name(namespace), check_script_name(script)
        )
        return await self._call(kwargs, _bindings)
