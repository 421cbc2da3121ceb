"""The Gradio web app: 问答 (chat with sources), 年报 (report browser), 对比 (charts), 导入 (upload).

Everything a report or a user wrote is HTML-escaped before it reaches the page, and the chat renders
HTML, never Markdown: a report's `![x](http://…)` stays text and loads nothing; the only markup is
ours. Nothing from the library is in the page's initial config (with GONGKAI_AUTH, `GET /` before
login shows no body, year or report id): the lists are filled by a load event, after login. Uploads
are limited at the upload itself (launch's max_file_size, MAX_BYTES), stored under the data directory
with generated names, and Gradio's temporary copies are deleted once processed.

    from ui.web import build_app
    app = build_app(library)        # a gr.Blocks
    app.launch(server_name="127.0.0.1", server_port=7860)
"""

from __future__ import annotations

import contextlib
import csv
import html
import queue
import re
import shutil
import tempfile
import threading
import uuid
from pathlib import Path

import gradio as gr

from bot.answer import Answer, Bot, fmt
from bot.understand import STAT_NAMES
from ingest.load import FORMATS, MAX_BYTES
from ingest.schema import B_COLUMNS, B_ROWS, C_COLUMNS, C_GROUPS, SECTION_TITLES, TABLE_A, cell_labels
from vectorstore import Library

EXAMPLES = [
    "镇罗镇2024年作出了多少件行政处罚决定？",
    "2022年哪些镇收到了政府信息公开申请？",
    "七营镇的微信视频号叫什么名字？发布了多少条视频？",
    "辛店镇在政府信息公开工作中存在哪些问题？",
    "海城镇2022年的年报数据有哪些前后不一致的地方？",
]
STATUS = {
    "verified": ("ok", "✓", "已核实"),
    "not_found": ("unk", "?", "未能核实"),
    "contradicted": ("bad", "✗", "与年报不符"),
}
LISTS_EVERY_S = 10  # how often an open page checks whether the library moved (one SQLite read)
LEVELS = {"township": "乡镇/街道", "county": "县（区）", "city": "市", "province": "省级", "department": "部门"}
CSS = """
.num.ok { color: #0a7a2f; font-weight: 600; } .num.unk { color: #b26a00; font-weight: 600; }
.num.bad { color: #c00; font-weight: 700; text-decoration: underline wavy; }
.badge { font-size: 0.75em; margin-left: 1px; }
details.src { border-left: 3px solid #888; padding: 2px 8px; margin: 4px 0; }
details.src mark { background: #ffe58a; }
.finding.error { color: #b00020; } .finding.warning { color: #8a5a00; } .finding.info { color: #555; }
table.gk { border-collapse: collapse; font-size: 0.85em; } table.gk td, table.gk th { border: 1px solid #ccc; padding: 2px 6px; }
td.unknown { background: #fde2e2; color: #900; } td.inferred { background: #e6f0ff; }
"""
e = html.escape


# --- rendering ---------------------------------------------------------------------------------


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


def render_answer(a: Answer, lib: Library) -> str:
    """The answer with verification marks on every number and numbered, expandable sources."""
    text = e(a.text)
    states = {}
    for n in a.numbers:
        states.setdefault(n.value, n)

    def mark_number(m: re.Match) -> str:
        n = states.get(m.group(1))
        if n is None:
            return m.group(0)
        cls, sym, word = STATUS[n.status]
        tip = word + (f"（{n.cell}）" if n.cell else "") + (f"，年报为 {n.expected}" if n.expected else "")
        return f'<span class="num {cls}" title="{e(tip)}">{m.group(1)}<sup class="badge">{sym}</sup></span>'

    from bot.verify import _NOT_STAT

    skip = [(m.start(), m.end()) for m in _NOT_STAT.finditer(text)]
    text = re.sub(
        r"(?<![\d.\[])(\d+(?:\.\d+)?)(?![\d\]])",
        lambda m: m.group(0) if any(a <= m.start() < b for a, b in skip) or _is_year(m, text) else mark_number(m),
        text,
    )
    text = re.sub(r"\[(\d+)\]", r'<a href="#src-\1" class="marker">[\1]</a>', text)
    text = text.replace("\n", "<br>")
    parts = [text]
    if a.citations:
        parts.append("<div class='sources'><b>来源</b>（点开查看原文）")
        for c in a.citations:
            body = lib.facts.report_text(c.report_id)
            if c.start is not None and c.end is not None and body[c.start : c.end]:
                a0, b0 = max(0, c.start - 80), min(len(body), c.end + 80)
                passage = e(body[a0 : c.start]) + "<mark>" + e(body[c.start : c.end]) + "</mark>" + e(body[c.end : b0])
            else:
                passage = "<mark>" + e(c.quote) + "</mark>"
            passage = passage.replace("\t", " ｜ ").replace("\n", "<br>")
            title = f"[{c.n}] {e(c.body)} {c.year or ''} 年 · {e(SECTION_TITLES.get(c.section, c.section))}（{e(Path(c.file).name)}）"
            parts.append(
                f'<details class="src" id="src-{c.n}"><summary>{title}</summary><div class="passage">{passage}</div></details>'
            )
        parts.append("</div>")
    return "".join(parts)


