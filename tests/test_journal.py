"""Bulk runs that survive real conditions, against the in-process emulator: the preflight and fail-fast
stops, the journal (what a rerun uploads, only_failed, verify by etag, secrets never stored), and a report
whose successes are kept only when asked."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from wfp_async import (
    AuthenticationError,
    InvalidInput,
    RetryPolicy,
    SecretText,
    UploadOptions,
    WfpClient,
    WorkerBundle,
)
from wfp_async._journal import Journal, JournalError
from wfp_async.emulator import Emulator

NS = "tenants"
BASE_URL = "http://emulator.test/client/v4"
NS_PATH = f"/client/v4/accounts/emu-account/workers/dispatch/namespaces/{NS}"
SCOPE = f"{BASE_URL}/accounts/emu-account/{NS}"
SECRET_VALUE = "s3cr3t-value-never-stored"


class Logged(httpx.AsyncBaseTransport):
    """The emulator's in-process transport, logging (method, path below the namespace) of each request."""

    def __init__(self, emu: Emulator) -> None:
        self.inner = emu.transport()
        self.sent: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.sent.append((request.method, path[len(NS_PATH) :] if path.startswith(NS_PATH) else path))
        return await self.inner.handle_async_request(request)


@pytest.fixture
def emu() -> Emulator:
    """An emulator with the namespace ``tenants``."""
    emulator = Emulator(seed=11)
    emulator.account.create_namespace({"name": NS})
    return emulator


@pytest.fixture
def logged(emu: Emulator) -> Logged:
    """The request log over ``emu``."""
    return Logged(emu)


def client(logged: Logged, token: str = "emu-token") -> WfpClient:
    return WfpClient(
        account_id="emu-account",
        api_token=token,
        base_url=BASE_URL,
        transport=logged,
        rate_limit=None,
        retry=RetryPolicy(attempts=2, wait_initial=0, wait_jitter=0),
    )


def bundle(i: int, version: int = 1) -> WorkerBundle:
    return WorkerBundle.es_module(f"export default {{ fetch() {{ return new Response('{i} v{version}') }} }}")


def items(
    count: int, changed: dict[int, int] | None = None
) -> Iterator[tuple[str, WorkerBundle, UploadOptions]]:
    changed = changed or {}
    for i in range(count):
        yield f"t{i:02d}", bundle(i, changed.get(i, 1)), UploadOptions(tags=["v1"])


def uploads(logged: Logged) -> list[str]:
    return sorted(path.rsplit("/", 1)[-1] for method, path in logged.sent if method == "PUT")


# --- preflight and fail-fast ------------------------------------------------------------------------------


async def test_preflight_with_a_wrong_token_stops_before_any_upload(emu: Emulator, logged: Logged) -> None:
    """A refused token: one GET of the namespace, no upload; the report says why and that all 5 are left."""
    async with client(logged, token="wrong") as cf:
        report = await cf.bulk.deploy_many(NS, list(items(5)))
    assert logged.sent == [("GET", "")]
    assert (report.ok, report.failed, report.not_attempted, report.complete) == (0, 0, 5, False)
    assert report.stopped is not None and report.stopped.startswith(
        "preflight failed, no item attempted: GET "
    )
    assert "-> 403 [10000]" in report.stopped
    assert emu.namespaces[NS].scripts == {}


async def test_preflight_of_a_missing_namespace_stops_a_generator_with_an_unknown_count(
    logged: Logged,
) -> None:
    """A namespace that does not exist: one GET, no delete; a generator's remaining count is unknown."""
    async with client(logged) as cf:
        report = await cf.bulk.delete_many("nowhere", (f"t{i}" for i in range(5)))
    assert [method for method, _ in logged.sent] == ["GET"]
    assert (report.total, report.not_attempted) == (0, None)
    assert report.stopped is not None and "-> 404 [10007]" in report.stopped


