"""Script uploads and their validation, content round trips, bindings, settings, listing and deletion."""

from __future__ import annotations

import json

import pytest

from wfp_async.emulator import Emulator

from emu_helpers import JS, NS, error


@pytest.fixture
async def ns(api) -> str:
    """A namespace named ``ns``."""
    await api.create_namespace("ns")
    return "ns"


@pytest.mark.parametrize(
    ("metadata", "modules", "message"),
    [
        (
            {"main_module": "missing.js"},
            [("index.js", b"x", JS)],
            "Main module name is not present in bundle.",
        ),
        (
            {"body_part": "missing.js"},
            [("index.js", b"x", "application/javascript")],
            "Main module name is not present in bundle.",
        ),
        ({}, [("index.js", b"x", JS)], "Main module name is not present in bundle."),
        (None, [("index.js", b"x", JS)], "could not read content for part metadata"),
        (
            {"main_module": "index.js"},
            [("index.js", b"x", "text/html")],
            "Module 'index.js' has unsupported content type 'text/html'.",
        ),
        (
            {"main_module": "index.js", "tags": [str(i) for i in range(9)]},
            [("index.js", b"x", JS)],
            "A Worker can have at most 8 tags, got 9.",
        ),
        (
            {"main_module": "index.js", "bindings": [{"name": "A"}]},
            [("index.js", b"x", JS)],
            "Every binding needs a string 'name' and 'type'.",
        ),
    ],
)
async def test_upload_validation(
    api, ns: str, metadata: object, modules: list, message: str, emu: Emulator
) -> None:
    """Invalid uploads answer 400 10021 with Cloudflare's message and store nothing."""
    files = api.form(metadata, modules)
    error(await api.client.put(f"{NS}/{ns}/scripts/w", files=files), 400, 10021, message)
    assert emu.namespaces[ns].scripts == {}


async def test_unparseable_metadata(api, ns: str) -> None:
    """A metadata part that is not a JSON object answers 10021 'could not read content for part metadata'."""
    for raw in (b"{not json", b"[1, 2]"):
        files = api.form(None, [("index.js", b"x", JS)], raw_metadata=raw)
        response = await api.client.put(f"{NS}/{ns}/scripts/w", files=files)
        error(response, 400, 10021, "could not read content for part metadata")


async def test_injected_second_metadata_part_is_rejected(api, ns: str) -> None:
    """A body carrying two metadata parts (a boundary injection) is refused, not half-applied."""
    body = (
        b'--+++\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n'
        b'{"main_module": "index.js"}\r\n'
        b'--+++\r\nContent-Disposition: form-data; name="index.js"; filename="index.js"\r\n'
        b"Content-Type: application/javascript+module\r\n\r\nexport default {}\r\n"
        b'--+++\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n'
        b'{"main_module": "evil.js"}\r\n--+++--\r\n'
    )
    response = await api.client.put(
        f"{NS}/{ns}/scripts/w", content=body, headers={"Content-Type": "multipart/form-data; boundary=+++"}
    )
    error(response, 400, 10021, "More than one part is named 'metadata'.")


async def test_bad_script_names(api, ns: str) -> None:
    """Script names outside ^[a-z0-9_][a-z0-9-_]*$ answer 400 10016, on upload and on reads."""
    for name in ("Upper", "-lead", "dot.js", "a%20b"):
        error(await api.upload(ns, name), 400, 10016, "workers.api.error.invalid_script_name")
    error(await api.client.get(f"{NS}/{ns}/scripts/Bad"), 400, 10016, "workers.api.error.invalid_script_name")


async def test_not_multipart_and_broken_multipart(api, ns: str) -> None:
    """A JSON upload answers 10001; a truncated multipart body answers 10006."""
    error(
        await api.client.put(f"{NS}/{ns}/scripts/w", json={"main_module": "x"}),
        400,
        10001,
        "Unsupported Content-Type 'application/json': expected multipart/form-data.",
    )
    truncated = b'--b\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{}'
    response = await api.client.put(
        f"{NS}/{ns}/scripts/w", content=truncated, headers={"Content-Type": "multipart/form-data; boundary=b"}
    )
    error(response, 400, 10006, "Unparseable multipart body: the body ends before its closing boundary.")


