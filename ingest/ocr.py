"""OCR of scanned PDF pages and of tables printed as images, offline, and the trust its digits earn.

A page without a text layer (a scan, 图片版), or an image on a text page that holds a ruled table, is
rendered and read by RapidOCR (PP-OCR detection and recognition models that ship inside the
`rapidocr` wheel, run by onnxruntime: nothing is downloaded). The boxes it finds become the same
Lines every other format gives:

- the page is cleaned as scans need (`clean_page`): grey or unevenly lit paper is evened out to
  white, and a red seal pressed over the text is lifted off it (black ink beneath stays black);
- the page is turned upright (`read_page`): a landscape table page scanned a quarter turn round, or
  a page fed upside down, is told by its detected text lines (standing or lying) and the direction
  classifier on a dozen of them; an upright page costs one detection, as before;
- the page is deskewed by the slope of its long ruling lines (else of its text boxes);
- ruling lines are found in the page image (OpenCV): horizontal lines by a morphological opening,
  vertical ones per row band by column projection; a band with two or more vertical lines is a
  table row, a cell whose top line is missing continues the cell above (a vertical merge); a table
  open at its sides gets its outer columns from where its rules end, and one ruled in rows only
  gets its columns from where its numbers line up (`_unruled_tables`);
- each recognised character goes to the cell its centre falls in, so a box that runs across a
  ruling line is split there; table rows read "label, then the cells" like a PDF's ruled table;
  a cell holding ink the detector missed, or a number read unsurely, is cropped and read again;
  a letter read where a digit is printed ("O", "D", "。" for 0; "l", "一" for 1) becomes the digit,
  with a low confidence;
- the rest of the page is text in reading order (boxes grouped into lines by their height).

Every cell read by OCR keeps its page, its box on the page as scanned (PDF points; on a turned page,
turned back) and its OCR confidence (the
lowest character score), carried by `OcrLine` to the parsed `Cell`. `settle_digits` then makes the
digits earn trust: a low-confidence number that an identity pins is kept when it agrees, corrected
and announced (`cell_inferred`) when it does not; one nothing pins is unknown with a `cell_missing`
finding, never a guess. `ocr_notice` says which pages were read by OCR.

    >>> rows_of([(0, 10), (2, 12), (30, 40)])
    [[0, 1], [2]]
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import IngestError
from .load import Line
from .model import Cell, Finding
from .normalise import is_footer, normalise_cell

# a digit read below this confidence is not trusted as printed: an identity must confirm or correct it
TRUST = 0.90
MAX_OCR_PAGES = 200
MIN_DPI, MAX_DPI, DEFAULT_DPI = 150, 300, 200
# an image on a text page is read when it is at least this share of the page's width and this tall
IMAGE_MIN_W, IMAGE_MIN_H = 0.3, 12.0  # share of the page's width, points

ENGINE_PARAMS = {
    # no direction classifier on every line: a page's orientation is told once (read_page), a slight
    # skew is handled by deskewing
    "Global.use_cls": False,
    "Global.max_side_len": 4000,  # keep the rendered resolution for recognition
    # detection on at most an A4 page at 150 dpi: a finer scan costs no more to find its text in
    "Det.limit_type": "max",
    "Det.limit_side_len": 1760,
    # narrow boxes (a table's digits) padded to 64 px, not 320: recognition ~3x faster, same text
    "Rec.rec_img_shape": [3, 48, 64],
    "Rec.rec_batch_num": 16,
}

Progress = Callable[[str, int, int], None]  # (file name, page number, page count)
_progress: Progress | None = None


def set_progress(callback: Progress | None) -> None:
    """Who hears about each page OCR starts on (None: a line on standard error when it is a terminal)."""
    global _progress
    _progress = callback


def _report_progress(name: str, page: int, total: int) -> None:
    if _progress is not None:
        _progress(name, page, total)
    elif sys.stderr.isatty():
        end = "\n" if page == total else ""
        sys.stderr.write(f"\rOCR 识别 {name}：第 {page}/{total} 页{end}")
        sys.stderr.flush()


@dataclass(frozen=True)
class OcrCell:
    """Where an OCR'd cell was read: its page, its box (PDF points: x0, top, x1, bottom) and the
    lowest score among its characters."""

    page: int
    box: tuple[float, float, float, float]
    confidence: float


@dataclass(frozen=True)
class OcrLine(Line):
    """A Line read by OCR; `boxes` has one entry per cell (None for a blank cell)."""

    boxes: tuple[OcrCell | None, ...] = ()


@dataclass
class _Glyph:
    ch: str
    score: float
    cx: float  # centre, deskewed image pixels
    cy: float
    rect: tuple[float, float, float, float]  # original image pixels


@dataclass
class _Box:
    text: str
    x0: float  # deskewed image pixels
    y0: float
    x1: float
    y1: float
    glyphs: list[_Glyph]

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0


# --- the engine ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def engine():
    """RapidOCR with the models its wheel ships, named explicitly so that nothing is ever downloaded."""
    try:
        import rapidocr
        from rapidocr import RapidOCR
    except ImportError as e:  # pragma: no cover - a dependency
        raise RuntimeError("未安装 OCR 组件（rapidocr、onnxruntime）") from e
    models = Path(rapidocr.__file__).parent / "models"
    paths = {task: _model(models, task) for task in ("det", "rec", "cls")}
    params = {
        "Global.log_level": "error",
        "Det.model_path": str(paths["det"]),
        "Rec.model_path": str(paths["rec"]),
        "Cls.model_path": str(paths["cls"]),
        **ENGINE_PARAMS,
    }
    return RapidOCR(params=params)


def _model(models: Path, task: str) -> Path:
    found = sorted(models.glob(f"*{task}*.onnx"))
    if not found:
        raise RuntimeError(f"OCR 模型文件缺失（{models} 中没有 {task} 模型）")
    return found[-1]


def read_image(img, angle: float | None = None) -> tuple[list[_Box], float]:
    """OCR of one upright page image (an RGB or grey numpy array): its boxes with their characters,
    turned straight by `angle` degrees (by the slope of the text boxes when not given), and that angle."""
    import cv2

    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    res = engine()(img, use_det=True, use_cls=False, use_rec=True, return_word_box=True, return_single_char_box=True)
    return _boxes(res, img.shape, angle)


@dataclass
class _Page:
    """A page image read upright: `image` is the grey page after `turns` quarter turns counter-clockwise
    (np.rot90), `boxes` its OCR boxes deskewed by `angle` degrees."""

    image: object
    turns: int
    boxes: list[_Box]
    angle: float


def read_page(gray, turns_first: int = 0) -> _Page:
    """OCR of one grey page image in whatever orientation it was scanned (a landscape table page
    turned a quarter, a page fed upside down). The text detector's boxes say whether the lines run
    across or down the page; the direction classifier, on a dozen of the longest lines, whether they
    read upright or upside down. An upright page costs one detection and a few milliseconds more;
    a turned one is turned and detected again (and, should it still not read upright, read as it
    came). `turns_first` turns the page before looking (the previous page's turn: a document scanned
    upside down is so throughout)."""
    import cv2
    import numpy as np

    eng = engine()
    first = turns = turns_first % 4
    for attempt in range(3):
        image = np.ascontiguousarray(np.rot90(gray, turns)) if turns else gray
        bgr = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        staged = _detect(eng, bgr)
        if staged is None:  # an engine without the stages: one pass, upright
            res = eng(bgr, use_det=True, use_cls=False, use_rec=True, return_word_box=True, return_single_char_box=True)
            break
        small, op, crops, det = staged
        more = _quarter_turns(eng, det.boxes, crops) if det is not None and attempt < 2 else 0
        if more and attempt == 0:
            turns = (turns + more) % 4
            continue
        if more:  # turned, it does not read upright either: no telling, so the page as it came
            turns = first
            continue
        res = _recognise(eng, bgr, small, op, crops, det)
        break
    angle = line_skew(image)
    boxes, angle = _boxes(res, bgr.shape, angle)
    return _Page(image, turns, boxes, angle)


def _detect(eng, bgr):
    """The engine's detection stage alone: (resized image, its record, line crops, detections), the
    detections None when there is no text; None when this RapidOCR does not expose its stages."""
    try:
        from rapidocr.main import RapidOCRError
    except ImportError:  # pragma: no cover - rapidocr 3.x has it
        return None
    if not all(hasattr(eng, a) for a in ("preprocess_img", "detect_and_crop", "recognize_txt", "build_final_output")):
        return None  # pragma: no cover - rapidocr 3.x has them
    eng.update_params(use_det=True, use_cls=False, use_rec=True, return_word_box=True, return_single_char_box=True)
    small, op = eng.preprocess_img(bgr)
    try:
        crops, det = eng.detect_and_crop(small, op)
    except RapidOCRError:
        return small, op, [], None
    return small, op, crops, det


def _recognise(eng, bgr, small, op, crops, det):
    """The engine's recognition of detected lines, assembled as its one-call pipeline does."""
    from rapidocr.ch_ppocr_cls import TextClsOutput
    from rapidocr.ch_ppocr_rec import TextRecOutput
    from rapidocr.main import RapidOCRError

    if det is None:
        return None
    try:
        rec = eng.recognize_txt(crops)
    except RapidOCRError:
        rec = TextRecOutput()
    return eng.build_final_output(bgr, det, TextClsOutput(), rec, crops, op)


