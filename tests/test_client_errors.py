"""Failures through WfpClient: typed API errors, schema mismatches, transport errors, bad input, no leaks."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from wfp_async import (
    NO_RETRY,
    APIError,
    AuthenticationError,
    Conflict,
    ErrorDetail,
    InvalidInput,
    InvalidResponse,
    Module,
    NotFound,
    RateLimited,
    RequestTimeout,
    SecretText,
    ServerError,
    TransportError,
    ValidationError,
    WfpClient,
    WfpError,
    WorkerBundle,
)

BASE_URL = "https://api.example.test/client/v4"
TOKEN = "tok-NEVER-SHOW-6b1d0c9e8f7a"
SECRET_VALUE = "hunter2-SECRET-VALUE-0451"
NS = "/client/v4/accounts/ACC/workers/dispatch/namespaces"
SCRIPT = f"{NS}/tenants/scripts/acme"

Handler = Callable[[httpx.Request], httpx.Response]
Call = Callable[[WfpClient], Awaitable[object]]


class Api:
    """A MockTransport handler: records requests, then answers with ``respond`` (or raises its error)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.respond: Handler = lambda request: pytest.fail(f"unexpected request {request.url}")

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.respond(request)


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
async def cf(api: Api) -> AsyncIterator[WfpClient]:
    async with WfpClient(
        account_id="ACC",
        api_token=TOKEN,
        base_url=BASE_URL,
        transport=httpx.MockTransport(api),
        retry=NO_RETRY,
    ) as client:
        yield client


def answer(status: int, body: object, headers: dict[str, str] | None = None) -> Handler:
    """A handler answering ``body`` (JSON unless bytes) with ``status`` and ``headers``."""
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return lambda request: httpx.Response(status, content=content, headers=headers)


def failure(code: int, message: str) -> dict[str, object]:
    return {"success": False, "errors": [{"code": code, "message": message}], "messages": [], "result": None}


def success(result: object) -> dict[str, object]:
    return {"success": True, "errors": [], "messages": [], "result": result}


async def get_namespace(cf: WfpClient) -> object:
    return await cf.namespaces.get("tenants")


async def upload(cf: WfpClient) -> object:
    return await cf.scripts.put("tenants", "acme", WorkerBundle.es_module("export default {};"))


async def create_namespace(cf: WfpClient) -> object:
    return await cf.namespaces.create("tenants")


async def get_content(cf: WfpClient) -> object:
    return await cf.content.get("tenants", "acme")


HTML_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n"
)
GET_NS = f"GET {NS}/tenants"


