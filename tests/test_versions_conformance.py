"""The five documented versioning operations, which Cloudflare's published spec lacks, checked against
the fragment instead: every request the SDK sends and every answer the emulator gives validates against
openapi/dispatch-namespaces.yaml (paths, query, body, and the result schemas the SDK parses)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import yaml
from openapi_core import OpenAPI
from test_cloudflare_conformance import OpenAPIRequest, OpenAPIResponse, Recorder, operation_ids

from wfp_async import NotFound, UploadOptions, WfpClient, WorkerBundle
from wfp_async.emulator import Emulator

FRAGMENT = Path(__file__).resolve().parents[1] / "openapi" / "dispatch-namespaces.yaml"
VERSIONING = {
    "namespace-worker-script-upload-version",
    "namespace-worker-script-list-versions",
    "namespace-worker-script-get-version",
    "namespace-worker-script-create-deployment",
    "namespace-worker-script-list-deployments",
}


async def scenario() -> list[tuple[httpx.Request, httpx.Response]]:
    emulator = Emulator()
    recorder = Recorder(emulator.transport())
    async with WfpClient(account_id=emulator.account_id, api_token="emu-token", transport=recorder) as cf:
        await cf.namespaces.create("tenants")
        await cf.scripts.put("tenants", "acme", WorkerBundle.es_module("export default {}"))
        recorder.exchanges.clear()  # the 27 are Cloudflare's spec's business (test_cloudflare_conformance)
        old = (await cf.deployments.get("tenants", "acme")) or pytest.fail("no deployment after upload")
        new = await cf.versions.create(
            "tenants",
            "acme",
            WorkerBundle.es_module("export default { fetch() { return new Response('2') } }"),
            options=UploadOptions(compatibility_date="2026-11-01"),
            message="new cart",
            tag="v2",
        )
        await cf.versions.list("tenants", "acme", per_page=1)
        await cf.versions.get("tenants", "acme", new.id)
        await cf.deployments.create("tenants", "acme", {new.id: 10, old.version_ids[0]: 90}, message="canary")
        await cf.deployments.list("tenants", "acme")
        await cf.deployments.rollback("tenants", "acme")
        with pytest.raises(NotFound):
            await cf.versions.get("tenants", "acme", "0b0b0b0b-0000-4000-8000-000000000000")
    return recorder.exchanges


@pytest.fixture(scope="module")
def fragment() -> dict[str, Any]:
    with FRAGMENT.open() as f:
        document: dict[str, Any] = yaml.safe_load(f)
    return document


@pytest.fixture(scope="module")
def exchanges() -> list[tuple[httpx.Request, httpx.Response]]:
    return anyio.run(scenario)


def test_the_scenario_covers_the_five_versioning_operations(
    fragment: dict[str, Any], exchanges: list[Any]
) -> None:
    """Every request matches exactly one fragment operation, and together they are the five, all of them."""
    seen = set()
    for request, _ in exchanges:
        matches = [
            op
            for method, path, op in operation_ids(fragment)
            if method == request.method and path.match(request.url.path)
        ]
        assert len(matches) == 1, (request.method, request.url.path, matches)
        seen.add(matches[0])
    assert seen == VERSIONING


def test_every_versioning_request_is_valid_against_the_fragment(
    fragment: dict[str, Any], exchanges: list[Any]
) -> None:
    """Path, query, security and body (multipart metadata, deployment JSON) validate per the fragment."""
    openapi = OpenAPI.from_dict(fragment)
    invalid = []
    for request, _ in exchanges:
        try:
            openapi.validate_request(OpenAPIRequest(request))
        except Exception as exc:  # collect them all, then fail with the list
            invalid.append(f"{request.method} {request.url.path}: {exc!r} {exc.__cause__!r}")
    assert invalid == []


def test_every_emulator_versioning_answer_is_valid_against_the_fragment(
    fragment: dict[str, Any], exchanges: list[Any]
) -> None:
    """Each answer (the 404 included) validates against the fragment's response schemas."""
    openapi = OpenAPI.from_dict(fragment)
    invalid = []
    for request, response in exchanges:
        try:
            openapi.validate_response(OpenAPIRequest(request), OpenAPIResponse(response))
        except Exception as exc:  # collect them all, then fail with the list
            errors = getattr(exc.__cause__, "schema_errors", None) or []
            invalid.append(f"{request.method} {request.url.path}: {exc!r} {[e.message for e in errors]}")
    assert invalid == []
    assert sorted({response.status_code for _, response in exchanges}) == [200, 404]
