"""The naive RAG baseline we measure against: LangChain's recursive splitter over each report's
text, the same embeddings, Chroma top-k, the same extractive composer — no tables, no routing, no
filters. It shows what the facts store and the question understanding add.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from vectorstore import Library
from vectorstore.library import Hit

from .answer import Answer, Bot, Citation
from .narrative import best_sentences
from .understand import understand


@dataclass
class NaiveRAG:
    library: Library
    k: int = 4
    chunk_size: int = 500
    chunk_overlap: int = 50

    def __post_init__(self):
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=self.chunk_size,
            chunk_overlap=self.chunk_overlap,
            separators=["\n\n", "\n", "。", "，", ""],
        )
        self.docs: list[Hit] = []
        for r in self.library.reports():
            text = self.library.facts.report_text(r["id"])
            pos = 0
            for piece in splitter.split_text(text):
                start = text.find(piece, max(0, pos - self.chunk_overlap))
                pos = start + len(piece) if start >= 0 else pos
                self.docs.append(
                    Hit(
                        chunk_id=uuid.uuid4().hex,
                        report_id=r["id"],
                        file=r["file"],
                        body=r["body"] or "",
                        town=r["town"] or "",
                        year=r["year"] or 0,
                        section="",
                        kind="text",
                        text=piece,
                        start=max(0, start),
                        end=max(0, start) + len(piece),
                        score=0.0,
                    )
                )
        emb = self.library.embeddings
        if emb.enabled:
            import chromadb

            client = chromadb.EphemeralClient()
            name = f"naive_{uuid.uuid4().hex[:8]}"
            self.collection = client.create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})
            vecs = emb.passages([d.text for d in self.docs])
            ids = [str(i) for i in range(len(self.docs))]
            for i in range(0, len(ids), 500):
                self.collection.add(ids=ids[i : i + 500], embeddings=[list(map(float, v)) for v in vecs[i : i + 500]])
            self.retriever = None
        else:
            import bm25s

            from vectorstore.lexical import tokens

            self.collection = None
            self.retriever = bm25s.BM25()
            self.retriever.index([tokens(d.text) for d in self.docs], show_progress=False)

    def search(self, question: str) -> list[Hit]:
        if self.collection is not None:
            res = self.collection.query(
                query_embeddings=[list(map(float, self.library.embeddings.query(question)))], n_results=self.k
            )
            return [self.docs[int(i)] for i in res["ids"][0]]
        from vectorstore.lexical import tokens

        docs, _ = self.retriever.retrieve([tokens(question)], k=min(self.k, len(self.docs)), show_progress=False)
        return [self.docs[int(i)] for i in docs[0]]

    def answer(self, question: str, bot: Bot) -> Answer:
        q = understand(question, bot.catalog)
        hits = self.search(question)
        best = best_sentences(q, hits, 3)
        citations = []
        lines = []
        for _s, sent, h, start in best:
            c = Citation(
                len(citations) + 1, h.report_id, h.file, h.body, h.year, h.section, sent, start, start + len(sent)
            )
            citations.append(c)
            lines.append(f"{sent} [{c.n}]")
        text = "".join(lines) or "没有找到相关内容。"
        return Answer(question, "naive", text, tuple(citations))
