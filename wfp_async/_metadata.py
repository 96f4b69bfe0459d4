"""What travels next to the code: typed bindings, upload options, and secret request bodies.

Each binding class maps to one of the fragment's binding schemas (Cloudflare's ``workers_binding_kind_*``):
its annotated fields are that schema's properties, and that one table gives the class its constructor,
checks, attributes, repr and JSON (optional fields left out when ``None``). Binding types this module
does not model travel as :class:`RawBinding`, untouched. :func:`upload_metadata` turns a bundle and
:class:`UploadOptions` into the ``metadata`` part of a module upload; bad values raise
:class:`~wfp_async._errors.InvalidInput` when the options are built, before any request.

Secret values (``SecretText.text``, ``SecretKey.key_base64``/``key_jwk``) never appear in a repr, str or
error message.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, TypeAlias, TypeVar, cast, dataclass_transform

import attrs

from wfp_async._errors import InvalidInput, MalformedBinding
from wfp_async._frozen import FrozenMapping, freeze, thaw
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


# Field checks. Each gets a value that missed its constructor's fast path and the field's name
# ("PlainText.text"), and returns the value to keep (containers frozen) or raises InvalidInput naming
# the field and the value's type, never the value (it may be a secret).


def _str(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidInput(f"{where} must be a non-empty str, got {type(value).__name__}")
    return check_unicode(value, where)


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{where} must be a str, got {type(value).__name__}")
    return check_unicode(value, where)


def _json(value: object, where: str) -> object:
    check_json_value(value, where)
    return freeze(value)  # a caller's dict, changed later, must not change the binding


def _mapping(value: object, where: str) -> object:
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{where} must be a mapping, got {type(value).__name__}")
    return _json(value, where)


def _one_of(allowed: frozenset[str], *, show: bool) -> Callable[[object, str], str]:
    def check(value: object, where: str) -> str:
        if not isinstance(value, str) or value not in allowed:
            raise InvalidInput(f"{where} must be one of {sorted(allowed)}" + (f", got {value!r}" * show))
        return value

    return check


_jurisdiction = _one_of(_R2_JURISDICTIONS, show=False)
_key_format = _one_of(_KEY_FORMATS, show=True)
_usage_model = _one_of(_USAGE_MODELS, show=True)


def _usages(value: object, where: str) -> tuple[str, ...]:
    usages: tuple[str, ...] | None = _tuple_of(value, where, str, "non-empty str")  # type: ignore[arg-type]
    if usages is None:
        raise InvalidInput(f"{where} must be a list or tuple, got NoneType")
    unknown = sorted(set(usages) - _KEY_USAGES)
    if unknown:
        raise InvalidInput(f"{where} has unknown usages {unknown}; allowed: {sorted(_KEY_USAGES)}")
    return usages


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
    # The common case, an instance of the classes themselves (and a non-empty str), skips isinstance.
    if not ({type(item) for item in items} <= _EXACT_KINDS.get(kind, frozenset()) and all(items)):
        for item in items:
            if not isinstance(item, kind) or (isinstance(item, str) and not item):
                raise InvalidInput(f"{field} items must be {what}, got {type(item).__name__}")
    return items


def _mask(value: object) -> str:
    return "None" if value is None else "***"


def _mask_jwt(value: object) -> str:
    """``assets`` shown with its completion token masked: the token lets anyone attach the assets."""
    if isinstance(value, Mapping) and "jwt" in value:
        value = {**value, "jwt": "***"}
    return repr(value)


# Bindings. Each class declares its fields once (the fragment's schema properties, with their checks);
# _BindingType writes the constructor from them, which builds the binding's JSON dict once.


class _Field:
    """One field of a binding class: its check, whether it may be None (left out of the JSON), passed by
    keyword only, or masked in the repr. On an instance it reads the field's value from the JSON."""

    __slots__ = ("check", "key", "kw_only", "optional", "secret")

    def __init__(self, check: Callable[[Any, str], object], optional: bool, kw_only: bool, secret: bool):
        self.check, self.optional, self.kw_only, self.secret = check, optional, kw_only, secret

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    def __get__(self, binding: _Wire | None, owner: type | None = None) -> Any:
        return self if binding is None else binding._wire.get(self.key)


def _field(
    check: Callable[[Any, str], object],
    *,
    default: object = ...,
    kw_only: bool = False,
    secret: bool = False,
) -> Any:
    return _Field(check, default is None, kw_only, secret)


