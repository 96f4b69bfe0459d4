"""A local Workers for Platforms: tenant Workers uploaded to the emulator run in workerd, behind a dispatcher.

``LocalPlatform`` serves the emulator's Cloudflare API and a dispatch endpoint; every tenant uploaded
through the API (by this SDK, the official SDKs, wrangler or curl) answers there on its next request::

    with LocalPlatform(Emulator()) as local:
        ...  # upload with WfpClient(base_url=local.api_url, ...), then GET local.url("acme", "/")

From a shell: ``wfp dev``. Pytest fixture: ``wfp_local`` (module ``wfp_async.local._pytest_plugin``).
workerd comes from npm (``make tools``); :class:`WorkerdMissing` says so when it is absent.
"""

from __future__ import annotations

from ._errors import RuntimeFailed, WorkerdMissing
from ._platform import LocalPlatform
from ._workerd import find_workerd

__all__ = ["LocalPlatform", "RuntimeFailed", "WorkerdMissing", "find_workerd"]
