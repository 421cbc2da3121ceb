"""问答: the chat. The answer's direct sentence first and large, the interpretation as chips, the
sources collapsed below; HTML (ours, report text escaped), never Markdown. After each answer the
page scrolls to the answer's start (on a phone too), not past it."""

from __future__ import annotations

import queue
import threading

import gradio as gr

from .render import as_html, render_answer

EXAMPLES = [
    "镇罗镇2024年作出了多少件行政处罚决定？",
    "2022年哪些镇收到了政府信息公开申请？",
    "七营镇的微信视频号叫什么名字？发布了多少条视频？",
    "辛店镇在政府信息公开工作中存在哪些问题？",
    "海城镇2022年的年报数据有哪些前后不一致的地方？",
]
EMPTY = "请先输入问题，例如：镇罗镇2024年作出了多少件行政处罚决定？"
# the chat box scrolls to the start of the newest answer; a narrow page scrolls to it as well
SCROLL_JS = """
() => {
  const go = (tries) => {
    const all = document.querySelectorAll('#chatbot .gk-answer');
    const last = all[all.length - 1];
    if (!last) { if (tries > 0) setTimeout(() => go(tries - 1), 150); return; }
    let box = last.parentElement;
    while (box && !(box.scrollHeight > box.clientHeight + 4 && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) {
      box = box.parentElement;
    }
    if (box) box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    if (window.innerWidth < 700) last.scrollIntoView({block: 'start'});
  };
  setTimeout(() => go(20), 100);
}
"""


def build(lib, bot, sync, lists):
    with gr.Row():
        # choices come with the page's load event (after login), never in the page itself;
        # custom values let API clients filter without a browser session's lists
        year_f = gr.Dropdown(
            choices=[], multiselect=True, allow_custom_value=True, label="年度（可选）", scale=1, min_width=120
        )
        body_f = gr.Dropdown(
            choices=[],
            multiselect=True,
            allow_custom_value=True,
            label="机关（可选）",
            scale=2,
            min_width=160,
            elem_id="body-filter",
        )
    chat = gr.Chatbot(
        label="问答",
        height="min(560px, 62vh)",
        elem_id="chatbot",
        sanitize_html=True,
        render_markdown=False,
        latex_delimiters=[],
        buttons=["copy"],
        autoscroll=False,
    )
    context = gr.State(None)
    with gr.Row(equal_height=True):
        box = gr.Textbox(
            placeholder="例如：镇罗镇2024年作出了多少件行政处罚决定？",
            show_label=False,
            scale=5,
            min_width=160,
            elem_id="question",
        )
        send = gr.Button("提问", variant="primary", scale=1, min_width=72, elem_id="ask")
    gr.Examples(EXAMPLES, inputs=box, label="示例问题")

    def respond(message, history, ctx, yf, bf):
        history = list(history or [])
        message = (message or "").strip()
        if not message:
            gr.Warning(EMPTY, title="提示")
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
            history.append({"role": "assistant", "content": render_answer(a, lib.facts)})
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
        history[-1] = {"role": "assistant", "content": render_answer(a, lib.facts)}
        yield history, a.query, ""

    ins, outs = [box, chat, context, year_f, body_f], [chat, context, box]
    send.click(respond, ins, outs, api_name="ask").then(None, js=SCROLL_JS)
    box.submit(respond, ins, outs, api_name=False).then(None, js=SCROLL_JS)
    lists.years(year_f)
    lists.bodies(body_f)
