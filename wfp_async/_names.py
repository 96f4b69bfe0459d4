"""The validation primitives, and the names that travel in URL paths, checked before any request is sent.

Every argument check of the package is built from these: one control-character rule (:data:`CONTROL`),
one tag limit (:data:`MAX_TAGS`), one positive-int, int-range and bool check, one JSON-value check.

A name such as ``..`` or ``a/b`` would silently change which endpoint a request reaches, so every
account id, namespace, script, tag and secret name passes through one of these checks. The rules are
Cloudflare's published ones (``workers_identifier`` max 32, ``workers_script_name``'s pattern) plus what
keeps a path segment a single segment. Failures raise :class:`~wfp_async._errors.InvalidInput` quoting the
name with ``repr()``: names are not secrets.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import AsyncIterable, Iterable, Mapping
from typing import TypeVar

from wfp_async._errors import InvalidInput

__all__ = [
    "CONTROL",
    "MAX_TAGS",
    "check_account_id",
    "check_bool",
    "check_int_range",
    "check_json_value",
    "check_many",
    "check_namespace_name",
    "check_positive_int",
    "check_script_name",
    "check_secret_name",
    "check_tag",
    "check_tags",
    "check_type",
    "check_unicode",
    "tag_filter",
]

T = TypeVar("T")
MAX_TAGS = 10  # workers_tags.maxItems

_ACCOUNT_ID_MAX = 32  # workers_identifier.maxLength
_SCRIPT_NAME = re.compile(r"[a-z0-9_][a-z0-9\-_]*")  # workers_script_name.pattern, used with fullmatch
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""The one control-character rule: C0, DEL and C1 (Unicode category Cc). ``CONTROL.search(name)``."""
_UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]+")  # RFC 3986 unreserved characters
_DOT_SEGMENTS = frozenset({".", ".."})


def check_type(value: object, cls: type[T] | tuple[type[T], ...], what: str, kind: str) -> T:
    """``value`` if it is a ``cls`` (or one of a tuple of them); else :class:`InvalidInput` ``"{what} must
    be {kind}, not {type}"``; None passes when ``NoneType`` is in the tuple (``(RateLimit, NoneType)``)."""
    if not isinstance(value, cls):
        raise InvalidInput(f"{what} must be {kind}, not {type(value).__name__}")
    return value


def check_positive_int(value: object, what: str, *, or_none: bool = False) -> int | None:
    """``value`` if it is an int of at least 1 (True is no int), or None when ``or_none``; else
    :class:`InvalidInput` ``"{what} must be a positive int[ or None], not {value!r}"``."""
    if or_none and value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(f"{what} must be a positive int{' or None' if or_none else ''}, not {value!r}")
    return value


def check_int_range(value: object, what: str, low: int, high: int, *, or_none: bool = False) -> int:
    """``value`` if it is an int from ``low`` to ``high`` (True is no int); else :class:`InvalidInput`
    ``"{what} must be an int from {low} to {high}[ or None], not {value!r}"``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        none = " or None" if or_none else ""
        raise InvalidInput(f"{what} must be an int from {low} to {high}{none}, not {value!r}")
    return value


def check_bool(value: object, what: str, *, or_none: bool = False, got: bool = False) -> bool | None:
    """``value`` if it is a bool (or None when ``or_none``); else :class:`InvalidInput`
    ``"{what} must be a bool[ or None], not {type}"`` (``got=True``: ``", got {type}"``)."""
    if isinstance(value, bool) or (or_none and value is None):
        return value
    none = " or None" if or_none else ""
    raise InvalidInput(f"{what} must be a bool{none}, {'got' if got else 'not'} {type(value).__name__}")


def _encodes(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_unicode(value: str, field: str) -> str:
    """``value`` unchanged if UTF-8 can encode it; a lone surrogate (what ``os.environ``, argv and stdin
    give for bytes that are not UTF-8) raises :class:`InvalidInput` naming ``field``, never the value."""
    if not _encodes(value):
        raise InvalidInput(_NOT_UNICODE.format(field))
    return value


_NOT_UNICODE = "{} is not valid Unicode text: it holds a lone surrogate (bytes that were not UTF-8?)"
_JSON_DEPTH_MAX = 64


def check_json_value(value: object, field: str) -> None:
    """``value`` must be JSON (dicts with str keys, lists/tuples, str, finite numbers, bool, None), at
    most 64 levels deep, with every str encodable. Raises :class:`InvalidInput` naming the path
    (``UploadOptions.limits.cpu_ms``) and the wrong type, never a value. Iterative: any depth is safe."""
    stack: list[tuple[str, object, int]] = [(field, value, 0)]
    while stack:
        where, item, depth = stack.pop()
        if depth > _JSON_DEPTH_MAX:
            raise _not_json(field, f"nested more than {_JSON_DEPTH_MAX} levels deep")
        if isinstance(item, str):
            if not _encodes(item):
                raise InvalidInput(_NOT_UNICODE.format(where))
        elif isinstance(item, bool) or item is None or isinstance(item, int):
            continue
        elif isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                raise _not_json(field, f"Out of range float values are not JSON compliant (at {where})")
        elif isinstance(item, Mapping):
            for key, child in item.items():
                if not isinstance(key, str):
                    raise _not_json(field, f"keys must be str, not {type(key).__name__} (at {where})")
                if not _encodes(key):
                    raise InvalidInput(_NOT_UNICODE.format(f"a key of {where}"))
                stack.append((f"{where}.{key}", child, depth + 1))
        elif isinstance(item, list | tuple):
            stack.extend((f"{where}[{i}]", child, depth + 1) for i, child in enumerate(item))
        else:
            raise _not_json(
                field, f"Object of type {type(item).__name__} is not JSON serializable (at {where})"
            )


def _not_json(field: str, reason: str) -> InvalidInput:
    return InvalidInput(f"{field} must be JSON-serializable: {reason}")


def check_many(value: T, argument: str) -> T:
    """An argument that takes several names (or items): any iterable, sync or async, but never a bare
    ``str`` or ``bytes``, which would iterate as one name per character."""
    if isinstance(value, str | bytes | bytearray | memoryview):
        raise InvalidInput(
            f"{argument} must be an iterable of several values, not a single string"
            f" ({type(value).__name__}); wrap one name in a list"
        )
    if not isinstance(value, Iterable | AsyncIterable):
        raise InvalidInput(f"{argument} must be an iterable, not {type(value).__name__}")
    return value


def check_tags(value: object, argument: str = "tags") -> list[str]:
    """A script's whole tag list: checked tags, duplicates dropped, order kept, at most 10."""
    unique = list(_tags(check_many(value, argument), argument))
    if len(unique) > MAX_TAGS:
        raise InvalidInput(f"a script has at most {MAX_TAGS} tags, got {len(unique)}")
    return unique


