from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScriptNamedHandlersItem")


@_attrs_define
class ScriptNamedHandlersItem:
    """
    Attributes:
        name (str | Unset):
        handlers (list[str] | Unset):
    """

    name: str | Unset = UNSET
    handlers: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        handlers: list[str] | Unset = UNSET
        if not isinstance(self.handlers, Unset):
            handlers = self.handlers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if handlers is not UNSET:
            field_dict["handlers"] = handlers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        handlers = cast(list[str], d.pop("handlers", UNSET))

        script_named_handlers_item = cls(
            name=name,
            handlers=handlers,
        )

        script_named_handlers_item.additional_properties = d
        return script_named_handlers_item

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
