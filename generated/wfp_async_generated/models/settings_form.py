from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.settings_input import SettingsInput


T = TypeVar("T", bound="SettingsForm")


@_attrs_define
class SettingsForm:
    """
    Attributes:
        settings (SettingsInput):
    """

    settings: SettingsInput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.settings_input import SettingsInput  # noqa: PLC0415

        settings = self.settings.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "settings": settings,
            }
        )

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        from ..models.settings_input import SettingsInput  # noqa: PLC0415

        files: types.RequestFiles = []

        files.append(
            (
                "settings",
                (
                    None,
                    json.dumps(self.settings.to_dict()).encode(),
                    "application/json",
                ),
            )
        )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.settings_input import SettingsInput  # noqa: PLC0415

        d = dict(src_dict)
        settings = SettingsInput.from_dict(d.pop("settings"))

        settings_form = cls(
            settings=settings,
        )

        settings_form.additional_properties = d
        return settings_form

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