def _check_text(value: object, kind: str) -> str:
    """The rules every name shares: a non-empty str of valid Unicode without control characters."""
    if not isinstance(value, str):
        raise InvalidInput(f"{kind} must be a str, not {type(value).__name__}: {_short(value)}")
    check_unicode(value, kind)
    if not value:
        raise InvalidInput(f"invalid {kind} {value!r}: must not be empty")
    if CONTROL.search(value):
        raise InvalidInput(f"invalid {kind} {value!r}: must not contain control characters")
    return value


def _check_segment(value: object, kind: str) -> str:
    value = _check_text(value, kind)
    if value in _DOT_SEGMENTS:
        raise InvalidInput(f"invalid {kind} {value!r}: '.' and '..' are not allowed")
    if "/" in value:
        raise InvalidInput(f"invalid {kind} {value!r}: must not contain '/'")
    return value


def check_account_id(value: object) -> str:
    """An account id: a path-safe name of at most 32 characters."""
    name = _check_segment(value, "account id")
    if len(name) > _ACCOUNT_ID_MAX:
        raise InvalidInput(f"invalid account id {name!r}: must be at most {_ACCOUNT_ID_MAX} characters")
    return name


def check_namespace_name(value: object) -> str:
    """A dispatch namespace name: a path-safe name."""
    return _check_segment(value, "namespace name")


def check_script_name(value: object) -> str:
    """A script name: lowercase letters, digits, ``-`` and ``_``, not starting with ``-``."""
    name = _check_segment(value, "script name")
    if not _SCRIPT_NAME.fullmatch(name):
        raise InvalidInput(
            f"invalid script name {name!r}: use only lowercase letters a-z, digits 0-9, '-' and '_',"
            " and do not start with '-'"
        )
    return name


def check_tag(value: object) -> str:
    """A script tag: a path-safe name without ``,`` or ``:`` (they delimit the ``tags`` filter)."""
    tag = _check_segment(value, "tag")
    if "," in tag or ":" in tag:
        raise InvalidInput(f"invalid tag {tag!r}: must not contain ',' or ':'")
    return tag


def check_secret_name(value: object) -> tuple[str, bool]:
    """A secret name as its path value, and whether the ``url_encoded=true`` query flag must be sent.

    Names made of unreserved URL characters travel as they are; any other name (``a/b``, ``my secret``,
    ``.``, ``..``, non-ASCII) is percent-encoded here, dots included, with the flag set. The request
    builder encodes the path segment once more: the server's router decodes the path once (so an
    encoded ``/`` cannot split the route), and ``url_encoded=true`` makes it decode the name again.
    """
    value = _check_text(value, "secret name")
    if value not in _DOT_SEGMENTS and _UNRESERVED.fullmatch(value):
        return value, False
    return urllib.parse.quote(value, safe="").replace(".", "%2E"), True


def tag_filter(include: Iterable[str] = (), exclude: Iterable[str] = ()) -> str | None:
    """The ``tags`` query value, e.g. ``production:yes,staging:no``; None when there is nothing to filter."""
    wanted = _tags(include, "include")
    unwanted = _tags(exclude, "exclude")
    both = [tag for tag in wanted if tag in unwanted]
    if both:
        raise InvalidInput(f"invalid tag {both[0]!r}: both included and excluded")
    parts = [f"{tag}:yes" for tag in wanted] + [f"{tag}:no" for tag in unwanted]
    return ",".join(parts) or None


def _tags(tags: object, argument: str) -> dict[str, None]:
    """Checked tags, duplicates dropped, order kept."""
    if isinstance(tags, str | bytes):
        raise InvalidInput(
            f"{argument} must be an iterable of tags, not a single {type(tags).__name__}: {tags!r}"
        )
    if not isinstance(tags, Iterable):
        raise InvalidInput(f"{argument} must be an iterable of tags, not {type(tags).__name__}")
    return dict.fromkeys(check_tag(tag) for tag in tags)


def _short(value: object) -> str:
    """A short repr of a wrong-typed argument (never megabytes of it, never a failing repr)."""
    try:
        text = repr(value)
    except Exception:
        return f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:79] + "…"
