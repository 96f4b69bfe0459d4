"""Worker code as named values: :class:`Module` (one file of a Worker) and :class:`WorkerBundle`.

A bundle is checked when it is built, so a main module that is not in the bundle, two modules with one
name, or a name that could not travel in a multipart header fails here with
:class:`~wfp_async._errors.InvalidInput`, before any request (Cloudflare would answer 10021 "Main module
name is not present in bundle."). Content is always ``bytes``: a retried upload re-sends exactly the same
thing. The content type of a module is inferred from its file name when not given.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs

from wfp_async._errors import InvalidInput
from wfp_async._names import CONTROL, check_many, check_type, check_unicode
from wfp_async._project import is_module_path

__all__ = ["MODULE_CONTENT_TYPES", "Module", "WorkerBundle", "infer_content_type"]

ES_MODULE = "application/javascript+module"
SERVICE_WORKER = "application/javascript"
OCTET_STREAM = "application/octet-stream"

_BY_SUFFIX = {
    ".js": ES_MODULE,
    ".mjs": ES_MODULE,
    ".cjs": SERVICE_WORKER,
    ".py": "text/x-python",
    ".wasm": "application/wasm",
    ".map": "application/source-map",
    **dict.fromkeys(
        (
            ".txt",
            ".html",
            ".htm",
            ".md",
            ".css",
            ".json",
            ".csv",
            ".xml",
            ".svg",
            ".sql",
            ".toml",
            ".yaml",
            ".yml",
        ),
        "text/plain",
    ),
    ".bin": OCTET_STREAM,
}
_BY_NAME = {"requirements.txt": "text/x-python-requirement"}
MODULE_CONTENT_TYPES: frozenset[str] = frozenset(
    {*_BY_SUFFIX.values(), *_BY_NAME.values(), "text/javascript+module", "text/javascript"}
)
"""The module content types Cloudflare's upload accepts: every type a file name infers, and the two
JavaScript spellings it also takes (``text/javascript+module``, ``text/javascript``)."""

# A multipart reader undoes these WHATWG escapes, so a name holding one would come back changed.
_ESCAPE_LOOKALIKE = re.compile(r"%(22|0d|0a)", re.IGNORECASE)
_DEFAULT_MAINS = ("index.js", "index.mjs", "worker.js", "main.py", "src/index.js")
_RESERVED_PART = "metadata"


def infer_content_type(name: str) -> str:
    """The module content type for a file name: ``index.js`` -> ``application/javascript+module``."""
    base = posixpath.basename(name)
    if base in _BY_NAME:
        return _BY_NAME[base]
    return _BY_SUFFIX.get(posixpath.splitext(base)[1].lower(), OCTET_STREAM)


def _check_name(name: object) -> str:
    name = check_type(name, str, "module name", "a str")
    check_unicode(name, "module name")
    problem = None
    if not name:
        problem = "must not be empty"
    elif CONTROL.search(name):
        problem = "must not contain control characters (CR, LF, ...)"
    elif '"' in name:
        problem = 'must not contain a double quote (")'
    elif "\\" in name:
        problem = "must not contain a backslash; use / between folders"
    elif name.startswith("/"):
        problem = "must be a relative path"
    elif _ESCAPE_LOOKALIKE.search(name):
        problem = "must not contain %22, %0D or %0A (multipart readers decode them)"
    elif any(segment in ("", ".", "..") for segment in name.split("/")):
        problem = "must not contain empty, '.' or '..' path segments"
    if problem is not None:
        raise InvalidInput(f"invalid module name {name!r}: {problem}")
    return name


def _check_content_type(name: str, content_type: object) -> None:
    if check_type(content_type, str, f"module {name!r}: content type", "a str") not in MODULE_CONTENT_TYPES:
        raise InvalidInput(
            f"module {name!r}: content type {content_type!r} is not one Cloudflare accepts "
            f"({', '.join(sorted(MODULE_CONTENT_TYPES))})"
        )


def _to_bytes(value: bytes | bytearray | memoryview) -> bytes:
    return bytes(check_type(value, (bytes, bytearray, memoryview), "module content", "bytes"))


@attrs.frozen(repr=False)
class Module:
    """One file of a Worker: its name in the bundle, its bytes and its content type.

    ``Module.from_text("lib.js", "export const x = 1")``; a bad name, bytes or content type raises
    :class:`~wfp_async.InvalidInput`.
    """

    name: str = attrs.field(validator=lambda _, __, name: _check_name(name))
    content: bytes = attrs.field(converter=_to_bytes)
    content_type: str = attrs.field(validator=lambda module, _, kind: _check_content_type(module.name, kind))

    @classmethod
    def from_text(cls, name: str, text: str, content_type: str | None = None) -> Module:
        """A module from source text (encoded as UTF-8); the content type is inferred from ``name``.

        ``Module.from_text("lib.js", "export const x = 1")``. Raises :class:`~wfp_async.InvalidInput`
        for a bad name, non-str text or a content type Cloudflare does not accept.
        """
        check_type(text, str, f"module {name!r}: text", "a str")
        check_unicode(text, f"the text of module {_check_name(name)!r}")
        return cls.from_bytes(name, text.encode(), content_type)

    @classmethod
    def from_bytes(
        cls, name: str, data: bytes | bytearray | memoryview, content_type: str | None = None
    ) -> Module:
        """A module from bytes; the content type is inferred from ``name``.

        ``Module.from_bytes("add.wasm", wasm_bytes)``. Raises :class:`~wfp_async.InvalidInput` for a bad
        name or a content type Cloudflare does not accept.
        """
        name = _check_name(name)
        return cls(name, data, infer_content_type(name) if content_type is None else content_type)

    @classmethod
    def from_path(
        cls, path: str | os.PathLike[str], name: str | None = None, content_type: str | None = None
    ) -> Module:
        """A module read from a file, named by the file's name unless ``name`` is given.

        ``Module.from_path("dist/lib.js")``. Raises :class:`~wfp_async.InvalidInput` if the file cannot be
        read (its ``__cause__`` is the ``OSError``), for a bad name or content type.
        """
        file = as_path(path)
        return cls.from_bytes(file.name if name is None else name, read_file(file), content_type)

    @property
    def size(self) -> int:
        """The content's length in bytes: ``module.size``."""
        return len(self.content)

    def __repr__(self) -> str:
        return f"Module(name={self.name!r}, content_type={self.content_type!r}, size={self.size})"


