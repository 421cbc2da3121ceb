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
    out = []
    for i, (key, heading, start) in enumerate(found):
        end = found[i + 1][2] if i + 1 < len(found) else len(text)
        out.append((key, heading, start, end))
    return out
