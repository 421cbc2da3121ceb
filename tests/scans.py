"""Scans made from text PDFs, degraded the ways real scans are: for the OCR tests and bench/ocr_bench.py.

`scanned(pdf, out, ...)` renders pages (pypdfium2) at `dpi` and rebuilds them as a PDF of page
images only (no text layer). Each page can be turned by a quarter turn (a landscape table page, a
page fed upside down), skewed by a few degrees, laid on a grey uneven background, given a red seal
over its text, grain and JPEG artefacts. `pages` scans only those pages and keeps the others as the
original's text pages (the tests' way of reading only the table pages by OCR).

    >>> [k for k, how in VARIANTS.items() if "rotate" in how]
    ['rot90', 'rot180', 'rot270', 'all']
"""

from __future__ import annotations

import io
import math
import tempfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np

FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"

# the degradations bench/ocr_bench.py measures (keyword arguments of `scanned`)
VARIANTS: dict[str, dict] = {
    "clean": {"skew": 0.0, "quality": 90, "grain": 0.0},
    "rot90": {"rotate": 90},
    "rot180": {"rotate": 180},
    "rot270": {"rotate": 270},
    "skew2": {"skew": 2.0},
    "skew3": {"skew": -3.0},
    "dpi120": {"dpi": 120},
    "dpi100": {"dpi": 100},
    "jpeg40": {"quality": 40},
    "stamp": {"stamp": True},
    "grey": {"grey": True},
    "open": {"rules": "open"},
    "rows": {"rules": "rows"},
    "all": {"rotate": 90, "skew": 2.0, "dpi": 120, "quality": 40, "stamp": True, "grey": True},
}


