"""The one paginator: an async iterator over every item of a list operation.

None of the dispatch-namespace list operations documents paging today, but Cloudflare's list answers
elsewhere carry ``result_info`` (``page``/``total_pages`` or a ``cursor``), so the paginator follows it
when an answer has it and stops after one page when not. Pages are fetched lazily, one at a time.

A server that sends a cursor already followed (a, b, a, ...) or answers another page than the one asked
for would make the walk loop forever: that raises :class:`~wfp_async.InvalidResponse` instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Generic, TypeVar

from wfp_async._envelope import Envelope
from wfp_async._errors import InvalidResponse, SchemaMismatch

__all__ = ["Page", "PageRepeated", "Pager", "next_page_params"]

T = TypeVar("T")


class Page(Generic[T]):
    __slots__ = ("items", "result_info")

    def __init__(self, items: list[T], result_info: Mapping[str, object] | None) -> None:
        self.items = items
        self.result_info = result_info


class PageRepeated(ValueError):
    """The answer points back to a page already fetched: following it would loop forever."""


def next_page_params(
    params: Mapping[str, Any], result_info: Mapping[str, object] | None
) -> dict[str, Any] | None:
    """The query parameters of the next page, or None when ``result_info`` says there is none.

    Raises :class:`PageRepeated` when the answer's cursor is the one just sent, or its page number is
    not the one asked for (a server ignoring ``page`` would have us ask for page 2 forever).
    """
    if not result_info:
        return None
    cursor = result_info.get("cursor")
    if isinstance(cursor, str) and cursor:
        if cursor == params.get("cursor"):
            raise PageRepeated(f"the next cursor {cursor[:40]!r} is the one just followed")
        return {**params, "cursor": cursor}
    page = result_info.get("page")
    if not isinstance(page, int) or isinstance(page, bool) or page < 1:
        return None
    asked = params.get("page", 1)
    if page != asked:
        raise PageRepeated(f"asked for page {asked}, the answer is page {page}")
    total_pages = result_info.get("total_pages")
    if isinstance(total_pages, int) and not isinstance(total_pages, bool):
        return {**params, "page": page + 1} if page < total_pages else None
    per_page, total_count = result_info.get("per_page"), result_info.get("total_count")
    if isinstance(per_page, int) and isinstance(total_count, int) and per_page > 0:
        return {**params, "page": page + 1} if page * per_page < total_count else None
    return None


class Pager(Generic[T]):
    """``async for item in pager`` walks every page; ``await pager.all()`` collects them in a list.

    List operations return one: ``cf.scripts.list("tenants")``. Pages are fetched while iterating, so
    iterating raises what a request raises (:class:`~wfp_async.WfpError` subclasses).
    """

    def __init__(
        self,
        fetch: Callable[[Mapping[str, Any], Callable[[Envelope], Page[T]]], Awaitable[Page[T]]],
        params: Mapping[str, Any],
        convert_item: Callable[[object, str], T],
        *,
        url: str = "",
    ) -> None:
        self._fetch = fetch
        self._params = params
        self._convert_item = convert_item
        self._url = url

    def _page(self, envelope: Envelope) -> Page[T]:
        result = envelope.result
        if result is None:
            return Page([], envelope.result_info)
        if not isinstance(result, list):
            raise SchemaMismatch("result", "a list", result)
        convert = self._convert_item
        return Page([convert(item, f"result[{i}]") for i, item in enumerate(result)], envelope.result_info)

    async def __aiter__(self) -> AsyncIterator[T]:
        params: Mapping[str, Any] | None = self._params
        followed: set[str] = set()
        while params is not None:
            page = await self._fetch(params, self._page)
            for item in page.items:
                yield item
            try:
                params = next_page_params(params, page.result_info)
                cursor = None if params is None else params.get("cursor")
                if isinstance(cursor, str):
                    if cursor in followed:
                        raise PageRepeated(f"the cursor {cursor[:40]!r} was followed before (a cycle)")
                    followed.add(cursor)
            except PageRepeated as exc:
                raise InvalidResponse(
                    f"the pages loop: {exc}", status=200, method="GET", url=self._url, field="result_info"
                ) from None

    async def all(self) -> list[T]:
        """Every item of every page: ``await cf.namespaces.list().all()``.

        Raises what the requests raise (:class:`~wfp_async.APIError`, :class:`~wfp_async.TransportError`).
        """
        return [item async for item in self]
