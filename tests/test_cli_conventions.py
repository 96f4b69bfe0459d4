"""The ``wfp`` command as wrangler users expect it: --json after the command, --dispatch-namespace,
confirmations and dry runs for deletes, a hidden secret prompt, wrangler configs in deploy folders, typed
bindings in settings, version and help, each checked against an emulator's state. Terminal behaviour
(prompts, confirmations, echo) runs in a real pseudo-terminal with pexpect."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import anyio
import pexpect
import pytest
from test_cli import ENV, MAIN_JS, NS, closed_port_url, emu, run, run_json, server, uploaded, url, worker

import wfp_async
from wfp_async import PlainText, SecretText, UploadOptions, WfpClient, WorkerBundle
from wfp_async.emulator import Emulator, FaultConfig

__all__ = ["emu", "server", "uploaded", "url"]  # fixtures shared with test_cli

WFP = str(Path(sys.executable).with_name("wfp"))
ES = "application/javascript+module"


def scripts_of(emulator: Emulator) -> list[str]:
    return sorted(emulator.namespaces[NS].scripts)


# --- --json wherever users put it, and the README's commands -------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["namespaces", "list"],
        ["namespaces", "get", NS],
        ["scripts", "list", "-n", NS],
        ["scripts", "list", "-n", NS, "--tag", "a"],
        ["scripts", "get", "-n", NS, "acme"],
        ["secrets", "list", "-n", NS, "acme"],
        ["tags", "list", "-n", NS, "acme"],
        ["settings", "get", "-n", NS, "acme"],
    ],
)
def test_json_after_the_command_equals_json_before_it(url: str, uploaded: Path, args: list[str]) -> None:
    """`wfp CMD ... --json` prints exactly what `wfp --json CMD ...` prints."""
    after = run(url, *args, "--json")
    assert (after.exit_code, after.stderr) == (0, "")
    assert json.loads(after.stdout) == run_json(url, *args)


def test_readme_command_line_section_runs(emu: Emulator, url: str, uploaded: Path, tmp_path: Path) -> None:
    """Every `wfp` line of the README's command-line section runs as written (against the emulator)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("## The command line", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = [line.split("#", 1)[0].split() for line in section.splitlines() if line.startswith("wfp ")]
    assert len(lines) >= 4
    workers = tmp_path / "workers"
    for name in ("t1", "t2"):
        worker(workers / name)
    for words in lines:
        args = [str(workers) + word[9:] if word.startswith("./workers") else word for word in words[1:]]
        if args[0] in ("demo", "dev"):
            continue  # servers of their own, each run by its own tests (test_cli.py, tests/local/)
        result = run(url, *args)
        assert result.exit_code == 0, (words, result.output)
    assert {"t1", "t2"} <= set(scripts_of(emu))
    listed = run(url, "scripts", "list", "-n", NS, "--tag", "wave-1", "--json")
    assert sorted(row["name"] for row in json.loads(listed.stdout)) == ["t1", "t2"]


def test_dispatch_namespace_is_an_alias_of_namespace(url: str, uploaded: Path) -> None:
    """`--dispatch-namespace NS` (wrangler's flag) means `-n NS`."""
    assert run_json(url, "scripts", "list", "--dispatch-namespace", NS) == run_json(
        url, "scripts", "list", "-n", NS
    )


# --- destructive commands: --dry-run, --yes, and the terminal's confirmation ------------------------


@pytest.mark.parametrize(
    ("args", "plan"),
    [
        (["namespaces", "delete", NS], {"would_delete": NS, "script_count": 2}),
        (["scripts", "delete", "-n", NS, "acme"], {"would_delete": ["acme"]}),
        (
            ["scripts", "delete-by-tag", "-n", NS, "--tag", "b"],
            {"would_delete_count": 2, "would_delete": ["acme", "beta"]},
        ),
    ],
)
def test_dry_run_deletes_nothing(
    emu: Emulator, url: str, uploaded: Path, args: list[str], plan: object
) -> None:
    """--dry-run prints what would be deleted and leaves every script in place."""
    assert run_json(url, *args, "--dry-run") == plan
    assert scripts_of(emu) == ["acme", "beta"]


