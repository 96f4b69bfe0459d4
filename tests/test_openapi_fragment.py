"""The OpenAPI fragment and the code generated from it.

The fragment is compared with Cloudflare's own published spec (../shared/reference), which is the oracle
for paths, methods, operationIds, parameters and request content types.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from openapi_spec_validator import validate

from wfp_async_generated.api.scripts import namespace_worker_script_upload_worker_module as upload_op
from wfp_async_generated.api.settings import namespace_worker_patch_script_settings as settings_op
from wfp_async_generated.models import ScriptUploadForm, SettingsForm, SettingsInput, UploadMetadata
from wfp_async_generated.types import File

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


INJECTION = (
    b"export default { fetch() { return new Response('ok') } }\r\n"
    b"--+++\r\n"
    b'Content-Disposition: form-data; name="metadata"\r\n'
    b"Content-Type: application/json\r\n\r\n"
    b'{"main_module": "evil.js"}\r\n'
    b"--+++--\r\n"
)


def _send(kwargs: dict[str, Any]) -> httpx.Request:
    request = httpx.Request(
        kwargs["method"],
        "https://api.cloudflare.com/client/v4" + kwargs["url"],
        params=kwargs.get("params"),
        files=kwargs.get("files"),
        headers=kwargs.get("headers"),
    )
    request.read()
    return request


def test_generated_upload_cannot_be_injected_through_module_content() -> None:
    """A module containing '--+++' and a metadata header parses into exactly the parts that were sent."""
    form = ScriptUploadForm(metadata=UploadMetadata(main_module="index.js"))
    form["index.js"] = File(
        payload=BytesIO(INJECTION), file_name="index.js", mime_type="application/javascript+module"
    )
    form["data.bin"] = File(
        payload=BytesIO(b"\r\n--+++\r\n"), file_name="data.bin", mime_type="application/octet-stream"
    )
    request = _send(upload_op._get_kwargs("acc", "tenants", "acme", body=form))

    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    assert "+++" not in content_type
    assert parse_multipart(request.content, content_type) == [
        ("metadata", None, "application/json", b'{"main_module": "index.js"}'),
        ("index.js", "index.js", "application/javascript+module", INJECTION),
        ("data.bin", "data.bin", "application/octet-stream", b"\r\n--+++\r\n"),
    ]
    assert request.method == "PUT"
    assert request.url.path == "/client/v4/accounts/acc/workers/dispatch/namespaces/tenants/scripts/acme"


def test_generated_multipart_boundaries_are_random() -> None:
    """Two identical settings requests use two different boundaries, neither of them '+++'."""
    form = SettingsForm(settings=SettingsInput(compatibility_date="2025-01-01"))
    first = _send(settings_op._get_kwargs("acc", "tenants", "acme", body=form))
    second = _send(settings_op._get_kwargs("acc", "tenants", "acme", body=form))
    assert first.headers["content-type"] != second.headers["content-type"]
    for request in (first, second):
        assert parse_multipart(request.content, request.headers["content-type"]) == [
            ("settings", None, "application/json", b'{"compatibility_date": "2025-01-01"}')
        ]


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
