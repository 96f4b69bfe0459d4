"""Bindings, secrets and upload metadata: exact JSON, spec field names, parsing, secret-free reprs."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import attrs
import pytest
import yaml

from wfp_async._errors import InvalidInput, MalformedBinding
from wfp_async._metadata import (
    AI,
    D1,
    WRITE_ONLY_FIELDS,
    AnalyticsEngine,
    Assets,
    Binding,
    DispatchNamespace,
    DurableObjectNamespace,
    Inherit,
    Json,
    KVNamespace,
    PlainText,
    Queue,
    R2Bucket,
    RawBinding,
    SecretKey,
    SecretText,
    Service,
    UploadOptions,
    binding_from_dict,
    options_json,
    options_metadata,
    secret_text_body,
    upload_metadata,
)
from wfp_async._modules import Module, WorkerBundle

SPEC = Path(__file__).resolve().parent / "data" / "cloudflare-openapi-assembled.json"
FRAGMENT = Path(__file__).resolve().parents[1] / "openapi" / "dispatch-namespaces.yaml"
OUTBOUND = {"worker": {"service": "outbound", "environment": "production"}, "params": [{"name": "url"}]}
JWK = {"kty": "oct", "k": "SECRET-JWK-MATERIAL"}

# (binding with every field set, its exact JSON)
FULL: list[tuple[Binding, dict[str, object]]] = [
    (PlainText("VAR", "hello"), {"name": "VAR", "type": "plain_text", "text": "hello"}),
    (SecretText("KEY", text="s3cr3t"), {"name": "KEY", "type": "secret_text", "text": "s3cr3t"}),
    (
        Json("CFG", {"a": [1, 2], "b": None}),
        {"name": "CFG", "type": "json", "json": {"a": [1, 2], "b": None}},
    ),
    (KVNamespace("KV", "ns-id"), {"name": "KV", "type": "kv_namespace", "namespace_id": "ns-id"}),
    (
        D1("DB", "db-uuid", id="db-uuid"),
        {"name": "DB", "type": "d1", "database_id": "db-uuid", "id": "db-uuid"},
    ),
    (
        R2Bucket("R2", "bucket", jurisdiction="eu"),
        {"name": "R2", "type": "r2_bucket", "bucket_name": "bucket", "jurisdiction": "eu"},
    ),
    (
        Service("SVC", "auth", environment="production", entrypoint="Admin"),
        {
            "name": "SVC",
            "type": "service",
            "service": "auth",
            "environment": "production",
            "entrypoint": "Admin",
        },
    ),
    (
        DurableObjectNamespace(
            "DO",
            "Counter",
            script_name="other",
            environment="prod",
            namespace_id="do-id",
            dispatch_namespace="ns",
        ),
        {
            "name": "DO",
            "type": "durable_object_namespace",
            "class_name": "Counter",
            "script_name": "other",
            "environment": "prod",
            "namespace_id": "do-id",
            "dispatch_namespace": "ns",
        },
    ),
    (Queue("Q", "jobs"), {"name": "Q", "type": "queue", "queue_name": "jobs"}),
    (
        DispatchNamespace("DISPATCH", "customers", outbound=OUTBOUND),
        {"name": "DISPATCH", "type": "dispatch_namespace", "namespace": "customers", "outbound": OUTBOUND},
    ),
    (AnalyticsEngine("AE", "events"), {"name": "AE", "type": "analytics_engine", "dataset": "events"}),
    (AI("AI"), {"name": "AI", "type": "ai"}),
    (Assets("ASSETS"), {"name": "ASSETS", "type": "assets"}),
    (
        Inherit("OLD", old_name="OLDER", version_id="latest"),
        {"name": "OLD", "type": "inherit", "old_name": "OLDER", "version_id": "latest"},
    ),
    (
        SecretKey("SK", "jwk", {"name": "HMAC", "hash": "SHA-256"}, ("sign", "verify"), key_jwk=JWK),
        {
            "name": "SK",
            "type": "secret_key",
            "format": "jwk",
            "algorithm": {"name": "HMAC", "hash": "SHA-256"},
            "usages": ["sign", "verify"],
            "key_jwk": JWK,
        },
    ),
]

# (binding with only the required fields, its exact JSON)
MINIMAL: list[tuple[Binding, dict[str, object]]] = [
    (D1("DB", "db-uuid"), {"name": "DB", "type": "d1", "database_id": "db-uuid"}),
    (R2Bucket("R2", "bucket"), {"name": "R2", "type": "r2_bucket", "bucket_name": "bucket"}),
    (Service("SVC", "auth"), {"name": "SVC", "type": "service", "service": "auth"}),
    (
        DurableObjectNamespace("DO", "Counter"),
        {"name": "DO", "type": "durable_object_namespace", "class_name": "Counter"},
    ),
    (DispatchNamespace("D", "ns"), {"name": "D", "type": "dispatch_namespace", "namespace": "ns"}),
    (Inherit("OLD"), {"name": "OLD", "type": "inherit"}),
    (
        SecretKey("SK", "raw", {"name": "AES-GCM"}, ["encrypt"], key_base64="AAAA"),
        {
            "name": "SK",
            "type": "secret_key",
            "format": "raw",
            "algorithm": {"name": "AES-GCM"},
            "usages": ["encrypt"],
            "key_base64": "AAAA",
        },
    ),
    (
        RawBinding({"name": "HD", "type": "hyperdrive", "id": "h-1"}),
        {"name": "HD", "type": "hyperdrive", "id": "h-1"},
    ),
]


@pytest.mark.parametrize(("binding", "expected"), FULL + MINIMAL, ids=lambda v: getattr(v, "type", ""))
def test_to_dict_exact(binding: Binding, expected: dict[str, object]) -> None:
    """Each binding serializes to exactly Cloudflare's JSON, leaving out unset optional fields."""
    assert binding.to_dict() == expected
    assert binding.type == expected["type"]
    assert binding.name == expected["name"]


