"""Versions and deployments through WfpClient: the exact request of every call, its exact result, and
the checks made before any request (one or two versions, percentages summing to 100, well-formed ids)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from types import MappingProxyType

import httpx
import pytest
from test_client_operations import BASE_URL, NS, SCRIPT, TOKEN, check, path_of

from wfp_async import (
    NO_RETRY,
    Deployment,
    InvalidInput,
    InvalidResponse,
    NotFound,
    PlainText,
    UploadOptions,
    ValidationError,
    Version,
    WfpClient,
    WorkerBundle,
)

from mock_api import Api, ok
from multipart_oracle import parse_multipart

V1 = "dc8dcd28-271b-4367-9840-6c244f84cb40"
V2 = "18f97339-c287-4872-9bdd-e2135c07ec12"
VERSION_JSON = {
    "id": V2,
    "number": 7,
    "metadata": {
        "created_on": "2026-11-30T09:00:00Z",
        "source": "api",
        "author_email": "ops@example.com",
        "author_id": "408cbcdfd4dda4617efef40b04d168a1",
    },
    "annotations": {"workers/message": "new cart", "workers/tag": "v1.2.0"},
    "startup_time_ms": 4,
}
VERSION = Version(
    id=V2,
    number=7,
    created_on=datetime(2026, 11, 30, 9, 0, tzinfo=UTC),
    source="api",
    author_email="ops@example.com",
    annotations=MappingProxyType({"workers/message": "new cart", "workers/tag": "v1.2.0"}),
    startup_time_ms=4,
)
OLD_VERSION_JSON = {"id": V1, "number": 6, "metadata": {"created_on": "2026-11-29T09:00:00Z"}}
OLD_VERSION = Version(id=V1, number=6, created_on=datetime(2026, 11, 29, 9, 0, tzinfo=UTC))
SPLIT_JSON = {
    "id": "7a3c5d2e-0000-4000-8000-00000000d002",
    "created_on": "2026-11-30T10:00:00Z",
    "source": "api",
    "strategy": "percentage",
    "author_email": "ops@example.com",
    "versions": [{"version_id": V2, "percentage": 10}, {"version_id": V1, "percentage": 90}],
    "annotations": {"workers/message": "canary"},
}
SPLIT = Deployment(
    id="7a3c5d2e-0000-4000-8000-00000000d002",
    split=MappingProxyType({V2: 10, V1: 90}),
    strategy="percentage",
    created_on=datetime(2026, 11, 30, 10, 0, tzinfo=UTC),
    source="api",
    author_email="ops@example.com",
    annotations=MappingProxyType({"workers/message": "canary"}),
)
FIRST_JSON = {
    "id": "7a3c5d2e-0000-4000-8000-00000000d001",
    "strategy": "percentage",
    "versions": [{"version_id": V1, "percentage": 100}],
}
FIRST = Deployment(
    id="7a3c5d2e-0000-4000-8000-00000000d001", split=MappingProxyType({V1: 100}), strategy="percentage"
)


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
async def cf(api: Api) -> AsyncIterator[WfpClient]:
    transport = httpx.MockTransport(api)
    async with WfpClient(
        account_id="ACC", api_token=TOKEN, base_url=BASE_URL, transport=transport, retry=NO_RETRY
    ) as client:
        yield client


def failure(status: int, code: int, message: str) -> httpx.Response:
    body = {"success": False, "errors": [{"code": code, "message": message}], "messages": [], "result": None}
    return httpx.Response(status, json=body)


async def test_versions_upload_sends_an_upload_multipart_with_annotations(api: Api, cf: WfpClient) -> None:
    """upload-version: POST …/versions, metadata (entry, options, annotations) first, then each module."""
    api.then(ok(VERSION_JSON))
    bundle = WorkerBundle.es_module("export default { fetch() { return new Response('v2') } }")
    options = UploadOptions(compatibility_date="2026-11-01", bindings=[PlainText("PLAN", "pro")])

    result = await cf.versions.create(
        "tenants", "acme", bundle, options=options, message="new cart", tag="v1.2.0"
    )

    assert result == VERSION
    assert (result.message, result.tag) == ("new cart", "v1.2.0")
    request = api.request
    assert (request.method, path_of(request), request.url.params.multi_items()) == (
        "POST",
        f"{SCRIPT}/versions",
        [],
    )
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    parts = parse_multipart(request.content, request.headers["content-type"])
    assert [(name, filename, ctype) for name, filename, ctype, _ in parts] == [
        ("metadata", None, "application/json"),
        ("index.js", "index.js", "application/javascript+module"),
    ]
    assert json.loads(parts[0][3]) == {
        "main_module": "index.js",
        "compatibility_date": "2026-11-01",
        "bindings": [{"type": "plain_text", "name": "PLAN", "text": "pro"}],
        "annotations": {"workers/message": "new cart", "workers/tag": "v1.2.0"},
    }
    assert parts[1][3] == b"export default { fetch() { return new Response('v2') } }"


async def test_versions_upload_without_annotations_sends_none(api: Api, cf: WfpClient) -> None:
    """Without message or tag the metadata part carries no `annotations` key at all."""
    api.then(ok(OLD_VERSION_JSON))

    assert (
        await cf.versions.create("tenants", "acme", WorkerBundle.es_module("export default {}"))
        == OLD_VERSION
    )
    parts = parse_multipart(api.request.content, api.request.headers["content-type"])
    assert json.loads(parts[0][3]) == {"main_module": "index.js"}


async def test_versions_list_follows_pages(api: Api, cf: WfpClient) -> None:
    """list-versions: GET …/versions?per_page=1, then page 2 as result_info says; items in order."""
    api.then(
        ok({"items": [VERSION_JSON]}, {"page": 1, "per_page": 1, "total_pages": 2}),
        ok({"items": [OLD_VERSION_JSON]}, {"page": 2, "per_page": 1, "total_pages": 2}),
    )

    assert await cf.versions.list("tenants", "acme", per_page=1) == [VERSION, OLD_VERSION]
    assert [path_of(r) for r in api.requests] == [f"{SCRIPT}/versions"] * 2
    assert api.params == [[("per_page", "1")], [("per_page", "1"), ("page", "2")]]


async def test_versions_get_sends_the_id_in_lowercase(api: Api, cf: WfpClient) -> None:
    """get-version: GET …/versions/{id}; an upper-case UUID travels in Cloudflare's lowercase form."""
    api.then(ok(VERSION_JSON))

    assert await cf.versions.get("tenants", "acme", V2.upper()) == VERSION
    check(api.request, "GET", f"{SCRIPT}/versions/{V2}")


