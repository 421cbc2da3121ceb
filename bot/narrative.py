"""Narrative answers: what a report says, quoted in whole sentences, each cited to its report and
section.

For the reports a question names (a few; up to eight when it asks for a part of them) the report is
read whole (report_answer): its text is cut into sentences over the print's wrapped lines and page
numbers (sentences, paragraphs), each under its section and sub-heading; the parts a question can
ask for are found (parts: problems and improvements of section 五, split where the report turns to
what it will do, found by their sub-headings when the parser found no section 五; the overview; the
other matters); the question is read into clauses (clauses: "哪些不足？下一步怎么改？" asks two), each
answered from its part — the sentences its words pick out there, else all the part's points in print
order — or, for a specific question, by the sentences its words match anywhere in the report
(rarer words weigh more; the part's section first; a number when one is asked for). At most BUDGET
characters a report, the lead and the points first when a part runs longer. Other questions:
retrieved passages, the best sentences, widened to the whole sentences of the report; one sentence
per report for "which towns …".

    >>> best_sentences.__name__
    'best_sentences'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from ingest.schema import SECTION_TITLES, SECTIONS
from vectorstore.lexical import query_tokens, tokens

from .model import Answer, Citation
from .understand import DIFF_RE, TIMES, WHICH_RE, Query, asked_part, asks_change_rate

QUESTION_WORDS = set(
    [
        "多少",
        "几",
        "几件",
        "几个",
        "几名",
        "几位",
        "几人",
        "多少名",
        "多少人",
        "多少条",
        "多少次",
        "几次",
        "哪些",
        "哪个",
        "哪里",
        "什么",
        "怎么",
        "怎样",
        "如何",
        "是否",
        "有没有",
        "吗",
        "呢",
        "请问",
        "年",
        "年度",
        "分别",
        "各",
        "各镇",
        "各乡",
        "哪些镇",
        "了",
        "的",
        "在",
        "有",
        "和",
        "与",
        "是",
        "作出",
        "打算",
        "进行",
        "开展",
        "一下",
        "介绍",
        "存在",
        "方面",
        "名字",
        "叫",
    ]
)
SECTION_WORDS = set(
    [
        "问题",
        "改进",
        "措施",
        "不足",
        "打算",
        "存在",
        "主要",
        "困难",
        "短板",
        "整改",
        "计划",
        "下一步",
        "方面",
        "哪些",
        "怎样",
        "如何",
    ]
)
GENERIC_WORDS = set(["政府", "信息", "公开", "政府信息", "工作", "情况", "报告", "年报", "通过", "发布", "镇", "乡"])
SECTION_OF_QUESTION = (
    (re.compile(r"问题|不足|困难|短板|差距|改进|整改|措施|打算|下一步|计划"), "problems_and_improvements"),
)
QUANTITY_RE = re.compile(r"多少|几[件个条次人名期篇场项]|数量|人次")
UNIT_NUM_RE = re.compile(r"\d+(?:\.\d+)?\s*(?:万)?(?:条|件|人次|次|期|个|篇|场|项|人|处|万元|元|%)")
META_RE = re.compile(r"属于哪个(县|区|市|省)|哪个(县|区|市)的|在哪个(县|区|市)|位于")
THRESHOLD_RE = re.compile(r"(超过|多于|大于|高于|不少于|至少|少于|低于|不足)\s*(\d+)")


def narrative_answer(bot, q: Query, on_token=None) -> Answer:
    per_report = (
        not q.places and (WHICH_RE.search(q.question) or re.search(r"各镇|各乡|各街道|各单位|各地", q.question))
    ) or (len(q.years) != 1 and _WHICH_REPORT.search(q.question) and len(bot.targets(q)) > 1)
    if bot.composer is not None and not per_report:
        return bot.composer.compose(bot, q, on_token=on_token)
    if per_report:
        return _per_report(bot, q)
    targets = bot.targets(q) if q.places else []
    sectional = any(c.intent in LABELS for c in clauses(q))
    if targets and (len(targets) <= MAX_REPORTS or (sectional and len(targets) <= MAX_SECTION_REPORTS)):
        answer = report_answer(bot, q, targets)
        if answer is not None:
            return answer
    section = next((sec for pat, sec in SECTION_OF_QUESTION if pat.search(_topic(q.question))), None)
    if section:
        hits = retrieve(bot, q, k=12, section=section)
        if hits:
            return _extract(bot, q, hits, max_sentences=5, listing=True)
    hits = retrieve(bot, q, k=12)
    return _extract(bot, q, hits, max_sentences=3)


def retrieve(bot, q: Query, k: int = 8, bodies=None, section: str | None = None):
    filters = {"kind": "text"}
    if section:
        filters["section"] = section
    if bodies or q.places:
        filters["body"] = list(bodies or q.places)
    if q.years:
        filters["year"] = list(q.years)
    if q.level and not (bodies or q.places):
        # "有没有县写过…": the bodies of that level (bot.targets reads the level)
        level = sorted({r["body"] for r in bot.targets(q) if r.get("body")})
        if level:
            filters["body"] = level
    query = q.question
    for w in q.place_words:
        query = query.replace(w, " ")
    hits = bot.lib.search(query, k=k, **filters)
    if bot.lib.dense is None:
        return hits
    # and what the words alone rank first: a passage with the question's rare words ("形式审查 …
    # 签发") the fusion may rank below passages near in meaning; the sentences are judged after
    seen = {h.chunk_id for h in hits}
    return hits + [h for h in bot.lib.search(query, k=k // 2, mode="lexical", **filters) if h.chunk_id not in seen]


# --- the sentences of a report ---------------------------------------------------------------------
# A report's text keeps the print's line breaks: a PDF wraps a paragraph every ~28 characters, a web
# page prints one paragraph per line, a page number may stand between two halves of a sentence.
# Sentences are read over the joined paragraphs, so a quote never stops in the middle of a word.

MAX_REPORTS = 3  # reports answered one by one; more go to retrieval over the library
MAX_SECTION_REPORTS = 8  # as many when the question asks for a part (problems …), each quoted shorter
BUDGET = 600  # characters quoted per report (of up to MAX_REPORTS; TOTAL_BUDGET shared beyond)
TOTAL_BUDGET = 1800
_TERMINAL = "。！？；"
_CLOSERS = "”’」』）)】"
_GOES_ON = "，、：:“‘《（(【"  # a line ending in one of these always continues
_MARKER = re.compile(
    r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d))"
)
_TOP = re.compile(r"^[一二三四五六七八九十]{1,2}、")
_POINT = re.compile(r"^(?:[一二三四五六七八九十]{1,2}是|首先|其次|再次|最后)")
_PAGE = re.compile(r"^(?:[—–－-]+\s*\d{1,3}\s*[—–－-]+|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?)$")
_INNER = re.compile(r"[，。；：！？,;:]")
_EXTRA_TITLES = ("主要问题和改进措施", "主要问题及改进措施", "存在的问题和改进措施", "主要问题及整改措施")
_TITLE_RE = re.compile(
    r"^[一二三四五六七八九十]{1,2}、\s*(?:"
    + "|".join(
        re.escape(v)
        for v in sorted({v for s in SECTIONS for v in s.variants} | set(_EXTRA_TITLES), key=len, reverse=True)
    )
    + ")"
)

_TITLE_ANY = re.compile(_TITLE_RE.pattern[1:])  # a section heading run into a paragraph


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report: its offsets in the text (the quote is the text between them), the
    sentence as shown (line breaks and page numbers of the print removed), its section."""

    start: int
    end: int
    text: str
    section: str
    unit: int  # the paragraph it belongs to
    heading: bool = False  # a heading line, not a sentence
    level: int = 5  # 1: (一) or 一、; 2: 一是; 3: a paragraph's first sentence; 5: any other
    context: str = ""  # the sub-heading it stands under ("(一)主动公开" for "2024年公开政府信息347条。")

    @property
    def content(self) -> bool:
        return not self.heading and len(self.text) >= 6


def _is_heading(s: str, width: float) -> bool:
    if not s or s[-1] in _TERMINAL:
        return False
    if _POINT.match(s):
        return False
    if _MARKER.match(s):
        return not re.search(r"[。；！？]", s) and (not _INNER.search(s) or len(s) < 0.85 * width)
    return not _INNER.search(s) and len(s) <= min(30, 0.75 * width)


