"""机关: one body's reports year by year — every printed cell with the change from the year before
(↑↓), the carry-over check between consecutive years (表三 结转下年度 of one year against 上年结转 of
the next), the findings of kinds carry_over and repeated_text, and a chart per statistic.

    >>> change(120, 100), change(3, 5), change(7, 7), change(7, None)
    ('↑20', '↓2', '持平', '')
"""

from __future__ import annotations

from decimal import Decimal

import gradio as gr

from bot.understand import STAT_NAMES
from ingest.schema import cell_labels, template_keys

from .charts import line_chart
from .render import TABLE_NAMES, e, finding_html, num, report_link

ACROSS_KINDS = ("carry_over", "repeated_text")
CARRY_FROM, CARRY_TO = "B.carried_from_last_year.total", "B.carried_to_next_year.total"


def change(now, before) -> str:
    if now is None or before is None:
        return ""
    d = Decimal(str(now)) - Decimal(str(before))
    if d == 0:
        return "持平"
    return ("↑" if d > 0 else "↓") + num(abs(d))


def body_choices(lib) -> list[tuple[str, str]]:
    years: dict[str, list] = {}
    for r in lib.reports():
        if r["body"]:
            years.setdefault(r["body"], []).append(r["year"])
    return [(f"{b}（{'、'.join(str(y) for y in sorted(y for y in ys if y))}）", b) for b, ys in sorted(years.items())]


def body_data(lib, body: str) -> dict:
    reports = sorted((r for r in lib.reports() if r["body"] == body and r["year"]), key=lambda r: r["year"])
    cells = {r["id"]: lib.facts.cells(r["id"]) for r in reports}
    findings = {r["id"]: [f for f in lib.facts.findings(r["id"]) if f["kind"] in ACROSS_KINDS] for r in reports}
    return {"reports": reports, "cells": cells, "findings": findings}


def _value(d: dict, r: dict, key: str):
    c = d["cells"][r["id"]].get(key)
    return None if c is None else c["value"]


def render_body(lib, body: str | None) -> str:
    if not body:
        return "<p>请选择一个机关。</p>"
    d = body_data(lib, body)
    reports = d["reports"]
    if not reports:
        return "<p>资料库里没有这个机关的年报。</p>"
    by_year = {r["year"]: r for r in reports}
    years = [r["year"] for r in reports]
    out = [
        f"<h3>{e(body)} 历年政府信息公开年报</h3>",
        "<p class='years'>"
        + " · ".join(f"<a href='{report_link(r['id'])}' target='_blank'>{r['year']}年</a>" for r in reports)
        + f"（共 {len(reports)} 份）</p>",
    ]
    out.append(_checks_html(d, by_year, years))
    out.append(_charts_html(d, reports))
    out.append(_table_html(d, reports, by_year))
    return "".join(out)


def _checks_html(d: dict, by_year: dict, years: list[int]) -> str:
    out = ["<h4>逐年核对</h4>"]
    pairs = [(y - 1, y) for y in years if y - 1 in by_year]
    if not pairs:
        out.append("<p class='empty'>没有相邻两年的年报，无法核对上年结转。</p>")
    else:
        out.append(
            "<table class='gk carry'><tr><th>年度</th><th>上一年“结转下年度继续办理”</th>"
            "<th>本年“上年结转政府信息公开申请数量”</th><th>结果</th></tr>"
        )
        for a, b in pairs:
            before, now = _value(d, by_year[a], CARRY_TO), _value(d, by_year[b], CARRY_FROM)
            if before is None or now is None:
                verdict = "<td class='unk'>无法核对（有一年未印出）</td>"
            elif before == now:
                verdict = "<td class='ok'>一致 ✓</td>"
            else:
                verdict = (
                    f"<td class='bad'>不一致 ✗（相差 {num(abs(Decimal(str(now)) - Decimal(str(before))))} 件）</td>"
                )
            out.append(
                f"<tr><td>{a}→{b}</td><td class='n'>{num(before)}</td><td class='n'>{num(now)}</td>{verdict}</tr>"
            )
        out.append("</table>")
    found = [(r_year, f) for r_year, r in by_year.items() for f in d["findings"][r["id"]]]
    if found:
        out.append("<ul class='findings across'>")
        for y, f in sorted(found, key=lambda x: x[0]):
            out.append(
                finding_html(f).replace("<span class='fk'>", f"<span class='yr'>{y}年</span> <span class='fk'>", 1)
            )
        out.append("</ul>")
    else:
        out.append("<p>相邻年份之间没有发现结转不符或文字雷同。</p>")
    return "".join(out)


