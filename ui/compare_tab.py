"""对比: one statistic over bodies and years, as a bar or line chart (SVG, points marked), a table
and a CSV.

    >>> COMPARE_STATS["行政处罚决定"]
    ('A.penalty_decisions',)
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import gradio as gr

from bot.understand import STAT_NAMES

from .charts import bar_chart, line_chart
from .render import e, num, short_name

COMPARE_STATS = {name: (key,) for key, name in STAT_NAMES.items()}
DEFAULT_STAT = "本年新收政府信息公开申请数量"


def compare_rows(lib, stat: str, bodies: list[str], years: list) -> list[dict]:
    keys = COMPARE_STATS.get(stat)
    if not keys:
        return []
    wanted = {str(y).strip() for y in years}
    reports = [
        r for r in lib.reports() if (not bodies or r["body"] in bodies) and (not years or str(r["year"]) in wanted)
    ]
    values = lib.facts.cell_values([r["id"] for r in reports], list(keys))
    rows = [
        {
            "机关": r["body"] or r["name"],
            "简称": short_name(r),
            "年度": str(r["year"]),
            "数值": values.get((r["id"], keys[0])),
            "文件": r["name"],
        }
        for r in reports
    ]
    rows.sort(key=lambda x: (x["机关"], x["年度"]))
    return rows


def best_default(lib) -> str:
    """The statistic most reports print a non-zero value for (so the first chart is not empty)."""
    ids = [r["id"] for r in lib.reports()]
    if not ids:
        return DEFAULT_STAT
    keys = [k for ks in COMPARE_STATS.values() for k in ks]
    values = lib.facts.cell_values(ids, keys)
    counts = {name: sum(1 for i in ids if values.get((i, ks[0]))) for name, ks in COMPARE_STATS.items()}
    best = max(counts, key=lambda n: (counts[n], n == DEFAULT_STAT))
    return best if counts[best] else DEFAULT_STAT


def _names(rows: list[dict]) -> dict[str, str]:
    """body → the label on the axis: the short name, unless two bodies share it."""
    short: dict[str, set[str]] = {}
    for r in rows:
        short.setdefault(r["简称"], set()).add(r["机关"])
    return {r["机关"]: r["简称"] if len(short[r["简称"]]) == 1 else r["机关"] for r in rows}


def chart_html(rows: list[dict], stat: str, kind: str) -> str:
    known = [r for r in rows if r["数值"] is not None]
    if not known:
        return f"<p class='empty'>所选机关和年度的年报都没有印出“{e(stat)}”。</p>"
    names = _names(known)
    full = {names[r["机关"]]: r["机关"] for r in known}
    years = sorted({r["年度"] for r in known})
    if kind == "折线图":
        series: dict[str, dict] = {}
        for r in known:
            series.setdefault(names[r["机关"]], {})[r["年度"]] = r["数值"]
        svg = line_chart(series, years, full=full)
    else:
        groups = list(dict.fromkeys(names[r["机关"]] for r in known))
        svg = bar_chart(
            groups,
            [f"{y}年" for y in years],
            {(names[r["机关"]], f"{r['年度']}年"): r["数值"] for r in known},
            full=full,
        )
    return f"<div class='chart-title'>{e(stat)}</div>{svg}"


def write_csv(rows: list[dict], stat: str) -> str:
    path = Path(tempfile.mkdtemp()) / "gongkai_compare.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["统计项", "机关", "年度", "数值", "文件"])
        for r in rows:
            w.writerow([stat, r["机关"], r["年度"], "" if r["数值"] is None else str(r["数值"]), r["文件"]])
    return str(path)


def build(lib, lists) -> dict:
    with gr.Row():
        stat = gr.Dropdown(
            choices=list(COMPARE_STATS), value=DEFAULT_STAT, label="统计项", scale=2, elem_id="compare-stat"
        )
        c_bodies = gr.Dropdown(
            choices=[],
            multiselect=True,
            allow_custom_value=True,
            label="机关（不选为全部）",
            scale=2,
            elem_id="compare-bodies",
        )
        c_years = gr.Dropdown(
            choices=[],
            multiselect=True,
            allow_custom_value=True,
            label="年度（不选为全部）",
            scale=1,
            elem_id="compare-years",
        )
        kind = gr.Radio(["柱状图", "折线图"], value="柱状图", label="图表", scale=1, elem_id="compare-kind")
    go = gr.Button("生成对比", elem_id="compare-go")
    chart = gr.HTML("<p class='empty'>选好统计项后点“生成对比”。</p>", elem_id="compare-chart")
    table = gr.Dataframe(headers=["机关", "年度", "数值", "文件"], label="数据", interactive=False)
    download = gr.File(label="下载 CSV", elem_id="compare-csv")

    def compare(stat_name, bs, ys, chart_kind):
        import pandas as pd

        rows = compare_rows(lib, stat_name, bs or [], ys or [])
        df = pd.DataFrame(
            [[r["机关"], r["年度"], num(r["数值"]), r["文件"]] for r in rows], columns=["机关", "年度", "数值", "文件"]
        )
        return chart_html(rows, stat_name, chart_kind), df, write_csv(rows, stat_name)

    go.click(compare, [stat, c_bodies, c_years, kind], [chart, table, download], api_name="compare")
    kind.change(compare, [stat, c_bodies, c_years, kind], [chart, table, download], api_name=False)
    lists.bodies(c_bodies)
    lists.years(c_years)
    return {
        "stat": stat,
        "go": go,
        "compare": compare,
        "inputs": [stat, c_bodies, c_years, kind],
        "outputs": [chart, table, download],
    }
