"""检索 (for staff looking up precedents): every report's text, filtered by level, place, year,
section and body; two modes — ranked passages (the library's search), or every report that
mentions a phrase, found exhaustively (FactsStore.texts_containing over every report in scope,
then every occurrence in each text, not a top-k); results grouped by report with the phrase
highlighted; several reports' same section side by side; the results as CSV and XLSX.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("行政复议")
    ("'=HYPERLINK(1)", '行政复议')
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from ingest.schema import SECTION_TITLES

from .render import LEVELS, e, report_link, text_html

MODES = ("所有提到该词的年报（逐份全文查找）", "相关段落（按相关度）")
EXHAUSTIVE, RANKED = MODES
SHOW_REPORTS = 200  # reports shown on the page; the exports hold every one
SHOW_HITS = 5  # passages shown per report
AROUND = 60  # characters of context either side
ANY_SECTION = "全部章节"
SECTION_CHOICES = [ANY_SECTION, *SECTION_TITLES.values()]
SECTION_KEY = {v: k for k, v in SECTION_TITLES.items()}


@dataclass
class Hit:
    start: int
    end: int
    section: str
    context: str = ""


@dataclass
class ReportHits:
    report: dict
    hits: list[Hit] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.hits)


def scope(lib, level: str | None = None, place: str = "", years=(), bodies=()) -> list[dict]:
    """The reports the filters leave: level (Chinese label or code), a place word matched against
    body, town, county and city, years, bodies."""
    place = (place or "").strip()
    wanted_years = {str(y).strip() for y in years or ()}
    out = []
    for r in lib.reports():
        if level and level not in (r["level"], LEVELS.get(r["level"] or "")):
            continue
        if place and not any(place in (r.get(k) or "") for k in ("body", "town", "county", "city", "name")):
            continue
        if wanted_years and str(r["year"]) not in wanted_years:
            continue
        if bodies and r["body"] not in bodies:
            continue
        out.append(r)
    return out


def _section_at(sections: list[dict], at: int) -> str:
    for s in sections:
        if s["start"] <= at < s["end"]:
            return s["key"]
    return ""


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - AROUND) : end + AROUND].replace("\n", " ").replace("\t", " ")


def find_all(lib, phrase: str, reports: list[dict], section: str | None = None) -> list[ReportHits]:
    """Every report in scope whose text says the phrase, with every occurrence (in the section, when
    one is named): exhaustive, in the order of the reports."""
    phrase = phrase.strip()
    if not phrase or not reports:
        return []
    by_id = {r["id"]: r for r in reports}
    found = lib.facts.texts_containing(list(by_id), phrase)
    out = []
    for rid, _ in found:
        text = lib.facts.report_text(rid)
        sections = lib.facts.sections(rid)
        hits = []
        for m in re.finditer(re.escape(phrase), text):
            key = _section_at(sections, m.start())
            if section and key != section:
                continue
            hits.append(Hit(m.start(), m.end(), key, _context(text, m.start(), m.end())))
        if hits:
            out.append(ReportHits(by_id[rid], hits))
    out.sort(key=lambda g: (-(g.report["year"] or 0), g.report["body"] or ""))
    return out


def find_ranked(lib, query: str, reports: list[dict], section: str | None = None, k: int = 40) -> list[ReportHits]:
    """The library's best passages for the query inside the scope, grouped by report in rank order."""
    query = query.strip()
    if not query or not reports:
        return []
    ids = {r["id"] for r in reports}
    by_id = {r["id"]: r for r in reports}
    filters: dict = {}
    if len(ids) < len(lib.reports()):
        bodies = sorted({r["body"] for r in reports if r["body"]})
        if bodies:
            filters["body"] = bodies
        ys = sorted({r["year"] for r in reports if r["year"]})
        if ys:
            filters["year"] = ys
    if section:
        filters["section"] = section
    groups: dict[str, ReportHits] = {}
    for h in lib.search(query, k=k, **filters):
        if h.report_id not in ids:
            continue
        g = groups.setdefault(h.report_id, ReportHits(by_id[h.report_id]))
        g.hits.append(Hit(h.start, h.end, h.section, h.text))
    return list(groups.values())


def _terms(query: str) -> list[str]:
    """Words to highlight in a ranked passage: the query, else its words of two or more characters."""
    import jieba

    words = {w.strip() for w in jieba.cut_for_search(query) if len(w.strip()) >= 2}
    return sorted(words | {query.strip()}, key=len, reverse=True)


