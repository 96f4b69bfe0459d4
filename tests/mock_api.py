"""The MockTransport handler the client tests share: queued answers, every request recorded."""

from __future__ import annotations

from collections.abc import Callable

import httpx

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def ok(
    result: object, result_info: dict[str, object] | None = None, *, status: int = 200, **extra: object
) -> httpx.Response:
    """Cloudflare's success envelope around ``result`` (with ``result_info`` when given)."""
    body: dict[str, object] = {"success": True, "errors": [], "messages": [], "result": result, **extra}
    if result_info is not None:
        body["result_info"] = result_info
    return httpx.Response(status, json=body)


class Api:
    """A MockTransport handler answering queued responses (or raising queued exceptions), in order."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.answers: list[Answer] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer if isinstance(answer, httpx.Response) else answer(request)

    def then(self, *answers: Answer) -> Api:
        self.answers.extend(answers)
        return self

    @property
    def request(self) -> httpx.Request:
        """The one request sent."""
        assert len(self.requests) == 1, [str(r.url) for r in self.requests]
        return self.requests[0]

    @property
    def params(self) -> list[list[tuple[str, str]]]:
        """The query of every request sent, in order."""
        return [request.url.params.multi_items() for request in self.requests]
