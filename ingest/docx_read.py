"""A Word file's body as the lines a reader of the printed page sees.

python-docx's `Paragraph.text` reads only the runs and hyperlinks directly inside a paragraph, so a
real Word file loses or gains text a person never sees or always sees: text inserted with track
changes on (`w:ins`, `w:moveTo`) or inside a content control (`w:sdt`), a smart tag or a simple
field (`w:fldSimple`) is lost; body paragraphs and tables inside block-level content controls are
lost; a table in a text box is lost; text moved away (`w:moveFrom`) and hidden text (`w:vanish`) are
read. And the numbers of Word's automatic list numbering ("一、" "（一）" "1.") are not in the text at
all, so headings numbered that way are not found. Here the document XML is walked in order:

- text as printed: deletions, moved-away text, hidden text, field instructions (`w:instrText`) and
  tables of contents (a TOC field's result repeats every heading) are not read; insertions, moved-to
  text, content controls, smart tags, custom XML, hyperlinks and field results are;
- list numbers rendered from numbering.xml (direct `w:numPr` or through the paragraph's style, the
  levels' formats 一 / （一） / 1. / ① …, counters per list, restarts below a level), and an unnumbered
  heading (a heading style or outline level) that names a section given the section's number;
- tables read by `docx_tables` (each merged cell once), deleted rows left out; a layout table whose
  cell holds the real table read as that table (and its other cells as paragraphs); a one-row table
  nested in a data cell read as the cell's text; a table in a text box read where the box is anchored, once (Word writes a VML copy beside
  the drawing for older readers: `mc:Fallback` is skipped);
- in a table cell, a footnote mark after a number ("32*", "713①", a superscript "1") is not part of
  it, nor is a list number before it.

Headers, footers, footnotes and comments are other parts of the package and are not read.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn

from . import schema
from .docx_tables import continues, grid_skip, span
from .load import Line
from .normalise import normalise_cell

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"

P, R, T, TBL, TR, TC = (qn(f"w:{t}") for t in ("p", "r", "t", "tbl", "tr", "tc"))
PPR, RPR, TCPR, TRPR = (qn(f"w:{t}") for t in ("pPr", "rPr", "tcPr", "trPr"))
SDT, SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
FLD_CHAR, INSTR, FLD_SIMPLE = qn("w:fldChar"), qn("w:instrText"), qn("w:fldSimple")
TXBX = qn("w:txbxContent")
ALT, CHOICE, FALLBACK = f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback"
_M_T = f"{{{_M}}}t"
# wrappers whose content is the document's own, at block level (paragraphs, tables) or inline (runs)
_BLOCK_WRAPPERS = {qn("w:customXml"), qn("w:ins"), qn("w:moveTo")}
_INLINE_WRAPPERS = {
    qn(f"w:{t}") for t in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo")
} | {f"{{{_M}}}oMath", f"{{{_M}}}oMathPara", f"{{{_M}}}r"}
# what is not on the printed page
_GONE = {qn(f"w:{t}") for t in ("del", "moveFrom", "delText", "delInstrText", "pPr", "rPr")}
_TEXT = {
    T: None,
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
    _M_T: None,
}
_DRAWINGS = {qn("w:drawing"), qn("w:pict"), qn("w:object"), ALT}
_ON = {None, "1", "true", "on"}
# fields whose result is not the report's text: a table of contents repeats every heading
_SKIPPED_FIELDS = re.compile(r"^\s*(TOC|INDEX|TOA)\b", re.I)

_NUMBER = r"[-+]?\d[\d,，]*(?:\.\d+)?(?:万元|元|件|个|条|项|次)?"
_NUMBER_RE = re.compile(_NUMBER)
# a footnote mark typed after a number: * ※ † # ① (normalised to "(1)"), 注1, [1]
_FOOTNOTED = re.compile(rf"({_NUMBER})\s*(?:[*＊※†‡#]+\d?|\(\d{{1,2}}\)|注\s*\d{{0,2}}|\[\d{{1,2}}\]|［\d{{1,2}}］)")


def _on(el, name: str) -> bool:
    """A toggle property (w:vanish, w:b …) of a properties element: present and not switched off."""
    if el is None:
        return False
    prop = el.find(qn(name))
    return prop is not None and prop.get(qn("w:val")) in _ON


def _val(el, name: str) -> str | None:
    if el is None:
        return None
    prop = el.find(qn(name))
    return None if prop is None else prop.get(qn("w:val"))


# --- list numbering ------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (up to 9999; beyond, decimal)."""
    if n <= 0 or n > 9999:
        return str(n)
    out, zero = [], False
    parts = [(n // 1000, units[2]), (n // 100 % 10, units[1]), (n // 10 % 10, units[0]), (n % 10, "")]
    for d, unit in parts:
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        out.append(digits[d] + unit)
    text = "".join(out)
    return text[1:] if 10 <= n < 20 and digits is _CN_DIGITS else text


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")):
        while n >= value:
            out.append(sym)
            n -= value
    for value, sym in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str | None) -> str:
    """A list counter in one of Word's number formats (w:numFmt).

    >>> [format_number(n, "chineseCounting") for n in (1, 10, 12, 20)]
    ['一', '十', '十二', '二十']
    >>> format_number(3, "decimalEnclosedCircle"), format_number(28, "upperLetter"), format_number(4, "lowerRoman")
    ('③', 'BB', 'iv')
    """
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return _chinese(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "ideographEnclosedCircle" and 1 <= n <= 10:
        return chr(0x3280 + n - 1)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and n > 0:
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Level:
    __slots__ = ("fmt", "legal", "restart", "start", "style", "suffix", "text")

    def __init__(self, lvl):
        self.start = _int(_val(lvl, "w:start"), 1)
        self.fmt = _val(lvl, "w:numFmt") or "decimal"
        self.text = _val(lvl, "w:lvlText")
        self.restart = _int(_val(lvl, "w:lvlRestart"), -1)
        self.legal = _on(lvl, "w:isLgl")
        self.suffix = {"nothing": "", "space": " "}.get(_val(lvl, "w:suff") or "tab", " ")
        self.style = _val(lvl, "w:pStyle")


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class Numbering:
    """numbering.xml and the paragraph styles that carry numbering: the label Word prints before each
    numbered paragraph, counted in document order. Counters belong to an abstract list (two w:num of
    one w:abstractNum continue each other, as in Word) unless the w:num overrides a level (Word's
    "restart numbering"), which then counts on its own."""

    def __init__(self, numbering, styles):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}  # numbering style id → abstract list defining it
        self.num_style_link: dict[str, str] = {}  # abstract list → numbering style it takes its levels from
        self.nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.last_level = 0  # the list level of the last label given
        self.started: set[str] = set()
        self.styles: dict[str, tuple[str | None, tuple[str | None, str | None] | None, int | None, str]] = {}
        self.default_style: str | None = None  # what a paragraph without w:pStyle has
        if styles is not None:
            for st in styles.iter(qn("w:style")):
                if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) in ("1", "true", "on"):
                    self.default_style = st.get(qn("w:styleId"))
                ppr = st.find(PPR)
                num = None if ppr is None else ppr.find(qn("w:numPr"))
                num_pr = None if num is None else (_val(num, "w:numId"), _val(num, "w:ilvl"))
                outline = _val(ppr, "w:outlineLvl")
                self.styles[st.get(qn("w:styleId"), "")] = (
                    _val(st, "w:basedOn"),
                    num_pr,
                    _int(outline, 9) if outline is not None else None,
                    (_val(st, "w:name") or "").lower(),
                )
        if numbering is None:
            return
        for an in numbering.iter(qn("w:abstractNum")):
            aid = an.get(qn("w:abstractNumId"), "")
            self.abstract[aid] = {_int(lvl.get(qn("w:ilvl")), 0): _Level(lvl) for lvl in an.iter(qn("w:lvl"))}
            if (link := _val(an, "w:styleLink")) is not None:
                self.style_link[link] = aid
            if (link := _val(an, "w:numStyleLink")) is not None:
                self.num_style_link[aid] = link
        for num in numbering.iter(qn("w:num")):
            levels: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for ov in num.iter(qn("w:lvlOverride")):
                ilvl = _int(ov.get(qn("w:ilvl")), 0)
                lvl = ov.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = _Level(lvl)
                if (s := _val(ov, "w:startOverride")) is not None:
                    starts[ilvl] = _int(s, 1)
            self.nums[num.get(qn("w:numId"), "")] = (_val(num, "w:abstractNumId") or "", levels, starts)

    def _abstract(self, aid: str) -> dict[int, _Level]:
        """An abstract list's levels, through a numStyleLink to the list a numbering style names."""
        for _ in range(4):
            link = self.num_style_link.get(aid)
            if link is None:
                break
            target = self.style_link.get(link)
            if target is None:  # the numbering style's own w:numPr names the list
                num_pr = self.styles.get(link, (None, None, None, ""))[1]
                target = self.nums.get(num_pr[0] if num_pr else "", ("",))[0]
            if not target or target == aid:
                break
            aid = target
        return self.abstract.get(aid, {})

    def style_of(self, ppr) -> str | None:
        return _val(ppr, "w:pStyle") or self.default_style

    def style_chain(self, style_id: str | None):
        seen = set()
        while style_id is not None and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            yield style_id, self.styles[style_id]
            style_id = self.styles[style_id][0]

    def heading_level(self, ppr) -> int | None:
        """The outline level of a paragraph (its own or its style's; a style named heading N/标题 N/Title)."""
        own = _val(ppr, "w:outlineLvl")
        if own is not None:
            return _int(own, 9) if _int(own, 9) < 9 else None  # level 9: body text
        for _sid, (_base, _num, outline, name) in self.style_chain(self.style_of(ppr)):
            if outline is not None:
                return outline if outline < 9 else None
            m = re.fullmatch(r"(?:heading|标题)\s*(\d)", name)
            if m:
                return int(m.group(1)) - 1
            if name in ("title", "标题"):
                return 0
        return None

    def label(self, ppr) -> str:
        """The list label Word prints before a paragraph ("一、" "（二）" "3."), counting it; "" if none."""
        style = self.style_of(ppr)
        num_id = ilvl = None
        own = None if ppr is None else ppr.find(qn("w:numPr"))
        if own is not None:
            num_id, ilvl = _val(own, "w:numId"), _val(own, "w:ilvl")
        if num_id is None:
            for _sid, (_base, num_pr, _outline, _name) in self.style_chain(style):
                if num_pr is not None and num_pr[0] is not None:
                    num_id, ilvl = num_pr[0], ilvl if ilvl is not None else num_pr[1]
                    break
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        aid, overrides, starts = self.nums[num_id]
        levels = {**self._abstract(aid), **overrides}
        if ilvl is None:  # a style linked to a level of the list (w:pStyle in the level)
            ilvl = next((str(i) for i, lv in levels.items() if style is not None and lv.style == style), "0")
        level = _int(ilvl, 0)
        self.last_level = level
        lv = levels.get(level)
        if lv is None or lv.text is None:
            return ""
        key = f"num {num_id}" if overrides or starts else f"abstract {aid}"
        counts = self.counters.setdefault(key, [None] * 10)
        if num_id not in self.started:
            self.started.add(num_id)
            for i, s in starts.items():
                if 0 <= i < 10:
                    counts[i] = s - 1
        if not 0 <= level < 10:
            return ""
        counts[level] = lv.start if counts[level] is None else counts[level] + 1
        for deeper in range(level + 1, 10):
            below = levels.get(deeper)
            if below is None or below.restart == -1 or level < below.restart:
                counts[deeper] = None
        if lv.fmt == "bullet":
            return ""

        def number(m: re.Match) -> str:
            i = int(m.group(1)) - 1
            at = levels.get(i)
            n = counts[i] if counts[i] is not None else (at.start if at else 1)
            return format_number(n, "decimal" if lv.legal and i < level else (at.fmt if at else "decimal"))

        return re.sub(r"%([1-9])", number, lv.text) + lv.suffix


