"""Pytest fixtures for testing against the emulator (register as a ``pytest11`` entry point).

``wfp_emulator`` is a fresh :class:`~wfp_async.emulator.Emulator` per test; ``wfp_emulator_url`` serves
that same emulator on 127.0.0.1 for the test and yields its base URL (``http://127.0.0.1:PORT/client/v4``).
The emulator is imported inside the fixtures, so installing the plugin without the ``emulator`` extra
does not break pytest for projects that never use these fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ._emulator import Emulator


EXTRA_HINT = "the wfp_emulator fixtures need the 'emulator' extra: pip install 'wfp-async[emulator]'"


@pytest.fixture
def wfp_emulator() -> Emulator:
    """A fresh emulator (account ``emu-account``, token ``emu-token``).

    Without the ``emulator`` extra installed, a test using it fails with one line saying which extra to
    install, instead of a ``ModuleNotFoundError`` from deep inside.
    """
    try:
        from ._emulator import Emulator
    except ImportError as exc:
        missing = str(exc)
    else:
        return Emulator()
    pytest.fail(f"{EXTRA_HINT} ({missing})", pytrace=False)


@pytest.fixture
def wfp_emulator_url(wfp_emulator: Emulator) -> Iterator[str]:
    """The base URL of ``wfp_emulator`` served over loopback HTTP; the server stops after the test."""
    with wfp_emulator.serve() as url:
        yield url
