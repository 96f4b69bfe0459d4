"""One vocabulary for users: every resource method is named for the HTTP request it sends.

A method sending one request is named for its HTTP method (GET -> ``get``/``list``, POST -> ``create``,
PUT -> ``put``, PATCH -> ``patch``, DELETE -> ``delete``; a suffix names a variant, ``put_text``). A method
sending several keeps its task's name (``assets.upload``, ``deployments.rollback``, ``bulk.*_many``). The
rule is checked on the requests each method really sends to the emulator, not on a list of names.
"""

# rename15: skip (this file spells the old names and positional secrets on purpose)
from __future__ import annotations

import inspect
import typing
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import cached_property
from typing import Any

import attrs
import httpx
import pytest

import wfp_async
from wfp_async import Pager, SecretText, UploadOptions, WfpClient, WorkerBundle
from wfp_async.emulator import Emulator

NS = "tenants"
SCRIPT = "acme"
BUNDLE = WorkerBundle.es_module("export default { fetch() { return new Response('hi') } }")
RESOURCES = (
    "namespaces",
    "scripts",
    "content",
    "bindings",
    "secrets",
    "settings",
    "tags",
    "assets",
    "versions",
    "deployments",
    "bulk",
)
VERBS = {
    "GET": ("get", "list"),
    "POST": ("create",),
    "PUT": ("put",),
    "PATCH": ("patch",),
    "DELETE": ("delete",),
}
# Methods that send several requests and so keep the name of their task.
TASKS = {
    "assets.upload",  # an upload session, then one request per bucket
    "deployments.rollback",  # reads the deployments, then creates one (or creates one given a version id)
    "bulk.deploy_many",
    "bulk.delete_many",
    "bulk.put_secret_many",
    "bulk.put_tags_many",
}


