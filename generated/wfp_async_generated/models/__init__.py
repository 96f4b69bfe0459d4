"""Contains all the data models used in inputs/outputs (each imported on first use)"""

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .ai_binding import AiBinding
    from .analytics_engine_binding import AnalyticsEngineBinding
    from .annotations import Annotations
    from .assets_binding import AssetsBinding
    from .assets_metadata import AssetsMetadata
    from .assets_metadata_config import AssetsMetadataConfig
    from .assets_session import AssetsSession
    from .assets_session_envelope import AssetsSessionEnvelope
    from .assets_session_request import AssetsSessionRequest
    from .assets_session_request_manifest import AssetsSessionRequestManifest
    from .assets_upload_envelope import AssetsUploadEnvelope
    from .assets_upload_result import AssetsUploadResult
    from .binding_list_envelope import BindingListEnvelope
    from .content_metadata import ContentMetadata
    from .d1_binding import D1Binding
    from .delete_scripts_envelope import DeleteScriptsEnvelope
    from .delete_scripts_result import DeleteScriptsResult
    from .delete_scripts_result_deleted_item import DeleteScriptsResultDeletedItem
    from .deployment import Deployment
    from .deployment_create import DeploymentCreate
    from .deployment_create_strategy import DeploymentCreateStrategy
    from .deployment_envelope import DeploymentEnvelope
    from .deployment_list import DeploymentList
    from .deployment_list_envelope import DeploymentListEnvelope
    from .deployment_version import DeploymentVersion
    from .dispatch_namespace_binding import DispatchNamespaceBinding
    from .dispatch_namespace_binding_outbound import DispatchNamespaceBindingOutbound
    from .durable_object_namespace_binding import DurableObjectNamespaceBinding
    from .failure_envelope import FailureEnvelope
    from .inherit_binding import InheritBinding
    from .json_binding import JsonBinding
    from .kv_namespace_binding import KvNamespaceBinding
    from .limits import Limits
    from .manifest_entry import ManifestEntry
    from .message import Message
    from .message_source import MessageSource
    from .namespace import Namespace
    from .namespace_create import NamespaceCreate
    from .namespace_envelope import NamespaceEnvelope
    from .namespace_list_envelope import NamespaceListEnvelope
    from .namespace_update import NamespaceUpdate
    from .namespace_worker_script_upload_worker_module_bindings_inherit import (
        NamespaceWorkerScriptUploadWorkerModuleBindingsInherit,
    )
    from .null_envelope import NullEnvelope
    from .other_binding import OtherBinding
    from .plain_text_binding import PlainTextBinding
    from .queue_binding import QueueBinding
    from .r2_bucket_binding import R2BucketBinding
    from .result_info import ResultInfo
    from .script import Script
    from .script_content_form import ScriptContentForm
    from .script_details import ScriptDetails
    from .script_details_envelope import ScriptDetailsEnvelope
    from .script_details_list_envelope import ScriptDetailsListEnvelope
    from .script_envelope import ScriptEnvelope
    from .script_named_handlers_item import ScriptNamedHandlersItem
    from .script_observability import ScriptObservability
    from .script_placement import ScriptPlacement
    from .script_upload_envelope import ScriptUploadEnvelope
    from .script_upload_form import ScriptUploadForm
    from .secret import Secret
    from .secret_algorithm import SecretAlgorithm
    from .secret_changes import SecretChanges
    from .secret_envelope import SecretEnvelope
    from .secret_key_input import SecretKeyInput
    from .secret_key_input_algorithm import SecretKeyInputAlgorithm
    from .secret_key_input_key_jwk import SecretKeyInputKeyJwk
    from .secret_list_envelope import SecretListEnvelope
    from .secret_map_envelope import SecretMapEnvelope
    from .secret_map_envelope_result import SecretMapEnvelopeResult
    from .secret_text_binding_info import SecretTextBindingInfo
    from .secret_text_binding_input import SecretTextBindingInput
    from .secrets_merge_patch import SecretsMergePatch
    from .secrets_patch import SecretsPatch
    from .service_binding import ServiceBinding
    from .settings import Settings
    from .settings_cache_options import SettingsCacheOptions
    from .settings_envelope import SettingsEnvelope
    from .settings_exports import SettingsExports
    from .settings_form import SettingsForm
    from .settings_input import SettingsInput
    from .settings_input_cache_options import SettingsInputCacheOptions
    from .settings_input_exports import SettingsInputExports
    from .settings_input_migrations import SettingsInputMigrations
    from .settings_input_observability import SettingsInputObservability
    from .settings_input_placement import SettingsInputPlacement
    from .settings_observability import SettingsObservability
    from .settings_placement import SettingsPlacement
    from .tags_envelope import TagsEnvelope
    from .tail_consumer import TailConsumer
    from .upload_metadata import UploadMetadata
    from .upload_metadata_cache_options import UploadMetadataCacheOptions
    from .upload_metadata_exports import UploadMetadataExports
    from .upload_metadata_migrations import UploadMetadataMigrations
    from .upload_metadata_observability import UploadMetadataObservability
    from .upload_metadata_placement import UploadMetadataPlacement
    from .version import Version
    from .version_envelope import VersionEnvelope
    from .version_info import VersionInfo
    from .version_list_envelope import VersionListEnvelope
    from .version_metadata_input import VersionMetadataInput
    from .version_page import VersionPage
    from .version_resources import VersionResources
    from .version_upload_form import VersionUploadForm
    from .worker_assets_upload_body import WorkerAssetsUploadBody