async def test_a_token_revoked_mid_run_stops_pulling_items(emu: Emulator, logged: Logged) -> None:
    """After 3 uploads the token is revoked: the run stops after two refusals with no success between, and
    the report counts the items never attempted."""
    async with client(logged) as cf:

        def revoke(result: object, so_far: object) -> None:
            if emu.namespaces[NS].scripts and len(emu.namespaces[NS].scripts) == 3:
                emu.token = "rotated"

        report = await cf.bulk.deploy_many(NS, list(items(40)), concurrency=1, on_progress=revoke)
    assert (report.ok, report.failed) == (3, 2)
    assert report.not_attempted == 35
    assert report.stopped is not None and report.stopped.startswith("stopped, the credentials were refused: ")
    assert {type(f.error) for f in report.failures} == {AuthenticationError}
    assert len(uploads(logged)) == 5


async def test_a_namespace_deleted_mid_deploy_stops_at_the_first_404(emu: Emulator, logged: Logged) -> None:
    """An upload answering 404 means the namespace is gone: the deploy stops at once."""
    async with client(logged) as cf:

        def drop(result: object, so_far: object) -> None:
            emu.namespaces.pop(NS, None)

        report = await cf.bulk.deploy_many(NS, list(items(10)), concurrency=1, on_progress=drop)
    assert (report.ok, report.failed, report.not_attempted) == (1, 1, 8)
    assert report.stopped is not None and report.stopped.startswith("stopped, the namespace is gone: PUT ")


async def test_missing_scripts_do_not_stop_a_delete_while_the_namespace_exists(logged: Logged) -> None:
    """Eight deletes of absent scripts: each fails with its 404; one GET rechecks the namespace after five
    in a row, finds it, and the run goes on."""
    async with client(logged) as cf:
        report = await cf.bulk.delete_many(NS, [f"gone{i}" for i in range(8)], concurrency=1)
    assert (report.ok, report.failed, report.stopped) == (0, 8, None)
    assert [method for method, _ in logged.sent] == ["GET"] + ["DELETE"] * 5 + ["GET"] + ["DELETE"] * 3


async def test_the_report_keeps_successes_only_when_asked(logged: Logged) -> None:
    """By default results hold the failures only (memory does not grow with the items); keep_results=True
    keeps every outcome."""
    async with client(logged) as cf:
        lean = await cf.bulk.deploy_many(NS, [*items(3), ("bad name!", bundle(9))])
        full = await cf.bulk.deploy_many(NS, list(items(3)), keep_results=True)
    assert (lean.ok, lean.failed, [r.key for r in lean.results]) == (3, 1, ["bad name!"])
    assert sorted(r.key for r in full.results) == ["t00", "t01", "t02"]


# --- the journal ----------------------------------------------------------------------------------------


async def test_a_rerun_uploads_only_what_changed_failed_or_never_ran(
    emu: Emulator, logged: Logged, tmp_path: Path
) -> None:
    """First run: 10 uploads, one fails. Rerun with 2 bundles changed and one new item: exactly those 3,
    the failed one and nothing else is uploaded; the rest is counted unchanged."""
    journal = tmp_path / "deploy.sqlite3"
    async with client(logged) as cf:
        emu.faults.fail_next(1, route="namespace-worker-script-upload-worker-module", status=400, code=10021)
        first = await cf.bulk.deploy_many(NS, list(items(10)), concurrency=1, journal=journal)
        logged.sent.clear()
        second = await cf.bulk.deploy_many(NS, list(items(11, changed={3: 2, 7: 2})), journal=journal)
    assert (first.ok, first.failed, first.failures[0].key) == (9, 1, "t00")
    assert (second.ok, second.failed, second.skipped) == (4, 0, 7)
    assert logged.sent[0] == ("GET", "")
    assert uploads(logged) == ["t00", "t03", "t07", "t10"]
    stored = emu.namespaces[NS].scripts
    assert stored["t03"].modules[0].content == bundle(3, 2).modules[0].content


async def test_metadata_changes_count_as_changes(logged: Logged, tmp_path: Path) -> None:
    """The same modules with other upload options (tags) have another digest: they are uploaded again."""
    journal = tmp_path / "deploy.sqlite3"
    async with client(logged) as cf:
        await cf.bulk.deploy_many(NS, list(items(3)), journal=journal)
        logged.sent.clear()
        retagged = [(name, b, UploadOptions(tags=["v2"])) for name, b, _ in items(3)]
        report = await cf.bulk.deploy_many(NS, retagged, journal=journal)
    assert (report.ok, report.skipped, uploads(logged)) == (3, 0, ["t00", "t01", "t02"])


