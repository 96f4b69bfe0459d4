"""Package attributes imported on first use (PEP 562), for packages whose imports need an extra.

``__getattr__ = lazy_exports(__name__, {"Emulator": "._emulator"})`` in a package's ``__init__``: importing
the package (as pytest does with every plugin of an installed distribution) then imports nothing that
needs starlette or uvicorn until one of those names is used.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``name`` from its home module (relative to ``package``) on
    first use and keeps it in the package's namespace; any other name raises ``AttributeError``."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home, package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
