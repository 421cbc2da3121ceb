"""Typed, immutable values the parser produces: Report, Cell, Section, Finding.

>>> from ingest import parse_file
>>> report = parse_file("data/reports/004_9c54c256ccc794aa.txt")
>>> report.value("A.penalty_decisions")
103
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Value = int | Decimal | None
Severity = Literal["error", "warning", "info"]
FindingKind = Literal[
    "identity",
    "text_vs_table",
    "parts_sum",
    "cell_missing",
    "cell_inferred",
    "year_mismatch",
    "incomplete",
    "carry_over",
    "repeated_text",
    "implausible_value",
    "ocr",
]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Cell(Frozen):
    """One table cell: its value (None when not printed or unreadable) and where it came from."""

    key: str
    value: Value = None
    source: str | None = None  # "line 57", "page 3", "table 2 row 5"
    raw: str | None = None  # the printed text the value was read from
    inferred: bool = False  # pinned by an identity rather than printed
    # read by OCR (a scanned page or a table printed as an image): where, and how sure
    page: int | None = None
    box: tuple[float, float, float, float] | None = None  # PDF points: x0, top, x1, bottom
    confidence: float | None = None  # the lowest OCR score among the cell's characters, 0–1


class Section(Frozen):
    key: str
    title: str  # the heading as printed
    text: str
    start: int  # character offsets into Report.text
    end: int


class Finding(Frozen):
    kind: FindingKind
    severity: Severity
    message: str  # Chinese, for citizens
    cells: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()  # sentences of the report the finding is about
    values: tuple[str, ...] = ()  # the numbers involved, as text


class Report(Frozen):
    """A parsed annual report. `cells` holds every key of the schema (other template's keys null)."""

    file: str
    sha256: str
    format: str  # txt, md, html, docx, pdf
    body: str | None
    town: str | None
    county: str | None
    city: str | None
    level: str | None
    year: int | None
    template: str
    title: str | None
    text: str  # normalised full text: offsets of sections and chunks point into it
    sections: tuple[Section, ...] = ()
    cells: dict[str, Cell] = Field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    complete: bool = True

    def value(self, key: str) -> Value:
        cell = self.cells.get(key)
        return cell.value if cell else None

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def values(self) -> dict[str, Value]:
        return {k: c.value for k, c in self.cells.items()}
