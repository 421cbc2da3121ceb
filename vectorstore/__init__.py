"""vectorstore: persistence and search over parsed reports.

Chroma (embedded, or a server when GONGKAI_CHROMA_URL is set) for dense search, a BM25 index over
jieba tokens, and the facts store (SQLite, or PostgreSQL when GONGKAI_DATABASE_URL is set) that is
the source of truth for reports, cells and findings.

    >>> from vectorstore import Library, Settings
"""

from .library import Hit, IngestResult, Library, LibraryError
from .settings import Settings

__all__ = ["Hit", "IngestResult", "Library", "LibraryError", "Settings"]
