"""The Gradio web app: 问答 (chat with sources), 检索 (search every report), 年报 (a report), 机关 (a
body's years), 对比 (charts), 导入 (upload). Each tab is its own module; this one assembles them and
keeps every list current.

Everything a report or a user wrote is HTML-escaped before it reaches the page, and the chat renders
HTML, never Markdown: a report's `![x](http://…)` stays text and loads nothing; the only markup is
ours. Nothing from the library is in the page's initial config (with GONGKAI_AUTH, `GET /` before
login shows no body, year or report id): the lists are filled by a load event, after login, again
after every upload, and whenever the library moved (checked every LISTS_EVERY_S seconds).

A source's link opens the app at `?report=<id>&at=<start>-<end>` (or `&cell=<key>`): the 年报 tab
with the report, the passage or cell highlighted and scrolled to; `?body=<name>` opens a body's years.

    from ui.web import build_app
    app = build_app(library)        # a gr.Blocks
    app.launch(server_name="127.0.0.1", server_port=7860)
"""

from __future__ import annotations

import re
import threading

import gradio as gr

from bot.answer import Bot
from ingest.schema import cell_labels
from vectorstore import Library

from . import body_page, chat_tab, compare_tab, search_tab, upload_tab
from .render import LEVELS, render_report, report_choices
from .style import CSS
from .upload_tab import discard_upload, safe_upload_name

__all__ = ["CSS", "LISTS_EVERY_S", "build_app", "discard_upload", "safe_upload_name"]

LISTS_EVERY_S = 10  # how often an open page checks whether the library moved (one SQLite read)
# after a source link opened a report: scroll to the highlighted passage or cell once it is drawn
SCROLL_TO_HIT = """
() => {
  const go = (tries) => {
    const hit = document.getElementById('gk-hit');
    if (hit) { hit.scrollIntoView({block: 'center'}); return; }
    if (tries > 0) setTimeout(() => go(tries - 1), 200);
  };
  setTimeout(() => go(40), 200);
}
"""


class Lists:
    """Every list of bodies, years or reports on the page, and how to fill it."""

    def __init__(self, lib: Library):
        self.lib = lib
        self.items: list[tuple[gr.components.Component, callable]] = []

    def add(self, comp, fill) -> None:
        self.items.append((comp, fill))

    def years(self, comp) -> None:
        self.add(comp, lambda: gr.update(choices=self.year_values()))

    def bodies(self, comp) -> None:
        self.add(comp, lambda: gr.update(choices=self.body_values()))

    def year_values(self) -> list[str]:
        return [str(y) for y in sorted({r["year"] for r in self.lib.reports() if r["year"]})]

    def body_values(self) -> list[str]:
        return sorted({r["body"] for r in self.lib.reports() if r["body"]})


def parse_focus(params: dict, lib: Library) -> dict | None:
    """?report=<id>&at=<a>-<b> or &cell=<key>, checked against the library and the schema."""
    rid = params.get("report") or ""
    if not re.fullmatch(r"[0-9a-f]{6,64}", rid) or not any(r["id"] == rid for r in lib.reports()):
        return None
    focus: dict = {"rid": rid}
    m = re.fullmatch(r"(\d{1,9})-(\d{1,9})", params.get("at") or "")
    if m and int(m.group(1)) < int(m.group(2)):
        focus["at"] = (int(m.group(1)), int(m.group(2)))
    if (params.get("cell") or "") in cell_labels():
        focus["cell"] = params["cell"]
    return focus


