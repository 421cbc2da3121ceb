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


# --- the 2019 template's item counts across years -------------------------------------------------
# Table A of the 2019 template prints, for 行政许可/其他对外管理服务事项/行政处罚/行政强制/行政事业性收费,
# 上一年项目数量 and 本年增/减: this year's item count is last year's plus the change, and it is next
# year's 上一年项目数量. A flattened page that runs a row's digits together ("行政许可3960181") leaves
# the row unknown; the neighbouring years' reports pin it.
ITEM_ROWS = ("licensing", "other_services", "penalty", "coercion", "fee")


def _splits(run: str, parts: int) -> list[tuple[int, ...]]:
    """Every way to cut a run of digits into `parts` numbers without leading zeros."""
    if parts == 1:
        return [(int(run),)] if run and (run == "0" or run[0] != "0") else []
    out = []
    for i in range(1, len(run)):
        head = run[:i]
        if head != "0" and head[0] == "0":
            continue
        out += [(int(head), *rest) for rest in _splits(run[i:], parts - 1)]
    return out


def item_rows_across_years(run_of, cells_of, year: int) -> dict[str, int]:
    """Cells of `year`'s flattened item rows that the years around it pin to exactly one reading.

    `run_of(row)` gives this year's printed digit run of a row (or None); `cells_of(year)` a year's
    cell values (or None when the library has no 2019-template report that year).

    >>> cells = {2020: {"A.licensing_items_last_year": 396}}
    >>> item_rows_across_years(lambda row: "3960181" if row == "licensing" else None, cells.get, 2019)
    {'A.licensing_items_last_year': 396, 'A.licensing_items_change': 0, 'A.licensing_decisions': 181}
    """
    nxt, prev = cells_of(year + 1) or {}, cells_of(year - 1) or {}
    out: dict[str, int] = {}
    for row in ITEM_ROWS:
        run = run_of(row)
        if not run or not run.isdigit():
            continue
        keys = (f"A.{row}_items_last_year", f"A.{row}_items_change") + (() if row == "fee" else (f"A.{row}_decisions",))
        now = nxt.get(f"A.{row}_items_last_year")  # next year's 上一年项目数量 = this year's items
        before = (
            prev[keys[0]] + prev[keys[1]] if prev.get(keys[0]) is not None and prev.get(keys[1]) is not None else None
        )
        if now is None and before is None:
            continue
        fits = [
            s
            for s in _splits(run, len(keys))
            if (now is None or s[0] + s[1] == now) and (before is None or s[0] == before)
        ]
        if len(fits) == 1:
            out.update(zip(keys, fits[0], strict=True))
    return out