def paragraphs(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_heading) of the paragraphs of a text: wrapped lines joined, a page number
    between them skipped, a heading alone.

    >>> t = "五、存在的主要问题\\n一是政策解读质量仍需\\n提升；二是队伍建设还需加强。\\n— 6 —\\n下一步，我市将着力加强政策解读质效，重\\n点提升解读的针对性。"
    >>> [(t[a:b].replace(chr(10), "⏎"), h) for a, b, h in paragraphs(t)][:2]
    [('五、存在的主要问题', True), ('一是政策解读质量仍需⏎提升；二是队伍建设还需加强。', False)]
    >>> t[slice(*paragraphs(t)[2][:2])].endswith("针对性。")
    True
    """
    lines = []
    pos = 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s and not _PAGE.match(s):
            a = pos + len(raw) - len(raw.lstrip())
            lines.append((a, a + len(s), s))
        pos += len(raw) + 1
    lens = sorted(len(s) for _, _, s in lines if len(s) >= 10 and s[-1] not in _TERMINAL)
    width = lens[int(len(lens) * 0.75)] if len(lens) >= 4 else 10**6
    out: list[tuple[int, int, bool]] = []
    cur: list | None = None
    for i, (a, b, s) in enumerate(lines):
        head = _is_heading(s, width)
        if cur is None:
            cur = [a, b, head]
        else:
            cur[1] = b
        ends = head or s[-1] in _TERMINAL or (s[-1] in _CLOSERS and s[-2:-1] in tuple(_TERMINAL)) or i == len(lines) - 1
        if not ends:
            nxt = lines[i + 1][2]
            gap = text.count("\n", b, lines[i + 1][0])
            if _is_heading(nxt, width) or (_MARKER.match(nxt) and s[-1] not in _GOES_ON):
                ends = True
            elif gap > 1 and not (s[-1] in _GOES_ON or (_INNER.search(s) and len(s) >= 20)):
                ends = True  # a blank line after a line that does not read as cut off
        if ends:
            out.append((cur[0], cur[1], cur[2]))
            cur = None
    return out


def shown(raw: str) -> str:
    """A quote as shown: the print's line breaks and page numbers removed.

    >>> shown("开发更多可读、可视\\n— 6 —\\n、可感的产品，共 12\\n34 件")
    '开发更多可读、可视、可感的产品，共 1234 件'
    """
    lines = [x.strip() for x in raw.split("\n")]
    out = ""
    for x in lines:
        if not x or _PAGE.match(x):
            continue
        if out and re.match(r"[A-Za-z]", out[-1]) and re.match(r"[A-Za-z]", x[0]):
            out += " "  # a line break between two English words (a number is printed whole across it)
        out += x
    return out


def _table_like(s: str) -> bool:
    if "\t" in s or "|" in s or not re.search(r"[\u4e00-\u9fff]{2}", s):
        return True
    digits = sum(ch.isdigit() or ch.isspace() for ch in s) / len(s)
    pauses = re.search(r"[，。；：、]", s)
    flattened = re.search(r"\d[\d\s]{7,}", s) and s.count("，") < 2  # a table's rows run together
    return digits > 0.6 or (digits > 0.3 and not pauses) or (len(s) > 80 and not pauses) or bool(flattened)


def _split(text: str, a: int, b: int):
    """Sentence spans of text[a:b]: after 。！？ (with closing quotes), after ； in a long sentence."""
    spans = []
    s = a
    i = a
    while i < b:
        ch = text[i]
        if ch in "。！？" or (ch == "；" and len(shown(text[s:i])) > 120):
            j = i + 1
            while j < b and text[j] in _CLOSERS:
                j += 1
            spans.append((s, j))
            s = j
            i = j
            continue
        i += 1
    if s < b:
        spans.append((s, b))
    out = []
    for x, y in spans:
        while x < y and text[x].isspace():
            x += 1
        while y > x and text[y - 1].isspace():
            y -= 1
        if x < y:
            out.append((x, y))
    return out


def sentences(text: str, spans: list[dict]) -> list[Sentence]:
    """The sentences of a report's text, each with its section (the preamble counts as the overview).

    >>> t = "一、总体情况\\n2024年，我镇公开信息\\n52条。\\n五、存在的主要问题及改进情况一是人员不足。下一步，加强培训。"
    >>> spans = [{"key": "overview", "start": 0, "end": 24}, {"key": "problems_and_improvements", "start": 24, "end": len(t)}]
    >>> [(s.text, s.section, s.heading) for s in sentences(t, spans)]  # doctest: +NORMALIZE_WHITESPACE
    [('一、总体情况', 'overview', True), ('2024年，我镇公开信息52条。', 'overview', False),
     ('五、存在的主要问题及改进情况', 'problems_and_improvements', True),
     ('一是人员不足。', 'problems_and_improvements', False), ('下一步，加强培训。', 'problems_and_improvements', False)]
    """
    spans = sorted(spans, key=lambda x: x["start"])

    def section_at(i: int) -> str:
        key = "overview"
        for sp in spans:
            if sp["start"] <= i:
                key = sp["key"]
        return key

    out: list[Sentence] = []
    for n, (a, b, head) in enumerate(paragraphs(text)):
        raw = text[a:b]
        if head:
            out.append(Sentence(a, b, shown(raw), section_at(a), n, heading=True, level=1))
            continue
        if _table_like(raw):
            continue
        first = True
        cuts = [a, *(m.start() for m in _TITLE_ANY.finditer(text, a + 1, b)), b]
        pieces = [xy for c0, c1 in pairwise(cuts) for xy in _split(text, c0, c1)]
        for x, y in pieces:
            t = shown(text[x:y])
            m = _TITLE_RE.match(t)
            if m and len(t) - m.end() >= 4:
                # a section heading run into its first sentence ("五、存在的主要问题及改进情况2025年，…")
                cut = x + len(text[x:y]) - len(text[x:y].lstrip())
                k = 0
                while k < m.end() and cut < y:  # walk the raw text past the heading's characters
                    if not text[cut].isspace():
                        k += 1
                    cut += 1
                out.append(Sentence(x, cut, t[: m.end()], section_at(x), n, heading=True, level=1))
                while cut < y and (text[cut].isspace() or text[cut] in "：:，,"):
                    cut += 1
                x, t = cut, shown(text[cut:y])
            if _table_like(t) or not t:
                continue
            level = 1 if _MARKER.match(t) else 2 if _POINT.match(t) else 3 if first else 5
            out.append(Sentence(x, y, t, section_at(x), n, level=level))
            first = False
    head = ""
    for k, x in enumerate(out):
        if x.heading or (x.level == 1 and len(x.text) <= 30):
            head = _MARKER.sub("", x.text).strip("。：: ")
        elif head:
            out[k] = replace(x, context=head)
    return out


_CACHE: dict[str, tuple[list[Sentence], dict[str, list[int]]]] = {}


def _report(bot, rid: str) -> tuple[str, list[Sentence], dict[str, list[int]]]:
    """A report's text, sentences and parts (cached by report id: an id is its content's hash)."""
    text = bot.lib.facts.report_text(rid)
    key = f"{rid}:{len(text)}"
    if key not in _CACHE:
        spans = bot.lib.facts.sections(rid)
        sents = sentences(text, spans)
        _CACHE[key] = (sents, parts(sents, spans))
        while len(_CACHE) > 64:
            _CACHE.pop(next(iter(_CACHE)))
    sents, prts = _CACHE[key]
    return text, sents, prts


# --- the parts of a report a question can ask for ------------------------------------------------
_PROBLEM_HEAD = re.compile(
    r"^(?:[一二三四五六七八九十]{1,2}、|[(（][一二三四五六七八九十\d]{1,2}[)）])\s*[^，。；：:]{0,18}?(?:问题|不足)"
)
_IMPROVE_START = re.compile(
    r"下一步|针对(?:存在|上述|以上|这些|以下)?的?(?:问题|不足|短板)|(?:以下|如下)(?:方面|措施|工作)|加以改进|做好改进|改进措施|整改措施|今后"
)
_IMPROVE_HEAD = re.compile(r"改进|整改|措施|解决|办法|下一步|打算|计划")
_PART_HEAD = re.compile(r"(?:存在|主要).{0,6}(?:问题|不足)|(?:改进|整改)(?:措施|情况)|解决办法")


def _head(s: Sentence) -> str:
    """A sentence's heading: the whole of a heading line, else the words before its first pause."""
    if s.heading:
        return s.text
    if _MARKER.match(s.text):
        return re.split(r"[，。；：:]", s.text, maxsplit=1)[0]
    return ""


