"""Retries, timeouts, pagination and lifecycle through WfpClient, with a fake sleep/clock that never waits."""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from wfp_async import (
    NO_RETRY,
    AuthenticationError,
    InvalidInput,
    InvalidResponse,
    Namespace,
    NotFound,
    Pager,
    RateLimited,
    RequestTimeout,
    RetryPolicy,
    Script,
    ScriptInfo,
    Secret,
    ServerError,
    TransportError,
    ValidationError,
    WfpClient,
    WorkerBundle,
)

from mock_api import Answer, Api, ok

BASE_URL = "https://api.example.test/client/v4"
TOKEN = "tok-RETRY-5a4b3c2d1e"
NS = "/client/v4/accounts/ACC/workers/dispatch/namespaces"
NAMESPACE_JSON = {"namespace_id": "6f5c4a1e", "namespace_name": "tenants", "script_count": 3}
NAMESPACE = Namespace(id="6f5c4a1e", name="tenants", script_count=3)
# Default policy, rand() == 0.5: 0.2 * 2 ** (n - 1) + 0.5 * 1.0 after failed attempt n.
BACKOFF = [0.7, 0.9, 1.3, 2.1]


def fail(status: int, code: int, message: str, headers: dict[str, str] | None = None) -> httpx.Response:
    body = {"success": False, "errors": [{"code": code, "message": message}], "messages": [], "result": None}
    return httpx.Response(status, json=body, headers=headers)


HTML_503 = httpx.Response(
    503, content=b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"
)


