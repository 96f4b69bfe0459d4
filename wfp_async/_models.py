"""The typed results users get back, and their conversion from the generated models.

The generated layer parses Cloudflare's JSON (``Model.from_dict``) but checks neither the types of
optional fields nor turns ``Unset`` into anything a user should see. Every conversion here checks each
field it reads and raises :class:`SchemaMismatch` naming the field; the resource layer turns that into
:class:`~wfp_async._errors.InvalidResponse`. Fields we do not model are kept in ``extra``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs

from wfp_async._errors import InvalidInput, MalformedBinding, SchemaMismatch
from wfp_async._metadata import WRITE_ONLY_FIELDS, Binding, binding_from_dict
from wfp_async._modules import Module, WorkerBundle
from wfp_async_generated import models as gen
from wfp_async_generated.types import Unset

__all__ = [
    "AssetsSession",
    "AssetsUpload",
    "Namespace",
    "Script",
    "ScriptContent",
    "ScriptInfo",
    "Secret",
    "Settings",
]

T = TypeVar("T")


class FrozenMapping(Mapping[str, object]):
    """A read-only mapping that, unlike ``types.MappingProxyType``, survives ``pickle`` and
    ``copy.deepcopy`` (results travel through process pools, task queues and caches).

    ``script.extra["tag"]``; compares equal to a dict with the same items.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, object] | None = None) -> None:
        self._data: dict[str, object] = dict(data or {})

    def __getitem__(self, key: str) -> object:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMapping({self._data!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self._data,))


_EMPTY: Mapping[str, object] = FrozenMapping()


def parse(what: str, parse_fn: Callable[[Any], T], data: object) -> T:
    """Run a generated ``from_dict`` on ``data``; any failure becomes :class:`SchemaMismatch`."""
    if not isinstance(data, dict):
        raise SchemaMismatch(what, "an object", data)
    try:
        return parse_fn(data)
    except KeyError as exc:
        raise SchemaMismatch(f"{what}.{exc.args[0]}", "present", None) from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise SchemaMismatch(what, "as the schema describes", data) from exc


def _opt(value: object, kind: type[T], field: str) -> T | None:
    if value is None or isinstance(value, Unset):
        return None
    # bool is an int subclass: never accept True for an integer field.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SchemaMismatch(field, kind.__name__, value)
    return value


def _req(value: object, kind: type[T], field: str) -> T:
    result = _opt(value, kind, field)
    if result is None:
        # Missing (Unset) or null: say "present", never the generated layer's Unset.
        raise SchemaMismatch(field, f"a present {kind.__name__}", None)
    return result


def _strings(value: object, field: str) -> tuple[str, ...]:
    if value is None or isinstance(value, Unset):
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SchemaMismatch(field, "a list of strings", value)
    return tuple(value)


def _time(value: object, field: str) -> datetime | None:
    text = _opt(value, str, field)
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise SchemaMismatch(field, "an RFC 3339 timestamp", value) from exc


def _object(value: object, field: str) -> Mapping[str, object] | None:
    """A free-form object (observability, placement, ...), as a read-only mapping."""
    if value is None or isinstance(value, Unset):
        return None
    to_dict = getattr(value, "to_dict", None)
    data = to_dict() if to_dict is not None else value
    if not isinstance(data, dict):
        raise SchemaMismatch(field, "an object", value)
    return FrozenMapping(data)


def _extra(model: Any) -> Mapping[str, object]:
    extra: dict[str, object] = model.additional_properties
    return FrozenMapping(dict(extra)) if extra else _EMPTY


