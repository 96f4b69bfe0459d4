from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assets_metadata_config import AssetsMetadataConfig


T = TypeVar("T", bound="AssetsMetadata")


@_attrs_define
class AssetsMetadata:
    """
    Attributes:
        jwt (str | Unset): The completion token of an assets upload.
        config (AssetsMetadataConfig | Unset):
    """

    jwt: str | Unset = UNSET
    config: AssetsMetadataConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.assets_metadata_config import AssetsMetadataConfig  # noqa: PLC0415

        jwt = self.jwt

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if jwt is not UNSET:
            field_dict["jwt"] = jwt
        if config is not UNSET:
            field_dict["config"] = config

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assets_metadata_config import AssetsMetadataConfig  # noqa: PLC0415

        d = dict(src_dict)
        jwt = d.pop("jwt", UNSET)

        _config = d.pop("config", UNSET)
        config: AssetsMetadataConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = AssetsMetadataConfig.from_dict(_config)

        assets_metadata = cls(
            jwt=jwt,
            config=config,
        )

        assets_metadata.additional_properties = d
        return assets_metadata

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