class Recorder(httpx.AsyncBaseTransport):
    """Forwards to the emulator and records (method, path) of each request while ``on`` is set."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.on = False
        self.sent: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.on:
            self.sent.append((request.method, request.url.path))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


Setup = Callable[[WfpClient], Awaitable[Any]]
Call = Callable[[WfpClient, Any], object]


async def _script(cf: WfpClient) -> None:
    await cf.scripts.put(NS, SCRIPT, BUNDLE, options=UploadOptions(tags=["old"]))
    await cf.secrets.put_text(NS, SCRIPT, "API_KEY", text="s3cr3t")


async def _version_id(cf: WfpClient) -> str:
    await _script(cf)
    version = await cf.versions.create(NS, SCRIPT, BUNDLE)
    return version.id


async def _two_deployments(cf: WfpClient) -> None:
    await cf.deployments.create(NS, SCRIPT, {await _version_id(cf): 100})


async def _nothing(cf: WfpClient) -> None:
    return None


# label -> (what to set up, unrecorded; the call, recorded)
CALLS: dict[str, tuple[Setup, Call]] = {
    "namespaces.list": (_nothing, lambda cf, _: cf.namespaces.list()),
    "namespaces.get": (_nothing, lambda cf, _: cf.namespaces.get(NS)),
    "namespaces.create": (_nothing, lambda cf, _: cf.namespaces.create("other")),
    "namespaces.patch": (_nothing, lambda cf, _: cf.namespaces.patch(NS, trusted_workers=True)),
    "namespaces.put": (_nothing, lambda cf, _: cf.namespaces.put(NS, trusted_workers=True)),
    "namespaces.delete": (_nothing, lambda cf, _: cf.namespaces.delete(NS)),
    "scripts.list": (_script, lambda cf, _: cf.scripts.list(NS)),
    "scripts.get": (_script, lambda cf, _: cf.scripts.get(NS, SCRIPT)),
    "scripts.put": (_nothing, lambda cf, _: cf.scripts.put(NS, SCRIPT, BUNDLE)),
    "scripts.delete": (_script, lambda cf, _: cf.scripts.delete(NS, SCRIPT)),
    "scripts.delete_by_tags": (_script, lambda cf, _: cf.scripts.delete_by_tags(NS, tags=["old"])),
    "content.get": (_script, lambda cf, _: cf.content.get(NS, SCRIPT)),
    "content.put": (_script, lambda cf, _: cf.content.put(NS, SCRIPT, BUNDLE)),
    "bindings.list": (_script, lambda cf, _: cf.bindings.list(NS, SCRIPT)),
    "secrets.list": (_script, lambda cf, _: cf.secrets.list(NS, SCRIPT)),
    "secrets.get": (_script, lambda cf, _: cf.secrets.get(NS, SCRIPT, "API_KEY")),
    "secrets.put": (_script, lambda cf, _: cf.secrets.put(NS, SCRIPT, SecretText("OTHER", text="v"))),
    "secrets.put_text": (_script, lambda cf, _: cf.secrets.put_text(NS, SCRIPT, "OTHER", text="v")),
    "secrets.delete": (_script, lambda cf, _: cf.secrets.delete(NS, SCRIPT, "API_KEY")),
    "secrets.patch": (_script, lambda cf, _: cf.secrets.patch(NS, SCRIPT, {"API_KEY": None})),
    "settings.get": (_script, lambda cf, _: cf.settings.get(NS, SCRIPT)),
    "settings.patch": (_script, lambda cf, _: cf.settings.patch(NS, SCRIPT, logpush=True)),
    "tags.list": (_script, lambda cf, _: cf.tags.list(NS, SCRIPT)),
    "tags.put": (_script, lambda cf, _: cf.tags.put(NS, SCRIPT, ["a", "b"])),
    "tags.put_one": (_script, lambda cf, _: cf.tags.put_one(NS, SCRIPT, "a")),
    "tags.delete": (_script, lambda cf, _: cf.tags.delete(NS, SCRIPT, "old")),
    "assets.upload": (_script, lambda cf, _: cf.assets.upload(NS, SCRIPT, {"/index.html": b"<h1>hi</h1>"})),
    "versions.create": (_script, lambda cf, _: cf.versions.create(NS, SCRIPT, BUNDLE)),
    "versions.list": (_script, lambda cf, _: cf.versions.list(NS, SCRIPT)),
    "versions.get": (_version_id, lambda cf, version: cf.versions.get(NS, SCRIPT, version)),
    "deployments.create": (
        _version_id,
        lambda cf, version: cf.deployments.create(NS, SCRIPT, {version: 100}),
    ),
    "deployments.list": (_script, lambda cf, _: cf.deployments.list(NS, SCRIPT)),
    "deployments.get": (_script, lambda cf, _: cf.deployments.get(NS, SCRIPT)),
    "deployments.rollback": (_two_deployments, lambda cf, _: cf.deployments.rollback(NS, SCRIPT)),
    "bulk.deploy_many": (_nothing, lambda cf, _: cf.bulk.deploy_many(NS, [("t1", BUNDLE), ("t2", BUNDLE)])),
    "bulk.delete_many": (_script, lambda cf, _: cf.bulk.delete_many(NS, [SCRIPT])),
    "bulk.put_secret_many": (
        _script,
        lambda cf, _: cf.bulk.put_secret_many(NS, [SCRIPT], SecretText("K", text="v")),
    ),
    "bulk.put_tags_many": (_script, lambda cf, _: cf.bulk.put_tags_many(NS, [SCRIPT], ["v2"])),
}


def public_methods() -> set[str]:
    """Every public method of every resource of a client, as ``resource.method``."""
    client = WfpClient(
        account_id="acc", api_token="tok", transport=httpx.MockTransport(lambda r: httpx.Response(500))
    )
    labels = set()
    for name in RESOURCES:
        resource = getattr(client, name)
        labels |= {
            f"{name}.{m}" for m in dir(resource) if not m.startswith("_") and callable(getattr(resource, m))
        }
    return labels


def test_every_resource_method_is_checked() -> None:
    """The table below covers every public resource method: a new method cannot escape the naming rule."""
    assert set(CALLS) == public_methods()
    resources = {p for p in dir(WfpClient) if isinstance(getattr(WfpClient, p), cached_property)}
    assert resources == set(RESOURCES)


@pytest.fixture
async def recorded() -> AsyncIterator[tuple[WfpClient, Recorder]]:
    """A client on a fresh emulator holding namespace ``tenants``, with a recording transport."""
    emulator = Emulator(seed=1)
    emulator.account.create_namespace({"name": NS})
    recorder = Recorder(emulator.transport())
    async with WfpClient(
        account_id=emulator.account_id, api_token="emu-token", transport=recorder, rate_limit=None
    ) as cf:
        yield cf, recorder


async def run(result: object) -> object:
    """Await a coroutine or an awaitable pager; collect an async iterable that is not awaitable."""
    if inspect.isawaitable(result):
        return await result
    if hasattr(result, "__aiter__"):
        return [item async for item in result]  # type: ignore[attr-defined]
    raise AssertionError(f"{result!r} is neither awaitable nor async-iterable")


def expected_verb(label: str, sent: list[tuple[str, str]]) -> str | None:
    """What the naming rule says of a call that sent ``sent``: None when the name follows it, else why not."""
    method = label.split(".")[1]
    if label in TASKS:
        if len(sent) < 2:
            return f"{label} keeps a task's name but sent {sent}: name it for its one request"
        verb = method.removesuffix("_many").split("_")[0]
        items = [m for m, path in sent if not path.endswith(f"/dispatch/namespaces/{NS}")]  # bulk preflight
        allowed = [http for http, names in VERBS.items() if verb in names]
        if allowed and {*items} != {*allowed}:
            return f"{label} is named for {allowed} but its items sent {items}"
        return None
    if len({*sent}) != 1:
        return f"{label} sent {sent}: one request (named for its verb) or a task in TASKS"
    (http, _path), *_ = sent
    if method.split("_")[0] not in VERBS[http]:
        return f"{label} sends {http}: name it {' or '.join(VERBS[http])} (a suffix names a variant)"
    return None


@pytest.mark.parametrize("label", sorted(CALLS))
async def test_method_name_follows_the_request_it_sends(
    recorded: tuple[WfpClient, Recorder], label: str
) -> None:
    """Each method sends what its name says: one request of its verb, or several for a task name."""
    cf, recorder = recorded
    setup, call = CALLS[label]
    context = await setup(cf)
    recorder.on = True
    returned = call(cf, context)
    await run(returned)
    recorder.on = False
    assert recorder.sent, f"{label} sent nothing"
    assert expected_verb(label, recorder.sent) is None, expected_verb(label, recorder.sent)
    # GET of a collection is `list` and gives a Pager; GET of one thing is `get`, a coroutine.
    is_list = label.split(".")[1] == "list"
    assert isinstance(returned, Pager) == is_list, f"{label} returned {type(returned).__name__}"
    if not is_list:
        assert inspect.iscoroutine(returned)


@pytest.mark.parametrize(
    ("label", "sent", "why"),
    [
        ("tags.set", [("PUT", "/t")], "name it put"),
        ("namespaces.update", [("PATCH", "/n")], "name it patch"),
        ("versions.upload", [("POST", "/v")], "name it create"),
        ("scripts.put", [("PUT", "/s"), ("GET", "/s")], "one request"),
        ("assets.upload", [("POST", "/a")], "keeps a task's name"),
        ("bulk.put_tags_many", [("GET", f"/dispatch/namespaces/{NS}"), ("DELETE", "/t")], "is named for"),
    ],
)
def test_the_rule_refuses_the_old_names(label: str, sent: list[tuple[str, str]], why: str | None) -> None:
    """The rule itself catches the names this issue removed (PUT as set, PATCH as update, POST as upload)."""
    verdict = expected_verb(label, sent)
    assert (verdict is None) if why is None else (verdict is not None and why in verdict)


# ---------------------------------------------------------------- Pager: awaitable, async-iterable, clean


async def test_a_pager_is_awaitable_and_async_iterable(recorded: tuple[WfpClient, Recorder]) -> None:
    """``await`` gives every item in a list, ``async for`` the same items; each walk sends its own GET."""
    cf, recorder = recorded
    await _script(cf)
    await cf.tags.put(NS, SCRIPT, ["a", "b"])
    recorder.on = True
    pager = cf.tags.list(NS, SCRIPT)
    assert recorder.sent == []  # nothing is sent until the pager is awaited or iterated
    assert await pager == ["a", "b"]
    assert [tag async for tag in pager] == ["a", "b"]
    path = f"/client/v4/accounts/{cf.account_id}/workers/dispatch/namespaces/{NS}/scripts/{SCRIPT}/tags"
    assert recorder.sent == [("GET", path), ("GET", path)]


def test_a_pager_is_not_built_directly() -> None:
    """``Pager()`` is a TypeError: pagers come from list methods, so the constructor is no public API."""
    with pytest.raises(TypeError, match="a Pager comes from a list method"):
        Pager()
    assert not hasattr(Pager, "all")  # one way to collect: await the pager


def _names_in(hint: object) -> list[str]:
    """Every type a hint is made of (Any included), by its qualified name, from ``typing`` arguments down."""
    if hint is Any:
        return ["typing.Any"]
    names = []
    origin = typing.get_origin(hint)
    if isinstance(hint, type):
        names.append(f"{hint.__module__}.{hint.__qualname__}")
    elif origin is not None:
        names.append(f"{getattr(origin, '__module__', '')}.{getattr(origin, '__qualname__', origin)}")
    elif isinstance(hint, typing.TypeVar):
        names.append(hint.__name__)
    for arg in typing.get_args(hint):
        names.extend(_names_in(arg))
    return names


def _clean(name: str) -> bool:
    """No Any; no ``_``-prefixed type; a wfp_async type only if the package exports it."""
    module, _, qualname = name.rpartition(".")
    if name == "typing.Any" or qualname.startswith("_"):
        return False
    return not module.startswith("wfp_async") or getattr(wfp_async, qualname, None) is not None


def test_pager_public_surface_names_no_any_and_no_private_type() -> None:
    """Every public member of Pager (and its constructor) shows only public types to help() and mypy."""
    members = {"__init__", "__await__", "__aiter__"} | {m for m in vars(Pager) if not m.startswith("_")}
    seen = {}
    for member in sorted(members):
        function = getattr(Pager, member)
        hints = typing.get_type_hints(function, vars(wfp_async._pagination))
        signature = str(inspect.signature(function))
        names = [n for hint in hints.values() for n in _names_in(hint)]
        assert all(_clean(n) for n in names), (member, names)
        assert "Any" not in signature and "._" not in signature and "[_" not in signature, (member, signature)
        seen[member] = signature
    assert seen == {
        "__aiter__": "(self) -> 'AsyncIterator[T]'",
        "__await__": "(self) -> 'Generator[object, None, list[T]]'",
        "__init__": "(self) -> 'None'",
    }
    assert (
        _clean("typing.Any") is False and _clean("wfp_async._envelope.Envelope") is False
    )  # the check bites


# ---------------------------------------------------------------- secrets and options are keyword-only

JWK = {"kty": "oct", "k": "c2VjcmV0"}
HMAC = {"name": "HMAC", "hash": "SHA-256"}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: SecretText("API_KEY", "s3cr3t"), "takes 2 positional arguments but 3 were given"),
        (
            lambda: wfp_async.SecretKey("K", "raw", HMAC, ["sign"], "c2VjcmV0"),
            "takes 5 positional arguments but 6 were given",
        ),
        (
            lambda: wfp_async.SecretKey("K", "jwk", HMAC, ["sign"], None, JWK),
            "takes 5 positional arguments but 7 were given",
        ),
        (
            lambda: wfp_async.DeployItem("acme", BUNDLE, UploadOptions(tags=["a"])),
            "takes 3 positional arguments but 4 were given",
        ),
        (lambda: UploadOptions("2025-06-01"), "takes 1 positional argument but 2 were given"),
    ],
    ids=[
        "SecretText.text",
        "SecretKey.key_base64",
        "SecretKey.key_jwk",
        "DeployItem.options",
        "UploadOptions",
    ],
)
def test_a_positional_secret_or_option_is_a_type_error(call: Callable[[], object], message: str) -> None:
    """Secret values, key material and upload options passed by position are refused (TypeError)."""
    with pytest.raises(TypeError, match=message):
        call()


POSITIONAL_CALLS = {
    "secrets.put_text": lambda cf: cf.secrets.put_text(NS, SCRIPT, "API_KEY", "s3cr3t"),
    "scripts.put": lambda cf: cf.scripts.put(NS, SCRIPT, BUNDLE, UploadOptions()),
    "versions.create": lambda cf: cf.versions.create(NS, SCRIPT, BUNDLE, UploadOptions()),
    "rollout": lambda cf: wfp_async.rollout(cf, NS, [SCRIPT], BUNDLE, UploadOptions(), check=_nothing),
}


@pytest.mark.parametrize("label", sorted(POSITIONAL_CALLS))
async def test_a_positional_secret_or_option_sends_nothing(
    recorded: tuple[WfpClient, Recorder], label: str
) -> None:
    """put_text's value and the options of scripts.put, versions.create and rollout are keyword-only."""
    cf, recorder = recorded
    recorder.on = True
    with pytest.raises(
        TypeError, match=r"takes 4 positional arguments but 5 (positional arguments .*)?were given"
    ):
        POSITIONAL_CALLS[label](cf)
    assert recorder.sent == []


