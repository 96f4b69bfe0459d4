"""Conformance with Cloudflare's own published spec (../shared/reference/cloudflare-openapi-assembled.json).

Every one of the 27 operations runs through the facade against the emulator; openapi-core then checks,
against Cloudflare's spec rather than our fragment, that each request the SDK sent is valid (path,
query, headers, security, JSON or multipart body) and that each answer the emulator gave is valid too
(so a client built from Cloudflare's spec works against the emulator).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio
import httpx
import pytest
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from wfp_async import (
    Module,
    NotFound,
    PlainText,
    SecretKey,
    SecretText,
    UploadOptions,
    WfpClient,
    WorkerBundle,
)
from wfp_async.emulator import Emulator

# A copy of ../shared/reference/cloudflare-openapi-assembled.json, so a fresh clone runs every test.
SPEC = Path(__file__).resolve().parent / "data" / "cloudflare-openapi-assembled.json"
METHODS = ("get", "put", "post", "delete", "patch")


class OpenAPIRequest:
    """An httpx request as openapi-core's request protocol."""

    def __init__(self, request: httpx.Request) -> None:
        self._request = request
        self._url = urlsplit(str(request.url))
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qs(self._url.query)),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict({}),
        )

    @property
    def host_url(self) -> str:
        return f"{self._url.scheme}://{self._url.netloc}"

    @property
    def path(self) -> str:
        return self._url.path

    @property
    def method(self) -> str:
        return self._request.method.lower()

    @property
    def body(self) -> bytes | None:
        return self._request.content or None

    @property
    def content_type(self) -> str:
        return self._request.headers.get("content-type", "")


class OpenAPIResponse:
    """An httpx response as openapi-core's response protocol."""

    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.data = response.content
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers(dict(response.headers))


