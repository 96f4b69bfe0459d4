"""Semantics only the SDK's tests checked before, now with raw httpx: what each request keeps and replaces.

Settings PATCH with bindings, keep_bindings, keep_assets, assets.config, inherit bindings with
bindings_inherit=strict, migrations, what a re-upload without tags or compatibility_date does, and
what changes the etag (content only: the spec calls it "Hashed script content").
"""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from wfp_async.emulator import Emulator

from emu_helpers import JS, NS, error

SCRIPT = f"{NS}/ns/scripts/w"
ASSET_HASH = "0123456789abcdef0123456789abcdef"


@pytest.fixture
async def ns(api) -> str:
    """The namespace ``ns``."""
    await api.create_namespace("ns")
    return "ns"


async def result(answer: Any) -> Any:
    response = await answer
    assert response.status_code == 200, response.text
    return response.json()["result"]


def settings_part(value: object) -> list[Any]:
    return [("settings", (None, json.dumps(value).encode(), "application/json"))]


async def bindings(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    return await result(client.get(f"{SCRIPT}/bindings"))


async def test_settings_patch_with_bindings(api, ns: str, emu: Emulator) -> None:
    """PATCH bindings replaces them all; a secret named without a value keeps its stored value."""
    first = {
        "main_module": "index.js",
        "bindings": [
            {"type": "plain_text", "name": "A", "text": "1"},
            {"type": "secret_text", "name": "S", "text": "kept-value"},
            {"type": "secret_text", "name": "GONE", "text": "x"},
        ],
    }
    await api.upload(ns, "w", first)
    patch = {
        "bindings": [{"type": "json", "name": "J", "json": {"k": 1}}, {"type": "secret_text", "name": "S"}]
    }
    answered = await result(api.client.patch(f"{SCRIPT}/settings", files=settings_part(patch)))
    assert answered["bindings"] == [
        {"type": "json", "name": "J", "json": {"k": 1}},
        {"type": "secret_text", "name": "S"},
    ]
    assert emu.namespaces["ns"].scripts["w"].secrets == {
        "S": {"type": "secret_text", "name": "S", "text": "kept-value"}
    }
    new_value = {"bindings": [{"type": "secret_text", "name": "S", "text": "new-value"}]}
    await result(api.client.patch(f"{SCRIPT}/settings", files=settings_part(new_value)))
    assert emu.namespaces["ns"].scripts["w"].secrets["S"]["text"] == "new-value"
    assert await bindings(api.client) == [{"type": "secret_text", "name": "S"}]
    unknown = {"bindings": [{"type": "secret_text", "name": "NEW"}]}
    error(
        await api.client.patch(f"{SCRIPT}/settings", files=settings_part(unknown)),
        400,
        10021,
        "Secret binding 'NEW' has no value and no existing secret.",
    )
    untouched = await result(api.client.patch(f"{SCRIPT}/settings", files=settings_part({"logpush": True})))
    assert untouched["bindings"] == [{"type": "secret_text", "name": "S"}]


async def test_keep_bindings_keeps_only_listed_types_not_redefined(api, ns: str) -> None:
    """keep_bindings keeps old bindings of the listed types unless the upload redefines their names."""
    first = {
        "main_module": "index.js",
        "bindings": [
            {"type": "plain_text", "name": "A", "text": "old"},
            {"type": "plain_text", "name": "B", "text": "old"},
            {"type": "kv_namespace", "name": "KV", "namespace_id": "kv1"},
        ],
    }
    await api.upload(ns, "w", first)
    second = {
        "main_module": "index.js",
        "bindings": [{"type": "plain_text", "name": "A", "text": "new"}],
        "keep_bindings": ["plain_text"],
    }
    await api.upload(ns, "w", second)
    assert await bindings(api.client) == [
        {"type": "plain_text", "name": "A", "text": "new"},
        {"type": "plain_text", "name": "B", "text": "old"},
    ]
    error(
        await api.upload(ns, "w", {"main_module": "index.js", "keep_bindings": "plain_text"}),
        400,
        10021,
        "'keep_bindings' must be a list of binding types.",
    )


async def assets_jwt(api, ns: str) -> str:
    """A completion token for ``w`` holding /index.html."""
    session = await result(
        api.client.post(
            f"{SCRIPT}/assets-upload-session",
            json={"manifest": {"/index.html": {"hash": ASSET_HASH, "size": 2}}},
        )
    )
    done = await api.client.post(
        "/accounts/emu-account/workers/assets/upload",
        params={"base64": "true"},
        headers={"Authorization": f"Bearer {session['jwt']}"},
        files=[(ASSET_HASH, (ASSET_HASH, base64.b64encode(b"hi"), "text/html"))],
    )
    assert done.status_code == 201, done.text
    jwt: str = done.json()["result"]["jwt"]
    return jwt


async def test_keep_assets_and_assets_config(api, ns: str, emu: Emulator) -> None:
    """keep_assets keeps the assets (and config unless a new one is given); without it they are gone."""
    jwt = await assets_jwt(api, ns)
    config = {"html_handling": "none", "not_found_handling": "404-page"}
    uploaded = await result(
        api.upload(ns, "w", {"main_module": "index.js", "assets": {"jwt": jwt, "config": config}})
    )
    assert uploaded["has_assets"] is True
    script = lambda: emu.namespaces["ns"].scripts["w"]  # noqa: E731
    await result(api.upload(ns, "w", {"main_module": "index.js", "keep_assets": True}))
    assert (script().assets, script().assets_config) == ({"/index.html": ASSET_HASH}, config)
    new_config = {"html_handling": "force-trailing-slash"}
    await result(
        api.upload(
            ns, "w", {"main_module": "index.js", "keep_assets": True, "assets": {"config": new_config}}
        )
    )
    assert (script().assets, script().assets_config) == ({"/index.html": ASSET_HASH}, new_config)
    dropped = await result(api.upload(ns, "w", {"main_module": "index.js"}))
    assert dropped["has_assets"] is False
    assert (script().assets, script().assets_config) == (None, None)
    error(
        await api.upload(ns, "w", {"main_module": "index.js", "assets": {"jwt": "forged"}}),
        400,
        10021,
        "The assets completion token is invalid or belongs to another script.",
    )
    error(
        await api.upload(ns, "w", {"main_module": "index.js", "assets": {"config": "none"}}),
        400,
        10021,
        "The 'assets.config' must be a JSON object.",
    )


async def test_inherit_with_strict(api, ns: str) -> None:
    """inherit copies a binding (renamed via old_name, secrets too); strict refuses unresolvable ones."""
    first = {
        "main_module": "index.js",
        "bindings": [
            {"type": "kv_namespace", "name": "KV", "namespace_id": "kv1"},
            {"type": "secret_text", "name": "S", "text": "v"},
        ],
    }
    await api.upload(ns, "w", first)
    second = {
        "main_module": "index.js",
        "bindings": [
            {"type": "inherit", "name": "STORE", "old_name": "KV"},
            {"type": "inherit", "name": "S"},
        ],
    }
    await result(api.upload(ns, "w", second, params={"bindings_inherit": "strict"}))
    assert await bindings(api.client) == [
        {"type": "kv_namespace", "name": "STORE", "namespace_id": "kv1"},
        {"type": "secret_text", "name": "S"},
    ]
    missing = {"main_module": "index.js", "bindings": [{"type": "inherit", "name": "KV"}]}
    error(
        await api.upload(ns, "w", missing, params={"bindings_inherit": "strict"}),
        400,
        10021,
        "Binding 'KV' cannot be inherited: the previous version has no binding 'KV'.",
    )
    assert len(await bindings(api.client)) == 2  # the refused upload changed nothing
    await result(api.upload(ns, "w", missing))  # without strict: silently dropped
    assert await bindings(api.client) == []
    error(
        await api.upload(ns, "w", missing, params={"bindings_inherit": "lenient"}),
        400,
        10004,
        "Query parameter 'bindings_inherit' must be 'strict'.",
    )


async def test_migrations(api, ns: str) -> None:
    """migrations.new_tag sets migration_tag; a re-upload without migrations keeps it; PATCH moves it."""
    meta = {"main_module": "index.js", "migrations": {"new_tag": "v1", "new_classes": ["Counter"]}}
    assert (await result(api.upload(ns, "w", meta)))["migration_tag"] == "v1"
    kept = await result(api.upload(ns, "w", {"main_module": "index.js"}))
    assert kept["migration_tag"] == "v1"
    await result(
        api.client.patch(
            f"{SCRIPT}/settings", files=settings_part({"migrations": {"old_tag": "v1", "new_tag": "v2"}})
        )
    )
    details = await result(api.client.get(SCRIPT))
    assert details["script"]["migration_tag"] == "v2"


async def test_reupload_keeps_tags_and_drops_unset_settings(api, ns: str) -> None:
    """Tags survive an upload that omits them (an explicit [] clears); version settings do not survive."""
    await api.upload(
        ns, "w", {"main_module": "index.js", "tags": ["pro"], "compatibility_date": "2025-01-01"}
    )
    again = await result(api.upload(ns, "w", {"main_module": "index.js"}))
    assert again["tags"] == ["pro"]
    assert "compatibility_date" not in again
    assert (await result(api.upload(ns, "w", {"main_module": "index.js", "tags": None})))["tags"] == ["pro"]
    assert (await result(api.upload(ns, "w", {"main_module": "index.js", "tags": []})))["tags"] == []


async def test_null_tags_clear_through_put_and_patch(api, ns: str) -> None:
    """The spec's tags are nullable: PUT tags with null and a settings PATCH with tags null clear them."""
    await api.upload(ns, "w", {"main_module": "index.js", "tags": ["a"]})
    assert (
        await result(
            api.client.put(f"{SCRIPT}/tags", content=b"null", headers={"Content-Type": "application/json"})
        )
        == []
    )
    await result(api.client.put(f"{SCRIPT}/tags/b"))
    patched = await result(api.client.patch(f"{SCRIPT}/settings", files=settings_part({"tags": None})))
    assert patched["tags"] == []
    error(
        await api.client.put(f"{SCRIPT}/tags", json="a"),
        400,
        10021,
        "Tags must be a list of non-empty strings.",
    )


async def test_etag_changes_with_content_only(api, ns: str, emu: Emulator) -> None:
    """Only content moves the etag: tags, settings and secrets leave it; new bytes or content PUT move it."""
    first = await result(api.upload(ns, "w", {"main_module": "index.js"}, [("index.js", b"a", JS)]))
    etag = first["etag"]
    await result(api.client.put(f"{SCRIPT}/tags", json=["x"]))
    await result(api.client.put(f"{SCRIPT}/tags/y"))
    await result(
        api.client.patch(
            f"{SCRIPT}/settings", files=settings_part({"logpush": True, "compatibility_date": "2025-02-02"})
        )
    )
    await result(api.client.put(f"{SCRIPT}/secrets", json={"name": "S", "type": "secret_text", "text": "v"}))
    details = await result(api.client.get(SCRIPT))
    assert details["script"]["etag"] == etag
    content = api.form({"main_module": "index.js"}, [("index.js", b"b", JS)])
    changed = await result(api.client.put(f"{SCRIPT}/content", files=content))
    assert changed["etag"] != etag
    back = await result(api.upload(ns, "w", {"main_module": "index.js"}, [("index.js", b"a", JS)]))
    assert back["etag"] == etag  # the same bytes hash to the same etag
    assert len(etag) == 32 and int(etag, 16) >= 0


async def test_every_upload_is_a_new_version(api, ns: str, emu: Emulator) -> None:
    """Each upload and content PUT answers a new deployment_id (the version id wrangler prints)."""
    one = (await result(api.upload(ns, "w")))["deployment_id"]
    two = (await result(api.upload(ns, "w")))["deployment_id"]
    assert one != two and emu.namespaces["ns"].scripts["w"].version_id == two
    await result(
        api.client.put(
            f"{SCRIPT}/content", files=api.form({"main_module": "index.js"}, [("index.js", b"c", JS)])
        )
    )
    assert emu.namespaces["ns"].scripts["w"].version_id not in (one, two)
