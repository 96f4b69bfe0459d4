"""The ``wfp`` command line: every resource, bulk deploys with live progress, the emulator, the demo.

Credentials come from ``CLOUDFLARE_API_TOKEN`` and ``CLOUDFLARE_ACCOUNT_ID`` (or the flags);
``--base-url`` points it at an emulator. Tables for people, ``--json`` for programs. Failures print one
line on stderr and exit non-zero; a traceback is only ever a bug.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

try:
    import anyio
    import attrs
    import click
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.table import Table
except ImportError as exc:  # pragma: no cover - depends on the install
    sys.stderr.write(f"error: the wfp command needs the 'cli' extra: pip install 'wfp-async[cli]' ({exc})\n")
    raise SystemExit(1) from None

from wfp_async import __version__
from wfp_async._bulk import DEFAULT_RATE_LIMIT, BulkReport, DeployItem, ItemResult, RateLimit
from wfp_async._client import WfpClient
from wfp_async._errors import AuthenticationError, TransportError, WfpError
from wfp_async._metadata import SecretText, UploadOptions
from wfp_async._modules import WorkerBundle
from wfp_async._project import WranglerConfig, read_wrangler_config
from wfp_async._ratelimit import LocalLimiter
from wfp_async._transport import DEFAULT_BASE_URL

T = TypeVar("T")

err_console = Console(stderr=True)


class CliError(click.ClickException):
    """One clear line, exit status 1."""

    def show(self, file: Any = None) -> None:
        # Escaped: a message quoting user input ("[/x]") must not be read as markup (MarkupError). Soft wrap:
        # one line even when stderr is not a terminal (rich would break it at 80 columns).
        err_console.print(f"[red]error:[/red] {escape(self.message)}", highlight=False, soft_wrap=True)


AUTH_HINT = (
    "check CLOUDFLARE_API_TOKEN (or --api-token) and CLOUDFLARE_ACCOUNT_ID: the token needs the "
    '"Workers Scripts: Edit" permission on this account'
)


def _json_flag(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        state = ctx.find_object(State)
        if state is not None:
            state.as_json = True


def _json_option() -> click.Option:
    return click.Option(
        ["--json"], is_flag=True, expose_value=False, callback=_json_flag, help="Print JSON for programs."
    )


class Command(click.Command):
    """A command that also takes ``--json`` after its name (``wfp scripts list -n NS --json``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(_json_option())


class Group(click.Group):
    """Turns every WfpError (and unreadable files) into one line on stderr instead of a traceback;
    its commands take ``--json`` wherever users put it."""

    command_class = Command
    group_class = type  # subgroups are Groups too

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AuthenticationError as exc:
            raise CliError(f"{exc} ({AUTH_HINT})") from None
        except TransportError as exc:
            state = ctx.find_object(State)
            where = httpx_host(state.base_url) if state is not None else "the API"
            raise CliError(f"cannot reach {where}: {exc}") from None
        except WfpError as exc:
            raise CliError(str(exc)) from None
        except OSError as exc:
            raise CliError(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)) from None


def httpx_host(base_url: str) -> str:
    """The host (and port) of the API base URL, for messages: ``127.0.0.1:8787``."""
    from urllib.parse import urlsplit

    return urlsplit(base_url).netloc or base_url


@attrs.define
class State:
    account_id: str | None
    api_token: str | None
    base_url: str
    as_json: bool
    # Soft wrap: a key: value line stays one line when stdout is a pipe (tables still fit the width).
    console: Console = attrs.field(factory=lambda: Console(soft_wrap=True))

    def client(self, *, rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT) -> WfpClient:
        if not self.account_id:
            raise CliError("no account: set CLOUDFLARE_ACCOUNT_ID or pass --account-id")
        if not self.api_token:
            raise CliError("no credentials: set CLOUDFLARE_API_TOKEN or pass --api-token")
        return WfpClient(
            account_id=self.account_id,
            api_token=self.api_token,
            base_url=self.base_url,
            rate_limit=rate_limit,
        )


def _run(
    state: State,
    work: Callable[[WfpClient], Awaitable[T]],
    *,
    rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
) -> T:
    async def main() -> T:
        async with state.client(rate_limit=rate_limit) as cf:
            return await work(cf)

    return anyio.run(main)


# Fields a binding or secret is written with and that are never shown, even if a server echoed them.
_WRITE_ONLY = frozenset({"text", "key_base64", "key_jwk"})


def jsonable(value: object) -> object:
    """attrs objects, datetimes, mappings and tuples as plain JSON values; secrets are masked by the
    objects' own fields (SecretText is never printed: results never carry secret values). A binding is
    its Cloudflare JSON, ``name`` and ``type`` first, without write-only fields."""
    if _is_binding(value):
        data = cast(Any, value).to_dict()
        if data.get("type") in ("secret_text", "secret_key"):
            data = {key: item for key, item in data.items() if key not in _WRITE_ONLY}
        return jsonable(data)
    if attrs.has(type(value)):
        fields = attrs.asdict(cast(Any, value), recurse=False)
        return {key: jsonable(item) for key, item in fields.items() if key != "extra"}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return jsonable(to_dict())
    return value


def _is_binding(value: object) -> bool:
    return callable(getattr(value, "to_dict", None)) and isinstance(getattr(value, "type", None), str)


def emit(state: State, value: object, columns: Sequence[str] | None = None) -> None:
    """Print ``value``: JSON with --json, else a table (for lists) or key/value lines."""
    data = jsonable(value)
    if state.as_json:
        click.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    if isinstance(data, list):
        rows = [row if isinstance(row, dict) else {"value": row} for row in data]
        keys = list(columns or (rows[0].keys() if rows else ["value"]))
        table = Table(*keys)
        for row in rows:
            table.add_row(*(escape(_cell(row.get(key))) for key in keys))
        state.console.print(table)
        if not rows:
            state.console.print("(none)")
    elif isinstance(data, dict):
        for key, item in data.items():
            state.console.print(f"[bold]{escape(key)}[/bold]: {escape(_cell(item))}", highlight=False)
    elif data is not None:
        state.console.print(_cell(data), highlight=False, markup=False)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and value and all(isinstance(v, dict) and "type" in v for v in value):
        return ", ".join(f"{item.get('name')} ({item['type']})" for item in value)  # bindings
    if isinstance(value, list):
        return ", ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


