"""Pure: which version of a tenant answers one request, as Cloudflare's gradual deployments decide it.

From Cloudflare's docs (workers-for-platforms/configuration/versioning, and the Workers pages on version
overrides and version affinity):

- ``Cloudflare-Workers-Version-Overrides`` is an RFC 8941 Dictionary whose keys are Worker names and
  whose values are version ids (sf-strings): ``acme="dc8dcd28-…"``. It pins that Worker's request to the
  version when the current deployment contains it; otherwise (another version, or a header that is not a
  valid Dictionary) the request is routed by the percentages.
- ``Cloudflare-Workers-Version-Key``: the key is hashed and the hash, with the percentages, picks the
  version, so a key always reaches the same version of one deployment. Raising the new version's share
  keeps the keys it already had (it owns the low end of the hash range).
- Otherwise each request picks at random by the percentages.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

__all__ = ["choose_version", "parse_overrides"]

_KEY = re.compile(r"[a-z*][a-z0-9_\-.*]*")
_SPACES = " \t"


def _sf_string(text: str, start: int) -> tuple[str, int] | None:
    """An RFC 8941 sf-string starting at ``text[start]`` (a quote): (its value, the index after it)."""
    out: list[str] = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if i + 1 >= len(text) or text[i + 1] not in '"\\':
                return None
            out.append(text[i + 1])
            i += 2
            continue
        if ch == '"':
            return "".join(out), i + 1
        if not " " <= ch <= "~":
            return None
        out.append(ch)
        i += 1
    return None


def parse_overrides(header: str | None) -> dict[str, str]:
    """The string members of a ``Cloudflare-Workers-Version-Overrides`` Dictionary; {} when invalid.

    ``parse_overrides('acme="dc8d…", other="18f9…"')`` is ``{"acme": "dc8d…", "other": "18f9…"}``.
    Members whose value is not a string are skipped; member parameters (``;x=1``) are ignored.
    """
    if not header:
        return {}
    result: dict[str, str] = {}
    text, i = header, 0
    while True:
        while i < len(text) and text[i] in _SPACES:
            i += 1
        match = _KEY.match(text, i)
        if match is None:
            return {}
        key, i = match.group(), match.end()
        value: str | None = None
        if i < len(text) and text[i] == "=":
            if i + 1 < len(text) and text[i + 1] == '"':
                parsed = _sf_string(text, i + 1)
                if parsed is None:
                    return {}
                value, i = parsed
            else:
                item = re.compile(r"[^,;]*").match(text, i + 1)
                i = item.end() if item else i + 1
        while i < len(text) and text[i] == ";":  # parameters: skipped
            param = re.compile(r';\s*[a-z*][a-z0-9_\-.*]*(=("([^"\\]|\\.)*"|[^,;]*))?').match(text, i)
            if param is None:
                return {}
            i = param.end()
        if value is not None:
            result[key] = value
        else:
            result.pop(key, None)  # a later non-string member replaces an earlier string one
        while i < len(text) and text[i] in _SPACES:
            i += 1
        if i == len(text):
            return result
        if text[i] != ",":
            return {}
        i += 1


def _point(key: str) -> float:
    """Where a version key falls in [0, 100): the first 8 bytes of its SHA-256, scaled."""
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 * 100


def choose_version(
    worker: str,
    split: Sequence[tuple[str, float]],
    *,
    overrides: str | None,
    key: str | None,
    rand: Callable[[], float],
) -> str:
    """The version id that answers, from ``split`` ((version_id, percentage), newest version first).

    ``choose_version("acme", [(new, 10), (old, 90)], overrides=None, key="user-7", rand=random.random)``.
    """
    if not split:
        raise ValueError("a deployment names at least one version")
    pinned = parse_overrides(overrides).get(worker)
    if pinned is not None and any(version_id == pinned for version_id, _ in split):
        return pinned
    point = _point(key) if key else rand() * 100
    upper = 0.0
    for version_id, percentage in split:
        upper += percentage
        if point < upper:
            return version_id
    # Rounding at the top of the range, or shares of 0: the last version with a share takes it.
    return next((v for v, p in reversed(split) if p > 0), split[-1][0])
