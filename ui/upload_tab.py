"""导入: upload reports; progress and results in Chinese, a success row says body, year, cells read
and findings. Uploads are limited at the upload itself (launch's max_file_size), stored under the
data directory with generated names, and Gradio's temporary copies are deleted once processed.

    >>> name = safe_upload_name("../../etc/passwd<script>.txt")
    >>> "/" in name or "<" in name, name.endswith("_passwd_script.txt")
    (False, True)
"""

from __future__ import annotations

import contextlib
import queue
import re
import shutil
import threading
import time
import uuid
from pathlib import Path

import gradio as gr

from ingest.load import FORMATS, LEGACY_FORMATS, MAX_BYTES

from .render import e

# old Word/WPS/RTF files reach the library, which reads one that is really a .docx or a web page and
# tells how to save any other as .docx
ACCEPTED = sorted({*FORMATS, *LEGACY_FORMATS})

STATUS_ZH = {"added": "新增", "replaced": "已替换", "unchanged": "未变化", "duplicate": "重复", "error": "错误"}
HEADERS = ["文件", "结果", "机关", "年度", "读出单元格", "检查发现", "说明"]


def discard_upload(path: Path) -> None:
    """Delete a file Gradio received, and its folder when that is left empty: only inside Gradio's
    upload folder, never anything else a caller names."""
    root = Path(gr.utils.get_upload_folder()).resolve()
    try:
        path = path.resolve()
    except OSError:
        return
    if root not in path.parents:
        return
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
    if path.parent != root:
        with contextlib.suppress(OSError):
            path.parent.rmdir()


def safe_upload_name(name: str) -> str:
    base = Path(name).name
    stem, ext = Path(base).stem, Path(base).suffix.lower()
    stem = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", stem)[:80].strip("._") or "report"
    return f"{uuid.uuid4().hex[:10]}_{stem}{ext}"


def result_row(lib, original: str, r) -> list:
    """One row of the results: for a report in the library, its body, year, cells read, findings."""
    row = next((x for x in lib.reports() if x["id"] == r.report_id), None) if r.report_id else None
    if r.status in ("added", "replaced", "unchanged") and row is not None:
        findings = lib.facts.findings(row["id"])
        serious = sum(1 for f in findings if f["severity"] in ("error", "warning"))
        note = r.message or ("已存在，内容相同" if r.status == "unchanged" else "已读入资料库")
        return [
            original,
            STATUS_ZH[r.status],
            row["body"] or "（未识别）",
            f"{row['year']}年" if row["year"] else "（未识别）",
            lib.facts.known_cells(row["id"]),
            f"{len(findings)} 条" + (f"（{serious} 条需留意）" if serious else ""),
            note,
        ]
    return [original, STATUS_ZH.get(r.status, r.status), "", "", "", "", r.message]


def status_html(text: str, kind: str = "busy") -> str:
    return f"<div class='upload-status {kind}'>{e(text)}</div>"


def build(lib, sync):
    uploads = Path(lib.dir) / "uploads"
    gr.Markdown(f"上传年报文件（{'、'.join(sorted(FORMATS))}，单个文件不超过 50 MB），可一次选多个。")
    files = gr.File(file_count="multiple", file_types=ACCEPTED, label="年报文件", elem_id="upload-files")
    start = gr.Button("导入", variant="primary", elem_id="upload-go")
    status = gr.HTML("", elem_id="upload-status")
    results = gr.Dataframe(headers=HEADERS, label="导入结果", interactive=False, elem_id="upload-results")

    def do_upload(paths):
        received = [Path(p if isinstance(p, str) else p.name) for p in paths or []]
        try:
            final = yield from ingest_uploads(received)
        finally:
            for src in received:  # the library has its own copy; Gradio's is not kept
                discard_upload(src)
        yield final  # only once Gradio's copies are gone: whoever sees the results sees no copy left

    def ingest_uploads(received: list[Path]):
        """Yield progress while the library ingests; return the final (status, results, picker)."""
        if not received:
            return status_html("请先选择要导入的文件。", "warn"), gr.skip(), gr.skip()
        rows, todo = [], []
        uploads.mkdir(parents=True, exist_ok=True)
        for src in received:
            original = src.name
            if not src.is_file():
                rows.append([original, "错误", "", "", "", "", "上传的文件已不在服务器上，请重新上传"])
                continue
            if src.suffix.lower() not in ACCEPTED:
                rows.append([original, "错误", "", "", "", "", f"不支持的文件类型“{src.suffix}”"])
                continue
            if src.stat().st_size > MAX_BYTES:
                rows.append([original, "错误", "", "", "", "", "文件过大（上限 50 MB）"])
                continue
            dest = uploads / safe_upload_name(original)
            shutil.copyfile(src, dest)
            todo.append((original, dest))
        done: queue.Queue = queue.Queue()
        out: dict = {}

        def work():
            try:
                out["results"] = lib.ingest([d for _, d in todo], progress=done.put)
            except Exception as exc:  # shown to the person uploading, in Chinese
                out["error"] = str(exc)
            finally:
                done.put(None)

        began = time.monotonic()
        threading.Thread(target=work, daemon=True).start()
        count, finished = 0, False
        while not finished:
            try:
                item = done.get(timeout=1)
                if item is None:
                    finished = True
                else:
                    count += 1
            except queue.Empty:
                pass
            if not finished:
                yield (
                    status_html(
                        f"正在读取、检查并建立索引：已完成 {count}/{len(todo)} 份（已用 {time.monotonic() - began:.0f} 秒）……"
                    ),
                    gr.skip(),
                    gr.skip(),
                )
        if "error" in out:
            for original, dest in todo:
                dest.unlink(missing_ok=True)
                rows.append([original, "错误", "", "", "", "", out["error"]])
            return status_html("导入失败，请看下表的说明。", "bad"), rows, gr.update(value=None)
        sync()
        for (original, dest), r in zip(todo, out["results"], strict=True):
            if r.status in ("error", "duplicate", "unchanged"):
                dest.unlink(missing_ok=True)  # nothing in the library refers to this copy
            rows.append(result_row(lib, original, r))
        tally: dict[str, int] = {}
        for row in rows:
            tally[row[1]] = tally.get(row[1], 0) + 1
        summary = "、".join(f"{k} {v} 份" for k, v in tally.items())
        took = time.monotonic() - began
        kind = "bad" if tally.get("错误") and len(tally) == 1 else "ok"
        return (
            status_html(f"导入完成（用时 {took:.1f} 秒）：{summary}。新的年报已出现在各页的列表里。", kind),
            rows,
            gr.update(value=None),  # the files are gone from the server: clear the picker
        )

    event = start.click(do_upload, files, [status, results, files], api_name="upload", show_progress="hidden")
    return event
