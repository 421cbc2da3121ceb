"""OCR speed and robustness: seconds per scanned page, and cells read right on degraded scans.

    python bench/ocr_bench.py [--cores 2] [--threads 1] [PDF ...]          # speed
    python bench/ocr_bench.py --degrade [--variants clean,rot90,...]        # robustness table

Speed: by default the corpus's two real PDFs and one seed are first turned into scans the way the
tests do it (150 dpi, 1° skew, grain, JPEG), then each is parsed once to warm the engine and once
timed. Prints wall seconds and CPU seconds per page; it asserts nothing. CPU seconds per page
divided by the cores is what the page costs on an idle machine when others share this one; with
--threads 1 the CPU seconds are the work a page takes, without the time threads spend waiting for
each other on a busy machine.

Robustness (--degrade): the corpus's real PDFs (../shared/corpus/extra/*.pdf) scanned with each
degradation of tests/scans.py (a quarter or half turn, 2° skew, 120 dpi, JPEG quality 40, a red
seal over the tables, a grey uneven background, all of them at once), parsed, and scored against
the hand-checked gold (../shared/gold/extra.json, as ../shared/tools/gold_score.py scores them:
cells and metadata). Prints one row per degradation: cells+metadata right, and seconds per page.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import parse_file  # noqa: E402
from ingest.errors import IngestError  # noqa: E402
from ingest.load import load_path  # noqa: E402
from tests.builders import write_pdf  # noqa: E402
from tests.scans import VARIANTS, scanned  # noqa: E402

SHARED = ROOT.parent / "shared"
EXTRA = SHARED / "corpus" / "extra"


def gold_scorer():
    """(file name -> what gold expects, same) from ../shared/tools/gold_score.py."""
    spec = importlib.util.spec_from_file_location("gold_score", SHARED / "tools" / "gold_score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.expectations(), mod


def score(report, gold, mod) -> tuple[int, int, list[str]]:
    """Cells and metadata right, out of how many, and the first wrong ones (as gold_score.py counts)."""
    from ui.cli import report_json

    r = report_json(report)
    cells_want, either, meta, _finds = gold[Path(report.file).name]
    cells = r.get("cells") or {}
    wrong = [
        f"{k}={cells.get(k, '(absent)')!r} want {w!r}"
        for k, w in cells_want.items()
        if not (mod.same(cells.get(k, mod.ABSENT), w) or (k in either and cells.get(k, mod.ABSENT) is None))
    ]
    wrong += [f"{m}={r.get(m)!r} want {w!r}" for m, w in meta.items() if str(r.get(m)) != str(w)]
    n = len(cells_want) + len(meta)
    return n - len(wrong), n, wrong


def degrade_table(names: list[str], verbose: bool) -> None:
    import pdfplumber

    gold, mod = gold_scorer()
    originals = sorted(EXTRA.glob("*.pdf"))
    parse_file(originals[0])
    print(f"{'degradation':12} {'cells+metadata':>16} {'s/page':>7} {'cpu s/page':>10} {'worst page s':>12}   misses")
    with tempfile.TemporaryDirectory() as d:
        for name in names:
            right = total = pages = 0
            secs = cpu = 0.0
            slowest = 0.0
            misses: list[str] = []
            for pdf in originals:
                out = Path(d) / name
                out.mkdir(exist_ok=True)
                scan = scanned(pdf, out / pdf.name, **VARIANTS[name])
                with pdfplumber.open(scan) as doc:
                    n_pages = len(doc.pages)
                times: list[float] = []
                from ingest import ocr

                last = [time.perf_counter()]

                def tick(_name, _page, _total, last=last, times=times):
                    now = time.perf_counter()
                    times.append(now - last[0])
                    last[0] = now

                ocr.set_progress(tick)
                t0, c0 = time.perf_counter(), time.process_time()
                try:
                    report = parse_file(scan)
                except IngestError as e:  # not read as a report at all: nothing right
                    report = None
                    misses.append(f"{pdf.stem[:9]}: {str(e).split('：', 1)[-1][:40]}")
                finally:
                    ocr.set_progress(None)
                secs += time.perf_counter() - t0
                cpu += time.process_time() - c0
                if times:
                    times.append(time.perf_counter() - last[0])
                    slowest = max(slowest, *times[1:])
                pages += n_pages
                ok, n, wrong = score(report, gold, mod) if report else (0, len(gold[pdf.name][0]) + 3, [])
                right += ok
                total += n
                misses += [f"{pdf.stem[:9]}: {w}" for w in wrong]
            shown = "; ".join(misses[: 8 if verbose else 2]) + (f" … {len(misses)} in all" if len(misses) > 2 else "")
            print(
                f"{name:12} {f'{right}/{total}':>16} {secs / pages:7.2f} {cpu / pages:10.2f} {slowest:12.2f}   {shown}",
                flush=True,
            )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0, help="onnxruntime threads (0: its default, one per core)")
    ap.add_argument("--degrade", action="store_true", help="cells right on degraded scans of the real PDFs")
    ap.add_argument("--variants", default=",".join(VARIANTS), help="degradations to measure (with --degrade)")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("pdfs", nargs="*", type=Path, help="scanned PDFs (default: scans made from the corpus)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        cores = sorted(os.sched_getaffinity(0))[: args.cores]
        os.sched_setaffinity(0, set(cores))
    from ingest import ocr

    if args.threads:
        ocr.ENGINE_PARAMS["EngineConfig.onnxruntime.intra_op_num_threads"] = args.threads
        ocr.ENGINE_PARAMS["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
    ocr.engine()  # the models load once per process (about a second)
    if args.degrade:
        degrade_table(args.variants.split(","), args.verbose)
        return
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        pdfs = list(args.pdfs)
        if not pdfs:
            seed = ROOT / "data" / "reports" / "004_9c54c256ccc794aa.txt"
            sources = [write_pdf(load_path(seed), tmp / "004.pdf")]
            sources += [p for p in sorted(EXTRA.glob("20*.pdf"))]
            pdfs = [scanned(p, tmp / f"scan-{p.name}") for p in sources]
        import pdfplumber

        parse_file(pdfs[0])  # warm up
        total_pages = total_wall = total_cpu = 0.0
        print(f"{'file':40} {'pages':>5} {'s/page':>8} {'cpu s/page':>10}")
        for pdf in pdfs:
            with pdfplumber.open(pdf) as doc:
                pages = len(doc.pages)
            w0, c0 = time.perf_counter(), time.process_time()
            parse_file(pdf)
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            total_pages += pages
            total_wall += wall
            total_cpu += cpu
            print(f"{pdf.name[:40]:40} {pages:5d} {wall / pages:8.2f} {cpu / pages:10.2f}")
        print(
            f"{'all':40} {int(total_pages):5d} {total_wall / total_pages:8.2f} {total_cpu / total_pages:10.2f}"
            f"   ({args.cores} cores, {args.threads or 'default'} threads; load average now {os.getloadavg()[0]:.1f})"
        )


if __name__ == "__main__":
    main()
