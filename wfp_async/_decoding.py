"""Strict ``Content-Encoding`` decoding: an encoded body is returned whole, or refused.

httpx's decoders accept a gzip or deflate stream that stops early (they never check that the stream
ended), so a cut-short answer would read as a shorter, valid-looking body: a module missing its end.
:func:`decode_body` checks that every compressed stream reached its end marker, with nothing after it.
Pure: bytes in, bytes out or :class:`BadEncoding`.
"""

from __future__ import annotations

import zlib

__all__ = ["ACCEPT_ENCODING", "BadEncoding", "decode_body"]

# What we ask servers for: exactly the codings decode_body checks.
ACCEPT_ENCODING = "gzip, deflate"


class BadEncoding(ValueError):
    """The body does not match its ``Content-Encoding`` (cut short, garbage, or an unknown coding)."""


def decode_body(raw: bytes, content_encoding: str | None) -> bytes:
    """``raw`` decoded by every coding of the header, last applied first; identity passes through.

    An empty body stays empty (a 204, a HEAD answer). Raises :class:`BadEncoding` otherwise on any
    stream that does not end properly.
    """
    if not content_encoding or not raw:
        return raw
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    data = raw
    for coding in reversed(codings):
        if coding == "identity":
            continue
        if coding in ("gzip", "x-gzip"):
            data = _inflate(data, zlib.MAX_WBITS | 16, coding, members=True)
        elif coding == "deflate":
            # RFC 9110's deflate is the zlib format; some servers send raw deflate: accept both.
            zlib_wrapped = len(data) >= 2 and (data[0] & 0x0F) == 8 and (data[0] << 8 | data[1]) % 31 == 0
            data = _inflate(data, zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS, coding, members=False)
        else:
            raise BadEncoding(f"unsupported Content-Encoding {coding!r}")
    return data


def _inflate(data: bytes, wbits: int, coding: str, *, members: bool) -> bytes:
    out: list[bytes] = []
    while True:
        decompressor = zlib.decompressobj(wbits)
        try:
            out.append(decompressor.decompress(data))
            out.append(decompressor.flush())
        except zlib.error as exc:
            raise BadEncoding(f"the {coding} body is corrupt ({exc})") from None
        if not decompressor.eof:
            raise BadEncoding(f"the {coding} body was cut short")
        data = decompressor.unused_data
        if not data:
            return b"".join(out)
        if not members:
            raise BadEncoding(f"the {coding} body has {len(data)} bytes after its end")