@click.group(cls=Group)
@click.option(
    "--account-id", envvar="CLOUDFLARE_ACCOUNT_ID", help="Cloudflare account id [$CLOUDFLARE_ACCOUNT_ID]"
)
@click.option("--api-token", envvar="CLOUDFLARE_API_TOKEN", help="API token [$CLOUDFLARE_API_TOKEN]")
@click.option(
    "--base-url",
    envvar="WFP_BASE_URL",
    default=DEFAULT_BASE_URL,
    show_default=True,
    show_envvar=True,
    help="API base URL (an emulator: http://127.0.0.1:8787/client/v4)",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for programs instead of tables.")
@click.version_option(__version__, prog_name="wfp")
@click.pass_context
def cli(
    ctx: click.Context, account_id: str | None, api_token: str | None, base_url: str, as_json: bool
) -> None:
    """Drive Cloudflare Workers for Platforms (dispatch namespaces)."""
    ctx.obj = State(account_id=account_id, api_token=api_token, base_url=base_url, as_json=as_json)


pass_state = click.make_pass_decorator(State)

yes_option = click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
dry_run_option = click.option("--dry-run", is_flag=True, help="Show what would be deleted; delete nothing.")


def confirm(state: State, question: str, yes: bool) -> None:
    """Ask ``question`` on a terminal unless ``--yes``; answering no aborts (exit status 1). Without a
    terminal (a pipeline) the command goes ahead, as wrangler's do."""
    if yes or not sys.stdin.isatty():
        return
    if not click.confirm(question, default=False, err=True):
        raise CliError("aborted: nothing was deleted")


# --- namespaces ---------------------------------------------------------------------------------------


@cli.group()
def namespaces() -> None:
    """Dispatch namespaces."""


NAMESPACE_COLUMNS = ("name", "id", "script_count", "trusted_workers", "created_on")


@namespaces.command("list")
@pass_state
def namespaces_list(state: State) -> None:
    """List the account's namespaces."""
    emit(state, _run(state, lambda cf: cf.namespaces.list()), NAMESPACE_COLUMNS)


@namespaces.command("get")
@click.argument("name")
@pass_state
def namespaces_get(state: State, name: str) -> None:
    """Show one namespace."""
    emit(state, _run(state, lambda cf: cf.namespaces.get(name)))


@namespaces.command("create")
@click.argument("name", required=False)
@pass_state
def namespaces_create(state: State, name: str | None) -> None:
    """Create a namespace (Cloudflare names it when NAME is left out)."""
    emit(state, _run(state, lambda cf: cf.namespaces.create(name)))


@namespaces.command("update")
@click.argument("name")
@click.option("--new-name", help="Rename the namespace.")
@click.option("--trusted/--untrusted", "trusted", default=None, help="Run its Workers as trusted.")
@pass_state
def namespaces_update(state: State, name: str, new_name: str | None, trusted: bool | None) -> None:
    """Change a namespace's name or trust (other fields stay as they are)."""
    emit(state, _run(state, lambda cf: cf.namespaces.patch(name, new_name=new_name, trusted_workers=trusted)))


@namespaces.command("delete")
@click.argument("name")
@yes_option
@dry_run_option
@pass_state
def namespaces_delete(state: State, name: str, yes: bool, dry_run: bool) -> None:
    """Delete a namespace and every script in it (asks first on a terminal, unless --yes)."""
    if dry_run:
        namespace = _run(state, lambda cf: cf.namespaces.get(name))
        emit(state, {"would_delete": name, "script_count": namespace.script_count})
        return
    confirm(state, f"Delete namespace {name!r} and every script in it?", yes)
    _run(state, lambda cf: cf.namespaces.delete(name))
    emit(state, {"deleted": name})


# --- scripts ------------------------------------------------------------------------------------------

namespace_option = click.option(
    "--namespace", "-n", "--dispatch-namespace", "namespace", required=True, help="The dispatch namespace."
)


@cli.group()
def scripts() -> None:
    """Worker scripts in a namespace."""


SCRIPT_COLUMNS = ("name", "etag", "tags", "has_assets", "modified_on")


def _script_rows(infos: Sequence[Any]) -> list[dict[str, object]]:
    return [
        {
            "name": info.script.name,
            "etag": info.script.etag,
            "tags": list(info.script.tags),
            "has_assets": info.script.has_assets,
            "modified_on": info.script.modified_on,
        }
        for info in infos
    ]


@scripts.command("list")
@namespace_option
@click.option("--tag", "tags", multiple=True, help="Only scripts with this tag (repeatable).")
@click.option(
    "--exclude-tag", "exclude_tags", multiple=True, help="Only scripts without this tag (repeatable)."
)
@pass_state
def scripts_list(state: State, namespace: str, tags: tuple[str, ...], exclude_tags: tuple[str, ...]) -> None:
    """List a namespace's scripts, optionally filtered by tags."""
    infos = _run(state, lambda cf: cf.scripts.list(namespace, tags=tags, exclude_tags=exclude_tags))
    emit(state, _script_rows(infos), SCRIPT_COLUMNS)


@scripts.command("get")
@namespace_option
@click.argument("script")
@pass_state
def scripts_get(state: State, namespace: str, script: str) -> None:
    """Show one script."""
    emit(state, _run(state, lambda cf: cf.scripts.get(namespace, script)).script)


def _options(compatibility_date: str | None, tags: tuple[str, ...]) -> UploadOptions:
    return UploadOptions(compatibility_date=compatibility_date, tags=list(tags) or None)


@scripts.command("upload")
@namespace_option
@click.argument("script")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--main-module", help="The entry module (default: index.js, index.mjs, worker.js, ...).")
@click.option("--compatibility-date", help="YYYY-MM-DD")
@click.option("--tag", "tags", multiple=True, help="A tag for the script (repeatable).")
@pass_state
def scripts_upload(
    state: State,
    namespace: str,
    script: str,
    folder: Path,
    main_module: str | None,
    compatibility_date: str | None,
    tags: tuple[str, ...],
) -> None:
    """Upload the modules in FOLDER as SCRIPT."""
    bundle = WorkerBundle.from_directory(folder, main_module=main_module)
    options = _options(compatibility_date, tags)
    emit(state, _run(state, lambda cf: cf.scripts.put(namespace, script, bundle, options=options)))


@scripts.command("delete")
@namespace_option
@click.argument("script")
@click.option("--force", is_flag=True, help="Also delete what would block the delete.")
@yes_option
@dry_run_option
@pass_state
def scripts_delete(state: State, namespace: str, script: str, force: bool, yes: bool, dry_run: bool) -> None:
    """Delete one script (asks first on a terminal, unless --yes)."""
    if dry_run:
        info = _run(state, lambda cf: cf.scripts.get(namespace, script))
        emit(state, {"would_delete": [info.script.name]})
        return
    confirm(state, f"Delete script {script!r} from namespace {namespace!r}?", yes)
    _run(state, lambda cf: cf.scripts.delete(namespace, script, force=force))
    emit(state, {"deleted": script})


@scripts.command("delete-by-tag")
@namespace_option
@click.option(
    "--tag", "tags", multiple=True, required=True, help="Delete scripts with this tag (repeatable)."
)
@yes_option
@dry_run_option
@pass_state
def scripts_delete_by_tag(
    state: State, namespace: str, tags: tuple[str, ...], yes: bool, dry_run: bool
) -> None:
    """Delete every script that has all the given tags (asks first on a terminal, unless --yes)."""
    if dry_run:
        infos = _run(state, lambda cf: cf.scripts.list(namespace, tags=tags))
        names = [info.script.name for info in infos]
        emit(state, {"would_delete_count": len(names), "would_delete": names})
        return
    confirm(state, f"Delete every script in {namespace!r} tagged {', '.join(tags)}?", yes)
    deleted = _run(state, lambda cf: cf.scripts.delete_by_tags(namespace, tags=tags))
    emit(state, {"deleted_count": len(deleted), "deleted": deleted})


@scripts.command("content")
@namespace_option
@click.argument("script")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Write the modules into this folder."
)
@pass_state
def scripts_content(state: State, namespace: str, script: str, out: Path | None) -> None:
    """List a script's modules, or write them into --out."""
    content = _run(state, lambda cf: cf.content.get(namespace, script))
    if out is not None:
        for module in content.modules:
            target = out / module.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(module.content)
    rows = [{"name": m.name, "content_type": m.content_type, "size": m.size} for m in content.modules]
    emit(state, rows, ("name", "content_type", "size"))


