"""The web surface (issue 10, part 4), in headless Chromium against the real `gongkai serve`:

- a report passage holding a Markdown image (or an <img>, or a LaTeX link) is shown as text and makes
  the browser fetch nothing, in a cited answer and in the report view;
- with GONGKAI_AUTH, `GET /` before login reveals no body, file or report id (the lists are sent
  after login, and then they are there);
- an upload over the limit is refused at the upload and leaves no file; an imported upload leaves no
  temporary copy behind.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from ingest.load import MAX_BYTES

from .conftest import ARTIFACTS, CHROMIUM, ROOT, SEEDS, free_port, wait_for_http

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make test installs it)"
    ),
]
ENV = dict(os.environ, PYTHONPATH=str(ROOT), GONGKAI_EMBEDDINGS="none")
BODY = "海原县玉泉镇人民政府"


class Tracker(http.server.BaseHTTPRequestHandler):
    """The remote server a report tries to make readers' browsers call: it counts the calls."""

    hits: list[str] = []  # noqa: RUF012 - one list for the module's server

    def do_GET(self):
        Tracker.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def tracker():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Tracker)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


@pytest.fixture(scope="module")
def library(tmp_path_factory, tracker):
    """A library with one report whose text carries remote images: 玉泉镇 (seed 000, renamed)."""
    d = tmp_path_factory.mktemp("safety")
    src = (SEEDS / "000_cd949d845be236b5.txt").read_text(encoding="utf-8")
    src = src.replace("七营镇", "玉泉镇").replace("七营", "玉泉")
    payload = (
        f"![x]({tracker}/md.png) <img src='{tracker}/img.png'> [![y]({tracker}/linked.png)]({tracker}/page)"
        f" $$\\href{{{tracker}/tex}}{{t}}$$ {tracker}/bare.png"
    )
    sentence = "微信视频号“驼鸣古道商贸玉泉”发布视频 33 条。"
    assert sentence in src
    report = d / "玉泉镇.txt"
    report.write_text(src.replace(sentence, sentence + payload), encoding="utf-8")
    data = d / "data"
    cli = [sys.executable, "-m", "ui.cli", "--data-dir", str(data)]
    p = subprocess.run([*cli, "ingest", str(report)], env=ENV, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    p = subprocess.run([*cli, "list", "--json"], env=ENV, cwd=ROOT, capture_output=True, text=True, timeout=300)
    [row] = json.loads(p.stdout)
    assert row["body"] == BODY
    return {"dir": data, "report": row, "tmp": d}


def start_server(data: Path, gradio_tmp: Path, **env) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "--data-dir", str(data), "serve", "--port", str(port)],
        env={**ENV, "GRADIO_TEMP_DIR": str(gradio_tmp), **env},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    wait_for_http(url, proc)
    return proc, url


@pytest.fixture(scope="module")
def server(library):
    gradio_tmp = library["tmp"] / "gradio"
    gradio_tmp.mkdir()
    proc, url = start_server(library["dir"], gradio_tmp)
    yield {"url": url, "gradio_tmp": gradio_tmp}
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def page(browser, server, tracker):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.remote = []  # every request the page makes to the tracker
    page.on("request", lambda r: page.remote.append(r.url) if r.url.startswith(tracker) else None)
    page.goto(server["url"])
    page.wait_for_selector("#question textarea", timeout=60000)
    yield page
    page.close()


def test_markdown_image_in_a_passage_loads_nothing(page):
    Tracker.hits.clear()
    page.fill("#question textarea", "玉泉镇的微信视频号发布了多少条视频？")
    page.click("#ask")
    page.wait_for_selector("#chatbot details.src", timeout=60000)
    for summary in page.locator("#chatbot details.src summary").all():
        summary.click()
    passages = page.inner_text("#chatbot")
    assert "![x](" in passages and "<img src=" in passages  # the report's text, shown as text
    assert page.locator("#chatbot img").count() == 0
    # the same text in the report view
    page.get_by_role("tab", name="年报").click()
    page.fill("#report-search textarea", "玉泉镇")
    page.wait_for_timeout(1200)
    page.click("#report-pick input")
    page.get_by_role("option").filter(has_text="玉泉镇").first.click(timeout=15000)
    page.locator("#report-view details").first.wait_for(timeout=30000)
    for d in page.locator("#report-view details").all():
        d.locator("summary").click()
    assert "![x](" in page.inner_text("#report-view")
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / "web_markdown_image.png"), full_page=True)
    assert page.remote == [], page.remote
    assert Tracker.hits == [], Tracker.hits


