"""Versions and deployments of a user Worker, with Cloudflare's documented semantics.

From workers-for-platforms/configuration/versioning (versions, rollout, rollback) and the account-level
Workers pages they mirror:

- a version upload (``POST …/versions``) stores a version and serves nothing: the script's content,
  settings and bindings stay those of the deployed version;
- a plain upload (and a content PUT or settings PATCH) makes a version and deploys it at 100% at once;
- a deployment (``POST …/deployments``) names one or two versions of the script whose percentages (0 to
  100) sum to 100; the script then shows the version with the largest share;
- a rollback is a deployment of one version at 100; the 100 most recent versions remain available;
- secrets are versioned with the code (workers/configuration/secrets): a version's bindings list its
  secrets (names and types, never values), a secret put, deleted or patched is a new version deployed
  at 100% at once, and a version upload carries only the secrets its metadata sets or keeps. A secret
  change while the latest version is not the only one deployed (a split, or a version uploaded and not
  deployed) is refused with 400 and code 10215, "Secret edit failed. ..." (the message wrangler users
  see: cloudflare/workers-sdk #6763, #10585; the status is assumed). Tags stay the script's.

Each function takes already-parsed values, raises :class:`ApiError` for Cloudflare's failures, and
returns JSON-ready results.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ._answers import NOT_FOUND, VALIDATION, ApiError
from ._forms import Part
from ._state import Account

Json = Any

VERSION_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_MESSAGE = 100
MAX_TAG = 25
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100


def _invalid(message: str) -> ApiError:
    return ApiError(400, VALIDATION, message)


def _annotations(value: Json, *, allowed: tuple[str, ...]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _invalid("'annotations' must be an object of strings.")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise _invalid(f"Unknown annotation {unknown[0]!r}; allowed: {', '.join(allowed)}.")
    message, tag = value.get("workers/message"), value.get("workers/tag")
    if message is not None and len(message) > MAX_MESSAGE:
        raise _invalid(f"'workers/message' is longer than {MAX_MESSAGE} characters.")
    if tag is not None and len(tag) > MAX_TAG:
        raise _invalid(f"'workers/tag' is longer than {MAX_TAG} characters.")
    return dict(value)


def upload_version(account: Account, ns_name: str, name: str, parts: list[Part]) -> dict[str, Json]:
    """POST a version: built like an upload, kept, and not deployed. The script must exist (404 10007)."""
    account.script(ns_name, name)  # 404 before parsing the body, as for every script sub-resource
    _, previous, candidate, meta = account._build_script(ns_name, name, parts, strict=False)
    assert previous is not None
    notes = _annotations(meta.get("annotations"), allowed=("workers/message", "workers/tag"))
    record = account.record_version_of(previous, candidate, notes)
    return record.to_json()


def _version_id(value: str) -> str:
    if not VERSION_ID.match(value):
        raise ApiError(400, 10004, f"Malformed version id {value!r}: expected a lowercase UUID.")
    return value


def list_versions(
    account: Account, ns_name: str, name: str, page: int, per_page: int
) -> tuple[dict[str, Json], dict[str, Json]]:
    """GET versions, newest first: (``{"items": [...]}``, ``result_info``)."""
    _, script = account.script(ns_name, name)
    newest = list(reversed(script.versions))
    chunk = newest[(page - 1) * per_page : page * per_page]
    total_pages = max(1, math.ceil(len(newest) / per_page))
    info = {
        "page": page,
        "per_page": per_page,
        "count": len(chunk),
        "total_count": len(newest),
        "total_pages": total_pages,
    }
    return {"items": [v.to_json() for v in chunk]}, info


def get_version(account: Account, ns_name: str, name: str, version_id: str) -> dict[str, Json]:
    """GET one version, or 404 10007."""
    _, script = account.script(ns_name, name)
    version = script.version(_version_id(version_id))
    if version is None:
        raise ApiError(404, NOT_FOUND, f"Version {version_id} not found for script {name!r}.")
    return version.to_json()


def _split(body: Json, known: set[str]) -> list[dict[str, Json]]:
    if not isinstance(body, dict):
        raise _invalid("The request body must be a JSON object.")
    if body.get("strategy") != "percentage":
        raise _invalid("'strategy' must be \"percentage\".")
    versions = body.get("versions")
    if not isinstance(versions, list) or not 1 <= len(versions) <= 2:
        raise _invalid("A deployment must name one or two versions.")
    result: list[dict[str, Json]] = []
    for entry in versions:
        if not isinstance(entry, dict):
            raise _invalid("Each deployment version must be an object.")
        version_id, percentage = entry.get("version_id"), entry.get("percentage")
        if not isinstance(version_id, str) or not VERSION_ID.match(version_id):
            raise _invalid(f"Malformed version id {version_id!r}.")
        if version_id not in known:
            raise _invalid(f"Version {version_id} does not belong to this script.")
        if any(v["version_id"] == version_id for v in result):
            raise _invalid(f"Version {version_id} is named twice.")
        if isinstance(percentage, bool) or not isinstance(percentage, int | float):
            raise _invalid("Each deployment version needs a numeric 'percentage'.")
        if not math.isfinite(percentage) or not 0 <= percentage <= 100:
            raise _invalid("Each 'percentage' must be from 0 to 100.")
        result.append({"version_id": version_id, "percentage": percentage})
    total = math.fsum(float(v["percentage"]) for v in result)
    if not math.isclose(total, 100.0, rel_tol=0, abs_tol=1e-9):
        raise _invalid(f"The percentages must sum to 100, not {total:g}.")
    return result


def create_deployment(account: Account, ns_name: str, name: str, body: Json) -> dict[str, Json]:
    """POST a deployment of one or two of the script's versions; the script shows the primary one."""
    _, script = account.script(ns_name, name)
    versions = _split(body, {v.id for v in script.versions})
    notes = _annotations(body.get("annotations"), allowed=("workers/message",))
    record = account.deploy(script, versions, "deployment", notes)
    script.modified_on = record.created_on
    return record.to_json()


def list_deployments(account: Account, ns_name: str, name: str) -> dict[str, Json]:
    """GET deployments, newest (the one serving) first."""
    _, script = account.script(ns_name, name)
    return {"deployments": [d.to_json() for d in reversed(script.deployments)]}
