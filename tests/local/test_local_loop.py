"""The whole loop: upload with the SDK, request through the dispatcher, the tenant's exact answer."""

from __future__ import annotations

import httpx
import pytest

from wfp_async import (
    Json,
    KVNamespace,
    Module,
    PlainText,
    SecretText,
    UploadOptions,
    WfpClient,
    WorkerBundle,
)
from wfp_async.local import LocalPlatform

NS = "tenants"

ENV_ECHO = (
    "import { greet } from './lib/greet.js';\n"
    "import motto from './motto.txt';\n"
    "export default { async fetch(request, env) {\n"
    "  const url = new URL(request.url);\n"
    "  return new Response(JSON.stringify({ greet: greet(env.NAME), motto, plan: env.CONFIG.plan,\n"
    "    key: env.API_KEY, path: url.pathname, query: url.search, method: request.method,\n"
    "    body: await request.text() }), { headers: { 'content-type': 'application/json' } });\n"
    "} };\n"
)
OPTIONS = UploadOptions(
    compatibility_date="2025-06-01",
    bindings=[PlainText("NAME", "acme"), Json("CONFIG", {"plan": "pro"}), SecretText("API_KEY", text="k-1")],
)


def modules_bundle() -> WorkerBundle:
    return WorkerBundle.es_module(
        ENV_ECHO,
        Module.from_text("lib/greet.js", "export const greet = (n) => `hello ${n}`;"),
        Module.from_text("motto.txt", "ship it"),
    )


def hello(text: str) -> WorkerBundle:
    return WorkerBundle.es_module(f"export default {{ fetch: () => new Response({text!r}) }};")


async def test_es_modules_with_several_modules_see_their_bindings(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """An ES-module tenant imports its other modules and sees plain_text, json and secret_text bindings."""
    await cf.scripts.put(NS, "acme", modules_bundle(), options=OPTIONS)
    response = await http.post(local.url("acme", "/orders/7?x=1"), content=b"payload")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "greet": "hello acme",
        "motto": "ship it",
        "plan": "pro",
        "key": "k-1",
        "path": "/orders/7",
        "query": "?x=1",
        "method": "POST",
        "body": "payload",
    }


