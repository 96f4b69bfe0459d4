"""multipart/form-data, both ways: the upload bodies we send and the multipart answers we read.

Upload bodies are encoded here rather than by the generated code: every module is a part of its own
with its own content type (asset parts too), and the body must be bytes so that a retry re-sends exactly
the same request. The boundary is random (``secrets.token_hex``), never the generator's injectable
``+++``, and is drawn again if any part happens to contain it. Field names and filenames are escaped as
browsers do (WHATWG: ``"`` -> ``%22``, CR -> ``%0D``, LF -> ``%0A``) and the reader undoes exactly those
escapes, so a name that holds one of those three literal sequences does not survive the trip (module
names may not contain them).

The reader is strict and binary-safe: anything malformed raises :class:`MultipartError` (a
``ValueError``; the client maps it to its ``InvalidResponse``), never ``IndexError`` or
``UnicodeDecodeError``.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence

import attrs

from wfp_async._errors import InvalidInput, MultipartError
from wfp_async._modules import MODULE_CONTENT_TYPES, Module, WorkerBundle, infer_content_type
from wfp_async._names import check_json_value

__all__ = [
    "OutgoingPart",
    "Part",
    "bundle_parts",
    "decode_multipart",
    "encode_json",
    "encode_multipart",
    "modules_from_parts",
]

OutgoingPart = tuple[str, str | None, bytes, str]
"""One part to send: (field name, filename or None, content, content type)."""

METADATA_PART = "metadata"
_MULTIPART_TYPES = frozenset({"multipart/form-data", "multipart/mixed"})
_PLAIN_ENCODINGS = frozenset({"7bit", "8bit", "binary"})
_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_PARAM = re.compile(rf';[ \t]*({_TOKEN})[ \t]*=[ \t]*(?:"([^"]*)"|([^;\s"]*))[ \t]*')
_HEADER_NAME = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HEADER_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]")  # RFC 2046 bchars


@attrs.frozen(repr=False)
class Part:
    """One part read from a multipart body."""

    name: str
    filename: str | None
    content_type: str | None
    content: bytes

    def __repr__(self) -> str:
        return (
            f"Part(name={self.name!r}, filename={self.filename!r}, "
            f"content_type={self.content_type!r}, size={len(self.content)})"
        )


def _escape(value: str) -> str:
    return value.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _unescape(value: str) -> str:
    return value.replace("%0A", "\n").replace("%0D", "\r").replace("%22", '"')


def encode_multipart(parts: Sequence[OutgoingPart]) -> tuple[bytes, str]:
    """Encode parts as multipart/form-data: returns (body, the whole Content-Type header value)."""
    heads: list[bytes] = []
    for name, filename, _, content_type in parts:
        if _HEADER_CONTROL.search(content_type.encode()):
            raise InvalidInput(f"part {name!r}: content type {content_type!r} contains control characters")
        disposition = f'form-data; name="{_escape(name)}"'
        if filename is not None:
            disposition += f'; filename="{_escape(filename)}"'
        heads.append(f"Content-Disposition: {disposition}\r\nContent-Type: {content_type}\r\n\r\n".encode())
    while True:
        boundary = secrets.token_hex(16)
        marker = boundary.encode()
        if not any(marker in head or marker in part[2] for head, part in zip(heads, parts, strict=True)):
            break
    dash = b"--" + marker
    chunks: list[bytes] = []
    for head, part in zip(heads, parts, strict=True):
        chunks += (dash, b"\r\n", head, part[2], b"\r\n")
    chunks += (dash, b"--\r\n")
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def _parse_header_value(value: str, what: str) -> tuple[str, dict[str, str]]:
    """Split ``main; key=value; key="quoted"`` into the lower-cased main value and its parameters."""
    end = value.find(";")
    main = (value if end < 0 else value[:end]).strip().lower()
    params: dict[str, str] = {}
    pos = len(value) if end < 0 else end
    while pos < len(value):
        match = _PARAM.match(value, pos)
        if match is None:
            raise MultipartError(f"malformed parameters in {what}: {value!r}")
        key = match[1].lower()
        if key in params:
            raise MultipartError(f"parameter {key!r} repeated in {what}: {value!r}")
        params[key] = match[2] if match[2] is not None else match[3]
        pos = match.end()
    return main, params


def _boundary_of(content_type_header: str) -> bytes:
    media_type, params = _parse_header_value(content_type_header, "Content-Type")
    if media_type not in _MULTIPART_TYPES:
        raise MultipartError(f"expected multipart/form-data or multipart/mixed, got {content_type_header!r}")
    boundary = params.get("boundary")
    if boundary is None:
        raise MultipartError(f"no boundary in Content-Type {content_type_header!r}")
    if not _BOUNDARY.fullmatch(boundary):
        raise MultipartError(f"invalid boundary {boundary!r} in Content-Type")
    return boundary.encode()


def _read_headers(block: bytes, index: int) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in block.split(b"\r\n"):
        raw_name, colon, raw_value = line.partition(b":")
        if not colon:
            raise MultipartError(f"part {index}: header line without a colon: {line[:60]!r}")
        if not _HEADER_NAME.fullmatch(raw_name):
            raise MultipartError(f"part {index}: invalid header name {raw_name[:60]!r}")
        if _HEADER_CONTROL.search(raw_value):
            raise MultipartError(f"part {index}: control character in header {raw_name.decode()!r}")
        name = raw_name.decode().lower()
        if name in headers:
            raise MultipartError(f"part {index}: header {name!r} repeated")
        try:
            headers[name] = raw_value.decode().strip(" \t")
        except UnicodeDecodeError as exc:
            raise MultipartError(f"part {index}: header {name!r} is not valid UTF-8") from exc
    return headers


def _make_part(headers: dict[str, str], content: bytes, index: int) -> Part:
    disposition = headers.get("content-disposition")
    if disposition is None:
        raise MultipartError(f"part {index}: no Content-Disposition header")
    _, params = _parse_header_value(disposition, f"part {index} Content-Disposition")
    encoding = headers.get("content-transfer-encoding", "binary").lower()
    if encoding not in _PLAIN_ENCODINGS:
        raise MultipartError(f"part {index}: unsupported Content-Transfer-Encoding {encoding!r}")
    filename = params.get("filename")
    name = params.get("name", filename)
    if name is None:
        raise MultipartError(f"part {index}: Content-Disposition has no name: {disposition!r}")
    return Part(
        name=_unescape(name),
        filename=None if filename is None else _unescape(filename),
        content_type=headers.get("content-type"),
        content=content,
    )


def decode_multipart(body: bytes, content_type_header: str) -> list[Part]:
    """Read a multipart/form-data or multipart/mixed body; the boundary comes from the header."""
    dash = b"--" + _boundary_of(content_type_header)
    delimiter = b"\r\n" + dash
    if body.startswith(dash):
        pos = len(dash)
    else:
        first = body.find(delimiter)  # anything before it is the preamble
        if first < 0:
            raise MultipartError("no opening boundary in the body")
        pos = first + len(delimiter)
    parts: list[Part] = []
    while not body.startswith(b"--", pos):  # a close delimiter ends the body; the epilogue is ignored
        while body[pos : pos + 1] in (b" ", b"\t"):
            pos += 1
        if not body.startswith(b"\r\n", pos):
            raise MultipartError(f"malformed boundary line before part {len(parts)}")
        pos += 2
        headers_end = body.find(b"\r\n\r\n", pos)
        if headers_end < 0 or body.startswith(b"\r\n", pos):
            raise MultipartError(f"part {len(parts)}: missing headers")
        headers = _read_headers(body[pos:headers_end], len(parts))
        start = headers_end + 4
        end = body.find(delimiter, start)
        if end < 0:
            raise MultipartError(f"part {len(parts)}: no closing delimiter (truncated body?)")
        parts.append(_make_part(headers, body[start:end], len(parts)))
        pos = end + len(delimiter)
    return parts


def bundle_parts(bundle: WorkerBundle, metadata: Mapping[str, object] | bytes) -> list[OutgoingPart]:
    """The upload's parts: the ``metadata`` JSON first, then one part per module, named by its file name.

    ``metadata`` is a mapping to encode, or JSON already encoded by :func:`encode_json` (an upload's).
    """
    if not isinstance(metadata, bytes):
        for key, entry in (("main_module", bundle.main_module), ("body_part", bundle.body_part)):
            named = metadata.get(key)
            if named is not None and named != entry:
                raise InvalidInput(f"metadata {key} {named!r} does not match the bundle's {entry!r}")
        metadata = encode_json(metadata)
    parts: list[OutgoingPart] = [(METADATA_PART, None, metadata, "application/json")]
    parts += [(module.name, module.name, module.content, module.content_type) for module in bundle.modules]
    return parts


# ``json.dumps`` with options builds a new encoder on each call; this one is made once (it holds only its
# options, no state between calls).
_ENCODER = json.JSONEncoder(separators=(",", ":"), allow_nan=False, check_circular=False)


def encode_json(value: object) -> bytes:
    """``value`` as compact JSON (non-ASCII escaped); :class:`~wfp_async.InvalidInput` for what JSON cannot
    carry (NaN, a lone surrogate, a set, ...), with a message that never holds the value."""
    problem = None
    try:
        text = _ENCODER.encode(value)
    except RecursionError:
        problem = "nested too deeply"
    except (TypeError, ValueError) as exc:
        problem = str(exc)[:200]
    if problem is not None:
        # Raised outside the except block: the cause chain must not carry the metadata (secrets).
        raise InvalidInput(f"upload metadata is not JSON-serializable: {problem}")
    if "\\ud" in text:
        # ensure_ascii escaped a surrogate: refuse a lone one (a valid pair is an astral character). Decoded
        # again, lone surrogates stay lone, and the check names the field that holds one.
        check_json_value(json.loads(text), "upload metadata")
    return text.encode()


def modules_from_parts(parts: Iterable[Part]) -> tuple[Module, ...]:
    """The modules of a multipart script-content answer (a ``metadata`` part is skipped).

    A part's content type loses its parameters (``; charset=utf-8``); a part without one gets the type
    inferred from its name.
    """
    modules: list[Module] = []
    for part in parts:
        if part.name == METADATA_PART:
            continue
        if part.content_type is None:
            content_type = infer_content_type(part.name)
        else:
            content_type = part.content_type.partition(";")[0].strip().lower()
        if content_type not in MODULE_CONTENT_TYPES:
            raise MultipartError(
                f"part {part.name!r} has an unknown module content type {part.content_type!r}"
            )
        try:
            modules.append(Module(part.name, part.content, content_type))
        except InvalidInput as exc:
            raise MultipartError(f"part {part.name!r} is not a valid module: {exc}") from exc
    return tuple(modules)