async def test_content_round_trip_is_byte_exact(api, ns: str) -> None:
    """GET content returns every module byte for byte with its content type, under a fresh random boundary."""
    modules = [
        (
            "index.js",
            b'export default {}\r\n--+++\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n',
            JS,
        ),
        ("lib/util.js", b"\x00\xff\r\n\r\n--\r\n", "application/javascript+module; charset=utf-8"),
        ("data.bin", bytes(range(256)) * 4, "application/octet-stream"),
        ("notes.txt", b"plain text\n", "text/plain"),
    ]
    assert (await api.upload(ns, "w", {"main_module": "index.js"}, modules)).status_code == 200
    first = await api.client.get(f"{NS}/{ns}/scripts/w/content")
    second = await api.client.get(f"{NS}/{ns}/scripts/w/content")
    assert first.status_code == 200
    assert first.headers["cf-worker-main-module-part"] == "index.js"
    boundary = first.headers["content-type"].split("boundary=")[1]
    assert boundary != second.headers["content-type"].split("boundary=")[1]
    expected = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"\r\n'.encode()
            + (f"Content-Type: {ctype}\r\n".encode() if ctype else b"")
            + b"\r\n"
            + data
            + b"\r\n"
            for name, data, ctype in modules
        )
        + f"--{boundary}--\r\n".encode()
    )
    assert first.content == expected


async def test_service_worker_upload_and_raw_body(api, ns: str) -> None:
    """body_part uploads are service-worker scripts (has_modules false, CF-Worker-Body-Part on content)."""
    sw = b"addEventListener('fetch', e => e.respondWith(new Response('ok')))"
    response = await api.upload(
        ns, "sw", {"body_part": "worker.js"}, [("worker.js", sw, "application/javascript")]
    )
    result = response.json()["result"]
    assert (result["has_modules"], result["handlers"], result["entry_point"]) == (
        False,
        ["fetch"],
        "worker.js",
    )
    content = await api.client.get(f"{NS}/{ns}/scripts/sw/content")
    assert content.headers["cf-worker-body-part"] == "worker.js"
    raw = await api.client.put(
        f"{NS}/{ns}/scripts/raw", content=sw, headers={"Content-Type": "application/javascript"}
    )
    assert raw.json()["result"]["entry_point"] == "worker.js"


async def test_etag_follows_content(api, ns: str) -> None:
    """The etag hashes the content (spec: "Hashed script content"): new bytes change it, metadata does not."""
    meta = {"main_module": "index.js"}
    one = (await api.upload(ns, "w", meta, [("index.js", b"a", JS)])).json()["result"]["etag"]
    same = (await api.upload(ns, "w", meta, [("index.js", b"a", JS)])).json()["result"]["etag"]
    other = (await api.upload(ns, "w", meta, [("index.js", b"b", JS)])).json()["result"]["etag"]
    flags = await api.upload(
        ns, "w", {**meta, "compatibility_flags": ["nodejs_compat"]}, [("index.js", b"a", JS)]
    )
    renamed = await api.upload(ns, "w", {"main_module": "main.js"}, [("main.js", b"a", JS)])
    assert one == same == flags.json()["result"]["etag"]
    assert len({one, other, renamed.json()["result"]["etag"]}) == 3


async def test_upload_replaces_bindings_unless_kept(api, ns: str) -> None:
    """A new upload drops old bindings and secrets, except the types listed in keep_bindings."""
    first = {
        "main_module": "index.js",
        "bindings": [
            {"type": "plain_text", "name": "A", "text": "1"},
            {"type": "kv_namespace", "name": "KV", "namespace_id": "abc"},
            {"type": "secret_text", "name": "S", "text": "hidden"},
        ],
    }
    await api.upload(ns, "w", first)
    bindings = (await api.client.get(f"{NS}/{ns}/scripts/w/bindings")).json()["result"]
    assert bindings == [
        {"type": "plain_text", "name": "A", "text": "1"},
        {"type": "kv_namespace", "name": "KV", "namespace_id": "abc"},
        {"type": "secret_text", "name": "S"},
    ]
    await api.upload(ns, "w", {"main_module": "index.js", "keep_bindings": ["secret_text", "kv_namespace"]})
    bindings = (await api.client.get(f"{NS}/{ns}/scripts/w/bindings")).json()["result"]
    assert bindings == [
        {"type": "kv_namespace", "name": "KV", "namespace_id": "abc"},
        {"type": "secret_text", "name": "S"},
    ]
    await api.upload(ns, "w", {"main_module": "index.js"})
    assert (await api.client.get(f"{NS}/{ns}/scripts/w/bindings")).json()["result"] == []


async def test_bindings_inherit(api, ns: str) -> None:
    """inherit copies the previous version's binding; with bindings_inherit=strict a missing one is 10021."""
    await api.upload(
        ns, "w", {"main_module": "index.js", "bindings": [{"type": "plain_text", "name": "A", "text": "1"}]}
    )
    meta = {
        "main_module": "index.js",
        "bindings": [{"type": "inherit", "name": "A"}, {"type": "inherit", "name": "B"}],
    }
    assert (await api.upload(ns, "w", meta)).status_code == 200
    bindings = (await api.client.get(f"{NS}/{ns}/scripts/w/bindings")).json()["result"]
    assert bindings == [{"type": "plain_text", "name": "A", "text": "1"}]
    error(
        await api.upload(ns, "w", meta, params={"bindings_inherit": "strict"}),
        400,
        10021,
        "Binding 'B' cannot be inherited: the previous version has no binding 'B'.",
    )


