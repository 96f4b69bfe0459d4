"""The one paginator: an async iterator over every item of a list operation.

None of the dispatch-namespace list operations documents paging today, but Cloudflare's list answers
elsewhere carry ``result_info`` (``page``/``total_pages`` or a ``cursor``), so the paginator follows it
when an answer has it and stops after one page when not. Pages are fetched lazily, one at a time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Generic, TypeVar

from wfp_async._envelope import Envelope
from wfp_async._models import SchemaMismatch

__all__ = ["Page", "Pager", "next_page_params"]

T = TypeVar("T")


class Page(Generic[T]):
    __slots__ = ("items", "result_info")

    def __init__(self, items: list[T], result_info: Mapping[str, object] | None) -> None:
        self.items = items
        self.result_info = result_info


def next_page_params(
    params: Mapping[str, Any], result_info: Mapping[str, object] | None
) -> dict[str, Any] | None:
    """The query parameters of the next page, or None when ``result_info`` says there is none."""
    if not result_info:
        return None
    cursor = result_info.get("cursor")
    if isinstance(cursor, str) and cursor and cursor != params.get("cursor"):
        return {**params, "cursor": cursor}
    page = result_info.get("page")
    if not isinstance(page, int) or isinstance(page, bool) or page < 1:
        return None
    if page != params.get("page", 1):
        return None  # the server ignored the page we asked for: following it would loop forever
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
    ) -> None:
        self._fetch = fetch
        self._params = params
        self._convert_item = convert_item

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
        while params is not None:
            page = await self._fetch(params, self._page)
            for item in page.items:
                yield item
            params = next_page_params(params, page.result_info)

    async def all(self) -> list[T]:
        """Every item of every page: ``await cf.namespaces.list().all()``.

        Raises what the requests raise (:class:`~wfp_async.APIError`, :class:`~wfp_async.TransportError`).
        """
        return [item async for item in self]
