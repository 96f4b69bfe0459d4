"""The transport builds each request itself (not through ``httpx.AsyncClient.build_request``, which redoes
per call what only changes with the client): the request must still be exactly the one httpx would build."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wfp_async import InvalidInput, RetryPolicy
from wfp_async._decoding import ACCEPT_ENCODING
from wfp_async._transport import DEFAULT_TIMEOUT, Transport

BASE_URL = "https://api.example.test/client/v4"
AUTH = {"Authorization": "Bearer tok-build-5c1e"}
PATH = "/accounts/acc/workers/dispatch/namespaces/tenants/scripts/acme"


def transport(http: httpx.AsyncClient, base_url: str = BASE_URL) -> Transport:
    return Transport(
        base_url=base_url, auth_headers=AUTH, http_client=http, timeout=DEFAULT_TIMEOUT, retry=RetryPolicy()
    )


def httpx_built(
    http: httpx.AsyncClient,
    kwargs: dict[str, Any],
    *,
    content: bytes | None = None,
    content_type: str | None = None,
    headers: dict[str, str] | None = None,
    auth: bool = True,
    timeout: float | httpx.Timeout | None = None,
) -> httpx.Request:
    """The oracle: the request as ``build_request`` builds it from the same method, URL, headers and body."""
    merged = {"Accept-Encoding": ACCEPT_ENCODING, **(AUTH if auth else {})}
    merged.update(kwargs.get("headers") or {})
    merged.update(headers or {})
    if content_type is not None:
        merged["Content-Type"] = content_type
    return http.build_request(
        kwargs["method"].upper(),
        BASE_URL + kwargs["url"],
        params=kwargs.get("params") or None,
        json=kwargs.get("json"),
        content=content,
        headers=merged,
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
    )


def same(ours: httpx.Request, theirs: httpx.Request) -> None:
    assert ours.method == theirs.method
    assert str(ours.url) == str(theirs.url)
    assert ours.headers.raw == theirs.headers.raw  # names, values and order
    assert ours.read() == theirs.read()
    assert ours.extensions == theirs.extensions


CASES: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({"method": "get", "url": PATH}, {}),
    ({"method": "get", "url": PATH, "params": {"tags": "a,b:no", "limit": 5}}, {}),
    ({"method": "delete", "url": PATH, "params": {}}, {"timeout": 3.5}),
    ({"method": "patch", "url": PATH, "json": {"name": "tenants", "trusted_workers": True}}, {}),
    (
        {"method": "put", "url": PATH},
        {"content": b"--b\r\n\r\nx\r\n--b--\r\n", "content_type": "multipart/x"},
    ),
    ({"method": "put", "url": PATH, "headers": {"If-Match": "etag-1"}}, {"headers": {"X-Extra": "1"}}),
    ({"method": "post", "url": PATH}, {"auth": False, "headers": {"Authorization": "Bearer jwt"}}),
    ({"method": "get", "url": PATH}, {"timeout": httpx.Timeout(5.0, connect=1.0)}),
]


@pytest.mark.parametrize(("kwargs", "options"), CASES)
async def test_each_request_is_the_one_httpx_builds(kwargs: dict[str, Any], options: dict[str, Any]) -> None:
    """Method, URL with its query, every header in order, body and timeouts equal build_request's."""
    async with httpx.AsyncClient() as http:
        same(transport(http).build(kwargs, **options), httpx_built(http, kwargs, **options))


async def test_a_callers_client_headers_cookies_and_params_are_kept() -> None:
    """A caller's http_client keeps its headers (ours win), its cookie jar and its query parameters."""
    http = httpx.AsyncClient(
        headers={"User-Agent": "pipeline/2", "Content-Type": "application/json", "Accept-Encoding": "br"},
        cookies={"__cf_bm": "abc"},
        params={"trace": "1"},
    )
    async with http:
        t = transport(http)
        for kwargs, options in CASES:
            ours, theirs = t.build(kwargs, **options), httpx_built(http, kwargs, **options)
            same(ours, theirs)
            assert ours.headers["Cookie"] == "__cf_bm=abc"
            assert ours.url.params["trace"] == "1"
            assert ours.headers["Accept-Encoding"] == ACCEPT_ENCODING


