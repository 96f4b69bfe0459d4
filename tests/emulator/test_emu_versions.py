"""Versions and deployments in the emulator, through raw HTTP: a version serves nothing until deployed,
a plain upload is a version deployed at 100%, content and settings follow the deployed version, and
every malformed deployment gets Cloudflare's failure envelope."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from wfp_async.emulator import Emulator
from wfp_async.emulator._persist import dump, restore

from emu_helpers import JS, NS, error

Api = Any  # the request builders of tests/emulator/conftest.py (its `api` fixture)

SCRIPT = f"{NS}/ns/scripts/acme"


def source(text: str) -> bytes:
    return f"export default {{ async fetch() {{ return new Response('{text}') }} }}".encode()


async def upload_version(api: Api, text: str, metadata: dict[str, Any] | None = None) -> httpx.Response:
    meta = {"main_module": "index.js", **(metadata or {})}
    files = api.form(meta, [("index.js", source(text), JS)])
    return await api.client.post(f"{SCRIPT}/versions", files=files)


@pytest.fixture
async def two_versions(api: Api) -> tuple[str, str]:
    """Namespace ns with script acme: v1 ('one', deployed by a plain upload) and v2 ('two', not deployed)."""
    await api.create_namespace("ns")
    first = await api.upload(
        "ns",
        "acme",
        {"main_module": "index.js", "compatibility_date": "2025-01-01"},
        [("index.js", source("one"), JS)],
    )
    assert first.status_code == 200, first.text
    second = await upload_version(
        api, "two", {"compatibility_date": "2025-06-01", "annotations": {"workers/message": "new cart"}}
    )
    assert second.status_code == 200, second.text
    return first.json()["result"]["deployment_id"], second.json()["result"]["id"]


async def served(client: httpx.AsyncClient) -> tuple[bytes, str, str]:
    """(the served module's source, the script's etag, its compatibility date)."""
    content = await client.get(f"{SCRIPT}/content")
    details = (await client.get(SCRIPT)).json()["result"]["script"]
    settings = (await client.get(f"{SCRIPT}/settings")).json()["result"]
    body = content.content
    module = source("one") if source("one") in body else source("two") if source("two") in body else b""
    return module, details["etag"], settings["compatibility_date"]


async def deploy(client: httpx.AsyncClient, split: list[tuple[str, float]], **extra: Any) -> httpx.Response:
    versions = [{"version_id": v, "percentage": p} for v, p in split]
    return await client.post(
        f"{SCRIPT}/deployments", json={"strategy": "percentage", "versions": versions, **extra}
    )


async def test_a_plain_upload_is_a_version_deployed_at_100(api: Api) -> None:
    """PUT script makes version 1 (its id is the upload's deployment_id) and one deployment of it at 100."""
    await api.create_namespace("ns")
    upload = await api.upload("ns", "acme")
    version_id = upload.json()["result"]["deployment_id"]

    versions = (await api.client.get(f"{SCRIPT}/versions")).json()
    deployments = (await api.client.get(f"{SCRIPT}/deployments")).json()["result"]["deployments"]
    assert [(v["id"], v["number"], v["annotations"]) for v in versions["result"]["items"]] == [
        (version_id, 1, {"workers/triggered_by": "upload"})
    ]
    assert versions["result_info"] == {
        "page": 1,
        "per_page": 10,
        "count": 1,
        "total_count": 1,
        "total_pages": 1,
    }
    assert [(d["strategy"], d["versions"], d["annotations"]) for d in deployments] == [
        ("percentage", [{"version_id": version_id, "percentage": 100}], {"workers/triggered_by": "upload"})
    ]


async def test_an_uploaded_version_is_not_served(api: Api, two_versions: tuple[str, str]) -> None:
    """POST versions answers the new version; content, etag, settings and deployment stay version 1's."""
    v1, v2 = two_versions
    version = (await api.client.get(f"{SCRIPT}/versions/{v2}")).json()["result"]

    assert (version["id"], version["number"]) == (v2, 2)
    assert version["annotations"] == {"workers/message": "new cart", "workers/triggered_by": "version_upload"}
    assert version["resources"]["script_runtime"]["compatibility_date"] == "2025-06-01"
    module, etag, date = await served(api.client)
    assert (module, date) == (source("one"), "2025-01-01")
    assert (
        etag
        == (await api.client.get(f"{SCRIPT}/versions/{v1}")).json()["result"]["resources"]["script"]["etag"]
    )
    deployments = (await api.client.get(f"{SCRIPT}/deployments")).json()["result"]["deployments"]
    assert [d["versions"] for d in deployments] == [[{"version_id": v1, "percentage": 100}]]


async def test_content_and_settings_follow_the_larger_share(api: Api, two_versions: tuple[str, str]) -> None:
    """At 10/90 the script still shows v1; at 60/40 it shows v2; a rollback to v1 at 100 shows v1 again."""
    v1, v2 = two_versions

    canary = await deploy(api.client, [(v2, 10), (v1, 90)], annotations={"workers/message": "canary"})
    assert canary.status_code == 200, canary.text
    assert canary.json()["result"]["versions"] == [
        {"version_id": v2, "percentage": 10},
        {"version_id": v1, "percentage": 90},
    ]
    assert canary.json()["result"]["annotations"] == {
        "workers/message": "canary",
        "workers/triggered_by": "deployment",
    }
    assert (await served(api.client))[0::2] == (source("one"), "2025-01-01")

    assert (await deploy(api.client, [(v2, 60), (v1, 40)])).status_code == 200
    assert (await served(api.client))[0::2] == (source("two"), "2025-06-01")

    assert (await deploy(api.client, [(v1, 100)])).status_code == 200
    assert (await served(api.client))[0::2] == (source("one"), "2025-01-01")
    history = (await api.client.get(f"{SCRIPT}/deployments")).json()["result"]["deployments"]
    assert [[(v["version_id"], v["percentage"]) for v in d["versions"]] for d in history] == [
        [(v1, 100)],
        [(v2, 60), (v1, 40)],
        [(v2, 10), (v1, 90)],
        [(v1, 100)],
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"strategy": "immediate", "versions": []}, "'strategy' must be \"percentage\"."),
        ({"strategy": "percentage", "versions": []}, "A deployment must name one or two versions."),
        ({"strategy": "percentage"}, "A deployment must name one or two versions."),
        ({"strategy": "percentage", "versions": ["x"]}, "Each deployment version must be an object."),
        (
            {"strategy": "percentage", "versions": [{"version_id": "nope", "percentage": 100}]},
            "Malformed version id 'nope'.",
        ),
        (
            {
                "strategy": "percentage",
                "versions": [{"version_id": "0b0b0b0b-0000-4000-8000-000000000000", "percentage": 100}],
            },
            "Version 0b0b0b0b-0000-4000-8000-000000000000 does not belong to this script.",
        ),
        ([1, 2], "The request body must be a JSON object."),
    ],
)
async def test_malformed_deployments_are_refused(
    api: Api, two_versions: tuple[str, str], body: object, message: str
) -> None:
    """A wrong strategy, no versions, a malformed or foreign id, a non-object: 400 10021, nothing deployed."""
    response = await api.client.post(f"{SCRIPT}/deployments", json=body)
    error(response, 400, 10021, message)
    assert len((await api.client.get(f"{SCRIPT}/deployments")).json()["result"]["deployments"]) == 1


