"""``wfp demo`` with workerd installed: after the bulk deploy, tenants answer through the dispatcher."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_sends_requests_through_the_dispatcher() -> None:
    """`wfp demo --workers 8` prints three tenants' real answers, then a 404 once they are deleted."""
    wfp = Path(sys.executable).with_name("wfp")
    done = subprocess.run(
        [str(wfp), "demo", "--workers", "8"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "(tenants run in workerd)" in out
    for i, plan in ((0, "pro"), (1, "free"), (4, "pro")):
        assert f"/tenant-{i:05d}/ -> 200 'hello from tenant tenant-{i:05d} ({plan})'" in out
    assert "/tenant-00000/ -> 404 'Worker not found: tenant-00000'" in out
    assert ", 3 answered through the dispatcher, 8 deleted, 0 left, " in out