class FakeTime:
    """Injected sleep and clock: sleeping only records the wait and moves the clock."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_client(api: Api, fake_time: FakeTime) -> Callable[..., WfpClient]:
    """A client on the mock transport with the fake time; keyword arguments override the defaults."""

    def make(**kwargs: Any) -> WfpClient:
        options: dict[str, Any] = {
            "account_id": "ACC",
            "api_token": TOKEN,
            "base_url": BASE_URL,
            "transport": httpx.MockTransport(api),
            "sleep": fake_time.sleep,
            "clock": fake_time.clock,
            "rand": lambda: 0.5,
            **kwargs,
        }
        return WfpClient(**options)

    return make


@pytest.fixture
async def cf(make_client: Callable[..., WfpClient]) -> AsyncIterator[WfpClient]:
    async with make_client() as client:
        yield client


# Retries.


@pytest.mark.parametrize(
    ("failures", "waits"),
    [
        pytest.param([fail(500, 10002, "Internal error")], BACKOFF[:1], id="500"),
        pytest.param([fail(500, 10002, "Internal error")] * 3, BACKOFF[:3], id="500x3"),
        pytest.param([HTML_503], BACKOFF[:1], id="html-503"),
        pytest.param([fail(503, 10002, "Unavailable", {"Retry-After": "2"})], [2.0], id="503-retry-after"),
        pytest.param([fail(429, 971, "Please wait", {"Retry-After": "7"})], [7.0], id="429-retry-after"),
        pytest.param([fail(429, 971, "Please wait")], BACKOFF[:1], id="429-no-retry-after"),
        pytest.param([httpx.ConnectError("refused")], BACKOFF[:1], id="connect-error"),
        pytest.param([httpx.ReadTimeout("timed out")], BACKOFF[:1], id="read-timeout"),
        pytest.param(
            [httpx.ConnectError("refused"), fail(429, 971, "Please wait", {"Retry-After": "3"}), HTML_503],
            [0.7, 3.0, 1.3],
            id="mixed",
        ),
    ],
)
async def test_get_is_retried_until_it_succeeds(
    api: Api, fake_time: FakeTime, cf: WfpClient, failures: list[Answer], waits: list[float]
) -> None:
    """A GET after 5xx, 429 or a transport error is re-sent after the backoff (Retry-After wins)."""
    api.then(*failures, ok(NAMESPACE_JSON))

    assert await cf.namespaces.get("tenants") == NAMESPACE
    assert len(api.requests) == len(failures) + 1
    assert fake_time.waits == pytest.approx(waits)
    assert {(r.method, r.url.path) for r in api.requests} == {("GET", f"{NS}/tenants")}


async def test_content_get_retries_a_200_with_success_false(
    api: Api, fake_time: FakeTime, cf: WfpClient
) -> None:
    """Script content answered by a 200 success:false internal error (10002) is fetched again."""
    body = b'--b0\r\nContent-Disposition: form-data; name="index.js"; filename="index.js"\r\n'
    body += b"Content-Type: application/javascript+module\r\n\r\nexport default {}\r\n--b0--\r\n"
    api.then(
        fail(200, 10002, "Internal error"),
        httpx.Response(200, content=body, headers={"Content-Type": "multipart/form-data; boundary=b0"}),
    )

    content = await cf.content.get("tenants", "acme")

    assert [(m.name, m.content_type, m.content) for m in content.modules] == [
        ("index.js", "application/javascript+module", b"export default {}")
    ]
    assert len(api.requests) == 2
    assert fake_time.waits == pytest.approx(BACKOFF[:1])


async def test_retry_after_http_date_is_honoured(api: Api, fake_time: FakeTime, cf: WfpClient) -> None:
    """A Retry-After HTTP-date 40 s ahead makes the client wait those seconds (wall clock, 1 s precision)."""
    api.then(
        fail(429, 971, "Please wait", {"Retry-After": email.utils.formatdate(time.time() + 40, usegmt=True)}),
        ok(NAMESPACE_JSON),
    )

    assert await cf.namespaces.get("tenants") == NAMESPACE
    [wait] = fake_time.waits
    assert 38.0 <= wait <= 40.0


async def test_retries_stop_after_the_attempts(api: Api, fake_time: FakeTime, cf: WfpClient) -> None:
    """Five failed attempts (the default) raise the last error after four waits."""
    api.then(*[fail(500, 10002, f"Internal error {i}") for i in range(5)])

    with pytest.raises(ServerError, match=r"\[10002\] Internal error 4$"):
        await cf.namespaces.get("tenants")
    assert len(api.requests) == 5
    assert fake_time.waits == pytest.approx(BACKOFF)


@pytest.mark.parametrize(
    ("answer", "cls"),
    [
        (fail(400, 10021, "Main module name is not present in bundle."), ValidationError),
        (fail(404, 10007, "Namespace not found."), NotFound),
        (fail(401, 10000, "Authentication error"), AuthenticationError),
    ],
)
async def test_client_errors_are_not_retried(
    api: Api, fake_time: FakeTime, cf: WfpClient, answer: httpx.Response, cls: type[Exception]
) -> None:
    """4xx answers other than 429 are final: one request, no wait."""
    api.then(answer)

    with pytest.raises(cls):
        await cf.namespaces.get("tenants")
    assert (len(api.requests), fake_time.waits) == (1, [])


@pytest.mark.parametrize(
    ("failure", "cls"),
    [
        (fail(500, 10002, "Internal error"), ServerError),
        (HTML_503, ServerError),
        (fail(429, 971, "Please wait", {"Retry-After": "1"}), RateLimited),
        (httpx.ReadTimeout("timed out"), RequestTimeout),
        (httpx.RemoteProtocolError("Server disconnected"), TransportError),
    ],
)
async def test_namespace_create_is_not_resent_once_it_may_have_arrived(
    api: Api, fake_time: FakeTime, cf: WfpClient, failure: Answer, cls: type[Exception]
) -> None:
    """POST create is never repeated after an answer or a failure that may follow delivery."""
    api.then(failure)

    with pytest.raises(cls):
        await cf.namespaces.create("tenants")
    assert (len(api.requests), fake_time.waits) == (1, [])


@pytest.mark.parametrize("failure", [httpx.ConnectError("refused"), httpx.ConnectTimeout("timed out")])
async def test_namespace_create_is_resent_when_it_never_left(
    api: Api, fake_time: FakeTime, cf: WfpClient, failure: Exception
) -> None:
    """A connect failure proves the POST was not sent, so it is sent again, with the same body."""
    api.then(failure, ok(NAMESPACE_JSON))

    assert await cf.namespaces.create("tenants") == NAMESPACE
    assert [(r.method, json.loads(r.content)) for r in api.requests] == [("POST", {"name": "tenants"})] * 2
    assert fake_time.waits == pytest.approx(BACKOFF[:1])


async def test_upload_retry_resends_byte_identical_body(api: Api, fake_time: FakeTime, cf: WfpClient) -> None:
    """A PUT upload retried after 503 and a read timeout sends exactly the same bytes and headers."""
    api.then(HTML_503, httpx.ReadTimeout("timed out"), ok({"id": "acme"}))

    bundle = WorkerBundle.es_module("export default { fetch() { return new Response('hi') } };")
    assert await cf.scripts.put("tenants", "acme", bundle) == Script(name="acme")

    first, *others = api.requests
    assert len(others) == 2
    for other in others:
        assert (other.method, other.url, other.content) == (first.method, first.url, first.content)
        assert other.headers["content-type"] == first.headers["content-type"]
    assert first.content.count(b"export default") == 1


UNAVAILABLE = fail(503, 10002, "Unavailable")


@pytest.mark.parametrize(
    ("policy", "failures", "requests", "waits"),
    [
        # Waits 2 then 4: after the first, 2 s have passed and 2 + 4 > 5, so the error comes at once.
        (RetryPolicy(attempts=10, deadline=5, wait_initial=2, wait_jitter=0), [UNAVAILABLE] * 10, 2, [2.0]),
        # The server's Retry-After would end past the deadline: no wait at all.
        (RetryPolicy(deadline=60), [fail(503, 10002, "Unavailable", {"Retry-After": "120"})], 1, []),
    ],
)
async def test_deadline_bounds_the_retries(
    api: Api,
    fake_time: FakeTime,
    make_client: Callable[..., WfpClient],
    policy: RetryPolicy,
    failures: list[Answer],
    requests: int,
    waits: list[float],
) -> None:
    """No wait starts that would end past the policy's deadline; the last error is raised instead."""
    api.then(*failures)

    async with make_client(retry=policy) as cf:
        with pytest.raises(ServerError):
            await cf.namespaces.get("tenants")
    assert (len(api.requests), fake_time.waits) == (requests, waits)