def _charts_html(d: dict, reports: list[dict]) -> str:
    """A chart per statistic that is not 0 in every year; those always 0 are named in one line."""
    xs = [str(r["year"]) for r in reports]
    out = ["<h4>主要统计项逐年变化</h4><div class='charts'>"]
    zeros = []
    for key, name in STAT_NAMES.items():
        pts = {str(r["year"]): _value(d, r, key) for r in reports}
        known = [v for v in pts.values() if v is not None]
        if not known:
            continue
        if not any(known):
            zeros.append(name)
            continue
        out.append(
            f"<div class='mini' data-key='{e(key)}'><div class='mini-title' title='{e(key)}'>{e(name)}</div>"
            + line_chart({name: pts}, xs, w=300, h=170)
            + "</div>"
        )
    out.append("</div>")
    if zeros:
        out.append(f"<p class='zeros'>各年均为 0：{e('、'.join(zeros))}。</p>")
    if len(out) == 3 and not zeros:
        return "<p class='empty'>这些年报的统计表都没有读出数值。</p>"
    return "".join(out)


def _table_html(d: dict, reports: list[dict], by_year: dict) -> str:
    """Every printed cell, one row each, a column per year; one folding block per table (表二 open)."""
    labels = cell_labels()
    keys: list[str] = []
    for t in dict.fromkeys(r["template"] for r in reports):
        keys += [k for k in template_keys(t) if k not in keys]
    keys = [k for k in keys if any(_value(d, r, k) is not None for r in reports)]
    if not keys:
        return ""
    out = ["<h4>逐年数据（每个印出的单元格；小字为比上一年的变化）</h4>"]
    head = "<tr><th>项目</th>" + "".join(f"<th>{r['year']}年</th>" for r in reports) + "</tr>"
    for table in ("A", "B", "C"):
        rows = [k for k in keys if k[0] == table]
        if not rows:
            continue
        changed = sum(1 for k in rows if any(_changed(d, r, by_year, k) for r in reports))
        opened = " open" if table == "A" else ""
        out.append(
            f"<details class='years-table'{opened}><summary><b>{e(TABLE_NAMES[table])}</b>"
            f"（{len(rows)} 项，{changed} 项有变化）</summary><div class='scroll'><table class='gk stats years'>{head}"
        )
        for k in rows:
            row = [f"<tr data-key='{e(k)}'><td>{e(labels.get(k, k))}</td>"]
            for r in reports:
                v = _value(d, r, k)
                ch = _changed(d, r, by_year, k)
                cls = "up" if ch.startswith("↑") else "down" if ch.startswith("↓") else "same"
                tip = f" title='比 {r['year'] - 1} 年{ch}'" if ch else ""
                row.append(
                    f"<td class='n'>{num(v)}" + (f" <span class='chg {cls}'{tip}>{ch}</span>" if ch else "") + "</td>"
                )
            out.append("".join(row) + "</tr>")
        out.append("</table></div></details>")
    return "".join(out)


def _changed(d: dict, r: dict, by_year: dict, key: str) -> str:
    prev = by_year.get(r["year"] - 1)
    ch = change(_value(d, r, key), _value(d, prev, key)) if prev else ""
    return "" if ch == "持平" else ch


def build(lib, lists):
    pick = gr.Dropdown(choices=[], value=None, label="机关", elem_id="body-pick")
    view = gr.HTML(render_body(lib, None), elem_id="body-view")
    pick.change(lambda b: render_body(lib, b), pick, view, api_name="body")
    lists.add(pick, lambda: gr.update(choices=body_choices(lib)))
    return pick, view
