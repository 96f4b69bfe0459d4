"""Static assets, pure part: wrangler's hash, content types, collecting files, manifest, bucket parts."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import blake3
import pytest

from wfp_async._assets import (
    AssetFile,
    UnknownAssetHash,
    asset_hash,
    bucket_parts,
    collect_assets,
    files_by_hash,
    guess_content_type,
    manifest,
)
from wfp_async._errors import InvalidInput


@pytest.mark.parametrize(
    ("content", "path", "extension"),
    [
        (b"<h1>Hello</h1>\n", "/index.html", "html"),
        (bytes(range(256)), "/img/logo.png", "png"),
        (b"body{}", "/css/site.min.css", "css"),
        (b"x", "/archive.tar.gz", "gz"),
        (b"x", "/LICENSE", ""),
        (b"x", "/.htaccess", ""),
        (b"x", "/..weird", "weird"),
        (b"x", "/dir.v2/file", ""),
        (b"x", "/trailing.", ""),
        (b"x", "/UPPER.HTML", "HTML"),
    ],
)
def test_hash_matches_wrangler_convention(content: bytes, path: str, extension: str) -> None:
    """The hash is BLAKE3(base64(content) + extension as Node's extname finds it), first 32 hex chars."""
    expected = blake3.blake3(base64.b64encode(content) + extension.encode()).hexdigest()[:32]
    assert asset_hash(content, path) == expected


@pytest.mark.parametrize(
    ("content", "path", "expected"),
    [
        # BLAKE3's published hash of the empty input starts af1349b9f5f9a1a6a0404dea36dcc949.
        (b"", "/empty", "af1349b9f5f9a1a6a0404dea36dcc949"),
        (b"<h1>Hello</h1>\n", "/index.html", "569c49c876d9d1d37936e494e70a80e8"),
    ],
)
def test_hash_pinned_values(content: bytes, path: str, expected: str) -> None:
    """Pinned hashes, so an accidental change of convention cannot pass silently."""
    assert asset_hash(content, path) == expected


def test_hash_depends_on_extension_not_folder() -> None:
    """The same bytes hash alike in any folder but differently under another extension."""
    assert asset_hash(b"same", "/a/x.txt") == asset_hash(b"same", "/b/y.txt")
    assert asset_hash(b"same", "/a/x.txt") != asset_hash(b"same", "/a/x.html")


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/index.html", "text/html; charset=utf-8"),
        ("/site.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/app.mjs", "text/javascript; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/logo.png", "image/png"),
        ("/photo.JPG", "image/jpeg"),
        ("/icon.svg", "image/svg+xml"),
        ("/font.woff2", "font/woff2"),
        ("/pic.webp", "image/webp"),
        ("/mod.wasm", "application/wasm"),
        ("/doc.pdf", "application/pdf"),
        ("/dump.tar.gz", "application/gzip"),
        ("/LICENSE", "application/octet-stream"),
        ("/blob.unknownext", "application/octet-stream"),
    ],
)
def test_content_type_guess(path: str, content_type: str) -> None:
    """Content types come from the file name; text types carry charset=utf-8; unknown is octet-stream."""
    assert guess_content_type(path) == content_type


def test_asset_file_from_bytes() -> None:
    """from_bytes adds the leading slash and computes type, hash and size; repr hides the content."""
    asset = AssetFile.from_bytes("docs/a.txt", b"private bytes")
    assert asset == AssetFile(
        path="/docs/a.txt",
        content=b"private bytes",
        content_type="text/plain; charset=utf-8",
        hash=asset_hash(b"private bytes", "/docs/a.txt"),
        size=13,
    )
    assert "private" not in repr(asset)
    assert AssetFile.from_bytes("/x.bin", bytearray(b"1"), "application/x-custom").content_type == (
        "application/x-custom"
    )


def test_asset_arguments_are_checked_before_the_content_is_read() -> None:
    """A bad content type is refused as InvalidInput before the content is copied (a released buffer)."""
    released = memoryview(b"abc")
    released.release()
    with pytest.raises(InvalidInput) as info:
        AssetFile.from_bytes("/a.txt", released, 1)  # type: ignore[arg-type]
    assert str(info.value) == "asset '/a.txt': content type must be a str, not int"


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("", "must name a file, without empty, '.' or '..' segments"),
        ("/", "must name a file, without empty, '.' or '..' segments"),
        ("/a/", "must name a file, without empty, '.' or '..' segments"),
        ("/a//b", "must name a file, without empty, '.' or '..' segments"),
        ("/../etc/passwd", "must name a file, without empty, '.' or '..' segments"),
        ("/./a", "must name a file, without empty, '.' or '..' segments"),
        ("/a\\b", "must use / between folders, not a backslash"),
        ("/a\nb", "must not contain control characters"),
    ],
)
def test_bad_asset_paths(path: str, problem: str) -> None:
    """Paths that are not a clean file path raise InvalidInput."""
    with pytest.raises(InvalidInput) as info:
        AssetFile.from_bytes(path, b"")
    assert str(info.value) == f"invalid asset path {path!r}: {problem}"