@pytest.mark.parametrize(("binding", "full"), FULL, ids=lambda v: getattr(v, "type", ""))
def test_field_names_come_from_the_spec(binding: Binding, full: dict[str, object]) -> None:
    """Every key a binding sends is a property of its workers_binding_kind_* schema, and the minimal
    instance sends every required one."""
    schema = json.loads(SPEC.read_text())["components"]["schemas"][f"workers_binding_kind_{binding.type}"]
    assert set(full) <= set(schema["properties"])
    minimal = next((data for b, data in MINIMAL if b.type == binding.type), full)
    assert set(schema["required"]) <= set(minimal)


def _fragment_input_schemas() -> dict[str, dict[str, object]]:
    """The fragment's schemas of what an upload or a secret write sends, by their ``type`` constant."""
    schemas = yaml.safe_load(FRAGMENT.read_text())["components"]["schemas"]
    refs = [ref["$ref"] for union in ("BindingInput", "SecretInput") for ref in schemas[union]["oneOf"]]
    found = [schemas[ref.rsplit("/", 1)[1]] for ref in refs]
    return {
        schema["properties"]["type"]["const"]: schema
        for schema in found
        if "const" in schema["properties"]["type"]
    }


@pytest.mark.parametrize("binding", [binding for binding, _ in FULL], ids=lambda v: v.type)
def test_binding_fields_are_the_fragments_schema(binding: Binding) -> None:
    """A typed binding's constructor takes exactly the properties of the fragment's schema for its type
    (what the generated models are made from), and requires every property that schema requires."""
    schema = _fragment_input_schemas()[binding.type]
    parameters = inspect.signature(type(binding)).parameters
    assert set(parameters) | {"type"} == set(schema["properties"])  # type: ignore[arg-type]
    required = {name for name, p in parameters.items() if p.default is inspect.Parameter.empty}
    assert set(schema["required"]) - {"type"} <= required  # type: ignore[operator]


def test_every_typed_binding_class_is_held_to_the_fragment() -> None:
    """FULL above has one binding of each typed class, so the test above covers every class."""
    classes = {type(binding) for binding, _ in FULL}
    assert len(classes) == 15
    assert {cls.type for cls in classes} == set(_fragment_input_schemas())  # type: ignore[attr-defined]


