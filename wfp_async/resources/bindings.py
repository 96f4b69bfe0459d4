"""A script's bindings, as the API reports them (secret values never included)."""

from __future__ import annotations

from wfp_async._envelope import Envelope
from wfp_async._metadata import Binding
from wfp_async._models import bindings_from_api, parse
from wfp_async._names import check_namespace_name, check_script_name
from wfp_async.resources._base import Resource
from wfp_async_generated.api.bindings import namespace_worker_get_script_bindings
from wfp_async_generated.models import BindingListEnvelope

__all__ = ["Bindings"]


def _bindings(envelope: Envelope) -> list[Binding]:
    if envelope.result is None:
        return []
    # The generated union (one class per common type, OtherBinding for the rest) parses each item.
    wrapped = {"success": True, "errors": [], "messages": [], "result": envelope.result}
    model = parse("result", BindingListEnvelope.from_dict, wrapped)
    return bindings_from_api(model.result, "result")


class Bindings(Resource):
    """``cf.bindings``: what a script is bound to."""

    __slots__ = ()

    async def get(self, namespace: str, script: str) -> list[Binding]:
        """The script's bindings, typed (``PlainText``, ``KVNamespace``, ... or ``RawBinding``).

        ``for b in await cf.bindings.get("tenants", "acme"): print(b.name, b.type)``
        """
        kwargs = namespace_worker_get_script_bindings._get_kwargs(
            self._account, check_namespace_name(namespace), check_script_name(script)
        )
        return await self._call(kwargs, _bindings)