def test_dry_run_of_a_missing_script_is_the_not_found_error(url: str, uploaded: Path) -> None:
    """A dry run of deleting a script that does not exist says so, as the delete would."""
    result = run(url, "scripts", "delete", "-n", NS, "nope", "--dry-run")
    assert result.exit_code == 1
    assert "404 [10007]" in result.stderr


@pytest.fixture
def served() -> Iterator[tuple[Emulator, str]]:
    """An emulator with scripts ``acme`` and ``beta`` in ``tenants``, on a loopback port, for subprocesses."""
    emulator = Emulator()
    emulator.account.create_namespace({"name": NS})

    async def upload() -> None:
        async with WfpClient(
            account_id=emulator.account_id, api_token="emu-token", transport=emulator.transport()
        ) as cf:
            for script in ("acme", "beta"):
                await cf.scripts.put(
                    NS, script, WorkerBundle.es_module(MAIN_JS), options=UploadOptions(tags=["b"])
                )

    anyio.run(upload)
    with emulator.serve() as base_url:
        yield emulator, base_url


def spawn(base_url: str, *args: str, term: str = "dumb") -> pexpect.spawn:
    """`wfp ARGS` in a pseudo-terminal (stdin and stdout are a terminal), against ``base_url``."""
    env = {**os.environ, **ENV, "WFP_BASE_URL": base_url, "NO_COLOR": "1", "TERM": term}
    return pexpect.spawn(WFP, list(args), env=env, encoding="utf-8", timeout=20, dimensions=(40, 200))


def finish(child: pexpect.spawn) -> tuple[int, str]:
    """Wait for the end: the exit status and everything it printed after the last expect."""
    rest = child.read()
    child.close()
    assert child.exitstatus is not None, "killed by a signal"
    return child.exitstatus, rest


@pytest.mark.parametrize(
    ("args", "question"),
    [
        (["scripts", "delete", "-n", NS, "acme"], "Delete script 'acme' from namespace 'tenants'? [y/N]: "),
        (["namespaces", "delete", NS], "Delete namespace 'tenants' and every script in it? [y/N]: "),
        (
            ["scripts", "delete-by-tag", "-n", NS, "--tag", "b"],
            "Delete every script in 'tenants' tagged b? [y/N]: ",
        ),
    ],
)
def test_terminal_confirmation_no_keeps_everything(
    served: tuple[Emulator, str], args: list[str], question: str
) -> None:
    """On a terminal a delete asks first; answering no deletes nothing and exits 1."""
    emulator, base_url = served
    child = spawn(base_url, *args)
    child.expect_exact(question)
    child.sendline("n")
    status, rest = finish(child)
    assert (status, rest.splitlines()) == (1, ["n", "error: aborted: nothing was deleted"])
    assert scripts_of(emulator) == ["acme", "beta"]


def test_terminal_confirmation_yes_deletes(served: tuple[Emulator, str]) -> None:
    """Answering y deletes the script, and only it."""
    emulator, base_url = served
    child = spawn(base_url, "scripts", "delete", "-n", NS, "acme")
    child.expect_exact("[y/N]: ")
    child.sendline("y")
    status, rest = finish(child)
    assert status == 0
    assert "deleted: acme" in rest
    assert scripts_of(emulator) == ["beta"]


def test_yes_skips_the_question_on_a_terminal(served: tuple[Emulator, str]) -> None:
    """--yes deletes without asking, even on a terminal."""
    emulator, base_url = served
    status, out = finish(spawn(base_url, "scripts", "delete", "-n", NS, "acme", "--yes"))
    assert (status, out.strip()) == (0, "deleted: acme")
    assert scripts_of(emulator) == ["beta"]