# a line is "long" when this many times longer than it is high: its direction is the page's
LONG = 3.0
ORIENT_SAMPLE = 12


def _quarter_turns(eng, quads, crops) -> int:
    """Quarter turns counter-clockwise that make the page upright, from its detected text lines:
    most long lines standing up mean the page lies on its side; the direction classifier on the
    longest of them (cropped as the engine crops them: a standing line turned a quarter
    counter-clockwise) says whether they read upright or upside down. 0 when there is nothing to tell by."""
    import numpy as np

    lines: list[tuple[float, float, bool, object]] = []  # (length / height, length, standing, crop)
    for q, crop in zip(quads, crops, strict=False):
        q = np.asarray(q, dtype=float)
        w, h = float(np.linalg.norm(q[1] - q[0])), float(np.linalg.norm(q[3] - q[0]))
        if min(w, h) >= 6:
            lines.append((max(w, h) / max(min(w, h), 1.0), max(w, h), h > w, crop))
    longs = [(n, up, c) for ratio, n, up, c in lines if ratio >= LONG]
    if len(longs) < 3:  # a page of numbers and short words: its longer words (two digits are not)
        longs = [(n, up, c) for ratio, n, up, c in lines if ratio >= 2.0]
    if not longs:
        return 0
    standing = sum(1 for _n, up, _c in longs if up) > len(longs) / 2
    sample = [c for _n, up, c in sorted(longs, key=lambda it: -it[0]) if up == standing][:ORIENT_SAMPLE]
    flipped = _upside_down(eng, sample)
    if standing:
        return 3 if flipped else 1
    return 2 if flipped else 0


def _upside_down(eng, crops) -> bool:
    """Whether most of these line crops read upside down: the direction classifier's vote (each line
    by how sure it is), and when that is close, recognition's confidence on the crops as they are
    against turned half round. Each line is cut to its first few characters (the classifier squeezes
    a line into four heights' width: a whole line of text would be a smear)."""
    import numpy as np

    crops = [np.ascontiguousarray(c[:, : 6 * max(c.shape[0], 1)]) for c in crops]
    if not crops:
        return False
    cls = eng._load_cls_model() if hasattr(eng, "_load_cls_model") else None
    if cls is not None:
        votes = cls(crops).cls_res
        lean = sum((1 if "180" in str(label) else -1) * (2 * float(s) - 1) for label, s in votes)
        if abs(lean) >= 0.3 * len(crops):
            return lean > 0
    from rapidocr.ch_ppocr_rec.typings import TextRecInput

    rec = eng._load_rec_model()
    as_is = rec(TextRecInput(img=crops)).scores
    turned = rec(TextRecInput(img=[np.ascontiguousarray(np.rot90(c, 2)) for c in crops])).scores
    return float(np.mean(turned)) > float(np.mean(as_is)) + 0.05


def _boxes(res, shape, angle: float | None) -> tuple[list[_Box], float]:
    """The engine's result as boxes with their characters, turned straight by `angle` degrees (by the
    slope of the text boxes when not given), and that angle."""
    import cv2
    import numpy as np

    if res is None or getattr(res, "boxes", None) is None or not len(res.boxes) or getattr(res, "txts", None) is None:
        return [], angle or 0.0
    quads = [np.asarray(q, dtype=float) for q in res.boxes]
    if angle is None:
        angle = _skew(quads)
    h, w = shape[:2]
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0) if angle else None

    def turn(pts):
        pts = np.asarray(pts, dtype=float).reshape(-1, 2)
        return pts if rot is None else pts @ rot[:, :2].T + rot[:, 2]

    words = list(res.word_results or ())
    boxes: list[_Box] = []
    wi = 0
    for quad, text, score in zip(quads, res.txts, res.scores, strict=True):
        text = str(text)
        chars = None
        if wi < len(words) and words[wi] and "".join(str(c[0]) for c in words[wi]) == text.replace(" ", ""):
            chars = words[wi]
            wi += 1
        glyphs: list[_Glyph] = []
        if chars:
            for ch, sc, cq in chars:
                cq = np.asarray(cq, dtype=float).reshape(-1, 2)
                c = turn(cq.mean(axis=0))[0]
                rect = (cq[:, 0].min(), cq[:, 1].min(), cq[:, 0].max(), cq[:, 1].max())
                glyphs.append(_Glyph(str(ch), float(sc), float(c[0]), float(c[1]), rect))
        else:  # no character boxes: spread the line's characters evenly along it
            bare = text.replace(" ", "")
            for i, ch in enumerate(bare):
                a = quad[0] + (quad[1] - quad[0]) * (i + 0.5) / len(bare)
                b = quad[3] + (quad[2] - quad[3]) * (i + 0.5) / len(bare)
                c = turn((a + b) / 2)[0]
                step = abs(quad[1][0] - quad[0][0]) / len(bare) / 2
                rect = (float(a[0] - step), float(quad[:, 1].min()), float(a[0] + step), float(quad[:, 1].max()))
                glyphs.append(_Glyph(ch, float(score), float(c[0]), float(c[1]), rect))
        t = turn(quad)
        boxes.append(_Box(text, t[:, 0].min(), t[:, 1].min(), t[:, 0].max(), t[:, 1].max(), glyphs))
    return boxes, angle


