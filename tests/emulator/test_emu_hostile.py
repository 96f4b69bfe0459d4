"""Hostile input gets a Cloudflare 400-class envelope, never a 500 or a traceback; the state stays readable.

Every case here was found by probing the loopback server: deeply nested JSON, Unicode digits, wrong
types, RFC 2231 parameters, lone surrogates, control characters in module names, oversized and
abandoned bodies, and very many parts or header parameters.
"""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wfp_async.emulator import Emulator

from emu_helpers import AUTH, JS, NS, error

SCRIPT = f"{NS}/ns/scripts/w"
DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
MALFORMED = (400, 6007, "Malformed JSON in request body")
BAD_METADATA = (400, 10021, "could not read content for part metadata")


@pytest.fixture
async def script(api) -> str:
    """A script ``w`` in namespace ``ns``."""
    await api.create_namespace("ns")
    await api.upload("ns", "w")
    return SCRIPT


async def still_readable(client: httpx.AsyncClient) -> None:
    """Every list of the account still answers 200 with a success envelope."""
    for path in (NS, f"{NS}/ns/scripts", f"{SCRIPT}/tags", f"{SCRIPT}/secrets", f"{SCRIPT}/bindings"):
        answer = await client.get(path)
        assert answer.status_code == 200, (path, answer.text)
        assert answer.json()["success"] is True


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["array", "object"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", NS),
        ("PUT", f"{NS}/ns"),
        ("PATCH", f"{NS}/ns"),
        ("PUT", f"{SCRIPT}/tags"),
        ("PUT", f"{SCRIPT}/secrets"),
        ("PATCH", f"{SCRIPT}/secrets-bulk"),
        ("POST", f"{SCRIPT}/assets-upload-session"),
    ],
)
async def test_deep_json_bodies(
    client: httpx.AsyncClient, script: str, method: str, path: str, body: bytes
) -> None:
    """100,000 levels of nesting in any JSON body answer 400 6007."""
    answer = await client.request(method, path, content=body, headers={"Content-Type": "application/json"})
    error(answer, *MALFORMED)
    await still_readable(client)


async def test_json_nested_past_the_limit_but_parseable(client: httpx.AsyncClient, script: str) -> None:
    """Nesting the parser survives but no encoder should (200 levels) is refused the same way."""
    body = b"[" * 200 + b"]" * 200
    error(
        await client.put(f"{SCRIPT}/tags", content=body, headers={"Content-Type": "application/json"}),
        *MALFORMED,
    )


async def test_deep_metadata_and_settings_parts(api, client: httpx.AsyncClient, script: str) -> None:
    """A 100,000-deep metadata part or settings part answers 400 10021, as malformed metadata does."""
    files = [("metadata", (None, DEEP, "application/json")), ("index.js", ("index.js", b"x", JS))]
    error(await client.put(SCRIPT, files=files), *BAD_METADATA)
    error(await client.put(f"{SCRIPT}/content", files=files), *BAD_METADATA)
    settings = [("settings", (None, DEEP_OBJECT, "application/json"))]
    error(
        await client.patch(f"{SCRIPT}/settings", files=settings),
        400,
        10021,
        "could not read content for part settings",
    )
    await still_readable(client)


@pytest.mark.parametrize("limit", ["²", "\u0661", "0", "-1", "1" * 5000, "1.5"])
async def test_bulk_delete_limit_must_be_ascii_digits(
    client: httpx.AsyncClient, script: str, limit: str
) -> None:
    """limit=² (a Unicode digit), a 5,000-digit number or a non-positive one answer 400 10004."""
    answer = await client.delete(f"{NS}/ns/scripts", params={"limit": limit})
    error(answer, 400, 10004, "Query parameter 'limit' must be a positive integer.")
    assert len((await client.get(f"{NS}/ns/scripts")).json()["result"]) == 1


@pytest.mark.parametrize("old_name", [["A"], {"a": 1}, 7])
async def test_inherit_binding_with_non_string_old_name(api, script: str, old_name: object) -> None:
    """An inherit binding whose old_name is not a string answers 400 10021."""
    meta = {"main_module": "index.js", "bindings": [{"type": "inherit", "name": "A", "old_name": old_name}]}
    answer = await api.upload("ns", "w", meta, params={"bindings_inherit": "strict"})
    error(answer, 400, 10021, "Binding 'A': 'old_name' must be a string.")
    await still_readable(api.client)


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data; boundary*=utf-8''abc",
        "multipart/form-data; boundary*0=ab; boundary*1=c",
        "multipart/form-data; boundary*=nonexistent-charset''abc",
    ],
)
async def test_rfc2231_boundary(client: httpx.AsyncClient, script: str, content_type: str) -> None:
    """A starred (RFC 2231) boundary is no boundary (RFC 7578 forbids the encoding): 400 10006."""
    body = b'--abc\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{}\r\n--abc--\r\n'
    answer = await client.put(SCRIPT, content=body, headers={"Content-Type": content_type})
    error(answer, 400, 10006, "Unparseable multipart body: multipart/form-data without a boundary.")
    await still_readable(client)


