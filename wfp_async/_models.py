"""The typed results users get back, each filled in one pass from Cloudflare's JSON.

The wire shapes are the fragment's (``openapi/``); these classes are what users hold, and each
``from_api`` reads the decoded JSON once, checking every field it reads against the schema's type and
raising :class:`~wfp_async._errors.SchemaMismatch` naming the field (the client reports it as
:class:`~wfp_async.InvalidResponse`). The generated models are not used for answers: their parse left
every field unchecked, so the facade parsed twice, and cost 10x raw httpx on a list (README, "How it is
built"). ``tests/test_shapes.py`` holds these readers to the fragment's schemas. Fields not modelled
here are kept in ``extra``.

The readers (:func:`as_object`, :func:`optional`, ...) build a field's dotted name only when they raise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs

from wfp_async._errors import InvalidInput, MalformedBinding, SchemaMismatch
from wfp_async._frozen import FrozenMapping
from wfp_async._metadata import WRITE_ONLY_FIELDS, Binding, binding_from_dict
from wfp_async._modules import Module, WorkerBundle

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
_NONE = type(None)


_EMPTY: Mapping[str, object] = FrozenMapping()


# The readers. ``where`` is the dotted name of the object read ("result[3].script"); a field's own name is
# joined to it only for an error message.


def as_object(data: object, where: str) -> dict[str, Any]:
    """``data`` if it is a JSON object, else :class:`SchemaMismatch` naming ``where``."""
    if type(data) is not dict:
        raise SchemaMismatch(where, "an object", data)
    return data


def optional(data: dict[str, Any], key: str, kind: type[T], where: str) -> T | None:
    """``data[key]`` when it is a ``kind`` (exactly: True is no int), None when absent or null."""
    value = data.get(key)
    if value is None or type(value) is kind:
        return value
    raise SchemaMismatch(f"{where}.{key}", kind.__name__, value)


def required(data: dict[str, Any], key: str, kind: type[T], where: str) -> T:
    """``data[key]``, which must be present and a ``kind``."""
    value = data.get(key)
    if type(value) is kind:
        return value
    if value is None:
        # Missing or null: say "present".
        raise SchemaMismatch(f"{where}.{key}", f"a present {kind.__name__}", None)
    raise SchemaMismatch(f"{where}.{key}", kind.__name__, value)


def strings(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    """``data[key]`` as a tuple of strings; absent or null is empty."""
    return string_list(data.get(key), where, key)


def string_list(value: object, where: str, key: str | None = None) -> tuple[str, ...]:
    """``value`` (field ``key`` of ``where``, or ``where`` itself) as a tuple of strings; null is empty."""
    if value is None:
        return ()
    if type(value) is not list or not all(type(item) is str for item in value):
        raise SchemaMismatch(where if key is None else f"{where}.{key}", "a list of strings", value)
    return tuple(value)


def timestamp(data: dict[str, Any], key: str, where: str) -> datetime | None:
    """``data[key]``, an RFC 3339 timestamp, as a datetime; absent or null is None."""
    text = optional(data, key, str, where)
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise SchemaMismatch(f"{where}.{key}", "an RFC 3339 timestamp", text) from exc


def mapping(data: dict[str, Any], key: str, where: str) -> Mapping[str, object] | None:
    """A free-form object (observability, placement, ...), as a read-only mapping."""
    value = data.get(key)
    if value is None:
        return None
    if type(value) is not dict:
        raise SchemaMismatch(f"{where}.{key}", "an object", value)
    return FrozenMapping(value)


def extra_of(
    data: dict[str, Any], known: frozenset[str], nested: Mapping[str, type | tuple[type, ...]], where: str
) -> Mapping[str, object]:
    """The fields of ``data`` not in ``known``; those the schema gives a JSON kind (``nested``) have it."""
    if data.keys() <= known:
        return _EMPTY
    extra = {key: value for key, value in data.items() if key not in known}
    for key, kinds in nested.items():
        if key in extra and not isinstance(extra[key], kinds):
            raise SchemaMismatch(f"{where}.{key}", _KIND_NAMES[kinds], extra[key])
    return FrozenMapping(extra)


_KIND_NAMES: dict[object, str] = {
    dict: "an object",
    list: "a list",
    str: "str",
    (list, _NONE): "a list",
}


def _consumers(data: dict[str, Any], key: str, where: str) -> tuple[Mapping[str, object], ...]:
    """Tail consumers: a list (null is none) of objects that each name their ``service``."""
    value = data.get(key)
    if value is None:
        return ()
    if type(value) is not list:
        raise SchemaMismatch(f"{where}.{key}", "a list", value)
    for i, item in enumerate(value):
        required(as_object(item, f"{where}.{key}[{i}]"), "service", str, f"{where}.{key}[{i}]")
    return tuple(FrozenMapping(item) for item in value)


Reader = Callable[[Any, str, str], object]
"""Reads one field's non-null value: ``reader(value, where, key)``; raises :class:`SchemaMismatch`."""