def build_app(lib: Library, bot: Bot | None = None) -> gr.Blocks:
    bot = bot or Bot(lib)
    seen = {"generation": lib.generation()}
    refreshing = threading.Lock()
    lists = Lists(lib)

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

    # uploads never imported and exports leave Gradio's temporary folder after an hour
    with gr.Blocks(title="gongkai 公开 · 政府信息公开年报助手", delete_cache=(1800, 3600)) as app:
        gr.Markdown(
            "# gongkai 公开 · 政府信息公开工作年度报告助手\n统计表问题直接查表，叙述问题引用原文；每个数字都经过核对。",
            elem_id="masthead",
        )
        with gr.Tabs(elem_id="tabs") as tabs:
            with gr.Tab("问答", id="chat"):
                chat_tab.build(lib, bot, sync, lists)

            with gr.Tab("检索", id="search"):
                search_tab.build(lib, lists)

            with gr.Tab("年报", id="reports"):
                with gr.Row():
                    q_text = gr.Textbox(label="按机关或文件名搜索", scale=2, elem_id="report-search")
                    q_year = gr.Dropdown(choices=[], value=None, label="年度", scale=1)
                    q_level = gr.Dropdown(choices=list(LEVELS.values()), value=None, label="层级", scale=1)
                pick = gr.Dropdown(choices=[], value=None, label="年报", elem_id="report-pick")
                view = gr.HTML(render_report(lib, None), elem_id="report-view")
                focus = gr.State(None)

                def refilter(t, y, lv):
                    return gr.update(choices=report_choices(lib, t or "", y, lv), value=None)

                for comp in (q_text, q_year, q_level):
                    comp.change(refilter, [q_text, q_year, q_level], pick, api_name=False)
                pick.change(
                    lambda rid, f: render_report(lib, rid, f if f and f.get("rid") == rid else None),
                    [pick, focus],
                    view,
                    api_name="report",
                )
                lists.years(q_year)

            with gr.Tab("机关历年", id="body"):
                body_pick, body_view = body_page.build(lib, lists)

            with gr.Tab("对比", id="compare"):
                compare = compare_tab.build(lib, lists)

            with gr.Tab("导入", id="upload"):
                uploaded = upload_tab.build(lib, sync)

        # the lists are empty in the page (library data is sent only to a logged-in page): fill them
        # on each page load, after each upload, and every few seconds while the page is open when
        # the library moved (another process too)
        shown = gr.State(None)
        fixed = [c for c, _ in lists.items]
        lists_out = [shown, pick, *fixed]

        def refresh_lists(gen_shown, t, y, lv):
            gen = sync()
            if gen == gen_shown:
                return [gr.skip()] * len(lists_out)
            return [gen, gr.update(choices=report_choices(lib, t or "", y, lv)), *(fill() for _, fill in lists.items)]

        lists_in = [shown, q_text, q_year, q_level]

        def open_from_address(request: gr.Request):
            """A source's link: the report at its passage or cell; or a body's years."""
            params = dict(request.query_params) if request is not None else {}
            f = parse_focus(params, lib)
            if f is not None:
                return (
                    gr.update(selected="reports"),
                    gr.update(choices=report_choices(lib), value=f["rid"]),
                    render_report(lib, f["rid"], f),
                    f,
                    gr.skip(),
                    gr.skip(),
                )
            body = params.get("body") or ""
            if body and any(r["body"] == body for r in lib.reports()):
                return (
                    gr.update(selected="body"),
                    gr.skip(),
                    gr.skip(),
                    gr.skip(),
                    gr.update(choices=body_page.body_choices(lib), value=body),
                    body_page.render_body(lib, body),
                )
            return [gr.skip()] * 6

        def first_chart(stat):
            best = compare_tab.best_default(lib)
            return gr.update(value=best), *compare["compare"](best, [], [], "柱状图")

        app.load(refresh_lists, lists_in, lists_out, show_progress="hidden", api_name=False).then(
            open_from_address,
            None,
            [tabs, pick, view, focus, body_pick, body_view],
            show_progress="hidden",
            api_name=False,
        ).then(None, js=SCROLL_TO_HIT)
        app.load(
            first_chart, compare["stat"], [compare["stat"], *compare["outputs"]], show_progress="hidden", api_name=False
        )
        uploaded.then(refresh_lists, lists_in, lists_out, show_progress="hidden", api_name=False)
        gr.Timer(LISTS_EVERY_S).tick(refresh_lists, lists_in, lists_out, show_progress="hidden", api_name=False)
    return app
