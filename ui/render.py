"""HTML for the web app: answers (direct sentence, interpretation chips, sources), reports (metadata,
findings in plain Chinese, the three tables) and the small pieces the tabs share.

Everything a report or a user wrote goes through `e` (html.escape) before it is put in a page; the
only markup is ours, and nothing links or loads anything outside the app.

    >>> split_answer("镇罗镇2024年行政处罚决定：103 件 [1]。\\n按：镇罗镇 · 2024年\\n- 一项")
    ('镇罗镇2024年行政处罚决定：103 件 [1]。', ['镇罗镇', '2024年'], ['- 一项'])
    >>> split_answer("据年报：发布视频33条。 [1]同时开通视频号。 [2]")
    ('据年报：发布视频33条。 [1]', [], ['同时开通视频号。 [2]'])
    >>> split_answer("据年报（总体情况）：\\n- 发布视频33条。 [1]\\n- 开通视频号。 [2]")
    ('据年报（总体情况）：发布视频33条。 [1]', [], ['- 开通视频号。 [2]'])
    >>> num(3985758), num(Decimal("24252.5")), num(None)
    ('3,985,758', '24,252.5', '未知')
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

from ingest.schema import (
    B_COLUMNS,
    B_ROWS,
    C_COLUMNS,
    C_GROUPS,
    SECTION_TITLES,
    TABLE_A,
    cell_labels,
)

e = html.escape

LEVELS = {"township": "乡镇/街道", "county": "县（区）", "city": "市", "province": "省级", "department": "部门"}
STATUS = {
    "verified": ("ok", "✓", "已核实"),
    "not_found": ("unk", "?", "未能核实"),
    "contradicted": ("bad", "✗", "与年报不符"),
}
TABLE_NAMES = {"A": "表二 主动公开", "B": "表三 依申请公开", "C": "表四 行政复议、行政诉讼"}
# a finding's kind in words a citizen reads; the code stays in the tooltip for staff
FINDING_WORDS = {
    "identity": "表内合计对不上",
    "text_vs_table": "正文与表格说法不一",
    "parts_sum": "分项相加不等于总数",
    "cell_missing": "表格有空白未印出",
    "cell_inferred": "空白处按合计关系推定",
    "year_mismatch": "年度前后不一",
    "incomplete": "报告不完整",
    "carry_over": "上年结转与本年对不上",
    "repeated_text": "与上一年文字雷同",
    "implausible_value": "数值明显异常",
    "ocr": "扫描件，文字由识别得来",
}
SEVERITY_WORDS = {"error": "问题", "warning": "提醒", "info": "说明"}


def num(v) -> str:
    """A printed value with thousands separators; None is 未知 (never 0)."""
    if v is None:
        return "未知"
    if isinstance(v, Decimal):
        v = v.normalize()
        if v == v.to_integral_value():
            v = int(v)
        else:
            return format(v, ",f")
    if isinstance(v, float):
        return f"{int(v):,}" if v.is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")
    return f"{v:,}" if isinstance(v, int) else str(v)


def short_name(r: dict) -> str:
    """A body's short name for axes and columns: its town, else the body without 人民政府."""
    if r.get("town"):
        return r["town"]
    body = r.get("body") or r.get("name") or ""
    return re.sub(r"(人民政府|办事处)$", "", body) or body


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, tabs as column bars, line breaks kept."""
    return e(text).replace("\t", " ｜ ").replace("\n", "<br>")


def report_link(rid: str, *, at: tuple[int, int] | None = None, cell: str | None = None) -> str:
    """The app's own address of a report, opened at a passage or a table cell (ids are hex, offsets
    numbers, cell keys from the schema: nothing else goes in)."""
    q = f"?report={e(rid)}"
    if at is not None:
        q += f"&amp;at={int(at[0])}-{int(at[1])}"
    elif cell and cell in cell_labels():
        q += f"&amp;cell={e(cell)}"
    return q


# --- answers -------------------------------------------------------------------------------------

_OPEN, _CLOSE = "“（(《「【", "”）)》」】"


def _first_sentence(line: str) -> tuple[str, str]:
    """Cut a line after its first sentence (and the source markers that follow it), outside quotes."""
    depth = 0
    for i, ch in enumerate(line):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in "。！？!?" and depth == 0:
            m = re.match(r"(?:\s*\[\d+\])*", line[i + 1 :])
            end = i + 1 + m.end()
            return line[:end], line[end:].strip()
    return line, ""


def split_answer(text: str) -> tuple[str, list[str], list[str]]:
    """(direct sentence, interpretation parts from the 按： line, the other lines)."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[0].endswith(("：", ":")) and lines[1].startswith("- "):
        # "据某某2024年年报：" then its points: the first point is what answers, said with its source
        lines = [lines[0] + lines[1][2:], *lines[2:]]
    direct, more = _first_sentence(lines[0])
    reading: list[str] = []
    rest = [more] if more else []
    for line in lines[1:]:
        if not reading and line.startswith("按："):
            reading = [p.strip() for p in line[2:].split(" · ") if p.strip()]
        else:
            rest.append(line)
    while rest and not rest[-1].strip():
        rest.pop()
    return direct, reading, rest


