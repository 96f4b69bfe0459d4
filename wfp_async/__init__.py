"""wfp-async: the async Python SDK for Cloudflare Workers for Platforms (dispatch namespaces)."""

from wfp_async._errors import (
    APIError,
    AuthenticationError,
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

__all__ = [
    "APIError",
    "AuthenticationError",
    "Conflict",
    "ErrorDetail",
    "InvalidInput",
    "InvalidResponse",
    "NotFound",
    "RateLimited",
    "RequestTimeout",
    "ServerError",
    "TransportError",
    "ValidationError",
    "WfpError",
]