@pytest.mark.parametrize(
    ("call", "status", "body", "headers", "cls", "codes", "text", "retry_after"),
    [
        pytest.param(
            get_namespace,
            401,
            failure(10000, "Authentication error"),
            {},
            AuthenticationError,
            {10000},
            f"{GET_NS} -> 401 [10000] Authentication error",
            None,
            id="401-10000",
        ),
        pytest.param(
            get_namespace,
            403,
            failure(10000, "Authentication error"),
            {},
            AuthenticationError,
            {10000},
            f"{GET_NS} -> 403 [10000] Authentication error",
            None,
            id="403-10000",
        ),
        pytest.param(
            get_namespace,
            404,
            failure(10007, "Namespace not found."),
            {},
            NotFound,
            {10007},
            f"{GET_NS} -> 404 [10007] Namespace not found.",
            None,
            id="404-10007",
        ),
        pytest.param(
            create_namespace,
            409,
            failure(10026, "A namespace with this name already exists."),
            {},
            Conflict,
            {10026},
            f"POST {NS} -> 409 [10026] A namespace with this name already exists.",
            None,
            id="409",
        ),
        pytest.param(
            upload,
            400,
            failure(10021, "Main module name is not present in bundle."),
            {},
            ValidationError,
            {10021},
            f"PUT {SCRIPT} -> 400 [10021] Main module name is not present in bundle.",
            None,
            id="400-10021",
        ),
        pytest.param(
            get_namespace,
            429,
            failure(971, "Please wait and consider throttling your request speed"),
            {"Retry-After": "30"},
            RateLimited,
            {971},
            f"{GET_NS} -> 429 [971] Please wait and consider throttling your request speed",
            30.0,
            id="429-retry-after",
        ),
        pytest.param(
            get_namespace,
            500,
            failure(10002, "Internal error"),
            {},
            ServerError,
            {10002},
            f"{GET_NS} -> 500 [10002] Internal error",
            None,
            id="500",
        ),
        pytest.param(
            get_namespace,
            502,
            HTML_502,
            {"Content-Type": "text/html"},
            ServerError,
            set(),
            f"{GET_NS} -> 502 (body: '<html> <head><title>502 Bad Gateway</title></head> <body> "
            "<center><h1>502 Bad Gateway</h1></center> <hr><center>cloudflare</center> </body> </html>')",
            None,
            id="html-502",
        ),
        pytest.param(
            get_namespace,
            200,
            failure(10007, "Namespace not found."),
            {},
            NotFound,
            {10007},
            f"{GET_NS} -> 200 [10007] Namespace not found.",
            None,
            id="200-success-false",
        ),
        pytest.param(
            get_content,
            404,
            failure(10007, "This Worker does not exist."),
            {"Content-Type": "application/json"},
            NotFound,
            {10007},
            f"GET {SCRIPT}/content -> 404 [10007] This Worker does not exist.",
            None,
            id="content-404",
        ),
        pytest.param(
            get_content,
            200,
            failure(10007, "This Worker does not exist."),
            {"Content-Type": "application/json"},
            NotFound,
            {10007},
            f"GET {SCRIPT}/content -> 200 [10007] This Worker does not exist.",
            None,
            id="content-200-success-false",
        ),
        pytest.param(
            get_namespace,
            200,
            b"OK",
            {"Content-Type": "text/plain"},
            InvalidResponse,
            set(),
            f"{GET_NS} -> 200 response is not a Cloudflare JSON envelope (body: 'OK')",
            None,
            id="non-json-200",
        ),
        pytest.param(
            get_namespace,
            200,
            b'{"success": true, "result": {"namespace_id": "6f',
            {"Content-Type": "application/json"},
            InvalidResponse,
            set(),
            f"{GET_NS} -> 200 response is not a Cloudflare JSON envelope "
            """(body: '{"success": true, "result": {"namespace_id": "6f')""",
            None,
            id="truncated-json",
        ),
    ],
)
async def test_api_errors_are_typed(
    api: Api,
    cf: WfpClient,
    call: Call,
    status: int,
    body: object,
    headers: dict[str, str],
    cls: type[APIError],
    codes: set[int],
    text: str,
    retry_after: float | None,
) -> None:
    """Each failing answer raises its exact class with status, codes, retry_after and message."""
    api.respond = answer(status, body, headers)

    with pytest.raises(APIError) as caught:
        await call(cf)

    error = caught.value
    assert type(error) is cls
    assert (error.status, error.codes, error.retry_after, str(error)) == (
        status,
        frozenset(codes),
        retry_after,
        text,
    )
    assert len(api.requests) == 1


async def test_error_keeps_every_detail_and_message(api: Api, cf: WfpClient) -> None:
    """errors[] and messages[] keep code, message, documentation_url and source.pointer."""
    api.respond = answer(
        400,
        {
            "success": False,
            "errors": [
                {
                    "code": 10021,
                    "message": "could not read content for part metadata",
                    "documentation_url": "https://developers.cloudflare.com/workers/",
                    "source": {"pointer": "/metadata"},
                },
                {"code": 10001, "message": "Unsupported content type."},
            ],
            "messages": [{"code": 10100, "message": "See the docs."}],
            "result": None,
        },
    )

    with pytest.raises(ValidationError) as caught:
        await upload(cf)

    assert caught.value.errors == (
        ErrorDetail(
            code=10021,
            message="could not read content for part metadata",
            documentation_url="https://developers.cloudflare.com/workers/",
            pointer="/metadata",
        ),
        ErrorDetail(code=10001, message="Unsupported content type."),
    )
    assert caught.value.messages == (ErrorDetail(code=10100, message="See the docs."),)
    assert str(caught.value) == (
        f"PUT {SCRIPT} -> 400 [10021] could not read content for part metadata;"
        " [10001] Unsupported content type."
    )


# Results that do not match the schema.