def parts(sents: list[Sentence], spans: list[dict] = ()) -> dict[str, list[int]]:
    """The sentences of each part a question can ask for: problems, improvements (section 五, split
    where the report turns to what it will do; found by its sub-headings when the parser found no
    section 五), overview (section 一), other (section 六).

    >>> t = "五、存在的主要问题及改进情况\\n一是人员不足。二是解读单一。\\n下一步，加强培训。\\n六、其他需要报告的事项\\n无。"
    >>> spans = [{"key": "problems_and_improvements", "start": 0, "end": 40}, {"key": "other_matters", "start": 40, "end": len(t)}]
    >>> ss = sentences(t, spans)
    >>> {k: [ss[i].text for i in v] for k, v in parts(ss, spans).items() if v}
    {'problems': ['一是人员不足。', '二是解读单一。'], 'improvements': ['下一步，加强培训。']}
    """
    out: dict[str, list[int]] = {"problems": [], "improvements": [], "overview": [], "other": []}
    region = [i for i, s in enumerate(sents) if s.section == "problems_and_improvements"]
    if not region:
        first = next(
            (i for i, s in enumerate(sents) if s.section != "overview" and _PROBLEM_HEAD.match(_head(s) or "~")), None
        )
        if first is not None:
            region = [first]
            for j in range(first + 1, len(sents)):
                s = sents[j]
                if s.section == "other_matters" or (
                    _TOP.match(s.text) and (s.heading or s.level == 1) and not _PROBLEM_HEAD.match(s.text)
                ):
                    break
                region.append(j)
    state = "problems"
    for i in region:
        s = sents[i]
        head = _head(s)
        if head:
            if _TITLE_RE.match(head) or (_TOP.match(head) and "问题" in head and _IMPROVE_HEAD.search(head)):
                state = "problems"  # the section's own heading
            elif _IMPROVE_HEAD.search(head):
                state = "improvements"
            elif re.search(r"问题|不足|困难|短板", head):
                state = "problems"
            bare = _MARKER.sub("", s.text).strip("。：: ")
            if s.heading or (len(bare) <= 24 and _PART_HEAD.search(bare)):
                continue  # "(二)整改措施。" names the part, it is not one of its points
        elif state == "problems" and _IMPROVE_START.search(s.text):
            state = "improvements"
        if s.content:
            out[state].append(i)
    begin = next((sp["start"] for sp in spans if sp["key"] == "overview"), None)
    for i, s in enumerate(sents):
        if not s.content:
            continue
        if s.section == "other_matters":
            out["other"].append(i)
        elif s.section == "overview" and begin is not None and s.start >= begin:
            out["overview"].append(i)
    return out


# --- what a question asks of a report --------------------------------------------------------------
PROBLEM_RE = re.compile(
    r"问题|不足|差距|短板|薄弱|困难|欠缺|缺点|弱项|不够|瓶颈|毛病|差在|差哪|还差|不到位|problem|shortcoming|weakness",
    re.IGNORECASE,
)
IMPROVE_RE = re.compile(
    r"改进|整改|下一步|打算|计划|今后|明年|怎么改|如何改|改正|改善|准备|将来|未来|improve|plan|next step|rectif",
    re.IGNORECASE,
)
REMEDY_RE = re.compile(r"措施|举措|怎么办|解决|应对|怎么做|如何做|怎样做|measure", re.IGNORECASE)
OVERVIEW_RE = re.compile(r"总体情况|总体|整体|概况|概述|总的来看|基本情况|overview|overall", re.IGNORECASE)
OTHER_RE = re.compile(r"其他需要报告|其他事项|其它事项|需要报告的事项|other matters", re.IGNORECASE)
MEASURE_RE = re.compile(r"做法|举措|措施|怎么做|如何|怎样|怎么|采取|经验|亮点|特色", re.IGNORECASE)
LABELS = {"problems": "存在的问题", "improvements": "改进措施", "overview": "总体情况", "other": "其他需要报告的事项"}
EN_LABELS = {
    "存在的问题": "problems",
    "改进措施": "improvements",
    "总体情况": "overview",
    "其他需要报告的事项": "other matters",
    "主要做法": "measures",
}
PART_SECTION = {
    "problems": "problems_and_improvements",
    "improvements": "problems_and_improvements",
    "overview": "overview",
    "other": "other_matters",
}
_STOP = {
    # what a request for a precedent says about itself, not what it looks for
    "例子",
    "举个",
    "举例",
    "给个",
    "个例子",
    "举个例子",
    "给个例子",
    "原文",
    "抄一下",
    "范文",
    "参考",
    "写法",
    "那种",
    "这种",
    "那块",
    "这块",
    "那个",
    "别的",
    "一般",
    "的话",
    "哪份",
    "镇里",
    "想写",
    "写过",
    "给我",
    "咋写",
    "一步",
    "年报",
    "报里",
    "承认",
    "准备",
    "他们",
    "我们",
    "他",
    "她",
    "说",
    "说的",
    "提到",
    "提及",
    "写",
    "写了",
    "主要",
    "还有",
    "搞",
    "还",
    "具体",
    "怎么样",
    "事项",
    "其他",
    "需要",
    "采取",
    "改",
    "解决",
    "里",
    "对",
    "这个",
    "那些",
    "哪方面",
    "什么样",
    "当年",
    "该",
    "本",
    "今年",
    "去年",
    "做",
    "做了",
    "做好",
    "干",
    "为了",
    "为",
    "要",
    "将",
    "会",
    "能",
    "可以",
    "应该",
    "呢",
    "吗",
    "啊",
    "方面",
    "哪",
    "哪方",
    "目前",
    "现在",
    "又",
    "都",
    "也",
    "被",
    "把",
    "让",
    "给",
    "向",
    "从",
    "对于",
    "关于",
    "里面",
    "上",
    "中",
    "下",
    "后",
    "前",
    "情况",
    "工作",
    "单位",
    "政府",
    "针对",
    "一年",
    "上一年",
    "其中",
    "有关",
    "相关",
    "当中",
    "怎么办",
    "您好",
    "你好",
    "麻烦",
    "查一下",
    "想",
    "想知道",
    "告诉",
    "帮忙",
    "一下",
}


@dataclass(frozen=True)
class Clause:
    """One thing a question asks: the part of a report it asks for (problems, improvements,
    overview, other, measures, or None: anything the words match), its words, whether it wants a number."""

    text: str
    intent: str | None
    terms: tuple[str, ...]
    phrases: tuple[str, ...]
    number: bool


def _intent(p: str, sectional: bool) -> list[str | None]:
    if OTHER_RE.search(p):
        return ["other"]
    pm, im, rm = PROBLEM_RE.search(p), IMPROVE_RE.search(p), REMEDY_RE.search(p)
    if pm and (im or rm):
        if re.search(r"问题(?:及|和|与)|不足(?:及|和|与)", p) or not re.search(
            r"针对|解决|怎么办|如何|怎么|怎样|措施|举措", p
        ):
            return ["problems", "improvements"]
        return ["improvements"]  # "针对…的问题准备怎么办"
    if pm:
        return ["problems"]
    if im or (rm and sectional):
        return ["improvements"]
    if OVERVIEW_RE.search(p):
        return ["overview"]
    if MEASURE_RE.search(p):
        return ["measures"]
    return [None]


RELATED = {
    # words a report uses for what a question names in other words (counted at half weight)
    "渠道": ("平台", "载体", "途径", "网站", "公众号", "微博", "视频号", "新媒体", "公示栏", "公开栏", "热线", "专栏"),
    "平台": ("渠道", "载体", "网站", "公众号", "微博", "视频号", "新媒体"),
    "途径": ("渠道", "平台", "载体", "网站", "公众号", "新媒体"),
    "新媒体": ("公众号", "微博", "视频号", "抖音"),
    "培训": ("学习", "授课", "培训班", "轮训"),
    "学习": ("培训",),
    "人员": ("队伍", "专职", "兼职", "工作人员", "专人"),
    "专职": ("专人", "专门", "专岗", "全职", "兼职", "工作人员"),
    "全职": ("专职", "兼职", "工作人员"),
    "花了": ("费用", "支出", "经费", "万元"),
    "花费": ("费用", "支出", "经费"),
    "经费": ("费用", "支出"),
    "队伍": ("人员", "专职", "兼职", "工作人员"),
    "不足": ("问题", "短板"),
}
_GENERIC = GENERIC_WORDS | {"政务", "政务公开", "信息公开", "政府信息公开", "公开工作", "年度", "全年"}


# everyday phrases whose words are too short to search by: the report's word for them
_SAID_AS = (
    (re.compile(r"花了?(?:多少|几)?(?:钱|经费)|多少钱|开销|开支"), "费用"),
    (re.compile(r"几个人|多少人"), "人员"),
)


# an English question's words as the reports write them (the text searched is Chinese)
EN_WORDS = {
    "information processing fee": "信息处理费",
    "processing fee": "信息处理费",
    "training": "培训",
    "trained": "培训",
    "problem": "问题",
    "shortcoming": "不足",
    "weakness": "不足",
    "improve": "改进",
    "policy interpretation": "政策解读",
    "interpret": "解读",
    "website": "网站",
    "portal": "门户网站",
    "wechat": "微信",
    "weibo": "微博",
    "video": "视频",
    "new media": "新媒体",
    "hotline": "热线",
    "press conference": "新闻发布会",
    "bulletin board": "公示栏",
    "notice board": "公开栏",
    "staff": "人员",
    "full-time": "专职",
    "part-time": "兼职",
    "budget": "预算",
    "spent": "费用",
    "spend": "费用",
    "cost": "费用",
    "confidential": "保密",
    "privacy": "隐私",
    "complaint": "投诉",
    "village affairs": "村务公开",
    "poverty": "扶贫",
    "catalogue": "目录",
    "catalog": "目录",
    "guide": "指南",
    "deadline": "法定期限",
    "withdr": "撤回",
    "inquir": "咨询",
    "enquir": "咨询",
    "consultation": "咨询",
    "by phone": "电话",
    "telephone": "电话",
    "interview": "访谈",
    "on time": "法定期限",
    "inspect": "检查",
    "inspection": "检查",
    "check": "检查",
    "quarter": "季度",
    "monitor": "监测",
    "government website": "政府网站",
    "account": "账号",
    "release": "发布",
    "publish": "发布",
}


