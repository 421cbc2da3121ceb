"""The pipeline: file → lines → normalised text → metadata, sections → tables → checks → Report.

>>> from ingest import parse_file
>>> r = parse_file("data/reports/002_19cc13ecf0eb244d.txt")
>>> (r.town, r.year, r.value("C.reconsideration.total"))
('海城镇', 2022, None)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import checks, schema
from .errors import IngestError
from .infer import identity_findings, missing_findings, propagate
from .load import Line, file_format, load_path, read_report
from .metadata import read_meta
from .model import Cell, Finding, Report, Section
from .normalise import join_cjk_digits
from .ocr import ocr_notice, settle_digits
from .sections import find_sections
from .tables import read_table_a, read_table_b, read_table_c

TABLE_OF_SECTION = {"proactive_disclosure": "A", "applications": "B", "reconsideration_litigation": "C"}


def parse_file(path: str | Path, data: bytes | None = None) -> Report:
    """Parse one report file. Raises IngestError (naming the file and the reason) for unreadable input.
    `data` is the file's content when the caller has already read it (with read_report), so the
    file is read once."""
    path = Path(path)
    fmt = file_format(path)
    if data is None:
        data = read_report(path)
    lines = load_path(path, data)
    digest = hashlib.sha256(data).hexdigest()
    return parse_lines(lines, file=str(path), sha256=digest, fmt=fmt)


def parse_lines(lines: list[Line], *, file: str, sha256: str = "", fmt: str = "txt") -> Report:
    text, offsets = build_text(lines)
    if not _looks_like_report(text):
        raise IngestError(file, "不是政府信息公开工作年度报告（找不到“政府信息公开”及年度报告的标题或章节）")
    meta = read_meta(text)
    spans = find_sections(text)
    sections = tuple(Section(key=k, title=h, text=text[s:e].strip(), start=s, end=e) for k, h, s, e in spans)
    template = meta.template
    cells: dict[str, Cell] = (
        {k: Cell.model_construct(key=k) for k in schema.all_keys()} if template != "pre2019" else {}
    )
    findings: list[Finding] = []
    tables_read: set[str] = set()
    if template != "pre2019":
        for key, _h, s, e in spans:
            table = TABLE_OF_SECTION.get(key)
            if table is None:
                continue
            region = [ln for ln, (a, b) in zip(lines, offsets, strict=True) if b > s and a < e]
            sub = text[s:e]
            if table == "A":
                got, fs = read_table_a(region, sub, template, prose=text)
            elif table == "B":
                got, fs = read_table_b(region, sub, template)
            else:
                got, fs = read_table_c(region, sub)
            if got:
                tables_read.add(table)
                cells.update(got)
            findings.extend(fs)
        cells, read_by_ocr = settle_digits(lines, cells, template, tables_read)  # OCR: provenance, doubtful digits
        findings.extend(read_by_ocr)
        cells, inferred = propagate(cells, template, tables_read)
        findings.extend(inferred)
        noted = {k for f in findings if f.kind == "cell_missing" for k in f.cells}
        findings.extend(f for f in missing_findings(cells, template, tables_read) if not set(f.cells) <= noted)
        findings.extend(identity_findings(cells, template))
    missing_sections = [s for s in schema.SECTION_KEYS if s not in {x.key for x in sections}]
    missing_tables = [] if template == "pre2019" else [t for t in "ABC" if t not in tables_read]
    # a single lost heading between found sections (a PDF conversion dropped it) is not a truncation
    lost_heading = len(missing_sections) == 1 and missing_sections[0] not in (
        schema.SECTION_KEYS[0],
        schema.SECTION_KEYS[-1],
    )
    complete = not missing_tables and (not missing_sections or lost_heading)
    if not complete:
        findings.append(checks.incomplete_finding(missing_sections, missing_tables, template))
    findings.extend(ocr_notice(lines, cells))
    report = Report(
        file=file,
        sha256=sha256,
        format=fmt,
        body=meta.body,
        town=meta.town,
        county=meta.county,
        city=meta.city,
        level=meta.level,
        year=meta.year,
        template=template,
        title=meta.title,
        text=text,
        sections=sections,
        cells=cells,
        findings=tuple(findings),
        complete=complete,
    )
    extra = checks.narrative_findings(report, meta.period_year)
    return report.model_copy(update={"findings": report.findings + tuple(extra)})


def build_text(lines: list[Line]) -> tuple[str, list[tuple[int, int]]]:
    """The report's normalised text (rows as tab-joined cells) and each line's span in it."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    for line in lines:
        cells = list(line.cells)
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        t = "\t".join(cells) if len(cells) > 1 else join_cjk_digits(cells[0] if cells else "")
        offsets.append((pos, pos + len(t)))
        parts.append(t)
        pos += len(t) + 1
    return "\n".join(parts), offsets


def _looks_like_report(text: str) -> bool:
    head = text[:5000]
    return "信息公开" in head and ("报告" in head or "年报" in head) and len(text.strip()) >= 200
