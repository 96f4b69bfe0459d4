from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message_source import MessageSource


T = TypeVar("T", bound="Message")


@_attrs_define
class Message:
    """
    Attributes:
        code (int):
        message (str):
        documentation_url (str | Unset):
        source (MessageSource | Unset):
    """

    code: int
    message: str
    documentation_url: str | Unset = UNSET
    source: MessageSource | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.message_source import MessageSource  # noqa: PLC0415

        code = self.code

        message = self.message

        documentation_url = self.documentation_url

        source: dict[str, Any] | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if documentation_url is not UNSET:
            field_dict["documentation_url"] = documentation_url
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_source import MessageSource  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        documentation_url = d.pop("documentation_url", UNSET)

        _source = d.pop("source", UNSET)
        source: MessageSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = MessageSource.from_dict(_source)

        message = cls(
            code=code,
            message=message,
            documentation_url=documentation_url,
            source=source,
        )

        message.additional_properties = d
        return message

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
