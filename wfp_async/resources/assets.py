"""Static assets: one call uploads a folder (or a path -> bytes mapping) as a Worker's assets.

The flow (API.md, "Assets direct upload"): POST the manifest of hashes to open a session; the answer's
buckets list only the hashes Cloudflare does not hold yet; each bucket goes in one multipart request
authenticated by the session token (not the account's credentials); the last bucket's 201 carries the
completion token, which the script upload then redeems in ``metadata.assets.jwt``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import anyio

from wfp_async._assets import AssetFile, bucket_parts, collect_assets, files_by_hash, manifest
from wfp_async._errors import InvalidInput, InvalidResponse
from wfp_async._models import AssetsSession, AssetsUpload, as_object, optional
from wfp_async._names import check_positive_int
from wfp_async.resources._base import Resource
from wfp_async_generated.api.assets import (
    namespace_worker_script_update_create_assets_upload_session,
    worker_assets_upload,
)
from wfp_async_generated.models import AssetsSessionRequest

__all__ = ["AssetsResource", "AssetsUpload"]


def _completion(result: object) -> str | None:
    return None if result is None else optional(as_object(result, "result"), "jwt", str, "result")


class AssetsResource(Resource):
    """``cf.assets``: a Worker's static assets."""

    __slots__ = ()

    async def upload(
        self,
        namespace: str,
        script: str,
        source: str | os.PathLike[str] | Mapping[str, bytes],
        *,
        concurrency: int = 4,
    ) -> AssetsUpload:
        """Upload a folder (or ``{"/path": bytes}``) as ``script``'s assets; return the completion token.

        Nothing is sent again that Cloudflare already holds. Then upload the script with
        ``UploadOptions(assets=result.metadata())``::

            up = await cf.assets.upload("tenants", "acme", "./public")
            await cf.scripts.put("tenants", "acme", bundle, options=UploadOptions(assets=up.metadata()))

        Raises :class:`~wfp_async.InvalidInput` for no files or bad arguments, a failed request's
        :class:`~wfp_async.WfpError` (the first failed bucket's), or :class:`~wfp_async.InvalidResponse`
        for an inconsistent session.
        """
        check_positive_int(concurrency, "concurrency")
        files = collect_assets(source)
        if not files:
            raise InvalidInput("no asset files to upload")
        body = AssetsSessionRequest.from_dict({"manifest": manifest(files)})
        kwargs = self._of_script(
            namespace_worker_script_update_create_assets_upload_session, namespace, script, body=body
        )
        # Opening a session changes nothing on the server, so it is safe to retry like a GET.
        session = await self._call(kwargs, AssetsSession.from_api, idempotent=True)
        if not session.buckets:
            return AssetsUpload(jwt=session.jwt, files=len(files), uploaded=0)

        by_hash = files_by_hash(files)
        unknown = sorted({digest for bucket in session.buckets for digest in bucket} - by_hash.keys())
        if unknown:
            raise InvalidResponse(
                f"the upload session asked for {len(unknown)} hash(es) that are not in the manifest",
                status=200,
                method="POST",
                url=kwargs["url"],
            )
        tokens: list[str] = []
        limiter = anyio.CapacityLimiter(concurrency)

        async def send(bucket: tuple[str, ...]) -> None:
            async with limiter:
                token = await self._upload_bucket(session.jwt, by_hash, bucket)
            if token is not None:
                tokens.append(token)

        try:
            async with anyio.create_task_group() as group:
                for bucket in session.buckets:
                    group.start_soon(send, bucket)
        except BaseExceptionGroup as failures:
            # One failed bucket cancels the others; the user gets that bucket's WfpError, not a group.
            raise _first_leaf(failures) from None
        if not tokens:
            raise InvalidResponse(
                "every bucket was uploaded but no answer carried a completion token",
                status=202,
                method="POST",
                url=f"/accounts/{self._account}/workers/assets/upload",
            )
        return AssetsUpload(jwt=tokens[-1], files=len(files), uploaded=sum(len(b) for b in session.buckets))

    async def _upload_bucket(
        self, session_jwt: str, by_hash: Mapping[str, AssetFile], bucket: tuple[str, ...]
    ) -> str | None:
        # Parts named by hash, each with its file's content type; the session token replaces the account's
        # credentials. Re-sending a bucket is harmless (files are addressed by hash): retried like a PUT.
        return await self._call(
            worker_assets_upload._get_kwargs(self._account, base64=True),
            _completion,
            parts=bucket_parts(by_hash, bucket),
            headers={"Authorization": f"Bearer {session_jwt}"},
            auth=False,
            idempotent=True,
        )


def _first_leaf(group: BaseExceptionGroup[BaseException]) -> BaseException:
    first = group.exceptions[0]
    return _first_leaf(first) if isinstance(first, BaseExceptionGroup) else first
