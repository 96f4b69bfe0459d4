from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.ai_binding import AiBinding
    from ..models.analytics_engine_binding import AnalyticsEngineBinding
    from ..models.annotations import Annotations
    from ..models.assets_binding import AssetsBinding
    from ..models.d1_binding import D1Binding
    from ..models.dispatch_namespace_binding import DispatchNamespaceBinding
    from ..models.durable_object_namespace_binding import DurableObjectNamespaceBinding
    from ..models.inherit_binding import InheritBinding
    from ..models.json_binding import JsonBinding
    from ..models.kv_namespace_binding import KvNamespaceBinding
    from ..models.other_binding import OtherBinding
    from ..models.plain_text_binding import PlainTextBinding
    from ..models.queue_binding import QueueBinding
    from ..models.r2_bucket_binding import R2BucketBinding
    from ..models.secret_text_binding_input import SecretTextBindingInput
    from ..models.service_binding import ServiceBinding


T = TypeVar("T", bound="VersionMetadataInput")


@_attrs_define
class VersionMetadataInput:
    """An upload's metadata plus the version's annotations.

    Attributes:
        main_module (str | Unset):
        body_part (str | Unset):
        compatibility_date (str | Unset):
        compatibility_flags (list[str] | Unset):
        bindings (list[AiBinding | AnalyticsEngineBinding | AssetsBinding | D1Binding | DispatchNamespaceBinding |
            DurableObjectNamespaceBinding | InheritBinding | JsonBinding | KvNamespaceBinding | OtherBinding |
            PlainTextBinding | QueueBinding | R2BucketBinding | SecretTextBindingInput | ServiceBinding] | Unset):
        keep_bindings (list[str] | Unset):
        annotations (Annotations | Unset): "workers/message" (at most 100 characters), "workers/tag" (at most 25);
            answers may add "workers/triggered_by".
    """

    main_module: str | Unset = UNSET
    body_part: str | Unset = UNSET
    compatibility_date: str | Unset = UNSET
    compatibility_flags: list[str] | Unset = UNSET
    bindings: (
        list[
            AiBinding
            | AnalyticsEngineBinding
            | AssetsBinding
            | D1Binding
            | DispatchNamespaceBinding
            | DurableObjectNamespaceBinding
            | InheritBinding
            | JsonBinding
            | KvNamespaceBinding
            | OtherBinding
            | PlainTextBinding
            | QueueBinding
            | R2BucketBinding
            | SecretTextBindingInput
            | ServiceBinding
        ]
        | Unset
    ) = UNSET
    keep_bindings: list[str] | Unset = UNSET
    annotations: Annotations | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.ai_binding import AiBinding  # noqa: PLC0415
        from ..models.analytics_engine_binding import AnalyticsEngineBinding  # noqa: PLC0415
        from ..models.annotations import Annotations  # noqa: PLC0415
        from ..models.assets_binding import AssetsBinding  # noqa: PLC0415
        from ..models.d1_binding import D1Binding  # noqa: PLC0415
        from ..models.dispatch_namespace_binding import DispatchNamespaceBinding  # noqa: PLC0415
        from ..models.durable_object_namespace_binding import (
            DurableObjectNamespaceBinding,  # noqa: PLC0415
        )
        from ..models.inherit_binding import InheritBinding  # noqa: PLC0415
        from ..models.json_binding import JsonBinding  # noqa: PLC0415
        from ..models.kv_namespace_binding import KvNamespaceBinding  # noqa: PLC0415
        from ..models.other_binding import OtherBinding  # noqa: PLC0415
        from ..models.plain_text_binding import PlainTextBinding  # noqa: PLC0415
        from ..models.queue_binding import QueueBinding  # noqa: PLC0415
        from ..models.r2_bucket_binding import R2BucketBinding  # noqa: PLC0415
        from ..models.secret_text_binding_input import SecretTextBindingInput  # noqa: PLC0415
        from ..models.service_binding import ServiceBinding  # noqa: PLC0415

        main_module = self.main_module

        body_part = self.body_part

        compatibility_date = self.compatibility_date

        compatibility_flags: list[str] | Unset = UNSET
        if not isinstance(self.compatibility_flags, Unset):
            compatibility_flags = self.compatibility_flags

        bindings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.bindings, Unset):
            bindings = []
            for bindings_item_data in self.bindings:
                bindings_item: dict[str, Any]
                if isinstance(bindings_item_data, PlainTextBinding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, SecretTextBindingInput):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, JsonBinding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, KvNamespaceBinding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, D1Binding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, R2BucketBinding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, ServiceBinding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, DurableObjectNamespaceBinding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, QueueBinding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, DispatchNamespaceBinding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, AnalyticsEngineBinding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, AiBinding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, AssetsBinding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, InheritBinding):
                    bindings_item = bindings_item_data.to_dict()
                else:
                    bindings_item = bindings_item_data.to_dict()

                bindings.append(bindings_item)

        keep_bindings: list[str] | Unset = UNSET
        if not isinstance(self.keep_bindings, Unset):
            keep_bindings = self.keep_bindings

        annotations: dict[str, Any] | Unset = UNSET
        if not isinstance(self.annotations, Unset):
            annotations = self.annotations.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if main_module is not UNSET:
            field_dict["main_module"] = main_module
        if body_part is not UNSET:
            field_dict["body_part"] = body_part
        if compatibility_date is not UNSET:
            field_dict["compatibility_date"] = compatibility_date
        if compatibility_flags is not UNSET:
            field_dict["compatibility_flags"] = compatibility_flags
        if bindings is not UNSET:
            field_dict["bindings"] = bindings
        if keep_bindings is not UNSET:
            field_dict["keep_bindings"] = keep_bindings
        if annotations is not UNSET:
            field_dict["annotations"] = annotations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ai_binding import AiBinding  # noqa: PLC0415
        from ..models.analytics_engine_binding import AnalyticsEngineBinding  # noqa: PLC0415
        from ..models.annotations import Annotations  # noqa: PLC0415
        from ..models.assets_binding import AssetsBinding  # noqa: PLC0415
        from ..models.d1_binding import D1Binding  # noqa: PLC0415
        from ..models.dispatch_namespace_binding import DispatchNamespaceBinding  # noqa: PLC0415
        from ..models.durable_object_namespace_binding import (
            DurableObjectNamespaceBinding,  # noqa: PLC0415
        )
        from ..models.inherit_binding import InheritBinding  # noqa: PLC0415
        from ..models.json_binding import JsonBinding  # noqa: PLC0415
        from ..models.kv_namespace_binding import KvNamespaceBinding  # noqa: PLC0415
        from ..models.other_binding import OtherBinding  # noqa: PLC0415
        from ..models.plain_text_binding import PlainTextBinding  # noqa: PLC0415
        from ..models.queue_binding import QueueBinding  # noqa: PLC0415
        from ..models.r2_bucket_binding import R2BucketBinding  # noqa: PLC0415
        from ..models.secret_text_binding_input import SecretTextBindingInput  # noqa: PLC0415
        from ..models.service_binding import ServiceBinding  # noqa: PLC0415

        d = dict(src_dict)
        main_module = d.pop("main_module", UNSET)

        body_part = d.pop("body_part", UNSET)

        compatibility_date = d.pop("compatibility_date", UNSET)

        compatibility_flags = cast(list[str], d.pop("compatibility_flags", UNSET))

        _bindings = d.pop("bindings", UNSET)
        bindings: (
            list[
                AiBinding
                | AnalyticsEngineBinding
                | AssetsBinding
                | D1Binding
                | DispatchNamespaceBinding
                | DurableObjectNamespaceBinding
                | InheritBinding
                | JsonBinding
                | KvNamespaceBinding
                | OtherBinding
                | PlainTextBinding
                | QueueBinding
                | R2BucketBinding
                | SecretTextBindingInput
                | ServiceBinding
            ]
            | Unset
        ) = UNSET
        if _bindings is not UNSET:
            bindings = []
            for bindings_item_data in _bindings:

                def _parse_bindings_item(
                    data: object,
                ) -> (
                    AiBinding
                    | AnalyticsEngineBinding
                    | AssetsBinding
                    | D1Binding
                    | DispatchNamespaceBinding
                    | DurableObjectNamespaceBinding
                    | InheritBinding
                    | JsonBinding
                    | KvNamespaceBinding
                    | OtherBinding
                    | PlainTextBinding
                    | QueueBinding
                    | R2BucketBinding
                    | SecretTextBindingInput
                    | ServiceBinding
                ):
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_0 = (
                            PlainTextBinding.from_dict(data)
                        )

                        return componentsschemas_binding_input_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_1 = (
                            SecretTextBindingInput.from_dict(data)
                        )

                        return componentsschemas_binding_input_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_2 = JsonBinding.from_dict(
                            data
                        )

                        return componentsschemas_binding_input_type_2
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_3 = (
                            KvNamespaceBinding.from_dict(data)
                        )

                        return componentsschemas_binding_input_type_3
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_4 = D1Binding.from_dict(
                            data
                        )

                        return componentsschemas_binding_input_type_4
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_5 = (
                            R2BucketBinding.from_dict(data)
                        )

                        return componentsschemas_binding_input_type_5
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_6 = (
                            ServiceBinding.from_dict(data)
                        )

                        return componentsschemas_binding_input_type_6
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_7 = (
                            DurableObjectNamespaceBinding.from_dict(data)
                        )

                        return componentsschemas_binding_input_type_7
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_8 = QueueBinding.from_dict(
                            data
                        )

                        return componentsschemas_binding_input_type_8
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_9 = (
                            DispatchNamespaceBinding.from_dict(data)
                        )

                        return componentsschemas_binding_input_type_9
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_10 = (
                            AnalyticsEngineBinding.from_dict(data)
                        )

                        return componentsschemas_binding_input_type_10
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_11 = AiBinding.from_dict(
                            data
                        )

                        return componentsschemas_binding_input_type_11
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_12 = (
                            AssetsBinding.from_dict(data)
                        )

                        return componentsschemas_binding_input_type_12
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_input_type_13 = (
                            InheritBinding.from_dict(data)
                        )

                        return componentsschemas_binding_input_type_13
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_input_type_14 = OtherBinding.from_dict(
                        data
                    )

                    return componentsschemas_binding_input_type_14

                bindings_item = _parse_bindings_item(bindings_item_data)

                bindings.append(bindings_item)

        keep_bindings = cast(list[str], d.pop("keep_bindings", UNSET))

        _annotations = d.pop("annotations", UNSET)
        annotations: Annotations | Unset
        if isinstance(_annotations, Unset):
            annotations = UNSET
        else:
            annotations = Annotations.from_dict(_annotations)

        version_metadata_input = cls(
            main_module=main_module,
            body_part=body_part,
            compatibility_date=compatibility_date,
            compatibility_flags=compatibility_flags,
            bindings=bindings,
            keep_bindings=keep_bindings,
            annotations=annotations,
        )

        version_metadata_input.additional_properties = d
        return version_metadata_input

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
