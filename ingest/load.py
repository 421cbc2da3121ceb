"""Loaders: one small function per format, each turning a file into the same ordered list of Lines.

A Line is a paragraph (one cell) or a table row (several cells), with its provenance. Tables stay
tables: tab-, pipe- and HTML/Word/PDF-table rows keep their cells, blanks included, because a blank
cell's position matters (seed 002's blank 行政复议 cells).

    >>> lines = load_path(Path("data/reports/000_cd949d845be236b5.txt"))
    >>> lines[2].cells
    ('海原县七营镇人民政府',)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import IngestError
from .normalise import is_footer, normalise_cell, strip_heading_marks

MAX_BYTES = 50 * 1024 * 1024
FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}


@dataclass(frozen=True)
class Line:
    cells: tuple[str, ...]
    source: str  # "line 12", "page 3", "table 2 row 4"

    @property
    def text(self) -> str:
        return "\t".join(self.cells)

    @property
    def is_row(self) -> bool:
        return len(self.cells) > 1


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(path, f"不支持的文件类型“{path.suffix or '无扩展名'}”，可用：{', '.join(sorted(FORMATS))}")
    return fmt


def load_path(path: Path) -> list[Line]:
    """Read a report file into Lines; IngestError says what is wrong with a file that cannot be read."""
    fmt = file_format(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise IngestError(path, f"无法读取文件：{e.strerror}") from e
    if size == 0:
        raise IngestError(path, "文件为空")
    if size > MAX_BYTES:
        raise IngestError(path, f"文件过大（{size / 1024 / 1024:.0f} MB，上限 50 MB）")
    data = path.read_bytes()
    if fmt in ("txt", "md"):
        return load_text(decode_text(data, path))
    if fmt == "html":
        return load_html(decode_text(data, path))
    if fmt == "docx":
        return load_docx(data, path)
    return load_pdf(data, path)


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 first, then GB18030/GBK and what charset-normalizer detects; junk is an error."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(path, "不是文本文件（含二进制内容）")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise IngestError(path, "无法识别文本编码")
        text = str(best)
    bad = sum(1 for c in text[:20000] if c == "\ufffd" or (ord(c) < 32 and c not in "\t\n\r\f"))
    if bad > max(10, len(text[:20000]) // 50):
        raise IngestError(path, "不是文本文件（内容无法解码）")
    return text


_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}")


def split_row(raw: str) -> tuple[str, ...]:
    """A text line as cells: tabs or Markdown pipes split it; anything else is one cell."""
    s = raw.rstrip("\r\n")
    if s.lstrip().startswith("|") and s.count("|") >= 2:
        inner = s.strip()
        inner = inner[1:-1] if inner.endswith("|") and len(inner) > 1 else inner[1:]
        return tuple(normalise_cell(c) for c in inner.split("|"))
    if "\t" in s:
        return tuple(normalise_cell(c) for c in s.split("\t"))
    return (normalise_cell(strip_heading_marks(s)),)


def load_text(text: str) -> list[Line]:
    out: list[Line] = []
    for i, raw in enumerate(text.splitlines(), 1):
        if _PIPE_SEP.match(raw) and set(raw.strip()) <= set("|-: "):
            continue
        if is_footer(raw):
            continue
        cells = split_row(raw)
        if not any(cells):
            out.append(Line(("",), f"line {i}"))
            continue
        out.append(Line(cells, f"line {i}"))
    return out


# --- HTML ----------------------------------------------------------------------------------------

_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "nav", "header", "footer", "select", "button", "svg")
_BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "section",
    "article",
    "br",
    "tr",
    "dd",
    "dt",
    "center",
    "blockquote",
    "pre",
}


def load_html(html: str) -> list[Line]:
    """The article of a saved government web page: its paragraphs, and its <table>s as tables."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    head: list[Line] = []
    for name, label in (("ArticleTitle", "标题"), ("ContentSource", "发布机构")):
        meta = soup.find("meta", attrs={"name": name})
        if meta and meta.get("content"):
            head.append(Line((normalise_cell(f"{label}: {meta['content']}"),), f"meta {name}"))
    if not head and soup.title and soup.title.get_text(strip=True):
        head.append(Line((normalise_cell("标题: " + soup.title.get_text(strip=True)),), "title"))
    for tag in soup(list(_DROP_TAGS)):
        tag.decompose()
    root = _article_root(soup)
    lines: list[Line] = []
    counter = {"table": 0, "p": 0}
    _walk(root, lines, counter)
    return head + lines


def _article_root(soup):
    tables = soup.find_all("table")
    body = soup.body or soup
    if tables:
        node = tables[0]
        while node.parent is not None and not all(t in node.find_all("table") or t is node for t in tables):
            node = node.parent
        # widen to the element that also holds the article's text, but not the whole site
        while node.parent is not None and node.parent is not body:
            here, up = len(node.get_text()), len(node.parent.get_text())
            if up > here * 1.5 + 2000:
                break
            node = node.parent
        return node
    best, best_score = body, 0
    for el in body.find_all(["div", "article", "section", "td"]):
        text = el.get_text()
        score = text.count("。") * 10 - len(el.find_all("a")) * 5
        if score > best_score:
            best, best_score = el, score
    return best


