from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assets_session_request_manifest import AssetsSessionRequestManifest


T = TypeVar("T", bound="AssetsSessionRequest")


@_attrs_define
class AssetsSessionRequest:
    """
    Attributes:
        manifest (AssetsSessionRequestManifest):
    """

    manifest: AssetsSessionRequestManifest
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.assets_session_request_manifest import (
            AssetsSessionRequestManifest,  # noqa: PLC0415
        )

        manifest = self.manifest.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "manifest": manifest,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assets_session_request_manifest import (
            AssetsSessionRequestManifest,  # noqa: PLC0415
        )

        d = dict(src_dict)
        manifest = AssetsSessionRequestManifest.from_dict(d.pop("manifest"))

        assets_session_request = cls(
            manifest=manifest,
        )

        assets_session_request.additional_properties = d
        return assets_session_request

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
