"""What travels next to the code: typed bindings, upload options, and secret request bodies.

Each binding class maps to one of Cloudflare's ``workers_binding_kind_*`` schemas and its ``to_dict()``
uses exactly the spec's field names (optional fields left out when ``None``). Binding types this module
does not model travel as :class:`RawBinding`, untouched. :func:`upload_metadata` turns a bundle and
:class:`UploadOptions` into the ``metadata`` part of a module upload; bad values raise
:class:`~wfp_async._errors.InvalidInput` when the options are built, before any request.

Secret values (``SecretText.text``, ``SecretKey.key_base64``/``key_jwk``) never appear in a repr, str or
error message.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar, TypeAlias, TypeVar

import attrs

from wfp_async._errors import InvalidInput, MalformedBinding
from wfp_async._frozen import freeze
from wfp_async._modules import WorkerBundle
from wfp_async._multipart import encode_json
from wfp_async._names import MAX_TAGS, check_bool, check_json_value, check_tag, check_unicode

__all__ = [
    "AI",
    "D1",
    "AnalyticsEngine",
    "Assets",
    "Binding",
    "DispatchNamespace",
    "DurableObjectNamespace",
    "Inherit",
    "Json",
    "KVNamespace",
    "PlainText",
    "Queue",
    "R2Bucket",
    "RawBinding",
    "SecretKey",
    "SecretText",
    "Service",
    "UploadOptions",
    "binding_from_dict",
    "options_json",
    "options_metadata",
    "secret_text_body",
    "upload_metadata",
    "upload_metadata_json",
]

T = TypeVar("T")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_R2_JURISDICTIONS = frozenset({"eu", "fedramp", "fedramp-high"})
_USAGE_MODELS = frozenset({"standard", "bundled", "unbound"})
_KEY_FORMATS = frozenset({"raw", "pkcs8", "spki", "jwk"})
_KEY_USAGES = frozenset(
    {"encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"}
)
_ENTRY_KEYS = frozenset({"main_module", "body_part"})


# Validators and converters. Messages name the field and the value's type, never the value (it may be
# a secret).


def _where(instance: object, attribute: attrs.Attribute[T]) -> str:
    return f"{type(instance).__name__}.{attribute.name}"


def _check_str(instance: object, attribute: attrs.Attribute[T], value: T) -> None:
    if not isinstance(value, str) or not value:
        raise InvalidInput(
            f"{_where(instance, attribute)} must be a non-empty str, got {type(value).__name__}"
        )
    if not value.isascii():  # the field's name is built only when the text may not encode
        check_unicode(value, _where(instance, attribute))


def _check_optional_str(instance: object, attribute: attrs.Attribute[T], value: T) -> None:
    if value is not None:
        _check_str(instance, attribute, value)


def _check_text(instance: object, attribute: attrs.Attribute[T], value: T) -> None:
    if not isinstance(value, str):
        raise InvalidInput(f"{_where(instance, attribute)} must be a str, got {type(value).__name__}")
    if not value.isascii():
        check_unicode(value, _where(instance, attribute))


def _check_optional_mapping(instance: object, attribute: attrs.Attribute[T], value: T) -> None:
    if value is not None:
        _check_mapping(instance, attribute, value)


def _check_mapping(instance: object, attribute: attrs.Attribute[T], value: T) -> None:
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{_where(instance, attribute)} must be a mapping, got {type(value).__name__}")
    check_json_value(value, _where(instance, attribute))


def _check_optional_bool(instance: object, attribute: attrs.Attribute[T], value: T) -> None:
    if value is not None:
        check_bool(value, _where(instance, attribute), got=True)


def _check_json(instance: object, attribute: attrs.Attribute[T], value: T) -> None:
    check_json_value(value, _where(instance, attribute))


def _tuple_of(
    value: Iterable[T] | None, field: str, kind: type[object] | tuple[type[object], ...], what: str
) -> tuple[T, ...] | None:
    """``value`` as a tuple of ``kind`` (non-empty if str); a single str or mapping is refused."""
    if value is None:
        return None
    # A list or tuple (what callers pass) is neither a str nor a mapping: the ABC checks are for the rest.
    if (type(value) is not list and type(value) is not tuple) and (
        isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable)
    ):
        raise InvalidInput(f"{field} must be a list or tuple, got {type(value).__name__}")
    items = tuple(value)
    exact = _EXACT_KINDS.get(kind, ())
    for item in items:
        if type(item) in exact and (type(item) is not str or item):
            continue  # the common case: an instance of one of the classes itself, no isinstance walk
        if not isinstance(item, kind) or (isinstance(item, str) and not item):
            raise InvalidInput(f"{field} items must be {what}, got {type(item).__name__}")
    return items


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: object) -> object:
    """JSON-shaped data: mappings become dicts and tuples lists, all the way down."""
    if type(value) in _SCALARS:
        # The common case (every binding field of every upload), without the slow Mapping ABC check.
        return value
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _mask(value: object) -> str:
    return "None" if value is None else "***"


def _mask_jwt(value: object) -> str:
    """``assets`` shown with its completion token masked: the token lets anyone attach the assets."""
    if isinstance(value, Mapping) and "jwt" in value:
        value = {**value, "jwt": "***"}
    return repr(value)


# Bindings.


@attrs.frozen
class _Binding:
    """Common shape: a ``name`` first, a ``type`` class constant, and ``to_dict()``."""

    type: ClassVar[str]
    # The fields after ``name``, set once per class below the classes. A class whose fields all hold a str
    # or None gets a ``to_dict`` of its own instead (``_text_to_dict``).
    _json_fields: ClassVar[tuple[str, ...]] = ()
    name: str = attrs.field(validator=_check_str)

    def to_dict(self) -> dict[str, object]:
        """The binding as Cloudflare's JSON, with ``None`` fields left out:
        ``PlainText("PLAN", "pro").to_dict()`` is ``{"name": "PLAN", "type": "plain_text", "text": "pro"}``.
        """
        data: dict[str, object] = {"name": self.name, "type": self.type}
        for name in self._json_fields:
            value = getattr(self, name)
            if value is not None:
                data[name] = _plain(value)
        return data


def _freeze_fields(binding: _Binding, *names: str) -> None:
    """Validated, then copied read-only: a caller's dict, changed later, must not change the binding."""
    for name in names:
        object.__setattr__(binding, name, freeze(getattr(binding, name)))


