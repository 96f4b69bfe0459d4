from http import HTTPStatus
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure_envelope import FailureEnvelope
from ...models.namespace_worker_script_upload_worker_module_bindings_inherit import (
    NamespaceWorkerScriptUploadWorkerModuleBindingsInherit,
)
from ...models.script_upload_envelope import ScriptUploadEnvelope
from ...types import UNSET, File, FileTypes, Response, Unset


def _get_kwargs(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    body: File | File | Unset = UNSET,
    bindings_inherit: NamespaceWorkerScriptUploadWorkerModuleBindingsInherit
    | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_bindings_inherit: str | Unset = UNSET
    if not isinstance(bindings_inherit, Unset):
        json_bindings_inherit = bindings_inherit.value

    params["bindings_inherit"] = json_bindings_inherit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}/scripts/{script_name}".format(
            account_id=quote(str(account_id), safe=""),
            dispatch_namespace=quote(str(dispatch_namespace), safe=""),
            script_name=quote(str(script_name), safe=""),
        ),
        "params": params,
    }

    if isinstance(body, File):
        _kwargs["content"] = body.payload

        headers["Content-Type"] = "text/javascript"
    if isinstance(body, File):
        _kwargs["content"] = body.payload

        headers["Content-Type"] = "application/javascript"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FailureEnvelope | ScriptUploadEnvelope | None:
    if response.status_code == 200:
        response_200 = ScriptUploadEnvelope.from_dict(response.json())

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
) -> Response[FailureEnvelope | ScriptUploadEnvelope]:
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
    body: File | File | Unset = UNSET,
    bindings_inherit: NamespaceWorkerScriptUploadWorkerModuleBindingsInherit
    | Unset = UNSET,
) -> Response[FailureEnvelope | ScriptUploadEnvelope]:
    """Upload a Worker (metadata plus one part per module)

     One `metadata` JSON part, then one part per module, named by the module's file name and sent with
    the module's content type. The facade encodes this body itself with a random boundary (each module
    is its own part name, which the generator cannot express).

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        bindings_inherit (NamespaceWorkerScriptUploadWorkerModuleBindingsInherit | Unset):
        body (ScriptUploadForm):
        body (File): A service-worker script sent raw.
        body (File): A service-worker script sent raw.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | ScriptUploadEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        body=body,
        bindings_inherit=bindings_inherit,
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
    body: File | File | Unset = UNSET,
    bindings_inherit: NamespaceWorkerScriptUploadWorkerModuleBindingsInherit
    | Unset = UNSET,
) -> FailureEnvelope | ScriptUploadEnvelope | None:
    """Upload a Worker (metadata plus one part per module)

     One `metadata` JSON part, then one part per module, named by the module's file name and sent with
    the module's content type. The facade encodes this body itself with a random boundary (each module
    is its own part name, which the generator cannot express).

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        bindings_inherit (NamespaceWorkerScriptUploadWorkerModuleBindingsInherit | Unset):
        body (ScriptUploadForm):
        body (File): A service-worker script sent raw.
        body (File): A service-worker script sent raw.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | ScriptUploadEnvelope
    """

    return sync_detailed(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        client=client,
        body=body,
        bindings_inherit=bindings_inherit,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: File | File | Unset = UNSET,
    bindings_inherit: NamespaceWorkerScriptUploadWorkerModuleBindingsInherit
    | Unset = UNSET,
) -> Response[FailureEnvelope | ScriptUploadEnvelope]:
    """Upload a Worker (metadata plus one part per module)

     One `metadata` JSON part, then one part per module, named by the module's file name and sent with
    the module's content type. The facade encodes this body itself with a random boundary (each module
    is its own part name, which the generator cannot express).

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        bindings_inherit (NamespaceWorkerScriptUploadWorkerModuleBindingsInherit | Unset):
        body (ScriptUploadForm):
        body (File): A service-worker script sent raw.
        body (File): A service-worker script sent raw.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FailureEnvelope | ScriptUploadEnvelope]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dispatch_namespace=dispatch_namespace,
        script_name=script_name,
        body=body,
        bindings_inherit=bindings_inherit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    dispatch_namespace: str,
    script_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: File | File | Unset = UNSET,
    bindings_inherit: NamespaceWorkerScriptUploadWorkerModuleBindingsInherit
    | Unset = UNSET,
) -> FailureEnvelope | ScriptUploadEnvelope | None:
    """Upload a Worker (metadata plus one part per module)

     One `metadata` JSON part, then one part per module, named by the module's file name and sent with
    the module's content type. The facade encodes this body itself with a random boundary (each module
    is its own part name, which the generator cannot express).

    Args:
        account_id (str):
        dispatch_namespace (str):
        script_name (str):
        bindings_inherit (NamespaceWorkerScriptUploadWorkerModuleBindingsInherit | Unset):
        body (ScriptUploadForm):
        body (File): A service-worker script sent raw.
        body (File): A service-worker script sent raw.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FailureEnvelope | ScriptUploadEnvelope
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            dispatch_namespace=dispatch_namespace,
            script_name=script_name,
            client=client,
            body=body,
            bindings_inherit=bindings_inherit,
        )
    ).parsed