def as_path(value: object) -> Path:
    if not isinstance(value, str | os.PathLike):
        raise InvalidInput(f"a path must be a str or os.PathLike, not {type(value).__name__}")
    try:
        return Path(value)
    except TypeError:  # an os.PathLike whose __fspath__ returns bytes
        raise InvalidInput("a path must be a str or os.PathLike of str") from None


def shown(path: Path) -> str:
    text = repr(os.fspath(path))
    return text if len(text) <= 120 else text[:119] + "…"


@contextlib.contextmanager
def reading(path: Path) -> Iterator[None]:
    """The one translation of a failure to read or list ``path`` into :class:`InvalidInput`."""
    try:
        yield
    except OSError as exc:  # missing, a name too long, a folder we may not list
        raise InvalidInput(f"cannot read {shown(path)}: {exc.strerror or type(exc).__name__}") from exc
    except ValueError:  # an embedded NUL byte
        raise InvalidInput(f"cannot read {shown(path)}: not a valid path") from None


def read_file(file: Path) -> bytes:
    with reading(file):
        return file.read_bytes()


def _to_modules(value: Iterable[Module]) -> tuple[Module, ...]:
    modules = tuple(check_many(value, "modules"))
    for module in modules:
        if not isinstance(module, Module):
            raise InvalidInput(f"a bundle holds Module values, not {type(module).__name__}")
    return modules


