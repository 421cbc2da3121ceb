"""Understanding a question: one typed, inspectable Query — what to measure, over which reports,
with which operation — composed from independent readings of the question (names, years, measures,
thresholds, operation), then merged with the conversation so far.

    >>> cat = Catalog([{"id": "a", "body": "海原县七营镇人民政府", "town": "七营镇", "county": "海原县",
    ...                 "city": None, "year": 2024, "level": "township"},
    ...                {"id": "b", "body": "新乡县七里营镇人民政府", "town": "七里营镇", "county": "新乡县",
    ...                 "city": None, "year": 2023, "level": "township"}])
    >>> q = understand("七营2024年作出了多少件行政处罚决定？", cat)
    >>> q.kind, q.places, q.years, q.stats
    ('lookup', ('海原县七营镇人民政府',), (2024,), (('A.penalty_decisions',),))
    >>> understand("超过一万件的有哪些？", cat).threshold
    Threshold(op='>', value=10000)
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

import cn2an

from ingest.lexicon import NOT_COUNTED
from ingest.schema import SECTION_TITLES

from .measures import B_GROUPS, B_ROW_NAMES, Measure, Ratio, b_measure, c_measure, disjoint, measures, ratio
from .names import Link, NameIndex, is_pinyin_word
from .vocabulary import Mention, concepts

KINDS = (
    "lookup",  # values of measures for the reports in scope
    "which",  # reports whose value passes a threshold (default: above 0)
    "count",  # how many reports pass
    "sum",  # a total over reports
    "average",  # a mean over reports, with its formula
    "rank",  # ordered, ascending or descending, top N or all
    "compare",  # side by side, with the difference of two
    "difference",  # a − b between two scopes
    "change_rate",  # (this year − last year) ÷ last year
    "trend",  # year by year with changes
    "ratio",  # a derived percentage with its formula
    "consistency",  # the parser's findings
    "library",  # what the library holds
    "mentions",  # every report whose text says a phrase
    "narrative",  # retrieved passages
    "unanswerable",
)


@dataclass(frozen=True)
class Threshold:
    op: str  # > >= < <= ==
    value: Decimal | int

    def passes(self, v) -> bool:
        return {
            ">": v > self.value,
            ">=": v >= self.value,
            "<": v < self.value,
            "<=": v <= self.value,
            "==": v == self.value,
        }[self.op]

    def text(self) -> str:
        words = {">": "超过", ">=": "不少于", "<": "少于", "<=": "不超过", "==": "为"}
        return f"{words[self.op]} {self.value} "


@dataclass(frozen=True)
class Query:
    question: str
    kind: str
    places: tuple[str, ...] = ()  # the bodies the question names (resolved against the library)
    place_words: tuple[str, ...] = ()  # the words of the question that named them
    unknown_places: tuple[str, ...] = ()  # place-like words the library has no report for
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a word naming several bodies, and them
    years: tuple[int, ...] = ()
    pairs: tuple[tuple[str, int], ...] = ()  # (body, year) when the question pairs them ("淮安2024年和沭阳2025年")
    measures: tuple[Measure, ...] = ()
    ratio: Ratio | None = None
    level: str | None = None  # township, county, city, department: the question asks about that level
    threshold: Threshold | None = None
    order: str = "desc"
    top: int | None = None
    lang: str = "zh"
    notes: tuple[str, ...] = ()  # how a name was read ("七营真" → 七营镇)
    phrase: str = ""  # for mentions: the phrase to find
    unlisted: tuple[str, ...] = ()  # quoted items the tables do not have ("工作秘密")
    by: str = ""  # "applicant": the question is about the applicant columns ("哪类申请人最多")
    excluded: tuple[str, ...] = ()  # table B columns or measure keys the question leaves out ("除了自然人")
    seen_years: tuple[int, ...] = ()  # the years the conversation asked about before, in order
    seen_measures: tuple[Measure, ...] = ()  # the figures it asked for before, in order
    decimals: int | None = None  # "保留两位小数": the places a derived figure is given to (else one)
    seen_scopes: tuple[tuple[str, tuple[int, ...]], ...] = ()  # bodies asked about before, with years
    first: tuple[str, ...] = ()  # the body the answer put first (a ranking's top): "那个镇" next

    @property
    def stats(self) -> tuple[tuple[str, ...], ...]:
        return tuple(m.parts for m in self.measures)


@dataclass
class Catalog:
    """What the library holds, for entity linking: bodies and their aliases, places, years."""

    reports: list[dict]

    def __post_init__(self):
        self.index = NameIndex(self.reports)
        self.years = sorted({r["year"] for r in self.reports if r.get("year")})

    def ids(self, bodies=(), years=(), level=None) -> list[str]:
        return [
            r["id"]
            for r in self.reports
            if (not bodies or r.get("body") in bodies)
            and (not years or r.get("year") in years)
            and (level is None or r.get("level") == level)
        ]


# --- years ---------------------------------------------------------------------------------------
_CN_DIGITS = "〇零一二三四五六七八九"
_YEAR = rf"(?:(?:19|20)\d{{2}}|[{_CN_DIGITS}]{{4}}|(?<![\d.])\d{{2}}(?=年))"
# "21到25年": a two-digit year before a range's second year
_YEAR_FROM = rf"(?:{_YEAR}|(?<![\d.])\d{{2}}(?=\s*(?:至|到|-|—|–|~|～|－)\s*\d{{2}}\s*年))"
RANGE_RE = re.compile(
    rf"({_YEAR_FROM})\s*年?(?:度)?\s*(?:至|到|-|—|–|~|～|－)\s*({_YEAR})\s*年?"
    rf"|(?:between|from)\s+({_YEAR})\s+(?:and|to|through|until)\s+({_YEAR})",
    re.IGNORECASE,
)
YEAR_RE = re.compile(rf"(?<!\d)({_YEAR})(?!\d)\s*(?:年度|年)?")
SINCE_RE = re.compile(rf"({_YEAR})\s*年?(?:以来|以后|之后|起|至今)")
RECENT_RE = re.compile(r"(?:近|最近|过去)([一二两三四五六七八九十\d]+)年")


_CN_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def _year(s: str) -> int:
    if s[0] in _CN_VALUE:
        return int("".join(str(_CN_VALUE[c]) for c in s))
    y = int(s)
    return 2000 + y if y < 100 else y


def years_of(q: str, have: list[int], today: datetime.date | None = None) -> tuple[list[int], list[tuple[int, int]]]:
    """The years a question names, and where each stands (for pairing with names)."""
    today = today or datetime.date.today()
    newest = today.year - 1  # a year's report is published the next January
    spans: list[tuple[int, int]] = []
    m = RANGE_RE.search(q)
    if m:
        a, b = sorted((_year(m.group(1) or m.group(3)), _year(m.group(2) or m.group(4))))
        return list(range(a, b + 1)), [(a, m.start())]
    m = SINCE_RE.search(q)
    if m:
        a = _year(m.group(1))
        return list(range(a, max([*have, a]) + 1)), [(a, m.start())]
    years: list[int] = []
    listed = _CN_YEAR_LIST_RE.search(q)
    if listed:  # "一九 二〇 二一这三年": years typed as two Chinese digits each
        for pair in re.findall(r"[一二][〇零一二三四五六七八九]", listed.group(1)):
            y = (
                2000
                + int(cn2an.cn2an(pair[0], "normal")) * 10
                + int(cn2an.cn2an(pair[1].replace("〇", "零"), "normal"))
            )
            years.append(y)
            spans.append((y, listed.start()))
    for m in YEAR_RE.finditer(q):
        y = _year(m.group(1))
        if _TEMPLATE_AFTER.match(q, m.end(1)):
            continue  # "还是2019版老表格": the template's edition, not a report's year
        if 1990 <= y <= today.year + 1:
            years.append(y)
            spans.append((y, m.start()))
    m = RECENT_RE.search(q)
    if m:
        n = _count(m.group(1))
        if n:
            years.extend(range(newest - n + 1, newest + 1))
    # "按（今年－去年）÷ 去年算": the words of a formula, not years
    said = re.sub(r"[（(]?\s*今年\s*[-－−—减]\s*去年\s*[)）]?|(?:÷|除以)\s*去年", " ", q) if years else q
    rel = re.search(r"(?:那么?|[，,\s])\s*(?:它|他们|该单位)?\s*(去年|前年)", said)
    if years and rel and spans and spans[-1][1] < rel.start(1) and not THAN_BEFORE_RE.search(q):
        # "平潭2025年收到154件申请，那它去年…": the year before the year said first, not the calendar's
        # (not "2025年对去年的问题做了哪些改进", where 去年 is what the 2025 report writes about)
        y = [y for y, at in spans if at < rel.start(1)][-1]
        return [y - (1 if rel.group(1) == "去年" else 2)], [(y, rel.start(1))]
    if len(set(years)) == 1 and THAN_BEFORE_RE.search(q) and not asks_change_rate(q):
        # "2025年…比去年少了多少？": the year before the year asked, not the calendar's (a change as a
        # percentage finds the year before by itself)
        years.append(years[0] - 1)
        return sorted(set(years)), spans
    for word, y in (("去年", today.year - 1), ("前年", today.year - 2), ("今年", today.year)):
        if word in said:
            years.append(y)
    return sorted(set(years)), spans


_TEMPLATE_AFTER = re.compile(r"\s*年?\s*(?:版|格式|模板|样式|[ -]?(?:template|format|edition))", re.IGNORECASE)

_CN_YEAR_LIST_RE = re.compile(
    r"(?<![〇零一二三四五六七八九十百千万])((?:[一二][〇零一二三四五六七八九][\s、，,和]+)+[一二][〇零一二三四五六七八九])"
    r"(?![〇零一二三四五六七八九])(?=\s*(?:这?[两二三四五六七八九几]?个?年|年))"
)
THAN_BEFORE_RE = re.compile(
    r"(?:比|和|跟|与|较)(?:去年|上一?年度?|前一年|头一年|上一个年度)"
    r"|(?:than|compared (?:with|to)|from) (?:the )?(?:year before|previous year|last year|prior year)",
    re.IGNORECASE,
)


# --- thresholds ----------------------------------------------------------------------------------
_NUM = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)\s*(万|千)?"
THRESHOLD_RE = re.compile(
    rf"(超过|多于|大于|高于|不少于|不低于|至少|少于|低于|不足|不到|小于|不超过|不多于|至多|过)了?\s*{_NUM}"
    rf"|{_NUM}\s*(?:件|个|起|条)?\s*(以上|以下|及以上)"
    rf"|(more than|over|at least|fewer than|less than|under)\s+([\d,]+)",
    re.IGNORECASE,
)
_OPS = {
    "超过": ">",
    "多于": ">",
    "大于": ">",
    "高于": ">",
    "过": ">",
    "不少于": ">=",
    "不低于": ">=",
    "至少": ">=",
    "少于": "<",
    "低于": "<",
    "不足": "<",
    "不到": "<",
    "小于": "<",
    "不超过": "<=",
    "不多于": "<=",
    "至多": "<=",
    "以上": ">=",
    "及以上": ">=",
    "以下": "<",
    "more than": ">",
    "over": ">",
    "at least": ">=",
    "fewer than": "<",
    "less than": "<",
    "under": "<",
}
ZERO_RE = re.compile(
    r"为零|为0|是零|是0|等于0|等于零|一件都没|一件也没|都没(有)?收到|没有收到|零申请|都为0|都是0|\bno applications|received no|\bzero\b|\bnone\b",
    re.IGNORECASE,
)
NONZERO_RE = re.compile(r"不是零|不为零|不是0|不为0|非零|大于零|大于0")


def _count(s: str) -> int | None:
    """ "3", "三", "两", "十二" as a number; None for what is none ("三四": three or four)."""
    if s.isdigit():
        return int(s)
    try:
        return int(cn2an.cn2an(s, "smart"))
    except ValueError:
        return None


def _number(digits: str, unit: str | None):
    """ "1200", "一千二", "两万", "百" (过百: a hundred), with 万/千 after it."""
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        v = Decimal(digits)
    else:
        digits = re.sub(r"^([百千万])", r"一\1", digits)
        try:
            v = Decimal(str(cn2an.cn2an(digits, "smart")))
        except ValueError:
            return None
    v *= {"万": 10000, "千": 1000}.get(unit or "", 1)
    return int(v) if v == int(v) else v


def threshold_of(q: str) -> Threshold | None:
    if NONZERO_RE.search(q):
        return Threshold(">", 0)
    if ZERO_RE.search(q):
        return Threshold("==", 0)
    if "过万" in q:
        return Threshold(">", 10000)
    m = THRESHOLD_RE.search(q)
    if not m:
        return None
    if m.group(1):
        n = _number(m.group(2), m.group(3))
        return Threshold(_OPS[m.group(1)], n) if n is not None else None
    if m.group(6):
        n = _number(m.group(4), m.group(5))
        return Threshold(_OPS[m.group(6)], n) if n is not None else None
    return Threshold(_OPS[m.group(7).lower()], int(m.group(8).replace(",", "")))


# --- operation -----------------------------------------------------------------------------------
CONSISTENCY_RE = re.compile(
    r"一致|(?<!化解)(?<!调处)(?<!排查)(?<!调解)矛盾(?!纠纷)|相符|不符|勾稽|核对|对得上|对不上|准确吗|有没有错|是否正确|出入|自相|成立吗|等于.{0,12}吗|一样吗|相同吗|一样不|"
    r"是否等于|是否相等|等不等于|是不是等于|加起来等于|consistent|"
    r"(?:到底|究竟)是.{0,16}还是|正文.{0,40}(?:表[一二三四]|表格|表中|统计表)|(?:表[一二三四]|表格).{0,40}正文|"
    r"支持(?:这个|这一|这种|该|它的|其)?说法|说法(?:对|成立|属实|站得住)|属实吗|是真的吗|站得住吗|"
    r"加起来对|对不对|对吗|对上吗|能对上|吻合|说得通|讲得通|说不通|合理吗|合不合理|拿哪个数|哪个数当分母|分母是(?:哪|什么)|"
    r"以什么为分母|用什么.{0,4}分母|是不是正好|分项加起来|各项加起来|加起来(?:是|等于)\s*\d+\s*[吗么]|是否正好|正好是\d|不一样|不相同|不同呢|为什么不同|why (?:do|does|is|are) .{0,40}differ|(?:说|写|称|报告).{0,20}\d+.{0,30}(?:加起来(?:对|等于|是不是|是否|有没有|真的|正好|刚好|能|是\s*\d)|分项|各项|各类|括号)|add up"
)
LIBRARY_RE = re.compile(
    r"(库里|资料库|数据库|收录).{0,12}(几份|多少份|哪些|几个|多少个|哪几).{0,10}(年报|报告|单位的|机关的|年份|$)"
    r"|(几份|多少份|哪些|哪几).{0,10}(年报|报告)[？?]?$"
    r"|有哪些(镇|乡|单位|机关|部门)的年报|(年报|报告)是哪一?年|哪一?年的(年报|报告)|有哪(几)?年的(年报|报告)|how many reports"
    r"|(哪个|哪家|哪些)(单位|机关|部门|镇|乡|县|区)的?(年报|报告)(收|存|有)?(得|的)?(最多|最少|最全)"
    r"|(库里|资料库|数据库|收录|收了|收得).{0,20}(最多|最少|最全)"
)
MENTIONS_RE = re.compile(
    r"(哪些|哪几份|几份|多少份)(年报|报告|单位|镇|乡镇|机关|部门)?.{0,6}(提到|提及|写到|写了|说到|谈到|介绍了|描述了|涉及)(了)?(.{2,30}?)[？?。]?$"
    r"|(提到|提及|写到|写了|说到|谈到|涉及)(了)?[“\"]?(.{2,30}?)[”\"]?的(年报|报告|单位)"
    r"|which reports mention (.+?)[?.]?$",
    re.IGNORECASE,
)
DIFF_RE = re.compile(
    r"比.{0,24}?(多|少|增加|减少|降|涨|高|低|增长|下降)[\u4e00-\u9fff]{0,4}?了?(多少|几)|相差|差了?(多少|几)|差距(是|有)?多(少|大)|多了多少|少了多少|降了多少|增加了多少|回落了?多少|下降了?多少|减少了?多少|"
    r"减少了多少|多出|how many more|how many fewer|difference|by how (?:many|much)"
)
AVERAGE_RE = re.compile(r"平均|均值|average|mean", re.IGNORECASE)
TREND_RE = re.compile(r"变化|趋势|走势|历年|逐年|每年|怎么变|各年|trend|over the years|\bchanged?\b|\bevolved?\b")
RANK_RE = re.compile(
    r"最多|最少|最高|最低|最大|最小|最主要|最常见|主要是哪|主要原因|主要理由|前([一二两三四五六七八九十\d]+)(?![年天])|排名|排序|排个序|排一下|排一排|从多到少|从高到低|从少到多|从低到高|"
    r"第一|排第几|排在第几|第几名|第几位|排几|most|least|highest|lowest|fewest|top\s*\d|rank"
)
POSITION_RE = re.compile(r"排第几|排在第几|第几名|第几位|排几|排名第几|what rank|which place", re.IGNORECASE)
ASC_RE = re.compile(
    r"最少|最低|最小|从少到多|从低到高|由少到多|由低到高|(?<!to )\b(least|lowest|fewest)\b(?! to)|from (the )?(least|lowest|fewest)",
    re.IGNORECASE,
)
FULL_SORT_RE = re.compile(
    r"排序|排个序|排一下|排一排|从多到少|从高到低|从少到多|从低到高|由多到少|由少到多|怎么排|rank|\bsort|\bin order\b|"
    r"from (the )?(most|highest|least|lowest|fewest) to",
    re.IGNORECASE,
)
WHICH_RE = re.compile(
    r"哪些|哪几|哪个|哪家|哪一|有没有.{0,12}(单位|镇|乡|机关|部门)|都有谁|分别是哪|有没有.{0,10}(提出|收到)|which|who",
    re.IGNORECASE,
)
COUNT_RE = re.compile(
    r"(几|多少)(个|家|份)(镇|乡|街道|机关|单位|报告|年报|地方|部门)|(镇|乡|街道|机关|单位|报告|年报|部门)(有|共有|一共有)?(几|多少)(个|家|份)"
    r"|how many (bodies|towns|reports)"
)
SUM_RE = re.compile(r"一共|合计|总共|加起来|共计|总计|in total")
COMPARE_RE = re.compile(
    r"对比|比较|相比|哪(个|家|一个|边).{0,16}(多|少|高|低|大|小)|更多|更少|(和|跟|与).{1,14}比|compare"
)
NARRATIVE_RE = re.compile(
    r"问题|不足|困难|怎么做|如何|做法|措施|举措|哪些方面|经验|亮点|特色|改进|整改|介绍|名字|叫什么|渠道|平台|方式|电话|邮编|地址|网址|"
    r"哪一天|什么时候|几名|几人|多少人|关注|公众号|微博|网站"
)
RATIO_CUE_RE = re.compile(
    r"比例|占比|百分|%|％|率|比重|多大比|倍|占(了)?(多少|几|多大)(?![件个条次人项份名位家])|share|proportion|percent|rate|times",
    re.IGNORECASE,
)

COVER_RE = re.compile(
    r"哪些|哪几|各(单位|机关|部门|镇|乡|县|区)|(所有|全部)的?(单位|机关|部门|镇|乡|县|区|年报)|下属|辖区|辖内|范围内|共有几"
)
LEVEL_WORDS = (
    (
        re.compile(
            r"哪些镇|哪几个镇|哪个镇|各镇|乡镇|哪些乡|各乡|街道|这几个镇|哪些街道|别的镇|其他镇|其它镇|那个镇|有没有镇|towns|"
            r"[这那](?:[两二三四五六七八九十几]|\d+)个(?:镇|乡)"
        ),
        "township",
    ),
    (re.compile(r"局、委、办|局委办|部门|委办局|departments"), "department"),
    (re.compile(r"各县|哪些县|县区|区县|哪个县|哪个区|有没有县|有没有区县|别的县|其他县|counties"), "county"),
    (re.compile(r"各市|哪些市|地级市|哪个市"), "city"),
)
_SCOPE_LEVEL_RE = re.compile(
    r"(?<![是于在])(?:有没有|哪个|哪些|哪几个|别的|其他)(县|区县|县区|镇|乡镇|乡|街道)(?:的(?:年报|报告)|写|在|把|年报)"
)
_SCOPE_LEVELS = {
    "县": "county",
    "区县": "county",
    "县区": "county",
    "镇": "township",
    "乡镇": "township",
    "乡": "township",
    "街道": "township",
}
_PLACE_WORD = re.compile(
    r"(?:^|(?<=[\d\s，,。？?、和与及的对]))((?:[\u4e00-\u9fff]{2,6}?(?:省|市|县|区))*[\u4e00-\u9fff]{2,6}?(?:镇|乡|街道|县|区|市))(?!村)"  # not "镇村干部", "乡村振兴"
)
EN_NOT_PLACES = frozenset(
    {
        "How",
        "What",
        "Which",
        "When",
        "Where",
        "Who",
        "Did",
        "Does",
        "Do",
        "In",
        "The",
        "Compute",
        "Give",
        "Tell",
        "Show",
        "List",
        "China",
        "Chinese",
    }
)
_NOT_PLACE = set("年哪些各个通过分别属于的和与在了是有多少几全本该其这那我贵库咱们你他它")


def _rank_top(q: str) -> int | None:
    m = re.search(
        r"前([一二两三四五六七八九十\d]+)(?![年天])|top\s*(\d+)"
        r"|(?:最多|最少|最高|最低|最大|最小)的([两二三四五六七八九十\d]+)(?:份|个|家|年|项|名)"
        r"|哪([两二三四五六七八九十\d]+)(?:份|个|家|年|项|位)",
        q,
        re.IGNORECASE,
    )
    if m:
        return _count(m.group(1) or m.group(2) or m.group(3) or m.group(4)) or 1
    if FULL_SORT_RE.search(q):
        return None
    return 1


TIMES = r"几倍|多少倍|times|翻了?一?番|翻倍|翻了?两番"


# a request for how reports word something (a precedent to follow): their text, never a table's cell
PRECEDENT_RE = re.compile(
    r"例子|举例|范例|范文|原文|原话|原句|抄一下|照抄|参考一下|借鉴|怎么写|咋写|如何写|怎样写|写法|怎么表述|怎么措辞|"
    r"有没有.{0,16}(?:年报|报告|单位|镇|乡|街道|部门).{0,16}写(?:了|过|到)|写过|"
    r"\b(?:an example|examples|exact wording|how (?:do|did) (?:they|others|other bodies) (?:word|write|phrase))\b",
    re.IGNORECASE,
)


def quoted_topic(q: str) -> str:
    """A term the question quotes to be found in the reports ("写了“传帮带”的"), not a section's
    title ("“存在的主要问题”一般怎么写") nor a statistic's words ("申请人是“其他”组织").

    >>> quoted_topic("有没有年报写了“传帮带”这种做法？"), quoted_topic("“存在的主要问题”怎么写？")
    ('传帮带', '')
    """
    for m in _QUOTED_RE.finditer(q):
        t = re.sub(r"(?:…|\.{3}|。{3})+", "", m.group(1)).strip()  # "“第一时间……”": the words before the dots
        if len(t) < 2:
            continue
        if any(t in title for title in SECTION_TITLES.values()) or concepts(t):
            continue
        return t
    return ""


def operation(q: str, ms: tuple, rt: Ratio | None, multi: bool) -> str:
    """The operation a question asks for, in order of specificity (a table operation is read even
    without a measure: a follow-up such as "比淮安市2024年少多少？" takes the measure from before)."""
    ask = asked_part(q)[1]
    if CONSISTENCY_RE.search(ask) or (CONSISTENCY_RE.search(q) and not PRECEDENT_RE.search(ask)):
        return "consistency"  # not "…目录对不上了。有没有单位写过这种问题？", a precedent asked for
    if MENTIONS_RE.search(q):
        return "mentions"
    if PRECEDENT_RE.search(ask):  # "有没有年报写了“传帮带”？原文给我": the text, even if it names a number
        return "mentions" if quoted_topic(ask) else "narrative"  # not a term quoted in the situation told
    if asks_how(q) or INCLUDES_RE.search(q):  # "…55件，包不包括上一年结转的案子": the report's notes
        return "narrative"
    if asks_change_rate(q):
        return "change_rate"
    if rt is not None:
        return "ratio"
    if NOT_COUNTED_RE.search(q) or subject_asked(q):
        return "not_counted"
    if not ms and LIBRARY_RE.search(q):
        return "library"
    printed_change = any(m.key.endswith("_items_change") for m in ms)  # the 2019 template prints 本年增/减
    if (DIFF_RE.search(q) and not printed_change) or (re.search(TIMES, q) and len(ms) == 1):
        return "difference"
    if RANK_RE.search(q):
        return "rank"  # without a measure only a follow-up keeps it ("其中哪个理由最多？")
    if COMPARE_RE.search(q) and (multi or not ms):
        return "compare"  # "和淮安市2024年比呢？" compares with the scope before
    if not ms:
        return "narrative"
    if AVERAGE_RE.search(q) and multi:
        return "average"
    if COMPARE_RE.search(q) and multi:
        return "compare"
    if COUNT_RE.search(q):
        return "count"
    if WHICH_RE.search(q):
        return "which"
    if TREND_RE.search(q) and multi:
        return "trend"
    if COMPARE_RE.search(q) and multi:
        return "compare"
    if SUM_RE.search(q) and (multi or len(disjoint(ms)) > 1):
        return "sum"
    return "lookup"


INCLUDES_RE = re.compile(
    r"包不包括|包括不包括|是否包括|是否包含|包不包含|含不含|有没有包括|有没有算|算不算|算没算|算进去"
    r"|\b(?:does|do|did) (?:it|they|this|that|these|the \w+) include\b",
    re.IGNORECASE,
)
_HOW_RE = re.compile(
    r"怎么|如何|怎样|咋|做法|措施|举措|问题|不足|差距|短板|薄弱|打算|改进|整改|下一步|经验|亮点|特色|为什么|原因是什么|渠道|途径|"
    r"指什么|指的是|是指|什么意思|啥意思|叫什么|什么名字|\bwhat does .{1,40} mean\b|"
    r"(?:哪|什么)(?:个|些|部|份|项|种)?(?:文件|条例|规定|制度|办法|通知|平台|栏目|专栏|网站|机制|活动|会议)|"
    r"按时|及时答复|超期|逾期答复|法定期限|法定时限|on time|"
    r"\bhow did\b|\bhow does\b|\bhow do\b|\bwhat problems?\b|\bwhy\b",
    re.IGNORECASE,
)
_QUANTITY_RE = re.compile(
    r"多少|多大|几[件个起次回份项位人条年成]?|率|比例|占|百分|排|构成|分布|最多|最少|最高|最低|超过|以上|以下|倍|哪些单位|哪个单位|哪几|"
    r"比.{0,24}?(多|少|高|低|大|小)|比(起来)?(怎么样|如何|怎样)|"
    r"\bhow many\b|\bhow much\b|\brate\b|\bshare\b|\bpercent|\bnumbers? of\b|\bchanged?\b|\btrend\b",
    re.IGNORECASE,
)


def asks_how(q: str) -> bool:
    """A question about what a report says or did ("怎么防止超期答复的？", "行政复议方面存在什么问题？"):
    answered from the text even when it names a table's row, unless it asks for a quantity. Words
    of the table vocabulary are set aside first ("结果如何" asks for table C's outcomes)."""
    rest = q
    for m in sorted(concepts(q), key=lambda m: -m.start):
        rest = rest[: m.start] + "□" * (m.end - m.start) + rest[m.end :]
    return bool(_HOW_RE.search(rest)) and not _QUANTITY_RE.search(rest)


_CHANGE_WORD_RE = re.compile(r"涨|增|降|减|升|跌|多了|少了|变化|变动|rise|rose|grow|grew|fell|fall|drop|change", re.I)
_PERCENT_RE = re.compile(r"百分|%|％|几成|多少成|比率|percent", re.I)


def asks_change_rate(q: str) -> bool:
    """同比 and its everyday forms: "比上一年涨了百分之多少", "增长了多少？按百分比算" (a change
    as a percentage; a share "占…的百分之几" is a ratio instead)."""
    if any(m.concept == ("metric", "change_rate") for m in concepts(q)):
        return True
    return bool(_CHANGE_WORD_RE.search(q) and _PERCENT_RE.search(q) and "占" not in q and "纠错" not in q)


NOT_COUNTED_RE = re.compile("|".join(re.escape(w) for w in sorted(NOT_COUNTED, key=len, reverse=True)), re.IGNORECASE)
QUESTION_WORD_RE = re.compile(r"多少|几[件个起次回份]|how many", re.IGNORECASE)


def _usable(mentions: list, q: str, context: tuple = ()) -> list:
    """Drop application words when the question is not about applications: "受理了多少件网络问政"
    (a weak verb alone), "接待群众多少人次" (an applicant column without any application row)."""
    mentions = _pending_cases(mentions)
    b_strong = any(m.concept[0] in ("B.row", "B.group") and not m.weak for m in mentions)
    if b_strong or re.search(r"申请|applica|request", q, re.IGNORECASE):
        return mentions
    b_row = any(m.concept[0] == "B.row" for m in mentions) or any(m.table == "B" for m in context)
    return [
        m
        for m in mentions
        if not (m.concept[0] == "B.row" and m.weak and not _cols(mentions))
        and not (m.concept[0] in ("B.col", "B.colgroup") and not b_row)
    ]


_OTHER_ITEM_RE = re.compile(r"[“\"「‘](?:\d[.、．]\s*)?其他[”\"」’]|其他(?:那|这)一?(?:项|栏|行)")


def _other_row(mentions: list, q: str) -> list:
    """ "办理结果里“其他”那一项": the result row printed as 3.其他 (under 其他处理), when the words around
    speak of the results, not of who applied ("申请人是“其他”组织" is a column)."""
    m = _OTHER_ITEM_RE.search(q)
    results = any(
        x.concept[0] in ("B.row", "B.group") and x.concept[1].startswith(("result", "other")) for x in mentions
    )
    if not m or not results or re.search(r"申请人|组织|机构", q[max(0, m.start() - 8) : m.end() + 4]):
        return mentions
    inside = [x for x in mentions if x.start < m.end() and m.start() < x.end]
    if inside:
        return mentions
    return [*mentions, Mention(("B.row", "result.other.other"), "其他", m.start(), m.end())]


def _group_explained(mentions: list, q: str) -> list:
    """ "“其他处理”（逾期不补正、逾期不交费、其他 三项合计）", "“不予处理”的申请（信访举报投诉类、重复申请这些）",
    "“复议后起诉”（先复议、复议完又告到法院）": what brackets right after a group or a table C item list
    explains it (the whole of it is asked), never replaces it by the rows or groups the words name."""
    out = list(mentions)
    for g in (m for m in mentions if m.concept[0] in ("B.group", "C.group")):
        after = re.match(r"[”\"’」]?(?:的)?(?:申请|案件)?\s*[（(]([^）)]{2,60})[）)]", q[g.end :])
        if not after or not re.search(r"[、，,]|这些|等", after.group(1)):
            continue  # "(未经复议直接起诉)": one term, the asker's gloss of the words before, not a list
        a = g.end + after.start(1)
        b = a + len(after.group(1))
        prefix = f"result.{g.concept[1]}."

        def explains(m, g=g, prefix=prefix) -> bool:
            if g.concept[0] == "C.group":
                return m.concept[0] == "C.group"
            return m.concept[0] == "B.row" and m.concept[1].startswith(prefix)

        out = [m for m in out if not (a <= m.start < b and explains(m))]
    # "“复议后起诉”（…）的信息公开行政诉讼": the group word after its part, in one clause, qualifies it
    parts = [
        m
        for m in out
        if m.concept in (("C.group", "litigation_direct"), ("C.group", "litigation_after_reconsideration"))
    ]
    return [
        m
        for m in out
        if not (
            m.concept == ("C.group", "litigation")
            and not SUM_RE.search(q)
            and any(p.end <= m.start and not re.search(r"[，,。？?；;]", q[p.end : m.start]) for p in parts)
        )
    ]


def _pending_cases(mentions: list) -> list:
    """ "reconsideration cases still pending at year end": words for the applications carried over
    (table B) said of table C's cases are its 尚未审结 column."""
    carried = [m for m in mentions if m.concept == ("B.row", "carried_to_next_year")]
    others = [m for m in mentions if m.concept[0].startswith("B.") and m not in carried]
    if not carried or others or not any(m.concept[0] == "C.group" for m in mentions):
        return mentions
    return [replace(m, concept=("C.col", "pending")) if m in carried else m for m in mentions]


def _cols(mentions: list) -> bool:
    return any(m.concept[0] in ("B.col", "B.colgroup") for m in mentions)


def _with_row_totals(ms: tuple, mentions: list, q: str) -> tuple:
    """ "新收多少件，其中商业企业多少件": two questions, the row's total and its column."""
    from .measures import b_measure

    if len(QUESTION_WORD_RE.findall(q)) < 2:
        return ms
    rows = [m for m in mentions if m.concept[0] == "B.row"]
    cols = [m for m in mentions if m.concept[0] == "B.col"]
    if not rows or not cols or rows[0].start > cols[0].start:
        return ms
    extra = []
    for m in ms:
        if m.table == "B" and not m.key.endswith(".total"):
            total = b_measure(m.key.split(".", 1)[1].rsplit(".", 1)[0], "total")
            if total not in ms and total not in extra:
                extra.append(total)
    return (*extra, *ms)


# --- the whole reading ---------------------------------------------------------------------------
def _is_english(q: str) -> bool:
    letters = len(re.findall(r"[A-Za-z]", q))
    return letters > 0.6 * len(re.sub(r"[\s\d\W]", "", q))


def _pairs(links: list[Link], spans: list[tuple[int, int]], q: str) -> tuple[tuple[str, int], ...]:
    """(body, year) pairs when the question gives each name its own year ("淮安市2024年和沭阳县2025年")."""
    if len(links) < 2 or len({y for y, _ in spans}) < 2:
        return ()
    out = []
    for i, link in enumerate(links):
        nxt = links[i + 1].start if i + 1 < len(links) else len(q)
        ys = [y for y, at in spans if link.end <= at < nxt and at - link.end <= 3]
        if len(link.bodies) != 1 or len(ys) != 1:
            return ()
        out.append((link.bodies[0], ys[0]))
    return tuple(out)


_SUB_PLACE_RE = re.compile(r"[\u4e00-\u9fff]{1,5}?(?:区|县|镇|乡|街道)")


_QUOTED_RE = re.compile(r"[“\"「『‘]([^”\"」』’]{2,20})[”\"」』’]")  # not ': Huai'an's


def _unlisted(q: str, links: list[Link]) -> tuple[str, ...]:
    """Quoted items that name nothing the tables or the library know: "因“工作秘密”不予公开的有几件"
    (the template has no such row; the answer says so before what it does count)."""
    out = []
    for m in _QUOTED_RE.finditer(q):
        inside = [c for c in concepts(q) if c.start < m.end(1) and m.start(1) < c.end]
        if not inside and not any(m.start(1) <= x.start < m.end(1) for x in links):
            out.append(m.group(1))
    return tuple(out)


# "不算部分公开", "除了自然人以外", "不包括结转的": what follows is left out of the figure or the ranking
_EXCLUDED_RE = re.compile(
    r"(?:不算|不含|不包含|不包括|不计|除了|除去|除开|除|扣除|排除|去掉|刨去|刨除|不是|也不是|并非|excluding|except)[“\"‘「]?$"
)
# "除了逾期不补正、没交费这两种": the items listed after the first one left out are left out too
_LISTED_AFTER_RE = re.compile(r"^[”\"’」]?\s*[、和及与或]\s*(?:也不是|不是)?[“\"‘「]?$")
_ALL_DISCLOSED_RE = re.compile(
    r"(?:都|全|全部|全都)(?:给)?(?:予以)?公开了?(?:吗|么|没)|是不是都公开|是否都公开|all (?:been )?disclosed|"
    r"(?:给|予以)?公开了没|公开了吗|有没有(?:给)?公开"
)
_HANDLED_RE = re.compile(
    r"怎么处理|如何处理|怎样处理|怎么办理的|处理结果|办理结果|怎么答复|如何答复|结果(?:各|分别)|(?:是)?(?:啥|什么)结果|结果是(?:啥|什么)|"
    r"how (?:were|was) (?:they|it|these|those) (?:handled|answered|processed)",
    re.IGNORECASE,
)
_ALL_OF_RE = re.compile(
    r"(?:全都|全部|都|全)(?:是|为|由)|是不是都|是否都|是否全|only (?:from )?(?:individuals|natural persons)"
)
BY_APPLICANT_RE = re.compile(
    r"(?:哪|什么|何)(?:一|些)?(?:类|种|个|样的?)?(?:类型|类别|性质)?的?申请人|申请人(?:的)?(?:类型|类别|构成|结构|分布)"
    r"|(?:谁|什么人|哪些人)(?:申请|提交?)的?(?:最多|最少|多)|which (?:kind|type) of applicants?|applicant (?:type|mix)"
    r"|申请(?:人)?的?(?:都|主要|大多|大部分)?是(?:谁|什么人|哪些人|哪类人|什么单位|哪些单位)|who (?:applied|filed|asked)",
    re.IGNORECASE,
)


EN_UNITS = (
    (re.compile(r"general office", re.I), ("办公厅", "办公室")),
    (re.compile(r"science and technology|\bsci(?:ence)?[- ]tech", re.I), ("科委", "科学技术", "科技")),
    (re.compile(r"development and reform|\bndrc\b", re.I), ("发展和改革", "发改")),
    (re.compile(r"\btax", re.I), ("税务", "地税")),
    (re.compile(r"management committee|administrative committee", re.I), ("管委会", "管理委员会")),
    (re.compile(r"\btown(?:ship)?\b", re.I), ("镇", "乡")),
)


def _en_unit(link: Link, q: str, index: NameIndex) -> Link:
    """Among the bodies of the place a pinyin word names ("Pingtan": its 管委会 and its 地税局), the
    one the question's English unit words name ("local tax bureau")."""
    bodies = set(link.bodies) | set(index.prefixes.get(link.meant, ()))
    if len(bodies) < 2:
        return link
    for pat, forms in EN_UNITS:
        if pat.search(q):
            picked = tuple(sorted(b for b in bodies if any(f in b for f in forms)))
            if picked:
                return replace(link, bodies=picked, how="name")
    return link


def _in_claim(q: str, m) -> bool:
    """Whether a mention sits inside a quotation of the report ("正文说“…”", "年报写“…”")."""
    claim_end = -1  # "写“不予公开5件”“其他处理2件”": quotations one after another are one claim
    for quote in _QUOTED_RE.finditer(q):
        said = re.search(r"[说写称到示]\s*[“\"]?$", q[: quote.start(1)])
        chained = claim_end >= 0 and re.fullmatch(r"[\s、，,和及与以及]*[“\"]?", q[claim_end : quote.start(1)])
        if not (said or chained):
            claim_end = -1
            continue
        claim_end = quote.end()
        if quote.start(1) <= m.start and m.end <= quote.end(1):
            return True
    return False


def _excluded_keys(left_out: list) -> tuple[str, ...]:
    """The table B columns ("natural_person") and rows ("result.partially_disclosed") left out."""
    out = []
    for m in left_out:
        kind, key = m.concept[0], m.concept[1]
        if kind in ("B.col", "B.row") and key not in out:
            out.append(key)
    return tuple(out)


def _sub_places(q: str, links: list[Link]) -> dict[str, str]:
    """A place the library holds followed by a unit inside it that it does not ("淮安市清江浦区"):
    the question is about that unit, not the place around it. {linked word: the unit's name}."""
    out = {}
    starts = {x.start for x in links}
    for link in links:
        if not link.word.endswith(("市", "县", "区")):
            continue
        m = _SUB_PLACE_RE.match(q, link.end)
        if (
            m
            and m.start() not in starts
            and not any(x.start < m.end() <= x.end for x in links)
            and not (set(m.group(0)) & _NOT_PLACE)
            and m.group(0) not in ("城区", "市区", "县区", "辖区", "全区", "全县")
        ):
            out[link.word] = m.group(0)
    return out


@cache
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def simplified(text: str) -> str:
    """A question in traditional characters as the reports print theirs (simplified).

    >>> simplified("洪澤區2023年行政事業性收費金額")
    '洪泽区2023年行政事业性收费金额'
    """
    return _t2s().convert(text) if re.search(r"[\u4e00-\u9fff]", text) else text


_PREAMBLE_RE = re.compile(
    r"^(?:(?:你好|您好|老师好|请问)[，,！!\s]*)?(?:我是|我们是|本人是|我在|我们在|我是一名|我是个)[^，,。？?！!]{1,24}[，,。！!]\s*"
)


def without_preamble(q: str) -> str:
    """The question without the asker's introduction ("我是乡镇写年报的，…"): who asks is not what is asked
    (its words would name a level and steer the search).

    >>> without_preamble("我是乡镇写年报的，海城镇2022年的问题是怎么写的？")
    '海城镇2022年的问题是怎么写的？'
    """
    rest = _PREAMBLE_RE.sub("", q, count=1)
    return rest if len(rest) >= 4 else q


_ASKS_RE = re.compile(
    r"[？?]|吗|呢|多少|几[件个份年次项条种位名家期]|哪|什么|啥|怎么|怎样|如何|有没有|是否|是不是|请|帮我|给我|列出|排一下|说说|看看|"
    r"\b(?:which|what|how|who|when|where|list|show|give|compare)\b",
    re.IGNORECASE,
)


def asked_part(q: str) -> tuple[str, str]:
    """(context, ask): the leading sentences that ask nothing ("下面老有单位超期答复。", "今年我们局搞
    机构改革…。") say the asker's situation; their words are not what is asked, their 今年 no report's year.

    >>> asked_part("领导让我参考区政府的写法。洪泽区2023年制发几件？")
    ('领导让我参考区政府的写法。', '洪泽区2023年制发几件？')
    """
    # typed on a phone, a space stands for the full stop: "村民看不懂政策 有没有镇写过用方言讲的"
    # (only after a clause of its own, not between the words of one: "七营镇 政务公开 怎么写的")
    if not re.search(r"[。！!；;？?，,]", q[:-1]):  # the same length: the context's length cuts the question
        q = re.sub(r"(?<=[\u4e00-\u9fff]{6})[ \u3000]+(?=[\u4e00-\u9fff])", lambda m: "。" + m.group(0)[1:], q)
    sentences = [x for x in re.split(r"(?<=[。！!；;])", q) if x]
    i = 0
    while i < len(sentences) - 1 and not _ASKS_RE.search(sentences[i]):
        i += 1
    return "".join(sentences[:i]), "".join(sentences[i:])


def understand(
    question: str,
    catalog: Catalog,
    context: Query | None = None,
    today: datetime.date | None = None,
    part: bool = False,
) -> Query:
    q = without_preamble(simplified(question.strip()))
    lang = "en" if _is_english(q) else "zh"
    links = catalog.index.link(q)
    places: list[str] = []
    words: list[str] = []
    ambiguous: list[tuple[str, tuple[str, ...]]] = []
    notes: list[str] = []
    # "有没有县的年报举过县直部门…的例子": the scope the question names outright, before a level word inside
    scope = _SCOPE_LEVEL_RE.search(q)
    level = _SCOPE_LEVELS.get(scope.group(1)) if scope else next((lv for pat, lv in LEVEL_WORDS if pat.search(q)), None)
    sub_places = _sub_places(q, links)
    links = [x for x in links if x.word not in sub_places]
    # "平潭县地税局": a place's name right before a unit of that place qualifies the unit
    links = [
        x
        for x in links
        if not any(
            y is not x
            and 0 <= y.start - x.end <= 2
            and re.fullmatch(r"[县市区的]{0,2}", q[x.end : y.start])
            and set(y.bodies).isdisjoint(x.bodies)
            and all(b.startswith(x.word[:2]) for b in y.bodies)
            for y in links
        )
    ]
    # "上海那个科技委员会": a place and a unit named inside it are the unit, not every body of the place
    links = [
        x for x in links if not (x.how == "place" and any(y is not x and set(y.bodies) < set(x.bodies) for y in links))
    ]
    # "海原县政府" when the library holds bodies in 海原县 but not its government (nor its office):
    # that government is not in the library, never read as the bodies under it
    missing_government = [
        x for x in links if x.how == "place" and re.match(r"(?:人民)?政府(?!办|信息)", q[x.end :]) and lang == "zh"
    ]
    links = [x for x in links if x not in missing_government]
    if lang == "en":  # "the Shanghai ... general office": the unit words pick among the place's bodies
        links = [_en_unit(x, q, catalog.index) for x in links]
    for link in links:
        if link.how == "place" and level is None and len(link.bodies) > 1:
            pass  # a county or city that covers several bodies: all of them
        elif len(link.bodies) > 1 and link.how != "place":
            ambiguous.append((link.word, link.bodies))
            continue
        bodies = link.bodies
        covered = catalog.index.places.get(link.word, set())
        if covered and COVER_RE.search(q):  # "淮安市有哪些单位…": the city and every body under it
            bodies = tuple(sorted({*bodies, *covered}))
        for b in bodies:
            if b not in places:
                places.append(b)
        words.append(link.word)
        if link.how in ("typo", "pinyin"):
            notes.append(f"“{link.word}”按{link.meant}理解")
        elif link.how == "office":
            notes.append(f"“{link.word}”按{link.meant}理解（资料库中没有该政府本级的年报）")
    rest = q
    for link in links:
        rest = rest.replace(link.word, "□" * len(link.word))
    unknown = [
        w
        for m in _PLACE_WORD.finditer(rest)
        if not (set(w := m.group(1)) & _NOT_PLACE) and w not in ("乡镇", "镇街", "城市", "街道", "市区", "县区", "区县")
    ]
    unknown = list(dict.fromkeys([*unknown, *(f"{w}{sub}" for w, sub in sub_places.items())]))
    if missing_government:
        unknown = [
            w for w in unknown if not any(x.word.startswith(w) or w.startswith(x.word) for x in missing_government)
        ]
        unknown += [f"{x.word}人民政府" for x in missing_government]
    if lang == "en":
        linked = {w.lower() for link in links for w in re.findall(r"[A-Za-z]+", link.word)}
        unknown += [
            w
            for w in re.findall(r"(?<![A-Za-z'])([A-Z][a-z]+(?:'[a-z]+)?)", q)
            if w.lower() not in linked and w not in EN_NOT_PLACES and is_pinyin_word(w)
        ]
    situation, _ask = asked_part(q)
    # "今年我们局搞机构改革。有没有单位写过…": the asker's year, not a report's
    dated = re.sub(r"今年|去年|前年|本年", lambda m: "□" * len(m.group(0)), situation) + q[len(situation) :]
    years, spans = years_of(dated, catalog.years, today)
    prev_measures = context.measures if context else ()
    # what only a report's text says (no table counts it): never a table's row
    found = [] if _TEXT_ONLY_RE.search(q) else concepts(q)
    left_out = []
    for m in found:
        if _EXCLUDED_RE.search(q[max(0, m.start - 6) : m.start]) or (
            left_out and _LISTED_AFTER_RE.match(q[left_out[-1].end : m.start])
        ):
            left_out.append(m)
    # "老百姓把信访件当成申请递上去的…有多少件": who does what the row counts, not an applicant column
    found = [m for m in found if not (m.concept[0] == "B.col" and re.match(r"\s*把", q[m.end :]))]
    # "被人申请行政复议": an application for a review (table C), not one for information (table B)
    found = [
        m
        for m in found
        if not (m.concept[0] == "B.row" and m.weak and re.match(r"\s*(?:了)?(?:行政)?(?:复议|诉讼)", q[m.end :]))
    ]
    # "正文说“因本机关不掌握等原因无法提供265件”，按表三“无法提供”三项加起来": the report's words quoted
    # are what it claims, the rest of the question what is asked
    # "commercial enterprises 提的那 2 件 applications，final outcome 是什么": the applications' results
    # (table three), not a review's or a lawsuit's outcome, when no review or lawsuit is named
    handled = (
        any(m.concept == ("C.col", "outcomes") for m in found)
        and not any(m.concept[0] == "C.group" for m in found)
        and (any(m.concept[0].startswith("B.") for m in found) or any(m.table == "B" for m in prev_measures))
    )
    if handled:
        found = [m for m in found if m.concept[0] != "C.col"]
    claimed = [m for m in found if _in_claim(q, m)]
    if claimed and len(claimed) < len(found):
        found = [m for m in found if m not in claimed]
    found = _other_row(found, q)
    mentions = _usable(_group_explained([m for m in found if m not in left_out], q), q, prev_measures)
    if re.match(r"^(?:那|那么)?(?:其中|这其中|这里面|里面|当中)", q) and any(m.table == "B" for m in prev_measures):
        # "其中商业企业提的有几件？": of what was asked before, "提的" is no row of its own
        mentions = [m for m in mentions if not (m.concept[0] == "B.row" and m.weak)]
    ms = _with_row_totals(measures(mentions, prev_measures), mentions, q)
    by_applicant = bool(BY_APPLICANT_RE.search(q))
    if by_applicant and not any(m.table == "B" for m in (*ms, *prev_measures)):
        ms = (*ms, b_measure("new_applications", "total"))  # "哪类申请人最多": of the applications received
    if not ms and _ALL_DISCLOSED_RE.search(q):
        ms = (b_measure("result.total", "total"),)  # "都公开了吗？": the results, each kind of them
    if _ALL_OF_RE.search(q) and ms and all(m.table == "B" and not m.key.endswith(".total") for m in ms):
        # "全都是个人申请的吗？": the row's total and every applicant column, not the one column
        ms = tuple(dict.fromkeys(b_measure(m.key[2:].rsplit(".", 1)[0], "total") for m in ms))
        by_applicant = True
    asked_cols = [m.concept[1] for m in mentions if m.concept[0] == "B.col"]
    prev_cols = [m.key.rsplit(".", 1)[1] for m in prev_measures if m.table == "B" and not m.key.endswith(".total")]
    if handled and not asked_cols and not ms and prev_cols:
        # "“其他”类组织提了几件申请？最后是什么结果？": the results of the applicants asked about
        ms = tuple(b_measure("result.total", col) for col in dict.fromkeys(prev_cols))
    if asked_cols and _HANDLED_RE.search(q) and re.search(r"剩下|剩余|其余", q):
        # "我知道50件公开了、10件是本机关不掌握，那剩下的1件是啥结果？": all of the column's results
        ms = tuple(b_measure("result.total", col) for col in dict.fromkeys(asked_cols))
    if (
        (handled or _HANDLED_RE.search(q) or _ALL_DISCLOSED_RE.search(q))
        and asked_cols
        and all(m.key.startswith(("B.new_applications.", "B.result.total.")) for m in ms)
    ):
        # "律师事务所提的申请最后都是怎么处理的？": that column's results, not its applications received
        ms = tuple(b_measure("result.total", col) for col in dict.fromkeys(asked_cols))
        by_applicant = False
    wants_ratio = (RATIO_CUE_RE.search(q) or _ordered_metric(mentions)) and not asks_change_rate(q)
    rt = ratio(mentions, q, prev_measures) if wants_ratio else None
    total = b_measure("result.total", "total")
    if rt is None and total in ms and re.search(r"办理结果(?:里|中|当中|之中)", q):
        # "按办理结果里“无法提供”的件数排序": the results are where it is, not a figure asked
        rest = tuple(m for m in ms if m != total and m.key.startswith("B.result."))
        ms = rest or ms
    multi = len(places) != 1 or len(years) != 1
    kind = operation(q, ms, rt, multi or not places)
    if kind == "which" and len(places) == 1 and len(years) <= 1 and re.search(r"有没有|是否|吗|did|does|any", q):
        kind = "lookup"  # "镇罗镇2024年有没有收到申请？": a yes or no about one report
    if kind == "narrative" and _HANDLED_RE.search(q) and any(m.key.startswith("B.result.total.") for m in ms):
        kind = "lookup"  # "…都是怎么处理的": the results the table counts
    if kind == "mentions" and places and not MENTIONS_RE.search(q):
        kind = "narrative"  # "镇罗镇的“平台建设”是怎么写的": that report's part, read whole
    top = _rank_top(q) if kind == "rank" else None
    query = Query(
        question=q,
        kind=kind,
        places=tuple(places),
        place_words=tuple(words),
        unknown_places=tuple(unknown),
        ambiguous=tuple(ambiguous),
        years=tuple(years),
        pairs=_pairs([x for x in links if x.word in words], spans, q),
        measures=ms,
        ratio=rt,
        level=level,
        threshold=threshold_of(q),
        order="asc" if ASC_RE.search(q) else "desc",
        top=top,
        lang=lang,
        notes=tuple(notes),
        unlisted=tuple(
            w
            for w in _unlisted(q, links)
            if not (
                re.sub(r"^\d[.、．]\s*", "", w) == "其他" and any(m.key.startswith("B.result.other.other") for m in ms)
            )
        ),
        by="applicant" if by_applicant else "",
        excluded=_excluded_keys(left_out),
        phrase=_mention_phrase(q) if kind == "mentions" else _not_counted(q) if kind == "not_counted" else "",
        decimals=decimals(q),
    )
    if context is not None:
        query = follow_up(query, context, catalog, always=part)
    if query.unknown_places and not query.places:
        query = replace(query, kind="unanswerable")
    if query.kind in TABLE_KINDS and not query.measures and query.ratio is None:
        query = replace(query, kind="narrative")
    if query.kind in ("lookup", "narrative") and len(query.years) > 1 and len(query.places) == 1 and query.measures:
        query = replace(query, kind="trend" if TREND_RE.search(q) else query.kind)
    return query


TABLE_KINDS = frozenset(
    {"lookup", "which", "count", "sum", "average", "rank", "compare", "difference", "change_rate", "trend", "ratio"}
)


_PLACES_RE = re.compile(
    r"(?:保留|精确到|取)(?:到)?(?:小数点后)?([零一二两三四0-4])位(?:小数)?|(?:保留|取)整数|取整"
    r"|\b([0-4]|one|two|three) decimal(?: place)?s?\b|\bto (?:the )?nearest whole\b",
    re.IGNORECASE,
)
_PLACES = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "one": 1, "two": 2, "three": 3}


