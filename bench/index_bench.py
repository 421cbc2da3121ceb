"""Index benchmark: parse rate, ingest wall time, chunks/s embedded, query latency p50/p95 for
lexical, dense and hybrid search, index size on disk, peak memory, at 5, 1,000 and 10,000 reports.

    python bench/index_bench.py [--sizes 5 1000 10000] [--e5-sample 100] [--queries 60]
    python bench/index_bench.py --compare-only [--before REV] [--compare-size 1000] [--e5-reports 40]

First, side by side, the ingest of an earlier revision (--before, checked out in a temporary git
worktree and run in a child process) and of this one: reports/s at 1,000 synthetic reports without
embeddings, with e5-small on a sample of them (and that sample's rate extrapolated linearly to 1,000:
an upper bound for this revision, whose embeddings cache hits more often the more reports share
text), this revision's per-stage seconds, and hybrid retrieval recall on ../shared/eval (the shared
corpus ingested with e5-small).

Large runs ingest with embeddings `none` (lexical). Dense and hybrid latency at scale: e5-small
embeds a sample of the corpus's real chunks; every other chunk gets the vector of a sampled chunk
plus small noise (so the HNSW index has the full size), and each query is embedded by e5-small for
real, inside the timed call. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
# the code measured: this checkout, or (in the child process of a comparison) an earlier revision's worktree
sys.path.insert(0, os.environ.get("GONGKAI_BENCH_CODE") or str(ROOT))

from bench.synth import generate  # noqa: E402
from ingest import parse_file  # noqa: E402
from vectorstore import Library, Settings  # noqa: E402
from vectorstore.embeddings import E5Small  # noqa: E402

BEFORE = "e1e7783"  # the last revision before the faster ingest (issue 14)
SHARED = ROOT.parent / "shared"

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
    print_stages(lib)
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


def print_stages(lib) -> None:
    s = getattr(lib, "last_ingest", None)
    if s is not None:
        print(
            f"stages: parse {s.parse_s:.1f} s, chunk {s.chunk_s:.1f} s, tokenise {s.tokenize_s:.1f} s"
            f" (in {s.workers} process(es)), embed {s.embed_s:.1f} s, write {s.write_s:.1f} s, index {s.index_s:.1f} s"
        )


# --- before / after ----------------------------------------------------------------------------------
def measure(files: list[str], data_dir: str, embeddings: str, questions: str | list[str] | None) -> dict:
    """One ingest into a fresh library (and, with questions, hybrid recall over it), as figures."""
    import vectorstore

    shutil.rmtree(data_dir, ignore_errors=True)
    lib = Library(Settings(data_dir=data_dir, embeddings=embeddings))
    t0 = time.perf_counter()
    lib.ingest([Path(f) for f in files])
    wall = time.perf_counter() - t0
    out = {
        "code": str(Path(vectorstore.__file__).resolve().parent.parent),
        "reports": len(lib.reports()),
        "wall_s": wall,
        "chunks": lib.facts.db.execute("SELECT count(*) FROM chunks").fetchone()[0],
        "vectors": len(lib.dense.ids()) if lib.dense is not None else 0,
    }
    stats = getattr(lib, "last_ingest", None)
    if stats is not None:
        out["stages"] = dataclasses.asdict(stats)
    if questions:
        from vectorstore.evaluate import evaluate, load_questions

        paths = [questions] if isinstance(questions, str) else questions
        qs = [q for p in paths for q in load_questions(Path(p))]
        out["recall"] = evaluate(lib, qs)["hybrid"]["all"]
        for p in paths:
            out[f"recall:{Path(p).name}"] = evaluate(lib, load_questions(Path(p)), modes=("hybrid",))["hybrid"]["all"]
    lib.close()
    return out


def measure_in(code: Path, job: dict) -> dict:
    """measure() in a child process running the code under `code`."""
    p = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--measure", json.dumps(job, ensure_ascii=False)],
        env=dict(os.environ, GONGKAI_BENCH_CODE=str(code), GONGKAI_DATABASE_URL="", GONGKAI_CHROMA_URL=""),
        cwd=code,
        capture_output=True,
        text=True,
    )
    if p.returncode != 0:
        raise SystemExit(f"measuring in {code} failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def shared_corpus() -> list[str]:
    from ingest.load import FORMATS

    files = []
    for folder in (SHARED / "corpus" / "seeds", SHARED / "corpus" / "extra"):
        files += sorted(str(f) for f in folder.rglob("*") if f.is_file() and f.suffix.lower() in FORMATS)
    return files


def compare(before: str, n: int, e5_reports: int, work: Path, sides=("before", "after")) -> None:
    tree = Path(tempfile.mkdtemp(prefix="gongkai-before-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), before], cwd=ROOT, check=True, capture_output=True)
    try:
        corpus = generate(work / f"corpus_{n}", n)
        files = [str(f) for f in corpus]
        questions = [SHARED / "eval" / "questions.jsonl", SHARED / "eval" / "questions-v2.jsonl"]
        jobs = {
            "none": {"files": files, "embeddings": "none", "questions": None},
            "e5": {"files": files[:e5_reports], "embeddings": "e5-small", "questions": None},
        }
        if all(q.exists() for q in questions):
            jobs["recall"] = {
                "files": shared_corpus(),
                "embeddings": "e5-small",
                "questions": [str(q) for q in questions],
            }
        got: dict[str, dict] = {}
        for side, code in (("before", tree), ("after", ROOT)):
            if side not in sides:
                continue
            for name, job in jobs.items():
                got[f"{side}:{name}"] = measure_in(code, job | {"data_dir": str(work / f"cmp_{side}_{name}")})
                print(f"  measured {side} {name}: {got[f'{side}:{name}']['wall_s']:.1f} s", flush=True)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
    print_comparison(got, before, n, e5_reports)


def print_comparison(got: dict, before: str, n: int, e5_reports: int) -> None:
    def row(label: str, fn) -> None:
        cells = []
        for side in ("before", "after"):
            try:
                cells.append(fn(side))
            except KeyError:
                cells.append("—")
        print(f"{label:<46}{cells[0]:>22}{cells[1]:>22}")

    def rate(side, name):
        m = got[f"{side}:{name}"]
        return m["reports"] / m["wall_s"]

    def stages(side, name):
        s = got[f"{side}:{name}"]["stages"]
        return f"{s['parse_s']:.0f}/{s['chunk_s'] + s['tokenize_s']:.0f}/{s['embed_s']:.0f}/{s['write_s'] + s['index_s']:.0f}"

    print(f"\n== before ({before}) and after (this checkout), side by side")
    print(f"{'':<46}{'before':>22}{'after':>22}")
    row(f"{n} reports, embeddings none: reports/s", lambda s: f"{rate(s, 'none'):.1f}")
    row("  wall s", lambda s: f"{got[f'{s}:none']['wall_s']:.0f}")
    row("  parse/chunk+tokens/embed/write+index s", lambda s: stages(s, "none"))
    row(f"e5-small, {e5_reports} reports: reports/s", lambda s: f"{rate(s, 'e5'):.2f}")
    row("  chunks / with vectors", lambda s: f"{got[f'{s}:e5']['chunks']} / {got[f'{s}:e5']['vectors']}")
    row(
        "  texts embedded / from the cache",
        lambda s: f"{got[f'{s}:e5']['stages']['embedded']} / {got[f'{s}:e5']['stages']['cached']}",
    )
    row("  parse/chunk+tokens/embed/write+index s", lambda s: stages(s, "e5"))
    row(f"e5-small, {n} reports (extrapolated): min", lambda s: f"{n / rate(s, 'e5') / 60:.0f}")
    if "after:recall" in got:
        row(
            "shared corpus, e5-small: reports / wall s",
            lambda s: f"{got[f'{s}:recall']['reports']} / {got[f'{s}:recall']['wall_s']:.0f}",
        )
        row(
            "  texts embedded / from the cache",
            lambda s: f"{got[f'{s}:recall']['stages']['embedded']} / {got[f'{s}:recall']['stages']['cached']}",
        )
        for name in ("questions.jsonl", "questions-v2.jsonl"):
            key = f"recall:{name}"
            row(
                f"  {name}: hybrid recall@1 / @5",
                lambda s, k=key: f"{got[f'{s}:recall'][k]['recall@1']:.3f} / {got[f'{s}:recall'][k]['recall@5']:.3f}",
            )
        n = got["after:recall"]["recall"]["n"]
        row(f"all {n} eval questions: hybrid recall@1", lambda s: f"{got[f'{s}:recall']['recall']['recall@1']:.3f}")
        row(f"all {n} eval questions: hybrid recall@5", lambda s: f"{got[f'{s}:recall']['recall']['recall@5']:.3f}")
    print(f"(before: the ingest of {before}; parse, chunk and tokenise add up the parsing processes' seconds)")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        job = json.loads(sys.argv[2])
        print(json.dumps(measure(job["files"], job["data_dir"], job["embeddings"], job["questions"])))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[5, 1000, 10000])
    ap.add_argument("--e5-sample", type=int, default=100, help="reports whose chunks e5-small embeds for real")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--query-only", action="store_true", help="measure queries over the libraries --work holds")
    ap.add_argument("--before", default=BEFORE, help="the revision whose ingest is measured beside this one")
    ap.add_argument("--compare-size", type=int, default=1000)
    ap.add_argument("--e5-reports", type=int, default=40, help="reports ingested with e5-small in the comparison")
    ap.add_argument("--no-compare", action="store_true")
    ap.add_argument(
        "--after-only", action="store_true", help="measure this checkout only (e.g. --e5-reports 1000 for real)"
    )
    ap.add_argument("--compare-only", action="store_true")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    print(f"work dir: {work}")
    if not args.no_compare and not args.query_only:
        compare(
            args.before,
            args.compare_size,
            args.e5_reports,
            work,
            ("after",) if args.after_only else ("before", "after"),
        )
    if args.compare_only:
        return
    for n in args.sizes:
        run(n, work, args.e5_sample, args.queries, args.query_only)


if __name__ == "__main__":
    main()
