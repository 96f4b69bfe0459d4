"""Journaled rollouts against the emulator: every phase's exact requests, what the journal holds after
each, and a rerun that goes on where a cancelled or stopped run left off (no version uploaded twice, no
passed wave run again, a rolled-back wave left alone unless retry=True)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import anyio
import anyio.lowlevel
import httpx
import pytest

from wfp_async import (
    NO_RETRY,
    EarlierFailure,
    InvalidInput,
    RolloutReport,
    TenantRollout,
    Wave,
    WfpClient,
    WorkerBundle,
    rollout,
)
from wfp_async._journal import Journal, JournalError
from wfp_async.emulator import Emulator

from multipart_oracle import parse_multipart

NS = "tenants"
TOKEN = "emu-token"
OLD = WorkerBundle.es_module("export default { fetch: () => new Response('old') };")
NEW = WorkerBundle.es_module("export default { fetch: () => new Response('new') };")
NEW_JS = b"export default { fetch: () => new Response('new') };"
PREFIX = "/client/v4/accounts/emu-account/workers/dispatch/namespaces/tenants/scripts/"

Sent = tuple[str, str, str, object]  # (method, path after the scripts/ prefix, query, body)


class Recording(httpx.AsyncBaseTransport):
    """Passes requests to the emulator and keeps each one: method, path, query, headers and body."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.requests.append(request)
        return await self.inner.handle_async_request(request)

    def sent(self) -> list[Sent]:
        """Each request as (method, path below .../scripts/, query, JSON body or multipart parts)."""
        out: list[Sent] = []
        for request in self.requests:
            assert request.url.path.startswith(PREFIX), request.url.path
            body: object = None
            content_type = request.headers.get("content-type", "")
            if content_type.startswith("multipart/form-data"):
                parts = parse_multipart(request.content, content_type)
                body = [(n, f, t, json.loads(c) if n == "metadata" else c) for n, f, t, c in parts]
            elif request.content:
                body = json.loads(request.content)
            out.append((request.method, request.url.path[len(PREFIX) :], request.url.query.decode(), body))
        return out


def scope(journal: Path) -> dict[str, dict[str, object]]:
    """Every state the journal holds for rollouts (there is one rollout per test)."""
    opened = Journal(journal, "rollout", "")
    try:
        rows = opened._db.execute(
            "SELECT DISTINCT namespace FROM states WHERE operation = 'rollout'"
        ).fetchall()
        assert len(rows) == 1, rows
        opened.namespace = rows[0][0]
        return opened.states()
    finally:
        opened.close()


async def fleet(emulator: Emulator, count: int) -> tuple[WfpClient, Recording, list[str]]:
    recording = Recording(emulator.transport())
    cf = WfpClient(
        account_id=emulator.account_id, api_token=TOKEN, transport=recording, retry=NO_RETRY, rate_limit=None
    )
    await cf.namespaces.create(NS)
    names = [f"t{i}" for i in range(count)]
    report = await cf.bulk.deploy_many(NS, ((n, OLD) for n in names), rate_limit=None)
    report.raise_for_failures()
    recording.requests.clear()
    return cf, recording, names


def old_version(emulator: Emulator, name: str) -> str:
    return emulator.account.namespaces[NS].scripts[name].versions[0].id


def deployed(emulator: Emulator, name: str) -> list[tuple[str, float]]:
    script = emulator.account.namespaces[NS].scripts[name]
    return [(v["version_id"], v["percentage"]) for v in script.deployments[-1].versions]


async def no_pause(seconds: float) -> None:
    return None


async def passes(wave: Wave) -> bool:
    return True


async def test_every_phase_sends_exactly_its_request_and_journals_the_tenant(tmp_path: Path) -> None:
    """One tenant through 10% and 100%: read the deployment, upload the version (the upload's multipart
    with its message), the split, the promotion; the journal holds the tenant done and the wave passed."""
    emulator = Emulator()
    cf, recording, _ = await fleet(emulator, 1)
    journal = tmp_path / "rollout.sqlite3"
    old = old_version(emulator, "t0")
    async with cf:
        report = await rollout(
            cf, NS, ["t0"], NEW, check=passes, waves=1, pause=0, message="cart v2", journal=journal
        )
    new = report.tenants["t0"].new_version
    assert new is not None and new != old
    note = {"workers/message": "cart v2"}
    assert recording.sent() == [
        ("GET", "t0/deployments", "", None),
        (
            "POST",
            "t0/versions",
            "",
            [
                (
                    "metadata",
                    None,
                    "application/json",
                    {
                        "main_module": "index.js",
                        "keep_bindings": ["secret_text", "secret_key"],
                        "annotations": note,
                    },
                ),
                ("index.js", "index.js", "application/javascript+module", NEW_JS),
            ],
        ),
        (
            "POST",
            "t0/deployments",
            "",
            {
                "strategy": "percentage",
                "versions": [{"version_id": new, "percentage": 10}, {"version_id": old, "percentage": 90}],
                "annotations": note,
            },
        ),
        (
            "POST",
            "t0/deployments",
            "",
            {
                "strategy": "percentage",
                "versions": [{"version_id": new, "percentage": 100}],
                "annotations": note,
            },
        ),
    ]
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in recording.requests)
    assert scope(journal) == {
        "tenant/t0": {
            "state": "done",
            "old_version": old,
            "new_version": new,
            "percentage": 100,
            "error": None,
            "error_kind": None,
        },
        "wave/1": {"status": "done", "passed": 2, "reason": None},
    }
    assert deployed(emulator, "t0") == [(new, 100)]


