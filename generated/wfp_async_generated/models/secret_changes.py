from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.secret_key_input import SecretKeyInput
    from ..models.secret_text_binding_input import SecretTextBindingInput


T = TypeVar("T", bound="SecretChanges")


@_attrs_define
class SecretChanges:
    """Secret name -> the secret to set, or null to delete it."""

    additional_properties: dict[str, None | SecretKeyInput | SecretTextBindingInput] = (
        _attrs_field(init=False, factory=dict)
    )

    def to_dict(self) -> dict[str, Any]:
        from ..models.secret_key_input import SecretKeyInput  # noqa: PLC0415
        from ..models.secret_text_binding_input import SecretTextBindingInput  # noqa: PLC0415

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, SecretTextBindingInput):
                field_dict[prop_name] = prop.to_dict()
            elif isinstance(prop, SecretKeyInput):
                field_dict[prop_name] = prop.to_dict()
            else:
                field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.secret_key_input import SecretKeyInput  # noqa: PLC0415
        from ..models.secret_text_binding_input import SecretTextBindingInput  # noqa: PLC0415

        d = dict(src_dict)
        secret_changes = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(
                data: object,
            ) -> None | SecretKeyInput | SecretTextBindingInput:
                if data is None:
                    return data
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_secret_input_type_0 = (
                        SecretTextBindingInput.from_dict(data)
                    )

                    return componentsschemas_secret_input_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_secret_input_type_1 = SecretKeyInput.from_dict(
                        data
                    )

                    return componentsschemas_secret_input_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(None | SecretKeyInput | SecretTextBindingInput, data)

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        secret_changes.additional_properties = additional_properties
        return secret_changes

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> None | SecretKeyInput | SecretTextBindingInput:
        return self.additional_properties[key]

    def __setitem__(
        self, key: str, value: None | SecretKeyInput | SecretTextBindingInput
    ) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