class _Wire:
    """A binding's JSON as a dict, made once by its constructor (containers frozen): what its attributes,
    ``==``, ``to_dict`` and an upload read."""

    __slots__ = ("_wire",)
    _wire: Mapping[str, object]
    _flat: ClassVar[bool] = False  # True: ``_wire`` holds str values only, and goes to JSON as it is

    def to_dict(self) -> dict[str, object]:
        """The binding as Cloudflare's JSON, a new dict, with ``None`` fields left out:
        ``PlainText("PLAN", "pro").to_dict()`` is ``{"name": "PLAN", "type": "plain_text", "text": "pro"}``.
        """
        return thaw(self._wire)  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._wire == other._wire

    def __hash__(self) -> int:
        # Unordered, as == is: a RawBinding's keys come in the order a server sent them.
        return hash((type(self), frozenset(self._wire.items())))

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __setstate__(self, state: tuple[None, dict[str, Mapping[str, object]]]) -> None:
        _set_wire(self, state[1]["_wire"])  # pickle and copy: the slot set again, as it was checked


_set_wire = _Wire.__dict__["_wire"].__set__


@dataclass_transform(frozen_default=True, field_specifiers=(_field,))
class _BindingType(type):
    """Gives each binding class an ``__init__`` written out for its fields, as attrs writes one: the
    common case (an ASCII str) is tested inline, and the JSON dict is built once."""

    def __new__(
        mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], type: str | None = None
    ) -> _BindingType:
        namespace.setdefault("__slots__", ())
        if type is not None:  # a public binding class: its type, and to_dict as its own (help() shows it)
            namespace.update(type=type, to_dict=_Wire.to_dict)
        cls: Any = super().__new__(mcls, name, bases, namespace)
        own = (value for value in namespace.values() if isinstance(value, _Field))
        cls._fields = (*getattr(cls, "_fields", ()), *own)
        # A binding whose fields all hold a str (or None) sends its dict as it is; the others a plain copy.
        cls._flat = all(field.check in (_str, _text, _jurisdiction, _key_format) for field in cls._fields)
        if type is not None:
            cls.__init__ = _write_init(cls)
            # ``case PlainText(name, text)``, as attrs classes match: the positional fields.
            cls.__match_args__ = tuple(field.key for field in cls._fields if not field.kw_only)  # type: ignore[misc]
        return cls  # type: ignore[no-any-return]


# The constructor's own test of a value that needs no call of its check (a non-empty ASCII str, an ASCII str).
_FAST = {_str: "type({0}) is str and {0} and {0}.isascii()", _text: "type({0}) is str and {0}.isascii()"}


def _write_init(cls: Any) -> Callable[..., None]:
    """``cls.__init__``: each field checked (its check called only off the fast path), then the JSON
    dict built in field order, ``name`` and ``type`` first, ``None`` fields left out."""
    hook = getattr(cls, "_after", None)
    env: dict[str, object] = {"__name__": __name__, "_set_wire": _set_wire, "_after": hook}
    params, checks, items, body = ["self"], [], [], []  # type: list[str], list[str], list[str], list[str]
    for field in cls._fields:
        key, where = field.key, f"{cls.__name__}.{field.key}"  # identifiers of our own classes, not input
        if field.kw_only and "*" not in params:
            params.append("*")
        params.append(f"{key}=None" if field.optional else key)
        env[f"_check_{key}"] = field.check
        check = f"{key} = _check_{key}({key}, {where!r})"
        if field.check in _FAST:
            check = f"if not ({_FAST[field.check].format(key)}): {check}"
        if not field.optional and not body and field.check in _FAST:  # a leading str: in the dict literal
            checks.append(check)
            items += [f"{key!r}: {key}", f"'type': {cls.type!r}"] if key == "name" else [f"{key!r}: {key}"]
        elif field.optional:
            body += [f"if {key} is not None:", f"    {check}", f"    _w[{key!r}] = {key}"]
        else:  # a required field that may hold None (Json's null) is left out, as None fields are
            body += [check, f"if {key} is not None:", f"    _w[{key!r}] = {key}"]
    after = ["_after(_w)"] if hook else []
    lines = [*checks, f"_w = {{{', '.join(items)}}}", *body, *after, "_set_wire(self, _w)"]
    exec(f"def __init__({', '.join(params)}):\n" + "".join(f"    {line}\n" for line in lines), env)
    init: Callable[..., None] = env["__init__"]  # type: ignore[assignment]
    init.__qualname__ = f"{cls.__name__}.__init__"
    hints = {
        key: hint
        for klass in reversed(cls.__mro__)
        for key, hint in vars(klass).get("__annotations__", {}).items()
    }
    init.__annotations__ = {**{field.key: hints[field.key] for field in cls._fields}, "return": None}
    return init


