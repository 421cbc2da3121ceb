"""Recognising two files that are the same report (same body and year: a web page and its PDF).

>>> same_report_key("平潭综合实验区 管委会", 2023)
('平潭综合实验区管委会', 2023)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Report


def same_report_key(body: str | None, year: int | None) -> tuple[str, int] | None:
    if not body or year is None:
        return None
    return re.sub(r"\s+", "", body), year


def duplicate_of(reports: Iterable[Report]) -> dict[str, str]:
    """file → the earlier file holding the same report (same body and year, or the same bytes)."""
    first_by_key: dict[tuple[str, int], str] = {}
    first_by_hash: dict[str, str] = {}
    out: dict[str, str] = {}
    for r in reports:
        key = same_report_key(r.body, r.year)
        if r.sha256 and r.sha256 in first_by_hash:
            out[r.file] = first_by_hash[r.sha256]
        elif key and key in first_by_key:
            out[r.file] = first_by_key[key]
        else:
            if key:
                first_by_key[key] = r.file
            if r.sha256:
                first_by_hash[r.sha256] = r.file
    return out
