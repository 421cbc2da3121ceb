"""Loaders: one small function per format, each turning a file into the same ordered list of Lines.

A Line is a paragraph (one cell) or a table row (several cells), with its provenance. Tables stay
tables: tab-, pipe- and HTML/Word/PDF-table rows keep their cells, blanks included, because a blank
cell's position matters (seed 002's blank 行政复议 cells).

    >>> lines = load_path(Path("data/reports/000_cd949d845be236b5.txt"))
    >>> lines[2].cells
    ('海原县七营镇人民政府',)
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import IngestError
from .normalise import is_footer, normalise_cell, strip_heading_marks

MAX_BYTES = 50 * 1024 * 1024
# a web page's markup (scripts, styles, comments and inline data: URIs not counted): its tree takes
# about 16 times its size in memory, so a bigger page is refused rather than parsed
MAX_HTML_BYTES = 10 * 1024 * 1024
# a Word file is a zip: its XML parts are checked before anything is inflated (zip bombs)
MAX_DOCX_PART = 20 * 1024 * 1024  # one XML part, inflated (python-docx takes ~15x that)
MAX_DOCX_XML = 40 * 1024 * 1024  # all XML parts together, inflated
MAX_DOCX_RATIO = 200  # inflated / compressed, for a part over 1 MB (Word's XML compresses ~10:1)
FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
# formats a report may be saved in that are not read as such: a file with one of these extensions is
# read by what its bytes are (a .doc is often a .docx or a web page renamed); an old binary Word,
# WPS or RTF file gets an error that says how to save it as .docx
LEGACY_FORMATS = {".doc": "doc", ".wps": "wps", ".rtf": "rtf"}
_MB = 1024 * 1024


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
    fmt = FORMATS.get(path.suffix.lower()) or LEGACY_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(path, f"不支持的文件类型“{path.suffix or '无扩展名'}”，可用：{', '.join(sorted(FORMATS))}")
    return fmt


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道 FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def read_report(path: Path) -> bytes:
    """The one way a report file is read, by every command: a supported extension, a regular file
    (a link to one is followed; a FIFO, a device, a folder are refused without being opened for a
    read that could hang or never end), not empty, at most MAX_BYTES, the size checked before a
    byte is read and the read itself capped."""
    file_format(path)
    try:
        st = os.stat(path)
    except FileNotFoundError as e:
        raise IngestError(path, "文件不存在") from e
    except OSError as e:
        raise IngestError(path, f"无法读取文件：{e.strerror}") from e
    _check_stat(path, st)
    try:
        # O_NONBLOCK: should the path become a FIFO after the stat, opening it does not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise IngestError(path, f"无法读取文件：{e.strerror}") from e
    with os.fdopen(fd, "rb") as f:
        _check_stat(path, os.fstat(f.fileno()))  # the file opened is the file checked
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise IngestError(path, f"文件过大（超过上限 {MAX_BYTES // _MB} MB）")
    if not data:
        raise IngestError(path, "文件为空")
    return data


def _check_stat(path: Path, st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise IngestError(path, f"不是普通文件（{_kind(st.st_mode)}），不读取")
    if st.st_size == 0:
        raise IngestError(path, "文件为空")
    if st.st_size > MAX_BYTES:
        raise IngestError(path, f"文件过大（{st.st_size / _MB:.0f} MB，上限 {MAX_BYTES // _MB} MB）")


def load_path(path: Path, data: bytes | None = None) -> list[Line]:
    """Read a report file into Lines; IngestError says what is wrong with a file that cannot be read.
    `data` is the file's content when the caller has already read it (with read_report)."""
    fmt = file_format(path)
    if data is None:
        data = read_report(path)
    if fmt in ("txt", "md"):
        return load_text(decode_text(data, path))
    if fmt == "html":
        return load_html(decode_text(_lighter_html(data, path), path))
    if fmt == "docx":
        return load_docx(data, path)
    if fmt in ("doc", "wps", "rtf"):
        return load_legacy(data, path, fmt)
    return load_pdf(data, path)


