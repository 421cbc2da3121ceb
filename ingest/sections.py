"""The six sections, found by their headings in print order, whatever the numbering or Markdown marks.

>>> spans = find_sections("前言\\n一、总体情况\\n正文\\n二、主动公开政府信息情况\\n表")
>>> [(s[0], s[1]) for s in spans]
[('overview', '一、总体情况'), ('proactive_disclosure', '二、主动公开政府信息情况')]
"""

from __future__ import annotations

import re

from .schema import SECTIONS

_NUMS = "一二三四五六七八九十"


def _pattern(variants: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?P<num>[{_NUMS}])\s*[、.．]\s*(?:{alts})")


_PATTERNS = [(s, _pattern(s.variants)) for s in SECTIONS]


def find_sections(text: str) -> list[tuple[str, str, int, int]]:
    """(key, heading as printed, start, end) of each section found; end is the next section's start."""
    found: list[tuple[str, str, int]] = []
    pos = 0
    for sec, pat in _PATTERNS:
        hits = list(pat.finditer(text, pos))
        if not hits:
            continue
        hit = next((h for h in hits if h.group("num") == sec.number), hits[0])
        found.append((sec.key, hit.group(0), hit.start()))
        pos = hit.end()
    found = _lost_problems_heading(text, found)
    out = []
    for i, (key, heading, start) in enumerate(found):
        end = found[i + 1][2] if i + 1 < len(found) else len(text)
        out.append((key, heading, start, end))
    return out


# "（一）2024年工作中存在问题的改进情况": a sub-heading only section 五 has
_PROBLEMS_SUB = re.compile(
    r"^[ \t]*[（(][一二三四五六][）)][^\n]{0,24}?(?:存在(?:的)?(?:主要)?问题|问题(?:的)?改进情况)", re.M
)


def _lost_problems_heading(text: str, found: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    r"""Section 五 whose heading a conversion lost: it starts at the first of its own sub-headings after
    section 四 (and before section 六), never inside another section.

    >>> t = "四、政府信息公开行政复议、行政诉讼情况\n表\n（一）2024年工作中存在问题的改进情况\n措施\n六、其他需要报告的事项\n无"
    >>> [(k, h) for k, h, _ in _lost_problems_heading(t, [("reconsideration_litigation", "四、…", 0), ("other_matters", "六、…", t.index("六、"))])]
    [('reconsideration_litigation', '四、…'), ('problems_and_improvements', '（一）2024年工作中存在问题的改进情况'), ('other_matters', '六、…')]
    """
    keys = [k for k, _, _ in found]
    if "problems_and_improvements" in keys or "reconsideration_litigation" not in keys:
        return found
    i = keys.index("reconsideration_litigation")
    start = found[i][2]
    end = found[i + 1][2] if i + 1 < len(found) else len(text)
    m = _PROBLEMS_SUB.search(text, start, end)
    if not m:
        return found
    line_end = text.find("\n", m.start())
    heading = text[m.start() : line_end if line_end >= 0 else len(text)].strip()
    return [
        *found[: i + 1],
        ("problems_and_improvements", heading, m.start() + len(m.group(0)) - len(m.group(0).lstrip())),
        *found[i + 1 :],
    ]
