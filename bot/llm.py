"""The optional LLM composer: LangChain chat models (any OpenAI-compatible endpoint — vLLM, llama.cpp
server, DeepSeek, Qwen — or Ollama) write the answer from numbered passages, in Chinese, citing [n].
Whatever it writes is verified afterwards like every answer; numbers that cannot be verified are
marked in the text.

Settings: GONGKAI_LLM (openai | ollama), GONGKAI_LLM_URL, GONGKAI_LLM_MODEL, GONGKAI_LLM_API_KEY.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace

from . import narrative
from .answer import Answer, Bot, Citation
from .narrative import best_sentences
from .understand import Query

SYSTEM_PROMPT = """你是政府信息公开工作年度报告的问答助手。只能根据下面编号的原文片段回答，不得使用片段以外的知识，不得编造数字。
规则：
1. 用简体中文回答，简洁准确。
2. 每句话后用 [编号] 标明依据的片段，例如 [1]、[2]。
3. 片段中没有答案时，直接回答“所提供的年报中没有相关内容”。
4. 数字必须与片段完全一致。"""


class LLMError(Exception):
    pass


class LLMComposer:
    """Compose a narrative answer with a chat model; `on_token` receives the streamed text."""

    def __init__(self, chat_model, passages: int = 6):
        self.model = chat_model
        self.passages = passages

    @classmethod
    def from_settings(cls, provider: str | None = None, model: str | None = None, base_url: str | None = None):
        provider = provider or os.environ.get("GONGKAI_LLM", "openai")
        model = model or os.environ.get("GONGKAI_LLM_MODEL")
        base_url = base_url or os.environ.get("GONGKAI_LLM_URL")
        if provider == "openai":
            from langchain_openai import ChatOpenAI

            if not base_url and not os.environ.get("OPENAI_API_KEY") and not os.environ.get("GONGKAI_LLM_API_KEY"):
                raise LLMError(
                    "使用 --llm openai 需要接口地址（--llm-url 或 GONGKAI_LLM_URL，如 http://127.0.0.1:8080/v1）或 API key"
                )
            chat = ChatOpenAI(
                model=model or "local",
                base_url=base_url,
                api_key=os.environ.get("GONGKAI_LLM_API_KEY") or os.environ.get("OPENAI_API_KEY") or "not-needed",
                temperature=0,
                max_tokens=400,
                timeout=120,
                max_retries=1,
            )
        elif provider == "ollama":
            from langchain_ollama import ChatOllama

            chat = ChatOllama(model=model or "qwen2.5", base_url=base_url or "http://127.0.0.1:11434", temperature=0)
        else:
            raise LLMError(f"不支持的大模型接口“{provider}”：可用 openai（任何 OpenAI 兼容接口）或 ollama")
        return cls(chat)

    def compose(
        self, bot: Bot, q: Query, on_token: Callable[[str], None] | None = None, instruction: str = ""
    ) -> Answer:
        from langchain_core.messages import HumanMessage, SystemMessage

        passages: list[Citation] = []
        # the reports in scope read whole (full sentences of the part asked about), else retrieval
        targets = bot.targets(q) if q.places else []
        whole = narrative.report_answer(bot, q, targets) if 0 < len(targets) <= narrative.MAX_REPORTS else None
        if whole is not None and whole.citations:
            passages = [replace(c, n=i + 1) for i, c in enumerate(whole.citations[: self.passages * 2])]
        hits = narrative.retrieve(bot, q, k=10) if not passages else []
        best = best_sentences(q, hits, self.passages) if hits else []
        if not best and not passages:
            return Answer(q.question, "narrative", "所提供的年报中没有相关内容。", query=q)
        for _s, sent, h, start in best:
            start = narrative._locate(bot, h.report_id, sent, start)
            passages.append(
                Citation(
                    len(passages) + 1, h.report_id, h.file, h.body, h.year, h.section, sent, start, start + len(sent)
                )
            )
        context = "\n".join(f"[{c.n}]（{c.body}{c.year}年年报）{c.quote}" for c in passages)
        user = f"原文片段：\n{context}\n\n问题：{q.question}{instruction}"
        messages = [SystemMessage(SYSTEM_PROMPT), HumanMessage(user)]
        text = ""
        try:
            for chunk in self.model.stream(messages):
                piece = chunk.content if isinstance(chunk.content, str) else ""
                text += piece
                if on_token and piece:
                    on_token(piece)
        except Exception as e:  # connection refused, timeout, bad model name …
            raise LLMError(f"大模型接口调用失败：{type(e).__name__}: {e}") from e
        used = sorted({int(n) for n in re.findall(r"\[(\d+)\]", text) if 0 < int(n) <= len(passages)})
        citations = tuple(passages[n - 1] for n in used) or tuple(passages)
        return Answer(q.question, "narrative", text.strip(), citations, query=q)