async def test_a_failed_check_sends_the_rollback_and_journals_it(tmp_path: Path) -> None:
    """The check fails at 10%: the one rollback request (old at 100%) follows the split, and the journal
    says the tenant is rolled back and why the wave was."""
    emulator = Emulator()
    cf, recording, _ = await fleet(emulator, 1)
    journal = tmp_path / "rollout.sqlite3"
    old = old_version(emulator, "t0")

    async def fails(wave: Wave) -> bool:
        return False

    async with cf:
        report = await rollout(cf, NS, ["t0"], NEW, check=fails, waves=1, pause=0, journal=journal)
    new = report.tenants["t0"].new_version
    sent = recording.sent()
    assert [(m, p) for m, p, _, _ in sent] == [
        ("GET", "t0/deployments"),
        ("POST", "t0/versions"),
        ("POST", "t0/deployments"),
        ("POST", "t0/deployments"),
    ]
    assert sent[3] == (
        "POST",
        "t0/deployments",
        "",
        {"strategy": "percentage", "versions": [{"version_id": old, "percentage": 100}]},
    )
    assert (report.stopped_at, report.stopped) == (1, "wave 1 was rolled back: its check failed at 10%")
    assert scope(journal) == {
        "tenant/t0": {
            "state": "rolled_back",
            "old_version": old,
            "new_version": new,
            "percentage": 0,
            "error": None,
            "error_kind": None,
        },
        "wave/1": {"status": "rolled_back", "passed": 0, "reason": "its check failed at 10%"},
    }
    assert deployed(emulator, "t0") == [(old, 100)]


async def test_a_rerun_after_a_cancel_goes_on_where_it_stopped(tmp_path: Path) -> None:
    """Cancelled during wave 2's check at 50%: the rerun uploads nothing for waves 1-2, sends nothing
    for wave 1, checks wave 2 at 50% again, then finishes; the report is true for every tenant."""
    emulator = Emulator()
    cf, recording, names = await fleet(emulator, 6)
    journal = tmp_path / "rollout.sqlite3"
    checks: list[tuple[int, float]] = []
    scope_to_cancel = anyio.CancelScope()

    async def check(wave: Wave) -> bool:
        checks.append((wave.number, wave.percentage))
        if (wave.number, wave.percentage) == (2, 50):
            scope_to_cancel.cancel()
            await anyio.lowlevel.checkpoint()  # the cancellation lands here, as a Ctrl-C would
        return True

    arguments = {"check": check, "waves": 3, "steps": (10, 50, 100), "pause": 0, "journal": journal}
    async with cf:
        first = await cf.deployments.get(NS, "t0")
        assert first is not None
        recording.requests.clear()
        with scope_to_cancel:
            await rollout(cf, NS, names, NEW, **arguments)  # type: ignore[arg-type]
        uploaded = {r.url.path.split("/")[-2] for r in recording.requests if r.url.path.endswith("/versions")}
        assert uploaded == {"t0", "t1", "t2", "t3"}
        recording.requests.clear()
        report = await rollout(cf, NS, names, NEW, **arguments)  # type: ignore[arg-type]

    assert checks == [
        (1, 10),
        (1, 50),
        (1, 100),
        (2, 10),
        (2, 50),
        (2, 50),
        (2, 100),
        (3, 10),
        (3, 50),
        (3, 100),
    ]
    sent = [(m, p) for m, p, _, _ in recording.sent()]
    # Wave 2 goes from 50 to 100 only (one deployment each), wave 3 does everything.
    assert sorted(sent) == sorted(
        [("POST", "t2/deployments"), ("POST", "t3/deployments")]
        + [(m, f"{n}/{p}") for n in ("t4", "t5") for m, p in
           [("GET", "deployments"), ("POST", "versions")] + [("POST", "deployments")] * 3]
    )  # fmt: skip
    assert (report.resumed, report.complete, report.stopped, report.waves) == (True, True, None, ["done"] * 3)
    for name in names:
        tenant = report.tenants[name]
        assert (tenant.state, tenant.percentage, tenant.error) == ("done", 100, None)
        assert deployed(emulator, name) == [(tenant.new_version, 100)]
        assert len(emulator.account.namespaces[NS].scripts[name].versions) == 2  # one upload each