@attrs.frozen
class WorkerBundle:
    """The modules of one Worker and which of them is the entry point.

    Exactly one of ``main_module`` (ES modules, Python) or ``body_part`` (service-worker syntax) names the
    entry module, which must be in the bundle. ``WorkerBundle.es_module(source)`` builds the common
    case; anything inconsistent raises :class:`~wfp_async.InvalidInput` here, before any request.
    """

    modules: tuple[Module, ...] = attrs.field(converter=_to_modules)
    main_module: str | None = None
    body_part: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.modules:
            raise InvalidInput("a bundle needs at least one module")
        names = [module.name for module in self.modules]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise InvalidInput(f"module names must be unique; repeated: {', '.join(map(repr, duplicates))}")
        if _RESERVED_PART in names:
            raise InvalidInput(f"module name {_RESERVED_PART!r} is reserved for the upload's metadata part")
        if (self.main_module is None) == (self.body_part is None):
            raise InvalidInput("give exactly one of main_module (ES modules) or body_part (service worker)")
        kind, entry = (
            ("main module", self.main_module) if self.body_part is None else ("body part", self.body_part)
        )
        if entry not in names:
            raise InvalidInput(
                f"{kind} {entry!r} is not in the bundle (modules: {', '.join(map(repr, names))})"
            )

    @property
    def entry(self) -> Module:
        """The module named by ``main_module`` or ``body_part``: ``bundle.entry.name``."""
        wanted = self.main_module if self.body_part is None else self.body_part
        return next(module for module in self.modules if module.name == wanted)

    @classmethod
    def from_modules(
        cls, modules: Iterable[Module], *, main_module: str | None = None, body_part: str | None = None
    ) -> WorkerBundle:
        """A bundle from any iterable of modules; the main module defaults to the first one.

        ``WorkerBundle.from_modules([main, lib])``. Raises :class:`~wfp_async.InvalidInput` as the
        constructor does.
        """
        modules = _to_modules(modules)
        if main_module is None and body_part is None and modules:
            main_module = modules[0].name
        return cls(modules, main_module=main_module, body_part=body_part)

    @classmethod
    def es_module(cls, main: Module | str, *others: Module, main_name: str = "index.js") -> WorkerBundle:
        """An ES-module Worker: ``main`` (a Module, or source text named ``main_name``) plus other modules.

        ``WorkerBundle.es_module("export default { fetch: () => new Response('hi') }")``. Raises
        :class:`~wfp_async.InvalidInput` for duplicate or bad module names.
        """
        if isinstance(main, str):
            main = Module.from_text(main_name, main)
        check_type(main, Module, "main", "a Module or source text (str)")
        return cls((main, *others), main_module=main.name)

    @classmethod
    def service_worker(cls, source: str | bytes, name: str = "worker.js") -> WorkerBundle:
        """A service-worker-syntax Worker: one ``application/javascript`` body part.

        ``WorkerBundle.service_worker("addEventListener('fetch', ...)")``. Raises
        :class:`~wfp_async.InvalidInput` for a bad name.
        """
        if isinstance(source, str):
            return cls((Module.from_text(name, source, SERVICE_WORKER),), body_part=name)
        return cls((Module(name, source, SERVICE_WORKER),), body_part=name)

    @classmethod
    def from_directory(cls, path: str | os.PathLike[str], main_module: str | None = None) -> WorkerBundle:
        """Every module file under ``path`` (recursively, sorted), named by its path relative to ``path``
        with ``/``. ``main_module`` defaults to the first present of index.js, index.mjs, worker.js,
        main.py, src/index.js.

        What is not a module is left out: dot-files and dot-folders, ``node_modules`` and ``__pycache__``
        anywhere; at the top, README/LICENSE/CHANGELOG files, ``package.json`` and lock files,
        ``tsconfig.json`` and the wrangler config (the rule is ``wfp_async._project.is_module_path``).

        ``WorkerBundle.from_directory("./dist")``. Raises :class:`~wfp_async.InvalidInput` when ``path``
        is not a folder or no main module is found.
        """
        root = as_path(path)
        with reading(root):
            files = sorted(_walk(root, "")) if root.is_dir() else None
        if files is None:
            raise InvalidInput(f"{shown(root)} is not a directory")
        modules = tuple(Module.from_bytes(name, read_file(file)) for name, file in files)
        if main_module is None:
            names = {module.name for module in modules}
            main_module = next((name for name in _DEFAULT_MAINS if name in names), None)
            if main_module is None:
                raise InvalidInput(
                    f"no main module found in {shown(root)}: none of {', '.join(_DEFAULT_MAINS)} "
                    "is present; pass main_module="
                )
        return cls(modules, main_module=main_module)


def _walk(directory: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    for entry in directory.iterdir():
        relative = f"{prefix}{entry.name}"
        if not is_module_path(relative):
            continue
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry, f"{relative}/")
        elif entry.is_file():
            yield relative, entry
