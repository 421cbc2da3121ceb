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
    "{town}{year}年有多少件申请是企业提的？",
    "{town}{year}年行政复议纠错率是多少？",
    "{year}年行政处罚最多的前三个镇是哪几个？",
    "{year}年哪些镇新收申请超过10件？",
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
    from collections import Counter

    print(f"table questions: p50 {p50:.1f} ms, p95 {p95:.1f} ms (kinds: {dict(Counter(kinds))})")
    p50, p95, kinds = timed(bot, nq)
    print(f"narrative questions (extractive, offline): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    linking_at_scale()


def linking_at_scale(n: int = 10_000) -> None:
    """Understanding a question against a catalog of 10,000 bodies (aliases, typos, pinyin)."""
    from bot.understand import Catalog, understand

    chars = "安平长宁新华兴东西南北中和丰泰永康福寿阳山河湖江海青白金石龙凤"

    def name(i: int, k: int) -> str:
        return "".join(chars[(i // len(chars) ** j) % len(chars)] for j in range(k))

    rows = [
        {
            "id": str(i),
            "body": f"{name(i, 3)}县{name(i * 7 + 1, 2)}镇人民政府",
            "town": f"{name(i * 7 + 1, 2)}镇",
            "county": f"{name(i, 3)}县",
            "level": "township",
            "year": 2024,
        }
        for i in range(n)
    ]
    t0 = time.perf_counter()
    cat = Catalog(rows)
    built = time.perf_counter() - t0
    qs = [f"{r['county']}{r['town']}2024年新收了多少件申请？" for r in rows[:: n // 100]]
    times = []
    for q in qs:
        t = time.perf_counter()
        understand(q, cat)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(
        f"understanding with {n} bodies: catalog built in {built:.1f} s; p50 {statistics.median(times):.1f} ms, p95 {times[94]:.1f} ms"
    )


if __name__ == "__main__":
    main()
