"""Pytest fixture for tests whose tenant Workers really run (register as a ``pytest11`` entry point).

``wfp_local`` is a started :class:`~wfp_async.local.LocalPlatform` over a fresh emulator: upload through
``wfp_local.api_url``, request tenants at ``wfp_local.url(script)``. workerd is stopped after the test,
also when the test fails. Imports happen inside the fixture, so the plugin costs nothing to projects that
never use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ._platform import LocalPlatform


@pytest.fixture
def wfp_local() -> Iterator[LocalPlatform]:
    """A running local platform (built-in router, account ``emu-account``, token ``emu-token``)."""
    from wfp_async.emulator import Emulator

    from ._platform import LocalPlatform

    with LocalPlatform(Emulator()) as platform:
        yield platform