async def test_a_rolled_back_rollout_is_not_tried_again_without_retry(tmp_path: Path) -> None:
    """After wave 2's check failed, the same rollout again sends nothing, runs no check and says what to
    pass; with retry=True wave 2 runs again on the versions it already has (no upload), then wave 3."""
    emulator = Emulator()
    cf, recording, names = await fleet(emulator, 3)
    journal = tmp_path / "rollout.sqlite3"
    verdicts = {2: [False, True, True]}
    checks: list[tuple[int, float]] = []

    async def check(wave: Wave) -> bool:
        checks.append((wave.number, wave.percentage))
        answers = verdicts.get(wave.number)
        return answers.pop(0) if answers else True

    arguments = {"check": check, "waves": 3, "pause": 0, "journal": journal}
    async with cf:
        await rollout(cf, NS, names, NEW, **arguments)  # type: ignore[arg-type]
        checks.clear()
        recording.requests.clear()
        again = await rollout(cf, NS, names, NEW, **arguments)  # type: ignore[arg-type]
        assert (recording.requests, checks) == ([], [])
        assert (again.resumed, again.stopped_at, again.waves) == (
            True,
            2,
            ["done", "rolled_back", "not_started"],
        )
        assert again.stopped == (
            "wave 2 was rolled back by an earlier run (its check failed at 10%); "
            "run again with retry=True to try it again"
        )
        assert [again.tenants[n].state for n in names] == ["done", "rolled_back", "pending"]
        kept = again.tenants["t1"].new_version
        retried = await rollout(cf, NS, names, NEW, retry=True, **arguments)  # type: ignore[arg-type]

    assert checks == [(2, 10), (2, 100), (3, 10), (3, 100)]
    assert [(m, p) for m, p, _, _ in recording.sent()] == [
        ("POST", "t1/deployments"),
        ("POST", "t1/deployments"),
        ("GET", "t2/deployments"),
        ("POST", "t2/versions"),
        ("POST", "t2/deployments"),
        ("POST", "t2/deployments"),
    ]
    assert (retried.stopped, retried.waves) == (None, ["done"] * 3)
    assert retried.tenants["t1"].new_version == kept
    assert [deployed(emulator, n) == [(retried.tenants[n].new_version, 100)] for n in names] == [True] * 3


async def test_a_failed_tenant_is_reported_from_the_journal_on_a_rerun(tmp_path: Path) -> None:
    """A tenant that failed (NotFound) is failed again in the rerun's report, with its error's kind and
    message from the journal, and no request is sent for it or for the finished wave."""
    emulator = Emulator()
    cf, recording, names = await fleet(emulator, 2)
    journal = tmp_path / "rollout.sqlite3"
    tenants = [*names, "ghost"]
    async with cf:
        first = await rollout(cf, NS, tenants, NEW, check=passes, waves=1, pause=0, journal=journal)
        recording.requests.clear()
        again = await rollout(cf, NS, tenants, NEW, check=passes, waves=1, pause=0, journal=journal)
    original = first.tenants["ghost"].error
    error = again.tenants["ghost"].error
    assert recording.requests == []
    assert isinstance(error, EarlierFailure)
    assert (error.kind, str(error)) == ("NotFound", str(original))
    assert (again.in_state("done"), again.in_state("failed")) == (names, ["ghost"])


