"""Namespaces: create/list/get/PUT/PATCH/delete semantics and their errors."""

from __future__ import annotations

import re

import httpx

from wfp_async.emulator import Emulator

from emu_helpers import NS, error


async def test_create_without_name_generates_one(client: httpx.AsyncClient, emu: Emulator) -> None:
    """POST without a name (or without a body) creates a namespace with a generated name and a uuid."""
    first = (await client.post(NS, json={})).json()["result"]
    second = (await client.post(NS)).json()["result"]
    assert re.fullmatch(r"namespace-[0-9a-f]{8}", first["namespace_name"])
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", first["namespace_id"]
    )
    assert first["namespace_name"] != second["namespace_name"]
    assert list(emu.namespaces) == [first["namespace_name"], second["namespace_name"]]


async def test_create_existing_name_conflicts(client: httpx.AsyncClient) -> None:
    """Creating a namespace whose name exists answers 409."""
    await client.post(NS, json={"name": "dup"})
    error(
        await client.post(NS, json={"name": "dup"}),
        409,
        100118,
        "A dispatch namespace named 'dup' already exists.",
    )


async def test_bad_namespace_bodies(client: httpx.AsyncClient) -> None:
    """Malformed JSON, a non-object body, a bad name and a non-boolean trusted_workers answer 400."""
    error(
        await client.post(NS, content=b"{nope", headers={"Content-Type": "application/json"}),
        400,
        6007,
        "Malformed JSON in request body",
    )
    error(await client.post(NS, json=["x"]), 400, 10021, "The request body must be a JSON object.")
    bad_name = "Namespace names are 1-63 letters, digits, '_', '-' or '.', not starting with '.' or '-'."
    error(await client.post(NS, json={"name": ".."}), 400, 10016, bad_name)
    await client.post(NS, json={"name": "ok"})
    error(
        await client.patch(f"{NS}/ok", json={"trusted_workers": "yes"}),
        400,
        10021,
        "'trusted_workers' must be a boolean.",
    )
    error(
        await client.post(
            NS, content=b"name=x", headers={"Content-Type": "application/x-www-form-urlencoded"}
        ),
        400,
        10001,
        "Unsupported Content-Type 'application/x-www-form-urlencoded': expected JSON.",
    )


async def test_put_replaces_and_patch_keeps(client: httpx.AsyncClient) -> None:
    """PUT resets omitted fields (trusted_workers -> false); PATCH leaves them unchanged."""
    await client.post(NS, json={"name": "a"})
    assert (await client.patch(f"{NS}/a", json={"trusted_workers": True})).json()["result"][
        "trusted_workers"
    ] is True
    assert (await client.patch(f"{NS}/a", json={})).json()["result"]["trusted_workers"] is True
    result = (await client.put(f"{NS}/a", json={"name": "b"})).json()["result"]
    assert (result["namespace_name"], result["trusted_workers"]) == ("b", False)
    error(await client.get(f"{NS}/a"), 404, 10007, "Dispatch namespace 'a' not found.")
    await client.post(NS, json={"name": "c"})
    error(
        await client.put(f"{NS}/c", json={"name": "b"}),
        409,
        100118,
        "A dispatch namespace named 'b' already exists.",
    )


async def test_missing_namespace_is_404_everywhere(client: httpx.AsyncClient) -> None:
    """Every namespace-scoped operation on a missing namespace answers 404 10007."""
    message = "Dispatch namespace 'ghost' not found."
    for method, path in [
        ("GET", ""),
        ("DELETE", ""),
        ("GET", "/scripts"),
        ("DELETE", "/scripts"),
        ("GET", "/scripts/w"),
        ("GET", "/scripts/w/content"),
    ]:
        error(await client.request(method, f"{NS}/ghost{path}"), 404, 10007, message)
    error(await client.put(f"{NS}/ghost", json={}), 404, 10007, message)


async def test_delete_namespace_deletes_its_scripts(api, client: httpx.AsyncClient, emu: Emulator) -> None:
    """Deleting a namespace deletes its scripts; a namespace recreated under that name is empty."""
    await api.create_namespace("gone")
    assert (await api.upload("gone", "w1")).status_code == 200
    assert (await client.get(f"{NS}/gone")).json()["result"]["script_count"] == 1
    assert (await client.delete(f"{NS}/gone")).json()["result"] is None
    await api.create_namespace("gone")
    assert (await client.get(f"{NS}/gone/scripts")).json()["result"] == []
    assert emu.namespaces["gone"].scripts == {}