def _words(p: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    toks = [t for t in tokens(p) if re.match(r"[\u4e00-\u9fffA-Za-z]", t)]
    toks += [word for pat, word in _SAID_AS if pat.search(p)]
    low = p.lower()
    mapped = [zh for en, zh in EN_WORDS.items() if en in low]
    if mapped or len(re.findall(r"[A-Za-z]", p)) > len(re.findall(r"[\u4e00-\u9fff]", p)):
        # an English question: the reports are Chinese, so only its words as they write them count
        toks = [t for t in toks if not t.isascii()] + mapped
    stop = QUESTION_WORDS | SECTION_WORDS | _STOP
    intent_word = re.compile(
        "^(?:" + "|".join(x.pattern for x in (PROBLEM_RE, IMPROVE_RE, REMEDY_RE, OVERVIEW_RE, MEASURE_RE)) + ")$",
        re.IGNORECASE,
    )
    terms = [t for t in toks if len(t) >= 2 and t not in stop and t not in _GENERIC and not intent_word.match(t)]
    phrases = []
    for i in range(len(toks)):
        for n in (2, 3):
            run = toks[i : i + n]
            ph = "".join(run)
            fits = len(run) == n and len(ph) >= 3 and ph in p and ph not in terms and ph not in phrases
            if fits and any(t in terms for t in run) and not any(t in stop or intent_word.match(t) for t in run):
                phrases.append(ph)
    return tuple(dict.fromkeys(terms)), tuple(phrases)


def clauses(q: Query) -> list[Clause]:
    """What a question asks, one clause per thing asked ("哪些不足？下一步怎么改？" asks two).

    >>> [(c.intent, c.terms) for c in clauses(Query("淮安市有哪些不足？下一步怎么改？", "narrative", place_words=("淮安市",)))]
    [('problems', ()), ('improvements', ())]
    >>> [(c.intent, c.terms) for c in clauses(Query("沭阳县是怎么防止超期答复的？", "narrative", place_words=("沭阳县",)))]
    [('measures', ('防止', '超期', '答复'))]
    """
    text = _ASKING.sub(" ", _topic(q.question))
    for w in sorted(q.place_words, key=len, reverse=True):
        text = text.replace(w, " ")
    text = re.sub(r"(?:19|20)\d{2}\s*年?度?", " ", text)
    sectional = bool(PROBLEM_RE.search(text) or IMPROVE_RE.search(text))
    pieces = []
    for p in re.split(r"[？?！!；;。]", text):
        pm, im = PROBLEM_RE.search(p), IMPROVE_RE.search(p) or REMEDY_RE.search(p)
        if pm and im:
            a, b = sorted((pm.start(), im.start()))
            comma = next((m.start() for m in re.finditer(r"[，,]", p) if a < m.start() < b), None)
            if comma is not None:
                pieces += [p[:comma], p[comma + 1 :]]
                continue
        pieces.append(p)
    out = []
    for p in pieces:
        terms, phrases = _words(p)
        for intent in _intent(p, sectional):
            if intent is None and not terms:
                continue
            number = bool(QUANTITY_RE.search(p)) and not re.search(
                r"电话(?:号码)?(?:是|为)?多少|号码|邮编|邮政编码|地址|网址|邮箱|传真", p
            )
            out.append(Clause(p.strip(), intent, terms, phrases, number))
    return out


def _weights(sents: list[Sentence], idx: list[int], c: Clause) -> dict[str, float]:
    """The question's words the report uses, weighted by length and rarity in the report (a word
    in more than a quarter of its sentences tells little when rarer ones are there); related words
    count less."""
    n = max(1, len(idx))

    def count(t: str) -> int:
        return sum(1 for i in idx if t in sents[i].text or t in sents[i].context)

    df = {t: count(t) for t in dict.fromkeys((*c.terms, *c.phrases))}
    factor = {t: 1.0 if t in c.terms else 0.8 for t in df}
    for t in c.terms:
        for r in RELATED.get(t, ()):
            if r not in df:
                df[r] = count(r)
                factor[r] = 0.5 if df[t] else 0.8  # a word the report uses instead of the question's counts more
        if len(t) >= 4 and not df[t]:
            # "业务培训" the report never writes: its two words ("加强业务指导培训"), each counting less
            for piece in (t[:2], t[-2:]):
                if piece not in df and piece not in _GENERIC and piece not in SECTION_WORDS:
                    df[piece] = count(piece)
                    factor[piece] = 0.6
    telling = {t for t, d in df.items() if 0 < d <= max(2, n // 4) and t not in c.phrases}
    out = {}
    for t, d in df.items():
        if d and (t in telling or t in c.phrases or not telling):
            out[t] = min(len(t), 4) * math.log(1 + n / d) * factor[t]
    return out


_TALLY_WORD = re.compile(r"^(?:一共|总共|合计|共计|总计|分别|各自|各写|大概|大约|大致|差不多|写的|各是)")


def _asked_term(c: Clause) -> str | None:
    """The thing a clause asks the number of ("门户网站的访问量是多少" → 访问量): its last word before
    the quantity word, when it asks for a number."""
    if not c.number:
        return None
    m = QUANTITY_RE.search(c.text)
    head = c.text[: m.start()] if m else c.text
    found = [(head.rfind(t), t) for t in c.terms if t in head and len(t) >= 2 and not _TALLY_WORD.match(t)]
    if not found:
        return None
    at = max(found)[0]  # the word and what is stuck to it ("点击" + "量")
    if head[max(0, at - 2) : at] in ("累计", "合计") or head[at - 1 : at] == "总":
        at -= 2 if head[at - 1 : at] != "总" else 1  # "总播放量": a total, not any 播放量 the text gives
    word = re.match(r"[\u4e00-\u9fff]+?(?=的|占|在|是|为|有|共|约|一共|总共|分别|$)", head[at:])
    said = word.group(0).rstrip("了过") if word else ""
    return said if len(said) >= 2 else max(found)[1]


def _point_before(sents: list[Sentence], i: int, allowed) -> int | None:
    """The short point a sentence details ("一是强化流程管控。" before "创新建立…"): the sentence
    before it in its paragraph, or a one-sentence paragraph just before."""
    j = i - 1
    if j < 0 or j not in allowed or sents[i].level <= 2 or sents[j].level > 2 or sents[j].heading:
        return None
    alone = sents[j].unit == sents[i].unit - 1 and (j == 0 or sents[j - 1].unit != sents[j].unit)
    return j if (sents[j].unit == sents[i].unit or alone) and len(sents[j].text) <= 40 else None


def _fit(sents: list[Sentence], ranked: list[int], budget: int) -> list[int]:
    """The ranked sentences that fit the budget (the first always), back in print order."""
    picked, used = [], 0
    for i in ranked:
        n = len(sents[i].text)
        if picked and used + n > budget:
            continue
        picked.append(i)
        used += n
    return sorted(picked)


def _listing(sents: list[Sentence], idx: list[int], budget: int) -> list[int]:
    """A part's points in print order; when they run longer than the budget, its lead sentence
    first, then each (一)…, then each 一是…, then paragraphs' first sentences, then the rest — a
    short point always with the sentence that details it."""
    members = set(idx)
    groups: list[list[int]] = []
    for i in idx:
        if groups and groups[-1][-1] == i - 1 and len(groups[-1]) == 1 and _point_after(sents, i - 1, members) == i:
            groups[-1].append(i)  # the detail of a short point goes with it
        else:
            groups.append([i])

    def tier(g: list[int]) -> int:
        i = g[0]
        if i == idx[0]:
            return 0
        if sents[i].level <= 3:
            return sents[i].level
        return 4 if (i - 1) in members and sents[i - 1].level <= 2 else 5

    picked, used = [], 0
    for g in sorted(groups, key=lambda g: (tier(g), g[0])):
        n = sum(len(sents[i].text) for i in g)
        if picked and used + n > budget:
            continue
        picked += g
        used += n
    return sorted(picked)


def _ranked(sents, idx, c: Clause, weights: dict[str, float], prior=None) -> list[tuple[float, float, int]]:
    """(score, match, index) of the sentences the question's words match, best first: match is the
    words' weight (a word of the sub-heading a sentence stands under counts half), score adds the
    section's prior and, when a number is asked for, whether the sentence gives one."""
    out = []
    for i in idx:
        s, ctx = sents[i].text, sents[i].context
        match = sum(w if t in s else 0.5 * w for t, w in weights.items() if t in s or t in ctx)
        if match <= 0:
            continue
        score = match * (prior(sents[i]) if prior else 1.0)
        if c.number:
            score *= 1.5 if UNIT_NUM_RE.search(s) else 0.4
        out.append((score, match, i))
    out.sort(key=lambda x: (-x[0], x[2]))
    return out


def _pick(sents, prts, c: Clause, budget: int, used: set[int]) -> tuple[list[int], str]:
    """The sentences of one report that answer one clause, and the label they go under: the part
    the clause asks for (the sentences its words pick out there, else all its points), or the
    sentences of the whole report its words match best (the part's section first)."""
    every = [i for i, s in enumerate(sents) if s.content]
    content = [i for i in every if i not in used]
    under = [] if c.number else _under_heading(sents, c, content)  # a figure asked: its sentence, not a part
    if under:  # "有什么亮点工作": the report's own sub-heading "(一)2024年政府信息公开亮点工作" and its points
        return _fit(sents, under, budget), ""
    part = [i for i in prts.get(c.intent or "", []) if i not in used]
    weights = _weights(sents, every, c)
    terms = {t: w for t, w in weights.items() if t in c.terms} or {
        t: w for t, w in weights.items() if t not in c.phrases
    }  # none of the question's own words: the related ones
    rarest = max(terms, key=terms.get, default=None)
    if c.intent in LABELS and part:
        # the sentences of the part the question's words pick out: those with its rarest word the
        # part uses (unless much commoner than the question's rarest), or with half its words' weight
        here = {t: w for t, w in terms.items() if any(t in sents[i].text for i in part)}
        key = max(here, key=here.get, default=None)
        key = key if key and here[key] >= 0.5 * terms[rarest] else None
        total = sum(weights.values())
        chosen = [
            i for _, m, i in _ranked(sents, part, c, weights) if (key and key in sents[i].text) or m >= 0.5 * total
        ]
        if not chosen and rarest is not None and key is None:
            # "针对行政复议案件暴露的问题采取了哪些措施": the part never names the topic; where the
            # report does (most of the question's words in one sentence), that is the answer
            elsewhere = [i for _, m, i in _ranked(sents, content, c, weights) if m >= 0.6 * total]
            if elsewhere:
                return _fit(sents, _with_points(sents, elsewhere[:4], set(content)), budget), ""
        if not chosen:
            return _listing(sents, part, budget), LABELS[c.intent]
        return _fit(sents, _with_points(sents, chosen, set(part)), budget), LABELS[c.intent]
    if rarest is None:
        if c.intent == "measures" and prts["overview"]:  # "采取了哪些做法": what section 一 tells
            return _listing(sents, [i for i in prts["overview"] if i not in used], budget), "主要做法"
        return [], LABELS.get(c.intent or "", "")
    section = "overview" if c.intent == "measures" else PART_SECTION.get(c.intent or "")

    def prior(s: Sentence) -> float:
        return 1.3 if section and s.section == section else 1.0

    ranked = _ranked(sents, every, c, weights, prior)
    best = ranked[0][0] if ranked else 0
    chosen = [i for sc, m, i in ranked if m >= 0.5 * terms[rarest] and sc >= 0.55 * best][:4]
    if not chosen or chosen[0] in used:
        return [], ""  # the best sentence for it is quoted already (for an earlier part of the question)
    chosen = [i for i in chosen if i not in used]
    return _fit(sents, _with_points(sents, chosen, set(content)), budget), ""


def _under_heading(sents: list[Sentence], c: Clause, content: list[int]) -> list[int]:
    """The sentences under the report's sub-heading that names what the clause asks for (a word of
    the clause, not a section's or a generic one, in a heading), when one does."""
    stop = _GENERIC | SECTION_WORDS | QUESTION_WORDS | _STOP | {"工作"}
    words = [
        t
        for t in tokens(c.text)
        if len(t) >= 2
        and t not in stop
        and re.match(r"[\u4e00-\u9fff]", t)
        and not any(t in title for title in _SECTION_NAMES)  # 申请, 问题: a section's words, not a topic
    ]
    heads = [
        s.text
        for s in sents
        if s.heading and s.level <= 2 and not _TOP.match(s.text) and any(t in s.text for t in words)
    ]
    if len(heads) != 1:
        return []
    return [i for i in content if sents[i].context and heads[0].endswith(sents[i].context)]


def _point_after(sents: list[Sentence], i: int, allowed) -> int | None:
    """The sentence that details a short point ("三是建立有效群众互动机制。" → "在政策出台前，…")."""
    j = i + 1
    if j >= len(sents) or j not in allowed or sents[i].level > 2 or sents[j].level <= 2 or len(sents[i].text) > 30:
        return None
    alone = sents[j].unit == sents[i].unit + 1 and (i == 0 or sents[i - 1].unit != sents[i].unit)
    return j if sents[j].unit == sents[i].unit or alone else None


def _with_points(sents: list[Sentence], chosen: list[int], allowed: set[int]) -> list[int]:
    """The chosen sentences with the point each details, or the detail of a point chosen alone."""
    out = list(chosen)
    for i in chosen:
        j = _point_before(sents, i, allowed)
        if j is not None and j not in out:
            out.insert(out.index(i), j)
        k = _point_after(sents, i, allowed)
        if k is not None and k not in out:
            out.insert(out.index(i) + 1, k)
    return out


def _bullets(sents: list[Sentence], picks: list[int]) -> list[list[int]]:
    """Picked sentences grouped into bullets: a sentence joins the one before it in the same
    paragraph unless it starts a point of its own."""
    out: list[list[int]] = []
    for i in picks:
        after = out and out[-1][-1] == i - 1 and sents[i].level > 2
        if after and (sents[i].unit == sents[i - 1].unit or _point_after(sents, i - 1, {i}) == i):
            out[-1].append(i)
        else:
            out.append([i])
    return out


def report_answer(bot, q: Query, reports: list[dict]) -> Answer | None:
    """The answer from the reports in scope, read whole: for each thing the question asks, the
    part of the report that says it (its points in print order), or the sentences its words match
    (section-aware); full sentences, each cited, at most BUDGET characters a report."""
    cls = clauses(q)
    if not cls:
        return None
    citations: list[Citation] = []
    lines: list[str] = []
    # the years the question names in their order, else the newest first
    reports = sorted(reports, key=lambda r: ((r.get("year") or 0) * (1 if q.years else -1), bot.name(r)))
    for r in reports:
        text, sents, prts = _report(bot, r["id"])
        used: set[int] = set()
        blocks: list[tuple[str, list[list[int]], str | None]] = []
        missing: list[str] = []
        missing_number: list[str] = []
        remaining = BUDGET if len(reports) <= MAX_REPORTS else max(200, TOTAL_BUDGET // len(reports))
        for k, c in enumerate(cls):
            budget = max(200, remaining - 200 * (len(cls) - k - 1))
            picks, label = _pick(sents, prts, c, budget, used)
            used |= set(picks)
            remaining -= sum(len(sents[i].text) for i in picks)
            in_part = c.intent in LABELS and bool(prts.get(c.intent or ""))
            if picks:
                asked = _asked_term(c)
                unit = re.search(r"(?:几|多少)([条件个次期篇场项处人名位家份])", c.text)
                counted = unit and any(re.search(rf"\d\s*{unit.group(1)}", sents[i].text) for i in picks)
                if asked and not counted and not any(asked in sents[i].text for i in picks) and asked not in text:
                    # "访问量是多少": the report never says it; what it says nearest, said as that
                    missing_number.append(asked)
                blocks.append((label, _bullets(sents, picks), PART_SECTION[c.intent] if in_part else None))
            elif c.intent in LABELS and not in_part and label not in missing:
                missing.append(label)
        en = q.lang == "en"
        name = f"report of {bot.name(r)} ({r['year']})" if en else f"{bot.name(r)}{r['year']}年年报"
        if not blocks:
            if missing:
                said = " or ".join(EN_LABELS.get(m, m) for m in missing) if en else "、".join(missing)
                lines.append(
                    f"The {name} does not say its {said}." if en else f"{name}没有写{said}（找不到这一部分）。"
                )
            continue
        if missing_number:
            said = "、".join(missing_number)
            lines.append(
                f"The {name} gives no figure for {said}; the nearest it says:"
                if en
                else f"{name}没有写{said}的数字（未印出，不作推测）；与之最相关的内容："
            )
        secs = {sec or sents[b[0]].section for _, bs, sec in blocks for b in bs}
        where = f"（{SECTION_TITLES[next(iter(secs))]}）" if len(secs) == 1 else ""
        first = EN_LABELS.get(blocks[0][0], blocks[0][0]) if en else blocks[0][0]
        if en:
            lines.append(f"From the {name}{where}" + (f", {first}:" if len(blocks) == 1 and first else ":"))
        else:
            lines.append(f"据{name}{where}" + (f"，{first}：" if len(blocks) == 1 and first else "："))
        for label, bullets, sec in blocks:
            if label and len(blocks) > 1:
                lines.append(f"{EN_LABELS.get(label, label)}:" if en else f"{label}：")
            for b in bullets:
                a, e = sents[b[0]].start, sents[b[-1]].end
                c = Citation(
                    len(citations) + 1,
                    r["id"],
                    r["file"],
                    r["body"] or "",
                    r.get("year"),
                    sec or sents[b[0]].section,
                    text[a:e],
                    a,
                    e,
                )
                citations.append(c)
                lines.append(f"- {''.join(sents[i].text for i in b)} [{c.n}]")
        for label in missing:
            lines.append(
                f"(The {name} does not say its {EN_LABELS.get(label, label)}.)" if en else f"（{name}没有写{label}。）"
            )
    if not citations:
        # every report lacks the part asked for: say so (a question about anything else goes to retrieval)
        if lines and all(c.intent in LABELS for c in cls):
            return Answer(q.question, "narrative", "\n".join(lines), query=q)
        return None
    quoted = shown("".join(c.quote for c in citations))
    for c in cls:
        counted = counted_noun(c.text)
        specific = [t for t in c.terms if t not in SECTION_WORDS]
        if c.number and (
            (counted and counted not in quoted) or (len(specific) >= 2 and not any(t in quoted for t in specific))
        ):
            # nothing quoted speaks of what was counted: say so rather than pass off a neighbour as the answer
            scope = "、".join(q.place_words) or "所选"
            what = counted or "、".join(specific[:3])
            lines.insert(0, f"{scope}的年报没有提到“{what}”的数量（未说明）；以下是最接近的原文，供参考：")
            break
    return Answer(q.question, "narrative", "\n".join(lines), tuple(citations), query=q)


def _per_report(bot, q: Query) -> Answer:
    reports = bot.targets(q)
    key = key_terms(q)
    citations: list[Citation] = []
    lines: list[str] = []
    phrases = key_phrases(q)
    phrase = max(phrases, key=len, default="")
    require = [phrase[i:] for i in range(max(0, len(phrase) - 2))] if len(phrase) >= 3 else []
    # or another phrase or word of the question long enough to tell ("村务公开" when no report writes
    # "村务公开不规范", "播放量" beside "视频号亮点")
    if require:
        require += [p for p in phrases if len(p) >= 3 and p != phrase]
        require += [t for t in key if len(t) >= 3 and t not in GENERIC_WORDS and t not in SECTION_WORDS]
    # "清理了多少条过期信息、整改了多少处失效链接": a sentence for each thing counted
    two = tuple(t for t in key if t not in GENERIC_WORDS and t not in SECTION_WORDS)
    asked = [[n] for n in counted_nouns(q.question)]
    wanted = asked if len(asked) > 1 else [require]

    def collect(wanted: list, two: tuple) -> list[tuple[float, list[tuple]]]:
        groups = []  # each report's best score and its sentences
        for r in reports:
            probe = replace(q, years=(r["year"],)) if r.get("year") else q
            hits = [h for h in retrieve(bot, probe, k=6, bodies=[r["body"]]) if h.report_id == r["id"]]
            best = []
            for need in wanted:
                best += [
                    b
                    for b in best_sentences(
                        q, hits, 1, require_any=need, bot=bot, or_two_of=two if len(wanted) == 1 else ()
                    )
                    if b[1] not in {x[1] for x in best}
                ]
            if best:
                said = [
                    (f"{bot.name(r)}（{r['year']}年）", h, *_whole(bot, h, s, start)) for _score, s, h, start in best
                ]
                # "二是建立严格的信息发布审核与时效制度。": a point's heading, and what it says next
                said = [x for item in said for x in (_with_next(bot, [item]) if len(item[5]) < 30 else [item])]
                groups.append((max(b[0] for b in best), said))
        return groups

    groups = collect(wanted, two)
    if not groups and require and two:
        # no phrase of the question, nor two of its words, in one sentence: one of its words
        # ("有没有镇写过用方言讲的": 方言)
        groups = collect([list(two)], ())
    groups.sort(key=lambda g: -g[0])  # the report that says it best first
    if groups and _WHICH_REPORT.search(q.question):
        # "哪年的年报里写过…": the reports that say it, not every one that says something near it
        groups = [g for g in groups if g[0] >= 0.6 * groups[0][0]]
    if _FIX_ASKED.search(q.question):
        # "…写过这种问题？后来是怎么改的？": what the best reports did about it follows what they found
        top = groups[0][0] if groups else 0
        groups = [(sc, _with_next(bot, said) if sc >= 0.8 * top else said) for sc, said in groups]
    for _score, said in groups:
        for who, h, a, e, quote, shown_ in said:
            c = Citation(len(citations) + 1, h.report_id, h.file, h.body, h.year, h.section, quote, a, e)
            citations.append(c)
            lines.append(f"- {who}：{shown_} [{c.n}]")
    if not lines:
        return Answer(
            q.question,
            "narrative",
            f"在所选年报中没有找到关于“{'、'.join(key[:2]) or q.question}”的内容。",
            query=q,
        )
    head = f"共 {len({c.report_id for c in citations})} 份年报提到相关内容："
    return Answer(q.question, "narrative", "\n".join([head, *lines]), tuple(citations), query=q)


_WHICH_REPORT = re.compile(r"哪(?:一)?年的?(?:年报|报告)|哪(?:一|几)?份(?:年报|报告)|哪几年|哪家哪年")
_FIX_ASKED = re.compile(r"(?:后来|之后|然后|最后)?(?:是)?(?:怎么|如何|怎样)(?:改|整改|解决|处理|应对)|后来呢|怎么弄的")


def _with_next(bot, said: list[tuple]) -> list[tuple]:
    """Each quoted sentence and the one after it in the report (its remedy follows a problem)."""
    out = list(said)
    for who, h, a, _e, _quote, _shown in said:
        text, sents, _ = _report(bot, h.report_id)
        i = next((i for i, x in enumerate(sents) if x.start <= a < x.end), None)
        nxt = next((x for x in sents[i + 1 : i + 3] if x.content), None) if i is not None else None
        if nxt is not None and all(nxt.start != o[2] for o in out):
            out.append((who, h, nxt.start, nxt.end, text[nxt.start : nxt.end], nxt.text))
    return out


def _locate(bot, rid: str, quote: str, near: int) -> int:
    """The quote's offset in the report's text (searched from the passage's start)."""
    text = bot.lib.facts.report_text(rid)
    i = text.find(quote, max(0, near - 50))
    return i if i >= 0 else max(0, text.find(quote))


def _whole(bot, h, s: str, start: int) -> tuple[int, int, str, str]:
    """The whole sentence of the report a retrieved piece belongs to: its offsets, its quote (the
    text between them) and how it is shown (a passage's line may stop mid-sentence in a PDF)."""
    at = _locate(bot, h.report_id, s, start)
    if h.kind == "text":
        text, sents, _ = _report(bot, h.report_id)
        for x in sents:
            if x.start <= at < x.end and not x.heading and len(x.text) >= len(shown(s)):
                return x.start, x.end, text[x.start : x.end], x.text
    return at, at + len(s), s, s


def _extract(bot, q: Query, hits, max_sentences: int = 3, listing: bool = False) -> Answer:
    best = best_sentences(q, hits, max_sentences, listing=listing, bot=bot)
    if not best:
        scope = "、".join(q.place_words) or "资料库"
        return Answer(q.question, "narrative", f"在{scope}的年报中没有找到能回答这个问题的内容。", query=q)
    citations: list[Citation] = []
    by_report: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    seen: set[tuple[str, int]] = set()
    for _score, s, h, start in best:
        a, e, quote, said = _whole(bot, h, s, start)
        if (h.report_id, a) in seen:
            continue
        seen.add((h.report_id, a))
        c = Citation(len(citations) + 1, h.report_id, h.file, h.body, h.year, h.section, quote, a, e)
        citations.append(c)
        by_report.setdefault(h.report_id, []).append(f"{said} [{c.n}]")
        r = bot.by_id.get(h.report_id, {})
        names[h.report_id] = f"{r.get('town') or h.body}{h.year}年年报（{SECTION_TITLES.get(h.section, h.section)}）"
    lines = []
    specific = [t for t in key_terms(q) if t not in GENERIC_WORDS and t not in SECTION_WORDS]
    counted = counted_noun(q.question)
    missing_noun = bool(counted) and not any(counted in s for _, s, _, _ in best)
    missing_terms = len(specific) >= 2 and not any(t in s for _, s, _, _ in best for t in specific)
    if QUANTITY_RE.search(q.question) and (missing_noun or missing_terms):
        # nothing retrieved speaks of what was asked: say so rather than pass off a neighbour as the answer
        scope = "、".join(q.place_words) or "所选"
        what = counted if missing_noun else "、".join(specific[:3])
        lines.append(f"{scope}的年报没有提到“{what}”的数量（未说明）；以下是最接近的原文，供参考：")
    for rid, sents in by_report.items():
        lines.append(f"据{names[rid]}：" + "".join(sents))
    return Answer(q.question, "narrative", "\n".join(lines), tuple(citations), query=q)


_SENT = re.compile(r"[^。！？；\n]+[。！？；]?")


_ASKING = re.compile(r"有没有|是不是|是否|原话给我|原文给我|原话|原文|原句|写法")
_BACK_REFERENCE = re.compile(r"这种|这类|这样|类似|上述|以上|这个|这些|这情况|这么|此类|这事")


_NO_TOPIC = {"例子", "案例", "写过", "写法", "说法", "原文", "原话", "听的", "讲的", "怎么", "什么"}


def _topic(question: str) -> str:
    """The part of a message whose words say what to look for: the ask, or the whole message when the
    ask points back at the situation told before it ("…目录对不上了。有没有单位写过这种问题？") or names
    no topic of its own ("重大决策前开听证会 有没有年报写过例子")."""
    situation, ask = asked_part(question)
    if not situation:
        return ask
    own = [
        t
        for t in tokens(_ASKING.sub(" ", ask))
        if len(t) >= 2
        and re.match(r"[\u4e00-\u9fff]", t)
        and t not in QUESTION_WORDS | GENERIC_WORDS | SECTION_WORDS | _STOP | _NO_TOPIC
    ]
    return question if _BACK_REFERENCE.search(ask) or not own else ask


def key_terms(q: Query) -> list[str]:
    text = _ASKING.sub(" ", _topic(q.question))
    for w in q.place_words:
        text = text.replace(w, " ")
    terms = [
        t for t in query_tokens(text) if len(t) >= 2 and t not in QUESTION_WORDS and t not in _STOP and not t.isdigit()
    ]
    return sorted(dict.fromkeys(terms), key=len, reverse=True)


def key_phrases(q: Query) -> list[str]:
    """Runs of adjacent content words of the question ("开通了微信视频号" → 开通, 微信视频号)."""
    text = _ASKING.sub("，", _topic(q.question))
    for w in q.place_words:
        text = text.replace(w, "，")
    runs, cur = [], ""
    for t in tokens(text):
        if t in QUESTION_WORDS or t in GENERIC_WORDS or t in _STOP or not re.match(r"[\u4e00-\u9fff]", t):
            if cur:
                runs.append(cur)
            cur = ""
        else:
            cur += t
    if cur:
        runs.append(cur)
    return runs


def _outline(s: str) -> bool:
    """A sentence that lists the report's sections ("本报告包括总体情况、主动公开政府信息情况、…")."""
    return sum(1 for title in _SECTION_NAMES if title in s) >= 3


_SECTION_NAMES = tuple({v for sec in SECTIONS for v in (sec.title, *sec.variants) if len(v) >= 4})


def best_sentences(
    q: Query,
    hits,
    n: int,
    require_any: list[str] | None = None,
    listing: bool = False,
    bot=None,
    or_two_of: tuple[str, ...] = (),
):
    """The sentences of the retrieved passages that answer best: question terms they contain
    (longer terms weigh more, generic ones little), a number with a unit when the question asks how
    many. `listing`: the question asks for a section's points (一是…二是…), kept in print order.
    With `bot`, a piece of a sentence (a passage may start in the middle of one a print wrapped) is
    judged by the whole sentence."""
    terms = key_terms(q)
    specific = [t for t in terms if t not in GENERIC_WORDS and t not in SECTION_WORDS]
    wants_number = bool(QUANTITY_RE.search(q.question))
    scored = []
    seen = set()
    for rank, h in enumerate(hits):
        for m in _SENT.finditer(h.text):
            s = m.group(0).strip()
            if len(s) < 6 or s in seen:
                continue
            seen.add(s)
            judged = s
            if bot is not None and h.kind == "text":
                whole = _whole(bot, h, s, h.start + max(0, h.text.find(s)))[3]
                if whole in seen and whole != s:
                    continue  # another piece of a sentence already judged
                seen.add(whole)
                judged = whole
            if require_any and not any(t in judged for t in require_any) and sum(t in judged for t in or_two_of) < 2:
                continue  # neither a phrase of the question nor two of its words ("超期…预警")
            if _outline(judged):
                continue  # "本报告共分6个部分：总体情况、…": the report's plan, never an answer
            if listing and re.match(r"^[(（]?[一二三四五六七八九十]+[)）、]", judged) and len(judged) < 24:
                continue  # a heading, not a point
            score = sum((0.5 if t in GENERIC_WORDS else len(t)) for t in terms if t in judged)
            if listing:
                point = re.match(r"^[(（]?[一二三四五六七八九十\d][)）、.]|^[一二三四五六七八九十]是", judged)
                if specific and not any(t in judged for t in specific):
                    score = 0
                elif point or re.search(r"问题|不足|薄弱|不够|有待|滞后|缺失|不充分|改进|加强|提升", judged):
                    score += 4
            if score <= 0:
                continue
            if len(judged) < 15 and not re.search(r"\d", judged):
                score -= 3  # a heading, not an answer
            if score <= 0:
                continue
            if wants_number:
                score = score + 3 if UNIT_NUM_RE.search(judged) else score * 0.3 - 2
            score -= rank * 0.05
            offset = h.text.find(s)
            scored.append((score, s, h, h.start + max(0, offset) if h.kind == "text" else h.start))
    scored.sort(key=lambda x: -x[0])
    top = scored[:n]
    if listing:
        top.sort(key=lambda x: (x[2].report_id, x[3]))
    return top


_UNIT_IN_Q = re.compile(r"多少(条|件|个|人次|次|期|篇|场|项|人|名)|几(条|件|个|次|期|篇|场|项|人|名)")


def text_figures(bot, q: Query) -> Answer | None:
    """ "镇罗镇比七营镇多公开了多少条政府信息？", "公众号粉丝2025年大概是2019年的几倍？": a figure only
    the text prints, read from the best sentence of each of two reports (two bodies, or one body's two
    years), and their difference or multiple with its formula and both quotes."""
    rate = asks_change_rate(q.question)
    if not (DIFF_RE.search(q.question) or re.search(TIMES, q.question) or rate):
        return None
    cue = next((p for p in re.split(r"[？?。；;]", q.question) if DIFF_RE.search(p) or re.search(TIMES, p)), "")
    if rate and not cue:
        cue = next((p for p in re.split(r"[？?。；;]", q.question) if asks_change_rate(p)), "")
    others: list = []  # "2023年、2024年、2025年各是多少篇？2025年比2024年下降了百分之几": the years not compared
    if len(q.places) == 2 and len(q.years) <= 1:
        scopes = [(b, q.years[0] if q.years else None) for b in q.places]
    elif len(q.places) == 1 and len(q.years) == 2:
        scopes = [(q.places[0], y) for y in q.years]
    elif len(q.places) == 1 and len(q.years) > 2:
        compared = [
            y for y in dict.fromkeys(int(x) for x in re.findall(r"(?<!\d)(20\d{2})(?!\d)", cue)) if y in q.years
        ]
        if len(compared) != 2:
            return None
        scopes = [(q.places[0], y) for y in compared]
        others = [(q.places[0], y) for y in q.years if y not in compared]
    else:
        return None
    m = _UNIT_IN_Q.search(q.question)
    unit = (m.group(1) or m.group(2)) if m else ""
    terms = [t for t in key_terms(q) if not _TALLY_WORD.match(t)]

    def figure_of(body: str, year: int | None):
        probe = replace(q, years=(year,) if year else q.years)
        hits = [h for h in retrieve(bot, probe, k=8, bodies=[body]) if year is None or h.year == year]
        best = []  # (how well the words before it name what is asked, rank, sentence, figure)
        for rank, (_score, piece, h, start) in enumerate(best_sentences(probe, hits, 8, bot=bot)):
            a, _e, quote, said = _whole(bot, h, piece, start)
            for value, u, subject in _figures(said, terms, unit):
                best.append((subject, -rank, (body, year, quote, h, a, value, u)))
        return max(best, key=lambda x: x[:2])[2] if best and max(best)[0] > 0 else None

    found = [f for f in (figure_of(b, y) for b, y in scopes) if f]
    if len(found) != 2 or found[0][6] != found[1][6]:
        return None  # a figure for each, in the same unit, or no sum at all
    # the one the cue names first ("2025年大概是2019年的几倍", "镇罗镇比七营镇多") is the first term
    one_body = found[0][0] == found[1][0]

    def at(f) -> float:
        words = [str(f[1])] if one_body else [w for w in q.place_words if w in f[0]]
        spots = [cue.find(w) for w in words if w in cue]
        if any(i > 0 and cue[i - 1] == "比" for i in spots):
            return 1000  # "比七营镇少多少": what it is compared with comes second
        return min(spots, default=500)  # not named in the cue: the subject asked about before

    found.sort(key=at)
    if rate and one_body:  # a change: the later year against the earlier one
        found.sort(key=lambda f: -(f[1] or 0))
    citations = []
    for _b, _y, s, h, start, _v, _u in found:
        start = _locate(bot, h.report_id, s, start)
        citations.append(
            Citation(len(citations) + 1, h.report_id, h.file, h.body, h.year, h.section, s, start, start + len(s))
        )
    (a, ya, _, _, _, va, u), (b, yb, _, _, _, vb, _) = found
    name_a, name_b = (f"{a}{ya}年" if ya else a), (f"{b}{yb}年" if yb else b)
    said = f"据两份年报正文，{name_a}为 {va}{u} [1]，{name_b}为 {vb}{u} [2]"
    if rate and one_body and float(vb):
        change = (Decimal(va) - Decimal(vb)) * 100 / Decimal(vb)
        places = q.decimals if q.decimals is not None else 1
        shown = change.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        word = "增长" if change >= 0 else "下降"
        text = f"{said}，{word} {abs(shown)}%（({va} − {vb}) ÷ {vb} = {shown}%）。"
    elif re.search(TIMES, q.question) and not DIFF_RE.search(q.question):
        if not float(vb):
            return None
        times = float(va) / float(vb)
        places = q.decimals if q.decimals is not None else 1
        text = f"{said}，前者约是后者的 {times:.{places}f} 倍（{va} ÷ {vb} = {times:.2f}）。"
    else:
        d = float(va) - float(vb)
        diff = int(d) if d == int(d) else round(d, 2)
        text = f"{said}，前者{'多' if d >= 0 else '少'} {abs(diff)}{u}（{va} − {vb} = {diff}）。"
    for f in sorted((f for f in (figure_of(b, y) for b, y in others) if f and f[6] == u), key=lambda f: f[1] or 0):
        body, year, s_, h, start, value, unit_ = f
        start = _locate(bot, h.report_id, s_, start)
        c = Citation(len(citations) + 1, h.report_id, h.file, h.body, h.year, h.section, s_, start, start + len(s_))
        citations.append(c)
        text += f"\n{body}{year}年为 {value}{unit_} [{c.n}]。"
    text += "\n（数字取自正文叙述，统计表没有这一项。）"
    return Answer(q.question, "difference", text, tuple(citations), query=q)


_FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)?\s*(人次|条|件|篇|期|次|个|项|处|名|人|户|家|场|元)?")


def _figures(s: str, terms: list[str], unit: str) -> list[tuple[str, str, float]]:
    """The figures a sentence gives, in the unit asked when one is, each with how much of the
    question its words just before it say ("微信公众号粉丝达1360万": 微信, 公众, 粉丝 for 1360万;
    "15个平台粉丝数累积超3170万": 粉丝 alone for 3170万)."""
    out = []
    for m in _FIGURE.finditer(s):
        if re.match(r"\s*年", s[m.end(1) :]) or (not m.group(2) and not m.group(3)):
            continue  # a year, or a bare number (an ordinal, a date)
        if unit and m.group(3) != unit:
            continue
        before = re.split(r"[，。；：,;:]", s[max(0, m.start() - 16) : m.start()])[-1]
        subject = sum(0.5 if t in GENERIC_WORDS else len(t) for t in terms if t in before)
        out.append((m.group(1), (m.group(2) or "") + (m.group(3) or ""), subject))
    return out


_COUNTER = re.compile(r"(?:几|多少)(?:名|个|位|人次|人|条|件|次|项|期|篇|场|家|处)([\u4e00-\u9fff]{2,12})")


def counted_noun(question: str) -> str:
    """What a how-many question counts: "安排了几名专职人员负责…" → 专职人员 (its first content word)."""
    return next(iter(counted_nouns(question)), "")


def counted_nouns(question: str) -> list[str]:
    """Each thing a how-many question counts, in order: "清理了多少条过期信息、整改了多少处失效链接"
    → 过期, 失效 (the first content word of each)."""
    out = []
    for m in _COUNTER.finditer(question):
        t = next(
            (t for t in tokens(m.group(1)) if len(t) >= 2 and t not in QUESTION_WORDS and t not in GENERIC_WORDS), ""
        )
        if t and t not in out:
            out.append(t)
    return out


_SHARE_ASKED = re.compile(
    r"^(?:那|其中|里面)?(.{2,16}?)(?:发布|推送|公开|转载|收到|办理)?的?(?:信息|条数|数量)?(?:占|在)"
)


def text_share(bot, q: Query) -> Answer | None:
    """A share of two figures of one report's text ("村务公开平台占多少比例？" after "一共公开了多少条
    信息？"): the part the question names (its number after it) over the total its sentence gives
    before 其中; the formula shown, both figures quoted and cited. None when the text has no such pair."""
    if q.lang != "zh" or not re.search(r"占|比例|百分", q.question):
        return None
    text_q = q.question
    for w in q.place_words:
        text_q = text_q.replace(w, "")
    text_q = re.sub(r"(?:19|20)\d{2}\s*年?", "", text_q).strip("，, ")
    at = text_q.find("占") if "占" in text_q else len(text_q)
    text_q = re.split(r"[，,；;]", text_q[:at])[-1] + text_q[at:]  # the clause that names the part
    quoted = _quoted_share(bot, q)
    if quoted is not None:
        return quoted
    m = _SHARE_ASKED.match(text_q)
    if not m:
        return None
    part_words = m.group(1).strip("的")
    for r in bot.targets(q)[:3]:
        text = bot.lib.facts.report_text(r["id"])
        for hit in re.finditer(re.escape(part_words), text):
            after = re.match(r"[^\d。；]{0,10}?(\d+)\s*(条|件|篇|期|次|个)", text[hit.end() : hit.end() + 30])
            if not after:
                continue
            unit = after.group(2)
            start = max(text.rfind("。", 0, hit.start()) + 1, hit.start() - 400)
            head = text[start : hit.start()]
            k = head.rfind("其中")
            totals = list(re.finditer(rf"(\d+)\s*{unit}", head[:k])) if k >= 0 else []
            if not totals:
                continue
            total, part = int(totals[-1].group(1)), int(after.group(1))
            if not total or part > total:
                continue
            p = (Decimal(part) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            a, b = start + totals[-1].start(), hit.end() + after.end()
            quote = text[a:b]
            c = Citation.passage(1, r, quote, a, b)
            said = (
                f"据{bot.name(r)}{r['year']}年年报，{part_words}{part} {unit}，占全部 {total} {unit}的 {p}%"
                f"（{part} ÷ {total} = {p}%；两个数字均为正文原文）。 [1]"
            )
            return Answer(q.question, "narrative", said, (c,), query=q)
    return None


_COUNT = r"(\d+)\s*(?:条|件|篇|期|次|个|项)"


def _quoted_share(bot, q: Query) -> Answer | None:
    """The exact share behind a report's words the question quotes ("说图文及视频类产品“占比超八成”，具体
    比例是多少"): in the sentence that says them, the figure after 其中 over the total before it."""
    places = q.decimals if q.decimals is not None else 1
    for quote in re.findall(r"[“\"「]([^”\"」]{2,20})[”\"」]", q.question):
        if not re.search(r"占|比例|成|半|%|％", quote):
            continue
        for r in bot.targets(q)[:3]:
            text = bot.lib.facts.report_text(r["id"])
            at = text.find(quote)
            if at < 0:
                continue
            start = max(text.rfind("。", 0, at) + 1, at - 300)
            head = text[start:at]
            k = head.rfind("其中")
            totals = list(re.finditer(_COUNT, head[:k])) if k >= 0 else []
            parts = list(re.finditer(_COUNT, head[k:])) if k >= 0 else []
            if not totals or not parts:
                continue
            total, part = int(totals[-1].group(1)), int(parts[-1].group(1))
            if not total or part > total:
                continue
            p = (Decimal(part) * 100 / Decimal(total)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            a, b = start + totals[-1].start(), at + len(quote)
            c = Citation.passage(1, r, text[a:b], a, b)
            part_words = re.split(r"[，,、]", head[k + 2 : k + parts[-1].start()])[-1].rstrip("共计为有")
            total_words = re.split(r"[，,、]", head[: totals[-1].start()])[-1]
            said = (
                f"据{bot.name(r)}{r['year']}年年报，“{quote}”说的是 {part} ÷ {total} = {p}%"
                f"（{part_words} {parts[-1].group(0)}，{total_words} {totals[-1].group(0)}；两个数字均为正文原文）。 [1]"
            )
            return Answer(q.question, "narrative", said, (c,), query=q)
    return None
