"""parse_envelope / unwrap: any HTTP answer becomes an Envelope or one typed APIError, whatever the bytes."""

from __future__ import annotations

import json

import httpx
import pytest

from wfp_async._envelope import Envelope, parse_envelope, unwrap
from wfp_async._errors import (
    APIError,
    AuthenticationError,
    Conflict,
    ErrorDetail,
    InvalidResponse,
    NotFound,
    RateLimited,
    ServerError,
    ValidationError,
)

METHOD = "PUT"
PATH = "/accounts/a/workers/dispatch/namespaces/ns/scripts/acme"
NOW = 1_700_000_000.0  # Tue, 14 Nov 2023 22:13:20 GMT


def parse(status: int, body: bytes, headers: dict[str, str] | httpx.Headers | None = None) -> Envelope:
    return parse_envelope(status, headers or {}, body, method=METHOD, url=PATH, now=lambda: NOW)


def failure(*errors: dict[str, object]) -> bytes:
    return json.dumps({"success": False, "errors": list(errors), "messages": [], "result": None}).encode()


def test_success_keeps_result_result_info_and_messages() -> None:
    """A success envelope gives back result, result_info and parsed messages, exactly."""
    body = json.dumps(
        {
            "success": True,
            "errors": [],
            "messages": [{"code": 10100, "message": "Deployed."}],
            "result": [{"id": "acme"}, {"id": "beta"}],
            "result_info": {"page": 1, "per_page": 2, "count": 2, "total_count": 5, "cursor": "c2"},
        }
    ).encode()

    assert parse(200, body) == Envelope(
        result=[{"id": "acme"}, {"id": "beta"}],
        result_info={"page": 1, "per_page": 2, "count": 2, "total_count": 5, "cursor": "c2"},
        messages=(ErrorDetail(code=10100, message="Deployed."),),
    )


@pytest.mark.parametrize("result_info", [None, [1, 2], "page=1", 3])
def test_result_info_that_is_not_an_object_is_dropped(result_info: object) -> None:
    """result_info is kept only when it is an object; anything else becomes None."""
    body = json.dumps(
        {"success": True, "errors": [], "messages": [], "result": None, "result_info": result_info}
    )

    assert parse(200, body.encode()) == Envelope(result=None, result_info=None, messages=())


def test_missing_result_and_result_info_are_none() -> None:
    """A bare {"success": true} is a success with no result and no result_info."""
    assert parse(200, b'{"success": true}') == Envelope(result=None, result_info=None, messages=())


@pytest.mark.parametrize("status", [200, 202, 204])
@pytest.mark.parametrize("body", [b"", b" \r\n"])
def test_empty_2xx_body_is_an_empty_envelope(status: int, body: bytes) -> None:
    """A 2xx with no body (delete-worker) is a success whose result is None."""
    assert parse(status, body) == Envelope(result=None, result_info=None, messages=())


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (10007, NotFound),
        (10000, AuthenticationError),
        (10023, AuthenticationError),
        (10015, AuthenticationError),
        (10021, ValidationError),
        (10001, ValidationError),
        (10004, ValidationError),
        (10006, ValidationError),
        (10027, ValidationError),
        (10075, ValidationError),
        (10018, Conflict),
        (10002, ServerError),
        (100402, APIError),
        (7003, APIError),
        (0, APIError),
    ],
)
def test_200_success_false_is_typed_by_code(code: int, cls: type[APIError]) -> None:
    """A 200 with success:false raises the class its error code names, keeping status 200."""
    with pytest.raises(APIError) as caught:
        parse(200, failure({"code": code, "message": "nope"}))

    assert type(caught.value) is cls
    assert caught.value.status == 200
    assert caught.value.errors == (ErrorDetail(code=code, message="nope"),)
    assert str(caught.value) == f"{METHOD} {PATH} -> 200 [{code}] nope"