def test_no_library_data_before_login(library, tmp_path, browser):
    proc, url = start_server(library["dir"], tmp_path / "gradio", GONGKAI_AUTH="admin:s3cret")
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            page_html = r.read().decode("utf-8")
        assert "auth_required" in page_html  # the login page, really
        row = library["report"]
        for secret in (row["body"], "玉泉镇", row["id"], row["name"], Path(row["file"]).stem):
            assert secret not in page_html, secret
        for path in ("config", "gradio_api/info"):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(url + path, timeout=10)
            assert err.value.code == 401
        # after login the lists arrive
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(url)
        page.fill("input[type=text]", "admin")
        page.fill("input[type=password]", "s3cret")
        page.keyboard.press("Enter")
        page.wait_for_selector("#question textarea", timeout=60000)
        page.click("#body-filter input")
        page.get_by_role("option").filter(has_text=BODY).first.wait_for(timeout=30000)
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def files_in(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_over_limit_upload_is_refused_and_leaves_no_file(page, server, tmp_path):
    big = tmp_path / "大文件.txt"
    with open(big, "wb") as f:
        f.write("政府信息公开工作年度报告\n".encode() * 10)
        f.truncate(MAX_BYTES + 1024 * 1024)
    before = set(files_in(server["gradio_tmp"]))
    uploads = []
    page.on("response", lambda r: uploads.append(r.status) if urlparse(r.url).path.endswith("/upload") else None)
    page.get_by_role("tab", name="导入").click()
    page.set_input_files("#upload-files input[type=file]", str(big))
    page.wait_for_timeout(3000)
    page.screenshot(path=str(ARTIFACTS / "web_upload_too_big.png"), full_page=True)
    assert all(s == 413 for s in uploads), uploads  # refused in the browser, or by the server
    assert "大文件.txt" in page.inner_text("body")  # named in the error shown
    # straight to the upload endpoint, past the browser's check: refused while streaming
    body = tmp_path / "body"
    boundary = "gongkaiboundary"
    with open(body, "wb") as f:
        f.write(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n'.encode())
        f.write(b"Content-Type: text/plain\r\n\r\n")
        f.write(b"0" * (MAX_BYTES + 1024 * 1024))
        f.write(f"\r\n--{boundary}--\r\n".encode())
    with open(body, "rb") as f:
        req = urllib.request.Request(
            server["url"] + "gradio_api/upload",
            data=f,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(body.stat().st_size),
            },
        )
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=60)
    assert err.value.code == 413
    left = [p for p in set(files_in(server["gradio_tmp"])) - before if p.stat().st_size > 1024 * 1024]
    assert left == [], left


def test_imported_upload_leaves_no_temporary_copy(page, server, tmp_path):
    src = (SEEDS / "004_9c54c256ccc794aa.txt").read_text(encoding="utf-8")
    report = tmp_path / "上传样本.txt"
    report.write_text(src.replace("镇罗镇", "宁安镇"), encoding="utf-8")
    page.get_by_role("tab", name="导入").click()
    page.set_input_files("#upload-files input[type=file]", str(report))
    page.wait_for_function("document.querySelector('#upload-files').innerText.includes('上传样本')", timeout=30000)
    copies = lambda: [p for p in files_in(server["gradio_tmp"]) if p.name == report.name]  # noqa: E731
    deadline = time.time() + 30
    while not copies() and time.time() < deadline:
        time.sleep(0.2)
    assert copies()  # Gradio has its copy
    page.click("#upload-go")
    page.wait_for_function(
        "document.querySelector('#upload-results') && /新增|错误|重复/.test(document.querySelector('#upload-results').innerText)",
        timeout=120000,
    )
    assert "新增" in page.inner_text("#upload-results")
    assert copies() == []
