"""The OpenAPI fragment and the code generated from it.

The fragment is compared with Cloudflare's own published spec (../shared/reference), which is the oracle
for paths, methods, operationIds, parameters and request content types.
"""

from __future__ import annotations

import importlib
import inspect
import json
import shutil
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from openapi_spec_validator import validate

from wfp_async import WfpClient
from wfp_async_generated.types import File, Unset

from multipart_oracle import parse_multipart

ROOT = Path(__file__).resolve().parents[1]
FRAGMENT = ROOT / "openapi" / "dispatch-namespaces.yaml"
# Cloudflare's spec, copied from ../shared/reference (the team's reference, absent from a user's clone).
CLOUDFLARE = ROOT / "tests" / "data" / "cloudflare-openapi-assembled.json"
SHARED = ROOT.parent / "shared" / "reference" / "cloudflare-openapi-assembled.json"
METHODS = ("get", "put", "post", "delete", "patch")


def _load_fragment() -> dict[str, Any]:
    with FRAGMENT.open() as f:
        document: dict[str, Any] = yaml.safe_load(f)
    return document


def _load_cloudflare() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(CLOUDFLARE.read_text())
    return document


def _resolve(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for key in node["$ref"].removeprefix("#/").split("/"):
            target = target[key]
        node = target
    return node


def _operations(document: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (METHOD, path, operation object)."""
    found = {}
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                found[operation["operationId"]] = (method.upper(), path, operation)
    return found


def _parameters(document: dict[str, Any], operation: dict[str, Any]) -> set[tuple[str, str, str]]:
    params = set()
    for raw in operation.get("parameters", []):
        param = _resolve(document, raw)
        schema = _resolve(document, param["schema"])
        params.add((param["name"], param["in"], schema["type"]))
    return params


def _content_types(document: dict[str, Any], operation: dict[str, Any]) -> set[str]:
    body = _resolve(document, operation.get("requestBody", {}))
    return {content_type for content_type, media in body.get("content", {}).items() if media}


def test_the_copied_spec_is_cloudflares_and_current() -> None:
    """tests/data holds Cloudflare's spec with our 27 operations, byte for byte the team's reference copy
    when ../shared/reference is beside the project (CI), so the copy cannot drift silently."""
    document = _load_cloudflare()
    validate(document)
    ours = {op_id for op_id, (_, _, op) in _operations(_load_fragment()).items() if "x-wfp-source" not in op}
    assert len(ours) == 27
    assert ours <= set(_operations(document))
    if SHARED.exists():
        assert CLOUDFLARE.read_bytes() == SHARED.read_bytes(), "refresh tests/data from ../shared/reference"


def test_fragment_is_a_valid_openapi_document() -> None:
    """openapi-spec-validator accepts the fragment as OpenAPI 3.1."""
    document = _load_fragment()
    validate(document)
    assert document["openapi"] == "3.1.0"


DOCUMENTED_ONLY = {
    "namespace-worker-script-upload-version": ("POST", "/versions"),
    "namespace-worker-script-list-versions": ("GET", "/versions"),
    "namespace-worker-script-get-version": ("GET", "/versions/{version_id}"),
    "namespace-worker-script-create-deployment": ("POST", "/deployments"),
    "namespace-worker-script-list-deployments": ("GET", "/deployments"),
}
SCRIPT_PATH = "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}/scripts/{script_name}"
DOCS = "https://developers.cloudflare.com/cloudflare-for-platforms/workers-for-platforms/configuration/"


def test_all_27_operations_with_cloudflares_method_and_path() -> None:
    """Every operation of Cloudflare's spec is in the fragment with the same operationId, method and path."""
    fragment = _operations(_load_fragment())
    ours = {op_id: (m, path) for op_id, (m, path, op) in fragment.items() if "x-wfp-source" not in op}
    theirs = {op_id: (method, path) for op_id, (method, path, _) in _operations(_load_cloudflare()).items()}
    assert len(theirs) == 27
    assert ours == theirs


def test_documented_operations_are_marked_with_their_source_page() -> None:
    """Exactly the five versioning operations are outside Cloudflare's spec, each naming its docs page."""
    fragment = _operations(_load_fragment())
    extra = {op_id: op for op_id, (_, _, op) in fragment.items() if "x-wfp-source" in op}
    assert {op_id: (fragment[op_id][0], fragment[op_id][1]) for op_id in extra} == {
        op_id: (method, SCRIPT_PATH + tail) for op_id, (method, tail) in DOCUMENTED_ONLY.items()
    }
    assert set(extra).isdisjoint(_operations(_load_cloudflare()))
    for op_id, operation in extra.items():
        assert operation["x-wfp-source"].startswith(DOCS + "versioning/"), op_id
        assert operation["description"].startswith("Documented but not in Cloudflare's spec"), op_id


def test_list_scripts_limit_and_cursor_come_from_the_tags_page() -> None:
    """list-scripts declares the documented `limit` (1 to 1000) and `cursor`, marked with their page."""
    fragment = _load_fragment()
    operation = _operations(fragment)["namespace-worker-list-scripts"][2]
    params = {p["name"]: p for p in (_resolve(fragment, raw) for raw in operation["parameters"])}
    assert params["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 1000}
    assert params["cursor"]["schema"] == {"type": "string"}
    assert {params["limit"]["x-wfp-source"], params["cursor"]["x-wfp-source"]} == {DOCS + "tags/"}


def test_every_operation_has_one_tag_and_quoted_status_codes() -> None:
    """The generator's needs: one tag per operation, status codes as strings, a 4XX failure answer."""
    for op_id, (_, _, operation) in _operations(_load_fragment()).items():
        assert len(operation["tags"]) == 1, op_id
        assert all(isinstance(code, str) for code in operation["responses"]), op_id
        assert "4XX" in operation["responses"], op_id


@pytest.mark.parametrize("op_id", sorted(_operations(_load_cloudflare())))
def test_every_cloudflare_parameter_is_declared(op_id: str) -> None:
    """Each parameter Cloudflare declares (name, location, type) is declared for the same operation."""
    fragment, cloudflare = _load_fragment(), _load_cloudflare()
    ours = _parameters(fragment, _operations(fragment)[op_id][2])
    theirs = _parameters(cloudflare, _operations(cloudflare)[op_id][2])
    assert theirs - ours == set()


@pytest.mark.parametrize("op_id", sorted(_operations(_load_cloudflare())) if CLOUDFLARE.exists() else [])
def test_every_cloudflare_request_content_type_is_declared(op_id: str) -> None:
    """Each request content type Cloudflare declares for an operation is declared in the fragment."""
    fragment, cloudflare = _load_fragment(), _load_cloudflare()
    ours = _content_types(fragment, _operations(fragment)[op_id][2])
    theirs = _content_types(cloudflare, _operations(cloudflare)[op_id][2])
    assert theirs - ours == set()


def test_both_auth_schemes_are_declared() -> None:
    """Bearer token, or X-Auth-Email together with X-Auth-Key, as Cloudflare declares them."""
    document = _load_fragment()
    schemes = document["components"]["securitySchemes"]
    assert schemes["api_token"] == {"type": "http", "scheme": "bearer"}
    assert schemes["api_email"] == {"type": "apiKey", "in": "header", "name": "X-Auth-Email"}
    assert schemes["api_key"] == {"type": "apiKey", "in": "header", "name": "X-Auth-Key"}
    assert document["security"] == [{"api_token": []}, {"api_email": [], "api_key": []}]


# The operations whose request body is multipart: the facade encodes those bodies itself.
MULTIPART_OPERATIONS = {
    "namespace_worker_script_upload_worker_module": ("scripts", ("acc", "tenants", "acme")),
    "namespace_worker_put_script_content": ("content", ("acc", "tenants", "acme")),
    "namespace_worker_patch_script_settings": ("settings", ("acc", "tenants", "acme")),
    "namespace_worker_script_upload_version": ("versions", ("acc", "tenants", "acme")),
    "worker_assets_upload": ("assets", ("acc",)),
}


def test_the_multipart_operations_are_exactly_those_of_the_fragment() -> None:
    """Every operation with a multipart/form-data request body in the fragment is listed above."""
    multipart = {
        operation["operationId"]
        for path in _load_fragment()["paths"].values()
        for method, operation in path.items()
        if method in METHODS and "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
    }
    assert {name.replace("_", "-") for name in MULTIPART_OPERATIONS} == {
        name.replace("_", "-") for name in multipart
    }


@pytest.mark.parametrize("operation", sorted(MULTIPART_OPERATIONS))
def test_generated_multipart_requests_take_no_body(operation: str) -> None:
    """A multipart operation's generated request takes no multipart body (a raw service-worker script is
    another content type) and sends no files or boundary."""
    group, args = MULTIPART_OPERATIONS[operation]
    module = importlib.import_module(f"wfp_async_generated.api.{group}.{operation}")
    body = inspect.signature(module._get_kwargs).parameters.get("body")
    if operation == "namespace_worker_script_upload_worker_module":
        assert body is not None and set(typing.get_args(body.annotation)) == {File, Unset}
    else:
        assert body is None
    kwargs = module._get_kwargs(*args, **({"base64": True} if group == "assets" else {}))
    assert "files" not in kwargs and "data" not in kwargs
    assert "Content-Type" not in kwargs.get("headers", {})


async def test_the_facade_boundary_is_the_one_sent() -> None:
    """A settings PATCH sends the facade's own random boundary, fresh per request, and exactly its part."""
    sent: list[httpx.Request] = []

    def api(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"success": True, "errors": [], "messages": [], "result": {}})

    async with WfpClient(
        account_id="acc", api_token="t" * 40, transport=httpx.MockTransport(api), rate_limit=None
    ) as cf:
        await cf.settings.patch("tenants", "acme", compatibility_date="2025-01-01")
        await cf.settings.patch("tenants", "acme", compatibility_date="2025-01-01")
    boundaries = []
    for request in sent:
        assert (request.method, request.url.path) == (
            "PATCH",
            "/client/v4/accounts/acc/workers/dispatch/namespaces/tenants/scripts/acme/settings",
        )
        content_type = request.headers["content-type"]
        boundary = content_type.removeprefix("multipart/form-data; boundary=")
        assert len(boundary) == 32 and int(boundary, 16) >= 0
        assert request.content.startswith(f"--{boundary}\r\n".encode())
        assert request.content.endswith(f"\r\n--{boundary}--\r\n".encode())
        assert parse_multipart(request.content, content_type) == [
            ("settings", None, "application/json", b'{"compatibility_date":"2025-01-01"}')
        ]
        boundaries.append(boundary)
    assert boundaries[0] != boundaries[1]


def _copy_generation_inputs(destination: Path) -> None:
    for name in ("openapi", "templates", "generated"):
        shutil.copytree(ROOT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "generator-config.yaml", "pyproject.toml"):
        shutil.copy2(ROOT / name, destination / name)


def _check_generated(project: Path) -> subprocess.CompletedProcess[str]:
    venv = Path(sys.prefix)  # the environment running the tests, which has the pinned generator
    return subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(project),
            "check-generated",
            f"VENV={venv}",
            "STAMP=",  # empty: use the project's venv as it is, never install into it from the copy
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_generated_fails_when_the_fragment_changes(tmp_path: Path) -> None:
    """make check-generated passes on the committed tree and fails once openapi/ is edited alone."""
    _copy_generation_inputs(tmp_path)
    clean = _check_generated(tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    fragment = tmp_path / "openapi" / "dispatch-namespaces.yaml"
    text = fragment.read_text()
    edited = text.replace(
        "        script_count: {type: integer}\n",
        "        script_count: {type: integer}\n        region: {type: string}\n",
    )
    assert edited != text
    fragment.write_text(edited)
    changed = _check_generated(tmp_path)
    assert changed.returncode != 0
    assert "generated/ differs from what openapi/ generates" in changed.stdout


def test_check_generated_fails_on_an_extra_file(tmp_path: Path) -> None:
    """A file added under generated/ by hand makes make check-generated fail."""
    _copy_generation_inputs(tmp_path)
    (tmp_path / "generated" / "wfp_async_generated" / "extra.py").write_text("X = 1\n")
    result = _check_generated(tmp_path)
    assert result.returncode != 0
    assert "extra.py" in result.stdout


# Our response schema -> Cloudflare's, compared field by field.
_FAITHFUL = {
    "Namespace": "workers_namespace-response",
    "Script": "workers_script-response",
    "Settings": "workers_namespace-script-and-version-settings-item",
}


def _nullable(document: dict[str, Any], node: Any) -> bool:
    node = _resolve(document, node)
    if node.get("nullable") is True:
        return True
    kinds = node.get("type")
    return isinstance(kinds, list) and "null" in kinds


def _kind(document: dict[str, Any], node: Any) -> str | None:
    node = _resolve(document, node)
    kinds = node.get("type")
    if isinstance(kinds, list):
        kinds = [k for k in kinds if k != "null"]
        return kinds[0] if len(kinds) == 1 else None
    if kinds is None and "properties" in node:
        return "object"
    return kinds


@pytest.mark.parametrize(("ours", "theirs"), sorted(_FAITHFUL.items()))
def test_response_fields_are_faithful_to_cloudflares_schema(ours: str, theirs: str) -> None:
    """Every field our response schema shares with Cloudflare's has its type, and allows null where
    Cloudflare's does (tail_consumers: null broke upload, get, list, content and settings)."""
    fragment, cloudflare = _load_fragment(), _load_cloudflare()
    our_fields = fragment["components"]["schemas"][ours]["properties"]
    their_fields = cloudflare["components"]["schemas"][theirs]["properties"]
    shared = sorted(set(our_fields) & set(their_fields))
    assert len(shared) >= 6
    for name in shared:
        assert _nullable(fragment, our_fields[name]) == _nullable(cloudflare, their_fields[name]), name
        theirs_kind = _kind(cloudflare, their_fields[name])
        if theirs_kind is not None:
            assert _kind(fragment, our_fields[name]) == theirs_kind, name
