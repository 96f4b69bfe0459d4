from __future__ import annotations

import json
from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, FileTypes, Unset

if TYPE_CHECKING:
    from ..models.version_metadata_input import VersionMetadataInput


T = TypeVar("T", bound="VersionUploadForm")


@_attrs_define
class VersionUploadForm:
    """
    Attributes:
        metadata (VersionMetadataInput): An upload's metadata plus the version's annotations.
    """

    metadata: VersionMetadataInput
    additional_properties: dict[str, File] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.version_metadata_input import VersionMetadataInput  # noqa: PLC0415

        metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_tuple()

        field_dict.update(
            {
                "metadata": metadata,
            }
        )

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        from ..models.version_metadata_input import VersionMetadataInput  # noqa: PLC0415

        files: types.RequestFiles = []

        files.append(
            (
                "metadata",
                (
                    None,
                    json.dumps(self.metadata.to_dict()).encode(),
                    "application/json",
                ),
            )
        )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, prop.to_tuple()))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.version_metadata_input import VersionMetadataInput  # noqa: PLC0415

        d = dict(src_dict)
        metadata = VersionMetadataInput.from_dict(d.pop("metadata"))

        version_upload_form = cls(
            metadata=metadata,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = File(payload=BytesIO(prop_dict))

            additional_properties[prop_name] = additional_property

        version_upload_form.additional_properties = additional_properties
        return version_upload_form

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> File:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: File) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
