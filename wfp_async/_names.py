"""Names that travel in URL paths, checked before any request is sent.

A name such as ``..`` or ``a/b`` would silently change which endpoint a request reaches, so every
account id, namespace, script, tag and secret name passes through one of these checks. The rules are
Cloudflare's published ones (``workers_identifier`` max 32, ``workers_script_name``'s pattern) plus what
keeps a path segment a single segment. Failures raise :class:`~wfp_async._errors.InvalidInput` quoting the
name with ``repr()``: names are not secrets.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable

from wfp_async._errors import InvalidInput

__all__ = [
    "check_account_id",
    "check_namespace_name",
    "check_script_name",
    "check_secret_name",
    "check_tag",
    "tag_filter",
]

_ACCOUNT_ID_MAX = 32  # workers_identifier.maxLength
_SCRIPT_NAME = re.compile(r"[a-z0-9_][a-z0-9\-_]*")  # workers_script_name.pattern, used with fullmatch
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1: Unicode category Cc
_UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]+")  # RFC 3986 unreserved characters
_DOT_SEGMENTS = frozenset({".", ".."})


def _check_segment(value: object, kind: str) -> str:
    """The rules every path name shares: a non-empty str, one whole segment, no control characters."""
    if not isinstance(value, str):
        raise InvalidInput(f"{kind} must be a str, not {type(value).__name__}: {value!r}")
    if not value:
        raise InvalidInput(f"invalid {kind} {value!r}: must not be empty")
    if _CONTROL.search(value):
        raise InvalidInput(f"invalid {kind} {value!r}: must not contain control characters")
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
    if not isinstance(value, str):
        raise InvalidInput(f"secret name must be a str, not {type(value).__name__}: {value!r}")
    if not value:
        raise InvalidInput(f"invalid secret name {value!r}: must not be empty")
    if _CONTROL.search(value):
        raise InvalidInput(f"invalid secret name {value!r}: must not contain control characters")
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


def _tags(tags: Iterable[str], argument: str) -> dict[str, None]:
    """Checked tags, duplicates dropped, order kept."""
    if isinstance(tags, str | bytes):
        raise InvalidInput(
            f"{argument} must be an iterable of tags, not a single {type(tags).__name__}: {tags!r}"
        )
    try:
        iterator = iter(tags)
    except TypeError:
        raise InvalidInput(f"{argument} must be an iterable of tags, not {type(tags).__name__}") from None
    return dict.fromkeys(check_tag(tag) for tag in iterator)
