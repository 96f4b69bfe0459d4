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

T = TypeVar("T", bound="R2BucketBinding")


@_attrs_define
class R2BucketBinding:
    """
    Attributes:
        name (str):
        type_ (Literal['r2_bucket']):
        bucket_name (str):
        jurisdiction (str | Unset):
    """

    name: str
    type_: Literal["r2_bucket"]
    bucket_name: str
    jurisdiction: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        bucket_name = self.bucket_name

        jurisdiction = self.jurisdiction

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
                "bucket_name": bucket_name,
            }
        )
        if jurisdiction is not UNSET:
            field_dict["jurisdiction"] = jurisdiction

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        type_ = cast(Literal["r2_bucket"], d.pop("type"))
        if type_ != "r2_bucket":
            raise ValueError(f"type must match const 'r2_bucket', got '{type_}'")

        bucket_name = d.pop("bucket_name")

        jurisdiction = d.pop("jurisdiction", UNSET)

        r2_bucket_binding = cls(
            name=name,
            type_=type_,
            bucket_name=bucket_name,
            jurisdiction=jurisdiction,
        )

        r2_bucket_binding.additional_properties = d
        return r2_bucket_binding

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
