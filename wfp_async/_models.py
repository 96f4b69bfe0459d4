"""The typed results users get back, each filled in one pass from Cloudflare's JSON by its :class:`Shape`.

Every field read is checked against the schema's type, or :class:`~wfp_async._errors.SchemaMismatch` names
it (reported as :class:`~wfp_async.InvalidResponse`); fields not modelled are kept in ``extra``. Why not
the generated models: README, "How it is built". ``tests/test_shapes.py`` holds the shapes to the fragment.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, ClassVar, Self, TypeVar

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
    """``data[key]``, which must be present (else "a present str") and a ``kind``."""
    value = optional(data, key, kind, where)
    if value is None:
        raise SchemaMismatch(f"{where}.{key}", f"a present {kind.__name__}", None)
    return value


def timestamp(value: Any, where: str, key: str) -> datetime | None:
    """An RFC 3339 timestamp (the field ``key`` of ``where``) as a datetime; null is None."""
    if value is None:
        return None
    if type(value) is not str:
        raise SchemaMismatch(f"{where}.{key}", "str", value)
    try:
        return _fromisoformat(value)
    except ValueError:
        raise SchemaMismatch(f"{where}.{key}", "an RFC 3339 timestamp", value) from None


def string_list(value: object, where: str, key: str | None = None) -> tuple[str, ...]:
    """``value`` (field ``key`` of ``where``, or ``where`` itself) as a tuple of strings; null is empty."""
    if value is None:
        return ()
    if type(value) is not list or not all(type(item) is str for item in value):
        raise SchemaMismatch(where if key is None else f"{where}.{key}", "a list of strings", value)
    return tuple(value)


def _mapping(value: Any, where: str, key: str) -> Mapping[str, object]:
    """A free-form object (observability, placement, ...), as a read-only mapping."""
    if type(value) is not dict:
        raise SchemaMismatch(f"{where}.{key}", "an object", value)
    return FrozenMapping(value)


def _consumers(value: Any, where: str, key: str) -> tuple[Mapping[str, object], ...]:
    """Tail consumers: a list (null is none) of objects that each name their ``service``."""
    if type(value) is not list:
        raise SchemaMismatch(f"{where}.{key}", "a list", value)
    for i, item in enumerate(value):
        required(as_object(item, f"{where}.{key}[{i}]"), "service", str, f"{where}.{key}[{i}]")
    return tuple(FrozenMapping(item) for item in value)


def extra_of(
    data: dict[str, Any], known: frozenset[str], kinds: Mapping[str, type | tuple[type, ...]], where: str
) -> Mapping[str, object]:
    """The fields of ``data`` not in ``known``; those the schema gives a JSON kind (``kinds``) have it."""
    if data.keys() <= known:
        return _EMPTY
    extra = {key: value for key, value in data.items() if key not in known}
    for key, kind in kinds.items():
        if key in extra and not isinstance(extra[key], kind):
            raise SchemaMismatch(f"{where}.{key}", _KIND_NAMES[kind], extra[key])
    return FrozenMapping(extra)


_fromisoformat = datetime.fromisoformat
_LIST = (list, type(None))  # a nullable array
_KIND_NAMES: dict[object, str] = {dict: "an object", list: "a list", _LIST: "a list", str: "str"}
Reader = Callable[[Any, str, str], object]
"""Reads one field's non-null value: ``reader(value, where, key)``; raises :class:`SchemaMismatch`."""
TIME: Reader = timestamp
STRINGS: Reader = string_list
OBJECT: Reader = _mapping
CONSUMERS: Reader = _consumers
_READERS: dict[object, tuple[type | Reader, object]] = {
    str: (str, None),
    int: (int, None),
    bool: (bool, None),
    datetime: (TIME, None),
    tuple[str, ...]: (STRINGS, ()),
    Mapping[str, object]: (OBJECT, None),
}