async def test_another_code_is_another_rollout(tmp_path: Path) -> None:
    """The journal's scope holds the code's digest: a different bundle with the same journal starts over
    (each tenant gets a version of it), and the first rollout's records stay as they were."""
    emulator = Emulator()
    cf, recording, names = await fleet(emulator, 2)
    journal = tmp_path / "rollout.sqlite3"
    newer = WorkerBundle.es_module("export default { fetch: () => new Response('newer') };")
    async with cf:
        first = await rollout(cf, NS, names, NEW, check=passes, waves=1, pause=0, journal=journal)
        recording.requests.clear()
        second = await rollout(cf, NS, names, newer, check=passes, waves=1, pause=0, journal=journal)
    uploads = [p for m, p, _, _ in recording.sent() if p.endswith("/versions")]
    assert (second.resumed, sorted(uploads)) == (False, ["t0/versions", "t1/versions"])
    for name in names:
        assert second.tenants[name].old_version == first.tenants[name].new_version
        assert deployed(emulator, name) == [(second.tenants[name].new_version, 100)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"retry": True}, "retry needs the journal of the earlier run"),
        ({"retry": 1, "journal": "j.sqlite3"}, "retry must be True or False, not int"),
        ({"journal": 7}, "journal must be a path, not int"),
        ({"report": {}}, "report must be a RolloutReport or None, not dict"),
        ({"message": "m" * 101}, "message is 101 characters long; at most 100 are allowed"),
    ],
)
async def test_bad_journal_arguments_are_refused_before_any_request(
    kwargs: dict[str, object], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """retry without a journal, a journal that is not a path, a bad report or message: InvalidInput, no
    request sent and no journal file made."""
    monkeypatch.chdir(tmp_path)
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    async with WfpClient(account_id="ACC", api_token="tok", transport=httpx.MockTransport(handler)) as cf:
        with pytest.raises(InvalidInput, match=message):
            await rollout(cf, NS, ["a1"], NEW, check=passes, **kwargs)  # type: ignore[arg-type]
    assert (sent, os.listdir(tmp_path)) == ([], [])


async def test_a_journal_that_cannot_be_written_stops_the_rollout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the journal fails (disk full) at the first tenant's record, the rollout changes nothing more
    (the next tenant is not started, no deployment is made, no check runs): report.stopped names the
    journal's error and the rollout is not complete."""
    emulator = Emulator()
    cf, recording, names = await fleet(emulator, 2)
    journal = tmp_path / "rollout.sqlite3"
    writes: list[str] = []
    real = Journal.record_state

    def record_state(self: Journal, key: str, state: dict[str, object], *, at: float) -> None:
        writes.append(key)
        if key.startswith("tenant/"):
            raise JournalError("cannot write the journal: database or disk is full")
        real(self, key, state, at=at)

    monkeypatch.setattr(Journal, "record_state", record_state)
    checks: list[Wave] = []

    async def check(wave: Wave) -> bool:
        checks.append(wave)
        return True

    async with cf:
        report = await rollout(
            cf, NS, names, NEW, check=check, waves=1, pause=0, concurrency=1, journal=journal
        )
    assert report.stopped == "stopped, the journal failed: cannot write the journal: database or disk is full"
    assert (report.complete, checks, report.waves) == (False, [], ["running"])
    assert writes == ["wave/1", "tenant/t0"]
    # t0's upload answered, then its record failed: no deployment for it, and t1 never started.
    assert [(m, p) for m, p, _, _ in recording.sent()] == [("GET", "t0/deployments"), ("POST", "t0/versions")]
    t0, t1 = report.tenants["t0"], report.tenants["t1"]
    assert (t0.state, isinstance(t0.error, JournalError), t1.state, t1.error) == (
        "uploaded",
        True,
        "pending",
        None,
    )


async def test_a_report_passed_in_again_holds_only_this_run(tmp_path: Path) -> None:
    """One RolloutReport object given to a rollout that stopped, then to another rollout of other tenants:
    it holds only the second run (its tenants, no stopped reason, complete)."""
    emulator = Emulator()
    cf, _, names = await fleet(emulator, 2)
    report = RolloutReport()

    async def fails(wave: Wave) -> bool:
        return False

    async with cf:
        await rollout(cf, NS, names[:1], NEW, check=fails, waves=1, pause=0, report=report)
        assert (report.stopped_at, list(report.tenants)) == (1, ["t0"])
        again = await rollout(cf, NS, names[1:], NEW, check=passes, waves=1, pause=0, report=report)
    assert again is report
    assert (list(report.tenants), report.stopped_at, report.stopped, report.complete) == (
        ["t1"],
        None,
        None,
        True,
    )


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("tenant/t0", "{not json", "cannot read the journal"),
        ("tenant/t0", '{"state": "exploded"}', "holds a malformed record of t0"),
        ("wave/1", '["done"]', "holds a malformed record of wave 1"),
    ],
)
async def test_a_damaged_journal_is_a_journal_error_before_any_request(
    tmp_path: Path, key: str, value: str, message: str
) -> None:
    """A journal whose rollout record is not JSON, or names no known state, raises JournalError (a
    WfpError) before the rollout sends anything."""
    emulator = Emulator()
    cf, recording, names = await fleet(emulator, 1)
    journal = tmp_path / "rollout.sqlite3"
    async with cf:
        await rollout(cf, NS, names, NEW, check=passes, waves=1, pause=0, journal=journal)
        opened = Journal(journal, "rollout", "")
        opened._db.execute("UPDATE states SET value = ? WHERE key = ?", (value, key))
        opened.close()
        recording.requests.clear()
        with pytest.raises(JournalError, match=message):
            await rollout(cf, NS, names, NEW, check=passes, waves=1, pause=0, journal=journal)
    assert recording.requests == []


