"""Secret hygiene: the API token, the X-Auth-Key, secret texts, key material and assets tokens never appear
in a repr or str, an exception (with its whole cause chain and traceback), DEBUG logs, or the CLI's output.

Every secret below is distinctive, so a leak anywhere is found by looking for it.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Awaitable, Callable, Iterator

import anyio
import httpx
import pytest
from click.testing import CliRunner

from wfp_async import (
    NO_RETRY,
    AssetsSession,
    AssetsUpload,
    AuthenticationError,
    BulkFailed,
    InvalidInput,
    NotFound,
    RawBinding,
    RetryPolicy,
    Secret,
    SecretKey,
    SecretText,
    ServerError,
    Settings,
    TransportError,
    UploadOptions,
    WfpClient,
    WfpError,
    WorkerBundle,
)
from wfp_async.cli import AUTH_HINT, cli
from wfp_async.emulator import Emulator

TOKEN = "tok-HYGIENE-9c2f71d04e"
AUTH_KEY = "authkey-HYGIENE-5be83f"
SECRET_TEXT = "s3cr3t-TEXT-HYGIENE-1a2b"
PATCH_VALUE = "patch-VALUE-HYGIENE-3c4d"
KEY_BASE64 = "a2V5LW1hdGVyaWFsLUhZR0lFTkUtNWU2Zg=="  # base64 of b"key-material-HYGIENE-5e6f"
JWK_SECRET = "jwk-PRIVATE-HYGIENE-7a8b"
SESSION_JWT = "session-JWT-HYGIENE-9c0d"
COMPLETION_JWT = "completion-JWT-HYGIENE-e1f2"
WRONG_TOKEN = "tok-WRONG-HYGIENE-0f0f"
SECRETS = (
    TOKEN,
    AUTH_KEY,
    SECRET_TEXT,
    PATCH_VALUE,
    KEY_BASE64,
    "key-material-HYGIENE",
    JWK_SECRET,
    SESSION_JWT,
    COMPLETION_JWT,
    WRONG_TOKEN,
)

BASE_URL = "https://api.example.test/client/v4"
PATH = "/client/v4/accounts/emu-account/workers/dispatch/namespaces"
NS, SCRIPT = "tenants", "acme"
BUNDLE = WorkerBundle.es_module("export default {}")
ALGORITHM = {"name": "HMAC", "hash": "SHA-256"}


def raw_key() -> SecretKey:
    return SecretKey("SIGNING", "raw", ALGORITHM, ["sign", "verify"], key_base64=KEY_BASE64)


def jwk_key() -> SecretKey:
    jwk = {"kty": "oct", "k": JWK_SECRET, "alg": "HS256"}
    return SecretKey("JWK", "jwk", ALGORITHM, ["sign"], key_jwk=jwk)


def secret_options() -> UploadOptions:
    bindings = [
        SecretText("API_KEY", text=SECRET_TEXT),
        raw_key(),
        jwk_key(),
        RawBinding({"name": "OTHER", "type": "secret_text", "text": PATCH_VALUE}),
    ]
    upload = AssetsUpload(jwt=COMPLETION_JWT, files=1, uploaded=1)
    return UploadOptions(bindings=bindings, assets=upload.metadata({"html_handling": "none"}))


def assert_clean(text: str) -> None:
    leaked = [secret for secret in SECRETS if secret in text]
    assert leaked == [], f"leaked {leaked} in {text[:300]!r}"


def error_texts(error: BaseException) -> Iterator[str]:
    """str and repr of the error and of every exception in its cause/context chain, and its traceback."""
    yield "".join(traceback.format_exception(error))
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield str(current)
        yield repr(current)
        current = current.__cause__ or current.__context__


def token_client(handler: Callable[[httpx.Request], httpx.Response], **kwargs: object) -> WfpClient:
    return WfpClient(
        account_id="acc",
        api_token=TOKEN,
        base_url=BASE_URL,
        transport=httpx.MockTransport(handler),
        retry=NO_RETRY,
        **kwargs,  # type: ignore[arg-type]
    )


def key_client(handler: Callable[[httpx.Request], httpx.Response]) -> WfpClient:
    return WfpClient(
        account_id="acc",
        api_email="ops@example.com",
        api_key=AUTH_KEY,
        base_url=BASE_URL,
        transport=httpx.MockTransport(handler),
        retry=NO_RETRY,
    )


# --- repr and str ---------------------------------------------------------------------------------


async def test_reprs_and_strs_hide_every_secret() -> None:
    """repr() and str() of clients, bindings, keys, options and assets tokens show no secret."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500)

    async with token_client(handler) as by_token, key_client(handler) as by_key:
        objects: list[object] = [
            by_token,
            by_key,
            by_token.with_options(timeout=5),
            SecretText("API_KEY", text=SECRET_TEXT),
            raw_key(),
            jwk_key(),
            RawBinding({"name": "OTHER", "type": "secret_text", "text": PATCH_VALUE}),
            secret_options(),
            AssetsUpload(jwt=COMPLETION_JWT, files=3, uploaded=2),
            AssetsSession(jwt=SESSION_JWT, buckets=(("0" * 32,),)),
        ]
        for value in objects:
            assert_clean(repr(value))
            assert_clean(str(value))
    assert repr(SecretText("API_KEY", text=SECRET_TEXT)) == "SecretText(name='API_KEY', text=***)"
    assert repr(AssetsSession(jwt=SESSION_JWT, buckets=())) == "AssetsSession(buckets=())"
    assert repr(by_token) == f"WfpClient(account_id='acc', base_url={BASE_URL!r})"


