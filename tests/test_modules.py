"""Module and WorkerBundle: content-type inference, name rules, bundle checks, from_directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from wfp_async._errors import InvalidInput
from wfp_async._modules import MODULE_CONTENT_TYPES, Module, WorkerBundle, infer_content_type


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("index.js", "application/javascript+module"),
        ("lib/util.mjs", "application/javascript+module"),
        ("INDEX.JS", "application/javascript+module"),
        ("legacy.cjs", "application/javascript"),
        ("main.py", "text/x-python"),
        ("requirements.txt", "text/x-python-requirement"),
        ("src/requirements.txt", "text/x-python-requirement"),
        ("notes.txt", "text/plain"),
        ("page.html", "text/plain"),
        ("README.md", "text/plain"),
        ("style.css", "text/plain"),
        ("data.json", "text/plain"),
        ("add.wasm", "application/wasm"),
        ("index.js.map", "application/source-map"),
        ("blob.bin", "application/octet-stream"),
        ("unknown.xyz", "application/octet-stream"),
        ("Makefile", "application/octet-stream"),
    ],
)
def test_content_type_inferred_from_name(name: str, content_type: str) -> None:
    """Each file name maps to the module content type the upload needs."""
    assert infer_content_type(name) == content_type
    assert Module.from_bytes(name, b"x").content_type == content_type


def test_constructors_build_equal_modules(tmp_path: Path) -> None:
    """from_text, from_bytes and from_path give the same module for the same file."""
    (tmp_path / "index.js").write_bytes("export default {}; // é\n".encode())
    expected = Module("index.js", "export default {}; // é\n".encode(), "application/javascript+module")
    assert Module.from_text("index.js", "export default {}; // é\n") == expected
    assert Module.from_bytes("index.js", "export default {}; // é\n".encode()) == expected
    assert Module.from_path(tmp_path / "index.js") == expected
    assert Module.from_path(str(tmp_path / "index.js"), name="lib/a.js") == Module(
        "lib/a.js", expected.content, "application/javascript+module"
    )


def test_explicit_content_type_wins() -> None:
    """A given content type overrides inference, and bytearray content becomes bytes."""
    module = Module.from_bytes("worker.js", bytearray(b"addEventListener()"), "text/javascript")
    assert module == Module("worker.js", b"addEventListener()", "text/javascript")
    assert type(module.content) is bytes


@pytest.mark.parametrize("content_type", sorted(MODULE_CONTENT_TYPES))
def test_every_allowed_content_type_is_accepted(content_type: str) -> None:
    """Every content type Cloudflare lists is accepted as given."""
    assert Module.from_text("m", "x", content_type).content_type == content_type


@pytest.mark.parametrize("content_type", ["application/json", "text/html", "APPLICATION/WASM", ""])
def test_unknown_content_type_is_rejected(content_type: str) -> None:
    """A content type outside Cloudflare's list raises InvalidInput naming the module."""
    with pytest.raises(InvalidInput, match=r"^module 'a\.js': content type .* is not one Cloudflare accepts"):
        Module.from_text("a.js", "x", content_type)
    with pytest.raises(InvalidInput, match="is not one Cloudflare accepts"):
        Module("a.js", b"x", content_type)


