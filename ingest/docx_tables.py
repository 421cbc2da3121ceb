"""Rows of a Word table as the report prints them: each merged cell read once.

python-docx's `row.cells` hands out a horizontally merged cell (`w:gridSpan`) once for every grid
column it spans, and the top cell of a vertical merge (`w:vMerge`) again in every row it covers,
so a value typed into the official template's merged cells ("行政许可" spans three columns) would
be read three times. Here the table's XML is read directly: a cell's text once, at the first grid
column it covers, blanks in the rest of its span; a vertical merge's continuation cells blank; the
grid columns a row skips (`w:gridBefore`, `w:gridAfter`) blank. Rows come out as a text report
prints them: one cell per grid column, label then numbers, a blank where nothing is printed. The
text itself is read as printed (tracked changes, fields, content controls: `docx_read`).

    >>> from docx import Document
    >>> doc = Document()
    >>> t = doc.add_table(rows=2, cols=4)
    >>> t.cell(0, 0).text = "行政许可"
    >>> m = t.cell(0, 1).merge(t.cell(0, 3))
    >>> m.text = "5"
    >>> v = t.cell(0, 0).merge(t.cell(1, 0))
    >>> table_rows(t._tbl)
    [('行政许可', '5', '', ''), ('', '', '', '')]
"""

from __future__ import annotations

from docx.oxml.ns import qn


def table_rows(tbl) -> list[tuple[str, ...]]:
    """The rows of a `w:tbl` element, one normalised cell per grid column, each merged cell once."""
    from .docx_read import Reader

    reader = Reader()
    reader.table(tbl)
    return [line.cells for line in reader.lines]


def _prop(tc, name: str):
    tcPr = tc.find(qn("w:tcPr"))
    return None if tcPr is None else tcPr.find(qn(name))


def span(tc) -> int:
    """The grid columns a cell covers (`w:gridSpan`)."""
    return max(1, min(64, _int(_prop(tc, "w:gridSpan"), 1)))


def continues(tc) -> bool:
    """A cell continuing a vertical merge (`w:vMerge` without val="restart") or, in older Word
    files, a horizontal one (`w:hMerge` the same way): its content is the merge's first cell's."""
    for name in ("w:vMerge", "w:hMerge"):
        el = _prop(tc, name)
        if el is not None and el.get(qn("w:val"), "continue") != "restart":
            return True
    return False


def grid_skip(tr, name: str) -> int:
    """The grid columns a row leaves out before (`w:gridBefore`) or after (`w:gridAfter`) its cells."""
    trPr = tr.find(qn("w:trPr"))
    el = None if trPr is None else trPr.find(qn(name))
    return 0 if el is None else max(0, min(64, _int(el, 0)))


def _int(el, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(qn("w:val"), default))
    except (TypeError, ValueError):
        return default
