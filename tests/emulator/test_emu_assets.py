"""The assets direct-upload flow: sessions, buckets, bearer jwts, completion tokens, has_assets."""

from __future__ import annotations

import base64

import httpx
import pytest

from wfp_async.emulator import Emulator

from emu_helpers import NS, error

UPLOAD = "/accounts/emu-account/workers/assets/upload"
FILES = {f"/f{i}.txt": (f"{i:032x}", f"file {i}".encode()) for i in range(5)}


@pytest.fixture
def small_buckets() -> Emulator:
    """An emulator whose upload buckets hold at most 2 hashes."""
    return Emulator(bucket_size=2)


@pytest.fixture
async def client2(small_buckets: Emulator):
    """An authenticated client on ``small_buckets`` with namespace ``ns``."""
    async with httpx.AsyncClient(
        transport=small_buckets.transport(),
        base_url="http://e/client/v4",
        headers={"Authorization": "Bearer emu-token"},
    ) as c:
        await c.post(NS, json={"name": "ns"})
        yield c


def manifest(paths: list[str]) -> dict[str, object]:
    return {"manifest": {p: {"hash": FILES[p][0], "size": len(FILES[p][1])} for p in paths}}


async def send(c: httpx.AsyncClient, jwt: str, hashes: list[str]) -> httpx.Response:
    by_hash = {h: data for h, data in FILES.values()}
    files = [(h, (h, base64.b64encode(by_hash[h]), "text/plain")) for h in hashes]
    return await c.post(
        UPLOAD, params={"base64": "true"}, headers={"Authorization": f"Bearer {jwt}"}, files=files
    )


async def test_full_flow_and_already_held(client2: httpx.AsyncClient, small_buckets: Emulator) -> None:
    """Buckets split by size; 202 until the last bucket (201 + jwt); has_assets; held files skipped."""
    session = (
        await client2.post(
            f"{NS}/ns/scripts/site/assets-upload-session", json=manifest(["/f0.txt", "/f1.txt", "/f2.txt"])
        )
    ).json()
    buckets = session["result"]["buckets"]
    assert buckets == [[FILES["/f0.txt"][0], FILES["/f1.txt"][0]], [FILES["/f2.txt"][0]]]
    jwt = session["result"]["jwt"]
    first = await send(client2, jwt, buckets[0])
    assert (first.status_code, first.json()) == (
        202,
        {"success": True, "errors": [], "messages": [], "result": None},
    )
    last = await send(client2, jwt, buckets[1])
    assert last.status_code == 201
    completion = last.json()["result"]["jwt"]
    assert isinstance(completion, str) and completion != jwt
    assert (await send(client2, jwt, buckets[1])).json()["result"][
        "jwt"
    ] == completion  # a retried last bucket
    assert small_buckets.account.asset_files[FILES["/f0.txt"][0]].content == b"file 0"

    files = [
        (
            "metadata",
            (
                None,
                f'{{"main_module": "i.js", "assets": {{"jwt": "{completion}"}}}}'.encode(),
                "application/json",
            ),
        ),
        ("i.js", ("i.js", b"export default {}", "application/javascript+module")),
    ]
    uploaded = await client2.put(f"{NS}/ns/scripts/site", files=files)
    assert uploaded.json()["result"]["has_assets"] is True

    again = (
        await client2.post(
            f"{NS}/ns/scripts/site/assets-upload-session", json=manifest(["/f0.txt", "/f3.txt"])
        )
    ).json()
    assert again["result"]["buckets"] == [[FILES["/f3.txt"][0]]]
    held = (
        await client2.post(f"{NS}/ns/scripts/site/assets-upload-session", json=manifest(["/f0.txt"]))
    ).json()
    assert held["result"]["buckets"] == []
    files[0] = (
        "metadata",
        (
            None,
            f'{{"main_module": "i.js", "assets": {{"jwt": "{held["result"]["jwt"]}"}}}}'.encode(),
            "application/json",
        ),
    )
    assert (await client2.put(f"{NS}/ns/scripts/site", files=files)).json()["result"]["has_assets"] is True


async def test_wrong_or_missing_jwt(client2: httpx.AsyncClient) -> None:
    """The upload accepts only a session jwt: the API token or a made-up jwt is 403, none is 401."""
    session = (
        await client2.post(f"{NS}/ns/scripts/site/assets-upload-session", json=manifest(["/f0.txt"]))
    ).json()
    hashes = session["result"]["buckets"][0]
    auth_error = {
        "success": False,
        "errors": [{"code": 10000, "message": "Authentication error"}],
        "messages": [],
        "result": None,
    }
    for token in ("emu-token", "made.up.jwt"):
        response = await send(client2, token, hashes)
        assert (response.status_code, response.json()) == (403, auth_error)
    response = await client2.post(
        UPLOAD,
        params={"base64": "true"},
        headers={"Authorization": ""},
        files=[("x", (None, b"eA==", "text/plain"))],
    )
    assert (response.status_code, response.json()) == (401, auth_error)


async def test_upload_checks(client2: httpx.AsyncClient) -> None:
    """Hashes outside the session, bad base64, base64 not true, and unknown completion tokens answer 400."""
    jwt = (
        await client2.post(f"{NS}/ns/scripts/site/assets-upload-session", json=manifest(["/f0.txt"]))
    ).json()["result"]["jwt"]
    other = FILES["/f1.txt"][0]
    error(
        await send(client2, jwt, [other]),
        400,
        10021,
        f"File hash {other!r} is not part of this upload session.",
    )
    own = FILES["/f0.txt"][0]
    bad = await client2.post(
        UPLOAD,
        params={"base64": "true"},
        headers={"Authorization": f"Bearer {jwt}"},
        files=[(own, (own, b"%%%", "text/plain"))],
    )
    error(bad, 400, 10021, f"File {own!r} is not valid base64.")
    no_b64 = await client2.post(
        UPLOAD, headers={"Authorization": f"Bearer {jwt}"}, files=[(own, (own, b"eA==", "text/plain"))]
    )
    error(no_b64, 400, 10004, "Query parameter 'base64' must be true.")
    files = [
        ("metadata", (None, b'{"main_module": "i.js", "assets": {"jwt": "forged"}}', "application/json")),
        ("i.js", ("i.js", b"export default {}", "application/javascript+module")),
    ]
    error(
        await client2.put(f"{NS}/ns/scripts/site", files=files),
        400,
        10021,
        "The assets completion token is invalid or belongs to another script.",
    )
    error(
        await client2.post(
            f"{NS}/ns/scripts/site/assets-upload-session",
            json={"manifest": {"/x": {"hash": "short", "size": 1}}},
        ),
        400,
        10021,
        "Manifest entry '/x': 'hash' must be 32 hex characters.",
    )
