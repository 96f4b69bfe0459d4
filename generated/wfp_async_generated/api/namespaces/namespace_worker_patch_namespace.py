from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure_envelope import FailureEnvelope
from ...models.namespace_envelope import NamespaceEnvelope
from ...models.namespace_update import NamespaceUpdate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    dispatch_namespace: str,
    *,
    body: NamespaceUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}".format(
            account_id=quote(str(account_id), safe=""),
            dispatch_namespace=quote(str(dispatch_namespace), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FailureEnvelope | NamespaceEnvelope | None:
    if response.status_code == 200:
        response_200 = NamespaceEnvelope.from_dict(response.json())

        return response_200

    if 400 <= response.status_code <= 499:
        response_4xx = FailureEnvelope.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[FailureEnvelope | NamespaceEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    dispatch_namespace: str,
    *,
    client: AuthenticatedClient | Client,
    body: NamespaceUpdate,
) -> Response[FailureEnvelope | NamespaceEnvelope]:
    """Update a dispatch namespace (omitted fields stay unchanged)

    Args:
        account_id (str):
        dispatch_namespace (str):
        body (NamespaceUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | NamespaceEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    dispatch_namespace: str,
    *,
    client: AuthenticatedClient | Client,
    body: NamespaceUpdate,
) -> FailureEnvelope | NamespaceEnvelope | None:
    """Update a dispatch namespace (omitted fields stay unchanged)

    Args:
        account_id (str):
        dispatch_namespace (str):
        body (NamespaceUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | NamespaceEnvelope
    """

    return sync_detailed(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    dispatch_namespace: str,
    *,
    client: AuthenticatedClient | Client,
    body: NamespaceUpdate,
) -> Response[FailureEnvelope | NamespaceEnvelope]:
    """Update a dispatch namespace (omitted fields stay unchanged)

    Args:
        account_id (str):
        dispatch_namespace (str):
        body (NamespaceUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | NamespaceEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    dispatch_namespace: str,
    *,
    client: AuthenticatedClient | Client,
    body: NamespaceUpdate,
) -> FailureEnvelope | NamespaceEnvelope | None:
    """Update a dispatch namespace (omitted fields stay unchanged)

    Args:
        account_id (str):
        dispatch_namespace (str):
        body (NamespaceUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | NamespaceEnvelope
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            dispatch_namespace=dispatch_namespace,
            client=client,
            body=body,
        )
    ).parsed