@attrs.frozen
class Namespace:
    """A dispatch namespace: its id, name, script count and audit fields.

    ``ns = await cf.namespaces.get("tenants"); print(ns.name, ns.id, ns.script_count)``.
    """

    id: str
    name: str
    script_count: int | None = None
    trusted_workers: bool | None = None
    created_on: datetime | None = None
    created_by: str | None = None
    modified_on: datetime | None = None
    modified_by: str | None = None
    extra: Mapping[str, object] = attrs.field(default=_EMPTY, repr=False)

    @classmethod
    def from_api(cls, data: object, field: str = "result") -> Namespace:
        """Build one from Cloudflare's JSON; the client does this for you.

        ``Namespace.from_api({"namespace_id": "...", "namespace_name": "tenants"})``

        Raises ``SchemaMismatch`` (a ValueError naming the field; the client reports it as
        :class:`~wfp_async.InvalidResponse`) when a field does not have the schema's type.
        """
        model = parse(field, gen.Namespace.from_dict, data)
        return cls(
            id=_req(model.namespace_id, str, f"{field}.namespace_id"),
            name=_req(model.namespace_name, str, f"{field}.namespace_name"),
            script_count=_opt(model.script_count, int, f"{field}.script_count"),
            trusted_workers=_opt(model.trusted_workers, bool, f"{field}.trusted_workers"),
            created_on=_time(model.created_on, f"{field}.created_on"),
            created_by=_opt(model.created_by, str, f"{field}.created_by"),
            modified_on=_time(model.modified_on, f"{field}.modified_on"),
            modified_by=_opt(model.modified_by, str, f"{field}.modified_by"),
            extra=_extra(model),
        )


@attrs.frozen
class Script:
    """A Worker script as the API describes it (upload answers add ``entry_point``/``startup_time_ms``).

    ``script = await cf.scripts.upload("tenants", "acme", bundle); print(script.etag, script.tags)``.
    """

    name: str
    etag: str | None = None
    created_on: datetime | None = None
    modified_on: datetime | None = None
    tags: tuple[str, ...] = ()
    has_modules: bool | None = None
    has_assets: bool | None = None
    compatibility_date: str | None = None
    compatibility_flags: tuple[str, ...] = ()
    handlers: tuple[str, ...] = ()
    usage_model: str | None = None
    logpush: bool | None = None
    placement_mode: str | None = None
    observability: Mapping[str, object] | None = attrs.field(default=None, repr=False)
    entry_point: str | None = None
    startup_time_ms: int | None = None
    extra: Mapping[str, object] = attrs.field(default=_EMPTY, repr=False)

    @classmethod
    def from_api(cls, data: object, field: str = "result") -> Script:
        """Build one from Cloudflare's JSON; the client does this for you.

        ``Script.from_api({"id": "acme", "etag": "..."})``

        Raises ``SchemaMismatch`` (a ValueError naming the field; the client reports it as
        :class:`~wfp_async.InvalidResponse`) when a field does not have the schema's type.
        """
        model = parse(field, gen.Script.from_dict, data)
        extra = dict(_extra(model))
        # Modelled in the spec but not here: keep them rather than drop them.
        for key in ("tag", "named_handlers", "migration_tag", "placement", "tail_consumers"):
            value = getattr(model, key)
            if not isinstance(value, Unset):
                extra[key] = value.to_dict() if hasattr(value, "to_dict") else _plain(value)
        return cls(
            name=_req(model.id, str, f"{field}.id"),
            etag=_opt(model.etag, str, f"{field}.etag"),
            created_on=_time(model.created_on, f"{field}.created_on"),
            modified_on=_time(model.modified_on, f"{field}.modified_on"),
            tags=_strings(model.tags, f"{field}.tags"),
            has_modules=_opt(model.has_modules, bool, f"{field}.has_modules"),
            has_assets=_opt(model.has_assets, bool, f"{field}.has_assets"),
            compatibility_date=_opt(model.compatibility_date, str, f"{field}.compatibility_date"),
            compatibility_flags=_strings(model.compatibility_flags, f"{field}.compatibility_flags"),
            handlers=_strings(model.handlers, f"{field}.handlers"),
            usage_model=_opt(model.usage_model, str, f"{field}.usage_model"),
            logpush=_opt(model.logpush, bool, f"{field}.logpush"),
            placement_mode=_opt(model.placement_mode, str, f"{field}.placement_mode"),
            observability=_object(model.observability, f"{field}.observability"),
            entry_point=_opt(model.entry_point, str, f"{field}.entry_point"),
            startup_time_ms=_opt(model.startup_time_ms, int, f"{field}.startup_time_ms"),
            extra=FrozenMapping(extra) if extra else _EMPTY,
        )


def _plain(value: object) -> object:
    if isinstance(value, list):
        return [item.to_dict() if hasattr(item, "to_dict") else item for item in value]
    return value