@pytest.mark.parametrize(
    ("split", "message"),
    [
        ("three", "A deployment must name one or two versions."),
        ([(1, 50), (2, 40)], "The percentages must sum to 100, not 90."),
        ([(1, 120), (2, -20)], "Each 'percentage' must be from 0 to 100."),
        ([(1, 50), (1, 50)], "Version {1} is named twice."),
        ([(1, "100")], "Each deployment version needs a numeric 'percentage'."),
        ([(1, True)], "Each deployment version needs a numeric 'percentage'."),
    ],
)
async def test_splits_are_checked_like_the_docs_say(
    api: Api, two_versions: tuple[str, str], split: object, message: str
) -> None:
    """Three versions, sums other than 100, out-of-range or non-numeric shares, repeats: 400 10021."""
    ids = {1: two_versions[0], 2: two_versions[1]}
    if split == "three":
        third = (await upload_version(api, "three")).json()["result"]["id"]
        pairs = [(ids[1], 40), (ids[2], 30), (third, 30)]
    else:
        assert isinstance(split, list)
        pairs = [(ids[n], p) for n, p in split]
    error(await deploy(api.client, pairs), 400, 10021, message.replace("{1}", ids[1]))


async def test_version_lookups_and_uploads_fail_like_cloudflare(
    api: Api, two_versions: tuple[str, str]
) -> None:
    """Unknown version 404 10007; malformed id 400 10004; a version of a missing script 404 10007."""
    unknown = "0b0b0b0b-0000-4000-8000-000000000000"
    error(
        await api.client.get(f"{SCRIPT}/versions/{unknown}"),
        404,
        10007,
        f"Version {unknown} not found for script 'acme'.",
    )
    error(
        await api.client.get(f"{SCRIPT}/versions/NOT-A-UUID"),
        400,
        10004,
        "Malformed version id 'NOT-A-UUID': expected a lowercase UUID.",
    )
    files = api.form({"main_module": "index.js"}, [("index.js", source("x"), JS)])
    error(
        await api.client.post(f"{NS}/ns/scripts/ghost/versions", files=files),
        404,
        10007,
        "workers.api.error.script_not_found",
    )
    long_message = await upload_version(api, "x", {"annotations": {"workers/message": "m" * 101}})
    error(long_message, 400, 10021, "'workers/message' is longer than 100 characters.")
    unknown_key = await upload_version(api, "x", {"annotations": {"workers/triggered_by": "me"}})
    error(
        unknown_key,
        400,
        10021,
        "Unknown annotation 'workers/triggered_by'; allowed: workers/message, workers/tag.",
    )


