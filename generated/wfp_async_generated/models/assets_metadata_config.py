from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AssetsMetadataConfig")


@_attrs_define
class AssetsMetadataConfig:
    """
    Attributes:
        html_handling (str | Unset):
        not_found_handling (str | Unset):
        run_worker_first (Any | Unset):
        serve_directly (bool | Unset):
        field_headers (str | Unset):
        field_redirects (str | Unset):
    """

    html_handling: str | Unset = UNSET
    not_found_handling: str | Unset = UNSET
    run_worker_first: Any | Unset = UNSET
    serve_directly: bool | Unset = UNSET
    field_headers: str | Unset = UNSET
    field_redirects: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        html_handling = self.html_handling

        not_found_handling = self.not_found_handling

        run_worker_first = self.run_worker_first

        serve_directly = self.serve_directly

        field_headers = self.field_headers

        field_redirects = self.field_redirects

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if html_handling is not UNSET:
            field_dict["html_handling"] = html_handling
        if not_found_handling is not UNSET:
            field_dict["not_found_handling"] = not_found_handling
        if run_worker_first is not UNSET:
            field_dict["run_worker_first"] = run_worker_first
        if serve_directly is not UNSET:
            field_dict["serve_directly"] = serve_directly
        if field_headers is not UNSET:
            field_dict["_headers"] = field_headers
        if field_redirects is not UNSET:
            field_dict["_redirects"] = field_redirects

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        html_handling = d.pop("html_handling", UNSET)

        not_found_handling = d.pop("not_found_handling", UNSET)

        run_worker_first = d.pop("run_worker_first", UNSET)

        serve_directly = d.pop("serve_directly", UNSET)

        field_headers = d.pop("_headers", UNSET)

        field_redirects = d.pop("_redirects", UNSET)

        assets_metadata_config = cls(
            html_handling=html_handling,
            not_found_handling=not_found_handling,
            run_worker_first=run_worker_first,
            serve_directly=serve_directly,
            field_headers=field_headers,
            field_redirects=field_redirects,
        )

        assets_metadata_config.additional_properties = d
        return assets_metadata_config

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
