"""The whole flow as LangChain runnables, so it composes with the LangChain ecosystem.

understand ─▶ route (facts │ retrieval) ─▶ compose (extractive │ LLM) ─▶ verify

>>> import tempfile
>>> from vectorstore import Library, Settings
>>> lib = Library(Settings(data_dir=tempfile.mkdtemp(), embeddings="none"))
>>> _ = lib.ingest(["data/reports/000_cd949d845be236b5.txt"])
>>> docs = LibraryRetriever(library=lib, k=2).invoke("七营镇 微信视频号")
>>> docs[0].metadata["body"]
'海原县七营镇人民政府'
>>> make_chain(Bot(lib)).invoke({"question": "七营镇2024年行政处罚多少件？"})["numbers"][0]["status"]
'verified'
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import Field

from .answer import Answer, Bot


class LibraryRetriever(BaseRetriever):
    """Hybrid retrieval over the library as a LangChain retriever (metadata filters inside the stores)."""

    library: Any
    k: int = 8
    mode: str = "hybrid"
    filters: dict = Field(default_factory=dict)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.library.search(query, k=self.k, mode=self.mode, **self.filters)
        return [
            Document(
                page_content=h.text,
                metadata={
                    "chunk_id": h.chunk_id,
                    "report_id": h.report_id,
                    "file": h.file,
                    "body": h.body,
                    "town": h.town,
                    "year": h.year,
                    "section": h.section,
                    "kind": h.kind,
                    "start": h.start,
                    "end": h.end,
                    "score": h.score,
                },
            )
            for h in hits
        ]


def make_chain(bot: Bot) -> Runnable:
    """{"question": str, "context": Query | None, "filters": {...}} → the JSON answer of `gongkai ask`."""

    def run(inp: dict) -> dict:
        answer: Answer = bot.answer(inp["question"], inp.get("context"), **(inp.get("filters") or {}))
        out = answer.to_json()
        out["query"] = answer.query
        return out

    return RunnableLambda(run, name="gongkai")