async def list_scripts(cf: WfpClient) -> object:
    return await cf.scripts.list("tenants")


async def list_secrets(cf: WfpClient) -> object:
    return await cf.secrets.list("tenants", "acme")


async def delete_by_tags(cf: WfpClient) -> object:
    return await cf.scripts.delete_by_tags("tenants", everything=True)


async def list_tags(cf: WfpClient) -> object:
    return await cf.tags.list("tenants", "acme")


async def get_settings(cf: WfpClient) -> object:
    return await cf.settings.get("tenants", "acme")


async def get_bindings(cf: WfpClient) -> object:
    return await cf.bindings.list("tenants", "acme")


async def open_assets_session(cf: WfpClient) -> object:
    return await cf.assets.upload("tenants", "acme", {"/a.txt": b"a"})


NS_OK = {"namespace_id": "6f5c4a1e", "namespace_name": "tenants"}


@pytest.mark.parametrize(
    ("call", "result", "field", "text"),
    [
        (get_namespace, {**NS_OK, "script_count": "3"}, "result.script_count", "should be int, got str"),
        (get_namespace, {**NS_OK, "script_count": True}, "result.script_count", "should be int, got bool"),
        (
            get_namespace,
            {**NS_OK, "trusted_workers": "yes"},
            "result.trusted_workers",
            "should be bool, got str",
        ),
        (
            get_namespace,
            {**NS_OK, "created_on": "yesterday"},
            "result.created_on",
            "should be an RFC 3339 timestamp, got str",
        ),
        (get_namespace, {**NS_OK, "created_on": 1700000000}, "result.created_on", "should be str, got int"),
        (
            get_namespace,
            {"namespace_id": 42, "namespace_name": "t"},
            "result.namespace_id",
            "should be str, got int",
        ),
        (get_namespace, [NS_OK], "result", "should be an object, got list"),
        (get_namespace, "tenants", "result", "should be an object, got str"),
        (list_scripts, {"script": {"id": "acme"}}, "result", "should be a list, got dict"),
        (list_scripts, [{"script": {"id": 5}}], "result[0].script.id", "should be str, got int"),
        (
            list_scripts,
            [{"script": {"id": "a", "tags": "x"}}],
            "result[0].script.tags",
            "should be a list of strings, got str",
        ),
        (list_secrets, [{"name": "API_KEY"}], "result[0].type", "should be present, got NoneType"),
        (list_secrets, [7], "result[0]", "should be an object, got int"),
        (
            delete_by_tags,
            {"deleted": [{"id": 1}], "has_more": False},
            "result.deleted[0].id",
            "should be str, got int",
        ),
        (delete_by_tags, {"deleted": [], "has_more": "yes"}, "result.has_more", "should be bool, got str"),
        (list_tags, ["a", 2], "result", "should be a list of strings, got list"),
        (get_settings, [], "result", "should be an object, got list"),
        (
            get_settings,
            {"compatibility_flags": "nodejs_compat"},
            "result.compatibility_flags",
            "should be a list of strings, got str",
        ),
    ],
)
async def test_schema_mismatch_is_invalid_response_naming_the_field(
    api: Api, cf: WfpClient, call: Call, result: object, field: str, text: str
) -> None:
    """A 200 whose result breaks the schema raises InvalidResponse with .field and a message naming it."""
    api.respond = answer(200, success(result))

    with pytest.raises(InvalidResponse) as caught:
        await call(cf)

    assert (caught.value.field, caught.value.status) == (field, 200)
    assert str(caught.value).endswith(f"-> 200 field {field!r} {text}")


@pytest.mark.parametrize(
    ("call", "result", "field"),
    [
        (get_namespace, {"namespace_name": "tenants"}, "result.namespace_id"),
        (get_namespace, {"namespace_id": None, "namespace_name": "tenants"}, "result.namespace_id"),
        (list_scripts, [{"script": {"etag": "e1"}}], "result[0].script.id"),
        (open_assets_session, {"buckets": []}, "result.jwt"),
    ],
)
async def test_missing_required_field_names_it(
    api: Api, cf: WfpClient, call: Call, result: object, field: str
) -> None:
    """A missing (or null) required field is named, without the generated layer's Unset in the message."""
    api.respond = answer(200, success(result))

    with pytest.raises(InvalidResponse) as caught:
        await call(cf)

    assert caught.value.field == field
    assert str(caught.value).endswith(f"-> 200 field {field!r} should be a present str, got NoneType")


