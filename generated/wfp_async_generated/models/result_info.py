from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResultInfo")


@_attrs_define
class ResultInfo:
    """Paging information some Cloudflare list answers carry.

    Attributes:
        page (int | Unset):
        per_page (int | Unset):
        count (int | Unset):
        total_count (int | Unset):
        total_pages (int | Unset):
        cursor (str | Unset):
    """

    page: int | Unset = UNSET
    per_page: int | Unset = UNSET
    count: int | Unset = UNSET
    total_count: int | Unset = UNSET
    total_pages: int | Unset = UNSET
    cursor: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        page = self.page

        per_page = self.per_page

        count = self.count

        total_count = self.total_count

        total_pages = self.total_pages

        cursor = self.cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if page is not UNSET:
            field_dict["page"] = page
        if per_page is not UNSET:
            field_dict["per_page"] = per_page
        if count is not UNSET:
            field_dict["count"] = count
        if total_count is not UNSET:
            field_dict["total_count"] = total_count
        if total_pages is not UNSET:
            field_dict["total_pages"] = total_pages
        if cursor is not UNSET:
            field_dict["cursor"] = cursor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        page = d.pop("page", UNSET)

        per_page = d.pop("per_page", UNSET)

        count = d.pop("count", UNSET)

        total_count = d.pop("total_count", UNSET)

        total_pages = d.pop("total_pages", UNSET)

        cursor = d.pop("cursor", UNSET)

        result_info = cls(
            page=page,
            per_page=per_page,
            count=count,
            total_count=total_count,
            total_pages=total_pages,
            cursor=cursor,
        )

        result_info.additional_properties = d
        return result_info

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
