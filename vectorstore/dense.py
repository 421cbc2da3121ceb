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
    def __init__(self, data_dir: Path, url: str | None, embeddings_name: str, dim: int):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if url:
            u = urlparse(url if "://" in url else f"http://{url}")
            self.client = chromadb.HttpClient(
                host=u.hostname or "127.0.0.1", port=u.port or 8000, ssl=u.scheme == "https", settings=chroma_settings
            )
        else:
            self.client = chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=chroma_settings)
        self.collection = self.client.get_or_create_collection(
            COLLECTION,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "embeddings": embeddings_name, "dim": dim},
        )
        self.embeddings_name = self.collection.metadata.get("embeddings") if self.collection.metadata else None

    def add(self, ids: list[str], vectors, documents: list[str], metadatas: list[dict]) -> None:
        for i in range(0, len(ids), 500):
            self.collection.upsert(
                ids=ids[i : i + 500],
                embeddings=[list(map(float, v)) for v in vectors[i : i + 500]],
                documents=documents[i : i + 500],
                metadatas=metadatas[i : i + 500],
            )

    def delete_report(self, rid: str) -> None:
        self.collection.delete(where={"report_id": rid})

    def ids(self) -> set[str]:
        got = self.collection.get(include=[])
        return set(got["ids"])

    def search(self, vector, k: int = 20, filters: dict | None = None) -> list[tuple[str, float]]:
        """Nearest chunks. Filters naming a town or body select a few reports' chunks: those are
        fetched by metadata and ranked exactly (faster than a filtered HNSW walk, and exact)."""
        if self.collection.count() == 0:
            return []
        filters = filters or {}
        if any(f in filters for f in ("town", "body", "report_id")):
            import numpy as np

            got = self.collection.get(where=where(filters), include=["embeddings"])
            if not got["ids"]:
                return []
            scores = np.asarray(got["embeddings"], dtype=np.float32) @ np.asarray(vector, dtype=np.float32)
            order = np.argsort(-scores)[:k]
            return [(got["ids"][i], float(scores[i])) for i in order]
        res = self.collection.query(
            query_embeddings=[list(map(float, vector))],
            n_results=k,
            where=where(filters or {}),
            include=["distances"],
        )
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)]
