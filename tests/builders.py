"""Writers of real report files for tests: .docx with real Word tables, .pdf with ruled tables.

`write_docx` and `write_pdf` are built from the Lines a text report loads into (one plain grid
table per printed table, no merged cells), so the same content can be parsed from three formats
and compared cell by cell. `write_template_docx` types a report into the official blank Word
template itself, its tables' merged cells intact, as a report filled in on the template is.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from ingest import schema
from ingest.load import Line
from ingest.normalise import normalise_cell


def blocks(lines: list[Line]) -> list[str | list[tuple[str, ...]]]:
    """Paragraphs (str) and tables (consecutive multi-cell rows)."""
    out: list[str | list[tuple[str, ...]]] = []
    for line in lines:
        if line.is_row:
            if out and isinstance(out[-1], list):
                out[-1].append(line.cells)
            else:
                out.append([line.cells])
        elif line.cells[0]:
            out.append(line.cells[0])
    return out


def write_docx(lines: list[Line], path: Path, template: Path | None = None) -> Path:
    from docx import Document

    doc = Document(str(template)) if template else Document()
    if template:
        body = doc.element.body
        for child in list(body):
            if not child.tag.endswith("sectPr"):
                body.remove(child)
    for b in blocks(lines):
        if isinstance(b, str):
            doc.add_paragraph(b)
        else:
            width = max(len(r) for r in b)
            table = doc.add_table(rows=len(b), cols=width)
            grid = table._cells  # computed once: Table.cell computes every cell on each call
            for i, row in enumerate(b):
                for j, text in enumerate(row):
                    grid[i * width + j].text = text
    doc.save(str(path))
    return path


def write_pdf(lines: list[Line], path: Path) -> Path:
    """A PDF with a Chinese text layer (Adobe's STSong CID font) and ruled tables."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    para = ParagraphStyle("p", fontName="STSong-Light", fontSize=9, leading=12)
    cell = ParagraphStyle("c", fontName="STSong-Light", fontSize=6.5, leading=8)
    story = []
    page_w = landscape(A4)[0] - 72
    for b in blocks(lines):
        if isinstance(b, str):
            story.append(Paragraph(b.replace("<", "&lt;"), para))
        else:
            width = max(len(r) for r in b)
            rows = [[Paragraph(c.replace("<", "&lt;"), cell) for c in r] + [""] * (width - len(r)) for r in b]
            first = page_w * (0.3 if width > 4 else 0.4)
            rest = (page_w - first) / max(1, width - 1)
            t = Table(rows, colWidths=[first] + [rest] * (width - 1), repeatRows=0)
            t.setStyle(
                TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
            )
            story.append(t)
            story.append(Spacer(1, 6))
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path


# --- the official Word template, filled in ---------------------------------------------------------

_A_ROWS = {row.labels[0]: row.cells for row in schema.TABLE_A["2021"]}


def write_template_docx(report, path: Path, template: Path, cells: dict[str, object] | None = None) -> Path:
    """A parsed 2021-template report typed into the official blank template (template-2021-blank.docx)
    as a person would: the template's three tables kept, merged cells and all, each value typed
    into its cell (a horizontally merged cell once, never unmerged; None left blank); the report's
    text typed in place of the template's paragraphs: everything up to the heading of section 二
    before table A, the headings of 三 and 四 before tables B and C, section 五 onwards after table C
    (what the report prints in sections 二 to 四 besides the headings is its tables).

    `cells` maps the 2021 template's keys to the values to type (the report's own by default)."""
    from docx import Document

    doc = Document(str(template))
    tables = doc.tables
    assert len(tables) == 3, "the blank template has tables A, B and C"
    if cells is None:
        cells = {k: c.value for k, c in report.cells.items()}
    _fill_a(tables[0], cells)
    _fill_b(tables[1], cells)
    _fill_c(tables[2], cells)
    groups = _paragraph_groups(report)
    body = doc.element.body
    runs: list[list] = [[]]  # the template's paragraphs before, between and after its tables
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            runs[-1].append(child)
        elif tag == "tbl":
            runs.append([])
    assert len(runs) == len(groups) == 4
    for old, new in zip(runs, groups, strict=True):
        anchor = old[-1]
        for text in new:
            p = copy.deepcopy(old[-1])
            _set_paragraph(p, text)
            anchor.addnext(p)
            anchor = p
        for p in old:
            body.remove(p)
    doc.save(str(path))
    return path


def _paragraph_groups(report) -> list[list[str]]:
    """The report's paragraphs in four runs: up to the heading of section 二 (table A follows it),
    the heading of 三 (table B), that of 四 (table C), section 五 onwards. Lines that are table rows
    (tab-separated) are left out."""
    sec = {s.key: s for s in report.sections}
    a, b, c = sec["proactive_disclosure"], sec["applications"], sec["reconsideration_litigation"]
    rest = min(s.start for s in report.sections if s.start > c.start)
    text = report.text

    def paras(chunk: str) -> list[str]:
        return [p.strip() for p in chunk.split("\n") if p.strip() and "\t" not in p]

    return [[*paras(text[: a.start]), a.title], [b.title], [c.title], paras(text[rest:])]


def _set_paragraph(p, text: str) -> None:
    from docx.oxml.ns import qn

    runs = p.findall(qn("w:r"))
    for r in runs[1:]:
        p.remove(r)
    for child in list(p):
        if child.tag in (qn("w:hyperlink"), qn("w:ins"), qn("w:smartTag")):
            p.remove(child)
    if runs:
        r = runs[0]
        for child in list(r):
            if child.tag != qn("w:rPr"):
                r.remove(child)
    else:
        r = p.makeelement(qn("w:r"), {})
        p.append(r)
    t = r.makeelement(qn("w:t"), {})
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    r.append(t)


def _type(cell, value) -> None:
    """Type a value into a template cell as Word does: the cell's first paragraph (its alignment and
    font kept) holds the text, whatever placeholder it held ("　　") replaced."""
    text = "" if value is None else str(value)
    paragraphs = cell._tc.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
    for extra in paragraphs[1:]:
        cell._tc.remove(extra)
    _set_paragraph(paragraphs[0], text)


class _Grid:
    """A python-docx table's cells by row and column, computed once (`Table.cell` computes every
    cell of the table on each call)."""

    def __init__(self, table):
        self.cells = table._cells
        self.width = len(table.columns)
        self.height = len(self.cells) // self.width

    def cell(self, r: int, c: int):
        return self.cells[r * self.width + c]


def _row_labelled(table, label: str) -> int:
    g = table if isinstance(table, _Grid) else _Grid(table)
    for i in range(g.height):
        if normalise_cell(g.cell(i, 0).text) == label:
            return i
    raise AssertionError(f"no row {label} in the template")


def _fill_a(table, cells: dict) -> None:
    g = _Grid(table)
    for label, keys in _A_ROWS.items():
        r = _row_labelled(g, label)
        for j, key in enumerate(keys, 1):
            cell = g.cell(r, j)
            assert cell._tc is not g.cell(r, 0)._tc
            _type(cell, cells.get(key))


def _fill_b(table, cells: dict) -> None:
    g = _Grid(table)
    rows = schema.B_ROWS["2021"]
    first = _row_labelled(g, "一、本年新收政府信息公开申请数量")
    assert g.height == first + len(rows)
    for i, row in enumerate(rows):
        for j, col in enumerate(schema.B_COLUMN_KEYS):
            cell = g.cell(first + i, g.width - len(schema.B_COLUMN_KEYS) + j)
            _type(cell, cells.get(f"B.{row.key}.{col}"))


def _fill_c(table, cells: dict) -> None:
    g = _Grid(table)
    assert g.width == len(schema.C_KEYS)
    for j, key in enumerate(schema.C_KEYS):
        _type(g.cell(g.height - 1, j), cells.get(key))


def printed_cells(report) -> dict[str, object]:
    """A parsed report's values with the cells it inferred (blank, pinned by an identity) blank again."""
    return {k: (None if c.inferred else c.value) for k, c in report.cells.items()}


# --- real Word files: what Word and the people typing do to a filled-in template -------------------
#
# Each variant takes a document written by `write_template_docx` and changes it the way real Word
# files differ from clean generated ones, keeping what it prints the same: automatic list numbering,
# heading styles, tracked changes, runs split and wrapped, odd cell contents, tables nested, split,
# padded or in a text box, headers and footers, abbreviated labels, soft line breaks. It returns the
# cells a reader should get back (the typed cells, with any it left blank set to None).

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": W_NS,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
_DECLS = " ".join(f'xmlns:{p}="{u}"' for p, u in _NS.items())
_TRACK = 'w:author="审核人" w:date="2026-01-20T10:00:00Z"'
_HEADING = re.compile(r"^([一二三四五六七八九十]+)、\s*")
_SUBHEADING = re.compile(r"^\(([一二三四五六七八九十]+)\)\s*")
_DIGITS = re.compile(r"^\s*(\d+)\.\s*")
_CN = "一二三四五六七八九十"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _xml(fragment: str) -> list:
    """The elements of an XML fragment written with the w:, mc:, wp:, a:, wps: and v: prefixes."""
    from docx.oxml import parse_xml

    return list(parse_xml(f"<root {_DECLS}>{fragment}</root>"))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _r(text: str, rpr: str = "", t: str = "t") -> str:
    return f'<w:r>{rpr}<w:{t} xml:space="preserve">{_esc(text)}</w:{t}></w:r>'


def _set_content(p, fragment: str) -> None:
    """Replace a paragraph's content (its properties kept) with the fragment's elements."""
    for child in list(p):
        if child.tag != _w("pPr"):
            p.remove(child)
    for el in _xml(fragment):
        p.append(el)


def _text(el) -> str:
    """The text Word shows: w:t outside deletions and moved-away text."""
    return "".join(
        t.text or ""
        for t in el.iter(_w("t"))
        if not any(a.tag in (_w("del"), _w("moveFrom")) for a in t.iterancestors())
    )


def template_cells(doc) -> dict:
    """Each key of the filled template's three tables → the python-docx cell holding its value."""
    a, b, c = (_Grid(t) for t in doc.tables[:3])
    out = {}
    for label, keys in _A_ROWS.items():
        r = _row_labelled(a, label)
        for j, key in enumerate(keys, 1):
            out[key] = a.cell(r, j)
    first = _row_labelled(b, "一、本年新收政府信息公开申请数量")
    for i, row in enumerate(schema.B_ROWS["2021"]):
        for j, col in enumerate(schema.B_COLUMN_KEYS):
            out[f"B.{row.key}.{col}"] = b.cell(first + i, b.width - len(schema.B_COLUMN_KEYS) + j)
    for j, key in enumerate(schema.C_KEYS):
        out[key] = c.cell(c.height - 1, j)
    return out


def _cell_p(cell):
    return cell._tc.findall(_w("p"))[0]


def _body_paragraphs(doc) -> list:
    return [p for p in doc.element.body if p.tag == _w("p")]


def _add_part(doc, partname: str, content_type: str, reltype: str, xml: str):
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from docx.oxml import parse_xml

    part = XmlPart(PackURI(partname), content_type, parse_xml(xml), doc.part.package)
    doc.part.relate_to(part, reltype)
    return part


def _numbering(doc, abstracts: dict[int, list[tuple[str, str, str]]], styles: dict[tuple[int, int], str] | None = None):
    """A numbering part: abstract list n → levels (numFmt, lvlText, suff), num n+1 for each;
    `styles` links a level to a paragraph style (Word's headings linked to a multilevel list)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    styles = styles or {}
    parts = []
    for n, levels in abstracts.items():
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            + (f'<w:pStyle w:val="{styles[(n, i)]}"/>' if (n, i) in styles else "")
            + f'<w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>'
            for i, (fmt, text, suff) in enumerate(levels)
        )
        parts.append(
            f'<w:abstractNum w:abstractNumId="{n}"><w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'
        )
    nums = "".join(f'<w:num w:numId="{n + 1}"><w:abstractNumId w:val="{n}"/></w:num>' for n in abstracts)
    _add_part(
        doc,
        "/word/numbering.xml",
        CT.WML_NUMBERING,
        RT.NUMBERING,
        f"<w:numbering {_DECLS}>{''.join(parts)}{nums}</w:numbering>",
    )


def _num_pr(p, num_id: int, level: int) -> None:
    ppr = p.get_or_add_pPr()
    ppr.insert(0, _xml(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')[0])


def _style_pr(p, style_id: str) -> None:
    ppr = p.get_or_add_pPr()
    for old in ppr.findall(_w("pStyle")):
        ppr.remove(old)
    ppr.insert(0, _xml(f'<w:pStyle w:val="{style_id}"/>')[0])


def _strip_number(p, pattern: re.Pattern) -> None:
    text = _text(p)
    _set_content(p, _r(pattern.sub("", text, count=1)))


def _numbered(paragraphs, patterns: list[re.Pattern]):
    """(paragraph, level) for each paragraph whose printed number is the one a list with these
    levels would give it next (level 0 "一、" or "(一)", restarting the levels below), so replacing
    the typed number by the list's own prints the same document."""
    counters = [0] * len(patterns)
    for p in paragraphs:
        text = _text(p).strip()
        if not text:
            continue
        for level, pat in enumerate(patterns):
            m = pat.match(text)
            if not m:
                continue
            n = int(m.group(1)) if m.group(1).isdigit() else _CN.find(m.group(1)) + 1
            if n == counters[level] + 1 and all(c > 0 for c in counters[:level]):
                counters[level] = n
                counters[level + 1 :] = [0] * (len(patterns) - level - 1)
                yield p, level
            break


def _add_styles(doc, numbered: bool) -> None:
    """Heading styles as Word writes them (built-in names "heading 1", "heading 2", ids of their
    own), linked to list 1's levels when `numbered`; unnumbered, level 1 is known by its name alone
    ("标题 1", as WPS names it, no outline level)."""
    styles = doc.styles.element
    for level in (0, 1):
        num = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>' if numbered else ""
        name = f"heading {level + 1}" if numbered or level else "标题 1"
        outline = f'<w:outlineLvl w:val="{level}"/>' if numbered or level else ""
        styles.append(
            _xml(
                f'<w:style w:type="paragraph" w:styleId="Heading{level + 1}"><w:name w:val="{name}"/>'
                f'<w:basedOn w:val="1"/><w:next w:val="1"/><w:qFormat/><w:pPr><w:keepNext/>{num}'
                f"{outline}</w:pPr><w:rPr><w:b/></w:rPr></w:style>"
            )[0]
        )


def variant_list_numbering(doc: Typed, cells: dict) -> dict:
    """Section headings and sub-headings numbered by Word's list numbering ("一、" "(一)" not in the
    text), table B's row labels too (一、… (一)… 1.…), and two value cells numbered by mistake ("1. 705")."""
    _numbering(
        doc,
        {
            0: [("chineseCountingThousand", "%1、", "tab"), ("chineseCounting", "（%2）", "nothing")],
            1: [("chineseCounting", "（%1）", "nothing"), ("decimal", "%2.", "nothing")],
            2: [("chineseCounting", "%1、", "nothing")],
            3: [("decimal", "%1.", "tab")],
        },
    )
    for p, level in list(_numbered(_body_paragraphs(doc), [_HEADING, _SUBHEADING])):
        _strip_number(p, (_HEADING, _SUBHEADING)[level])
        _num_pr(p, 1, level)
    b = doc.tables_[1]
    firsts = [tr.findall(_w("tc"))[0].findall(_w("p"))[0] for tr in b._tbl.iter(_w("tr"))]
    for p, _ in list(_numbered(dict.fromkeys(firsts), [_HEADING])):
        _strip_number(p, _HEADING)
        _num_pr(p, 3, 0)
    labels = []
    for row in b.rows:
        for tc in row._tr.findall(_w("tc"))[1:3]:
            labels.append(tc.findall(_w("p"))[0])
    for p, level in list(_numbered(labels, [_SUBHEADING, _DIGITS])):
        _strip_number(p, (_SUBHEADING, _DIGITS)[level])
        _num_pr(p, 2, level)
    for key in ("B.new_applications.natural_person", "B.carried_from_last_year.natural_person"):
        _num_pr(_cell_p(doc.where[key]), 4, 0)  # numbering applied to a column of values by mistake
    return cells


def variant_decimal_list_headings(doc: Typed, cells: dict) -> dict:
    """Section headings numbered by a decimal list ("1." as Word's default numbered list prints),
    sub-headings by its second level ((一))."""
    _numbering(doc, {0: [("decimal", "%1.", "tab"), ("chineseCounting", "（%2）", "nothing")]})
    for p, level in list(_numbered(_body_paragraphs(doc), [_HEADING, _SUBHEADING])):
        _strip_number(p, (_HEADING, _SUBHEADING)[level])
        _num_pr(p, 1, level)
    return cells


def variant_heading_styles(doc: Typed, cells: dict) -> dict:
    """Headings in Word's heading styles (标题 1, 标题 2) with no number at all."""
    _add_styles(doc, numbered=False)
    for p, level in list(_numbered(_body_paragraphs(doc), [_HEADING, _SUBHEADING])):
        _strip_number(p, (_HEADING, _SUBHEADING)[level])
        _style_pr(p, f"Heading{level + 1}")
    return cells


def variant_heading_styles_numbered(doc: Typed, cells: dict) -> dict:
    """Headings in heading styles whose numbers come from the list the styles are linked to."""
    _numbering(
        doc,
        {0: [("chineseCountingThousand", "%1、", "nothing"), ("chineseCounting", "（%2）", "nothing")]},
        styles={(0, 0): "Heading1", (0, 1): "Heading2"},
    )
    _add_styles(doc, numbered=True)
    for p, level in list(_numbered(_body_paragraphs(doc), [_HEADING, _SUBHEADING])):
        _strip_number(p, (_HEADING, _SUBHEADING)[level])
        _style_pr(p, f"Heading{level + 1}")
    return cells


def _heading(doc, number: str):
    return next(p for p in _body_paragraphs(doc) if _text(p).startswith(number + "、"))


def variant_tracked_changes(doc: Typed, cells: dict) -> dict:
    """Revisions left in: old values deleted and new ones inserted, a deleted heading, a heading
    moved (its old place a w:moveFrom before table B), the title typed as an insertion, a deleted
    table row with other numbers, hidden text in a cell."""
    where = doc.where
    ids = iter(range(100, 10000))
    for n, (key, value) in enumerate((k, v) for k, v in cells.items() if v is not None):
        p = _cell_p(where[key])
        if n % 3 == 0 and value:
            _set_content(
                p,
                f'<w:del w:id="{next(ids)}" {_TRACK}>{_r(str(value + 7), t="delText")}</w:del>'
                f'<w:ins w:id="{next(ids)}" {_TRACK}>{_r(str(value))}</w:ins>',
            )
        elif n % 3 == 1:
            _set_content(p, f'<w:ins w:id="{next(ids)}" {_TRACK}>{_r(str(value))}</w:ins>')
        elif n % 5 == 2:
            _set_content(p, _r(str(value)) + _r("8", "<w:rPr><w:vanish/></w:rPr>"))
    title = _body_paragraphs(doc)[0]
    _set_content(title, f'<w:ins w:id="{next(ids)}" {_TRACK}>{_r(_text(title))}</w:ins>')
    # 三's heading deleted before table A; 四's heading moved from before table B to after it
    two, three, four = _heading(doc, "二"), _heading(doc, "三"), _heading(doc, "四")
    deleted = _xml(
        f'<w:p><w:pPr><w:rPr><w:del w:id="{next(ids)}" {_TRACK}/></w:rPr></w:pPr>'
        f'<w:del w:id="{next(ids)}" {_TRACK}>{_r(_text(three), t="delText")}</w:del></w:p>'
    )[0]
    two.addnext(deleted)
    moved = _xml(
        f'<w:moveFromRangeStart w:id="{next(ids)}" w:name="move1" {_TRACK}/>'
        f'<w:p><w:pPr><w:rPr><w:moveFrom w:id="{next(ids)}" {_TRACK}/></w:rPr></w:pPr>'
        f'<w:moveFrom w:id="{next(ids)}" {_TRACK}>{_r(_text(four))}</w:moveFrom></w:p>'
        '<w:moveFromRangeEnd w:id="1"/>'
    )
    anchor = three
    for el in moved:
        anchor.addnext(el)
        anchor = el
    _set_content(four, f'<w:moveTo w:id="{next(ids)}" {_TRACK}>{_r(_text(four))}</w:moveTo>')
    # a row typed with other numbers, then deleted (the row's own mark only)
    tr = doc.where["A.licensing_decisions"]._tc.getparent()
    old = copy.deepcopy(tr)
    for p in list(old.iter(_w("p")))[1:]:
        _set_content(p, _r("999"))
    trpr = old.find(_w("trPr"))
    if trpr is None:
        trpr = _xml("<w:trPr/>")[0]
        old.insert(0, trpr)
    trpr.append(_xml(f'<w:del w:id="{next(ids)}" {_TRACK}/>')[0])
    tr.addprevious(old)
    return cells


def _split_runs(p, text: str) -> None:
    pieces = []
    for i, ch in enumerate(text):
        if i:
            pieces.append(
                '<w:proofErr w:type="gramStart"/>' if i % 2 else f'<w:bookmarkStart w:id="{i}" w:name="_b{i}"/>'
            )
        pieces.append(_r(ch, '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>' if i % 2 else ""))
    _set_content(p, "".join(pieces))


_LINK_STYLE = '<w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'


def variant_runs_fields_wrappers(doc: Typed, cells: dict) -> dict:
    """Numbers split over runs (with proofing marks and bookmarks between), formula fields
    (w:fldSimple and w:instrText ones) in table B's 总计 column, content controls around cells,
    rows and paragraphs, smart tags and hyperlinks around text, a table of contents field."""
    where = doc.where
    for n, (key, value) in enumerate(cells.items()):
        p = _cell_p(where[key])
        if value is None or _text(p) != str(value) or len(p.findall(_w("r"))) != 1:
            continue  # blank, or typed otherwise by another variant
        if key.startswith("B.") and key.endswith(".total"):
            if n % 2:
                _set_content(p, f'<w:fldSimple w:instr=" =SUM(LEFT) ">{_r(str(value))}</w:fldSimple>')
            else:
                _set_content(
                    p,
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                    '<w:r><w:instrText xml:space="preserve"> =SUM(LEFT) \\# "0" </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                    f'{_r(str(value))}<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                )
        elif key.startswith("A."):
            _set_content(
                p,
                f'<w:sdt><w:sdtPr><w:alias w:val="数量"/></w:sdtPr><w:sdtContent>{_r(str(value))}</w:sdtContent></w:sdt>',
            )
        elif key.startswith("C."):  # the cell's paragraph in a block content control
            sdt = _xml('<w:sdt><w:sdtPr><w:tag w:val="c"/></w:sdtPr><w:sdtContent/></w:sdt>')[0]
            p.addprevious(sdt)
            sdt[1].append(p)
            _split_runs(p, str(value))
        else:
            _split_runs(p, str(value))
    tr = doc.where["B.carried_from_last_year.total"]._tc.getparent()  # a row in a content control
    sdt = _xml('<w:sdt><w:sdtPr><w:tag w:val="row"/></w:sdtPr><w:sdtContent/></w:sdt>')[0]
    tr.addprevious(sdt)
    sdt[1].append(tr)
    body = _body_paragraphs(doc)
    title = body[0]
    sdt = _xml('<w:sdt><w:sdtPr><w:alias w:val="标题"/></w:sdtPr><w:sdtContent/></w:sdt>')[0]
    title.addprevious(sdt)
    sdt[1].append(title)
    text = _text(title)
    half = len(text) // 2
    _set_content(
        title,
        f'<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">{_r(text[:half])}</w:smartTag>'
        f'<w:hyperlink w:anchor="_top" w:history="1">{_r(text[half:], _LINK_STYLE)}</w:hyperlink>',
    )
    # a table of contents after the title: the headings again, each with its page number
    heads = [p for p in body if _HEADING.match(_text(p))]
    toc = []
    for i, h in enumerate(heads):
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            if i == 0
            else ""
        )
        entry = (
            f'<w:hyperlink w:anchor="_Toc{i}" w:history="1">{_r(_text(h))}<w:r><w:tab/></w:r>'
            f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Toc{i} \\h </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{_r(str(i + 1))}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if i == len(heads) - 1 else ""
        toc.append(f"<w:p>{begin}{entry}{end}</w:p>")
    anchor = sdt
    for el in _xml("".join(toc)):
        anchor.addnext(el)
        anchor = el
    return cells


_FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}


