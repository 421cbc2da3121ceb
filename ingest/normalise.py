"""Text normalisation: full-width digits and brackets, Markdown markup, page footers, spaces in numbers.

>>> normalise_cell("**２０２４ 年**（一）")
'2024 年(一)'
>>> join_cjk_digits("2024 年 1 月 1 日 公开 347 条")
'2024年1月1日 公开347条'
"""

from __future__ import annotations

import re
from functools import lru_cache

_FULLWIDTH = {
    ord(c): ord(c) - 0xFEE0
    for c in "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
}
_FULLWIDTH.update({ord("（"): "(", ord("）"): ")", ord("．"): ".", ord("\u3000"): " ", ord("\xa0"): " "})
_FULLWIDTH.update({ord(c): None for c in "\u200b\u200c\u200d\ufeff"})
_CIRCLED = {chr(0x2460 + i): f"({i + 1})" for i in range(10)}  # ① → (1)

FOOTER_RE = re.compile(r"^\s*[-—–－─]*\s*\d{1,3}\s*[-—–－─]*\s*$|^\s*第\s*\d+\s*页(\s*/?\s*共\s*\d+\s*页)?\s*$")
_MD_BOLD = re.compile(r"\*\*|__")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_SPACES = re.compile(r"[ \t\r\f\v]+")
CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_DIGIT = re.compile(rf"(?<=[{CJK}])\s+(?=[\d])|(?<=[\d%])\s+(?=[{CJK}])")
_DIGIT_SPACE = re.compile(r"(?<=\d)\s+(?=\d)")


@lru_cache(maxsize=65536)
def normalise_cell(text: str) -> str:
    """One cell or line: half-width digits and brackets, no Markdown bold, single spaces."""
    text = text.translate(_FULLWIDTH)
    for c, r in _CIRCLED.items():
        if c in text:
            text = text.replace(c, r)
    text = _MD_BOLD.sub("", text)
    return _SPACES.sub(" ", text).strip()


def strip_heading_marks(line: str) -> str:
    return _MD_HEADING.sub("", line)


def is_footer(line: str) -> bool:
    return bool(FOOTER_RE.match(line))


def join_cjk_digits(text: str) -> str:
    """Drop the spaces PDF conversion puts between Chinese and numbers ("2024 年" → "2024年")."""
    return _CJK_DIGIT.sub("", text)


def join_split_number(text: str) -> str:
    """Join digits a line break or space split ("1 000" → "1000"): only for text known to be one number."""
    return _DIGIT_SPACE.sub("", text)