@attrs.frozen
class ScriptInfo:
    """A script in a namespace: what list-scripts and script details answer.

    ``info = await cf.scripts.get("tenants", "acme"); info.script.etag``; ``ScriptInfo.name`` is the
    script's name.
    """

    namespace: str | None
    script: Script
    created_on: datetime | None = None
    modified_on: datetime | None = None

    @property
    def name(self) -> str:
        """The script's name, ``info.name`` (the same as ``info.script.name``)."""
        return self.script.name

    @classmethod
    def from_api(cls, data: object, field: str = "result") -> ScriptInfo:
        """Build one from Cloudflare's JSON; the client does this for you.

        ``ScriptInfo.from_api({"dispatch_namespace": "tenants", "script": {"id": "acme"}})``

        Raises ``SchemaMismatch`` (a ValueError naming the field; the client reports it as
        :class:`~wfp_async.InvalidResponse`) when a field does not have the schema's type.
        """
        model = parse(field, gen.ScriptDetails.from_dict, data)
        if isinstance(model.script, Unset):
            raise SchemaMismatch(f"{field}.script", "present", None)
        return cls(
            namespace=_opt(model.dispatch_namespace, str, f"{field}.dispatch_namespace"),
            script=Script.from_api(model.script.to_dict(), f"{field}.script"),
            created_on=_time(model.created_on, f"{field}.created_on"),
            modified_on=_time(model.modified_on, f"{field}.modified_on"),
        )


@attrs.frozen
class Secret:
    """A secret's name and type (``secret_text``, ``secret_key``, ...). Values are never returned.

    ``[secret.name async for secret in cf.secrets.list("tenants", "acme")]``.
    """

    name: str
    type: str
    extra: Mapping[str, object] = attrs.field(default=_EMPTY, repr=False)

    @classmethod
    def from_api(cls, data: object, field: str = "result") -> Secret:
        """Build one from Cloudflare's JSON; the client does this for you.

        ``Secret.from_api({"name": "API_KEY", "type": "secret_text"})``

        Raises ``SchemaMismatch`` (a ValueError naming the field; the client reports it as
        :class:`~wfp_async.InvalidResponse`) when a field does not have the schema's type.
        """
        model = parse(field, gen.Secret.from_dict, data)
        extra = model.to_dict()
        extra.pop("name", None)
        extra.pop("type", None)
        for key in WRITE_ONLY_FIELDS["secret_text"]:
            extra.pop(key, None)  # an echoed secret value is dropped, never kept in extra
        return cls(
            name=_req(model.name, str, f"{field}.name"),
            type=_req(model.type_, str, f"{field}.type"),
            extra=FrozenMapping(extra) if extra else _EMPTY,
        )


def bindings_from_api(items: object, field: str) -> list[Binding]:
    """Typed bindings (unknown types as ``RawBinding``) from the generated union models."""
    if items is None or isinstance(items, Unset):
        return []
    if not isinstance(items, list):
        raise SchemaMismatch(field, "a list of bindings", items)
    bindings: list[Binding] = []
    for i, item in enumerate(items):
        data = item.to_dict() if hasattr(item, "to_dict") else item
        try:
            bindings.append(binding_from_dict(data))
        except MalformedBinding as exc:
            raise SchemaMismatch(f"{field}[{i}]", "a binding with a name and a type", data) from exc
    return bindings


@attrs.frozen
class Settings:
    """A script's settings; ``bindings`` are typed (unknown types as ``RawBinding``).

    ``settings = await cf.settings.get("tenants", "acme"); settings.logpush``.
    """

    bindings: tuple[Binding, ...] = ()
    compatibility_date: str | None = None
    compatibility_flags: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    usage_model: str | None = None
    logpush: bool | None = None
    limits: Mapping[str, object] | None = None
    observability: Mapping[str, object] | None = None
    placement: Mapping[str, object] | None = None
    tail_consumers: tuple[Mapping[str, object], ...] = ()
    extra: Mapping[str, object] = attrs.field(default=_EMPTY, repr=False)

    @classmethod
    def from_api(cls, data: object) -> Settings:
        """Build one from Cloudflare's JSON; the client does this for you.

        ``Settings.from_api({"compatibility_date": "2025-06-01", "bindings": []})``

        Raises ``SchemaMismatch`` (a ValueError naming the field; the client reports it as
        :class:`~wfp_async.InvalidResponse`) when a field does not have the schema's type.
        """
        model = parse("result", gen.Settings.from_dict, data)
        extra = dict(_extra(model))
        for key in ("cache_options", "exports"):
            value = getattr(model, key)
            if not isinstance(value, Unset):
                extra[key] = value.to_dict()
        # Cloudflare's schema makes tail_consumers nullable: null is "none".
        consumers = (
            []
            if model.tail_consumers is None or isinstance(model.tail_consumers, Unset)
            else model.tail_consumers
        )
        if not isinstance(consumers, list):
            raise SchemaMismatch("result.tail_consumers", "a list", consumers)
        return cls(
            bindings=tuple(bindings_from_api(model.bindings, "result.bindings")),
            compatibility_date=_opt(model.compatibility_date, str, "result.compatibility_date"),
            compatibility_flags=_strings(model.compatibility_flags, "result.compatibility_flags"),
            tags=_strings(model.tags, "result.tags"),
            usage_model=_opt(model.usage_model, str, "result.usage_model"),
            logpush=_opt(model.logpush, bool, "result.logpush"),
            limits=_object(model.limits, "result.limits"),
            observability=_object(model.observability, "result.observability"),
            placement=_object(model.placement, "result.placement"),
            tail_consumers=tuple(FrozenMapping(c.to_dict()) for c in consumers),
            extra=FrozenMapping(extra) if extra else _EMPTY,
        )


