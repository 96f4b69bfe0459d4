from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.ai_binding import AiBinding
    from ..models.analytics_engine_binding import AnalyticsEngineBinding
    from ..models.assets_binding import AssetsBinding
    from ..models.d1_binding import D1Binding
    from ..models.dispatch_namespace_binding import DispatchNamespaceBinding
    from ..models.durable_object_namespace_binding import DurableObjectNamespaceBinding
    from ..models.inherit_binding import InheritBinding
    from ..models.json_binding import JsonBinding
    from ..models.kv_namespace_binding import KvNamespaceBinding
    from ..models.message import Message
    from ..models.other_binding import OtherBinding
    from ..models.plain_text_binding import PlainTextBinding
    from ..models.queue_binding import QueueBinding
    from ..models.r2_bucket_binding import R2BucketBinding
    from ..models.secret_text_binding_info import SecretTextBindingInfo
    from ..models.service_binding import ServiceBinding


T = TypeVar("T", bound="BindingListEnvelope")


@_attrs_define
class BindingListEnvelope:
    """
    Attributes:
        success (bool):
        errors (list[Message]):
        messages (list[Message]):
        result (list[AiBinding | AnalyticsEngineBinding | AssetsBinding | D1Binding | DispatchNamespaceBinding |
            DurableObjectNamespaceBinding | InheritBinding | JsonBinding | KvNamespaceBinding | OtherBinding |
            PlainTextBinding | QueueBinding | R2BucketBinding | SecretTextBindingInfo | ServiceBinding]):
    """

    success: bool
    errors: list[Message]
    messages: list[Message]
    result: list[
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
        | SecretTextBindingInfo
        | ServiceBinding
    ]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.ai_binding import AiBinding  # noqa: PLC0415
        from ..models.analytics_engine_binding import AnalyticsEngineBinding  # noqa: PLC0415
        from ..models.assets_binding import AssetsBinding  # noqa: PLC0415
        from ..models.d1_binding import D1Binding  # noqa: PLC0415
        from ..models.dispatch_namespace_binding import DispatchNamespaceBinding  # noqa: PLC0415
        from ..models.durable_object_namespace_binding import (
            DurableObjectNamespaceBinding,  # noqa: PLC0415
        )
        from ..models.inherit_binding import InheritBinding  # noqa: PLC0415
        from ..models.json_binding import JsonBinding  # noqa: PLC0415
        from ..models.kv_namespace_binding import KvNamespaceBinding  # noqa: PLC0415
        from ..models.message import Message  # noqa: PLC0415
        from ..models.other_binding import OtherBinding  # noqa: PLC0415
        from ..models.plain_text_binding import PlainTextBinding  # noqa: PLC0415
        from ..models.queue_binding import QueueBinding  # noqa: PLC0415
        from ..models.r2_bucket_binding import R2BucketBinding  # noqa: PLC0415
        from ..models.secret_text_binding_info import SecretTextBindingInfo  # noqa: PLC0415
        from ..models.service_binding import ServiceBinding  # noqa: PLC0415

        success = self.success

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        result = []
        for result_item_data in self.result:
            result_item: dict[str, Any]
            if isinstance(result_item_data, PlainTextBinding):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, SecretTextBindingInfo):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, JsonBinding):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, KvNamespaceBinding):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, D1Binding):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, R2BucketBinding):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, ServiceBinding):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, DurableObjectNamespaceBinding):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, QueueBinding):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, DispatchNamespaceBinding):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, AnalyticsEngineBinding):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, AiBinding):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, AssetsBinding):
                result_item = result_item_data.to_dict()
            elif isinstance(result_item_data, InheritBinding):
                result_item = result_item_data.to_dict()
            else:
                result_item = result_item_data.to_dict()

            result.append(result_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
                "errors": errors,
                "messages": messages,
                "result": result,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ai_binding import AiBinding  # noqa: PLC0415
        from ..models.analytics_engine_binding import AnalyticsEngineBinding  # noqa: PLC0415
        from ..models.assets_binding import AssetsBinding  # noqa: PLC0415
        from ..models.d1_binding import D1Binding  # noqa: PLC0415
        from ..models.dispatch_namespace_binding import DispatchNamespaceBinding  # noqa: PLC0415
        from ..models.durable_object_namespace_binding import (
            DurableObjectNamespaceBinding,  # noqa: PLC0415
        )
        from ..models.inherit_binding import InheritBinding  # noqa: PLC0415
        from ..models.json_binding import JsonBinding  # noqa: PLC0415
        from ..models.kv_namespace_binding import KvNamespaceBinding  # noqa: PLC0415
        from ..models.message import Message  # noqa: PLC0415
        from ..models.other_binding import OtherBinding  # noqa: PLC0415
        from ..models.plain_text_binding import PlainTextBinding  # noqa: PLC0415
        from ..models.queue_binding import QueueBinding  # noqa: PLC0415
        from ..models.r2_bucket_binding import R2BucketBinding  # noqa: PLC0415
        from ..models.secret_text_binding_info import SecretTextBindingInfo  # noqa: PLC0415
        from ..models.service_binding import ServiceBinding  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = Message.from_dict(errors_item_data)

            errors.append(errors_item)

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = Message.from_dict(messages_item_data)

            messages.append(messages_item)

        result = []
        _result = d.pop("result")
        for result_item_data in _result:

            def _parse_result_item(
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
                | SecretTextBindingInfo
                | ServiceBinding
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_0 = PlainTextBinding.from_dict(data)

                    return componentsschemas_binding_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_1 = SecretTextBindingInfo.from_dict(
                        data
                    )

                    return componentsschemas_binding_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_2 = JsonBinding.from_dict(data)

                    return componentsschemas_binding_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_3 = KvNamespaceBinding.from_dict(
                        data
                    )

                    return componentsschemas_binding_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_4 = D1Binding.from_dict(data)

                    return componentsschemas_binding_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_5 = R2BucketBinding.from_dict(data)

                    return componentsschemas_binding_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_6 = ServiceBinding.from_dict(data)

                    return componentsschemas_binding_type_6
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_7 = (
                        DurableObjectNamespaceBinding.from_dict(data)
                    )

                    return componentsschemas_binding_type_7
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_8 = QueueBinding.from_dict(data)

                    return componentsschemas_binding_type_8
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_9 = (
                        DispatchNamespaceBinding.from_dict(data)
                    )

                    return componentsschemas_binding_type_9
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_10 = (
                        AnalyticsEngineBinding.from_dict(data)
                    )

                    return componentsschemas_binding_type_10
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_11 = AiBinding.from_dict(data)

                    return componentsschemas_binding_type_11
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_12 = AssetsBinding.from_dict(data)

                    return componentsschemas_binding_type_12
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_13 = InheritBinding.from_dict(data)

                    return componentsschemas_binding_type_13
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_binding_type_14 = OtherBinding.from_dict(data)

                return componentsschemas_binding_type_14

            result_item = _parse_result_item(result_item_data)

            result.append(result_item)

        binding_list_envelope = cls(
            success=success,
            errors=errors,
            messages=messages,
            result=result,
        )

        binding_list_envelope.additional_properties = d
        return binding_list_envelope

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
