"""Figures a report's own prose states for a table A cell ("集中公开现行有效行政规范性文件698件，动态更新
本年度制发的规范性文件88件"): where a flattened page ran a row's digits together ("8855698"), the split
the prose agrees with is the one the table printed.

    >>> stated_figures("集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。",
    ...                ("行政规范性文件", "规范性文件"), ("A.x.issued", "A.x.repealed", "A.x.in_force"))
    {'A.x.issued': {88}, 'A.x.in_force': {698}}
    >>> pinned_by_prose([(8, 855, 698), (88, 55, 698), (885, 5, 698)], {"A.x.issued": {88}, "A.x.in_force": {698}},
    ...                 ("A.x.issued", "A.x.repealed", "A.x.in_force"))
    {'A.x.issued': 88, 'A.x.repealed': 55, 'A.x.in_force': 698}
"""

from __future__ import annotations

import re

# what a column is called in prose, by the last part of its cell key (table A's three-cell rows)
COLUMN_WORDS = {
    "issued": r"本年度?制发|本年度?出台|本年度?印发|新制发|制发",
    "repealed": r"本年度?废止|废止|宣布失效|失效",
    "in_force": r"现行有效",
    "made": r"本年度?新制作|新制作|本年度?制定|新制定",
    "published": r"本年度?新公开",
    "total_published": r"对外公开总数量?|累计公开",
}
_TABLE_TEXT = re.compile(r"\d{6,}|第二十条")  # a flattened table, not prose


def stated_figures(text: str, labels: tuple[str, ...], cells: tuple[str, ...]) -> dict[str, set[int]]:
    """cell key → the counts of 件 the prose gives for that row's column, in sentences that are prose."""
    label = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
    out: dict[str, set[int]] = {}
    for sentence in re.split(r"[。；;\n]", text):
        if _TABLE_TEXT.search(sentence) or not re.search(label, sentence):
            continue
        for key in cells:
            words = COLUMN_WORDS.get(key.rsplit(".", 1)[1])
            if not words:
                continue
            said = rf"(?:{words})(?:的)?[^。；，,\d]{{0,4}}?(?:{label})[^。；，,\d]{{0,4}}?(\d+)\s*件"
            said += rf"|(?:{label})[^。；，,\d]{{0,6}}?(?:{words})[^。；，,\d]{{0,4}}?(\d+)\s*件"
            for m in re.finditer(said, sentence):
                out.setdefault(key, set()).add(int(m.group(1) or m.group(2)))
    return out


def pinned_by_prose(
    cands: list[tuple[int, ...]], stated: dict[str, set[int]], cells: tuple[str, ...]
) -> dict[str, int]:
    """The cells every split agreeing best with the prose has in common (all of them when one split
    agrees best); nothing when no split agrees with any stated figure."""
    if not cands or not stated:
        return {}
    score = [sum(v in stated.get(k, ()) for k, v in zip(cells, c, strict=True)) for c in cands]
    best = max(score)
    if best == 0:
        return {}
    top = [c for c, s in zip(cands, score, strict=True) if s == best]
    return {k: top[0][i] for i, k in enumerate(cells) if all(c[i] == top[0][i] for c in top)}
