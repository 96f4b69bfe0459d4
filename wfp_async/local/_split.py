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

# An RFC 8941 Dictionary member: a key, then "=" and a value (an sf-string, group 2, or another item),
# then parameters. Atomic groups: each part is read once, greedily, as a left-to-right parser would.
_KEY = r"[a-z*][a-z0-9_\-.*]*"
_PARAM = rf'(?>;\s*{_KEY}(?:=(?:"(?:[^"\\]|\\.)*"|[^,;]*))?)'
_MEMBER = rf'(?>({_KEY}))(?:=(?>"((?:[ !#-\[\]-~]|\\["\\])*)"|(?!")[^,;]*))?{_PARAM}*'
_DICTIONARY = re.compile(rf"[ \t]*{_MEMBER}(?:[ \t]*,[ \t]*{_MEMBER})*[ \t]*")
_MEMBERS = re.compile(_MEMBER)
_ESCAPED = re.compile(r"\\(.)")


def parse_overrides(header: str | None) -> dict[str, str]:
    """The string members of a ``Cloudflare-Workers-Version-Overrides`` Dictionary; {} when invalid.

    ``parse_overrides('acme="dc8d…", other="18f9…"')`` is ``{"acme": "dc8d…", "other": "18f9…"}``.
    Members whose value is not a string are skipped; member parameters (``;x=1``) are ignored.
    """
    if not header or not _DICTIONARY.fullmatch(header):
        return {}
    result: dict[str, str] = {}
    for member in _MEMBERS.finditer(header):
        key, value = member.group(1), member.group(2)
        if value is None:
            result.pop(key, None)  # a later non-string member replaces an earlier string one
        else:
            result[key] = _ESCAPED.sub(r"\1", value)
    return result


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
