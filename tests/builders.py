"""Writers of real report files for tests: .docx with real Word tables, .pdf with ruled tables.

`write_docx` and `write_pdf` are built from the Lines a text report loads into (one plain grid
table per printed table, no merged cells), so the same content can be parsed from three formats
and compared cell by cell. `write_template_docx` types a report into the official blank Word
template itself, its tables' merged cells intact, as a report filled in on the template is.
"""

from __future__ import annotations

import copy
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
            for i, row in enumerate(b):
                for j, text in enumerate(row):
                    table.cell(i, j).text = text
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


def _row_labelled(table, label: str) -> int:
    for i, row in enumerate(table.rows):
        if normalise_cell(row.cells[0].text) == label:
            return i
    raise AssertionError(f"no row {label} in the template")


def _fill_a(table, cells: dict) -> None:
    for label, keys in _A_ROWS.items():
        r = _row_labelled(table, label)
        for j, key in enumerate(keys, 1):
            cell = table.cell(r, j)
            assert cell._tc is not table.cell(r, 0)._tc
            _type(cell, cells.get(key))


def _fill_b(table, cells: dict) -> None:
    rows = schema.B_ROWS["2021"]
    first = _row_labelled(table, "一、本年新收政府信息公开申请数量")
    assert len(table.rows) == first + len(rows)
    width = len(table.columns)
    for i, row in enumerate(rows):
        for j, col in enumerate(schema.B_COLUMN_KEYS):
            cell = table.cell(first + i, width - len(schema.B_COLUMN_KEYS) + j)
            _type(cell, cells.get(f"B.{row.key}.{col}"))


def _fill_c(table, cells: dict) -> None:
    last = len(table.rows) - 1
    assert len(table.columns) == len(schema.C_KEYS)
    for j, key in enumerate(schema.C_KEYS):
        _type(table.cell(last, j), cells.get(key))


def printed_cells(report) -> dict[str, object]:
    """A parsed report's values with the cells it inferred (blank, pinned by an identity) blank again."""
    return {k: (None if c.inferred else c.value) for k, c in report.cells.items()}
