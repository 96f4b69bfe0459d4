from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    BinaryIO,
    Generator,
    Literal,
    TextIO,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.secret_key_input_algorithm import SecretKeyInputAlgorithm
    from ..models.secret_key_input_key_jwk import SecretKeyInputKeyJwk


T = TypeVar("T", bound="SecretKeyInput")


@_attrs_define
class SecretKeyInput:
    """
    Attributes:
        name (str):
        type_ (Literal['secret_key']):
        format_ (str): raw, pkcs8, spki or jwk.
        algorithm (SecretKeyInputAlgorithm):
        usages (list[str]):
        key_base64 (str | Unset):
        key_jwk (SecretKeyInputKeyJwk | Unset):
    """

    name: str
    type_: Literal["secret_key"]
    format_: str
    algorithm: SecretKeyInputAlgorithm
    usages: list[str]
    key_base64: str | Unset = UNSET
    key_jwk: SecretKeyInputKeyJwk | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.secret_key_input_algorithm import SecretKeyInputAlgorithm  # noqa: PLC0415
        from ..models.secret_key_input_key_jwk import SecretKeyInputKeyJwk  # noqa: PLC0415

        name = self.name

        type_ = self.type_

        format_ = self.format_

        algorithm = self.algorithm.to_dict()

        usages = self.usages

        key_base64 = self.key_base64

        key_jwk: dict[str, Any] | Unset = UNSET
        if not isinstance(self.key_jwk, Unset):
            key_jwk = self.key_jwk.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
                "format": format_,
                "algorithm": algorithm,
                "usages": usages,
            }
        )
        if key_base64 is not UNSET:
            field_dict["key_base64"] = key_base64
        if key_jwk is not UNSET:
            field_dict["key_jwk"] = key_jwk

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.secret_key_input_algorithm import SecretKeyInputAlgorithm  # noqa: PLC0415
        from ..models.secret_key_input_key_jwk import SecretKeyInputKeyJwk  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        type_ = cast(Literal["secret_key"], d.pop("type"))
        if type_ != "secret_key":
            raise ValueError(f"type must match const 'secret_key', got '{type_}'")

        format_ = d.pop("format")

        algorithm = SecretKeyInputAlgorithm.from_dict(d.pop("algorithm"))

        usages = cast(list[str], d.pop("usages"))

        key_base64 = d.pop("key_base64", UNSET)

        _key_jwk = d.pop("key_jwk", UNSET)
        key_jwk: SecretKeyInputKeyJwk | Unset
        if isinstance(_key_jwk, Unset):
            key_jwk = UNSET
        else:
            key_jwk = SecretKeyInputKeyJwk.from_dict(_key_jwk)

        secret_key_input = cls(
            name=name,
            type_=type_,
            format_=format_,
            algorithm=algorithm,
            usages=usages,
            key_base64=key_base64,
            key_jwk=key_jwk,
        )

        secret_key_input.additional_properties = d
        return secret_key_input

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