def decimals(q: str) -> int | None:
    """The decimal places a question asks a derived figure in ("保留两位小数" 2, "取整" 0), else None.

    >>> decimals("大约是几倍？保留一位小数"), decimals("占比多少，精确到小数点后两位"), decimals("占比多少")
    (1, 2, None)
    """
    m = _PLACES_RE.search(q)
    if not m:
        return None
    word = (m.group(1) or m.group(2) or "0").lower()
    return int(word) if word.isdigit() else _PLACES[word]


_ABOUT = r"(?:跟|与|和|同|涉及到?|关于)[“\"]?([\u4e00-\u9fff]{2,10}?)[”\"]?(?:有关|相关|方面|领域|问题|事项)?的"
_SUBJECT_RES = (
    # "涉及房屋征收的申请有多少件", "跟拆迁相关的行政复议有几件"
    re.compile(_ABOUT + r"(?:政府信息公开|信息公开|依申请|行政)?(?:申请|案件|复议|诉讼)[^？?]{0,8}(?:多少|几)"),
    # "收到的154件申请里，跟征地拆迁有关的有几件"
    re.compile(r"(?:申请|案件|复议|诉讼)[^？?，,]{0,6}(?:里|中|当中)[，,]?\s*" + _ABOUT + r"[^？?]{0,4}(?:多少|几)"),
)