def test_secret_and_option_parameters_are_keyword_only() -> None:
    """The signatures say so (what help() and type checkers see), for every call that takes one."""
    client = WfpClient(account_id="acc", api_token="tok")
    calls = {
        (client.secrets.put_text, "text"),
        (client.scripts.put, "options"),
        (client.versions.create, "options"),
        (wfp_async.rollout, "options"),
        (SecretText, "text"),
        (wfp_async.SecretKey, "key_base64"),
        (wfp_async.SecretKey, "key_jwk"),
        (wfp_async.DeployItem, "options"),
    }
    kinds = {(getattr(f, "__qualname__", ""), p): inspect.signature(f).parameters[p].kind for f, p in calls}
    assert set(kinds.values()) == {inspect.Parameter.KEYWORD_ONLY}
    assert all(field.kw_only for field in attrs.fields(UploadOptions) if field.init)


def test_resource_classes_are_named_for_what_they_are() -> None:
    """Each ``cf.<resource>`` is a ``<Resource>Resource``: none shares a name with a value type."""
    client = WfpClient(account_id="acc", api_token="tok")
    classes = {name: type(getattr(client, name)).__name__ for name in RESOURCES}
    assert classes == {name: f"{name.capitalize()}Resource" for name in RESOURCES}
    assert not set(classes.values()) & set(wfp_async.__all__)
    assert {"Settings", "Assets"} <= set(wfp_async.__all__)  # the value types the old names collided with