async def test_starred_filename_is_ignored(api, client: httpx.AsyncClient, script: str) -> None:
    """filename*= with an encoded CR/LF is ignored, so the module keeps its plain name."""
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n'
        'Content-Type: application/json\r\n\r\n{"main_module": "index.js"}\r\n'
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"index.js\"; filename*=utf-8''a%0D%0Ab.js\r\n"
        f"Content-Type: {JS}\r\n\r\nexport default {{}}\r\n--{boundary}--\r\n"
    ).encode()
    answer = await client.put(
        SCRIPT, content=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["result"]["entry_point"] == "index.js"


LONE = json.dumps(["ok", "\ud800"])  # json.dumps escapes it: valid JSON, invalid text


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", f"{SCRIPT}/tags", LONE),
        ("PUT", f"{SCRIPT}/secrets", json.dumps({"name": "\udc00", "type": "secret_text", "text": "v"})),
        ("PUT", f"{SCRIPT}/secrets", json.dumps({"name": "S", "type": "secret_text", "text": "\ud83d"})),
        ("PATCH", f"{SCRIPT}/secrets-bulk", json.dumps({"secrets": {"\ud800": None}})),
        ("POST", NS, json.dumps({"name": "\udfff"})),
    ],
)
async def test_lone_surrogates_in_json(
    client: httpx.AsyncClient, script: str, method: str, path: str, body: str
) -> None:
    """Lone surrogates in tag or secret names (or values) answer 400 6007, and later lists still work."""
    answer = await client.request(
        method, path, content=body.encode(), headers={"Content-Type": "application/json"}
    )
    error(answer, *MALFORMED)
    await still_readable(client)


async def test_lone_surrogate_tag_in_metadata(api, client: httpx.AsyncClient, script: str) -> None:
    """A lone-surrogate tag in upload metadata answers 400 10021; the namespace list stays readable."""
    raw = json.dumps({"main_module": "index.js", "tags": ["\ud800"]}).encode()
    files = api.form(None, [("index.js", b"x", JS)], raw_metadata=raw)
    error(await client.put(SCRIPT, files=files), *BAD_METADATA)
    await still_readable(client)


@pytest.mark.parametrize("name", ["a\nb.js", "a\rb.js", "nul\x00.js", "tab\t.js", "c1\x85.js"])
async def test_control_characters_in_module_names(client: httpx.AsyncClient, script: str, name: str) -> None:
    """A module name holding CR, LF, NUL or another control character answers 400 10021."""
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n'
        f"Content-Type: application/json\r\n\r\n{json.dumps({'main_module': name})}\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        f"Content-Type: {JS}\r\n\r\nexport default {{}}\r\n--{boundary}--\r\n"
    ).encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    error(
        await client.put(SCRIPT, content=body, headers=headers),
        400,
        10021,
        f"Module name {name!r} contains a control character.",
    )
    error(
        await client.put(f"{SCRIPT}/content", content=body, headers=headers),
        400,
        10021,
        f"Module name {name!r} contains a control character.",
    )
    content = await client.get(f"{SCRIPT}/content")
    assert content.status_code == 200 and b"index.js" in content.content


class CountingBody:
    """An async request body that counts the chunks the server actually pulled."""

    def __init__(self, chunks: int, size: int) -> None:
        self.chunks, self.size, self.pulled = chunks, size, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.chunks):
            self.pulled += 1
            yield b"x" * self.size


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 403), ({"Authorization": "Basic emu-token"}, 403)],
)
async def test_credentials_are_checked_before_the_body_is_read(
    emu: Emulator, headers: dict[str, str], status: int
) -> None:
    """Without valid credentials the answer is 401/403 10000 and not one chunk of the body is read."""
    body = CountingBody(100, 1024)
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://emulator/client/v4") as c:
        answer = await c.put(
            f"{NS}/ns/scripts/w",
            content=body,
            headers={**headers, "Content-Type": "multipart/form-data; boundary=x"},
        )
    error(answer, status, 10000, "Authentication error")
    assert body.pulled == 0


