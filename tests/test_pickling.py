"""Errors and results survive pickle and copy.deepcopy: process pools, task queues and caches carry them."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable

import pytest

import wfp_async
from wfp_async import (
    APIError,
    AssetsSession,
    AssetsUpload,
    BulkFailed,
    BulkReport,
    EarlierFailure,
    ErrorDetail,
    InvalidResponse,
    ItemResult,
    Module,
    Namespace,
    NotFound,
    PlainText,
    RateLimited,
    Script,
    ScriptContent,
    ScriptInfo,
    Secret,
    SecretText,
    Settings,
    TransportError,
    WfpError,
)
from wfp_async._errors import SchemaMismatch

ROUND_TRIPS: list[Callable[[object], object]] = [
    lambda value: pickle.loads(pickle.dumps(value)),
    copy.deepcopy,
    copy.copy,
]
TRIP_IDS = ["pickle", "deepcopy", "copy"]


def _error_classes() -> list[type[WfpError]]:
    classes = [getattr(wfp_async, name) for name in wfp_async.__all__]
    return [cls for cls in classes if isinstance(cls, type) and issubclass(cls, WfpError)]


def _instance(cls: type[WfpError]) -> WfpError:
    if issubclass(cls, APIError):
        return cls(
            "detail",
            status=429 if cls is RateLimited else 404,
            method="GET",
            url="/accounts/a/workers/dispatch/namespaces/tenants",
            errors=[ErrorDetail(10007, "not found", documentation_url="https://d", pointer="/x")],
            messages=[ErrorDetail(0, "note")],
            body_excerpt="{...}",
            retry_after=1.5,
            field="result.id" if cls is InvalidResponse else None,
        )
    if issubclass(cls, TransportError):
        return cls("ReadTimeout: timed out", method="PUT", url="/p", sent=False)
    if cls is BulkFailed:
        report: BulkReport[object] = BulkReport()
        report._record(ItemResult("acme", error=NotFound(status=404, method="GET", url="/x"), elapsed=0.5))
        report._record(ItemResult("beta", value=Script(name="beta"), elapsed=0.25))
        return BulkFailed(report)
    if cls is EarlierFailure:
        return EarlierFailure("NotFound", "GET /x -> 404 [10007] not found")
    return cls("bad argument")


def test_every_public_error_class_is_covered() -> None:
    """The sweep below covers every WfpError subclass wfp_async exports (a new one cannot be missed)."""
    names = {cls.__name__ for cls in _error_classes()}
    assert {"WfpError", "InvalidInput", "APIError", "NotFound", "TransportError", "RequestTimeout"} <= names
    assert "BulkFailed" in names


@pytest.mark.parametrize("trip", ROUND_TRIPS, ids=TRIP_IDS)
@pytest.mark.parametrize("cls", _error_classes(), ids=lambda cls: cls.__name__)
def test_errors_round_trip(cls: type[WfpError], trip: Callable[[object], object]) -> None:
    """Every error comes back with its class, message and every field."""
    error = _instance(cls)
    back = trip(error)
    assert type(back) is cls
    assert str(back) == str(error)
    assert back.args == error.args
    fields = {k: v for k, v in vars(error).items() if k != "report"}
    assert {k: v for k, v in vars(back).items() if k != "report"} == fields
    if isinstance(error, BulkFailed):
        assert isinstance(back, BulkFailed)
        assert [(r.key, r.ok, r.elapsed) for r in back.report.results] == [
            ("acme", False, 0.5),
            ("beta", True, 0.25),
        ]
        assert str(back.report.results[0].error) == "GET /x -> 404"
    if isinstance(error, TransportError):
        assert isinstance(back, TransportError)
        assert (back.method, back.url, back.sent) == ("PUT", "/p", False)


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda cls: cls.__name__)
def test_errors_keep_their_notes_and_the_message_they_were_raised_with(cls: type[WfpError]) -> None:
    """Pickling keeps add_note's notes, and the message as raised (not rendered again from changed fields)."""
    error = _instance(cls)
    error.add_note("while deploying tenant acme")
    raised = str(error)
    if isinstance(error, BulkFailed):  # the report goes on after the error was raised
        error.report._record(
            ItemResult("gamma", error=NotFound(status=404, method="GET", url="/y"), elapsed=1)
        )
    back = pickle.loads(pickle.dumps(error))
    assert back.__notes__ == ["while deploying tenant acme"]
    assert str(back) == raised


def test_a_schema_mismatch_round_trips() -> None:
    """The internal SchemaMismatch (raised by from_api) pickles and copies with its field and expectation."""
    error = SchemaMismatch("result.id", "a present str", None)
    for trip in ROUND_TRIPS:
        back = trip(error)
        assert type(back) is SchemaMismatch
        assert (str(back), back.field) == (
            "field 'result.id' should be a present str, got NoneType",
            "result.id",
        )


RESULTS = [
    Namespace.from_api(
        {"namespace_id": "n1", "namespace_name": "tenants", "script_count": 2, "region": "eu"}
    ),
    Script.from_api({"id": "acme", "etag": "e", "tag": "t", "observability": {"enabled": True}, "x": [1]}),
    ScriptInfo.from_api(
        {"dispatch_namespace": "tenants", "script": {"id": "acme", "placement": {"mode": "smart"}}}
    ),
    Secret.from_api({"name": "API_KEY", "type": "secret_text", "note": "n"}),
    Settings.from_api(
        {
            "bindings": [
                {"type": "plain_text", "name": "P", "text": "v"},
                {"type": "hyperdrive", "name": "H"},
            ],
            "limits": {"cpu_ms": 50},
            "tail_consumers": [{"service": "tail"}],
            "exports": {"a": {"type": "worker"}},
            "other": 1,
        }
    ),
    AssetsSession.from_api({"jwt": "j", "buckets": [["h1"]]}),
    AssetsUpload(jwt="j", files=2, uploaded=1),
    ScriptContent(modules=(Module.from_text("index.js", "x"),), main_module="index.js"),
    BulkReport(results=[ItemResult("a", value=Script(name="a"), elapsed=0.1)], elapsed=0.1, ok=1),
    PlainText("P", "v"),
    SecretText("S", text="v"),
]


@pytest.mark.parametrize("trip", ROUND_TRIPS, ids=TRIP_IDS)
@pytest.mark.parametrize("result", RESULTS, ids=lambda value: type(value).__name__)
def test_results_round_trip(result: object, trip: Callable[[object], object]) -> None:
    """Every result type, extra fields and typed bindings included, comes back equal."""
    back = trip(result)
    assert type(back) is type(result)
    assert back == result
    extra = getattr(result, "extra", None)
    if extra:
        assert dict(back.extra) == dict(extra)  # type: ignore[attr-defined]
