"""Findings across reports of one body: carry-over between years, and text repeated from last year.

>>> from ingest import parse_file
>>> import glob
>>> reports = [parse_file(f) for f in sorted(glob.glob("data/reports/*.txt"))]
>>> across_findings(reports)
{}
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from .duplicates import same_report_key
from .model import Finding, Report
from .schema import SECTION_TITLES

REPEATED_AT = 0.8  # share of last year's character 4-grams found again
NARRATIVE = ("overview", "problems_and_improvements", "other_matters")  # the table sections are template text


def across_findings(reports: Iterable[Report]) -> dict[str, list[Finding]]:
    """file → the carry_over and repeated_text findings that need the body's report of the year before."""
    by_body: dict[str, dict[int, Report]] = defaultdict(dict)
    for r in reports:
        key = same_report_key(r.body, r.year)
        if key:
            by_body[key[0]].setdefault(key[1], r)
    out: dict[str, list[Finding]] = {}
    for years in by_body.values():
        for year, r in years.items():
            prev = years.get(year - 1)
            if prev is None:
                continue
            fs = carry_over(prev, r) + repeated_text(prev, r)
            if fs:
                out[r.file] = fs
    return out


def carry_over(prev: Report, cur: Report) -> list[Finding]:
    before = prev.value("B.carried_to_next_year.total")
    now = cur.value("B.carried_from_last_year.total")
    if before is None or now is None or before == now:
        return []
    return [
        Finding(
            kind="carry_over",
            severity="warning",
            message=(
                f"{prev.year} 年报告表三“结转下年度继续办理”为 {before} 件，"
                f"而 {cur.year} 年报告“上年结转政府信息公开申请数量”为 {now} 件，两者应相等。"
            ),
            cells=("B.carried_from_last_year.total",),
            values=(str(before), str(now)),
        )
    ]


def _grams(text: str) -> set[str]:
    t = re.sub(r"[\s\d]+", "", text)
    return {t[i : i + 4] for i in range(max(0, len(t) - 3))}


def repeated_text(prev: Report, cur: Report) -> list[Finding]:
    out = []
    for s in cur.sections:
        p = prev.section(s.key)
        if s.key not in NARRATIVE or p is None or len(s.text) < 80:
            continue
        a, b = _grams(p.text), _grams(s.text)
        if not a or not b:
            continue
        share = len(a & b) / len(b)
        if share >= REPEATED_AT:
            out.append(
                Finding(
                    kind="repeated_text",
                    severity="info",
                    message=f"“{SECTION_TITLES[s.key]}”部分与 {prev.year} 年报告的同一部分约 {share:.0%} 相同。",
                    values=(f"{share:.2f}",),
                )
            )
    return out
