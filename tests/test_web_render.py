"""The web app's pieces without a browser: answers split into the direct sentence, chips and the rest;
charts; the 检索 tab's exhaustive search and exports; a body's years; the addresses sources open."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.model import Answer, Citation, NumberCheck
from ui import body_page, search_tab
from ui.charts import bar_chart, line_chart, nice_ticks
from ui.compare_tab import chart_html, compare_rows
from ui.render import FINDING_WORDS, findings_html, num, render_answer, split_answer
from ui.web import parse_focus

from .conftest import SEEDS


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    from vectorstore import Library
    from vectorstore.settings import Settings

    d = tmp_path_factory.mktemp("render")
    src = (SEEDS / "004_9c54c256ccc794aa.txt").read_text(encoding="utf-8")
    older = d / "镇罗镇2023.txt"
    older.write_text(src.replace("2024", "2023").replace("行政处罚\t103", "行政处罚\t90"), encoding="utf-8")
    lib = Library(Settings(data_dir=d / "lib", embeddings="none"))
    lib.ingest([*sorted(SEEDS.glob("*.txt")), older])
    yield lib
    lib.close()


def test_table_answer_direct_sentence_chips_and_items():
    text = "淮安市人民政府2024年行政复议·结果纠正：3 件 [1]。\n按：淮安市人民政府 · 2024年 · 表四 行政复议、行政诉讼 · 行政复议·结果纠正\n- 另一项：5 件 [2]"
    direct, chips, rest = split_answer(text)
    assert direct == "淮安市人民政府2024年行政复议·结果纠正：3 件 [1]。"
    assert chips == ["淮安市人民政府", "2024年", "表四 行政复议、行政诉讼", "行政复议·结果纠正"]
    assert rest == ["- 另一项：5 件 [2]"]


def test_a_sentence_is_not_cut_inside_a_quote():
    direct, _, rest = split_answer("据年报：正文说“收到申请。正在办理。”但表三为 0 件。 [1]其后一句。")
    assert direct == "据年报：正文说“收到申请。正在办理。”但表三为 0 件。 [1]"
    assert rest == ["其后一句。"]


def test_report_text_in_an_answer_stays_text(lib):
    rid = lib.reports()[0]["id"]
    body = lib.facts.report_text(rid)
    c = Citation(1, rid, "x.txt", "某镇<b>", 2024, "overview", "<script>alert(1)</script>", 0, min(20, len(body)))
    a = Answer(
        "q", "narrative", "据年报：<img src=x onerror=alert(1)> 共 12 条。 [1]", (c,), (NumberCheck("12", "verified"),)
    )
    html = render_answer(a, lib.facts)
    assert "<img" not in html and "&lt;img src=x" in html and "<script" not in html and "某镇&lt;b&gt;" in html
    assert re.search(r'class="num ok"[^>]*>12<', html)
    assert '<details class="src" id="src-1">' in html  # collapsed


def test_years_and_phone_numbers_never_get_marks(lib):
    a = Answer(
        "q",
        "lookup",
        "2024年共 2024 件，电话 0955-7619055。",
        (),
        (NumberCheck("2024", "verified"), NumberCheck("0955", "verified")),
    )
    html = render_answer(a, lib.facts)
    assert html.count('class="num') == 1 and "0955-7619055" in html


def test_charts_mark_every_point_and_never_draw_a_zero_axis():
    svg = line_chart({"甲镇": {"2024": 5}, "乙镇": {"2024": 7}, "丙镇": {"2023": 1, "2024": 2}}, ["2023", "2024"])
    assert svg.count('class="pt"') == 4 and svg.count("<polyline") == 1
    flat = bar_chart(["甲镇", "乙镇"], ["2024年"], {("甲镇", "2024年"): 0, ("乙镇", "2024年"): 0})
    assert "0.000000" not in flat and ">1<" in flat  # an axis from 0 to 1
    big = line_chart({"市": {"2024": 3985758}}, ["2024"])
    assert "3,985,758" in big
    assert nice_ticks(103)[-1] >= 103 and all(float(t).is_integer() for t in nice_ticks(7))
    assert num(1234567) == "1,234,567" and num(None) == "未知"


def test_long_names_are_short_on_the_axis(lib):
    rows = compare_rows(lib, "行政处罚决定", [], ["2024"])
    html = chart_html(rows, "行政处罚决定", "柱状图")
    labels = re.findall(r'class="tick"><title>([^<]+)</title>([^<]+)</text>', html)
    assert ("中卫市沙坡头区镇罗镇人民政府", "镇罗镇") in labels
    assert "没有印出" in chart_html([], "行政处罚决定", "折线图")


def test_exhaustive_search_finds_every_report_and_occurrence(lib):
    ids = [r["id"] for r in lib.reports()]
    phrase = "公示栏"
    expected = {rid for rid, _ in lib.facts.texts_containing(ids, phrase)}
    groups = search_tab.find_all(lib, phrase, lib.reports())
    assert {g.report["id"] for g in groups} == expected
    assert sum(g.count for g in groups) == sum(lib.facts.report_text(r).count(phrase) for r in expected)
    only = search_tab.find_all(lib, phrase, lib.reports(), section="problems_and_improvements")
    assert all(h.section == "problems_and_improvements" for g in only for h in g.hits)
    scoped = search_tab.scope(lib, level="乡镇/街道", place="海原县", years=["2024"])
    assert [r["body"] for r in scoped] == ["海原县七营镇人民政府"]
    html = search_tab.results_html(groups, phrase, search_tab.EXHAUSTIVE, len(ids))
    assert f"共 <b>{len(expected)}</b> 份年报提到" in html


def test_exports_never_hold_formulas(lib, tmp_path):
    from openpyxl import load_workbook

    r = lib.reports()[0]
    groups = [search_tab.ReportHits(r, [search_tab.Hit(0, 3, "overview", '=HYPERLINK("http://x")')])]
    csv_path, xlsx_path = search_tab.write_exports(groups, "x")
    assert "'=HYPERLINK" in Path(csv_path).read_text(encoding="utf-8-sig")
    cell = load_workbook(xlsx_path).active["J2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_side_by_side_shows_each_reports_section(lib):
    ids = [r["id"] for r in lib.reports()[:2]]
    html = search_tab.side_by_side(lib, ids, "存在的主要问题及改进情况", "问题")
    assert html.count("class='side-col'") == 2 and "<mark>问题</mark>" in html


def test_a_bodys_years(lib):
    html = body_page.render_body(lib, "中卫市沙坡头区镇罗镇人民政府")
    assert "2023年" in html and "2024年" in html and "↑13" in html
    assert "一致 ✓" in html  # 结转: 0 and 0
    assert FINDING_WORDS["repeated_text"] in html
    assert body_page.render_body(lib, None) == "<p>请选择一个机关。</p>"


def test_findings_in_words_with_the_code_as_tooltip():
    html = findings_html([{"kind": "cell_inferred", "severity": "info", "message": "<推定>"}])
    assert "空白处按合计关系推定" in html and 'title="cell_inferred（info）"' in html and "&lt;推定&gt;" in html


def test_addresses_a_source_opens(lib):
    rid = lib.reports()[0]["id"]
    assert parse_focus({"report": rid, "at": "5-9"}, lib) == {"rid": rid, "at": (5, 9)}
    assert parse_focus({"report": rid, "cell": "A.penalty_decisions"}, lib)["cell"] == "A.penalty_decisions"
    assert parse_focus({"report": rid, "cell": "<x>", "at": "9-5"}, lib) == {"rid": rid}
    assert parse_focus({"report": "../etc"}, lib) is None and parse_focus({"report": "ffffffffffff"}, lib) is None