async def test_only_failed_retries_the_failures_and_skips_changes(
    emu: Emulator, logged: Logged, tmp_path: Path
) -> None:
    """only_failed=True uploads the failed and unattempted items, not those that changed since success."""
    journal = tmp_path / "deploy.sqlite3"
    async with client(logged) as cf:
        emu.faults.fail_next(1, route="namespace-worker-script-upload-worker-module", status=400, code=10021)
        await cf.bulk.deploy_many(NS, list(items(4)), concurrency=1, journal=journal)
        logged.sent.clear()
        report = await cf.bulk.deploy_many(
            NS, list(items(5, changed={2: 2})), journal=journal, only_failed=True
        )
    assert uploads(logged) == ["t00", "t04"]
    assert (report.ok, report.skipped) == (2, 3)


async def test_verify_redeploys_what_was_deleted_or_changed_outside_the_journal(
    emu: Emulator, logged: Logged, tmp_path: Path
) -> None:
    """verify=True lists the namespace once: a script deleted and one re-uploaded by someone else (another
    etag) are deployed again; the rest is skipped."""
    journal = tmp_path / "deploy.sqlite3"
    async with client(logged) as cf:
        await cf.bulk.deploy_many(NS, list(items(5)), journal=journal)
        del emu.namespaces[NS].scripts["t01"]
        await cf.scripts.put(NS, "t03", bundle(99))
        logged.sent.clear()
        report = await cf.bulk.deploy_many(NS, list(items(5)), journal=journal, verify=True)
    assert logged.sent[:2] == [("GET", ""), ("GET", "/scripts")]
    assert [method for method, _ in logged.sent].count("GET") == 2
    assert uploads(logged) == ["t01", "t03"]
    assert (report.ok, report.skipped) == (2, 3)
    assert emu.namespaces[NS].scripts["t03"].modules[0].content == bundle(3).modules[0].content


async def test_the_journal_records_digest_etag_and_error(
    emu: Emulator, logged: Logged, tmp_path: Path
) -> None:
    """Each item's row holds the outcome, the emulator's etag for a success, and the error for a failure."""
    path = tmp_path / "deploy.sqlite3"
    async with client(logged) as cf:
        emu.faults.fail_next(1, route="namespace-worker-script-upload-worker-module", status=400, code=10021)
        await cf.bulk.deploy_many(NS, list(items(3)), concurrency=1, journal=path)
    journal = Journal(path, "deploy", SCOPE)
    try:
        entries = {entry.key: entry for entry in journal.entries()}
    finally:
        journal.close()
    assert sorted(entries) == ["t00", "t01", "t02"]
    failed = entries["t00"]
    assert (failed.ok, failed.ok_digest, failed.etag, failed.error_kind) == (
        False,
        None,
        None,
        "ValidationError",
    )
    assert failed.error == f"PUT {NS_PATH}/scripts/t00 -> 400 [10021] Internal server error"
    for key in ("t01", "t02"):
        entry = entries[key]
        assert entry.ok and entry.error is None and entry.digest == entry.ok_digest
        assert entry.etag == emu.namespaces[NS].scripts[key].etag
    assert entries["t01"].digest != entries["t02"].digest


async def test_secret_and_tag_runs_resume_and_never_store_the_value(
    emu: Emulator, logged: Logged, tmp_path: Path
) -> None:
    """put_secret_many and put_tags_many with a journal: a rerun sends nothing; another value is sent again;
    the journal file holds no byte of the secret."""
    path = tmp_path / "ops.sqlite3"
    names = ["t00", "t01"]
    async with client(logged) as cf:
        await cf.bulk.deploy_many(NS, list(items(2)))
        logged.sent.clear()
        secret = SecretText("API_KEY", text=SECRET_VALUE)
        await cf.bulk.put_secret_many(NS, names, secret, journal=path)
        again = await cf.bulk.put_secret_many(NS, names, secret, journal=path)
        rotated = await cf.bulk.put_secret_many(NS, names, SecretText("API_KEY", text="other"), journal=path)
        await cf.bulk.put_tags_many(NS, names, ["a"], journal=path)
        tags_again = await cf.bulk.put_tags_many(NS, names, ["a"], journal=path)
    assert (again.skipped, rotated.ok, tags_again.skipped) == (2, 2, 2)
    # put, put again (skipped), another value, set tags, set them again (skipped): a preflight each.
    methods = [method for method, _ in logged.sent]
    assert methods == ["GET", "PUT", "PUT", "GET"] * 2 + ["PUT", "PUT", "GET"]
    assert_nowhere_in(tmp_path, SECRET_VALUE.encode())


