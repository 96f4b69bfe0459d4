"""Secrets (values never returned), bulk secret patches, and tags."""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx
import pytest

from emu_helpers import NS, error

SCRIPT = f"{NS}/ns/scripts/w"


@pytest.fixture
async def script(api) -> str:
    """A script ``w`` in namespace ``ns``."""
    await api.create_namespace("ns")
    await api.upload("ns", "w")
    return SCRIPT


async def test_secret_values_never_leave(client: httpx.AsyncClient, script: str) -> None:
    """After setting secrets, no answer of any read operation contains their values."""
    await client.put(f"{script}/secrets", json={"name": "T", "type": "secret_text", "text": "VALUE-ONE"})
    key = {
        "name": "K",
        "type": "secret_key",
        "format": "raw",
        "algorithm": {"name": "HMAC", "hash": "SHA-256"},
        "usages": ["sign"],
        "key_base64": "VkFMVUUtVFdP",
    }
    put = await client.put(f"{script}/secrets", json=key)
    assert put.json()["result"] == {
        "name": "K",
        "type": "secret_key",
        "format": "raw",
        "algorithm": {"name": "HMAC", "hash": "SHA-256"},
        "usages": ["sign"],
    }
    bodies = [
        (await client.get(f"{script}{path}")).content
        for path in ("", "/secrets", "/secrets/T", "/secrets/K", "/bindings", "/settings", "/content")
    ]
    assert all(b"VALUE-ONE" not in body and b"VkFMVUUtVFdP" not in body for body in bodies)


async def test_secret_errors(client: httpx.AsyncClient, script: str) -> None:
    """Unknown secrets answer 404 10007; malformed secrets 400 10021."""
    error(await client.get(f"{script}/secrets/NOPE"), 404, 10007, "Secret 'NOPE' not found.")
    error(await client.delete(f"{script}/secrets/NOPE"), 404, 10007, "Secret 'NOPE' not found.")
    error(
        await client.put(f"{script}/secrets", json={"name": "X", "type": "secret_text"}),
        400,
        10021,
        "Secret 'X': 'text' must be a string.",
    )
    error(
        await client.put(f"{script}/secrets", json={"name": "X", "type": "plain_text", "text": "t"}),
        400,
        10021,
        "Secret 'X': 'type' must be secret_text or secret_key.",
    )


async def test_url_encoded_secret_names(client: httpx.AsyncClient, script: str) -> None:
    """With url_encoded=true the path's secret name is decoded once more (names with '/' or '%')."""
    name = "a/b%c"
    await client.put(f"{script}/secrets", json={"name": name, "type": "secret_text", "text": "v"})
    twice = quote(quote(name, safe=""), safe="")
    got = await client.get(f"{script}/secrets/{twice}", params={"url_encoded": "true"})
    assert got.json()["result"] == {"name": name, "type": "secret_text"}
    deleted = await client.delete(f"{script}/secrets/{twice}", params={"url_encoded": "true"})
    assert deleted.json()["result"] is None
    assert (await client.get(f"{script}/secrets")).json()["result"] == []


@pytest.mark.parametrize("content_type", ["application/json", "application/merge-patch+json"])
async def test_secrets_bulk_merge_patch(client: httpx.AsyncClient, script: str, content_type: str) -> None:
    """PATCH secrets-bulk sets, deletes (null) and leaves omitted secrets; answers the resulting secrets."""
    await client.put(f"{script}/secrets", json={"name": "KEEP", "type": "secret_text", "text": "1"})
    await client.put(f"{script}/secrets", json={"name": "DROP", "type": "secret_text", "text": "2"})
    patch = {"secrets": {"DROP": None, "NEW": {"type": "secret_text", "text": "3"}, "ABSENT": None}}
    response = await client.patch(
        f"{script}/secrets-bulk", content=json.dumps(patch), headers={"Content-Type": content_type}
    )
    assert response.json()["result"] == {
        "KEEP": {"name": "KEEP", "type": "secret_text"},
        "NEW": {"name": "NEW", "type": "secret_text"},
    }
    error(
        await client.patch(f"{script}/secrets-bulk", json={"secrets": {"BAD": {"type": "secret_text"}}}),
        400,
        10021,
        "Secret 'BAD': 'text' must be a string.",
    )
    names = [s["name"] for s in (await client.get(f"{script}/secrets")).json()["result"]]
    assert names == ["KEEP", "NEW"]


async def test_tags(client: httpx.AsyncClient, script: str) -> None:
    """Tags: PUT all (deduplicated, at most 8, as the docs say), PUT one, DELETE one, GET; a 9th is a 400."""
    assert (await client.put(f"{script}/tags", json=["a", "b", "a"])).json()["result"] == ["a", "b"]
    error(
        await client.put(f"{script}/tags", json=[f"t{i}" for i in range(9)]),
        400,
        10021,
        "A Worker can have at most 8 tags, got 9.",
    )
    await client.put(f"{script}/tags", json=[f"t{i}" for i in range(8)])
    error(await client.put(f"{script}/tags/one-more"), 400, 10021, "A Worker can have at most 8 tags, got 9.")
    assert (await client.put(f"{script}/tags/t0")).status_code == 200
    assert (await client.delete(f"{script}/tags/t0")).json()["result"] is None
    assert (await client.delete(f"{script}/tags/t0")).status_code == 200
    assert (await client.get(f"{script}/tags")).json()["result"] == [f"t{i}" for i in range(1, 8)]
    assert (await client.get(f"{NS}/ns/scripts/w")).json()["result"]["script"]["tags"] == [
        f"t{i}" for i in range(1, 8)
    ]
    error(
        await client.put(f"{script}/tags", json="a"), 400, 10021, "Tags must be a list of non-empty strings."
    )
