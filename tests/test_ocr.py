"""Scanned PDFs (no text layer) and tables printed as images, read by OCR (ingest/ocr.py).

Real and seed reports are rendered to page images and rebuilt as image-only PDFs the way scanners
give them back (tests/scans.py): grain and JPEG artefacts, a degree of skew, and on some pages what
real scans bring: a page turned a quarter or half round, 2° skew, 120 dpi, JPEG quality 40, a red
seal over the tables, a grey uneven background, tables ruled in rows only or open at the sides.
They parse to the same cells as the originals, or to the hand-checked gold. Every cell read so
carries its page, box and OCR confidence; a doubtful digit is settled by the identities or left
unknown, never guessed.

OCR takes seconds a page: only the pages a test needs are scanned (the rest keep their text
layer), and the seeds' scans are marked slow (they still run in CI).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from ingest import ocr, parse_file, parse_lines
from ingest.load import load_path
from ingest.ocr import OcrCell, OcrLine

from .builders import write_pdf
from .conftest import EXTRA, ROOT, SEEDS, gold_extra
from .scans import FONT, scanned, seal

SEED_FILES = sorted(SEEDS.glob("*.txt"))
REAL_PDFS = ["2023_淮安市洪泽区人民政府.pdf", "2024_淮安市人民政府.pdf"]


def tables_as_images(pdf: Path, out: Path, dpi: int = 150, pages: set[int] | None = None) -> Path:
    """`pdf` with its text kept as text and each ruled table replaced by a picture of it (on `pages`,
    numbered from 1; the other pages as they are)."""
    import pdfplumber
    import pypdfium2 as pdfium
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
    if pages is not None:
        drawn, kept, doc = pdfium.PdfDocument(out.read_bytes()), pdfium.PdfDocument(str(pdf)), pdfium.PdfDocument.new()
        for no in range(1, len(kept) + 1):
            doc.import_pages(drawn if no in pages else kept, [no - 1])
        doc.save(str(out))
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
    assert len(read) >= 5  # a page of table A holds a handful of cells, one of table B dozens
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


def _text_page():
    """A small grey page of printed lines (Noto CJK), upright."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (900, 420), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    lines = [
        "淮安市人民政府2024年政府信息公开工作年度报告",
        "本年新收政府信息公开申请数量 3001 件",
        "行政复议结果维持 72 件，纠正 64 件",
    ]
    for i, line in enumerate(lines):
        draw.text((30, 40 + 110 * i), line, fill=0, font=font)
    return np.asarray(img)


@pytest.mark.skipif(not Path(FONT).exists(), reason="Noto CJK font (fonts-noto-cjk) not installed")
@pytest.mark.parametrize("turns", [0, 1, 2])  # 3 (turned clockwise): a page of the real report below
def test_a_page_turned_any_way_is_read_upright(turns, monkeypatch):
    """A page scanned turned (a landscape page, a page fed upside down) is turned upright before its
    tables are looked for; an upright page costs one detection, a turned one a second."""
    eng = ocr.engine()
    calls = []
    detect = type(eng).detect_and_crop
    monkeypatch.setattr(type(eng), "detect_and_crop", lambda self, *a: calls.append(1) or detect(self, *a))
    page = ocr.read_page(np.ascontiguousarray(np.rot90(_text_page(), turns)))
    assert page.turns == (4 - turns) % 4
    assert page.image.shape == _text_page().shape
    text = " ".join(b.text for b in page.boxes)
    assert "政府信息公开工作年度报告" in text and "3001" in text
    assert len(calls) == (1 if turns == 0 else 2)
    if turns == 2:  # the next page of a document fed upside down is tried turned first: one detection
        calls.clear()
        again = ocr.read_page(np.ascontiguousarray(np.rot90(_text_page(), turns)), page.turns)
        assert again.turns == page.turns and len(calls) == 1