def line_skew(gray) -> float | None:
    """The page's skew in degrees from its long straight lines (a table's rules, underlines): runs of
    ink at least 25 px long joined into components a quarter of the page wide, each fitted by least
    squares; None when the page has no such line."""
    import cv2
    import numpy as np

    w = gray.shape[1]
    ink = (gray < 190).astype(np.uint8) * 255
    runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, 25), np.uint8))
    n, labels, stats, _c = cv2.connectedComponentsWithStats(runs, connectivity=8)
    angles = []
    for i in range(1, n):
        x, y, ww, hh, _a = stats[i]
        if ww < w // 4 or hh > ww * 0.18 + 3:
            continue
        ys, xs = np.nonzero(labels[y : y + hh, x : x + ww] == i)
        angles.append(math.degrees(math.atan(np.polyfit(xs, ys, 1)[0])))
    if len(angles) < 2:
        return None
    angle = float(statistics.median(angles))
    return angle if 0.05 <= abs(angle) <= 10 else 0.0


def _skew(quads) -> float:
    """The page's skew in degrees: the median slope of the long text boxes' top edges (0 when tiny)."""
    slopes = []
    for q in quads:
        dx, dy = q[1][0] - q[0][0], q[1][1] - q[0][1]
        height = abs(q[3][1] - q[0][1])
        if dx > 3 * max(height, 1):
            slopes.append(math.degrees(math.atan2(dy, dx)))
    if len(slopes) < 3:
        return 0.0
    angle = statistics.median(slopes)
    return angle if 0.1 <= abs(angle) <= 10 else 0.0


# --- ruling lines and tables ---------------------------------------------------------------------


@dataclass
class _HLine:
    y: float
    spans: list[tuple[int, int]]

    def covers(self, x0: float, x1: float) -> float:
        """The share of [x0, x1] this line runs along."""
        got = sum(max(0, min(b, x1) - max(a, x0)) for a, b in self.spans)
        return got / max(1.0, x1 - x0)


@dataclass
class _Table:
    lines: list[_HLine]  # top to bottom, one more than bands
    bands: list[list[float]]  # per band, the x of its vertical lines
    cols: list[float]  # every vertical line's x across the table

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.cols[0], self.lines[0].y, self.cols[-1], self.lines[-1].y