async def test_binding_without_type_names_its_index(api: Api, cf: WfpClient) -> None:
    """A binding without a type in the second item raises InvalidResponse naming result[1]."""
    api.respond = answer(200, success([{"name": "A", "type": "plain_text", "text": "x"}, {"name": "B"}]))

    with pytest.raises(InvalidResponse) as caught:
        await get_bindings(cf)

    assert caught.value.field == "result[1]"


@pytest.mark.parametrize(
    ("content_type", "body", "detail"),
    [
        ("multipart/form-data", b"--x\r\n", "no boundary in Content-Type"),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="a.js"\r\n\r\nab',
            "truncated",
        ),
        ("application/x-unknown", b"\x00\x01", "content type 'application/x-unknown' is not one"),
    ],
)
async def test_unreadable_script_content_is_invalid_response(
    api: Api, cf: WfpClient, content_type: str, body: bytes, detail: str
) -> None:
    """A content answer that is neither a module nor valid multipart raises InvalidResponse."""
    api.respond = answer(200, body, {"Content-Type": content_type})

    with pytest.raises(InvalidResponse) as caught:
        await get_content(cf)

    assert str(caught.value).startswith(f"GET {SCRIPT}/content -> 200 unreadable script content: ")
    assert detail in str(caught.value)


# Transport errors.


@pytest.mark.parametrize(
    ("exc", "cls", "sent"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), TransportError, False),
        (httpx.ConnectTimeout("timed out"), RequestTimeout, False),
        (httpx.ReadTimeout("The read operation timed out"), RequestTimeout, True),
        (httpx.WriteTimeout("timed out"), RequestTimeout, True),
        (httpx.PoolTimeout("no connection available"), RequestTimeout, False),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."), TransportError, True),
        (httpx.ReadError("Connection reset by peer"), TransportError, True),
    ],
)
async def test_transport_errors_are_translated_from_httpx(
    api: Api, cf: WfpClient, exc: httpx.HTTPError, cls: type[TransportError], sent: bool
) -> None:
    """An httpx error raised by the transport becomes TransportError/RequestTimeout from that error."""

    def fail(request: httpx.Request) -> httpx.Response:
        raise exc

    api.respond = fail

    with pytest.raises(TransportError) as caught:
        await get_namespace(cf)

    error = caught.value
    assert type(error) is cls
    assert error.__cause__ is exc
    assert (error.method, error.url, error.sent) == ("GET", f"{NS}/tenants", sent)
    assert str(error) == f"{GET_NS} -> {type(exc).__name__}: {exc}"
    assert len(api.requests) == 1


# Bad input: InvalidInput before any request.


def every_identifier_call(value: Any) -> list[Call]:
    """One call per identifier position (namespace, script, tag, secret name), with ``value`` there."""
    return [
        lambda cf: cf.namespaces.get(value),
        lambda cf: cf.namespaces.delete(value),
        lambda cf: cf.namespaces.patch(value, trusted_workers=True),
        lambda cf: cf.namespaces.put(value),
        lambda cf: cf.scripts.list(value),
        lambda cf: cf.scripts.get(value, "acme"),
        lambda cf: cf.scripts.get("tenants", value),
        lambda cf: cf.scripts.delete("tenants", value),
        lambda cf: cf.scripts.put("tenants", value, WorkerBundle.es_module("x")),
        lambda cf: cf.content.get("tenants", value),
        lambda cf: cf.bindings.list(value, "acme"),
        lambda cf: cf.settings.get("tenants", value),
        lambda cf: cf.secrets.list("tenants", value),
        lambda cf: cf.tags.list(value, "acme"),
        lambda cf: cf.tags.put_one("tenants", "acme", value),
        lambda cf: cf.tags.delete("tenants", "acme", value),
        lambda cf: cf.assets.upload("tenants", value, {"/a.txt": b"a"}),
    ]