async def test_versions_get_unknown_raises_not_found(api: Api, cf: WfpClient) -> None:
    """A 404 with code 10007 for an unknown version is NotFound, carrying the code."""
    api.then(failure(404, 10007, "version not found"))

    with pytest.raises(NotFound) as caught:
        await cf.versions.get("tenants", "acme", V1)
    assert caught.value.codes == frozenset({10007})


async def test_deployments_create_sends_the_split(api: Api, cf: WfpClient) -> None:
    """create-deployment: POST …/deployments with strategy, both versions in order, and the message."""
    api.then(ok(SPLIT_JSON))

    assert await cf.deployments.create("tenants", "acme", {V2: 10, V1: 90}, message="canary") == SPLIT
    check(
        api.request,
        "POST",
        f"{SCRIPT}/deployments",
        json_body={
            "strategy": "percentage",
            "versions": [{"version_id": V2, "percentage": 10}, {"version_id": V1, "percentage": 90}],
            "annotations": {"workers/message": "canary"},
        },
    )


async def test_deployments_create_is_retried_as_idempotent(api: Api) -> None:
    """A 503 on a deployment POST is retried (the same split twice is harmless), then the answer parses."""
    api.then(failure(503, 10002, "try again"), ok(FIRST_JSON))
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async with WfpClient(
        account_id="ACC", api_token=TOKEN, base_url=BASE_URL, transport=httpx.MockTransport(api), sleep=sleep
    ) as cf:
        assert await cf.deployments.create("tenants", "acme", [(V1, 100)]) == FIRST
    assert [(r.method, json.loads(r.content)) for r in api.requests] == [
        ("POST", {"strategy": "percentage", "versions": [{"version_id": V1, "percentage": 100}]})
    ] * 2
    assert len(slept) == 1


async def test_deployments_get_is_the_first_listed(api: Api, cf: WfpClient) -> None:
    """read the current deployment: GET …/deployments; the first one listed is the one serving."""
    api.then(ok({"deployments": [SPLIT_JSON, FIRST_JSON]}))

    assert await cf.deployments.get("tenants", "acme") == SPLIT
    check(api.request, "GET", f"{SCRIPT}/deployments")


async def test_deployments_get_none_when_there_is_none(api: Api, cf: WfpClient) -> None:
    """An empty deployments list reads as None, not an error."""
    api.then(ok({"deployments": []}))

    assert await cf.deployments.get("tenants", "acme") is None


