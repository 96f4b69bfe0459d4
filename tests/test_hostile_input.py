"""Hostile arguments: bare strings as lists, lone surrogates, wrong types and sizes. Only InvalidInput leaves,
before any request, and no message, cause or pickle carries a secret value."""

from __future__ import annotations

import contextlib
import inspect
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wfp_async
from wfp_async import (
    InvalidInput,
    Json,
    Module,
    PlainText,
    RateLimit,
    RawBinding,
    SecretKey,
    SecretText,
    UploadOptions,
    WfpClient,
    WfpError,
    WorkerBundle,
)
from wfp_async.cli import cli

from mock_api import Api, ok

SURROGATE = "\udcff"
SECRET = f"s3cr3t-{SURROGATE}-value"
BUNDLE = WorkerBundle.es_module("export default {}")


class Deep(list[object]):
    """A list nested ``levels`` deep, built without recursion; its repr stays short (hypothesis prints it)."""

    def __init__(self, levels: int) -> None:
        value: list[object] = []
        for _ in range(levels - 1):
            value = [value]
        super().__init__([value])
        self.levels = levels

    def __repr__(self) -> str:
        return f"Deep({self.levels})"


def deep(levels: int) -> object:
    return Deep(levels)


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
async def cf(api: Api) -> Any:
    async with WfpClient(
        account_id="ACC",
        api_token="tok-HOSTILE",
        base_url="https://api.example.test/client/v4",
        transport=httpx.MockTransport(api),
    ) as client:
        yield client


BARE = [
    (lambda cf, v: cf.bulk.delete_many("tenants", v), "names"),
    (lambda cf, v: cf.bulk.put_secret_many("tenants", v, SecretText("K", text="v")), "names"),
    (lambda cf, v: cf.bulk.put_tags_many("tenants", v, ["t"]), "names"),
    (lambda cf, v: cf.bulk.put_tags_many("tenants", ["acme"], v), "tags"),
    (lambda cf, v: cf.bulk.deploy_many("tenants", v), "items"),
    (lambda cf, v: cf.tags.put("tenants", "acme", v), "tags"),
]


@pytest.mark.parametrize("value", ["acme", b"acme", bytearray(b"acme")], ids=["str", "bytes", "bytearray"])
@pytest.mark.parametrize(("call", "argument"), BARE, ids=[f"{i}-{a}" for i, (_, a) in enumerate(BARE)])
async def test_a_bare_string_is_never_a_list_of_names(
    api: Api, cf: WfpClient, call: Callable[..., Any], argument: str, value: object
) -> None:
    """delete_many('ns', 'acme') must not delete a, c, m, e: every names parameter refuses str/bytes."""
    with pytest.raises(InvalidInput) as caught:
        await call(cf, value)
    assert str(caught.value) == (
        f"{argument} must be an iterable of several values, not a single string ({type(value).__name__});"
        " wrap one name in a list"
    )
    assert api.requests == []


async def test_shared_tags_are_checked_once_before_any_item(api: Api, cf: WfpClient) -> None:
    """A bad tag shared by every item fails the whole call up front, not 1,000 items one by one."""
    names = (f"t{i}" for i in range(1000))
    with pytest.raises(InvalidInput, match="invalid tag 'a:b': must not contain ',' or ':'"):
        await cf.bulk.put_tags_many("tenants", names, ["ok", "a:b"])
    with pytest.raises(InvalidInput, match="a script has at most 10 tags, got 11"):
        await cf.bulk.put_tags_many("tenants", ["acme"], [f"t{i}" for i in range(11)])
    assert api.requests == []


