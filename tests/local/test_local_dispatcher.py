"""The user's own dispatch Worker: ``env.NAME.get(script, args, options)`` as on Cloudflare."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from wfp_async import NO_RETRY, InvalidInput, WfpClient, WorkerBundle
from wfp_async.emulator import Emulator
from wfp_async.local import LocalPlatform, RuntimeFailed

NS = "customers"
# Routes by the X-Tenant header, wraps the tenant's answer, and reports what get() and fetch() throw.
DISPATCHER = """
import { label } from "./lib/label.js";
export default {
  async fetch(request, env) {
    const name = request.headers.get("x-tenant");
    const limits = request.headers.get("x-cpu-ms");
    try {
      const worker = env.USERS.get(name, {}, limits ? { limits: { cpuMs: Number(limits) } } : undefined);
      const answer = await worker.fetch(request);
      return new Response(`${label}: ${answer.status} ${await answer.text()}`, { status: answer.status });
    } catch (error) {
      return new Response(`caught ${error.constructor.name}: ${error.message}`, { status: 502 });
    }
  },
};
"""


@pytest.fixture(scope="module")
def dispatcher_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dispatcher folder: index.js importing lib/label.js."""
    root = tmp_path_factory.mktemp("dispatcher")
    (root / "lib").mkdir()
    (root / "index.js").write_text(DISPATCHER)
    (root / "lib" / "label.js").write_text('export const label = "via dispatcher";\n')
    return root


@pytest.fixture(scope="module")
def platform(dispatcher_dir: Path) -> Iterator[LocalPlatform]:
    """A platform running the folder dispatcher with the binding named USERS on namespace ``customers``."""
    with LocalPlatform(Emulator(), dispatcher=dispatcher_dir, binding="USERS", namespace=NS) as running:
        yield running


@pytest.fixture
async def cf(platform: LocalPlatform) -> AsyncIterator[WfpClient]:
    """A client on a fresh state with the namespace created."""
    platform.emulator.reset()
    async with WfpClient(
        account_id="emu-account", api_token="emu-token", base_url=platform.api_url, retry=NO_RETRY
    ) as client:
        await client.namespaces.create(NS)
        yield client


async def dispatch(platform: LocalPlatform, tenant: str, **headers: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=30) as http:
        return await http.get(platform.dispatch_url + "/any/path", headers={"x-tenant": tenant, **headers})


async def test_get_returns_the_tenants_fetcher(cf: WfpClient, platform: LocalPlatform) -> None:
    """The user dispatcher's get() reaches the tenant, whose answer it wraps."""
    source = "export default { fetch: (r) => new Response('tenant ' + new URL(r.url).pathname) };"
    await cf.scripts.put(NS, "acme", WorkerBundle.es_module(source))
    response = await dispatch(platform, "acme")
    assert (response.status_code, response.text) == (200, "via dispatcher: 200 tenant /any/path")


async def test_an_unknown_script_throws_in_the_dispatcher(cf: WfpClient, platform: LocalPlatform) -> None:
    """Like Cloudflare's binding: fetching an unknown script throws 'Worker not found'."""
    response = await dispatch(platform, "ghost")
    assert (response.status_code, response.text) == (502, "caught Error: Worker not found: ghost")


async def test_get_without_a_name_throws_a_type_error(cf: WfpClient, platform: LocalPlatform) -> None:
    """get('') is a TypeError thrown by get() itself."""
    response = await dispatch(platform, "")
    assert (response.status_code, response.text) == (502, "caught TypeError: get() needs a script name")


async def test_limits_are_checked_and_passed_on(cf: WfpClient, platform: LocalPlatform) -> None:
    """options.limits with a valid cpuMs runs the tenant; a non-positive one is a TypeError."""
    await cf.scripts.put(
        NS, "acme", WorkerBundle.es_module("export default { fetch: () => new Response('ok') };")
    )
    ok = await dispatch(platform, "acme", **{"x-cpu-ms": "50"})
    assert (ok.status_code, ok.text) == (200, "via dispatcher: 200 ok")
    bad = await dispatch(platform, "acme", **{"x-cpu-ms": "0"})
    assert (bad.status_code, bad.text) == (
        502,
        "caught TypeError: options.limits.cpuMs must be a positive integer",
    )


async def test_the_namespace_option_picks_one_of_several(cf: WfpClient, platform: LocalPlatform) -> None:
    """With namespace= set, a second namespace holding the same name does not interfere."""
    await cf.namespaces.create("elsewhere")
    await cf.scripts.put(
        "elsewhere", "acme", WorkerBundle.es_module("export default { fetch: () => new Response('wrong') };")
    )
    await cf.scripts.put(
        NS, "acme", WorkerBundle.es_module("export default { fetch: () => new Response('right') };")
    )
    response = await dispatch(platform, "acme")
    assert response.text == "via dispatcher: 200 right"


def test_a_single_file_dispatcher_runs(tmp_path: Path) -> None:
    """A dispatcher given as one file runs with the default binding name DISPATCHER."""
    path = tmp_path / "dispatch.mjs"
    path.write_text("export default { fetch: (r, env) => new Response(typeof env.DISPATCHER.get) };")
    with LocalPlatform(Emulator(), dispatcher=path) as platform:
        response = httpx.get(platform.dispatch_url + "/")
    assert (response.status_code, response.text) == (200, "function")


def test_a_broken_dispatcher_fails_to_start_with_workerd_s_words(tmp_path: Path) -> None:
    """A syntax error in the dispatcher: RuntimeFailed quoting workerd, and nothing left running."""
    path = tmp_path / "broken.js"
    path.write_text("export default { fetch( };")
    platform = LocalPlatform(Emulator(), dispatcher=path)
    with pytest.raises(RuntimeFailed, match=r"workerd exited before listening:\n(.|\n)*SyntaxError"):
        platform.start()
    assert platform.workerd_pid is None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: root / "missing.js", "is neither a file nor a folder"),
        (lambda root: root, "has no main module (one of index.js, index.mjs, worker.js"),
    ],
)
def test_a_missing_dispatcher_is_invalid_input(tmp_path: Path, make: object, message: str) -> None:
    """A dispatcher path that does not exist, or a folder without a main module: InvalidInput."""
    (tmp_path / "notes.md").write_text("not a module")
    with pytest.raises(InvalidInput) as caught:
        LocalPlatform(Emulator(), dispatcher=make(tmp_path))  # type: ignore[operator]
    assert message in str(caught.value)
