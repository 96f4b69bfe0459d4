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

T = TypeVar("T", bound="ServiceBinding")


@_attrs_define
class ServiceBinding:
    """
    Attributes:
        name (str):
        type_ (Literal['service']):
        service (str):
        environment (str | Unset):
        entrypoint (str | Unset):
    """

    name: str
    type_: Literal["service"]
    service: str
    environment: str | Unset = UNSET
    entrypoint: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        service = self.service

        environment = self.environment

        entrypoint = self.entrypoint

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
                "service": service,
            }
        )
        if environment is not UNSET:
            field_dict["environment"] = environment
        if entrypoint is not UNSET:
            field_dict["entrypoint"] = entrypoint

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        type_ = cast(Literal["service"], d.pop("type"))
        if type_ != "service":
            raise ValueError(f"type must match const 'service', got '{type_}'")

        service = d.pop("service")

        environment = d.pop("environment", UNSET)

        entrypoint = d.pop("entrypoint", UNSET)

        service_binding = cls(
            name=name,
            type_=type_,
            service=service,
            environment=environment,
            entrypoint=entrypoint,
        )

        service_binding.additional_properties = d
        return service_binding

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