@pytest.mark.parametrize(("binding", "data"), FULL + MINIMAL, ids=lambda v: getattr(v, "type", ""))
def test_binding_from_dict_round_trips(binding: Binding, data: dict[str, object]) -> None:
    """Parsing a binding's JSON gives back the same typed binding; a secret's comes back without its value."""
    if binding.type in WRITE_ONLY_FIELDS:
        kept = {k: v for k, v in data.items() if k not in WRITE_ONLY_FIELDS[binding.type]}
        assert binding_from_dict(data) == RawBinding(kept)
    else:
        assert binding_from_dict(data) == binding


@pytest.mark.parametrize(
    "data",
    [
        {"name": "HD", "type": "hyperdrive", "id": "x"},
        {"name": "V", "type": "vectorize", "index_name": "idx"},
        {"name": "KV", "type": "kv_namespace", "namespace_id": "n", "new_field": True},
        {"name": "DB", "type": "d1", "database_id": "d", "preview": "p"},
        {
            "name": "SK",
            "type": "secret_key",
            "format": "raw",
            "algorithm": {"name": "HMAC"},
            "usages": ["sign"],
        },
        {"name": "S", "type": "secret_text"},
        {"name": "R2", "type": "r2_bucket", "bucket_name": "b", "jurisdiction": "mars"},
        {"name": "Q", "type": "queue", "queue_name": 7},
        {"name": "AI", "type": "ai", "staging": False},
    ],
)
def test_binding_from_dict_keeps_what_it_cannot_type(data: dict[str, object]) -> None:
    """Unknown types, extra fields and values a class rejects become RawBinding with every field kept."""
    binding = binding_from_dict(data)
    assert binding == RawBinding(data)
    assert binding.to_dict() == data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "ai"}, "binding has no 'name' (a non-empty string): fields ['type']"),
        ({"name": "", "type": "ai"}, "binding has no 'name' (a non-empty string): fields ['name', 'type']"),
        ({"name": "X"}, "binding has no 'type' (a non-empty string): fields ['name']"),
        ({"name": "X", "type": None}, "binding has no 'type' (a non-empty string): fields ['name', 'type']"),
        (["name", "type"], "a binding must be an object, got list"),
    ],
)
def test_binding_from_dict_malformed(data: object, message: str) -> None:
    """A binding without a name or type raises MalformedBinding naming the field."""
    with pytest.raises(MalformedBinding) as info:
        binding_from_dict(data)  # type: ignore[arg-type]
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: PlainText("", "x"), "PlainText.name must be a non-empty str, got str"),
        (
            lambda: PlainText("A", 1),  # type: ignore[arg-type]
            "PlainText.text must be a str, got int",
        ),
        (
            lambda: KVNamespace("A", None),  # type: ignore[arg-type]
            "KVNamespace.namespace_id must be a non-empty str, got NoneType",
        ),
        (lambda: Service("A", "s", environment=""), "Service.environment must be a non-empty str, got str"),
        (
            lambda: R2Bucket("A", "b", jurisdiction="us"),
            "R2Bucket.jurisdiction must be one of ['eu', 'fedramp', 'fedramp-high']",
        ),
        (
            lambda: DispatchNamespace("A", "n", outbound=[]),  # type: ignore[arg-type]
            "DispatchNamespace.outbound must be a mapping, got list",
        ),
        (
            lambda: Json("A", {1j}),
            "Json.json must be JSON-serializable: Object of type set is not JSON serializable",
        ),
        (
            lambda: Json("A", float("inf")),
            "Json.json must be JSON-serializable: Out of range float values are not JSON compliant",
        ),
        (lambda: RawBinding({"type": "x"}), "RawBinding.data needs a non-empty str 'name'"),
        (lambda: RawBinding({"name": "x"}), "RawBinding.data needs a non-empty str 'type'"),
        (
            lambda: RawBinding([("name", "x")]),  # type: ignore[arg-type]
            "RawBinding.data must be a mapping, got list",
        ),
    ],
)
def test_bad_binding_values(build: object, message: str) -> None:
    """Bad binding values raise InvalidInput naming the field (and never echoing the value)."""
    with pytest.raises(InvalidInput) as info:
        build()  # type: ignore[operator]
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"format": "pem", "key_base64": "A"},
            "SecretKey.format must be one of ['jwk', 'pkcs8', 'raw', 'spki'], got 'pem'",
        ),
        ({"format": "raw"}, "SecretKey with format 'raw' needs key_base64 (and no key_jwk)"),
        (
            {"format": "spki", "key_base64": "A", "key_jwk": JWK},
            "SecretKey with format 'spki' needs key_base64 (and no key_jwk)",
        ),
        (
            {"format": "jwk", "key_base64": "A"},
            "SecretKey with format 'jwk' needs key_jwk (and no key_base64)",
        ),
        (
            {"format": "raw", "key_base64": "A", "usages": ["fly"]},
            "SecretKey.usages has unknown usages ['fly']",
        ),
        (
            {"format": "raw", "key_base64": "A", "usages": "sign"},
            "SecretKey.usages must be a list or tuple, got str",
        ),
        (
            {"format": "raw", "key_base64": "A", "algorithm": "HMAC"},
            "SecretKey.algorithm must be a mapping, got str",
        ),
    ],
)
def test_secret_key_checks(kwargs: dict[str, object], message: str) -> None:
    """A secret key without the key material its format needs, or with unknown usages, is rejected."""
    arguments: dict[str, object] = {"name": "K", "algorithm": {"name": "HMAC"}, "usages": ["sign"], **kwargs}
    with pytest.raises(InvalidInput) as info:
        SecretKey(**arguments)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("binding", "secret", "shown"),
    [
        (SecretText("KEY", text="hunter2-secret"), "hunter2-secret", "SecretText(name='KEY', text=***)"),
        (
            SecretKey("SK", "raw", {"name": "HMAC"}, ["sign"], key_base64="c2VjcmV0LWtleQ=="),
            "c2VjcmV0LWtleQ==",
            "SecretKey(name='SK', format='raw', algorithm={'name': 'HMAC'}, usages=('sign',), "
            "key_base64=***, key_jwk=None)",
        ),
        (
            SecretKey("SK", "jwk", {"name": "HMAC"}, ["sign"], key_jwk=JWK),
            "SECRET-JWK-MATERIAL",
            "SecretKey(name='SK', format='jwk', algorithm={'name': 'HMAC'}, usages=('sign',), "
            "key_base64=None, key_jwk=***)",
        ),
        (
            RawBinding({"name": "S", "type": "secrets_store_secret", "text": "raw-secret-value"}),
            "raw-secret-value",
            "RawBinding(type='secrets_store_secret', name='S', fields=['text'])",
        ),
    ],
)
def test_reprs_never_show_secrets(binding: Binding, secret: str, shown: str) -> None:
    """repr() and str() of secret-bearing bindings, and of options holding them, hide the value."""
    assert repr(binding) == shown
    assert secret not in repr(binding)
    assert secret not in str(binding)
    assert secret not in repr(UploadOptions(bindings=[binding]))


