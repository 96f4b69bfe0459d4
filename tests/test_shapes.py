"""The result types read the fragment's schemas, and nothing else: each ``Shape`` of ``wfp_async._models``
names every property of its schema in ``openapi/dispatch-namespaces.yaml``, with the schema's JSON type.

The fragment stays the one description of the wire: a property added to it and not read (or a field read
that the fragment lacks, or read as another type) fails here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from wfp_async import _models, _versions
from wfp_async._models import CONSUMERS, OBJECT, STRINGS, TIME, Shape

FRAGMENT = Path(__file__).resolve().parent.parent / "openapi" / "dispatch-namespaces.yaml"
SCHEMAS: dict[str, Any] = yaml.safe_load(FRAGMENT.read_text(encoding="utf-8"))["components"]["schemas"]
SHAPES = [
    _models.NAMESPACE,
    _models.SCRIPT,
    _models.SCRIPT_DETAILS,
    _models.SECRET,
    _models.SETTINGS,
    _versions.VERSION,
    _versions.DEPLOYMENT,
]
_SCALARS = {str: "string", int: "integer", bool: "boolean"}
_KEPT: dict[object, str] = {str: "string", dict: "object", list: "array", (list, type(None)): "array"}


def _types(prop: dict[str, Any]) -> set[str]:
    """The JSON types a property allows (a ``$ref`` is its schema's type)."""
    if "$ref" in prop:
        return _types(SCHEMAS[prop["$ref"].rsplit("/", 1)[1]])
    kind = prop.get("type")
    return set(kind) if isinstance(kind, list) else {kind}


def _expected(kind: object, key: str) -> str:
    """The JSON type a field read as ``kind`` must have in the schema."""
    if kind in _SCALARS:
        return _SCALARS[kind]  # type: ignore[index]
    if kind is TIME:
        return "string"
    if kind in (STRINGS, CONSUMERS):
        return "array"
    if kind is OBJECT:
        return "object"
    # The fields read by their own reader.
    return {"script": "object", "bindings": "array", "annotations": "object", "versions": "array"}[key]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.schema)
def test_each_shape_reads_every_property_of_its_schema_with_its_type(shape: Shape) -> None:
    """Fields and kept properties are exactly the schema's properties, each of the schema's JSON type."""
    properties: dict[str, Any] = SCHEMAS[shape.schema]["properties"]
    read = {key: _expected(kind, key) for _, key, kind, _, _ in shape.fields}
    # A dotted key ("metadata.created_on") is read from a nested object: the property of that object's
    # schema, which the outer schema names.
    for key in [key for key in read if "." in key]:
        outer, inner = key.split(".")
        assert read.pop(key) in _types(
            SCHEMAS[properties[outer]["$ref"].rsplit("/", 1)[1]]["properties"][inner]
        )
        read[outer] = "object"
    kept = {key: _KEPT[kinds] for key, kinds in shape.kinds.items()}
    assert sorted({**read, **kept}) == sorted(properties)
    assert not read.keys() & kept.keys()
    for key, json_type in {**read, **kept}.items():
        assert json_type in _types(properties[key]), (shape.schema, key)
    # What the schema requires is required when read.
    required = {key for _, key, _, needed, _ in shape.fields if needed}
    assert set(SCHEMAS[shape.schema].get("required", [])) <= required


def test_array_fields_read_as_strings_are_arrays_of_strings_in_the_schema() -> None:
    """A field read as a tuple of strings is an array of strings in the fragment, not of objects."""
    checked = 0
    for shape in SHAPES:
        for _, key, kind, _, _ in shape.fields:
            if kind is STRINGS:
                items = SCHEMAS[shape.schema]["properties"][key]["items"]
                assert items.get("type") == "string", (shape.schema, key)
                checked += 1
    assert checked == 5  # Script: tags, compatibility_flags, handlers; Settings: compatibility_flags, tags


def test_a_filled_result_is_frozen_and_equal_to_the_one_built_by_its_constructor() -> None:
    """Shape.fill bypasses __init__, yet gives a frozen value equal to the one its constructor builds."""
    filled = _models.Namespace.from_api(
        {"namespace_id": "n1", "namespace_name": "tenants", "script_count": 3}
    )
    built = _models.Namespace(id="n1", name="tenants", script_count=3)
    assert filled == built
    with pytest.raises(AttributeError):
        filled.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cls", "data", "expected"),
    [
        (
            _models.Namespace,
            {"namespace_id": "n1", "namespace_name": "tenants", "script_count": 3},
            {"id": "n1", "name": "tenants", "script_count": 3, "created_on": None},
        ),
        (_models.Script, {"id": "acme", "tags": ["a"]}, {"name": "acme", "tags": ("a",), "handlers": ()}),
        (
            _models.ScriptInfo,
            {"dispatch_namespace": "tenants", "script": {"id": "acme"}},
            {"namespace": "tenants", "script": _models.Script(name="acme")},
        ),
        (
            _models.Secret,
            {"name": "API_KEY", "type": "secret_text"},
            {"name": "API_KEY", "type": "secret_text"},
        ),
        (
            _models.Settings,
            {"logpush": True, "tags": ["a"]},
            {"logpush": True, "tags": ("a",), "bindings": ()},
        ),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_filled_result_is_slotted_with_every_attribute_set(
    cls: type, data: dict[str, Any], expected: dict[str, object]
) -> None:
    """Shape.fill sets every slot of the five result types (no __dict__), equal to the constructor's value."""
    filled = cls.from_api(data)  # type: ignore[attr-defined]
    assert not hasattr(filled, "__dict__")
    values = {field.name: getattr(filled, field.name) for field in attrs.fields(cls)}
    assert filled == cls(**values)
    assert {key: values[key] for key in expected} == expected
    assert values["extra"] == {}
