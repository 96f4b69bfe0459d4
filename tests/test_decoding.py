"""Encoded answers are decoded whole or refused: a gzip or deflate body cut short never reads as a module."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest

from wfp_async import NO_RETRY, Module, ScriptContent, TransportError, WfpClient
from wfp_async._decoding import ACCEPT_ENCODING, BadEncoding, decode_body

SOURCE = b"export default { fetch() { return new Response('hello from a module that is long enough'); } };"
PATH = "/client/v4/accounts/ACC/workers/dispatch/namespaces/tenants/scripts/acme/content"


def _deflate(data: bytes, wbits: int) -> bytes:
    compressor = zlib.compressobj(wbits=wbits)
    return compressor.compress(data) + compressor.flush()


# mtime=0: the same bytes, and so the same test ids, in every run (gzip writes the time into its header).
GZIP = gzip.compress(SOURCE, mtime=0)
ZLIB = _deflate(SOURCE, zlib.MAX_WBITS)
RAW_DEFLATE = _deflate(SOURCE, -zlib.MAX_WBITS)


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (GZIP, "gzip"),
        (GZIP, "x-gzip"),
        (gzip.compress(SOURCE[:40], mtime=0) + gzip.compress(SOURCE[40:], mtime=0), "gzip"),
        (ZLIB, "deflate"),
        (RAW_DEFLATE, "deflate"),
        (SOURCE, "identity"),
        (SOURCE, None),
        (gzip.compress(ZLIB, mtime=0), "deflate, gzip"),
    ],
)
def test_whole_bodies_decode_exactly(raw: bytes, encoding: str | None) -> None:
    """Every well-formed coding (gzip members, zlib or raw deflate, stacked codings) decodes exactly."""
    assert decode_body(raw, encoding) == SOURCE


@pytest.mark.parametrize(
    ("raw", "encoding", "message"),
    [
        (GZIP[:-8], "gzip", "the gzip body was cut short"),
        (GZIP[: len(GZIP) // 2], "gzip", "the gzip body was cut short"),
        (GZIP[:10], "gzip", "the gzip body was cut short"),
        (
            GZIP + b"\x00\x00",
            "gzip",
            "the gzip body is corrupt (Error -3 while decompressing data: incorrect header check)",
        ),
        (b"\x1f\x8b\x08\x00garbage-after-a-gzip-header", "gzip", "the gzip body is corrupt"),
        (ZLIB[:-4], "deflate", "the deflate body was cut short"),
        (RAW_DEFLATE[:-3], "deflate", "the deflate body was cut short"),
        (ZLIB + b"tail", "deflate", "the deflate body has 4 bytes after its end"),
        (SOURCE, "br", "unsupported Content-Encoding 'br'"),
    ],
    ids=lambda value: f"{len(value)}B" if isinstance(value, bytes) else None,
)
def test_bodies_that_do_not_end_properly_are_refused(raw: bytes, encoding: str, message: str) -> None:
    """Cut short, trailing garbage, garbage after a gzip header, or an unknown coding: BadEncoding."""
    with pytest.raises(BadEncoding) as caught:
        decode_body(raw, encoding)
    assert str(caught.value).startswith(message)


class Unread(httpx.AsyncByteStream):
    """A response body that arrives as a network stream does (httpx does not read it in advance)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.body[:7]
        yield self.body[7:]


def _client(answer: bytes, encoding: str, sent: list[httpx.Request]) -> WfpClient:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        headers = {"Content-Type": "application/javascript", "Content-Encoding": encoding}
        return httpx.Response(200, headers=headers, stream=Unread(answer))

    return WfpClient(
        account_id="ACC",
        api_token="tok",
        base_url="https://api.example.test/client/v4",
        transport=httpx.MockTransport(handler),
        retry=NO_RETRY,
    )


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_content_get_refuses_a_module_cut_short(encoding: str) -> None:
    """content.get of an encoded module cut short raises TransportError instead of a truncated module."""
    body = (GZIP if encoding == "gzip" else ZLIB)[:-6]
    sent: list[httpx.Request] = []
    async with _client(body, encoding, sent) as cf:
        with pytest.raises(TransportError) as caught:
            await cf.content.get("tenants", "acme")
    assert (
        str(caught.value) == f"GET {PATH} -> the answer could not be read: the {encoding} body was cut short"
    )
    assert [(r.method, r.url.path, r.headers["accept-encoding"]) for r in sent] == [
        ("GET", PATH, ACCEPT_ENCODING)
    ]


async def test_content_get_reads_a_whole_encoded_module() -> None:
    """A whole gzip answer gives the module byte for byte, as the server had it before encoding."""
    sent: list[httpx.Request] = []
    async with _client(GZIP, "gzip", sent) as cf:
        content = await cf.content.get("tenants", "acme")
    assert content == ScriptContent(modules=(Module("worker.js", SOURCE, "application/javascript"),))
    assert len(sent) == 1