async def test_the_first_host_label_names_the_tenant(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """``acme.localhost`` reaches acme with its path untouched (the built-in router's host mode)."""
    await cf.scripts.put(NS, "acme", modules_bundle(), options=OPTIONS)
    response = await http.get(local.dispatch_url + "/orders/7", headers={"Host": "acme.localhost"})
    assert response.status_code == 200, response.text
    assert response.json()["path"] == "/orders/7"
    assert response.json()["greet"] == "hello acme"


async def test_a_service_worker_sees_bindings_as_globals(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """A service-worker-syntax tenant runs: addEventListener('fetch') answers, bindings are globals."""
    source = (
        "addEventListener('fetch', (event) => {\n"
        "  event.respondWith(new Response(`${GREETING} ${SECRET} ${new URL(event.request.url).pathname}`));\n"
        "});\n"
    )
    options = UploadOptions(bindings=[PlainText("GREETING", "hi"), SecretText("SECRET", text="s-1")])
    await cf.scripts.put(NS, "legacy", WorkerBundle.service_worker(source), options=options)
    response = await http.get(local.url("legacy", "/a/b"))
    assert (response.status_code, response.text) == (200, "hi s-1 /a/b")


async def test_a_re_upload_is_served_on_the_next_request(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """The request right after a re-upload's answer gets the new code, with no restart."""
    await cf.scripts.put(NS, "acme", hello("v1"))
    assert (await http.get(local.url("acme"))).text == "v1"
    pid = local.workerd_pid
    await cf.scripts.put(NS, "acme", hello("v2"))
    assert (await http.get(local.url("acme"))).text == "v2"
    assert local.workerd_pid == pid


async def test_a_secret_change_is_seen_on_the_next_request(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """Putting, then deleting, a secret changes what the very next request sees."""
    source = "export default { fetch: (r, env) => new Response(String(env.TOKEN)) };"
    await cf.scripts.put(NS, "acme", WorkerBundle.es_module(source))
    assert (await http.get(local.url("acme"))).text == "undefined"
    await cf.secrets.put(NS, "acme", SecretText("TOKEN", text="t-1"))
    assert (await http.get(local.url("acme"))).text == "t-1"
    await cf.secrets.put(NS, "acme", SecretText("TOKEN", text="t-2"))
    assert (await http.get(local.url("acme"))).text == "t-2"
    await cf.secrets.delete(NS, "acme", "TOKEN")
    assert (await http.get(local.url("acme"))).text == "undefined"


async def test_a_settings_change_is_seen_on_the_next_request(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """PATCH settings replacing the bindings (and a content-only PUT) reach the very next request."""
    source = "export default { fetch: (r, env) => new Response(`${env.PLAN} ${typeof env.OLD}`) };"
    options = UploadOptions(bindings=[PlainText("PLAN", "free"), PlainText("OLD", "x")])
    await cf.scripts.put(NS, "acme", WorkerBundle.es_module(source), options=options)
    assert (await http.get(local.url("acme"))).text == "free string"
    await cf.settings.patch(NS, "acme", bindings=[PlainText("PLAN", "pro")])
    assert (await http.get(local.url("acme"))).text == "pro undefined"
    await cf.content.put(NS, "acme", hello("new code"))
    assert (await http.get(local.url("acme"))).text == "new code"


async def test_a_deleted_script_is_unknown_at_once(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """After a delete the router answers 404 Worker not found, as for a name never uploaded."""
    await cf.scripts.put(NS, "acme", hello("here"))
    assert (await http.get(local.url("acme"))).text == "here"
    await cf.scripts.delete(NS, "acme")
    response = await http.get(local.url("acme"))
    assert (response.status_code, response.text) == (404, "Worker not found: acme\n")


async def test_an_unknown_tenant_is_404(cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient) -> None:
    """A name nobody uploaded: 404 from the router, with the name."""
    response = await http.get(local.url("nobody", "/x"))
    assert (response.status_code, response.text) == (404, "Worker not found: nobody\n")


async def test_no_tenant_named_is_a_clear_404(local: LocalPlatform, http: httpx.AsyncClient) -> None:
    """The bare root names no tenant: the answer says how to name one."""
    response = await http.get(local.dispatch_url + "/")
    assert response.status_code == 404
    assert response.text.startswith("wfp dev: name the tenant: http://NAME.localhost:PORT/")


async def test_a_tenant_that_throws_is_a_500_with_its_message(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """An exception in the tenant reaches the router, which answers 500 with the message."""
    source = "export default { fetch() { throw new Error('tenant exploded'); } };"
    await cf.scripts.put(NS, "boom", WorkerBundle.es_module(source))
    response = await http.get(local.url("boom"))
    assert (response.status_code, response.text) == (500, "tenant exploded\n")
    await cf.scripts.put(NS, "boom", hello("recovered"))
    assert (await http.get(local.url("boom"))).text == "recovered"


async def test_a_python_worker_is_refused_clearly(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """A Python Worker cannot run offline: 501 saying why, before workerd tries to fetch Pyodide."""
    bundle = WorkerBundle.from_modules(
        [Module.from_text("main.py", "from workers import Response\n")], main_module="main.py"
    )
    await cf.scripts.put(NS, "py", bundle)
    response = await http.get(local.url("py"))
    assert response.status_code == 501
    assert response.text == (
        "wfp dev cannot run 'py': it is a Python Worker, and workerd downloads the Pyodide runtime from "
        "the internet to run those; test Python Workers with `wrangler dev` online.\n"
    )


async def test_an_unsupported_binding_type_is_named(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """A tenant with a KV binding answers 501 naming the binding and its type."""
    options = UploadOptions(bindings=[PlainText("A", "a"), KVNamespace("CACHE", "kv-1")])
    await cf.scripts.put(NS, "kv", hello("never"), options=options)
    response = await http.get(local.url("kv"))
    assert response.status_code == 501
    assert response.text == (
        "wfp dev cannot run 'kv' yet: binding 'CACHE' has type 'kv_namespace'; "
        "the local runtime provides plain_text, secret_text, json, assets.\n"
    )


async def test_two_namespaces_need_a_namespace_option(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """Without --namespace the binding reaches the only namespace; with two it says what to pass."""
    await cf.scripts.put(NS, "acme", hello("one"))
    await cf.namespaces.create("other")
    response = await http.get(local.url("acme"))
    assert response.status_code == 503
    assert response.text == (
        "wfp dev: the account has 2 dispatch namespaces; name the one to dispatch to with --namespace NAME\n"
    )


async def test_a_curl_style_upload_runs_too(local: LocalPlatform, http: httpx.AsyncClient) -> None:
    """A raw multipart upload as Cloudflare's docs show it with curl (no SDK) is served the same way."""
    api = f"{local.api_url}/accounts/emu-account/workers/dispatch/namespaces"
    auth = {"Authorization": "Bearer emu-token"}
    assert (await http.post(api, json={"name": NS}, headers=auth)).status_code == 200
    files = {
        "metadata": (
            None,
            '{"main_module":"worker.mjs","bindings":[{"type":"plain_text","name":"W","text":"curl"}]}',
        ),
        "worker.mjs": (
            "worker.mjs",
            b"export default { fetch: (r, env) => new Response('via ' + env.W) };",
            "application/javascript+module",
        ),
    }
    upload = await http.put(f"{api}/{NS}/scripts/raw", files=files, headers=auth)
    assert upload.status_code == 200, upload.text
    response = await http.get(local.url("raw"))
    assert (response.status_code, response.text) == (200, "via curl")


@pytest.mark.parametrize("binding", ["", "1x", "a-b", None])
def test_a_bad_binding_name_is_invalid_input(binding: object) -> None:
    """The binding must be a JavaScript identifier: InvalidInput before anything starts."""
    from wfp_async import InvalidInput

    with pytest.raises(InvalidInput, match="binding must be a JavaScript identifier"):
        LocalPlatform(binding=binding)  # type: ignore[arg-type]


async def test_the_code_store_refuses_anyone_but_workerd(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """The store (which answers secret values) is 403 without workerd's token, so a secret never leaks."""
    await cf.scripts.put(NS, "acme", modules_bundle(), options=OPTIONS)
    root = local.api_url.removesuffix("/client/v4")
    response = await http.get(f"{root}/_wfp/runtime/{NS}/acme/code")
    assert (response.status_code, response.text) == (403, "wfp dev: the code store answers workerd only\n")
    wrong = await http.get(f"{root}/_wfp/runtime/{NS}/acme/code", headers={"x-wfp-store-token": "guess"})
    assert wrong.status_code == 403
    assert "k-1" not in response.text + wrong.text