def test_secret_prompt_hides_the_value(served: tuple[Emulator, str]) -> None:
    """`secrets put` on a terminal prompts, does not echo what is typed, and stores exactly it."""
    emulator, base_url = served
    child = spawn(base_url, "secrets", "put", "-n", NS, "acme", "API_KEY")
    child.expect_exact("Enter a secret value: ")
    child.sendline("hunter2-typed")
    status, rest = finish(child)
    assert status == 0
    assert "hunter2-typed" not in rest
    assert "name: API_KEY" in rest
    binding = emulator.namespaces[NS].scripts["acme"].secrets["API_KEY"]
    assert binding["text"] == "hunter2-typed"


# --- deploy: wrangler configs, --main-module, what a folder uploads, --dry-run ------------------------


def tenant(root: Path, name: str, config: tuple[str, str] | None, main: str = "src/worker.js") -> Path:
    """A Worker folder as wrangler lays it out: code under src/, a README, package.json, node_modules."""
    folder = root / name
    (folder / "src").mkdir(parents=True)
    (folder / main).write_text(MAIN_JS)
    (folder / "src" / "lib.js").write_text("export const x = 1;\n")
    (folder / "README.md").write_text("docs\n")
    (folder / "package.json").write_text("{}\n")
    (folder / "node_modules" / "dep").mkdir(parents=True)
    (folder / "node_modules" / "dep" / "index.js").write_text("module.exports = 1\n")
    (folder / ".dev.vars").write_text("SECRET=x\n")
    if config is not None:
        (folder / config[0]).write_text(config[1])
    return folder


TOML = """name = "x"
main = "./src/worker.js"
compatibility_date = "2025-03-04"
compatibility_flags = ["nodejs_compat"]
"""
JSONC = """{
  // the entry
  "main": "src/worker.js",
  /* a date */ "compatibility_date": "2025-05-06",
  "compatibility_flags": ["nodejs_compat", "url_standard",],
}
"""


def test_deploy_reads_each_folders_wrangler_config(emu: Emulator, url: str, tmp_path: Path) -> None:
    """main, compatibility_date and compatibility_flags come from wrangler.toml / wrangler.jsonc; only
    modules are uploaded."""
    root = tmp_path / "workers"
    tenant(root, "a", ("wrangler.toml", TOML))
    tenant(root, "b", ("wrangler.jsonc", JSONC))
    result = run(url, "deploy", str(root), "--dispatch-namespace", NS)
    assert result.exit_code == 0, result.output
    scripts = emu.namespaces[NS].scripts
    expected = {
        "a": ("2025-03-04", ["nodejs_compat"]),
        "b": ("2025-05-06", ["nodejs_compat", "url_standard"]),
    }
    for name, (date, flags) in expected.items():
        settings = run_json(url, "settings", "get", "-n", NS, name)
        assert (settings["compatibility_date"], settings["compatibility_flags"]) == (date, flags)
        content = run_json(url, "scripts", "content", "-n", NS, name)
        assert [row["name"] for row in content] == ["src/lib.js", "src/worker.js"]
        assert scripts[name].main_module == "src/worker.js"


def test_deploy_command_line_wins_over_the_config(emu: Emulator, url: str, tmp_path: Path) -> None:
    """--compatibility-date and --main-module override the wrangler config."""
    root = tmp_path / "workers"
    folder = tenant(root, "a", ("wrangler.toml", TOML))
    (folder / "src" / "other.js").write_text(MAIN_JS)
    result = run(
        url,
        "deploy",
        str(root),
        "-n",
        NS,
        "--compatibility-date",
        "2024-01-02",
        "--main-module",
        "src/other.js",
    )
    assert result.exit_code == 0, result.output
    assert emu.namespaces[NS].scripts["a"].main_module == "src/other.js"
    assert run_json(url, "settings", "get", "-n", NS, "a")["compatibility_date"] == "2024-01-02"


