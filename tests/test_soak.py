"""Fault soak: bulk work against the emulator over real loopback HTTP while it misbehaves on purpose.

2,000 deploys meet 10% 500s, 5% 429s (Retry-After), 2% HTML 502 pages, 2% dropped connections and
random latency. Afterwards the emulator's own state is the judge: every item reported ok exists with
byte-identical content, every failed item carries its typed error, and the totals add up. Then a bulk
delete by tags under the same faults removes exactly what the filter names and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from wfp_async import (
    DeployItem,
    Module,
    PlainText,
    RetryPolicy,
    UploadOptions,
    WfpClient,
    WfpError,
    WorkerBundle,
)
from wfp_async.emulator import Emulator, FaultConfig

DEPLOYS = 2000
FAULTS = FaultConfig(
    rate_500=0.10,
    rate_429=0.05,
    rate_502=0.02,
    drop_rate=0.02,
    latency=(0.0, 0.004),
    retry_after=1.0,
)
# Quick retries (the 429s still wait their Retry-After), enough attempts for nearly every item to recover.
RETRY = RetryPolicy(attempts=6, deadline=60, wait_initial=0.01, wait_max=0.1, wait_jitter=0.01)


def bundle_for(i: int) -> WorkerBundle:
    """A distinct bundle per tenant, including bytes that look like a multipart boundary."""
    return WorkerBundle.es_module(
        f"export default {{ fetch() {{ return new Response('tenant {i}') }} }}\n",
        Module.from_bytes("data.bin", f"\r\n--+++\r\n{i}".encode() + bytes(range(i % 256))),
    )


def items(count: int, tag: str) -> Iterator[DeployItem]:
    for i in range(count):
        options = UploadOptions(bindings=[PlainText("TENANT", str(i))], tags=[tag, f"group-{i % 2}"])
        yield DeployItem(f"{tag}-{i:05d}", bundle_for(i), options=options)


@pytest.fixture(scope="module")
def soak_server() -> Iterator[tuple[Emulator, str]]:
    emulator = Emulator(seed=2026)
    with emulator.serve(host="127.0.0.1", port=0) as base_url:
        yield emulator, base_url


def client_for(emulator: Emulator, base_url: str) -> WfpClient:
    return WfpClient(
        account_id=emulator.account_id, api_token="emu-token", base_url=base_url, retry=RETRY, rate_limit=None
    )


async def test_two_thousand_deploys_under_faults_end_true(soak_server: tuple[Emulator, str]) -> None:
    """Each of 2,000 items is reported ok (and exists byte for byte) or failed with a typed error."""
    emulator, base_url = soak_server
    async with client_for(emulator, base_url) as cf:
        await cf.namespaces.create("soak")
        emulator.faults.config = FAULTS
        try:
            report = await cf.bulk.deploy_many(
                "soak", items(DEPLOYS, "soak"), concurrency=50, keep_results=True
            )
        finally:
            emulator.faults.config = FaultConfig()

    assert report.ok + report.failed == DEPLOYS == len(report.results)
    assert report.complete
    assert len({result.key for result in report.results}) == DEPLOYS
    assert {kind for _, kind in emulator.faults.history} == {"500", "429", "502", "drop"}

    stored = emulator.namespaces["soak"].scripts
    for result in report.results:
        i = int(result.key.rsplit("-", 1)[1])
        if result.ok:
            assert result.value is not None and result.value.name == result.key
            script = stored[result.key]
            assert [(m.name, m.content) for m in script.modules] == [
                (m.name, m.content) for m in bundle_for(i).modules
            ]
            assert script.etag == result.value.etag
        else:
            assert isinstance(result.error, WfpError), result.error
    # Nothing was stored that was not reported ok (a failed item may still have landed: a dropped answer
    # after the write is the client's uncertainty, but then its content must be the item's own).
    for name, script in stored.items():
        i = int(name.rsplit("-", 1)[1])
        assert [m.content for m in script.modules] == [m.content for m in bundle_for(i).modules]
    assert {r.key for r in report.results if r.ok} <= stored.keys()
    # With 6 attempts almost every item recovers; the report says which did not, and why.
    assert report.ok >= DEPLOYS * 0.99, report.errors_by_kind()


async def test_bulk_delete_by_tags_under_faults_deletes_only_the_filter(
    soak_server: tuple[Emulator, str],
) -> None:
    """Delete by tag while answers fail: every tagged script goes, every other script stays."""
    emulator, base_url = soak_server
    async with client_for(emulator, base_url) as cf:
        await cf.namespaces.create("soak-delete")
        report = await cf.bulk.deploy_many("soak-delete", items(300, "keep"), concurrency=50)
        report.raise_for_failures()
        doomed = {name for name in emulator.namespaces["soak-delete"].scripts if int(name[-5:]) % 2 == 1}
        emulator.faults.config = FAULTS
        try:
            deleted = await cf.scripts.delete_by_tags("soak-delete", tags=["group-1"], limit=25)
        finally:
            emulator.faults.config = FaultConfig()

    left = set(emulator.namespaces["soak-delete"].scripts)
    assert set(deleted) == doomed
    assert left == {f"keep-{i:05d}" for i in range(300) if i % 2 == 0}