def _time_reader(value: Any, where: str, key: str) -> datetime | None:
    return timestamp({key: value}, key, where)


def _strings_reader(value: Any, where: str, key: str) -> tuple[str, ...]:
    return string_list(value, where, key)


def _object_reader(value: Any, where: str, key: str) -> Mapping[str, object] | None:
    return mapping({key: value}, key, where)


def _consumers_reader(value: Any, where: str, key: str) -> tuple[Mapping[str, object], ...]:
    return _consumers({key: value}, key, where)


_fromisoformat = datetime.fromisoformat
TIME: Reader = _time_reader
STRINGS: Reader = _strings_reader
OBJECT: Reader = _object_reader
CONSUMERS: Reader = _consumers_reader

Field = tuple[str, str, "type | Reader", bool, object]
"""(attribute, JSON key, a JSON scalar type or a reader, required, the value when absent or null)."""


class Shape:
    """How one result type is read from one of the fragment's schemas, in one pass over the JSON.

    ``fields`` are the modelled ones; ``kinds`` give the JSON kind of the schema's other properties, which
    go to ``extra`` once checked; ``dropped`` are never kept (echoed secret values).
    ``tests/test_shapes.py`` checks every shape against its schema in ``openapi/``.
    """

    __slots__ = ("dropped", "fields", "kinds", "known", "schema")

    def __init__(
        self,
        schema: str,
        fields: tuple[Field, ...],
        kinds: Mapping[str, type | tuple[type, ...]] | None = None,
        dropped: frozenset[str] = frozenset(),
    ) -> None:
        self.schema = schema
        self.fields = fields
        self.kinds: Mapping[str, type | tuple[type, ...]] = kinds or {}
        self.dropped = dropped
        self.known = frozenset(field[1] for field in fields) | dropped

    def fill(self, cls: type[T], data: object, where: str) -> T:
        """A ``cls`` whose attributes are read from ``data`` and set straight into the new instance (the
        classes are frozen: nothing else writes them, and no ``__init__`` runs field by field)."""
        d = as_object(data, where)
        values: dict[str, object] = {}
        # The common readers are branches here rather than calls: this loop runs for every field of every
        # item of every list answer.
        for attr, key, kind, needed, empty in self.fields:
            value = d.get(key)
            if value is None:
                if needed:
                    name = kind.__name__ if isinstance(kind, type) else None
                    raise SchemaMismatch(f"{where}.{key}", f"a present {name}" if name else "present", None)
                values[attr] = empty
            elif type(value) is kind:
                values[attr] = value
            elif kind is TIME:
                if type(value) is not str:
                    raise SchemaMismatch(f"{where}.{key}", "str", value)
                try:
                    values[attr] = _fromisoformat(value)
                except ValueError:
                    raise SchemaMismatch(f"{where}.{key}", "an RFC 3339 timestamp", value) from None
            elif kind is STRINGS:
                if type(value) is not list:
                    raise SchemaMismatch(f"{where}.{key}", "a list of strings", value)
                for item in value:
                    if type(item) is not str:
                        raise SchemaMismatch(f"{where}.{key}", "a list of strings", value)
                values[attr] = tuple(value)
            elif isinstance(kind, type):
                raise SchemaMismatch(f"{where}.{key}", kind.__name__, value)
            else:
                values[attr] = kind(value, where, key)
        values["extra"] = extra_of(d, self.known, self.kinds, where)
        instance = object.__new__(cls)
        instance.__dict__.update(values)
        return instance


@attrs.frozen(slots=False)
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
        return NAMESPACE.fill(cls, data, field)


NAMESPACE = Shape(
    "Namespace",
    (
        ("id", "namespace_id", str, True, None),
        ("name", "namespace_name", str, True, None),
        ("script_count", "script_count", int, False, None),
        ("trusted_workers", "trusted_workers", bool, False, None),
        ("created_on", "created_on", TIME, False, None),
        ("created_by", "created_by", str, False, None),
        ("modified_on", "modified_on", TIME, False, None),
        ("modified_by", "modified_by", str, False, None),
    ),
)


@attrs.frozen(slots=False)
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
        return SCRIPT.fill(cls, data, field)


