"""Inputs that eat memory or hang (issue 10, part 3): a zip bomb, a huge file, a link to /dev/zero, a
FIFO, a 45 MB web page, a file name with a newline or a terminal escape, UTF-16 text without a BOM.

Each is run through the real command (`gongkai check` and `gongkai ingest --embeddings none`) in a
child process whose address space is capped (RLIMIT_AS) and whose peak resident memory is measured:
each bad file gets one error line naming it, nothing hangs, memory stays within a few hundred MB,
and the good files of the same batch are still processed.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from ingest import IngestError, parse_file
from ingest.load import MAX_HTML_BYTES, decode_text, load_html

from .conftest import ROOT, SEEDS

# runs `gongkai ARGS` under an address-space cap (MB) and reports its peak resident memory
LIMITED = r"""
import resource, runpy, sys
cap = int(sys.argv[1]) * 2**20
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
sys.argv = ["gongkai", *sys.argv[2:]]
try:
    runpy.run_module("ui.cli", run_name="__main__")
finally:
    # VmHWM is this program's own peak: ru_maxrss would carry the forking pytest's size across exec
    hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    sys.stderr.write(f"\nPEAK_MB {hwm // 1024}\n")
"""
PEAK_MB = 300  # what any of these commands may take at its peak, whatever the input
GOOD = SEEDS / "004_9c54c256ccc794aa.txt"  # 中卫市沙坡头区镇罗镇人民政府 2024
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def run_capped(cap_mb: int, *args, timeout: int = 180) -> tuple[subprocess.CompletedProcess, int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="300", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    p = subprocess.run(
        [sys.executable, "-c", LIMITED, str(cap_mb), *map(str, args)],
        capture_output=True,
        text=True,
        errors="surrogateescape",
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )
    peak = int(p.stderr.rsplit("PEAK_MB", 1)[1].split()[0])
    return p, peak


def docx_with_document(path: Path, write_body, declared: int | None = None) -> Path:
    """A real Word package (python-docx's blank one) whose word/document.xml is what write_body
    writes; `declared` forges the inflated size its directory states (with the CRC of that prefix)."""
    from docx import Document

    blank = io.BytesIO()
    Document().save(blank)
    src = zipfile.ZipFile(io.BytesIO(blank.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, src.read(info))
        head = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode()
        prefix = bytearray()
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            for chunk in write_body():
                data = head + chunk if head else chunk
                head = b""
                if len(prefix) < (declared or 0):
                    prefix += data[: declared - len(prefix)]
                f.write(data)
            f.write(b"</w:body></w:document>")
        if declared is not None:
            info = z.getinfo("word/document.xml")
            info.file_size = declared
            info.CRC = zlib.crc32(bytes(prefix))
    return path


def empty_paragraphs(total: int):
    chunk = b"<w:p/>" * (1 << 17)
    for _ in range(total // len(chunk)):
        yield chunk


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bad")
    files: dict[str, Path] = {}
    # a 1.6 MB .docx whose document.xml inflates to 1 GiB, its directory telling the truth
    files["bomb"] = docx_with_document(d / "bomb.docx", lambda: empty_paragraphs(1 << 30))
    # the same kind of bomb (512 MB) with a directory that says 4 KB: inflating it in one go would
    # take 512 MB however small the size declared
    files["liar"] = docx_with_document(d / "liar.docx", lambda: empty_paragraphs(1 << 29), declared=4096)
    files["huge"] = d / "huge.txt"  # 1 GiB (sparse): refused before a byte is read
    with open(files["huge"], "wb") as f:
        f.truncate(1 << 30)
    files["zero"] = d / "zero.txt"
    files["zero"].symlink_to("/dev/zero")
    files["fifo"] = d / "fifo.txt"
    os.mkfifo(files["fifo"])
    # a 45 MB page that is all markup: a table of 600,000 rows
    files["page"] = d / "page.html"
    with open(files["page"], "wb") as f:
        f.write(
            "<html><head><title>某镇人民政府2023年政府信息公开工作年度报告</title></head><body><div><table>".encode()
        )
        rows = "".join(
            f"<tr><td>行政处罚决定</td><td>{i}</td><td>0</td><td>0</td></tr>\n" for i in range(10000)
        ).encode()
        while f.tell() < 45 * 2**20:
            f.write(rows)
        f.write(b"</table></div></body></html>")
    return files


REASONS = {
    "bomb": "压缩比异常",
    "liar": "Word",
    "huge": "文件过大",
    "zero": "不是普通文件（设备文件）",
    "fifo": "不是普通文件（命名管道 FIFO）",
    "page": "网页文件过大",
}


def good_files(d: Path) -> dict[str, Path]:
    """Good reports with awkward names and encodings, processed alongside the bad ones."""
    d.mkdir(exist_ok=True)
    evil = d / "evil\x1b[2J\x1b]0;pwned\x07\nname.txt"  # clears the screen and sets the title if written raw
    evil.write_bytes(GOOD.read_bytes())
    utf16 = d / "utf16le.txt"  # UTF-16LE, no byte-order mark
    utf16.write_bytes((SEEDS / "001_ebb777f635682efc.txt").read_text(encoding="utf-8").encode("utf-16-le"))
    return {"evil": evil, "utf16": utf16}


def error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("错误")]


def check_errors(stderr: str, bad: dict[str, Path]) -> None:
    errors = error_lines(stderr)
    assert len(errors) == len(bad), errors
    for key, path in bad.items():
        line = next((e for e in errors if str(path) in e), None)
        assert line is not None, (key, errors)
        assert REASONS[key] in line, line
        assert "MemoryError" not in line and "Traceback" not in stderr


def assert_escaped(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text, "a file name reached the terminal raw"
    assert "evil\\x1b[2J\\x1b]0;pwned\\x07\\nname.txt" in text


def test_check_refuses_each_bad_input_in_bounded_memory(bad, tmp_path):
    good = good_files(tmp_path / "good")
    p, peak = run_capped(600, "check", "--json", *bad.values(), *good.values())
    assert p.returncode == 1, p.stderr[-2000:]
    check_errors(p.stderr, bad)
    reports = {Path(r["file"]).name: r for r in json.loads(p.stdout)}
    assert reports[good["evil"].name]["cells"]["A.penalty_decisions"] == 103
    assert reports["utf16le.txt"]["town"] == "辛店镇"
    assert peak < PEAK_MB, f"check peaked at {peak} MB"
    # the readable output, too, writes the awkward name escaped
    p, _ = run_capped(600, "check", good["evil"], bad["fifo"])
    assert_escaped(p.stdout + p.stderr)


def test_ingest_refuses_each_bad_input_in_bounded_memory(bad, tmp_path):
    good = good_files(tmp_path / "good")
    data = tmp_path / "lib"
    files = [*bad.values(), *good.values()]
    p, peak = run_capped(1200, "ingest", "--data-dir", data, "--embeddings", "none", "--json", *files)
    assert p.returncode == 1, p.stderr[-2000:]
    check_errors(p.stderr, bad)
    assert [r["status"] for r in json.loads(p.stdout)] == ["error"] * len(bad) + ["added"] * 2
    assert peak < PEAK_MB, f"ingest peaked at {peak} MB"
    p, _ = run_capped(1200, "--data-dir", data, "list")
    assert_escaped(p.stdout)
    assert "镇罗镇" in p.stdout and "辛店镇" in p.stdout and "共 2 份报告" in p.stdout


def test_library_api_reads_through_the_same_gate(bad, tmp_path):
    from vectorstore import Library, Settings

    lib = Library(Settings(data_dir=tmp_path / "lib", embeddings="none"))
    res = lib.ingest([bad["fifo"], bad["zero"], bad["huge"], GOOD])
    assert [r.status for r in res] == ["error", "error", "error", "added"]
    assert "命名管道" in res[0].message and "设备文件" in res[1].message and "过大" in res[2].message


def test_utf16_without_bom_is_text():
    seed = (SEEDS / "001_ebb777f635682efc.txt").read_text(encoding="utf-8")
    for enc in ("utf-16-le", "utf-16-be", "utf-16"):
        assert decode_text(seed.encode(enc), Path("a.txt")) == seed
    with pytest.raises(IngestError, match="不是文本文件"):
        decode_text(bytes(range(256)) * 40, Path("junk.txt"))
    with pytest.raises(IngestError, match="不是文本文件"):
        decode_text(b"\x07\x00" * 3000, Path("junk.txt"))  # zeros at odd offsets, but no text


def test_big_page_of_inline_images_is_still_read(tmp_path):
    """A saved page over the HTML limit only because of a base64 image and scripts is read."""
    text = GOOD.read_text(encoding="utf-8")
    parts, rows = [], []
    for line in [*text.splitlines(), ""]:
        if "\t" in line:
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in line.split("\t")) + "</tr>")
            continue
        if rows:
            parts.append("<table>" + "".join(rows) + "</table>")
            rows = []
        parts.append(f"<p>{line}</p>")
    article = "".join(parts)
    image = "data:image/png;base64," + "iVBORw0KGgo" * (2 * MAX_HTML_BYTES // 11)
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><head><script>{'var x=1;' * 200000}</script></head><body><img src='{image}'>"
        f"<div>{article}</div><!-- {'c' * 100000} --></body></html>",
        encoding="utf-8",
    )
    assert page.stat().st_size > 2 * MAX_HTML_BYTES
    r = parse_file(page)
    assert r.body == "中卫市沙坡头区镇罗镇人民政府" and r.value("A.penalty_decisions") == 103


def test_many_tables_parse_in_linear_time():
    """2 MB of small tables took over two minutes (every table compared with every other)."""
    page = "<html><body><div>" + "".join(
        f"<table><tr><td>行政处罚{i}</td><td>{i}</td></tr></table>" for i in range(40000)
    )
    t0 = time.monotonic()
    lines = load_html(page + "</div></body></html>")
    assert len(lines) == 40000 and lines[-1].cells == ("行政处罚39999", "39999")
    assert time.monotonic() - t0 < 20
