"""The vector store: Chroma, embedded (PersistentClient in the data directory) or a Chroma server
(HttpClient, when GONGKAI_CHROMA_URL is set). We always hand Chroma our own vectors.

    >>> where({"year": 2024, "town": ["七营镇"]})
    {'$and': [{'year': 2024}, {'town': {'$in': ['七营镇']}}]}
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

COLLECTION = "gongkai_chunks"


def where(filters: dict) -> dict | None:
    conds = []
    for k, v in filters.items():
        if isinstance(v, list | tuple | set):
            conds.append({k: {"$in": list(v)}})
        else:
            conds.append({k: v})
    if not conds:
        return None
    return conds[0] if len(conds) == 1 else {"$and": conds}


class DenseStore:
    """One Chroma collection per report year: a year filter picks collections (the common filter,
    and the one a filtered HNSW walk is slowest at); other filters go into Chroma's `where`."""

    def __init__(self, data_dir: Path, url: str | None, embeddings_name: str, dim: int, fresh: bool = False):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.args = (data_dir, url, embeddings_name, dim)
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if fresh and not url:
            from chromadb.api.shared_system_client import SharedSystemClient

            # forget (without stopping: other threads may still query through it) the System this
            # process shares for the path, so the next client loads the files afresh
            SharedSystemClient._identifier_to_system.pop(str(data_dir / "chroma"), None)
        if url:
            u = urlparse(url if "://" in url else f"http://{url}")
            self.client = chromadb.HttpClient(
                host=u.hostname or "127.0.0.1", port=u.port or 8000, ssl=u.scheme == "https", settings=chroma_settings
            )
        else:
            self.client = chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=chroma_settings)
        self.meta = {"hnsw:space": "cosine", "embeddings": embeddings_name, "dim": dim}
        self.collections = {
            int(c.name.rsplit("_", 1)[1]): self.client.get_collection(c.name, embedding_function=None)
            for c in (self.client.get_collection(n, embedding_function=None) for n in self._names())
        }

    def reopened(self) -> DenseStore:
        """The store as it is now, with what other processes wrote since this one was opened.

        Embedded Chroma keeps each collection's vector index in this process's memory and never
        reloads it when another process adds to the files, so queries would miss the new reports
        (and a write through the stale index would persist it without them). A server needs only
        the list of collections read again."""
        return DenseStore(*self.args, fresh=True)

    def _names(self) -> list[str]:
        names = [c if isinstance(c, str) else c.name for c in self.client.list_collections()]
        return [n for n in names if n.startswith(COLLECTION + "_")]

    def _collection(self, year: int):
        if year not in self.collections:
            self.collections[year] = self.client.get_or_create_collection(
                f"{COLLECTION}_{year:04d}", embedding_function=None, metadata=self.meta
            )
        return self.collections[year]

    def add(self, ids: list[str], vectors, documents: list[str], metadatas: list[dict]) -> None:
        by_year: dict[int, list[int]] = {}
        for i, m in enumerate(metadatas):
            by_year.setdefault(int(m.get("year") or 0), []).append(i)
        for year, idx in by_year.items():
            col = self._collection(year)
            for a in range(0, len(idx), 500):
                part = idx[a : a + 500]
                col.upsert(
                    ids=[ids[i] for i in part],
                    embeddings=[list(map(float, vectors[i])) for i in part],
                    documents=[documents[i] for i in part],
                    metadatas=[metadatas[i] for i in part],
                )

    def delete_report(self, rid: str) -> None:
        for col in self.collections.values():
            col.delete(where={"report_id": rid})

    def ids(self) -> set[str]:
        out: set[str] = set()
        for col in self.collections.values():
            out |= set(col.get(include=[])["ids"])
        return out

    def search(self, vector, k: int = 20, filters: dict | None = None) -> list[tuple[str, float]]:
        """Nearest chunks. Filters naming a town or body select a few reports' chunks: those are
        fetched by metadata and ranked exactly (faster than a filtered HNSW walk, and exact)."""
        import numpy as np

        filters = dict(filters or {})
        years = filters.pop("year", None)
        if years is not None:
            years = [int(y) for y in (years if isinstance(years, list | tuple | set) else [years])]
        cols = [c for y, c in self.collections.items() if years is None or y in years]
        hits: list[tuple[str, float]] = []
        vec = [float(x) for x in vector]
        for col in cols:
            if col.count() == 0:
                continue
            if any(f in filters for f in ("town", "body", "report_id")):
                got = col.get(where=where(filters), include=["embeddings"])
                if got["ids"]:
                    scores = np.asarray(got["embeddings"], dtype=np.float32) @ np.asarray(vec, dtype=np.float32)
                    hits += [(got["ids"][i], float(scores[i])) for i in np.argsort(-scores)[:k]]
                continue
            res = col.query(query_embeddings=[vec], n_results=k, where=where(filters), include=["distances"])
            hits += [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)]
        hits.sort(key=lambda h: -h[1])
        return hits[:k]
