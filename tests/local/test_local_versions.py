"""Gradual deployments under ``wfp dev``: requests split by the deployment's percentages, pinned by
``Cloudflare-Workers-Version-Overrides``, kept on one version by ``Cloudflare-Workers-Version-Key``; and
the pure rules behind them (``wfp_async.local._split``)."""

from __future__ import annotations

import math
import random
from collections import Counter

import anyio
import httpx
import pytest

from wfp_async import WfpClient, WorkerBundle
from wfp_async.local import LocalPlatform
from wfp_async.local._split import choose_version, parse_overrides

NS = "tenants"
N = 1_000


def tenant(label: str) -> WorkerBundle:
    return WorkerBundle.es_module(f"export default {{ fetch: () => new Response('{label}') }};")


async def two_versions(cf: WfpClient) -> tuple[str, str]:
    """acme: v1 answering 'one' (deployed by the upload), v2 answering 'two' (uploaded, not deployed)."""
    await cf.scripts.put(NS, "acme", tenant("one"))
    current = await cf.deployments.get(NS, "acme")
    assert current is not None
    v2 = await cf.versions.create(NS, "acme", tenant("two"), message="two")
    return current.version_ids[0], v2.id


async def answers(
    http: httpx.AsyncClient, local: LocalPlatform, headers: list[dict[str, str]], *, at_once: int = 16
) -> list[str]:
    """The body of one request per headers dict, sent ``at_once`` at a time, in order."""
    out = [""] * len(headers)
    limiter = anyio.Semaphore(at_once)

    async def one(i: int) -> None:
        async with limiter:
            response = await http.get(f"{local.dispatch_url}/acme/", headers=headers[i])
            assert response.status_code == 200, response.text
            out[i] = response.text

    async with anyio.create_task_group() as group:
        for i in range(len(headers)):
            group.start_soon(one, i)
    return out


async def test_an_uploaded_version_is_not_served_until_deployed(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """After versions.create every request still reaches v1; after a deployment at 100, every one v2."""
    _, v2 = await two_versions(cf)
    assert set(await answers(http, local, [{}] * 20)) == {"one"}

    await cf.deployments.create(NS, "acme", {v2: 100})
    assert set(await answers(http, local, [{}] * 20)) == {"two"}


async def test_1000_requests_at_90_10_land_within_5_sigma(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """At {v2: 10, v1: 90}, v2's share of 1,000 requests is within 5 binomial sigmas of 100 (53..147)."""
    v1, v2 = await two_versions(cf)
    await cf.deployments.create(NS, "acme", {v2: 10, v1: 90})

    counts = Counter(await answers(http, local, [{}] * N))

    sigma = math.sqrt(N * 0.1 * 0.9)
    assert set(counts) == {"one", "two"}
    assert sum(counts.values()) == N
    assert abs(counts["two"] - N * 0.1) <= 5 * sigma, counts


async def test_an_override_pins_a_version_of_the_deployment(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """Overrides naming v2 (in a 90/10 deployment) reach v2 every time; naming a version outside the
    deployment, or another Worker, or an invalid Dictionary, they fall back to the percentages."""
    v1, v2 = await two_versions(cf)
    await cf.deployments.create(NS, "acme", {v2: 10, v1: 90})
    pinned = {"cloudflare-workers-version-overrides": f'acme="{v2}"'}
    assert set(await answers(http, local, [pinned] * 50)) == {"two"}

    await cf.deployments.create(NS, "acme", {v1: 100})
    ignored = [
        {"cloudflare-workers-version-overrides": f'acme="{v2}"'},  # not in the current deployment
        {"cloudflare-workers-version-overrides": f'other="{v2}"'},  # another Worker's override
        {"cloudflare-workers-version-overrides": f"acme={v2}"},  # a token, not an sf-string
    ]
    assert await answers(http, local, ignored * 10) == ["one"] * 30


async def test_the_same_version_key_always_reaches_the_same_version(
    cf: WfpClient, local: LocalPlatform, http: httpx.AsyncClient
) -> None:
    """At 50/50, each of 40 keys sent 5 times gets one answer every time, and both versions are used."""
    v1, v2 = await two_versions(cf)
    await cf.deployments.create(NS, "acme", {v2: 50, v1: 50})
    keys = [f"user-{i}" for i in range(40)]
    headers = [{"cloudflare-workers-version-key": key} for key in keys for _ in range(5)]

    got = await answers(http, local, headers)

    by_key = {key: set(got[i * 5 : i * 5 + 5]) for i, key in enumerate(keys)}
    assert all(len(seen) == 1 for seen in by_key.values()), by_key
    assert {next(iter(seen)) for seen in by_key.values()} == {"one", "two"}
    expected = {
        key: choose_version("acme", [(v2, 50), (v1, 50)], overrides=None, key=key, rand=random.random)
        for key in keys
    }
    assert {key: next(iter(seen)) for key, seen in by_key.items()} == {
        key: "two" if version == v2 else "one" for key, version in expected.items()
    }


# The pure rules.

NEW, OLD = "18f97339-c287-4872-9bdd-e2135c07ec12", "dc8dcd28-271b-4367-9840-6c244f84cb40"


@pytest.mark.parametrize(
    ("header", "parsed"),
    [
        (f'acme="{NEW}"', {"acme": NEW}),
        (f'acme="{NEW}", other="{OLD}"', {"acme": NEW, "other": OLD}),
        (f'acme="{NEW}";p=1,other="x\\"y"', {"acme": NEW, "other": 'x"y'}),
        (f'acme="{OLD}", acme="{NEW}"', {"acme": NEW}),  # the last member wins (RFC 8941 4.2.2)
        (f'acme="{NEW}", acme=1', {}),
        ("acme=token", {}),
        (f'Acme="{NEW}"', {}),  # keys are lowercase
        (f'acme="{NEW}" junk', {}),
        ('acme="unterminated', {}),
        ("", {}),
        (None, {}),
    ],
)
def test_overrides_header_is_an_rfc8941_dictionary(header: str | None, parsed: dict[str, str]) -> None:
    """String members are kept (parameters ignored, last one wins); anything invalid gives {}."""
    assert parse_overrides(header) == parsed


def test_raising_the_new_share_keeps_the_keys_it_had() -> None:
    """Version affinity: every key on the new version at 10% is still on it at 20% and at 50%."""
    keys = [f"k{i}" for i in range(2_000)]

    def on_new(share: float) -> set[str]:
        split = [(NEW, share), (OLD, 100 - share)]
        return {
            k for k in keys if choose_version("acme", split, overrides=None, key=k, rand=random.random) == NEW
        }

    ten, twenty, fifty = on_new(10), on_new(20), on_new(50)
    assert ten <= twenty <= fifty
    assert 100 < len(ten) < 300 and 300 < len(twenty) < 500 and 900 < len(fifty) < 1100


def test_random_choice_follows_the_percentages_exactly_at_the_edges() -> None:
    """rand() below the first share picks the first version; at or above it, the second; 0% never wins."""
    split = [(NEW, 10), (OLD, 90)]
    assert choose_version("acme", split, overrides=None, key=None, rand=lambda: 0.0999) == NEW
    assert choose_version("acme", split, overrides=None, key=None, rand=lambda: 0.1) == OLD
    assert choose_version("acme", [(NEW, 0), (OLD, 100)], overrides=None, key=None, rand=lambda: 0.0) == OLD
    assert (
        choose_version("acme", [(NEW, 100), (OLD, 0)], overrides=None, key=None, rand=lambda: 0.99999) == NEW
    )