def subject_asked(q: str) -> str:
    """What applications or cases were about ("跟征地拆迁有关的申请有几件"): no table counts them by
    subject, so the question is answered with that, and with what the text says about it.

    >>> subject_asked("平潭2025年收到的154件申请里，跟征地拆迁有关的有几件？"), subject_asked("与行政复议有关的申请有几件")
    ('征地拆迁', '')
    """
    m = next((m for r in _SUBJECT_RES if (m := r.search(q))), None)
    if not m or concepts(m.group(1)) or re.search(r"申请|公开|复议|诉讼|处理|办理|结转|收到", m.group(1)):
        return ""
    return m.group(1)


def _not_counted(q: str) -> str:
    if subject_asked(q):
        return subject_asked(q)
    m = NOT_COUNTED_RE.search(q)
    key = next(k for k in NOT_COUNTED if k.lower() == m.group(0).lower())
    return NOT_COUNTED[key]


def _ordered_metric(mentions) -> bool:
    return any(m.concept[0] == "metric" for m in mentions)


def _mention_phrase(q: str) -> str:
    m = MENTIONS_RE.search(q)
    if not m:
        return quoted_topic(asked_part(q)[1]) or quoted_topic(q)
    phrase = next((g for g in (m.group(5), m.group(8), m.group(10)) if g), "")
    if re.match(r"[，,；;：:]", phrase) or not phrase.strip("“”\"'‘’「」 的了过？?"):
        return quoted_topic(q)  # "“阅办联动”是啥？哪些年报里提到了，…": the term is said before
    return phrase.strip("“”\"'‘’「」 的了过")


