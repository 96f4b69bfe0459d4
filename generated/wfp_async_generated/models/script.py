from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.script_named_handlers_item import ScriptNamedHandlersItem
    from ..models.script_observability import ScriptObservability
    from ..models.script_placement import ScriptPlacement
    from ..models.tail_consumer import TailConsumer


T = TypeVar("T", bound="Script")


@_attrs_define
class Script:
    """
    Attributes:
        id (str | Unset): The script's name.
        tag (str | Unset):
        etag (str | Unset):
        created_on (str | Unset):
        modified_on (str | Unset):
        compatibility_date (str | Unset):
        compatibility_flags (list[str] | Unset):
        handlers (list[str] | Unset):
        named_handlers (list[ScriptNamedHandlersItem] | Unset):
        has_assets (bool | Unset):
        has_modules (bool | Unset):
        logpush (bool | Unset):
        migration_tag (str | Unset):
        placement (ScriptPlacement | Unset):
        placement_mode (str | Unset):
        tags (list[str] | Unset):
        tail_consumers (list[TailConsumer] | None | Unset):
        usage_model (str | Unset): bundled, unbound, standard, or a value added later.
        observability (ScriptObservability | Unset):
        entry_point (str | Unset): Upload answers only.
        startup_time_ms (int | Unset): Upload answers only.
    """

    id: str | Unset = UNSET
    tag: str | Unset = UNSET
    etag: str | Unset = UNSET
    created_on: str | Unset = UNSET
    modified_on: str | Unset = UNSET
    compatibility_date: str | Unset = UNSET
    compatibility_flags: list[str] | Unset = UNSET
    handlers: list[str] | Unset = UNSET
    named_handlers: list[ScriptNamedHandlersItem] | Unset = UNSET
    has_assets: bool | Unset = UNSET
    has_modules: bool | Unset = UNSET
    logpush: bool | Unset = UNSET
    migration_tag: str | Unset = UNSET
    placement: ScriptPlacement | Unset = UNSET
    placement_mode: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    tail_consumers: list[TailConsumer] | None | Unset = UNSET
    usage_model: str | Unset = UNSET
    observability: ScriptObservability | Unset = UNSET
    entry_point: str | Unset = UNSET
    startup_time_ms: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.script_named_handlers_item import ScriptNamedHandlersItem  # noqa: PLC0415
        from ..models.script_observability import ScriptObservability  # noqa: PLC0415
        from ..models.script_placement import ScriptPlacement  # noqa: PLC0415
        from ..models.tail_consumer import TailConsumer  # noqa: PLC0415

        id = self.id

        tag = self.tag

        etag = self.etag

        created_on = self.created_on

        modified_on = self.modified_on

        compatibility_date = self.compatibility_date

        compatibility_flags: list[str] | Unset = UNSET
        if not isinstance(self.compatibility_flags, Unset):
            compatibility_flags = self.compatibility_flags

        handlers: list[str] | Unset = UNSET
        if not isinstance(self.handlers, Unset):
            handlers = self.handlers

        named_handlers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.named_handlers, Unset):
            named_handlers = []
            for named_handlers_item_data in self.named_handlers:
                named_handlers_item = named_handlers_item_data.to_dict()
                named_handlers.append(named_handlers_item)

        has_assets = self.has_assets

        has_modules = self.has_modules

        logpush = self.logpush

        migration_tag = self.migration_tag

        placement: dict[str, Any] | Unset = UNSET
        if not isinstance(self.placement, Unset):
            placement = self.placement.to_dict()

        placement_mode = self.placement_mode

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
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

        observability: dict[str, Any] | Unset = UNSET
        if not isinstance(self.observability, Unset):
            observability = self.observability.to_dict()

        entry_point = self.entry_point

        startup_time_ms = self.startup_time_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if tag is not UNSET:
            field_dict["tag"] = tag
        if etag is not UNSET:
            field_dict["etag"] = etag
        if created_on is not UNSET:
            field_dict["created_on"] = created_on
        if modified_on is not UNSET:
            field_dict["modified_on"] = modified_on
        if compatibility_date is not UNSET:
            field_dict["compatibility_date"] = compatibility_date
        if compatibility_flags is not UNSET:
            field_dict["compatibility_flags"] = compatibility_flags
        if handlers is not UNSET:
            field_dict["handlers"] = handlers
        if named_handlers is not UNSET:
            field_dict["named_handlers"] = named_handlers
        if has_assets is not UNSET:
            field_dict["has_assets"] = has_assets
        if has_modules is not UNSET:
            field_dict["has_modules"] = has_modules
        if logpush is not UNSET:
            field_dict["logpush"] = logpush
        if migration_tag is not UNSET:
            field_dict["migration_tag"] = migration_tag
        if placement is not UNSET:
            field_dict["placement"] = placement
        if placement_mode is not UNSET:
            field_dict["placement_mode"] = placement_mode
        if tags is not UNSET:
            field_dict["tags"] = tags
        if tail_consumers is not UNSET:
            field_dict["tail_consumers"] = tail_consumers
        if usage_model is not UNSET:
            field_dict["usage_model"] = usage_model
        if observability is not UNSET:
            field_dict["observability"] = observability
        if entry_point is not UNSET:
            field_dict["entry_point"] = entry_point
        if startup_time_ms is not UNSET:
            field_dict["startup_time_ms"] = startup_time_ms

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.script_named_handlers_item import ScriptNamedHandlersItem  # noqa: PLC0415
        from ..models.script_observability import ScriptObservability  # noqa: PLC0415
        from ..models.script_placement import ScriptPlacement  # noqa: PLC0415
        from ..models.tail_consumer import TailConsumer  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        tag = d.pop("tag", UNSET)

        etag = d.pop("etag", UNSET)

        created_on = d.pop("created_on", UNSET)

        modified_on = d.pop("modified_on", UNSET)

        compatibility_date = d.pop("compatibility_date", UNSET)

        compatibility_flags = cast(list[str], d.pop("compatibility_flags", UNSET))

        handlers = cast(list[str], d.pop("handlers", UNSET))

        _named_handlers = d.pop("named_handlers", UNSET)
        named_handlers: list[ScriptNamedHandlersItem] | Unset = UNSET
        if _named_handlers is not UNSET:
            named_handlers = []
            for named_handlers_item_data in _named_handlers:
                named_handlers_item = ScriptNamedHandlersItem.from_dict(
                    named_handlers_item_data
                )

                named_handlers.append(named_handlers_item)

        has_assets = d.pop("has_assets", UNSET)

        has_modules = d.pop("has_modules", UNSET)

        logpush = d.pop("logpush", UNSET)

        migration_tag = d.pop("migration_tag", UNSET)

        _placement = d.pop("placement", UNSET)
        placement: ScriptPlacement | Unset
        if isinstance(_placement, Unset):
            placement = UNSET
        else:
            placement = ScriptPlacement.from_dict(_placement)

        placement_mode = d.pop("placement_mode", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

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

        _observability = d.pop("observability", UNSET)
        observability: ScriptObservability | Unset
        if isinstance(_observability, Unset):
            observability = UNSET
        else:
            observability = ScriptObservability.from_dict(_observability)

        entry_point = d.pop("entry_point", UNSET)

        startup_time_ms = d.pop("startup_time_ms", UNSET)

        script = cls(
            id=id,
            tag=tag,
            etag=etag,
            created_on=created_on,
            modified_on=modified_on,
            compatibility_date=compatibility_date,
            compatibility_flags=compatibility_flags,
            handlers=handlers,
            named_handlers=named_handlers,
            has_assets=has_assets,
            has_modules=has_modules,
            logpush=logpush,
            migration_tag=migration_tag,
            placement=placement,
            placement_mode=placement_mode,
            tags=tags,
            tail_consumers=tail_consumers,
            usage_model=usage_model,
            observability=observability,
            entry_point=entry_point,
            startup_time_ms=startup_time_ms,
        )

        script.additional_properties = d
        return script

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