async def test_deployments_list_parses_every_deployment(api: Api, cf: WfpClient) -> None:
    """list-deployments: every deployment, newest first, with its split as a mapping."""
    api.then(ok({"deployments": [SPLIT_JSON, FIRST_JSON]}))

    history = await cf.deployments.list("tenants", "acme")
    assert history == [SPLIT, FIRST]
    assert history[0].version_ids == (V2, V1)
    assert history[0].message == "canary"


async def test_rollback_to_a_named_version(api: Api, cf: WfpClient) -> None:
    """rollback(version_id): one POST of that version at 100, no list request."""
    api.then(ok(FIRST_JSON))

    assert await cf.deployments.rollback("tenants", "acme", V1, message="bad cart") == FIRST
    check(
        api.request,
        "POST",
        f"{SCRIPT}/deployments",
        json_body={
            "strategy": "percentage",
            "versions": [{"version_id": V1, "percentage": 100}],
            "annotations": {"workers/message": "bad cart"},
        },
    )


async def test_rollback_finds_the_last_version_at_100(api: Api, cf: WfpClient) -> None:
    """rollback(): reads the history, then deploys the newest earlier single version at 100."""
    api.then(ok({"deployments": [SPLIT_JSON, FIRST_JSON]}), ok(FIRST_JSON))

    assert await cf.deployments.rollback("tenants", "acme") == FIRST
    assert [(r.method, path_of(r)) for r in api.requests] == [
        ("GET", f"{SCRIPT}/deployments"),
        ("POST", f"{SCRIPT}/deployments"),
    ]
    assert json.loads(api.requests[1].content)["versions"] == [{"version_id": V1, "percentage": 100}]


async def test_rollback_without_an_earlier_deployment_is_invalid_input(api: Api, cf: WfpClient) -> None:
    """With only the current deployment in the history, rollback() says to pass version_id; no POST."""
    api.then(ok({"deployments": [FIRST_JSON]}))

    with pytest.raises(InvalidInput, match="no earlier deployment of one version at 100%: pass version_id"):
        await cf.deployments.rollback("tenants", "acme")
    assert [r.method for r in api.requests] == ["GET"]


async def test_deployment_naming_an_unknown_version_is_a_validation_error(api: Api, cf: WfpClient) -> None:
    """Cloudflare's 400 for a version it does not know arrives as ValidationError with its code."""
    api.then(failure(400, 10021, "version not found in script"))

    with pytest.raises(ValidationError) as caught:
        await cf.deployments.create("tenants", "acme", {V1: 100})
    assert caught.value.codes == frozenset({10021})


@pytest.mark.parametrize(
    ("split", "message"),
    [
        ({}, "a deployment names one or two versions, not 0"),
        ({V1: 50, V2: 30, "0b0b0b0b-0000-4000-8000-000000000000": 20}, "one or two versions, not 3"),
        ({V1: 90, V2: 20}, "the percentages must sum to 100, not 110"),
        ({V1: 99.5}, "the percentages must sum to 100, not 99.5"),
        ({V1: 110, V2: -10}, f"the percentage of {V1} must be from 0 to 100, not 110"),
        ({V1: True}, f"the percentage of {V1} must be a number, not bool"),
        ({V1: float("nan")}, f"the percentage of {V1} must be from 0 to 100, not nan"),
        ({V1: "100"}, f"the percentage of {V1} must be a number, not str"),
        ({"not-a-uuid": 100}, "version_id must be a UUID like"),
        ({"{" + V1 + "}": 100}, "version_id must be a UUID like"),
        ({V1.replace("-", ""): 100}, "version_id must be a UUID like"),
        ([(V1, 50), (V1.upper(), 50)], f"version {V1} is named twice"),
        ([(V1,)], r"\(version_id, percentage\) pairs"),
        (V1, "not a str"),
        (42, "not int"),
    ],
)
async def test_bad_splits_are_refused_before_any_request(
    api: Api, cf: WfpClient, split: object, message: str
) -> None:
    """Each malformed split raises InvalidInput naming the problem, and nothing is sent."""
    with pytest.raises(InvalidInput, match=message):
        await cf.deployments.create("tenants", "acme", split)  # type: ignore[arg-type]
    assert api.requests == []


