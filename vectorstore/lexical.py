"""The lexical index: BM25 (bm25s) over jieba tokens, persisted, filtered inside the index by a
document mask built from the chunks' metadata.

    >>> "的" in tokens("海原县的行政处罚"), "行政处罚" in tokens("海原县的行政处罚")
    (False, True)
    >>> place_variants("七营镇")
    '七营镇 七营'
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import numpy as np

_STOP = set(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "等",
        "在",
        "对",
        "为",
        "是",
        "将",
        "并",
        "年",
        "月",
        "日",
        "，",
        "。",
        "、",
        "；",
        "：",
        "（",
        "）",
        "“",
        "”",
        "(",
        ")",
    ]
)
_jieba = None


def _tokenizer():
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba


def tokens(text: str) -> list[str]:
    """jieba tokens, lower-cased, without stop words (index text through `place_variants` first)."""
    jb = _tokenizer()
    out = [t.lower() for t in jb.lcut(text) if t.strip() and t not in _STOP]
    return out


class LexicalIndex:
    """A BM25 index built from the facts store's complete chunks; rebuilt when the store changes."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.retriever = None
        self.ids: list[str] = []
        self.meta: dict[str, np.ndarray] = {}
        self.generation = -1

    def load(self) -> bool:
        info = self.folder / "info.json"
        if not info.exists():
            return False
        import bm25s

        data = json.loads(info.read_text())
        self.generation = data["generation"]
        self.ids = data["ids"]
        self.meta = {k: np.asarray(v) for k, v in data["meta"].items()}
        self.retriever = bm25s.BM25.load(str(self.folder / "bm25")) if self.ids else None
        return True

    def build(self, rows, generation: int) -> None:
        """rows: an iterable of chunk rows (id, embed_text, year, town, county, body, section, kind,
        report_id). Streamed: each chunk is tokenised straight into vocabulary ids, so memory holds
        ids, not strings (10,000 reports stay well under 2 GB)."""
        import bm25s
        from bm25s.tokenization import Tokenized

        keys = ("year", "town", "county", "body", "section", "kind", "report_id")
        self.ids = []
        meta: dict[str, list] = {k: [] for k in keys}
        vocab: dict[str, int] = {}
        corpus: list[list[int]] = []
        for r in rows:
            self.ids.append(r["id"])
            for k in keys:
                meta[k].append(r[k] if r[k] is not None else "")
            corpus.append([vocab.setdefault(t, len(vocab)) for t in tokens(place_variants(r["embed_text"]))])
        self.meta = {k: np.asarray(v) for k, v in meta.items()}
        del meta
        if self.ids:
            retriever = bm25s.BM25()
            retriever.index(Tokenized(ids=corpus, vocab=vocab), show_progress=False)
            self.retriever = retriever
        else:
            self.retriever = None
        del corpus
        self.generation = generation
        tmp = self.folder.with_name(self.folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.retriever is not None:
            self.retriever.save(str(tmp / "bm25"))
        (tmp / "info.json").write_text(
            json.dumps(
                {"generation": generation, "ids": self.ids, "meta": {k: v.tolist() for k, v in self.meta.items()}}
            )
        )
        shutil.rmtree(self.folder, ignore_errors=True)
        tmp.rename(self.folder)

    def mask(self, filters: dict) -> np.ndarray | None:
        if not filters:
            return None
        m = np.ones(len(self.ids), dtype=bool)
        for k, v in filters.items():
            vals = v if isinstance(v, list | tuple | set) else [v]
            one = np.zeros(len(self.ids), dtype=bool)
            for x in vals:
                one[self._positions(k, str(x))] = True
            m &= one
        return m

    def _positions(self, key: str, value: str) -> np.ndarray:
        """Documents holding a metadata value, indexed once per index generation."""
        cache = self.__dict__.setdefault("_positions_cache", {})
        if (self.generation, key) not in cache:
            col = self.meta[key].astype(str)
            order = np.argsort(col, kind="stable")
            values, starts = np.unique(col[order], return_index=True)
            ends = [*starts[1:], len(order)]
            cache[(self.generation, key)] = {str(v): order[a:b] for v, a, b in zip(values, starts, ends, strict=True)}
        return cache[(self.generation, key)].get(value, np.zeros(0, dtype=np.int64))

    def search(self, query: str, k: int = 20, filters: dict | None = None) -> list[tuple[str, float]]:
        if self.retriever is None or not self.ids:
            return []
        q = tokens(query)
        q = [t for t in q if t in self.retriever.vocab_dict] if hasattr(self.retriever, "vocab_dict") else q
        if not q:
            return []
        mask = self.mask(filters or {})
        if mask is not None and not mask.any():
            return []
        n = min(k, len(self.ids) if mask is None else int(mask.sum()))
        docs, scores = self.retriever.retrieve(
            [q], k=n, show_progress=False, weight_mask=None if mask is None else mask.astype(np.float32)
        )
        out = []
        for d, s in zip(docs[0], scores[0], strict=True):
            if s <= 0:
                continue
            out.append((self.ids[int(d)], float(s)))
        return out


def place_variants(text: str) -> str:
    """'七营镇' also as '七营' so short names match (a query token for the short form)."""
    return re.sub(r"([\u4e00-\u9fff]{2,4})(镇|乡|街道)", r"\1\2 \1", text)
