"""A script's settings: read them, and change some of them (omitted fields stay unchanged)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from wfp_async._errors import InvalidInput
from wfp_async._metadata import Binding, UploadOptions, options_json
from wfp_async._models import Settings
from wfp_async.resources._base import Resource
from wfp_async_generated.api.settings import (
    namespace_worker_get_script_settings,
    namespace_worker_patch_script_settings,
)

__all__ = ["SettingsResource"]


class SettingsResource(Resource):
    """``cf.settings``: a script's bindings, compatibility, limits, observability and more."""

    __slots__ = ()

    async def get(self, namespace: str, script: str) -> Settings:
        """The script's settings: ``s = await cf.settings.get("tenants", "acme"); s.compatibility_date``.

        Raises :class:`~wfp_async.NotFound` when the script does not exist.
        """
        return await self._call(
            self._of_script(namespace_worker_get_script_settings, namespace, script), Settings.from_api
        )

    async def patch(
        self,
        namespace: str,
        script: str,
        *,
        bindings: Iterable[Binding] | None = None,
        compatibility_date: str | None = None,
        compatibility_flags: Iterable[str] | None = None,
        tags: Iterable[str] | None = None,
        usage_model: str | None = None,
        logpush: bool | None = None,
        limits: Mapping[str, object] | None = None,
        observability: Mapping[str, object] | None = None,
        placement: Mapping[str, object] | None = None,
        tail_consumers: Iterable[Mapping[str, object]] | None = None,
        migrations: Mapping[str, object] | None = None,
    ) -> Settings:
        """Change the given settings and leave the rest as they are; return the settings after it.

        ``await cf.settings.patch("tenants", "acme", logpush=True, tags=["plan-pro"])``. Values are
        checked as for uploads (raises :class:`~wfp_async.InvalidInput` before any request);
        :class:`~wfp_async.NotFound` when the script does not exist.
        """
        options = UploadOptions(
            bindings=bindings,
            compatibility_date=compatibility_date,
            compatibility_flags=compatibility_flags,
            tags=tags,
            usage_model=usage_model,
            logpush=logpush,
            limits=limits,
            observability=observability,
            placement=placement,
            tail_consumers=tail_consumers,
            migrations=migrations,
        )
        # The options' JSON, checked and encoded once when they were made, is the one `settings` part.
        settings_json = options_json(options)
        if settings_json == b"{}":
            raise InvalidInput("no setting to change: pass at least one keyword argument")
        kwargs = self._of_script(namespace_worker_patch_script_settings, namespace, script)
        parts = [("settings", None, settings_json, "application/json")]
        return await self._call(kwargs, Settings.from_api, parts=parts)