# --- secrets, tags, settings ------------------------------------------------------------------------


@cli.group()
def secrets() -> None:
    """A script's secrets (values are never shown)."""


@secrets.command("list")
@namespace_option
@click.argument("script")
@pass_state
def secrets_list(state: State, namespace: str, script: str) -> None:
    """List a script's secrets."""
    emit(state, _run(state, lambda cf: cf.secrets.list(namespace, script)), ("name", "type"))


@secrets.command("put")
@namespace_option
@click.argument("script")
@click.argument("name")
@click.option("--value-env", help="Read the value from this environment variable instead of stdin.")
@pass_state
def secrets_put(state: State, namespace: str, script: str, name: str, value_env: str | None) -> None:
    """Set secret NAME; the value is asked for (hidden) on a terminal, else read from stdin (or from
    --value-env), never from the command line."""
    if value_env is not None:
        value = os.environ.get(value_env)
        if value is None:
            raise CliError(f"environment variable {value_env} is not set")
    elif sys.stdin.isatty():
        value = click.prompt("Enter a secret value", hide_input=True, err=True)
    else:
        try:
            value = sys.stdin.buffer.read().decode("utf-8").rstrip("\n")
        except UnicodeDecodeError:
            raise CliError("the secret value on stdin is not UTF-8 text") from None
    emit(state, _run(state, lambda cf: cf.secrets.put(namespace, script, SecretText(name, text=value))))


@secrets.command("delete")
@namespace_option
@click.argument("script")
@click.argument("name")
@pass_state
def secrets_delete(state: State, namespace: str, script: str, name: str) -> None:
    """Delete secret NAME."""
    _run(state, lambda cf: cf.secrets.delete(namespace, script, name))
    emit(state, {"deleted": name})


@cli.group()
def tags() -> None:
    """A script's tags."""


@tags.command("list")
@namespace_option
@click.argument("script")
@pass_state
def tags_list(state: State, namespace: str, script: str) -> None:
    """Show a script's tags."""
    emit(state, _run(state, lambda cf: cf.tags.list(namespace, script)))


@tags.command("set")
@namespace_option
@click.argument("script")
@click.argument("tag_names", nargs=-1)
@pass_state
def tags_set(state: State, namespace: str, script: str, tag_names: tuple[str, ...]) -> None:
    """Replace a script's tags."""
    emit(state, _run(state, lambda cf: cf.tags.put(namespace, script, tag_names)))


@tags.command("add")
@namespace_option
@click.argument("script")
@click.argument("tag")
@pass_state
def tags_add(state: State, namespace: str, script: str, tag: str) -> None:
    """Add one tag."""
    _run(state, lambda cf: cf.tags.put_one(namespace, script, tag))
    emit(state, {"added": tag})


