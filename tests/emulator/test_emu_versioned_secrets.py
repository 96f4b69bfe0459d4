"""Secrets are versioned with the code in the emulator, as Cloudflare documents, checked through raw HTTP:
a version's bindings include its secrets (never their values), a secret put, deleted or patched is one
new version deployed at 100%, deploying an older version brings back its secrets, and a version upload
carries only the secrets it keeps. Tags stay the script's."""

from __future__ import annotations

import json
from typing import Any

import httpx

from wfp_async.emulator import Emulator
from wfp_async.emulator._persist import dump, restore

from emu_helpers import JS, NS

Api = Any  # the request builders of tests/emulator/conftest.py (its `api` fixture)

SCRIPT = f"{NS}/ns/scripts/acme"
CODE = b"export default { async fetch() { return new Response('hi') } }"
TOKEN_VALUE = "s3cr3t-VALUE-4242"


async def acme(api: Api) -> str:
    """Namespace ns with script acme (tagged pro, no secret); its first version's id."""
    await api.create_namespace("ns")
    upload = await api.upload("ns", "acme", {"main_module": "index.js", "tags": ["pro"]})
    assert upload.status_code == 200, upload.text
    return str(upload.json()["result"]["deployment_id"])


async def versions(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    """Every version, newest first."""
    answer = await client.get(f"{SCRIPT}/versions", params={"per_page": 100})
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["result"]["items"]
    return items


async def serving(client: httpx.AsyncClient) -> list[tuple[str, float]]:
    answer = await client.get(f"{SCRIPT}/deployments")
    newest = answer.json()["result"]["deployments"][0]
    return [(v["version_id"], v["percentage"]) for v in newest["versions"]]


async def secret_names(client: httpx.AsyncClient) -> list[str]:
    return [s["name"] for s in (await client.get(f"{SCRIPT}/secrets")).json()["result"]]


async def deploy(client: httpx.AsyncClient, version_id: str) -> None:
    body = {"strategy": "percentage", "versions": [{"version_id": version_id, "percentage": 100}]}
    answer = await client.post(f"{SCRIPT}/deployments", json=body)
    assert answer.status_code == 200, answer.text


async def test_a_secret_put_is_a_new_version_deployed_at_100(api: Api, client: httpx.AsyncClient) -> None:
    """PUT secrets makes version 2, deployed at 100% at once: its bindings list the secret by name and
    type (no value); version 1's bindings still have none, and the tags did not move."""
    first = await acme(api)
    put = await client.put(
        f"{SCRIPT}/secrets", json={"name": "TOKEN", "type": "secret_text", "text": TOKEN_VALUE}
    )
    assert put.status_code == 200, put.text

    newest, oldest = await versions(client)
    assert (newest["number"], oldest["id"]) == (2, first)
    assert newest["resources"]["bindings"] == [{"name": "TOKEN", "type": "secret_text"}]
    assert oldest["resources"]["bindings"] == []
    assert newest["annotations"] == {"workers/triggered_by": "secret"}
    assert await serving(client) == [(newest["id"], 100)]
    assert (await client.get(f"{SCRIPT}/tags")).json()["result"] == ["pro"]
    listed = await client.get(f"{SCRIPT}/versions")
    assert TOKEN_VALUE not in listed.text


async def test_a_delete_and_a_bulk_patch_each_make_one_version(api: Api, client: httpx.AsyncClient) -> None:
    """DELETE of a secret is version 3 without it; one PATCH secrets-bulk setting two is version 4 with
    both, deployed at 100%."""
    await acme(api)
    await client.put(f"{SCRIPT}/secrets", json={"name": "TOKEN", "type": "secret_text", "text": TOKEN_VALUE})
    deleted = await client.delete(f"{SCRIPT}/secrets/TOKEN")
    assert deleted.status_code == 200, deleted.text
    patch = {
        "secrets": {
            "A": {"name": "A", "type": "secret_text", "text": "a-value"},
            "B": {"name": "B", "type": "secret_text", "text": "b-value"},
        }
    }
    patched = await client.patch(f"{SCRIPT}/secrets-bulk", json=patch)
    assert patched.status_code == 200, patched.text

    found = await versions(client)
    assert [(v["number"], v["resources"]["bindings"]) for v in found] == [
        (4, [{"name": "A", "type": "secret_text"}, {"name": "B", "type": "secret_text"}]),
        (3, []),
        (2, [{"name": "TOKEN", "type": "secret_text"}]),
        (1, []),
    ]
    assert await serving(client) == [(found[0]["id"], 100)]


async def test_deploying_an_older_version_brings_back_its_secrets(
    api: Api, client: httpx.AsyncClient, emu: Emulator
) -> None:
    """Rolling back to version 1 (no secret) leaves the script with no secret; deploying version 2 again
    brings TOKEN back, also after the emulator's state is saved and restored."""
    first = await acme(api)
    await client.put(f"{SCRIPT}/secrets", json={"name": "TOKEN", "type": "secret_text", "text": TOKEN_VALUE})
    second = (await versions(client))[0]["id"]

    await deploy(client, first)
    assert await secret_names(client) == []
    await deploy(client, second)
    assert await secret_names(client) == ["TOKEN"]

    await deploy(client, first)
    restore(emu, json.loads(json.dumps(dump(emu))))  # a state file round trip
    assert await secret_names(client) == []
    await deploy(client, second)
    assert await secret_names(client) == ["TOKEN"]


async def test_a_version_upload_carries_only_the_secrets_it_keeps(
    api: Api, client: httpx.AsyncClient
) -> None:
    """With TOKEN set, a version uploaded without keep_bindings has no secret and one with
    keep_bindings ["secret_text"] has TOKEN; neither changes what serves until deployed, and deploying
    the first leaves the script without TOKEN."""
    await acme(api)
    await client.put(f"{SCRIPT}/secrets", json={"name": "TOKEN", "type": "secret_text", "text": TOKEN_VALUE})
    serving_before = await serving(client)
    bare = await client.post(
        f"{SCRIPT}/versions", files=api.form({"main_module": "index.js"}, [("index.js", CODE, JS)])
    )
    keeping = await client.post(
        f"{SCRIPT}/versions",
        files=api.form(
            {"main_module": "index.js", "keep_bindings": ["secret_text"]}, [("index.js", CODE, JS)]
        ),
    )
    assert (bare.status_code, keeping.status_code) == (200, 200), (bare.text, keeping.text)
    assert bare.json()["result"]["resources"]["bindings"] == []
    assert keeping.json()["result"]["resources"]["bindings"] == [{"name": "TOKEN", "type": "secret_text"}]
    assert (await serving(client), await secret_names(client)) == (serving_before, ["TOKEN"])

    await deploy(client, bare.json()["result"]["id"])
    assert await secret_names(client) == []


REFUSED = (
    "Secret edit failed. You attempted to modify a secret, but the latest version of your Worker isn't "
    "currently deployed. Please ensure that the latest version of your Worker is fully deployed (wrangler "
    "versions deploy) before modifying secrets. Alternatively, you can use the Cloudflare dashboard to "
    "modify secrets and deploy the version."
)


async def test_a_secret_change_during_a_split_is_refused_with_10215(
    api: Api, client: httpx.AsyncClient
) -> None:
    """While a split serves two versions, PUT, DELETE and PATCH of secrets each answer 400 with code
    10215 and Cloudflare's message, and change nothing (no version, same split, same secrets); once the
    latest version serves 100% the PUT goes through again."""
    first = await acme(api)
    await client.put(f"{SCRIPT}/secrets", json={"name": "TOKEN", "type": "secret_text", "text": TOKEN_VALUE})
    second = (await versions(client))[0]["id"]
    new = await client.post(
        f"{SCRIPT}/versions",
        files=api.form(
            {"main_module": "index.js", "keep_bindings": ["secret_text"]}, [("index.js", CODE, JS)]
        ),
    )
    latest = new.json()["result"]["id"]
    body = {"strategy": "percentage", "versions": [{"version_id": latest, "percentage": 10},
                                                    {"version_id": second, "percentage": 90}]}  # fmt: skip
    assert (await client.post(f"{SCRIPT}/deployments", json=body)).status_code == 200
    before = (len(await versions(client)), await serving(client), await secret_names(client))
    answers = [
        await client.put(f"{SCRIPT}/secrets", json={"name": "OTHER", "type": "secret_text", "text": "x"}),
        await client.delete(f"{SCRIPT}/secrets/TOKEN"),
        await client.patch(f"{SCRIPT}/secrets-bulk", json={"secrets": {"TOKEN": None}}),
    ]
    refused = {
        "success": False,
        "errors": [{"code": 10215, "message": REFUSED}],
        "messages": [],
        "result": None,
    }
    assert [(a.status_code, a.json()) for a in answers] == [(400, refused)] * 3
    assert (len(await versions(client)), await serving(client), await secret_names(client)) == before
    assert before == (3, [(latest, 10), (second, 90)], ["TOKEN"])
    assert first != latest

    await deploy(client, latest)
    put = await client.put(f"{SCRIPT}/secrets", json={"name": "OTHER", "type": "secret_text", "text": "x"})
    assert put.status_code == 200, put.text
    assert await secret_names(client) == ["TOKEN", "OTHER"]


async def test_a_secret_change_with_the_latest_version_not_deployed_is_refused(
    api: Api, client: httpx.AsyncClient
) -> None:
    """A version uploaded and not deployed (the rolled-back tenant's case): PUT secrets is refused with
    10215 too, as wrangler users see it (workers-sdk #6763)."""
    await acme(api)
    new = await client.post(
        f"{SCRIPT}/versions", files=api.form({"main_module": "index.js"}, [("index.js", CODE, JS)])
    )
    assert new.status_code == 200, new.text
    put = await client.put(f"{SCRIPT}/secrets", json={"name": "OTHER", "type": "secret_text", "text": "x"})
    assert (put.status_code, put.json()["errors"]) == (400, [{"code": 10215, "message": REFUSED}])
    assert await secret_names(client) == []