def test_deploy_dry_run_lists_the_plan_and_sends_nothing(emu: Emulator, url: str, tmp_path: Path) -> None:
    """--dry-run prints per Worker its entry, modules and options, and sends no request."""
    root = tmp_path / "workers"
    tenant(root, "a", ("wrangler.toml", TOML))
    tenant(root, "b", None, main="index.js")
    worker(root / "c", None)  # no main module
    plan = run_json(url, "deploy", str(root), "-n", NS, "--tag", "wave-1", "--dry-run")
    size = len(MAIN_JS)
    lib = {"name": "src/lib.js", "content_type": ES, "size": 20}
    assert plan == [
        {
            "name": "a",
            "main_module": "src/worker.js",
            "modules": [
                lib,
                {"name": "src/worker.js", "content_type": ES, "size": size},
            ],
            "compatibility_date": "2025-03-04",
            "compatibility_flags": ["nodejs_compat"],
            "tags": ["wave-1"],
        },
        {
            "name": "b",
            "main_module": "index.js",
            "modules": [
                {"name": "index.js", "content_type": ES, "size": size},
                lib,
            ],
            "compatibility_date": None,
            "compatibility_flags": [],
            "tags": ["wave-1"],
        },
        {
            "name": "c",
            "error": f"no main module found in {str(root / 'c')!r}: none of index.js, index.mjs, worker.js, "
            "main.py, src/index.js is present; pass main_module=",
            "compatibility_date": None,
            "compatibility_flags": [],
            "tags": ["wave-1"],
        },
    ]
    assert scripts_of(emu) == []
    # Nothing is sent at all: the same dry run against a closed port gives the same plan.
    assert run_json(closed_port_url(), "deploy", str(root), "-n", NS, "--tag", "wave-1", "--dry-run") == plan


def test_deploy_dry_run_table(url: str, tmp_path: Path) -> None:
    """Without --json the plan is one line per Worker and one per module, then what was (not) sent."""
    root = tmp_path / "workers"
    tenant(root, "a", ("wrangler.toml", TOML))
    result = run(url, "deploy", str(root), "-n", NS, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "a (main src/worker.js): compatibility_date 2025-03-04, compatibility_flags nodejs_compat",
        "  src/lib.js  application/javascript+module  20 bytes",
        f"  src/worker.js  application/javascript+module  {len(MAIN_JS)} bytes",
        "1 Workers would be deployed; nothing was sent.",
    ]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("wrangler.toml", "main = [", "not a readable wrangler config"),
        ("wrangler.json", '{"main": 3}', "main must be a string"),
        ("wrangler.json", '{"main": "../outside.js"}', "main must be a path inside the Worker folder"),
        ("wrangler.json", '{"compatibility_flags": "x"}', "compatibility_flags must be a list of strings"),
    ],
)
def test_bad_wrangler_config_is_one_line(
    url: str, tmp_path: Path, name: str, text: str, message: str
) -> None:
    """A wrangler config that cannot be used fails before any upload, in one line naming the file."""
    root = tmp_path / "workers"
    tenant(root, "a", (name, text))
    result = run(url, "deploy", str(root), "-n", NS)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {root / 'a' / name}: {message}")


# --- settings, version, help ---------------------------------------------------------------------------


def test_settings_get_shows_each_binding_with_its_type(emu: Emulator, url: str) -> None:
    """Bindings are listed as NAME (type), secrets included, and as typed JSON without their values."""

    async def upload() -> None:
        async with WfpClient(
            account_id="emu-account", api_token="emu-token", transport=emu.transport()
        ) as cf:
            options = UploadOptions(bindings=[PlainText("PLAN", "pro"), SecretText("KEY", text="s3cr3t")])
            await cf.scripts.put(NS, "acme", WorkerBundle.es_module(MAIN_JS), options=options)

    anyio.run(upload)
    table = run(url, "settings", "get", "-n", NS, "acme")
    assert "bindings: PLAN (plain_text), KEY (secret_text)" in table.stdout.splitlines()
    bindings = run_json(url, "settings", "get", "-n", NS, "acme")["bindings"]
    assert bindings == [
        {"name": "PLAN", "type": "plain_text", "text": "pro"},
        {"name": "KEY", "type": "secret_text"},
    ]
    assert "s3cr3t" not in table.stdout


