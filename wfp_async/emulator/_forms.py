"""multipart/form-data, read and written byte for byte (stdlib only).

:func:`parse_form` splits a request body into :class:`Part` values without decoding or normalising
their bytes; :func:`build_form` writes parts back with a fresh random boundary that occurs in no part.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

import attrs


class FormError(ValueError):
    """The body is not well-formed multipart/form-data."""


@attrs.frozen
class Part:
    """One form part: its name, optional filename and content type, and its exact bytes."""

    name: str
    data: bytes
    content_type: str | None = None
    filename: str | None = None


def media_type(header: str | None) -> str:
    """The bare, lower-cased media type of a Content-Type header (``""`` when absent)."""
    return (header or "").split(";", 1)[0].strip().lower()


# One parameter: `; name=token` or `; name="quoted \\" string"`; the quoted form has no ambiguous
# repetition, so matching is linear in the header's length.
_PARAM = re.compile(r';[ \t]*([^=;\s]*)[ \t]*(?:=[ \t]*(?:"((?:[^"\\]|\\.)*)"?|([^;]*)))?', re.DOTALL)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def header_params(value: str) -> dict[str, str]:
    """The parameters of a header value (``form-data; name="a"; filename=b``), in one linear pass.

    Names are lower-cased, the first of duplicates wins, quoted strings lose their quotes and backslash
    escapes. Starred (RFC 2231/5987) parameters are ignored: RFC 7578 section 4.2 forbids them in
    multipart/form-data, and a boundary is a plain parameter (RFC 2046). ``header_params('a; b="c"')`` is
    ``{"b": "c"}``.
    """
    params: dict[str, str] = {}
    for match in _PARAM.finditer(value):
        name, quoted, bare = match.groups()
        name = name.lower()
        if not name or name.endswith("*") or name in params or (quoted is None and bare is None):
            continue
        params[name] = _ESCAPE.sub(r"\1", quoted) if quoted is not None else bare.strip()
    return params


def boundary_of(content_type: str | None) -> str:
    """The boundary of a multipart/form-data Content-Type header; raises FormError otherwise."""
    if media_type(content_type) != "multipart/form-data":
        raise FormError("Content-Type must be multipart/form-data")
    assert content_type is not None
    boundary = header_params(content_type).get("boundary")
    if not boundary:
        raise FormError("multipart/form-data without a boundary")
    return boundary


def _parse_headers(block: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in block.decode("utf-8", "replace").split("\r\n"):
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise FormError(f"malformed part header {line!r}")
        headers[name.strip().lower()] = value.strip()
    return headers


def parse_form(content_type: str | None, body: bytes) -> list[Part]:
    """Split a multipart/form-data body into its parts, in order, bytes untouched."""
    delimiter = b"--" + boundary_of(content_type).encode("latin-1")
    if body.startswith(delimiter):
        pos = len(delimiter)
    else:
        first = body.find(b"\r\n" + delimiter)
        if first < 0:
            raise FormError("no boundary found in the body")
        pos = first + 2 + len(delimiter)
    parts: list[Part] = []
    while True:
        if body[pos : pos + 2] == b"--":
            return parts
        eol = body.find(b"\r\n", pos)
        if eol < 0 or body[pos:eol].strip(b" \t"):
            raise FormError("malformed boundary line")
        start = eol + 2
        end = body.find(b"\r\n" + delimiter, start)
        if end < 0:
            raise FormError("the body ends before its closing boundary")
        raw = body[start:end]
        if raw.startswith(b"\r\n"):
            header_block, data = b"", raw[2:]
        else:
            split = raw.find(b"\r\n\r\n")
            if split < 0:
                raise FormError("part without a blank line after its headers")
            header_block, data = raw[:split], raw[split + 4 :]
        headers = _parse_headers(header_block)
        disposition = headers.get("content-disposition")
        if disposition is None or media_type(disposition) != "form-data":
            raise FormError("part without Content-Disposition: form-data")
        params = header_params(disposition)
        name = params.get("name")
        if name is None:
            raise FormError("part without a name")
        filename = params.get("filename")
        parts.append(Part(name, data, headers.get("content-type"), filename))
        pos = end + 2 + len(delimiter)


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def build_form(parts: Sequence[Part]) -> tuple[bytes, str]:
    """Encode parts as multipart/form-data; returns (body, boundary). The boundary is random."""
    while True:
        boundary = "emu-" + secrets.token_hex(16)
        marker = boundary.encode()
        if not any(marker in part.data for part in parts):
            break
    chunks: list[bytes] = []
    for part in parts:
        disposition = f'form-data; name="{_quote(part.name)}"'
        if part.filename is not None:
            disposition += f'; filename="{_quote(part.filename)}"'
        head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        if part.content_type is not None:
            head += f"Content-Type: {part.content_type}\r\n"
        chunks += [head.encode(), b"\r\n", part.data, b"\r\n"]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), boundary