class Recorder(httpx.AsyncBaseTransport):
    """Passes requests to the emulator and keeps every request with its answer."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        response = await self.inner.handle_async_request(request)
        await response.aread()
        self.exchanges.append((request, response))
        return response


def operation_ids(spec: dict[str, Any]) -> Iterator[tuple[str, re.Pattern[str], str]]:
    """(METHOD, a regex of the path under /client/v4, operationId) for every operation of the spec."""
    for template, item in spec["paths"].items():
        pattern = re.compile("/client/v4" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")
        for method in METHODS:
            if method in item:
                yield method.upper(), pattern, item[method]["operationId"]


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SPEC.read_text())
    return document


@pytest.fixture(scope="module")
def exchanges() -> list[tuple[httpx.Request, httpx.Response]]:
    """Every operation once (and a failure), as the SDK sends them to the emulator."""
    return anyio.run(scenario)


async def scenario() -> list[tuple[httpx.Request, httpx.Response]]:
    emulator = Emulator()
    recorder = Recorder(emulator.transport())
    bundle = WorkerBundle.es_module("export default { fetch() { return new Response('ok') } }")
    options = UploadOptions(
        compatibility_date="2025-06-01",
        compatibility_flags=["nodejs_compat"],
        bindings=[PlainText("PLAN", "pro"), SecretText("API_KEY", text="s3cr3t")],
        tags=["plan-pro"],
        observability={"enabled": True},
    )
    key = SecretKey(
        "SIGNING",
        format="raw",
        algorithm={"name": "HMAC", "hash": "SHA-256"},
        usages=["sign"],
        key_base64="AAAA",
    )
    async with WfpClient(account_id=emulator.account_id, api_token="emu-token", transport=recorder) as cf:
        await cf.namespaces.create("tenants")
        await cf.namespaces.list()
        await cf.namespaces.get("tenants")
        await cf.namespaces.put("tenants", trusted_workers=False)
        await cf.namespaces.patch("tenants", trusted_workers=True)
        await cf.scripts.put("tenants", "acme", bundle, options=options, strict_inherit=True)
        await cf.scripts.list("tenants", tags=["plan-pro"], exclude_tags=["beta"])
        await cf.scripts.get("tenants", "acme")
        await cf.content.put(
            "tenants", "acme", WorkerBundle.es_module("export default {}", Module.from_text("x.txt", "x"))
        )
        await cf.content.get("tenants", "acme")
        await cf.bindings.list("tenants", "acme")
        await cf.secrets.put_text("tenants", "acme", "DB_PASSWORD", text="hunter2")
        await cf.secrets.put("tenants", "acme", key)
        await cf.secrets.list("tenants", "acme")
        await cf.secrets.get("tenants", "acme", "DB_PASSWORD")
        await cf.secrets.patch("tenants", "acme", {"DB_PASSWORD": None, "TOKEN": "t0k3n"})
        await cf.secrets.delete("tenants", "acme", "TOKEN")
        await cf.settings.patch("tenants", "acme", logpush=True, compatibility_date="2025-07-01")
        await cf.settings.get("tenants", "acme")
        await cf.tags.put("tenants", "acme", ["plan-pro", "beta"])
        await cf.tags.put_one("tenants", "acme", "wave-1")
        await cf.tags.delete("tenants", "acme", "beta")
        await cf.tags.list("tenants", "acme")
        upload = await cf.assets.upload(
            "tenants", "acme", {"/index.html": b"<h1>hi</h1>", "/app.css": b"h1{}"}
        )
        await cf.scripts.put("tenants", "acme", bundle, options=UploadOptions(assets=upload.metadata()))
        await cf.scripts.delete_by_tags("tenants", tags=["nobody-has-this"])
        await cf.scripts.delete("tenants", "acme", force=True)
        with pytest.raises(NotFound):
            await cf.scripts.get("tenants", "acme")
        await cf.namespaces.delete("tenants")
    return recorder.exchanges


@pytest.fixture(scope="module")
def openapi(spec: dict[str, Any]) -> OpenAPI:
    # openapi-core reads only application/json as JSON; the bulk secrets PATCH is a JSON merge patch.
    return OpenAPI.from_dict(
        spec, config=Config(extra_media_type_deserializers={"application/merge-patch+json": json.loads})
    )


def test_the_scenario_covers_all_27_operations(spec: dict[str, Any], exchanges: list[Any]) -> None:
    """Every operationId of Cloudflare's spec is exercised by at least one request of the scenario."""
    seen = set()
    for request, _ in exchanges:
        matches = [
            op
            for method, path, op in operation_ids(spec)
            if method == request.method and path.match(request.url.path)
        ]
        assert len(matches) == 1, (request.method, request.url.path, matches)
        seen.add(matches[0])
    assert len(seen) == 27
    assert seen == {op for _, _, op in operation_ids(spec)}


def test_every_request_is_valid_against_cloudflares_spec(openapi: OpenAPI, exchanges: list[Any]) -> None:
    """Each request the SDK sent (path, query, headers, security, body) is valid per Cloudflare's spec."""
    invalid = []
    for request, _ in exchanges:
        try:
            openapi.validate_request(OpenAPIRequest(request))
        except Exception as exc:  # collect them all, then fail with the list
            invalid.append(f"{request.method} {request.url.path}: {exc!r} {exc.__cause__!r}")
    assert invalid == []


def test_every_emulator_answer_is_valid_against_cloudflares_spec(
    openapi: OpenAPI, exchanges: list[Any]
) -> None:
    """Each answer of the emulator (successes and the 404) validates against Cloudflare's spec."""
    invalid = []
    for request, response in exchanges:
        if response.headers.get("content-type", "").startswith("multipart/"):
            continue  # get-content: Cloudflare's spec leaves the multipart answer undescribed
        try:
            openapi.validate_response(OpenAPIRequest(request), OpenAPIResponse(response))
        except Exception as exc:  # collect them all, then fail with the list
            errors = getattr(exc.__cause__, "schema_errors", None) or []
            invalid.append(f"{request.method} {request.url.path}: {exc!r} {[e.message for e in errors]}")
    assert invalid == []
    assert sorted({response.status_code for _, response in exchanges}) == [200, 201, 404]
