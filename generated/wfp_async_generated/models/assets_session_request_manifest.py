from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.manifest_entry import ManifestEntry


T = TypeVar("T", bound="AssetsSessionRequestManifest")


@_attrs_define
class AssetsSessionRequestManifest:
    additional_properties: dict[str, ManifestEntry] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:
        from ..models.manifest_entry import ManifestEntry  # noqa: PLC0415

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.manifest_entry import ManifestEntry  # noqa: PLC0415

        d = dict(src_dict)
        assets_session_request_manifest = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = ManifestEntry.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        assets_session_request_manifest.additional_properties = additional_properties
        return assets_session_request_manifest

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> ManifestEntry:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: ManifestEntry) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