def highlight(text: str, terms: list[str]) -> str:
    """Escaped text with every term marked."""
    terms = [t for t in terms if t]
    if not terms:
        return text_html(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms))
    out, at = [], 0
    for m in pattern.finditer(text):
        out.append(text_html(text[at : m.start()]) + "<mark>" + text_html(m.group(0)) + "</mark>")
        at = m.end()
    out.append(text_html(text[at:]))
    return "".join(out)


def label(r: dict) -> str:
    return f"{r['body'] or r['name']} · {r['year']}年"


def results_html(groups: list[ReportHits], query: str, mode: str, searched: int) -> str:
    if not query.strip():
        return "<p class='empty'>请输入要查找的词语。</p>"
    if not groups:
        return f"<p class='empty'>在 {searched} 份年报中没有找到“{e(query)}”。</p>"
    terms = [query.strip()] if mode == EXHAUSTIVE else _terms(query)
    total = sum(g.count for g in groups)
    years = Counter(g.report["year"] for g in groups)
    if mode == EXHAUSTIVE:
        head = (
            f"<p class='summary'>共 <b>{len(groups)}</b> 份年报提到“{e(query)}”，共 <b>{total}</b> 处"
            f"（逐份全文查找，共查 {searched} 份年报）。</p>"
        )
    else:
        head = f"<p class='summary'>{len(groups)} 份年报中最相关的 {total} 段（共查 {searched} 份年报）。</p>"
    head += (
        "<p class='counts'>"
        + " · ".join(f"{y or '年度不明'}年 {n} 份" for y, n in sorted(years.items(), key=lambda x: -(x[0] or 0)))
        + "</p>"
    )
    out = [head]
    for g in groups[:SHOW_REPORTS]:
        r = g.report
        out.append(
            f"<div class='hitgroup'><div class='hitgroup-head'><b>{e(label(r))}</b>"
            f"<span class='cnt'>{g.count} 处</span><span class='file'>{e(r['name'])}</span></div><ol>"
        )
        for h in g.hits[:SHOW_HITS]:
            sec = SECTION_TITLES.get(h.section, "")
            out.append(
                f"<li><span class='sec'>{e(sec)}</span> …{highlight(h.context, terms)}… "
                f"<a href='{report_link(r['id'], at=(h.start, h.end))}' target='_blank'>原文</a></li>"
            )
        out.append("</ol>")
        if g.count > SHOW_HITS:
            out.append(f"<p class='more'>还有 {g.count - SHOW_HITS} 处（见导出文件）</p>")
        out.append("</div>")
    if len(groups) > SHOW_REPORTS:
        out.append(f"<p class='more'>只显示前 {SHOW_REPORTS} 份；导出文件包含全部 {len(groups)} 份。</p>")
    return "".join(out)


# --- side by side ---------------------------------------------------------------------------------


def side_by_side(lib, ids: list[str], section: str, phrase: str = "") -> str:
    """The same section of several reports, one column each."""
    if not ids:
        return "<p class='empty'>请先选择要并排阅读的年报（可多选）。</p>"
    key = SECTION_KEY.get(section, section)
    reports = {r["id"]: r for r in lib.reports()}
    cols = []
    for rid in ids:
        r = reports.get(rid)
        if r is None:
            continue
        text = lib.facts.report_text(rid)
        part = next((s for s in lib.facts.sections(rid) if s["key"] == key), None)
        if part is None:
            body = "<p class='empty'>这份年报没有这一部分。</p>"
        else:
            body = highlight(text[part["start"] : part["end"]].strip(), [phrase.strip()] if phrase.strip() else [])
        cols.append(
            f"<div class='side-col'><div class='side-head'><b>{e(label(r))}</b>"
            f"<a href='{report_link(rid)}' target='_blank'>全文</a></div><div class='side-body'>{body}</div></div>"
        )
    return f"<div class='side-title'>{e(SECTION_TITLES.get(key, section))}</div><div class='side'>{''.join(cols)}</div>"


# --- export ---------------------------------------------------------------------------------------

HEADER = ["机关", "乡镇/街道", "县（区）", "地级市", "层级", "年度", "该年报命中数", "章节", "位置", "上下文", "文件"]


