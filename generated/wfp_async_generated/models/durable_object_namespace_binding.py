from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    BinaryIO,
    Generator,
    Literal,
    TextIO,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DurableObjectNamespaceBinding")


@_attrs_define
class DurableObjectNamespaceBinding:
    """
    Attributes:
        name (str):
        type_ (Literal['durable_object_namespace']):
        class_name (str | Unset):
        script_name (str | Unset):
        environment (str | Unset):
        namespace_id (str | Unset):
        dispatch_namespace (str | Unset):
    """

    name: str
    type_: Literal["durable_object_namespace"]
    class_name: str | Unset = UNSET
    script_name: str | Unset = UNSET
    environment: str | Unset = UNSET
    namespace_id: str | Unset = UNSET
    dispatch_namespace: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        class_name = self.class_name

        script_name = self.script_name

        environment = self.environment

        namespace_id = self.namespace_id

        dispatch_namespace = self.dispatch_namespace

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
            }
        )
        if class_name is not UNSET:
            field_dict["class_name"] = class_name
        if script_name is not UNSET:
            field_dict["script_name"] = script_name
        if environment is not UNSET:
            field_dict["environment"] = environment
        if namespace_id is not UNSET:
            field_dict["namespace_id"] = namespace_id
        if dispatch_namespace is not UNSET:
            field_dict["dispatch_namespace"] = dispatch_namespace

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        type_ = cast(Literal["durable_object_namespace"], d.pop("type"))
        if type_ != "durable_object_namespace":
            raise ValueError(
                f"type must match const 'durable_object_namespace', got '{type_}'"
            )

        class_name = d.pop("class_name", UNSET)

        script_name = d.pop("script_name", UNSET)

        environment = d.pop("environment", UNSET)

        namespace_id = d.pop("namespace_id", UNSET)

        dispatch_namespace = d.pop("dispatch_namespace", UNSET)

        durable_object_namespace_binding = cls(
            name=name,
            type_=type_,
            class_name=class_name,
            script_name=script_name,
            environment=environment,
            namespace_id=namespace_id,
            dispatch_namespace=dispatch_namespace,
        )

        durable_object_namespace_binding.additional_properties = d
        return durable_object_namespace_binding

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
