"""Checks of what the narrative says against the tables, and of the narrative against itself.

Each check is a pure function of the Report returning Findings (kind, severity, Chinese message,
the cells and quoted sentences involved). The identities themselves live in `infer`.

    >>> from ingest import parse_file
    >>> [f.kind for f in parse_file("data/reports/002_19cc13ecf0eb244d.txt").findings if f.kind == "parts_sum"]
    ['parts_sum']
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import schema
from .model import Finding, Report
from .schema import SECTION_TITLES

UNITS = "条|件|篇|个|项|期|次|场"
_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_SENT_END = "。！？；;：:」”)）"


def flowed(text: str) -> str:
    """Join the lines a PDF or Markdown conversion broke mid-sentence; keep paragraph ends."""
    out: list[str] = []
    for line in text.splitlines():
        s = line.strip()
        if not s or "\t" in s:
            if "\t" in s:
                out.append("\n" + s + "\n")
            continue
        if out and out[-1] and out[-1][-1] not in _SENT_END and not out[-1].endswith("\n"):
            out.append(s)
        else:
            out.append("\n" + s)
    return "".join(out).strip()


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。！？])|\n", text) if s.strip()]


def incomplete_finding(missing_sections: list[str], missing_tables: list[str], template: str) -> Finding:
    parts = []
    if missing_sections:
        parts.append("缺少章节：" + "、".join(SECTION_TITLES[s] for s in missing_sections))
    names = {
        "A": "表二（主动公开政府信息情况）",
        "B": "表三（收到和处理政府信息公开申请情况）",
        "C": "表四（行政复议、行政诉讼情况）",
    }
    if missing_tables:
        parts.append("未能读出统计表：" + "、".join(names[t] for t in missing_tables))
    return Finding(
        kind="incomplete",
        severity="error",
        message="报告不完整（可能是截断的网页、表格以图片形式发布或转换丢失）：" + "；".join(parts) + "。",
        cells=(),
    )


def narrative_findings(report: Report, period_year: int | None) -> list[Finding]:
    out: list[Finding] = []
    if report.year and period_year and report.year != period_year:
        out.append(
            Finding(
                kind="year_mismatch",
                severity="warning",
                message=f"标题中的年份为 {report.year} 年，而统计期限写的是 {period_year} 年。",
                values=(str(report.year), str(period_year)),
            )
        )
    out.extend(check_values(report))
    text = flowed(report.text)
    if report.cells:
        out.extend(check_applications(report, text))
        out.extend(check_penalty(report, text))
        out.extend(check_cases(report, text))
    out.extend(check_parts_sums(text))
    return out


# --- values no report could mean -----------------------------------------------------------------

_TABLE_NAMES = {"A": "表二", "B": "表三", "C": "表四"}


def check_values(report: Report) -> list[Finding]:
    """An `implausible_value` error for every printed cell no body could mean: a negative count (only
    the 2019 template's 本年增/减 may be negative), one beyond 10^9, a fraction of a count. The value is
    kept as printed; the finding names the cell so that answers using it can say so."""
    labels = schema.cell_labels()
    out: list[Finding] = []
    for key in schema.template_keys(report.template):
        cell = report.cells.get(key)
        why = schema.value_problem(key, cell.value) if cell else None
        if why is None:
            continue
        printed = format(cell.value, "f") if isinstance(cell.value, Decimal) else str(cell.value)
        out.append(
            Finding(
                kind="implausible_value",
                severity="error",
                message=(
                    f"{_TABLE_NAMES[key[0]]}“{labels.get(key, key)}”印为 {printed}，{why}；"
                    "按印出的数字保留，未作更正，请核对原表。"
                ),
                cells=(key,),
                quotes=(cell.raw[:200],) if cell.raw else (),
                values=(printed,),
            )
        )
    return out


# --- applications received ----------------------------------------------------------------------

_RECEIVED = (
    re.compile(r"(?:收到|受理|新收)[^。；，,]{0,24}?申请[^\d。；]{0,8}?(\d+)\s*件"),
    re.compile(r"(?:收到|受理)[^\d。；]{0,6}?(\d+)\s*件[^。；]{0,8}?申请"),
)
_NONE_RECEIVED = re.compile(r"(?:未收到|没有收到)[^。；\d]{0,30}?(?:政府信息公开申请|依申请公开)")
_UNNUMBERED = re.compile(r"收到[^。；\d]{0,20}?申请件")


def check_applications(report: Report, text: str) -> list[Finding]:
    new = report.value("B.new_applications.total")
    carried_in = report.value("B.carried_from_last_year.total")
    carried_out = report.value("B.carried_to_next_year.total")
    if new is None:
        return []
    out: list[Finding] = []
    for sent in sentences(text):
        if "\t" in sent or "|" in sent:
            continue
        if _UNNUMBERED.search(sent):
            if new == 0 and (carried_in or 0) == 0:
                pending = "正在办理" in sent or "结转" in sent
                msg = f"正文说收到了政府信息公开申请（“{_short(sent)}”），但表三本年新收申请为 {new} 件、上年结转为 {carried_in} 件"
                cells = ["B.new_applications.total", "B.carried_from_last_year.total"]
                if pending and carried_out == 0:
                    msg += f"；正文说该申请正在办理，表三结转下年度继续办理却为 {carried_out} 件"
                    cells.append("B.carried_to_next_year.total")
                out.append(
                    Finding(
                        kind="text_vs_table",
                        severity="error",
                        message=msg + "。",
                        cells=tuple(cells),
                        quotes=(sent,),
                        values=(str(new),),
                    )
                )
            continue
        m = next((p.search(sent) for p in _RECEIVED if p.search(sent)), None)
        if m:
            n = int(m.group(1))
            if n == new or "结转" in sent[: m.start()] or "其中" in sent[max(0, m.start() - 4) : m.start()]:
                continue
            if carried_in is not None and n == new + carried_in:
                out.append(
                    Finding(
                        kind="text_vs_table",
                        severity="warning",
                        message=(
                            f"正文说收到（受理）政府信息公开申请 {n} 件，表三本年新收为 {new} 件；"
                            f"{n} 件等于新收 {new} 件加上年结转 {carried_in} 件，正文把结转的申请也算作收到。"
                        ),
                        cells=("B.new_applications.total", "B.carried_from_last_year.total"),
                        quotes=(sent,),
                        values=(str(n), str(new), str(carried_in)),
                    )
                )
            else:
                out.append(
                    Finding(
                        kind="text_vs_table",
                        severity="error",
                        message=f"正文说收到（受理）政府信息公开申请 {n} 件，表三本年新收政府信息公开申请为 {new} 件。",
                        cells=("B.new_applications.total",),
                        quotes=(sent,),
                        values=(str(n), str(new)),
                    )
                )
            break
        if _NONE_RECEIVED.search(sent) and new > 0:
            out.append(
                Finding(
                    kind="text_vs_table",
                    severity="error",
                    message=f"正文说未收到政府信息公开申请，表三本年新收申请却为 {new} 件。",
                    cells=("B.new_applications.total",),
                    quotes=(sent,),
                    values=("0", str(new)),
                )
            )
            break
    return out


# --- penalties and cases --------------------------------------------------------------------------

_PENALTY = re.compile(r"行政处罚(?:案件|决定)?(?:共|数量|为)?(\d+)\s*(?:件|起|宗)")
_RECON = re.compile(r"行政复议(?:案件|申请)?(?:共)?(\d+)\s*(?:件|起)")
_LITIG = re.compile(r"(?:行政)?诉讼(?:案件)?(?:共)?(\d+)\s*(?:件|起)")


def check_penalty(report: Report, text: str) -> list[Finding]:
    table = report.value("A.penalty_decisions")
    if table is None:
        return []
    for sent in sentences(text):
        m = _PENALTY.search(sent)
        if m and int(m.group(1)) != table:
            n = int(m.group(1))
            return [
                Finding(
                    kind="text_vs_table",
                    severity="error",
                    message=f"正文说行政处罚 {n} 件，表二行政处罚本年处理决定数量为 {table} 件。",
                    cells=("A.penalty_decisions",),
                    quotes=(sent,),
                    values=(str(n), str(table)),
                )
            ]
    return []


def check_cases(report: Report, text: str) -> list[Finding]:
    out: list[Finding] = []
    recon = report.value("C.reconsideration.total")
    d, a = report.value("C.litigation_direct.total"), report.value("C.litigation_after_reconsideration.total")
    litig = d + a if d is not None and a is not None else None
    for sent in sentences(text):
        if "\t" in sent:
            continue
        m = _RECON.search(sent)
        if m and recon is not None and int(m.group(1)) != recon and "复议后" not in sent:
            out.append(
                Finding(
                    kind="text_vs_table",
                    severity="error",
                    message=f"正文说行政复议 {m.group(1)} 件，表四行政复议总计为 {recon} 件。",
                    cells=("C.reconsideration.total",),
                    quotes=(sent,),
                    values=(m.group(1), str(recon)),
                )
            )
            recon = None
        m = _LITIG.search(sent)
        if m and litig is not None and int(m.group(1)) != litig:
            out.append(
                Finding(
                    kind="text_vs_table",
                    severity="error",
                    message=f"正文说行政诉讼 {m.group(1)} 件，表四行政诉讼（直接起诉与复议后起诉）合计为 {litig} 件。",
                    cells=("C.litigation_direct.total", "C.litigation_after_reconsideration.total"),
                    quotes=(sent,),
                    values=(m.group(1), str(litig)),
                )
            )
            litig = None
    return out


# --- totals and their parts ----------------------------------------------------------------------

_TOTAL_BEFORE = re.compile(rf"(\d+)\s*({UNITS})[^\d]{{0,30}}$")


def check_parts_sums(text: str) -> list[Finding]:
    """A total followed by an explicit breakdown (其中 …) in the same unit whose parts do not add up."""
    out: list[Finding] = []
    seen: set[tuple[int, int]] = set()
    for m in re.finditer(r"其中", text):
        after = text[m.end() : m.end() + 3]
        if after.startswith(("包括", "：包括", ":包括")) or re.match(r"[，,:：]?\s*(包括|有)", after):
            continue
        before = text[max(0, m.start() - 120) : m.start()]
        para_start = max(before.rfind("\n"), -1)
        before = _PAREN.sub("", before[para_start + 1 :])
        tm = _TOTAL_BEFORE.search(before)
        if not tm or "约" in before[max(0, tm.start() - 2) : tm.start()]:
            continue
        total, unit = int(tm.group(1)), tm.group(2)
        in_paren = text[max(0, m.start() - 2) : m.start()].rstrip().endswith(("(", "（"))
        rest = text[m.end() : m.end() + 800]
        end = len(rest)
        for stop in (")", "）") if in_paren else ("。", "\n"):
            i = rest.find(stop)
            if i >= 0:
                end = min(end, i)
        if not in_paren:
            i = rest.find("\n")
            if i >= 0:
                end = min(end, i)
        body = _PAREN.sub("", rest[:end]).lstrip("，,:：")
        readings = [_parts(c, unit) for c in _clause_readings(body)]
        readings = [p for p in readings if p is not None and len(p) >= 2]
        if not readings:
            continue
        if any(sum(p[:k]) == total for p in readings for k in range(2, len(p) + 1)):
            continue  # one reading adds up (later clauses may be about something else)
        parts = readings[0]
        if (total, sum(parts)) in seen:
            continue
        seen.add((total, sum(parts)))
        quote = (before[tm.start() :] + "其中" + rest[:end])[:300]
        out.append(
            Finding(
                kind="parts_sum",
                severity="warning",
                message=(
                    f"正文给出的总数为 {total} {unit}，其后列出的各部分（{' + '.join(map(str, parts))}）"
                    f"相加为 {sum(parts)} {unit}，相差 {abs(total - sum(parts))} {unit}。"
                ),
                quotes=(quote,),
                values=(str(total), str(sum(parts))),
            )
        )
    out.extend(_result_breakdown(text, seen))
    return out


def _clause_readings(body: str) -> list[list[str]]:
    """Ways to cut a breakdown into parts: by semicolons (nested 包括 lists stay inside one part), by
    commas before the first semicolon, by commas throughout."""

    def commas(text: str) -> list[str]:
        out: list[str] = []
        for piece in re.split(r"[，,、]", text):
            # "政策、规范性文件类信息68条": a piece without a number belongs to the next one
            if out and not re.search(r"\d", out[-1]):
                out[-1] += "、" + piece
            else:
                out.append(piece)
        return out

    readings = []
    if re.search(r"[；;]", body):
        readings.append(re.split(r"[；;]", body))
        first = re.split(r"[；;]", body, maxsplit=1)[0]
        if "包括" not in first:
            readings.append(commas(first))
    readings.append(commas(body))
    return readings


def _parts(clauses: list[str], unit: str) -> list[int] | None:
    parts: list[int] = []
    for c in clauses:
        if not c.strip():
            continue
        pm = re.search(rf"(\d+)\s*({UNITS})", c)
        if not pm or pm.group(2) != unit:
            return None  # a part without a count, or counted in another unit (条 and 期)
        parts.append(int(pm.group(1)))
    return parts


_ANSWERED = re.compile(r"(?:(?:答复|办结|办理)[^。；\d]{0,10}?申请[^。；\d]{0,4}?|办结\s*)(\d+)\s*件")
_RESULT_PARTS = (
    r"予以公开(?:及部分公开)?[^\d。]{0,6}?(\d+)\s*件",
    r"不予公开[^\d。]{0,6}?(\d+)\s*件",
    r"无法提供[^\d。]{0,6}?(\d+)\s*件",
    r"不予处理[^\d。]{0,6}?(\d+)\s*件",
    r"其他处理[^\d。]{0,6}?(\d+)\s*件",
)


def _result_breakdown(text: str, seen: set[tuple[int, int]]) -> list[Finding]:
    """'答复申请 805 件 … 予以公开 258 件，不予公开 35 件 …': the result categories must add up."""
    out = []
    for m in _ANSWERED.finditer(text):
        window = _PAREN.sub("", text[m.end() : m.end() + 400])
        window = window.split("\n", 1)[0] if "予以公开" in window.split("\n", 1)[0] else window
        parts = []
        for p in _RESULT_PARTS:
            pm = re.search(p, window)
            if pm:
                parts.append(int(pm.group(1)))
        if len(parts) < 4:
            continue
        total = int(m.group(1))
        if sum(parts) == total or (total, sum(parts)) in seen:
            continue
        seen.add((total, sum(parts)))
        out.append(
            Finding(
                kind="parts_sum",
                severity="warning",
                message=(
                    f"正文说答复（办结）政府信息公开申请 {total} 件，其后列出的各类办理结果"
                    f"（{' + '.join(map(str, parts))}）相加为 {sum(parts)} 件，相差 {abs(total - sum(parts))} 件。"
                ),
                quotes=((text[m.start() : m.end()] + window)[:300],),
                values=(str(total), str(sum(parts))),
            )
        )
        break
    return out


def _short(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[:n] + "…"
