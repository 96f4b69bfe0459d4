"""What the emulator tests share: the API paths, the token header, and the exact failure-envelope check."""

from __future__ import annotations

import httpx

AUTH = {"Authorization": "Bearer emu-token"}
NS = "/accounts/emu-account/workers/dispatch/namespaces"
JS = "application/javascript+module"


def error(response: httpx.Response, status: int, code: int, message: str) -> None:
    """Assert a failure envelope exactly."""
    assert response.status_code == status, response.text
    assert response.json() == {
        "success": False,
        "errors": [{"code": code, "message": message}],
        "messages": [],
        "result": None,
    }