async def test_large_body_refused_while_streaming(api) -> None:
    """A body past max_body_size answers 413 10027 after reading at most one chunk past the limit."""
    emu = Emulator(max_body_size=100_000)
    body = CountingBody(1000, 10_000)  # 10 MB offered
    async with httpx.AsyncClient(
        transport=emu.transport(), base_url="http://emulator/client/v4", headers=AUTH
    ) as c:
        answer = await c.put(
            f"{NS}/ns/scripts/w", content=body, headers={"Content-Type": "multipart/form-data; boundary=x"}
        )
        error(answer, 413, 10027, "Script body was too large (the limit is 100000 bytes).")
        assert body.pulled <= 11
        declared = await c.put(
            f"{NS}/ns/scripts/w",
            content=b"x" * 100_001,
            headers={"Content-Type": "multipart/form-data; boundary=x"},
        )
        error(declared, 413, 10027, "Script body was too large (the limit is 100000 bytes).")
        assert (await c.get(NS)).status_code == 200


def test_default_body_limit_is_cloudflares_worker_size() -> None:
    """By default the emulator accepts bodies up to 64 MiB, Cloudflare's uncompressed Worker size limit."""
    assert Emulator().max_body_size == 64 * 1024 * 1024
    with pytest.raises(ValueError, match="max_body_size must be at least 1"):
        Emulator(max_body_size=0)


@pytest.fixture
def served() -> Iterator[tuple[Emulator, str, int]]:
    """A small-limit emulator on 127.0.0.1 with namespace ``ns``: (emulator, base URL, port)."""
    emu = Emulator(max_body_size=1_000_000)
    with emu.serve() as url:
        assert httpx.post(url + NS, json={"name": "ns"}, headers=AUTH).status_code == 200
        yield emu, url, httpx.URL(url).port or 0


def raw_request(port: int, head: bytes) -> socket.socket:
    """A socket on 127.0.0.1:port that has sent ``head`` (request line and headers)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(head)
    return sock


def test_oversized_chunked_body_is_cut_off_over_http(served: tuple[Emulator, str, int]) -> None:
    """Over real HTTP a chunked 1 MB+ body gets 413 10027 before the client has sent it all."""
    _, _, port = served
    head = (
        f"PUT /client/v4{NS}/ns/scripts/w HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer emu-token\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = b"%x\r\n%s\r\n" % (65536, b"y" * 65536)
    sock = raw_request(port, head)
    sent = 0
    answer = b""
    try:
        sock.settimeout(0.05)
        while sent < 400 * 65536:  # offers 26 MB; the closing chunk is never sent
            try:
                sock.sendall(chunk)
                sent += 65536
            except OSError:
                break
            try:
                answer += sock.recv(65536)
            except TimeoutError:
                continue
            if b"\r\n\r\n" in answer:
                break
        sock.settimeout(10)
        while b"10027" not in answer:
            more = sock.recv(65536)
            if not more:
                break
            answer += more
    finally:
        sock.close()
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b'"code":10027' in answer
    assert sent < 400 * 65536  # answered before the body was all sent (and it never ended)


def test_disconnect_mid_body_logs_no_traceback(served: tuple[Emulator, str, int]) -> None:
    """A client that announces 1,000 bytes, sends 10 and hangs up leaves no error in uvicorn's log."""
    _, url, port = served
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.WARNING)
    logger = logging.getLogger("uvicorn.error")
    logger.addHandler(handler)
    try:
        head = (
            f"PUT /client/v4{NS}/ns/scripts/w HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Authorization: Bearer emu-token\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            "Content-Length: 1000\r\n\r\n"
        ).encode()
        sock = raw_request(port, head + b"0123456789")
        sock.close()
        # The next request is served after the abandoned one was handled.
        for _ in range(3):
            assert httpx.get(url + NS, headers=AUTH).status_code == 200
    finally:
        logger.removeHandler(handler)
    assert [r.getMessage() for r in records] == []


async def test_ten_thousand_parts(api, client: httpx.AsyncClient, script: str, emu: Emulator) -> None:
    """An upload of 10,000 modules is parsed (linearly) and stored whole."""
    modules = [("index.js", b"export default {}", JS)] + [(f"m{i}.js", b"x", JS) for i in range(9_999)]
    answer = await api.upload("ns", "w", {"main_module": "index.js"}, modules)
    assert answer.status_code == 200, answer.text
    assert len(emu.namespaces["ns"].scripts["w"].modules) == 10_000
    duplicate = [*modules, ("m5.js", b"y", JS)]
    error(
        await api.upload("ns", "w", {"main_module": "index.js"}, duplicate),
        400,
        10021,
        "More than one module is named 'm5.js'.",
    )