@attrs.frozen
class PlainText(_Binding):
    """``plain_text``: an environment variable.

    ``PlainText("PLAN", "pro")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "plain_text"
    text: str = attrs.field(validator=_check_text)


@attrs.frozen
class SecretText(_Binding):
    """``secret_text``: an encrypted environment variable; its repr shows ``text=***``.

    ``SecretText("API_KEY", text="s3cr3t")``: the value is keyword-only, so it can never be swapped with
    the name (a positional value is a ``TypeError``, a programming error that type checkers report).
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "secret_text"
    text: str = attrs.field(validator=_check_text, repr=_mask, kw_only=True)


@attrs.frozen
class Json(_Binding):
    """``json``: any JSON value.

    ``Json("LIMITS", {"rps": 10})``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "json"
    json: object = attrs.field(validator=_check_json)

    def __attrs_post_init__(self) -> None:
        _freeze_fields(self, "json")


@attrs.frozen
class KVNamespace(_Binding):
    """``kv_namespace``: a Workers KV namespace.

    ``KVNamespace("CACHE", namespace_id="0f2ac74b...")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "kv_namespace"
    namespace_id: str = attrs.field(validator=_check_str)


@attrs.frozen
class D1(_Binding):
    """``d1``: a D1 database. ``id`` is an older spelling of ``database_id`` that answers may carry.

    ``D1("DB", database_id="...")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "d1"
    database_id: str = attrs.field(validator=_check_str)
    id: str | None = attrs.field(default=None, validator=_check_optional_str)


def _check_jurisdiction(instance: object, attribute: attrs.Attribute[T], value: T) -> None:
    if value is not None and (not isinstance(value, str) or value not in _R2_JURISDICTIONS):
        raise InvalidInput(f"{_where(instance, attribute)} must be one of {sorted(_R2_JURISDICTIONS)}")


@attrs.frozen
class R2Bucket(_Binding):
    """``r2_bucket``: an R2 bucket, optionally in a jurisdiction (eu, fedramp, fedramp-high).

    ``R2Bucket("FILES", bucket_name="uploads", jurisdiction="eu")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "r2_bucket"
    bucket_name: str = attrs.field(validator=_check_str)
    jurisdiction: str | None = attrs.field(default=None, validator=_check_jurisdiction)