@tags.command("remove")
@namespace_option
@click.argument("script")
@click.argument("tag")
@pass_state
def tags_remove(state: State, namespace: str, script: str, tag: str) -> None:
    """Remove one tag."""
    _run(state, lambda cf: cf.tags.delete(namespace, script, tag))
    emit(state, {"removed": tag})


@cli.group()
def settings() -> None:
    """A script's settings."""


@settings.command("get")
@namespace_option
@click.argument("script")
@pass_state
def settings_get(state: State, namespace: str, script: str) -> None:
    """Show a script's settings."""
    emit(state, _run(state, lambda cf: cf.settings.get(namespace, script)))


@settings.command("patch")
@namespace_option
@click.argument("script")
@click.option("--compatibility-date", help="YYYY-MM-DD")
@click.option("--logpush/--no-logpush", default=None)
@click.option("--usage-model")
@pass_state
def settings_patch(
    state: State,
    namespace: str,
    script: str,
    compatibility_date: str | None,
    logpush: bool | None,
    usage_model: str | None,
) -> None:
    """Change some settings; the others stay as they are."""
    emit(
        state,
        _run(
            state,
            lambda cf: cf.settings.patch(
                namespace,
                script,
                compatibility_date=compatibility_date,
                logpush=logpush,
                usage_model=usage_model,
            ),
        ),
    )


# --- bulk deploy --------------------------------------------------------------------------------------


def _workers_in(source: Path) -> list[DeployItem]:
    """The Workers to deploy: each subfolder of SOURCE, or the entries of a JSON manifest file."""
    if source.is_file():
        try:
            entries = json.loads(source.read_text())
        except ValueError as exc:
            raise CliError(f"{source} is not a JSON manifest: {exc}") from None
        if not isinstance(entries, list) or not all(isinstance(e, dict) and "name" in e for e in entries):
            raise CliError(f'{source}: a manifest is a JSON list of {{"name": ..., "path": ...}} objects')
        return [DeployItem(str(e["name"]), source.parent / str(e.get("path", e["name"]))) for e in entries]
    folders = sorted(p for p in source.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not folders:
        raise CliError(f"{source} has no subfolders: each subfolder is one Worker")
    return [DeployItem(folder.name, folder) for folder in folders]


def configured(
    item: DeployItem, main_module: str | None, compatibility_date: str | None, tags: tuple[str, ...]
) -> DeployItem:
    """``item`` with its upload options: the command line's, else its folder's wrangler config
    (``main``, ``compatibility_date``, ``compatibility_flags``)."""
    config = read_wrangler_config(item.bundle) if isinstance(item.bundle, Path) else WranglerConfig()
    flags = config.compatibility_flags
    options = UploadOptions(
        compatibility_date=compatibility_date or config.compatibility_date,
        compatibility_flags=list(flags) if flags else None,
        tags=list(tags) or None,
    )
    return attrs.evolve(item, options=options, main_module=main_module or config.main)


def dry_run_plan(workers: Sequence[DeployItem]) -> list[dict[str, object]]:
    """What ``deploy --dry-run`` prints: per Worker, its entry module, modules (type, size) and options;
    a Worker whose folder cannot be read says why."""
    plan: list[dict[str, object]] = []
    for item in workers:
        entry: dict[str, object] = {"name": item.name}
        try:
            bundle = item.load()
        except WfpError as exc:
            entry["error"] = str(exc)
        else:
            entry["main_module"] = bundle.main_module or bundle.body_part
            entry["modules"] = [
                {"name": m.name, "content_type": m.content_type, "size": m.size} for m in bundle.modules
            ]
        options = item.options
        if options is not None:
            entry["compatibility_date"] = options.compatibility_date
            entry["compatibility_flags"] = list(options.compatibility_flags or ())
            entry["tags"] = list(options.tags or ())
        plan.append(entry)
    return plan


def print_plan(state: State, plan: list[dict[str, object]]) -> None:
    if state.as_json:
        click.echo(json.dumps(plan, indent=2, sort_keys=True))
        return
    for entry in plan:
        if "error" in entry:
            state.console.print(
                f"[bold]{escape(str(entry['name']))}[/bold]: [red]{escape(str(entry['error']))}[/red]"
            )
            continue
        extras = ", ".join(
            f"{key} {_cell(entry[key])}"
            for key in ("compatibility_date", "compatibility_flags", "tags")
            if entry.get(key)
        )
        state.console.print(
            f"[bold]{escape(str(entry['name']))}[/bold] (main {escape(str(entry['main_module']))})"
            + (f": {escape(extras)}" if extras else ""),
            highlight=False,
        )
        for module in cast(list[dict[str, object]], entry["modules"]):
            state.console.print(
                f"  {escape(str(module['name']))}  {module['content_type']}  {module['size']} bytes",
                highlight=False,
            )
    state.console.print(f"{len(plan)} Workers would be deployed; nothing was sent.", highlight=False)


def deploy_with_progress(
    state: State,
    cf: WfpClient,
    namespace: str,
    items: Iterator[DeployItem] | list[DeployItem],
    total: int,
    *,
    concurrency: int,
    journal: Path | None = None,
    only_failed: bool = False,
    verify: bool = False,
    report: BulkReport[Any] | None = None,
    on_result: Callable[[ItemResult[Any]], None] | None = None,
) -> Awaitable[BulkReport[Any]]:
    """``cf.bulk.deploy_many`` with live progress on stderr: a bar on a terminal, else a line every few
    seconds; both say when the rate limit sets the pace, and the ETA counts with it."""
    pace = _Pace(cf, total, concurrency)
    if state.as_json:
        display: _Display = _Quiet()
    elif err_console.is_terminal:
        display = _Bar(total)
    else:
        display = _Lines()

    def on_progress(result: ItemResult[Any], so_far: BulkReport[Any]) -> None:
        if on_result is not None:
            on_result(result)
        display.update(so_far, pace)

    async def run() -> BulkReport[Any]:
        with display:
            return await cf.bulk.deploy_many(
                namespace,
                items,
                concurrency=concurrency,
                on_progress=on_progress,
                journal=journal,
                only_failed=only_failed,
                verify=verify,
                report=report,
            )

    return run()


class _Pace:
    """How fast the run goes, and whether the rate limit is what sets that speed."""

    # The limiter made workers wait at least this share of the last interval: it sets the pace.
    LIMITED_SHARE = 0.25

    def __init__(self, cf: WfpClient, total: int, concurrency: int) -> None:
        self.cf = cf
        self.total = total
        self.concurrency = concurrency
        self._last = (time.monotonic(), self._waited())
        self.limited = False

    def _waited(self) -> float:
        limiter = self.cf.limiter
        return limiter.waited if isinstance(limiter, LocalLimiter) else 0.0

    def sample(self) -> None:
        now, waited = time.monotonic(), self._waited()
        then, before = self._last
        if now - then >= 1.0:
            self.limited = (waited - before) >= self.LIMITED_SHARE * (now - then) * self.concurrency
            self._last = (now, waited)

    def eta(self, report: BulkReport[Any]) -> float | None:
        """Seconds left: at the observed rate, but never faster than the rate limit allows."""
        left = self.total - report.total - report.skipped
        if left <= 0:
            return 0.0
        rate = report.rate
        limiter = self.cf.limiter
        if isinstance(limiter, LocalLimiter):
            allowed = limiter.limit.requests / limiter.limit.period * limiter.factor
            rate = min(rate, allowed) if rate > 0 else allowed
        return left / rate if rate > 0 else None

    def describe(self) -> str:
        return "rate limit sets the pace" if self.limited else ""


class _Display:
    def __enter__(self) -> _Display:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, report: BulkReport[Any], pace: _Pace) -> None:
        return None