def query_chips(a) -> list[str]:
    """The interpretation when the text has no 按： line: body · year · table/section · measure."""
    q = a.query
    chips: list[str] = []
    if q is not None and q.places:
        chips.append("、".join(q.places[:3]) + ("等" if len(q.places) > 3 else ""))
    elif q is not None and q.level:
        chips.append({"township": "乡镇", "county": "县区", "city": "市", "department": "部门"}.get(q.level, q.level))
    if q is not None and q.years:
        ys = sorted(q.years)
        chips.append(f"{ys[0]}—{ys[-1]}年" if len(ys) > 2 else "、".join(f"{y}年" for y in ys))
    measures = list(q.measures) if q is not None else []
    tables = sorted({m.key[0] for m in measures if m.key[:2] in ("A.", "B.", "C.")})
    chips += [TABLE_NAMES[t] for t in tables]
    if not tables:
        sections = []
        for c in a.citations:
            title = SECTION_TITLES.get(c.section)
            if title and title not in sections:
                sections.append(title)
        chips += sections[:2]
    if measures:
        chips.append("、".join(m.label for m in measures[:4]))
    if q is not None and q.threshold:
        chips.append(q.threshold.text().strip())
    if q is not None and q.phrase:
        chips.append(f"“{q.phrase}”")
    if q is not None:
        chips += list(q.notes)
    return [c for c in chips if c]


def _is_year(m: re.Match, text: str) -> bool:
    """'2024年' or '2021—2025': a year, never a verified statistic."""
    return bool(re.fullmatch(r"(19|20)\d{2}", m.group(1))) and text[m.end() : m.end() + 1] in (
        "年",
        "—",
        "-",
        "、",
        "）",
        ")",
        "",
    )


def marked(text: str, numbers) -> str:
    """Escaped text with the verification mark on every checked statistic (never on years, phone
    numbers, document numbers or dates) and the source markers as links to the sources below."""
    from bot.verify import _NOT_STAT

    states: dict = {}
    for n in numbers:
        states.setdefault(n.value, n)
    text = e(text)

    def mark(m: re.Match) -> str:
        n = states.get(m.group(1))
        if n is None:
            return m.group(0)
        cls, sym, word = STATUS[n.status]
        tip = word + (f"（{n.cell}）" if n.cell else "") + (f"，年报为 {n.expected}" if n.expected else "")
        shown = m.group(1)
        if re.fullmatch(r"\d{5,}", shown):
            shown = f"{int(shown):,}"
        return f'<span class="num {cls}" title="{e(tip)}">{shown}<sup class="badge">{sym}</sup></span>'

    skip = [(m.start(), m.end()) for m in _NOT_STAT.finditer(text)]
    text = re.sub(
        r"(?<![\d.\[])(\d+(?:\.\d+)?)(?![\d\]])",
        lambda m: m.group(0) if any(a <= m.start() < b for a, b in skip) or _is_year(m, text) else mark(m),
        text,
    )
    return re.sub(r"\[(\d+)\]", r'<a href="#src-\1" class="marker">[\1]</a>', text)


def _rest_html(lines: list[str], numbers) -> str:
    out, items = [], []

    def flush():
        if items:
            out.append("<ul class='items'>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>")
            items.clear()

    for line in lines:
        if line.startswith("- "):
            items.append(marked(line[2:], numbers))
        else:
            flush()
            if line.strip():
                out.append(f"<p>{marked(line, numbers)}</p>")
    flush()
    return "".join(out)


def passage_html(body: str, start: int, end: int, around: int = 80) -> str:
    a0, b0 = max(0, start - around), min(len(body), end + around)
    return (
        ("…" if a0 else "")
        + text_html(body[a0:start])
        + "<mark>"
        + text_html(body[start:end])
        + "</mark>"
        + text_html(body[end:b0])
        + ("…" if b0 < len(body) else "")
    )


