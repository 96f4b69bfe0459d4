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

T = TypeVar("T", bound="InheritBinding")


@_attrs_define
class InheritBinding:
    """
    Attributes:
        name (str):
        type_ (Literal['inherit']):
        old_name (str | Unset):
        version_id (str | Unset):
    """

    name: str
    type_: Literal["inherit"]
    old_name: str | Unset = UNSET
    version_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        old_name = self.old_name

        version_id = self.version_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
            }
        )
        if old_name is not UNSET:
            field_dict["old_name"] = old_name
        if version_id is not UNSET:
            field_dict["version_id"] = version_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        type_ = cast(Literal["inherit"], d.pop("type"))
        if type_ != "inherit":
            raise ValueError(f"type must match const 'inherit', got '{type_}'")

        old_name = d.pop("old_name", UNSET)

        version_id = d.pop("version_id", UNSET)

        inherit_binding = cls(
            name=name,
            type_=type_,
            old_name=old_name,
            version_id=version_id,
        )

        inherit_binding.additional_properties = d
        return inherit_binding

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
