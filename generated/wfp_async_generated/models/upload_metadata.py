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
    from ..models.assets_metadata import AssetsMetadata
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
    from ..models.secret_text_binding_input import SecretTextBindingInput
    from ..models.service_binding import ServiceBinding
    from ..models.tail_consumer import TailConsumer
    from ..models.upload_metadata_cache_options import UploadMetadataCacheOptions
    from ..models.upload_metadata_exports import UploadMetadataExports
    from ..models.upload_metadata_migrations import UploadMetadataMigrations
    from ..models.upload_metadata_observability import UploadMetadataObservability
    from ..models.upload_metadata_placement import UploadMetadataPlacement


T = TypeVar("T", bound="UploadMetadata")


@_attrs_define
class UploadMetadata:
    """
    Attributes:
        main_module (str | Unset): The part holding the main ES module.
        body_part (str | Unset): The part holding a service-worker script.
        compatibility_date (str | Unset):
        compatibility_flags (list[str] | Unset):
        bindings (list[AiBinding | AnalyticsEngineBinding | AssetsBinding | D1Binding | DispatchNamespaceBinding |
            DurableObjectNamespaceBinding | InheritBinding | JsonBinding | KvNamespaceBinding | OtherBinding |
            PlainTextBinding | QueueBinding | R2BucketBinding | SecretTextBindingInput | ServiceBinding] | Unset):
        keep_bindings (list[str] | Unset):
        keep_assets (bool | Unset):
        assets (AssetsMetadata | Unset):
        limits (Limits | Unset):
        logpush (bool | Unset):
        observability (UploadMetadataObservability | Unset):
        placement (UploadMetadataPlacement | Unset):
        tags (list[str] | Unset):
        tail_consumers (list[TailConsumer] | Unset):
        usage_model (str | Unset):
        migrations (UploadMetadataMigrations | Unset):
        cache_options (UploadMetadataCacheOptions | Unset):
        exports (UploadMetadataExports | Unset):
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
    keep_assets: bool | Unset = UNSET
    assets: AssetsMetadata | Unset = UNSET
    limits: Limits | Unset = UNSET
    logpush: bool | Unset = UNSET
    observability: UploadMetadataObservability | Unset = UNSET
    placement: UploadMetadataPlacement | Unset = UNSET
    tags: list[str] | Unset = UNSET
    tail_consumers: list[TailConsumer] | Unset = UNSET
    usage_model: str | Unset = UNSET
    migrations: UploadMetadataMigrations | Unset = UNSET
    cache_options: UploadMetadataCacheOptions | Unset = UNSET
    exports: UploadMetadataExports | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.ai_binding import AiBinding  # noqa: PLC0415
        from ..models.analytics_engine_binding import AnalyticsEngineBinding  # noqa: PLC0415
        from ..models.assets_binding import AssetsBinding  # noqa: PLC0415
        from ..models.assets_metadata import AssetsMetadata  # noqa: PLC0415
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
        from ..models.secret_text_binding_input import SecretTextBindingInput  # noqa: PLC0415
        from ..models.service_binding import ServiceBinding  # noqa: PLC0415
        from ..models.tail_consumer import TailConsumer  # noqa: PLC0415
        from ..models.upload_metadata_cache_options import UploadMetadataCacheOptions  # noqa: PLC0415
        from ..models.upload_metadata_exports import UploadMetadataExports  # noqa: PLC0415
        from ..models.upload_metadata_migrations import UploadMetadataMigrations  # noqa: PLC0415
        from ..models.upload_metadata_observability import UploadMetadataObservability  # noqa: PLC0415
        from ..models.upload_metadata_placement import UploadMetadataPlacement  # noqa: PLC0415

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

        keep_assets = self.keep_assets

        assets: dict[str, Any] | Unset = UNSET
        if not isinstance(self.assets, Unset):
            assets = self.assets.to_dict()

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

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        tail_consumers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tail_consumers, Unset):
            tail_consumers = []
            for tail_consumers_item_data in self.tail_consumers:
                tail_consumers_item = tail_consumers_item_data.to_dict()
                tail_consumers.append(tail_consumers_item)

        usage_model = self.usage_model

        migrations: dict[str, Any] | Unset = UNSET
        if not isinstance(self.migrations, Unset):
            migrations = self.migrations.to_dict()

        cache_options: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cache_options, Unset):
            cache_options = self.cache_options.to_dict()

        exports: dict[str, Any] | Unset = UNSET
        if not isinstance(self.exports, Unset):
            exports = self.exports.to_dict()

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
        if keep_assets is not UNSET:
            field_dict["keep_assets"] = keep_assets
        if assets is not UNSET:
            field_dict["assets"] = assets
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
        if migrations is not UNSET:
            field_dict["migrations"] = migrations
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
        from ..models.assets_metadata import AssetsMetadata  # noqa: PLC0415
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
        from ..models.secret_text_binding_input import SecretTextBindingInput  # noqa: PLC0415
        from ..models.service_binding import ServiceBinding  # noqa: PLC0415
        from ..models.tail_consumer import TailConsumer  # noqa: PLC0415
        from ..models.upload_metadata_cache_options import UploadMetadataCacheOptions  # noqa: PLC0415
        from ..models.upload_metadata_exports import UploadMetadataExports  # noqa: PLC0415
        from ..models.upload_metadata_migrations import UploadMetadataMigrations  # noqa: PLC0415
        from ..models.upload_metadata_observability import UploadMetadataObservability  # noqa: PLC0415
        from ..models.upload_metadata_placement import UploadMetadataPlacement  # noqa: PLC0415

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

        keep_assets = d.pop("keep_assets", UNSET)

        _assets = d.pop("assets", UNSET)
        assets: AssetsMetadata | Unset
        if isinstance(_assets, Unset):
            assets = UNSET
        else:
            assets = AssetsMetadata.from_dict(_assets)

        _limits = d.pop("limits", UNSET)
        limits: Limits | Unset
        if isinstance(_limits, Unset):
            limits = UNSET
        else:
            limits = Limits.from_dict(_limits)

        logpush = d.pop("logpush", UNSET)

        _observability = d.pop("observability", UNSET)
        observability: UploadMetadataObservability | Unset
        if isinstance(_observability, Unset):
            observability = UNSET
        else:
            observability = UploadMetadataObservability.from_dict(_observability)

        _placement = d.pop("placement", UNSET)
        placement: UploadMetadataPlacement | Unset
        if isinstance(_placement, Unset):
            placement = UNSET
        else:
            placement = UploadMetadataPlacement.from_dict(_placement)

        tags = cast(list[str], d.pop("tags", UNSET))

        _tail_consumers = d.pop("tail_consumers", UNSET)
        tail_consumers: list[TailConsumer] | Unset = UNSET
        if _tail_consumers is not UNSET:
            tail_consumers = []
            for tail_consumers_item_data in _tail_consumers:
                tail_consumers_item = TailConsumer.from_dict(tail_consumers_item_data)

                tail_consumers.append(tail_consumers_item)

        usage_model = d.pop("usage_model", UNSET)

        _migrations = d.pop("migrations", UNSET)
        migrations: UploadMetadataMigrations | Unset
        if isinstance(_migrations, Unset):
            migrations = UNSET
        else:
            migrations = UploadMetadataMigrations.from_dict(_migrations)

        _cache_options = d.pop("cache_options", UNSET)
        cache_options: UploadMetadataCacheOptions | Unset
        if isinstance(_cache_options, Unset):
            cache_options = UNSET
        else:
            cache_options = UploadMetadataCacheOptions.from_dict(_cache_options)

        _exports = d.pop("exports", UNSET)
        exports: UploadMetadataExports | Unset
        if isinstance(_exports, Unset):
            exports = UNSET
        else:
            exports = UploadMetadataExports.from_dict(_exports)

        upload_metadata = cls(
            main_module=main_module,
            body_part=body_part,
            compatibility_date=compatibility_date,
            compatibility_flags=compatibility_flags,
            bindings=bindings,
            keep_bindings=keep_bindings,
            keep_assets=keep_assets,
            assets=assets,
            limits=limits,
            logpush=logpush,
            observability=observability,
            placement=placement,
            tags=tags,
            tail_consumers=tail_consumers,
            usage_model=usage_model,
            migrations=migrations,
            cache_options=cache_options,
            exports=exports,
        )

        upload_metadata.additional_properties = d
        return upload_metadata

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
