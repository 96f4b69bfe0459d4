"""What counts as CI for the suite's rules (imported by conftest.py and its tests)."""

from __future__ import annotations

import os
from collections.abc import Mapping


def under_ci(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the environment says CI: ``CI=true`` (GitHub Actions, GitLab, ...), ``CI=1``."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