def test_200_success_false_first_known_code_wins() -> None:
    """With several errors, the first code that names a class decides it."""
    with pytest.raises(APIError) as caught:
        parse(200, failure({"code": 7003, "message": "a"}, {"code": 10007, "message": "b"}))

    assert type(caught.value) is NotFound
    assert caught.value.codes == frozenset({7003, 10007})
    assert str(caught.value) == f"{METHOD} {PATH} -> 200 [7003] a; [10007] b"


def test_200_success_false_without_errors_is_api_error_with_excerpt() -> None:
    """A 200 success:false with no errors is a plain APIError that shows the body."""
    body = b'{"success": false, "errors": [], "messages": ["try later"]}'
    with pytest.raises(APIError) as caught:
        parse(200, body)

    assert type(caught.value) is APIError
    assert caught.value.messages == (ErrorDetail(code=0, message="try later"),)
    assert caught.value.body_excerpt == body.decode()
    assert str(caught.value) == f"{METHOD} {PATH} -> 200 (body: {body.decode()!r})"


@pytest.mark.parametrize(
    ("status", "body", "cls", "rendered"),
    [
        (
            404,
            b'{"success":false,"errors":[{"code":10007,"message":'
            b'"This Worker does not exist on your account."}],"messages":[],"result":null}',
            NotFound,
            "404 [10007] This Worker does not exist on your account.",
        ),
        (
            400,
            b'{"success":false,"errors":[{"code":10021,"message":'
            b'"Main module name is not present in bundle."}],"messages":[],"result":null}',
            ValidationError,
            "400 [10021] Main module name is not present in bundle.",
        ),
        (
            401,
            b'{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],'
            b'"messages":[],"result":null}',
            AuthenticationError,
            "401 [10000] Authentication error",
        ),
        (
            403,
            b'{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],'
            b'"messages":[],"result":null}',
            AuthenticationError,
            "403 [10000] Authentication error",
        ),
        (
            409,
            b'{"success":false,"errors":[{"code":10018,"message":"etag mismatch"}],'
            b'"messages":[],"result":null}',
            Conflict,
            "409 [10018] etag mismatch",
        ),
        (
            422,
            b'{"success":false,"errors":[{"code":10006,"message":"Uncaught SyntaxError: Unexpected token"}],'
            b'"messages":[],"result":null}',
            ValidationError,
            "422 [10006] Uncaught SyntaxError: Unexpected token",
        ),
        (
            429,
            b'{"success":false,"errors":[{"code":971,"message":"Please wait and consider throttling your '
            b'request speed"}],"messages":[],"result":null}',
            RateLimited,
            "429 [971] Please wait and consider throttling your request speed",
        ),
        (
            500,
            b'{"success":false,"errors":[{"code":10002,"message":"internal error"}],'
            b'"messages":[],"result":null}',
            ServerError,
            "500 [10002] internal error",
        ),
        (
            413,
            b'{"success":false,"errors":[{"code":10027,"message":"Script body too large"}],'
            b'"messages":[],"result":null}',
            APIError,
            "413 [10027] Script body too large",
        ),
        (
            405,
            b'{"success":false,"errors":[{"code":10405,"message":"Method not allowed"}],'
            b'"messages":[],"result":null}',
            APIError,
            "405 [10405] Method not allowed",
        ),
    ],
)
def test_error_status_is_typed_by_status(
    status: int, body: bytes, cls: type[APIError], rendered: str
) -> None:
    """A non-2xx Cloudflare failure raises its status's class, with codes, excerpt and the exact message."""
    with pytest.raises(APIError) as caught:
        parse(status, body)

    error = caught.value
    assert type(error) is cls
    assert (error.status, error.method, error.url) == (status, METHOD, PATH)
    assert error.body_excerpt == body.decode()
    assert error.retry_after is None
    assert str(error) == f"{METHOD} {PATH} -> {rendered}"