async def test_deadline_counts_time_spent_in_requests(
    api: Api, fake_time: FakeTime, make_client: Callable[..., WfpClient]
) -> None:
    """Slow attempts use up the deadline too: at 25 s per attempt, a 60 s deadline allows three attempts."""

    def slow_failure(request: httpx.Request) -> httpx.Response:
        fake_time.now += 25
        return HTML_503

    api.then(*[slow_failure] * 5)

    async with make_client(retry=RetryPolicy(deadline=60, wait_jitter=0)) as cf:
        with pytest.raises(ServerError):
            await cf.namespaces.get("tenants")
    assert (len(api.requests), fake_time.waits) == (3, [0.2, 0.4])


@pytest.mark.parametrize(
    ("policy", "requests"),
    [(NO_RETRY, 1), (RetryPolicy(attempts=2, wait_jitter=0), 2), (RetryPolicy(attempts=3), 3)],
)
async def test_with_options_retry_applies_to_that_view_only(
    api: Api, cf: WfpClient, policy: RetryPolicy, requests: int
) -> None:
    """with_options(retry=...) changes the attempts of calls through the view, not of the client."""
    api.then(*[HTML_503] * requests)

    with pytest.raises(ServerError):
        await cf.with_options(retry=policy).namespaces.get("tenants")
    assert len(api.requests) == requests
    assert cf.retry == RetryPolicy()

    api.requests.clear()
    api.then(HTML_503, ok(NAMESPACE_JSON))
    assert await cf.namespaces.get("tenants") == NAMESPACE
    assert len(api.requests) == 2


async def test_client_wide_no_retry(
    api: Api, fake_time: FakeTime, make_client: Callable[..., WfpClient]
) -> None:
    """WfpClient(retry=NO_RETRY) sends every request once."""
    api.then(httpx.ConnectError("refused"))

    async with make_client(retry=NO_RETRY) as cf:
        with pytest.raises(TransportError):
            await cf.namespaces.get("tenants")
    assert (len(api.requests), fake_time.waits) == (1, [])


