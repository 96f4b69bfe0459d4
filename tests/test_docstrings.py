"""Every public name documents itself: what it does, what it raises, and an example that uses it.

"Public" is every name in ``wfp_async.__all__`` and ``wfp_async.emulator.__all__``, the public methods
and properties those classes define, and the methods of every resource a client exposes
(``cf.namespaces``, ``cf.scripts``, ...). Constants and type aliases are documented by the string right
after their assignment, which is read from the source.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import re
from pathlib import Path
from typing import Any

import pytest

import wfp_async
import wfp_async.emulator
from wfp_async import WfpClient

RESOURCES = ("namespaces", "scripts", "content", "bindings", "secrets", "settings", "tags", "assets", "bulk")

# An example is an inline ``code`` span, a literal block after "::", or a doctest line.
CODE = re.compile(
    r"``(.+?)``|::\n\n((?:[ \t]+\S[^\n]*\n?|\n)+)|^[ \t]*>>> ([^\n]*)", re.MULTILINE | re.DOTALL
)
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _examples(doc: str) -> list[str]:
    return ["".join(groups) for groups in CODE.findall(doc)]


def _shows(doc: str, names: tuple[str, ...]) -> bool:
    """Whether an example in ``doc`` uses one of ``names`` (any case: ``ns`` examples show ``Namespace``)."""
    return any(name.lower() in example.lower() for example in _examples(doc) for name in names)


def _members(cls: type) -> list[tuple[str, Any]]:
    """The public functions and properties ``cls`` defines itself (not inherited, not attrs fields)."""
    members = []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, staticmethod | classmethod):
            value = value.__func__
        if inspect.isfunction(value) or isinstance(value, property):
            members.append((name, value))
    return members


def _attribute_docstrings(module_name: str) -> dict[str, str]:
    """Module-level ``NAME = value`` followed by a string literal: the string, by name."""
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(inspect.getfile(module)).read_text())
    docs: dict[str, str] = {}
    for node, following in zip(tree.body, tree.body[1:], strict=False):
        target = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign):
            target = node.target
        if (
            isinstance(target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[target.id] = inspect.cleandoc(following.value.value)
    return docs


def _home(package: Any, name: str) -> str:
    """The module a package re-exports ``name`` from, read from the package's own imports."""
    tree = ast.parse(Path(inspect.getfile(package)).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(alias.name == name for alias in node.names):
            assert node.module is not None
            return importlib.util.resolve_name("." * node.level + node.module, package.__name__)
    raise AssertionError(f"{package.__name__} does not import {name}")


def public_names() -> list[tuple[str, Any, str | None, tuple[str, ...]]]:
    """(label, object, its docstring, the names an example may use to show it)."""
    entries: list[tuple[str, Any, str | None, tuple[str, ...]]] = []
    for package in (wfp_async, wfp_async.emulator):
        for name in package.__all__:
            value = getattr(package, name)
            if inspect.isclass(value) or inspect.isfunction(value):
                entries.append((name, value, inspect.getdoc(value), (name,)))
                if inspect.isclass(value):
                    for member, attr in _members(value):
                        entries.append((f"{name}.{member}", attr, inspect.getdoc(attr), (member,)))
            else:  # a constant or a type alias: its docstring is the string after its assignment
                doc = _attribute_docstrings(_home(package, name)).get(name)
                entries.append((name, value, doc, (name,)))
    for resource in RESOURCES:
        cls = type(getattr(_client(), resource))
        entries.append((f"cf.{resource}", cls, inspect.getdoc(cls), (resource, cls.__name__)))
        for member, attr in _members(cls):
            entries.append((f"cf.{resource}.{member}", attr, inspect.getdoc(attr), (member,)))
    return entries


def _client() -> WfpClient:
    return WfpClient(account_id="acc", api_token="token")


ENTRIES = public_names()
IDS = [label for label, *_ in ENTRIES]


def test_the_walk_covers_the_surface() -> None:
    """The walk reaches the client's methods, every resource's methods and the emulator's."""
    labels = set(IDS)
    assert {
        "WfpClient.with_options",
        "WfpClient.aclose",
        "cf.scripts.put",
        "cf.bulk.deploy_many",
    } <= labels
    assert {"Emulator.transport", "Emulator.serve", "Faults.fail_next", "NO_RETRY", "Binding"} <= labels
    assert len(ENTRIES) >= 140


@pytest.mark.parametrize(("label", "obj", "doc", "names"), ENTRIES, ids=IDS)
def test_public_name_has_a_docstring_with_an_example(
    label: str, obj: Any, doc: str | None, names: tuple[str, ...]
) -> None:
    """Each public name says what it is in two sentences or more, or shows an example that uses it."""
    assert doc, f"{label} has no docstring"
    assert _shows(doc, names) or len(SENTENCE_END.findall(doc)) >= 2, f"{label}: {doc!r}"


@pytest.mark.parametrize(
    ("label", "obj", "doc", "names"),
    [entry for entry in ENTRIES if inspect.isfunction(entry[1]) or inspect.isclass(entry[1])],
    ids=[label for label, obj, *_ in ENTRIES if inspect.isfunction(obj) or inspect.isclass(obj)],
)
def test_callable_shows_a_call(label: str, obj: Any, doc: str | None, names: tuple[str, ...]) -> None:
    """Each public class, function and method shows a call (or a use) of itself in an example."""
    assert doc
    assert _shows(doc, names), f"{label}: {doc!r}"


@pytest.mark.parametrize(
    ("label", "obj", "doc", "names"),
    [entry for entry in ENTRIES if inspect.iscoroutinefunction(entry[1])],
    ids=[label for label, obj, *_ in ENTRIES if inspect.iscoroutinefunction(obj)],
)
def test_coroutine_says_what_it_raises(label: str, obj: Any, doc: str | None, names: tuple[str, ...]) -> None:
    """Each public coroutine (every one sends requests) names what it raises."""
    assert doc
    assert re.search(r"\braises?\b", doc, re.IGNORECASE), f"{label}: {doc!r}"