def seal(diameter: int, text: str = "淮安市人民政府办公室"):
    """A round red seal (RGB, white outside): a ring, a star and `text` along the top arc."""
    from PIL import Image, ImageDraw, ImageFont

    d = diameter
    im = Image.new("RGB", (d, d), (255, 255, 255))
    draw = ImageDraw.Draw(im)
    red = (214, 38, 46)
    ring = max(3, d // 40)
    draw.ellipse((ring, ring, d - ring, d - ring), outline=red, width=ring)
    c, r = d / 2, d * 0.14
    star = [
        (
            c + (r if i % 2 == 0 else r * 0.4) * math.sin(i * math.pi / 5),
            c - (r if i % 2 == 0 else r * 0.4) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=red)
    try:
        font = ImageFont.truetype(FONT, size=max(8, d // 8))
    except OSError:  # pragma: no cover - the font comes with the test tools
        font = ImageFont.load_default(size=max(8, d // 8))
    size = max(8, d // 8)
    span = 250.0  # degrees of arc the text runs along, centred on the top
    for i, ch in enumerate(text):
        a = math.radians(-span / 2 + span * (i + 0.5) / len(text))
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size // 2, size // 3), ch, fill=255, font=font)
        glyph = glyph.rotate(-math.degrees(a), resample=Image.BICUBIC)
        rr = d / 2 - ring * 2 - size * 0.75
        x, y = c + rr * math.sin(a) - size, c - rr * math.cos(a) - size
        im.paste(Image.new("RGB", glyph.size, red), (round(x), round(y)), glyph)
    return im


def unruled(im, rules: str):
    """`im` with some of its tables' vertical rules erased: "open" the outer ones (tables open at the
    sides), "rows" all of them (rows ruled, columns not)."""
    import cv2
    from PIL import Image

    rgb = np.asarray(im).copy()
    ink = (cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) < 200).astype(np.uint8)
    tall = max(20, rgb.shape[0] // 35)  # longer than a bold title's strokes
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((tall, 1), np.uint8))
    n, labels, stats, _c = cv2.connectedComponentsWithStats(vertical, connectivity=8)
    erase = np.zeros_like(ink)
    boxes = [(i, x, y, w, h) for i, (x, y, w, h, _a) in enumerate(stats[1:n], 1) if w <= 8]
    for i, x, y, _w, h in boxes:
        if rules == "open":  # only a rule with no other rule left of it, or none right of it, at its height
            beside = [bx for j, bx, by, _bw, bh in boxes if by < y + h and y < by + bh and j != i]
            if beside and min(beside) < x < max(beside):
                continue
        erase[labels == i] = 1
    erase = cv2.dilate(erase, np.ones((1, 5), np.uint8))
    wide = max(20, rgb.shape[1] // 35)
    horizontal = cv2.dilate(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, wide), np.uint8)), np.ones((3, 1), np.uint8)
    )
    rgb[(erase > 0) & (horizontal == 0)] = 255  # the rows' rules run on unbroken
    return Image.fromarray(rgb)


def degrade(
    im,
    *,
    rotate: int = 0,
    skew: float = 1.0,
    grey: bool = False,
    stamp: bool = False,
    grain: float = 6.0,
    quality: int = 60,
    rules: str = "all",
    dpi: int = 150,
    seed: int = 0,
):
    """One rendered page (a PIL image) as a scanner would give it back, a JPEG-compressed PIL image."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    im = im.convert("RGB")
    if rules != "all":
        im = unruled(im, rules)
    if stamp:  # pressed over the page's middle, where the tables' numbers are; ink under it stays dark
        s = seal(round(dpi * 42 / 25.4))
        x, y = round(im.width * 0.62 - s.width / 2), round(im.height * 0.45 - s.height / 2)
        page = np.asarray(im, dtype=float)
        region = page[y : y + s.height, x : x + s.width]
        region *= np.asarray(s, dtype=float)[: region.shape[0], : region.shape[1]] / 255
        im = Image.fromarray(page.astype(np.uint8))
    if grey:  # recycled paper under a dim lamp: white becomes an uneven grey, ink stays dark
        h, w = im.height, im.width
        shade = 178 + 36 * np.linspace(0, 1, w)[None, :] * np.linspace(0.6, 1, h)[:, None]
        page = np.asarray(im, dtype=float) * (shade / 255)[:, :, None]
        im = Image.fromarray(page.astype(np.uint8))
    if rotate:
        im = im.rotate(rotate, expand=True)
    if skew:
        white = (255, 255, 255) if not grey else (196, 196, 196)
        im = im.rotate(skew, resample=Image.BICUBIC, fillcolor=white)
    if grain:
        page = np.asarray(im, dtype=float) + rng.normal(0, grain, (im.height, im.width, 1))
        im = Image.fromarray(np.clip(page, 0, 255).astype(np.uint8))
    if not stamp:  # a black-and-white scan: grey pages, as most scanners deliver
        im = im.convert("L")
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def scanned(
    pdf: Path, out: Path, *, dpi: int = 150, pages: Iterable[int] | dict[int, dict] | None = None, **how
) -> Path:
    """`pdf` as a scan would give it: its pages (or only `pages`, numbered from 1) rendered at `dpi`,
    degraded by `degrade(**how)`, rebuilt as page images without a text layer. `pages` may map a
    page to degradations of its own (added to `how`)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(pdf))
    wanted = set(range(1, len(src) + 1) if pages is None else pages)
    own = pages if isinstance(pages, dict) else {}
    doc = pdfium.PdfDocument.new()
    with tempfile.TemporaryDirectory() as d:
        for no in range(1, len(src) + 1):
            if no not in wanted:
                doc.import_pages(src, [no - 1])
                continue
            this = {"dpi": dpi, **how, **own.get(no, {})}
            im = degrade(src[no - 1].render(scale=this["dpi"] / 72).to_pil(), seed=no, **this)
            one = Path(d) / f"{no}.pdf"
            im.save(one, "PDF", resolution=this["dpi"])
            scan = pdfium.PdfDocument(str(one))
            doc.import_pages(scan, [0])
            scan.close()
        doc.save(str(out))
    doc.close()
    src.close()
    return out