@pytest.mark.parametrize(
    "name", ["index.js", "lib/util.js", "a/b/c.py", "with space.txt", "ünï.js", "%41.js"]
)
def test_good_names_are_accepted(name: str) -> None:
    """Plain names and relative sub-paths are valid module names."""
    assert Module.from_text(name, "").name == name


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "must not be empty"),
        ("a\r\nb.js", "must not contain control characters (CR, LF, ...)"),
        ("a\nb.js", "must not contain control characters (CR, LF, ...)"),
        ("a\x00.js", "must not contain control characters (CR, LF, ...)"),
        ('a"b.js', 'must not contain a double quote (")'),
        ("lib\\a.js", "must not contain a backslash; use / between folders"),
        ("/abs.js", "must be a relative path"),
        ("a%22b.js", "must not contain %22, %0D or %0A (multipart readers decode them)"),
        ("a%0d.js", "must not contain %22, %0D or %0A (multipart readers decode them)"),
        ("../up.js", "must not contain empty, '.' or '..' path segments"),
        ("lib/../x.js", "must not contain empty, '.' or '..' path segments"),
        ("./x.js", "must not contain empty, '.' or '..' path segments"),
        ("lib//x.js", "must not contain empty, '.' or '..' path segments"),
        ("lib/", "must not contain empty, '.' or '..' path segments"),
    ],
)
def test_bad_names_are_rejected(name: str, problem: str) -> None:
    """Names that could break a multipart header or escape the bundle raise InvalidInput saying why."""
    with pytest.raises(InvalidInput) as info:
        Module.from_text(name, "x")
    assert str(info.value) == f"invalid module name {name!r}: {problem}"


def test_non_bytes_content_is_rejected() -> None:
    """Text passed as content is an error, not silently encoded."""
    with pytest.raises(InvalidInput, match=r"^module content must be bytes, not str$"):
        Module("a.js", "text", "text/plain")  # type: ignore[arg-type]


def test_repr_shows_size_not_content() -> None:
    """repr() names the module and its size, never the content."""
    module = Module.from_bytes("big.bin", b"SECRET-CONTENT" * 1000)
    assert repr(module) == "Module(name='big.bin', content_type='application/octet-stream', size=14000)"
    assert "SECRET" not in repr(module)


def test_es_module_bundle_from_source() -> None:
    """es_module() names the source index.js by default and makes it the main module."""
    helper = Module.from_text("lib/h.js", "export const h = 1;")
    bundle = WorkerBundle.es_module("export default {}", helper)
    assert bundle == WorkerBundle(
        (
            Module(
                name="index.js", content=b"export default {}", content_type="application/javascript+module"
            ),
            helper,
        ),
        main_module="index.js",
    )
    assert bundle.entry.name == "index.js"
    assert WorkerBundle.es_module("x", main_name="src/main.mjs").main_module == "src/main.mjs"
    assert WorkerBundle.es_module(helper).main_module == "lib/h.js"


def test_service_worker_bundle() -> None:
    """service_worker() makes one application/javascript body part."""
    bundle = WorkerBundle.service_worker("addEventListener('fetch', () => {})")
    assert bundle.modules == (
        Module("worker.js", b"addEventListener('fetch', () => {})", "application/javascript"),
    )
    assert (bundle.main_module, bundle.body_part) == (None, "worker.js")
    assert WorkerBundle.service_worker(b"x", name="sw.js").entry == Module(
        "sw.js", b"x", "application/javascript"
    )


def test_from_modules_defaults_to_first_and_accepts_lists() -> None:
    """from_modules() takes any iterable and makes the first module the main one unless told."""
    a, b = Module.from_text("a.js", "a"), Module.from_text("b.js", "b")
    assert WorkerBundle.from_modules([a, b]) == WorkerBundle((a, b), main_module="a.js")
    assert WorkerBundle.from_modules(iter([a, b]), main_module="b.js").main_module == "b.js"
    assert WorkerBundle.from_modules([a], body_part="a.js").body_part == "a.js"
    assert WorkerBundle([a, b], main_module="a.js").modules == (a, b)


A = Module.from_text("a.js", "a")
B = Module.from_text("b.js", "b")


