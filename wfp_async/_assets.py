"""Static assets, the pure part: collecting files, hashing them, the manifest, and upload parts.

The network flow (upload session, buckets, completion token) lives elsewhere; this module only turns
files into values. Hashes follow wrangler's convention (:func:`asset_hash`), so a file wrangler already
uploaded is not sent again. Content types come from Python's built-in table (not the machine's
``mime.types``), so every machine answers the same; text types get ``; charset=utf-8`` as wrangler sends them.
"""

from __future__ import annotations

import base64
import mimetypes
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import attrs
import blake3

from wfp_async._errors import InvalidInput
from wfp_async._modules import OCTET_STREAM, as_path, read_file, reading, shown
from wfp_async._multipart import OutgoingPart
from wfp_async._names import CONTROL, check_type, check_unicode

__all__ = [
    "AssetFile",
    "UnknownAssetHash",
    "asset_hash",
    "bucket_parts",
    "collect_assets",
    "files_by_hash",
    "guess_content_type",
    "manifest",
]

HASH_LENGTH = 32
_MIME_TYPES = mimetypes.MimeTypes()  # built-in defaults only; never reads the machine's files
# Types Python's table lacks or that changed between Python versions.
_OVERRIDES = {
    "js": "text/javascript",
    "mjs": "text/javascript",
    "json": "application/json",
    "map": "application/json",
    "wasm": "application/wasm",
    "webmanifest": "application/manifest+json",
    "webp": "image/webp",
    "avif": "image/avif",
    "woff": "font/woff",
    "woff2": "font/woff2",
}
_ENCODED = {"gzip": "application/gzip", "bzip2": "application/x-bzip2", "xz": "application/x-xz"}


class UnknownAssetHash(ValueError):
    """An upload bucket names a hash that is not among the collected files."""


def _extension(path: str) -> str:
    """The extension without its dot, as Node's ``path.extname`` finds it (``.htaccess`` has none)."""
    base = path.rpartition("/")[2]
    dot = base.rfind(".")
    return base[dot + 1 :] if dot > 0 and base != ".." else ""


def asset_hash(content: bytes, path: str) -> str:
    """wrangler's asset hash: BLAKE3 over (base64 of ``content`` + ``path``'s extension), 32 hex chars."""
    data = base64.b64encode(content) + _extension(path).encode()
    return blake3.blake3(data).hexdigest()[:HASH_LENGTH]


def guess_content_type(path: str) -> str:
    """The content type to serve ``path`` with; ``application/octet-stream`` when unknown."""
    extension = _extension(path).lower()
    content_type, encoding = _MIME_TYPES.guess_type(path.rpartition("/")[2], strict=False)
    if extension in _OVERRIDES:
        content_type = _OVERRIDES[extension]
    elif encoding is not None:
        content_type = _ENCODED.get(encoding, OCTET_STREAM)
    if content_type is None:
        return OCTET_STREAM
    return f"{content_type}; charset=utf-8" if content_type.startswith("text/") else content_type


def _asset_path(path: object) -> str:
    path = check_type(path, str, "asset path", "a str")
    check_unicode(path, "an asset path")
    normal = path if path.startswith("/") else f"/{path}"
    problem = None
    if CONTROL.search(path):
        problem = "must not contain control characters"
    elif "\\" in path:
        problem = "must use / between folders, not a backslash"
    elif any(segment in ("", ".", "..") for segment in normal[1:].split("/")):
        problem = "must name a file, without empty, '.' or '..' segments"
    if problem is not None:
        raise InvalidInput(f"invalid asset path {path!r}: {problem}")
    return normal


@attrs.frozen
class AssetFile:
    """One static asset: its URL path (``/css/site.css``), bytes, content type, hash and size."""

    path: str
    content: bytes = attrs.field(repr=False)
    content_type: str
    hash: str
    size: int

    @classmethod
    def from_bytes(
        cls, path: str, content: bytes | bytearray | memoryview, content_type: str | None = None
    ) -> AssetFile:
        """An asset from its path (a leading ``/`` is added if missing) and bytes."""
        path = _asset_path(path)
        check_type(content, (bytes, bytearray, memoryview), f"asset {path!r}: content", "bytes")
        if content_type is not None:
            check_type(content_type, str, f"asset {path!r}: content type", "a str")
        data = bytes(content)
        return cls(
            path=path,
            content=data,
            content_type=guess_content_type(path) if content_type is None else content_type,
            hash=asset_hash(data, path),
            size=len(data),
        )


def collect_assets(source: str | os.PathLike[str] | Mapping[str, bytes]) -> dict[str, AssetFile]:
    """Every file of a directory (recursively; symlinks leading outside it are skipped), or a mapping
    of path -> bytes, as assets keyed by path, sorted.
    """
    if isinstance(source, Mapping):
        files: dict[str, AssetFile] = {}
        for path, content in source.items():
            asset = AssetFile.from_bytes(path, content)
            if asset.path in files:
                raise InvalidInput(f"asset path {asset.path!r} is given twice")
            files[asset.path] = asset
        return dict(sorted(files.items()))
    root = as_path(source)
    with reading(root):
        real_root = root.resolve() if root.is_dir() else None
        found = [] if real_root is None else sorted(_walk(real_root, root, "/", frozenset({real_root})))
    if real_root is None:
        raise InvalidInput(f"{shown(root)} is not a directory")
    return {path: AssetFile.from_bytes(path, read_file(file)) for path, file in found}


def _walk(root: Path, directory: Path, prefix: str, ancestors: frozenset[Path]) -> Iterator[tuple[str, Path]]:
    for entry in directory.iterdir():
        real = entry.resolve()
        if not real.is_relative_to(root):  # a symlink out of the folder
            continue
        if real.is_dir():
            if real not in ancestors:  # a link back up would loop forever
                yield from _walk(root, entry, f"{prefix}{entry.name}/", ancestors | {real})
        elif real.is_file():
            yield f"{prefix}{entry.name}", entry


def manifest(files: Mapping[str, AssetFile]) -> dict[str, dict[str, object]]:
    """The upload-session manifest: ``{"/path": {"hash": ..., "size": ...}}``."""
    return {asset.path: {"hash": asset.hash, "size": asset.size} for asset in files.values()}


def files_by_hash(files: Mapping[str, AssetFile]) -> dict[str, AssetFile]:
    """The assets keyed by hash (files with the same hash have the same bytes and extension)."""
    return {asset.hash: asset for asset in files.values()}


def bucket_parts(files_by_hash: Mapping[str, AssetFile], bucket: Sequence[str]) -> list[OutgoingPart]:
    """The multipart parts of one bucket: each named by its hash, with the base64 text as its body."""
    parts: list[OutgoingPart] = []
    for hash_ in bucket:
        asset = files_by_hash.get(hash_)
        if asset is None:
            raise UnknownAssetHash(
                f"the upload session asked for hash {hash_!r}, which no collected file has"
            )
        parts.append((hash_, hash_, base64.b64encode(asset.content), asset.content_type))
    return parts