async def test_with_options_shares_the_pool_and_never_closes_it(api: Api, cf: WfpClient) -> None:
    """A view uses the same httpx client; closing the view leaves the client open and usable."""
    view = cf.with_options(timeout=5, retry=NO_RETRY)
    assert view.http_client is cf.http_client

    async with view:
        pass
    await view.aclose()

    assert not cf.http_client.is_closed
    api.then(ok(NAMESPACE_JSON))
    assert await cf.namespaces.get("tenants") == NAMESPACE


# Timeouts.

DEFAULT_TIMEOUT = {"connect": 10.0, "read": 60.0, "write": 60.0, "pool": 60.0}


@pytest.mark.parametrize(
    ("client_timeout", "view_timeout", "expected"),
    [
        (None, None, DEFAULT_TIMEOUT),
        (5, None, {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}),
        (None, 2.5, {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}),
        (5, httpx.Timeout(30, connect=3), {"connect": 3.0, "read": 30.0, "write": 30.0, "pool": 30.0}),
    ],
)
async def test_timeout_is_set_on_the_request(
    api: Api,
    make_client: Callable[..., WfpClient],
    client_timeout: float | None,
    view_timeout: float | httpx.Timeout | None,
    expected: dict[str, float],
) -> None:
    """The client's timeout, or the view's from with_options, is the one the request carries."""
    api.then(ok(NAMESPACE_JSON))

    async with make_client(timeout=client_timeout) as cf:
        client = cf if view_timeout is None else cf.with_options(timeout=view_timeout)
        await client.namespaces.get("tenants")

    assert api.requests[0].extensions["timeout"] == expected


async def test_with_options_timeout_leaves_the_client_unchanged(api: Api, cf: WfpClient) -> None:
    """After a call through with_options(timeout=1), the client's own calls keep the default timeout."""
    api.then(ok(NAMESPACE_JSON), ok(NAMESPACE_JSON))

    await cf.with_options(timeout=1).namespaces.get("tenants")
    await cf.namespaces.get("tenants")

    assert [r.extensions["timeout"]["read"] for r in api.requests] == [1.0, 60.0]


@pytest.mark.parametrize(
    "bad", [0, -1, True, "5", float("nan"), httpx.Timeout(None), httpx.Timeout(5, read=None)]
)
async def test_bad_timeout_is_invalid_input(cf: WfpClient, bad: object) -> None:
    """A timeout that is not positive, or that leaves any phase unbounded, is refused."""
    with pytest.raises(InvalidInput):
        cf.with_options(timeout=bad)  # type: ignore[arg-type]


async def test_bad_retry_is_invalid_input(cf: WfpClient) -> None:
    """with_options(retry=...) needs a RetryPolicy."""
    with pytest.raises(InvalidInput, match="retry must be a RetryPolicy, not int"):
        cf.with_options(retry=3)  # type: ignore[arg-type]


# Pagination.


def namespace_json(i: int) -> dict[str, object]:
    return {"namespace_id": f"id-{i}", "namespace_name": f"ns-{i}"}


def script_json(i: int) -> dict[str, object]:
    return {"dispatch_namespace": "tenants", "script": {"id": f"s{i}"}}


def secret_json(i: int) -> dict[str, object]:
    return {"name": f"SECRET_{i}", "type": "secret_text"}


LISTS: dict[
    str, tuple[Callable[[WfpClient], Pager[Any]], Callable[[int], object], Callable[[int], object], str]
] = {
    "namespaces": (
        lambda cf: cf.namespaces.list(),
        namespace_json,
        lambda i: Namespace(id=f"id-{i}", name=f"ns-{i}"),
        NS,
    ),
    "scripts": (
        lambda cf: cf.scripts.list("tenants"),
        script_json,
        lambda i: ScriptInfo(namespace="tenants", script=Script(name=f"s{i}")),
        f"{NS}/tenants/scripts",
    ),
    "secrets": (
        lambda cf: cf.secrets.list("tenants", "acme"),
        secret_json,
        lambda i: Secret(name=f"SECRET_{i}", type="secret_text"),
        f"{NS}/tenants/scripts/acme/secrets",
    ),
}