def test_secret_text_errors_do_not_echo_the_value() -> None:
    """A rejected secret value is described by its type only."""
    with pytest.raises(InvalidInput) as info:
        SecretText("K", text=b"bytes-secret")  # type: ignore[arg-type]
    assert str(info.value) == "SecretText.text must be a str, got bytes"


def test_secret_text_body() -> None:
    """The PUT secrets body for a text secret."""
    assert secret_text_body("API_KEY", "v") == {"name": "API_KEY", "type": "secret_text", "text": "v"}
    with pytest.raises(InvalidInput, match=r"^SecretText\.name must be a non-empty str, got str$"):
        secret_text_body("", "v")


ES = WorkerBundle.es_module("export default {}")
SW = WorkerBundle.service_worker("addEventListener('fetch', () => {})")


@pytest.mark.parametrize(
    ("bundle", "options", "expected"),
    [
        (ES, None, {"main_module": "index.js"}),
        (SW, None, {"body_part": "worker.js"}),
        (ES, UploadOptions(), {"main_module": "index.js"}),
        (
            SW,
            UploadOptions(compatibility_date="2024-08-06", bindings=[], tags=[], keep_assets=False),
            {
                "body_part": "worker.js",
                "compatibility_date": "2024-08-06",
                "bindings": [],
                "keep_assets": False,
                "tags": [],
            },
        ),
        (
            WorkerBundle((Module.from_text("main.py", ""),), main_module="main.py"),
            UploadOptions(
                compatibility_date="2025-01-31",
                compatibility_flags=["python_workers", "nodejs_compat"],
                bindings=[PlainText("VAR", "1"), SecretText("KEY", text="s"), KVNamespace("KV", "n")],
                keep_bindings=["secret_text", "secret_key"],
                keep_assets=True,
                tags=["customer-1", "plan_pro"],
                observability={"enabled": True, "head_sampling_rate": 0.1},
                limits={"cpu_ms": 50},
                placement={"mode": "smart"},
                usage_model="standard",
                logpush=False,
                tail_consumers=[{"service": "tail", "environment": "production"}],
                assets={
                    "jwt": "completion-jwt",
                    "config": {"not_found_handling": "404-page", "run_worker_first": ("/api/*",)},
                },
                migrations={"new_tag": "v1", "new_sqlite_classes": ("Counter",)},
                extra={"cache_options": {"enabled": True}, "logpush": True},
            ),
            {
                "main_module": "main.py",
                "compatibility_date": "2025-01-31",
                "compatibility_flags": ["python_workers", "nodejs_compat"],
                "bindings": [
                    {"name": "VAR", "type": "plain_text", "text": "1"},
                    {"name": "KEY", "type": "secret_text", "text": "s"},
                    {"name": "KV", "type": "kv_namespace", "namespace_id": "n"},
                ],
                "keep_bindings": ["secret_text", "secret_key"],
                "keep_assets": True,
                "tags": ["customer-1", "plan_pro"],
                "observability": {"enabled": True, "head_sampling_rate": 0.1},
                "limits": {"cpu_ms": 50},
                "placement": {"mode": "smart"},
                "usage_model": "standard",
                "logpush": True,
                "tail_consumers": [{"service": "tail", "environment": "production"}],
                "assets": {
                    "jwt": "completion-jwt",
                    "config": {"not_found_handling": "404-page", "run_worker_first": ["/api/*"]},
                },
                "migrations": {"new_tag": "v1", "new_sqlite_classes": ["Counter"]},
                "cache_options": {"enabled": True},
            },
        ),
    ],
)
def test_upload_metadata_exact(
    bundle: WorkerBundle, options: UploadOptions | None, expected: dict[str, object]
) -> None:
    """The metadata holds the bundle's entry module and only the options that were set (extra last)."""
    metadata = upload_metadata(bundle, options)
    assert metadata == expected
    assert next(iter(metadata)) == next(iter(expected))
    assert json.loads(json.dumps(metadata)) == expected