SCRIPT = Shape(
    "Script",
    (
        ("name", "id", str, True, None),
        ("etag", "etag", str, False, None),
        ("created_on", "created_on", TIME, False, None),
        ("modified_on", "modified_on", TIME, False, None),
        ("tags", "tags", STRINGS, False, ()),
        ("has_modules", "has_modules", bool, False, None),
        ("has_assets", "has_assets", bool, False, None),
        ("compatibility_date", "compatibility_date", str, False, None),
        ("compatibility_flags", "compatibility_flags", STRINGS, False, ()),
        ("handlers", "handlers", STRINGS, False, ()),
        ("usage_model", "usage_model", str, False, None),
        ("logpush", "logpush", bool, False, None),
        ("placement_mode", "placement_mode", str, False, None),
        ("observability", "observability", OBJECT, False, None),
        ("entry_point", "entry_point", str, False, None),
        ("startup_time_ms", "startup_time_ms", int, False, None),
    ),
    # Modelled in the spec but not here: kept in extra rather than dropped.
    {
        "tag": str,
        "migration_tag": str,
        "named_handlers": list,
        "placement": dict,
        "tail_consumers": (list, _NONE),
    },
)


@attrs.frozen(slots=False)
class ScriptInfo:
    """A script in a namespace: what list-scripts and script details answer.

    ``info = await cf.scripts.get("tenants", "acme"); info.script.etag``; ``ScriptInfo.name`` is the
    script's name.
    """

    namespace: str | None
    script: Script
    created_on: datetime | None = None
    modified_on: datetime | None = None
    extra: Mapping[str, object] = attrs.field(default=_EMPTY, repr=False)

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
        return SCRIPT_DETAILS.fill(cls, data, field)


@attrs.frozen(slots=False)
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
        d = as_object(data, field)
        for key in ("name", "type"):
            if key not in d:  # the schema requires both: absent says "present" (null: "a present str")
                raise SchemaMismatch(f"{field}.{key}", "present", None)
        return SECRET.fill(cls, d, field)


SECRET = Shape(
    "Secret",
    (("name", "name", str, True, None), ("type", "type", str, True, None)),
    {"format": str, "algorithm": dict, "usages": list},
    # An echoed secret value is dropped, never kept in extra.
    dropped=WRITE_ONLY_FIELDS["secret_text"],
)


def _script_reader(value: Any, where: str, key: str) -> Script:
    return Script.from_api(value, f"{where}.{key}")


SCRIPT_DETAILS = Shape(
    "ScriptDetails",
    (
        ("namespace", "dispatch_namespace", str, False, None),
        ("script", "script", _script_reader, True, None),
        ("created_on", "created_on", TIME, False, None),
        ("modified_on", "modified_on", TIME, False, None),
    ),
)


def bindings_from_api(items: object, field: str) -> list[Binding]:
    """Typed bindings (unknown types as ``RawBinding``) from Cloudflare's JSON list of them."""
    if items is None:
        return []
    if type(items) is not list:
        raise SchemaMismatch(field, "a list of bindings", items)
    bindings: list[Binding] = []
    for i, item in enumerate(items):
        try:
            bindings.append(binding_from_dict(item))
        except MalformedBinding as exc:
            raise SchemaMismatch(f"{field}[{i}]", "a binding with a name and a type", item) from exc
    return bindings


@attrs.frozen(slots=False)
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
        return SETTINGS.fill(cls, data, "result")


def _bindings_reader(value: Any, where: str, key: str) -> tuple[Binding, ...]:
    return tuple(bindings_from_api(value, f"{where}.{key}"))


SETTINGS = Shape(
    "Settings",
    (
        ("bindings", "bindings", _bindings_reader, False, ()),
        ("compatibility_date", "compatibility_date", str, False, None),
        ("compatibility_flags", "compatibility_flags", STRINGS, False, ()),
        ("tags", "tags", STRINGS, False, ()),
        ("usage_model", "usage_model", str, False, None),
        ("logpush", "logpush", bool, False, None),
        ("limits", "limits", OBJECT, False, None),
        ("observability", "observability", OBJECT, False, None),
        ("placement", "placement", OBJECT, False, None),
        # Cloudflare's schema makes tail_consumers nullable: null is "none".
        ("tail_consumers", "tail_consumers", CONSUMERS, False, ()),
    ),
    {"cache_options": dict, "exports": dict},
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
        d = as_object(data, "result")
        buckets = d.get("buckets")
        if buckets is None:
            buckets = []
        if type(buckets) is not list:
            raise SchemaMismatch("result.buckets", "a list of lists of hashes", buckets)
        return cls(
            jwt=required(d, "jwt", str, "result"),
            buckets=tuple(string_list(bucket, f"result.buckets[{i}]") for i, bucket in enumerate(buckets)),
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