class _Binding(_Wire, metaclass=_BindingType):
    """Common shape: a ``name`` first, a ``type`` class constant, and ``to_dict()``."""

    type: ClassVar[str]
    _fields: ClassVar[tuple[_Field, ...]]
    name: str = _field(_str)

    def __repr__(self) -> str:
        shown = (
            f"{field.key}={(_mask if field.secret else repr)(self._wire.get(field.key))}"
            for field in self._fields
        )
        return f"{type(self).__name__}({', '.join(shown)})"


class PlainText(_Binding, type="plain_text"):
    """``plain_text``: an environment variable.

    ``PlainText("PLAN", "pro")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    text: str = _field(_text)


class SecretText(_Binding, type="secret_text"):
    """``secret_text``: an encrypted environment variable; its repr shows ``text=***``.

    ``SecretText("API_KEY", text="s3cr3t")``: the value is keyword-only, so it can never be swapped with
    the name (a positional value is a ``TypeError``, a programming error that type checkers report).
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    text: str = _field(_text, kw_only=True, secret=True)


class Json(_Binding, type="json"):
    """``json``: any JSON value.

    ``Json("LIMITS", {"rps": 10})``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    json: object = _field(_json)


class KVNamespace(_Binding, type="kv_namespace"):
    """``kv_namespace``: a Workers KV namespace.

    ``KVNamespace("CACHE", namespace_id="0f2ac74b...")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    namespace_id: str = _field(_str)


class D1(_Binding, type="d1"):
    """``d1``: a D1 database. ``id`` is an older spelling of ``database_id`` that answers may carry.

    ``D1("DB", database_id="...")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    database_id: str = _field(_str)
    id: str | None = _field(_str, default=None)


class R2Bucket(_Binding, type="r2_bucket"):
    """``r2_bucket``: an R2 bucket, optionally in a jurisdiction (eu, fedramp, fedramp-high).

    ``R2Bucket("FILES", bucket_name="uploads", jurisdiction="eu")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    bucket_name: str = _field(_str)
    jurisdiction: str | None = _field(_jurisdiction, default=None)


class Service(_Binding, type="service"):
    """``service``: another Worker, optionally a named entrypoint of it.

    ``Service("AUTH", service="auth-worker", entrypoint="Auth")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    service: str = _field(_str)
    environment: str | None = _field(_str, default=None)
    entrypoint: str | None = _field(_str, default=None)


class DurableObjectNamespace(_Binding, type="durable_object_namespace"):
    """``durable_object_namespace``: a Durable Object class, here or in ``script_name``.

    ``DurableObjectNamespace("ROOMS", class_name="Room")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    class_name: str = _field(_str)
    script_name: str | None = _field(_str, default=None)
    environment: str | None = _field(_str, default=None)
    namespace_id: str | None = _field(_str, default=None)
    dispatch_namespace: str | None = _field(_str, default=None)


class Queue(_Binding, type="queue"):
    """``queue``: a Queue producer.

    ``Queue("JOBS", queue_name="jobs")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    queue_name: str = _field(_str)


class DispatchNamespace(_Binding, type="dispatch_namespace"):
    """``dispatch_namespace``: a dispatch namespace, with an optional ``outbound`` Worker config.

    ``DispatchNamespace("TENANTS", namespace="tenants")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    namespace: str = _field(_str)
    outbound: Mapping[str, object] | None = _field(_mapping, default=None)