NAME_CALLS = [
    (lambda cf: cf.namespaces.get(SURROGATE), "namespace name"),
    (lambda cf: cf.scripts.get("tenants", f"a{SURROGATE}"), "script name"),
    (lambda cf: cf.secrets.get("tenants", "acme", SURROGATE), "secret name"),
    (lambda cf: cf.tags.put_one("tenants", "acme", SURROGATE), "tag"),
    (lambda cf: cf.secrets.put_text("tenants", "acme", "API_KEY", text=SECRET), "SecretText.text"),
    (
        lambda cf: _as_coroutine(
            cf._transport.build, {"method": "put", "url": "/x", "json": {"text": SECRET}}
        ),
        "the request body.text",
    ),
    (lambda cf: cf.assets.upload("tenants", "acme", {f"/a{SURROGATE}.css": b"x"}), "an asset path"),
    (
        lambda cf: cf.scripts.put("tenants", "acme", BUNDLE, options=UploadOptions(extra={"note": SECRET})),
        "UploadOptions.extra.note",
    ),
]


async def _as_coroutine(function: Callable[..., object], *args: object) -> object:
    """The transport's request builder, the one place every JSON body passes, as an awaitable call."""
    return function(*args)


@pytest.mark.parametrize(("call", "field"), NAME_CALLS, ids=[field for _, field in NAME_CALLS])
async def test_text_that_cannot_be_encoded_is_bad_input(
    api: Api, cf: WfpClient, call: Callable[..., Any], field: str
) -> None:
    """A lone surrogate in a name, secret, asset path or option raises InvalidInput naming the field only."""
    try:
        await call(cf)
    except InvalidInput as error:
        caught = error
    else:  # pragma: no cover - the assertion below reports it
        pytest.fail("no InvalidInput")
    assert str(caught).startswith(f"{field} is not valid Unicode text: it holds a lone surrogate")
    assert caught.__cause__ is None and caught.__context__ is None
    for text in (str(caught), repr(caught), repr(caught.args), pickle.dumps(caught).decode("latin-1")):
        assert "s3cr3t" not in text
    assert api.requests == []


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Module.from_text("index.js", f"// {SURROGATE}"), "the text of module 'index.js'"),
        (lambda: Module.from_text(f"a{SURROGATE}.js", "x"), "module name"),
        (lambda: WorkerBundle.service_worker(f"// {SURROGATE}"), "the text of module 'worker.js'"),
        (lambda: PlainText("A", SECRET), "PlainText.text"),
        (lambda: SecretText("A", text=SECRET), "SecretText.text"),
        (lambda: Json("A", {"k": [SECRET]}), "Json.json.k[0]"),
        (lambda: RawBinding({"name": "A", "type": "x", "v": SECRET}), "RawBinding.data.v"),
        (lambda: UploadOptions(limits={"cpu": SECRET}), "UploadOptions.limits.cpu"),
    ],
)
def test_values_refuse_lone_surrogates_when_built(build: Callable[[], object], field: str) -> None:
    """Modules, bindings and options refuse unencodable text when built, naming the field, never the value."""
    with pytest.raises(InvalidInput) as caught:
        build()
    assert str(caught.value).startswith(f"{field} is not valid Unicode text")
    assert "s3cr3t" not in str(caught.value)