# --- the walk ------------------------------------------------------------------------------------


def _choice(alt):
    """The branch of mc:AlternateContent to read: the first mc:Choice (what Word shows), else the
    mc:Fallback."""
    for branch in alt:
        if branch.tag == CHOICE:
            return branch
    for branch in alt:
        if branch.tag == FALLBACK:
            return branch
    return []


def _boxes(el) -> list:
    """The text boxes (w:txbxContent) a drawing, picture or alternate content holds, outermost only,
    the fallback copy of an mc:AlternateContent skipped."""
    found = []
    stack = [el]
    while stack:
        node = stack.pop()
        if node.tag == TXBX:
            found.append(node)
            continue
        if node.tag == ALT:
            stack.append(_choice(node)) if len(node) else None
            continue
        stack.extend(reversed(list(node)))
    return found


# list labels a section heading may carry that are not the template's 一、: 1. 1、 第一部分
_FOREIGN_LABEL = re.compile(r"\d{1,2}\s*[、.．]?|第[一二三四五六七八九十\d]{1,2}(?:部分|章|节)\s*[、.．:：]?")
_HEADING_TEXT = {
    re.sub(r"\s+", "", v): s.number for s in schema.SECTIONS for v in s.variants
}  # a section heading without its number → the number


class Reader:
    """Walks a document's body (or any block container) into Lines."""

    def __init__(self, doc=None, skip_fields: bool = True):
        numbering = styles = None
        if doc is not None:
            from docx.opc.constants import RELATIONSHIP_TYPE as RT

            for rel in doc.part.rels.values():
                if rel.reltype == RT.NUMBERING and not rel.is_external:
                    numbering = getattr(rel.target_part, "element", None)
            try:
                styles = doc.styles.element
            except Exception:  # a package without a styles part
                styles = None
        self.numbering = Numbering(numbering, styles)
        self.skip_fields = skip_fields
        self.fields: list[list] = []  # open complex fields: [state, instruction]
        self.lines: list[Line] = []
        self.p_no = self.t_no = 0
        self.carry = ""  # text of a paragraph whose mark was deleted: it runs on into the next
        # headings naming a section without a number find_sections reads: line, level, number, text
        self.headings: list[tuple[int, int, str, str]] = []

    def number_headings(self) -> None:
        """Section headings whose number is not one a text report prints get their section's number,
        so they read as the template prints them: a heading style with no number ("总体情况" as
        标题 1), a list numbering them 1. 2. or 第一部分. Only the outermost level that names sections
        (a sub-heading "主动公开政府信息情况" under 总体情况 stays as it is)."""
        if not self.headings:
            return
        top = min(level for _, level, _, _ in self.headings)
        for i, level, number, body in self.headings:
            if level == top:
                self.lines[i] = Line((f"{number}、{body}",), self.lines[i].source)

    # blocks ---------------------------------------------------------------------------------------

    def blocks(self, parent) -> None:
        for el in parent:
            tag = el.tag
            if tag == P:
                self.paragraph(el)
            elif tag == TBL:
                self.table(el)
            elif tag == SDT:
                content = _content(el)
                if content is not None:
                    self.blocks(content)
            elif tag in _BLOCK_WRAPPERS:
                self.blocks(el)
            elif tag == ALT:
                self.blocks(_choice(el))

    def paragraph(self, p) -> None:
        pieces: list[tuple[str, bool]] = []
        boxes: list = []
        self.inline(p, pieces, boxes)
        for f in self.fields:  # an instruction does not run on past its paragraph
            if f[0] == "instr":
                f[0] = "result"
        ppr = p.find(PPR)
        text = "".join(t for t, _ in pieces)
        mark = None if ppr is None else ppr.find(RPR)
        if mark is not None and (mark.find(qn("w:del")) is not None or mark.find(qn("w:moveFrom")) is not None):
            # the paragraph mark deleted: its text runs on into the next paragraph, whose mark (and
            # list number) the two share; a paragraph deleted whole leaves nothing
            self.carry += text
        else:
            label = self.numbering.label(ppr)
            body = normalise_cell(self.carry + text)
            text = normalise_cell(label + body)
            self.carry = ""
            number = _HEADING_TEXT.get(re.sub(r"[\s:：。]+", "", body))
            if number is not None and (not label.strip() or _FOREIGN_LABEL.fullmatch(normalise_cell(label))):
                level = self.numbering.heading_level(ppr)
                if level is None and label.strip():
                    level = 10 + self.numbering.last_level  # numbered by a list, not a heading style
                if level is not None:
                    self.headings.append((len(self.lines), level, number, body))
            self.p_no += 1
            self.lines.append(Line((text,), f"paragraph {self.p_no}"))
        for box in boxes:
            self.blocks(box)

    def inline(self, el, out: list[tuple[str, bool]], boxes: list) -> None:
        for child in el:
            tag = child.tag
            if tag == R:
                self.run(child, out, boxes)
            elif tag in _GONE:
                continue
            elif tag in _INLINE_WRAPPERS:
                if tag == FLD_SIMPLE and self.skip_fields and _SKIPPED_FIELDS.match(child.get(qn("w:instr"), "")):
                    continue
                self.inline(child, out, boxes)
            elif tag == SDT:
                content = _content(child)
                if content is not None:
                    self.inline(content, out, boxes)
            elif tag == ALT:
                self.inline(_choice(child), out, boxes)
            elif tag in _TEXT and not self._hidden_by_field():
                out.append((child.text or "" if _TEXT[tag] is None else _TEXT[tag], False))

    def _hidden_by_field(self) -> bool:
        return any(f[0] != "result" for f in self.fields)

    def run(self, r, out: list[tuple[str, bool]], boxes: list) -> None:
        rpr = r.find(RPR)
        hidden = _on(rpr, "w:vanish")
        sup = _val(rpr, "w:vertAlign") == "superscript"
        for c in r:
            tag = c.tag
            if tag == FLD_CHAR:
                kind = c.get(qn("w:fldCharType"))
                if kind == "begin":
                    self.fields.append(["instr", ""])
                elif kind == "separate" and self.fields:
                    skip = self.skip_fields and _SKIPPED_FIELDS.match(self.fields[-1][1])
                    self.fields[-1][0] = "skip" if skip else "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif tag == INSTR:
                if self.fields and self.fields[-1][0] == "instr":
                    self.fields[-1][1] += c.text or ""
            elif hidden or self._hidden_by_field():
                continue
            elif tag in _TEXT:
                text = _TEXT[tag]
                out.append((c.text or "" if text is None else text, sup))
            elif tag == qn("w:sym"):
                try:
                    ch = int(c.get(qn("w:char"), "0"), 16)
                except ValueError:
                    ch = 0
                if ch and not 0xE000 <= ch <= 0xF8FF:  # a symbol font's private code points print nothing readable
                    out.append((chr(ch), sup))
            elif tag in _DRAWINGS:
                boxes.extend(_boxes(c))

    # tables ---------------------------------------------------------------------------------------

    def table(self, tbl) -> None:
        self.t_no += 1
        t_no, r_no = self.t_no, 0
        mine: list[int] = []  # this table's rows among the lines (a nested layout adds others)
        for tr in _rows(tbl):
            trpr = tr.find(TRPR)
            if trpr is not None and trpr.find(qn("w:del")) is not None:
                continue  # a row deleted with track changes on
            tcs = [tc for tc in _children(tr, TC) if not _deleted_cell(tc)]
            if self._layout_row(tcs):  # its cells' paragraphs and tables, in order, are the document's
                for tc in tcs:
                    self.blocks(tc)
                continue
            cells: list[str] = [""] * grid_skip(tr, "w:gridBefore")
            for tc in tcs:
                cells.append("" if continues(tc) else self.cell_text(tc))
                cells.extend([""] * (span(tc) - 1))
            r_no += 1  # the grid columns after the last cell (w:gridAfter) are no cells at all
            mine.append(len(self.lines))
            self.lines.append(Line(tuple(cells), f"table {t_no} row {r_no}"))
        self._trim_empty_columns(mine)

    def _trim_empty_columns(self, rows: list[int]) -> None:
        """Columns at the right of a table with header rows that are empty in every row, header
        included (a stray grid column, a column added and never used), are left out: a row's
        cells then end where the template's do. A table without a header row (the second part of
        a split table, numbers only) keeps every column: an empty one may be a blank total."""
        table = [self.lines[i].cells for i in rows]
        headed = any(sum(1 for c in r if c) >= 2 and not any(_NUMBER_RE.fullmatch(c) for c in r if c) for r in table)
        if len(table) < 3 or not headed:
            return
        width = max(len(r) for r in table)
        keep = width
        while keep > 1 and all(len(r) < keep or not r[keep - 1] for r in table):
            keep -= 1
        if keep < width:
            for i in rows:
                self.lines[i] = Line(self.lines[i].cells[:keep], self.lines[i].source)

    def _layout_row(self, tcs: list) -> bool:
        """A row one of whose cells holds a real table (two rows or more) is layout: a page laid out
        with a table around the report's table, a caption or a second table beside it. A one-row
        table in a cell is the cell's value, typed in a box."""
        return any(sum(1 for _ in _rows(t)) >= 2 for tc in tcs for t in _children(tc, TBL))

    def cell_text(self, tc) -> str:
        """A cell's text: its paragraphs (and a nested table's cells) joined by line breaks; a footnote
        mark after a number dropped, and a list number before one (numbering applied to a column of
        values by mistake: "1. 705" is 705)."""
        parts: list[tuple[str, bool]] = []
        self._cell_parts(tc, parts)
        text = normalise_cell("".join(t for t, _ in parts))
        plain = normalise_cell("".join(t for t, sup in parts if not sup))
        if plain != text and _NUMBER_RE.fullmatch(plain):
            return plain
        m = _FOOTNOTED.fullmatch(text)
        return m.group(1) if m else text

    def _cell_parts(self, container, parts: list[tuple[str, bool]]) -> None:
        first = True
        for el in _blocks_of(container):
            if el.tag == P:
                boxes: list = []
                pieces: list[tuple[str, bool]] = []
                self.inline(el, pieces, boxes)
                label = self.numbering.label(el.find(PPR))
                if not first:
                    parts.append(("\n", False))
                first = False
                parts.append((label, True))  # a list number is never part of a cell's value
                parts.extend(pieces)
                for box in boxes:
                    parts.append(("\n", False))
                    self._cell_parts(box, parts)
            elif el.tag == TBL:
                for tr in _rows(el):
                    for tc in _children(tr, TC):
                        if not continues(tc):
                            parts.append(("\n", False))
                            self._cell_parts(tc, parts)
                first = False


