from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure_envelope import FailureEnvelope
from ...models.script_details_list_envelope import ScriptDetailsListEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    dispatch_namespace: str,
    *,
    tags: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["tags"] = tags

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}/scripts".format(
            account_id=quote(str(account_id), safe=""),
            dispatch_namespace=quote(str(dispatch_namespace), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FailureEnvelope | ScriptDetailsListEnvelope | None:
    if response.status_code == 200:
        response_200 = ScriptDetailsListEnvelope.from_dict(response.json())

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
) -> Response[FailureEnvelope | ScriptDetailsListEnvelope]:
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
    tags: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[FailureEnvelope | ScriptDetailsListEnvelope]:
    """List the scripts of a namespace, optionally filtered by tags

    Args:
        account_id (str):
        dispatch_namespace (str):
        tags (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | ScriptDetailsListEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        tags=tags,
        limit=limit,
        cursor=cursor,
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
    tags: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> FailureEnvelope | ScriptDetailsListEnvelope | None:
    """List the scripts of a namespace, optionally filtered by tags

    Args:
        account_id (str):
        dispatch_namespace (str):
        tags (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | ScriptDetailsListEnvelope
    """

    return sync_detailed(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        client=client,
        tags=tags,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    dispatch_namespace: str,
    *,
    client: AuthenticatedClient | Client,
    tags: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[FailureEnvelope | ScriptDetailsListEnvelope]:
    """List the scripts of a namespace, optionally filtered by tags

    Args:
        account_id (str):
        dispatch_namespace (str):
        tags (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | ScriptDetailsListEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        tags=tags,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    dispatch_namespace: str,
    *,
    client: AuthenticatedClient | Client,
    tags: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> FailureEnvelope | ScriptDetailsListEnvelope | None:
    """List the scripts of a namespace, optionally filtered by tags

    Args:
        account_id (str):
        dispatch_namespace (str):
        tags (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | ScriptDetailsListEnvelope
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            dispatch_namespace=dispatch_namespace,
            client=client,
            tags=tags,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
