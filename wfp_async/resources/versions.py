"""A Worker's versions (upload without serving, list, get) and deployments (split, current, roll back).

These operations are documented by Cloudflare for Workers for Platforms but absent from its published
spec; the fragment marks each with the page it comes from (``x-wfp-source``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

from wfp_async._errors import InvalidInput
from wfp_async._metadata import UploadOptions, upload_metadata
from wfp_async._modules import WorkerBundle
from wfp_async._multipart import bundle_parts
from wfp_async._names import check_int_range
from wfp_async._pagination import Pager
from wfp_async._versions import (
    Deployment,
    Version,
    check_version_id,
    deployment_body,
    version_annotations,
)
from wfp_async.resources._base import Resource, check_upload
from wfp_async_generated.api.deployments import (
    namespace_worker_script_create_deployment,
    namespace_worker_script_list_deployments,
)
from wfp_async_generated.api.versions import (
    namespace_worker_script_get_version,
    namespace_worker_script_list_versions,
    namespace_worker_script_upload_version,
)
from wfp_async_generated.models import DeploymentCreate
from wfp_async_generated.types import UNSET

__all__ = ["DeploymentsResource", "VersionsResource"]

MAX_PER_PAGE = 100


class VersionsResource(Resource):
    """``cf.versions``: upload a Worker without serving it, list its versions, get one."""

    __slots__ = ()

    async def create(
        self,
        namespace: str,
        script: str,
        bundle: WorkerBundle,
        *,
        options: UploadOptions | None = None,
        message: str | None = None,
        tag: str | None = None,
    ) -> Version:
        """Upload a new version of a Worker; it serves no traffic until a deployment names it.

        ``v = await cf.versions.create("tenants", "acme", WorkerBundle.es_module(src), message="new cart")``
        then ``await cf.deployments.create("tenants", "acme", {v.id: 10, old: 90})``. The body is an
        upload's multipart with ``metadata.annotations`` (``workers/message`` at most 100 characters,
        ``workers/tag`` at most 25). Bad input raises :class:`~wfp_async.InvalidInput` before any request.
        """
        check_upload(bundle, options)
        notes = version_annotations(message, tag)
        kwargs = self._of_script(namespace_worker_script_upload_version, namespace, script)
        metadata = upload_metadata(bundle, options)
        if notes:
            metadata["annotations"] = notes
        return await self._call(kwargs, Version.from_api, parts=bundle_parts(bundle, metadata))

    def list(self, namespace: str, script: str, *, per_page: int | None = None) -> Pager[Version]:
        """The Worker's versions, newest first: ``async for v in cf.versions.list("tenants", "acme")``.

        ``per_page`` (1 to 100) sizes each page; pages are followed through ``result_info``. Raises
        :class:`~wfp_async.InvalidInput` for a bad name or ``per_page``, before any request.
        """
        size = UNSET if per_page is None else check_int_range(per_page, "per_page", 1, MAX_PER_PAGE)
        kwargs = self._of_script(namespace_worker_script_list_versions, namespace, script, per_page=size)
        return self._pager(kwargs, Version.from_api, key="items")

    async def get(self, namespace: str, script: str, version_id: str) -> Version:
        """One version: ``await cf.versions.get("tenants", "acme", "dc8dcd28-…")``.

        Raises :class:`~wfp_async.InvalidInput` for a malformed id (before any request) and
        :class:`~wfp_async.NotFound` when the script or the version does not exist.
        """
        version = uuid.UUID(check_version_id(version_id))
        kwargs = self._of_script(namespace_worker_script_get_version, namespace, script, version)
        return await self._call(kwargs, Version.from_api)


class DeploymentsResource(Resource):
    """``cf.deployments``: which versions of a Worker serve its traffic; split, read, roll back."""

    __slots__ = ()

    async def create(
        self,
        namespace: str,
        script: str,
        split: Mapping[str, float] | Iterable[tuple[str, float]],
        *,
        message: str | None = None,
    ) -> Deployment:
        """Deploy one version at 100, or split traffic between two: ``{new_id: 10, old_id: 90}``.

        ``await cf.deployments.create("tenants", "acme", {new.id: 10, old.id: 90}, message="canary")``.
        One or two well-formed version ids, percentages from 0 to 100 summing to 100, or
        :class:`~wfp_async.InvalidInput` before any request; a version Cloudflare does not know raises
        :class:`~wfp_async.ValidationError`. Retried like a PUT: sending the same split twice is harmless.
        """
        body = DeploymentCreate.from_dict(deployment_body(split, message))
        kwargs = self._of_script(namespace_worker_script_create_deployment, namespace, script, body=body)
        return await self._call(kwargs, Deployment.from_api, idempotent=True)

    def list(self, namespace: str, script: str) -> Pager[Deployment]:
        """The Worker's deployments, newest (the one serving traffic) first.

        ``history = await cf.deployments.list("tenants", "acme")``. Raises
        :class:`~wfp_async.NotFound` when the script does not exist.
        """
        kwargs = self._of_script(namespace_worker_script_list_deployments, namespace, script)
        return self._pager(kwargs, Deployment.from_api, key="deployments")

    async def get(self, namespace: str, script: str) -> Deployment | None:
        """The deployment serving traffic now (None if the Worker has none).

        ``current = await cf.deployments.get("tenants", "acme"); current.split``. Raises
        :class:`~wfp_async.NotFound` when the script does not exist.
        """
        async for deployment in self.list(namespace, script):
            return deployment
        return None

    async def rollback(
        self, namespace: str, script: str, version_id: str | None = None, *, message: str | None = None
    ) -> Deployment:
        """Send all traffic to one version: ``version_id``, or (None) the last one that served 100%.

        ``await cf.deployments.rollback("tenants", "acme")`` replaces a split (or a single version) with
        the newest earlier deployment that had one version at 100 and differs from now. A rollback is a
        new deployment of that version at 100. Raises :class:`~wfp_async.InvalidInput` when no earlier
        deployment qualifies (pass ``version_id``) or for a malformed id. It is named for its task, not a
        verb: it reads the deployments, then creates one (given ``version_id``, it is :meth:`create`).
        """
        if version_id is not None:
            return await self.create(namespace, script, {check_version_id(version_id): 100}, message=message)
        version_annotations(message)  # checked before the list request, like every argument
        history = await self.list(namespace, script)
        current = history[0].split if history else {}
        for earlier in history[1:]:
            if list(earlier.split.values()) == [100] and dict(earlier.split) != dict(current):
                return await self.create(namespace, script, {earlier.version_ids[0]: 100}, message=message)
        raise InvalidInput(f"{script} has no earlier deployment of one version at 100%: pass version_id")