def deskew(gray, angle: float):
    """The grey page image turned by `angle` degrees (as `read_image` turned its boxes), and the
    affine map from the turned image back to the original (None when not turned)."""
    import cv2

    if not angle:
        return gray, None
    h, w = gray.shape[:2]
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(gray, rot, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return turned, cv2.invertAffineTransform(rot)


def find_tables(gray, boxes: list[_Box] | None = None) -> list[_Table]:
    """Ruled tables in a (deskewed) grey page image; with the page's OCR `boxes`, also tables whose
    rows are ruled and whose columns are not (see `_unruled_tables`)."""
    import cv2
    import numpy as np

    w = gray.shape[1]
    ink = (gray < 190).astype(np.uint8) * 255
    # horizontal lines: long thin runs of ink, joined across one-pixel breaks
    ink_h = cv2.dilate(ink, np.ones((3, 1), np.uint8))
    k = max(30, w // 25)
    hmask = cv2.morphologyEx(ink_h, cv2.MORPH_OPEN, np.ones((1, k), np.uint8))
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(hmask, connectivity=8)
    segs = sorted((float(y + hh / 2), int(x), int(x + ww)) for x, y, ww, hh, _a in stats[1:n] if ww >= k and hh <= 12)
    # runs closer than a table row can be high are one line: a double rule, or the strokes of a bold
    # title's characters (never a row of their own)
    near = max(5.0, 0.01 * gray.shape[0])
    hlines: list[_HLine] = []
    for y, a, b in segs:
        if hlines and abs(hlines[-1].y - y) <= near:
            last = hlines[-1]
            last.spans.append((a, b))
            last.y = (last.y + y) / 2 if abs(last.y - y) > 5 else last.y
        else:
            hlines.append(_HLine(y, [(a, b)]))
    for hl in hlines:
        hl.spans = _merge_spans(hl.spans, gap=6)
    # vertical lines per band between two horizontal lines: columns (nearly) all ink
    ink_v = cv2.dilate(ink, np.ones((1, 3), np.uint8))
    tables: list[_Table] = []
    cur: _Table | None = None
    for top, bottom in itertools.pairwise(hlines):
        xs = _band_verticals(ink_v, top, bottom)
        if len(xs) < 2:
            cur = None
            continue
        if cur is None:
            cur = _Table([top], [], [])
            tables.append(cur)
        cur.lines.append(bottom)
        cur.bands.append(xs)
    for t in tables:
        t.cols = _cluster(sorted(x for xs in t.bands for x in xs), 6)
    if boxes:
        tables.extend(_unruled_tables(hlines, tables, boxes, gray.shape))
        tables.sort(key=lambda t: t.lines[0].y)
    return tables


_NUMERAL = set("0123456789.")


def _unruled_tables(hlines: list[_HLine], tables: list[_Table], boxes: list[_Box], shape) -> list[_Table]:
    """Tables whose rows are ruled but whose columns are not (no vertical lines, or too faint to
    find): three or more horizontal rules outside the ruled tables, ending together on the right.
    Columns come from what is printed: the numbers of the rows that hold two or more line up in
    columns, cut halfway between; the labels left of them are cut where a rule begins (a rule stops
    at a merged label's edge); a run of rules without such numbers is no table."""
    h, w = shape[:2]
    taken = {id(hl) for t in tables for hl in t.lines}
    runs: list[list[_HLine]] = []
    cur: list[_HLine] = []
    for hl in hlines:
        fits = (
            cur
            and id(hl) not in taken
            and abs(hl.spans[-1][1] - cur[-1].spans[-1][1]) <= 0.03 * w
            and hl.y - cur[-1].y <= 0.25 * h
        )
        if fits:
            cur.append(hl)
            continue
        if len(cur) >= 3:
            runs.append(cur)
        cur = [] if id(hl) in taken else [hl]
    if len(cur) >= 3:
        runs.append(cur)
    out = []
    for run in (part for whole in runs for part in _split_at_titles(whole, boxes)):
        left = min(hl.spans[0][0] for hl in run)
        right = max(hl.spans[-1][1] for hl in run)
        if right - left < 0.25 * w:
            continue
        cols = _columns_from_print(run, [b for b in boxes if left <= (b.x0 + b.x1) / 2 <= right], left, right)
        if cols:
            out.append(_Table(list(run), [list(cols) for _ in run[1:]], list(cols)))
    return out


def _split_at_titles(run: list[_HLine], boxes: list[_Box]) -> list[list[_HLine]]:
    """A run of rules cut where a band holds a single phrase of words and no digits (a heading
    between two tables, or a row naming the next rows: never a row of numbers), or nothing and is
    taller than two rows."""
    parts: list[list[_HLine]] = [[run[0]]]
    usual = statistics.median(b.y - a.y for a, b in itertools.pairwise(run))
    for top, bottom in itertools.pairwise(run):
        inside = sorted((b for b in boxes if top.y < b.cy < bottom.y), key=lambda b: b.x0)
        words = "".join(b.text for b in inside)
        heading = (not inside and bottom.y - top.y > 2 * usual) or (
            inside
            and len(rows_of([(b.y0, b.y1) for b in inside])) == 1
            and not any(ch.isdigit() for ch in words)
            and all(b.x0 - a.x1 <= 2.5 * max(a.h, b.h) for a, b in itertools.pairwise(inside))
        )
        if heading:
            parts.append([bottom])
        else:
            parts[-1].append(bottom)
    return [p for p in parts if len(p) >= 3]


def _columns_from_print(run: list[_HLine], boxes: list[_Box], left: float, right: float) -> list[float] | None:
    """The column edges of an unruled table between the rules of `run`, from its printed numbers and
    the rules' ends; None when its rows hold no columns of numbers."""
    numbers: list[tuple[float, float]] = []  # (x0, x1) of each number in a row holding two or more
    labels: list[float] = []  # right ends of the words left of a row's numbers
    bands = [
        sorted((g for b in boxes if top.y < b.cy < bottom.y for g in b.glyphs), key=lambda g: g.cx)
        for top, bottom in itertools.pairwise(run)
    ]
    heights = [g.rect[3] - g.rect[1] for glyphs in bands for g in glyphs if g.ch.isdigit()]
    if not heights:
        return None
    digit = statistics.median(heights)  # the height of a line of digits (as the detector boxes it)
    for glyphs in bands:
        # glyphs closer than half a digit's height are one token; a token of numerals alone is a number.
        # A glyph is at most about as wide as a digit is high (a lone character's box is the whole
        # box the detector found round it, padding and all)
        tokens: list[tuple[str, float, float]] = []
        for g in glyphs:
            half = min((g.rect[2] - g.rect[0]) / 2, 0.3 * digit)
            if tokens and g.cx - half - tokens[-1][2] <= 0.45 * digit:
                text, a, _b = tokens[-1]
                tokens[-1] = (text + g.ch, a, g.cx + half)
            else:
                tokens.append((g.ch, g.cx - half, g.cx + half))
        row = [(a, b) for text, a, b in tokens if set(text) <= _NUMERAL and any(c.isdigit() for c in text)]
        words = [b for text, _a, b in tokens if row and b < row[0][0] and not set(text) <= _NUMERAL]
        if len(row) >= 2:
            numbers.extend((a, b) for a, b in row)
            if words:
                labels.append(max(words))
    if len(numbers) < 4:
        return None
    numbers.sort(key=lambda n: (n[0] + n[1]) / 2)
    groups: list[list[tuple[float, float]]] = [[numbers[0]]]
    for n in numbers[1:]:
        prev = groups[-1][-1]
        if (n[0] + n[1]) / 2 - (prev[0] + prev[1]) / 2 > 1.5 * digit:
            groups.append([n])
        else:
            groups[-1].append(n)
    if len(groups) < 2:
        return None
    spans = [(min(a for a, _b in g), max(b for _a, b in g)) for g in groups]
    seps = [(spans[i][1] + spans[i + 1][0]) / 2 for i in range(len(spans) - 1)]
    gap = statistics.median(spans[i + 1][0] - spans[i][1] for i in range(len(spans) - 1))
    first = spans[0][0]
    label_end = max((x for x in labels if x < first), default=None)
    start = (label_end + first) / 2 if label_end is not None else first - max(gap / 2, digit / 2)
    if start <= left + digit:
        start = None  # numbers from the table's left edge: no label column
    inner = [
        x
        for hl in run
        for x in (hl.spans[0][0], hl.spans[-1][1])
        if start is not None and left + digit < x < start - digit
    ]
    cols = [float(left), *_cluster(sorted(inner), digit / 2)]
    if start is not None:
        cols.append(start)
    cols.extend(seps)
    cols.append(float(max(right, spans[-1][1] + 2)))
    return sorted(cols)


def _merge_spans(spans: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a - out[-1][1] <= gap:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _band_verticals(ink_v, top: _HLine, bottom: _HLine) -> list[float]:
    y0, y1 = round(top.y) + 3, round(bottom.y) - 3
    if y1 - y0 < 4:
        return []
    x0 = max(min(top.spans[0][0], bottom.spans[0][0]) - 4, 0)
    x1 = max(top.spans[-1][1], bottom.spans[-1][1]) + 4
    band = ink_v[y0:y1, x0:x1]
    full = (band > 0).mean(axis=0) >= 0.9
    xs: list[float] = []
    run: list[int] = []
    for i, on in enumerate(full):
        if on:
            run.append(i)
        elif run:
            xs.append(x0 + (run[0] + run[-1]) / 2)
            run = []
    if run:
        xs.append(x0 + (run[0] + run[-1]) / 2)
    xs = [x for x in xs if _near_line(top, x) or _near_line(bottom, x)]
    if xs:  # a table open at its sides: both rules run on past its outermost vertical line
        left = max(top.spans[0][0], bottom.spans[0][0])
        right = min(top.spans[-1][1], bottom.spans[-1][1])
        wide = max(12.0, 0.02 * ink_v.shape[1])
        if xs[0] - left > wide:
            xs.insert(0, float(left))
        if right - xs[-1] > wide:
            xs.append(float(right))
    return xs


def _near_line(hl: _HLine, x: float) -> bool:
    return any(a - 6 <= x <= b + 6 for a, b in hl.spans)


def _cluster(xs: list[float], tol: float) -> list[float]:
    groups: list[list[float]] = []
    for x in xs:
        if groups and x - groups[-1][-1] <= tol:
            groups[-1].append(x)
        else:
            groups.append([x])
    return [sum(g) / len(g) for g in groups]


# --- boxes to lines ------------------------------------------------------------------------------


def rows_of(spans: list[tuple[float, float]]) -> list[list[int]]:
    """Indices of vertical spans (top, bottom) grouped into text lines: a span joins the line whose
    middle it overlaps by more than half its height."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0] + spans[i][1]) / 2)
    rows: list[list[int]] = []
    for i in order:
        top, bottom = spans[i]
        mid = (top + bottom) / 2
        if rows:
            last = rows[-1]
            lt = statistics.median(spans[j][0] for j in last)
            lb = statistics.median(spans[j][1] for j in last)
            if lt < mid < lb and abs(mid - (lt + lb) / 2) < (lb - lt) / 2:
                last.append(i)
                continue
        rows.append([i])
    return rows


@dataclass
class _Placed:
    """What a page's OCR gives: Lines with the y they start at, in page points."""

    top: float
    line: OcrLine


def page_lines(
    boxes: list[_Box],
    tables: list[_Table],
    page: int,
    scale: float,
    origin=(0.0, 0.0),
    gray=None,
    back=None,
    where: str = "",
) -> list[_Placed]:
    """A page's boxes as Lines: table rows from the ruling lines, the rest as text lines.
    `scale` turns image pixels into PDF points, `origin` is the image's top-left on the page; `gray`
    (the deskewed page) lets table cells the boxes missed or read unsurely be read again, `back`
    maps its pixels to the original image's; `where` names the lines' source ("page 3")."""
    ox, oy = origin
    where = where or f"page {page}"

    def pt_box(glyphs: list[_Glyph]) -> tuple[float, float, float, float]:
        x0 = min(g.rect[0] for g in glyphs)
        y0 = min(g.rect[1] for g in glyphs)
        x1 = max(g.rect[2] for g in glyphs)
        y1 = max(g.rect[3] for g in glyphs)
        return (
            round(ox + x0 * scale, 1),
            round(oy + y0 * scale, 1),
            round(ox + x1 * scale, 1),
            round(oy + y1 * scale, 1),
        )

    def ocr_cell(glyphs: list[_Glyph]) -> OcrCell | None:
        if not glyphs:
            return None
        return OcrCell(page, pt_box(glyphs), round(min(g.score for g in glyphs), 4))

    placed: list[_Placed] = []
    rest: list[_Box] = []
    in_table: dict[int, list[tuple[_Box, list[_Glyph]]]] = {}
    for b in boxes:
        t_i = next((i for i, t in enumerate(tables) if _inside(t, b)), None)
        if t_i is None:
            rest.append(b)
        else:
            in_table.setdefault(t_i, []).append((b, b.glyphs))
    for t_i, t in enumerate(tables):
        lines = _table_lines(
            t, in_table.get(t_i, []), page, f"{where} table {t_i + 1}", scale, origin, ocr_cell, gray, back
        )
        placed.extend(lines)
    # text lines: boxes grouped by height, left to right; a wide gap starts a new cell
    for row in rows_of([(b.y0, b.y1) for b in rest]):
        bs = sorted((rest[i] for i in row), key=lambda b: b.x0)
        cells: list[list[_Box]] = [[bs[0]]]
        for b in bs[1:]:
            prev = cells[-1][-1]
            if b.x0 - prev.x1 > 2.5 * max(prev.h, b.h):
                cells.append([b])
            else:
                cells[-1].append(b)
        texts = tuple(normalise_cell(" ".join(b.text for b in c)) for c in cells)
        if not any(texts) or (len(texts) == 1 and is_footer(texts[0])):
            continue
        glyphs = [[g for b in c for g in b.glyphs] for c in cells]
        top = oy + min(b.y0 for b in bs) * scale
        placed.append(_Placed(top, OcrLine(texts, where, tuple(ocr_cell(g) for g in glyphs))))
    return placed


def _inside(t: _Table, b: _Box) -> bool:
    x0, y0, x1, y1 = t.bbox
    cx, cy = (b.x0 + b.x1) / 2, b.cy
    return x0 - 2 <= cx <= x1 + 2 and y0 - 2 <= cy <= y1 + 2


def _table_lines(t: _Table, boxes, page: int, name: str, scale: float, origin, ocr_cell, gray, back) -> list[_Placed]:
    ncols = len(t.cols) - 1
    nb = len(t.bands)
    # cell content: (band, first column) -> boxes' glyphs in reading order
    content: dict[tuple[int, int], list[tuple[_Box, list[_Glyph]]]] = {}

    def merged_up(r: int, a: float, b: float) -> bool:
        """A cell without its top line continues the cell above (a vertical merge)."""
        return r > 0 and t.lines[r].covers(a + 3, b - 3) < 0.5

    def cell_at(x: float, y: float) -> tuple[int, int] | None:
        r = next((i for i in range(nb) if t.lines[i].y - 2 <= y <= t.lines[i + 1].y + 2), None)
        if r is None:
            return None
        while True:
            xs = t.bands[r]
            c = next((i for i in range(len(xs) - 1) if xs[i] - 2 <= x <= xs[i + 1] + 2), None)
            if c is None:
                return None
            if merged_up(r, xs[c], xs[c + 1]):
                r -= 1
                continue
            return r, _col_index(t.cols, xs[c])

    for box, glyphs in boxes:
        parts: dict[tuple[int, int], list[_Glyph]] = {}
        for g in glyphs:
            at = cell_at(g.cx, g.cy)
            if at is not None:
                parts.setdefault(at, []).append(g)
        for at, gs in parts.items():
            content.setdefault(at, []).append((box, gs))
    read: dict[tuple[int, int], tuple[str, OcrCell | None]] = {}
    for at, got in content.items():
        text, guessed = _cell_text(got)
        oc = ocr_cell([g for _b, gs in got for g in gs])
        if oc is not None and guessed:  # a letter read where a digit is printed: not trusted as is
            oc = OcrCell(oc.page, oc.box, min(oc.confidence, LOOKALIKE_SCORE))
        read[at] = (text, oc)
    if gray is not None:
        _read_again(t, read, gray, back, page, scale, origin, merged_up)
    out: list[_Placed] = []
    for r in range(nb):
        cells = [read.get((r, c), ("", None)) for c in range(ncols)]
        if not any(text for text, _oc in cells):
            continue
        line = OcrLine(tuple(text for text, _oc in cells), f"{name} row {r + 1}", tuple(oc for _t, oc in cells))
        out.append(_Placed(origin[1] + t.lines[r].y * scale, line))
    return out


def _read_again(t: _Table, read: dict, gray, back, page: int, scale: float, origin, merged_up) -> None:
    """Single-row cells holding ink where the boxes found no text, or a number read below TRUST: the
    cell's ink, cropped on its own, is recognised again. A number found only so is kept with its
    score; two readings that agree keep the better score, two that differ the worse (then the
    identities decide)."""
    import cv2
    import numpy as np

    from .tables import as_number

    todo: list[tuple[tuple[int, int], tuple[int, int, int, int]]] = []
    crops = []
    for r in range(len(t.bands)):
        xs = t.bands[r]
        for c in range(len(xs) - 1):
            a, b = xs[c], xs[c + 1]
            if merged_up(r, a, b) or (r + 1 < len(t.bands) and merged_up(r + 1, a, b)):
                continue
            at = (r, _col_index(t.cols, a))
            text, oc = read.get(at, ("", None))
            if text and (oc is None or oc.confidence >= TRUST) and as_number(text) is not None:
                continue
            if text and as_number(text) is None and (len(text) > 3 or _CJK.search(text)):
                continue  # words: a label or a header
            cell = (round(a) + 3, round(t.lines[r].y) + 3, round(b) - 2, round(t.lines[r + 1].y) - 2)
            rect = _ink(gray, *cell, faint=bool(text))
            if rect is None:
                continue
            x0, y0, x1, y1 = rect
            # white around the ink about as wide as it is high: recognition is surest so (a faint
            # "0" with 4 px round it scored 0.86, with 20 px 0.96)
            pad = max(4, round(0.8 * (y1 - y0)))
            crop = cv2.copyMakeBorder(gray[y0:y1, x0:x1], pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
            todo.append((at, rect))
            crops.append(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR))
    if not crops:
        return
    from rapidocr.ch_ppocr_rec.typings import TextRecInput

    eng = engine()
    if eng.text_rec is None:  # pragma: no cover - loaded by the page's first OCR
        return
    res = eng.text_rec(TextRecInput(img=crops, return_word_box=True))
    for (at, rect), txt, score, words in zip(todo, res.txts, res.scores, res.word_results, strict=True):
        again, guessed = as_digits(normalise_cell(str(txt)))
        if as_number(again) is None:
            continue
        confs = list(getattr(words, "confs", None) or [score])
        conf = min(float(min(confs)), LOOKALIKE_SCORE if guessed else 1.0)
        pts = np.array([[rect[0], rect[1]], [rect[2], rect[1]], [rect[2], rect[3]], [rect[0], rect[3]]], dtype=float)
        if back is not None:
            pts = pts @ back[:, :2].T + back[:, 2]
        ox, oy = origin
        box = (
            round(ox + pts[:, 0].min() * scale, 1),
            round(oy + pts[:, 1].min() * scale, 1),
            round(ox + pts[:, 0].max() * scale, 1),
            round(oy + pts[:, 1].max() * scale, 1),
        )
        text, oc = read.get(at, ("", None))
        if not text or oc is None:
            read[at] = (again, OcrCell(page, box, round(conf, 4)))
        elif as_number(text) is None:  # a mark where the second reading sees a number: doubtful
            read[at] = (again, OcrCell(page, box, round(min(conf, LOOKALIKE_SCORE), 4)))
        elif as_number(again) == as_number(text):
            read[at] = (text, OcrCell(page, oc.box, round(max(oc.confidence, conf), 4)))
        else:
            best = (again, box) if conf > oc.confidence else (text, oc.box)
            read[at] = (best[0], OcrCell(page, best[1], round(min(oc.confidence, conf), 4)))


def _ink(gray, x0: int, y0: int, x1: int, y1: int, faint: bool = False) -> tuple[int, int, int, int] | None:
    """The box around the ink inside a cell (ruling-line remnants at its edges left out), or None
    when the cell is blank. `faint`: the cell is known to hold print (the detector read some), which
    may be pale: ink is anything well darker than the paper, not only dark grey."""
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    part = gray[y0:y1, x0:x1]
    level = 140
    if faint:
        level = max(level, min(185, (int(part.min()) + 255) // 2))
    ink = part < level
    rows, cols = ink.mean(axis=1), ink.mean(axis=0)
    ink[rows > 0.7, :] = False
    ink[:, cols > 0.7] = False
    if ink.sum() < 12:
        return None
    ys, xs = ink.any(axis=1).nonzero()[0], ink.any(axis=0).nonzero()[0]
    return x0 + int(xs[0]), y0 + int(ys[0]), x0 + int(xs[-1]) + 1, y0 + int(ys[-1]) + 1


def _col_index(cols: list[float], x: float) -> int:
    return min(range(len(cols)), key=lambda i: abs(cols[i] - x))


def _cell_text(got: list[tuple[_Box, list[_Glyph]]]) -> tuple[str, bool]:
    """A cell's text (its boxes top to bottom, wrapped lines joined, left to right on one line) and
    whether a letter in it was taken for the digit it looks like."""
    if not got:
        return "", False
    pieces = []
    for row in rows_of([(b.y0, b.y1) for b, _gs in got]):
        items = sorted((got[i] for i in row), key=lambda it: it[0].x0)
        words = []
        for b, gs in items:
            whole = len(gs) == len(b.glyphs)
            words.append(b.text if whole else "".join(g.ch for g in gs))
        pieces.append(" ".join(words))
    return as_digits(normalise_cell("".join(pieces)))


_LOOKALIKE = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "〇": "0", "。": "0", "l": "1", "I": "1", "|": "1", "一": "1"}
)
_DIGITISH = re.compile(r"[\dOoD〇。lI|一.,]+")
LOOKALIKE_SCORE = 0.5  # the confidence of a digit read as a letter
_CJK = re.compile(r"[\u3400-\u9fff]")


def as_digits(text: str) -> tuple[str, bool]:
    """A number cell in which OCR took a digit for a letter, with the digit; other text as it is.

    >>> as_digits("1O"), as_digits("10"), as_digits("O"), as_digits("其他")
    (('10', True), ('10', False), ('0', True), ('其他', False))
    """
    bare = text.replace(".", "").replace(",", "")
    if bare and len(bare) <= 12 and _DIGITISH.fullmatch(text) and not bare.isdigit():
        return text.translate(_LOOKALIKE), True
    return text, False


# --- pages ---------------------------------------------------------------------------------------


def page_items(page, p_no: int, path: Path | str = "PDF") -> list[tuple[float, Line]]:
    """What OCR reads on one pdfplumber page, as (top, Line) in page points: the whole page when it
    has no text layer, else the images on it that hold a ruled table (and no text of their own)."""
    name = Path(path).name
    total = len(page.pdf.pages)
    if _scanned(page):
        if p_no > MAX_OCR_PAGES:
            raise IngestError(path, f"扫描版 PDF 超过 {MAX_OCR_PAGES} 页，不作 OCR 识别")
        _report_progress(name, p_no, total)
        dpi = _page_dpi(page)
        return [(p.top, p.line) for p in _read(_render(page, dpi), p_no, 72 / dpi, (0.0, 0.0), path, f"page {p_no}")]
    out: list[tuple[float, Line]] = []
    for k, im in enumerate(page.images, 1):
        x0, top = max(0.0, float(im["x0"])), max(0.0, float(im["top"]))
        x1, bottom = min(float(page.width), float(im["x1"])), min(float(page.height), float(im["bottom"]))
        if x1 - x0 < IMAGE_MIN_W * page.width or bottom - top < IMAGE_MIN_H:
            continue
        if len(page.within_bbox((x0 + 3, top + 3, x1 - 3, bottom - 3)).chars) > 5:
            continue  # text printed over the image: a background or a seal, not a table
        region = page.crop((x0, top, x1, bottom))
        dpi = _image_dpi(im) or DEFAULT_DPI
        image = _render(region, dpi)
        if not find_tables(image):
            continue  # a photo, a logo: only images of tables are read
        _report_progress(name, p_no, total)
        where = f"page {p_no} image {k}"
        out.extend((p.top, p.line) for p in _read(image, p_no, 72 / dpi, (x0, top), path, where))
    return out


def _scanned(page) -> bool:
    """A page without a text layer, or with a few characters (a page number) over a full-page image."""
    if not page.chars:
        return True
    if len(page.chars) >= 20:
        return False
    area = float(page.width * page.height) or 1.0
    return any((im["x1"] - im["x0"]) * (im["bottom"] - im["top"]) >= 0.5 * area for im in page.images)


def _read(image, p_no: int, scale: float, origin: tuple[float, float], path: Path | str, where: str) -> list[_Placed]:
    key = str(path)
    try:
        page = read_page(image, _turned.get(key, 0) if p_no > 1 else 0)
    except RuntimeError as e:
        raise IngestError(path, f"PDF 第 {p_no} 页是图片（没有文字层），{e}，无法识别") from e
    if len(_turned) > 64:
        _turned.clear()
    _turned[key] = page.turns
    gray, back = deskew(page.image, page.angle)
    placed = page_lines(page.boxes, find_tables(gray, page.boxes), p_no, scale, origin, gray, back, where)
    if not page.turns:
        return placed
    h, w = image.shape[:2]
    return [_Placed(p.top, _unturn(p.line, page.turns, w * scale, h * scale, origin)) for p in placed]


# the quarter turns the last page of each document needed: the next page is tried so first
_turned: dict[str, int] = {}


def _unturn(line: OcrLine, turns: int, w: float, h: float, origin: tuple[float, float]) -> OcrLine:
    """A line read on a page turned `turns` quarter turns counter-clockwise, its boxes put back on
    the page as printed (`w` x `h` points, its top-left at `origin`).

    >>> ln = OcrLine(("5",), "page 1", (OcrCell(1, (10.0, 20.0, 30.0, 25.0), 0.9),))
    >>> [_unturn(ln, k, 100.0, 200.0, (0.0, 0.0)).boxes[0].box for k in (1, 2, 3)]
    [(75.0, 10.0, 80.0, 30.0), (70.0, 175.0, 90.0, 180.0), (20.0, 170.0, 25.0, 190.0)]
    """
    ox, oy = origin

    def back(x: float, y: float) -> tuple[float, float]:
        x, y = x - ox, y - oy
        if turns == 1:
            return w - y, x
        if turns == 2:
            return w - x, h - y
        return y, h - x

    boxes = []
    for oc in line.boxes:
        if oc is None:
            boxes.append(None)
            continue
        (ax, ay), (bx, by) = back(oc.box[0], oc.box[1]), back(oc.box[2], oc.box[3])
        box = (
            round(ox + min(ax, bx), 1),
            round(oy + min(ay, by), 1),
            round(ox + max(ax, bx), 1),
            round(oy + max(ay, by), 1),
        )
        boxes.append(OcrCell(oc.page, box, oc.confidence))
    return OcrLine(line.cells, line.source, tuple(boxes))


def _image_dpi(im: dict) -> float | None:
    try:
        dpi = float(im["srcsize"][0]) / (float(im["x1"] - im["x0"]) / 72)
    except (KeyError, TypeError, ValueError, IndexError, ZeroDivisionError):
        return None
    return min(MAX_DPI, max(MIN_DPI, dpi)) if dpi > 0 else None


def _page_dpi(page) -> float:
    """The resolution of the page's scan (its largest image), kept between MIN_DPI and MAX_DPI."""
    images = sorted(page.images, key=lambda im: (im["x1"] - im["x0"]) * (im["bottom"] - im["top"]))
    return (_image_dpi(images[-1]) if images else None) or DEFAULT_DPI


def _render(page, dpi: float):
    """A pdfplumber page (or a crop of one) as a clean grey numpy image at `dpi` (see `clean_page`)."""
    import numpy as np

    return clean_page(np.asarray(page.to_image(resolution=dpi, antialias=True).original.convert("RGB")))


def clean_page(rgb):
    """A scanned page (RGB or grey numpy image) as the grey image OCR reads: a grey or unevenly lit
    background evened out to white, then a red seal lifted off the text it was pressed over (black
    ink beneath it stays black)."""
    import cv2

    if rgb.ndim == 2:
        return _flatten(rgb)
    gray = _flatten(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    for x0, y0, x1, y1 in _seals(rgb):
        gray[y0:y1, x0:x1] = _unseal(rgb[y0:y1, x0:x1], gray[y0:y1, x0:x1])
    return gray


def _unseal(rgb, gray):
    """The grey image under a red seal without it. The seal's ink multiplies the page: where it is,
    the brightness is the brightness beneath times the seal's own (a red of about a third of white's),
    so dividing by that gives the page back; how much of the seal is at a pixel is read from its
    redness (JPEG blurs colour, never brightness: black ink under the seal stays black)."""
    import numpy as np

    part = rgb.astype(np.float32)
    r, g, b = part[:, :, 0], part[:, :, 1], part[:, :, 2]
    cr = 0.5 * r - 0.4187 * g - 0.0813 * b  # redness: 0 for grey, about 90 for a seal's red
    y = gray.astype(np.float32)
    strong = (cr > 55) & (y > 40)
    seal = float(np.percentile(y[strong], 60)) if strong.sum() > 20 else 255.0
    tint = np.clip((cr - 12.0) / 40.0, 0.0, 1.0)
    gain = 1.0 + tint * (255.0 / max(seal, 40.0) - 1.0)
    return np.clip(y * gain, 0, 255).astype(np.uint8)


def _seals(rgb) -> list[tuple[int, int, int, int]]:
    """Boxes around round red seals: blobs of red ink as high as they are wide, between a twentieth
    and a half of the page's shorter side (a red title or rule is long and flat, and left alone)."""
    import cv2
    import numpy as np

    step = 4
    small = rgb[::step, ::step].astype(np.int16)
    r, g, b = small[:, :, 0], small[:, :, 1], small[:, :, 2]
    red = ((r > 120) & (r - g > 50) & (r - b > 40)).astype(np.uint8)
    if red.sum() < 50:
        return []
    red = cv2.dilate(red, np.ones((5, 5), np.uint8))
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(red, connectivity=8)
    side = min(small.shape[:2])
    out = []
    for x, y, w, h, _a in stats[1:n]:
        if 0.05 * side <= min(w, h) and max(w, h) <= 0.5 * side and 0.6 <= w / h <= 1.65:
            pad = 2
            out.append(
                (
                    max(0, (x - pad) * step),
                    max(0, (y - pad) * step),
                    min(rgb.shape[1], (x + w + pad) * step),
                    min(rgb.shape[0], (y + h + pad) * step),
                )
            )
    return out


def _flatten(gray):
    """`gray` with its background evened out to white when it is grey or unevenly lit: each pixel
    divided by the paper's brightness around it (the brightest within a few millimetres, smoothed)."""
    import cv2
    import numpy as np

    step = 8
    small = cv2.resize(
        gray, (max(1, gray.shape[1] // step), max(1, gray.shape[0] // step)), interpolation=cv2.INTER_AREA
    )
    paper = cv2.dilate(small, np.ones((7, 7), np.uint8))
    if np.percentile(paper, 10) >= 235:
        return gray  # white paper, evenly lit: as it is
    paper = cv2.GaussianBlur(paper.astype(np.float32), (0, 0), 3)
    paper = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    out = gray.astype(np.float32) * (255.0 / np.maximum(paper, 32.0))
    return np.clip(out, 0, 255).astype(np.uint8)


# --- trust ---------------------------------------------------------------------------------------


def _row_keys(template: str) -> dict[str, tuple[str, ...]]:
    """Each cell key -> the keys of the printed row it is read with, in print order (table C: all 15)."""
    from . import schema

    out: dict[str, tuple[str, ...]] = {}
    for row in schema.TABLE_A.get(template, ()):
        for k in row.cells:
            out[k] = tuple(row.cells)
    for k in schema.all_keys():
        if k.startswith("B."):
            stem = k.rsplit(".", 1)[0]
            out[k] = tuple(f"{stem}.{c}" for c in schema.B_COLUMN_KEYS)
        elif k.startswith("C."):
            out[k] = tuple(schema.C_KEYS)
    return out


def attach(cells: dict[str, Cell], lines: list[Line], template: str) -> dict[str, Cell]:
    """Give every cell read from an OCR'd row its page, box and confidence: the row's value cells,
    placed as the table readers place them (after the label, blank padding trimmed), each checked
    to print the cell's value."""
    from .tables import as_number, raw_row, to_value

    first_line: dict[str, int] = {}
    for i, ln in enumerate(lines):
        if isinstance(ln, OcrLine):
            first_line.setdefault(ln.source, i)
    rows = _row_keys(template)
    done: set[tuple[str, tuple[str, ...]]] = set()
    out = dict(cells)
    for k, c in cells.items():
        keys = rows.get(k)
        if c.source not in first_line or keys is None or (c.source, keys) in done:
            continue
        done.add((c.source, keys))
        n = len(keys)
        found: list[tuple[str | None, OcrCell | None]] = []
        for ln in lines[first_line[c.source] :]:
            rr = raw_row(ln) if isinstance(ln, OcrLine) else None
            if rr is None or not rr.values:
                break
            if rr.tokens:  # numbers after a label in one box: the box's provenance for each
                found.extend((v, ln.boxes[0] if ln.boxes else None) for v in rr.values)
            else:
                first = len(ln.cells) - len(rr.values)
                found.extend((v, ln.boxes[first + j]) for j, v in enumerate(rr.values))
            if len(found) >= n:
                break
        while len(found) > n and found[0][0] is None:
            found.pop(0)
        while len(found) > n and found[-1][0] is None:
            found.pop()
        if len(found) != n:
            continue
        for key, (text, oc) in zip(keys, found, strict=True):
            cell = out.get(key)
            if cell is None or oc is None or text is None or cell.source != c.source:
                continue
            if cell.value is not None and to_value(as_number(text) or "", key) != cell.value:
                continue
            out[key] = cell.model_copy(update={"page": oc.page, "box": oc.box, "confidence": oc.confidence})
    return out


def settle_digits(
    lines: list[Line], cells: dict[str, Cell], template: str, tables: set[str]
) -> tuple[dict[str, Cell], list[Finding]]:
    """Cells read by OCR get their provenance; a number read below TRUST is checked by the identities:
    kept when they pin the same value, corrected (inferred, announced) when they pin another, unknown
    with a finding when nothing pins it."""
    if not any(isinstance(ln, OcrLine) for ln in lines):
        return cells, []
    from . import schema
    from .infer import propagate

    cells = attach(cells, lines, template)
    doubtful = {
        k: c
        for k, c in cells.items()
        if c.value is not None and c.confidence is not None and c.confidence < TRUST and k[0] in tables
    }
    if not doubtful:
        return cells, []
    trial = {k: (c.model_copy(update={"value": None}) if k in doubtful else c) for k, c in cells.items()}
    pinned, _ = propagate(trial, template, tables)
    labels = schema.cell_labels()
    out = dict(cells)
    corrected: list[tuple[str, Cell, object]] = []
    unknown: list[tuple[str, Cell]] = []
    for k, c in doubtful.items():
        v = pinned[k].value if k in pinned else None
        if v is None:
            out[k] = c.model_copy(update={"value": None})
            unknown.append((k, c))
        elif v != c.value:
            out[k] = c.model_copy(update={"value": v, "inferred": True})
            corrected.append((k, c, v))
    findings: list[Finding] = []
    names = {"A": "表二", "B": "表三", "C": "表四"}
    if corrected:
        parts = [
            f"{names[k[0]]}“{labels.get(k, k)}”（第 {c.page} 页）识别为 {c.value}（置信度 {c.confidence:.2f}），"
            f"勾稽关系确定为 {v}"
            for k, c, v in corrected
        ]
        findings.append(
            Finding(
                kind="cell_inferred",
                severity="info",
                message="OCR 识别置信度低的数字与勾稽关系不符，已按勾稽关系更正：" + "；".join(parts) + "。",
                cells=tuple(k for k, _c, _v in corrected),
                quotes=tuple(dict.fromkeys((c.raw or "")[:200] for _k, c, _v in corrected if c.raw)),
                values=tuple(str(v) for _k, _c, v in corrected),
            )
        )
    for table in "ABC":
        ks = [(k, c) for k, c in unknown if k[0] == table]
        if not ks:
            continue
        parts = [f"“{labels.get(k, k)}”读作 {c.value}（第 {c.page} 页，置信度 {c.confidence:.2f}）" for k, c in ks]
        findings.append(
            Finding(
                kind="cell_missing",
                severity="warning",
                message=(
                    f"{names[table]}有 {len(ks)} 个单元格 OCR 识别不清：{'；'.join(parts)}；"
                    "无勾稽关系可以核对，记为未知（不作猜测），请核对原件。"
                ),
                cells=tuple(k for k, _c in ks),
                quotes=tuple(dict.fromkeys((c.raw or "")[:200] for _k, c in ks if c.raw)),
                values=tuple(str(c.value) for _k, c in ks),
            )
        )
    return out, findings


def ocr_notice(lines: list[Line], cells: dict[str, Cell]) -> list[Finding]:
    """An `ocr` info finding when any of the report was read by OCR: which pages were scans, which
    printed tables as images, how many table cells OCR read and how sure it was."""
    scanned: set[int] = set()
    pictured: set[int] = set()
    for ln in lines:
        if isinstance(ln, OcrLine):
            page = next((b.page for b in ln.boxes if b is not None), None)
            if page is not None:
                (pictured if " image " in ln.source else scanned).add(page)
    if not scanned and not pictured:
        return []
    parts = []
    if scanned:
        parts.append(f"第 {_ranges(sorted(scanned))} 页是扫描图片（没有文字层）")
    if pictured:
        parts.append(f"第 {_ranges(sorted(pictured))} 页的表格是图片")
    msg = "本报告" + "，".join(parts) + "，其中的文字和数字由 OCR（光学字符识别）读出"
    read = [c for c in cells.values() if c.confidence is not None]
    if read:
        low = sum(1 for c in read if c.confidence < TRUST)
        msg += f"；表格单元格 {len(read)} 个，最低识别置信度 {min(c.confidence for c in read):.2f}"
        if low:
            msg += f"，低于 {TRUST:.2f} 的 {low} 个已用勾稽关系核对"
    pages = sorted(scanned | pictured)
    return [Finding(kind="ocr", severity="info", message=msg + "。", values=tuple(str(p) for p in pages))]


def _ranges(pages: list[int]) -> str:
    """
    >>> _ranges([1, 2, 3, 5])
    '1–3、5'
    """
    out: list[str] = []
    start = prev = pages[0]
    for p in [*pages[1:], None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if p is not None:
            start = prev = p
    return "、".join(out)