class AnalyticsEngine(_Binding, type="analytics_engine"):
    """``analytics_engine``: a Workers Analytics Engine dataset.

    ``AnalyticsEngine("EVENTS", dataset="events")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    dataset: str = _field(_str)


class AI(_Binding, type="ai"):
    """``ai``: Workers AI.

    ``AI("AI")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """


class Assets(_Binding, type="assets"):
    """``assets``: the Worker's static assets.

    ``Assets("ASSETS")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """


class Inherit(_Binding, type="inherit"):
    """``inherit``: keep a binding from a previous version, optionally renamed from ``old_name``.

    ``Inherit("CACHE")``
    Raises :class:`~wfp_async.InvalidInput` for a malformed field (e.g. an empty name).
    """

    old_name: str | None = _field(_str, default=None)
    version_id: str | None = _field(_str, default=None)


class SecretKey(_Binding, type="secret_key"):
    """``secret_key``: a CryptoKey, imported from ``key_base64`` (raw, pkcs8, spki) or ``key_jwk`` (jwk).

    Key material never appears in a repr. ``SecretKey("SIGNING", format="raw", algorithm={"name": "HMAC",
    "hash": "SHA-256"}, usages=["sign"], key_base64="...")``: the key material is keyword-only (positional,
    it is a ``TypeError``). An unknown format or usage, or the wrong key field for the format, raises
    :class:`~wfp_async.InvalidInput`.
    """

    format: str = _field(_key_format)
    algorithm: Mapping[str, object] = _field(_mapping)
    usages: tuple[str, ...] = _field(_usages)
    key_base64: str | None = _field(_str, default=None, kw_only=True, secret=True)
    key_jwk: Mapping[str, object] | None = _field(_mapping, default=None, kw_only=True, secret=True)

    @staticmethod
    def _after(wire: Mapping[str, object]) -> None:
        wanted, other = ("key_jwk", "key_base64") if wire["format"] == "jwk" else ("key_base64", "key_jwk")
        if wanted not in wire or other in wire:
            raise InvalidInput(f"SecretKey with format {wire['format']!r} needs {wanted} (and no {other})")


class RawBinding(_Wire):
    """Any other binding type, kept as Cloudflare's JSON and sent back untouched.

    Its repr shows the name, type and field names only (the values may be secrets).
    ``RawBinding({"name": "DB", "type": "hyperdrive", "id": "..."})``; data without a non-empty str
    ``name`` and ``type`` raises :class:`~wfp_async.InvalidInput`.
    """

    __slots__ = ()
    __match_args__ = ("data",)

    def __init__(self, data: Mapping[str, object]) -> None:
        frozen: Mapping[str, object] = _mapping(data, "RawBinding.data")  # type: ignore[assignment]
        for key in ("name", "type"):
            if not isinstance(frozen.get(key), str) or not frozen[key]:
                raise InvalidInput(f"RawBinding.data needs a non-empty str {key!r}")
        _set_wire(self, frozen)

    @property
    def data(self) -> Mapping[str, object]:
        """The binding's JSON, read-only: ``raw.data["id"]``."""
        return self._wire

    @property
    def name(self) -> str:
        """The binding's name: ``raw.name``."""
        return str(self._wire["name"])

    @property
    def type(self) -> str:
        """The binding's type, e.g. ``hyperdrive``."""
        return str(self._wire["type"])

    def to_dict(self) -> dict[str, object]:
        """A copy of the data, as Cloudflare's JSON: ``raw.to_dict()["type"]``."""
        return thaw(self._wire)  # type: ignore[return-value]

    def __repr__(self) -> str:
        fields = sorted(key for key in self._wire if key not in ("name", "type"))
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