class _Quiet(_Display):
    pass


class _Bar(_Display):
    def __init__(self, total: int) -> None:
        self.progress = Progress(
            TextColumn("[bold]deploying[/bold]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>7.1f}/s"),
            TextColumn("[red]{task.fields[failed]} failed[/red]"),
            TimeElapsedColumn(),
            TextColumn("ETA {task.fields[eta]}"),
            TextColumn("[yellow]{task.fields[pace]}[/yellow]"),
            console=err_console,
        )
        self.task = self.progress.add_task("deploy", total=total, rate=0.0, failed=0, eta="-", pace="")

    def __enter__(self) -> _Display:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)

    def update(self, report: BulkReport[Any], pace: _Pace) -> None:
        pace.sample()
        self.progress.update(
            self.task,
            completed=report.total + report.skipped,
            rate=report.rate,
            failed=report.failed,
            eta=_duration(pace.eta(report)),
            pace=pace.describe(),
        )


class _Lines(_Display):
    """Progress as one plain line every few seconds (stderr is a pipe or a CI log, not a terminal)."""

    EVERY = 5.0

    def __init__(self) -> None:
        self._next = time.monotonic() + self.EVERY

    def update(self, report: BulkReport[Any], pace: _Pace) -> None:
        pace.sample()
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self.EVERY
        extra = f", {pace.describe()}" if pace.describe() else ""
        sys.stderr.write(
            f"progress: {report.total + report.skipped}/{pace.total} ({report.ok} ok, "
            f"{report.failed} failed, {report.skipped} unchanged), {report.rate:.1f}/s, "
            f"ETA {_duration(pace.eta(report))}{extra}\n"
        )
        sys.stderr.flush()


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


def print_report(state: State, report: BulkReport[Any], what: str) -> None:
    summary = {
        "ok": report.ok,
        "failed": report.failed,
        "skipped": report.skipped,
        "stopped": report.stopped,
        "not_attempted": report.not_attempted,
        "seconds": round(report.elapsed, 3),
        "per_second": round(report.rate, 1),
        "failures_by_error": report.errors_by_kind(),
        "failures": [{"name": r.key, "error": str(r.error)} for r in report.failures],
    }
    if state.as_json:
        click.echo(json.dumps(summary, indent=2, sort_keys=True))
        return
    unchanged = f", {report.skipped} unchanged" if report.skipped else ""
    err_console.print(
        f"{what}: [green]{report.ok} ok[/green], [red]{report.failed} failed[/red]{unchanged} "
        f"in {report.elapsed:.2f}s ({report.rate:.0f}/s)",
        highlight=False,
    )
    if report.stopped:
        left = "an unknown number of" if report.not_attempted is None else str(report.not_attempted)
        err_console.print(
            f"{report.stopped} ({left} items not attempted)", highlight=False, markup=False, soft_wrap=True
        )
    if report.failed:
        table = Table("error", "count", title="failures by error")
        for label, count in report.errors_by_kind().items():
            table.add_row(label, str(count))
        err_console.print(table)
        for result in report.failures[:5]:
            err_console.print(
                f"  {result.key}: {result.error}", highlight=False, markup=False, soft_wrap=True
            )


def _default_journal(source: Path, namespace: str, operation: str = "deploy") -> Path:
    """Beside the Workers: ``SOURCE/.wfp-deploy-NAMESPACE.sqlite3`` (next to a manifest file); a rollout's
    is ``FOLDER/.wfp-rollout-NAMESPACE.sqlite3`` in its Worker's folder (dot-files are never uploaded)."""
    folder = source.parent if source.is_file() else source
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in namespace)
    return folder / f".wfp-{operation}-{safe}.sqlite3"


# Left out of the command a Ctrl-C prints: --only-failed (the journal knows what is left) and --retry (a
# --retry run interrupted during its rollback must resume by finishing that rollback, not by retrying).
_NOT_RESUMED = frozenset({"--only-failed", "--retry"})
TOKEN_LEFT_OUT = "the API token is not shown: pass --api-token again, or set CLOUDFLARE_API_TOKEN"