async def test_bulk_reports_with_errors_hide_every_secret() -> None:
    """A partly failed bulk secret rotation: report, results, errors and BulkFailed hide secrets."""

    def handler(request: httpx.Request) -> httpx.Response:
        script = request.url.path.split("/")[-2]
        if script == "t1":
            return httpx.Response(403, json={"success": False, "errors": [{"code": 10000, "message": "no"}]})
        if script == "t2":
            return httpx.Response(502, text="<html>bad gateway</html>")
        return httpx.Response(
            200, json={"success": True, "result": {"name": "API_KEY", "type": "secret_text"}}
        )

    async with token_client(handler) as cf:
        report = await cf.bulk.put_secret_many(
            NS,
            ["t0", "t1", "t2", "t3"],
            SecretText("API_KEY", text=SECRET_TEXT),
            preflight=False,
            keep_results=True,
        )
        with pytest.raises(BulkFailed) as failed:
            report.raise_for_failures()
    assert (report.ok, report.failed) == (2, 2)
    assert {r.key: type(r.error) for r in report.failures} == {"t1": AuthenticationError, "t2": ServerError}
    for text in (repr(report), str(report), *map(repr, report.results), *error_texts(failed.value)):
        assert_clean(text)
    for result in report.failures:
        assert result.error is not None
        for text in error_texts(result.error):
            assert_clean(text)


# --- exceptions -----------------------------------------------------------------------------------


def _envelope(status: int, code: int, message: str) -> Callable[[httpx.Request], httpx.Response]:
    body = {"success": False, "errors": [{"code": code, "message": message}], "messages": [], "result": None}
    return lambda request: httpx.Response(status, json=body)


def _raise(error: type[httpx.TransportError], message: str) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error(message, request=request)

    return handler


ANSWERS: dict[str, tuple[Callable[[httpx.Request], httpx.Response], type[WfpError]]] = {
    "401": (_envelope(401, 10000, "Authentication error"), AuthenticationError),
    "403": (_envelope(403, 10023, "Unauthorized"), AuthenticationError),
    "404": (_envelope(404, 10007, "workers.api.error.script_not_found"), NotFound),
    "500": (_envelope(500, 10002, "internal error"), ServerError),
    "html-502": (
        lambda request: httpx.Response(502, text="<html><h1>502 Bad Gateway</h1></html>"),
        ServerError,
    ),
    "connect": (_raise(httpx.ConnectError, "[Errno 111] Connection refused"), TransportError),
    "read-timeout": (_raise(httpx.ReadTimeout, "timed out"), TransportError),
}
CALLS: dict[str, Callable[[WfpClient], Awaitable[object]]] = {
    "secrets.put(text)": lambda cf: cf.secrets.put(NS, SCRIPT, SecretText("API_KEY", text=SECRET_TEXT)),
    "secrets.put_text": lambda cf: cf.secrets.put_text(NS, SCRIPT, "API_KEY", text=SECRET_TEXT),
    "secrets.put(raw key)": lambda cf: cf.secrets.put(NS, SCRIPT, raw_key()),
    "secrets.put(jwk)": lambda cf: cf.secrets.put(NS, SCRIPT, jwk_key()),
    "secrets.patch": lambda cf: cf.secrets.patch(NS, SCRIPT, {"A": PATCH_VALUE, "JWK": jwk_key(), "B": None}),
    "scripts.put": lambda cf: cf.scripts.put(NS, SCRIPT, BUNDLE, options=secret_options()),
    "settings.patch": lambda cf: cf.settings.patch(
        NS, SCRIPT, bindings=[SecretText("API_KEY", text=SECRET_TEXT)]
    ),
    "namespaces.get": lambda cf: cf.namespaces.get(NS),
}


