"""Answer latency: table questions and offline (extractive) narrative answers at 1,000 reports.

    python bench/answer_bench.py [--reports 1000] [--data-dir DIR] [--questions 100]

Without --data-dir it builds a library of synthetic reports (bench/synth.py) with embeddings
`none`; give the data dir of an e5-small library (e.g. one bench/index_bench.py built) to include
dense retrieval. Prints p50/p95; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import generate
from bot.answer import Bot
from vectorstore import Library, Settings

TABLE = [
    "{town}{year}年作出了多少件行政处罚决定？",
    "{town}{year}年新收政府信息公开申请多少件？",
    "{town}{year}年行政复议多少件？",
]
NARRATIVE = [
    "{town}在政府信息公开工作中存在哪些问题？",
    "{town}{year}年的微信公众号发布了多少条信息？",
    "{town}打算怎样改进政务公开工作？",
]


def timed(bot: Bot, questions: list[str]) -> tuple[float, float, list]:
    times, kinds = [], []
    for q in questions:
        t0 = time.perf_counter()
        a = bot.answer(q)
        times.append((time.perf_counter() - t0) * 1000)
        kinds.append(a.kind)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], kinds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--data-dir", type=Path)
    ap.add_argument("--questions", type=int, default=100)
    args = ap.parse_args()
    if args.data_dir:
        lib = Library(Settings(data_dir=args.data_dir))
    else:
        work = Path(tempfile.mkdtemp(prefix="gongkai-answer-bench-"))
        files = generate(work / "corpus", args.reports)
        lib = Library(Settings(data_dir=work / "lib", embeddings="none"))
        t0 = time.perf_counter()
        lib.ingest(files)
        print(f"built a library of {len(files)} synthetic reports in {time.perf_counter() - t0:.0f} s")
    reports = [r for r in lib.reports() if r["town"]]
    print(f"library: {len(lib.reports())} reports, embeddings {lib.embeddings.name}")
    bot = Bot(lib)
    rng = random.Random(3)
    picks = [rng.choice(reports) for _ in range(args.questions)]
    bot.answer(TABLE[0].format(town=picks[0]["town"], year=picks[0]["year"]))  # warm up
    tq = [rng.choice(TABLE).format(town=r["town"], year=r["year"]) for r in picks]
    nq = [rng.choice(NARRATIVE).format(town=r["town"], year=r["year"]) for r in picks]
    p50, p95, kinds = timed(bot, tq)
    print(
        f"table questions: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({kinds.count('lookup')}/{len(kinds)} answered from the tables)"
    )
    p50, p95, kinds = timed(bot, nq)
    print(f"narrative questions (extractive, offline): p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
