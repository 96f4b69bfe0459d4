from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.assets_upload_envelope import AssetsUploadEnvelope
from ...models.failure_envelope import FailureEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    *,
    base64: bool,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["base64"] = base64

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/accounts/{account_id}/workers/assets/upload".format(
            account_id=quote(str(account_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AssetsUploadEnvelope | FailureEnvelope | None:
    if response.status_code == 201:
        response_201 = AssetsUploadEnvelope.from_dict(response.json())

        return response_201

    if response.status_code == 202:
        response_202 = AssetsUploadEnvelope.from_dict(response.json())

        return response_202

    if 400 <= response.status_code <= 499:
        response_4xx = FailureEnvelope.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AssetsUploadEnvelope | FailureEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient,
    base64: bool,
) -> Response[AssetsUploadEnvelope | FailureEnvelope]:
    """Upload one bucket of asset files (authenticated by the session's token)

     One part per file, named by the file's hash, holding the base64 text of the file and sent with the
    file's own content type. 202 while buckets remain; the last bucket's 201 carries the completion
    token. The part names are hashes, so the facade encodes this body itself.

    Args:
        account_id (str):
        base64 (bool):
        body (WorkerAssetsUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssetsUploadEnvelope | FailureEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        base64=base64,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    *,
    client: AuthenticatedClient,
    base64: bool,
) -> AssetsUploadEnvelope | FailureEnvelope | None:
    """Upload one bucket of asset files (authenticated by the session's token)

     One part per file, named by the file's hash, holding the base64 text of the file and sent with the
    file's own content type. 202 while buckets remain; the last bucket's 201 carries the completion
    token. The part names are hashes, so the facade encodes this body itself.

    Args:
        account_id (str):
        base64 (bool):
        body (WorkerAssetsUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssetsUploadEnvelope | FailureEnvelope
    """

    return sync_detailed(
        account_id=account_id,
        client=client,
        base64=base64,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient,
    base64: bool,
) -> Response[AssetsUploadEnvelope | FailureEnvelope]:
    """Upload one bucket of asset files (authenticated by the session's token)

     One part per file, named by the file's hash, holding the base64 text of the file and sent with the
    file's own content type. 202 while buckets remain; the last bucket's 201 carries the completion
    token. The part names are hashes, so the facade encodes this body itself.

    Args:
        account_id (str):
        base64 (bool):
        body (WorkerAssetsUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssetsUploadEnvelope | FailureEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        base64=base64,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    *,
    client: AuthenticatedClient,
    base64: bool,
) -> AssetsUploadEnvelope | FailureEnvelope | None:
    """Upload one bucket of asset files (authenticated by the session's token)

     One part per file, named by the file's hash, holding the base64 text of the file and sent with the
    file's own content type. 202 while buckets remain; the last bucket's 201 carries the completion
    token. The part names are hashes, so the facade encodes this body itself.

    Args:
        account_id (str):
        base64 (bool):
        body (WorkerAssetsUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssetsUploadEnvelope | FailureEnvelope
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            client=client,
            base64=base64,
        )
    ).parsed
