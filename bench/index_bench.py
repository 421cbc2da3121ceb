"""Index benchmark: parse rate, ingest wall time, chunks/s embedded, query latency p50/p95 for
lexical, dense and hybrid search, index size on disk, peak memory, at 5, 1,000 and 10,000 reports.

    python bench/index_bench.py [--sizes 5 1000 10000] [--e5-sample 100] [--queries 60]

Large runs ingest with embeddings `none` (lexical). Dense and hybrid latency at scale: e5-small
embeds a sample of the corpus's real chunks; every other chunk gets the vector of a sampled chunk
plus small noise (so the HNSW index has the full size), and each query is embedded by e5-small for
real, inside the timed call. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import generate
from ingest import parse_file
from vectorstore import Library, Settings
from vectorstore.embeddings import E5Small

QUERIES = [
    "存在的主要问题及改进情况",
    "行政处罚本年处理决定数量",
    "政府信息公开申请 予以公开",
    "微信公众号 发布信息",
    "行政复议 结果维持",
    "政务公开 培训",
    "信息发布审核 三审三校",
    "政府网站 专栏",
    "依申请公开 办理",
    "规范性文件 清理",
]


class SampledE5(E5Small):
    """e5-small for queries; for passages, real e5 vectors of a sample re-used with noise (see above)."""

    name = "e5-small"

    def __init__(self, sample: int):
        self.sample = sample
        self.bank: np.ndarray | None = None
        self.embedded = 0
        self.embed_seconds = 0.0

    def passages(self, texts):
        if self.bank is None or len(self.bank) < self.sample:
            t0 = time.perf_counter()
            real = super().passages(texts)
            self.embed_seconds += time.perf_counter() - t0
            self.embedded += len(texts)
            self.bank = real if self.bank is None else np.vstack([self.bank, real])
            return real
        rng = np.random.default_rng(int(hashlib.md5(texts[0].encode()).hexdigest()[:8], 16))
        picks = self.bank[rng.integers(0, len(self.bank), len(texts))]
        noisy = picks + rng.normal(0, 0.02, picks.shape).astype(np.float32)
        return noisy / np.linalg.norm(noisy, axis=1, keepdims=True)


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def latency(fn, queries, rounds=1) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def run(n: int, work: Path, e5_sample: int, n_queries: int, query_only: bool = False) -> None:
    if query_only:
        return query(n, work, n_queries)
    corpus = work / f"corpus_{n}"
    t0 = time.perf_counter()
    files = (
        generate(corpus, n)
        if n > 5
        else sorted((Path(__file__).resolve().parent.parent / "data/reports").glob("*.txt"))
    )
    gen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for f in files[: min(len(files), 500)]:
        parse_file(f)
    parse_rate = min(len(files), 500) / (time.perf_counter() - t0)
    queries = (QUERIES * (n_queries // len(QUERIES) + 1))[:n_queries]
    print(f"\n== {n} reports (generated in {gen_s:.0f} s)")
    print(f"parse rate: {parse_rate:.0f} reports/s")

    lex_dir = work / f"lex_{n}"
    shutil.rmtree(lex_dir, ignore_errors=True)
    lib = Library(Settings(data_dir=lex_dir, embeddings="none"))
    t0 = time.perf_counter()
    lib.ingest(files)
    wall = time.perf_counter() - t0
    chunks = lib.facts.db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    print(f"ingest (embeddings none): {wall:.1f} s wall, {n / wall:.0f} reports/s, {chunks} chunks")
    p50, p95 = latency(lambda q: lib.search(q, k=5, mode="lexical"), queries)
    print(f"lexical query: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    p50, p95 = latency(lambda q: lib.search(q, k=5, mode="lexical", year=2024), queries)
    print(f"lexical query with year filter: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"index size on disk (facts + lexical): {du(lex_dir) / 1e6:.1f} MB")
    lib.close()

    dense_dir = work / f"dense_{n}"
    shutil.rmtree(dense_dir, ignore_errors=True)
    emb = SampledE5(e5_sample * 20)
    lib = Library(Settings(data_dir=dense_dir, embeddings="e5-small"), embeddings=emb)
    t0 = time.perf_counter()
    lib.ingest(files)
    wall = time.perf_counter() - t0
    rate = emb.embedded / emb.embed_seconds if emb.embed_seconds else 0
    print(
        f"e5-small embedding: {emb.embedded} real chunks at {rate:.1f} chunks/s; ingest incl. Chroma {wall:.1f} s wall"
    )
    lib.search("预热", k=5)
    p50, p95 = latency(lambda q: lib.search(q, k=5, mode="dense"), queries)
    print(f"dense query (e5 query embedding included): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    p50, p95 = latency(lambda q: lib.search(q, k=5, mode="hybrid"), queries)
    print(f"hybrid query (e5 query embedding included): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    p50, p95 = latency(lambda q: lib.search(q, k=5, mode="hybrid", town=lib.reports()[0]["town"] or ""), queries)
    print(f"hybrid query with town filter: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"index size on disk (facts + lexical + Chroma): {du(dense_dir) / 1e6:.1f} MB")
    lib.close()
    print(f"peak memory so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def query(n: int, work: Path, n_queries: int) -> None:
    """Latency and memory of a fresh process over libraries an earlier run built (--query-only)."""
    queries = (QUERIES * (n_queries // len(QUERIES) + 1))[:n_queries]
    print(f"\n== {n} reports (query only, libraries in {work})")
    lib = Library(Settings(data_dir=work / f"dense_{n}"))
    towns = [r["town"] for r in lib.reports() if r["town"]]
    lib.search("预热", k=5)
    print(f"library open + first query: peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for label, kw in (("lexical", {"mode": "lexical"}), ("dense", {"mode": "dense"}), ("hybrid", {"mode": "hybrid"})):
        p50, p95 = latency(lambda q, kw=kw: lib.search(q, k=5, **kw), queries)
        print(f"{label} query (e5 query embedding included): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    it = iter(towns * 10)
    p50, p95 = latency(lambda q: lib.search(q, k=5, town=next(it)), queries)
    print(f"hybrid query with town filter: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    p50, p95 = latency(lambda q: lib.search(q, k=5, year=2024), queries)
    print(f"hybrid query with year filter: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[5, 1000, 10000])
    ap.add_argument("--e5-sample", type=int, default=100, help="reports whose chunks e5-small embeds for real")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--query-only", action="store_true", help="measure queries over the libraries --work holds")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    print(f"work dir: {work}")
    for n in args.sizes:
        run(n, work, args.e5_sample, args.queries, args.query_only)


if __name__ == "__main__":
    main()
