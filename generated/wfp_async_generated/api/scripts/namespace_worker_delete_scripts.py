from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_scripts_envelope import DeleteScriptsEnvelope
from ...models.delete_scripts_result import DeleteScriptsResult
from ...models.failure_envelope import FailureEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    dispatch_namespace: str,
    *,
    tags: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["tags"] = tags

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}/scripts".format(
            account_id=quote(str(account_id), safe=""),
            dispatch_namespace=quote(str(dispatch_namespace), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeleteScriptsEnvelope | DeleteScriptsResult | FailureEnvelope | None:
    if response.status_code == 200:

        def _parse_response_200(
            data: object,
        ) -> DeleteScriptsEnvelope | DeleteScriptsResult:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = DeleteScriptsEnvelope.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = DeleteScriptsResult.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

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
) -> Response[DeleteScriptsEnvelope | DeleteScriptsResult | FailureEnvelope]:
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
) -> Response[DeleteScriptsEnvelope | DeleteScriptsResult | FailureEnvelope]:
    """Delete the scripts of a namespace that match a tag filter

    Args:
        account_id (str):
        dispatch_namespace (str):
        tags (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteScriptsEnvelope | DeleteScriptsResult | FailureEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        tags=tags,
        limit=limit,
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
) -> DeleteScriptsEnvelope | DeleteScriptsResult | FailureEnvelope | None:
    """Delete the scripts of a namespace that match a tag filter

    Args:
        account_id (str):
        dispatch_namespace (str):
        tags (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteScriptsEnvelope | DeleteScriptsResult | FailureEnvelope
    """

    return sync_detailed(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        client=client,
        tags=tags,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    dispatch_namespace: str,
    *,
    client: AuthenticatedClient | Client,
    tags: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[DeleteScriptsEnvelope | DeleteScriptsResult | FailureEnvelope]:
    """Delete the scripts of a namespace that match a tag filter

    Args:
        account_id (str):
        dispatch_namespace (str):
        tags (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteScriptsEnvelope | DeleteScriptsResult | FailureEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        tags=tags,
        limit=limit,
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
) -> DeleteScriptsEnvelope | DeleteScriptsResult | FailureEnvelope | None:
    """Delete the scripts of a namespace that match a tag filter

    Args:
        account_id (str):
        dispatch_namespace (str):
        tags (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteScriptsEnvelope | DeleteScriptsResult | FailureEnvelope
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            dispatch_namespace=dispatch_namespace,
            client=client,
            tags=tags,
            limit=limit,
        )
    ).parsed