FOLLOW_RE = re.compile(
    r"^(那|那么|还有|再|它|他们|其中|另外|里面|这里面|这其中|这些|换成|换作|改成|如果是|and |what about|how about)|呢[？?]?$|它的|其",
    re.IGNORECASE,
)
_ASKS_RE = re.compile(
    r"多少|几|吗|么|什么|哪|怎|如何|呢|是否|有没有|谁|为何|为什么|\b(how|what|which|who|did|does|do|is|are|was|were)\b",
    re.IGNORECASE,
)


def split_questions(question: str) -> list[str]:
    """The questions one message asks, in order: "新收了多少件？其中企业几件？" is two. A part that
    asks nothing by itself ("按百分比算", "保留一位小数。") stays with the question before it.

    >>> split_questions("平潭2024年新收多少件？比上一年涨了百分之多少？")
    ['平潭2024年新收多少件？', '比上一年涨了百分之多少？']
    >>> split_questions("2025年比2024年增长了多少？按百分比算")
    ['2025年比2024年增长了多少？按百分比算']
    """
    parts: list[str] = []
    for piece in re.split(r"(?<=[？?])", question.strip()):
        if not piece.strip():
            continue
        if parts and not _ASKS_RE.search(piece):
            parts[-1] += piece
        else:
            parts += _comma_questions(piece.strip())
    return parts


