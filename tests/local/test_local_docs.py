"""The local runtime documents itself: every public name has an example, and the README section runs."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from typing import Any

import pytest

import wfp_async.local

README = Path(__file__).resolve().parents[2] / "README.md"
LOCAL_BLOCK = re.compile(r"^```python local\n(.*?)^```$", re.MULTILINE | re.DOTALL)
CODE = re.compile(r"``(.+?)``|::\n\n((?:[ \t]+\S[^\n]*\n?|\n)+)", re.MULTILINE | re.DOTALL)


def entries() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for name in wfp_async.local.__all__:
        value = getattr(wfp_async.local, name)
        found.append((name, value))
        if inspect.isclass(value):
            for member, attr in vars(value).items():
                if not member.startswith("_") and (inspect.isfunction(attr) or isinstance(attr, property)):
                    found.append((f"{name}.{member}", attr))
    return found


ENTRIES = entries()


def test_the_walk_covers_the_local_surface() -> None:
    """The walk reaches LocalPlatform's methods and the module's functions and errors."""
    labels = {label for label, _ in ENTRIES}
    assert {
        "LocalPlatform",
        "LocalPlatform.start",
        "LocalPlatform.url",
        "find_workerd",
        "WorkerdMissing",
    } <= labels


@pytest.mark.parametrize(("label", "obj"), ENTRIES, ids=[label for label, _ in ENTRIES])
def test_each_public_name_shows_itself_in_an_example(label: str, obj: Any) -> None:
    """Each public name's docstring has an example that uses it."""
    doc = inspect.getdoc(obj)
    assert doc, f"{label} has no docstring"
    name = label.rsplit(".", 1)[-1]
    examples = ["".join(groups) for groups in CODE.findall(doc)]
    assert any(name.lower() in example.lower() for example in examples), f"{label}: {doc!r}"


def test_the_readme_has_a_local_section() -> None:
    """The README's wfp dev section has runnable examples."""
    assert "## A local Workers for Platforms: `wfp dev`" in README.read_text()
    assert len(LOCAL_BLOCK.findall(README.read_text())) >= 2


async def test_the_readme_local_examples_run() -> None:
    """Each ```python local block of the README runs as written, in order (workerd for real)."""
    namespace: dict[str, Any] = {}
    for number, source in enumerate(LOCAL_BLOCK.findall(README.read_text()), 1):
        code = compile(
            source, f"README.md local block {number}", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
        )
        result = eval(code, namespace)
        if result is not None:
            await result
    assert namespace["answer"].text == "hello from acme (pro)"
    assert namespace["wrapped"].text == "dispatcher saw 200: hello from acme (pro)"