def test_options_metadata_without_entry() -> None:
    """options_metadata() gives only the options that are set, for a settings PATCH."""
    assert options_metadata(UploadOptions()) == {}
    assert options_metadata(UploadOptions(logpush=True, bindings=[AI("AI")], extra={"x": (1,)})) == {
        "bindings": [{"name": "AI", "type": "ai"}],
        "logpush": True,
        "x": [1],
    }


def test_options_store_tuples() -> None:
    """Lists given to UploadOptions are stored as tuples, so the value stays frozen."""
    options = UploadOptions(
        compatibility_flags=["a"], tags=["t"], keep_bindings=["plain_text"], tail_consumers=[{}]
    )
    assert options.compatibility_flags == ("a",)
    assert options.tags == ("t",)
    assert options.keep_bindings == ("plain_text",)
    assert options.tail_consumers == ({},)
    assert UploadOptions(bindings=[AI("AI")]).bindings == (AI("AI"),)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"compatibility_date": "2024-8-6"},
            "compatibility_date must be a date as YYYY-MM-DD, got '2024-8-6'",
        ),
        (
            {"compatibility_date": "2024-02-30"},
            "compatibility_date must be a date as YYYY-MM-DD, got '2024-02-30'",
        ),
        (
            {"compatibility_date": "2024-08-06T00:00"},
            "compatibility_date must be a date as YYYY-MM-DD, got '2024-08-06T00:00'",
        ),
        ({"compatibility_date": 20240806}, "compatibility_date must be a date as YYYY-MM-DD, got 20240806"),
        ({"compatibility_flags": "nodejs_compat"}, "compatibility_flags must be a list or tuple, got str"),
        ({"compatibility_flags": ["ok", ""]}, "compatibility_flags items must be non-empty str, got str"),
        ({"keep_bindings": [1]}, "keep_bindings items must be binding type names (non-empty str), got int"),
        ({"tags": [f"t{i}" for i in range(11)]}, "at most 10 tags, got 11"),
        ({"tags": ["a,b"]}, "invalid tag 'a,b': must not contain ',' or ':'"),
        ({"bindings": [AI("X"), PlainText("X", "")]}, "binding names must be unique; repeated: 'X'"),
        (
            {"bindings": [{"name": "X", "type": "ai"}]},
            "bindings items must be bindings (PlainText, ..., RawBinding), got dict",
        ),
        ({"bindings": AI("X")}, "bindings must be a list or tuple, got AI"),
        ({"keep_assets": "yes"}, "UploadOptions.keep_assets must be a bool, got str"),
        ({"logpush": 1}, "UploadOptions.logpush must be a bool, got int"),
        ({"limits": [("cpu_ms", 5)]}, "UploadOptions.limits must be a mapping, got list"),
        (
            {"usage_model": "free"},
            "usage_model must be one of ['bundled', 'standard', 'unbound'], got 'free'",
        ),
        ({"tail_consumers": ["tail"]}, "tail_consumers items must be mappings, got str"),
        (
            {"extra": {"main_module": "x.js"}},
            "extra must not set main_module: the bundle decides the entry module",
        ),
        ({"extra": {1: "x"}}, "extra must be a mapping with str keys"),
    ],
)
def test_bad_options(kwargs: dict[str, object], message: str) -> None:
    """Each bad option raises InvalidInput when the options are built, before any request."""
    with pytest.raises(InvalidInput) as info:
        UploadOptions(**kwargs)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