def variant_cell_contents(doc: Typed, cells: dict) -> dict:
    """Cells as people type them: "0件", "—", "/", "无", blank (a content control showing its
    placeholder), full-width digits, thousands separators, footnote marks (typed and superscript). A dash, slash or "无" is not a printed
    number: those cells are unknown unless an identity pins them (all are pinned here); the blank
    table A cell, which nothing pins, is unknown."""
    where = doc.where
    typed: dict[str, str] = {}
    expected = dict(cells)
    for key in ("A.rules.issued", "A.rules.repealed", "C.litigation_direct.pending"):
        typed[key] = f"{cells[key]}件"
    typed["A.rules.in_force"] = str(cells["A.rules.in_force"]).translate(_FULL_WIDTH)
    typed["A.licensing_decisions"] = f"{cells['A.licensing_decisions']:,}"
    typed["A.penalty_decisions"] = str(cells["A.penalty_decisions"]).translate(_FULL_WIDTH)
    typed["A.fees_10k_yuan"] = f"{cells['A.fees_10k_yuan']:,}"
    typed["A.normative_documents.in_force"] = f"{cells['A.normative_documents.in_force']}*"
    typed["B.new_applications.total"] = f"{cells['B.new_applications.total']}①"
    typed["A.coercion_decisions"] = ""
    expected["A.coercion_decisions"] = None
    marks = iter(["—", "/", "无", "-", "——", "／"])
    # zeros marked only where the row or group adds up to its printed total, which then pins them
    for row in (
        "result.withheld.state_secret",
        "result.withheld.prohibited_by_law",
        "result.unable.unclear_after_correction",
    ):
        mark = next(marks)
        parts = [f"B.{row}.{col}" for col in schema.B_COLUMN_KEYS[:-1]]
        if sum(cells[k] for k in parts) == cells[f"B.{row}.total"]:
            typed.update({k: mark for k in parts if cells[k] == 0})
    for group in ("litigation_direct", "reconsideration", "litigation_after_reconsideration"):
        parts = [f"C.{group}.{c}" for c, _ in schema.C_COLUMNS[:-1]]
        if sum(cells[k] for k in parts) == cells[f"C.{group}.total"]:
            typed.update({k: next(marks, "—") for k in [k for k in parts if cells[k] == 0][:2]})
    for key, text in typed.items():
        _set_content(_cell_p(where[key]), _r(text) if text else "")
    zero = next(  # a content control nobody filled in, showing its placeholder, in a row that pins it
        f"B.{row.key}.{col}"
        for row in schema.B_ROWS["2021"]
        if sum(cells[f"B.{row.key}.{c}"] for c in schema.B_COLUMN_KEYS[:-1]) == cells[f"B.{row.key}.total"]
        for col in schema.B_COLUMN_KEYS[:-1]
        if cells[f"B.{row.key}.{col}"] == 0
    )
    _set_content(
        _cell_p(where[zero]),
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + _r("单击或点击此处输入文字。", '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>')
        + "</w:sdtContent></w:sdt>",
    )
    sup = _cell_p(where["A.normative_documents.issued"])  # a footnote mark in superscript
    _set_content(
        sup,
        _r(str(cells["A.normative_documents.issued"])) + _r("1", '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    )
    return expected


def _empty_p() -> str:
    return "<w:p/>"


def variant_nested_tables(doc: Typed, cells: dict) -> dict:
    """Table B inside a layout table (a caption cell beside it, an empty row below), and table A's
    fee typed into a one-cell table nested in its cell."""
    b = doc.tables_[1]._tbl
    outer = _xml(
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="800"/>'
        '<w:gridCol w:w="13000"/></w:tblGrid>'
        f'<w:tr><w:tc><w:p>{_r("表三")}</w:p></w:tc><w:tc><w:tcPr><w:tcW w:w="13000" w:type="dxa"/></w:tcPr></w:tc></w:tr>'
        f"<w:tr><w:tc>{_empty_p()}</w:tc><w:tc>{_empty_p()}</w:tc></w:tr></w:tbl>"
    )[0]
    b.addprevious(outer)
    tc = outer.find(_w("tr")).findall(_w("tc"))[1]
    tc.append(b)
    tc.append(_xml(_empty_p())[0])
    fee = doc.where["A.fees_10k_yuan"]._tc
    inner = _xml(
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="1500"/></w:tblGrid>'
        f"<w:tr><w:tc><w:p>{_r(str(cells['A.fees_10k_yuan']))}</w:p></w:tc></w:tr></w:tbl>"
    )[0]
    for p in fee.findall(_w("p")):
        fee.remove(p)
    fee.append(inner)
    fee.append(_xml(_empty_p())[0])
    return cells


def variant_split_table(doc: Typed, cells: dict) -> dict:
    """Table B broken into two tables at a page break, the header rows repeated on top of the second."""
    tbl = doc.tables_[1]._tbl
    rows = tbl.findall(_w("tr"))
    at = rows.index(doc.where["B.result.withheld.internal_affairs.total"]._tc.getparent())
    second = copy.deepcopy(tbl)
    for tr in [el for el in second if el.tag in (_w("tr"), _w("sdt"), _w("customXml"))]:
        second.remove(tr)
    for tr in rows[:3]:
        trpr = tr.find(_w("trPr"))
        if trpr is None:
            trpr = _xml("<w:trPr/>")[0]
            tr.insert(0, trpr)
        trpr.append(_xml("<w:tblHeader/>")[0])
        second.append(copy.deepcopy(tr))
    for tr in rows[at:]:
        second.append(tr)
    # a vertical merge broken by the split starts again, empty, in the second table
    first_data = rows[at]
    for tc in first_data.findall(_w("tc")):
        vm = tc.find(_w("tcPr") + "/" + _w("vMerge"))
        if vm is not None and vm.get(_w("val")) in (None, "continue"):
            vm.set(_w("val"), "restart")
    brk = _xml('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')[0]
    tbl.addnext(brk)
    brk.addnext(second)
    return cells


def variant_padded_tables(doc: Typed, cells: dict) -> dict:
    """Empty rows between and after rows; an empty column after table A's last (a cell in every
    row) and after table C's (a stray grid column the rows skip with w:gridAfter)."""
    a, c = doc.tables_[0]._tbl, doc.tables_[2]._tbl
    for tbl in (a, c):
        tbl.find(_w("tblGrid")).append(_xml('<w:gridCol w:w="600"/>')[0])
    for tr in a.findall(_w("tr")):
        tr.append(_xml(f"<w:tc>{_empty_p()}</w:tc>")[0])
    for tr in c.findall(_w("tr")):
        trpr = tr.find(_w("trPr"))
        if trpr is None:
            trpr = _xml("<w:trPr/>")[0]
            tr.insert(0, trpr)
        trpr.insert(0, _xml('<w:gridAfter w:val="1"/>')[0])
    for t in doc.tables_[:3]:
        tbl = t._tbl
        width = len(tbl.find(_w("tblGrid")).findall(_w("gridCol")))
        blank = f'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="{width}"/></w:tcPr>{_empty_p()}</w:tc></w:tr>'
        rows = tbl.findall(_w("tr"))
        for tr in [*rows[1::4], rows[-1]]:
            tr.addnext(_xml(blank)[0])
    return cells


def variant_text_box(doc: Typed, cells: dict) -> dict:
    """Table C inside a text box: the drawing's w:txbxContent and, as Word writes it, a VML copy
    for older readers (mc:Fallback), so the table is in the file twice."""
    tbl = doc.tables_[2]._tbl
    copy_ = copy.deepcopy(tbl)
    box = _xml(
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" '
        'simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="8000000" cy="1500000"/><wp:wrapTopAndBottom/><wp:docPr id="9" name="文本框 9"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        "<wps:txbx><w:txbxContent/></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        '</mc:Choice><mc:Fallback><w:pict><v:shape style="width:630pt;height:118pt"><v:textbox><w:txbxContent/></v:textbox>'
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )[0]
    tbl.addprevious(box)
    choice, fallback = list(box.iter(_w("txbxContent")))
    choice.append(tbl)
    choice.append(_xml(_empty_p())[0])
    fallback.append(copy_)
    fallback.append(_xml(_empty_p())[0])
    return cells


def variant_headers_footers(doc: Typed, cells: dict) -> dict:
    """A header with another year's title and a table of other numbers, a footer with a page field:
    none of it is the report's body."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    header.paragraphs[0].text = "2019年度政府信息公开工作年度报告（页眉草稿）"
    t = header.add_table(rows=1, cols=2, width=section.page_width // 2)
    t.cell(0, 0).text = "行政许可"
    t.cell(0, 1).text = "999"
    section.first_page_header.paragraphs[0].text = "三、收到和处理政府信息公开申请情况"
    footer = section.footer.paragraphs[0]
    _set_content(footer._p, _r("第 ") + '<w:fldSimple w:instr=" PAGE ">' + _r("1") + "</w:fldSimple>" + _r(" 页"))
    return cells


_SHORT_LABELS = {
    "一、本年新收政府信息公开申请数量": "一、本年新收申请\n数量",
    "二、上年结转政府信息公开申请数量": "二、上年结转申请数量",
    "(二)部分公开(区分处理的，只计这一情形，不计其他情形)": "(二)部分公开",
    "2.其他法律行政法规禁止公开": "2.法律法规禁止公开",
    "3.危及“三安全一稳定”": "3.危及三安全\n一稳定",
    "5.属于三类内部事务信息": "5.内部事务信息",
    "6.属于四类过程性信息": "6.过程性信息",
    "8.属于行政查询事项": "8.行政查询",
    "1.本机关不掌握相关政府信息": "1.本机关不掌握",
    "2.没有现成信息需要另行制作": "2.需另行制作",
    "3.补正后申请内容仍不明确": "3.补正后仍不明确",
    "1.信访举报投诉类申请": "1.信访举报投诉",
    "5.要求行政机关确认或重新出具已获取信息": "5.要求确认或重新出具\n已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "1.逾期不补正",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": "2.逾期未缴纳费用",
    "四、结转下年度继续办理": "四、结转下年度\n继续办理",
    "行政规范性文件": "行政规范性\n文件",
    "行政事业性收费": "行政事业性\n收费",
}


def variant_short_labels(doc: Typed, cells: dict) -> dict:
    """Row labels abbreviated as people retype them, some broken by a line break (w:br) or split
    into two paragraphs of the cell; rows in the template's order."""
    seen = set()
    for t in doc.tables_[:2]:
        for row in t.rows:
            for tc in row._tr.findall(_w("tc")):
                ps = tc.findall(_w("p"))
                label = normalise_cell("".join(_text(p) for p in ps))
                short = _SHORT_LABELS.get(label)
                if short is None or id(tc) in seen:
                    continue
                seen.add(id(tc))
                head, _, tail = short.partition("\n")
                if tail and len(seen) % 2:
                    _set_content(ps[0], _r(head) + "<w:r><w:br/></w:r>" + _r(tail))
                else:
                    _set_content(ps[0], _r(head))
                    if tail:
                        extra = copy.deepcopy(ps[0])
                        _set_content(extra, _r(tail))
                        ps[0].addnext(extra)
                for p in ps[1:]:
                    tc.remove(p)
    return cells


def variant_soft_breaks(doc: Typed, cells: dict) -> dict:
    """Body text with soft line breaks (w:br) instead of paragraphs: each heading and the paragraph
    after it in one paragraph, the title broken before its year, tabs after sub-heading numbers."""
    body = _body_paragraphs(doc)
    title = body[0]
    text = _text(title)
    m = re.search(r"\d{4}\s*年", text)
    if m:
        _set_content(title, _r(text[: m.start()]) + "<w:r><w:br/></w:r>" + _r(text[m.start() :]))
    for p in body:
        text = _text(p)
        m = _SUBHEADING.match(text)
        if m:
            _set_content(p, _r(f"（{m.group(1)}）") + "<w:r><w:tab/></w:r>" + _r(text[m.end() :]))
    for p in body:
        nxt = p.getnext()
        if _HEADING.match(_text(p)) and nxt is not None and nxt.tag == _w("p") and _text(nxt).strip():
            p.append(_xml("<w:r><w:br/></w:r>")[0])
            for r in [c for c in nxt if c.tag != _w("pPr")]:
                p.append(r)
            nxt.getparent().remove(nxt)
    return cells


# all at once, in an order where each finds what it changes (heading styles replace list numbering)
DOCX_COMBINED = (
    "tracked_changes",
    "cell_contents",
    "short_labels",
    "list_numbering",
    "runs_fields_wrappers",
    "nested_tables",
    "split_table",
    "padded_tables",
    "text_box",
    "headers_footers",
    "soft_breaks",
)
DOCX_VARIANTS = {
    "list_numbering": variant_list_numbering,
    "decimal_list_headings": variant_decimal_list_headings,
    "heading_styles": variant_heading_styles,
    "heading_styles_numbered": variant_heading_styles_numbered,
    "tracked_changes": variant_tracked_changes,
    "runs_fields_wrappers": variant_runs_fields_wrappers,
    "cell_contents": variant_cell_contents,
    "nested_tables": variant_nested_tables,
    "split_table": variant_split_table,
    "padded_tables": variant_padded_tables,
    "text_box": variant_text_box,
    "headers_footers": variant_headers_footers,
    "short_labels": variant_short_labels,
    "soft_breaks": variant_soft_breaks,
}


def write_variant_docx(report, path: Path, template: Path, cells: dict, variants) -> tuple[Path, dict]:
    """The report typed into the template (`write_template_docx`), then changed by each named variant
    in turn; the file and the cells a reader should get back."""
    from docx import Document

    write_template_docx(report, path, template, cells)
    doc = Typed(Document(str(path)))
    expected = dict(cells)
    for name in [variants] if isinstance(variants, str) else variants:
        expected = DOCX_VARIANTS[name](doc, expected)
    doc.save(str(path))
    return path, expected


class Typed:
    """A filled-in template being changed: the python-docx document, its three tables and the cell
    of each key as they were before any change (a variant may move, nest or relabel them)."""

    def __init__(self, doc):
        self.doc = doc
        self.tables_ = doc.tables[:3]
        self.where = template_cells(doc)

    def __getattr__(self, name):
        return getattr(self.doc, name)