@pytest.mark.parametrize("value", [None, 42, b"tenants", "", ".", "..", "a/b", "x\ny"])
@pytest.mark.parametrize("index", range(17))
async def test_bad_identifier_is_rejected_before_any_request(
    api: Api, cf: WfpClient, value: object, index: int
) -> None:
    """None, int, bytes, empty, '.', '..', 'a/b' or a control character in any path name: no request."""
    with pytest.raises(InvalidInput):
        await every_identifier_call(value)[index](cf)
    assert api.requests == []


@pytest.mark.parametrize("value", [None, 42, b"API_KEY", "", "x\ny"])
@pytest.mark.parametrize("method", ["get", "delete"])
async def test_bad_secret_name_is_rejected_before_any_request(
    api: Api, cf: WfpClient, value: object, method: str
) -> None:
    """Secret names of the wrong type, empty, or with control characters never reach the network."""
    with pytest.raises(InvalidInput):
        await getattr(cf.secrets, method)("tenants", "acme", value)
    assert api.requests == []


@pytest.mark.parametrize("script", ["Acme", "-acme", "ac me", "acme.js", "ácme", "acme/", ""])
async def test_bad_script_names_are_rejected(api: Api, cf: WfpClient, script: str) -> None:
    """Script names outside ^[a-z0-9_][a-z0-9-_]*$ raise InvalidInput quoting the name."""
    with pytest.raises(InvalidInput, match=re.escape(f"invalid script name {script!r}")):
        await cf.scripts.get("tenants", script)
    assert api.requests == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda cf: cf.scripts.list("tenants", tags=["a,b"]), "invalid tag 'a,b'"),
        (lambda cf: cf.scripts.list("tenants", exclude_tags=["a:b"]), "invalid tag 'a:b'"),
        (lambda cf: cf.scripts.list("tenants", tags="plan-pro"), "not a single str"),
        (
            lambda cf: cf.scripts.list("tenants", tags=["x"], exclude_tags=["x"]),
            "both included and excluded",
        ),
        (lambda cf: cf.scripts.delete_by_tags("tenants", tags=["a,b"]), "invalid tag 'a,b'"),
        (
            lambda cf: cf.scripts.delete_by_tags("tenants", tags=["x"], limit=0),
            "limit must be a positive int",
        ),
        (lambda cf: cf.tags.put("tenants", "acme", [f"t{i}" for i in range(11)]), "at most 10 tags, got 11"),
        (lambda cf: cf.tags.put("tenants", "acme", ["ok", "a,b"]), "invalid tag 'a,b'"),
        (lambda cf: cf.tags.put("tenants", "acme", "plan-pro"), "not a single string"),
        (lambda cf: cf.tags.put_one("tenants", "acme", "a,b"), "invalid tag 'a,b'"),
        (lambda cf: cf.scripts.delete("tenants", "acme", force="yes"), "force must be a bool"),
        (
            lambda cf: cf.scripts.put("tenants", "acme", "export default {}"),
            "bundle must be a WorkerBundle",
        ),
        (lambda cf: cf.content.put("tenants", "acme", None), "bundle must be a WorkerBundle"),
        (lambda cf: cf.settings.patch("tenants", "acme"), "no setting to change"),
        (lambda cf: cf.secrets.patch("tenants", "acme", {}), "non-empty mapping"),
        (lambda cf: cf.namespaces.patch("tenants", trusted_workers="yes"), "trusted_workers must be a bool"),
    ],
)
async def test_bad_arguments_are_rejected_before_any_request(
    api: Api, cf: WfpClient, call: Call, message: str
) -> None:
    """Bad tags (',' ':' more than 10), flags and bodies raise InvalidInput and send nothing."""
    with pytest.raises(InvalidInput, match=re.escape(message)):
        await call(cf)
    assert api.requests == []


async def test_bundle_without_its_main_module_fails_before_any_request(api: Api, cf: WfpClient) -> None:
    """A bundle whose main module is not among its modules cannot even be built, so nothing is sent."""

    async def upload_missing_main(cf: WfpClient) -> object:
        bundle = WorkerBundle((Module.from_text("lib.js", "export {}"),), main_module="index.js")
        return await cf.scripts.put("tenants", "acme", bundle)

    with pytest.raises(InvalidInput, match=re.escape("main module 'index.js' is not in the bundle")):
        await upload_missing_main(cf)
    assert api.requests == []


