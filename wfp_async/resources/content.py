"""A script's modules: read them back (raw or multipart) and replace them (keeping bindings)."""

from __future__ import annotations

import httpx

from wfp_async._envelope import unwrap
from wfp_async._errors import InvalidInput, InvalidResponse, MultipartError
from wfp_async._models import Script, ScriptContent
from wfp_async._modules import Module, WorkerBundle
from wfp_async._multipart import bundle_parts, decode_multipart, modules_from_parts
from wfp_async._names import check_type
from wfp_async.resources._base import Resource
from wfp_async_generated.api.content import (
    namespace_worker_get_script_content,
    namespace_worker_put_script_content,
)
from wfp_async_generated.models import ContentMetadata
from wfp_async_generated.types import UNSET, Unset

__all__ = ["ContentResource", "ScriptContent"]


def _content(response: httpx.Response) -> ScriptContent:
    content_type = response.headers.get("content-type", "")
    if content_type.lower().startswith("application/json"):
        # JSON is never a module: it is Cloudflare's envelope, e.g. a 200 with success: false, which
        # must raise its typed error (NotFound, ...) rather than "unreadable script content".
        unwrap(response)
    main_module = response.headers.get("cf-worker-main-module-part")
    body_part = response.headers.get("cf-worker-body-part")
    try:
        if content_type.lower().startswith("multipart/"):
            modules = modules_from_parts(decode_multipart(response.content, content_type))
        else:
            # A service-worker script comes back raw: one module, named by the answer or "worker.js".
            name = body_part or main_module or "worker.js"
            media_type = content_type.split(";")[0].strip() or "application/javascript"
            modules = (Module.from_bytes(name, response.content, media_type),)
    except (MultipartError, InvalidInput) as exc:
        raise InvalidResponse(
            f"unreadable script content: {exc}",
            status=response.status_code,
            method=response.request.method,
            url=response.request.url.path,
        ) from None
    return ScriptContent(modules, main_module=main_module, body_part=body_part)


class ContentResource(Resource):
    """``cf.content``: a script's modules."""

    __slots__ = ()

    async def get(self, namespace: str, script: str) -> ScriptContent:
        """The script's modules, byte for byte with their names and content types.

        ``content = await cf.content.get("tenants", "acme")``; ``content.bundle()`` re-uploads them.
        Raises :class:`~wfp_async.NotFound` when the script does not exist, and
        :class:`~wfp_async.InvalidResponse` for content that cannot be read.
        """
        # The answer is raw or multipart, not an envelope, so it is parsed here (the fragment declares it
        # without content); failures still arrive as envelopes and raise the usual typed errors.
        kwargs = self._of_script(namespace_worker_get_script_content, namespace, script)
        return await self._t.send(self._t.build(kwargs), _content)

    async def put(self, namespace: str, script: str, bundle: WorkerBundle) -> Script:
        """Replace the script's modules and keep its bindings and settings.

        ``await cf.content.put("tenants", "acme", WorkerBundle.es_module(new_source))``. Raises
        :class:`~wfp_async.NotFound` when the script does not exist and :class:`~wfp_async.ValidationError`
        when Cloudflare rejects the modules.
        """
        check_type(bundle, WorkerBundle, "bundle", "a WorkerBundle")
        metadata = ContentMetadata(
            main_module=UNSET if bundle.main_module is None else bundle.main_module,
            body_part=UNSET if bundle.body_part is None else bundle.body_part,
        )
        kwargs = self._of_script(
            namespace_worker_put_script_content,
            namespace,
            script,
            # The headers repeat what the metadata part says; a header carries ASCII only.
            cf_worker_main_module_part=_ascii_or_unset(bundle.main_module),
            cf_worker_body_part=_ascii_or_unset(bundle.body_part),
        )
        return await self._call(kwargs, Script.from_api, parts=bundle_parts(bundle, metadata.to_dict()))


def _ascii_or_unset(name: str | None) -> str | Unset:
    return name if name is not None and name.isascii() else UNSET