def test_collect_from_mapping_sorted_by_path() -> None:
    """A mapping of path -> bytes becomes assets keyed by normalized path, sorted."""
    files = collect_assets({"/z.txt": b"z", "a/b.html": b"<b>", "/a/a.css": b"a{}"})
    assert list(files) == ["/a/a.css", "/a/b.html", "/z.txt"]
    assert files["/a/b.html"] == AssetFile.from_bytes("/a/b.html", b"<b>")


def test_collect_rejects_duplicate_and_non_bytes() -> None:
    """One path given twice (with and without the slash) and text content are errors."""
    with pytest.raises(InvalidInput, match=r"^asset path '/a\.txt' is given twice$"):
        collect_assets({"a.txt": b"1", "/a.txt": b"2"})
    with pytest.raises(InvalidInput, match=r"^asset '/a\.txt': content must be bytes, not str$"):
        collect_assets({"a.txt": "text"})  # type: ignore[dict-item]


def test_collect_from_directory(tmp_path: Path) -> None:
    """A directory is walked recursively and sorted; dot-files are kept; symlinks out of it are skipped."""
    site = tmp_path / "site"
    for name, content in {
        "index.html": b"<h1>hi</h1>",
        "css/site.css": b"body{}",
        ".well-known/security.txt": b"Contact: x",
        "img/deep/logo.png": b"\x89PNG",
    }.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(content)
    (tmp_path / "outside.txt").write_bytes(b"do not upload")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_bytes(b"no")
    os.symlink(tmp_path / "outside.txt", site / "leak.txt")
    os.symlink(tmp_path / "outside", site / "leakdir")
    os.symlink(site / "index.html", site / "home.html")
    os.symlink(site, site / "css" / "loop")
    os.symlink(site / "missing", site / "dangling")

    files = collect_assets(site)
    assert list(files) == [
        "/.well-known/security.txt",
        "/css/site.css",
        "/home.html",
        "/img/deep/logo.png",
        "/index.html",
    ]
    assert files["/home.html"] == AssetFile.from_bytes("/home.html", b"<h1>hi</h1>")
    assert files["/img/deep/logo.png"].content_type == "image/png"
    assert collect_assets(str(site)) == files


def test_collect_needs_a_directory(tmp_path: Path) -> None:
    """A file or missing path is not a source of assets."""
    (tmp_path / "f").write_bytes(b"")
    for source in (tmp_path / "f", tmp_path / "missing"):
        with pytest.raises(InvalidInput, match=r"is not a directory$"):
            collect_assets(source)


FILES = collect_assets({"/index.html": b"<h1>hi</h1>", "/copy.html": b"<h1>hi</h1>", "/app.js": b"1;"})
HTML = asset_hash(b"<h1>hi</h1>", "/x.html")
JS = asset_hash(b"1;", "/x.js")


def test_manifest_exact() -> None:
    """The manifest maps every path to its hash and size."""
    assert manifest(FILES) == {
        "/app.js": {"hash": JS, "size": 2},
        "/copy.html": {"hash": HTML, "size": 11},
        "/index.html": {"hash": HTML, "size": 11},
    }
    assert manifest({}) == {}


def test_bucket_parts_exact() -> None:
    """Each bucket hash becomes a part named by the hash, holding the base64 text, with the file's type."""
    by_hash = files_by_hash(FILES)
    assert sorted(by_hash) == sorted([HTML, JS])
    assert bucket_parts(by_hash, [JS, HTML]) == [
        (JS, JS, b"MTs=", "text/javascript; charset=utf-8"),
        (HTML, HTML, b"PGgxPmhpPC9oMT4=", "text/html; charset=utf-8"),
    ]
    assert bucket_parts(by_hash, []) == []


def test_bucket_with_unknown_hash() -> None:
    """A hash the server asks for that no collected file has raises UnknownAssetHash (a ValueError)."""
    with pytest.raises(UnknownAssetHash) as info:
        bucket_parts(files_by_hash(FILES), [JS, "0" * 32])
    assert str(info.value) == f"the upload session asked for hash {'0' * 32!r}, which no collected file has"
    assert isinstance(info.value, ValueError)