async def test_put_content_keeps_bindings_and_validates(api, ns: str) -> None:
    """PUT content replaces modules only; a missing main module or missing metadata answers 10021."""
    await api.upload(
        ns, "w", {"main_module": "index.js", "bindings": [{"type": "plain_text", "name": "A", "text": "1"}]}
    )
    url = f"{NS}/{ns}/scripts/w/content"
    response = await api.client.put(url, files=api.form({"main_module": "new.js"}, [("new.js", b"n", JS)]))
    assert response.status_code == 200 and response.json()["result"]["id"] == "w"
    assert (await api.client.get(f"{NS}/{ns}/scripts/w/bindings")).json()["result"] == [
        {"type": "plain_text", "name": "A", "text": "1"}
    ]
    error(
        await api.client.put(url, files=api.form({"main_module": "zzz.js"}, [("new.js", b"n", JS)])),
        400,
        10021,
        "Main module name is not present in bundle.",
    )
    error(
        await api.client.put(url, files=api.form(None, [("new.js", b"n", JS)])),
        400,
        10021,
        "could not read content for part metadata",
    )
    body_header = await api.client.put(
        url,
        files=api.form(None, [("sw.js", b"s", "text/javascript")]),
        headers={"CF-WORKER-BODY-PART": "sw.js"},
    )
    assert body_header.json()["result"]["has_modules"] is False


async def test_settings_patch_keeps_omitted_fields(api, ns: str) -> None:
    """PATCH settings changes only the fields it names; a missing settings part is 10021."""
    await api.upload(
        ns, "w", {"main_module": "index.js", "compatibility_date": "2024-01-01", "usage_model": "bundled"}
    )
    url = f"{NS}/{ns}/scripts/w/settings"
    patch = {"observability": {"enabled": True}}
    files = [("settings", (None, json.dumps(patch).encode(), "application/json"))]
    result = (await api.client.patch(url, files=files)).json()["result"]
    assert (result["compatibility_date"], result["usage_model"], result["observability"]) == (
        "2024-01-01",
        "bundled",
        {"enabled": True},
    )
    error(
        await api.client.patch(url, files=[("other", (None, b"{}", "application/json"))]),
        400,
        10021,
        "could not read content for part settings",
    )


async def test_list_filter_and_bulk_delete(api, ns: str, emu: Emulator) -> None:
    """tags=a:yes,b:no filters the list; bulk delete honours filter and limit and reports has_more."""
    for i, tags in enumerate([["prod"], ["prod", "eu"], ["prod"], ["dev"], ["prod"]]):
        await api.upload(ns, f"w{i}", {"main_module": "index.js", "tags": tags})
    listed = (await api.client.get(f"{NS}/{ns}/scripts", params={"tags": "prod:yes,eu:no"})).json()["result"]
    assert [item["script"]["id"] for item in listed] == ["w0", "w2", "w4"]
    url = f"{NS}/{ns}/scripts"
    first = (await api.client.delete(url, params={"tags": "prod:yes,eu:no", "limit": "2"})).json()["result"]
    assert first == {"deleted": [{"id": "w0"}, {"id": "w2"}], "deleted_count": 2, "has_more": True}
    second = (await api.client.delete(url, params={"tags": "prod:yes,eu:no", "limit": "2"})).json()["result"]
    assert second == {"deleted": [{"id": "w4"}], "deleted_count": 1, "has_more": False}
    assert list(emu.namespaces[ns].scripts) == ["w1", "w3"]
    assert (await api.client.get(f"{NS}/{ns}")).json()["result"]["script_count"] == 2
    error(
        await api.client.get(url, params={"tags": "prod:maybe"}),
        400,
        10004,
        "Malformed tags filter 'prod:maybe': expected 'tag:yes,other:no'.",
    )
    error(
        await api.client.delete(url, params={"limit": "0"}),
        400,
        10004,
        "Query parameter 'limit' must be a positive integer.",
    )


async def test_delete_script(api, ns: str) -> None:
    """DELETE removes the script (404 10007 afterwards); force must be a boolean."""
    await api.upload(ns, "w")
    error(
        await api.client.delete(f"{NS}/{ns}/scripts/w", params={"force": "maybe"}),
        400,
        10004,
        "Query parameter 'force' must be true or false.",
    )
    assert (await api.client.delete(f"{NS}/{ns}/scripts/w")).json() == {
        "success": True,
        "errors": [],
        "messages": [],
        "result": None,
    }
    for path in ("", "/content", "/bindings", "/settings", "/secrets", "/tags"):
        error(
            await api.client.get(f"{NS}/{ns}/scripts/w{path}"),
            404,
            10007,
            "workers.api.error.script_not_found",
        )
