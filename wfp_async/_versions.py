"""Versions and deployments of a user Worker: the typed results, and the checks made before any request.

A version is an uploaded Worker that serves nothing until a deployment names it; a deployment sends
traffic to one version, or splits it between two by percentage (a gradual rollout). Cloudflare documents
both for Workers for Platforms (workers-for-platforms/configuration/versioning), though its published
spec does not have them yet. :func:`deployment_body` checks a split exactly as Cloudflare's docs state:
one or two well-formed version ids, percentages from 0 to 100 that sum to 100.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType

import attrs

from wfp_async._errors import InvalidInput, SchemaMismatch
from wfp_async._models import Shape, _FromAPI, _key, as_object
from wfp_async._names import CONTROL

__all__ = [
    "Deployment",
    "Version",
    "check_version_id",
    "deployment_body",
    "version_annotations",
]

MAX_VERSIONS = 2  # "A deployment can consist of one or two versions"
MAX_MESSAGE = 100  # characters of "workers/message", as wrangler's --message allows
MAX_TAG = 25  # characters of "workers/tag"
MESSAGE = "workers/message"
TAG = "workers/tag"
_EMPTY: Mapping[str, str] = MappingProxyType({})


def check_version_id(value: object, what: str = "version_id") -> str:
    """A version id as Cloudflare writes it (a lowercase UUID); a ``uuid.UUID`` is accepted too.

    ``check_version_id("DC8DCD28-271B-4367-9840-6C244F84CB40")`` returns it in lowercase; anything else
    raises :class:`~wfp_async.InvalidInput`, before any request.
    """
    if isinstance(value, uuid.UUID):
        return str(value)
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be a version id (a UUID str), not {type(value).__name__}")
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        parsed = None
    # uuid.UUID also accepts braces, "urn:uuid:" and missing hyphens: only the canonical form travels.
    if parsed is None or str(parsed) != value.lower():
        raise InvalidInput(
            f"{what} must be a UUID like 'dc8dcd28-271b-4367-9840-6c244f84cb40', not {value!r}"
        )
    return str(parsed)


def _check_text(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{what} must be a non-empty str, not {type(value).__name__}")
    if len(value) > limit:
        raise InvalidInput(f"{what} is {len(value)} characters long; at most {limit} are allowed")
    if CONTROL.search(value):
        raise InvalidInput(f"{what} contains a control character")
    return value


def version_annotations(message: str | None, tag: str | None = None) -> dict[str, str]:
    """The ``annotations`` object of a version upload or a deployment: only what is set.

    ``version_annotations("fix the cart", "v1.2.0")`` is
    ``{"workers/message": "fix the cart", "workers/tag": "v1.2.0"}``; a message over 100 characters or a tag
    over 25 raises :class:`~wfp_async.InvalidInput`.
    """
    result: dict[str, str] = {}
    if message is not None:
        result[MESSAGE] = _check_text(message, "message", MAX_MESSAGE)
    if tag is not None:
        result[TAG] = _check_text(tag, "tag", MAX_TAG)
    return result


def deployment_body(
    split: Mapping[str, float] | Iterable[tuple[str, float]], message: str | None = None
) -> dict[str, object]:
    """The JSON of a deployment: ``{"strategy": "percentage", "versions": [...], "annotations"?}``.

    ``split`` maps each version id to its percentage: ``{new: 10, old: 90}``. One or two versions, no id
    twice, each percentage from 0 to 100, together exactly 100 (to 1e-9, so ``33.3 + 66.7`` passes);
    anything else raises :class:`~wfp_async.InvalidInput`.
    """
    if isinstance(split, str | bytes):
        raise InvalidInput("split must map version ids to percentages, not a str")
    try:
        pairs = list(split.items()) if isinstance(split, Mapping) else list(split)
    except TypeError:
        raise InvalidInput(f"split must map version ids to percentages, not {type(split).__name__}") from None
    if not 1 <= len(pairs) <= MAX_VERSIONS:
        raise InvalidInput(f"a deployment names one or two versions, not {len(pairs)}")
    chosen: dict[str, float] = {}
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise InvalidInput("split must map version ids to percentages: (version_id, percentage) pairs")
        version_id = check_version_id(pair[0])
        if version_id in chosen:
            raise InvalidInput(f"version {version_id} is named twice")
        value = pair[1]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInput(f"the percentage of {version_id} must be a number, not {type(value).__name__}")
        if not math.isfinite(value) or not 0 <= value <= 100:
            raise InvalidInput(f"the percentage of {version_id} must be from 0 to 100, not {value!r}")
        chosen[version_id] = value
    total = math.fsum(chosen.values())
    if not math.isclose(total, 100.0, rel_tol=0, abs_tol=1e-9):
        raise InvalidInput(f"the percentages must sum to 100, not {total:g}")
    versions = [{"version_id": version_id, "percentage": value} for version_id, value in chosen.items()]
    body: dict[str, object] = {"strategy": "percentage", "versions": versions}
    notes = version_annotations(message)
    if notes:
        body["annotations"] = notes
    return body


def _annotations(value: object, where: str, key: str) -> Mapping[str, str]:
    if type(value) is not dict or not all(type(v) is str for v in value.values()):
        raise SchemaMismatch(f"{where}.{key}", "an object of strings", value)
    return MappingProxyType(dict(value))


def _split(value: object, where: str, key: str) -> Mapping[str, float]:
    """A deployment's ``versions`` as ``{version_id: percentage}``, in Cloudflare's order."""
    if type(value) is not list:
        raise SchemaMismatch(f"{where}.{key}", "a list", value)
    split: dict[str, float] = {}
    for i, item in enumerate(value):
        entry = as_object(item, f"{where}.{key}[{i}]")
        version_id = entry.get("version_id")
        if version_id is None:
            raise SchemaMismatch(f"{where}.{key}[{i}].version_id", "present", None)
        try:
            version_id = str(uuid.UUID(version_id))
        except (TypeError, ValueError, AttributeError):
            # The deployment as a whole is named, as when the spec's model read it.
            raise SchemaMismatch(where, "a deployment whose version ids are UUIDs", version_id) from None
        percentage = entry.get("percentage")
        if type(percentage) is not int and type(percentage) is not float:
            expected = "present" if percentage is None else "a number"
            raise SchemaMismatch(f"{where}.{key}[{i}].percentage", expected, percentage)
        split[version_id] = percentage
    return MappingProxyType(split)


_ANNOTATIONS = (_annotations, _EMPTY)


@attrs.frozen
class Version(_FromAPI):
    """One uploaded version of a Worker: its id, number, annotations and audit fields.

    ``version = await cf.versions.create("tenants", "acme", bundle, message="new cart")``, then
    ``version.id`` goes into a deployment. ``message``/``tag`` are its ``workers/message``/``workers/tag``.
    """

    id: str
    number: int | None = None
    created_on: datetime | None = attrs.field(default=None, metadata=_key("metadata.created_on"))
    source: str | None = attrs.field(default=None, metadata=_key("metadata.source"))
    author_email: str | None = attrs.field(default=None, metadata=_key("metadata.author_email"))
    annotations: Mapping[str, str] = attrs.field(default=_EMPTY, repr=False)
    startup_time_ms: int | None = None
    extra: Mapping[str, object] = attrs.field(default=_EMPTY, repr=False)

    @property
    def message(self) -> str | None:
        """The version's ``workers/message`` annotation, or None: ``version.message``."""
        return self.annotations.get(MESSAGE)

    @property
    def tag(self) -> str | None:
        """The version's ``workers/tag`` annotation, or None: ``version.tag``."""
        return self.annotations.get(TAG)


