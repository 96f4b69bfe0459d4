"""``python -m benchmarks`` (``make bench``): ours vs the official ``cloudflare`` package vs raw httpx.

Prints the machine, the versions and one table of medians with ratios. Figures only: nothing here
asserts a timing (this machine is shared and noisy); the targets are printed beside the figures.
``--rounds N`` sets the repetitions (at least 5).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.metadata
import os
import platform
import sys
import time

from benchmarks import bench_bulk, bench_fleet, bench_inprocess, bench_local, bench_processes, bench_rollout
from benchmarks._table import Row, render


def machine() -> str:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("wfp-async", "cloudflare", "httpx", "httpcore", "pydantic", "attrs", "anyio")
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"machine: {os.cpu_count()} CPUs, {cpu}, {platform.system()} {platform.release()}, "
        f"load average {load:.2f} at start\n"
        f"python: {platform.python_implementation()} {platform.python_version()}\n"
        f"packages: {versions}"
    )


async def in_process(rounds: int) -> list[Row]:
    rows = [await bench_inprocess.per_call(rounds)]
    rows += await bench_inprocess.reads(rounds)
    rows += await bench_inprocess.list_memory(rounds)
    rows += await bench_inprocess.upload_cost(rounds)
    rows += await bench_inprocess.upload_built(rounds)
    rows += await bench_inprocess.concurrent_uploads(rounds)
    rows += await bench_inprocess.big_bundle(rounds)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="repetitions per figure (default 5, min 5)")
    parser.add_argument("--lazy-items", type=int, default=100_000, help="items of the lazy deploy_many")
    parser.add_argument(
        "--million-items", type=int, default=1_000_000, help="items of the bulk memory benchmark (6e)"
    )
    parser.add_argument("--in-process", action="store_true", help="only the in-process rows (parts 1-3, 5)")
    args = parser.parse_args(argv)
    rounds = max(5, args.rounds)
    print(machine(), flush=True)
    started = time.perf_counter()
    rows = asyncio.run(in_process(rounds))
    if args.in_process:
        print(f"\nmedians over {rounds} rounds; took {time.perf_counter() - started:.0f} s\n")
        print(render(rows))
        return 0
    rows.append(bench_processes.emulator_deploy(rounds))
    rows += bench_processes.cold_import(max(7, rounds))
    rows += bench_processes.lazy_deploy(rounds, args.lazy_items)
    rows += bench_bulk.run_all(rounds, args.million_items)
    rows += bench_local.local_runtime(rounds)
    rows += bench_fleet.fleet()
    rows += bench_rollout.journal_cost(rounds)
    order = {row.name: i for i, row in enumerate(rows)}
    rows.sort(key=lambda row: (row.name.split(".", 1)[0], order[row.name]))
    print(f"\nmedians over {rounds} rounds unless noted; took {time.perf_counter() - started:.0f} s\n")
    print(render(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
