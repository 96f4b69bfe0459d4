from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure_envelope import FailureEnvelope
from ...models.version_list_envelope import VersionListEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}/scripts/{script_name}/versions".format(
            account_id=quote(str(account_id), safe=""),
            dispatch_namespace=quote(str(dispatch_namespace), safe=""),
            script_name=quote(str(script_name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FailureEnvelope | VersionListEnvelope | None:
    if response.status_code == 200:
        response_200 = VersionListEnvelope.from_dict(response.json())

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
) -> Response[FailureEnvelope | VersionListEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[FailureEnvelope | VersionListEnvelope]:
    """List a Worker's versions, newest first

     Documented but not in Cloudflare's spec (see x-wfp-source).

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | VersionListEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        page=page,
        per_page=per_page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> FailureEnvelope | VersionListEnvelope | None:
    """List a Worker's versions, newest first

     Documented but not in Cloudflare's spec (see x-wfp-source).

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | VersionListEnvelope
    """

    return sync_detailed(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        client=client,
        page=page,
        per_page=per_page,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[FailureEnvelope | VersionListEnvelope]:
    """List a Worker's versions, newest first

     Documented but not in Cloudflare's spec (see x-wfp-source).

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | VersionListEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        page=page,
        per_page=per_page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> FailureEnvelope | VersionListEnvelope | None:
    """List a Worker's versions, newest first

     Documented but not in Cloudflare's spec (see x-wfp-source).

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | VersionListEnvelope
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            dispatch_namespace=dispatch_namespace,
            script_name=script_name,
            client=client,
            page=page,
            per_page=per_page,
        )
    ).parsed
