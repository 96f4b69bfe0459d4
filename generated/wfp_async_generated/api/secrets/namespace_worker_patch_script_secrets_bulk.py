from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure_envelope import FailureEnvelope
from ...models.secret_map_envelope import SecretMapEnvelope
from ...models.secrets_merge_patch import SecretsMergePatch
from ...models.secrets_patch import SecretsPatch
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    body: SecretsMergePatch | SecretsPatch | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}/scripts/{script_name}/secrets-bulk".format(
            account_id=quote(str(account_id), safe=""),
            dispatch_namespace=quote(str(dispatch_namespace), safe=""),
            script_name=quote(str(script_name), safe=""),
        ),
    }

    if isinstance(body, SecretsMergePatch):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/merge-patch+json"
    if isinstance(body, SecretsPatch):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FailureEnvelope | SecretMapEnvelope | None:
    if response.status_code == 200:
        response_200 = SecretMapEnvelope.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = FailureEnvelope.from_dict(response.json())

        return response_429

    if 400 <= response.status_code <= 499:
        response_4xx = FailureEnvelope.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[FailureEnvelope | SecretMapEnvelope]:
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
    body: SecretsMergePatch | SecretsPatch | Unset = UNSET,
) -> Response[FailureEnvelope | SecretMapEnvelope]:
    """Set and delete several secrets at once (JSON merge patch; null deletes)

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        body (SecretsMergePatch): The same document as SecretsPatch, sent as application/merge-
            patch+json (a schema of its own so that the generated code can tell the two content types
            apart).
        body (SecretsPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | SecretMapEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        body=body,
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
    body: SecretsMergePatch | SecretsPatch | Unset = UNSET,
) -> FailureEnvelope | SecretMapEnvelope | None:
    """Set and delete several secrets at once (JSON merge patch; null deletes)

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        body (SecretsMergePatch): The same document as SecretsPatch, sent as application/merge-
            patch+json (a schema of its own so that the generated code can tell the two content types
            apart).
        body (SecretsPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | SecretMapEnvelope
    """

    return sync_detailed(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: SecretsMergePatch | SecretsPatch | Unset = UNSET,
) -> Response[FailureEnvelope | SecretMapEnvelope]:
    """Set and delete several secrets at once (JSON merge patch; null deletes)

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        body (SecretsMergePatch): The same document as SecretsPatch, sent as application/merge-
            patch+json (a schema of its own so that the generated code can tell the two content types
            apart).
        body (SecretsPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | SecretMapEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: SecretsMergePatch | SecretsPatch | Unset = UNSET,
) -> FailureEnvelope | SecretMapEnvelope | None:
    """Set and delete several secrets at once (JSON merge patch; null deletes)

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        body (SecretsMergePatch): The same document as SecretsPatch, sent as application/merge-
            patch+json (a schema of its own so that the generated code can tell the two content types
            apart).
        body (SecretsPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | SecretMapEnvelope
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            dispatch_namespace=dispatch_namespace,
            script_name=script_name,
            client=client,
            body=body,
        )
    ).parsed