async def test_eighty_thousand_header_parameters(client: httpx.AsyncClient, script: str) -> None:
    """80,000 parameters in the Content-Type and in a part's Content-Disposition are parsed in one pass."""
    boundary = "b0undary"
    noise = "".join(f"; p{i}=v{i}" for i in range(80_000))
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="metadata"{noise}\r\n'
        'Content-Type: application/json\r\n\r\n{"main_module": "index.js"}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="index.js"; filename="index.js"{noise}\r\n'
        f"Content-Type: {JS}\r\n\r\nexport default {{}}\r\n--{boundary}--\r\n"
    ).encode()
    headers = {"Content-Type": f"multipart/form-data{noise}; boundary={boundary}"}
    answer = await client.put(SCRIPT, content=body, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["result"]["entry_point"] == "index.js"


def test_ready_line_shows_the_token_only_when_asked() -> None:
    """`--print-token` puts the token in the ready line; without it the line shows ***."""
    for flags, shown in (([], "***"), (["--print-token"], "s3cr3t-token")):
        command = [
            sys.executable,
            "-m",
            "wfp_async.emulator",
            "--port",
            "0",
            "--token",
            "s3cr3t-token",
            *flags,
        ]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
            try:
                assert proc.stdout is not None
                line = proc.stdout.readline()
            finally:
                proc.kill()
                proc.communicate(timeout=10)
        assert line.endswith(f" account=emu-account token={shown}\n"), line


# ---------------------------------------------------------------- generated hostile input

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
FIELDS = [
    "name",
    "type",
    "text",
    "tags",
    "bindings",
    "main_module",
    "body_part",
    "keep_bindings",
    "assets",
    "keep_assets",
    "migrations",
    "old_name",
    "manifest",
    "secrets",
    "trusted_workers",
    "jwt",
    "config",
]
# Objects with the keys the emulator reads, so generated values reach the code that checks them.
SHAPED = st.recursive(
    JSON_VALUES,
    lambda inner: st.dictionaries(st.sampled_from(FIELDS), inner, max_size=5) | st.lists(inner, max_size=3),
    max_leaves=16,
)
JSON_ROUTES = [
    ("POST", NS),
    ("PUT", f"{NS}/ns"),
    ("PATCH", f"{NS}/ns"),
    ("PUT", f"{SCRIPT}/tags"),
    ("PUT", f"{SCRIPT}/secrets"),
    ("PATCH", f"{SCRIPT}/secrets-bulk"),
    ("POST", f"{SCRIPT}/assets-upload-session"),
]


def is_envelope(answer: httpx.Response) -> bool:
    body = answer.json()
    return set(body) == {"success", "errors", "messages", "result"} and body["success"] is (
        answer.status_code < 300
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(JSON_ROUTES), value=SHAPED)
async def test_generated_json_bodies_never_500(route: tuple[str, str], value: object) -> None:
    """Any JSON value on any JSON route answers a Cloudflare envelope below 500; the lists stay readable."""
    emu = Emulator(seed=1)
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://e/client/v4", headers=AUTH) as c:
        await c.post(NS, json={"name": "ns"})
        files = [
            ("metadata", (None, b'{"main_module": "index.js"}', "application/json")),
            ("index.js", ("index.js", b"export default {}", JS)),
        ]
        await c.put(SCRIPT, files=files)
        answer = await c.request(
            route[0],
            route[1],
            content=json.dumps(value).encode(),
            headers={"Content-Type": "application/json"},
        )
        assert answer.status_code < 500 and is_envelope(answer), answer.text
        await still_readable(c)


@settings(max_examples=200, deadline=None)
@given(
    metadata=SHAPED,
    settings_value=SHAPED,
    name=st.text(max_size=12),
    filename=st.none() | st.text(max_size=12),
)
async def test_generated_uploads_and_settings_never_500(
    metadata: object, settings_value: object, name: str, filename: str | None
) -> None:
    """Generated metadata, part names and settings parts answer envelopes below 500, as does every read."""
    emu = Emulator(seed=1)
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://e/client/v4", headers=AUTH) as c:
        await c.post(NS, json={"name": "ns"})
        await c.put(
            SCRIPT,
            files=[
                ("metadata", (None, b'{"main_module": "index.js"}', "application/json")),
                ("index.js", ("index.js", b"export default {}", JS)),
            ],
        )
        files = [
            ("metadata", (None, json.dumps(metadata).encode(), "application/json")),
            (name, (filename, b"export default {}", JS)),
        ]
        for method, path, form in (
            ("PUT", SCRIPT, files),
            ("PUT", f"{SCRIPT}/content", files),
            (
                "PATCH",
                f"{SCRIPT}/settings",
                [("settings", (None, json.dumps(settings_value).encode(), "application/json"))],
            ),
        ):
            answer = await c.request(
                method, path, files=form, params={"bindings_inherit": "strict"} if method == "PUT" else None
            )
            assert answer.status_code < 500 and is_envelope(answer), (method, path, answer.text)
        await still_readable(c)
        for read in (SCRIPT, f"{SCRIPT}/settings", f"{SCRIPT}/content", f"{NS}/ns/scripts"):
            assert (await c.get(read)).status_code == 200