_MODULES = {
    "AiBinding": ".ai_binding",
    "AnalyticsEngineBinding": ".analytics_engine_binding",
    "Annotations": ".annotations",
    "AssetsBinding": ".assets_binding",
    "AssetsMetadata": ".assets_metadata",
    "AssetsMetadataConfig": ".assets_metadata_config",
    "AssetsSession": ".assets_session",
    "AssetsSessionEnvelope": ".assets_session_envelope",
    "AssetsSessionRequest": ".assets_session_request",
    "AssetsSessionRequestManifest": ".assets_session_request_manifest",
    "AssetsUploadEnvelope": ".assets_upload_envelope",
    "AssetsUploadResult": ".assets_upload_result",
    "BindingListEnvelope": ".binding_list_envelope",
    "ContentMetadata": ".content_metadata",
    "D1Binding": ".d1_binding",
    "DeleteScriptsEnvelope": ".delete_scripts_envelope",
    "DeleteScriptsResult": ".delete_scripts_result",
    "DeleteScriptsResultDeletedItem": ".delete_scripts_result_deleted_item",
    "Deployment": ".deployment",
    "DeploymentCreate": ".deployment_create",
    "DeploymentCreateStrategy": ".deployment_create_strategy",
    "DeploymentEnvelope": ".deployment_envelope",
    "DeploymentList": ".deployment_list",
    "DeploymentListEnvelope": ".deployment_list_envelope",
    "DeploymentVersion": ".deployment_version",
    "DispatchNamespaceBinding": ".dispatch_namespace_binding",
    "DispatchNamespaceBindingOutbound": ".dispatch_namespace_binding_outbound",
    "DurableObjectNamespaceBinding": ".durable_object_namespace_binding",
    "FailureEnvelope": ".failure_envelope",
    "InheritBinding": ".inherit_binding",
    "JsonBinding": ".json_binding",
    "KvNamespaceBinding": ".kv_namespace_binding",
    "Limits": ".limits",
    "ManifestEntry": ".manifest_entry",
    "Message": ".message",
    "MessageSource": ".message_source",
    "Namespace": ".namespace",
    "NamespaceCreate": ".namespace_create",
    "NamespaceEnvelope": ".namespace_envelope",
    "NamespaceListEnvelope": ".namespace_list_envelope",
    "NamespaceUpdate": ".namespace_update",
    "NamespaceWorkerScriptUploadWorkerModuleBindingsInherit": ".namespace_worker_script_upload_worker_module_bindings_inherit",
    "NullEnvelope": ".null_envelope",
    "OtherBinding": ".other_binding",
    "PlainTextBinding": ".plain_text_binding",
    "QueueBinding": ".queue_binding",
    "R2BucketBinding": ".r2_bucket_binding",
    "ResultInfo": ".result_info",
    "Script": ".script",
    "ScriptContentForm": ".script_content_form",
    "ScriptDetails": ".script_details",
    "ScriptDetailsEnvelope": ".script_details_envelope",
    "ScriptDetailsListEnvelope": ".script_details_list_envelope",
    "ScriptEnvelope": ".script_envelope",
    "ScriptNamedHandlersItem": ".script_named_handlers_item",
    "ScriptObservability": ".script_observability",
    "ScriptPlacement": ".script_placement",
    "ScriptUploadEnvelope": ".script_upload_envelope",
    "ScriptUploadForm": ".script_upload_form",
    "Secret": ".secret",
    "SecretAlgorithm": ".secret_algorithm",
    "SecretChanges": ".secret_changes",
    "SecretEnvelope": ".secret_envelope",
    "SecretKeyInput": ".secret_key_input",
    "SecretKeyInputAlgorithm": ".secret_key_input_algorithm",
    "SecretKeyInputKeyJwk": ".secret_key_input_key_jwk",
    "SecretListEnvelope": ".secret_list_envelope",
    "SecretMapEnvelope": ".secret_map_envelope",
    "SecretMapEnvelopeResult": ".secret_map_envelope_result",
    "SecretTextBindingInfo": ".secret_text_binding_info",
    "SecretTextBindingInput": ".secret_text_binding_input",
    "SecretsMergePatch": ".secrets_merge_patch",
    "SecretsPatch": ".secrets_patch",
    "ServiceBinding": ".service_binding",
    "Settings": ".settings",
    "SettingsCacheOptions": ".settings_cache_options",
    "SettingsEnvelope": ".settings_envelope",
    "SettingsExports": ".settings_exports",
    "SettingsForm": ".settings_form",
    "SettingsInput": ".settings_input",
    "SettingsInputCacheOptions": ".settings_input_cache_options",
    "SettingsInputExports": ".settings_input_exports",
    "SettingsInputMigrations": ".settings_input_migrations",
    "SettingsInputObservability": ".settings_input_observability",
    "SettingsInputPlacement": ".settings_input_placement",
    "SettingsObservability": ".settings_observability",
    "SettingsPlacement": ".settings_placement",
    "TagsEnvelope": ".tags_envelope",
    "TailConsumer": ".tail_consumer",
    "UploadMetadata": ".upload_metadata",
    "UploadMetadataCacheOptions": ".upload_metadata_cache_options",
    "UploadMetadataExports": ".upload_metadata_exports",
    "UploadMetadataMigrations": ".upload_metadata_migrations",
    "UploadMetadataObservability": ".upload_metadata_observability",
    "UploadMetadataPlacement": ".upload_metadata_placement",
    "Version": ".version",
    "VersionEnvelope": ".version_envelope",
    "VersionInfo": ".version_info",
    "VersionListEnvelope": ".version_list_envelope",
    "VersionMetadataInput": ".version_metadata_input",
    "VersionPage": ".version_page",
    "VersionResources": ".version_resources",
    "VersionUploadForm": ".version_upload_form",
    "WorkerAssetsUploadBody": ".worker_assets_upload_body",
}


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = (
    "AiBinding",
    "AnalyticsEngineBinding",
    "Annotations",
    "AssetsBinding",
    "AssetsMetadata",
    "AssetsMetadataConfig",
    "AssetsSession",
    "AssetsSessionEnvelope",
    "AssetsSessionRequest",
    "AssetsSessionRequestManifest",
    "AssetsUploadEnvelope",
    "AssetsUploadResult",
    "BindingListEnvelope",
    "ContentMetadata",
    "D1Binding",
    "DeleteScriptsEnvelope",
    "DeleteScriptsResult",
    "DeleteScriptsResultDeletedItem",
    "Deployment",
    "DeploymentCreate",
    "DeploymentCreateStrategy",
    "DeploymentEnvelope",
    "DeploymentList",
    "DeploymentListEnvelope",
    "DeploymentVersion",
    "DispatchNamespaceBinding",
    "DispatchNamespaceBindingOutbound",
    "DurableObjectNamespaceBinding",
    "FailureEnvelope",
    "InheritBinding",
    "JsonBinding",
    "KvNamespaceBinding",
    "Limits",
    "ManifestEntry",
    "Message",
    "MessageSource",
    "Namespace",
    "NamespaceCreate",
    "NamespaceEnvelope",
    "NamespaceListEnvelope",
    "NamespaceUpdate",
    "NamespaceWorkerScriptUploadWorkerModuleBindingsInherit",
    "NullEnvelope",
    "OtherBinding",
    "PlainTextBinding",
    "QueueBinding",
    "R2BucketBinding",
    "ResultInfo",
    "Script",
    "ScriptContentForm",
    "ScriptDetails",
    "ScriptDetailsEnvelope",
    "ScriptDetailsListEnvelope",
    "ScriptEnvelope",
    "ScriptNamedHandlersItem",
    "ScriptObservability",
    "ScriptPlacement",
    "ScriptUploadEnvelope",
    "ScriptUploadForm",
    "Secret",
    "SecretAlgorithm",
    "SecretChanges",
    "SecretEnvelope",
    "SecretKeyInput",
    "SecretKeyInputAlgorithm",
    "SecretKeyInputKeyJwk",
    "SecretListEnvelope",
    "SecretMapEnvelope",
    "SecretMapEnvelopeResult",
    "SecretsMergePatch",
    "SecretsPatch",
    "SecretTextBindingInfo",
    "SecretTextBindingInput",
    "ServiceBinding",
    "Settings",
    "SettingsCacheOptions",
    "SettingsEnvelope",
    "SettingsExports",
    "SettingsForm",
    "SettingsInput",
    "SettingsInputCacheOptions",
    "SettingsInputExports",
    "SettingsInputMigrations",
    "SettingsInputObservability",
    "SettingsInputPlacement",
    "SettingsObservability",
    "SettingsPlacement",
    "TagsEnvelope",
    "TailConsumer",
    "UploadMetadata",
    "UploadMetadataCacheOptions",
    "UploadMetadataExports",
    "UploadMetadataMigrations",
    "UploadMetadataObservability",
    "UploadMetadataPlacement",
    "Version",
    "VersionEnvelope",
    "VersionInfo",
    "VersionListEnvelope",
    "VersionMetadataInput",
    "VersionPage",
    "VersionResources",
    "VersionUploadForm",
    "WorkerAssetsUploadBody",
)
