"""Request values read defensively: JSON documents and the text rules every name in them follows.

Every JSON the emulator reads (a request body, the ``metadata`` or ``settings`` part) goes through
:func:`load_json`, which answers a Cloudflare 400 instead of raising whatever the parser raises: malformed
JSON, JSON nested deeper than :data:`MAX_DEPTH` (100,000 levels would exhaust the interpreter's stack),
and strings holding lone surrogates (``"\\ud800"`` is valid JSON but no UTF-8 text, so a tag or a secret
name made of it could never be written back in an answer). The checks take one pass over the value.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ._answers import ApiError

Json = Any

MAX_DEPTH = 128
"""The deepest nesting accepted in a JSON document (Worker metadata is a few levels deep)."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def load_json(data: bytes | str, error: ApiError) -> Json:
    """``data`` parsed as JSON, or ``error`` raised when it is malformed, too deep or not UTF-8 text.

    ``load_json(b'{"a": 1}', ApiError(400, 6007, "Malformed JSON in request body"))`` is ``{"a": 1}``.
    """
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise error from None
    _check(value, error)
    return value


def _check(value: Json, error: ApiError) -> None:
    """Depth and text checks without recursion: one walk with an explicit stack."""
    stack: list[tuple[Json, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise error
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise error
            if isinstance(item, dict):
                for key, child in item.items():
                    if _SURROGATE.search(key):
                        raise error
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in item)


def has_control(text: str) -> bool:
    """Whether ``text`` holds a C0/C1 control character (CR, LF, NUL...): ``has_control("a\\nb")``."""
    return _CONTROL.search(text) is not None