_COUNT_ASKED_RE = re.compile(r"多少|几[件个起次回份项位人条]|how many", re.IGNORECASE)


def _comma_questions(piece: str) -> list[str]:
    """ "一共收到几件申请，办结了几件？": two questions a comma separates, each asking a count."""
    halves = re.split(r"[，,](?=[^，,]*$)", piece, maxsplit=1) if piece.count("，") + piece.count(",") else [piece]
    if len(halves) == 2 and all(_COUNT_ASKED_RE.search(h) for h in halves) and len(halves[0]) >= 4:
        return [*_comma_questions(halves[0]), halves[1]]
    return [piece]


_PREV_YEAR_RE = re.compile(
    r"(?<!比)(?<!和)(?<!与)(?<!跟)(前一年|上一年|上年度|上年|头一年|前一个年度|the year before|previous year)", re.I
)
_NEXT_YEAR_RE = re.compile(r"(后一年|下一年|下一个年度|次年|第二年|the year after|next year)", re.I)


# what only the text counts: never read as an application row ("收到群众诉求多少件" is no 申请)
_TEXT_ONLY_RE = re.compile(
    r"信息处理费|(?:information )?processing fees?|撤回|withdr[ae]w\w*|诉求|留言|工单|来电|热线|电子证照|证照库",
    re.IGNORECASE,
)
_WHOLE_LIBRARY_RE = re.compile(
    r"库里|资料库|数据库|所有|全部(?:年报|单位|机关)|哪份|哪几份|哪些单位|哪个单位|哪些机关|哪个机关|哪家|各单位|各地|"
    r"\b(?:which|all) (?:reports?|bodies)\b",
    re.IGNORECASE,
)
_THESE_ITEMS_RE = re.compile(
    r"(?:这|那)?(两|二)(?:项|个数|个数字|者|样)|(?:这|那)(?:几|些)(?:项|个数)|both (?:figures|items)"
)
_PLAN_YEAR_RE = re.compile(r"\d{2,4}\s*年度?\s*(?:准备|打算|计划|将要|将|拟|要|想)")
_THESE_BODIES_RE = re.compile(
    r"(?:这|那)?(?:两|二)(?:家|地|个单位|个机关|个地方|个政府|个部门|边)|(?:二|两)者|双方|\bboth (?:bodies|of them|places)\b",
    re.IGNORECASE,
)
_ITS_GOVERNMENT_RE = re.compile(r"^(?:那|那么|它们?的?)?(?:县|区)(?:人民)?政府")
_THAT_ONE_RE = re.compile(
    r"(?:那|这)(?:个|家|一个|一家)(?:镇|乡|街道|县|区|市|单位|机关|部门)|排(?:第一|首位)的|最多的那|最少的那|第一名"
)
_THESE_YEARS_RE = re.compile(r"(?:这|那)?(两|二)年|(?:这|那)?两个年度|(?:这|那)(?:几|些)年|both years|these years")