def decode_text(data: bytes, path: Path) -> str:
    r"""UTF-16 (with or without a byte-order mark), UTF-8, then GB18030/GBK and what charset-normalizer
    detects; junk is an error.

    >>> decode_text("政府信息公开 2024\n".encode("utf-16-le"), Path("a.txt"))
    '政府信息公开 2024\n'
    """
    utf16 = _utf16(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
    elif b"\x00" in data[:4096]:
        raise IngestError(path, "不是文本文件（含二进制内容）")
    else:
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


def _utf16(data: bytes) -> str | None:
    """ "utf-16" for text with a UTF-16 byte-order mark; "utf-16-le"/"utf-16-be" for text without one,
    told by its zero bytes: the high byte of every ASCII character (digits, spaces, line ends), nearly
    all at odd offsets (LE) or at even ones (BE)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[: 1 << 16]
    sample = sample[: len(sample) & ~1]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= max(4, pairs // 100) and even * 4 <= odd:
        enc = "utf-16-le"
    elif even >= max(4, pairs // 100) and odd * 4 <= even:
        enc = "utf-16-be"
    else:
        return None
    text = sample.decode(enc, errors="replace")
    plausible = sum(1 for c in text if c.isprintable() or c in "\t\n\r\f\u3000")
    return enc if plausible >= len(text) * 0.95 else None  # binary with a pattern of zeros is not text


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


_NOTE_UNDER = re.compile(r"^\s*[（(](?:其中|含|包括)")


def load_text(text: str) -> list[Line]:
    out: list[Line] = []
    lines = text.splitlines()
    for i, raw in enumerate(lines, 1):
        if _PIPE_SEP.match(raw) and set(raw.strip()) <= set("|-: "):
            continue
        if is_footer(raw) and not (i < len(lines) and _NOTE_UNDER.match(lines[i])):
            continue  # a page's number, not a number with its note under it ("22" / "（其中修订 16 件）")
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


_HEAVY_START = re.compile(rb"<(script|style|svg)\b|<!--", re.I)
_HEAVY_END = {
    b"script": re.compile(rb"</script\s*>", re.I),
    b"style": re.compile(rb"</style\s*>", re.I),
    b"svg": re.compile(rb"</svg\s*>", re.I),
    None: re.compile(rb"-->"),
}
_DATA_URI = re.compile(rb"data:[\w.+-]+/[\w.+-]+(?:;[\w.+=-]+)*;base64,[A-Za-z0-9+/=\s]*")


def _lighter_html(data: bytes, path: Path) -> bytes:
    """A page over MAX_HTML_BYTES without what the article never needs and what makes saved pages big:
    scripts, styles, inline SVG, comments and inline base64 data: URIs. One linear pass that stops
    as soon as what is kept passes the limit; a page still too big is refused (IngestError)."""
    if len(data) <= MAX_HTML_BYTES:
        return data
    kept: list[bytes] = []
    size = pos = 0

    def keep(piece: bytes) -> None:
        nonlocal size
        piece = _DATA_URI.sub(b"data:,", piece)
        size += len(piece)
        if size > MAX_HTML_BYTES:
            raise IngestError(
                path,
                f"网页文件过大（{len(data) / _MB:.0f} MB，去掉脚本、样式和内嵌图片后仍超过网页上限 "
                f"{MAX_HTML_BYTES // _MB} MB）：请把年报另存为 PDF、Word 或纯文本文件后再导入",
            )
        kept.append(piece)

    while (m := _HEAVY_START.search(data, pos)) is not None:
        keep(data[pos : m.start()])
        end = _HEAVY_END[m.group(1).lower() if m.group(1) else None].search(data, m.end())
        pos = end.end() if end else len(data)
    keep(data[pos:])
    return b"".join(kept)


def load_html(html: str) -> list[Line]:
    """The article of a saved government web page: its paragraphs, and its <table>s as tables.

    lxml's tree (about 16 bytes of memory per byte of page) and passes linear in the page's size.

    >>> page = "<title>年报</title><div><p>一、总体情况</p><table><tr><td>a</td><td>1</td></tr></table></div>"
    >>> [ln.cells for ln in load_html(page)]
    [('标题: 年报',), ('一、总体情况',), ('a', '1')]
    """
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        doc = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return []
    head: list[Line] = []
    metas = {}
    for meta in doc.iter("meta"):
        metas.setdefault(meta.get("name"), meta)
    for name, label in (("ArticleTitle", "标题"), ("ContentSource", "发布机构"), ("PubDate", "发布时间")):
        meta = metas.get(name)
        if meta is not None and meta.get("content"):
            head.append(Line((normalise_cell(f"{label}: {meta.get('content')}"),), f"meta {name}"))
    title = next(doc.iter("title"), None)
    if not head and title is not None:
        text = "".join(t.strip() for t in title.itertext())
        if text:
            head.append(Line((normalise_cell("标题: " + text),), "title"))
    for tag in list(doc.iter(*_DROP_TAGS)):
        tag.drop_tree()
    root = _article_root(doc)
    lines: list[Line] = []
    counter = {"table": 0, "p": 0}
    _walk(root, lines, counter)
    return head + lines


_BLANK = re.compile(r"[ \n\t\f\r]+")


def _t(text: str | None) -> str:
    """A text node as the page shows it: all-blank text (indentation between tags) is one newline
    or one space."""
    if not text:
        return ""
    if _BLANK.fullmatch(text):
        return "\n" if "\n" in text else " "
    return text


def _text(el, sep: str = "") -> str:
    return sep.join(_t(x) for x in el.itertext())


def _chars(el) -> int:
    return sum(len(_t(x)) for x in el.itertext())


def _article_root(doc):
    """The element holding the article: the lowest one holding every table, widened to take in the
    article's text; without tables, the block with the most full stops and fewest links. Each pass
    reads every node a bounded number of times, however the page nests."""
    tables = list(doc.iter("table"))
    body = doc.find("body")
    if body is None:
        body = doc
    if tables:
        # the lowest element holding every table
        path = [tables[0], *tables[0].iterancestors()]
        depth = {el: i for i, el in enumerate(path)}
        top = 0
        for t in tables[1:]:
            for el in (t, *t.iterancestors()):
                if el in depth:
                    top = max(top, depth[el])
                    break
        node = path[top]
        # widen to the element that also holds the article's text, but not the whole site
        here = _chars(node)
        while (parent := node.getparent()) is not None and parent is not body:
            up = len(_t(parent.text)) + sum((here if c is node else _chars(c)) + len(_t(c.tail)) for c in parent)
            if up > here * 1.5 + 2000:
                break
            node, here = parent, up
        return node
    import lxml.etree

    best, best_score, best_at = body, 0, -1
    stack: list[list] = []  # per open element: [preorder index, full stops, links]
    for n, (event, el) in enumerate(lxml.etree.iterwalk(body, events=("start", "end"))):
        if event == "start":
            stack.append([n, _t(el.text).count("。"), 0])
            continue
        at, stops, links = stack.pop()
        if el.tag in ("div", "article", "section", "td") and el is not body:
            score = stops * 10 - links * 5
            if score > best_score or (score == best_score and best_at >= 0 and at < best_at):
                best, best_score, best_at = el, score, at
        if stack:
            stack[-1][1] += stops + _t(el.tail).count("。")
            stack[-1][2] += links + (el.tag == "a")
    return best


_BLOCKS_OR_TABLE = (*_BLOCK_TAGS, "table")


def _walk(node, lines: list[Line], counter: dict) -> None:
    buf: list[str] = []

    def flush():
        text = normalise_cell("".join(buf))
        buf.clear()
        if text:
            counter["p"] += 1
            lines.append(Line((text,), f"paragraph {counter['p']}"))

    if node.text:
        buf.append(_t(node.text))
    for child in node:
        if not isinstance(child.tag, str):  # a comment or processing instruction: only its tail counts
            pass
        elif child.tag == "table":
            flush()
            counter["table"] += 1
            for r, cells in enumerate(html_table_rows(child), 1):
                lines.append(Line(cells, f"table {counter['table']} row {r}"))
        elif child.tag in _BLOCK_TAGS or next(child.iterdescendants(*_BLOCKS_OR_TABLE), None) is not None:
            flush()
            if child.tag != "br":
                _walk(child, lines, counter)
                flush()
        else:
            buf.append(_text(child))
        if child.tail:
            buf.append(_t(child.tail))
    flush()


def html_table_rows(table) -> list[tuple[str, ...]]:
    """Rows of an HTML table with colspan/rowspan expanded into a grid."""
    grid: list[list[str | None]] = []
    pending: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.iter("tr")):
        if next(tr.iterancestors("table"), None) is not table:
            continue
        row: list[str] = []
        col = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
            text = normalise_cell(_text(td, " "))
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


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: Word 97-2003, WPS, or an encrypted .docx
_SAVE_AS = "请用 Word 或 WPS 打开，“另存为” Word 文档（*.docx）后再导入"


def sniff(data: bytes) -> str | None:
    """What a word-processor file is by its first bytes: "zip" (.docx), "encrypted" (a .docx with a
    password: a Compound File holding an EncryptedPackage), "ole" (Word 97-2003 .doc, old .wps),
    "rtf", "mht" (a single-file web page), "html", or None."""
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(_OLE):
        return "encrypted" if "EncryptedPackage".encode("utf-16-le") in data[: 1 << 20] else "ole"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if re.match(rb"[a-z-]+:", head) and b"multipart/related" in head:  # mail headers, then the parts
        return "mht"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in head:
        return "html"
    return None


def _not_readable(kind: str | None, fmt: str) -> str:
    """Why a word-processor file cannot be read, and what to do, in Chinese."""
    if kind == "encrypted":
        return "Word 文件设置了打开密码（已加密），无法读取：请取消密码后另存为 .docx 再导入"
    if kind == "ole" and fmt == "wps":
        return f"这是 WPS 文字的旧格式文档（.wps），不能直接读取：{_SAVE_AS.replace('Word 或 WPS', 'WPS')}"
    if kind == "ole" and fmt == "docx":
        return f"文件扩展名是 .docx，内容却是旧版 Word 97-2003 文档（.doc），不能直接读取：{_SAVE_AS}"
    if kind == "ole":
        return f"这是旧版 Word 97-2003 文档（.doc），不能直接读取：{_SAVE_AS}"
    if kind == "rtf":
        return f"这是 RTF 格式文档，不能直接读取：{_SAVE_AS}"
    return f"无法识别文件内容，不是 Word 文档：{_SAVE_AS}"


def load_legacy(data: bytes, path: Path, fmt: str) -> list[Line]:
    """A .doc, .wps or .rtf file read by what it is: a .docx (or a web page) under another name is read
    as one; an old binary Word or WPS file, an encrypted one or an RTF file is an IngestError saying
    how to save it as .docx."""
    kind = sniff(data)
    if kind == "zip":
        return load_docx(data, path)
    if kind in ("html", "mht"):
        return load_html(decode_text(_lighter_html(_mht_html(data) if kind == "mht" else data, path), path))
    raise IngestError(path, _not_readable(kind, fmt))


def _mht_html(data: bytes) -> bytes:
    """The HTML part of a single-file web page (MHTML, as Word's “单个文件网页” saves it), as UTF-8."""
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset() or "utf-8"
            try:
                return payload.decode(charset, errors="replace").encode("utf-8")
            except LookupError:
                return payload
    return b""


def load_docx(data: bytes, path: Path) -> list[Line]:
    """Paragraphs and tables of a Word file in body order, as printed (docx_read): tracked changes,
    fields, content controls, list numbers and text boxes as Word shows them, each merged cell once."""
    import io
    import zipfile

    kind = sniff(data)
    if kind in ("ole", "encrypted", "rtf"):
        raise IngestError(path, _not_readable(kind, "docx"))
    try:
        from docx import Document

        doc = Document(io.BytesIO(_docx_text_parts(data, path)))
    except IngestError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise IngestError(path, f"不是有效的 Word (.docx) 文件：{e}") from e
    except Exception as e:  # python-docx raises several kinds for broken packages
        raise IngestError(path, f"无法打开 Word 文件：{e}") from e
    from .docx_read import read_body

    try:
        return read_body(doc)
    except Exception as e:  # a package python-docx opens whose document part is not one we can walk
        raise IngestError(path, f"Word 文件内容无法解析（{type(e).__name__}: {e}）") from e


def _docx_text_parts(data: bytes, path: Path) -> bytes:
    """The Word package with its XML parts only (images and other binary parts left empty), checked
    before anything is inflated: the sizes its directory declares, one part's and all XML parts'
    (MAX_DOCX_PART, MAX_DOCX_XML), and each part's compression ratio (MAX_DOCX_RATIO), so a zip bomb
    is refused after reading its directory. Parts are then inflated a chunk at a time, never past
    the size declared (zipfile stops there and checks the CRC), and stored uncompressed for python-docx."""
    import io
    import zipfile

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise IngestError(path, f"不是有效的 Word (.docx) 文件：{e}") from e
    if len(infos) > 10_000:
        raise IngestError(path, f"不是有效的 Word (.docx) 文件：压缩包内有 {len(infos)} 个文件")
    xml = [i for i in infos if i.filename.lower().endswith((".xml", ".rels")) and not i.is_dir()]
    total = 0
    for info in xml:
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > _MB and ratio > MAX_DOCX_RATIO:
            raise IngestError(
                path,
                f"Word 文件中的 {info.filename} 压缩比异常（{ratio:.0f}:1，解压后 {info.file_size / _MB:.0f} MB），"
                "疑似压缩炸弹，不读取",
            )
        if info.file_size > MAX_DOCX_PART:
            raise IngestError(
                path,
                f"Word 文件中的 {info.filename} 解压后 {info.file_size / _MB:.0f} MB，超过上限 {MAX_DOCX_PART // _MB} MB，不读取",
            )
        total += info.file_size
    if total > MAX_DOCX_XML:
        raise IngestError(
            path, f"Word 文件的文字部分解压后共 {total / _MB:.0f} MB，超过上限 {MAX_DOCX_XML // _MB} MB，不读取"
        )
    wanted = {i.filename for i in xml}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as w:
        for info in infos:
            if info.is_dir():
                continue
            content = b""
            if info.filename in wanted:
                chunks, got = [], 0
                with zf.open(info) as f:
                    while chunk := f.read(_MB):
                        got += len(chunk)
                        if got > info.file_size:  # never, zipfile stops at the declared size
                            raise IngestError(path, f"Word 文件中的 {info.filename} 大小与声明不符，不读取")
                        chunks.append(chunk)
                content = b"".join(chunks)
            w.writestr(info.filename, content)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------


def load_pdf(data: bytes, path: Path) -> list[Line]:
    """The text layer of a PDF, page by page; ruled tables (two or more columns) read as tables."""
    import io

    import pdfplumber

    from .ocr import page_items

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
            items.extend(page_items(page, p_no, path))  # a page without text layer, tables as images: OCR
            items.sort(key=lambda it: it[0])
            lines.extend(line for _, line in items)
    except IngestError:
        raise
    except Exception as e:
        raise IngestError(path, f"PDF 内容无法解析（{type(e).__name__}: {e}）") from e
    finally:
        pdf.close()
    if chars == 0 and not lines:
        raise IngestError(path, "PDF 没有文字层（扫描图片），OCR 也未识别出文字，无法读取")
    return lines


def _table_columns(table) -> int:
    try:
        return max(len(r) for r in table.extract())
    except ValueError:
        return 0