async def test_a_change_to_the_clients_headers_or_cookies_reaches_the_next_request() -> None:
    """Headers merged once per client are merged again when the client's headers change; cookies a
    response set are sent on the next request, as httpx sends them."""
    get = {"method": "get", "url": PATH}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Set-Cookie": "__cf_bm=fresh; Path=/"}, json={})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        t = transport(http)
        first = t.build(get)
        assert "Cookie" not in first.headers
        await http.send(first)
        http.headers["X-Team"] = "edge"
        http.headers["User-Agent"] = "pipeline/3"
        second = t.build(get)
        same(second, httpx_built(http, get))
        assert second.headers["X-Team"] == "edge"
        assert second.headers["User-Agent"] == "pipeline/3"
        assert second.headers["Cookie"] == "__cf_bm=fresh"
        del http.headers["X-Team"]
        third = t.build(get)
        same(third, httpx_built(http, get))
        assert "X-Team" not in third.headers


async def test_an_evolved_transport_builds_with_its_own_timeout() -> None:
    """``evolve(timeout=...)`` changes the timeouts its requests carry, and not the original's."""
    async with httpx.AsyncClient() as http:
        t = transport(http)
        quick = t.evolve(timeout=httpx.Timeout(2.0))
        get = {"method": "get", "url": PATH}
        assert quick.build(get).extensions["timeout"] == {
            "connect": 2.0,
            "read": 2.0,
            "write": 2.0,
            "pool": 2.0,
        }
        assert t.build(get).extensions["timeout"] == {
            "connect": 10.0,
            "read": 60.0,
            "write": 60.0,
            "pool": 60.0,
        }


async def test_a_non_ascii_header_is_refused_without_echoing_it() -> None:
    """A non-ASCII value, the client's own or the call's, is InvalidInput naming the header, not the value."""
    get = {"method": "get", "url": PATH}
    async with httpx.AsyncClient() as http:
        t = Transport(
            base_url=BASE_URL,
            auth_headers={"Authorization": "Bearer tök-secret"},
            http_client=http,
            timeout=DEFAULT_TIMEOUT,
            retry=RetryPolicy(),
        )
        for _ in range(2):  # refused every time, not only when first merged
            with pytest.raises(InvalidInput) as caught:
                t.build(get)
            assert str(caught.value) == "the Authorization header must be ASCII (e.g. an entry module name)"
            assert "tök" not in repr(caught.value)
        with pytest.raises(InvalidInput) as caught:
            transport(http).build(get, headers={"X-Entry": "mödule.js"})
        assert str(caught.value) == "the X-Entry header must be ASCII (e.g. an entry module name)"
        with pytest.raises(InvalidInput) as caught:
            transport(http).build({"method": "put", "url": PATH}, content=b"x", content_type="text/pläin")
        assert str(caught.value) == "the Content-Type header must be ASCII (e.g. an entry module name)"


# The transport appends a plain path (nothing to percent-encode, no dot segment) to httpx's parse of the
# base URL instead of having httpx parse the whole URL again: it must be the URL that parse gives.
BASES = [
    BASE_URL,
    "http://127.0.0.1:8787",
    "http://user:p%40ss@emulator.test:9000/api/v4",
    "http://[::1]:8080/client/v4",
    "https://api.example.test",
    "https://api.example.test/client/v%34",
]
# Bases that parsing changes (case, default port, dot segments, escapes, a query): never appended to.
CHANGED_BASES = [
    "https://API.example.test/client/v4",
    "https://api.example.test:443/client/v4",
    "https://api.example.test/a/../client/v4",
    "https://api.example.test/client/./v4",
    "https://api.example.test/client v4",
    "https://api.example.test/v4?trace=1",
    "https://api.example.test/v4?",
    "https://api.example.test/v4#frag",
]
PATHS = [
    PATH,
    "/accounts/acc/workers/dispatch/namespaces/ten ants/scripts/acme",
    "/accounts/acc/workers/dispatch/namespaces/tenänts/scripts/acme",
    "/accounts/acc/workers/dispatch/namespaces/t%2Fx/scripts/acme",
    "/accounts/acc/workers/dispatch/namespaces/../scripts/acme",
    "/accounts/acc/workers/dispatch/namespaces/./scripts/.hidden",
    "/accounts/acc/workers/scripts/acme/secrets/a:b@c!$&'()*+,;=~",
    "/accounts/acc/workers/scripts/a?b#c",
    '/accounts/acc/workers/scripts/{x}`<y>"z"',
    "@evil.test/x",
    ":81/x",
    ".evil.test/x",
    "x",
]


