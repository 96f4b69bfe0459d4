"""``wfp dev`` / ``python -m wfp_async.local``: the emulator's API plus a dispatch endpoint, until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from wfp_async._errors import WfpError

from ._platform import LocalPlatform


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="wfp dev",
        description="A local Workers for Platforms: the Cloudflare API emulator, and a dispatch endpoint "
        "where every uploaded tenant Worker runs in workerd.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8787, help="API port; 0 picks a free one (default 8787)")
    parser.add_argument(
        "--dispatch-port", type=int, default=8788, help="dispatch port; 0 picks a free one (default 8788)"
    )
    parser.add_argument(
        "--dispatcher", help="your dispatch Worker: an ES module file or a folder (default: built-in router)"
    )
    parser.add_argument("--dispatcher-main", help="the main module of a --dispatcher folder")
    parser.add_argument(
        "--binding", default="DISPATCHER", help="the dispatch namespace binding's name (default DISPATCHER)"
    )
    parser.add_argument("--namespace", help="the namespace dispatched to (default: the account's only one)")
    parser.add_argument("--token", default="emu-token", help="accepted API token (default emu-token)")
    parser.add_argument(
        "--account-id", default="emu-account", help="emulated account id (default emu-account)"
    )
    parser.add_argument("--seed", type=int, help="seed for generated ids and random faults")
    parser.add_argument(
        "--fault-rate", type=float, default=0.0, help="rate of 429/500/502/503 API answers (not dispatch)"
    )
    parser.add_argument("--workerd", help="path of the workerd binary (default: tools/node_modules, PATH)")
    parser.add_argument(
        "--state", help="a file (or folder) the platform is loaded from at start and saved to on changes"
    )
    parser.add_argument(
        "--print-clients",
        action="store_true",
        help="print how to point each client (SDKs, wrangler, curl) at these options, and exit",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run until SIGINT/SIGTERM; returns the exit status (2 for bad options, 1 when it cannot start)."""
    args = parse_args(argv)
    from wfp_async.emulator import Emulator, FaultConfig
    from wfp_async.emulator._clients import client_guide
    from wfp_async.emulator._persist import StateFileError

    if args.print_clients:
        shown = f"[{args.host}]" if ":" in args.host else args.host
        print(
            client_guide(
                f"http://{shown}:{args.port}/client/v4",
                account_id=args.account_id,
                token=args.token,
                dispatch_url=f"http://{shown}:{args.dispatch_port}",
            ),
            end="",
        )
        return 0

    stop = threading.Event()
    try:
        faults = FaultConfig.uniform(args.fault_rate)
        emulator = Emulator(args.account_id, args.token, seed=args.seed, faults=faults)
        platform = LocalPlatform(
            emulator,
            namespace=args.namespace,
            dispatcher=args.dispatcher,
            dispatcher_main=args.dispatcher_main,
            binding=args.binding,
            host=args.host,
            api_port=args.port,
            dispatch_port=args.dispatch_port,
            workerd=args.workerd,
            state=args.state,
            output=sys.stderr.fileno(),
        )
    except (WfpError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with platform:
            url = platform.dispatch_url
            print(f"wfp dev: API {platform.api_url} account={args.account_id} token={args.token}", flush=True)
            router = (
                "your dispatcher"
                if args.dispatcher
                else f"{url}/NAME/ or http://NAME.localhost:{url.rsplit(':', 1)[1]}/"
            )
            print(f"wfp dev: dispatch {url} ({router})", flush=True)
            inspect = platform.api_url.removesuffix("/client/v4") + "/_wfp"
            saved = f", saved to {args.state}" if args.state else ""
            print(
                f"wfp dev: inspect {inspect}/state, {inspect}/requests, {inspect}/clients{saved}", flush=True
            )
            stop.wait()
    except (WfpError, StateFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