@attrs.frozen
class Service(_Binding):
    """``service``: another Worker, optionally a named entrypoint of it.

    ``Service("AUTH", service="auth-worker", entrypoint="Auth")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "service"
    service: str = attrs.field(validator=_check_str)
    environment: str | None = attrs.field(default=None, validator=_check_optional_str)
    entrypoint: str | None = attrs.field(default=None, validator=_check_optional_str)


@attrs.frozen
class DurableObjectNamespace(_Binding):
    """``durable_object_namespace``: a Durable Object class, here or in ``script_name``.

    ``DurableObjectNamespace("ROOMS", class_name="Room")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "durable_object_namespace"
    class_name: str = attrs.field(validator=_check_str)
    script_name: str | None = attrs.field(default=None, validator=_check_optional_str)
    environment: str | None = attrs.field(default=None, validator=_check_optional_str)
    namespace_id: str | None = attrs.field(default=None, validator=_check_optional_str)
    dispatch_namespace: str | None = attrs.field(default=None, validator=_check_optional_str)


@attrs.frozen
class Queue(_Binding):
    """``queue``: a Queue producer.

    ``Queue("JOBS", queue_name="jobs")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "queue"
    queue_name: str = attrs.field(validator=_check_str)


@attrs.frozen
class DispatchNamespace(_Binding):
    """``dispatch_namespace``: a dispatch namespace, with an optional ``outbound`` Worker config.

    ``DispatchNamespace("TENANTS", namespace="tenants")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "dispatch_namespace"
    namespace: str = attrs.field(validator=_check_str)
    outbound: Mapping[str, object] | None = attrs.field(default=None, validator=_check_optional_mapping)

    def __attrs_post_init__(self) -> None:
        _freeze_fields(self, "outbound")


@attrs.frozen
class AnalyticsEngine(_Binding):
    """``analytics_engine``: a Workers Analytics Engine dataset.

    ``AnalyticsEngine("EVENTS", dataset="events")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "analytics_engine"
    dataset: str = attrs.field(validator=_check_str)


@attrs.frozen
class AI(_Binding):
    """``ai``: Workers AI.

    ``AI("AI")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "ai"


@attrs.frozen
class Assets(_Binding):
    """``assets``: the Worker's static assets.

    ``Assets("ASSETS")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "assets"


@attrs.frozen
class Inherit(_Binding):
    """``inherit``: keep a binding from a previous version, optionally renamed from ``old_name``.

    ``Inherit("CACHE")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    type: ClassVar[str] = "inherit"
    old_name: str | None = attrs.field(default=None, validator=_check_optional_str)
    version_id: str | None = attrs.field(default=None, validator=_check_optional_str)


def _usages(value: Iterable[str]) -> tuple[str, ...]:
    usages = _tuple_of(value, "SecretKey.usages", str, "non-empty str")
    if usages is None:
        raise InvalidInput("SecretKey.usages must be a list or tuple, got NoneType")
    return usages


