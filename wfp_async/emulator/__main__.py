"""``python -m wfp_async.emulator``: serve an emulator on a loopback port until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._emulator import Emulator
from ._faults import FaultConfig
from ._server import serve_forever
from ._throttle import ApiRateLimit


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m wfp_async.emulator",
        description="Serve a local Cloudflare Workers for Platforms API emulator.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8787, help="port to bind; 0 picks a free one (default 8787)"
    )
    parser.add_argument("--token", default="emu-token", help="accepted API token (default emu-token)")
    parser.add_argument(
        "--account-id", default="emu-account", help="emulated account id (default emu-account)"
    )
    parser.add_argument("--email", help="accepted X-Auth-Email (with --api-key)")
    parser.add_argument("--api-key", help="accepted X-Auth-Key (with --email)")
    parser.add_argument("--seed", type=int, help="seed for generated ids and random faults")
    parser.add_argument(
        "--fault-rate", type=float, default=0.0, help="rate of 429/500/502/503 answers, spread evenly"
    )
    parser.add_argument("--drop-rate", type=float, default=0.0, help="rate of dropped connections")
    parser.add_argument(
        "--success-false-rate", type=float, default=0.0, help="rate of 200 answers with success: false"
    )
    parser.add_argument(
        "--latency",
        type=float,
        nargs=2,
        metavar=("MIN", "MAX"),
        default=(0.0, 0.0),
        help="added latency in seconds",
    )
    parser.add_argument(
        "--lost-answers", action="store_true", help="random faults strike after the state changed"
    )
    parser.add_argument(
        "--rate-limit",
        metavar="REQUESTS/SECONDS",
        help="Cloudflare's per-token rate limit, e.g. 1200/300: past it 429 and a block for SECONDS",
    )
    parser.add_argument(
        "--print-token", action="store_true", help="show the accepted token in the ready line"
    )
    parser.add_argument("--log-level", default="warning", help="uvicorn log level (default warning)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the emulator; returns the exit status."""
    args = parse_args(argv)
    try:
        rate_limit = None if args.rate_limit is None else ApiRateLimit.parse(args.rate_limit)
        faults = FaultConfig.uniform(
            args.fault_rate,
            drop_rate=args.drop_rate,
            success_false_rate=args.success_false_rate,
            latency=tuple(args.latency),
            after=args.lost_answers,
            rate_limit=rate_limit,
        )
        emulator = Emulator(
            args.account_id, args.token, email=args.email, api_key=args.api_key, seed=args.seed, faults=faults
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # Nothing else the emulator prints or logs shows a secret: the token only when asked.
    shown = args.token if args.print_token else "***"
    ready = f"wfp emulator listening on {{url}} account={args.account_id} token={shown}"
    return serve_forever(emulator, args.host, args.port, ready, args.log_level)


if __name__ == "__main__":
    sys.exit(main())
