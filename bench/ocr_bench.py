"""OCR speed: seconds per scanned page, on two cores (the issue's target: at most 3 s a page).

    python bench/ocr_bench.py [--cores 2] [PDF ...]

By default the corpus's two real PDFs and one seed are first turned into scans the way the tests
do it (pdftoppm at 150 dpi, 1° skew, grain, JPEG), then each is parsed once to warm the engine and
once timed. Prints wall seconds and CPU seconds per page, and the share of the time spent in the
OCR models; it asserts nothing. CPU seconds per page divided by the cores is what the page costs
on an idle machine when others share this one; with --threads 1 the CPU seconds are the work a
page takes, without the time threads spend waiting for each other on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import parse_file  # noqa: E402
from ingest.load import load_path  # noqa: E402
from tests.builders import write_pdf  # noqa: E402
from tests.test_ocr import scanned  # noqa: E402

EXTRA = ROOT.parent / "shared" / "corpus" / "extra"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0, help="onnxruntime threads (0: its default, one per core)")
    ap.add_argument("pdfs", nargs="*", type=Path, help="scanned PDFs (default: scans made from the corpus)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        cores = sorted(os.sched_getaffinity(0))[: args.cores]
        os.sched_setaffinity(0, set(cores))
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        pdfs = list(args.pdfs)
        if not pdfs:
            seed = ROOT / "data" / "reports" / "004_9c54c256ccc794aa.txt"
            sources = [write_pdf(load_path(seed), tmp / "004.pdf")]
            sources += [p for p in sorted(EXTRA.glob("20*.pdf"))]
            pdfs = [scanned(p, tmp / f"scan-{p.name}") for p in sources]
        import pdfplumber

        from ingest import ocr

        if args.threads:
            ocr.ENGINE_PARAMS["EngineConfig.onnxruntime.intra_op_num_threads"] = args.threads
            ocr.ENGINE_PARAMS["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
        ocr.engine()  # the models load once per process (about a second)
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