# (result_info of each page, items per page, the query of each request)
PAGINGS: dict[str, tuple[list[Any], list[int], list[list[tuple[str, str]]]]] = {
    "empty": ([None], [0], [[]]),
    "one-page-no-result-info": ([None], [3], [[]]),
    "one-page-of-one": ([{"page": 1, "total_pages": 1}], [1], [[]]),
    "page-total_pages": (
        [{"page": 1, "total_pages": 3}, {"page": 2, "total_pages": 3}, {"page": 3, "total_pages": 3}],
        [2, 2, 1],
        [[], [("page", "2")], [("page", "3")]],
    ),
    "per_page-total_count": (
        [
            {"page": 1, "per_page": 2, "count": 2, "total_count": 5},
            {"page": 2, "per_page": 2, "count": 2, "total_count": 5},
            {"page": 3, "per_page": 2, "count": 1, "total_count": 5},
        ],
        [2, 2, 1],
        [[], [("page", "2")], [("page", "3")]],
    ),
    "cursor": (
        [{"cursor": "c2"}, {"cursor": "c3"}, {"cursor": ""}],
        [2, 2, 2],
        [[], [("cursor", "c2")], [("cursor", "c3")]],
    ),
}


def serve_pages(api: Api, make_item: Callable[[int], object], infos: list[Any], counts: list[int]) -> int:
    """Queue one answer per page with consecutive item numbers; return the number of items."""
    n = 0
    for info, count in zip(infos, counts, strict=True):
        api.then(ok([make_item(n + k) for k in range(count)], info))
        n += count
    return n


@pytest.mark.parametrize("paging", PAGINGS)
@pytest.mark.parametrize("resource", LISTS)
@pytest.mark.parametrize("collect", ["await", "async-for"])
async def test_pagination(api: Api, cf: WfpClient, paging: str, resource: str, collect: str) -> None:
    """Every page is fetched, following page/total_pages, per_page/total_count or a fresh cursor."""
    list_of, make_json, make_item, path = LISTS[resource]
    infos, counts, queries = PAGINGS[paging]
    total = serve_pages(api, make_json, infos, counts)

    pager = list_of(cf)
    items = await pager if collect == "await" else [item async for item in pager]

    assert items == [make_item(i) for i in range(total)]
    assert api.params == queries
    assert {(r.method, r.url.path) for r in api.requests} == {("GET", path)}


async def test_pagination_keeps_the_filter_on_every_page(api: Api, cf: WfpClient) -> None:
    """The scripts list's tags filter travels with page=2 and page=3."""
    infos, counts, _ = PAGINGS["page-total_pages"]
    serve_pages(api, script_json, infos, counts)

    assert len(await cf.scripts.list("tenants", tags=["plan-pro"])) == 5
    assert api.params == [
        [("tags", "plan-pro:yes")],
        [("tags", "plan-pro:yes"), ("page", "2")],
        [("tags", "plan-pro:yes"), ("page", "3")],
    ]


async def test_pagination_is_lazy(api: Api, cf: WfpClient) -> None:
    """Stopping after the first item fetches only the first page."""
    serve_pages(api, namespace_json, [{"page": 1, "total_pages": 9}], [2])

    async for namespace in cf.namespaces.list():
        assert namespace == Namespace(id="id-0", name="ns-0")
        break
    assert len(api.requests) == 1


async def test_pages_are_retried_individually(api: Api, fake_time: FakeTime, cf: WfpClient) -> None:
    """A 503 on page 2 re-sends page 2 only, then the walk goes on."""
    api.then(ok([namespace_json(0)], {"page": 1, "total_pages": 2}), HTML_503)
    api.then(ok([namespace_json(1)], {"page": 2, "total_pages": 2}))

    assert [ns.name for ns in await cf.namespaces.list()] == ["ns-0", "ns-1"]
    assert api.params == [[], [("page", "2")], [("page", "2")]]
    assert fake_time.waits == pytest.approx(BACKOFF[:1])


