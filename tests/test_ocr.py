"""Scanned PDFs (no text layer) and tables printed as images, read by OCR (ingest/ocr.py).

The seeds (as PDFs with ruled tables) and the corpus's two real PDFs are rendered to page images
(pdftoppm, 150 dpi), turned by 1°, given noise and JPEG artefacts, and rebuilt as image-only PDFs:
they parse to the same cells as the originals. Every cell read so carries its page, box and OCR
confidence; a doubtful digit is settled by the identities or left unknown, never guessed.

OCR takes seconds a page: the real PDFs' and all seeds' scans are marked slow (they still run in CI).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from ingest import ocr, parse_file, parse_lines
from ingest.load import load_path
from ingest.ocr import OcrCell, OcrLine

from .builders import write_pdf
from .conftest import EXTRA, ROOT, SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
REAL_PDFS = ["2023_淮安市洪泽区人民政府.pdf", "2024_淮安市人民政府.pdf"]
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")


def scanned(pdf: Path, out: Path, *, skew: float = 1.0, quality: int = 60, dpi: int = 150) -> Path:
    """`pdf` as a scan would give it: pages rendered at `dpi`, turned by `skew` degrees, grain and
    JPEG artefacts added, rebuilt as a PDF of page images only (no text layer)."""
    from PIL import Image

    rng = np.random.default_rng(0)
    pages = []
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{d}/p"], check=True)
        for png in sorted(Path(d).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
            im = Image.open(png).convert("L").rotate(skew, resample=Image.BICUBIC, fillcolor=255)
            grain = rng.normal(0, 6, (im.height, im.width))
            noisy = Image.fromarray(np.clip(np.asarray(im, dtype=float) + grain, 0, 255).astype(np.uint8))
            buf = io.BytesIO()
            noisy.save(buf, "JPEG", quality=quality)
            pages.append(Image.open(io.BytesIO(buf.getvalue())))
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out


def tables_as_images(pdf: Path, out: Path, dpi: int = 150) -> Path:
    """`pdf` with its text kept as text and each ruled table replaced by a picture of it."""
    import pdfplumber
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    src = pdfplumber.open(pdf)
    c = canvas.Canvas(str(out), pagesize=(src.pages[0].width, src.pages[0].height))
    for page in src.pages:
        h = float(page.height)
        c.setPageSize((page.width, page.height))
        tables = [t.bbox for t in page.find_tables()]
        rest = page
        for bbox in tables:
            rest = rest.outside_bbox(bbox)
        for tl in rest.extract_text_lines():
            size = tl["chars"][0]["size"]
            c.setFont("STSong-Light", size)
            c.drawString(tl["x0"], h - tl["bottom"] + size * 0.12, tl["text"])
        for bbox in tables:
            x0, top, x1, bottom = (bbox[0] - 2, bbox[1] - 2, bbox[2] + 2, bbox[3] + 2)
            img = page.crop((x0, top, x1, bottom)).to_image(resolution=dpi, antialias=True).original.convert("L")
            c.drawImage(ImageReader(img), x0, h - bottom, width=x1 - x0, height=bottom - top)
        c.showPage()
    c.save()
    src.close()
    return out


def values(report) -> dict:
    return {k: c.value for k, c in report.cells.items()}


def assert_read_like(scan, original) -> None:
    assert scan.format == "pdf"
    assert values(scan) == values(original)
    assert (scan.body, scan.year, scan.town, scan.county, scan.template) == (
        original.body,
        original.year,
        original.town,
        original.county,
        original.template,
    )
    [notice] = [f for f in scan.findings if f.kind == "ocr"]
    assert notice.severity == "info" and "OCR" in notice.message
    read = [c for c in scan.cells.values() if c.confidence is not None]
    assert len(read) >= 40
    for c in read:
        assert c.page is not None and c.source.startswith(f"page {c.page}")
        x0, top, x1, bottom = c.box
        assert 0 <= x0 < x1 and 0 <= top < bottom
        assert 0 < c.confidence <= 1


# --- the engine ----------------------------------------------------------------------------------


def test_the_models_ship_in_the_wheel_and_nothing_is_downloaded(monkeypatch):
    import socket

    import rapidocr
    from PIL import Image, ImageDraw, ImageFont
    from rapidocr.utils import download_file

    models = Path(rapidocr.__file__).parent / "models"
    names = [p.name for p in models.glob("*.onnx")]
    assert any("det" in n for n in names) and any("rec" in n for n in names), names

    def refuse(*_a, **_k):
        raise AssertionError("OCR tried to download something")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(download_file.DownloadFile, "run", refuse)
    ocr.engine.cache_clear()
    img = Image.new("L", (420, 90), 255)
    ImageDraw.Draw(img).text((20, 20), "2024  357", fill=0, font=ImageFont.load_default(size=40))
    boxes, angle = ocr.read_image(np.asarray(img))
    assert "357" in " ".join(b.text for b in boxes)
    assert angle == 0.0


# --- the geometry of a page ----------------------------------------------------------------------


def _grid_page():
    """A white page with a ruled table: a header row, a label merged over two rows, a blank cell."""
    import cv2

    g = np.full((400, 700), 255, np.uint8)
    xs = [40, 300, 420, 540, 660]
    for y in (50, 90, 170):
        cv2.line(g, (xs[0], y), (xs[-1], y), 0, 1)
    cv2.line(g, (xs[1], 130), (xs[-1], 130), 0, 1)  # not across the label column: merged over two rows
    for x in xs:
        cv2.line(g, (x, 50), (x, 170), 0, 1)
    return g


def _box(text, x0, y0, x1, y1, score=0.99):
    w = (x1 - x0) / len(text)
    glyphs = [
        ocr._Glyph(ch, score, x0 + w * (i + 0.5), (y0 + y1) / 2, (x0 + w * i, y0, x0 + w * (i + 1), y1))
        for i, ch in enumerate(text)
    ]
    return ocr._Box(text, x0, y0, x1, y1, glyphs)


def test_table_rows_come_from_the_ruling_lines():
    page = _grid_page()
    tables = ocr.find_tables(page)
    assert len(tables) == 1 and len(tables[0].bands) == 3 and len(tables[0].cols) == 5
    boxes = [
        _box("一、本年新收", 50, 60, 200, 80),
        _box("12", 430, 60, 450, 80),
        _box("3", 560, 60, 570, 80),
        _box("三、本年度办理结果", 50, 120, 280, 140),  # merged over rows 2 and 3: read with row 2
        _box("5", 320, 100, 330, 120),
        _box("6", 560, 100, 570, 120),
        _box("O", 320, 140, 330, 160, score=0.98),  # a zero read as a letter
        _box("78", 520, 140, 560, 160),  # one box across a ruling line: split at the line
        _box("二、主动公开政府信息情况", 40, 200, 400, 225),
    ]
    placed = ocr.page_lines(boxes, tables, 3, 0.5)
    rows = {p.line.source: p.line for p in placed}
    assert rows["page 3 table 1 row 1"].cells == ("一、本年新收", "", "12", "3")
    assert rows["page 3 table 1 row 2"].cells == ("三、本年度办理结果", "5", "", "6")
    assert rows["page 3 table 1 row 3"].cells == ("", "0", "7", "8")
    assert rows["page 3"].cells == ("二、主动公开政府信息情况",)
    zero = rows["page 3 table 1 row 3"].boxes[1]
    assert zero.page == 3 and zero.confidence == ocr.LOOKALIKE_SCORE  # a guess is never trusted as is
    assert rows["page 3 table 1 row 1"].boxes[1] is None
    assert rows["page 3 table 1 row 1"].boxes[2].box == (215.0, 30.0, 225.0, 40.0)  # PDF points
    assert [p.line.source for p in sorted(placed, key=lambda p: p.top)][-1] == "page 3"


def test_a_skewed_page_is_turned_straight():
    quads = [np.array([[0, 0], [400, 7], [400, 37], [0, 30]], float) for _ in range(5)]
    assert ocr._skew(quads) == pytest.approx(1.0, abs=0.01)
    assert ocr._skew(quads[:2]) == 0.0  # too little to tell


# --- trust: doubtful digits ----------------------------------------------------------------------


def _as_ocr(lines, doubt: dict[str, tuple[str, float]] | None = None):
    """A seed's lines as if OCR had read them (confidence 0.99); `doubt` maps a row label to
    (the digits OCR read in its first value cell, their confidence)."""
    out = []
    for i, ln in enumerate(lines):
        cells = list(ln.cells)
        conf = [0.99] * len(cells)
        for label, (text, score) in (doubt or {}).items():
            if ln.is_row and label in cells[0]:
                j = next(j for j, c in enumerate(cells) if j > 0 and c.strip())
                cells[j], conf[j] = text, score
        boxes = tuple(
            OcrCell(1 + i // 40, (10.0, i, 20.0, i + 8.0), s) if c else None for c, s in zip(cells, conf, strict=True)
        )
        out.append(OcrLine(tuple(cells), f"page {1 + i // 40} row {i}", boxes))
    return out


SEED_004 = SEEDS / "004_9c54c256ccc794aa.txt"


def test_every_cell_read_by_ocr_carries_page_box_and_confidence():
    text = parse_file(SEED_004)
    r = parse_lines(_as_ocr(load_path(SEED_004)), file="scan.pdf", fmt="pdf")
    assert values(r) == values(text)
    cell = r.cells["A.penalty_decisions"]
    assert (cell.value, cell.confidence) == (103, 0.99)
    assert cell.page >= 1 and cell.box[0] == 10.0 and cell.source.startswith("page ")
    assert sum(c.confidence is not None for c in r.cells.values()) > 100
    assert any(f.kind == "ocr" for f in r.findings)
    assert not any(f.kind == "ocr" for f in text.findings)


def test_a_doubtful_digit_an_identity_pins_is_corrected_and_announced():
    text = parse_file(SEED_004)
    new = text.cells["B.new_applications.natural_person"].value
    wrong = str(new + 3)
    r = parse_lines(_as_ocr(load_path(SEED_004), {"本年新收": (wrong, 0.41)}), file="scan.pdf", fmt="pdf")
    cell = r.cells["B.new_applications.natural_person"]
    assert (cell.value, cell.inferred, cell.confidence) == (new, True, 0.41)
    assert values(r) == values(text)
    [f] = [f for f in r.findings if f.kind == "cell_inferred" and "OCR" in f.message]
    assert "B.new_applications.natural_person" in f.cells and wrong in f.message and str(new) in f.message


def test_a_doubtful_digit_the_identities_confirm_is_kept_as_printed():
    text = parse_file(SEED_004)
    new = str(text.cells["B.new_applications.natural_person"].value)
    r = parse_lines(_as_ocr(load_path(SEED_004), {"本年新收": (new, 0.41)}), file="scan.pdf", fmt="pdf")
    cell = r.cells["B.new_applications.natural_person"]
    assert (str(cell.value), cell.inferred) == (new, False)
    assert not any("OCR" in f.message for f in r.findings if f.kind in ("cell_inferred", "cell_missing"))


def test_a_doubtful_digit_nothing_pins_is_unknown_never_a_guess():
    r = parse_lines(_as_ocr(load_path(SEED_004), {"行政处罚": ("108", 0.52)}), file="scan.pdf", fmt="pdf")
    cell = r.cells["A.penalty_decisions"]
    assert cell.value is None and cell.confidence == 0.52 and not cell.inferred
    [f] = [f for f in r.findings if f.kind == "cell_missing" and "A.penalty_decisions" in f.cells]
    assert "OCR" in f.message and "108" in f.message and "未知" in f.message


# --- scanned PDFs: the same cells as the originals -----------------------------------------------


@needs_pdftoppm
def test_a_scanned_real_report_reads_like_the_original(tmp_path):
    original = EXTRA / REAL_PDFS[0]
    if not original.exists():
        pytest.skip("../shared corpus not beside the repo")
    pages: list[tuple[str, int, int]] = []
    ocr.set_progress(lambda name, page, total: pages.append((name, page, total)))
    try:
        scan = parse_file(scanned(original, tmp_path / original.name))
    finally:
        ocr.set_progress(None)
    assert_read_like(scan, parse_file(original))
    assert pages == [(original.name, p, 5) for p in range(1, 6)]
    from ui.cli import report_json

    shown = report_json(scan)
    assert any(f["kind"] == "ocr" and "1–5" in f["message"] for f in shown["findings"])


@pytest.mark.slow
@needs_pdftoppm
@pytest.mark.parametrize("name", REAL_PDFS[1:])
def test_the_other_scanned_real_report_reads_like_the_original(name, tmp_path):
    original = EXTRA / name
    if not original.exists():
        pytest.skip("../shared corpus not beside the repo")
    assert_read_like(parse_file(scanned(original, tmp_path / name)), parse_file(original))


@pytest.mark.slow
@needs_pdftoppm
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_scanned_seeds_read_like_the_text(seed, tmp_path):
    pdf = write_pdf(load_path(seed), tmp_path / (seed.stem + ".pdf"))
    assert_read_like(parse_file(scanned(pdf, tmp_path / "scan.pdf")), parse_file(seed))


@needs_pdftoppm
def test_a_text_pdf_with_its_tables_as_images_gets_ocr_for_the_images_only(tmp_path):
    seed = SEEDS / "002_19cc13ecf0eb244d.txt"
    pdf = tables_as_images(write_pdf(load_path(seed), tmp_path / "text.pdf"), tmp_path / "002.pdf")
    lines = load_path(pdf)
    ocr_rows = [ln for ln in lines if isinstance(ln, OcrLine)]
    assert ocr_rows and all(ln.is_row for ln in ocr_rows)  # only the tables were read by OCR
    assert any("海城镇" in ln.text for ln in lines if not isinstance(ln, OcrLine))  # the text layer as it is
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run(
        [sys.executable, "-m", "ui.cli", "check", "--json", str(pdf)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr
    [shown] = json.loads(p.stdout)
    from ui.cli import report_json

    assert shown["cells"] == json.loads(json.dumps(report_json(parse_file(seed))["cells"]))
    [notice] = [f for f in shown["findings"] if f["kind"] == "ocr"]
    assert "OCR" in notice["message"]