class Failing(Recording):
    """The recording emulator, answering 500 (code 10013) to the requests ``fails`` picks, ``times`` times."""

    def __init__(self, inner: httpx.AsyncBaseTransport, fails: object, times: int = 1) -> None:
        super().__init__(inner)
        self.fails = fails
        self.times = times

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        if self.times and self.fails(request):  # type: ignore[operator]
            self.requests.append(request)
            self.times -= 1
            envelope = {"success": False, "errors": [{"code": 10013, "message": "boom"}], "messages": []}
            return httpx.Response(500, json={**envelope, "result": None})
        return await super().handle_async_request(request)


def deploys(body: dict[str, object]) -> object:
    """A predicate on requests: a POST .../deployments whose JSON body is ``body``."""

    def match(request: httpx.Request) -> bool:
        return (
            request.method == "POST"
            and request.url.path.endswith("/deployments")
            and json.loads(request.content) == body
        )

    return match


def split(*pairs: tuple[str | None, float]) -> dict[str, object]:
    return {"strategy": "percentage", "versions": [{"version_id": v, "percentage": p} for v, p in pairs]}


def assert_ghost_rolled_out_alone(recording: Recording, new: str, old: str) -> None:
    """The requests were ghost's alone: its deployment read, one version uploaded, then 10% and 100%."""
    sent = recording.sent()
    assert [(m, p, q) for m, p, q, _ in sent] == [
        ("GET", "ghost/deployments", ""),
        ("POST", "ghost/versions", ""),
        ("POST", "ghost/deployments", ""),
        ("POST", "ghost/deployments", ""),
    ]
    assert [body for _, _, _, body in sent[2:]] == [split((new, 10), (old, 90)), split((new, 100))]


class Crash(BaseException):
    """A process dying at one journal write (raised past every except Exception)."""