def test_options_are_keyword_only() -> None:
    """UploadOptions takes no positional arguments."""
    with pytest.raises(TypeError):
        UploadOptions("2024-08-06")  # type: ignore[call-arg]


class _Flag(str):
    """A str subclass: not an exact str, so the options' checks take their isinstance path."""


def test_options_from_other_iterables_and_subclasses_match_lists() -> None:
    """Generators, tuple subclasses and str subclasses pass the same checks as lists of str and send the
    same JSON; an empty str subclass is refused with the same message as an empty str."""

    class Flags(tuple[str, ...]):
        pass

    bindings = [PlainText("A", "1"), KVNamespace("B", namespace_id="n")]
    from_lists = UploadOptions(compatibility_flags=["nodejs_compat"], tags=["t"], bindings=bindings)
    from_others = UploadOptions(
        compatibility_flags=Flags([_Flag("nodejs_compat")]),
        tags=(tag for tag in [_Flag("t")]),
        bindings=iter(bindings),
    )
    assert from_others == from_lists
    assert options_metadata(from_others) == {
        "compatibility_flags": ["nodejs_compat"],
        "bindings": [
            {"name": "A", "type": "plain_text", "text": "1"},
            {"name": "B", "type": "kv_namespace", "namespace_id": "n"},
        ],
        "tags": ["t"],
    }
    with pytest.raises(InvalidInput, match=r"^compatibility_flags items must be non-empty str, got _Flag$"):
        UploadOptions(compatibility_flags=["ok", _Flag("")])