def _relative_year(q: str) -> int:
    """−1 for "那前一年呢？", +1 for "后一年呢？" (not "比上一年…", which compares with it, nor a
    row's own words: "结转到下一年的呢？", "上年结转的呢？")."""
    for m in sorted(concepts(q), key=lambda m: -m.start):
        q = q[: m.start] + "□" * (m.end - m.start) + q[m.end :]
    if _PREV_YEAR_RE.search(q):
        return -1
    if _NEXT_YEAR_RE.search(q):
        return 1
    return 0


_ALL_APPLICANTS_RE = re.compile(
    r"总计|合计|一共|总共|全部|总数|所有|各类|每类|哪类|申请人|\btotal\b|\ball\b", re.IGNORECASE
)


def _bare(q: Query) -> str:
    """The question without its names, years and follow-up words: what it asks of its own."""
    rest = q.question
    for w in q.place_words:
        rest = rest.replace(w, "")
    rest = YEAR_RE.sub("", rest)
    return re.sub(r"^(?:那么?|还有|再|换成|and|what about|how about)|[呢吗的？?。，,\s]|情况|怎么样|如何|又", "", rest)


def _carried_column(q: Query, prev: Query) -> str:
    """The applicant column every figure asked before was in, when the question before named it with
    its row (the applicants are the topic) and this one asks table B figures without naming applicants
    (nor all of them)."""
    cols = {m.key.rsplit(".", 1)[1] for m in prev.measures if m.table == "B"}
    if len(cols) != 1 or not prev.measures or any(m.table != "B" for m in prev.measures):
        return ""
    col = cols.pop()
    if not any(c.concept[0] in ("B.row", "B.group") for c in concepts(prev.question)):
        return ""  # "其中商业企业几件？" narrowed a figure asked before; the next row is asked whole
    if col == "total" or not q.measures or _ALL_APPLICANTS_RE.search(q.question) or q.by or q.excluded:
        return ""
    if any(m.table != "B" or not m.key.endswith(".total") for m in q.measures):
        return ""
    return col