def assert_nowhere_in(folder: Path, needle: bytes) -> None:
    """No file of ``folder`` (the journal, its WAL and shared memory) holds ``needle``."""
    files = list(folder.iterdir())
    assert files
    for file in files:
        assert needle not in file.read_bytes(), file


async def test_a_deleted_script_is_not_deleted_again(logged: Logged, tmp_path: Path) -> None:
    """delete_many with a journal: the rerun skips what was deleted and retries only the 404."""
    path = tmp_path / "delete.sqlite3"
    async with client(logged) as cf:
        await cf.bulk.deploy_many(NS, list(items(2)))
        logged.sent.clear()
        first = await cf.bulk.delete_many(NS, ["t00", "t01", "absent"], journal=path)
        second = await cf.bulk.delete_many(NS, ["t00", "t01", "absent"], journal=path)
    assert (first.ok, first.failed, second.skipped, second.failed) == (2, 1, 2, 1)
    assert [p for m, p in logged.sent if m == "DELETE"] == [
        "/scripts/t00",
        "/scripts/t01",
        "/scripts/absent",
        "/scripts/absent",
    ]


def test_the_journal_is_sqlite_in_wal_mode(tmp_path: Path) -> None:
    """The file is a SQLite database in WAL mode with the items table; a directory is refused, typed."""
    path = tmp_path / "j.sqlite3"
    Journal(path, "deploy", SCOPE).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT count(*) FROM items").fetchone() == (0,)
    db.close()
    with pytest.raises(InvalidInput) as caught:
        Journal(tmp_path, "deploy", SCOPE)
    assert str(caught.value).startswith(f"cannot use {str(tmp_path)!r} as a journal: ")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"only_failed": True}, "only_failed and verify need a journal"),
        ({"verify": True}, "only_failed and verify need a journal"),
        ({"only_failed": 1}, "only_failed must be True or False, not int"),
        ({"preflight": "no"}, "preflight must be True or False, not str"),
        ({"keep_results": None}, "keep_results must be True or False, not NoneType"),
        ({"journal": 3}, "journal must be a path, not int"),
    ],
)
async def test_bad_bulk_options_are_refused_before_any_request(
    logged: Logged, kwargs: dict[str, object], message: str
) -> None:
    """Wrong option types or combinations raise InvalidInput naming the option; nothing is sent."""
    async with client(logged) as cf:
        with pytest.raises(InvalidInput) as caught:
            await cf.bulk.deploy_many(NS, list(items(1)), **kwargs)  # type: ignore[arg-type]
    assert str(caught.value) == message
    assert logged.sent == []


async def test_a_journal_that_cannot_be_written_stops_the_run(
    logged: Logged, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write failing with SQLite's disk I/O error becomes a JournalError: that item fails with it and the
    run stops pulling, since nothing it did could be remembered."""

    class FailingWrites:
        """A SQLite connection whose writes of an item's outcome fail with the disk I/O error."""

        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def execute(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
            if sql.startswith("INSERT INTO items"):
                raise sqlite3.OperationalError("disk I/O error")
            return self.db.execute(sql, params)

        def __getattr__(self, name: str) -> object:
            return getattr(self.db, name)

    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: FailingWrites(connect(*args, **kwargs)))
    path = tmp_path / "deploy.sqlite3"
    async with client(logged) as cf:
        report = await cf.bulk.deploy_many(NS, list(items(5)), concurrency=1, journal=path)
    message = f"cannot write the journal {str(path)!r}: disk I/O error"
    assert (report.ok, report.failed, report.not_attempted) == (0, 1, 4)
    assert [(type(f.error), str(f.error)) for f in report.failures] == [(JournalError, message)]
    assert report.stopped == f"stopped, the journal failed: {message}"
    assert uploads(logged) == ["t00"]