def test_a_red_seal_and_grey_paper_are_cleaned_off_the_ink():
    """Grey, unevenly lit paper becomes white; a red seal pressed over a table's ruling and digits
    is lifted off them: the seal's red turns (nearly) white, the black ink under it stays black."""
    import cv2

    page = np.full((600, 800, 3), 255, np.uint8)
    cv2.line(page, (50, 300), (750, 300), (0, 0, 0), 2)
    cv2.putText(page, "3119", (420, 290), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 3)
    ink = page[:, :, 0] < 100
    stamp = np.asarray(seal(240), dtype=float) / 255
    page = page.astype(float)
    page[170:410, 330:570] *= stamp  # the seal's ink multiplies the page's
    page *= (150 + 60 * np.linspace(0, 1, 800))[None, :, None] / 255  # grey paper, darker on the left
    page = page.astype(np.uint8)
    sealed = (stamp[:, :, 1] < 0.5) & ~ink[170:410, 330:570]
    assert (page[:, :, 1][170:410, 330:570][sealed] < 120).all()  # the seal is dark in grey
    gray = ocr.clean_page(page)
    paper = ~cv2.dilate(ink.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    paper[170:410, 330:570] = False
    assert np.percentile(gray[paper], 5) >= 235  # white paper
    assert np.percentile(gray[170:410, 330:570][sealed], 10) >= 200  # the seal, gone
    assert np.percentile(gray[ink], 90) < 100  # the ink under and beside it, black
    # a page without a seal on white paper is left as it is
    white = np.full((300, 300), 255, np.uint8)
    white[100:110, 50:250] = 0
    assert (ocr.clean_page(white) == white).all()


def test_a_table_open_at_its_sides_keeps_its_outer_columns():
    closed = ocr.find_tables(_grid_page())
    page = _grid_page()
    page[:, 35:46] = 255  # the outer vertical lines, not printed (the rules still run out to them)
    page[:, 655:666] = 255
    page[50, 40:661] = 0
    page[90, 40:661] = 0
    page[170, 40:661] = 0
    page[130, 300:661] = 0
    [open_] = ocr.find_tables(page)
    assert len(open_.bands) == len(closed[0].bands)
    assert open_.cols == pytest.approx(closed[0].cols, abs=8)


def test_a_table_ruled_in_rows_only_takes_its_columns_from_its_numbers():
    """Horizontal rules and no vertical ones: the columns are where the rows' numbers line up, the
    label column where a rule begins; a run of rules with no numbers between them is no table."""
    import cv2

    g = np.full((420, 760), 255, np.uint8)
    for y in (50, 90, 130, 170, 210):
        cv2.line(g, (40, y), (720, y), 0, 1)
    cv2.line(g, (40, 300), (720, 300), 0, 1)
    cv2.line(g, (40, 340), (720, 340), 0, 1)
    cv2.line(g, (40, 380), (720, 380), 0, 1)
    assert ocr.find_tables(g) == []  # no vertical lines: no ruled table
    boxes = [
        _box("一、本年新收", 50, 100, 200, 120),
        _box("12", 420, 100, 440, 120),
        _box("3", 535, 100, 545, 120),
        _box("15", 650, 100, 670, 120),
        _box("1.属于国家秘密", 50, 140, 230, 160),
        _box("0", 425, 140, 435, 160),
        _box("7", 535, 140, 545, 160),
        _box("7", 655, 140, 665, 160),
        _box("二、结转", 50, 180, 150, 200),
        _box("108", 525, 180, 555, 200),
        _box("108", 645, 180, 675, 200),
        _box("说明：本表数据截至年底", 50, 310, 330, 330),  # rules around text: not a table
    ]
    tables = ocr.find_tables(g, boxes)
    assert len(tables) == 1 and len(tables[0].bands) == 4
    rows = {p.line.source: p.line.cells for p in ocr.page_lines(boxes, tables, 1, 0.5)}
    assert rows["page 1 table 1 row 2"] == ("一、本年新收", "12", "3", "15")
    assert rows["page 1 table 1 row 3"] == ("1.属于国家秘密", "0", "7", "7")
    assert rows["page 1 table 1 row 4"] == ("二、结转", "", "108", "108")
    assert rows["page 1"] == ("说明：本表数据截至年底",)


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


# --- scanned PDFs: the same cells as the originals, and as the gold ---------------------------------


def assert_gold(report, name: str) -> None:
    """Every cell and the metadata of `report` as ../shared/gold/extra.json has them for `name` (as
    ../shared/tools/gold_score.py compares them)."""
    from ui.cli import report_json

    gold = gold_extra()[name]
    shown = report_json(report)
    wrong = {
        k: (shown["cells"].get(k), want) for k, want in gold["cells"].items() if not same(shown["cells"].get(k), want)
    }
    assert not wrong, f"{len(wrong)} cells differ from the gold: {dict(list(wrong.items())[:8])}"
    assert (shown["year"], shown["level"], shown["template"]) == (gold["year"], gold["level"], gold["template"])


def same(value, want) -> bool:
    if value is None or want is None:
        return value is want
    return Decimal(str(value)) == Decimal(str(want))


def near(box, want, tol: float = 12.0) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(box, want, strict=True))


