from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContentMetadata")


@_attrs_define
class ContentMetadata:
    """
    Attributes:
        main_module (str | Unset):
        body_part (str | Unset):
    """

    main_module: str | Unset = UNSET
    body_part: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        main_module = self.main_module

        body_part = self.body_part

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if main_module is not UNSET:
            field_dict["main_module"] = main_module
        if body_part is not UNSET:
            field_dict["body_part"] = body_part

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        main_module = d.pop("main_module", UNSET)

        body_part = d.pop("body_part", UNSET)

        content_metadata = cls(
            main_module=main_module,
            body_part=body_part,
        )

        content_metadata.additional_properties = d
        return content_metadata

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