def test_version() -> None:
    """`wfp --version` and `wfp_async.__version__` say the distribution's version."""
    from importlib.metadata import version

    result = run("http://unused", "--version")
    assert result.stdout == f"wfp, version {wfp_async.__version__}\n"
    assert wfp_async.__version__ == version("wfp-async")


def test_emulator_help_calls_itself_wfp_emulator() -> None:
    """`wfp emulator --help` shows `usage: wfp emulator`, not the module path."""
    result = run("http://unused", "emulator", "--help")
    assert result.stdout.startswith("usage: wfp emulator ")


def test_help_names_the_base_url_variable() -> None:
    """`wfp --help` shows that WFP_BASE_URL sets --base-url."""
    result = run("http://unused", "--help")
    assert "env var: WFP_BASE_URL" in " ".join(result.stdout.split())


async def test_a_closed_client_raises_client_closed() -> None:
    """A call after aclose() raises ClientClosed (a WfpError) naming the request, and sends nothing."""
    emulator = Emulator()
    cf = WfpClient(account_id=emulator.account_id, api_token="emu-token", transport=emulator.transport())
    await cf.aclose()
    with pytest.raises(wfp_async.ClientClosed) as caught:
        await cf.namespaces.list()
    path = f"/client/v4/accounts/{emulator.account_id}/workers/dispatch/namespaces"
    assert str(caught.value) == f"GET {path}: the client is closed (used after aclose())"


pytest_plugins = ["pytester"]


def test_fixture_without_the_emulator_extra_names_it(pytester: pytest.Pytester) -> None:
    """With starlette missing, pytest still runs (our plugins import nothing of it), and a test using
    wfp_emulator fails in one line naming the extra to install."""
    pytester.makeconftest("import sys\nsys.modules['starlette'] = None\n")
    pytester.makepyfile("def test_it(wfp_emulator):\n    pass\n\ndef test_plain():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "wfp_emulator", "-W", "ignore")
    result.assert_outcomes(passed=1, errors=1)  # pytest itself loads every plugin of ours without it
    hint = "the wfp_emulator fixtures need the 'emulator' extra: pip install 'wfp-async[emulator]' ("
    assert hint in result.stdout.str()
    assert "During handling" not in result.stdout.str()


def test_deploy_on_a_terminal_shows_progress_and_ctrl_c_says_how_to_resume(tmp_path: Path) -> None:
    """In a pseudo-terminal `wfp deploy` draws its progress display; Ctrl-C (the terminal's ^C) stops it
    with exit 130, a line saying what landed, and the exact command that resumes from the journal."""
    emulator = Emulator(faults=FaultConfig(latency=(0.05, 0.05)))
    emulator.account.create_namespace({"name": NS})
    root = tmp_path / "workers"
    for i in range(200):
        worker(root / f"w{i:03d}")
    with emulator.serve() as base_url:
        # A terminal that can redraw (rich draws no live display on a dumb one).
        child = spawn(base_url, "deploy", str(root), "-n", NS, "--concurrency", "2", term="xterm")
        child.expect_exact("journal: ")
        done = 0
        while done == 0:  # the live display, redrawn in place until some Workers have landed
            child.expect(r"deploying.*? (\d+)/200")
            done = int(child.match.group(1))
        child.sendintr()
        status, rest = finish(child)
    assert status == 130
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", rest).replace("\r", "\n")  # the display's escapes
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    interrupted = next(line for line in lines if line.startswith("interrupted: "))
    found = re.fullmatch(
        r"interrupted: (\d+) deployed, 0 failed, 0 unchanged of 200; "
        r"the uploads in flight may or may not have landed\.",
        interrupted,
    )
    assert found is not None, interrupted
    journal = root / f".wfp-deploy-{NS}.sqlite3"
    assert f"resume with: wfp deploy {root} -n {NS} --concurrency 2 --journal {journal}" in lines
    deployed, landed = int(found.group(1)), len(emulator.namespaces[NS].scripts)
    assert 0 < deployed <= landed <= deployed + 2 < 200  # at most the two in flight landed unreported