def report_choices(
    lib: Library, text: str = "", year: str | None = None, level: str | None = None
) -> list[tuple[str, str]]:
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


def render_report(lib: Library, rid: str | None) -> str:
    if not rid:
        return "<p>请选择一份年报。</p>"
    r = next((x for x in lib.reports() if x["id"] == rid), None)
    if r is None:
        return "<p>这份年报已不在资料库中。</p>"
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
    out = [f"<h3>{e(r['body'] or r['name'])} {r['year']} 年政府信息公开工作年度报告</h3><table class='gk'>"]
    out += [f"<tr><th>{k}</th><td>{e(str(v)) if v not in (None, '') else '—'}</td></tr>" for k, v in meta]
    out.append("</table>")
    out.append(f"<h4>一致性检查（{len(findings)} 条）</h4>")
    if findings:
        out.append("<ul>")
        for f in findings:
            out.append(f'<li class="finding {e(f["severity"])}"><b>[{e(f["kind"])}]</b> {e(f["message"])}</li>')
        out.append("</ul>")
    else:
        out.append("<p>未发现问题。</p>")
    if cells and r["template"] in TABLE_A:
        out.append(render_tables(cells, r["template"]))
    text = lib.facts.report_text(rid)
    for s in lib.facts.sections(rid):
        body = e(text[s["start"] : s["end"]].strip()).replace("\t", " ｜ ").replace("\n", "<br>")
        out.append(
            f"<details><summary><b>{e(SECTION_TITLES.get(s['key'], s['key']))}</b></summary><div>{body}</div></details>"
        )
    return "".join(out)


def _cell_html(cells: dict, key: str) -> str:
    c = cells.get(key)
    if c is None or c["value"] is None:
        return '<td class="unknown" title="报告未印出或无法读出">未知</td>'
    cls = ' class="inferred" title="由勾稽关系推定"' if c["inferred"] else ""
    return f"<td{cls}>{fmt(c['value'])}</td>"


def render_tables(cells: dict, template: str) -> str:
    labels = cell_labels()
    out = ["<h4>表二 主动公开政府信息情况</h4><table class='gk'><tr><th>项目</th><th>单元格</th></tr>"]
    for row in TABLE_A[template]:
        for k in row.cells:
            out.append(f"<tr><td>{e(labels[k])}</td>{_cell_html(cells, k)}</tr>")
    out.append("</table><h4>表三 收到和处理政府信息公开申请情况</h4><table class='gk'><tr><th></th>")
    out += [f"<th>{e(n)}</th>" for _, n in B_COLUMNS]
    out.append("</tr>")
    for row in B_ROWS[template]:
        name = labels[f"B.{row.key}.total"].rsplit("·", 1)[0]
        out.append(
            f"<tr><td>{e(name)}</td>" + "".join(_cell_html(cells, f"B.{row.key}.{c}") for c, _ in B_COLUMNS) + "</tr>"
        )
    out.append("</table><h4>表四 政府信息公开行政复议、行政诉讼情况</h4><table class='gk'><tr><th></th>")
    out += [f"<th>{e(n)}</th>" for _, n in C_COLUMNS]
    out.append("</tr>")
    for g, gl in C_GROUPS:
        out.append(f"<tr><td>{e(gl)}</td>" + "".join(_cell_html(cells, f"C.{g}.{c}") for c, _ in C_COLUMNS) + "</tr>")
    out.append("</table>")
    return "".join(out)


