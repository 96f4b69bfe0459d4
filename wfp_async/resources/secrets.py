"""A script's secrets: list, get, put one, delete one, and bulk changes (null deletes).

Secret values go out in request bodies only. They never appear in a repr, a log line or an exception:
the bodies are built from :class:`SecretText`/:class:`SecretKey`, whose reprs mask the values, and error
messages carry only the method, the path and what the server said.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from wfp_async._errors import InvalidInput, SchemaMismatch
from wfp_async._metadata import SecretKey, SecretText
from wfp_async._models import Secret
from wfp_async._names import check_secret_name
from wfp_async._pagination import Pager
from wfp_async.resources._base import Resource, result_none
from wfp_async_generated.api.secrets import (
    namespace_worker_delete_script_secret,
    namespace_worker_get_script_secrets,
    namespace_worker_list_script_secrets,
    namespace_worker_patch_script_secrets_bulk,
    namespace_worker_put_script_secrets,
)
from wfp_async_generated.models import (
    SecretChanges,
    SecretKeyInput,
    SecretsMergePatch,
    SecretTextBindingInput,
)
from wfp_async_generated.types import UNSET

__all__ = ["SecretsResource"]

SecretValue = SecretText | SecretKey


def _secret_map(result: object) -> dict[str, Secret]:
    if result is None:
        return {}
    if not isinstance(result, dict):
        raise SchemaMismatch("result", "an object of secrets by name", result)
    return {name: Secret.from_api(value, f"result.{name}") for name, value in result.items()}


def _body(secret: object) -> SecretTextBindingInput | SecretKeyInput:
    if isinstance(secret, SecretText):
        return SecretTextBindingInput(name=secret.name, type_="secret_text", text=secret.text)
    if isinstance(secret, SecretKey):
        return SecretKeyInput.from_dict(secret.to_dict())
    raise InvalidInput(f"a secret must be SecretText or SecretKey, not {type(secret).__name__}")


class SecretsResource(Resource):
    """``cf.secrets``: the secrets bound to one script."""

    __slots__ = ()

    def _named(self, operation: ModuleType, namespace: str, script: str, name: str) -> Any:
        path_name, encoded = check_secret_name(name)
        return self._of_script(
            operation, namespace, script, path_name, url_encoded=True if encoded else UNSET
        )

    def list(self, namespace: str, script: str) -> Pager[Secret]:
        """The script's secrets (names and types only): ``await cf.secrets.list("tenants", "acme")``."""
        return self._pager(
            self._of_script(namespace_worker_list_script_secrets, namespace, script), Secret.from_api
        )

    async def get(self, namespace: str, script: str, name: str) -> Secret:
        """One secret, without its value. A name beyond unreserved URL characters travels percent-encoded
        twice with ``url_encoded=true``: routers decode a path once, and a ``/`` must survive that.

        ``await cf.secrets.get("tenants", "acme", "API_KEY")``; raises :class:`~wfp_async.NotFound` if
        absent.
        """
        kwargs = self._named(namespace_worker_get_script_secrets, namespace, script, name)
        return await self._call(kwargs, Secret.from_api)

    async def put(self, namespace: str, script: str, secret: SecretValue) -> Secret:
        """Add or replace one secret: ``await cf.secrets.put("tenants", "acme", SecretText("K", text=v))``.

        Returns the secret without its value. Raises :class:`~wfp_async.NotFound` when the script does
        not exist, :class:`~wfp_async.InvalidInput` for a bad name or value.
        """
        body = _body(secret)
        check_secret_name(secret.name)
        return await self._call(
            self._of_script(namespace_worker_put_script_secrets, namespace, script, body=body),
            Secret.from_api,
        )

    async def put_text(self, namespace: str, script: str, name: str, *, text: str) -> Secret:
        """Shorthand for ``put(namespace, script, SecretText(name, text=text))``; raises as :meth:`put`.

        ``await cf.secrets.put_text("tenants", "acme", "DB_PASSWORD", text="hunter2")``: the value is
        keyword-only, so four strings can never be swapped to send the secret as its name (a positional
        value is a ``TypeError``, a programming error that type checkers report).
        """
        return await self.put(namespace, script, SecretText(name, text=text))

    async def delete(self, namespace: str, script: str, name: str) -> None:
        """Remove one secret: ``await cf.secrets.delete("tenants", "acme", "API_KEY")``.

        Raises :class:`~wfp_async.NotFound` if the script or the secret does not exist.
        """
        await self._call(
            self._named(namespace_worker_delete_script_secret, namespace, script, name), result_none
        )

    async def patch(
        self, namespace: str, script: str, changes: Mapping[str, SecretValue | str | None]
    ) -> builtins.dict[str, Secret]:
        """Set and delete several secrets in one request (a JSON merge patch): a value sets the secret
        (a str is secret text), None deletes it, names left out stay as they are.

        ``await cf.secrets.patch("tenants", "acme", {"API_KEY": "new", "OLD": None})`` returns the
        resulting secrets by name, without values. Raises :class:`~wfp_async.InvalidInput` for an
        empty or malformed mapping, :class:`~wfp_async.NotFound` when the script does not exist.
        """
        if not isinstance(changes, Mapping) or not changes:
            raise InvalidInput("changes must be a non-empty mapping of secret name -> value or None")
        secrets = SecretChanges()
        for name, value in changes.items():
            check_secret_name(name)
            if value is None:
                secrets[name] = None
                continue
            secret = SecretText(name, text=value) if isinstance(value, str) else value
            if not isinstance(secret, SecretText | SecretKey) or secret.name != name:
                raise InvalidInput(
                    f"the value for secret {name!r} must be a str, SecretText/SecretKey named so, or None"
                )
            secrets[name] = _body(secret)
        body = SecretsMergePatch(secrets=secrets)
        kwargs = self._of_script(namespace_worker_patch_script_secrets_bulk, namespace, script, body=body)
        return await self._call(kwargs, _secret_map)
