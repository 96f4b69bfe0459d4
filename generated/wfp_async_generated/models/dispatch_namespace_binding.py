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
    from ..models.dispatch_namespace_binding_outbound import (
        DispatchNamespaceBindingOutbound,
    )


T = TypeVar("T", bound="DispatchNamespaceBinding")


@_attrs_define
class DispatchNamespaceBinding:
    """
    Attributes:
        name (str):
        type_ (Literal['dispatch_namespace']):
        namespace (str):
        outbound (DispatchNamespaceBindingOutbound | Unset):
    """

    name: str
    type_: Literal["dispatch_namespace"]
    namespace: str
    outbound: DispatchNamespaceBindingOutbound | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.dispatch_namespace_binding_outbound import (
            DispatchNamespaceBindingOutbound,  # noqa: PLC0415
        )

        name = self.name

        type_ = self.type_

        namespace = self.namespace

        outbound: dict[str, Any] | Unset = UNSET
        if not isinstance(self.outbound, Unset):
            outbound = self.outbound.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
                "namespace": namespace,
            }
        )
        if outbound is not UNSET:
            field_dict["outbound"] = outbound

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dispatch_namespace_binding_outbound import (
            DispatchNamespaceBindingOutbound,  # noqa: PLC0415
        )

        d = dict(src_dict)
        name = d.pop("name")

        type_ = cast(Literal["dispatch_namespace"], d.pop("type"))
        if type_ != "dispatch_namespace":
            raise ValueError(
                f"type must match const 'dispatch_namespace', got '{type_}'"
            )

        namespace = d.pop("namespace")

        _outbound = d.pop("outbound", UNSET)
        outbound: DispatchNamespaceBindingOutbound | Unset
        if isinstance(_outbound, Unset):
            outbound = UNSET
        else:
            outbound = DispatchNamespaceBindingOutbound.from_dict(_outbound)

        dispatch_namespace_binding = cls(
            name=name,
            type_=type_,
            namespace=namespace,
            outbound=outbound,
        )

        dispatch_namespace_binding.additional_properties = d
        return dispatch_namespace_binding

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
