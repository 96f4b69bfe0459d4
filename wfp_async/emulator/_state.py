"""The emulator's in-memory model of one account, and the operations that change it.

Everything here is synchronous: an operation reads and writes the model without awaiting, so concurrent
requests served by one event loop never interleave inside an operation. Operations take already-parsed
request values, raise :class:`~wfp_async.emulator._answers.ApiError` for Cloudflare's failures, and return
JSON-ready results. Secret values are stored but never leave through any ``*_json`` method.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import secrets
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import attrs

from ._answers import (
    INVALID_NAME,
    MALFORMED_URL,
    NAME_TAKEN,
    NOT_FOUND,
    SECRET_EDIT_REFUSED,
    VALIDATION,
    ApiError,
)
from ._forms import Part, media_type
from ._inputs import has_control, load_json

Json = Any
Clock = Callable[[], datetime]

SCRIPT_NAME = re.compile(r"^[a-z0-9_][a-z0-9-_]*$")
NAMESPACE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,62}$")
ASSET_HASH = re.compile(r"^[0-9a-fA-F]{32}$")
# Cloudflare's docs say at most 8 tags per script (workers-for-platforms/configuration/tags.mdx and
# reference/limits.mdx); the spec's schema allows 10 (`workers_tags.maxItems`). The live API is what the
# docs describe, so the emulator refuses a ninth tag: a platform tested here never relies on 9 or 10.
MAX_TAGS = 8
# Rollbacks reach the 100 most recent versions (changelog 2025-09-11, "rollback limit increased to 100").
MAX_VERSIONS_KEPT = 100
MODULE_TYPES = frozenset(
    {
        "application/javascript+module",
        "text/javascript+module",
        "application/javascript",
        "text/javascript",
        "text/x-python",
        "text/x-python-requirement",
        "application/wasm",
        "text/plain",
        "application/octet-stream",
        "application/source-map",
    }
)
SECRET_TYPES = frozenset({"secret_text", "secret_key"})
SECRET_VALUE_FIELDS = ("text", "key_base64", "key_jwk")
SETTINGS_FIELDS = (
    "compatibility_date",
    "compatibility_flags",
    "limits",
    "logpush",
    "observability",
    "placement",
    "tail_consumers",
    "usage_model",
    "cache_options",
    "exports",
)
_HANDLER_ES = re.compile(
    r"\b(fetch|scheduled|queue|tail|email|trace|alarm|test)\s*(?:\(|:\s*(?:async\s+)?(?:function|\())"
)
_HANDLER_SW = re.compile(r"addEventListener\(\s*[\"'](\w+)[\"']")


SECRET_EDIT_MESSAGE = (
    "Secret edit failed. You attempted to modify a secret, but the latest version of your Worker isn't "
    "currently deployed. Please ensure that the latest version of your Worker is fully deployed (wrangler "
    "versions deploy) before modifying secrets. Alternatively, you can use the Cloudflare dashboard to "
    "modify secrets and deploy the version."
)


def _check_secrets_editable(script: Script) -> None:
    """Cloudflare refuses a secret change (400, code 10215) while the latest version is not the only one
    deployed: during a split, or with a version uploaded and not deployed (the message wrangler shows,
    cloudflare/workers-sdk issues #6763 and #10585). The 400 status is assumed, as for code 10214."""
    if not script.versions or not script.deployments:
        return
    serving = script.deployments[-1].versions
    if [(v["version_id"], v["percentage"]) for v in serving] != [(script.versions[-1].id, 100)]:
        raise ApiError(400, SECRET_EDIT_REFUSED, SECRET_EDIT_MESSAGE)


def invalid(message: str) -> ApiError:
    """A 400 with code 10021 (the request failed validation)."""
    return ApiError(400, VALIDATION, message)


def rfc3339(moment: datetime) -> str:
    """``2024-05-01T12:00:00.123456Z``."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def public_secret(secret: dict[str, Json]) -> dict[str, Json]:
    """A secret as the API shows it: everything but its value."""
    return {k: v for k, v in secret.items() if k not in SECRET_VALUE_FIELDS}


@attrs.define
class Module:
    """One uploaded module: name, exact bytes, and the Content-Type it came with (None if none)."""

    name: str
    content: bytes
    content_type: str | None


@attrs.define
class AssetFile:
    """One asset file held by the account, addressed by its hash."""

    content: bytes
    content_type: str | None


@attrs.define
class UploadSession:
    """An assets upload session: which hashes it may receive and which are still missing."""

    jwt: str
    namespace_id: str
    script: str
    manifest: dict[str, str]
    allowed: frozenset[str]
    pending: set[str]
    completion: str | None = None


@attrs.define
class Completion:
    """What a completion token stands for: the manifest (path -> hash) of one script's assets."""

    namespace_id: str
    script: str
    manifest: dict[str, str]


@attrs.define
class VersionRecord:
    """One version of a script: a snapshot of what it runs (modules, settings, bindings, secrets, assets)
    and its annotations. Tags belong to the script and are not in the snapshot.

    Secrets are versioned with the code, as Cloudflare's docs say: a version's bindings include its
    secrets (workers/configuration/versions-and-deployments: versions track bindings; secrets are
    bindings, workers/configuration/secrets), and a secret put or deleted through the API is a new
    version deployed at once ("wrangler secret put creates a new version of the Worker and deploys it
    immediately", same page)."""

    id: str
    number: int
    created_on: str
    source: str
    annotations: dict[str, str]
    snapshot: Script

    def to_json(self) -> dict[str, Json]:
        """The version object (account-level Workers' shape: id, number, metadata, annotations, resources)."""
        runtime = {"compatibility_flags": self.snapshot.settings.get("compatibility_flags") or []}
        for key in ("compatibility_date", "usage_model"):
            if key in self.snapshot.settings:
                runtime[key] = self.snapshot.settings[key]
        return {
            "id": self.id,
            "number": self.number,
            "metadata": {
                "created_on": self.created_on,
                "modified_on": self.created_on,
                "source": self.source,
                "author_email": "emulator@example.com",
            },
            "annotations": dict(self.annotations),
            "resources": {
                "script": {"etag": self.snapshot.etag, "handlers": self.snapshot.handlers()},
                "script_runtime": runtime,
                "bindings": self.snapshot.bindings_json(),
            },
        }


@attrs.define
class DeploymentRecord:
    """One deployment: which versions serve the script's traffic, by percentage."""

    id: str
    created_on: str
    source: str
    versions: list[dict[str, Json]]
    annotations: dict[str, str]

    def to_json(self) -> dict[str, Json]:
        """The deployment object."""
        return {
            "id": self.id,
            "created_on": self.created_on,
            "source": self.source,
            "strategy": "percentage",
            "author_email": "emulator@example.com",
            "versions": [dict(v) for v in self.versions],
            "annotations": dict(self.annotations),
        }

    def primary(self) -> str:
        """The version whose content and settings the script shows: the largest share (first on a tie)."""
        return str(max(self.versions, key=lambda v: v["percentage"])["version_id"])


@attrs.define
class Script:
    """A Worker in a dispatch namespace: modules, settings, bindings, secrets, tags, assets.

    Its fields are what the deployed version runs (the version with the largest share of a split); its
    ``versions`` (oldest first) and ``deployments`` (oldest first, the last one serving) keep the rest.
    """

    name: str
    tag: str
    created_on: str
    modified_on: str
    modules: list[Module]
    main_module: str | None
    body_part: str | None
    settings: dict[str, Json] = attrs.field(factory=dict)
    bindings: list[dict[str, Json]] = attrs.field(factory=list)
    secrets: dict[str, dict[str, Json]] = attrs.field(factory=dict)
    tags: list[str] = attrs.field(factory=list)
    assets: dict[str, str] | None = None
    assets_config: dict[str, Json] | None = None
    migration_tag: str | None = None
    etag: str = ""
    version_id: str = ""
    versions: list[VersionRecord] = attrs.field(factory=list)
    deployments: list[DeploymentRecord] = attrs.field(factory=list)
    version_count: int = 0

    # The upload answer's `deployment_id` is the new version's id: wrangler prints it as "Current Version ID"
    # (it reads `result.deployment_id`, workers-sdk deploy.ts). An upload or a content PUT makes a version.

    def snapshot(self) -> Script:
        """A copy of what this script runs now, secrets included, for a version (no tags or history)."""
        return attrs.evolve(
            self,
            modules=list(self.modules),
            settings=dict(self.settings),
            bindings=[dict(b) for b in self.bindings],
            secrets={name: dict(secret) for name, secret in self.secrets.items()},
            tags=[],
            assets=None if self.assets is None else dict(self.assets),
            assets_config=None if self.assets_config is None else dict(self.assets_config),
            versions=[],
            deployments=[],
        )

    def serve(self, version: VersionRecord) -> None:
        """Show ``version``'s content, settings and secrets as the script's own (now the deployed one)."""
        shot = version.snapshot
        self.modules, self.main_module, self.body_part = list(shot.modules), shot.main_module, shot.body_part
        self.settings, self.bindings = dict(shot.settings), [dict(b) for b in shot.bindings]
        self.secrets = {name: dict(secret) for name, secret in shot.secrets.items()}
        self.assets, self.assets_config = shot.assets, shot.assets_config
        self.migration_tag, self.etag, self.version_id = shot.migration_tag, shot.etag, version.id

    def version(self, version_id: str) -> VersionRecord | None:
        """The version called ``version_id``, or None."""
        return next((v for v in self.versions if v.id == version_id), None)

    def runnable(self, version_id: str) -> Script:
        """What ``version_id`` runs, with its own secrets and the script's tags (for the local runtime)."""
        version = self.version(version_id)
        if version is None or version_id == self.version_id:
            return self
        return attrs.evolve(version.snapshot, tags=self.tags, name=self.name)

    @property
    def entry_point(self) -> str:
        """The module named by ``main_module`` or ``body_part``."""
        return self.main_module or self.body_part or ""

    def refresh_etag(self) -> None:
        """Recompute the etag: a hash of the script content only (modules and the entry point).

        Cloudflare's spec defines the etag as "Hashed script content, can be used in a If-None-Match
        header when updating" (``workers_etag``): the same bytes give the same etag, new bytes a new one,
        and tags, bindings, secrets and settings, which are not content, leave it unchanged.
        """
        digest = hashlib.sha256()
        head = [self.main_module or "", self.body_part or ""]
        for field in [f.encode() for f in head]:
            digest.update(len(field).to_bytes(8, "big") + field)
        for module in self.modules:
            for field in (module.name.encode(), (module.content_type or "").encode(), module.content):
                digest.update(len(field).to_bytes(8, "big") + field)
        self.etag = digest.hexdigest()[:32]

    def handlers(self) -> list[str]:
        """Event handlers found in the entry point (a best-effort scan of its source)."""
        entry = next((m for m in self.modules if m.name == self.entry_point), None)
        if entry is None:
            return []
        text = entry.content.decode("utf-8", "replace")
        pattern = _HANDLER_ES if self.main_module else _HANDLER_SW
        return sorted(set(pattern.findall(text)))

    def to_json(self) -> dict[str, Json]:
        """The script object."""
        placement = self.settings.get("placement") or {}
        result: dict[str, Json] = {
            "id": self.name,
            "tag": self.tag,
            "etag": self.etag,
            "handlers": self.handlers(),
            "named_handlers": [],
            "created_on": self.created_on,
            "modified_on": self.modified_on,
            "has_assets": self.assets is not None,
            "has_modules": self.main_module is not None,
            "logpush": bool(self.settings.get("logpush", False)),
            "placement": placement,
            "tags": list(self.tags),
            "tail_consumers": self.settings.get("tail_consumers") or [],
            "compatibility_flags": self.settings.get("compatibility_flags") or [],
        }
        if isinstance(placement, dict) and "mode" in placement:
            result["placement_mode"] = placement["mode"]
        # usage_model only when the upload set it: Cloudflare's spec allows bundled|unbound only.
        for key in ("compatibility_date", "observability", "usage_model"):
            if key in self.settings:
                result[key] = self.settings[key]
        if self.migration_tag is not None:
            result["migration_tag"] = self.migration_tag
        return result

    def upload_json(self) -> dict[str, Json]:
        """The script object as the upload answers it (plus ``entry_point``, ``startup_time_ms`` and the
        new version's id as ``deployment_id``)."""
        return {
            **self.to_json(),
            "entry_point": self.entry_point,
            "startup_time_ms": 0,
            "deployment_id": self.version_id,
        }

    def bindings_json(self) -> list[dict[str, Json]]:
        """Bindings, secrets last and without their values."""
        return [dict(b) for b in self.bindings] + [public_secret(s) for s in self.secrets.values()]

    def settings_json(self) -> dict[str, Json]:
        """The settings object."""
        result: dict[str, Json] = {
            "bindings": self.bindings_json(),
            "compatibility_flags": self.settings.get("compatibility_flags") or [],
            "logpush": bool(self.settings.get("logpush", False)),
            "tags": list(self.tags),
            "tail_consumers": self.settings.get("tail_consumers") or [],
        }
        # Only what was set: an empty placement or an invented usage model is not valid per the spec.
        keys = (
            "compatibility_date",
            "limits",
            "observability",
            "placement",
            "usage_model",
            "cache_options",
            "exports",
        )
        for key in keys:
            if key in self.settings:
                result[key] = self.settings[key]
        return result


@attrs.define
class Namespace:
    """A dispatch namespace and the scripts it holds (by name, in upload order)."""

    namespace_id: str
    name: str
    trusted_workers: bool
    created_on: str
    modified_on: str
    created_by: str
    modified_by: str
    scripts: dict[str, Script] = attrs.field(factory=dict)

    def to_json(self) -> dict[str, Json]:
        """The namespace object; ``script_count`` is always the true count."""
        return {
            "namespace_id": self.namespace_id,
            "namespace_name": self.name,
            "script_count": len(self.scripts),
            "trusted_workers": self.trusted_workers,
            "created_on": self.created_on,
            "created_by": self.created_by,
            "modified_on": self.modified_on,
            "modified_by": self.modified_by,
        }

    def script_item_json(self, script: Script) -> dict[str, Json]:
        """One item of the script list / the script details answer."""
        return {
            "created_on": script.created_on,
            "modified_on": script.modified_on,
            "dispatch_namespace": self.name,
            "script": script.to_json(),
        }


# ---------------------------------------------------------------- request value checks


def _object(body: Json, what: str = "request body") -> dict[str, Json]:
    if not isinstance(body, dict):
        raise invalid(f"The {what} must be a JSON object.")
    return body


def _tags(value: Json) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(t, str) and t for t in value):
        raise invalid("Tags must be a list of non-empty strings.")
    unique = list(dict.fromkeys(value))
    if len(unique) > MAX_TAGS:
        raise invalid(f"A Worker can have at most {MAX_TAGS} tags, got {len(unique)}.")
    return unique


