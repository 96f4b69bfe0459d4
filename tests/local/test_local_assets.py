"""Static assets, as Cloudflare serves them: through the dispatcher, and the path rules on their own."""

from __future__ import annotations

import httpx
import pytest

from wfp_async import UploadOptions, WfpClient, WorkerBundle
from wfp_async.local import LocalPlatform
from wfp_async.local._assets import Outcome, resolve

NS = "tenants"
SITE = {
    "/index.html": b"<h1>home</h1>",
    "/about.html": b"<h1>about</h1>",
    "/docs/index.html": b"<h1>docs</h1>",
    "/docs/404.html": b"<h1>no such doc</h1>",
    "/style.css": b"body{}",
}
WORKER = "export default { fetch: (r) => new Response('worker ' + new URL(r.url).pathname) };"
NO_FETCH = "export default {};"


async def upload_site(cf: WfpClient, name: str, source: str, config: dict[str, object] | None = None) -> None:
    up = await cf.assets.upload(NS, name, SITE)
    await cf.scripts.put(
        NS, name, WorkerBundle.es_module(source), options=UploadOptions(assets=up.metadata(config))
    )


async def test_assets_are_served_before_the_worker(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """Paths with an asset get the file (content type, etag); other paths run the tenant's Worker."""
    await upload_site(cf, "site", WORKER)
    host = {"Host": "site.localhost"}
    css = await http.get(local.dispatch_url + "/style.css", headers=host)
    assert (css.status_code, css.content, css.headers["content-type"]) == (
        200,
        b"body{}",
        "text/css; charset=utf-8",
    )
    assert "x-wfp-asset" not in css.headers
    home = await http.get(local.dispatch_url + "/", headers=host)
    assert (home.status_code, home.text) == (200, "<h1>home</h1>")
    about = await http.get(local.dispatch_url + "/about", headers=host)
    assert (about.status_code, about.text) == (200, "<h1>about</h1>")
    other = await http.get(local.dispatch_url + "/api/orders", headers=host)
    assert (other.status_code, other.text) == (200, "worker /api/orders")
    cached = await http.get(
        local.dispatch_url + "/style.css", headers={**host, "If-None-Match": css.headers["etag"]}
    )
    assert (cached.status_code, cached.content) == (304, b"")


async def test_html_handling_redirects_keep_the_query(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """auto-trailing-slash: /about.html and /docs redirect (307) to their canonical paths, query kept."""
    await upload_site(cf, "site", WORKER)
    host = {"Host": "site.localhost"}
    about = await http.get(local.dispatch_url + "/about.html?x=1", headers=host)
    assert (about.status_code, about.headers["location"]) == (307, "/about?x=1")
    docs = await http.get(local.dispatch_url + "/docs", headers=host)
    assert (docs.status_code, docs.headers["location"]) == (307, "/docs/")


@pytest.mark.parametrize(
    ("config", "path", "status", "body"),
    [
        ({"not_found_handling": "single-page-application"}, "/app/route", 200, "<h1>home</h1>"),
        ({"not_found_handling": "404-page"}, "/docs/missing", 404, "<h1>no such doc</h1>"),
        ({"not_found_handling": "none"}, "/missing", 404, ""),
    ],
)
async def test_not_found_handling_without_a_fetch_handler(
    cf: WfpClient,
    local: LocalPlatform,
    http: httpx.AsyncClient,
    config: dict[str, object],
    path: str,
    status: int,
    body: str,
) -> None:
    """An assets-only Worker (no fetch handler) answers misses by its not_found_handling."""
    await upload_site(cf, "spa", NO_FETCH, config)
    response = await http.get(local.dispatch_url + path, headers={"Host": "spa.localhost"})
    assert (response.status_code, response.text) == (status, body)


MANIFEST = {path: f"{i:032x}" for i, path in enumerate(SITE)}


@pytest.mark.parametrize(
    ("html", "path", "outcome"),
    [
        ("auto-trailing-slash", "/", Outcome("serve", "/index.html")),
        ("auto-trailing-slash", "/index.html", Outcome("redirect", "/", 307)),
        ("auto-trailing-slash", "/about", Outcome("serve", "/about.html")),
        ("auto-trailing-slash", "/about/", Outcome("redirect", "/about", 307)),
        ("auto-trailing-slash", "/docs", Outcome("redirect", "/docs/", 307)),
        ("auto-trailing-slash", "/docs/index", Outcome("redirect", "/docs/", 307)),
        ("auto-trailing-slash", "/style.css", Outcome("serve", "/style.css")),
        ("force-trailing-slash", "/about", Outcome("redirect", "/about/", 307)),
        ("force-trailing-slash", "/about/", Outcome("serve", "/about.html")),
        ("force-trailing-slash", "/about.html", Outcome("redirect", "/about/", 307)),
        ("force-trailing-slash", "/docs/index.html", Outcome("redirect", "/docs/", 307)),
        ("drop-trailing-slash", "/docs/", Outcome("redirect", "/docs", 307)),
        ("drop-trailing-slash", "/docs", Outcome("serve", "/docs/index.html")),
        ("drop-trailing-slash", "/docs/index.html", Outcome("redirect", "/docs", 307)),
        ("drop-trailing-slash", "/index.html", Outcome("redirect", "/", 307)),
        ("drop-trailing-slash", "/", Outcome("serve", "/index.html")),
        ("none", "/about", Outcome("miss")),
        ("none", "/about.html", Outcome("serve", "/about.html")),
        ("none", "/", Outcome("miss")),
        ("auto-trailing-slash", "/nothing", Outcome("miss")),
    ],
)
def test_html_handling_rules(html: str, path: str, outcome: Outcome) -> None:
    """Each html_handling mode maps a path to the file, the canonical redirect, or a miss."""
    assert resolve(MANIFEST, path, {"html_handling": html}, worker_fetches=True) == outcome


@pytest.mark.parametrize(
    ("mode", "path", "outcome"),
    [
        ("404-page", "/docs/a/b", Outcome("serve", "/docs/404.html", 404)),
        ("404-page", "/other/x", Outcome("miss")),
        ("single-page-application", "/deep/link", Outcome("serve", "/index.html")),
        ("none", "/deep/link", Outcome("miss")),
    ],
)
def test_not_found_handling_rules(mode: str, path: str, outcome: Outcome) -> None:
    """Without a fetch handler a miss becomes the nearest 404.html, the SPA's index, or stays a miss."""
    assert resolve(MANIFEST, path, {"not_found_handling": mode}, worker_fetches=False) == outcome
    assert resolve(MANIFEST, path, {"not_found_handling": mode}, worker_fetches=True) == Outcome("miss")


BINDING_WORKER = """
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/styled") {
      const css = await env.ASSETS.fetch(new URL("/style.css", request.url));
      return new Response(`css ${css.status} ${await css.text()} ${css.headers.get("content-type")}`);
    }
    const page = await env.ASSETS.fetch(new URL("/nope", request.url));
    return new Response(`miss ${page.status} ${typeof env.__WFP_STORE}`);
  },
};
"""


async def test_the_assets_binding_fetches_the_tenants_own_assets(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """env.ASSETS.fetch() serves the tenant's assets (a miss is a 404), and the store stays hidden."""
    from wfp_async import Assets

    up = await cf.assets.upload(NS, "site", SITE)
    options = UploadOptions(assets=up.metadata(), bindings=[Assets("ASSETS")])
    await cf.scripts.put(NS, "site", WorkerBundle.es_module(BINDING_WORKER), options=options)
    host = {"Host": "site.localhost"}
    styled = await http.get(local.dispatch_url + "/styled", headers=host)
    assert (styled.status_code, styled.text) == (200, "css 200 body{} text/css; charset=utf-8")
    missing = await http.get(local.dispatch_url + "/other", headers=host)
    assert (missing.status_code, missing.text) == (200, "miss 404 undefined")


async def test_an_assets_key_opens_one_tenants_assets_only() -> None:
    """The key handed to a tenant's wrapper reads that tenant's assets and nothing else (403)."""
    from wfp_async.emulator import Emulator
    from wfp_async.local._store import CodeStore

    store = CodeStore(Emulator(), token="t0ken")
    key = store.assets_key("tenants", "a")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=store.app), base_url="http://store"
    ) as raw:
        own = await raw.get("/_wfp/runtime/tenants/a/assets?path=/", headers={"x-wfp-assets-key": key})
        other = await raw.get("/_wfp/runtime/tenants/b/assets?path=/", headers={"x-wfp-assets-key": key})
        code = await raw.get("/_wfp/runtime/tenants/a/code", headers={"x-wfp-assets-key": key})
    assert own.status_code == 404  # allowed in (no such script in this empty emulator)
    assert (other.status_code, code.status_code) == (403, 403)


@pytest.mark.parametrize(
    ("rule", "path", "outcome"),
    [
        (True, "/style.css", Outcome("miss")),
        (["/api/*"], "/api/users", Outcome("miss")),
        (["/api/*"], "/style.css", Outcome("serve", "/style.css")),
        (["/*", "!/style.css"], "/style.css", Outcome("serve", "/style.css")),
        (["/*", "!/style.css"], "/about", Outcome("miss")),
        (False, "/style.css", Outcome("serve", "/style.css")),
    ],
)
def test_run_worker_first_sends_matching_paths_to_the_worker(
    rule: object, path: str, outcome: Outcome
) -> None:
    """run_worker_first: true, or patterns with ! exclusions, skip the assets for matching paths."""
    assert resolve(MANIFEST, path, {"run_worker_first": rule}, worker_fetches=True) == outcome
