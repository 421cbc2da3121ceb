"""Understanding a question: which reports (places, bodies, years), which statistic, which kind.

Places and bodies are matched against the library's own reports, longest name first, so "七营"
finds 七营镇 and never 七里营镇; statistics come from a synonym table onto the schema's cell keys.

    >>> cat = Catalog([{"id": "a", "body": "海原县七营镇人民政府", "town": "七营镇", "county": "海原县",
    ...                 "city": None, "year": 2024, "level": "township"},
    ...                {"id": "b", "body": "新乡县七里营镇人民政府", "town": "七里营镇", "county": "新乡县",
    ...                 "city": None, "year": 2023, "level": "township"}])
    >>> q = understand("七营2024年作出了多少件行政处罚决定？", cat)
    >>> q.kind, q.places, q.years, q.stats
    ('lookup', ('海原县七营镇人民政府',), (2024,), (('A.penalty_decisions',),))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# (pattern, cell keys it asks for) — first match wins, so specific phrases come before general ones
STAT_SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"上年结转|结转.{0,4}上年", ("B.carried_from_last_year.total",)),
    (r"结转下年|转下年|结转至下|继续办理|结转", ("B.carried_to_next_year.total",)),
    (r"自然人.{0,6}申请|申请.{0,6}自然人", ("B.new_applications.natural_person",)),
    (r"商业企业", ("B.new_applications.commercial_enterprise",)),
    (r"部分公开", ("B.result.partially_disclosed.total",)),
    (r"国家秘密", ("B.result.withheld.state_secret.total",)),
    (r"内部事务", ("B.result.withheld.internal_affairs.total",)),
    (r"过程性信息", ("B.result.withheld.process_information.total",)),
    (r"行政查询", ("B.result.withheld.administrative_query.total",)),
    (r"第三方", ("B.result.withheld.third_party_rights.total",)),
    (r"执法案卷", ("B.result.withheld.enforcement_files.total",)),
    (r"不掌握", ("B.result.unable.not_held.total",)),
    (r"另行制作|没有现成", ("B.result.unable.needs_creation.total",)),
    (r"信访|举报投诉", ("B.result.not_processed.petition_or_complaint.total",)),
    (r"重复申请", ("B.result.not_processed.repeated.total",)),
    (
        r"不予公开",
        tuple(
            f"B.result.withheld.{r}.total"
            for r in (
                "state_secret",
                "prohibited_by_law",
                "endangers_security_stability",
                "third_party_rights",
                "internal_affairs",
                "process_information",
                "enforcement_files",
                "administrative_query",
            )
        ),
    ),
    (
        r"无法提供",
        tuple(f"B.result.unable.{r}.total" for r in ("not_held", "needs_creation", "unclear_after_correction")),
    ),
    (
        r"不予处理",
        tuple(
            f"B.result.not_processed.{r}.total"
            for r in ("petition_or_complaint", "repeated", "publication", "excessive", "reconfirmation")
        ),
    ),
    (r"予以公开|同意公开", ("B.result.disclosed.total",)),
    (r"办结|办理结果|答复了|处理了.{0,4}申请", ("B.result.total.total",)),
    (r"新收|收到.{0,10}申请|受理.{0,10}申请|申请.{0,6}(多少|几)件|依申请|公开申请", ("B.new_applications.total",)),
    (r"复议后起诉", ("C.litigation_after_reconsideration.total",)),
    (r"直接起诉", ("C.litigation_direct.total",)),
    (r"行政复议|复议", ("C.reconsideration.total",)),
    (r"行政诉讼|诉讼|起诉", ("C.litigation_direct.total", "C.litigation_after_reconsideration.total")),
    (r"行政处罚|处罚", ("A.penalty_decisions",)),
    (r"行政许可|许可", ("A.licensing_decisions",)),
    (r"行政强制|强制", ("A.coercion_decisions",)),
    (r"行政事业性收费|收费金额|收费", ("A.fees_10k_yuan",)),
    (r"(规范性文件|规范文件).{0,6}废止|废止.{0,6}规范性文件", ("A.normative_documents.repealed",)),
    (r"现行有效.{0,6}规范性文件|规范性文件.{0,6}现行有效", ("A.normative_documents.in_force",)),
    (r"规范性文件", ("A.normative_documents.issued",)),
    (r"规章.{0,6}废止", ("A.rules.repealed",)),
    (r"现行有效.{0,4}规章|规章.{0,6}现行有效", ("A.rules.in_force",)),
    (r"规章", ("A.rules.issued",)),
)

STAT_NAMES = {
    "B.new_applications.total": "本年新收政府信息公开申请",
    "B.carried_from_last_year.total": "上年结转政府信息公开申请",
    "B.carried_to_next_year.total": "结转下年度继续办理的申请",
    "B.result.total.total": "办理结果总计",
    "B.result.disclosed.total": "予以公开",
    "B.result.partially_disclosed.total": "部分公开",
    "A.penalty_decisions": "行政处罚决定",
    "A.licensing_decisions": "行政许可决定",
    "A.coercion_decisions": "行政强制决定",
    "A.fees_10k_yuan": "行政事业性收费金额",
    "A.normative_documents.issued": "本年制发的行政规范性文件",
    "A.normative_documents.repealed": "本年废止的行政规范性文件",
    "A.normative_documents.in_force": "现行有效的行政规范性文件",
    "A.rules.issued": "本年制发的规章",
    "A.rules.repealed": "本年废止的规章",
    "A.rules.in_force": "现行有效的规章",
    "C.reconsideration.total": "政府信息公开行政复议",
    "C.litigation_direct.total": "未经复议直接起诉的行政诉讼",
    "C.litigation_after_reconsideration.total": "复议后起诉的行政诉讼",
    "B.new_applications.natural_person": "自然人提出的新收申请",
    "B.new_applications.commercial_enterprise": "商业企业提出的新收申请",
}

NARRATIVE_RE = re.compile(
    r"问题|不足|困难|怎么|如何|做法|措施|举措|哪些方面|经验|亮点|特色|改进|整改|情况如何|介绍|名字|叫什么|渠道|平台|方式"
)
CONSISTENCY_RE = re.compile(r"一致|矛盾|相符|不符|勾稽|核对|对得上|准确吗|有没有错|是否正确|出入|自相")
WHICH_RE = re.compile(r"哪些|哪几|哪个|哪家|有没有.{0,6}(镇|乡|街道|机关|单位)|列出|分别")
COUNT_RE = re.compile(r"(多少|几)(个|家|份)(镇|乡|街道|机关|单位|报告|地方)")
SUM_RE = re.compile(r"一共|合计|总共|总计|加起来|共计")
RANK_RE = re.compile(r"最多|最少|最高|最低|排名|排行|前[一二三四五六七八九十\d]+|第一|最大|最小")
COMPARE_RE = re.compile(
    r"比较|对比|相比|变化|增长|减少|下降|上升|趋势|历年|逐年|同比|与.{1,12}(相比|比)|和.{1,12}(相比|比)"
)
LAST_YEAR_RE = re.compile(r"去年|上一年|上年度(?!结转)")
RANGE_RE = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*(?:至|到|-|—|~|～)\s*((?:19|20)\d{2})\s*年?")
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年?")
RECENT_RE = re.compile(r"近([一二三四五六七八九十\d])年")
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
ORG_SUFFIXES = ("人民政府办公厅", "人民政府办公室", "人民政府", "管理委员会", "管委会", "办事处")


@dataclass(frozen=True)
class Query:
    question: str
    kind: str  # lookup, which, count, sum, rank, compare, narrative, consistency, unanswerable
    places: tuple[str, ...] = ()  # report bodies the question names (resolved against the library)
    place_words: tuple[str, ...] = ()  # the words of the question that named them
    unknown_places: tuple[str, ...] = ()  # place-like words the library has no report for
    years: tuple[int, ...] = ()
    stats: tuple[tuple[str, ...], ...] = ()  # statistics asked for, each one cell key or several summed
    level: str | None = None  # "township" when the question asks about 镇/乡/街道 in general
    report_ids: tuple[str, ...] = field(default=())


@dataclass
class Catalog:
    """What the library holds, for entity linking: name variants → bodies, and years."""

    reports: list[dict]

    def __post_init__(self):
        names: dict[str, set[str]] = {}
        for r in self.reports:
            body = r.get("body")
            if not body:
                continue
            for n in name_variants(r):
                names.setdefault(n, set()).add(body)
        self.names = names
        self.by_length = sorted(names, key=len, reverse=True)
        self.years = sorted({r["year"] for r in self.reports if r.get("year")})

    def ids(self, bodies=(), years=(), level=None) -> list[str]:
        return [
            r["id"]
            for r in self.reports
            if (not bodies or r.get("body") in bodies)
            and (not years or r.get("year") in years)
            and (level is None or r.get("level") == level)
        ]


def name_variants(r: dict) -> set[str]:
    """Full body name, the body without its suffix, town, its short form (七营镇 → 七营), county, city."""
    body = r["body"]
    out = {body}
    for suf in ORG_SUFFIXES:
        if body.endswith(suf) and len(body) - len(suf) >= 2:
            out.add(body[: -len(suf)])
    town = r.get("town")
    if town:
        out.add(town)
        short = re.sub(r"(镇|乡|街道)$", "", town)
        if len(short) >= 2:
            out.add(short)
    if r.get("level") in ("county", "city", "province") or (
        r.get("county") and not town and r.get("level") != "department"
    ):
        for place in (r.get("county"), r.get("city")):
            if place and r.get("level") in ("county", "city"):
                out.add(place)
    if "平潭" in body:
        out.add("平潭")
    return {n for n in out if n and len(n) >= 2}


_PLACE_WORD = re.compile(
    r"(?:^|(?<=[\d\s，,。？?、和与及的对]))((?:[\u4e00-\u9fff]{2,6}?(?:省|市|县|区))*[\u4e00-\u9fff]{2,6}?(?:镇|乡|街道|县|区|市))"
)
_NOT_PLACE = set("年哪些各个通过分别属于的和与在了是有多少几全本该其这那我贵")


def understand(question: str, catalog: Catalog, context: Query | None = None) -> Query:
    q = question.strip()
    rest = q
    places: list[str] = []
    words: list[str] = []
    for name in catalog.by_length:
        if name in rest:
            for body in sorted(catalog.names[name]):
                if body not in places:
                    places.append(body)
            words.append(name)
            rest = rest.replace(name, "□")
    unknown = []
    for m in _PLACE_WORD.finditer(rest):
        w = m.group(1)
        if set(w) & _NOT_PLACE or w in ("乡镇", "镇街", "城市", "街道"):
            continue
        unknown.append(w)
    years = _years(q, catalog)
    stats = find_stats(q)
    level = "township" if re.search(r"哪些镇|哪几个镇|各镇|乡镇|哪些乡|街道", q) else None
    kind = _kind(q, stats)
    follow_up = context is not None and (len(q) < 14 or q.startswith(("那", "那么", "还有", "再")))
    if follow_up and not stats:
        # "那2023年呢？" / "那辛店镇呢？": the question before supplies what is not said again
        stats = context.stats
        if context.stats or context.kind == "narrative":
            kind = context.kind
        if not places and not unknown:
            places = list(context.places)
            words = list(context.place_words)
        if not years:
            years = list(context.years)
    if unknown and not places:
        kind = "unanswerable"
    return Query(
        question=q,
        kind=kind,
        places=tuple(places),
        place_words=tuple(words),
        unknown_places=tuple(unknown),
        years=tuple(years),
        stats=stats,
        level=level,
    )


def find_stats(q: str) -> tuple[tuple[str, ...], ...]:
    """Every statistic the question names, in the order it names them (a phrase is used once)."""
    found: list[tuple[int, tuple[str, ...]]] = []
    text = q
    for pat, keys in STAT_SYNONYMS:
        for m in re.finditer(pat, text):
            if keys not in [k for _, k in found]:
                found.append((m.start(), keys))
            text = text[: m.start()] + "□" * (m.end() - m.start()) + text[m.end() :]
    return tuple(k for _, k in sorted(found))


def _years(q: str, catalog: Catalog) -> list[int]:
    m = RANGE_RE.search(q)
    if m:
        a, b = sorted((int(m.group(1)), int(m.group(2))))
        return list(range(a, b + 1))
    years = [int(y) for y in YEAR_RE.findall(q)]
    newest = max(catalog.years) if catalog.years else None
    if LAST_YEAR_RE.search(q) and newest:
        years.append(newest - 1 if "今年" in q else newest)
    m = RECENT_RE.search(q)
    if m and newest:
        n = _CN.get(m.group(1)) or int(m.group(1))
        years.extend(range(newest - n + 1, newest + 1))
    return sorted(set(years))


def _kind(q: str, stats: tuple[tuple[str, ...], ...]) -> str:
    if CONSISTENCY_RE.search(q):
        return "consistency"
    if stats:
        if RANK_RE.search(q):
            return "rank"
        if COUNT_RE.search(q):
            return "count"
        if WHICH_RE.search(q):
            return "which"
        if COMPARE_RE.search(q):
            return "compare"
        if SUM_RE.search(q) and not re.search(r"(多少|几)件", q[:4]):
            return "sum"
        if NARRATIVE_RE.search(q) and not re.search(r"多少|几件|几个|数量|是否", q):
            return "narrative"
        return "lookup"
    return "narrative"