def _content(sdt):
    """A content control's content, or None while it shows its placeholder ("单击或点击此处输入文字"):
    a control nobody filled in prints no value."""
    pr = sdt.find(qn("w:sdtPr"))
    if pr is not None and _on(pr, "w:showingPlcHdr"):
        return None
    return sdt.find(SDT_CONTENT)


def _blocks_of(container):
    """The paragraphs and tables of a cell or text box, through content controls and custom XML."""
    for el in container:
        if el.tag in (P, TBL):
            yield el
        elif el.tag == SDT:
            content = _content(el)
            if content is not None:
                yield from _blocks_of(content)
        elif el.tag in _BLOCK_WRAPPERS:
            yield from _blocks_of(el)


_WRAPPERS = {SDT, SDT_CONTENT, qn("w:customXml"), qn("w:smartTag"), qn("w:ins"), qn("w:moveTo")}


def _children(el, tag: str):
    """`el`'s children with `tag`, including those a content control, custom XML or an insertion wraps."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _rows(tbl):
    return _children(tbl, TR)


def _deleted_cell(tc) -> bool:
    tcpr = tc.find(TCPR)
    return tcpr is not None and tcpr.find(qn("w:cellDel")) is not None


def read_body(doc) -> list[Line]:
    """The Lines of a python-docx Document's body, in order."""
    body = doc.element.body
    if body is None:
        raise ValueError("文档没有正文（w:body）")
    reader = Reader(doc)
    reader.blocks(body)
    if any(f[0] == "skip" for f in reader.fields):
        # a table of contents that never ends (a damaged file): read again, its text and all
        reader = Reader(doc, skip_fields=False)
        reader.blocks(body)
    reader.number_headings()
    return reader.lines