def test_str_reads_like_the_house_example() -> None:
    """str(error) is exactly 'METHOD path -> status [code] message'."""
    with pytest.raises(ValidationError) as caught:
        parse(400, failure({"code": 10021, "message": "Main module name is not present in bundle."}))

    assert str(caught.value) == (
        "PUT /accounts/a/workers/dispatch/namespaces/ns/scripts/acme -> 400 [10021] "
        "Main module name is not present in bundle."
    )


@pytest.mark.parametrize(
    ("status", "cls"), [(400, ValidationError), (404, NotFound), (409, Conflict), (500, ServerError)]
)
def test_status_beats_codes_on_error_statuses(status: int, cls: type[APIError]) -> None:
    """On a non-2xx answer the status decides the class, whatever the codes say."""
    with pytest.raises(APIError) as caught:
        parse(status, failure({"code": 10000, "message": "Authentication error"}))

    assert type(caught.value) is cls
    assert caught.value.codes == frozenset({10000})


def test_success_true_on_an_error_status_is_still_an_error() -> None:
    """An envelope claiming success on a 404 is a NotFound, not data."""
    with pytest.raises(NotFound) as caught:
        parse(404, b'{"success": true, "errors": [], "messages": [], "result": {"id": "acme"}}')

    assert caught.value.errors == ()


@pytest.mark.parametrize(
    ("headers", "retry_after"),
    [
        ({"Retry-After": "30"}, 30.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"RETRY-AFTER": " 7 "}, 7.0),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": "-3"}, 0.0),
        ({"Retry-After": "Tue, 14 Nov 2023 22:13:50 GMT"}, 30.0),
        ({"Retry-After": "Tue, 14 Nov 2023 21:56:40 GMT"}, 0.0),
        ({"Retry-After": "Tue, 14 Nov 2023 22:13:50 -0000"}, 30.0),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": ""}, None),
        ({"Retry-After": "inf"}, None),
        ({"Retry-After": "nan"}, None),
        ({"Retry-After": "1e999"}, None),
        ({"Retry-After": "Tue, 99 Nov 2023 22:13:50 GMT"}, None),
        ({}, None),
        (httpx.Headers({"retry-after": "12"}), 12.0),
        (httpx.Headers({"Retry-After": "Tue, 14 Nov 2023 22:14:20 GMT"}), 60.0),
    ],
)
def test_429_retry_after(headers: dict[str, str] | httpx.Headers, retry_after: float | None) -> None:
    """A 429 carries Retry-After in seconds (number or HTTP-date against now), never negative, None if bad."""
    with pytest.raises(RateLimited) as caught:
        parse(429, failure({"code": 971, "message": "slow down"}), headers)

    assert caught.value.retry_after == retry_after


@pytest.mark.parametrize(
    ("status", "headers", "retry_after"),
    [(503, {"Retry-After": "120"}, 120.0), (502, {}, None), (404, {"Retry-After": "120"}, None)],
)
def test_retry_after_only_on_429_and_5xx(
    status: int, headers: dict[str, str], retry_after: float | None
) -> None:
    """5xx answers carry Retry-After too; other statuses ignore it."""
    with pytest.raises(APIError) as caught:
        parse(status, b"", headers)

    assert caught.value.retry_after == retry_after


CLOUDFLARE_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n"
)


def test_html_502_page_is_server_error_with_excerpt() -> None:
    """The edge's HTML 502 page becomes a ServerError with the status and a collapsed excerpt."""
    with pytest.raises(ServerError) as caught:
        parse(502, CLOUDFLARE_502)

    excerpt = (
        "<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> "
        "<hr><center>cloudflare</center> </body> </html>"
    )
    assert caught.value.status == 502
    assert caught.value.errors == ()
    assert caught.value.body_excerpt == excerpt
    assert str(caught.value) == f"{METHOD} {PATH} -> 502 (body: {excerpt!r})"


def test_long_body_excerpt_is_cut_to_200_characters() -> None:
    """A long non-JSON body is cut to 200 characters, ending with an ellipsis."""
    with pytest.raises(ServerError) as caught:
        parse(520, b"<p>" + b"x " * 5000)

    assert caught.value.body_excerpt == "<p>" + "x " * 98 + "…"
    assert len(caught.value.body_excerpt) == 200


