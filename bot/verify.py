"""Every number in an answer, checked against the cited passages and the facts store.

verified: the number is printed in a cited passage, or is a cell (or a sum of cells) of a cited
report; contradicted: the sentence ties it to a statistic whose cell in the cited report holds
another value; not_found: neither.

    >>> numbers_in("镇罗镇2024年行政处罚为 103件 [1]，占 33.9%。")
    ['103', '33.9']
"""

from __future__ import annotations

import re
from decimal import Decimal

from .understand import find_stats

_NUM = re.compile(r"(?<![\d.\[])(\d+(?:\.\d+)?)(?![\d.]*\])(?!\d)")
_YEAR = re.compile(r"^(19|20)\d{2}$")


def numbers_in(text: str) -> list[str]:
    out = []
    for m in _NUM.finditer(text):
        v = m.group(1)
        after = text[m.end() : m.end() + 1]
        if (_YEAR.match(v) and after in ("年", "-", "—", "至", "、", "）", ")")) or after == "]":
            continue
        if text[max(0, m.start() - 1) : m.start()] == "[":
            continue
        out.append(v)
    return out


def _standalone(num: str, text: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(num)}(?![\d]|\.\d)", text.replace(",", "")) is not None


def _sum(cells: dict, keys: list[str]):
    vals = [cells[k]["value"] for k in keys]
    return None if any(v is None for v in vals) else Decimal(str(sum(vals)))


def verify(text: str, citations, lib, question: str = "") -> list:
    from .answer import NumberCheck

    asked = set(numbers_in(question))
    cited_reports = {c.report_id for c in citations}
    cells: dict[str, dict] = {rid: lib.facts.cells(rid) for rid in cited_reports}
    out = []
    for sentence in re.split(r"(?<=[。；\n])", text):
        stats = find_stats(sentence)
        for num in numbers_in(sentence):
            if num in asked or re.search(rf"(?<![\d.]){re.escape(num)}\s*(份年报|处|份)", sentence):
                continue  # the question's own number, or a count of the answer's items
            value = Decimal(num)
            own = next(
                (
                    c.cell
                    for c in citations
                    if c.cell
                    and all(k in cells[c.report_id] for k in c.cell.split(","))
                    and _sum(cells[c.report_id], c.cell.split(",")) == value
                ),
                None,
            )
            if own:
                out.append(NumberCheck(num, "verified", cell=own))
                continue
            quote = next((c.quote for c in citations if _standalone(num, c.quote)), None)
            if quote is None:
                quote = next((c.note for c in citations if c.note and _standalone(num, c.note)), None)
            if quote is not None:
                out.append(NumberCheck(num, "verified", quote=quote[:200]))
                continue
            cell = next(
                (
                    k
                    for rid in cited_reports
                    for k, v in cells[rid].items()
                    if v["value"] is not None and Decimal(str(v["value"])) == value
                ),
                None,
            )
            summed = None
            for keys in stats:
                for rid in cited_reports:
                    vals = [cells[rid].get(k, {}).get("value") for k in keys]
                    if all(v is not None for v in vals):
                        summed = (keys, sum(vals))
                        if Decimal(str(summed[1])) == value:
                            cell = ",".join(keys)
            if cell is not None:
                out.append(NumberCheck(num, "verified", cell=cell))
            elif summed is not None:
                out.append(NumberCheck(num, "contradicted", cell=",".join(summed[0]), expected=str(summed[1])))
            else:
                out.append(NumberCheck(num, "not_found", quote=None))
    return out
