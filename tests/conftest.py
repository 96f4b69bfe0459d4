"""Suite-wide rules: under CI (``CI`` set to anything but empty/0/false) a skipped test is a failure.

A skip in CI means the suite did not prove what it claims (a missing file, tool or extra): it must fail
loudly, not pass quietly. ``pytest.xfail`` is unaffected. A per-test timeout (pytest-timeout, set in
pyproject.toml) makes a spinning test fail instead of hanging CI.
"""

from __future__ import annotations

from collections.abc import Generator

import pytest

from ci_rules import under_ci


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, object, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and under_ci() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, which counts as a failure: {reason}"
