from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.deployment_create_strategy import DeploymentCreateStrategy
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.annotations import Annotations
    from ..models.deployment_version import DeploymentVersion


T = TypeVar("T", bound="DeploymentCreate")


@_attrs_define
class DeploymentCreate:
    """
    Attributes:
        strategy (DeploymentCreateStrategy):
        versions (list[DeploymentVersion]):
        annotations (Annotations | Unset): "workers/message" (at most 100 characters), "workers/tag" (at most 25);
            answers may add "workers/triggered_by".
    """

    strategy: DeploymentCreateStrategy
    versions: list[DeploymentVersion]
    annotations: Annotations | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.annotations import Annotations  # noqa: PLC0415
        from ..models.deployment_version import DeploymentVersion  # noqa: PLC0415

        strategy = self.strategy.value

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)

        annotations: dict[str, Any] | Unset = UNSET
        if not isinstance(self.annotations, Unset):
            annotations = self.annotations.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "strategy": strategy,
                "versions": versions,
            }
        )
        if annotations is not UNSET:
            field_dict["annotations"] = annotations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.annotations import Annotations  # noqa: PLC0415
        from ..models.deployment_version import DeploymentVersion  # noqa: PLC0415

        d = dict(src_dict)
        strategy = DeploymentCreateStrategy(d.pop("strategy"))

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in _versions:
            versions_item = DeploymentVersion.from_dict(versions_item_data)

            versions.append(versions_item)

        _annotations = d.pop("annotations", UNSET)
        annotations: Annotations | Unset
        if isinstance(_annotations, Unset):
            annotations = UNSET
        else:
            annotations = Annotations.from_dict(_annotations)

        deployment_create = cls(
            strategy=strategy,
            versions=versions,
            annotations=annotations,
        )

        deployment_create.additional_properties = d
        return deployment_create

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
