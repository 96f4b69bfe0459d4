"""The suite's own rules: under CI a skipped test fails, and a per-test timeout is set."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ci_rules import under_ci

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("1", True), ("yes", True), ("", False), ("0", False), ("false", False), (None, False)],
)
def test_what_counts_as_ci(value: str | None, expected: bool) -> None:
    """CI=true or 1 means CI; unset, empty, 0 or false does not."""
    environ = {} if value is None else {"CI": value}
    assert under_ci(environ) is expected


def _run_skipping_test(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text())
    (tmp_path / "ci_rules.py").write_text((ROOT / "tests" / "ci_rules.py").read_text())
    (tmp_path / "test_skip.py").write_text(
        "import pytest\n\n\ndef test_skips():\n    pytest.skip('needs ../shared')\n\n\n"
        "@pytest.mark.xfail(reason='known')\ndef test_xfails():\n    assert False\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
        check=False,
    )


def test_a_skip_fails_under_ci_and_passes_elsewhere(tmp_path: Path) -> None:
    """With CI=true a skipped test is reported failed (with its reason); without CI it is a skip."""
    ci = _run_skipping_test(tmp_path, "true")
    assert ci.returncode == 1, ci.stdout
    assert "1 failed, 1 xfailed" in ci.stdout
    assert "skipped under CI, which counts as a failure: Skipped: needs ../shared" in ci.stdout
    local = _run_skipping_test(tmp_path, None)
    assert local.returncode == 0, local.stdout
    assert "1 skipped, 1 xfailed" in local.stdout


def test_a_per_test_timeout_is_configured(pytestconfig: pytest.Config) -> None:
    """pytest-timeout is active with a global per-test timeout, so a spinning test cannot hang CI."""
    assert pytestconfig.pluginmanager.hasplugin("timeout")
    assert float(pytestconfig.getini("timeout")) == 300