async def test_a_retry_that_dies_before_redeploying_resumes_as_a_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A retry run killed right after it journaled the wave running: its tenants were journaled taking
    part again first, so a plain rerun deploys them through 10% and 100% (not "done" serving old code)."""
    emulator = Emulator()
    cf, recording, names = await fleet(emulator, 2)
    journal = tmp_path / "rollout.sqlite3"

    async def fails(wave: Wave) -> bool:
        return False

    async with cf:
        first = await rollout(cf, NS, names, NEW, check=fails, waves=1, pause=0, journal=journal)
        assert first.in_state("rolled_back") == names
        real = Journal.record_state

        def dying(self: Journal, key: str, state: dict[str, object], *, at: float) -> None:
            real(self, key, state, at=at)
            if key == "wave/1" and state["status"] == "running":
                raise Crash

        monkeypatch.setattr(Journal, "record_state", dying)
        recording.requests.clear()
        with pytest.raises(Crash):
            await rollout(cf, NS, names, NEW, check=passes, waves=1, pause=0, journal=journal, retry=True)
        assert recording.requests == []
        monkeypatch.setattr(Journal, "record_state", real)
        olds = {n: first.tenants[n].old_version for n in names}
        news = {n: first.tenants[n].new_version for n in names}
        assert scope(journal) == {
            **{
                f"tenant/{n}": {
                    "state": "uploaded",
                    "old_version": olds[n],
                    "new_version": news[n],
                    "percentage": 0,
                    "error": None,
                    "error_kind": None,
                }
                for n in names
            },
            "wave/1": {"status": "running", "passed": 0, "reason": None},
        }
        resumed = await rollout(cf, NS, names, NEW, check=passes, waves=1, pause=0, journal=journal)
    assert sorted(recording.sent(), key=lambda s: s[1]) == [
        ("POST", f"{n}/deployments", "", body)
        for n in names
        for body in (split((news[n], 10), (olds[n], 90)), split((news[n], 100)))
    ]
    assert (resumed.waves, resumed.complete, resumed.stopped) == (["done"], True, None)
    for name in names:
        assert (resumed.tenants[name].state, resumed.tenants[name].percentage) == ("done", 100)
        assert deployed(emulator, name) == [(news[name], 100)]


async def test_a_tenant_whose_rollback_failed_is_rolled_back_by_the_rerun(tmp_path: Path) -> None:
    """The rollback of a tenant at 100% answers 500: the report says it failed and still serves the new
    version (percentage 100, still_on_new, the stopped sentence); the plain rerun sends exactly its
    rollback, after which it is failed at 0% on its old version, and the journal says so."""
    emulator = Emulator()
    inner = emulator.transport()
    seeded, _, _ = await fleet(emulator, 1)
    await seeded.aclose()
    old = old_version(emulator, "t0")
    failing = Failing(inner, deploys(split((old, 100))))
    journal = tmp_path / "rollout.sqlite3"

    async def fails(wave: Wave) -> bool:
        return False

    arguments = {"check": fails, "waves": 1, "steps": (100,), "pause": 0, "journal": journal}
    async with WfpClient(
        account_id=emulator.account_id, api_token=TOKEN, transport=failing, retry=NO_RETRY, rate_limit=None
    ) as cf:
        first = await rollout(cf, NS, ["t0"], NEW, **arguments)  # type: ignore[arg-type]
        new = first.tenants["t0"].new_version
        assert deployed(emulator, "t0") == [(new, 100)]
        tenant = first.tenants["t0"]
        assert (tenant.state, tenant.percentage, tenant.error_kind, first.still_on_new()) == (
            "failed",
            100,
            "ServerError",
            ["t0"],
        )
        assert first.stopped == (
            "wave 1 was rolled back: its check failed at 100%; 1 of its tenants may still serve the new "
            "version (t0): their rollback failed; run again to roll them back"
        )
        assert scope(journal)["tenant/t0"] == {
            "state": "failed",
            "old_version": old,
            "new_version": new,
            "percentage": 100,
            "error": str(tenant.error),
            "error_kind": "ServerError",
        }
        failing.requests.clear()
        again = await rollout(cf, NS, ["t0"], NEW, **arguments)  # type: ignore[arg-type]
    assert failing.sent() == [("POST", "t0/deployments", "", split((old, 100)))]
    tenant = again.tenants["t0"]
    assert (tenant.state, tenant.percentage, again.still_on_new(), again.waves) == (
        "failed",
        0,
        [],
        ["rolled_back"],
    )
    assert again.stopped == (
        "wave 1 was rolled back by an earlier run (its check failed at 100%); "
        "run again with retry=True to try it again"
    )
    assert scope(journal)["tenant/t0"]["percentage"] == 0
    assert deployed(emulator, "t0") == [(old, 100)]


async def test_retry_takes_the_failed_tenants_of_a_finished_wave_through_every_step(tmp_path: Path) -> None:
    """A tenant that failed (it did not exist yet) in a wave that finished: retry=True uploads it and
    deploys 10% then 100%, checking the wave at each; the done tenant gets no request."""
    emulator = Emulator()
    cf, recording, _ = await fleet(emulator, 1)
    journal = tmp_path / "rollout.sqlite3"
    checks: list[tuple[int, float]] = []

    async def check(wave: Wave) -> bool:
        checks.append((wave.number, wave.percentage))
        return True

    arguments = {"check": check, "waves": 1, "pause": 0, "journal": journal}
    async with cf:
        first = await rollout(cf, NS, ["t0", "ghost"], NEW, **arguments)  # type: ignore[arg-type]
        assert (first.waves, first.in_state("failed")) == (["done"], ["ghost"])
        await cf.scripts.put(NS, "ghost", OLD)
        old = old_version(emulator, "ghost")
        recording.requests.clear()
        checks.clear()
        retried = await rollout(cf, NS, ["t0", "ghost"], NEW, retry=True, **arguments)  # type: ignore[arg-type]
    new = retried.tenants["ghost"].new_version
    assert_ghost_rolled_out_alone(recording, new, old)
    assert checks == [(1, 10), (1, 100)]
    assert (retried.waves, retried.in_state("done"), retried.in_state("failed")) == (
        ["done"],
        ["t0", "ghost"],
        [],
    )
    assert scope(journal)["wave/1"] == {"status": "done", "passed": 2, "reason": None}
    assert deployed(emulator, "ghost") == [(new, 100)]


async def test_a_retried_tenant_of_a_running_wave_gets_its_canary_share_first(tmp_path: Path) -> None:
    """t1's 10% deployment failed and the run was cancelled at the 100% check (wave running, passed 1):
    retry=True deploys t1 at 10% and checks the wave there before 100%, and leaves t0 (at 100%) alone."""
    emulator = Emulator()
    inner = emulator.transport()
    seeded, _, names = await fleet(emulator, 2)
    await seeded.aclose()
    olds = {n: old_version(emulator, n) for n in names}

    def t1_split(request: httpx.Request) -> bool:
        if request.method != "POST" or not request.url.path.endswith("/t1/deployments"):
            return False
        return len(json.loads(request.content)["versions"]) == 2

    failing = Failing(inner, t1_split)
    journal = tmp_path / "rollout.sqlite3"
    checks: list[tuple[int, float]] = []
    cancel = anyio.CancelScope()

    async def check(wave: Wave) -> bool:
        checks.append((wave.number, wave.percentage))
        if wave.percentage == 100 and len(checks) == 2:
            cancel.cancel()
            await anyio.lowlevel.checkpoint()
        return True

    arguments = {"check": check, "waves": 1, "pause": 0, "journal": journal, "concurrency": 1}
    async with WfpClient(
        account_id=emulator.account_id, api_token=TOKEN, transport=failing, retry=NO_RETRY, rate_limit=None
    ) as cf:
        with cancel:
            await rollout(cf, NS, names, NEW, **arguments)  # type: ignore[arg-type]
        states = scope(journal)
        assert states["wave/1"] == {"status": "running", "passed": 1, "reason": None}
        assert (states["tenant/t0"]["state"], states["tenant/t1"]["state"]) == ("done", "failed")
        new = str(states["tenant/t1"]["new_version"])
        failing.requests.clear()
        checks.clear()
        retried = await rollout(cf, NS, names, NEW, retry=True, **arguments)  # type: ignore[arg-type]
    assert failing.sent() == [
        ("POST", "t1/deployments", "", split((new, 10), (olds["t1"], 90))),
        ("POST", "t1/deployments", "", split((new, 100))),
    ]
    assert checks == [(1, 10), (1, 100)]
    assert (retried.waves, retried.in_state("done")) == (["done"], names)
    assert deployed(emulator, "t1") == [(new, 100)]


async def test_a_failed_check_rolls_the_wave_back_even_when_the_journal_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal cannot record the wave rolled back (disk full): every tenant is still sent its
    rollback (the safe direction), the report says rolled back and names the journal's error, and the
    run is not complete."""
    emulator = Emulator()
    cf, recording, names = await fleet(emulator, 2)
    journal = tmp_path / "rollout.sqlite3"
    real = Journal.record_state

    def record_state(self: Journal, key: str, state: dict[str, object], *, at: float) -> None:
        if key == "wave/1" and state["status"] == "rolled_back":
            raise JournalError("cannot write the journal: database or disk is full")
        real(self, key, state, at=at)

    monkeypatch.setattr(Journal, "record_state", record_state)

    async def fails(wave: Wave) -> bool:
        return False

    olds = {n: old_version(emulator, n) for n in names}
    async with cf:
        report = await rollout(cf, NS, names, NEW, check=fails, waves=1, pause=0, journal=journal)
    rollbacks = [s for s in recording.sent() if s[3] == split((olds[s[1].split("/")[0]], 100))]
    assert sorted(rollbacks) == [("POST", f"{n}/deployments", "", split((olds[n], 100))) for n in names]
    assert report.stopped == (
        "wave 1 was rolled back: its check failed at 10%; "
        "the journal failed: cannot write the journal: database or disk is full"
    )
    assert (report.complete, report.waves, report.in_state("rolled_back"), report.still_on_new()) == (
        False,
        ["rolled_back"],
        names,
        [],
    )
    for name in names:
        assert deployed(emulator, name) == [(olds[name], 100)]