def _resume_command(journal: Path) -> tuple[str, bool]:
    """The command line that was run, with ``--journal`` made explicit, ``--only-failed`` and ``--retry``
    dropped, and ``--api-token`` (with its value) left out, never printed; and whether it was."""
    argv: list[str] = []
    args = iter(sys.argv[1:])
    token = False
    for arg in args:
        if arg == "--api-token":
            token = True
            next(args, None)
        elif arg.startswith("--api-token="):
            token = True
        elif arg not in _NOT_RESUMED:
            argv.append(arg)
    if not any(arg == "--journal" or arg.startswith("--journal=") for arg in argv):
        argv += ["--journal", str(journal)]
    return shlex.join(["wfp", *argv]), token


def print_resume(journal: Path) -> None:
    """``resume with: wfp ...`` on stderr (after a Ctrl-C), and a line saying the token was left out."""
    command, token = _resume_command(journal)
    err_console.print(f"resume with: {command}", highlight=False, markup=False, soft_wrap=True)
    if token:
        err_console.print(TOKEN_LEFT_OUT, highlight=False, markup=False, soft_wrap=True)


class _Outcomes:
    """``--report FILE``: one JSON line per finished item, every one (flushed as it lands)."""

    def __init__(self, path: Path | None) -> None:
        self.file = None if path is None else path.open("a", encoding="utf-8")

    def write(self, result: ItemResult[Any]) -> None:
        if self.file is None:
            return
        value = result.value
        line = {
            "name": result.key,
            "ok": result.ok,
            "etag": getattr(value, "etag", None),
            "error": None if result.error is None else str(result.error),
            "error_kind": None if result.error is None else type(result.error).__name__,
            "seconds": round(result.elapsed, 3),
        }
        self.file.write(json.dumps(line, sort_keys=True) + "\n")
        self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


@cli.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@namespace_option
@click.option("--concurrency", default=16, show_default=True, type=click.IntRange(1, 512))
@click.option("--tag", "tags", multiple=True, help="A tag for every Worker (repeatable).")
@click.option("--compatibility-date", help="YYYY-MM-DD (default: each Worker's wrangler config)")
@click.option("--main-module", help="The entry module of every Worker (default: its wrangler config's main).")
@click.option("--dry-run", is_flag=True, help="List what would be uploaded per Worker; send nothing.")
@click.option(
    "--no-rate-limit", is_flag=True, help="Do not hold requests to Cloudflare's 1,200 per 5 minutes."
)
@click.option(
    "--journal",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite journal that makes a rerun resume [default: SOURCE/.wfp-deploy-NAMESPACE.sqlite3].",
)
@click.option("--no-journal", is_flag=True, help="Keep no journal: a rerun uploads everything again.")
@click.option("--only-failed", is_flag=True, help="Only the Workers that failed or never ran last time.")
@click.option(
    "--verify", is_flag=True, help="List the namespace once; redeploy what changed behind the journal."
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append every outcome to this file as JSON lines.",
)
@pass_state
def deploy(
    state: State,
    source: Path,
    namespace: str,
    concurrency: int,
    tags: tuple[str, ...],
    compatibility_date: str | None,
    main_module: str | None,
    dry_run: bool,
    no_rate_limit: bool,
    journal: Path | None,
    no_journal: bool,
    only_failed: bool,
    verify: bool,
    report_path: Path | None,
) -> None:
    """Deploy every Worker in SOURCE (one per subfolder, or a JSON manifest) to a namespace.

    A Worker folder's wrangler.toml / wrangler.json(c) gives its main module, compatibility date and
    flags (the command line's --main-module and --compatibility-date win). README, LICENSE, package.json,
    lock files, the wrangler config, node_modules and dot-files are not uploaded.

    A journal beside SOURCE records every outcome: run the same command again to upload only what changed,
    failed or never ran (Ctrl-C prints that command).
    """
    workers = [configured(item, main_module, compatibility_date, tags) for item in _workers_in(source)]
    if dry_run:
        print_plan(state, dry_run_plan(workers))
        return
    if no_journal and (journal is not None or only_failed or verify):
        raise CliError("--no-journal goes with neither --journal, --only-failed nor --verify")
    journal_path = None if no_journal else (journal or _default_journal(source, namespace))
    if journal_path is not None:
        err_console.print(f"journal: {journal_path}", highlight=False, markup=False, soft_wrap=True)
    rate_limit = None if no_rate_limit else DEFAULT_RATE_LIMIT
    report: BulkReport[Any] = BulkReport(keep_results=False)
    outcomes = _Outcomes(report_path)

    def work(cf: WfpClient) -> Awaitable[BulkReport[Any]]:
        return deploy_with_progress(
            state,
            cf,
            namespace,
            workers,
            len(workers),
            concurrency=concurrency,
            journal=journal_path,
            only_failed=only_failed,
            verify=verify,
            report=report,
            on_result=outcomes.write,
        )

    try:
        _run(state, work, rate_limit=rate_limit)
    except KeyboardInterrupt:
        outcomes.close()
        err_console.print(
            f"interrupted: {report.ok} deployed, {report.failed} failed, {report.skipped} unchanged "
            f"of {len(workers)}; the uploads in flight may or may not have landed.",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        if journal_path is not None:
            print_resume(journal_path)
        sys.exit(130)
    outcomes.close()
    print_report(state, report, "deploy")
    if report.failed or report.stopped:
        sys.exit(1)


# --- versions and rollouts ---------------------------------------------------------------------------


@cli.group()
def versions() -> None:
    """A Worker's versions: upload one without serving it, list them."""


VERSION_COLUMNS = ("id", "number", "created_on", "message", "tag")


def _version_row(version: Any) -> dict[str, object]:
    return {
        "id": version.id,
        "number": version.number,
        "created_on": version.created_on,
        "message": version.message,
        "tag": version.tag,
    }


@versions.command("upload")
@namespace_option
@click.argument("script")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--main-module", help="The entry module (default: index.js, index.mjs, worker.js, ...).")
@click.option("--compatibility-date", help="YYYY-MM-DD")
@click.option("--message", help="The version's message (workers/message, at most 100 characters).")
@click.option("--version-tag", help="The version's tag (workers/tag, at most 25 characters).")
@pass_state
def versions_upload(
    state: State,
    namespace: str,
    script: str,
    folder: Path,
    main_module: str | None,
    compatibility_date: str | None,
    message: str | None,
    version_tag: str | None,
) -> None:
    """Upload FOLDER as a new version of SCRIPT; it serves nothing until a deployment names it."""
    bundle = WorkerBundle.from_directory(folder, main_module=main_module)
    from wfp_async._rollout import keep_secrets

    options = keep_secrets(_options(compatibility_date, ()))
    version = _run(
        state,
        lambda cf: cf.versions.create(
            namespace, script, bundle, options=options, message=message, tag=version_tag
        ),
    )
    emit(state, _version_row(version))


@versions.command("list")
@namespace_option
@click.argument("script")
@pass_state
def versions_list(state: State, namespace: str, script: str) -> None:
    """List SCRIPT's versions, newest first, and mark the deployed ones with their share."""

    async def work(cf: WfpClient) -> tuple[list[Any], Any]:
        return await cf.versions.list(namespace, script), await cf.deployments.get(namespace, script)

    found, current = _run(state, work)
    split = dict(current.split) if current is not None else {}
    rows = [{**_version_row(v), "deployed": split.get(v.id)} for v in found]
    emit(state, rows, (*VERSION_COLUMNS, "deployed"))


def _steps(value: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) if "." in part else int(part) for part in value.split(","))
    except ValueError:
        raise CliError(
            f"--steps must be comma-separated percentages such as 10,50,100, not {value!r}"
        ) from None