_TYPED: tuple[type[_Binding], ...] = tuple(_Binding.__subclasses__())  # in the order they are defined
# type -> (class, its JSON field names)
_BY_TYPE: dict[str, tuple[Callable[..., Binding], frozenset[str]]] = {
    cls.type: (cast(Callable[..., Binding], cls), frozenset(field.key for field in cls._fields) | {"type"})
    for cls in _TYPED
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


def _date(value: object, where: str) -> None:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return
    raise InvalidInput(f"{where} must be a date as YYYY-MM-DD, got {value!r}")


def _check_extra(value: Mapping[str, object]) -> None:
    if value is _NO_EXTRA:
        return
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
    return _tuple_of(value, "bindings", _BINDING_CLASSES, "bindings (PlainText, ..., RawBinding)")


def _wires(bindings: tuple[Binding, ...]) -> list[object]:
    """The bindings' JSON, in one pass that also checks that each name is given once."""
    wires: list[object] = []
    names = set()
    for binding in bindings:
        wire = binding._wire
        names.add(wire["name"])
        wires.append(wire if binding._flat else thaw(wire))
    if len(names) < len(wires):
        listed = [binding._wire["name"] for binding in bindings]
        repeated = sorted({str(name) for name in listed if listed.count(name) > 1})
        raise InvalidInput(f"binding names must be unique; repeated: {', '.join(map(repr, repeated))}")
    return wires


def _tail_consumers(value: Iterable[Mapping[str, object]] | None) -> tuple[Mapping[str, object], ...] | None:
    return _tuple_of(value, "tail_consumers", Mapping, "mappings")


_NO_EXTRA: Mapping[str, object] = FrozenMapping()
_bool = functools.partial(check_bool, got=True)
# The checks of the fields that are not converted, in field order, each with the name its errors give.
_CHECKS: tuple[tuple[str, Callable[[Any, str], object], str], ...] = (
    ("compatibility_date", _date, "compatibility_date"),
    ("keep_assets", _bool, "UploadOptions.keep_assets"),
    *((name, _mapping, f"UploadOptions.{name}") for name in ("observability", "limits", "placement")),
    ("usage_model", _usage_model, "usage_model"),
    ("logpush", _bool, "UploadOptions.logpush"),
    *((name, _mapping, f"UploadOptions.{name}") for name in ("assets", "migrations")),
)
_COPIED = frozenset({"observability", "limits", "placement", "tail_consumers", "assets", "migrations"})


@attrs.frozen(kw_only=True)
class UploadOptions:
    """The optional fields of a module upload's metadata. Only the fields that are set are sent.

    Lists are accepted wherever a tuple is stored; ``extra`` is merged last, for fields not modelled here.
    ``UploadOptions(compatibility_date="2025-06-01", bindings=[PlainText("PLAN", "pro")], tags=["beta"])``;
    a bad value (a date, a tag, more than 10 tags, repeated binding names) raises
    :class:`~wfp_async.InvalidInput` here, before any request.
    """

    compatibility_date: str | None = None
    compatibility_flags: tuple[str, ...] | None = attrs.field(default=None, converter=_flags)
    bindings: tuple[Binding, ...] | None = attrs.field(default=None, converter=_bindings)
    keep_bindings: tuple[str, ...] | None = attrs.field(default=None, converter=_keep_bindings)
    keep_assets: bool | None = None
    tags: tuple[str, ...] | None = attrs.field(default=None, converter=_tags)
    observability: Mapping[str, object] | None = None
    limits: Mapping[str, object] | None = None
    placement: Mapping[str, object] | None = None
    usage_model: str | None = None
    logpush: bool | None = None
    tail_consumers: tuple[Mapping[str, object], ...] | None = attrs.field(
        default=None, converter=_tail_consumers
    )
    assets: Mapping[str, object] | None = attrs.field(default=None, repr=_mask_jwt)
    migrations: Mapping[str, object] | None = None
    extra: Mapping[str, object] = _NO_EXTRA
    # The metadata as JSON text, encoded once here: one UploadOptions often serves thousands of uploads
    # (a bulk deploy), and bytes are what no caller can change afterwards.
    _json: bytes = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        # The checks in one loop over a table (attrs' validators: a call per field, set or not), then the
        # metadata in field order; slots set through their descriptors (object.__setattr__ is ~5x slower).
        for name, check, where in _CHECKS:
            value = getattr(self, name)
            if value is not None:
                check(value, where)
        _check_extra(self.extra)
        metadata: dict[str, object] = {}
        for name in _OPTION_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            if name == "bindings":
                metadata[name] = _wires(value)
            elif name in _COPIED:
                # Validated, then copied read-only: the caller's dict, changed later, changes nothing.
                _SET[name](self, freeze(value))
                metadata[name] = thaw(value)
            else:  # a str, a bool, or a new tuple of str from its converter: JSON as it is
                metadata[name] = value
        if self.extra is not _NO_EXTRA:
            for key, value in self.extra.items():
                metadata[key] = thaw(value)
            _SET["extra"](self, freeze(self.extra))
        _SET["_json"](self, encode_json(metadata))


_OPTION_FIELDS = tuple(
    field.name for field in attrs.fields(UploadOptions) if field.name not in ("extra", "_json")
)
# Each field's slot setter (a frozen class's own __setattr__ refuses).
_SET = {field.name: UploadOptions.__dict__[field.name].__set__ for field in attrs.fields(UploadOptions)}


def options_metadata(options: UploadOptions) -> dict[str, object]:
    """The options that are set, as metadata JSON (``extra`` last); also a settings PATCH body.

    A new dict each time, decoded from the options' JSON: changing it changes no later upload.
    """
    return cast(dict[str, object], json.loads(options._json))


def options_json(options: UploadOptions) -> bytes:
    """The options that are set, as the JSON bytes encoded when they were made: a settings PATCH part."""
    return options._json


def _entry(bundle: WorkerBundle) -> dict[str, object]:
    return (
        {"main_module": bundle.main_module} if bundle.body_part is None else {"body_part": bundle.body_part}
    )


def upload_metadata(bundle: WorkerBundle, options: UploadOptions | None = None) -> dict[str, object]:
    """The ``metadata`` JSON of a module upload: the bundle's entry module, then the options that are set."""
    return {**_entry(bundle), **(options_metadata(options) if options is not None else {})}


def upload_metadata_json(bundle: WorkerBundle, options: UploadOptions | None = None) -> bytes:
    """:func:`upload_metadata` already encoded, byte for byte what ``encode_json`` makes of it: the entry
    module's member, then the options' JSON as it was encoded once (``extra`` may not name an entry)."""
    entry = encode_json(_entry(bundle))
    if options is None or options._json == b"{}":
        return entry
    return entry[:-1] + b"," + options._json[1:]