def _in_column(m: Measure, col: str) -> Measure:
    row = m.key[2:].rsplit(".", 1)[0]
    group = row.removeprefix("result.")
    if row.startswith("result.") and group in B_GROUPS:
        return b_measure("group:" + group, col)
    return b_measure(row, col) if row in B_ROW_NAMES else m


def follow_up(q: Query, prev: Query, catalog: Catalog, always: bool = False) -> Query:
    """A follow-up inherits what it does not restate and drops what it restates (`always`: the
    question is the second part of one message, so it is a follow-up whatever its words)."""
    looks_like = (
        always
        or bool(FOLLOW_RE.search(q.question))
        or len(q.question) <= 14
        or q.kind in ("difference", "compare")
        or bool(not q.years and not q.places and _THESE_YEARS_RE.search(q.question))  # "这两年…"
        or bool(not q.places and _ITS_GOVERNMENT_RE.search(q.question))  # "县政府2025那份呢"
        # a question naming no body, year or level, in a conversation, is about what was asked before
        or not (
            q.places or q.years or q.unknown_places or q.level or q.ambiguous or _WHOLE_LIBRARY_RE.search(q.question)
        )
    )
    if not looks_like:
        return q
    changes: dict = {}
    if POSITION_RE.search(q.question) and prev.measures and all(m.key == "B.result.total.total" for m in q.measures):
        changes["measures"] = prev.measures  # "在各类办理结果里排第几？": where what was asked stands among them
        changes["kind"] = "rank"
    # "换成行政诉讼呢？" swaps the group and keeps the outcome; "另外…有几件？" asks its own figure
    swapped = () if QUESTION_WORD_RE.search(q.question) else _swap_c_group(q.measures, prev.measures)
    if swapped:
        changes["measures"] = swapped  # "换成行政诉讼呢？" after "行政复议纠正了几件": 行政诉讼·纠正
    changes["seen_measures"] = tuple(dict.fromkeys([*prev.seen_measures, *prev.measures]))
    column = _carried_column(q, prev)
    if column:
        # "商业企业的申请有几件是上年结转的？年底又有几件要结转？": the applicants asked about before
        changes["measures"] = tuple(_in_column(m, column) for m in changes.get("measures", q.measures))
    items = _THESE_ITEMS_RE.search(q.question)
    if not q.measures and items and len(changes["seen_measures"]) > 1:
        # "两项加起来一共多少件？" after 行政许可, then "那行政处罚呢？": the figures the conversation asked
        n = 2 if items.group(1) else len(changes["seen_measures"])
        changes["measures"] = changes["seen_measures"][-n:]
        if SUM_RE.search(q.question):
            changes["kind"] = "sum"
    elif (
        not q.measures
        and q.ratio is None
        and q.kind in TABLE_KINDS | {"narrative", "consistency"}
        and prev.measures
        and not _TEXT_ONLY_RE.search(q.question)  # "这里面主动撤回的有几件？": what only the text counts
    ):
        changes["measures"] = prev.measures
        if q.kind == "narrative":
            changes["kind"] = prev.kind
        if q.kind == "rank":
            changes["top"] = q.top
    elif (
        not q.measures
        and q.kind == "narrative"
        and prev.kind == "narrative"
        and len(q.question) <= 14
        and not re.search(r"占|比例|百分", q.question)  # "村务公开平台占多少比例？" asks its own thing
        and len(_bare(q)) <= 3  # "2020年打算怎么改进？" asks its own thing too; "那镇罗镇呢？" does not
    ):
        topic = prev.question
        for w in prev.place_words:
            topic = topic.replace(w, "")
        changes["question"] = "".join(q.place_words) + topic
    if (
        q.kind in ("difference", "compare", "change_rate")
        and not q.measures
        and not prev.measures
        and prev.kind == "narrative"
    ):
        # "辛店镇24年主动公开多少条" then "比七营镇少多少": the figure the text gave, asked of both
        topic = prev.question
        for w in prev.place_words:
            topic = topic.replace(w, "")
        changes["question"] = f"{q.question}（{topic}）"
    if q.kind in ("difference", "compare") and q.places and prev.places and set(q.places) != set(prev.places):
        # "比淮安市2024年少多少？": the previous scope against the one named now
        pairs = [(b, y) for b in prev.places for y in (prev.years or ())] + [
            (b, y) for b in q.places for y in (q.years or prev.years or ())
        ]  # "和镇罗镇比呢？": the year asked before
        changes["pairs"] = tuple(pairs)
        changes["places"] = tuple(dict.fromkeys([*prev.places, *q.places]))
        changes["years"] = tuple(sorted({*prev.years, *q.years}))
        if not q.measures:
            changes["measures"] = prev.measures
        return replace(q, **changes)
    gov = _ITS_GOVERNMENT_RE.search(q.question) if not q.places and prev.places else None
    if gov:
        # "沭阳发改局2023年报…" then "县政府2025那份呢": the government of the county asked about before
        counties = {r.get("county") for r in catalog.reports if r.get("body") in prev.places and r.get("county")}
        govs = sorted(
            {
                r["body"]
                for r in catalog.reports
                if r.get("county") in counties
                and re.search(r"人民政府$", r.get("body") or "")
                and not re.search(r"[镇乡]人民政府$|街道", r.get("body") or "")
            }
        )
        if len(govs) == 1:
            changes["places"] = tuple(govs)
            changes["years"] = q.years or prev.years
            changes["unknown_places"] = ()
    if not q.places and prev.first and _THAT_ONE_RE.search(q.question):
        # "谁的行政处罚最多？" then "那个镇一年微博转载了多少条？": the one the answer named first
        changes["places"] = prev.first
        changes["years"] = q.years or prev.years
        changes["kind"] = (
            "narrative" if not q.measures and q.kind in ("rank", "narrative") else changes.get("kind", q.kind)
        )
        if q.kind == "rank" and q.measures:
            changes["kind"] = "lookup"
    changes["seen_years"] = tuple(dict.fromkeys([*prev.seen_years, *prev.years]))
    changes["seen_scopes"] = tuple(dict.fromkeys([*prev.seen_scopes, *((p, prev.years) for p in prev.places)]))
    bodies = [b for b, _ in dict.fromkeys(changes["seen_scopes"])]
    if not q.places and _THESE_BODIES_RE.search(q.question) and len(set(bodies)) > 1:
        # "两家差多少件？" after 洪泽区 then "同一年平潭呢？": the two bodies the conversation named
        if SUM_RE.search(q.question) and changes.get("kind", q.kind) in ("lookup", "narrative", "compare"):
            changes["kind"] = "sum"  # "这两家加起来呢？"
        last = list(dict.fromkeys(reversed(bodies)))[:2][::-1]
        scopes = [next(s for s in reversed(changes["seen_scopes"]) if s[0] == b) for b in last]
        changes["places"] = tuple(last)
        changes["years"] = tuple(sorted({y for _, ys in scopes for y in ys}))
        if all(len(ys) == 1 for _, ys in scopes):
            changes["pairs"] = tuple((b, ys[0]) for b, ys in scopes)
        if not q.measures:
            changes["measures"] = prev.measures
        return replace(q, **changes)
    named_scope = bool(q.places or q.unknown_places or q.level)
    shift = _relative_year(q.question)
    together = _THESE_YEARS_RE.search(q.question)
    if not q.years and together and len(changes["seen_years"]) > 1:
        # "两年加起来多少件？" after one year then "那2020年呢？": the years the conversation named
        n = 2 if together.group(1) else len(changes["seen_years"])
        changes["years"] = tuple(sorted(changes["seen_years"][-n:]))
        shift = 0
        if q.kind in ("lookup", "narrative") and SUM_RE.search(q.question):
            changes["kind"] = "sum"
    calendar = re.search(r"去年|前年", q.question)
    explicit = re.search(r"\d{2,4}\s*年|[〇零一二三四五六七八九]{2,4}年", q.question)
    if len(prev.years) == 1 and not explicit and THAN_BEFORE_RE.search(q.question) and q.kind != "change_rate":
        # "比去年少了多少？" after a question about 2025: 2025 against 2024
        changes["years"] = (prev.years[0] - 1, prev.years[0])
        shift, calendar = 0, None
    if calendar and len(prev.years) == 1 and not explicit:
        # "去年呢？" in a conversation about 2019 is 2018, not the calendar's last year
        changes["years"] = (prev.years[0] - (1 if calendar.group(0) == "去年" else 2),)
        shift = 0
    plan = _PLAN_YEAR_RE.search(q.question)
    if plan and len(prev.years) == 1 and q.years == (prev.years[0] + 1,) and q.kind == "narrative":
        # "那他们说2020年准备怎么改进？" after the 2019 report: that report's plans for the year after
        changes["years"] = prev.years
    if not q.years and shift and prev.years:
        changes["years"] = tuple(y + shift for y in prev.years)  # "那前一年呢？"
    named = changes["seen_years"]  # prev.years included
    if not q.years and "years" not in changes and q.kind in ("difference", "change_rate") and len(named) > 1:
        # "两年差了多少？", "涨了百分之多少？" after one year, then another: between the two named last
        changes["years"] = tuple(sorted(named[-2:]))
    if not named_scope and not q.ambiguous and "places" not in changes:
        changes["places"] = prev.places
        changes["place_words"] = prev.place_words
        changes["level"] = prev.level
        if not q.years and not shift and "years" not in changes:
            changes["years"] = prev.years
    elif not q.years and prev.years and catalog.ids(q.places, prev.years):
        changes["years"] = prev.years  # a new body keeps the year when it has a report that year
    return replace(q, **changes)


