"""Pure: which static asset answers a path, as Cloudflare's ``assets.config`` decides it.

:func:`resolve` takes the script's manifest (path -> hash), the request path and the config, and returns
an :class:`Outcome`: serve a file (with its status), redirect (307, as Cloudflare does for
``html_handling``), or miss (the tenant's Worker runs). The common cases of ``html_handling``
(``auto-trailing-slash`` (the default), ``force-trailing-slash``, ``drop-trailing-slash``, ``none``) and
``not_found_handling`` (``none``, ``404-page``, ``single-page-application``) are covered; the latter
applies only when the Worker has no fetch handler, as on Cloudflare. ``run_worker_first`` (``true``, or
route patterns such as ``["/api/*", "!/api/docs/*"]``) sends matching paths to the Worker first.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any, Literal

import attrs


@attrs.frozen
class Outcome:
    """``serve`` ``path`` with ``status``, ``redirect`` to ``path``, or ``miss``."""

    kind: Literal["serve", "redirect", "miss"]
    path: str = ""
    status: int = 200


MISS = Outcome("miss")


def _serve(path: str) -> Outcome:
    return Outcome("serve", path)


def _redirect(path: str) -> Outcome:
    return Outcome("redirect", path, 307)


def _first(has: Mapping[str, str], *candidates: tuple[str, str | None] | None) -> Outcome:
    """The first candidate ``(file, redirect)`` whose file exists: served, or redirected when ``redirect``."""
    for file, redirect in filter(None, candidates):
        if file in has:
            return _serve(file) if redirect is None else _redirect(redirect)
    return MISS


def _auto(path: str, has: Mapping[str, str]) -> Outcome:
    if path.endswith("/index.html") and path in has:
        return _redirect(path[: -len("index.html")])
    if path.endswith(".html") and path in has:
        return _redirect(path[: -len(".html")])
    if path.endswith("/index") and path + ".html" in has:
        return _redirect(path[: -len("index")])
    if path.endswith("/"):
        return _first(
            has, (path + "index.html", None), (path[:-1] + ".html", path[:-1]) if path != "/" else None
        )
    return _first(has, (path, None), (path + ".html", None), (path + "/index.html", path + "/"))


def _force(path: str, has: Mapping[str, str]) -> Outcome:
    if path.endswith(".html") and path in has:
        base = path[: -len("index.html")] if path.endswith("/index.html") else path[: -len(".html")] + "/"
        return _redirect(base)
    if path.endswith("/"):
        return _first(has, (path + "index.html", None), (path[:-1] + ".html", None) if path != "/" else None)
    return _first(has, (path, None), (path + ".html", path + "/"), (path + "/index.html", path + "/"))


def _drop(path: str, has: Mapping[str, str]) -> Outcome:
    if path.endswith(".html") and path in has:
        base = path[: -len("/index.html")] if path.endswith("/index.html") else path[: -len(".html")]
        return _redirect(base or "/")
    if path == "/":
        return _first(has, ("/index.html", None))
    if path.endswith("/"):
        return _first(has, (path + "index.html", path[:-1]), (path[:-1] + ".html", path[:-1]))
    return _first(has, (path, None), (path + ".html", None), (path + "/index.html", None))


_HANDLERS = {"auto-trailing-slash": _auto, "force-trailing-slash": _force, "drop-trailing-slash": _drop}


def _not_found(path: str, has: Mapping[str, str], mode: str) -> Outcome:
    if mode == "single-page-application" and "/index.html" in has:
        return _serve("/index.html")
    if mode == "404-page":
        folder = path[: path.rfind("/")]
        while True:
            candidate = folder + "/404.html"
            if candidate in has:
                return Outcome("serve", candidate, 404)
            if not folder:
                return MISS
            folder = folder[: folder.rfind("/")]
    return MISS


def _worker_first(path: str, rule: object) -> bool:
    """``run_worker_first``: ``true``, or route patterns (``/api/*``; ``!`` excludes) matching ``path``."""
    if rule is True:
        return True
    if not isinstance(rule, list):
        return False
    patterns = [p for p in rule if isinstance(p, str)]
    excluded = any(fnmatch.fnmatchcase(path, p[1:]) for p in patterns if p.startswith("!"))
    return not excluded and any(fnmatch.fnmatchcase(path, p) for p in patterns if not p.startswith("!"))


def resolve(
    manifest: Mapping[str, str], path: str, config: Mapping[str, Any] | None, *, worker_fetches: bool
) -> Outcome:
    """Which asset answers ``path`` (already percent-decoded); ``worker_fetches``: the Worker has a fetch
    handler, so a miss goes to it rather than to ``not_found_handling``."""
    config = config or {}
    if worker_fetches and _worker_first(path, config.get("run_worker_first")):
        return MISS
    html = config.get("html_handling", "auto-trailing-slash")
    handler = _HANDLERS.get(html)
    found = handler(path, manifest) if handler is not None else (_serve(path) if path in manifest else MISS)
    if found.kind != "miss" or worker_fetches:
        return found
    return _not_found(path, manifest, str(config.get("not_found_handling", "none")))