def test_truncated_json_on_2xx_is_invalid_response() -> None:
    """A 2xx body cut mid-JSON raises InvalidResponse with the excerpt and an exact message."""
    body = b'{"success": true, "result": {"id": "ac'
    with pytest.raises(InvalidResponse) as caught:
        parse(200, body)

    assert caught.value.status == 200
    assert caught.value.body_excerpt == '{"success": true, "result": {"id": "ac'
    assert str(caught.value) == (
        f"{METHOD} {PATH} -> 200 response is not a Cloudflare JSON envelope "
        """(body: '{"success": true, "result": {"id": "ac')"""
    )


@pytest.mark.parametrize(
    ("status", "cls"), [(500, ServerError), (404, NotFound), (400, ValidationError), (418, APIError)]
)
def test_truncated_json_on_error_status_keeps_status_class(status: int, cls: type[APIError]) -> None:
    """A truncated body on an error status raises the status's class, with the excerpt."""
    with pytest.raises(APIError) as caught:
        parse(status, b'{"success": false, "errors": [{"code": 100')

    assert type(caught.value) is cls
    assert caught.value.errors == ()
    assert caught.value.body_excerpt == '{"success": false, "errors": [{"code": 100'


@pytest.mark.parametrize(
    ("body", "excerpt"),
    [
        (b"[]", "[]"),
        (b'[{"success": true}]', '[{"success": true}]'),
        (b'"ok"', '"ok"'),
        (b"null", "null"),
        (b"42", "42"),
        (b'{"result": {"id": "acme"}}', '{"result": {"id": "acme"}}'),
        (b'{"success": "true"}', '{"success": "true"}'),
        (b'{"success": 1}', '{"success": 1}'),
        (b"\xff\xfe{\x00", "\ufffd\ufffd{\x00"),
        (b"\x80abc", "\ufffdabc"),
        (b"NaN", "NaN"),
        (b"1" * 5000, "1" * 199 + "…"),
        (b"[" * 100_000, "[" * 199 + "…"),
    ],
)
def test_non_envelope_2xx_is_invalid_response(body: bytes, excerpt: str) -> None:
    """JSON that is not an object with a boolean success, or no JSON at all, is InvalidResponse on 2xx."""
    with pytest.raises(InvalidResponse) as caught:
        parse(200, body)

    assert caught.value.body_excerpt == excerpt


@pytest.mark.parametrize("body", [b"[]", b'"ok"', b"null", b"\xff\xfe", b"", b'{"success": null}'])
def test_non_envelope_error_status_keeps_status_class(body: bytes) -> None:
    """On an error status a non-envelope body still raises the status's class (404 -> NotFound)."""
    with pytest.raises(NotFound) as caught:
        parse(404, body)

    assert caught.value.errors == ()
    assert caught.value.body_excerpt == body.decode("utf-8", errors="replace")


def test_malformed_error_entries_are_coerced_or_skipped() -> None:
    """Odd errors entries never raise: usable ones are coerced, empty or foreign ones skipped."""
    body = json.dumps(
        {
            "success": False,
            "errors": [
                "plain text",
                42,
                None,
                [10007, "x"],
                {"code": "10007", "message": "string code"},
                {"code": True, "message": "bool code"},
                {"code": 10021.0, "message": None},
                {"code": 1.5, "message": "fractional code"},
                {"message": {"nested": 1}},
                {},
                {"code": None, "message": ""},
                {"code": 1, "documentation_url": 5, "source": "nope"},
                {
                    "code": 2,
                    "message": "m",
                    "documentation_url": "https://d.example",
                    "source": {"pointer": "/a"},
                },
                {"code": 3, "message": "p", "source": {"pointer": 7}},
            ],
            "messages": {"code": 5, "message": "single object"},
            "result": None,
        }
    ).encode()
    with pytest.raises(ValidationError) as caught:
        parse(400, body)

    assert caught.value.errors == (
        ErrorDetail(code=0, message="plain text"),
        ErrorDetail(code=10007, message="string code"),
        ErrorDetail(code=0, message="bool code"),
        ErrorDetail(code=10021, message=""),
        ErrorDetail(code=0, message="fractional code"),
        ErrorDetail(code=0, message="{'nested': 1}"),
        ErrorDetail(code=1, message=""),
        ErrorDetail(code=2, message="m", documentation_url="https://d.example", pointer="/a"),
        ErrorDetail(code=3, message="p"),
    )
    assert caught.value.messages == (ErrorDetail(code=5, message="single object"),)


