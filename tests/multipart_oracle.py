"""An independent multipart/form-data parser for tests: python-multipart (the parser Starlette uses).

Tests parse what our code sends with it, so a bug in our own encoder cannot hide behind our own decoder.
"""

from __future__ import annotations

from email.message import Message

from python_multipart.multipart import MultipartParser

OraclePart = tuple[str, str | None, str | None, bytes]  # (name, filename, content type, content)


def _boundary(content_type: str) -> str:
    message = Message()
    message["content-type"] = content_type
    boundary = message.get_param("boundary")
    assert isinstance(boundary, str), content_type
    return boundary


def _disposition(value: str) -> tuple[str, str | None]:
    message = Message()
    message["content-disposition"] = value
    name = message.get_param("name", header="content-disposition")
    filename = message.get_param("filename", header="content-disposition")
    assert isinstance(name, str), value
    return name, filename if isinstance(filename, str) else None


def parse_multipart(body: bytes, content_type: str) -> list[OraclePart]:
    """Every part of a multipart body, in order, as (name, filename, content type, content)."""
    parts: list[OraclePart] = []
    headers: dict[str, str] = {}
    field: list[bytes] = []
    value: list[bytes] = []
    data: list[bytes] = []

    def on_part_begin() -> None:
        headers.clear()
        data.clear()

    def on_header_field(buf: bytes, start: int, end: int) -> None:
        field.append(buf[start:end])

    def on_header_value(buf: bytes, start: int, end: int) -> None:
        value.append(buf[start:end])

    def on_header_end() -> None:
        headers[b"".join(field).decode().lower()] = b"".join(value).decode()
        field.clear()
        value.clear()

    def on_part_data(buf: bytes, start: int, end: int) -> None:
        data.append(buf[start:end])

    def on_part_end() -> None:
        name, filename = _disposition(headers["content-disposition"])
        parts.append((name, filename, headers.get("content-type"), b"".join(data)))

    parser = MultipartParser(
        _boundary(content_type),
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    # Odd-sized chunks, so that boundaries and headers straddle writes as they do on a network.
    sizes = (1, 7, 64, 4093)
    offset = step = 0
    while offset < len(body):
        size = sizes[step % len(sizes)]
        parser.write(body[offset : offset + size])
        offset, step = offset + size, step + 1
    parser.finalize()
    return parts
