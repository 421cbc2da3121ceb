"""Where the library lives and how it embeds: from arguments, else GONGKAI_* environment variables.

>>> s = Settings(data_dir="/tmp/gk", embeddings="none")
>>> s.data_dir.name, s.embeddings, s.chroma_url
('gk', 'none', None)
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
    GONGKAI_CHROMA_URL (http://host:port of a `chroma run` server; embedded Chroma when unset)."""

    model_config = SettingsConfigDict(env_prefix="GONGKAI_", frozen=True)

    data_dir: Path = Field(default_factory=default_data_dir)
    embeddings: str = "e5-small"
    chroma_url: str | None = None
    device: str | None = None  # for sentence-transformers: cpu, cuda, …
