"""A Worker folder as wrangler lays it out: which files are modules, and what the wrangler config says."""

from __future__ import annotations

from pathlib import Path

import pytest

from wfp_async import InvalidInput, WorkerBundle
from wfp_async._project import WranglerConfig, is_module_path, read_wrangler_config


@pytest.mark.parametrize(
    ("path", "uploaded"),
    [
        ("index.js", True),
        ("src/index.js", True),
        ("lib/README.md", True),  # only the folder's own docs are left out
        ("src/package.json", True),
        ("data/wrangler.toml", True),
        ("README.md", False),
        ("readme", False),
        ("LICENSE", False),
        ("CHANGELOG.md", False),
        ("package.json", False),
        ("package-lock.json", False),
        ("yarn.lock", False),
        ("pnpm-lock.yaml", False),
        ("tsconfig.json", False),
        ("wrangler.toml", False),
        ("wrangler.json", False),
        ("wrangler.jsonc", False),
        (".dev.vars", False),
        (".wrangler/tmp/x.js", False),
        ("src/.hidden.js", False),
        ("node_modules/dep/index.js", False),
        ("src/node_modules/dep/index.js", False),
        ("__pycache__/x.pyc", False),
    ],
)
def test_is_module_path(path: str, uploaded: bool) -> None:
    """The one rule for what a folder upload leaves out."""
    assert is_module_path(path) is uploaded


def test_from_directory_uploads_only_modules(tmp_path: Path) -> None:
    """WorkerBundle.from_directory applies the rule: docs, package files, configs, node_modules stay home."""
    for name in ("index.js", "lib/a.js", "README.md", "package.json", "wrangler.toml", "node_modules/d/i.js"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("export default {}\n")
    bundle = WorkerBundle.from_directory(tmp_path)
    assert [module.name for module in bundle.modules] == ["index.js", "lib/a.js"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "wrangler.toml",
            'main = "./src/w.js"\ncompatibility_date = "2025-01-02"\ncompatibility_flags = ["a"]\n',
        ),
        (
            "wrangler.json",
            '{"main": "src/w.js", "compatibility_date": "2025-01-02", "compatibility_flags": ["a"]}',
        ),
        (
            "wrangler.jsonc",
            '{\n  // "main": "no.js",\n  "main": "src//w.js", /* "x": 1 */\n'
            '  "compatibility_date": "2025-01-02",\n  "compatibility_flags": ["a",],\n}\n',
        ),
    ],
)
def test_read_wrangler_config(tmp_path: Path, name: str, text: str) -> None:
    """main (made folder-relative), compatibility_date and compatibility_flags, from each config format."""
    (tmp_path / name).write_text(text)
    assert read_wrangler_config(tmp_path) == WranglerConfig(
        main="src/w.js", compatibility_date="2025-01-02", compatibility_flags=("a",), source=name
    )


def test_json_is_preferred_to_toml_and_no_config_is_empty(tmp_path: Path) -> None:
    """wrangler.json wins over wrangler.toml, as in wrangler; a folder without a config gives no keys."""
    assert read_wrangler_config(tmp_path) == WranglerConfig()
    (tmp_path / "wrangler.toml").write_text('main = "t.js"\n')
    (tmp_path / "wrangler.json").write_text('{"main": "j.js"}')
    assert read_wrangler_config(tmp_path).main == "j.js"


def test_jsonc_keeps_comment_marks_and_commas_inside_strings(tmp_path: Path) -> None:
    """`//`, `/*` and `,}` inside strings are text, not comments or trailing commas."""
    (tmp_path / "wrangler.jsonc").write_text('{"main": "a//b/*c,}.js", "compatibility_date": "x\\"//y",}')
    config = read_wrangler_config(tmp_path)
    assert (config.main, config.compatibility_date) == ("a/b/*c,}.js", 'x"//y')


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"main": "/abs.js"}', "main must be a path inside the Worker folder, not '/abs.js'"),
        ('{"main": "a/../../x.js"}', "main must be a path inside the Worker folder, not 'a/../../x.js'"),
        ('{"main": ""}', "main must be a path inside the Worker folder, not ''"),
        ('{"compatibility_date": 20250101}', "compatibility_date must be a string"),
        ('{"compatibility_flags": [1]}', "compatibility_flags must be a list of strings"),
        ("[1]", "a wrangler config is a table/object"),
    ],
)
def test_bad_config_is_invalid_input_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    """A config that cannot be used raises InvalidInput naming the file and the key."""
    (tmp_path / "wrangler.json").write_text(text)
    with pytest.raises(InvalidInput) as caught:
        read_wrangler_config(tmp_path)
    assert str(caught.value) == f"{tmp_path / 'wrangler.json'}: {message}"


def test_unreadable_config_is_invalid_input(tmp_path: Path) -> None:
    """Bytes that are not UTF-8, or TOML that does not parse, raise InvalidInput, never a decode error."""
    (tmp_path / "wrangler.toml").write_bytes(b"main = '\xff'\n")
    with pytest.raises(InvalidInput, match="not a readable wrangler config"):
        read_wrangler_config(tmp_path)