async def test_decimal_percentages_summing_to_100_pass(api: Api, cf: WfpClient) -> None:
    """33.3 + 66.7 is 100 within float rounding: accepted and sent as given."""
    api.then(ok(SPLIT_JSON))

    await cf.deployments.create("tenants", "acme", {V1: 33.3, V2: 66.7})
    assert json.loads(api.request.content)["versions"] == [
        {"version_id": V1, "percentage": 33.3},
        {"version_id": V2, "percentage": 66.7},
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"message": "x" * 101}, "message is 101 characters long; at most 100 are allowed"),
        ({"tag": "t" * 26}, "tag is 26 characters long; at most 25 are allowed"),
        ({"message": "line\nbreak"}, "message contains a control character"),
        ({"message": ""}, "message must be a non-empty str"),
        ({"tag": 3}, "tag must be a non-empty str, not int"),
    ],
)
async def test_bad_annotations_are_refused_before_any_request(
    api: Api, cf: WfpClient, kwargs: dict[str, object], message: str
) -> None:
    """A message over 100 characters, a tag over 25, or a control character: InvalidInput, no request."""
    with pytest.raises(InvalidInput, match=message):
        await cf.versions.create("tenants", "acme", WorkerBundle.es_module("export default {}"), **kwargs)  # type: ignore[arg-type]
    assert api.requests == []


@pytest.mark.parametrize("bad", ["", "x", V1 + "0", "urn:uuid:" + V1, None, 7])
async def test_bad_version_ids_are_refused_before_any_request(api: Api, cf: WfpClient, bad: object) -> None:
    """get() and rollback() check the version id first: InvalidInput, nothing sent."""
    with pytest.raises(InvalidInput, match="version_id must be"):
        await cf.versions.get("tenants", "acme", bad)  # type: ignore[arg-type]
    if bad is not None:  # None means "find the last version at 100" for rollback
        with pytest.raises(InvalidInput, match="version_id must be"):
            await cf.deployments.rollback("tenants", "acme", bad)  # type: ignore[arg-type]
    assert api.requests == []


@pytest.mark.parametrize("per_page", [0, 101, True, "10"])
def test_bad_per_page_is_refused(cf: WfpClient, per_page: object) -> None:
    """versions.list checks per_page (1 to 100) when the pager is made."""
    with pytest.raises(InvalidInput, match="per_page must be an int from 1 to 100"):
        cf.versions.list("tenants", "acme", per_page=per_page)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("result", "field"),
    [
        ({"number": 1}, "result.id"),
        ({"id": V1, "number": "one"}, "result.number"),
        ({"id": V1, "annotations": {"workers/message": 5}}, "result.annotations"),
    ],
)
async def test_malformed_version_answers_are_invalid_response(
    api: Api, cf: WfpClient, result: object, field: str
) -> None:
    """A version answer with a field of the wrong type raises InvalidResponse naming that field."""
    api.then(ok(result))

    with pytest.raises(InvalidResponse) as caught:
        await cf.versions.get("tenants", "acme", V1)
    assert caught.value.field == field


async def test_malformed_deployment_answer_is_invalid_response(api: Api, cf: WfpClient) -> None:
    """A deployment whose version id is not a UUID or whose list is not a list is InvalidResponse."""
    api.then(
        ok({"deployments": [{"versions": [{"version_id": "nope", "percentage": 100}]}]}),
        ok({"deployments": {"not": "a list"}}),
    )

    with pytest.raises(InvalidResponse) as first:
        await cf.deployments.get("tenants", "acme")
    assert first.value.field == "result.deployments[0]"
    with pytest.raises(InvalidResponse) as second:
        await cf.deployments.list("tenants", "acme")
    assert second.value.field == "result.deployments"


async def test_scripts_list_sends_limit_and_follows_the_cursor(api: Api, cf: WfpClient) -> None:
    """list-scripts: ?limit=2 on every page, and each answer's result_info.cursor on the next."""
    script = {"created_on": "2024-08-06T10:20:00Z", "dispatch_namespace": "tenants"}
    api.then(
        ok([{**script, "script": {"id": "a"}}, {**script, "script": {"id": "b"}}], {"cursor": "c2"}),
        ok([{**script, "script": {"id": "c"}}], {"cursor": ""}),
    )

    assert [info.name for info in await cf.scripts.list("tenants", limit=2)] == ["a", "b", "c"]
    assert [path_of(r) for r in api.requests] == [f"{NS}/tenants/scripts"] * 2
    assert api.params == [[("limit", "2")], [("limit", "2"), ("cursor", "c2")]]


@pytest.mark.parametrize("limit", [0, 1001, True, 2.0])
def test_scripts_list_limit_is_checked(cf: WfpClient, limit: object) -> None:
    """limit must be an int from 1 to 1000 (the documented maximum)."""
    with pytest.raises(InvalidInput, match="limit must be an int from 1 to 1000 or None"):
        cf.scripts.list("tenants", limit=limit)  # type: ignore[arg-type]