# --- comparisons -------------------------------------------------------------------------------

COMPARE_STATS = {name: (key,) for key, name in STAT_NAMES.items()}


def compare_rows(lib: Library, stat: str, bodies: list[str], years: list) -> list[dict]:
    keys = COMPARE_STATS.get(stat)
    if not keys:
        return []
    rows = []
    for r in lib.reports():
        if bodies and r["body"] not in bodies:
            continue
        if years and str(r["year"]) not in {str(y).strip() for y in years}:
            continue
        cells = lib.facts.cells(r["id"])
        v = cells.get(keys[0], {}).get("value")
        rows.append(
            {
                "机关": r["body"] or r["name"],
                "年度": str(r["year"]),
                "数值": None if v is None else float(v),
                "文件": r["name"],
            }
        )
    rows.sort(key=lambda x: (x["机关"], x["年度"]))
    return rows


# --- the app -----------------------------------------------------------------------------------


def as_html(text: str) -> str:
    """Plain text for the chat (which renders HTML): escaped, line breaks kept."""
    return e(text).replace("\n", "<br>")


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


def build_app(lib: Library, bot: Bot | None = None) -> gr.Blocks:
    bot = bot or Bot(lib)
    uploads = Path(lib.dir) / "uploads"
    seen = {"generation": lib.generation()}
    refreshing = threading.Lock()

    def sync() -> int:
        """Refresh the Bot's catalog when the library moved on (an upload here, or an ingest or
        removal by another process); returns the generation now served. Questions never wait for
        an upload: the library keeps writers apart, and readers read what is committed."""
        gen = lib.generation()
        if gen != seen["generation"]:
            with refreshing:
                if gen != seen["generation"]:
                    bot.refresh()
                    seen["generation"] = gen
        return gen

    def years() -> list[str]:
        return [str(y) for y in sorted({r["year"] for r in lib.reports() if r["year"]})]

    def bodies() -> list[str]:
        return sorted({r["body"] for r in lib.reports() if r["body"]})

    # uploads never imported and compare CSVs leave Gradio's temporary folder after an hour
    with gr.Blocks(title="gongkai 公开 · 政府信息公开年报助手", delete_cache=(1800, 3600)) as app:
        gr.Markdown(
            "# gongkai 公开 · 政府信息公开工作年度报告助手\n统计表问题直接查表，叙述问题引用原文；每个数字都经过核对。"
        )
        with gr.Tab("问答", id="chat"):
            with gr.Row():
                # choices come with the page's load event (after login), never in the page itself;
                # custom values let API clients filter without a browser session's lists
                year_f = gr.Dropdown(
                    choices=[], multiselect=True, allow_custom_value=True, label="年度（可选）", scale=1
                )
                body_f = gr.Dropdown(
                    choices=[],
                    multiselect=True,
                    allow_custom_value=True,
                    label="机关（可选）",
                    scale=2,
                    elem_id="body-filter",
                )
            # HTML (ours, with report text escaped), not Markdown: nothing in a report is interpreted
            chat = gr.Chatbot(
                label="问答",
                height=520,
                elem_id="chatbot",
                sanitize_html=True,
                render_markdown=False,
                latex_delimiters=[],
                buttons=["copy"],
            )
            context = gr.State(None)
            with gr.Row():
                box = gr.Textbox(
                    placeholder="例如：镇罗镇2024年作出了多少件行政处罚决定？",
                    show_label=False,
                    scale=5,
                    elem_id="question",
                )
                send = gr.Button("提问", variant="primary", scale=1, elem_id="ask")
            gr.Examples(EXAMPLES, inputs=box, label="示例问题")

            def respond(message, history, ctx, yf, bf):
                history = list(history or [])
                message = (message or "").strip()
                if not message:
                    yield history, ctx, ""
                    return
                history.append({"role": "user", "content": as_html(message)})
                filters = {}
                if yf:
                    try:
                        filters["year"] = [int(y) for y in yf]
                    except (TypeError, ValueError):
                        history.append({"role": "assistant", "content": "年度须是数字，例如 2024。"})
                        yield history, ctx, ""
                        return
                if bf:
                    filters["body"] = list(bf)
                sync()
                if bot.composer is None:
                    a = bot.answer(message, ctx, **filters)
                    history.append({"role": "assistant", "content": render_answer(a, lib)})
                    yield history, a.query, ""
                    return
                tokens: queue.Queue = queue.Queue()
                result: dict = {}

                def work():
                    from bot.llm import LLMError

                    try:
                        result["answer"] = bot.answer(message, ctx, on_token=tokens.put, **filters)
                    except LLMError as exc:
                        result["error"] = str(exc)
                    finally:
                        tokens.put(None)

                threading.Thread(target=work, daemon=True).start()
                history.append({"role": "assistant", "content": "…"})
                shown = ""
                while (t := tokens.get()) is not None:
                    shown += t
                    history[-1] = {"role": "assistant", "content": as_html(shown)}
                    yield history, ctx, ""
                if "error" in result:
                    history[-1] = {"role": "assistant", "content": as_html(result["error"])}
                    yield history, ctx, ""
                    return
                a = result["answer"]
                history[-1] = {"role": "assistant", "content": render_answer(a, lib)}
                yield history, a.query, ""

            send.click(respond, [box, chat, context, year_f, body_f], [chat, context, box], api_name="ask")
            box.submit(respond, [box, chat, context, year_f, body_f], [chat, context, box], api_name=False)

        with gr.Tab("年报", id="reports"):
            with gr.Row():
                q_text = gr.Textbox(label="按机关或文件名搜索", scale=2, elem_id="report-search")
                q_year = gr.Dropdown(choices=[], value=None, label="年度", scale=1)
                q_level = gr.Dropdown(choices=list(LEVELS.values()), value=None, label="层级", scale=1)
            pick = gr.Dropdown(choices=[], value=None, label="年报", elem_id="report-pick")
            view = gr.HTML(render_report(lib, None), elem_id="report-view")

            def refilter(t, y, lv):
                return gr.update(choices=report_choices(lib, t or "", y, lv), value=None)

            for comp in (q_text, q_year, q_level):
                comp.change(refilter, [q_text, q_year, q_level], pick, api_name=False)
            pick.change(lambda rid: render_report(lib, rid), pick, view, api_name="report")

        with gr.Tab("对比", id="compare"):
            with gr.Row():
                stat = gr.Dropdown(
                    choices=list(COMPARE_STATS), value=next(iter(COMPARE_STATS)), label="统计项", scale=2
                )
                c_bodies = gr.Dropdown(
                    choices=[], multiselect=True, allow_custom_value=True, label="机关（不选为全部）", scale=2
                )
                c_years = gr.Dropdown(
                    choices=[], multiselect=True, allow_custom_value=True, label="年度（不选为全部）", scale=1
                )
                kind = gr.Radio(["柱状图", "折线图"], value="柱状图", label="图表", scale=1)
            go = gr.Button("生成对比", elem_id="compare-go")
            bar = gr.BarPlot(x="机关", y="数值", color="年度", label="对比", visible=True)
            line = gr.LinePlot(x="年度", y="数值", color="机关", label="趋势", visible=False)
            table = gr.Dataframe(headers=["机关", "年度", "数值", "文件"], label="数据", interactive=False)
            download = gr.File(label="下载 CSV", elem_id="compare-csv")

            def compare(stat_name, bs, ys, chart):
                import pandas as pd

                rows = compare_rows(lib, stat_name, bs or [], ys or [])
                df = pd.DataFrame(rows, columns=["机关", "年度", "数值", "文件"])
                path = Path(tempfile.mkdtemp()) / "gongkai_compare.csv"
                with open(path, "w", newline="", encoding="utf-8-sig") as f:
                    w = csv.writer(f)
                    w.writerow(["统计项", "机关", "年度", "数值", "文件"])
                    for r in rows:
                        w.writerow(
                            [stat_name, r["机关"], r["年度"], "" if r["数值"] is None else fmt(r["数值"]), r["文件"]]
                        )
                plot_df = df.dropna(subset=["数值"])
                if chart == "折线图":
                    return (
                        gr.update(visible=False),
                        gr.update(value=plot_df, visible=True),
                        df.fillna("未知"),
                        str(path),
                    )
                return gr.update(value=plot_df, visible=True), gr.update(visible=False), df.fillna("未知"), str(path)

            go.click(compare, [stat, c_bodies, c_years, kind], [bar, line, table, download], api_name="compare")

        with gr.Tab("导入", id="upload"):
            gr.Markdown(f"上传年报文件（{'、'.join(sorted(FORMATS))}，单个文件不超过 50 MB）。")
            files = gr.File(file_count="multiple", file_types=sorted(FORMATS), label="年报文件", elem_id="upload-files")
            start = gr.Button("导入", variant="primary", elem_id="upload-go")
            results = gr.Dataframe(
                headers=["文件", "结果", "说明"], label="导入结果", interactive=False, elem_id="upload-results"
            )
            status_zh = {
                "added": "新增",
                "replaced": "已替换",
                "unchanged": "未变化",
                "duplicate": "重复",
                "error": "错误",
            }

            def do_upload(paths, progress=gr.Progress()):  # noqa: B008 - Gradio injects the progress tracker
                received = [Path(p if isinstance(p, str) else p.name) for p in paths or []]
                try:
                    return ingest_uploads(received, progress)
                finally:
                    for src in received:  # the library has its own copy; Gradio's is not kept
                        discard_upload(src)

            def ingest_uploads(received: list[Path], progress):
                rows, todo = [], []
                uploads.mkdir(parents=True, exist_ok=True)
                for src in received:
                    original = src.name
                    if not src.is_file():
                        rows.append([original, "错误", "上传的文件已不在服务器上，请重新上传"])
                        continue
                    if src.suffix.lower() not in FORMATS:
                        rows.append([original, "错误", f"不支持的文件类型“{src.suffix}”"])
                        continue
                    if src.stat().st_size > MAX_BYTES:
                        rows.append([original, "错误", "文件过大（上限 50 MB）"])
                        continue
                    dest = uploads / safe_upload_name(original)
                    shutil.copyfile(src, dest)
                    todo.append((original, dest))
                done = []

                def step(r):
                    done.append(r)
                    progress((len(done), len(todo)), desc="导入并建立索引")

                res = lib.ingest([d for _, d in todo], progress=step)
                sync()
                for (original, dest), r in zip(todo, res, strict=True):
                    if r.status in ("error", "duplicate", "unchanged"):
                        dest.unlink(missing_ok=True)  # nothing in the library refers to this copy
                    rows.append([original, status_zh[r.status], r.message])
                return (
                    rows,
                    gr.update(choices=report_choices(lib)),
                    gr.update(choices=years()),
                    gr.update(choices=bodies()),
                    gr.update(value=None),  # the files are gone from the server: clear the picker
                )

            start.click(do_upload, files, [results, pick, year_f, body_f, files], api_name="upload")

        # the lists above are empty in the page (library data is sent only to a logged-in page): fill
        # them on each page load, and every few seconds while the page is open, when the library
        # moved (another process too)
        shown = gr.State(None)
        lists_out = [shown, year_f, body_f, q_year, pick, c_bodies, c_years]

        def refresh_lists(gen_shown, t, y, lv):
            gen = sync()
            if gen == gen_shown:
                return [gr.skip()] * len(lists_out)
            ys, bs = years(), bodies()
            return (
                gen,
                gr.update(choices=ys),
                gr.update(choices=bs),
                gr.update(choices=ys),
                gr.update(choices=report_choices(lib, t or "", y, lv)),
                gr.update(choices=bs),
                gr.update(choices=ys),
            )

        lists_in = [shown, q_text, q_year, q_level]
        app.load(refresh_lists, lists_in, lists_out, show_progress="hidden", api_name=False)
        gr.Timer(LISTS_EVERY_S).tick(refresh_lists, lists_in, lists_out, show_progress="hidden", api_name=False)
    return app