def rollout_plan(
    namespace: str, waves: Sequence[Sequence[str]], steps: Sequence[float], pause: float, check: str
) -> dict[str, object]:
    """What ``rollout --dry-run`` prints: each wave's tenants, the steps, the pause and the check."""
    return {
        "namespace": namespace,
        "steps": list(steps),
        "pause_seconds": pause,
        "check": check,
        "waves": [{"wave": i, "count": len(w), "tenants": list(w)} for i, w in enumerate(waves, 1)],
    }


async def shell_check(command: str, wave: Any) -> bool:
    """The CLI's check: ``command`` run by the shell with WFP_WAVE, WFP_PERCENTAGE and WFP_TENANTS
    (comma-separated) in its environment; exit status 0 means healthy."""
    env = {
        **os.environ,
        "WFP_WAVE": str(wave.number),
        "WFP_PERCENTAGE": f"{wave.percentage:g}",
        "WFP_TENANTS": ",".join(wave.tenants),
    }
    finished = await anyio.run_process(command, check=False, env=env, stdout=None, stderr=None)
    return finished.returncode == 0


@cli.command("rollout")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@namespace_option
@click.option("--tenant", "tenants", multiple=True, help="A tenant script (repeatable; default: --tag's).")
@click.option(
    "--tag", "tags", multiple=True, help="Without --tenant: every script with this tag, sorted by name."
)
@click.option("--waves", default=3, show_default=True, type=click.IntRange(1, 1000))
@click.option("--steps", default="10,100", show_default=True, help="The new version's shares, ending at 100.")
@click.option(
    "--pause", default=60.0, show_default=True, type=click.FloatRange(0), help="Seconds before a check."
)
@click.option(
    "--check", "check_command", required=True, help="A shell command; exit 0 means the wave is healthy."
)
@click.option("--message", help="The message of the versions and deployments.")
@click.option("--main-module", help="The entry module (default: index.js, index.mjs, worker.js, ...).")
@click.option("--compatibility-date", help="YYYY-MM-DD")
@click.option("--concurrency", default=16, show_default=True, type=click.IntRange(1, 512))
@click.option("--dry-run", is_flag=True, help="Print the waves and steps; change nothing.")
@click.option(
    "--no-rate-limit", is_flag=True, help="Do not hold requests to Cloudflare's 1,200 per 5 minutes."
)
@click.option(
    "--journal",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite journal that makes a rerun resume [default: FOLDER/.wfp-rollout-NAMESPACE.sqlite3].",
)
@click.option("--no-journal", is_flag=True, help="Keep no journal: a rerun starts the rollout over.")
@click.option(
    "--retry",
    is_flag=True,
    help="Try again the wave an earlier run rolled back, and the failed tenants of every wave.",
)
@pass_state
def rollout_command(
    state: State,
    folder: Path,
    namespace: str,
    tenants: tuple[str, ...],
    tags: tuple[str, ...],
    waves: int,
    steps: str,
    pause: float,
    check_command: str,
    message: str | None,
    main_module: str | None,
    compatibility_date: str | None,
    concurrency: int,
    dry_run: bool,
    no_rate_limit: bool,
    journal: Path | None,
    no_journal: bool,
    retry: bool,
) -> None:
    """Roll the Worker in FOLDER out to many tenants in waves: each wave gets it as a version at the first
    step's share, then the next steps after a pause and a passing --check; a failing check rolls the wave
    back and stops. Exit status 1 when a check failed or a tenant failed.

    A journal in FOLDER records every tenant's progress and every wave's outcome: run the same command
    again after a crash or Ctrl-C (which prints it) to go on where it stopped, without uploading a
    version twice or running a passed wave again. A wave rolled back stays so (a rerun finishes its
    rollback); --retry tries it again, and the failed tenants of every wave, from the first step.
    """
    from wfp_async._rollout import RolloutReport, plan_waves, rollout

    shares = _steps(steps)
    bundle = WorkerBundle.from_directory(folder, main_module=main_module)
    options = _options(compatibility_date, ())
    # Sorted: the journal's scope holds the tenants in order, and a listing's order is not promised, so
    # the same --tag must plan the same waves (or a rerun would start over, uploading every version again).
    names = list(tenants) or sorted(
        info.name for info in _run(state, lambda cf: cf.scripts.list(namespace, tags=tags))
    )
    if dry_run:
        plan = rollout_plan(namespace, plan_waves(names, waves), shares, pause, check_command)
        if state.as_json:
            click.echo(json.dumps(plan, indent=2, sort_keys=True))
            return
        for wave in cast(list[dict[str, Any]], plan["waves"]):
            shown = ", ".join(wave["tenants"][:5]) + (" ..." if wave["count"] > 5 else "")
            state.console.print(
                f"wave {wave['wave']}: {wave['count']} tenants ({escape(shown)})", highlight=False
            )
        state.console.print(
            f"steps {', '.join(f'{s:g}%' for s in shares)}; {pause:g} s then `{escape(check_command)}` "
            "after each step; nothing was sent.",
            highlight=False,
        )
        return

    if no_journal and (journal is not None or retry):
        raise CliError("--no-journal goes with neither --journal nor --retry")
    journal_path = None if no_journal else (journal or _default_journal(folder, namespace, "rollout"))
    if journal_path is not None:
        err_console.print(f"journal: {journal_path}", highlight=False, markup=False, soft_wrap=True)

    async def check(wave: Any) -> bool:
        return await shell_check(check_command, wave)

    report = RolloutReport()

    def work(cf: WfpClient) -> Awaitable[RolloutReport]:
        return rollout(
            cf,
            namespace,
            names,
            bundle,
            options=options,
            check=check,
            waves=waves,
            steps=shares,
            pause=pause,
            message=message,
            concurrency=concurrency,
            rate_limit=None,  # the client's own limit (below) holds every request
            journal=journal_path,
            retry=retry,
            report=report,
        )

    try:
        _run(state, work, rate_limit=None if no_rate_limit else DEFAULT_RATE_LIMIT)
    except KeyboardInterrupt:
        counts = ", ".join(
            f"{len(report.in_state(s))} {s.replace('_', ' ')}"
            for s in ("done", "split", "uploaded", "rolled_back", "failed", "pending")
            if report.in_state(s)
        )
        running = [i for i, status in enumerate(report.waves, 1) if status == "running"]
        where = f"wave {running[0]} of {len(report.waves)} was running" if running else "between waves"
        err_console.print(
            f"interrupted: {where}; tenants: {counts or 'none started'}; "
            "the requests in flight may or may not have landed.",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        if journal_path is not None:
            print_resume(journal_path)
        print_warnings(report)
        sys.exit(130)
    print_rollout(state, report)
    if report.stopped is not None or report.in_state("failed"):
        sys.exit(1)


def rollout_json(report: Any) -> dict[str, object]:
    """What ``wfp --json rollout`` prints: each wave's outcome, why the run stopped, every tenant."""
    waves = [
        {"wave": i, "status": status, "tenants": sum(1 for t in report.tenants.values() if t.wave == i)}
        for i, status in enumerate(report.waves, 1)
    ]
    tenants = {
        name: {
            "wave": t.wave,
            "state": t.state,
            "old_version": t.old_version,
            "new_version": t.new_version,
            "percentage": t.percentage,
            "error": None if t.error is None else str(t.error),
            "error_kind": t.error_kind,
        }
        for name, t in report.tenants.items()
    }
    return {
        "waves": waves,
        "stopped_at": report.stopped_at,
        "stopped": _for_cli(report.stopped),
        "resumed": report.resumed,
        "complete": report.complete,
        "still_on_new": report.still_on_new(),
        "warnings": list(report.warnings),
        "tenants": tenants,
    }


def _for_cli(stopped: str | None) -> str | None:
    """``report.stopped`` as a CLI user acts on it: pass ``--retry``, not ``retry=True``."""
    from wfp_async._rollout import RETRY_HINT

    return None if stopped is None else stopped.replace(RETRY_HINT, CLI_RETRY_HINT)


CLI_RETRY_HINT = "run the same command with --retry to try it again"


def print_warnings(report: Any) -> None:
    """Each of ``report.warnings`` as one ``warning: ...`` line on stderr."""
    for warning in report.warnings:
        err_console.print(f"warning: {warning}", highlight=False, markup=False, soft_wrap=True)


def print_rollout(state: State, report: Any) -> None:
    """The waves' table (or ``--json``), then on stderr the warnings, why it stopped and each failure."""
    summary = rollout_json(report)
    print_warnings(report)
    if state.as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    emit(state, summary["waves"], ("wave", "status", "tenants"))
    if summary["stopped"] is not None:
        err_console.print(summary["stopped"], highlight=False, markup=False, soft_wrap=True)
    for name in report.in_state("failed"):
        err_console.print(
            f"failed {name}: {report.tenants[name].error}", highlight=False, markup=False, soft_wrap=True
        )


# --- emulator and demo --------------------------------------------------------------------------------


@cli.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def emulator(args: tuple[str, ...]) -> None:
    """Run the local emulator on loopback (see `wfp emulator --help`)."""
    from wfp_async.emulator.__main__ import main

    sys.exit(main(list(args), prog="wfp emulator"))


@cli.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def dev(args: tuple[str, ...]) -> None:
    """A local Workers for Platforms: the API, and uploaded tenants running behind a dispatcher."""
    from wfp_async.local.__main__ import main

    sys.exit(main(list(args)))


@cli.command()
@click.option("--workers", default=1000, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--concurrency", default=32, show_default=True, type=click.IntRange(1, 512))
@pass_state
def demo(state: State, workers: int, concurrency: int) -> None:
    """A real bulk deploy against the built-in emulator: no Cloudflare account needed."""
    from wfp_async._demo import run_demo

    run_demo(state, workers=workers, concurrency=concurrency)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """The ``wfp`` console script."""
    cli.main(args=argv, prog_name="wfp")
    raise SystemExit(0)  # pragma: no cover - click exits itself
