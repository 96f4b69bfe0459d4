"""multipart encode/decode: exact bytes, injection-proof round trips, strict errors, bundle parts."""

from __future__ import annotations

import json
import random
import secrets
import tracemalloc
from collections.abc import Iterator

import pytest

from wfp_async._errors import InvalidInput, MultipartError
from wfp_async._modules import Module, WorkerBundle
from wfp_async._multipart import (
    OutgoingPart,
    Part,
    bundle_parts,
    decode_multipart,
    encode_multipart,
    modules_from_parts,
)

from multipart_oracle import parse_multipart

INJECTION = (
    b'\r\n--+++\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n'
    b'{"main_module":"evil.js"}\r\n--+++--\r\n'
)


@pytest.fixture
def fixed_boundaries(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make secrets.token_hex hand out 'b0', 'b1', ... and record each draw."""
    drawn: list[str] = []

    def token_hex(nbytes: int) -> str:
        assert nbytes == 16
        drawn.append(f"b{len(drawn)}")
        return drawn[-1]

    monkeypatch.setattr(secrets, "token_hex", token_hex)
    yield drawn


def _as_parts(sent: list[OutgoingPart]) -> list[Part]:
    return [Part(name, filename, content_type, content) for name, filename, content, content_type in sent]


def test_encode_exact_bytes(fixed_boundaries: list[str]) -> None:
    """The body is the parts between random-boundary delimiters, with a closing delimiter and CRLF."""
    body, content_type = encode_multipart(
        [("metadata", None, b'{"a":1}', "application/json"), ("index.js", "index.js", b"x\r\n", "text/plain")]
    )
    assert content_type == "multipart/form-data; boundary=b0"
    assert body == (
        b"--b0\r\n"
        b'Content-Disposition: form-data; name="metadata"\r\n'
        b"Content-Type: application/json\r\n\r\n"
        b'{"a":1}\r\n'
        b"--b0\r\n"
        b'Content-Disposition: form-data; name="index.js"; filename="index.js"\r\n'
        b"Content-Type: text/plain\r\n\r\n"
        b"x\r\n\r\n"
        b"--b0--\r\n"
    )


def test_real_boundary_is_random_hex() -> None:
    """Without patching, the boundary is 32 fresh hex characters per body."""
    _, first = encode_multipart([("a", None, b"", "text/plain")])
    _, second = encode_multipart([("a", None, b"", "text/plain")])
    boundary = first.removeprefix("multipart/form-data; boundary=")
    assert len(boundary) == 32 and int(boundary, 16) >= 0
    assert first != second


@pytest.mark.parametrize(
    "parts",
    [
        [("a", None, b"xx b0 yy", "text/plain")],
        [("a", None, b"", "text/plain"), ("b", None, b"--b0", "text/plain")],
        [("b0", None, b"", "text/plain")],
        [("a", "b0.js", b"", "text/plain")],
    ],
)
def test_boundary_redrawn_when_a_part_contains_it(
    fixed_boundaries: list[str], parts: list[OutgoingPart]
) -> None:
    """A boundary found in any part's content or headers is drawn again."""
    body, content_type = encode_multipart(parts)
    assert fixed_boundaries == ["b0", "b1"]
    assert content_type == "multipart/form-data; boundary=b1"
    assert decode_multipart(body, content_type) == _as_parts(parts)


@pytest.mark.parametrize(
    ("name", "escaped"),
    [('a"b', b"a%22b"), ("a\r\nb", b"a%0D%0Ab"), ("plain", b"plain"), ("ünï", "ünï".encode())],
)
def test_names_escaped_like_browsers(fixed_boundaries: list[str], name: str, escaped: bytes) -> None:
    """Quotes, CR and LF in names and filenames are percent-escaped (WHATWG) and decoded back."""
    body, content_type = encode_multipart([(name, name, b"v", "text/plain")])
    assert b'name="' + escaped + b'"; filename="' + escaped + b'"\r\n' in body
    assert decode_multipart(body, content_type) == [Part(name, name, "text/plain", b"v")]


def test_content_type_with_crlf_is_rejected() -> None:
    """A content type that would inject a header raises InvalidInput."""
    with pytest.raises(
        InvalidInput, match=r"^part 'a': content type 'text/plain\\r\\nX: y' contains control"
    ):
        encode_multipart([("a", None, b"", "text/plain\r\nX: y")])


def _hostile_contents() -> list[bytes]:
    rng = random.Random(20240806)
    return [
        INJECTION,
        b"",
        b"\r\n",
        b"\r\n\r\n--\r\n",
        b"--+++",
        b"--+++--",
        b"line\r\n--\r\n--boundary\r\n--\r\n",
        b"\n--b0\n",
        b"\r",
        b"ends with CR\r",
        b"--\r\n--",
        b'Content-Disposition: form-data; name="x"\r\n\r\n',
        bytes(range(256)) * 4,
        rng.randbytes(4096),
        rng.randbytes(1),
        b"\xff\xfe\x00\r\n\xc3(",
    ]


def _standard_parse(body: bytes, content_type: str) -> list[Part]:
    """Parse with the independent oracle (python-multipart's streaming parser, fed in odd-sized chunks)."""
    return [Part(*part) for part in parse_multipart(body, content_type)]


def test_hostile_contents_round_trip() -> None:
    """Contents with boundary look-alikes, CRLFs and random bytes decode to exactly the parts sent,
    both with our reader and with python-multipart."""
    sent: list[OutgoingPart] = [("metadata", None, b'{"main_module":"index.js"}', "application/json")]
    sent += [
        (f"m{i}.bin", f"m{i}.bin", content, "application/octet-stream")
        for i, content in enumerate(_hostile_contents())
    ]
    body, content_type = encode_multipart(sent)
    assert decode_multipart(body, content_type) == _as_parts(sent)
    assert _standard_parse(body, content_type) == _as_parts(sent)


@pytest.mark.parametrize("content", _hostile_contents())
def test_each_hostile_content_alone(content: bytes) -> None:
    """Every hostile content survives on its own, first or last in the body."""
    sent: list[OutgoingPart] = [("index.js", "index.js", content, "application/javascript+module")]
    body, content_type = encode_multipart(sent)
    assert decode_multipart(body, content_type) == _as_parts(sent)
    assert _standard_parse(body, content_type) == _as_parts(sent)


_FRAGMENTS = [
    b"\r\n",
    b"\r",
    b"\n",
    b"--",
    b"--+++",
    b"--+++--",
    b"\r\n--+++\r\n",
    b'name="metadata"',
    b"\r\n\r\n",
]


def _random_parts(rng: random.Random, name_chars: str) -> list[OutgoingPart]:
    parts: list[OutgoingPart] = []
    for _ in range(rng.randrange(0, 6)):
        name = "".join(rng.choice(name_chars) for _ in range(rng.randrange(1, 12)))
        content = b"".join(
            rng.choice(_FRAGMENTS) if rng.random() < 0.6 else rng.randbytes(rng.randrange(0, 40))
            for _ in range(rng.randrange(0, 12))
        )
        filename = None if rng.random() < 0.3 else name + ".js"
        parts.append((name, filename, content, rng.choice(["text/plain", "application/octet-stream"])))
    return parts


@pytest.mark.parametrize("seed", range(40))
def test_random_part_lists_round_trip(seed: int) -> None:
    """Random part lists built from boundary look-alikes, CR/LF and random bytes round-trip exactly:
    with quotes, CR and LF in names through our reader, and with plain names through python-multipart."""
    rng = random.Random(seed)
    tricky = _random_parts(rng, 'ab-_./ é"\r\n+')
    body, content_type = encode_multipart(tricky)
    assert decode_multipart(body, content_type) == _as_parts(tricky)
    plain = _random_parts(rng, "ab-_./+")
    body, content_type = encode_multipart(plain)
    assert decode_multipart(body, content_type) == _as_parts(plain)
    assert _standard_parse(body, content_type) == _as_parts(plain)


def test_injection_cannot_add_a_metadata_part() -> None:
    """The generator's '+++' injection stays inside its module: one metadata part, the real one."""
    bundle = WorkerBundle.es_module(Module.from_bytes("index.js", INJECTION))
    body, content_type = encode_multipart(bundle_parts(bundle, {"main_module": "index.js"}))
    parsed = _standard_parse(body, content_type)
    assert [part.name for part in parsed] == ["metadata", "index.js"]
    assert parsed[0].content == b'{"main_module":"index.js"}'
    assert parsed[1].content == INJECTION


def test_ten_megabyte_module_is_encoded_with_one_copy() -> None:
    """A 10 MB module costs one copy: peak memory while encoding stays near the body's own size."""
    content = random.Random(7).randbytes(10 * 1024 * 1024)
    sent: list[OutgoingPart] = [("big.wasm", "big.wasm", content, "application/wasm")]
    tracemalloc.start()
    try:
        body, content_type = encode_multipart(sent)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    boundary = content_type.removeprefix("multipart/form-data; boundary=").encode()
    head = (
        b'Content-Disposition: form-data; name="big.wasm"; filename="big.wasm"\r\n'
        b"Content-Type: application/wasm"
    )
    assert body == b"--%s\r\n%s\r\n\r\n%s\r\n--%s--\r\n" % (boundary, head, content, boundary)
    assert peak < len(content) * 1.1
    [part] = decode_multipart(body, content_type)
    assert part.content == content


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (
            b"preamble\r\n--xyz  \t\r\ncontent-disposition: form-data; name=a\r\n\r\n"
            b"1\r\n--xyz--\r\nepilogue",
            "Multipart/Form-Data; charset=utf-8; boundary=xyz",
            [Part("a", None, None, b"1")],
        ),
        (
            b'--q q\r\nContent-Disposition: attachment; filename="f.js"\r\n'
            b"Content-Type: application/javascript+module\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            b"export {}\r\n--q q--",
            'multipart/mixed; boundary="q q"',
            [Part("f.js", "f.js", "application/javascript+module", b"export {}")],
        ),
        (b"--+++--\r\n", "multipart/form-data; boundary=+++", []),
    ],
)
def test_decode_accepts_valid_variants(body: bytes, content_type: str, expected: list[Part]) -> None:
    """Quoted boundaries, preamble/epilogue, padding, multipart/mixed and empty bodies are read."""
    assert decode_multipart(body, content_type) == expected