def _walk(node, lines: list[Line], counter: dict) -> None:
    from bs4 import NavigableString, Tag

    buf: list[str] = []

    def flush():
        text = normalise_cell("".join(buf))
        buf.clear()
        if text:
            counter["p"] += 1
            lines.append(Line((text,), f"paragraph {counter['p']}"))

    for child in node.children:
        if isinstance(child, NavigableString):
            if child.__class__.__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                continue
            buf.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "table":
                flush()
                counter["table"] += 1
                for r, cells in enumerate(html_table_rows(child), 1):
                    lines.append(Line(cells, f"table {counter['table']} row {r}"))
            elif child.name in _BLOCK_TAGS or child.find(list(_BLOCK_TAGS | {"table"})):
                flush()
                if child.name == "br":
                    continue
                _walk(child, lines, counter)
                flush()
            else:
                buf.append(child.get_text())
    flush()


def html_table_rows(table) -> list[tuple[str, ...]]:
    """Rows of an HTML table with colspan/rowspan expanded into a grid."""
    grid: list[list[str | None]] = []
    pending: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.find_all("tr")):
        if tr.find_parent("table") is not table:
            continue
        row: list[str] = []
        col = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
            text = normalise_cell(td.get_text(" "))
            cs = _int_attr(td, "colspan")
            rs = _int_attr(td, "rowspan")
            numeric = bool(re.fullmatch(r"[-\d.,\s]+(元|万元)?", text))
            for dc in range(cs):
                row.append(text if dc == 0 or not numeric else "")
                for dr in range(1, rs):
                    pending[(r + dr, col + dc)] = "" if numeric else text
            col += cs
        while (r, col) in pending:
            row.append(pending.pop((r, col)))
            col += 1
        grid.append(row)
    return [tuple(c or "" for c in row) for row in grid if any(row)]


def _int_attr(td, name: str) -> int:
    try:
        return max(1, min(50, int(str(td.get(name, 1)).strip() or 1)))
    except ValueError:
        return 1


# --- DOCX ----------------------------------------------------------------------------------------


def load_docx(data: bytes, path: Path) -> list[Line]:
    """Paragraphs and tables of a Word file in body order (merged cells repeated across their grid)."""
    import io
    import zipfile

    try:
        from docx import Document

        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise IngestError(path, f"不是有效的 Word (.docx) 文件：{e}") from e
    except Exception as e:  # python-docx raises several kinds for broken packages
        raise IngestError(path, f"无法打开 Word 文件：{e}") from e
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[Line] = []
    p_no = t_no = 0
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p_no += 1
            text = normalise_cell(Paragraph(child, doc).text)
            lines.append(Line((text,), f"paragraph {p_no}"))
        elif tag == "tbl":
            t_no += 1
            table = Table(child, doc)
            for r, row in enumerate(table.rows, 1):
                cells = tuple(normalise_cell(c.text) for c in row.cells)
                lines.append(Line(cells, f"table {t_no} row {r}"))
    return lines


# --- PDF -----------------------------------------------------------------------------------------


def load_pdf(data: bytes, path: Path) -> list[Line]:
    """The text layer of a PDF, page by page; ruled tables (two or more columns) read as tables."""
    import io

    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as e:
        name = type(e).__name__
        detail = name + " " + " ".join(type(a).__name__ for a in e.args) + " " + str(e)
        if "Password" in detail or "Encrypt" in detail or "encrypt" in detail.lower():
            raise IngestError(path, "PDF 已加密，无法读取文字") from e
        raise IngestError(path, f"不是有效的 PDF 文件（{name}）") from e
    lines: list[Line] = []
    chars = 0
    try:
        for p_no, page in enumerate(pages, 1):
            chars += len(page.chars)
            tables = [t for t in page.find_tables() if _table_columns(t) >= 2]
            items: list[tuple[float, Line]] = []
            for t_i, t in enumerate(tables, 1):
                for r, row in enumerate(t.extract(), 1):
                    cells = tuple(normalise_cell((c or "").replace("\n", "")) for c in row)
                    top = t.rows[r - 1].bbox[1] if r - 1 < len(t.rows) else t.bbox[1]
                    items.append((top, Line(cells, f"page {p_no} table {t_i} row {r}")))
            rest = page
            for t in tables:
                rest = rest.outside_bbox(t.bbox)
            for tl in rest.extract_text_lines():
                text = normalise_cell(tl["text"])
                if text and not is_footer(text):
                    items.append((tl["top"], Line((text,), f"page {p_no}")))
            items.sort(key=lambda it: it[0])
            lines.extend(line for _, line in items)
    except Exception as e:
        raise IngestError(path, f"PDF 内容无法解析（{type(e).__name__}: {e}）") from e
    finally:
        pdf.close()
    if chars == 0:
        raise IngestError(path, "PDF 没有文字层（可能是扫描图片），无法读取")
    return lines


def _table_columns(table) -> int:
    try:
        return max(len(r) for r in table.extract())
    except ValueError:
        return 0
