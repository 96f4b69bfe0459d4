from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.secret_algorithm import SecretAlgorithm


T = TypeVar("T", bound="Secret")


@_attrs_define
class Secret:
    """A secret as the API answers it, without its value.

    Attributes:
        name (str):
        type_ (str): secret_text, secret_key, or a type added later.
        format_ (str | Unset):
        algorithm (SecretAlgorithm | Unset):
        usages (list[str] | Unset):
    """

    name: str
    type_: str
    format_: str | Unset = UNSET
    algorithm: SecretAlgorithm | Unset = UNSET
    usages: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.secret_algorithm import SecretAlgorithm  # noqa: PLC0415

        name = self.name

        type_ = self.type_

        format_ = self.format_

        algorithm: dict[str, Any] | Unset = UNSET
        if not isinstance(self.algorithm, Unset):
            algorithm = self.algorithm.to_dict()

        usages: list[str] | Unset = UNSET
        if not isinstance(self.usages, Unset):
            usages = self.usages

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
            }
        )
        if format_ is not UNSET:
            field_dict["format"] = format_
        if algorithm is not UNSET:
            field_dict["algorithm"] = algorithm
        if usages is not UNSET:
            field_dict["usages"] = usages

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.secret_algorithm import SecretAlgorithm  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        type_ = d.pop("type")

        format_ = d.pop("format", UNSET)

        _algorithm = d.pop("algorithm", UNSET)
        algorithm: SecretAlgorithm | Unset
        if isinstance(_algorithm, Unset):
            algorithm = UNSET
        else:
            algorithm = SecretAlgorithm.from_dict(_algorithm)

        usages = cast(list[str], d.pop("usages", UNSET))

        secret = cls(
            name=name,
            type_=type_,
            format_=format_,
            algorithm=algorithm,
            usages=usages,
        )

        secret.additional_properties = d
        return secret

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
