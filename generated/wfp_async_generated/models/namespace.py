from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Namespace")


@_attrs_define
class Namespace:
    """
    Attributes:
        namespace_id (str | Unset):
        namespace_name (str | Unset):
        script_count (int | Unset):
        trusted_workers (bool | Unset):
        created_on (str | Unset): RFC 3339 timestamp.
        created_by (str | Unset):
        modified_on (str | Unset): RFC 3339 timestamp.
        modified_by (str | Unset):
    """

    namespace_id: str | Unset = UNSET
    namespace_name: str | Unset = UNSET
    script_count: int | Unset = UNSET
    trusted_workers: bool | Unset = UNSET
    created_on: str | Unset = UNSET
    created_by: str | Unset = UNSET
    modified_on: str | Unset = UNSET
    modified_by: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        namespace_id = self.namespace_id

        namespace_name = self.namespace_name

        script_count = self.script_count

        trusted_workers = self.trusted_workers

        created_on = self.created_on

        created_by = self.created_by

        modified_on = self.modified_on

        modified_by = self.modified_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if namespace_id is not UNSET:
            field_dict["namespace_id"] = namespace_id
        if namespace_name is not UNSET:
            field_dict["namespace_name"] = namespace_name
        if script_count is not UNSET:
            field_dict["script_count"] = script_count
        if trusted_workers is not UNSET:
            field_dict["trusted_workers"] = trusted_workers
        if created_on is not UNSET:
            field_dict["created_on"] = created_on
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if modified_on is not UNSET:
            field_dict["modified_on"] = modified_on
        if modified_by is not UNSET:
            field_dict["modified_by"] = modified_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        namespace_id = d.pop("namespace_id", UNSET)

        namespace_name = d.pop("namespace_name", UNSET)

        script_count = d.pop("script_count", UNSET)

        trusted_workers = d.pop("trusted_workers", UNSET)

        created_on = d.pop("created_on", UNSET)

        created_by = d.pop("created_by", UNSET)

        modified_on = d.pop("modified_on", UNSET)

        modified_by = d.pop("modified_by", UNSET)

        namespace = cls(
            namespace_id=namespace_id,
            namespace_name=namespace_name,
            script_count=script_count,
            trusted_workers=trusted_workers,
            created_on=created_on,
            created_by=created_by,
            modified_on=modified_on,
            modified_by=modified_by,
        )

        namespace.additional_properties = d
        return namespace

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