Version._shape = VERSION = Shape(
    Version,
    "Version",
    {"resources": dict},
    readers={"annotations": _ANNOTATIONS},
)


@attrs.frozen
class Deployment(_FromAPI):
    """Which versions of a Worker serve its traffic, and how much each: ``{version_id: percentage}``.

    ``current = await cf.deployments.get("tenants", "acme")``; ``current.split`` is e.g.
    ``{"<new>": 10, "<old>": 90}``, ``current.version_ids`` the ids in the order Cloudflare lists them.
    ``Deployment.from_api({"id": "d1", "versions": [{"version_id": "…", "percentage": 100}]})`` reads one.
    """

    id: str | None
    split: Mapping[str, float] = attrs.field(default=_EMPTY, metadata=_key("versions"))
    strategy: str | None = None
    created_on: datetime | None = None
    source: str | None = None
    author_email: str | None = None
    annotations: Mapping[str, str] = attrs.field(default=_EMPTY, repr=False)
    extra: Mapping[str, object] = attrs.field(default=_EMPTY, repr=False)

    @property
    def version_ids(self) -> tuple[str, ...]:
        """The deployed version ids, as listed: ``current.version_ids[0]``."""
        return tuple(self.split)

    @property
    def message(self) -> str | None:
        """The deployment's ``workers/message`` annotation, or None: ``current.message``."""
        return self.annotations.get(MESSAGE)


Deployment._shape = DEPLOYMENT = Shape(
    Deployment, "Deployment", readers={"split": (_split, _EMPTY), "annotations": _ANNOTATIONS}
)
