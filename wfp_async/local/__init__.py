"""A local Workers for Platforms: tenant Workers uploaded to the emulator run in workerd, behind a dispatcher.

``LocalPlatform`` serves the emulator's Cloudflare API and a dispatch endpoint; every tenant uploaded
through the API (by this SDK, the official SDKs, wrangler or curl) answers there on its next request::

    with LocalPlatform(Emulator()) as local:
        ...  # upload with WfpClient(base_url=local.api_url, ...), then GET local.url("acme", "/")

From a shell: ``wfp dev``. Pytest fixture: ``wfp_local`` (module ``wfp_async.local._pytest_plugin``).
workerd comes from npm (``make tools``); :class:`WorkerdMissing` says so when it is absent.

The names below are imported on first use, so that importing the pytest plugin (loaded by every pytest
run once the package is installed) needs neither starlette nor uvicorn until a platform is started.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wfp_async._lazy import lazy_exports

if TYPE_CHECKING:
    from wfp_async._errors import RuntimeFailed, WorkerdMissing

    from ._platform import LocalPlatform
    from ._workerd import find_workerd

__all__ = ["LocalPlatform", "RuntimeFailed", "WorkerdMissing", "find_workerd"]

_HOMES = {
    "LocalPlatform": "._platform",
    "RuntimeFailed": "wfp_async._errors",
    "WorkerdMissing": "wfp_async._errors",
    "find_workerd": "._workerd",
}


__getattr__ = lazy_exports(__name__, _HOMES)
