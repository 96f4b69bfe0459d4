"""The one paginator: an async iterator over every item of a list operation.

It follows an answer's ``result_info`` (``page``/``total_pages`` or a ``cursor``) when it has one, and
stops after one page when not; pages are fetched lazily. A cursor already followed, or another page than
the one asked for (as from a server that ignores ``page``), would loop forever: that raises
:class:`~wfp_async.InvalidResponse` instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Mapping
from typing import Any, Generic, TypeVar

from wfp_async._errors import InvalidResponse

__all__ = ["Pager", "make_pager"]

T = TypeVar("T")
# A page's request, given its query parameters: its items and its ``result_info``.
Fetch = Callable[[Mapping[str, Any]], Awaitable[tuple[list[T], Mapping[str, object] | None]]]


class Pager(Generic[T]):
    """The items of a list operation, every page of them: ``await`` it for a list, or ``async for`` over it.

    ``names = [s.script.name for s in await cf.scripts.list("tenants")]`` fetches every page;
    ``async for info in cf.scripts.list("tenants"): ...`` fetches each page when the walk reaches it, so
    breaking out early sends no more requests. Every collection method returns one (namespaces, scripts,
    secrets, tags, bindings, versions, deployments). Awaiting or iterating raises what a request raises
    (:class:`~wfp_async.WfpError` subclasses); each ``await`` or ``async for`` walks the pages afresh.

    Pagers come from list methods only: ``Pager()`` raises :class:`TypeError` (a programming error that a
    type checker reports, like a call with wrong arguments).
    """

    __slots__ = ("_fetch", "_params", "_url")
    _fetch: Fetch[T]
    _params: Mapping[str, Any]
    _url: str

    def __init__(self) -> None:
        raise TypeError("a Pager comes from a list method, e.g. cf.scripts.list(namespace); it is not built")

    def __await__(self) -> Generator[object, None, list[T]]:
        """``await pager``: every item of every page, in a list. ``await cf.namespaces.list()``."""
        return self._collect().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        """``async for item in pager``: the items, fetching each page when the walk reaches it.

        ``async for ns in cf.namespaces.list(): print(ns.name)``.
        """
        params: Mapping[str, Any] | None = self._params
        followed: set[str] = set()
        while params is not None:
            items, result_info = await self._fetch(params)
            for item in items:
                yield item
            params = self._next_params(params, result_info)
            cursor = None if params is None else params.get("cursor")
            if isinstance(cursor, str):
                if cursor in followed:
                    raise self._loop(f"the cursor {cursor[:40]!r} was followed before (a cycle)")
                followed.add(cursor)

    def _next_params(
        self, params: Mapping[str, Any], result_info: Mapping[str, object] | None
    ) -> dict[str, Any] | None:
        """The query parameters of the next page, or None when ``result_info`` says there is none."""
        if not result_info:
            return None
        cursor = result_info.get("cursor")
        if isinstance(cursor, str) and cursor:
            if cursor == params.get("cursor"):
                raise self._loop(f"the next cursor {cursor[:40]!r} is the one just followed")
            return {**params, "cursor": cursor}
        page = result_info.get("page")
        if not isinstance(page, int) or isinstance(page, bool) or page < 1:
            return None
        asked = params.get("page", 1)
        if page != asked:
            raise self._loop(f"asked for page {asked}, the answer is page {page}")
        total_pages = result_info.get("total_pages")
        if isinstance(total_pages, int) and not isinstance(total_pages, bool):
            return {**params, "page": page + 1} if page < total_pages else None
        per_page, total_count = result_info.get("per_page"), result_info.get("total_count")
        if isinstance(per_page, int) and isinstance(total_count, int) and per_page > 0:
            return {**params, "page": page + 1} if page * per_page < total_count else None
        return None

    def _loop(self, reason: str) -> InvalidResponse:
        return InvalidResponse(
            f"the pages loop: {reason}", status=200, method="GET", url=self._url, field="result_info"
        )

    async def _collect(self) -> list[T]:
        return [item async for item in self]


def make_pager(fetch: Fetch[T], params: Mapping[str, Any], *, url: str = "") -> Pager[T]:
    """A pager (the one way to build one): ``fetch`` sends the request of the page with the given query
    parameters; ``url`` is the path errors name."""
    pager: Pager[T] = object.__new__(Pager)
    pager._fetch = fetch
    pager._params = params
    pager._url = url
    return pager
