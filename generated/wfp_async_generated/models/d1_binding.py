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

T = TypeVar("T", bound="D1Binding")


@_attrs_define
class D1Binding:
    """
    Attributes:
        name (str):
        type_ (Literal['d1']):
        database_id (str | Unset):
        id (str | Unset):
    """

    name: str
    type_: Literal["d1"]
    database_id: str | Unset = UNSET
    id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        database_id = self.database_id

        id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
            }
        )
        if database_id is not UNSET:
            field_dict["database_id"] = database_id
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        type_ = cast(Literal["d1"], d.pop("type"))
        if type_ != "d1":
            raise ValueError(f"type must match const 'd1', got '{type_}'")

        database_id = d.pop("database_id", UNSET)

        id = d.pop("id", UNSET)

        d1_binding = cls(
            name=name,
            type_=type_,
            database_id=database_id,
            id=id,
        )

        d1_binding.additional_properties = d
        return d1_binding

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
