from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.annotations import Annotations
    from ..models.deployment_version import DeploymentVersion


T = TypeVar("T", bound="Deployment")


@_attrs_define
class Deployment:
    """
    Attributes:
        id (str | Unset):
        created_on (str | Unset):
        source (str | Unset):
        strategy (str | Unset):
        author_email (str | Unset):
        versions (list[DeploymentVersion] | Unset):
        annotations (Annotations | Unset): "workers/message" (at most 100 characters), "workers/tag" (at most 25);
            answers may add "workers/triggered_by".
    """

    id: str | Unset = UNSET
    created_on: str | Unset = UNSET
    source: str | Unset = UNSET
    strategy: str | Unset = UNSET
    author_email: str | Unset = UNSET
    versions: list[DeploymentVersion] | Unset = UNSET
    annotations: Annotations | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.annotations import Annotations  # noqa: PLC0415
        from ..models.deployment_version import DeploymentVersion  # noqa: PLC0415

        id = self.id

        created_on = self.created_on

        source = self.source

        strategy = self.strategy

        author_email = self.author_email

        versions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.versions, Unset):
            versions = []
            for versions_item_data in self.versions:
                versions_item = versions_item_data.to_dict()
                versions.append(versions_item)

        annotations: dict[str, Any] | Unset = UNSET
        if not isinstance(self.annotations, Unset):
            annotations = self.annotations.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if created_on is not UNSET:
            field_dict["created_on"] = created_on
        if source is not UNSET:
            field_dict["source"] = source
        if strategy is not UNSET:
            field_dict["strategy"] = strategy
        if author_email is not UNSET:
            field_dict["author_email"] = author_email
        if versions is not UNSET:
            field_dict["versions"] = versions
        if annotations is not UNSET:
            field_dict["annotations"] = annotations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.annotations import Annotations  # noqa: PLC0415
        from ..models.deployment_version import DeploymentVersion  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        created_on = d.pop("created_on", UNSET)

        source = d.pop("source", UNSET)

        strategy = d.pop("strategy", UNSET)

        author_email = d.pop("author_email", UNSET)

        _versions = d.pop("versions", UNSET)
        versions: list[DeploymentVersion] | Unset = UNSET
        if _versions is not UNSET:
            versions = []
            for versions_item_data in _versions:
                versions_item = DeploymentVersion.from_dict(versions_item_data)

                versions.append(versions_item)

        _annotations = d.pop("annotations", UNSET)
        annotations: Annotations | Unset
        if isinstance(_annotations, Unset):
            annotations = UNSET
        else:
            annotations = Annotations.from_dict(_annotations)

        deployment = cls(
            id=id,
            created_on=created_on,
            source=source,
            strategy=strategy,
            author_email=author_email,
            versions=versions,
            annotations=annotations,
        )

        deployment.additional_properties = d
        return deployment

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
