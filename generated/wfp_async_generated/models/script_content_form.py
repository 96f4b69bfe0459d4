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
    from ..models.content_metadata import ContentMetadata


T = TypeVar("T", bound="ScriptContentForm")


@_attrs_define
class ScriptContentForm:
    """
    Attributes:
        metadata (ContentMetadata):
    """

    metadata: ContentMetadata
    additional_properties: dict[str, File] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.content_metadata import ContentMetadata  # noqa: PLC0415

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
        from ..models.content_metadata import ContentMetadata  # noqa: PLC0415

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
        from ..models.content_metadata import ContentMetadata  # noqa: PLC0415

        d = dict(src_dict)
        metadata = ContentMetadata.from_dict(d.pop("metadata"))

        script_content_form = cls(
            metadata=metadata,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = File(payload=BytesIO(prop_dict))

            additional_properties[prop_name] = additional_property

        script_content_form.additional_properties = additional_properties
        return script_content_form

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
