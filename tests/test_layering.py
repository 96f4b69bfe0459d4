"""The package's layers, read from its source: only ``wfp_async/resources/`` imports the generated client,
and the transport and the internal errors depend on nothing generated.

Every ``import`` statement of every module counts, also those inside functions and ``TYPE_CHECKING``
blocks: an import anywhere is a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import wfp_async

PACKAGE = Path(wfp_async.__file__).parent
GENERATED = "wfp_async_generated"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved (``from . import x`` gives ``pkg.x``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


MODULES = {_module_name(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def _imports_generated(imports: set[str]) -> bool:
    return any(name == GENERATED or name.startswith(GENERATED + ".") for name in imports)


def test_only_resources_import_the_generated_client() -> None:
    """No module outside wfp_async/resources/ imports wfp_async_generated, not even inside a function."""
    offenders = sorted(
        name
        for name, imports in MODULES.items()
        if _imports_generated(imports) and not name.startswith("wfp_async.resources.")
    )
    assert offenders == []
    # The walk sees what it should: the resources do import it (this test cannot pass by reading nothing).
    assert _imports_generated(MODULES["wfp_async.resources.scripts"])


def _closure(start: str) -> set[str]:
    """The wfp_async modules ``start`` depends on, transitively (package ``__init__`` files not followed:
    they re-export, and importing a submodule runs them anyway without making it depend on them)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen or name not in MODULES:
            continue
        seen.add(name)
        todo.extend(dep for dep in MODULES[name] if dep in MODULES and dep != "wfp_async")
    return seen


def test_transport_and_errors_depend_on_nothing_generated() -> None:
    """The transport, the envelope, the paginator and the exception module reach no generated model."""
    for start in (
        "wfp_async._transport",
        "wfp_async._errors",
        "wfp_async._envelope",
        "wfp_async._pagination",
    ):
        reached = _closure(start)
        assert start in reached
        assert [name for name in reached if _imports_generated(MODULES[name])] == [], start
        assert not any(name.startswith("wfp_async.resources.") for name in reached), start


def test_internal_value_errors_live_in_the_exception_module() -> None:
    """SchemaMismatch, MultipartError and MalformedBinding are defined in _errors.py and nowhere else."""
    defined: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name in (
                "SchemaMismatch",
                "MultipartError",
                "MalformedBinding",
            ):
                defined.setdefault(node.name, []).append(_module_name(path))
    assert defined == {
        "SchemaMismatch": ["wfp_async._errors"],
        "MultipartError": ["wfp_async._errors"],
        "MalformedBinding": ["wfp_async._errors"],
    }


# Validation primitives: written once, in _names.py (the rule, the limit and the checks), used everywhere.
FACADE = [
    path
    for path in sorted(PACKAGE.rglob("*.py"))
    if "emulator" not in path.parts and path.name != "cli.py" and path.name != "_names.py"
]


def test_the_control_character_rule_and_the_tag_limit_are_written_once() -> None:
    """Outside _names.py no module compiles the Cc pattern or assigns MAX_TAGS (they import them)."""
    control = [p.name for p in FACADE if r"\x7f-\x9f" in p.read_text(encoding="utf-8")]
    limit = [p.name for p in FACADE if "\nMAX_TAGS = " in p.read_text(encoding="utf-8")]
    assert (control, limit) == ([], [])
    names = (PACKAGE / "_names.py").read_text(encoding="utf-8")
    assert r"\x7f-\x9f" in names and "\nMAX_TAGS = 10" in names


def test_positive_int_and_bool_checks_are_written_once() -> None:
    """No module outside _names.py spells out a positive-int or a bool check with its own message."""
    spelled = [
        p.name
        for p in FACADE
        for text in [p.read_text(encoding="utf-8")]
        if "must be a positive int" in text or "must be a bool" in text
    ]
    assert spelled == []
