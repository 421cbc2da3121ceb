"""Chunks of a report for search: section-aware (never across sections), sentence-aligned, with a
title prefix in the embedded text, plus every printed table row rendered as a Chinese sentence.

    >>> from ingest import parse_file
    >>> chunks = chunk_report(parse_file("data/reports/004_9c54c256ccc794aa.txt"))
    >>> any(c.text == "镇罗镇2024年行政处罚本年处理决定数量为103件" for c in chunks)
    True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from ingest import Report
from ingest.schema import B_COLUMNS, B_ROWS, C_COLUMNS, C_GROUPS, SECTION_TITLES, TABLE_A, cell_labels

MAX_CHARS = 320
_SENT = re.compile(r"[^。！？；\n]*[。！？；]|[^。！？；\n]+")


@dataclass(frozen=True)
class Chunk:
    id: str
    report_id: str
    file: str
    body: str
    town: str
    county: str
    year: int
    section: str  # section key; table rows carry their table's section
    kind: str  # "text" or "table"
    start: int  # offsets into Report.text ("table" chunks: the section's span)
    end: int
    text: str  # what is shown and quoted
    embed_text: str  # what the lexical index reads: title prefix (body, year, section) + text
    dense_text: str = ""  # what is embedded for dense search (see dense_text)
    # a table row: its vector is the sum of these parts' vectors (see row_parts), each embedded once
    dense_parts: tuple[str, ...] = ()

    def metadata(self) -> dict:
        return {
            "report_id": self.report_id,
            "file": self.file,
            "body": self.body,
            "town": self.town,
            "county": self.county,
            "year": self.year,
            "section": self.section,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
        }


def dense_text(body: str | None, section: str, text: str) -> str:
    """A passage as the embeddings model reads it: the body and section title, then the text. No year:
    a paragraph a body prints again the next year is the same text, embedded once (the embeddings
    cache); a year filter picks the year's vectors anyway.

    >>> dense_text("镇罗镇人民政府", "problems_and_improvements", "加强培训。")
    '镇罗镇人民政府 存在的主要问题及改进情况：加强培训。'
    """
    return f"{body or ''} {SECTION_TITLES[section]}：{text}"


def report_id(report: Report) -> str:
    return report.sha256[:16] if report.sha256 else hashlib.sha256(report.text.encode()).hexdigest()[:16]


def short_name(report: Report) -> str:
    return report.town or report.body or "本机关"


def chunk_report(report: Report) -> list[Chunk]:
    rid = report_id(report)
    out: list[Chunk] = []
    prefix_of = {s.key: f"{report.body or ''} {report.year or ''}年 {SECTION_TITLES[s.key]}：" for s in report.sections}
    # the preamble before section 一 (where the report says how to contact the body) counts as the overview
    first = min((s.start for s in report.sections), default=len(report.text))
    spans = [("overview", 0, first)] if first > 0 else []
    prefix_of.setdefault("overview", f"{report.body or ''} {report.year or ''}年 {SECTION_TITLES['overview']}：")
    for key, a, b in [*spans, *((s.key, s.start, s.end) for s in report.sections)]:
        for start, end in _spans(report.text, a, b):
            text = report.text[start:end].strip()
            if len(text) < 4 or ("\t" in text and not re.search(r"[。，]", text)):
                continue  # table rows are indexed below as sentences
            dense = dense_text(report.body, key, text)
            out.append(_chunk(report, rid, key, "text", start, end, text, prefix_of[key] + text, len(out), dense))
    # printed table rows as sentences (embedded unless GONGKAI_DENSE_TABLES=0: then lexical only)
    for section, text in table_sentences(report):
        sec = report.section(section)
        s, e = (sec.start, sec.end) if sec else (0, 0)
        chunk = _chunk(report, rid, section, "table", s, e, text, text, len(out))
        out.append(replace(chunk, dense_parts=row_parts(f"{short_name(report)}{report.year}年", text)))
    return out


def row_parts(who: str, sentence: str) -> tuple[str, str]:
    """A table row for the embeddings model as two parts whose vectors are summed: who and which
    year, and what the row counts, without its numbers. The numbers are for the facts store and the
    lexical index (to a dense vector they are noise); the row's meaning is the same text in every
    report, so it is embedded once for a whole library, and each report adds one short text for all
    its rows. Measured (bench/index_bench.py): 0.43× the tokens of embedding each row's sentence, and
    hybrid recall on the eval questions unchanged or better (see README).

    >>> row_parts("镇罗镇2024年", "镇罗镇2024年行政处罚本年处理决定数量为103件")
    ('镇罗镇2024年', '行政处罚本年处理决定数量')
    >>> row_parts("镇罗镇2024年", "镇罗镇2024年政府信息公开申请“予以公开”总计为12件（自然人12件）")
    ('镇罗镇2024年', '政府信息公开申请“予以公开”总计')
    """
    t = re.sub(r"（[^）]*）", "", sentence)
    t = re.sub(r"为?(?:\d+(?:\.\d+)?|未知)(?:万元|元|件|个)?(?=，|$)", "", t).rstrip("为")
    return who, t[len(who) :] if t.startswith(who) else t


def _chunk(report, rid, section, kind, start, end, text, embed, n, dense="") -> Chunk:
    return Chunk(
        id=f"{rid}-{n:04d}",
        report_id=rid,
        file=report.file,
        body=report.body or "",
        town=report.town or "",
        county=report.county or "",
        year=report.year or 0,
        section=section,
        kind=kind,
        start=start,
        end=end,
        text=text,
        embed_text=embed,
        dense_text=dense,
    )


def _spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence-aligned spans of at most MAX_CHARS inside [start, end) (a longer sentence stands alone)."""
    spans: list[tuple[int, int]] = []
    cur_s = cur_e = None
    for m in _SENT.finditer(text, start, end):
        s, e = m.start(), m.end()
        if not text[s:e].strip():
            continue
        if "\n" in text[cur_e or s : s] and cur_s is not None and cur_e - cur_s > MAX_CHARS // 2:
            spans.append((cur_s, cur_e))
            cur_s = None
        if cur_s is None:
            cur_s, cur_e = s, e
        elif e - cur_s <= MAX_CHARS:
            cur_e = e
        else:
            spans.append((cur_s, cur_e))
            cur_s, cur_e = s, e
    if cur_s is not None:
        spans.append((cur_s, cur_e))
    return spans


