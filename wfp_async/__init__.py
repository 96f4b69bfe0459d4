"""wfp-async: the async Python SDK for Cloudflare Workers for Platforms (dispatch namespaces).

``async with WfpClient(account_id=..., api_token=...) as cf:`` is where everything starts.
"""

from wfp_async._bulk import BulkFailed, BulkReport, DeployItem, ItemResult
from wfp_async._client import WfpClient
from wfp_async._errors import (
    APIError,
    AuthenticationError,
    ClientClosed,
    Conflict,
    ErrorDetail,
    InvalidInput,
    InvalidResponse,
    NotFound,
    RateLimited,
    RequestTimeout,
    ServerError,
    TransportError,
    ValidationError,
    WfpError,
)
from wfp_async._journal import JournalError
from wfp_async._metadata import (
    AI,
    D1,
    AnalyticsEngine,
    Assets,
    Binding,
    DispatchNamespace,
    DurableObjectNamespace,
    Inherit,
    Json,
    KVNamespace,
    PlainText,
    Queue,
    R2Bucket,
    RawBinding,
    SecretKey,
    SecretText,
    Service,
    UploadOptions,
)
from wfp_async._models import (
    AssetsSession,
    AssetsUpload,
    Namespace,
    Script,
    ScriptContent,
    ScriptInfo,
    Secret,
    Settings,
)
from wfp_async._modules import Module, WorkerBundle
from wfp_async._pagination import Pager
from wfp_async._ratelimit import DEFAULT_RATE_LIMIT, Feedback, Limiter, LocalLimiter, RateLimit
from wfp_async._redis_limiter import RedisLimiter
from wfp_async._retry import NO_RETRY, RetryPolicy
from wfp_async._rollout import EarlierFailure, RolloutReport, TenantRollout, Wave, rollout
from wfp_async._tracing import otel_request_hook
from wfp_async._version import __version__ as __version__
from wfp_async._versions import Deployment, Version

__all__ = [
    "AI",
    "D1",
    "DEFAULT_RATE_LIMIT",
    "NO_RETRY",
    "APIError",
    "AnalyticsEngine",
    "Assets",
    "AssetsSession",
    "AssetsUpload",
    "AuthenticationError",
    "Binding",
    "BulkFailed",
    "BulkReport",
    "ClientClosed",
    "Conflict",
    "DeployItem",
    "Deployment",
    "DispatchNamespace",
    "DurableObjectNamespace",
    "EarlierFailure",
    "ErrorDetail",
    "Feedback",
    "Inherit",
    "InvalidInput",
    "InvalidResponse",
    "ItemResult",
    "JournalError",
    "Json",
    "KVNamespace",
    "Limiter",
    "LocalLimiter",
    "Module",
    "Namespace",
    "NotFound",
    "Pager",
    "PlainText",
    "Queue",
    "R2Bucket",
    "RateLimit",
    "RateLimited",
    "RawBinding",
    "RedisLimiter",
    "RequestTimeout",
    "RetryPolicy",
    "RolloutReport",
    "Script",
    "ScriptContent",
    "ScriptInfo",
    "Secret",
    "SecretKey",
    "SecretText",
    "ServerError",
    "Service",
    "Settings",
    "TenantRollout",
    "TransportError",
    "UploadOptions",
    "ValidationError",
    "Version",
    "Wave",
    "WfpClient",
    "WfpError",
    "WorkerBundle",
    "otel_request_hook",
    "rollout",
]
