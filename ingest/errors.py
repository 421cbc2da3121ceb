"""The one error the parser raises for a file it cannot read: it names the file and the reason."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A report file that cannot be parsed. `str(err)` is a one-line message for the user."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}：{reason}")
