"""The web app as citizens and staff use it (issue 13), in headless Chromium against the real
`gongkai serve`: the direct sentence and the interpretation chips, a source opening the report at the
passage or cell, feedback for an empty question, the 检索 tab's exhaustive mode, exports and side by
side view, a body's years, the line chart with one point per body, an upload that shows up in every
list without a restart, and a phone-width page. Screenshots go to artifacts/.

The library: the five seeds and a 2023 report of 镇罗镇 made from its 2024 one (行政处罚 90, not 103;
结转下年度 2, which 2024's 上年结转 0 contradicts; the same text, so repeated_text fires).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, CHROMIUM, ROOT, SEEDS, free_port, wait_for_http

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make test installs it)"
    ),
]
ENV = dict(os.environ, PYTHONPATH=str(ROOT), GONGKAI_EMBEDDINGS="none")
ZHENLUO = "中卫市沙坡头区镇罗镇人民政府"


def zhenluo_2023(folder: Path) -> Path:
    src = (SEEDS / "004_9c54c256ccc794aa.txt").read_text(encoding="utf-8")
    carry = "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\t"
    assert carry in src and "行政处罚\t103" in src
    src = src.replace("2024", "2023").replace("行政处罚\t103", "行政处罚\t90")
    src = src.replace(carry, "四、结转下年度继续办理\t\t2\t0\t0\t0\t0\t0\t2\t")
    path = folder / "镇罗镇2023.txt"
    path.write_text(src, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    d = tmp_path_factory.mktemp("pages")
    lib = d / "lib"
    files = [*sorted(SEEDS.glob("*.txt")), zhenluo_2023(d)]
    p = subprocess.run(
        [sys.executable, "-m", "ui.cli", "--data-dir", str(lib), "ingest", *map(str, files)],
        env=ENV,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert p.returncode == 0, p.stderr
    return {"dir": lib, "tmp": d}


@pytest.fixture(scope="module")
def server(data):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "--data-dir", str(data["dir"]), "serve", "--port", str(port)],
        env=ENV,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    wait_for_http(url, proc)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def open_page(browser, url: str, width: int = 1280, height: int = 1000, **kw):
    ARTIFACTS.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", **kw)
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=60000)
    return page


@pytest.fixture
def page(browser, server):
    page = open_page(browser, server)
    yield page
    page.context.close()


def ask(page, question: str, n: int = 1):
    page.fill("#question textarea", question)
    page.click("#ask")
    page.wait_for_function(f"document.querySelectorAll('#chatbot .gk-answer').length >= {n}", timeout=60000)
    return page.locator("#chatbot .gk-answer").nth(n - 1)


def choose(page, elem_id: str, text: str):
    page.click(f"#{elem_id} input")
    page.get_by_role("option").filter(has_text=text).first.click(timeout=15000)


def options(page, elem_id: str, wait_for: str | None = None) -> list[str]:
    """The choices a dropdown offers now (optionally waiting for one), closed again."""
    page.click(f"#{elem_id} input")
    if wait_for:
        page.get_by_role("option").filter(has_text=wait_for).first.wait_for(timeout=30000)
    else:
        page.get_by_role("option").first.wait_for(timeout=30000)
    found = [o.inner_text() for o in page.get_by_role("option").all()]
    page.keyboard.press("Escape")
    page.locator("#masthead").click()
    return found


def test_direct_sentence_chips_and_a_source_opening_the_report(page):
    answer = ask(page, "镇罗镇2024年作出了多少件行政处罚决定？")
    direct = answer.locator(".direct")
    assert direct.inner_text().startswith(f"{ZHENLUO}2024年行政处罚决定：103")
    size = lambda sel: float(answer.locator(sel).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))  # noqa: E731
    assert size(".direct") > size(".chip") * 1.3  # the sentence large, the chips small
    chips = [c.inner_text() for c in answer.locator(".chip").all()]
    assert chips == [ZHENLUO, "2024年", "表二 主动公开", "行政处罚决定"], chips
    assert answer.locator("details.src[open]").count() == 0  # sources collapsed
    answer.locator("details.src summary").first.click()
    assert "103" in answer.locator("details.src mark").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "web_answer.png"), full_page=True)
    # the source opens the report at the cell, highlighted
    link = answer.locator("details.src .open a").first
    assert "cell=A.penalty_decisions" in link.get_attribute("href")
    with page.context.expect_page() as new:
        link.click()
    report = new.value
    hit = report.wait_for_selector("#report-view #gk-hit", timeout=60000)
    assert hit.inner_text().strip() == "103" and hit.is_visible()
    report.close()


def test_a_narrative_source_opens_the_report_at_the_passage(page):
    answer = ask(page, "七营镇的微信视频号叫什么名字？发布了多少条视频？")
    assert "驼鸣古道商贸七营" in answer.locator(".direct").inner_text()
    assert "海原县七营镇人民政府" in [c.inner_text() for c in answer.locator(".chip").all()]
    quote = answer.locator("details.src").first
    quote.locator("summary").click()
    marked = quote.locator("mark").inner_text()
    with page.context.expect_page() as new:
        quote.locator(".open a").click()
    report = new.value
    hit = report.wait_for_selector("#report-view details[open] mark#gk-hit", timeout=60000)
    assert hit.inner_text() == marked
    report.wait_for_function(
        "(() => { const r = document.getElementById('gk-hit').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; })()",
        timeout=20000,
    )
    report.screenshot(path=str(ARTIFACTS / "web_source_opened.png"))
    report.close()


def test_an_empty_question_says_what_to_do(page):
    page.click("#ask")
    toast = page.get_by_text("请先输入问题").first
    toast.wait_for(timeout=20000)
    assert page.locator("#chatbot .gk-answer").count() == 0


def test_search_every_report_that_mentions_and_exports(page, data):
    from openpyxl import load_workbook

    from vectorstore import Library
    from vectorstore.settings import Settings

    phrase = "公示栏"
    lib = Library(Settings(data_dir=data["dir"], embeddings="none"))
    try:
        ids = [r["id"] for r in lib.reports()]
        expected = {rid for rid, _ in lib.facts.texts_containing(ids, phrase)}
        occurrences = sum(lib.facts.report_text(rid).count(phrase) for rid in expected)
    finally:
        lib.close()
    assert 2 <= len(expected) < len(ids)
    page.get_by_role("tab", name="检索").click()
    page.fill("#search-q textarea", phrase)
    page.click("#search-go")
    summary = page.wait_for_selector("#search-results .summary", timeout=60000)
    assert f"共 {len(expected)} 份年报提到“{phrase}”，共 {occurrences} 处" in summary.inner_text()
    assert f"共查 {len(ids)} 份年报" in summary.inner_text()
    groups = page.locator("#search-results .hitgroup")
    assert groups.count() == len(expected)
    assert all(m.inner_text() == phrase for m in page.locator("#search-results mark").all())
    page.screenshot(path=str(ARTIFACTS / "web_search.png"), full_page=True)
    # the exports: CSV and XLSX, one row per occurrence
    links = page.locator("#search-export a")
    links.first.wait_for(timeout=30000)
    hrefs = [a.get_attribute("href") or "" for a in links.all()]
    assert any(h.endswith(".csv") for h in hrefs) and any(h.endswith(".xlsx") for h in hrefs), hrefs
    with page.expect_download() as dl:
        page.locator("#search-export a[href$='.xlsx']").first.click()
    path = data["tmp"] / "export.xlsx"
    dl.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "机关" and len(rows) - 1 == occurrences
    # a filter: only 2023
    choose(page, "search-years", "2023")
    page.click("#search-go")
    page.wait_for_function("document.querySelectorAll('#search-results .hitgroup').length === 1", timeout=60000)
    assert "2023年" in page.inner_text("#search-results .hitgroup")


def test_side_by_side_reads_the_same_section(page):
    page.get_by_role("tab", name="检索").click()
    page.fill("#search-q textarea", "政府信息公开")
    page.click("#search-go")
    page.wait_for_selector("#search-results .summary", timeout=60000)
    page.click("#side-go")
    cols = page.locator("#side-view .side-col")
    cols.first.wait_for(timeout=30000)
    assert cols.count() == 3  # the first three results are picked
    assert "存在的主要问题及改进情况" in page.inner_text("#side-view .side-title")
    heads = [c.locator(".side-head").inner_text() for c in cols.all()]
    assert len(set(heads)) == 3
    for c in cols.all():
        assert len(c.locator(".side-body").inner_text()) > 20
    page.screenshot(path=str(ARTIFACTS / "web_side_by_side.png"), full_page=True)


def test_a_bodys_years(page):
    page.get_by_role("tab", name="机关历年").click()
    choose(page, "body-pick", "镇罗镇")
    view = page.locator("#body-view")
    view.locator("table.years").first.wait_for(timeout=30000)
    head = view.locator("table.years tr").first.inner_text()
    assert "2023年" in head and "2024年" in head
    row = view.locator("table.years tr").filter(has_text="行政处罚·本年处理决定数量").first
    assert "90" in row.inner_text() and "103" in row.inner_text() and "↑13" in row.inner_text()
    carry = view.locator("table.carry").inner_text()
    assert "2023→2024" in carry and "不一致" in carry
    words = view.locator("ul.across").inner_text()
    assert "上年结转与本年对不上" in words and "与上一年文字雷同" in words
    chart = view.locator(".mini[data-key='A.penalty_decisions'] svg")
    assert chart.locator("circle.pt").count() == 2
    assert view.locator(".mini").count() >= 2 and "各年均为 0" in view.inner_text()
    page.screenshot(path=str(ARTIFACTS / "web_body_years.png"), full_page=True)


def test_line_chart_marks_one_point_per_body(page):
    page.get_by_role("tab", name="对比").click()
    page.wait_for_selector("#compare-chart svg", timeout=60000)  # drawn on load, never empty
    choose(page, "compare-stat", "行政处罚决定")
    page.locator("#compare-kind label").filter(has_text="折线图").click()
    choose(page, "compare-years", "2024")
    page.click("#compare-go")
    page.wait_for_function("document.querySelectorAll('#compare-chart svg.line circle.pt').length === 3", timeout=60000)
    text = page.inner_text("#compare-chart")
    assert "0.000000" not in text
    assert {"镇罗镇", "七营镇", "辛店镇"} <= {
        t.text_content() for t in page.locator("#compare-chart .legend text").all()
    }
    page.screenshot(path=str(ARTIFACTS / "web_compare_line.png"), full_page=True)


def test_report_tables_read_well(page):
    page.get_by_role("tab", name="年报").click()
    page.fill("#report-search textarea", "镇罗镇")
    page.wait_for_timeout(1200)
    choose(page, "report-pick", "2024")
    view = page.locator("#report-view")
    view.locator("table.stats").first.wait_for(timeout=30000)
    cell = view.locator("td.n").first
    assert cell.evaluate("e => getComputedStyle(e).textAlign") == "right"
    assert float(cell.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 14
    assert "法人或其他组织" in view.inner_text()
    page.screenshot(path=str(ARTIFACTS / "web_report_tables.png"), full_page=True)


def upload(page, path: Path) -> str:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.get_by_role("tab", name="导入").click()
    page.wait_for_selector("#upload-files input[type=file]", state="attached", timeout=30000)
    for attempt in range(3):  # a file chosen while the tab is still being drawn can go unnoticed: choose again
        page.set_input_files("#upload-files input[type=file]", str(path))
        try:
            page.wait_for_function(
                f"document.querySelector('#upload-files').innerText.includes({path.name!r})", timeout=30000
            )
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    page.click("#upload-go")
    page.wait_for_function(
        "document.querySelector('#upload-status') && document.querySelector('#upload-status').innerText.includes('导入完成')",
        timeout=120000,
    )
    return page.inner_text("#upload-results")


def test_an_upload_shows_up_in_every_list(page, browser, server, tmp_path):
    src = (SEEDS / "003_9335de19eaf04a5f.txt").read_text(encoding="utf-8").replace("七里营", "清源")
    path = tmp_path / "清源镇年报.txt"
    path.write_text(src, encoding="utf-8")
    result = upload(page, path)
    assert "新增" in result and "新乡县清源镇人民政府" in result and "2023年" in result, result
    status = page.inner_text("#upload-status")
    assert "导入完成" in status and "新增 1 份" in status
    page.screenshot(path=str(ARTIFACTS / "web_upload_lists.png"), full_page=True)
    body = "新乡县清源镇人民政府"
    # without a reload: every list of bodies or reports has it
    page.get_by_role("tab", name="问答").click()
    assert any(body in o for o in options(page, "body-filter", body))
    page.get_by_role("tab", name="检索").click()
    assert any(body in o for o in options(page, "search-bodies", body))
    page.get_by_role("tab", name="年报").click()
    assert any(body in o for o in options(page, "report-pick", body))
    page.get_by_role("tab", name="机关历年").click()
    assert any(body in o for o in options(page, "body-pick", body))
    page.get_by_role("tab", name="对比").click()
    assert any(body in o for o in options(page, "compare-bodies", body))
    # a fresh page has it too, and the bot answers about it
    fresh = open_page(browser, server)
    try:
        fresh.get_by_role("tab", name="机关历年").click()
        assert any(body in o for o in options(fresh, "body-pick", body))
        fresh.get_by_role("tab", name="问答").click()
        assert "清源镇" in ask(fresh, "清源镇2023年收到了多少件政府信息公开申请？").locator(".direct").inner_text()
    finally:
        fresh.context.close()


def test_phone_width(browser, server):
    page = open_page(browser, server, width=390, height=844, is_mobile=True, has_touch=True, device_scale_factor=2)
    try:
        answer = ask(page, "镇罗镇2024年作出了多少件行政处罚决定？")
        page.wait_for_timeout(800)
        box = answer.locator(".direct").bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844  # the answer in view
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # nothing wider than the phone
        page.screenshot(path=str(ARTIFACTS / "web_phone.png"))
    finally:
        page.context.close()
