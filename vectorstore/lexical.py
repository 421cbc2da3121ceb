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
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
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


def query_tokens(text: str, known=None) -> list[str]:
    """A query's tokens, a long word the library never writes whole (`known` is the index's
    vocabulary) by the words inside it: "化解矛盾" finds a passage that writes "化解潜在矛盾".

    >>> query_tokens("化解矛盾的成效")
    ['化解矛盾', '化解', '矛盾', '成效']
    >>> query_tokens("化解矛盾的成效", known={"化解矛盾", "成效"})
    ['化解矛盾', '成效']
    """
    jb = _tokenizer()
    out: list[str] = []
    for t in tokens(text):
        out.append(t)
        if len(t) >= 3 and not t.isascii() and (known is None or t not in known):
            out += [w for w in jb.cut_for_search(t) if w != t and len(w) >= 2 and w not in _STOP]
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class _Snapshot:
    """One loaded or built index; replaced whole, so a search in another thread never sees the
    ids of one build with the retriever of another."""

    generation: int
    ids: list[str]
    meta: dict[str, np.ndarray]
    retriever: object | None
    positions: dict = field(default_factory=dict)  # (key) -> {value: document positions}


POINTER = "current"
STALE_S = 60  # an unused build folder older than this is removed (a reader loads one in well under that)


class LexicalIndex:
    """A BM25 index built from the facts store's complete chunks; rebuilt when the store changes.

    Each build is written to a folder of its own, then published by replacing the pointer file
    `current` with os.replace (atomic): a reader in another process never loads a half-written
    index, and two processes building at once cannot mix their files (the later one wins)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._s = _Snapshot(-1, [], {}, None)

    @property
    def generation(self) -> int:
        return self._s.generation

    @property
    def ids(self) -> list[str]:
        return self._s.ids

    @property
    def meta(self) -> dict[str, np.ndarray]:
        return self._s.meta

    @property
    def retriever(self):
        return self._s.retriever

    def load(self) -> bool:
        """Load the published index (False when there is none)."""
        for _ in range(5):
            try:
                name = (self.folder / POINTER).read_text().strip()
            except FileNotFoundError:
                return False
            try:
                self._s = _read(self.folder / name)
                return True
            except (OSError, ValueError):
                continue  # replaced and cleaned up while we read it: read the pointer again
        return False

    def build(self, rows, generation: int) -> None:
        """rows: an iterable of chunk rows (id, embed_text, year, town, county, body, section, kind,
        report_id; tokens when the ingest computed them). Streamed: each chunk is tokenised straight into vocabulary ids, so memory holds
        ids, not strings (10,000 reports stay well under 2 GB)."""
        import bm25s
        from bm25s.tokenization import Tokenized

        keys = ("year", "town", "county", "body", "section", "kind", "report_id")
        ids: list[str] = []
        meta: dict[str, list] = {k: [] for k in keys}
        vocab: dict[str, int] = {}
        corpus: list[list[int]] = []
        for r in rows:
            ids.append(r["id"])
            for k in keys:
                meta[k].append(r[k] if r[k] is not None else "")
            toks = r["tokens"].split(" ") if _has(r, "tokens") and r["tokens"] else index_tokens(r["embed_text"])
            corpus.append([vocab.setdefault(t, len(vocab)) for t in toks])
        arrays = {k: np.asarray(v) for k, v in meta.items()}
        del meta
        retriever = None
        if ids:
            retriever = bm25s.BM25()
            retriever.index(Tokenized(ids=corpus, vocab=vocab), show_progress=False)
        del corpus
        self._s = _Snapshot(generation, ids, arrays, retriever)
        self._publish(self._s)

    def _publish(self, s: _Snapshot) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.folder))
        if s.retriever is not None:
            s.retriever.save(str(tmp / "bm25"))
        (tmp / "info.json").write_text(
            json.dumps({"generation": s.generation, "ids": s.ids, "meta": {k: v.tolist() for k, v in s.meta.items()}})
        )
        final = self.folder / f"g{s.generation:012d}{tmp.name.removeprefix('.tmp')}"
        tmp.rename(final)
        try:
            live = (self.folder / POINTER).read_text().strip()
        except FileNotFoundError:
            live = ""
        if _generation_of(live) > s.generation:  # another process already published a newer one
            shutil.rmtree(final, ignore_errors=True)
            return
        pointer = self.folder / f".{POINTER}{tmp.name.removeprefix('.tmp')}"
        pointer.write_text(final.name)
        os.replace(pointer, self.folder / POINTER)
        self._clean(keep={final.name, live, POINTER})

    def _clean(self, keep: set[str]) -> None:
        """Remove builds nobody points to any more (and the single-folder layout of older versions)."""
        now = time.time()
        for p in self.folder.iterdir():
            if p.name in keep:
                continue
            try:
                old = now - p.stat().st_mtime > (STALE_S if p.name.startswith("g") else 3600)
            except FileNotFoundError:
                continue
            if p.name in ("info.json", "bm25") or old:
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)

    def mask(self, filters: dict, s: _Snapshot | None = None) -> np.ndarray | None:
        s = s or self._s
        if not filters:
            return None
        m = np.ones(len(s.ids), dtype=bool)
        for k, v in filters.items():
            vals = v if isinstance(v, list | tuple | set) else [v]
            one = np.zeros(len(s.ids), dtype=bool)
            for x in vals:
                one[_positions(s, k, str(x))] = True
            m &= one
        return m

    def search(self, query: str, k: int = 20, filters: dict | None = None) -> list[tuple[str, float]]:
        return [(cid, score) for cid, score, _ in self.search_kinds(query, k, filters)]

    def search_kinds(self, query: str, k: int = 20, filters: dict | None = None) -> list[tuple[str, float, str]]:
        """Like search, with each chunk's kind ("text" or "table")."""
        s = self._s  # one snapshot for the whole search, whatever a rebuild does meanwhile
        if s.retriever is None or not s.ids:
            return []
        vocab = getattr(s.retriever, "vocab_dict", None)
        q = query_tokens(query, vocab)
        q = [t for t in q if t in vocab] if vocab is not None else q
        if not q:
            return []
        mask = self.mask(filters or {}, s)
        if mask is not None and not mask.any():
            return []
        n = min(k, len(s.ids) if mask is None else int(mask.sum()))
        docs, scores = s.retriever.retrieve(
            [q], k=n, show_progress=False, weight_mask=None if mask is None else mask.astype(np.float32)
        )
        kinds = s.meta.get("kind")
        return [
            (s.ids[int(d)], float(x), str(kinds[int(d)]) if kinds is not None else "")
            for d, x in zip(docs[0], scores[0], strict=True)
            if x > 0
        ]