def same_url(ours: httpx.URL, theirs: httpx.URL) -> None:
    assert str(ours) == str(theirs)
    assert (ours.scheme, ours.raw_host, ours.port, ours.raw_path) == (
        theirs.scheme,
        theirs.raw_host,
        theirs.port,
        theirs.raw_path,
    )
    assert (ours.userinfo, ours.path, ours.query, ours.fragment) == (
        theirs.userinfo,
        theirs.path,
        theirs.query,
        theirs.fragment,
    )
    assert ours == theirs


def same_as_httpx(t: Transport, base: str, path: str) -> None:
    """The URL ``t`` builds for ``path`` is httpx's parse of ``base + path``, or both refuse it."""
    try:
        theirs = httpx.URL(base + path)
    except httpx.InvalidURL:
        with pytest.raises(InvalidInput):
            t.build({"method": "get", "url": path})
        return
    same_url(t.build({"method": "get", "url": path}).url, theirs)


@pytest.mark.parametrize("base", BASES + CHANGED_BASES)
@pytest.mark.parametrize("path", PATHS)
async def test_each_url_is_the_one_httpx_parses(base: str, path: str) -> None:
    """Whatever the base and the path, the request's URL equals httpx's parse of the two joined (a path
    that does not start with / is never appended: it would name another host or port)."""
    async with httpx.AsyncClient() as http:
        same_as_httpx(transport(http, base), base, path)


async def test_a_plain_path_is_appended_to_the_parsed_base_and_others_are_parsed() -> None:
    """The bases that parse to themselves are kept parsed; those that parsing changes, and paths that need
    encoding, go through httpx's parse (an httpx whose URL internals moved would fail this test)."""
    async with httpx.AsyncClient() as http:
        for base in BASES:
            assert transport(http, base)._base_parts == httpx.URL(base)._uri_reference
        for base in [*CHANGED_BASES, "http://"]:  # "http://" is kept as "http:", a URL with no host
            assert transport(http, base)._base_parts is None


@pytest.fixture(scope="module")
def transports() -> Iterator[dict[str, Transport]]:
    """One transport per base, over one http client closed when the module's tests end."""
    http = httpx.AsyncClient()
    yield {base: transport(http, base) for base in BASES + CHANGED_BASES}
    asyncio.run(http.aclose())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=st.sampled_from(BASES + CHANGED_BASES),
    path=st.lists(st.text(alphabet="aZ09-._~!$&'()*+,;=:@/%?#[] äé{}\"`<>\\", max_size=12), max_size=6),
)
def test_any_path_gives_the_url_httpx_parses(
    transports: dict[str, Transport], base: str, path: list[str]
) -> None:
    """For paths drawn from every character class (plain, reserved, escapes, dots, non-ASCII), the URL
    equals httpx's parse, or both refuse it."""
    same_as_httpx(transports[base], base, "/" + "/".join(path))


async def test_a_plain_path_is_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain path on a base that parses to itself makes no call of httpx's URL parser (else the ~25 µs
    this saves would come back unnoticed); a path that needs encoding still goes through it."""
    import httpx._urls

    parsed: list[str] = []
    real = httpx._urls.urlparse

    def counting(url: str = "", **kwargs: Any) -> Any:
        parsed.append(url)
        return real(url, **kwargs)

    async with httpx.AsyncClient() as http:
        t = transport(http)
        monkeypatch.setattr(httpx._urls, "urlparse", counting)
        assert str(t.build({"method": "get", "url": PATH}).url) == BASE_URL + PATH
        assert parsed == []
        t.build({"method": "get", "url": PATH + "/ä"})
        assert parsed == [BASE_URL + PATH + "/ä"]