@pytest.mark.parametrize("answer", list(ANSWERS))
@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize("credential", ["token", "x-auth-key"])
async def test_failing_calls_raise_errors_without_secrets(answer: str, call: str, credential: str) -> None:
    """A failing call's typed error, its cause chain and its traceback text hold no secret."""
    handler, expected = ANSWERS[answer]
    client = token_client(handler) if credential == "token" else key_client(handler)
    async with client as cf:
        with pytest.raises(expected) as caught:
            await CALLS[call](cf)
    for text in error_texts(caught.value):
        assert_clean(text)


async def test_assets_upload_failures_hide_both_assets_tokens() -> None:
    """When a bucket upload fails, the error names the endpoint, not the session token it carried."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path.endswith("/assets-upload-session"):
            manifest = json.loads(request.content)["manifest"]
            buckets = [[entry["hash"] for entry in manifest.values()]]
            return httpx.Response(
                200, json={"success": True, "result": {"jwt": SESSION_JWT, "buckets": buckets}}
            )
        return httpx.Response(401, json={"success": False, "errors": [{"code": 10000, "message": "bad jwt"}]})

    async with token_client(handler) as cf:
        with pytest.raises(AuthenticationError) as caught:
            await cf.assets.upload(NS, SCRIPT, {"/index.html": b"<p>hi</p>"})
    assert sent[1].headers["authorization"] == f"Bearer {SESSION_JWT}"
    assert str(caught.value) == "POST /client/v4/accounts/acc/workers/assets/upload -> 401 [10000] bad jwt"
    for text in error_texts(caught.value):
        assert_clean(text)


async def test_a_real_connection_failure_hides_the_token() -> None:
    """A refused loopback connection raises TransportError whose chain holds no credential."""
    async with WfpClient(
        account_id="acc", api_token=TOKEN, base_url="http://127.0.0.1:9/client/v4", retry=NO_RETRY
    ) as cf:
        with pytest.raises(TransportError) as caught:
            await cf.secrets.put_text(NS, SCRIPT, "API_KEY", text=SECRET_TEXT)
    for text in error_texts(caught.value):
        assert_clean(text)


def _bad_inputs() -> dict[str, Callable[[], object]]:
    client_args = {"account_id": "acc", "base_url": BASE_URL}
    return {
        "token with a line break": lambda: WfpClient(api_token=TOKEN + "\n", **client_args),
        "token beyond ASCII": lambda: WfpClient(api_token=TOKEN + "é", **client_args),
        "token and key": lambda: WfpClient(
            api_token=TOKEN, api_email="a@b.c", api_key=AUTH_KEY, **client_args
        ),
        "key with NUL": lambda: WfpClient(api_email="a@b.c", api_key=AUTH_KEY + "\x00", **client_args),
        "jwk format with base64": lambda: SecretKey("K", "jwk", ALGORITHM, ["sign"], key_base64=KEY_BASE64),
        "raw format with jwk": lambda: SecretKey("K", "raw", ALGORITHM, ["sign"], key_jwk={"k": JWK_SECRET}),
        "unknown usage": lambda: SecretKey("K", "raw", ALGORITHM, ["steal"], key_base64=KEY_BASE64),
        "unknown format": lambda: SecretKey("K", "pem", ALGORITHM, ["sign"], key_base64=KEY_BASE64),
        "empty secret name": lambda: SecretText("", text=SECRET_TEXT),
        "repeated binding": lambda: UploadOptions(
            bindings=[SecretText("A", text=SECRET_TEXT), SecretText("A", text=PATCH_VALUE)]
        ),
    }


@pytest.mark.parametrize("case", list(_bad_inputs()))
def test_invalid_input_messages_hide_secrets(case: str) -> None:
    """Arguments refused locally name the field in the message, never its secret value."""
    with pytest.raises(InvalidInput) as caught:
        _bad_inputs()[case]()
    for text in error_texts(caught.value):
        assert_clean(text)


@pytest.mark.parametrize(
    "changes",
    [
        {"A": SecretText("B", text=SECRET_TEXT)},
        {"A": 42, "B": PATCH_VALUE},
        {"A\n": PATCH_VALUE},
    ],
    ids=["misnamed", "not-a-secret", "bad-name"],
)
async def test_secrets_patch_refusals_hide_values(changes: dict[str, object]) -> None:
    """secrets.patch refuses a misnamed, mistyped or badly named entry without quoting any value."""
    sent: list[httpx.Request] = []
    async with token_client(lambda request: sent.append(request) or httpx.Response(500)) as cf:
        with pytest.raises(InvalidInput) as caught:
            await cf.secrets.patch(NS, SCRIPT, changes)  # type: ignore[arg-type]
    assert sent == []
    for text in error_texts(caught.value):
        assert_clean(text)


# --- logs -----------------------------------------------------------------------------------------


async def test_debug_logs_of_a_run_with_retries_hold_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    """DEBUG logs of a loopback run with retries, secrets and assets hold no secret."""
    caplog.set_level(logging.DEBUG)
    for name in ("wfp_async", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    emulator = Emulator(token=TOKEN, email="ops@example.com", api_key=AUTH_KEY)
    session_tokens: list[str] = []

    async def capture(response: httpx.Response) -> None:
        if response.url.path.endswith("/assets-upload-session") and response.status_code == 200:
            await response.aread()
            session_tokens.append(response.json()["result"]["jwt"])

    retry = RetryPolicy(attempts=4, wait_initial=0, wait_max=0, wait_jitter=0)
    with emulator.serve() as base_url:
        async with httpx.AsyncClient(event_hooks={"response": [capture]}) as http:
            for credentials in ({"api_token": TOKEN}, {"api_email": "ops@example.com", "api_key": AUTH_KEY}):
                cf = WfpClient(
                    account_id=emulator.account_id,
                    base_url=base_url,
                    http_client=http,
                    retry=retry,
                    **credentials,
                )
                emulator.reset()
                await cf.namespaces.create(NS)
                emulator.faults.fail_next(2, status=503, retry_after=0)
                await cf.scripts.put(
                    NS, SCRIPT, BUNDLE, options=UploadOptions(bindings=[SecretText("B", text=SECRET_TEXT)])
                )
                emulator.faults.fail_next(1, status=502, html=True)
                await cf.secrets.put_text(NS, SCRIPT, "API_KEY", text=SECRET_TEXT)
                await cf.secrets.put(NS, SCRIPT, raw_key())
                await cf.secrets.put(NS, SCRIPT, jwk_key())
                emulator.faults.fail_next(1, status=429, retry_after=0)
                await cf.secrets.patch(NS, SCRIPT, {"PATCHED": PATCH_VALUE})
                emulator.faults.fail_next(1, drop=True)
                upload = await cf.assets.upload(NS, SCRIPT, {"/index.html": b"<p>hi</p>"})
                await cf.scripts.put(NS, SCRIPT, BUNDLE, options=UploadOptions(assets=upload.metadata()))
                session_tokens.append(upload.jwt)
    retries = [r for r in caplog.records if r.name == "wfp_async" and "retrying" in r.getMessage()]
    assert len(retries) == 2 * 5
    assert {r.name.split(".")[0] for r in caplog.records} >= {"wfp_async", "httpx", "httpcore"}
    assert len(session_tokens) == 4
    for record in caplog.records:
        text = record.getMessage()
        assert_clean(text)
        assert not any(token in text for token in session_tokens)
    assert_clean(caplog.text)


# --- the command line -----------------------------------------------------------------------------


def test_the_cli_never_prints_a_secret() -> None:
    """wfp reads secret values from stdin or env and prints no secret, in tables, JSON or errors."""
    emulator = Emulator(token=TOKEN)
    runner = CliRunner()
    with emulator.serve() as base_url:
        env = {
            "CLOUDFLARE_API_TOKEN": TOKEN,
            "CLOUDFLARE_ACCOUNT_ID": emulator.account_id,
            "WFP_BASE_URL": base_url,
            "SECRET_FROM_ENV": PATCH_VALUE,
        }

        def wfp(*args: str, input: str | None = None, code: int = 0) -> str:
            result = runner.invoke(cli, list(args), env=env, input=input, catch_exceptions=False)
            assert result.exit_code == code, result.output
            assert_clean(result.output + result.stdout + result.stderr)
            return result.stdout if code == 0 else result.stderr

        wfp("namespaces", "create", NS)

        async def upload() -> None:
            async with WfpClient(account_id=emulator.account_id, api_token=TOKEN, base_url=base_url) as cf:
                await cf.scripts.put(
                    NS, SCRIPT, BUNDLE, options=UploadOptions(bindings=[SecretText("B", text=SECRET_TEXT)])
                )

        anyio.run(upload)
        put = wfp("--json", "secrets", "put", "-n", NS, SCRIPT, "API_KEY", input=SECRET_TEXT + "\n")
        assert json.loads(put) == {"name": "API_KEY", "type": "secret_text"}
        wfp("secrets", "put", "-n", NS, SCRIPT, "OTHER", input=SECRET_TEXT)
        wfp("secrets", "put", "-n", NS, SCRIPT, "FROM_ENV", "--value-env", "SECRET_FROM_ENV")
        listed = wfp("--json", "secrets", "list", "-n", NS, SCRIPT)
        assert sorted(item["name"] for item in json.loads(listed)) == ["API_KEY", "B", "FROM_ENV", "OTHER"]
        wfp("secrets", "list", "-n", NS, SCRIPT)
        wfp("--json", "settings", "get", "-n", NS, SCRIPT)
        wfp("settings", "get", "-n", NS, SCRIPT)
        wfp("--json", "scripts", "get", "-n", NS, SCRIPT)
        wfp("secrets", "put", "-n", NS, "missing", "API_KEY", input=SECRET_TEXT, code=1)
        denied = wfp(
            "--api-token", WRONG_TOKEN, "secrets", "put", "-n", NS, SCRIPT, "K", input=SECRET_TEXT, code=1
        )
        assert denied == (
            f"error: PUT {PATH}/{NS}/scripts/{SCRIPT}/secrets -> 403 [10000] "
            f"Authentication error ({AUTH_HINT})\n"
        )
        denied = wfp("--api-token", WRONG_TOKEN, "--json", "namespaces", "list", code=1)
        assert denied == f"error: GET {PATH} -> 403 [10000] Authentication error ({AUTH_HINT})\n"


ECHOED = {"text": "s3cr3t-echo", "key_base64": "s3cr3t-b64", "key_jwk": {"k": "s3cr3t-jwk"}}


@pytest.mark.parametrize("kind", ["secret_text", "secret_key"])
def test_an_echoed_secret_value_is_dropped_from_a_secret(kind: str) -> None:
    """A server echoing text / key_base64 / key_jwk in a secret: dropped, never kept in .extra."""
    secret = Secret.from_api({"name": "API_KEY", "type": kind, "note": "kept", **ECHOED})
    assert secret == Secret(name="API_KEY", type=kind, extra={"note": "kept"})
    assert "s3cr3t" not in repr(secret) + repr(dict(secret.extra))


def test_an_echoed_secret_value_is_dropped_from_settings_bindings() -> None:
    """secret_text and secret_key bindings echoed with their values come back without them."""
    settings = Settings.from_api(
        {
            "bindings": [
                {"type": "secret_text", "name": "S", **ECHOED},
                {"type": "secret_key", "name": "K", "format": "raw", **ECHOED},
                {"type": "hyperdrive", "name": "H", "id": "h", "key_jwk": {"k": "s3cr3t-jwk"}},
                {"type": "plain_text", "name": "P", "text": "visible"},
            ]
        }
    )
    assert [binding.to_dict() for binding in settings.bindings] == [
        {"type": "secret_text", "name": "S"},
        {"type": "secret_key", "name": "K", "format": "raw"},
        {"type": "hyperdrive", "name": "H", "id": "h"},
        {"type": "plain_text", "name": "P", "text": "visible"},
    ]
    assert "s3cr3t" not in repr(settings) + repr([b.to_dict() for b in settings.bindings])