def source_html(c, facts, labels: dict[str, str]) -> str:
    body = facts.report_text(c.report_id)
    section = SECTION_TITLES.get(c.section, c.section)
    if c.start is not None and c.end is not None and body[c.start : c.end]:
        passage = passage_html(body, c.start, c.end)
        link = report_link(c.report_id, at=(c.start, c.end))
        where = section
    elif c.cell:
        label = labels.get(c.cell, c.cell)
        value = e(c.quote.rsplit(None, 1)[-1]) if c.quote.strip() else "—"
        raws = facts.cell_raws(c.report_id, (c.cell,))
        passage = (
            f"<table class='gk cellrow'><tr><th>{e(TABLE_NAMES.get(c.cell[0], ''))}</th>"
            f"<th>{e(label)}</th><td class='n'><mark>{value}</mark></td></tr></table>"
            f"<div class='raw'>年报原文：{text_html(raws[0] if raws else c.quote)}</div>"
        )
        link = report_link(c.report_id, cell=c.cell)
        where = f"{TABLE_NAMES.get(c.cell[0], section)} · {label}"
    else:
        passage = "<mark>" + text_html(c.quote) + "</mark>"
        link = report_link(c.report_id)
        where = section
    note = f"<div class='note'>{e(c.note)}</div>" if c.note else ""
    title = f"[{c.n}] {e(c.body)} · {c.year or '?'}年 · {e(where)}"
    return (
        f'<details class="src" id="src-{c.n}"><summary>{title}</summary>'
        f'<div class="passage">{passage}</div>{note}'
        f'<div class="open"><a href="{link}" target="_blank">在年报中打开（{e(Path(c.file).name)}）›</a></div>'
        "</details>"
    )


def render_answer(a, facts) -> str:
    """The direct sentence, large; the interpretation as chips; the rest; the sources, collapsed."""
    direct, reading, rest = split_answer(a.text)
    chips = reading or query_chips(a)
    parts = [f"<div class='gk-answer'><p class='direct'>{marked(direct, a.numbers)}</p>"]
    if chips:
        parts.append(
            "<div class='chips' title='问题是这样理解的'>"
            + "".join(f"<span class='chip'>{e(c)}</span>" for c in chips)
            + "</div>"
        )
    if rest:
        parts.append(f"<div class='rest'>{_rest_html(rest, a.numbers)}</div>")
    if a.citations:
        labels = cell_labels()
        parts.append(f"<div class='sources'><div class='sources-head'>来源（{len(a.citations)}，点开查看原文）</div>")
        parts += [source_html(c, facts, labels) for c in a.citations]
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def as_html(text: str) -> str:
    """Plain text for the chat (which renders HTML): escaped, line breaks kept."""
    return e(text).replace("\n", "<br>")


# --- findings ------------------------------------------------------------------------------------


def finding_html(f: dict) -> str:
    kind = f["kind"]
    words = FINDING_WORDS.get(kind, "其他检查")
    sev = f.get("severity", "info")
    return (
        f'<li class="finding {e(sev)}" title="{e(kind)}（{e(sev)}）">'
        f"<span class='fk'>{e(SEVERITY_WORDS.get(sev, ''))}·{e(words)}</span> {e(f['message'])}</li>"
    )


def findings_html(findings: list[dict]) -> str:
    if not findings:
        return "<p>未发现问题。</p>"
    return "<ul class='findings'>" + "".join(finding_html(f) for f in findings) + "</ul>"


# --- a report ------------------------------------------------------------------------------------