@pytest.mark.parametrize(
    ("infos", "queries", "message"),
    [
        (
            [{"page": 1, "per_page": 1, "total_pages": 3}] * 2,
            [[], [("page", "2")]],
            "asked for page 2, the answer is page 1",
        ),
        (
            [{"cursor": "c2"}, {"cursor": "c2"}],
            [[], [("cursor", "c2")]],
            "the next cursor 'c2' is the one just followed",
        ),
        (
            [{"cursor": "a"}, {"cursor": "b"}, {"cursor": "a"}],
            [[], [("cursor", "a")], [("cursor", "b")]],
            "the cursor 'a' was followed before (a cycle)",
        ),
    ],
    ids=["page-ignored", "cursor-repeated", "cursor-cycle"],
)
async def test_pages_that_loop_raise_invalid_response(
    api: Api, cf: WfpClient, infos: list[dict[str, object]], queries: list[object], message: str
) -> None:
    """A server ignoring ?page=, repeating a cursor or cycling cursors (a, b, a) raises InvalidResponse."""
    for n, info in enumerate(infos):
        api.then(ok([namespace_json(n)], info))

    seen: list[str] = []
    with pytest.raises(InvalidResponse) as caught:
        async for namespace in cf.namespaces.list():
            seen.append(namespace.name)
    assert str(caught.value) == f"GET {NS} -> 200 the pages loop: {message}"
    assert caught.value.field == "result_info"
    assert seen == [f"ns-{n}" for n in range(len(infos))]
    assert api.params == queries


# Lifecycle and construction.


async def test_async_with_closes_its_own_http_client(api: Api, make_client: Callable[..., WfpClient]) -> None:
    """The httpx client WfpClient made is closed when the async with block ends."""
    async with make_client() as cf:
        http = cf.http_client
        assert not http.is_closed
    assert http.is_closed


async def test_passed_http_client_is_used_and_never_closed(api: Api) -> None:
    """http_client= carries the requests and stays open after the WfpClient is closed."""
    async with httpx.AsyncClient(transport=httpx.MockTransport(api)) as http:
        api.then(ok(NAMESPACE_JSON))
        async with WfpClient(account_id="ACC", api_token=TOKEN, base_url=BASE_URL, http_client=http) as cf:
            assert cf.http_client is http
            assert await cf.namespaces.get("tenants") == NAMESPACE
        assert not http.is_closed
        await cf.aclose()
        assert not http.is_closed
    assert api.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


async def test_transport_and_http_client_together_are_refused(api: Api) -> None:
    """Passing both transport= and http_client= is ambiguous, so it is InvalidInput."""
    async with httpx.AsyncClient() as http:
        with pytest.raises(InvalidInput, match="pass transport or http_client, not both"):
            WfpClient(account_id="ACC", api_token=TOKEN, transport=httpx.MockTransport(api), http_client=http)


@pytest.mark.parametrize(
    ("credentials", "message"),
    [
        ({}, "credentials are missing"),
        ({"api_email": "ops@example.com"}, "credentials are missing"),
        ({"api_key": "c2547eb745079dac9320b638f5e225cf483cc"}, "credentials are missing"),
        ({"api_token": TOKEN, "api_key": "k"}, "not both"),
        ({"api_token": TOKEN, "api_email": "ops@example.com"}, "not both"),
        ({"api_token": TOKEN, "api_email": "ops@example.com", "api_key": "k"}, "not both"),
        ({"api_token": ""}, "api_token must be a non-empty str"),
        ({"api_token": 42}, "api_token must be a non-empty str"),
        ({"api_email": "ops@example.com", "api_key": "k\r\n"}, "api_key contains a line break"),
    ],
)
def test_credentials_are_checked(credentials: dict[str, Any], message: str) -> None:
    """Missing credentials, token with key/email, or malformed ones raise InvalidInput."""
    with pytest.raises(InvalidInput, match=message):
        WfpClient(account_id="ACC", **credentials)


@pytest.mark.parametrize("base_url", ["api.cloudflare.com/client/v4", "ftp://api.example.test", ""])
def test_base_url_must_be_http(base_url: str) -> None:
    """A base URL without http(s):// is refused."""
    with pytest.raises(InvalidInput, match="base_url must be an http"):
        WfpClient(account_id="ACC", api_token=TOKEN, base_url=base_url)


async def test_base_url_trailing_slash_is_ignored(api: Api, make_client: Callable[..., WfpClient]) -> None:
    """base_url with a trailing slash builds the same URLs."""
    api.then(ok(NAMESPACE_JSON))

    async with make_client(base_url=BASE_URL + "/") as cf:
        await cf.namespaces.get("tenants")
    assert str(api.requests[0].url) == f"https://api.example.test{NS}/tenants"
