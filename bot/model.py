"""The answer as data: the text, its citations (report, section, quote, offsets, cell) and the check
of every number in it.

    >>> Answer("q", "lookup", "61 件 [1]").to_json()["answer"]
    '61 件 [1]'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .understand import Query


@dataclass(frozen=True)
class Citation:
    n: int
    report_id: str
    file: str
    body: str
    year: int | None
    section: str
    quote: str
    start: int | None = None
    end: int | None = None
    cell: str | None = None
    note: str | None = None  # a parser finding the passage is cited for

    @classmethod
    def passage(cls, n: int, r: dict, quote: str, start: int, end: int, section: str = "overview") -> Citation:
        """A passage of a report's text, at its offsets."""
        return cls(n, r["id"], r["file"], r.get("body") or "", r.get("year"), section, quote, start, end)


@dataclass(frozen=True)
class NumberCheck:
    value: str
    status: str  # verified, not_found, contradicted
    cell: str | None = None
    quote: str | None = None
    expected: str | None = None


@dataclass(frozen=True)
class Answer:
    question: str
    kind: str
    text: str
    citations: tuple[Citation, ...] = ()
    numbers: tuple[NumberCheck, ...] = ()
    query: Query | None = field(default=None, compare=False)

    def to_json(self) -> dict:
        return {
            "answer": self.text,
            "kind": self.kind,
            "citations": [
                {
                    "n": c.n,
                    "file": Path(c.file).name,
                    "body": c.body,
                    "year": c.year,
                    "section": c.section,
                    "quote": c.quote,
                    "start": c.start,
                    "end": c.end,
                    **({"cell": c.cell} if c.cell else {}),
                }
                for c in self.citations
            ],
            "numbers": [
                {"value": x.value, "status": x.status, **({"cell": x.cell} if x.cell else {"quote": x.quote})}
                for x in self.numbers
            ],
        }