async def test_another_tenant_order_starts_over_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The same rollout with its tenants in another order is another rollout (another plan): it starts
    over, uploading a version for every tenant again, and says so in report.warnings and the log; the
    first run, alone in its journal, has no warning."""
    emulator = Emulator()
    cf, recording, names = await fleet(emulator, 2)
    journal = tmp_path / "rollout.sqlite3"
    async with cf:
        first = await rollout(cf, NS, names, NEW, check=passes, waves=1, pause=0, journal=journal)
        recording.requests.clear()
        caplog.clear()
        with caplog.at_level("WARNING", logger="wfp_async"):
            second = await rollout(cf, NS, names[::-1], NEW, check=passes, waves=1, pause=0, journal=journal)
    warning = (
        f"the journal {str(journal)!r} holds another rollout to namespace 'tenants' (other code, tenants, "
        "tenant order, message, waves or steps): this one starts over; that one resumes only with its own "
        "arguments"
    )
    assert (first.warnings, second.warnings, second.resumed) == ([], [warning], False)
    assert [r.getMessage() for r in caplog.records] == [f"rollout: {warning}"]
    uploads = sorted(p for m, p, _, _ in recording.sent() if p.endswith("/versions"))
    assert uploads == ["t0/versions", "t1/versions"]


async def test_the_error_kind_is_the_class_name_or_the_kind_an_earlier_failure_kept(tmp_path: Path) -> None:
    """TenantRollout.error_kind is NotFound for the NotFound of the first run and for the EarlierFailure
    the rerun reads back from the journal; None without an error."""
    emulator = Emulator()
    cf, _, _ = await fleet(emulator, 1)
    journal = tmp_path / "rollout.sqlite3"
    async with cf:
        first = await rollout(cf, NS, ["t0", "ghost"], NEW, check=passes, waves=1, pause=0, journal=journal)
        again = await rollout(cf, NS, ["t0", "ghost"], NEW, check=passes, waves=1, pause=0, journal=journal)
    assert type(first.tenants["ghost"].error).__name__ == "NotFound"
    assert isinstance(again.tenants["ghost"].error, EarlierFailure)
    assert [r.tenants[n].error_kind for r in (first, again) for n in ("t0", "ghost")] == [
        None,
        "NotFound",
        None,
        "NotFound",
    ]


async def test_a_retry_that_dies_after_journaling_a_finished_waves_tenant_is_resumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """retry=True of a finished wave's failed tenant, killed right after that tenant is journaled taking
    part again (the wave still says done): a plain rerun runs the wave for it, 10% then 100%, instead of
    skipping the wave and reporting a complete rollout with the tenant pending on its old code."""
    emulator = Emulator()
    cf, recording, _ = await fleet(emulator, 1)
    journal = tmp_path / "rollout.sqlite3"
    arguments = {"check": passes, "waves": 1, "pause": 0, "journal": journal}
    async with cf:
        first = await rollout(cf, NS, ["t0", "ghost"], NEW, **arguments)  # type: ignore[arg-type]
        assert (first.waves, first.in_state("failed")) == (["done"], ["ghost"])
        real = Journal.record_state

        def dying(self: Journal, key: str, state: dict[str, object], *, at: float) -> None:
            real(self, key, state, at=at)
            if key == "tenant/ghost":
                raise Crash

        monkeypatch.setattr(Journal, "record_state", dying)
        with pytest.raises(Crash):
            await rollout(cf, NS, ["t0", "ghost"], NEW, retry=True, **arguments)  # type: ignore[arg-type]
        monkeypatch.setattr(Journal, "record_state", real)
        assert scope(journal)["wave/1"] == {"status": "done", "passed": 2, "reason": None}
        assert scope(journal)["tenant/ghost"]["state"] == "pending"
        await cf.scripts.put(NS, "ghost", OLD)  # what made it fail is mended
        old = old_version(emulator, "ghost")
        recording.requests.clear()
        resumed = await rollout(cf, NS, ["t0", "ghost"], NEW, **arguments)  # type: ignore[arg-type]
    new = resumed.tenants["ghost"].new_version
    assert_ghost_rolled_out_alone(recording, new, old)
    assert (resumed.waves, resumed.complete, resumed.in_state("done")) == (["done"], True, ["t0", "ghost"])
    assert scope(journal)["wave/1"] == {"status": "done", "passed": 2, "reason": None}
    assert deployed(emulator, "ghost") == [(new, 100)]


def test_a_retried_tenant_that_may_serve_the_new_version_is_still_on_new() -> None:
    """A tenant taking part again (uploaded) with a share it may still serve, in a wave a journal error
    stopped at 'running', is named by still_on_new(): the report does not hide what it serves."""
    report = RolloutReport()
    report.waves = ["running"]
    report.tenants = {
        "a": TenantRollout("a", 1, state="uploaded", percentage=100),
        "b": TenantRollout("b", 1, state="uploaded", percentage=0),
        "c": TenantRollout("c", 1, state="done", percentage=100),
    }
    assert report.still_on_new() == ["a"]


async def test_a_cancel_right_after_a_deployment_lands_leaves_the_report_true() -> None:
    """The run is cancelled as t0's 10% deployment answers: the report passed in says t0 may serve 10%
    (the emulator serves exactly that), not 0%."""
    emulator = Emulator()
    inner = emulator.transport()
    seeded, _, _ = await fleet(emulator, 1)
    await seeded.aclose()
    scope_: list[anyio.CancelScope] = []

    class Cancelling(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            response = await inner.handle_async_request(request)
            if request.method == "POST" and request.url.path.endswith("/deployments"):
                scope_[0].cancel()
                await anyio.lowlevel.checkpoint()
            return response

    report = RolloutReport()
    async with WfpClient(
        account_id=emulator.account_id,
        api_token=TOKEN,
        transport=Cancelling(),
        retry=NO_RETRY,
        rate_limit=None,
    ) as cf:
        with anyio.CancelScope() as cancel:
            scope_.append(cancel)
            await rollout(cf, NS, ["t0"], NEW, check=passes, waves=1, pause=0, report=report)
        assert cancel.cancelled_caught
    tenant = report.tenants["t0"]
    assert deployed(emulator, "t0") == [(tenant.new_version, 10), (old_version(emulator, "t0"), 90)]
    assert (tenant.state, tenant.percentage) == ("uploaded", 10)
