from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.annotations import Annotations
    from ..models.version_info import VersionInfo
    from ..models.version_resources import VersionResources


T = TypeVar("T", bound="Version")


@_attrs_define
class Version:
    """
    Attributes:
        id (str | Unset): The version's id (a UUID).
        number (int | Unset): Sequential version number.
        metadata (VersionInfo | Unset):
        annotations (Annotations | Unset): "workers/message" (at most 100 characters), "workers/tag" (at most 25);
            answers may add "workers/triggered_by".
        resources (VersionResources | Unset):
        startup_time_ms (int | Unset):
    """

    id: str | Unset = UNSET
    number: int | Unset = UNSET
    metadata: VersionInfo | Unset = UNSET
    annotations: Annotations | Unset = UNSET
    resources: VersionResources | Unset = UNSET
    startup_time_ms: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.annotations import Annotations  # noqa: PLC0415
        from ..models.version_info import VersionInfo  # noqa: PLC0415
        from ..models.version_resources import VersionResources  # noqa: PLC0415

        id = self.id

        number = self.number

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        annotations: dict[str, Any] | Unset = UNSET
        if not isinstance(self.annotations, Unset):
            annotations = self.annotations.to_dict()

        resources: dict[str, Any] | Unset = UNSET
        if not isinstance(self.resources, Unset):
            resources = self.resources.to_dict()

        startup_time_ms = self.startup_time_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if number is not UNSET:
            field_dict["number"] = number
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if annotations is not UNSET:
            field_dict["annotations"] = annotations
        if resources is not UNSET:
            field_dict["resources"] = resources
        if startup_time_ms is not UNSET:
            field_dict["startup_time_ms"] = startup_time_ms

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.annotations import Annotations  # noqa: PLC0415
        from ..models.version_info import VersionInfo  # noqa: PLC0415
        from ..models.version_resources import VersionResources  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        number = d.pop("number", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: VersionInfo | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = VersionInfo.from_dict(_metadata)

        _annotations = d.pop("annotations", UNSET)
        annotations: Annotations | Unset
        if isinstance(_annotations, Unset):
            annotations = UNSET
        else:
            annotations = Annotations.from_dict(_annotations)

        _resources = d.pop("resources", UNSET)
        resources: VersionResources | Unset
        if isinstance(_resources, Unset):
            resources = UNSET
        else:
            resources = VersionResources.from_dict(_resources)

        startup_time_ms = d.pop("startup_time_ms", UNSET)

        version = cls(
            id=id,
            number=number,
            metadata=metadata,
            annotations=annotations,
            resources=resources,
            startup_time_ms=startup_time_ms,
        )

        version.additional_properties = d
        return version

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