def _fmt(v) -> str:
    return format(v.normalize(), "f") if hasattr(v, "normalize") else str(v)


def table_sentences(report: Report) -> list[tuple[str, str]]:
    """(section, sentence) for each printed table row: '镇罗镇2024年行政处罚本年处理决定数量为103件'."""
    if not report.cells or report.template not in TABLE_A:
        return []
    who = f"{short_name(report)}{report.year}年"
    labels = cell_labels()
    out: list[tuple[str, str]] = []
    for row in TABLE_A[report.template]:
        parts = []
        for k in row.cells:
            v = report.value(k)
            if v is None:
                continue
            name = labels[k].split("·", 1)[1]
            unit = "万元" if k == "A.fees_10k_yuan" else ("元" if k == "A.procurement_amount_yuan" else "件")
            name = name.replace("（万元）", "").replace("（元）", "")
            parts.append(f"{name}为{_fmt(v)}{unit}")
        if parts:
            out.append(("proactive_disclosure", f"{who}{row.labels[0]}{'，'.join(parts)}"))
    zero_rows = []
    for row in B_ROWS[report.template]:
        vals = [(name, report.value(f"B.{row.key}.{c}")) for c, name in B_COLUMNS]
        if all(v is None for _, v in vals):
            continue
        label = labels[f"B.{row.key}.total"].rsplit("·", 1)[0]
        total = report.value(f"B.{row.key}.total")
        if all(v == 0 for _, v in vals):
            zero_rows.append(label)  # one sentence for all the rows that print only zeros
            continue
        detail = "，".join(f"{n}{v}件" for n, v in vals[:-1] if v)
        head = f"{who}政府信息公开申请“{label}”总计为{'未知' if total is None else f'{total}件'}"
        out.append(("applications", head + (f"（{detail}）" if detail else "")))
    if zero_rows:
        out.append(("applications", f"{who}政府信息公开申请以下各项均为0件：{'、'.join(zero_rows)}"))
    for g, gl in C_GROUPS:
        vals = [(name, report.value(f"C.{g}.{c}")) for c, name in C_COLUMNS]
        if all(v is None for _, v in vals):
            continue
        total = vals[-1][1]
        detail = "，".join(f"{n}{v}件" for n, v in vals[:-1] if v is not None)
        out.append(
            (
                "reconsideration_litigation",
                f"{who}{gl}总计{'未知' if total is None else f'{total}件'}（{detail}）",
            )
        )
    return out
