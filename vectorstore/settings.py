"""Where the library lives and how it embeds: from arguments, else GONGKAI_* environment variables.

>>> s = Settings(data_dir="/tmp/gk", embeddings="none")
>>> s.data_dir.name, s.embeddings, s.chroma_url, s.facts_target().name
('gk', 'none', None, 'facts.sqlite')
>>> Settings(data_dir="/tmp/gk", database_url="postgresql://gk@db/gongkai").facts_target()
'postgresql://gk@db/gongkai'
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("gongkai", appauthor=False))


class Settings(BaseSettings):
    """GONGKAI_DATA_DIR, GONGKAI_EMBEDDINGS (e5-small | sentence-transformers:<name-or-path> | none),
    GONGKAI_CHROMA_URL (http://host:port of a `chroma run` server; embedded Chroma when unset),
    GONGKAI_DATABASE_URL (postgresql://user:password@host:port/dbname: the facts store on PostgreSQL;
    SQLite in the data directory when unset), GONGKAI_INGEST_WORKERS (parsing processes for a big
    ingest; 0: one per core, at most 8), GONGKAI_DENSE_TABLES (0: printed table rows get no vectors, only the lexical index: half the
    embedding, and hybrid recall@1 on the eval questions 0.788 instead of 0.856; see README)."""

    model_config = SettingsConfigDict(env_prefix="GONGKAI_", frozen=True)

    data_dir: Path = Field(default_factory=default_data_dir)
    embeddings: str = "e5-small"
    chroma_url: str | None = None
    device: str | None = None  # for sentence-transformers: cpu, cuda, …
    database_url: str | None = None
    ingest_workers: int = 0
    dense_tables: bool = True

    def facts_target(self) -> Path | str:
        """Where the facts store lives: the database URL, else facts.sqlite in the data directory."""
        return self.database_url or Path(self.data_dir) / "facts.sqlite"
