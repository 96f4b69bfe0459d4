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
    from ..models.limits import Limits
    from ..models.other_binding import OtherBinding
    from ..models.plain_text_binding import PlainTextBinding
    from ..models.queue_binding import QueueBinding
    from ..models.r2_bucket_binding import R2BucketBinding
    from ..models.secret_text_binding_info import SecretTextBindingInfo
    from ..models.service_binding import ServiceBinding
    from ..models.settings_cache_options import SettingsCacheOptions
    from ..models.settings_exports import SettingsExports
    from ..models.settings_observability import SettingsObservability
    from ..models.settings_placement import SettingsPlacement
    from ..models.tail_consumer import TailConsumer


T = TypeVar("T", bound="Settings")


@_attrs_define
class Settings:
    """
    Attributes:
        bindings (list[AiBinding | AnalyticsEngineBinding | AssetsBinding | D1Binding | DispatchNamespaceBinding |
            DurableObjectNamespaceBinding | InheritBinding | JsonBinding | KvNamespaceBinding | OtherBinding |
            PlainTextBinding | QueueBinding | R2BucketBinding | SecretTextBindingInfo | ServiceBinding] | Unset):
        compatibility_date (str | Unset):
        compatibility_flags (list[str] | Unset):
        limits (Limits | Unset):
        logpush (bool | Unset):
        observability (SettingsObservability | Unset):
        placement (SettingsPlacement | Unset):
        tags (list[str] | None | Unset):
        tail_consumers (list[TailConsumer] | None | Unset):
        usage_model (str | Unset):
        cache_options (SettingsCacheOptions | Unset):
        exports (SettingsExports | Unset):
    """

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
            | SecretTextBindingInfo
            | ServiceBinding
        ]
        | Unset
    ) = UNSET
    compatibility_date: str | Unset = UNSET
    compatibility_flags: list[str] | Unset = UNSET
    limits: Limits | Unset = UNSET
    logpush: bool | Unset = UNSET
    observability: SettingsObservability | Unset = UNSET
    placement: SettingsPlacement | Unset = UNSET
    tags: list[str] | None | Unset = UNSET
    tail_consumers: list[TailConsumer] | None | Unset = UNSET
    usage_model: str | Unset = UNSET
    cache_options: SettingsCacheOptions | Unset = UNSET
    exports: SettingsExports | Unset = UNSET
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
        from ..models.limits import Limits  # noqa: PLC0415
        from ..models.other_binding import OtherBinding  # noqa: PLC0415
        from ..models.plain_text_binding import PlainTextBinding  # noqa: PLC0415
        from ..models.queue_binding import QueueBinding  # noqa: PLC0415
        from ..models.r2_bucket_binding import R2BucketBinding  # noqa: PLC0415
        from ..models.secret_text_binding_info import SecretTextBindingInfo  # noqa: PLC0415
        from ..models.service_binding import ServiceBinding  # noqa: PLC0415
        from ..models.settings_cache_options import SettingsCacheOptions  # noqa: PLC0415
        from ..models.settings_exports import SettingsExports  # noqa: PLC0415
        from ..models.settings_observability import SettingsObservability  # noqa: PLC0415
        from ..models.settings_placement import SettingsPlacement  # noqa: PLC0415
        from ..models.tail_consumer import TailConsumer  # noqa: PLC0415

        bindings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.bindings, Unset):
            bindings = []
            for bindings_item_data in self.bindings:
                bindings_item: dict[str, Any]
                if isinstance(bindings_item_data, PlainTextBinding):
                    bindings_item = bindings_item_data.to_dict()
                elif isinstance(bindings_item_data, SecretTextBindingInfo):
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

        compatibility_date = self.compatibility_date

        compatibility_flags: list[str] | Unset = UNSET
        if not isinstance(self.compatibility_flags, Unset):
            compatibility_flags = self.compatibility_flags

        limits: dict[str, Any] | Unset = UNSET
        if not isinstance(self.limits, Unset):
            limits = self.limits.to_dict()

        logpush = self.logpush

        observability: dict[str, Any] | Unset = UNSET
        if not isinstance(self.observability, Unset):
            observability = self.observability.to_dict()

        placement: dict[str, Any] | Unset = UNSET
        if not isinstance(self.placement, Unset):
            placement = self.placement.to_dict()

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        tail_consumers: list[dict[str, Any]] | None | Unset
        if isinstance(self.tail_consumers, Unset):
            tail_consumers = UNSET
        elif isinstance(self.tail_consumers, list):
            tail_consumers = []
            for tail_consumers_type_0_item_data in self.tail_consumers:
                tail_consumers_type_0_item = tail_consumers_type_0_item_data.to_dict()
                tail_consumers.append(tail_consumers_type_0_item)

        else:
            tail_consumers = self.tail_consumers

        usage_model = self.usage_model

        cache_options: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cache_options, Unset):
            cache_options = self.cache_options.to_dict()

        exports: dict[str, Any] | Unset = UNSET
        if not isinstance(self.exports, Unset):
            exports = self.exports.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if bindings is not UNSET:
            field_dict["bindings"] = bindings
        if compatibility_date is not UNSET:
            field_dict["compatibility_date"] = compatibility_date
        if compatibility_flags is not UNSET:
            field_dict["compatibility_flags"] = compatibility_flags
        if limits is not UNSET:
            field_dict["limits"] = limits
        if logpush is not UNSET:
            field_dict["logpush"] = logpush
        if observability is not UNSET:
            field_dict["observability"] = observability
        if placement is not UNSET:
            field_dict["placement"] = placement
        if tags is not UNSET:
            field_dict["tags"] = tags
        if tail_consumers is not UNSET:
            field_dict["tail_consumers"] = tail_consumers
        if usage_model is not UNSET:
            field_dict["usage_model"] = usage_model
        if cache_options is not UNSET:
            field_dict["cache_options"] = cache_options
        if exports is not UNSET:
            field_dict["exports"] = exports

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
        from ..models.limits import Limits  # noqa: PLC0415
        from ..models.other_binding import OtherBinding  # noqa: PLC0415
        from ..models.plain_text_binding import PlainTextBinding  # noqa: PLC0415
        from ..models.queue_binding import QueueBinding  # noqa: PLC0415
        from ..models.r2_bucket_binding import R2BucketBinding  # noqa: PLC0415
        from ..models.secret_text_binding_info import SecretTextBindingInfo  # noqa: PLC0415
        from ..models.service_binding import ServiceBinding  # noqa: PLC0415
        from ..models.settings_cache_options import SettingsCacheOptions  # noqa: PLC0415
        from ..models.settings_exports import SettingsExports  # noqa: PLC0415
        from ..models.settings_observability import SettingsObservability  # noqa: PLC0415
        from ..models.settings_placement import SettingsPlacement  # noqa: PLC0415
        from ..models.tail_consumer import TailConsumer  # noqa: PLC0415

        d = dict(src_dict)
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
                | SecretTextBindingInfo
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
                    | SecretTextBindingInfo
                    | ServiceBinding
                ):
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_type_0 = PlainTextBinding.from_dict(
                            data
                        )

                        return componentsschemas_binding_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_type_1 = (
                            SecretTextBindingInfo.from_dict(data)
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
                        componentsschemas_binding_type_5 = R2BucketBinding.from_dict(
                            data
                        )

                        return componentsschemas_binding_type_5
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_type_6 = ServiceBinding.from_dict(
                            data
                        )

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
                        componentsschemas_binding_type_12 = AssetsBinding.from_dict(
                            data
                        )

                        return componentsschemas_binding_type_12
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_binding_type_13 = InheritBinding.from_dict(
                            data
                        )

                        return componentsschemas_binding_type_13
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_binding_type_14 = OtherBinding.from_dict(data)

                    return componentsschemas_binding_type_14

                bindings_item = _parse_bindings_item(bindings_item_data)

                bindings.append(bindings_item)

        compatibility_date = d.pop("compatibility_date", UNSET)

        compatibility_flags = cast(list[str], d.pop("compatibility_flags", UNSET))

        _limits = d.pop("limits", UNSET)
        limits: Limits | Unset
        if isinstance(_limits, Unset):
            limits = UNSET
        else:
            limits = Limits.from_dict(_limits)

        logpush = d.pop("logpush", UNSET)

        _observability = d.pop("observability", UNSET)
        observability: SettingsObservability | Unset
        if isinstance(_observability, Unset):
            observability = UNSET
        else:
            observability = SettingsObservability.from_dict(_observability)

        _placement = d.pop("placement", UNSET)
        placement: SettingsPlacement | Unset
        if isinstance(_placement, Unset):
            placement = UNSET
        else:
            placement = SettingsPlacement.from_dict(_placement)

        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        def _parse_tail_consumers(data: object) -> list[TailConsumer] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tail_consumers_type_0 = []
                _tail_consumers_type_0 = data
                for tail_consumers_type_0_item_data in _tail_consumers_type_0:
                    tail_consumers_type_0_item = TailConsumer.from_dict(
                        tail_consumers_type_0_item_data
                    )

                    tail_consumers_type_0.append(tail_consumers_type_0_item)

                return tail_consumers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TailConsumer] | None | Unset, data)

        tail_consumers = _parse_tail_consumers(d.pop("tail_consumers", UNSET))

        usage_model = d.pop("usage_model", UNSET)

        _cache_options = d.pop("cache_options", UNSET)
        cache_options: SettingsCacheOptions | Unset
        if isinstance(_cache_options, Unset):
            cache_options = UNSET
        else:
            cache_options = SettingsCacheOptions.from_dict(_cache_options)

        _exports = d.pop("exports", UNSET)
        exports: SettingsExports | Unset
        if isinstance(_exports, Unset):
            exports = UNSET
        else:
            exports = SettingsExports.from_dict(_exports)

        settings = cls(
            bindings=bindings,
            compatibility_date=compatibility_date,
            compatibility_flags=compatibility_flags,
            limits=limits,
            logpush=logpush,
            observability=observability,
            placement=placement,
            tags=tags,
            tail_consumers=tail_consumers,
            usage_model=usage_model,
            cache_options=cache_options,
            exports=exports,
        )

        settings.additional_properties = d
        return settings

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