def safe_cell(v):
    """A report's text never becomes a spreadsheet formula."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def export_rows(groups: list[ReportHits]) -> list[list]:
    rows = []
    for g in groups:
        r = g.report
        for h in g.hits:
            rows.append(
                [
                    r["body"] or "",
                    r["town"] or "",
                    r["county"] or "",
                    r["city"] or "",
                    LEVELS.get(r["level"] or "", r["level"] or ""),
                    r["year"] or "",
                    g.count,
                    SECTION_TITLES.get(h.section, ""),
                    h.start,
                    h.context,
                    r["name"],
                ]
            )
    return rows


def write_exports(groups: list[ReportHits], query: str) -> list[str]:
    from openpyxl import Workbook

    folder = Path(tempfile.mkdtemp())
    stem = "gongkai_检索_" + (re.sub(r"[^\w\u4e00-\u9fff]+", "_", query.strip())[:20] or "结果")
    rows = [[safe_cell(v) for v in row] for row in export_rows(groups)]
    csv_path = folder / f"{stem}.csv"
    with open(csv_path, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)
    wb = Workbook()
    ws = wb.active
    ws.title = "检索结果"
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    for col, width in zip("ABCDEFGHIJK", (28, 10, 10, 10, 8, 6, 8, 22, 8, 80, 28), strict=True):
        ws.column_dimensions[col].width = width
    xlsx_path = folder / f"{stem}.xlsx"
    wb.save(xlsx_path)
    return [str(csv_path), str(xlsx_path)]


# --- the tab --------------------------------------------------------------------------------------


def run_search(lib, query, mode, level, place, years, section, bodies):
    reports = scope(lib, level, place or "", years or [], bodies or [])
    sec = SECTION_KEY.get(section) if section and section != ANY_SECTION else None
    finder = find_all if mode == EXHAUSTIVE else find_ranked
    groups = finder(lib, query or "", reports, sec)
    return reports, groups


def build(lib, lists) -> None:
    with gr.Row():
        query = gr.Textbox(
            label="查找", placeholder="例如：依申请公开、存在的主要问题、政务新媒体", scale=3, elem_id="search-q"
        )
        mode = gr.Radio(list(MODES), value=EXHAUSTIVE, label="方式", scale=2, elem_id="search-mode")
    with gr.Row():
        level = gr.Dropdown(choices=list(LEVELS.values()), value=None, label="层级", scale=1, elem_id="search-level")
        place = gr.Textbox(label="地区（县、市或乡镇名）", scale=1, elem_id="search-place")
        years = gr.Dropdown(choices=[], multiselect=True, label="年度", scale=1, elem_id="search-years")
        section = gr.Dropdown(
            choices=SECTION_CHOICES, value=ANY_SECTION, label="章节", scale=1, elem_id="search-section"
        )
        bodies = gr.Dropdown(choices=[], multiselect=True, label="机关", scale=2, elem_id="search-bodies")
    go = gr.Button("检索", variant="primary", elem_id="search-go")
    results = gr.HTML("<p class='empty'>输入词语后点“检索”。</p>", elem_id="search-results")
    exports = gr.File(label="导出结果（CSV、XLSX）", file_count="multiple", elem_id="search-export")
    gr.Markdown("#### 并排阅读：选几份年报，对照同一部分怎么写")
    with gr.Row():
        pick = gr.Dropdown(choices=[], multiselect=True, label="年报（可多选）", scale=3, elem_id="side-pick")
        side_section = gr.Dropdown(
            choices=list(SECTION_TITLES.values()),
            value=SECTION_TITLES["problems_and_improvements"],
            label="章节",
            scale=2,
            elem_id="side-section",
        )
        side_go = gr.Button("并排阅读", scale=1, elem_id="side-go")
    side = gr.HTML("", elem_id="side-view")

    def search(q, m, lv, pl, ys, sec, bs):
        reports, groups = run_search(lib, q, m, lv, pl, ys, sec, bs)
        found = [g.report for g in groups] or reports
        choices = [(label(r), r["id"]) for r in found]
        files = write_exports(groups, q or "") if groups else None
        return (
            results_html(groups, q or "", m, len(reports)),
            files,
            gr.update(choices=choices, value=[c[1] for c in choices[:3]]),
        )

    inputs = [query, mode, level, place, years, section, bodies]
    go.click(search, inputs, [results, exports, pick], api_name="search")
    query.submit(search, inputs, [results, exports, pick], api_name=False)
    side_go.click(
        lambda ids, s, q: side_by_side(lib, ids or [], s, q or ""),
        [pick, side_section, query],
        side,
        api_name="side_by_side",
    )
    lists.years(years)
    lists.bodies(bodies)