def render_report(lib, rid: str | None, focus: dict | None = None) -> str:
    """A report: metadata, findings, the three tables, the six sections. focus opens it at a passage
    ({"at": (start, end)}) or a cell ({"cell": key}), marked with id gk-hit."""
    if not rid:
        return "<p>请选择一份年报。</p>"
    r = next((x for x in lib.reports() if x["id"] == rid), None)
    if r is None:
        return "<p>这份年报已不在资料库中。</p>"
    focus = focus or {}
    cells = lib.facts.cells(rid)
    findings = lib.facts.findings(rid)
    meta = [
        ("发布机关", r["body"]),
        ("乡镇/街道", r["town"]),
        ("县（区）", r["county"]),
        ("地级市", r["city"]),
        ("层级", LEVELS.get(r["level"] or "", r["level"])),
        ("年度", r["year"]),
        ("模板", r["template"]),
        ("文件", r["name"]),
    ]
    out = [f"<h3>{e(r['body'] or r['name'])} {r['year']} 年政府信息公开工作年度报告</h3><table class='gk meta'>"]
    out += [f"<tr><th>{k}</th><td>{e(str(v)) if v not in (None, '') else '—'}</td></tr>" for k, v in meta]
    out.append("</table>")
    out.append(f"<h4>一致性检查（{len(findings)} 条）</h4>")
    out.append(findings_html(findings))
    if cells and r["template"] in TABLE_A:
        out.append(render_tables(cells, r["template"], focus.get("cell")))
    text = lib.facts.report_text(rid)
    at = focus.get("at")
    for s in lib.facts.sections(rid):
        start, end = s["start"], s["end"]
        if at and start <= at[0] < end:
            a, b = max(at[0], start), min(at[1], end)
            body = (
                text_html(text[start:a].lstrip())
                + '<mark id="gk-hit">'
                + text_html(text[a:b])
                + "</mark>"
                + text_html(text[b:end].rstrip())
            )
            opened = " open"
        else:
            body, opened = text_html(text[start:end].strip()), ""
        out.append(
            f"<details{opened}><summary><b>{e(SECTION_TITLES.get(s['key'], s['key']))}</b></summary>"
            f"<div class='section-text'>{body}</div></details>"
        )
    return "".join(out)


def _cell_html(cells: dict, key: str, hit: str | None = None) -> str:
    c = cells.get(key)
    extra = ' id="gk-hit"' if key == hit else ""
    hit_cls = " hit" if key == hit else ""
    if c is None or c["value"] is None:
        return f'<td class="n unknown{hit_cls}"{extra} title="报告未印出或无法读出">未知</td>'
    if c["inferred"]:
        return f'<td class="n inferred{hit_cls}"{extra} title="报告此处空白，由勾稽关系推定">{num(c["value"])}</td>'
    return f'<td class="n{hit_cls}"{extra}>{num(c["value"])}</td>'


def render_tables(cells: dict, template: str, hit: str | None = None) -> str:
    labels = cell_labels()
    out = ["<h4>表二 主动公开政府信息情况</h4><table class='gk stats'><tr><th>项目</th><th>数量</th></tr>"]
    for row in TABLE_A[template]:
        for k in row.cells:
            out.append(f"<tr><td>{e(labels[k])}</td>{_cell_html(cells, k, hit)}</tr>")
    out.append("</table>")
    # 表三: the five kinds of organisation sit under one group header, as the template prints them
    people, *orgs, total = B_COLUMNS
    out.append("<h4>表三 收到和处理政府信息公开申请情况</h4><div class='scroll'><table class='gk stats'>")
    out.append(
        f"<tr><th rowspan='2'>申请人情况</th><th rowspan='2'>{e(people[1])}</th>"
        f"<th colspan='{len(orgs)}'>法人或其他组织</th><th rowspan='2'>{e(total[1])}</th></tr><tr>"
        + "".join(f"<th>{e(n)}</th>" for _, n in orgs)
        + "</tr>"
    )
    for row in B_ROWS[template]:
        name = labels[f"B.{row.key}.total"].rsplit("·", 1)[0]
        out.append(
            f"<tr><td>{e(name)}</td>"
            + "".join(_cell_html(cells, f"B.{row.key}.{c}", hit) for c, _ in B_COLUMNS)
            + "</tr>"
        )
    out.append("</table></div><h4>表四 政府信息公开行政复议、行政诉讼情况</h4><table class='gk stats'><tr><th></th>")
    out += [f"<th>{e(n)}</th>" for _, n in C_COLUMNS]
    out.append("</tr>")
    for g, gl in C_GROUPS:
        out.append(
            f"<tr><td>{e(gl)}</td>" + "".join(_cell_html(cells, f"C.{g}.{c}", hit) for c, _ in C_COLUMNS) + "</tr>"
        )
    out.append("</table>")
    return "".join(out)


def report_choices(lib, text: str = "", year=None, level: str | None = None) -> list[tuple[str, str]]:
    out = []
    for r in lib.reports():
        if text and text not in (r["body"] or "") and text not in r["name"]:
            continue
        if year and str(r["year"]) != str(year):
            continue
        if level and LEVELS.get(r["level"] or "", r["level"]) != level:
            continue
        out.append((f"{r['body'] or r['name']} · {r['year']}年（{r['name']}）", r["id"]))
    return out