async def test_versions_list_is_paged_newest_first(api: Api, two_versions: tuple[str, str]) -> None:
    """per_page=1: page 1 holds v2, page 2 holds v1, with result_info saying there are two pages."""
    v1, v2 = two_versions
    first = (await api.client.get(f"{SCRIPT}/versions", params={"per_page": "1"})).json()
    second = (await api.client.get(f"{SCRIPT}/versions", params={"per_page": "1", "page": "2"})).json()

    assert [v["id"] for v in first["result"]["items"]] == [v2]
    assert [v["id"] for v in second["result"]["items"]] == [v1]
    assert second["result_info"] == {"page": 2, "per_page": 1, "count": 1, "total_count": 2, "total_pages": 2}
    error(
        await api.client.get(f"{SCRIPT}/versions", params={"per_page": "101"}),
        400,
        10004,
        "Query parameter 'per_page' must be an integer from 1 to 100.",
    )


async def test_content_put_and_settings_patch_make_deployed_versions(
    api: Api, two_versions: tuple[str, str]
) -> None:
    """A content PUT and a settings PATCH each add a version deployed at 100; a tags PUT does not."""
    files = api.form({"main_module": "index.js"}, [("index.js", source("three"), JS)])
    assert (await api.client.put(f"{SCRIPT}/content", files=files)).status_code == 200
    settings = [
        ("settings", (None, json.dumps({"compatibility_date": "2025-09-01"}).encode(), "application/json"))
    ]
    assert (await api.client.patch(f"{SCRIPT}/settings", files=settings)).status_code == 200
    assert (await api.client.put(f"{SCRIPT}/tags", json=["a"])).status_code == 200

    items = (await api.client.get(f"{SCRIPT}/versions")).json()["result"]["items"]
    assert [(v["number"], v["annotations"]["workers/triggered_by"]) for v in items] == [
        (4, "settings"),
        (3, "content"),
        (2, "version_upload"),
        (1, "upload"),
    ]
    current = (await api.client.get(f"{SCRIPT}/deployments")).json()["result"]["deployments"][0]
    assert current["versions"] == [{"version_id": items[0]["id"], "percentage": 100}]


async def test_list_scripts_limit_and_cursor(api: Api) -> None:
    """limit=2 over three scripts: two, then one with an empty cursor; a forged cursor is 400 10004."""
    await api.create_namespace("ns")
    for name in ("a", "b", "c"):
        await api.upload("ns", name)
    first = (await api.client.get(f"{NS}/ns/scripts", params={"limit": "2"})).json()
    cursor = first["result_info"]["cursor"]
    second = (await api.client.get(f"{NS}/ns/scripts", params={"limit": "2", "cursor": cursor})).json()

    assert [s["script"]["id"] for s in first["result"]] == ["a", "b"]
    assert [s["script"]["id"] for s in second["result"]] == ["c"]
    assert (first["result_info"]["count"], second["result_info"]) == (
        2,
        {"count": 1, "per_page": 2, "cursor": ""},
    )
    assert "result_info" not in (await api.client.get(f"{NS}/ns/scripts")).json()
    error(
        await api.client.get(f"{NS}/ns/scripts", params={"cursor": "%%%"}),
        400,
        10004,
        "Query parameter 'cursor' is not a cursor from this list.",
    )
    error(
        await api.client.get(f"{NS}/ns/scripts", params={"limit": "1001"}),
        400,
        10004,
        "Query parameter 'limit' must be an integer from 1 to 1000.",
    )


async def test_versions_survive_a_state_file_round_trip(
    emu: Emulator, api: Api, two_versions: tuple[str, str]
) -> None:
    """dump then restore keeps every version (snapshot included) and deployment exactly."""
    v1, v2 = two_versions
    await deploy(api.client, [(v2, 10), (v1, 90)])
    before = [(await api.client.get(f"{SCRIPT}/{what}")).json() for what in ("versions", "deployments")]

    restore(emu, json.loads(json.dumps(dump(emu))))

    after = [(await api.client.get(f"{SCRIPT}/{what}")).json() for what in ("versions", "deployments")]
    assert after == before
    assert (await deploy(api.client, [(v2, 100)])).status_code == 200
    assert (await served(api.client))[0] == source("two")
