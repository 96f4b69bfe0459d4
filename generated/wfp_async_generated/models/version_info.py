from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VersionInfo")


@_attrs_define
class VersionInfo:
    """
    Attributes:
        created_on (str | Unset):
        modified_on (str | Unset):
        source (str | Unset):
        author_email (str | Unset):
        author_id (str | Unset):
    """

    created_on: str | Unset = UNSET
    modified_on: str | Unset = UNSET
    source: str | Unset = UNSET
    author_email: str | Unset = UNSET
    author_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_on = self.created_on

        modified_on = self.modified_on

        source = self.source

        author_email = self.author_email

        author_id = self.author_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if created_on is not UNSET:
            field_dict["created_on"] = created_on
        if modified_on is not UNSET:
            field_dict["modified_on"] = modified_on
        if source is not UNSET:
            field_dict["source"] = source
        if author_email is not UNSET:
            field_dict["author_email"] = author_email
        if author_id is not UNSET:
            field_dict["author_id"] = author_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_on = d.pop("created_on", UNSET)

        modified_on = d.pop("modified_on", UNSET)

        source = d.pop("source", UNSET)

        author_email = d.pop("author_email", UNSET)

        author_id = d.pop("author_id", UNSET)

        version_info = cls(
            created_on=created_on,
            modified_on=modified_on,
            source=source,
            author_email=author_email,
            author_id=author_id,
        )

        version_info.additional_properties = d
        return version_info

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
