"""Tracing: OpenTelemetry's httpx instrumentation sees every call of a WfpClient, and with
``otel_request_hook`` each span is named by its route; no span carries the token or a secret value."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from wfp_async import SecretText, UploadOptions, WfpClient, WorkerBundle, otel_request_hook
from wfp_async._tracing import url_template
from wfp_async.emulator import Emulator

TOKEN = "emu-token"
SECRET = "s3cr3t-value-never-traced"
SCRIPT = "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}/scripts/{script_name}"


@pytest.mark.parametrize(
    ("path", "template"),
    [
        (
            "/client/v4/accounts/abc/workers/dispatch/namespaces",
            "/accounts/{account_id}/workers/dispatch/namespaces",
        ),
        (
            "/client/v4/accounts/abc/workers/dispatch/namespaces/t/scripts/acme",
            SCRIPT,
        ),
        (
            "/client/v4/accounts/abc/workers/dispatch/namespaces/t/scripts/acme/secrets/A%2FB",
            SCRIPT + "/secrets/{secret_name}",
        ),
        (
            "/client/v4/accounts/abc/workers/dispatch/namespaces/t/scripts/acme/tags/beta",
            SCRIPT + "/tags/{tag}",
        ),
        ("/client/v4/accounts/abc/workers/dispatch/namespaces/t/scripts/acme/tags", SCRIPT + "/tags"),
        ("/client/v4/accounts/abc/workers/assets/upload", "/accounts/{account_id}/workers/assets/upload"),
    ],
)
def test_url_template(path: str, template: str) -> None:
    """Each segment after a collection is its placeholder; the version prefix is dropped."""
    assert url_template(path) == template


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    """An in-memory span exporter behind a tracer provider of this test's own."""
    exporter = InMemorySpanExporter()
    yield exporter
    exporter.clear()


async def run_calls(exporter: InMemorySpanExporter, hook: object) -> list[tuple[str, dict[str, object]]]:
    """Five calls through an instrumented client; (span name, attributes) of each span."""
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    emulator = Emulator()
    async with httpx.AsyncClient(transport=emulator.transport()) as http:
        HTTPXClientInstrumentor().instrument_client(http, tracer_provider=provider, request_hook=hook)
        cf = WfpClient(account_id=emulator.account_id, api_token=TOKEN, http_client=http)
        await cf.namespaces.create("tenants")
        options = UploadOptions(bindings=[SecretText("KEY", text=SECRET)])
        await cf.scripts.put("tenants", "acme", WorkerBundle.es_module("export default {}"), options=options)
        await cf.secrets.put_text("tenants", "acme", "DB", text=SECRET)
        await cf.tags.put_one("tenants", "acme", "beta")
        await cf.scripts.get("tenants", "acme")
        await cf.aclose()
    return [(span.name, dict(span.attributes or {})) for span in exporter.get_finished_spans()]


async def test_every_call_is_a_span_named_by_its_route(exporter: InMemorySpanExporter) -> None:
    """With otel_request_hook, five calls give five spans named METHOD route, with url.template set."""
    spans = await run_calls(exporter, otel_request_hook)
    assert [name for name, _ in spans] == [
        "POST /accounts/{account_id}/workers/dispatch/namespaces",
        f"PUT {SCRIPT}",
        f"PUT {SCRIPT}/secrets",
        f"PUT {SCRIPT}/tags/{{tag}}",
        f"GET {SCRIPT}",
    ]
    assert [attributes["url.template"] for _, attributes in spans] == [
        name.split(" ", 1)[1] for name, _ in spans
    ]


async def test_without_the_hook_every_call_is_still_a_span(exporter: InMemorySpanExporter) -> None:
    """The instrumentation alone sees every call (spans named by method)."""
    spans = await run_calls(exporter, None)
    assert [name for name, _ in spans] == ["POST", "PUT", "PUT", "PUT", "GET"]


async def test_no_span_carries_the_token_or_a_secret(exporter: InMemorySpanExporter) -> None:
    """Span names and attribute values never hold the API token or a secret value."""
    spans = await run_calls(exporter, otel_request_hook)
    text = repr(spans)
    assert TOKEN not in text
    assert SECRET not in text