GOOD_PART = b'Content-Disposition: form-data; name="a"\r\n\r\nv\r\n'


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"", "application/json", "expected multipart/form-data or multipart/mixed, got 'application/json'"),
        (b"", "multipart/form-data", "no boundary in Content-Type 'multipart/form-data'"),
        (b"", "multipart/form-data; boundary=", "invalid boundary '' in Content-Type"),
        (
            b"",
            "multipart/form-data; boundary=a" + "b" * 70,
            "invalid boundary 'a" + "b" * 70 + "' in Content-Type",
        ),
        (b"", "multipart/form-data; boundary=x;", "malformed parameters in Content-Type: "),
        (b"", "multipart/form-data; boundary=x; boundary=y", "parameter 'boundary' repeated in Content-Type"),
        (b"", "multipart/form-data; boundary=x", "no opening boundary in the body"),
        (b"--x\r\n" + GOOD_PART, "multipart/form-data; boundary=x", "part 0: no closing delimiter"),
        (
            b"--x\r\n" + GOOD_PART + b"--x\r\n",
            "multipart/form-data; boundary=x",
            "part 1: missing headers",
        ),
        (
            b"--x\r\n" + GOOD_PART + b"--x",
            "multipart/form-data; boundary=x",
            "malformed boundary line before part 1",
        ),
        (b"--x\r\n" + GOOD_PART[:-3], "multipart/form-data; boundary=x", "part 0: no closing delimiter"),
        (
            b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--x--',
            'multipart/form-data; boundary="\\"x\\""',
            "malformed parameters in Content-Type",
        ),
        (
            b"--x\r\nContent-Disposition: form-data",
            "multipart/form-data; boundary=x",
            "part 0: missing headers",
        ),
        (b"--x\r\n\r\nv\r\n--x--", "multipart/form-data; boundary=x", "part 0: missing headers"),
        (
            b"--xy\r\n" + GOOD_PART + b"--x--",
            "multipart/form-data; boundary=x",
            "malformed boundary line before part 0",
        ),
        (
            b"--x\n" + GOOD_PART + b"--x--",
            "multipart/form-data; boundary=x",
            "malformed boundary line before part 0",
        ),
        (
            b"--x\r\n" + GOOD_PART + b"--xtra\r\n" + GOOD_PART + b"--x--",
            "multipart/form-data; boundary=x",
            "malformed boundary line before part 1",
        ),
        (
            b"--x\r\nNo colon here\r\n\r\nv\r\n--x--",
            "multipart/form-data; boundary=x",
            "part 0: header line without",
        ),
        (
            b"--x\r\nBad Name: 1\r\n\r\nv\r\n--x--",
            "multipart/form-data; boundary=x",
            "part 0: invalid header name",
        ),
        (
            b'--x\r\nContent-Disposition: form-data; name="\xff"\r\n\r\nv\r\n--x--',
            "multipart/form-data; boundary=x",
            "part 0: header 'content-disposition' is not valid UTF-8",
        ),
        (
            b'--x\r\nContent-Disposition: form-data; name="a\nb"\r\n\r\nv\r\n--x--',
            "multipart/form-data; boundary=x",
            "part 0: control character in header 'Content-Disposition'",
        ),
        (
            b"--x\r\n"
            + b"Content-Type: a\r\n"
            + GOOD_PART.replace(b"\r\n\r\n", b"\r\nContent-type: b\r\n\r\n"),
            "multipart/form-data; boundary=x",
            "part 0: header 'content-type' repeated",
        ),
        (
            b"--x\r\nContent-Type: text/plain\r\n\r\nv\r\n--x--",
            "multipart/form-data; boundary=x",
            "part 0: no Content-Disp",
        ),
        (
            b"--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--",
            "multipart/form-data; boundary=x",
            "part 0: Content-Disposition has no name: 'form-data'",
        ),
        (
            b'--x\r\nContent-Disposition: form-data; name="a\r\n\r\nv\r\n--x--',
            "multipart/form-data; boundary=x",
            "malformed parameters in part 0 Content-Disposition",
        ),
        (
            b"--x\r\nContent-Transfer-Encoding: base64\r\n" + GOOD_PART + b"--x--",
            "multipart/form-data; boundary=x",
            "part 0: unsupported Content-Transfer-Encoding 'base64'",
        ),
    ],
)
def test_decode_rejects_malformed(body: bytes, content_type: str, message: str) -> None:
    """Each kind of malformed body or header raises MultipartError (a ValueError) saying what is wrong."""
    with pytest.raises(MultipartError) as info:
        decode_multipart(body, content_type)
    assert str(info.value).startswith(message)
    assert isinstance(info.value, ValueError)


