"""ingest: a report file becomes a typed, checked `Report`. Pure functions, no storage.

>>> from ingest import parse_file
>>> report = parse_file("data/reports/000_cd949d845be236b5.txt")
>>> report.body, report.year, report.template
('海原县七营镇人民政府', 2024, '2021')
"""

from .errors import IngestError
from .model import Cell, Finding, Report, Section
from .parse import parse_file, parse_lines

__all__ = ["Cell", "Finding", "IngestError", "Report", "Section", "parse_file", "parse_lines"]
