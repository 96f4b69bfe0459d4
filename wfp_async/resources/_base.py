"""What every resource shares: the transport, the account, and the request/convert round trip."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import ModuleType, NoneType
from typing import Any, TypeVar
from urllib.parse import urlsplit

from wfp_async._envelope import Envelope
from wfp_async._errors import SchemaMismatch
from wfp_async._metadata import UploadOptions
from wfp_async._models import as_object
from wfp_async._modules import WorkerBundle
from wfp_async._multipart import OutgoingPart, encode_multipart
from wfp_async._names import check_namespace_name, check_script_name, check_type
from wfp_async._pagination import Pager, make_pager
from wfp_async._transport import Transport

T = TypeVar("T")


class Resource:
    __slots__ = ("_account", "_t")

    def __init__(self, transport: Transport, account_id: str) -> None:
        self._t = transport
        self._account = account_id

    def _of_script(self, operation: ModuleType, namespace: str, script: str, *args: Any, **kw: Any) -> Any:
        """``operation``'s request for one script: the account, the checked names, then ``args``/``kw``."""
        return operation._get_kwargs(
            self._account, check_namespace_name(namespace), check_script_name(script), *args, **kw
        )

    async def _call(
        self,
        kwargs: Mapping[str, Any],
        read: Callable[[object], T],
        *,
        parts: Sequence[OutgoingPart] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        idempotent: bool | None = None,
        bare: frozenset[str] = frozenset(),
    ) -> T:
        """Send the request and ``read`` the envelope's ``result`` (``ScriptInfo.from_api``, say).

        ``parts`` are a multipart body, encoded here rather than by the generated code: each part keeps its
        own name and content type (a module is named by its file name), and the body is bytes, so that a
        retry re-sends exactly the same request."""
        content, content_type = (None, None) if parts is None else encode_multipart(parts)
        request = self._t.build(
            kwargs, content=content, content_type=content_type, headers=headers, auth=auth
        )
        return await self._t.call(
            request, lambda envelope: read(envelope.result), idempotent=idempotent, bare=bare
        )

    def _pager(
        self, kwargs: Mapping[str, Any], convert_item: Callable[[object, str], T], *, key: str | None = None
    ) -> Pager[T]:
        """A pager over a list result (or the list under ``key`` of an object result: ``items``,
        ``deployments``), each item converted by ``convert_item(item, field)``."""

        def items(result: object) -> list[T]:
            if result is None:
                return []
            where = "result"
            if key is not None:
                result, where = as_object(result, "result").get(key, []), f"result.{key}"
            if not isinstance(result, list):
                raise SchemaMismatch(where, "a list", result)
            return [convert_item(item, f"{where}[{i}]") for i, item in enumerate(result)]

        return self._pager_of(kwargs, items)

    def _pager_of(self, kwargs: Mapping[str, Any], items: Callable[[object], list[T]]) -> Pager[T]:
        """A pager whose ``items`` converts each answer's whole result (one page) to its items."""

        def page(envelope: Envelope) -> tuple[list[T], Mapping[str, object] | None]:
            return items(envelope.result), envelope.result_info

        async def fetch(params: Mapping[str, Any]) -> tuple[list[T], Mapping[str, object] | None]:
            return await self._t.call(self._t.build({**kwargs, "params": params}), page)

        # The path that errors name, as the transport's requests carry it. Plain string work: a name too long
        # for a URL must fail as InvalidInput when the first page is requested, not here with httpx's error.
        url = urlsplit(self._t.base_url).path + kwargs["url"]
        return make_pager(fetch, kwargs.get("params") or {}, url=url)


def result_none(result: object) -> None:
    """For operations whose result carries nothing (delete answers ``null`` or ``{}``)."""
    return None


def check_upload(bundle: object, options: object) -> None:
    """An upload's bundle and options have their types, or :class:`InvalidInput` before any request."""
    check_type(bundle, WorkerBundle, "bundle", "a WorkerBundle")
    check_type(options, (UploadOptions, NoneType), "options", "UploadOptions or None")