def test_decode_never_raises_other_errors_on_truncation() -> None:
    """Every truncation of a valid body is either read or rejected with MultipartError, nothing else."""
    sent: list[OutgoingPart] = [
        ("metadata", None, b"{}", "application/json"),
        ("a.js", "a.js", b"x", "text/plain"),
    ]
    body, content_type = encode_multipart(sent)
    outcomes = set()
    for end in range(len(body) + 1):
        try:
            outcomes.add(len(decode_multipart(body[:end], content_type)))
        except MultipartError:
            outcomes.add(-1)
    assert outcomes == {-1, 2}


def test_bundle_parts_exact() -> None:
    """Upload parts: compact JSON metadata first, then each module named (and filenamed) by its name."""
    bundle = WorkerBundle.es_module(
        "export default {}",
        Module.from_bytes("lib/add.wasm", b"\0asm"),
        Module.from_text("requirements.txt", ""),
    )
    parts = bundle_parts(bundle, {"main_module": "index.js", "bindings": [{"name": "A", "type": "ai"}]})
    assert parts == [
        (
            "metadata",
            None,
            b'{"main_module":"index.js","bindings":[{"name":"A","type":"ai"}]}',
            "application/json",
        ),
        ("index.js", "index.js", b"export default {}", "application/javascript+module"),
        ("lib/add.wasm", "lib/add.wasm", b"\0asm", "application/wasm"),
        ("requirements.txt", "requirements.txt", b"", "text/x-python-requirement"),
    ]


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        (
            {"main_module": "other.js"},
            "metadata main_module 'other.js' does not match the bundle's 'index.js'",
        ),
        ({"body_part": "index.js"}, "metadata body_part 'index.js' does not match the bundle's None"),
        (
            {"x": object()},
            "upload metadata is not JSON-serializable: Object of type object is not JSON serializable",
        ),
        (
            {"x": float("nan")},
            "upload metadata is not JSON-serializable: Out of range float values are not JSON",
        ),
    ],
)
def test_bundle_parts_rejects_bad_metadata(metadata: dict[str, object], message: str) -> None:
    """Metadata that disagrees with the bundle, or is not JSON, raises InvalidInput before any request."""
    with pytest.raises(InvalidInput) as info:
        bundle_parts(WorkerBundle.es_module("x"), metadata)
    assert str(info.value).startswith(message)


