"""Parsing speed on the seed corpus: reports per second, on one core, text files only.

    python bench/parse_speed.py [--rounds 40]

Prints the figures; it asserts nothing (speed is measured here, not in the tests). The five seeds
are parsed repeatedly from memory-cached files so the figure is the parser, not the disk.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from ingest import parse_file

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("paths", nargs="*", type=Path, default=sorted((ROOT / "data" / "reports").glob("*.txt")))
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    files = list(args.paths)
    for f in files:  # warm caches and the regex compiler
        parse_file(f)
    per_round = []
    t_all = time.perf_counter()
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for f in files:
            parse_file(f)
        per_round.append(time.perf_counter() - t0)
    total = time.perf_counter() - t_all
    n = len(files) * args.rounds
    print(
        f"files: {len(files)} ({sum(f.stat().st_size for f in files) / 1024:.0f} KiB), rounds: {args.rounds}, one core"
    )
    print(
        f"parse rate: {n / total:.0f} reports/s (median round {len(files) / statistics.median(per_round):.0f} reports/s)"
    )
    print(f"per report: {1000 * total / n:.2f} ms")


if __name__ == "__main__":
    main()