@pytest.mark.parametrize("account_id", [None, 42, "", ".", "..", "a/b", "x" * 33])
def test_bad_account_id_is_rejected(account_id: object) -> None:
    """The account id is checked when the client is built (it travels in every path)."""
    with pytest.raises(InvalidInput, match="account id"):
        WfpClient(account_id=account_id, api_token=TOKEN)  # type: ignore[arg-type]


# Credentials and secret values never leak.


async def test_repr_of_client_hides_credentials(api: Api) -> None:
    """repr() and str() of a client (token or key auth) never contain the credential."""
    async with WfpClient(account_id="ACC", api_token=TOKEN, transport=httpx.MockTransport(api)) as by_token:
        assert TOKEN not in repr(by_token) and TOKEN not in str(by_token)
        assert (
            repr(by_token) == "WfpClient(account_id='ACC', base_url='https://api.cloudflare.com/client/v4')"
        )
    async with WfpClient(
        account_id="ACC", api_email="ops@example.com", api_key=TOKEN, transport=httpx.MockTransport(api)
    ) as by_key:
        assert TOKEN not in repr(by_key)


def leaks(error: BaseException) -> bool:
    """Whether the token or the secret value appear anywhere an exception is rendered."""
    rendered = [str(error), repr(error), *map(str, error.args)]
    if isinstance(error, APIError):
        rendered += [error.url, str(error.body_excerpt), str(error.detail)]
    return any(TOKEN in text or SECRET_VALUE in text for text in rendered)


@pytest.mark.parametrize(
    "respond",
    [
        answer(401, failure(10000, "Authentication error")),
        answer(400, failure(10021, "Secret 'API_KEY': invalid")),
        answer(502, HTML_502),
        answer(200, b"not json"),
        answer(200, success([1])),
    ],
)
async def test_secret_put_errors_never_contain_token_or_value(
    api: Api, cf: WfpClient, respond: Handler
) -> None:
    """Errors from a secret PUT (the value is in the body) never show the token or the value."""
    api.respond = respond

    with pytest.raises(WfpError) as caught:
        await cf.secrets.put("tenants", "acme", SecretText("API_KEY", text=SECRET_VALUE))

    assert SECRET_VALUE.encode() in api.requests[0].content  # it was sent...
    assert not leaks(caught.value)  # ...but is nowhere in the error


@pytest.mark.parametrize("exc", [httpx.ConnectError("refused"), httpx.ReadTimeout("timed out")])
async def test_transport_errors_never_contain_token_or_value(
    api: Api, cf: WfpClient, exc: httpx.HTTPError
) -> None:
    """A transport failure during secrets.patch shows neither the token nor the secret value."""

    def fail(request: httpx.Request) -> httpx.Response:
        raise exc

    api.respond = fail

    with pytest.raises(TransportError) as caught:
        await cf.secrets.patch("tenants", "acme", {"API_KEY": SECRET_VALUE})

    assert not leaks(caught.value)


@pytest.mark.parametrize(
    "make",
    [
        lambda: SecretText("", text=SECRET_VALUE),
        lambda: SecretText("API_KEY", text=42),  # type: ignore[arg-type]
        lambda: WfpClient(account_id="ACC", api_token=TOKEN + "\n"),
        lambda: WfpClient(account_id="ACC", api_token=TOKEN, api_key=TOKEN, api_email="a@b.c"),
        lambda: WfpClient(account_id="ACC", api_email="a@b.c", api_key=" \r" + TOKEN),
    ],
)
def test_input_errors_never_contain_token_or_value(make: Callable[[], object]) -> None:
    """InvalidInput about a credential or a secret names the argument, never its value."""
    with pytest.raises(InvalidInput) as caught:
        make()
    assert not leaks(caught.value)


async def test_secret_repr_is_masked(api: Api, cf: WfpClient) -> None:
    """A SecretText's repr masks the value; a mismatched name in patch() is rejected without it."""
    secret = SecretText("API_KEY", text=SECRET_VALUE)
    assert repr(secret) == "SecretText(name='API_KEY', text=***)"

    with pytest.raises(InvalidInput) as caught:
        await cf.secrets.patch("tenants", "acme", {"OTHER": secret})
    assert not leaks(caught.value)
    assert api.requests == []