def test_upload_then_read_back_is_exact() -> None:
    """Encoding a bundle's parts and reading them back gives the same modules: names, bytes and types."""
    bundle = WorkerBundle.es_module(
        Module.from_bytes("index.js", INJECTION),
        Module.from_bytes("lib/ünï code.py", b"print(1)\r\n"),
        Module.from_bytes("data.bin", bytes(range(256))),
        Module.from_bytes("a.js.map", b"{}"),
        Module.from_text("m.txt", "", "text/plain"),
    )
    body, content_type = encode_multipart(bundle_parts(bundle, {"main_module": "index.js"}))
    assert modules_from_parts(decode_multipart(body, content_type)) == bundle.modules


@pytest.mark.parametrize(
    ("part", "module"),
    [
        (
            Part("a.js", "a.js", "application/javascript+module; charset=utf-8", b"x"),
            Module("a.js", b"x", "application/javascript+module"),
        ),
        (Part("a.py", None, " TEXT/X-PYTHON ", b"x"), Module("a.py", b"x", "text/x-python")),
        (Part("a.wasm", None, None, b"x"), Module("a.wasm", b"x", "application/wasm")),
    ],
)
def test_modules_from_parts_normalizes_content_types(part: Part, module: Module) -> None:
    """Parameters and case are dropped from a part's type; a missing type is inferred from the name."""
    assert modules_from_parts([Part("metadata", None, "application/json", b"{}"), part]) == (module,)


@pytest.mark.parametrize(
    ("part", "message"),
    [
        (Part("a.js", None, "image/png", b""), "part 'a.js' has an unknown module content type 'image/png'"),
        (
            Part("../a.js", None, "text/plain", b""),
            "part '../a.js' is not a valid module: invalid module name '../a.js': must not contain empty",
        ),
    ],
)
def test_modules_from_parts_rejects_bad_parts(part: Part, message: str) -> None:
    """A part that cannot be a module raises MultipartError."""
    with pytest.raises(MultipartError) as info:
        modules_from_parts([part])
    assert str(info.value).startswith(message)


def test_part_repr_hides_content() -> None:
    """A Part's repr shows its size, not its bytes."""
    part = Part("a", "f", "text/plain", b"secret" * 10)
    assert repr(part) == "Part(name='a', filename='f', content_type='text/plain', size=60)"


def test_metadata_part_is_json() -> None:
    """The metadata part parses back to the mapping given."""
    metadata = {"main_module": "index.js", "compatibility_date": "2024-08-06", "tags": ["a"]}
    [first, _] = bundle_parts(WorkerBundle.es_module("x"), metadata)
    assert json.loads(first[2]) == metadata