def _positions(s: _Snapshot, key: str, value: str) -> np.ndarray:
    """Documents holding a metadata value, indexed once per snapshot."""
    if key not in s.positions:
        col = s.meta[key].astype(str)
        order = np.argsort(col, kind="stable")
        values, starts = np.unique(col[order], return_index=True)
        ends = [*starts[1:], len(order)]
        s.positions[key] = {str(v): order[a:b] for v, a, b in zip(values, starts, ends, strict=True)}
    return s.positions[key].get(value, np.zeros(0, dtype=np.int64))


def _read(folder: Path) -> _Snapshot:
    import bm25s

    data = json.loads((folder / "info.json").read_text())
    retriever = bm25s.BM25.load(str(folder / "bm25")) if data["ids"] else None
    return _Snapshot(data["generation"], data["ids"], {k: np.asarray(v) for k, v in data["meta"].items()}, retriever)


def _generation_of(name: str) -> int:
    """A build folder's generation, from its name (g000000000042-…); -1 for none."""
    return int(name[1:13]) if re.fullmatch(r"g\d{12}-.*", name) else -1


def index_tokens(embed_text: str) -> list[str]:
    """A chunk's tokens as the index holds them (computed at ingest, in the parsing processes)."""
    return tokens(place_variants(embed_text))


def _has(row, key: str) -> bool:
    return key in (row.keys() if hasattr(row, "keys") else row)


def place_variants(text: str) -> str:
    """'七营镇' also as '七营' so short names match (a query token for the short form)."""
    return re.sub(r"([\u4e00-\u9fff]{2,4})(镇|乡|街道)", r"\1\2 \1", text)
