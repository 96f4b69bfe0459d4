from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.script import Script


T = TypeVar("T", bound="ScriptDetails")


@_attrs_define
class ScriptDetails:
    """
    Attributes:
        created_on (str | Unset):
        modified_on (str | Unset):
        dispatch_namespace (str | Unset):
        script (Script | Unset):
    """

    created_on: str | Unset = UNSET
    modified_on: str | Unset = UNSET
    dispatch_namespace: str | Unset = UNSET
    script: Script | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.script import Script  # noqa: PLC0415

        created_on = self.created_on

        modified_on = self.modified_on

        dispatch_namespace = self.dispatch_namespace

        script: dict[str, Any] | Unset = UNSET
        if not isinstance(self.script, Unset):
            script = self.script.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if created_on is not UNSET:
            field_dict["created_on"] = created_on
        if modified_on is not UNSET:
            field_dict["modified_on"] = modified_on
        if dispatch_namespace is not UNSET:
            field_dict["dispatch_namespace"] = dispatch_namespace
        if script is not UNSET:
            field_dict["script"] = script

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.script import Script  # noqa: PLC0415

        d = dict(src_dict)
        created_on = d.pop("created_on", UNSET)

        modified_on = d.pop("modified_on", UNSET)

        dispatch_namespace = d.pop("dispatch_namespace", UNSET)

        _script = d.pop("script", UNSET)
        script: Script | Unset
        if isinstance(_script, Unset):
            script = UNSET
        else:
            script = Script.from_dict(_script)

        script_details = cls(
            created_on=created_on,
            modified_on=modified_on,
            dispatch_namespace=dispatch_namespace,
            script=script,
        )

        script_details.additional_properties = d
        return script_details

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
