from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure_envelope import FailureEnvelope
from ...models.version_envelope import VersionEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}/scripts/{script_name}/versions".format(
            account_id=quote(str(account_id), safe=""),
            dispatch_namespace=quote(str(dispatch_namespace), safe=""),
            script_name=quote(str(script_name), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FailureEnvelope | VersionEnvelope | None:
    if response.status_code == 200:
        response_200 = VersionEnvelope.from_dict(response.json())

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
) -> Response[FailureEnvelope | VersionEnvelope]:
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
) -> Response[FailureEnvelope | VersionEnvelope]:
    """Upload a version of a Worker without deploying it

     Documented but not in Cloudflare's spec (see x-wfp-source). The same multipart body as an upload,
    plus `metadata.annotations` ("workers/message", "workers/tag"); the version serves no traffic until
    a deployment names it. The facade encodes the body itself.

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        body (VersionUploadForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | VersionEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
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
) -> FailureEnvelope | VersionEnvelope | None:
    """Upload a version of a Worker without deploying it

     Documented but not in Cloudflare's spec (see x-wfp-source). The same multipart body as an upload,
    plus `metadata.annotations` ("workers/message", "workers/tag"); the version serves no traffic until
    a deployment names it. The facade encodes the body itself.

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        body (VersionUploadForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | VersionEnvelope
    """

    return sync_detailed(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        client=client,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[FailureEnvelope | VersionEnvelope]:
    """Upload a version of a Worker without deploying it

     Documented but not in Cloudflare's spec (see x-wfp-source). The same multipart body as an upload,
    plus `metadata.annotations` ("workers/message", "workers/tag"); the version serves no traffic until
    a deployment names it. The facade encodes the body itself.

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        body (VersionUploadForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | VersionEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> FailureEnvelope | VersionEnvelope | None:
    """Upload a version of a Worker without deploying it

     Documented but not in Cloudflare's spec (see x-wfp-source). The same multipart body as an upload,
    plus `metadata.annotations` ("workers/message", "workers/tag"); the version serves no traffic until
    a deployment names it. The facade encodes the body itself.

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        body (VersionUploadForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | VersionEnvelope
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            dispatch_namespace=dispatch_namespace,
            script_name=script_name,
            client=client,
        )
    ).parsed
