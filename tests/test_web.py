"""End-to-end: the real app (`gongkai serve`) in headless Chromium driven by Playwright. Screenshots
go to artifacts/."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ingest.load import load_path

from .builders import write_docx
from .conftest import ARTIFACTS, CHROMIUM, ROOT, SEEDS, free_port, wait_for_http

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make test installs it)"
    ),
]
DATA: dict = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("webdata")
    DATA["dir"] = data
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), GONGKAI_EMBEDDINGS="none")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "--data-dir", str(data), "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    wait_for_http(url, proc)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def page(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(server)
    page.wait_for_selector("#question textarea", timeout=60000)
    yield page
    page.close()


def ask(page, question: str):
    page.fill("#question textarea", question)
    page.click("#ask")


def test_ask_see_answer_and_open_source(page):
    ask(page, "镇罗镇2024年作出了多少件行政处罚决定？")
    num = page.wait_for_selector("#chatbot .num.ok", timeout=60000)
    assert num.inner_text().startswith("103")
    assert "已核实" in num.get_attribute("title")
    summary = page.locator("#chatbot details.src summary").first
    assert "镇罗镇" in summary.inner_text()
    summary.click()
    passage = page.locator("#chatbot details.src .passage").first
    passage.wait_for(state="visible")
    assert "行政处罚" in passage.inner_text() and "103" in page.locator("#chatbot details.src mark").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "web_chat.png"), full_page=True)
    # a follow-up keeps the context
    ask(page, "那辛店镇呢？")
    page.wait_for_function("document.querySelectorAll('#chatbot .num.ok').length >= 2", timeout=60000)
    assert "辛店镇" in page.inner_text("#chatbot")


def open_report(page, search: str):
    page.get_by_role("tab", name="年报").click()
    page.fill("#report-search textarea", search)
    page.wait_for_timeout(1200)
    page.click("#report-pick input")
    try:
        page.get_by_role("option").filter(has_text=search).first.click(timeout=15000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"debug_open_report_{search}.png"), full_page=True)
        raise


def test_browse_seed_002_and_its_findings(page):
    open_report(page, "海城镇")
    view = page.locator("#report-view")
    view.locator("li.finding").first.wait_for(timeout=30000)
    text = view.inner_text()
    assert "正文与表格说法不一" in text and "分项相加不等于总数" in text and "124" in text  # in words
    codes = [li.get_attribute("title") for li in view.locator("li.finding").all()]
    assert any("text_vs_table" in c for c in codes) and any("parts_sum" in c for c in codes)  # codes as tooltips
    assert view.locator("td.unknown").count() == 5  # the blank 行政复议 cells: unknown, not 0
    assert view.locator("td.inferred").count() == 7
    page.screenshot(path=str(ARTIFACTS / "web_report.png"), full_page=True)


def upload(page, path: Path):
    page.get_by_role("tab", name="导入").click()
    page.set_input_files("#upload-files input[type=file]", str(path))
    page.wait_for_timeout(1500)
    page.click("#upload-go")
    page.wait_for_function(
        "document.querySelector('#upload-results') && /新增|错误|重复/.test(document.querySelector('#upload-results').innerText)",
        timeout=120000,
    )
    return page.inner_text("#upload-results")


def test_upload_docx_and_ask_about_it(page, tmp_path):
    src = (SEEDS / "004_9c54c256ccc794aa.txt").read_text(encoding="utf-8")
    src = src.replace("镇罗镇", "宣和镇").replace("行政处罚\t103", "行政处罚\t77")
    txt = tmp_path / "宣和镇.txt"
    txt.write_text(src, encoding="utf-8")
    docx = write_docx(load_path(txt), tmp_path / "宣和镇2024年报.docx")
    result = upload(page, docx)
    assert "新增" in result and "宣和镇2024年报.docx" in result
    page.screenshot(path=str(ARTIFACTS / "web_upload.png"), full_page=True)
    page.get_by_role("tab", name="问答").click()
    ask(page, "宣和镇2024年作出了多少件行政处罚决定？")
    num = page.wait_for_selector("#chatbot .num.ok", timeout=60000)
    assert num.inner_text().startswith("77")
    stored = sorted(p.name for p in (DATA["dir"] / "uploads").iterdir())
    assert any(n.endswith("_宣和镇2024年报.docx") and len(n.split("_", 1)[0]) == 10 for n in stored)


def test_script_payload_never_runs(page, tmp_path):
    src = (
        (SEEDS / "000_cd949d845be236b5.txt")
        .read_text(encoding="utf-8")
        .replace("七营镇", "玉泉镇")
        .replace("七营", "玉泉")
    )
    payload = (
        '<script>window.gkPwned=1</script><img src=x onerror="window.gkPwned=2">[点我](javascript:window.gkPwned=3)'
    )
    src = src.replace(
        "微信视频号“驼鸣古道商贸玉泉”发布视频 33 条。", f"微信视频号“驼鸣古道商贸玉泉”发布视频 33 条。{payload}"
    )
    bad = tmp_path / "玉泉镇.txt"
    bad.write_text(src, encoding="utf-8")
    assert "新增" in upload(page, bad)
    page.get_by_role("tab", name="问答").click()
    ask(page, "玉泉镇的微信视频号发布了多少条视频？")
    page.wait_for_selector("#chatbot details.src", timeout=60000)
    page.locator("#chatbot details.src summary").first.click()
    open_report(page, "玉泉镇")
    page.locator("#report-view details").first.wait_for(timeout=30000)
    for d in page.locator("#report-view details").all():
        d.locator("summary").click()
    page.wait_for_timeout(1000)
    assert page.evaluate("window.gkPwned") is None
    assert page.locator("#report-view script").count() == 0
    assert "<script>window.gkPwned=1</script>" in page.inner_text("#report-view")  # shown as text
    page.screenshot(path=str(ARTIFACTS / "web_script_payload.png"), full_page=True)


def test_compare_chart_and_csv(page):
    page.get_by_role("tab", name="对比").click()
    page.click("#compare-go")
    link = page.wait_for_selector("#compare-csv a", timeout=60000)
    assert "csv" in (link.get_attribute("href") or "")
    page.screenshot(path=str(ARTIFACTS / "web_compare.png"), full_page=True)


def test_upload_names_are_generated():
    from ui.web import safe_upload_name

    name = safe_upload_name("../../etc/passwd<script>.txt")
    assert "/" not in name and ".." not in name and "<" not in name and name.endswith(".txt")
    assert safe_upload_name("a.pdf") != safe_upload_name("a.pdf")


def test_ten_concurrent_sessions_get_right_answers(server):
    sys.path.insert(0, str(ROOT))
    from bench.concurrent_chat import run_sessions

    _, right, total = run_sessions(server, sessions=10, rounds=2)
    assert total == 20 and right == 20


def test_login_when_auth_is_set(tmp_path):
    from gradio_client import Client

    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), GONGKAI_EMBEDDINGS="none", GONGKAI_AUTH="admin:s3cret")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "--data-dir", str(tmp_path / "d"), "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises its own error types for a refused login
            Client(url, verbose=False).predict("镇罗镇2024年作出了多少件行政处罚决定？", [], [], [], api_name="/ask")
        history, _ = Client(url, auth=("admin", "s3cret"), verbose=False).predict(
            "镇罗镇2024年作出了多少件行政处罚决定？", [], [], [], api_name="/ask"
        )
        assert "103" in str(history[-1]["content"])
    finally:
        proc.terminate()
        proc.wait(timeout=20)