def test_a_json_binding_holding_null_sends_no_json_field() -> None:
    """``Json(name, None)`` leaves its ``json`` out, as every ``None`` field is (as before the field tables),
    built directly or read back from an answer."""
    assert Json("LIMITS", None).to_dict() == {"name": "LIMITS", "type": "json"}
    assert options_json(UploadOptions(bindings=[Json("LIMITS", None)])) == (
        b'{"bindings":[{"name":"LIMITS","type":"json"}]}'
    )
    assert binding_from_dict({"name": "LIMITS", "type": "json", "json": None}) == Json("LIMITS", None)


def test_raw_bindings_equal_in_any_key_order_hash_alike() -> None:
    """Two RawBindings with the same fields in another order are equal and hash alike (a set holds one)."""
    first = RawBinding({"name": "DB", "type": "hyperdrive", "id": "1", "x": "2"})
    second = RawBinding({"type": "hyperdrive", "x": "2", "name": "DB", "id": "1"})
    assert first == second and hash(first) == hash(second) and len({first, second}) == 1


def test_bindings_match_positionally_and_show_annotated_signatures() -> None:
    """``case PlainText(name, text)`` matches the positional fields (keyword-only ones are not positional),
    and each constructor's signature carries its fields' annotations, as the attrs classes did."""
    match PlainText("PLAN", "pro"):
        case PlainText(name, text):
            assert (name, text) == ("PLAN", "pro")
        case _:
            raise AssertionError("no match")
    match RawBinding({"name": "DB", "type": "hyperdrive"}):
        case RawBinding(data):
            assert dict(data) == {"name": "DB", "type": "hyperdrive"}
        case _:
            raise AssertionError("no match")
    assert SecretText.__match_args__ == ("name",)
    assert str(inspect.signature(SecretText)) == "(name: 'str', *, text: 'str') -> None"
    assert str(inspect.signature(Service)) == (
        "(name: 'str', service: 'str', environment: 'str | None' = None,"
        " entrypoint: 'str | None' = None) -> None"
    )


@pytest.mark.parametrize(("binding", "data"), FULL, ids=lambda v: getattr(v, "type", ""))
def test_bindings_are_immutable(binding: Binding, data: dict[str, object]) -> None:
    """Setting or deleting any attribute of a binding, its fields or a new one, raises attrs'
    FrozenInstanceError (as the attrs classes did), and the binding still sends the same JSON."""
    for name in [*inspect.signature(type(binding)).parameters, "_wire", "extra"]:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(binding, name, "changed")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            delattr(binding, name)
    assert binding.to_dict() == data


def test_bindings_keep_no_reference_to_what_they_were_built_from() -> None:
    """A binding copies its list and dict arguments: changing them afterwards, or the dict ``to_dict()``
    returned (nested values too), changes nothing it sends; its nested values cannot be changed in place."""
    usages, algorithm = ["encrypt"], {"name": "AES-GCM"}
    key = SecretKey("SK", "raw", algorithm, usages, key_base64="AAAA")
    raw_data = {"name": "HD", "type": "hyperdrive", "id": "h-1"}
    raw = RawBinding(raw_data)
    usages.append("decrypt")
    algorithm["name"] = "HMAC"
    raw_data["id"] = "h-2"
    sent = raw.to_dict()
    sent["id"] = "h-3"
    sent_key = key.to_dict()
    sent_key["algorithm"]["name"] = "HMAC"  # type: ignore[index]
    sent_key["usages"].append("sign")  # type: ignore[attr-defined]
    assert key.usages == ("encrypt",)
    assert key.to_dict()["algorithm"] == {"name": "AES-GCM"}
    assert key.to_dict()["usages"] == ["encrypt"]
    assert raw.to_dict() == {"name": "HD", "type": "hyperdrive", "id": "h-1"}
    with pytest.raises(TypeError, match="does not support item assignment"):
        key.algorithm["name"] = "HMAC"  # type: ignore[index]
    with pytest.raises(TypeError, match="does not support item assignment"):
        raw.data["id"] = "h-4"  # type: ignore[index]