@attrs.frozen
class SecretKey(_Binding):
    """``secret_key``: a CryptoKey, imported from ``key_base64`` (raw, pkcs8, spki) or ``key_jwk`` (jwk).

    Key material never appears in a repr. ``SecretKey("SIGNING", format="raw", algorithm={"name": "HMAC",
    "hash": "SHA-256"}, usages=["sign"], key_base64="...")``: the key material is keyword-only (positional,
    it is a ``TypeError``). An unknown format or usage, or the wrong key field for the format, raises
    :class:`~wfp_async.InvalidInput`.
    """

    type: ClassVar[str] = "secret_key"
    format: str = attrs.field()
    algorithm: Mapping[str, object] = attrs.field(validator=_check_mapping)
    usages: tuple[str, ...] = attrs.field(converter=_usages)
    key_base64: str | None = attrs.field(
        default=None, validator=_check_optional_str, repr=_mask, kw_only=True
    )
    key_jwk: Mapping[str, object] | None = attrs.field(
        default=None, validator=_check_optional_mapping, repr=_mask, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        _freeze_fields(self, "algorithm", "key_jwk")
        if not isinstance(self.format, str) or self.format not in _KEY_FORMATS:
            raise InvalidInput(f"SecretKey.format must be one of {sorted(_KEY_FORMATS)}, got {self.format!r}")
        unknown = sorted(set(self.usages) - _KEY_USAGES)
        if unknown:
            raise InvalidInput(
                f"SecretKey.usages has unknown usages {unknown}; allowed: {sorted(_KEY_USAGES)}"
            )
        wanted, other = ("key_jwk", "key_base64") if self.format == "jwk" else ("key_base64", "key_jwk")
        if getattr(self, wanted) is None or getattr(self, other) is not None:
            raise InvalidInput(f"SecretKey with format {self.format!r} needs {wanted} (and no {other})")


def _copy_mapping(value: Mapping[str, object]) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise InvalidInput(f"RawBinding.data must be a mapping, got {type(value).__name__}")
    check_json_value(value, "RawBinding.data")
    return freeze(value)  # type: ignore[return-value]


@attrs.frozen(repr=False)
class RawBinding:
    """Any other binding type, kept as Cloudflare's JSON and sent back untouched.

    Its repr shows the name, type and field names only (the values may be secrets).
    ``RawBinding({"name": "DB", "type": "hyperdrive", "id": "..."})``; data without a non-empty str
    ``name`` and ``type`` raises :class:`~wfp_async.InvalidInput`.
    """

    data: Mapping[str, object] = attrs.field(converter=_copy_mapping)

    def __attrs_post_init__(self) -> None:
        for key in ("name", "type"):
            if not isinstance(self.data.get(key), str) or not self.data[key]:
                raise InvalidInput(f"RawBinding.data needs a non-empty str {key!r}")

    @property
    def name(self) -> str:
        """The binding's name: ``raw.name``."""
        return str(self.data["name"])

    @property
    def type(self) -> str:
        """The binding's type, e.g. ``hyperdrive``."""
        return str(self.data["type"])

    def to_dict(self) -> dict[str, object]:
        """A copy of the data, as Cloudflare's JSON: ``raw.to_dict()["type"]``."""
        return _plain(self.data)  # type: ignore[return-value]

    def __repr__(self) -> str:
        fields = sorted(key for key in self.data if key not in ("name", "type"))
        return f"RawBinding(type={self.type!r}, name={self.name!r}, fields={fields!r})"


Binding: TypeAlias = (
    PlainText
    | SecretText
    | Json
    | KVNamespace
    | D1
    | R2Bucket
    | Service
    | DurableObjectNamespace
    | Queue
    | DispatchNamespace
    | AnalyticsEngine
    | AI
    | Assets
    | Inherit
    | SecretKey
    | RawBinding
)
"""Any binding: a typed class, or :class:`RawBinding` for the types not modelled here.

``UploadOptions(bindings=[...])`` takes them; ``(await cf.settings.get("tenants", "acme")).bindings`` and
``await cf.bindings.list("tenants", "acme")`` give them back.
"""

_TYPED = (
    PlainText,
    SecretText,
    Json,
    KVNamespace,
    D1,
    R2Bucket,
    Service,
    DurableObjectNamespace,
    Queue,
    DispatchNamespace,
    AnalyticsEngine,
    AI,
    Assets,
    Inherit,
    SecretKey,
)
# The validators that let only a str (or None) through: their fields go to JSON as they are.
_TEXT_VALIDATORS = (_check_str, _check_optional_str, _check_text, _check_jurisdiction)


def _text_to_dict(cls: type[_Binding], names: tuple[str, ...]) -> Callable[[_Binding], dict[str, object]]:
    """``to_dict`` for a class whose fields all hold a str or None, written out for its fields (as attrs
    writes ``__init__``): one attribute read per field instead of a loop of ``getattr`` calls."""
    lines = ["def to_dict(self):\n    data = {'name': self.name, 'type': self.type}\n"]
    for name in names:  # attribute names of our own classes: identifiers, not input
        lines.append(f"    if self.{name} is not None:\n        data[{name!r}] = self.{name}\n")
    namespace: dict[str, Callable[[_Binding], dict[str, object]]] = {}
    exec("".join(lines) + "    return data\n", {}, namespace)
    to_dict = namespace["to_dict"]
    to_dict.__doc__ = _Binding.to_dict.__doc__
    to_dict.__qualname__ = f"{cls.__name__}.to_dict"
    return to_dict


# Each class's fields after ``name`` are looked at once, here, rather than once per binding of every upload.
for _cls in _TYPED:
    _fields = attrs.fields(_cls)[1:]
    _names = tuple(field.name for field in _fields)
    if all(field.validator in _TEXT_VALIDATORS for field in _fields):
        _cls.to_dict = _text_to_dict(_cls, _names)  # type: ignore[method-assign,assignment]
    else:
        _cls._json_fields = _names
del _cls, _fields, _names
# type -> (class, its JSON field names)
_BY_TYPE: dict[str, tuple[Callable[..., Binding], frozenset[str]]] = {
    cls.type: (cls, frozenset(attrs.fields_dict(cls)) | {"type"}) for cls in _TYPED
}


_KEY_MATERIAL = frozenset({"key_base64", "key_jwk"})
WRITE_ONLY_FIELDS: Mapping[str, frozenset[str]] = {
    "secret_text": frozenset({"text"}) | _KEY_MATERIAL,
    "secret_key": frozenset({"text"}) | _KEY_MATERIAL,
}
"""Per binding (and secret) type, the fields the API takes but must never give back: secret values."""


def binding_from_dict(data: Mapping[str, object]) -> Binding:
    """A binding from Cloudflare's JSON: its class when it fits exactly, else a :class:`RawBinding`.

    A known type with fields its class lacks (or values it rejects) stays raw, so nothing is lost.
    """
    if not isinstance(data, Mapping):
        raise MalformedBinding(f"a binding must be an object, got {type(data).__name__}")
    for key in ("name", "type"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise MalformedBinding(f"binding has no {key!r} (a non-empty string): fields {sorted(data)}")
    write_only = WRITE_ONLY_FIELDS.get(str(data["type"]), _KEY_MATERIAL)
    if write_only & data.keys():
        # A server that echoes a secret's value must not hand it to the caller: results never carry one.
        data = {key: value for key, value in data.items() if key not in write_only}
    known = _BY_TYPE.get(str(data["type"]))
    if known is None or not data.keys() <= known[1]:
        return RawBinding(data)
    try:
        return known[0](**{key: value for key, value in data.items() if key != "type"})
    except (InvalidInput, TypeError):
        return RawBinding(data)


# Secrets.


def secret_text_body(name: str, text: str) -> dict[str, object]:
    """The request body that sets a ``secret_text`` secret."""
    return SecretText(name, text=text).to_dict()


# Upload options.


def _check_date(instance: object, attribute: attrs.Attribute[T], value: T) -> None:
    if value is None:
        return
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return
    raise InvalidInput(f"compatibility_date must be a date as YYYY-MM-DD, got {value!r}")


def _check_usage_model(instance: object, attribute: attrs.Attribute[T], value: T) -> None:
    if value is not None and (not isinstance(value, str) or value not in _USAGE_MODELS):
        raise InvalidInput(f"usage_model must be one of {sorted(_USAGE_MODELS)}, got {value!r}")


def _check_extra(instance: object, attribute: attrs.Attribute[T], value: T) -> None:
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise InvalidInput("extra must be a mapping with str keys")
    check_json_value(value, "UploadOptions.extra")
    clash = sorted(_ENTRY_KEYS & value.keys())
    if clash:
        raise InvalidInput(f"extra must not set {', '.join(clash)}: the bundle decides the entry module")


def _flags(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return _tuple_of(value, "compatibility_flags", str, "non-empty str")


def _keep_bindings(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return _tuple_of(value, "keep_bindings", str, "binding type names (non-empty str)")


def _tags(value: Iterable[str] | None) -> tuple[str, ...] | None:
    tags = _tuple_of(value, "tags", str, "non-empty str")
    if tags is not None:
        if len(tags) > MAX_TAGS:
            raise InvalidInput(f"at most {MAX_TAGS} tags, got {len(tags)}")
        for tag in tags:
            check_tag(tag)
    return tags


_BINDING_CLASSES = (*_TYPED, RawBinding)
# Per ``kind`` of _tuple_of, the classes whose exact instances need no isinstance check.
_EXACT_KINDS: dict[object, frozenset[type[object]]] = {
    str: frozenset({str}),
    _BINDING_CLASSES: frozenset(_BINDING_CLASSES),
}


def _bindings(value: Iterable[Binding] | None) -> tuple[Binding, ...] | None:
    bindings = _tuple_of(value, "bindings", _BINDING_CLASSES, "bindings (PlainText, ..., RawBinding)")
    if bindings is not None:
        names = [binding.name for binding in bindings]
        if len(set(names)) < len(names):  # the names are looked at one by one only to report the repeats
            seen: set[str] = set()
            repeated: set[str] = set()
            for name in names:
                (repeated if name in seen else seen).add(name)
            shown = ", ".join(map(repr, sorted(repeated)))
            raise InvalidInput(f"binding names must be unique; repeated: {shown}")
    return bindings


def _tail_consumers(value: Iterable[Mapping[str, object]] | None) -> tuple[Mapping[str, object], ...] | None:
    return _tuple_of(value, "tail_consumers", Mapping, "mappings")


@attrs.frozen(kw_only=True)
class UploadOptions:
    """The optional fields of a module upload's metadata. Only the fields that are set are sent.

    Lists are accepted wherever a tuple is stored; ``extra`` is merged last, for fields not modelled here.
    ``UploadOptions(compatibility_date="2025-06-01", bindings=[PlainText("PLAN", "pro")], tags=["beta"])``;
    a bad value (a date, a tag, more than 10 tags, repeated binding names) raises
    :class:`~wfp_async.InvalidInput` here, before any request.
    """

    compatibility_date: str | None = attrs.field(default=None, validator=_check_date)
    compatibility_flags: tuple[str, ...] | None = attrs.field(default=None, converter=_flags)
    bindings: tuple[Binding, ...] | None = attrs.field(default=None, converter=_bindings)
    keep_bindings: tuple[str, ...] | None = attrs.field(default=None, converter=_keep_bindings)
    keep_assets: bool | None = attrs.field(default=None, validator=_check_optional_bool)
    tags: tuple[str, ...] | None = attrs.field(default=None, converter=_tags)
    observability: Mapping[str, object] | None = attrs.field(default=None, validator=_check_optional_mapping)
    limits: Mapping[str, object] | None = attrs.field(default=None, validator=_check_optional_mapping)
    placement: Mapping[str, object] | None = attrs.field(default=None, validator=_check_optional_mapping)
    usage_model: str | None = attrs.field(default=None, validator=_check_usage_model)
    logpush: bool | None = attrs.field(default=None, validator=_check_optional_bool)
    tail_consumers: tuple[Mapping[str, object], ...] | None = attrs.field(
        default=None, converter=_tail_consumers
    )
    assets: Mapping[str, object] | None = attrs.field(
        default=None, validator=_check_optional_mapping, repr=_mask_jwt
    )
    migrations: Mapping[str, object] | None = attrs.field(default=None, validator=_check_optional_mapping)
    extra: Mapping[str, object] = attrs.field(factory=dict, validator=_check_extra)
    # The metadata as JSON text, encoded once here: one UploadOptions often serves thousands of uploads
    # (a bulk deploy), and bytes are what no caller can change afterwards.
    _json: bytes = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        metadata: dict[str, object] = {}
        for name in _OPTION_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            if name == "bindings":
                metadata["bindings"] = [binding.to_dict() for binding in value]
            elif name in _STR_TUPLES:
                metadata[name] = value  # a new tuple of str from its converter: read-only, and JSON as it is
            else:
                metadata[name] = _plain(value)
                if type(value) not in _SCALARS:
                    # Validated, then copied read-only: the caller's dict, changed later, changes nothing.
                    object.__setattr__(self, name, freeze(value))
        for key, value in self.extra.items():
            metadata[key] = _plain(value)
        object.__setattr__(self, "extra", freeze(self.extra))
        object.__setattr__(self, "_json", encode_json(metadata))


_STR_TUPLES = frozenset({"compatibility_flags", "keep_bindings", "tags"})
_OPTION_FIELDS = tuple(
    field.name for field in attrs.fields(UploadOptions) if field.name not in ("extra", "_json")
)


def options_metadata(options: UploadOptions) -> dict[str, object]:
    """The options that are set, as metadata JSON (``extra`` last); also a settings PATCH body.

    A new dict each time, decoded from the options' JSON: changing it changes no later upload.
    """
    result: dict[str, object] = json.loads(options._json)
    return result


def options_json(options: UploadOptions) -> bytes:
    """The options that are set, as the JSON bytes encoded when they were made: a settings PATCH part."""
    return options._json


def upload_metadata(bundle: WorkerBundle, options: UploadOptions | None = None) -> dict[str, object]:
    """The ``metadata`` JSON of a module upload: the bundle's entry module, then the options that are set."""
    metadata: dict[str, object] = (
        {"main_module": bundle.main_module} if bundle.body_part is None else {"body_part": bundle.body_part}
    )
    if options is not None:
        metadata.update(options_metadata(options))
    return metadata


def upload_metadata_json(bundle: WorkerBundle, options: UploadOptions | None = None) -> bytes:
    """:func:`upload_metadata` already encoded, byte for byte what ``encode_json`` makes of it: the entry
    module's member, then the options' JSON as it was encoded once (``extra`` may not name an entry)."""
    entry = encode_json(
        {"main_module": bundle.main_module} if bundle.body_part is None else {"body_part": bundle.body_part}
    )
    if options is None or options._json == b"{}":
        return entry
    return entry[:-1] + b"," + options._json[1:]