class Shape:
    """How a result type is read, in one pass, from its schema in the fragment (``openapi/``).

    Its fields come from the attrs class: each attribute is read from the JSON key of the same name (or
    ``metadata={"key": ...}``), with the reader its annotation implies (``readers`` for the others), and is
    required when its type admits no None and it has no default. A dotted key (``metadata.created_on``)
    reads the field from a nested object. ``kinds`` give the JSON kind of the schema's other properties,
    kept in ``extra`` once checked; ``dropped`` are never kept (echoed secret values).
    ``tests/test_shapes.py`` holds each shape to its schema.
    """

    __slots__ = ("fields", "kinds", "known", "nested", "object_of", "present", "schema", "set_extra")

    def __init__(
        self,
        cls: type,
        schema: str,
        kinds: Mapping[str, type | tuple[type, ...]] | None = None,
        *,
        readers: Mapping[str, tuple[Reader, object]] | None = None,
        dropped: frozenset[str] = frozenset(),
        present: tuple[str, ...] = (),
    ) -> None:
        self.schema = schema
        self.present = present  # keys whose absence (not null) is refused first, as "present"
        self.kinds: Mapping[str, type | tuple[type, ...]] = kinds or {}
        fields = []
        # Each attribute is set through its slot's descriptor: the classes are frozen, so their own
        # __setattr__ refuses, and no __init__ runs field by field.
        slot = cls.__dict__
        for field in attrs.fields(attrs.resolve_types(cls)):
            if field.name != "extra":
                args = typing.get_args(field.type) if type(field.type) is types.UnionType else (field.type,)
                kind, empty = (readers or {}).get(field.name) or _READERS[args[0]]
                needed = field.default is attrs.NOTHING and type(None) not in args
                key = field.metadata.get("key", field.name)
                fields.append((slot[field.name].__set__, key, kind, needed, empty))
        self.fields: tuple[tuple[Callable[[object, object], None], str, type | Reader, bool, object], ...] = (
            tuple(fields)
        )
        self.set_extra: Callable[[object, object], None] = slot["extra"].__set__
        # The objects that dotted keys read from (a version's "metadata"): never kept whole in extra.
        self.nested = tuple({field[1].split(".")[0]: None for field in fields if "." in field[1]})
        self.known = frozenset(field[1] for field in fields) | dropped | set(self.nested)
        # The object a fill reads; for dotted keys, with the nested objects' fields lifted to the top (a
        # step of its own, so that the common shapes' fill, run for every item of a list, pays nothing).
        self.object_of: Callable[[object, str], dict[str, Any]] = self._lifted if self.nested else as_object

    def _lifted(self, data: object, where: str) -> dict[str, Any]:
        d = as_object(data, where)
        for name in self.nested:
            inner = d.get(name)
            if inner is not None:
                inner = as_object(inner, f"{where}.{name}")
                d = {**d, **{f"{name}.{key}": inner[key] for key in inner if f"{name}.{key}" in self.known}}
        return d

    def fill(self, cls: type[T], data: object, where: str) -> T:
        """A ``cls`` whose attributes are read from ``data`` and set straight into the new instance."""
        d = self.object_of(data, where)
        if self.present:
            for key in self.present:
                if key not in d:
                    raise SchemaMismatch(f"{where}.{key}", "present", None)
        instance = object.__new__(cls)
        # Scalars and the common readers are branches rather than calls: this loop runs for every field
        # of every item of every list answer.
        for put, key, kind, needed, empty in self.fields:
            value = d.get(key)
            if value is None:
                if needed:
                    name = kind.__name__ if isinstance(kind, type) else None
                    raise SchemaMismatch(f"{where}.{key}", f"a present {name}" if name else "present", None)
                put(instance, empty)
            elif type(value) is kind:
                put(instance, value)
            elif kind is TIME and type(value) is str:
                try:
                    put(instance, _fromisoformat(value))
                except ValueError:
                    raise SchemaMismatch(f"{where}.{key}", "an RFC 3339 timestamp", value) from None
            elif kind is STRINGS and type(value) is list:
                for item in value:
                    if type(item) is not str:
                        raise SchemaMismatch(f"{where}.{key}", "a list of strings", value)
                put(instance, tuple(value))
            elif isinstance(kind, type):
                raise SchemaMismatch(f"{where}.{key}", kind.__name__, value)
            else:
                put(instance, kind(value, where, key))
        self.set_extra(instance, extra_of(d, self.known, self.kinds, where))
        return instance


def _key(name: str) -> dict[str, str]:
    return {"key": name}


class _FromAPI:
    """A result type read by its :class:`Shape` (set as ``_shape`` once the class exists)."""

    __slots__ = ()
    _shape: ClassVar[Shape]

    @classmethod
    def from_api(cls, data: object, field: str = "result") -> Self:
        """Build one from Cloudflare's JSON; the client does this for you.

        ``Namespace.from_api({"namespace_id": "...", "namespace_name": "tenants"})``. Raises
        ``SchemaMismatch`` (a ValueError naming the field; the client reports it as
        :class:`~wfp_async.InvalidResponse`) when a field does not have the schema's type.
        """
        return cls._shape.fill(cls, data, field)


