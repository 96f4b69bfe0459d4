from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure_envelope import FailureEnvelope
from ...models.script_envelope import ScriptEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    cf_worker_body_part: str | Unset = UNSET,
    cf_worker_main_module_part: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(cf_worker_body_part, Unset):
        headers["CF-WORKER-BODY-PART"] = cf_worker_body_part

    if not isinstance(cf_worker_main_module_part, Unset):
        headers["CF-WORKER-MAIN-MODULE-PART"] = cf_worker_main_module_part

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}/scripts/{script_name}/content".format(
            account_id=quote(str(account_id), safe=""),
            dispatch_namespace=quote(str(dispatch_namespace), safe=""),
            script_name=quote(str(script_name), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FailureEnvelope | ScriptEnvelope | None:
    if response.status_code == 200:
        response_200 = ScriptEnvelope.from_dict(response.json())

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
) -> Response[FailureEnvelope | ScriptEnvelope]:
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
    cf_worker_body_part: str | Unset = UNSET,
    cf_worker_main_module_part: str | Unset = UNSET,
) -> Response[FailureEnvelope | ScriptEnvelope]:
    """Replace a script's modules, keeping its bindings

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        cf_worker_body_part (str | Unset):
        cf_worker_main_module_part (str | Unset):
        body (ScriptContentForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | ScriptEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        cf_worker_body_part=cf_worker_body_part,
        cf_worker_main_module_part=cf_worker_main_module_part,
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
    cf_worker_body_part: str | Unset = UNSET,
    cf_worker_main_module_part: str | Unset = UNSET,
) -> FailureEnvelope | ScriptEnvelope | None:
    """Replace a script's modules, keeping its bindings

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        cf_worker_body_part (str | Unset):
        cf_worker_main_module_part (str | Unset):
        body (ScriptContentForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | ScriptEnvelope
    """

    return sync_detailed(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        client=client,
        cf_worker_body_part=cf_worker_body_part,
        cf_worker_main_module_part=cf_worker_main_module_part,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    client: AuthenticatedClient | Client,
    cf_worker_body_part: str | Unset = UNSET,
    cf_worker_main_module_part: str | Unset = UNSET,
) -> Response[FailureEnvelope | ScriptEnvelope]:
    """Replace a script's modules, keeping its bindings

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        cf_worker_body_part (str | Unset):
        cf_worker_main_module_part (str | Unset):
        body (ScriptContentForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | ScriptEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        cf_worker_body_part=cf_worker_body_part,
        cf_worker_main_module_part=cf_worker_main_module_part,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    client: AuthenticatedClient | Client,
    cf_worker_body_part: str | Unset = UNSET,
    cf_worker_main_module_part: str | Unset = UNSET,
) -> FailureEnvelope | ScriptEnvelope | None:
    """Replace a script's modules, keeping its bindings

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        cf_worker_body_part (str | Unset):
        cf_worker_main_module_part (str | Unset):
        body (ScriptContentForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | ScriptEnvelope
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            dispatch_namespace=dispatch_namespace,
            script_name=script_name,
            client=client,
            cf_worker_body_part=cf_worker_body_part,
            cf_worker_main_module_part=cf_worker_main_module_part,
        )
    ).parsed