def _secret(value: Json, name: str | None = None) -> dict[str, Json]:
    secret = dict(_object(value, "secret"))
    if name is not None:
        secret.setdefault("name", name)
        if secret["name"] != name:
            raise invalid(f"Secret name {secret['name']!r} does not match its key {name!r}.")
    if not isinstance(secret.get("name"), str) or not secret["name"]:
        raise invalid("A secret needs a non-empty string 'name'.")
    kind = secret.get("type")
    if kind == "secret_text":
        if not isinstance(secret.get("text"), str):
            raise invalid(f"Secret {secret['name']!r}: 'text' must be a string.")
    elif kind == "secret_key":
        fmt = secret.get("format")
        if fmt not in ("raw", "pkcs8", "spki", "jwk"):
            raise invalid(f"Secret {secret['name']!r}: 'format' must be raw, pkcs8, spki or jwk.")
        field = "key_jwk" if fmt == "jwk" else "key_base64"
        if field not in secret:
            raise invalid(f"Secret {secret['name']!r}: format {fmt} needs '{field}'.")
    else:
        raise invalid(f"Secret {secret['name']!r}: 'type' must be secret_text or secret_key.")
    return secret


def _bindings(value: Json) -> list[dict[str, Json]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise invalid("'bindings' must be a list.")
    seen: set[str] = set()
    result: list[dict[str, Json]] = []
    for item in value:
        binding = _object(item, "binding")
        name, kind = binding.get("name"), binding.get("type")
        if not isinstance(name, str) or not name or not isinstance(kind, str) or not kind:
            raise invalid("Every binding needs a string 'name' and 'type'.")
        if kind == "inherit" and not isinstance(binding.get("old_name", name), str):
            raise invalid(f"Binding {name!r}: 'old_name' must be a string.")
        if name in seen:
            raise invalid(f"Binding name {name!r} is used more than once.")
        seen.add(name)
        result.append(dict(binding))
    return result


def parse_tag_filter(raw: str | None) -> list[tuple[str, bool]]:
    """``production:yes,staging:no`` -> [("production", True), ("staging", False)]."""
    if raw is None or raw == "":
        return []
    result: list[tuple[str, bool]] = []
    for item in raw.split(","):
        name, sep, flag = item.partition(":")
        flag = flag.strip().lower() if sep else "yes"
        if not name or flag not in ("yes", "no"):
            raise ApiError(400, MALFORMED_URL, f"Malformed tags filter {raw!r}: expected 'tag:yes,other:no'.")
        result.append((name, flag == "yes"))
    return result


def _matches(script: Script, wanted: list[tuple[str, bool]]) -> bool:
    return all((tag in script.tags) == present for tag, present in wanted)


# ---------------------------------------------------------------- the account


@attrs.define
class Account:
    """All state of one emulated account: namespaces, asset files, upload sessions, completion tokens."""

    account_id: str
    clock: Clock = attrs.field(factory=lambda: lambda: datetime.now(UTC))
    ids: random.Random = attrs.field(factory=random.Random)
    bucket_size: int = 10
    namespaces: dict[str, Namespace] = attrs.field(factory=dict)
    asset_files: dict[str, AssetFile] = attrs.field(factory=dict)
    sessions: dict[str, UploadSession] = attrs.field(factory=dict)
    completions: dict[str, Completion] = attrs.field(factory=dict)

    def now(self) -> str:
        """The current time, RFC 3339."""
        return rfc3339(self.clock())

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.ids.getrandbits(128), version=4))

    @staticmethod
    def _jwt(claims: dict[str, Json]) -> str:
        """A JWT-shaped opaque token (unsigned; the emulator only compares tokens)."""

        def seg(obj: Json) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

        return ".".join([seg({"alg": "HS256", "typ": "JWT"}), seg(claims), secrets.token_urlsafe(24)])

    # ------------------------------------------------------------ namespaces

    def namespace(self, name: str) -> Namespace:
        """The namespace called ``name``, or 404 10007."""
        found = self.namespaces.get(name)
        if found is None:
            raise ApiError(404, NOT_FOUND, f"Dispatch namespace {name!r} not found.")
        return found

    def _check_namespace_name(self, name: Json, *, current: str | None = None) -> str:
        if not isinstance(name, str) or not NAMESPACE_NAME.match(name):
            raise ApiError(
                400,
                INVALID_NAME,
                "Namespace names are 1-63 letters, digits, '_', '-' or '.', not starting with '.' or '-'.",
            )
        if name != current and name in self.namespaces:
            raise ApiError(409, NAME_TAKEN, f"A dispatch namespace named {name!r} already exists.")
        return name

    def create_namespace(self, body: Json) -> dict[str, Json]:
        """POST: create a namespace (a name is generated when none is given)."""
        fields = _object(body)
        name = fields.get("name")
        if name is None:
            name = f"namespace-{self.ids.getrandbits(32):08x}"
        name = self._check_namespace_name(name)
        stamp = self.now()
        ns = Namespace(self._uuid(), name, False, stamp, stamp, self.account_id, self.account_id)
        self.namespaces[name] = ns
        return ns.to_json()

    def list_namespaces(self) -> list[dict[str, Json]]:
        """GET: every namespace, in creation order."""
        return [ns.to_json() for ns in self.namespaces.values()]

    def update_namespace(self, name: str, body: Json, *, replace: bool) -> dict[str, Json]:
        """PUT (``replace``: omitted fields reset) or PATCH (omitted fields unchanged)."""
        ns = self.namespace(name)
        fields = _object(body)
        new_name = ns.name if fields.get("name") is None else fields["name"]
        new_name = self._check_namespace_name(new_name, current=ns.name)
        trusted = fields.get("trusted_workers", False if replace else ns.trusted_workers)
        if not isinstance(trusted, bool):
            raise invalid("'trusted_workers' must be a boolean.")
        if new_name != ns.name:
            # Keep creation order: rebuild the mapping with the renamed key in place.
            self.namespaces = {(new_name if k == ns.name else k): v for k, v in self.namespaces.items()}
        ns.name, ns.trusted_workers = new_name, trusted
        ns.modified_on, ns.modified_by = self.now(), self.account_id
        return ns.to_json()

    def delete_namespace(self, name: str) -> None:
        """DELETE: the namespace and all its scripts."""
        self.namespace(name)
        del self.namespaces[name]

    # ------------------------------------------------------------ scripts

    @staticmethod
    def check_script_name(name: str) -> None:
        """400 10016 unless ``name`` matches ``^[a-z0-9_][a-z0-9-_]*$``."""
        if not SCRIPT_NAME.match(name):
            raise ApiError(400, INVALID_NAME, "workers.api.error.invalid_script_name")

    def script(self, ns_name: str, name: str) -> tuple[Namespace, Script]:
        """The namespace and its script ``name``, or 404 10007."""
        self.check_script_name(name)
        ns = self.namespace(ns_name)
        found = ns.scripts.get(name)
        if found is None:
            raise ApiError(404, NOT_FOUND, "workers.api.error.script_not_found")
        return ns, found

    def list_scripts(self, ns_name: str, tags: str | None) -> list[dict[str, Json]]:
        """GET scripts, filtered by ``tags=name:yes,other:no``."""
        ns = self.namespace(ns_name)
        wanted = parse_tag_filter(tags)
        return [ns.script_item_json(s) for s in ns.scripts.values() if _matches(s, wanted)]

    def delete_scripts(self, ns_name: str, tags: str | None, limit: int | None) -> dict[str, Json]:
        """DELETE scripts matching the filter, at most ``limit`` of them."""
        ns = self.namespace(ns_name)
        wanted = parse_tag_filter(tags)
        matched = [name for name, s in ns.scripts.items() if _matches(s, wanted)]
        chosen = matched if limit is None else matched[:limit]
        for name in chosen:
            del ns.scripts[name]
        return {
            "deleted": [{"id": name} for name in chosen],
            "deleted_count": len(chosen),
            "has_more": len(matched) > len(chosen),
        }

    def script_details(self, ns_name: str, name: str) -> dict[str, Json]:
        """GET one script: ``{created_on, modified_on, dispatch_namespace, script}``."""
        ns, script = self.script(ns_name, name)
        return ns.script_item_json(script)

    def delete_script(self, ns_name: str, name: str) -> None:
        """DELETE one script (its asset files stay: they belong to the account)."""
        ns, _ = self.script(ns_name, name)
        del ns.scripts[name]

    @staticmethod
    def _modules(
        parts: Iterable[Part], main_module: Json, body_part: Json
    ) -> tuple[list[Module], str | None, str | None]:
        # A module is named by its part's filename, else by the part name: wrangler and Cloudflare's curl
        # examples send name = filename, the official SDKs send `files` / `files[]` with the module name
        # in the filename, and main_module/body_part name modules "by filename" (Cloudflare's spec).
        modules: list[Module] = []
        names: set[str] = set()
        for part in parts:
            name = part.filename or part.name
            if has_control(name):
                raise invalid(f"Module name {name!r} contains a control character.")
            if name in names:
                raise invalid(f"More than one module is named {name!r}.")
            names.add(name)
            kind = media_type(part.content_type) or "text/plain"
            if kind not in MODULE_TYPES:
                raise invalid(f"Module {name!r} has unsupported content type {part.content_type!r}.")
            modules.append(Module(name, part.data, part.content_type))
        if isinstance(main_module, str) and main_module:
            if main_module in names:
                return modules, main_module, None
        elif isinstance(body_part, str) and body_part and body_part in names:
            return modules, None, body_part
        raise invalid("Main module name is not present in bundle.")

    @staticmethod
    def _split_metadata(parts: list[Part]) -> tuple[dict[str, Json] | None, list[Part]]:
        meta = [p for p in parts if p.name == "metadata"]
        if len(meta) > 1:
            raise invalid("More than one part is named 'metadata'.")
        others = [p for p in parts if p.name != "metadata"]
        if not meta:
            return None, others
        value = load_json(meta[0].data, invalid("could not read content for part metadata"))
        if not isinstance(value, dict):
            raise invalid("could not read content for part metadata")
        return value, others

    def _assets_for(
        self, ns_name: str, name: str, meta: dict[str, Json], previous: Script | None
    ) -> tuple[dict[str, str] | None, dict[str, Json] | None]:
        assets = meta.get("assets")
        if assets is None:
            if meta.get("keep_assets") and previous is not None:
                return previous.assets, previous.assets_config
            return None, None
        assets = _object(assets, "'assets'")
        config = assets.get("config")
        if config is not None:
            config = dict(_object(config, "'assets.config'"))
        jwt = assets.get("jwt")
        if jwt is None:
            if meta.get("keep_assets") and previous is not None and previous.assets is not None:
                return previous.assets, config if config is not None else previous.assets_config
            return None, config
        completion = self.completions.get(jwt) if isinstance(jwt, str) else None
        namespace_id = self.namespaces[ns_name].namespace_id
        if completion is None or (completion.namespace_id, completion.script) != (namespace_id, name):
            raise invalid("The assets completion token is invalid or belongs to another script.")
        return dict(completion.manifest), config

    def upload_script(self, ns_name: str, name: str, parts: list[Part], *, strict: bool) -> dict[str, Json]:
        """PUT a script: a new version, deployed at 100% at once (see :meth:`_build_script` for what a
        re-upload keeps)."""
        ns, previous, script, _ = self._build_script(ns_name, name, parts, strict=strict)
        if previous is not None:
            script.versions, script.deployments = previous.versions, previous.deployments
            script.version_count = previous.version_count
        self.record_version(script, "upload", {})
        self.deploy(script, [{"version_id": script.version_id, "percentage": 100}], "upload", {})
        ns.scripts[name] = script
        return script.upload_json()

    def record_version(self, script: Script, source: str, annotations: dict[str, str]) -> VersionRecord:
        """Keep what ``script`` runs now as its newest version (id: ``script.version_id``)."""
        return self._record(script, script, source, annotations)

    def record_version_of(
        self, script: Script, candidate: Script, annotations: dict[str, str]
    ) -> VersionRecord:
        """Keep what ``candidate`` (an upload not stored) would run as ``script``'s newest version."""
        return self._record(script, candidate, "version_upload", annotations)

    def _record(
        self, script: Script, candidate: Script, source: str, annotations: dict[str, str]
    ) -> VersionRecord:
        # Cloudflare keeps the 100 most recent versions for rollbacks; older ones not deployed are dropped.
        script.version_count += 1
        notes = {**annotations, "workers/triggered_by": source}
        shot = candidate.snapshot()
        record = VersionRecord(candidate.version_id, script.version_count, self.now(), "api", notes, shot)
        script.versions.append(record)
        if len(script.versions) > MAX_VERSIONS_KEPT:
            live = {v["version_id"] for v in script.deployments[-1].versions} if script.deployments else set()
            drop = next((v for v in script.versions if v.id not in live), None)
            if drop is not None:
                script.versions.remove(drop)
        return record

    def deploy(
        self, script: Script, versions: list[dict[str, Json]], source: str, annotations: dict[str, str]
    ) -> DeploymentRecord:
        """A new deployment of ``versions``; the script now shows its primary version."""
        notes = {**annotations, "workers/triggered_by": source}
        record = DeploymentRecord(self._uuid(), self.now(), "api", versions, notes)
        script.deployments.append(record)
        primary = script.version(record.primary())
        if primary is not None and primary.id != script.version_id:
            script.serve(primary)
        return record

    def _build_script(
        self, ns_name: str, name: str, parts: list[Part], *, strict: bool
    ) -> tuple[Namespace, Script | None, Script, dict[str, Json]]:
        """(namespace, the script now, the script the upload makes, metadata); nothing is stored.

        What a re-upload keeps, with the source of each rule (README, "Proven with clients we did not
        write"): modules are named by filename, else part name (spec: "by filename"); bindings and
        secrets not in the metadata are dropped unless their type is in ``keep_bindings`` or an
        ``inherit`` binding names them (docs: configuration/bindings); tags are kept when ``tags`` is
        absent or null (docs silent; wrangler relies on it); version settings such as
        ``compatibility_date`` come from this upload only; assets survive only with ``keep_assets``;
        the migration tag survives until ``migrations.new_tag`` moves it.
        """
        self.check_script_name(name)
        ns = self.namespace(ns_name)
        meta, module_parts = self._split_metadata(parts)
        if meta is None:
            raise invalid("could not read content for part metadata")
        modules, main_module, body_part = self._modules(
            module_parts, meta.get("main_module"), meta.get("body_part")
        )
        previous = ns.scripts.get(name)
        # Tags belong to the script, not to a version: an upload without `tags` (or with null) keeps them.
        # Cloudflare's docs are silent; wrangler re-uploads without `tags` and then PATCHes settings only
        # when its tags differ from the existing ones (workers-sdk deploy.ts), which needs them kept.
        kept = list(previous.tags) if previous else []
        tags = kept if meta.get("tags") is None else _tags(meta["tags"])
        new_bindings = _bindings(meta.get("bindings"))
        keep = meta.get("keep_bindings") or []
        if not isinstance(keep, list) or not all(isinstance(k, str) for k in keep):
            raise invalid("'keep_bindings' must be a list of binding types.")

        old_bindings = previous.bindings if previous else []
        old_secrets = previous.secrets if previous else {}
        old_by_name = {b["name"]: b for b in old_bindings} | dict(old_secrets)
        bindings: list[dict[str, Json]] = []
        script_secrets: dict[str, dict[str, Json]] = {}
        for binding in new_bindings:
            if binding["type"] in SECRET_TYPES:
                script_secrets[binding["name"]] = _secret(binding)
                continue
            if binding["type"] == "inherit":
                source_name = binding.get("old_name") or binding["name"]
                source = old_by_name.get(source_name)
                if source is None:
                    if strict:
                        raise invalid(
                            f"Binding {binding['name']!r} cannot be inherited: "
                            f"the previous version has no binding {source_name!r}."
                        )
                    continue
                binding = {**source, "name": binding["name"]}
                if binding["type"] in SECRET_TYPES:
                    script_secrets[binding["name"]] = binding
                    continue
            bindings.append(binding)
        taken = {b["name"] for b in bindings} | set(script_secrets)
        bindings += [dict(b) for b in old_bindings if b["type"] in keep and b["name"] not in taken]
        for secret_name, secret in old_secrets.items():
            if secret["type"] in keep and secret_name not in taken:
                script_secrets[secret_name] = secret

        assets, assets_config = self._assets_for(ns_name, name, meta, previous)
        settings = {k: meta[k] for k in SETTINGS_FIELDS if k in meta}
        migration_tag = previous.migration_tag if previous else None
        migrations = meta.get("migrations")
        if isinstance(migrations, dict) and isinstance(migrations.get("new_tag"), str):
            migration_tag = migrations["new_tag"]

        stamp = self.now()
        script = Script(
            name=name,
            tag=previous.tag if previous else self.ids.getrandbits(128).to_bytes(16, "big").hex(),
            created_on=previous.created_on if previous else stamp,
            modified_on=stamp,
            modules=modules,
            main_module=main_module,
            body_part=body_part,
            settings=settings,
            bindings=bindings,
            secrets=script_secrets,
            tags=tags,
            assets=assets,
            assets_config=assets_config,
            migration_tag=migration_tag,
            version_id=self._uuid(),
        )
        script.refresh_etag()
        return ns, previous, script, meta

    # ------------------------------------------------------------ content

    def script_content(self, ns_name: str, name: str) -> Script:
        """The script whose modules GET content returns."""
        return self.script(ns_name, name)[1]

    def put_content(
        self, ns_name: str, name: str, parts: list[Part], main_header: str | None, body_header: str | None
    ) -> dict[str, Json]:
        """PUT content: replace the modules only (bindings, secrets, settings and tags stay)."""
        _, script = self.script(ns_name, name)
        meta, module_parts = self._split_metadata(parts)
        if meta is None:
            if main_header is None and body_header is None:
                raise invalid("could not read content for part metadata")
            meta = {"main_module": main_header, "body_part": body_header}
        modules, main_module, body_part = self._modules(
            module_parts, meta.get("main_module"), meta.get("body_part")
        )
        script.modules, script.main_module, script.body_part = modules, main_module, body_part
        script.version_id = self._uuid()
        script.modified_on = self.now()
        script.refresh_etag()
        # New content is a new version, deployed at 100% (as an upload is).
        self.record_version(script, "content", {})
        self.deploy(script, [{"version_id": script.version_id, "percentage": 100}], "content", {})
        return script.to_json()

    # ------------------------------------------------------------ bindings and settings

    def bindings(self, ns_name: str, name: str) -> list[dict[str, Json]]:
        """GET bindings: metadata bindings plus secrets (never their values)."""
        return self.script(ns_name, name)[1].bindings_json()

    def settings(self, ns_name: str, name: str) -> dict[str, Json]:
        """GET settings."""
        return self.script(ns_name, name)[1].settings_json()

    def patch_settings(self, ns_name: str, name: str, patch: Json) -> dict[str, Json]:
        """PATCH settings: fields present replace the stored ones; omitted fields stay."""
        _, script = self.script(ns_name, name)
        fields = _object(patch, "settings part")
        # The spec's `workers_tags` is nullable: a null in a PATCH or a PUT clears the tags.
        tags = _tags(fields["tags"] or []) if "tags" in fields else script.tags
        bindings, new_secrets = script.bindings, script.secrets
        if "bindings" in fields:
            bindings, new_secrets = [], {}
            for binding in _bindings(fields["bindings"]):
                if binding["type"] not in SECRET_TYPES:
                    bindings.append(binding)
                elif any(f in binding for f in SECRET_VALUE_FIELDS):
                    new_secrets[binding["name"]] = _secret(binding)
                elif binding["name"] in script.secrets:
                    new_secrets[binding["name"]] = script.secrets[binding["name"]]
                else:
                    raise invalid(f"Secret binding {binding['name']!r} has no value and no existing secret.")
        migrations = fields.get("migrations")
        if isinstance(migrations, dict) and isinstance(migrations.get("new_tag"), str):
            script.migration_tag = migrations["new_tag"]
        script.settings.update({k: fields[k] for k in SETTINGS_FIELDS if k in fields})
        script.tags, script.bindings, script.secrets = tags, bindings, new_secrets
        script.modified_on = self.now()
        if any(k in fields for k in ("bindings", "migrations", *SETTINGS_FIELDS)):
            # What a version runs changed: that is a new version, deployed at 100% (tags alone are not).
            script.version_id = self._uuid()
            self.record_version(script, "settings", {})
            self.deploy(script, [{"version_id": script.version_id, "percentage": 100}], "settings", {})
        return script.settings_json()

    # ------------------------------------------------------------ secrets

    def put_secret(self, ns_name: str, name: str, body: Json) -> dict[str, Json]:
        """PUT a secret (create or replace); answers it without its value."""
        _, script = self.script(ns_name, name)
        secret = _secret(body)
        if any(b["name"] == secret["name"] for b in script.bindings):
            raise invalid(f"Binding name {secret['name']!r} is already used by a non-secret binding.")
        _check_secrets_editable(script)
        script.secrets[secret["name"]] = secret
        self._secrets_changed(script)
        return public_secret(secret)

    def list_secrets(self, ns_name: str, name: str) -> list[dict[str, Json]]:
        """GET secrets (names and types only)."""
        return [public_secret(s) for s in self.script(ns_name, name)[1].secrets.values()]

    def get_secret(self, ns_name: str, name: str, secret_name: str) -> dict[str, Json]:
        """GET one secret (without its value), or 404 10007."""
        _, script = self.script(ns_name, name)
        secret = script.secrets.get(secret_name)
        if secret is None:
            raise ApiError(404, NOT_FOUND, f"Secret {secret_name!r} not found.")
        return public_secret(secret)

    def delete_secret(self, ns_name: str, name: str, secret_name: str) -> None:
        """DELETE one secret, or 404 10007."""
        self.get_secret(ns_name, name, secret_name)
        script = self.namespaces[ns_name].scripts[name]
        _check_secrets_editable(script)
        del script.secrets[secret_name]
        self._secrets_changed(script)

    def patch_secrets(self, ns_name: str, name: str, body: Json) -> dict[str, Json]:
        """PATCH secrets-bulk (JSON merge patch): a secret sets, ``null`` deletes, omitted stays."""
        _, script = self.script(ns_name, name)
        changes = _object(body).get("secrets", {})
        changes = _object(changes, "'secrets'")
        updated = dict(script.secrets)
        for secret_name, value in changes.items():
            if value is None:
                updated.pop(secret_name, None)
                continue
            secret = _secret(value, secret_name)
            if any(b["name"] == secret_name for b in script.bindings):
                raise invalid(f"Binding name {secret_name!r} is already used by a non-secret binding.")
            updated[secret_name] = secret
        _check_secrets_editable(script)
        script.secrets = updated
        self._secrets_changed(script)
        return {n: public_secret(s) for n, s in updated.items()}

    def _secrets_changed(self, script: Script) -> None:
        """Secrets are versioned with the code: what the script shows, with its new secrets, is a new
        version deployed at 100% at once (as ``wrangler secret put`` is documented to do). Only when the
        latest version is the one deployed, alone: otherwise :func:`_check_secrets_editable` refused."""
        script.modified_on = self.now()
        script.version_id = self._uuid()
        self.record_version(script, "secret", {})
        self.deploy(script, [{"version_id": script.version_id, "percentage": 100}], "secret", {})

    # ------------------------------------------------------------ tags

    def tags(self, ns_name: str, name: str) -> list[str]:
        """GET tags."""
        return list(self.script(ns_name, name)[1].tags)

    def put_tags(self, ns_name: str, name: str, body: Json) -> list[str]:
        """PUT all tags (at most MAX_TAGS, 8; duplicates collapse)."""
        _, script = self.script(ns_name, name)
        script.tags = _tags([] if body is None else body)
        return list(script.tags)

    def put_tag(self, ns_name: str, name: str, tag: str) -> None:
        """PUT one tag (no-op when present)."""
        _, script = self.script(ns_name, name)
        if tag not in script.tags:
            script.tags = _tags([*script.tags, tag])

    def delete_tag(self, ns_name: str, name: str, tag: str) -> None:
        """DELETE one tag (no-op when absent)."""
        _, script = self.script(ns_name, name)
        if tag in script.tags:
            script.tags = [t for t in script.tags if t != tag]

    # ------------------------------------------------------------ assets

    def create_upload_session(self, ns_name: str, name: str, body: Json) -> dict[str, Json]:
        """POST assets-upload-session: buckets hold only hashes the account does not hold yet."""
        self.check_script_name(name)
        namespace_id = self.namespace(ns_name).namespace_id
        manifest_in = _object(_object(body).get("manifest"), "'manifest'")
        manifest: dict[str, str] = {}
        for path, entry in manifest_in.items():
            entry = _object(entry, f"manifest entry {path!r}")
            file_hash, size = entry.get("hash"), entry.get("size")
            if not path.startswith("/"):
                raise invalid(f"Manifest path {path!r} must start with '/'.")
            if not isinstance(file_hash, str) or not ASSET_HASH.match(file_hash):
                raise invalid(f"Manifest entry {path!r}: 'hash' must be 32 hex characters.")
            if isinstance(size, bool) or not isinstance(size, int | float) or size < 0:
                raise invalid(f"Manifest entry {path!r}: 'size' must be a non-negative number.")
            manifest[path] = file_hash
        missing = [h for h in dict.fromkeys(manifest.values()) if h not in self.asset_files]
        buckets = [missing[i : i + self.bucket_size] for i in range(0, len(missing), self.bucket_size)]
        jwt = self._jwt({"kind": "assets-upload-session", "script": name, "sid": self._uuid()})
        session = UploadSession(jwt, namespace_id, name, manifest, frozenset(missing), set(missing))
        self.sessions[jwt] = session
        if not missing:
            session.completion = jwt
            self.completions[jwt] = Completion(namespace_id, name, manifest)
        return {"jwt": jwt, "buckets": buckets}

    def upload_session(self, jwt: str) -> UploadSession | None:
        """The open upload session whose bearer token is ``jwt``."""
        return self.sessions.get(jwt)

    def upload_assets(self, session: UploadSession, files: dict[str, AssetFile]) -> str | None:
        """Store a bucket of files; the completion token once nothing is pending, else None."""
        for file_hash, asset in files.items():
            self.asset_files[file_hash] = asset
            session.pending.discard(file_hash)
        if session.pending:
            return None
        if session.completion is None:
            session.completion = self._jwt(
                {"kind": "assets-completion", "script": session.script, "sid": self._uuid()}
            )
            self.completions[session.completion] = Completion(
                session.namespace_id, session.script, dict(session.manifest)
            )
        return session.completion