def test_a_scanned_real_report_reads_like_the_original(tmp_path):
    """Every page scanned: the text pages as they are, the first table page turned a quarter
    clockwise with its tables open at the sides, the second under a red seal on grey paper, 2° off."""
    original = EXTRA / REAL_PDFS[0]
    if not original.exists():
        pytest.skip("../shared corpus not beside the repo")
    how = {1: {}, 2: {}, 3: {"rotate": 270, "rules": "open"}, 4: {"stamp": True, "grey": True, "skew": -2.0}, 5: {}}
    pages: list[tuple[str, int, int]] = []
    ocr.set_progress(lambda name, page, total: pages.append((name, page, total)))
    try:
        scan = parse_file(scanned(original, tmp_path / original.name, pages=how))
    finally:
        ocr.set_progress(None)
    assert_read_like(scan, parse_file(original))
    assert_gold(scan, original.name)
    assert pages == [(original.name, p, 5) for p in range(1, 6)]
    from ui.cli import report_json

    shown = report_json(scan)
    assert any(f["kind"] == "ocr" and "1–5" in f["message"] for f in shown["findings"])
    # a cell on the turned page is boxed where it is on that page as scanned (landscape, read bottom to top)
    cell = scan.cells["A.penalty_decisions"]
    assert cell.page == 3 and cell.value == 4119
    x0, top, x1, bottom = cell.box
    assert bottom - top > x1 - x0  # the number runs down the page


def test_turned_and_degraded_table_pages_of_a_real_report_read_as_the_gold(tmp_path):
    """The table pages of a real report as hard scans: page 4 turned a quarter (a landscape page),
    2° off, at 120 dpi, JPEG quality 40, a red seal over the tables, on grey paper; page 5 fed upside
    down, its tables ruled in rows only. Every cell as the hand-checked gold has it, each box where
    the number is printed on the page as scanned."""
    name = REAL_PDFS[1]
    original = EXTRA / name
    if not original.exists():
        pytest.skip("../shared corpus not beside the repo")
    hard = {"rotate": 90, "skew": 2.0, "dpi": 120, "quality": 40, "stamp": True, "grey": True}
    scan = parse_file(scanned(original, tmp_path / name, pages={4: hard, 5: {"rotate": 180, "rules": "rows"}}))
    assert_gold(scan, name)
    [notice] = [f for f in scan.findings if f.kind == "ocr"]
    assert "第 4–5 页是扫描图片" in notice.message
    # boxes on the pages as scanned: page 4 turned a quarter counter-clockwise (595 x 842 -> 842 x 595),
    # page 5 half round; where pdfplumber finds the number on the original's text layer, turned alike
    new = scan.cells["B.new_applications.natural_person"]  # 3001 at (260.3, 465.1, 275.2, 472.5)
    assert new.page == 4 and near(new.box, (465.1, 595.2 - 275.2, 472.5, 595.2 - 260.3))
    total = scan.cells["C.litigation_after_reconsideration.total"]  # 20 at (490.8, 665.6, 502.8, 677.6)
    assert total.page == 5 and near(total.box, (595.2 - 502.8, 842.4 - 677.6, 595.2 - 490.8, 842.4 - 665.6))


# (the page scanned, how): each seed's tables span pages 1–3 of its PDF; one page each, so that
# between them table A (004, page 1), table B (001, page 2) and the end of B with table C (002,
# page 3) are read from a degraded scan, the other pages staying text
SEED_SCANS = {
    "001": (2, {"stamp": True, "grey": True}),
    "002": (3, {"rotate": 90}),
    "004": (1, {"rules": "rows", "quality": 40}),
}


@pytest.mark.slow
@pytest.mark.parametrize("seed", [p for p in SEED_FILES if p.name[:3] in SEED_SCANS], ids=lambda p: p.name[:3])
def test_scanned_seeds_read_like_the_text(seed, tmp_path):
    pdf = write_pdf(load_path(seed), tmp_path / (seed.stem + ".pdf"))
    page, how = SEED_SCANS[seed.name[:3]]
    assert_read_like(parse_file(scanned(pdf, tmp_path / "scan.pdf", pages={page: how})), parse_file(seed))


def test_a_text_pdf_with_its_tables_as_images_gets_ocr_for_the_images_only(tmp_path):
    seed = SEEDS / "002_19cc13ecf0eb244d.txt"
    # the tables of page 2 (the end of table A, the start of table B) as pictures; the others as text
    pdf = tables_as_images(write_pdf(load_path(seed), tmp_path / "text.pdf"), tmp_path / "002.pdf", pages={2})
    lines = load_path(pdf)
    ocr_rows = [ln for ln in lines if isinstance(ln, OcrLine)]
    assert ocr_rows and all(ln.is_row for ln in ocr_rows)  # only the tables were read by OCR
    assert {ln.source.split()[1] for ln in ocr_rows} == {"2"}
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
