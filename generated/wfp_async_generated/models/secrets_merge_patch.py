from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.secret_changes import SecretChanges


T = TypeVar("T", bound="SecretsMergePatch")


@_attrs_define
class SecretsMergePatch:
    """The same document as SecretsPatch, sent as application/merge-patch+json (a schema of its own so that the generated
    code can tell the two content types apart).

        Attributes:
            secrets (SecretChanges): Secret name -> the secret to set, or null to delete it.
    """

    secrets: SecretChanges
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.secret_changes import SecretChanges  # noqa: PLC0415

        secrets = self.secrets.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "secrets": secrets,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.secret_changes import SecretChanges  # noqa: PLC0415

        d = dict(src_dict)
        secrets = SecretChanges.from_dict(d.pop("secrets"))

        secrets_merge_patch = cls(
            secrets=secrets,
        )

        secrets_merge_patch.additional_properties = d
        return secrets_merge_patch

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
