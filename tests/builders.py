"""Writers of real report files for tests: .docx with real Word tables, .pdf with ruled tables.

Both are built from the Lines a text report loads into, so the same content can be parsed from
three formats and compared cell by cell.
"""

from __future__ import annotations

from pathlib import Path

from ingest.load import Line


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
