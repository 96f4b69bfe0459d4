from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.delete_scripts_result_deleted_item import (
        DeleteScriptsResultDeletedItem,
    )


T = TypeVar("T", bound="DeleteScriptsResult")


@_attrs_define
class DeleteScriptsResult:
    """
    Attributes:
        deleted (list[DeleteScriptsResultDeletedItem] | Unset):
        deleted_count (int | Unset):
        has_more (bool | Unset):
    """

    deleted: list[DeleteScriptsResultDeletedItem] | Unset = UNSET
    deleted_count: int | Unset = UNSET
    has_more: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.delete_scripts_result_deleted_item import (
            DeleteScriptsResultDeletedItem,  # noqa: PLC0415
        )

        deleted: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.deleted, Unset):
            deleted = []
            for deleted_item_data in self.deleted:
                deleted_item = deleted_item_data.to_dict()
                deleted.append(deleted_item)

        deleted_count = self.deleted_count

        has_more = self.has_more

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if deleted is not UNSET:
            field_dict["deleted"] = deleted
        if deleted_count is not UNSET:
            field_dict["deleted_count"] = deleted_count
        if has_more is not UNSET:
            field_dict["has_more"] = has_more

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delete_scripts_result_deleted_item import (
            DeleteScriptsResultDeletedItem,  # noqa: PLC0415
        )

        d = dict(src_dict)
        _deleted = d.pop("deleted", UNSET)
        deleted: list[DeleteScriptsResultDeletedItem] | Unset = UNSET
        if _deleted is not UNSET:
            deleted = []
            for deleted_item_data in _deleted:
                deleted_item = DeleteScriptsResultDeletedItem.from_dict(
                    deleted_item_data
                )

                deleted.append(deleted_item)

        deleted_count = d.pop("deleted_count", UNSET)

        has_more = d.pop("has_more", UNSET)

        delete_scripts_result = cls(
            deleted=deleted,
            deleted_count=deleted_count,
            has_more=has_more,
        )

        delete_scripts_result.additional_properties = d
        return delete_scripts_result

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
