from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message import Message
    from ..models.version import Version


T = TypeVar("T", bound="VersionEnvelope")


@_attrs_define
class VersionEnvelope:
    """
    Attributes:
        success (bool):
        errors (list[Message]):
        messages (list[Message]):
        result (Version):
    """

    success: bool
    errors: list[Message]
    messages: list[Message]
    result: Version
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.message import Message  # noqa: PLC0415
        from ..models.version import Version  # noqa: PLC0415

        success = self.success

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        result = self.result.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
                "errors": errors,
                "messages": messages,
                "result": result,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message import Message  # noqa: PLC0415
        from ..models.version import Version  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = Message.from_dict(errors_item_data)

            errors.append(errors_item)

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = Message.from_dict(messages_item_data)

            messages.append(messages_item)

        result = Version.from_dict(d.pop("result"))

        version_envelope = cls(
            success=success,
            errors=errors,
            messages=messages,
            result=result,
        )

        version_envelope.additional_properties = d
        return version_envelope

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