@pytest.mark.parametrize(
    ("modules", "main_module", "body_part", "message"),
    [
        ((), "a.js", None, "a bundle needs at least one module"),
        ((A,), "index.js", None, "main module 'index.js' is not in the bundle (modules: 'a.js')"),
        ((A, B), None, "c.js", "body part 'c.js' is not in the bundle (modules: 'a.js', 'b.js')"),
        ((A, B, A, B), "a.js", None, "module names must be unique; repeated: 'a.js', 'b.js'"),
        ((A,), None, None, "give exactly one of main_module (ES modules) or body_part (service worker)"),
        ((A,), "a.js", "a.js", "give exactly one of main_module (ES modules) or body_part (service worker)"),
        (
            (A, Module.from_text("metadata", "{}")),
            "a.js",
            None,
            "module name 'metadata' is reserved for the upload's metadata part",
        ),
    ],
)
def test_bundle_checks(
    modules: tuple[Module, ...], main_module: str | None, body_part: str | None, message: str
) -> None:
    """A bundle the API would reject raises InvalidInput with a message saying what is wrong."""
    with pytest.raises(InvalidInput) as info:
        WorkerBundle(modules, main_module=main_module, body_part=body_part)
    assert str(info.value) == message


def test_bundle_holds_only_modules() -> None:
    """Anything but a Module in a bundle is rejected."""
    with pytest.raises(InvalidInput, match=r"^a bundle holds Module values, not str$"):
        WorkerBundle(("a.js",), main_module="a.js")  # type: ignore[arg-type]


def _tree(root: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def test_from_directory_walks_sorted_and_skips_hidden(tmp_path: Path) -> None:
    """from_directory() takes every file, sorted, named with /, minus dot-files and __pycache__."""
    _tree(
        tmp_path,
        {
            "worker.js": b"w",
            "index.js": b"i",
            "lib/z.js": b"z",
            "lib/a.wasm": b"\0asm",
            "lib/deep/data.bin": b"\xff",
            ".env": b"SECRET=1",
            ".git/config": b"x",
            "lib/.hidden.js": b"h",
            "__pycache__/m.cpython-311.pyc": b"pyc",
            "lib/__pycache__/n.pyc": b"pyc",
        },
    )
    bundle = WorkerBundle.from_directory(tmp_path)
    assert bundle == WorkerBundle(
        (
            Module("index.js", b"i", "application/javascript+module"),
            Module("lib/a.wasm", b"\0asm", "application/wasm"),
            Module("lib/deep/data.bin", b"\xff", "application/octet-stream"),
            Module("lib/z.js", b"z", "application/javascript+module"),
            Module("worker.js", b"w", "application/javascript+module"),
        ),
        main_module="index.js",
    )
    assert WorkerBundle.from_directory(str(tmp_path), main_module="worker.js").main_module == "worker.js"


@pytest.mark.parametrize(
    ("files", "main"),
    [
        (["index.mjs", "worker.js", "main.py"], "index.mjs"),
        (["worker.js", "main.py"], "worker.js"),
        (["main.py", "requirements.txt"], "main.py"),
        (["src/index.js", "src/other.js"], "src/index.js"),
    ],
)
def test_from_directory_default_main(tmp_path: Path, files: list[str], main: str) -> None:
    """The main module defaults to the first of index.js, index.mjs, worker.js, main.py, src/index.js."""
    _tree(tmp_path, dict.fromkeys(files, b""))
    assert WorkerBundle.from_directory(tmp_path).main_module == main


def test_from_directory_without_a_main(tmp_path: Path) -> None:
    """A folder with no conventional entry file asks for main_module=."""
    _tree(tmp_path, {"app.js": b""})
    with pytest.raises(InvalidInput) as info:
        WorkerBundle.from_directory(tmp_path)
    assert str(info.value) == (
        f"no main module found in {str(tmp_path)!r}: none of index.js, index.mjs, worker.js, main.py, "
        "src/index.js is present; pass main_module="
    )
    assert WorkerBundle.from_directory(tmp_path, main_module="app.js").main_module == "app.js"


def test_from_directory_needs_a_directory(tmp_path: Path) -> None:
    """A missing folder raises InvalidInput, not an OSError."""
    missing = tmp_path / "nope"
    with pytest.raises(InvalidInput, match=r"is not a directory$"):
        WorkerBundle.from_directory(missing)