@attrs.frozen
class AssetsSession:
    """An assets upload session: its token (never shown in repr) and the buckets of hashes to send.

    Used inside ``cf.assets.upload(...)``; an ``AssetsSession`` with no buckets means nothing to send.
    """

    jwt: str = attrs.field(repr=False)
    buckets: tuple[tuple[str, ...], ...]

    @classmethod
    def from_api(cls, data: object) -> AssetsSession:
        """Build one from Cloudflare's JSON; the client does this for you.

        ``AssetsSession.from_api({"jwt": "...", "buckets": [["hash1", "hash2"]]})``

        Raises ``SchemaMismatch`` (a ValueError naming the field; the client reports it as
        :class:`~wfp_async.InvalidResponse`) when a field does not have the schema's type.
        """
        model = parse("result", gen.AssetsSession.from_dict, data)
        buckets = model.buckets
        if isinstance(buckets, Unset) or buckets is None:
            buckets = []
        if not isinstance(buckets, list):
            raise SchemaMismatch("result.buckets", "a list of lists of hashes", buckets)
        return cls(
            jwt=_req(model.jwt, str, "result.jwt"),
            buckets=tuple(_strings(bucket, f"result.buckets[{i}]") for i, bucket in enumerate(buckets)),
        )


@attrs.frozen
class AssetsUpload:
    """What ``cf.assets.upload`` did: the completion token (hidden from repr) and the file counts.

    ``upload = await cf.assets.upload("tenants", "acme", "./public")`` returns an ``AssetsUpload``;
    ``upload.uploaded`` files were sent.
    """

    jwt: str = attrs.field(repr=False)
    files: int
    uploaded: int

    def metadata(self, config: Mapping[str, object] | None = None) -> dict[str, object]:
        """The ``assets`` field of the script upload's metadata: ``UploadOptions(assets=up.metadata())``.

        ``config`` (e.g. ``{"html_handling": "auto-trailing-slash"}``) is sent beside the token.
        """
        value: dict[str, object] = {"jwt": self.jwt}
        if config is not None:
            value["config"] = dict(config)
        return value


@attrs.frozen
class ScriptContent:
    """A script's modules as the API returns them, with its entry module when the answer names it.

    ``content = await cf.content.get("tenants", "acme")`` returns a ``ScriptContent``; then
    ``content.modules`` or ``content.module("index.js")``.
    """

    modules: tuple[Module, ...]
    main_module: str | None = None
    body_part: str | None = None

    def module(self, name: str) -> Module:
        """The module called ``name``: ``content.module("index.js").content``.

        Raises :class:`~wfp_async.InvalidInput` (not KeyError) if there is no such module.
        """
        for module in self.modules:
            if module.name == name:
                return module
        raise InvalidInput(
            f"no module {name!r} in this script (modules: {', '.join(m.name for m in self.modules)})"
        )

    def bundle(self) -> WorkerBundle:
        """The modules as a :class:`WorkerBundle`, ready to upload again.

        ``await cf.content.put("tenants", "acme", content.bundle())``.
        """
        return WorkerBundle(self.modules, main_module=self.main_module, body_part=self.body_part)