def test_cli_answers_one_line_for_a_secret_that_is_not_utf8(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 on stdin, or a surrogate in argv, give one error line, never a traceback."""
    env = {"CLOUDFLARE_API_TOKEN": "tok", "CLOUDFLARE_ACCOUNT_ID": "ACC"}
    base = ["--base-url", "http://127.0.0.1:9/client/v4", "secrets", "put", "-n", "tenants", "acme"]
    runner = CliRunner(env=env)
    result = runner.invoke(cli, [*base, "API_KEY"], input=b"s3cr3t\xff\n")
    assert (result.exit_code, result.output) == (1, "error: the secret value on stdin is not UTF-8 text\n")
    result = runner.invoke(cli, [*base, f"KEY{SURROGATE}"], input=b"s3cr3t\n")
    assert result.exit_code == 1
    assert result.output.startswith("error: SecretText.name is not valid Unicode text")
    assert result.output.count("\n") == 1 and "s3cr3t" not in result.output


DEEP = deep(100_000)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Json("A", DEEP), "Json.json must be JSON-serializable: nested more than 64 levels deep"),
        (
            lambda: UploadOptions(limits={"x": DEEP}),
            "UploadOptions.limits must be JSON-serializable: nested more than 64 levels deep",
        ),
        (
            lambda: RawBinding({"name": "A", "type": "x", "v": DEEP}),
            "RawBinding.data must be JSON-serializable: nested more than 64 levels deep",
        ),
        (
            lambda: UploadOptions(limits={"cpu_ms": b"5"}),
            "UploadOptions.limits must be JSON-serializable: Object of type bytes is not JSON serializable"
            " (at UploadOptions.limits.cpu_ms)",
        ),
        (
            lambda: SecretKey("K", "jwk", {"name": "HMAC"}, ["sign"], key_jwk={"k": object()}),
            "SecretKey.key_jwk must be JSON-serializable: Object of type object is not JSON serializable",
        ),
        (
            lambda: SecretKey("K", "raw", {"name": {1, 2}}, ["sign"], key_base64="AA=="),
            "SecretKey.algorithm must be JSON-serializable: Object of type set is not JSON serializable",
        ),
        (
            lambda: Module("a.js", b"x", ["application/javascript"]),  # type: ignore[arg-type]
            "module 'a.js': content type must be a str, not list",
        ),
        (lambda: WorkerBundle(None), "modules must be an iterable, not NoneType"),  # type: ignore[arg-type]
        (
            lambda: WorkerBundle.es_module(None),  # type: ignore[arg-type]
            "main must be a Module or source text (str), not NoneType",
        ),
        (
            lambda: WfpClient(account_id="A", api_token="t", transport="x"),  # type: ignore[arg-type]
            "transport must be an httpx.AsyncBaseTransport, not str",
        ),
        (lambda: WorkerBundle.from_directory("d" * 5000), "cannot read 'ddd"),
        (lambda: Module.from_path("/nonexistent/x.js"), "cannot read '/nonexistent/x.js': No such file"),
        (
            lambda: RateLimit(10, float("inf")),
            "RateLimit.period must be a positive number of seconds, not inf",
        ),
    ],
)
def test_wrong_types_and_sizes_raise_invalid_input(build: Callable[[], object], message: str) -> None:
    """Each reproducer (RecursionError, TypeError, AttributeError, OSError, inf) is now InvalidInput."""
    with pytest.raises(InvalidInput) as caught:
        build()
    assert str(caught.value).startswith(message)


async def test_bulk_and_assets_refuse_none(api: Api, cf: WfpClient) -> None:
    """deploy_many(ns, None) and assets.upload(ns, s, None) raise InvalidInput, not TypeError."""
    with pytest.raises(InvalidInput, match=r"^items must be an iterable, not NoneType$"):
        await cf.bulk.deploy_many("tenants", None)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match=r"^a path must be a str or os\.PathLike, not NoneType$"):
        await cf.assets.upload("tenants", "acme", None)  # type: ignore[arg-type]
    assert api.requests == []


# Every public callable, driven with wrong types and sizes: the only exception that may leave is ours.

HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.binary(max_size=20),
    st.text(max_size=20),
    st.sampled_from([SURROGATE, "a" * 5000, "acme", "../x", "", "\x00", "index.js", "/", "a,b:c"]),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.sampled_from([DEEP, object(), {1, 2}, b"x" * 10, 1j, ["acme"], ("a", "b")]),
    st.builds(lambda: {"k": DEEP}),
)


def _public_callables() -> list[tuple[str, Callable[..., Any]]]:
    found: list[tuple[str, Callable[..., Any]]] = []
    for name in wfp_async.__all__:
        value = getattr(wfp_async, name)
        if (
            inspect.isclass(value)
            and name not in ("WfpError", "Pager", "Binding")
            and not issubclass(value, BaseException)
            and not getattr(value, "_is_protocol", False)  # a Protocol (Limiter) is a type, not a constructor
        ):
            found.append((name, value))
            for attribute, member in vars(value).items():
                # Async factories (RedisLimiter.connect) connect somewhere: their own tests drive them.
                if (
                    not attribute.startswith("_")
                    and isinstance(member, classmethod)
                    and not inspect.iscoroutinefunction(member.__func__)
                ):
                    found.append((f"{name}.{attribute}", getattr(value, attribute)))
    return found


CALLABLES = _public_callables()
RESOURCES = ["namespaces", "scripts", "secrets", "tags", "settings", "content", "assets", "bulk"]


def _parameters(function: Callable[..., Any]) -> list[inspect.Parameter]:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return []
    return [p for p in signature.parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_public_constructor_raises_only_wfp_errors(data: st.DataObject) -> None:
    """Constructors and classmethods of every public type, given hostile arguments, raise only WfpError."""
    name, function = data.draw(st.sampled_from(CALLABLES), label="callable")
    parameters = _parameters(function)
    args = [data.draw(HOSTILE, label=p.name) for p in parameters if p.kind == p.POSITIONAL_OR_KEYWORD]
    kwargs = {
        p.name: data.draw(HOSTILE, label=p.name)
        for p in parameters
        if p.kind == p.KEYWORD_ONLY
        and (p.default is p.empty or data.draw(st.booleans(), label=f"pass {p.name}"))
    }
    if name == "WfpClient":
        kwargs["transport"] = httpx.MockTransport(lambda request: ok(None))
    with contextlib.suppress(WfpError):
        function(*args, **kwargs)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
async def test_every_resource_method_raises_only_wfp_errors(data: st.DataObject) -> None:
    """Every method of every resource, given hostile arguments, raises only WfpError (results are fine)."""
    async with WfpClient(
        account_id="ACC",
        api_token="tok",
        base_url="https://api.example.test/client/v4",
        transport=httpx.MockTransport(lambda request: ok(None)),
        retry=wfp_async.NO_RETRY,
    ) as client:
        resource = getattr(client, data.draw(st.sampled_from(RESOURCES), label="resource"))
        methods = sorted(m for m in dir(resource) if not m.startswith("_"))
        method = getattr(resource, data.draw(st.sampled_from(methods), label="method"))
        parameters = _parameters(method)
        args = [data.draw(HOSTILE, label=p.name) for p in parameters if p.kind == p.POSITIONAL_OR_KEYWORD]
        kwargs = {
            p.name: data.draw(HOSTILE, label=p.name)
            for p in parameters
            if p.kind == p.KEYWORD_ONLY
            and (p.default is p.empty or data.draw(st.booleans(), label=f"pass {p.name}"))
        }
        try:
            result = method(*args, **kwargs)
            if inspect.isawaitable(result):
                await result
        except WfpError:
            pass


def test_attrs_results_are_in_the_sweep() -> None:
    """The sweep above covers every public class (a new one cannot be forgotten)."""
    names = {name for name, _ in CALLABLES}
    assert {"WfpClient", "Module", "WorkerBundle", "UploadOptions", "RateLimit", "RetryPolicy"} <= names
    assert all(attrs.has(getattr(wfp_async, n)) for n in ("Module", "UploadOptions", "Namespace"))


@pytest.mark.parametrize(
    "call",
    [
        lambda cf, name: cf.scripts.list(name),
        lambda cf, name: cf.namespaces.get(name),
        lambda cf, name: cf.scripts.get("tenants", "s" * 70_000),
    ],
    ids=["scripts.list", "namespaces.get", "scripts.get"],
)
async def test_a_name_too_long_for_a_url_is_invalid_input_for_pagers_too(call: Any) -> None:
    """A name whose URL passes httpx's 64 KiB limit raises InvalidInput (never httpx.InvalidURL), also
    when the call is a Pager, whose URL is only built when the first page is asked for; nothing is sent."""
    sent: list[httpx.Request] = []
    client = WfpClient(
        account_id="acc", api_token="t", transport=httpx.MockTransport(lambda r: sent.append(r) or ok([]))
    )
    async with client as cf:
        with pytest.raises(InvalidInput, match="the request URL is invalid"):
            await call(cf, "é" * 11_000)
    assert sent == []