@attrs.frozen
class Namespace(_FromAPI):
    """A dispatch namespace: its id, name, script count and audit fields.

    ``ns = await cf.namespaces.get("tenants"); print(ns.name, ns.id, ns.script_count)``.
    """

    id: str = attrs.field(metadata=_key("namespace_id"))
    name: str = attrs.field(metadata=_key("namespace_name"))
    script_count: int | None = None
    trusted_workers: bool | None = None
    created_on: datetime | None = None
    created_by: str | None = None
    modified_on: datetime | None = None
    modified_by: str | None = None
    extra: Mapping[str, object] = attrs.field(default=_EMPTY, repr=False)


Namespace._shape = NAMESPACE = Shape(Namespace, "Namespace")


@attrs.frozen
class Script(_FromAPI):
    """A Worker script as the API describes it (upload answers add ``entry_point``/``startup_time_ms``).

    ``script = await cf.scripts.put("tenants", "acme", bundle); print(script.etag, script.tags)``.
    """

    name: str = attrs.field(metadata=_key("id"))
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


Script._shape = SCRIPT = Shape(
    Script,
    "Script",
    # Modelled in the spec but not here: kept in extra rather than dropped.
    {"tag": str, "migration_tag": str, "named_handlers": list, "placement": dict, "tail_consumers": _LIST},
)


@attrs.frozen
class ScriptInfo(_FromAPI):
    """A script in a namespace: what list-scripts and script details answer.

    ``info = await cf.scripts.get("tenants", "acme"); info.script.etag``; ``ScriptInfo.name`` is the
    script's name.
    """

    namespace: str | None = attrs.field(metadata=_key("dispatch_namespace"))
    script: Script
    created_on: datetime | None = None
    modified_on: datetime | None = None
    extra: Mapping[str, object] = attrs.field(default=_EMPTY, repr=False)

    @property
    def name(self) -> str:
        """The script's name, ``info.name`` (the same as ``info.script.name``)."""
        return self.script.name


ScriptInfo._shape = SCRIPT_DETAILS = Shape(
    ScriptInfo,
    "ScriptDetails",
    readers={"script": (lambda value, where, key: Script.from_api(value, f"{where}.{key}"), None)},
)


@attrs.frozen
class Secret(_FromAPI):
    """A secret's name and type (``secret_text``, ``secret_key``, ...). Values are never returned.

    ``[secret.name async for secret in cf.secrets.list("tenants", "acme")]``.
    """

    name: str
    type: str
    extra: Mapping[str, object] = attrs.field(default=_EMPTY, repr=False)


# An echoed secret value is dropped, never kept in extra; an absent name or type says "present".
Secret._shape = SECRET = Shape(
    Secret,
    "Secret",
    {"format": str, "algorithm": dict, "usages": list},
    dropped=WRITE_ONLY_FIELDS["secret_text"],
    present=("name", "type"),
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


@attrs.frozen
class Settings(_FromAPI):
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


Settings._shape = SETTINGS = Shape(
    Settings,
    "Settings",
    {"cache_options": dict, "exports": dict},
    readers={
        "bindings": (lambda value, where, key: tuple(bindings_from_api(value, f"{where}.{key}")), ()),
        # Cloudflare's schema makes tail_consumers nullable: null is "none".
        "tail_consumers": (CONSUMERS, ()),
    },
)


@attrs.frozen
class AssetsSession(_FromAPI):
    """An assets upload session: its token (never shown in repr) and the buckets of hashes to send.

    Used inside ``cf.assets.upload(...)``; an ``AssetsSession`` with no buckets means nothing to send.
    """

    jwt: str = attrs.field(repr=False)
    buckets: tuple[tuple[str, ...], ...] = ()
    extra: Mapping[str, object] = attrs.field(default=_EMPTY, repr=False)


def _buckets(value: Any, where: str, key: str) -> tuple[tuple[str, ...], ...]:
    if type(value) is not list:
        raise SchemaMismatch(f"{where}.{key}", "a list of lists of hashes", value)
    return tuple(string_list(bucket, f"{where}.{key}[{i}]") for i, bucket in enumerate(value))


AssetsSession._shape = Shape(AssetsSession, "AssetsSession", readers={"buckets": (_buckets, ())})


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
