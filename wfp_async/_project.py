"""A Worker folder as wrangler users lay it out: which files are modules, and what its wrangler config says.

:func:`is_module_path` is the one rule for what a folder upload leaves out (``WorkerBundle.from_directory``
and ``wfp deploy`` alike); :func:`read_wrangler_config` reads the three keys of ``wrangler.toml``,
``wrangler.json`` or ``wrangler.jsonc`` that an upload needs: ``main``, ``compatibility_date`` and
``compatibility_flags``. Everything else in the config (routes, bindings to account resources, ...) is not
ours to apply and is ignored.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

import attrs

from wfp_async._errors import InvalidInput

__all__ = ["WRANGLER_CONFIGS", "WranglerConfig", "is_module_path", "read_wrangler_config"]

WRANGLER_CONFIGS = ("wrangler.json", "wrangler.jsonc", "wrangler.toml")
"""The config files wrangler reads, in the order it prefers them; the first present is used."""

# Left out wherever they are: dot-files and dot-folders (.git, .wrangler, .dev.vars), caches, dependencies.
_SKIPPED_ANYWHERE = frozenset({"__pycache__", "node_modules"})
# Left out at the top of the folder: the project's own files, not the Worker's.
_SKIPPED_AT_TOP = frozenset(
    {
        *WRANGLER_CONFIGS,
        "package.json",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lockb",
        "bun.lock",
        "tsconfig.json",
        "jsconfig.json",
    }
)
_DOCS_AT_TOP = re.compile(r"^(README|LICENSE|LICENCE|CHANGELOG|CONTRIBUTING)(\..*)?$", re.IGNORECASE)


def is_module_path(relative: str) -> bool:
    """Whether the file at ``relative`` (a ``/``-separated path inside a Worker folder) is uploaded.

    ``is_module_path("lib/util.js")`` is True; ``README.md``, ``package.json``, ``wrangler.toml`` (at the
    top), and anything under ``node_modules``, ``__pycache__`` or a dot-folder are not.
    """
    parts = relative.split("/")
    if any(part.startswith(".") or part in _SKIPPED_ANYWHERE for part in parts):
        return False
    return not (len(parts) == 1 and (parts[0] in _SKIPPED_AT_TOP or _DOCS_AT_TOP.match(parts[0])))


@attrs.frozen
class WranglerConfig:
    """What a Worker folder's wrangler config says about its upload; a field is None when not set.

    ``read_wrangler_config("./workers/acme")`` gives e.g. ``WranglerConfig(main="src/index.js",
    compatibility_date="2025-06-01", compatibility_flags=("nodejs_compat",), source="wrangler.toml")``.
    """

    main: str | None = None
    compatibility_date: str | None = None
    compatibility_flags: tuple[str, ...] | None = None
    source: str | None = None


def read_wrangler_config(folder: str | os.PathLike[str]) -> WranglerConfig:
    """The wrangler config of ``folder`` (an empty one when it has none).

    ``main`` is made relative to the folder with ``/`` (``./src/index.ts`` -> ``src/index.ts``). Raises
    :class:`~wfp_async.InvalidInput` naming the file when it cannot be read or a key has the wrong type.
    """
    root = Path(folder)
    for name in WRANGLER_CONFIGS:
        path = root / name
        if path.is_file():
            return _parse(path, name)
    return WranglerConfig()


def _parse(path: Path, name: str) -> WranglerConfig:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if name.endswith(".toml") else json.loads(_strip_jsonc(text))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"{path}: not a readable wrangler config ({exc})") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: a wrangler config is a table/object")
    main = _string(data, "main", path)
    flags = data.get("compatibility_flags")
    if flags is not None and not (isinstance(flags, list) and all(isinstance(f, str) for f in flags)):
        raise InvalidInput(f"{path}: compatibility_flags must be a list of strings")
    return WranglerConfig(
        main=None if main is None else _relative(main, path),
        compatibility_date=_string(data, "compatibility_date", path),
        compatibility_flags=None if flags is None else tuple(flags),
        source=name,
    )


def _string(data: dict[str, object], key: str, path: Path) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"{path}: {key} must be a string")
    return value


def _relative(main: str, path: Path) -> str:
    parts = [part for part in main.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts or ".." in parts or main.startswith("/"):
        raise InvalidInput(f"{path}: main must be a path inside the Worker folder, not {main!r}")
    return "/".join(parts)


# A string (kept, even unterminated), else a comment or a trailing comma (dropped); strings come first, so
# that nothing inside a string is taken for a comment or a comma.
_STRING = r'("(?:\\.|[^"\\])*(?:"|\\?\Z))'
_COMMENT = re.compile(_STRING + r"|//[^\n]*|/\*(?:.*?\*/|.*\Z)", re.DOTALL)
_TRAILING_COMMA = re.compile(_STRING + r"|,(?=\s*[}\]])", re.DOTALL)


def _strip_jsonc(text: str) -> str:
    """JSON with comments (``//``, ``/* */``) and trailing commas, as wrangler.jsonc allows, made JSON."""
    kept = _COMMENT.sub(lambda match: match.group(1) or "", text)
    return _TRAILING_COMMA.sub(lambda match: match.group(1) or "", kept)