@pytest.mark.parametrize(
    ("errors", "expected"),
    [
        ("boom", (ErrorDetail(code=0, message="boom"),)),
        ({"code": 10007, "message": "gone"}, (ErrorDetail(code=10007, message="gone"),)),
        (5, ()),
        (None, ()),
        (
            {"code": "\u0661\u0660\u0660\u0660\u0667", "message": "arabic digits"},
            (ErrorDetail(code=10007, message="arabic digits"),),
        ),
        ({"code": "²", "message": "superscript"}, (ErrorDetail(code=0, message="superscript"),)),
        ({"code": "9" * 40, "message": "huge"}, (ErrorDetail(code=0, message="huge"),)),
    ],
)
def test_errors_field_of_any_shape(errors: object, expected: tuple[ErrorDetail, ...]) -> None:
    """An errors field that is a string, an object, a number or null is coerced without raising."""
    body = json.dumps({"success": False, "errors": errors, "messages": [], "result": None}).encode()
    with pytest.raises(APIError) as caught:
        parse(404, body)

    assert caught.value.errors == expected


def test_unwrap_success_from_httpx_response() -> None:
    """unwrap reads status, headers and content from an httpx.Response."""
    request = httpx.Request(
        "GET", "https://api.cloudflare.com/client/v4/accounts/a/workers/dispatch/namespaces"
    )
    response = httpx.Response(
        200,
        json={"success": True, "errors": [], "messages": [], "result": [{"namespace_name": "ns"}]},
        request=request,
    )

    assert unwrap(response) == Envelope(result=[{"namespace_name": "ns"}], result_info=None, messages=())


def test_unwrap_error_names_path_never_query_or_headers() -> None:
    """An error from unwrap carries the method and URL path only: no query string, no credentials."""
    request = httpx.Request(
        "DELETE",
        "https://api.cloudflare.com/client/v4/accounts/a/workers/dispatch/namespaces/ns/scripts/acme"
        "?force=true&token=qs-secret",
        headers={"Authorization": "Bearer header-secret"},
    )
    response = httpx.Response(
        404,
        json={
            "success": False,
            "errors": [{"code": 10007, "message": "This Worker does not exist on your account."}],
        },
        request=request,
    )
    with pytest.raises(NotFound) as caught:
        unwrap(response)

    assert caught.value.method == "DELETE"
    assert caught.value.url == "/client/v4/accounts/a/workers/dispatch/namespaces/ns/scripts/acme"
    assert str(caught.value) == (
        "DELETE /client/v4/accounts/a/workers/dispatch/namespaces/ns/scripts/acme -> 404 "
        "[10007] This Worker does not exist on your account."
    )
    assert "?" not in str(caught.value)
    assert "secret" not in str(caught.value)


def test_unwrap_reads_retry_after_case_insensitively() -> None:
    """unwrap finds Retry-After in httpx headers whatever its case."""
    request = httpx.Request(
        "GET", "https://api.cloudflare.com/client/v4/accounts/a/workers/dispatch/namespaces"
    )
    response = httpx.Response(429, headers={"RETRY-after": "2"}, content=b"", request=request)
    with pytest.raises(RateLimited) as caught:
        unwrap(response)

    assert caught.value.retry_after == 2.0
    assert str(caught.value) == "GET /client/v4/accounts/a/workers/dispatch/namespaces -> 429 (body: '')"
