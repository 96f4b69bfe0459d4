"""A client library for accessing Cloudflare Workers for Platforms dispatch namespaces"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
