"""Every number in an answer, checked against the cited passages and the facts store.

verified: the number is printed in a cited passage, or is a cell (or a sum of cells) of a cited
report; contradicted: the sentence ties it to a statistic whose cell in the cited report holds
another value; not_found: neither.

    >>> numbers_in("镇罗镇2024年行政处罚为 103件 [1]，占 33.9%。")
    ['103', '33.9']
    >>> numbers_in("电话：0955-7619055，邮编：755200，国办公开办函〔2021〕30号，10月29日上线，受理12件")
    ['12']
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from .understand import find_stats

_NUM = re.compile(r"(?<![\d.\[])(\d+(?:\.\d+)?)(?![\d.]*\])(?!\d)")
_YEAR = re.compile(r"^(19|20)\d{2}$")


# numbers that are not statistics: phone numbers, postal codes, document numbers, dates, web addresses
_NOT_STAT = re.compile(
    r"\d{3,4}-\d{7,8}|(?:邮编|邮政编码)[：:]?\s*\d{6}|〔\d{4}〕\d+号|第\d+号|\d+号|\d{1,2}月\d{1,2}日|\d{1,2}月|"
    r"https?://\S+|www\.\S+|\d+(?:\.\d+)?(?=[层楼室])"
)


def numbers_in(text: str) -> list[str]:
    """The statistics of a text (never years, phone numbers, postal codes, document numbers or dates)."""
    out = []
    skip = [(m.start(), m.end()) for m in _NOT_STAT.finditer(text)]
    for m in _NUM.finditer(text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        v = m.group(1)
        after = text[m.end() : m.end() + 1]
        if (_YEAR.match(v) and after in ("年", "-", "—", "至", "、", "）", ")")) or after == "]":
            continue
        if text[max(0, m.start() - 1) : m.start()] == "[":
            continue
        out.append(v)
    return out


def _standalone(num: str, text: str) -> bool:
    """The number stands alone in the quote, also when the print wrapped a line inside it (the
    answer quotes the sentence with its wrapped lines joined)."""
    pattern = rf"(?<![\d.]){re.escape(num)}(?![\d]|\.\d)"
    text = text.replace(",", "")
    return re.search(pattern, text) is not None or re.search(pattern, re.sub(r"\s*\n\s*", "", text)) is not None


def _sum(cells: dict, keys: list[str]):
    vals = [cells[k]["value"] for k in keys]
    return None if any(v is None for v in vals) else Decimal(str(sum(vals)))


def anchored(num: str, sentence: str, citations, anchors: list[str]) -> str | None:
    """For written (not quoted) answers: the number a cited passage prints right after the question's
    subject ("村务公开平台发布980条"), when the answer gives another number for that subject."""
    for a in anchors:
        if len(a) < 3:
            continue
        for c in citations:
            found = [
                (len(m.group(1)), m.group(2))
                for m in re.finditer(rf"{re.escape(a)}([^\d。；，,]{{0,12}}?)(\d+(?:\.\d+)?)", c.quote)
            ]
            if found and (a in sentence or len(re.sub(r"[\d\s.条件个次人%，。]", "", sentence)) < 6):
                closest = min(found)[1]
                return None if closest == num or any(n == num for _, n in found) else closest
    return None


def _written_sums(sentence: str) -> dict[str, str]:
    """Sums the answer writes out ("新收 3119 + 上年结转 34 = 3153"): the total is checked by adding
    the numbers before it, not looked up as a cell (it is none)."""
    out = {}
    for m in re.finditer(r"=\s*(\d+(?:\.\d+)?)(?![\d.])", sentence):
        seg = re.split(r"[；：:（(，,。]", sentence[: m.start()])[-1]
        if "+" not in seg or re.search(r"[−\-÷×*/]", seg):
            continue
        nums = [Decimal(x) for x in re.findall(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])", seg)]
        if nums and sum(nums) == Decimal(m.group(1)):
            out[m.group(1)] = seg.strip() + " = " + m.group(1)
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*÷\s*(\d+(?:\.\d+)?)\s*=\s*(\d+(?:\.\d+)?)\s*%", sentence):
        # a share the answer works out ("980 ÷ 1962 = 49.9%"): checked by dividing
        a, b = Decimal(m.group(1)), Decimal(m.group(2))
        shown = Decimal(m.group(3))
        if b and (a * 100 / b).quantize(Decimal(1).scaleb(shown.as_tuple().exponent), ROUND_HALF_UP) == shown:
            out[m.group(3)] = f"{m.group(1)} ÷ {m.group(2)} = {m.group(3)}%"
    for m in re.finditer(r"(?:相差|差了?|差额为?)\s*(\d+(?:\.\d+)?)(?![\d.])", sentence):
        # a difference the answer states: checked by subtracting two numbers it gave before it
        before = [Decimal(x) for x in re.findall(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])", sentence[: m.start()])]
        d = Decimal(m.group(1))
        pair = next(((a, b) for a in before for b in before if a - b == d), None)
        if pair:
            out[m.group(1)] = f"{pair[0]} − {pair[1]} = {m.group(1)}"
    return out


def verify(text: str, citations, lib, question: str = "", anchors: list[str] | None = None) -> list:
    from .answer import NumberCheck

    asked = set(numbers_in(question))
    cited_reports = {c.report_id for c in citations}
    cells: dict[str, dict] = {rid: lib.facts.cells(rid) for rid in cited_reports}
    out = []
    for sentence in re.split(r"(?<=[。；\n])", text):
        stats = find_stats(sentence)
        sums = _written_sums(sentence)
        for num in numbers_in(sentence):
            if num in sums:
                out.append(NumberCheck(num, "verified", cell="formula:" + sums[num]))
                continue
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
            if anchors:
                expected = anchored(num, sentence, citations, anchors)
                if expected is not None:
                    out.append(NumberCheck(num, "contradicted", quote=None, expected=expected))
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
            across = [_sum(cells[rid], list(keys)) for keys in stats for rid in cited_reports]
            if stats and len(cited_reports) > 1 and None not in across and sum(across) == value:
                out.append(NumberCheck(num, "verified", cell="sum:" + ",".join(stats[0])))
                continue
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


def mark_unverified(text: str, checks) -> str:
    """Put a visible mark after every number that is not verified (never pass one silently)."""
    bad = {c.value: c for c in checks if c.status != "verified"}
    if not bad:
        return text

    def mark(m: re.Match) -> str:
        c = bad.get(m.group(1))
        if c is None:
            return m.group(0)
        if c.status == "contradicted":
            return f"{m.group(0)}〔与年报不符，年报为 {c.expected}〕"
        return f"{m.group(0)}〔未核实〕"

    return _NUM.sub(mark, text)