def _swap_c_group(ms: tuple[Measure, ...], before: tuple[Measure, ...]) -> tuple[Measure, ...]:
    """A follow-up naming only table C's group ("换成行政诉讼呢？") keeps the outcome asked before."""
    if not ms or any(m.table != "C" or not m.key.endswith(".total") for m in ms):
        return ()
    cols = list(dict.fromkeys(m.key.split(".")[2] for m in before if m.table == "C" and not m.key.endswith(".total")))
    if not cols:
        return ()
    groups = list(dict.fromkeys(m.key.split(".")[1] for m in ms))
    if "litigation" in groups and len(groups) > 1:  # the total and its two parts: the total's outcome
        groups = ["litigation"]
    return tuple(c_measure(g, c) for g in groups for c in cols)


# Names of the common statistics, for pick lists (the web app's comparisons)
def _common() -> dict[str, str]:
    from .measures import a_measure, b_measure, c_measure

    ms = [
        b_measure("new_applications", "total"),
        b_measure("carried_from_last_year", "total"),
        b_measure("carried_to_next_year", "total"),
        b_measure("result.total", "total"),
        b_measure("result.disclosed", "total"),
        b_measure("result.partially_disclosed", "total"),
        b_measure("new_applications", "natural_person"),
        b_measure("new_applications", "commercial_enterprise"),
        *[
            a_measure(r, c)
            for r, c in (
                ("penalty", "decisions"),
                ("licensing", "decisions"),
                ("coercion", "decisions"),
                ("fees", "amount"),
            )
        ],
        *[a_measure(r, c) for r in ("normative_documents", "rules") for c in ("issued", "repealed", "in_force")],
        c_measure("reconsideration", "total"),
        c_measure("reconsideration", "corrected"),
        c_measure("litigation_direct", "total"),
        c_measure("litigation_after_reconsideration", "total"),
    ]
    return {m.key: m.label for m in ms if m}


STAT_NAMES = _common()


def find_stats(text: str) -> tuple[tuple[str, ...], ...]:
    """The cell keys a sentence's statistics name (the verifier ties numbers to them)."""
    return tuple(m.parts for m in measures(concepts(text)))
